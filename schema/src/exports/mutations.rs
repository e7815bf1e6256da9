//! `exportLedger`: a ledger as a spreadsheet, fetched once by a short-lived URL.

use async_graphql::{Context, InputType, Object, OneofObject, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::kinds::LedgerKind;
use super::ledgers::ledger;
use super::storage::{self, NewExport};
use super::{ExportError, VALID_FOR, file_name, page};
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
}

impl ExportLedgerInput {
    /// The ledger, the input field that names it, and its filter as JSON.
    fn parts(&self) -> (LedgerKind, &'static str, Value) {
        // The fields given, without the nulls of those left out.
        let json = |filter: async_graphql::Value| match filter.into_json() {
            Ok(Value::Object(fields)) => {
                Value::Object(fields.into_iter().filter(|(_, v)| !v.is_null()).collect())
            }
            _ => json!({}),
        };
        match self {
            Self::Offers(f) => (LedgerKind::Offers, "offers", json(f.to_value())),
            Self::Agreements(f) => (LedgerKind::Agreements, "agreements", json(f.to_value())),
            Self::Deadlines(f) => (LedgerKind::Deadlines, "deadlines", json(f.to_value())),
            Self::RiskCases(f) => (LedgerKind::RiskCases, "riskCases", json(f.to_value())),
            Self::RectificationItems(f) => (
                LedgerKind::RectificationItems,
                "rectificationItems",
                json(f.to_value()),
            ),
            Self::LayoffPlans(f) => (LedgerKind::LayoffPlans, "layoffPlans", json(f.to_value())),
            Self::Evaluations(f) => (LedgerKind::Evaluations, "evaluations", json(f.to_value())),
        }
    }
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
    /// The rows of the ledger when it was asked for.
    pub rows: i32,
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
}

async fn export_ledger(
    ctx: &Context<'_>,
    input: ExportLedgerInput,
) -> ApiResult<ExportLedgerPayload> {
    let viewer = viewer(ctx);
    let user = signed_in(viewer)?;
    let acting = act_as_self(viewer)?;
    let services = services(ctx);
    let api = services
        .api
        .get()
        .ok_or_else(|| ApiError::internal("no Api to read the list"))?;
    let (kind, field, filter) = input.parts();
    let rows = match page(&api, viewer, Language::En, ledger(kind), &filter, None).await {
        Ok(first) => first.total.unwrap_or_default(),
        Err(ExportError::Refused { message, code }) => {
            return refused(field, &message, code.as_deref());
        }
        Err(ExportError::Api(error)) => return Err(error),
        Err(error) => return Err(ApiError::internal(error)),
    };
    let token = new_token();
    let now = services.clock.now();
    let expires_at = now + VALID_FOR;
    let filter_text = filter.to_string();
    let export = NewExport {
        token_hash: &token_hash(&token),
        session: &user.session,
        kind,
        filter: &filter_text,
        now: stored(now),
        expires_at: stored(expires_at),
    };
    transaction!(services.db, |conn| {
        if !storage::insert_export(conn, &export).await? {
            return Err(ApiError::Unauthenticated);
        }
        let summary = json!({ "ledger": kind, "filter": filter, "rows": rows });
        let subject = (NodeType::User, user.user_id);
        audit::record(conn, export.now, acting, "exportLedger", subject, summary).await?;
        Ok::<_, ApiError>(())
    })?;
    Ok(ExportLedgerPayload {
        download: Some(Download {
            url: format!("/exports/{token}"),
            file_name: file_name(kind, now),
            expires_at: stored(expires_at).and_utc(),
            rows: i32::try_from(rows).unwrap_or(i32::MAX),
        }),
        user_errors: Vec::new(),
    })
}

/// The list's refusal of the filter, as a user error under the ledger's
/// field (and the filter's field the message names, `filter.region`); a
/// refusal of the caller stays an error.
fn refused(field: &str, message: &str, code: Option<&str>) -> ApiResult<ExportLedgerPayload> {
    let named = message
        .split_once("`filter.")
        .and_then(|(_, rest)| rest.split_once('`'))
        .map(|(path, _)| path);
    let mut path = vec![field];
    path.extend(named.into_iter().flat_map(|p| p.split('.')));
    let code = match code {
        Some("UNAUTHENTICATED") => return Err(ApiError::Unauthenticated),
        Some("FORBIDDEN") => return Err(ApiError::Forbidden),
        Some("NOT_FOUND") => UserErrorCode::NotFound,
        _ => UserErrorCode::Invalid,
    };
    Ok(ExportLedgerPayload {
        download: None,
        user_errors: vec![UserError::new(&path, code, message)],
    })
}
