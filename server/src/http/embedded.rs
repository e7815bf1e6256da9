//! Pages and files embedded in the binary (GraphiQL's, the office's), so
//! that they work where no outside host can be reached.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Mutex, OnceLock};

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

/// The file `name` of `assets`, with `cache` as its Cache-Control,
/// gzipped when the request accepts gzip (`accept`: its Accept-Encoding);
/// 404 for any other name.
pub fn file(assets: &[Asset], name: &str, cache: &'static str, accept: &HeaderMap) -> Response {
    let Some((file, kind, bytes)) = assets.iter().find(|(file, _, _)| *file == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let headers = [
        (header::CONTENT_TYPE, *kind),
        (header::CACHE_CONTROL, cache),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::VARY, "accept-encoding"),
    ];
    match accepts_gzip(accept) {
        true => (
            headers,
            [(header::CONTENT_ENCODING, "gzip")],
            gzipped(file, bytes),
        )
            .into_response(),
        false => (headers, *bytes).into_response(),
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

/// The gzipped bytes of the embedded file `name`, compressed once.
fn gzipped(name: &'static str, bytes: &'static [u8]) -> Bytes {
    static DONE: OnceLock<Mutex<HashMap<&'static str, Bytes>>> = OnceLock::new();
    let done = DONE.get_or_init(Default::default);
    if let Some(found) = done.lock().unwrap().get(name) {
        return found.clone();
    }
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .map(Bytes::from)
        .map(|gz| done.lock().unwrap().entry(name).or_insert(gz).clone())
        .expect("gzip into memory")
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
        let zipped = gzipped("a.js", ASSETS[0].2);
        let mut text = Vec::new();
        flate2::read::GzDecoder::new(&zipped[..])
            .read_to_end(&mut text)
            .unwrap();
        assert_eq!(text, ASSETS[0].2);
        assert_eq!(gzipped("a.js", ASSETS[0].2), zipped, "kept once made");
        let response = file(ASSETS, "a.js", "no-cache", &accepting("gzip"));
        assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");
        let plain = file(ASSETS, "a.js", "no-cache", &HeaderMap::new());
        assert!(plain.headers().get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain.headers()[header::VARY], "accept-encoding");
        assert_eq!(
            file(ASSETS, "b.js", "no-cache", &HeaderMap::new()).status(),
            404
        );
    }
}
