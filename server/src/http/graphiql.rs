//! GraphiQL from the binary: the page `GET /graphql` answers a browser, and
//! the pinned production builds it loads (`server/assets/graphiql`), so
//! that it works where no CDN can be reached.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The page. Asset URLs are relative, so it also works behind a proxy
/// that serves the API under a path prefix.
const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>协商 · GraphiQL</title>
<link rel="stylesheet" href="graphiql/graphiql.min.css">
<link rel="stylesheet" href="graphiql/plugin-explorer.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">正在加载 GraphiQL…</div>
<script src="graphiql/react.production.min.js"></script>
<script src="graphiql/react-dom.production.min.js"></script>
<script src="graphiql/graphiql.min.js"></script>
<script src="graphiql/plugin-explorer.umd.js"></script>
<script src="graphiql/start.js"></script>
</body>
</html>
"#;

/// Only this server's own scripts run; the API and its websocket are on
/// the same origin.
const POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                      img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
                      base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// The embedded files, by name.
const ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "react.production.min.js",
        JS,
        include_bytes!("../../assets/graphiql/react.production.min.js"),
    ),
    (
        "react-dom.production.min.js",
        JS,
        include_bytes!("../../assets/graphiql/react-dom.production.min.js"),
    ),
    (
        "graphiql.min.js",
        JS,
        include_bytes!("../../assets/graphiql/graphiql.min.js"),
    ),
    (
        "graphiql.min.css",
        CSS,
        include_bytes!("../../assets/graphiql/graphiql.min.css"),
    ),
    (
        "plugin-explorer.umd.js",
        JS,
        include_bytes!("../../assets/graphiql/plugin-explorer.umd.js"),
    ),
    (
        "plugin-explorer.css",
        CSS,
        include_bytes!("../../assets/graphiql/plugin-explorer.css"),
    ),
    (
        "start.js",
        JS,
        include_bytes!("../../assets/graphiql/start.js"),
    ),
];

const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// The GraphiQL page.
pub fn page() -> Response {
    let mut response = ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], PAGE).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(POLICY),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// `GET /graphiql/{name}`: one embedded file.
pub async fn asset(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(file, _, _)| *file == name) {
        Some((_, kind, bytes)) => (
            [
                (header::CONTENT_TYPE, *kind),
                (header::CACHE_CONTROL, "public, max-age=86400"),
                (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            ],
            *bytes,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
