//! GraphiQL from the binary: the page `GET /graphql` answers a browser, and
//! the pinned production builds it loads (`server/assets/graphiql`), so
//! that it works where no CDN can be reached.

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::Response;

use super::embedded::{self, Asset, CSS, JS};

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

/// The embedded files, by name.
const ASSETS: &[Asset] = &[
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

/// The GraphiQL page.
pub fn page() -> Response {
    embedded::page(PAGE)
}

/// `GET /graphiql/{name}`: one embedded file.
pub async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    embedded::file(ASSETS, &name, "public, max-age=86400", &headers)
}
