//! Exports: ledgers (台账) as spreadsheets, and the forms and letters of
//! one record as Word documents.
//!
//! A ledger is one of the GraphQL lists, read page by page as the one who
//! asked would read it (the same filter, the same visibility: the rows of
//! the file are the rows of the list), and written row by row into an xlsx
//! file in constant memory. `exportLedger` checks the filter on the list's
//! first page and answers with a download URL: a random token, valid for a
//! few minutes and once, for the session that asked (the server's
//! `GET /exports/{token}`). Operators export with `xieshang export`.
//!
//! A document is its record read with `node(id:)` as the one who asked, and
//! laid out as the form the seeds print (`exportDocument`, fetched the same
//! way).

pub mod documents;
pub mod docx;
pub mod kinds;
pub mod ledgers;
pub mod mutations;
pub mod reports;
pub mod sheet;
pub mod storage;

use std::path::Path;

use async_graphql::{Request, Variables};
use serde_json::{Value, json};

use crate::graphql::api::Api;
use crate::graphql::errors::ApiError;
use crate::i18n::Language;
use crate::identity::Viewer;
use documents::document;
use kinds::{DocumentKind, Exported, LedgerKind, ReportKind};
use ledgers::{Ledger, ledger};
use reports::report;
use sheet::{Book, Sheet, at};

/// How long a download URL stays valid.
pub const VALID_FOR: chrono::Duration = chrono::Duration::minutes(10);

/// Why a ledger could not be written. Its text is for the log and the
/// command line; the API answers with its own messages.
#[derive(Debug)]
pub enum ExportError {
    /// The list refused the filter (or the reader): its first error.
    Refused {
        message: String,
        code: Option<String>,
    },
    /// No record of the document's type with that id that the reader may see.
    NotFound,
    /// The record lacks what the document shows (an answer, a filing).
    Lacks(&'static str),
    Sheet(rust_xlsxwriter::XlsxError),
    Document(std::io::Error),
    Api(ApiError),
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::Refused { message, .. } => f.write_str(message),
            ExportError::NotFound => f.write_str("no such record"),
            ExportError::Lacks(what) => f.write_str(what),
            ExportError::Sheet(error) => write!(f, "writing the spreadsheet: {error}"),
            ExportError::Document(error) => write!(f, "writing the document: {error}"),
            ExportError::Api(error) => f.write_str(&error.sentence()),
        }
    }
}

impl std::error::Error for ExportError {}

impl From<rust_xlsxwriter::XlsxError> for ExportError {
    fn from(error: rust_xlsxwriter::XlsxError) -> ExportError {
        ExportError::Sheet(error)
    }
}

impl From<ApiError> for ExportError {
    fn from(error: ApiError) -> ExportError {
        ExportError::Api(error)
    }
}

/// One page of a ledger's list: its nodes, where the next page begins, and
/// the total when it was asked for.
pub struct Page {
    pub nodes: Vec<Value>,
    pub next: Option<String>,
    pub total: Option<u64>,
}

/// Reads one page of `ledger`'s list after `after` as `viewer`, with its
/// messages in `language`.
pub async fn page(
    api: &Api,
    viewer: &Viewer,
    language: Language,
    ledger: &Ledger,
    filter: &Value,
    after: Option<&str>,
) -> Result<Page, ExportError> {
    let variables = json!({ "filter": filter, "after": after, "counting": after.is_none() });
    let request = Request::new(ledger.query()).variables(Variables::from_json(variables));
    let data = answer(api, viewer, language, request).await?;
    let mut list = data
        .get(ledger.list)
        .cloned()
        .ok_or_else(|| ApiError::internal("the list is missing from its answer"))?;
    let total = list.get("totalCount").and_then(Value::as_u64);
    let info = &list["pageInfo"];
    let next = match info["hasNextPage"].as_bool() {
        Some(true) => info["endCursor"].as_str().map(str::to_owned),
        _ => None,
    };
    let nodes = match list["edges"].take() {
        Value::Array(edges) => edges
            .into_iter()
            .map(|mut edge| edge["node"].take())
            .collect(),
        _ => Vec::new(),
    };
    Ok(Page { nodes, next, total })
}

