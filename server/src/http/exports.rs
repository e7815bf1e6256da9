//! `GET /exports/{token}`: a ledger asked for with `exportLedger` or a
//! document asked for with `exportDocument`, written when fetched (as the
//! session that asked sees it) and streamed from a temporary file. A token
//! serves once, within minutes.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use tokio_util::io::ReaderStream;
use xieshang_schema::db::stored;
use xieshang_schema::exports::kinds::Exported;
use xieshang_schema::exports::{self, ExportError, file_name, storage};
use xieshang_schema::graphql::errors::ApiError;
use xieshang_schema::i18n::{self, Language};
use xieshang_schema::identity::secrets::token_hash;
use xieshang_schema::identity::{Viewer, viewer};
use xieshang_schema::transaction;

use super::AppState;
use super::media::refusal;

/// The media type of an xlsx workbook.
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/// The media type of a docx document.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

pub async fn fetch(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Response {
    let language = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(i18n::preferred)
        .unwrap_or_default();
    match written(&state, &token).await {
        Ok(Fetched::Written { file, name, media }) => download(file, &name, media),
        Ok(Fetched::Missing) => refused(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "This download does not exist, has expired or was fetched already",
            language,
        ),
        Ok(Fetched::SessionEnded) => refused(
            StatusCode::UNAUTHORIZED,
            "UNAUTHENTICATED",
            "The session that asked for this download has ended",
            language,
        ),
        Err(error) => {
            tracing::error!(error = %error, "writing an export");
            refused(
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL_SERVER_ERROR",
                "The file could not be written",
                language,
            )
        }
    }
}

enum Fetched {
    Written {
        file: tokio::fs::File,
        name: String,
        media: &'static str,
    },
    Missing,
    SessionEnded,
}

/// Takes the export of `token` and writes its ledger or document to a
/// temporary file, already unlinked: it goes when the response is sent.
async fn written(state: &AppState, token: &str) -> Result<Fetched, ExportError> {
    let now = stored(state.clock.now());
    let hash = token_hash(token);
    let taken = async {
        transaction!(state.db, |conn| {
            Ok::<_, ApiError>(storage::take_export(conn, &hash, now).await?)
        })
    };
    let Some(export) = taken.await? else {
        return Ok(Fetched::Missing);
    };
    let viewer = {
        let mut pooled = state.db.get().await.map_err(ApiError::from)?;
        let (viewer, _) = viewer::resolve(&mut pooled.conn(), &export.session, now)
            .await
            .map_err(ApiError::from)?;
        viewer
    };
    if matches!(viewer, Viewer::Anonymous) {
        return Ok(Fetched::SessionEnded);
    }
    let request: serde_json::Value =
        serde_json::from_str(&export.request).map_err(ApiError::internal)?;
    let temp = tempfile::NamedTempFile::new().map_err(ApiError::internal)?;
    let media = match export.exported {
        Exported::Ledger(kind) => {
            exports::write(&state.api, &viewer, kind, &request, temp.path(), |_, _| {}).await?;
            XLSX
        }
        Exported::Report(kind) => {
            exports::write_report(&state.api, &viewer, kind, &request, temp.path()).await?;
            XLSX
        }
        Exported::Document(kind) => {
            let id = request["id"].as_str().unwrap_or_default();
            exports::write_document(&state.api, &viewer, kind, id, temp.path()).await?;
            DOCX
        }
    };
    let file = tokio::fs::File::open(temp.path())
        .await
        .map_err(ApiError::internal)?;
    Ok(Fetched::Written {
        file,
        name: file_name(export.exported, state.clock.now()),
        media,
    })
}

fn download(file: tokio::fs::File, name: &str, media: &'static str) -> Response {
    let ascii = if media == DOCX {
        "document.docx"
    } else {
        "ledger.xlsx"
    };
    let disposition = format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{}",
        percent_encoded(name)
    );
    let mut response = Body::from_stream(ReaderStream::new(file)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(media));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}

fn refused(status: StatusCode, code: &str, message: &str, language: Language) -> Response {
    refusal(status, code, &i18n::message(message, language))
}

/// `text` as RFC 8187 writes a header parameter: unreserved ASCII as it is,
/// every other byte of its UTF-8 as `%XX`.
fn percent_encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chinese_file_name_is_percent_encoded() {
        assert_eq!(percent_encoded("要约-1.xlsx"), "%E8%A6%81%E7%BA%A6-1.xlsx");
    }
}
