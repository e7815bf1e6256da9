//! The office's pages from the binary: `GET /` answers the page, which
//! loads its script, its style and Apache ECharts (pinned, see
//! `server/assets/pages/README.md`) from `/pages/`, so that it works where
//! no outside host can be reached.

use axum::extract::Path;
use axum::response::Response;

use super::embedded::{self, Asset, CSS, JS};

/// The page. Asset URLs are relative, so it also works behind a proxy
/// that serves the platform under a path prefix.
const PAGE: &str = r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>协商 · 集体协商协作平台</title>
<link rel="stylesheet" href="pages/app.css">
</head>
<body>
<div id="app">正在加载…</div>
<script src="pages/echarts.min.js"></script>
<script src="pages/app.js"></script>
</body>
</html>
"#;

/// The embedded files, by name.
const ASSETS: &[Asset] = &[
    (
        "echarts.min.js",
        JS,
        include_bytes!("../../assets/pages/echarts.min.js"),
    ),
    ("app.js", JS, include_bytes!("../../assets/pages/app.js")),
    ("app.css", CSS, include_bytes!("../../assets/pages/app.css")),
];

/// `GET /`: the page.
pub async fn page() -> Response {
    embedded::page(PAGE)
}

/// `GET /pages/{name}`: one embedded file, checked again at each load (the
/// page changes with the binary).
pub async fn asset(Path(name): Path<String>) -> Response {
    embedded::file(ASSETS, &name, "no-cache")
}