/// The data of `request` run as `viewer`, or its first error.
async fn answer(
    api: &Api,
    viewer: &Viewer,
    language: Language,
    request: Request,
) -> Result<Value, ExportError> {
    let response = api.execute_as(viewer, language, request).await;
    if let Some(error) = response.errors.first() {
        let code = error
            .extensions
            .as_ref()
            .and_then(|e| e.get("code"))
            .and_then(|c| match c {
                async_graphql::Value::String(code) => Some(code.clone()),
                _ => None,
            });
        return Err(ExportError::Refused {
            message: error.message.clone(),
            code,
        });
    }
    Ok(response.data.into_json().map_err(ApiError::internal)?)
}

/// The document `kind` of the record `id`, read as `viewer` sees it.
pub async fn document_of(
    api: &Api,
    viewer: &Viewer,
    language: Language,
    kind: DocumentKind,
    id: &str,
) -> Result<docx::Form, ExportError> {
    let document = document(kind);
    let request =
        Request::new(document.query()).variables(Variables::from_json(json!({ "id": id })));
    let data = match answer(api, viewer, language, request).await {
        Err(ExportError::Refused { code, .. }) if code.as_deref() == Some("NOT_FOUND") => {
            return Err(ExportError::NotFound);
        }
        answered => answered?,
    };
    let node = &data["node"];
    if node["__typename"] != document.record {
        return Err(ExportError::NotFound);
    }
    (document.render)(node).map_err(ExportError::Lacks)
}

/// Writes the document `kind` of the record `id`, as `viewer` sees it, to
/// the docx file at `path`.
pub async fn write_document(
    api: &Api,
    viewer: &Viewer,
    kind: DocumentKind,
    id: &str,
    path: &Path,
) -> Result<(), ExportError> {
    let form = document_of(api, viewer, Language::En, kind, id).await?;
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || form.save(&path))
        .await
        .map_err(ApiError::internal)?
        .map_err(ExportError::Document)
}

/// The report `kind` with the arguments of `request`, read as `viewer`.
pub async fn report_of(
    api: &Api,
    viewer: &Viewer,
    language: Language,
    kind: ReportKind,
    request: &Value,
) -> Result<Value, ExportError> {
    let report = report(kind);
    let request = Request::new(report.query()).variables(Variables::from_json(request.clone()));
    let mut data = answer(api, viewer, language, request).await?;
    Ok(data[report.field].take())
}

/// Writes the report `kind` with the arguments of `request`, as `viewer`
/// sees it, to the xlsx file at `path`: a sheet for each of its tables.
pub async fn write_report(
    api: &Api,
    viewer: &Viewer,
    kind: ReportKind,
    request: &Value,
    path: &Path,
) -> Result<(), ExportError> {
    let data = report_of(api, viewer, Language::En, kind, request).await?;
    let mut book = Book::new();
    for table in report(kind).tables {
        let rows = at(&data, table.rows)
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default();
        let total = table.total_row(&data);
        book.table(table.title, &table.all_columns(), rows, total.as_ref())?;
    }
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || book.save(&path))
        .await
        .map_err(ApiError::internal)??;
    Ok(())
}

/// Writes the ledger `kind` with `filter`, as `viewer` sees it, to the
/// xlsx file at `path`, calling `progress(written, total)` after each page.
/// Returns how many rows were written.
pub async fn write(
    api: &Api,
    viewer: &Viewer,
    kind: LedgerKind,
    filter: &Value,
    path: &Path,
    mut progress: impl FnMut(u64, u64),
) -> Result<u32, ExportError> {
    let ledger = ledger(kind);
    let mut sheet = Sheet::new(ledger.title, ledger.columns, ledger.totals)?;
    let mut after: Option<String> = None;
    let mut total = 0;
    loop {
        let page = page(api, viewer, Language::En, ledger, filter, after.as_deref()).await?;
        total = page.total.unwrap_or(total);
        for node in &page.nodes {
            sheet.push(node)?;
        }
        progress(u64::from(sheet.rows()), total);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let rows = sheet.rows();
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || sheet.save(&path))
        .await
        .map_err(ApiError::internal)??;
    Ok(rows)
}

/// The file name an export downloads as: its title and the day, in Beijing.
pub fn file_name(exported: Exported, now: chrono::DateTime<chrono::Utc>) -> String {
    let day = now
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y%m%d");
    match exported {
        Exported::Ledger(kind) => format!("{}-{day}.xlsx", ledger(kind).title),
        Exported::Report(kind) => format!("{}-{day}.xlsx", report(kind).title),
        Exported::Document(kind) => format!("{}-{day}.docx", document(kind).title),
    }
}
