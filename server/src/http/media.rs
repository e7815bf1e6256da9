//! Media types of the GraphQL-over-HTTP specification, and the error body
//! for refusals that happen before GraphQL runs.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json; charset=utf-8";
pub const JSON: &str = "application/json; charset=utf-8";

/// The response media type a client accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Media {
    /// `application/graphql-response+json`: status codes tell request errors apart.
    GraphqlResponse,
    /// `application/json`: a well-formed GraphQL response is always 200.
    Json,
}

impl Media {
    pub fn content_type(self) -> HeaderValue {
        HeaderValue::from_static(match self {
            Media::GraphqlResponse => GRAPHQL_RESPONSE_JSON,
            Media::Json => JSON,
        })
    }
}

/// Picks the response media type from `Accept`: the GraphQL response type
/// when listed, JSON for `application/json` or a wildcard or no header, and
/// `None` (406) for anything else.
pub fn negotiate(headers: &HeaderMap) -> Option<Media> {
    let Some(accept) = headers.get(header::ACCEPT) else {
        return Some(Media::Json);
    };
    let accept = accept.to_str().ok()?;
    let ranges: Vec<String> = accept
        .split(',')
        .filter(|range| {
            !range
                .split(';')
                .skip(1)
                .any(|p| p.trim().replace(' ', "") == "q=0")
        })
        .map(|range| {
            range
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    if ranges
        .iter()
        .any(|r| r == "application/graphql-response+json")
    {
        Some(Media::GraphqlResponse)
    } else if ranges
        .iter()
        .any(|r| r == "application/json" || r == "application/*" || r == "*/*")
    {
        Some(Media::Json)
    } else {
        None
    }
}

/// Whether the browser asks for HTML (GraphiQL).
pub fn wants_html(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"))
}

/// A refusal with a GraphQL-shaped body: one error with a code.
pub fn refusal(status: StatusCode, code: &str, message: &str) -> Response {
    let body =
        serde_json::json!({ "errors": [{ "message": message, "extensions": { "code": code } }] });
    (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON))],
        body.to_string(),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, value.parse().unwrap());
        headers
    }

    #[test]
    fn the_graphql_response_type_wins_when_listed() {
        let headers = accept("application/json, application/graphql-response+json;q=0.9");
        assert_eq!(negotiate(&headers), Some(Media::GraphqlResponse));
    }

    #[test]
    fn no_accept_header_means_json() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Media::Json));
        assert_eq!(negotiate(&accept("*/*")), Some(Media::Json));
    }

    #[test]
    fn an_unsupported_type_is_not_acceptable() {
        assert_eq!(negotiate(&accept("text/plain")), None);
        assert_eq!(
            negotiate(&accept("application/graphql-response+json;q=0")),
            None
        );
    }
}
