//! `exportLedger` and `exportDocument`: a ledger as a spreadsheet, or a
//! record's document, fetched once by a short-lived URL.

use async_graphql::{Context, ID, InputObject, InputType, Object, OneofObject, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::kinds::{DocumentKind, Exported, LedgerKind, ReportKind};
use super::ledgers::ledger;
use super::storage::{self, NewExport};
use super::{ExportError, VALID_FOR, document_of, file_name, page, report_of};
use crate::agreements::queries::AgreementFilterInput;
use crate::context::services;
use crate::db::stored;
use crate::deadlines::objects::DeadlineFilterInput;
use crate::evaluation::queries::EvaluationFilterInput;
use crate::graphql::errors::{ApiError, ApiResult, UserError, UserErrorCode};
use crate::graphql::ids::NodeType;
use crate::i18n::Language;
use crate::identity::authorization::{act_as_self, signed_in};
use crate::identity::secrets::{new_token, token_hash};
use crate::identity::{audit, viewer};
use crate::layoffs::queries::LayoffPlanFilterInput;
use crate::offers::queries::OfferFilterInput;
use crate::organizations::kinds::IndustrySection;
use crate::risk::checks::queries::RectificationFilterInput;
use crate::risk::queries::RiskCaseFilterInput;
use crate::transaction;

/// The ledger to export, with the filter of its list: the file holds the
/// rows the list would give its caller for that filter (`{}` for all).
#[derive(OneofObject)]
pub enum ExportLedgerInput {
    /// The offer ledger (要约台账).
    Offers(OfferFilterInput),
    /// The agreement register with every clock (集体合同登记台账).
    Agreements(AgreementFilterInput),
    /// The deadline ledger (期限台账).
    Deadlines(DeadlineFilterInput),
    /// The risk-case ledger (风险监测预警台账).
    RiskCases(RiskCaseFilterInput),
    /// The rectification list (整改清单).
    RectificationItems(RectificationFilterInput),
    /// The layoff-plan ledger (经济性裁员台账), without the workers' names.
    LayoffPlans(LayoffPlanFilterInput),
    /// The evaluation ledger (集体协商质效评估台账).
    Evaluations(EvaluationFilterInput),
    /// The coverage report (示范单位覆盖情况), with `coverageReport`'s
    /// arguments: a sheet by region, one by industry section (each with the
    /// total) and one of the titled employers not covered.
    Coverage(CoverageReportInput),
    /// A campaign's summaries (专项行动工作总结汇总): a sheet of who submitted
    /// when, and sheets of each district's figures with the city total.
    CampaignSummaries(CampaignSummariesReportInput),
}

/// Which campaign's summaries.
#[derive(InputObject)]
pub struct CampaignSummariesReportInput {
    pub campaign: ID,
}

/// The arguments of `coverageReport`.
#[derive(InputObject)]
pub struct CoverageReportInput {
    /// The region; the caller's office's when left out.
    pub region: Option<ID>,
    /// The year; this year when left out.
    pub year: Option<i32>,
    /// Only employers of this industry section.
    pub industry_section: Option<IndustrySection>,
}

impl ExportLedgerInput {
    /// What is exported, the input field that names it, and its filter
    /// (or the report's arguments) as JSON.
    fn parts(&self) -> (Exported, &'static str, Value) {
        // The fields given, without the nulls of those left out.
        let json = |filter: async_graphql::Value| match filter.into_json() {
            Ok(Value::Object(fields)) => {
                Value::Object(fields.into_iter().filter(|(_, v)| !v.is_null()).collect())
            }
            _ => json!({}),
        };
        let ledger = |kind, field, filter| (Exported::Ledger(kind), field, json(filter));
        match self {
            Self::Offers(f) => ledger(LedgerKind::Offers, "offers", f.to_value()),
            Self::Agreements(f) => ledger(LedgerKind::Agreements, "agreements", f.to_value()),
            Self::Deadlines(f) => ledger(LedgerKind::Deadlines, "deadlines", f.to_value()),
            Self::RiskCases(f) => ledger(LedgerKind::RiskCases, "riskCases", f.to_value()),
            Self::RectificationItems(f) => ledger(
                LedgerKind::RectificationItems,
                "rectificationItems",
                f.to_value(),
            ),
            Self::LayoffPlans(f) => ledger(LedgerKind::LayoffPlans, "layoffPlans", f.to_value()),
            Self::Evaluations(f) => ledger(LedgerKind::Evaluations, "evaluations", f.to_value()),
            Self::Coverage(f) => (
                Exported::Report(ReportKind::Coverage),
                "coverage",
                json(f.to_value()),
            ),
            Self::CampaignSummaries(f) => (
                Exported::Report(ReportKind::CampaignSummaries),
                "campaignSummaries",
                json!({ "id": f.campaign }),
            ),
        }
    }
}

/// The input of `exportDocument`.
#[derive(InputObject)]
pub struct ExportDocumentInput {
    /// Which document.
    pub document: DocumentKind,
    /// The record it is made from: an offer, a risk case or an agreement,
    /// as the document needs.
    pub id: ID,
}

/// The result of `exportDocument`.
#[derive(SimpleObject)]
pub struct ExportDocumentPayload {
    /// The file to fetch; `null` when the record was refused.
    pub download: Option<Download>,
    /// Why: `id` when there is no such record for the caller, `document`
    /// when the record lacks what the document shows.
    pub user_errors: Vec<UserError>,
}

/// A file to fetch once, within minutes, in the session that asked for it.
#[derive(SimpleObject)]
pub struct Download {
    /// Where to fetch it: a path on this server (`/exports/…`), to be
    /// fetched with GET once, before `expiresAt`, while the session lives.
    pub url: String,
    /// The file's name (Chinese, with the day).
    pub file_name: String,
    pub expires_at: DateTime<Utc>,
    /// The rows of a ledger when it was asked for; null for a report or a
    /// document.
    pub rows: Option<i32>,
}

/// The result of `exportLedger`.
#[derive(SimpleObject)]
pub struct ExportLedgerPayload {
    /// The file to fetch; `null` when the filter was refused.
    pub download: Option<Download>,
    /// Why the filter was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Exports.
#[derive(Default)]
pub struct ExportMutation;

#[Object]
impl ExportMutation {
    /// Asks for a ledger (台账) as a spreadsheet (xlsx): Chinese headers and
    /// labels, times in Beijing time, a frozen and filtered header, and a
    /// sheet of totals. The filter is checked at once on the list; the file
    /// is written when fetched, with the rows the list then gives the
    /// caller. Any signed-in user may ask; each sees only their own rows.
    async fn export_ledger(
        &self,
        ctx: &Context<'_>,
        input: ExportLedgerInput,
    ) -> ApiResult<ExportLedgerPayload> {
        export_ledger(ctx, input).await
    }

    /// Asks for a form or letter of one record as a Word document (docx),
    /// A4, laid out as the seeds print it: an offer's letter or response, a
    /// risk case's quick reports (附件3) or information forms (附件4), an
    /// agreement's filing receipt, review opinion or text. The record is
    /// read as the caller sees it; one they may not see is `NOT_FOUND`.
    async fn export_document(
        &self,
        ctx: &Context<'_>,
        input: ExportDocumentInput,
    ) -> ApiResult<ExportDocumentPayload> {
        export_document(ctx, input).await
    }
}

async fn export_ledger(
    ctx: &Context<'_>,
    input: ExportLedgerInput,
) -> ApiResult<ExportLedgerPayload> {
    let viewer = viewer(ctx);
    signed_in(viewer)?;
    let api = api(ctx)?;
    let (exported, field, filter) = input.parts();
    let checked = match exported {
        Exported::Ledger(kind) => page(&api, viewer, Language::En, ledger(kind), &filter, None)
            .await
            .map(|first| first.total),
        Exported::Report(kind) => report_of(&api, viewer, Language::En, kind, &filter)
            .await
            .map(|_| None),
        Exported::Document(_) => return Err(ApiError::internal("a document is no ledger")),
    };
    let rows = match checked {
        Ok(rows) => rows,
        Err(ExportError::Refused { message, code }) => {
            let (path, code) = refused(field, &message, code.as_deref())?;
            return Ok(ExportLedgerPayload {
                download: None,
                user_errors: vec![UserError {
                    field: path,
                    message,
                    code,
                }],
            });
        }
        Err(ExportError::Api(error)) => return Err(error),
        Err(error) => return Err(ApiError::internal(error)),
    };
    let mut summary = exported.summary(&filter);
    if let Some(rows) = rows {
        summary["rows"] = json!(rows);
    }
    let mut download = issue(ctx, exported, &filter, "exportLedger", summary).await?;
    download.rows = rows.map(|rows| i32::try_from(rows).unwrap_or(i32::MAX));
    Ok(ExportLedgerPayload {
        download: Some(download),
        user_errors: Vec::new(),
    })
}

async fn export_document(
    ctx: &Context<'_>,
    input: ExportDocumentInput,
) -> ApiResult<ExportDocumentPayload> {
    let viewer = viewer(ctx);
    signed_in(viewer)?;
    let api = api(ctx)?;
    let id = input.id.to_string();
    let refusal = match document_of(&api, viewer, Language::En, input.document, &id).await {
        Ok(_) => None,
        Err(ExportError::NotFound) => Some((
            vec!["id".to_owned()],
            UserErrorCode::NotFound,
            "no such record".to_owned(),
        )),
        Err(ExportError::Lacks(what)) => Some((
            vec!["document".to_owned()],
            UserErrorCode::Invalid,
            what.to_owned(),
        )),
        Err(ExportError::Refused { message, code }) => {
            let (_, code) = refused("id", &message, code.as_deref())?;
            Some((vec!["id".to_owned()], code, message))
        }
        Err(ExportError::Api(error)) => return Err(error),
        Err(error) => return Err(ApiError::internal(error)),
    };
    if let Some((field, code, message)) = refusal {
        return Ok(ExportDocumentPayload {
            download: None,
            user_errors: vec![UserError {
                field,
                message,
                code,
            }],
        });
    }
    let exported = Exported::Document(input.document);
    let request = json!({ "id": id });
    let summary = exported.summary(&request);
    let download = issue(ctx, exported, &request, "exportDocument", summary).await?;
    Ok(ExportDocumentPayload {
        download: Some(download),
        user_errors: Vec::new(),
    })
}

/// The server's own API, to read a list or a record as the caller.
fn api(ctx: &Context<'_>) -> ApiResult<crate::graphql::api::Api> {
    services(ctx)
        .api
        .get()
        .ok_or_else(|| ApiError::internal("no Api to read with"))
}

/// Stores `exported` with its `request` for the caller's session, with an
/// audit entry `action` carrying `summary`; the download to fetch it.
async fn issue(
    ctx: &Context<'_>,
    exported: Exported,
    request: &Value,
    action: &'static str,
    summary: Value,
) -> ApiResult<Download> {
    let viewer = viewer(ctx);
    let user = signed_in(viewer)?;
    let acting = act_as_self(viewer)?;
    let services = services(ctx);
    let token = new_token();
    let now = services.clock.now();
    let expires_at = now + VALID_FOR;
    let request = request.to_string();
    let export = NewExport {
        token_hash: &token_hash(&token),
        session: &user.session,
        exported,
        request: &request,
        now: stored(now),
        expires_at: stored(expires_at),
    };
    transaction!(services.db, |conn| {
        if !storage::insert_export(conn, &export).await? {
            return Err(ApiError::Unauthenticated);
        }
        let subject = (NodeType::User, user.user_id);
        audit::record(conn, export.now, acting, action, subject, summary).await?;
        Ok::<_, ApiError>(())
    })?;
    Ok(Download {
        url: format!("/exports/{token}"),
        file_name: file_name(exported, now),
        expires_at: stored(expires_at).and_utc(),
        rows: None,
    })
}

/// Where and why a read was refused: under `field` (and the filter's field
/// the message names, `filter.region`); a refusal of the caller stays an
/// error.
fn refused(
    field: &str,
    message: &str,
    code: Option<&str>,
) -> ApiResult<(Vec<String>, UserErrorCode)> {
    let named = message
        .split_once("`filter.")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(path, _)| path);
    let mut path = vec![field.to_owned()];
    path.extend(
        named
            .into_iter()
            .flat_map(|p| p.split('.'))
            .map(str::to_owned),
    );
    let code = match code {
        Some("UNAUTHENTICATED") => return Err(ApiError::Unauthenticated),
        Some("FORBIDDEN") => return Err(ApiError::Forbidden),
        Some("NOT_FOUND") => UserErrorCode::NotFound,
        _ => UserErrorCode::Invalid,
    };
    Ok((path, code))
}
