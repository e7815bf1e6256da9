//! Cross-origin calls from browser apps (CORS): none by default; the
//! origins of `XIESHANG_CORS_ORIGINS` get answers to their preflights and
//! the headers that let their pages read the API's answers. Sessions are
//! bearer tokens, not cookies, so no credentials mode is offered.

use std::time::Duration;

use axum::http::{HeaderName, HeaderValue, Method, header};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The origins allowed to call from another origin.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Origins {
    /// Same origin only (the default).
    #[default]
    None,
    /// Any origin (`*`), for development.
    Any,
    /// These origins exactly.
    List(Vec<HeaderValue>),
}

/// Parses a comma-separated list of origins (`scheme://host[:port]`), or
/// `*`; an empty text allows none.
pub fn parse(text: &str) -> Result<Origins, String> {
    let entries: Vec<&str> = text
        .split(',')
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .collect();
    if entries.is_empty() {
        return Ok(Origins::None);
    }
    if entries == ["*"] {
        return Ok(Origins::Any);
    }
    entries
        .into_iter()
        .map(|entry| {
            let host = entry
                .strip_prefix("https://")
                .or_else(|| entry.strip_prefix("http://"))
                .filter(|host| !host.is_empty() && !host.contains(['/', '?', '#', '*', ' ']));
            match (host, HeaderValue::from_str(entry)) {
                (Some(_), Ok(value)) => Ok(value),
                _ => Err(format!(
                    "`{entry}` is not an origin: write scheme://host[:port], without a path, such as https://office.example.cn"
                )),
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Origins::List)
}

/// The layer answering preflights and marking answers for `origins`; none
/// when no other origin is allowed.
pub fn layer(origins: &Origins) -> Option<CorsLayer> {
    let allowed = match origins {
        Origins::None => return None,
        Origins::Any => AllowOrigin::any(),
        Origins::List(list) => AllowOrigin::list(list.clone()),
    };
    Some(
        CorsLayer::new()
            .allow_origin(allowed)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([HeaderName::from_static("x-request-id"), header::RETRY_AFTER])
            .max_age(Duration::from_secs(600)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_exact_and_a_mistake_is_named() {
        assert_eq!(parse(""), Ok(Origins::None));
        assert_eq!(parse(" * "), Ok(Origins::Any));
        assert_eq!(
            parse("https://office.example.cn, http://localhost:5173"),
            Ok(Origins::List(vec![
                HeaderValue::from_static("https://office.example.cn"),
                HeaderValue::from_static("http://localhost:5173"),
            ]))
        );
        for wrong in [
            "office.example.cn",
            "https://office.example.cn/",
            "https://*.example.cn",
            "ftp://office",
        ] {
            let error = parse(&format!("https://ok.example.cn,{wrong}")).unwrap_err();
            assert!(
                error.starts_with(&format!("`{wrong}` is not an origin")),
                "{error}"
            );
        }
    }
}
