//! The office's pages from the binary: `GET /` answers the page, which
//! loads its script, its style and Apache ECharts (pinned, see
//! `server/assets/pages/README.md`) from `/pages/`, so that it works where
//! no outside host can be reached.

use axum::extract::Path;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use super::embedded::{self, Asset, CSS, JS};

/// The page, its files `$up` from where it is served. Asset URLs are
/// relative, so it also works behind a proxy that serves the platform
/// under a path prefix.
macro_rules! page {
    ($up:literal) => {
        concat!(
            r#"<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>协商 · 集体协商协作平台</title>
<link rel="stylesheet" href=""#,
            $up,
            r#"pages/app.css">
</head>
<body>
<div id="app">正在加载…</div>
<script src=""#,
            $up,
            r#"pages/echarts-6.1.0.min.js"></script>
<script src=""#,
            $up,
            r#"pages/app.js"></script>
</body>
</html>
"#
        )
    };
}

/// `/`'s page.
const PAGE: &str = page!("");

/// The page of one record (`/offers/<id>`): the same, one level down.
const RECORD_PAGE: &str = page!("../");

/// The collections whose records have a page, as emails name them (see
/// `object_path`): every kind of record an event is about.
pub const RECORDS: &[&str] = &[
    "offers",
    "agreements",
    "risk-cases",
    "layoff-plans",
    "evaluations",
    "campaign-summaries",
    "rectification-items",
    "warnings",
    "health-checks",
    "risk-bulletins",
    "campaigns",
    "organizations",
    "deadlines",
    "harmony-titles",
    "evaluation-guides",
];

/// The embedded files, by name.
const ASSETS: &[Asset] = &[
    (
        "echarts-6.1.0.min.js",
        JS,
        include_bytes!("../../assets/pages/echarts-6.1.0.min.js"),
    ),
    ("app.js", JS, include_bytes!("../../assets/pages/app.js")),
    ("app.css", CSS, include_bytes!("../../assets/pages/app.css")),
];

/// `GET /`: the page.
pub async fn page() -> Response {
    embedded::page(PAGE)
}

/// `GET /{collection}/{id}`: the page of one record, for the collections
/// that have one.
pub async fn record(Path((collection, _)): Path<(String, String)>) -> Response {
    if RECORDS.contains(&collection.as_str()) {
        embedded::page(RECORD_PAGE)
    } else {
        axum::http::StatusCode::NOT_FOUND.into_response()
    }
}

/// `GET /pages/{name}`: one embedded file. ECharts, named by its version,
/// is kept a year; our files are checked again at each load (they change
/// with the binary).
pub async fn asset(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let cache = match name.starts_with("echarts-") {
        true => "public, max-age=31536000, immutable",
        false => "no-cache",
    };
    embedded::file(ASSETS, &name, cache, &headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The script has a page for exactly the collections served here.
    #[test]
    fn the_script_shows_each_served_collection() {
        let script = std::str::from_utf8(include_bytes!("../../assets/pages/app.js")).unwrap();
        let start = script.find("var RECORDS = {").unwrap();
        let end = start + script[start..].find("\n  };").unwrap();
        let shown: Vec<&str> = script[start..end]
            .lines()
            .filter_map(|line| line.strip_prefix("    '")?.split_once("': {"))
            .map(|(collection, _)| collection)
            .collect();
        assert_eq!(shown, RECORDS);
    }
}
