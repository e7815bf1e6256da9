//! Pages and files embedded in the binary (GraphiQL's, the office's), so
//! that they work where no outside host can be reached.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use flate2::Compression;
use flate2::write::GzEncoder;

/// Only this server's own scripts run; the API and its websocket are on
/// the same origin.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                      img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                      base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

pub const JS: &str = "text/javascript; charset=utf-8";
pub const CSS: &str = "text/css; charset=utf-8";

/// An embedded file: its name, media type and bytes.
pub type Asset = (&'static str, &'static str, &'static [u8]);

/// An HTML page under the policy above, never cached unchecked.
pub fn page(html: &'static str) -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The file `name` of `assets`, with `cache` as its Cache-Control and an
/// ETag of its bytes: 304 when the request holds that tag already, else
/// the file, gzipped when the request accepts gzip; 404 for any other name.
pub fn file(assets: &[Asset], name: &str, cache: &'static str, request: &HeaderMap) -> Response {
    let Some((file, kind, bytes)) = assets.iter().find(|(file, _, _)| *file == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let prepared = prepared(file, bytes);
    let headers = [
        (header::CACHE_CONTROL, cache),
        (header::ETAG, prepared.etag.as_str()),
        (header::VARY, "accept-encoding"),
    ];
    let held = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|tag| tag.trim() == prepared.etag));
    if held {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    let content = [
        (header::CONTENT_TYPE, *kind),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
    ];
    match accepts_gzip(request) {
        true => (
            headers,
            content,
            [(header::CONTENT_ENCODING, "gzip")],
            prepared.gzip.clone(),
        )
            .into_response(),
        false => (headers, content, *bytes).into_response(),
    }
}

/// Whether an Accept-Encoding names gzip (or `*`) without `q=0`.
pub fn accepts_gzip(headers: &HeaderMap) -> bool {
    let Some(accepted) = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    accepted.split(',').any(|coding| {
        let mut parts = coding.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused = parts.any(|p| {
            p.strip_prefix("q=")
                .and_then(|q| q.parse::<f32>().ok())
                .is_some_and(|q| q == 0.0)
        });
        (name.eq_ignore_ascii_case("gzip") || name == "*") && !refused
    })
}

/// An embedded file's tag and gzipped bytes.
struct Prepared {
    etag: String,
    gzip: Bytes,
}

/// The tag and gzipped bytes of the embedded file `name`, made once. The
/// tag hashes the bytes, so it changes when a new binary changes the file.
fn prepared(name: &'static str, bytes: &'static [u8]) -> Arc<Prepared> {
    static DONE: OnceLock<Mutex<HashMap<&'static str, Arc<Prepared>>>> = OnceLock::new();
    let done = DONE.get_or_init(Default::default);
    if let Some(found) = done.lock().unwrap().get(name) {
        return found.clone();
    }
    let mut hasher = std::hash::DefaultHasher::new();
    bytes.hash(&mut hasher);
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    let gzip = encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("gzip into memory");
    let made = Arc::new(Prepared {
        etag: format!("\"{:016x}\"", hasher.finish()),
        gzip: Bytes::from(gzip),
    });
    done.lock().unwrap().entry(name).or_insert(made).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT_ENCODING,
            HeaderValue::from_str(value).unwrap(),
        );
        headers
    }

    #[test]
    fn gzip_is_sent_only_to_who_accepts_it() {
        assert!(accepts_gzip(&accepting("gzip, deflate, br, zstd")));
        assert!(accepts_gzip(&accepting("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&accepting("*")));
        assert!(!accepts_gzip(&accepting("gzip;q=0, br")));
        assert!(!accepts_gzip(&accepting("identity")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn a_gzipped_file_unzips_to_its_bytes() {
        use std::io::Read;
        const ASSETS: &[Asset] = &[("a.js", JS, b"console.log('\xe5\x8d\x8f\xe5\x95\x86');")];
        let made = prepared("a.js", ASSETS[0].2);
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&made.gzip[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, ASSETS[0].2);
        assert!(
            Arc::ptr_eq(&prepared("a.js", ASSETS[0].2), &made),
            "kept once made"
        );
        let response = file(ASSETS, "a.js", "no-cache", &accepting("gzip"));
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        assert_eq!(response.headers()[header::ETAG], made.etag.as_str());
        let plain = file(ASSETS, "a.js", "no-cache", &HeaderMap::new());
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::VARY], "accept-encoding");
        assert_eq!(
            file(ASSETS, "b.js", "no-cache", &HeaderMap::new()).status(),
            404
        );
    }

    #[test]
    fn a_file_the_browser_holds_is_not_sent_again() {
        const ASSETS: &[Asset] = &[("c.css", CSS, b"body { margin: 0; }")];
        let etag =
            file(ASSETS, "c.css", "no-cache", &HeaderMap::new()).headers()[header::ETAG].clone();
        let mut asking = accepting("gzip");
        asking.insert(header::IF_NONE_MATCH, etag.clone());
        let held = file(ASSETS, "c.css", "no-cache", &asking);
        assert_eq!(held.status(), StatusCode::NOT_MODIFIED);
        assert_eq!(held.headers()[header::ETAG], etag);
        asking.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_static("\"0\", \"1\""),
        );
        assert_eq!(
            file(ASSETS, "c.css", "no-cache", &asking).status(),
            StatusCode::OK
        );
    }
}
