//! A region's filing and publication periods: configuration, written by
//! hand and recorded through the one audit entry.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use serde_json::json;

use crate::agreements::kinds::{AgreementKind, SpecialSubject};
use crate::agreements::rules::regional::check_rule;
use crate::agreements::storage;
use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::stored;
use crate::graphql::errors::{ApiResult, Outcome, TxError, UserError};
use crate::graphql::ids::{NodeType, encode, row_id};
use crate::identity::authorization::{act_as_public_body, signed_in};
use crate::identity::viewer;
use crate::organizations::kinds::OrganizationKind;
use crate::transaction;

/// Input of `setAgreementRule`.
#[derive(InputObject)]
pub struct SetAgreementRuleInput {
    /// The region it applies to, and the regions below it.
    pub region_id: ID,
    /// The kind of agreement.
    pub kind: AgreementKind,
    /// Special contracts: only those of this subject; null for any.
    pub special_subject: Option<SpecialSubject>,
    /// Days to file after the signatures (1 to 60); null clears the
    /// region's own period (the nearest region's above or the national 10
    /// days apply); omitted, the region's period stays as it is.
    pub filing_days: MaybeUndefined<i32>,
    /// Days to publish after the effect (1 to 60); null and omitted as for
    /// `filingDays`.
    pub publication_days: MaybeUndefined<i32>,
}

/// Result of `setAgreementRule`.
#[derive(SimpleObject)]
pub struct SetAgreementRulePayload {
    /// The filing days the region now sets for the kind and subject; null
    /// when it sets none.
    pub filing_days: Option<i32>,
    /// The publication days the region now sets; null when it sets none.
    pub publication_days: Option<i32>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Who sets a region's periods.
const RULE_MAKERS: &[OrganizationKind] = &[
    OrganizationKind::TripartiteOffice,
    OrganizationKind::LabourAdministration,
];

/// Regional configuration of agreements.
#[derive(Default)]
pub struct SettingsMutation;

#[Object]
impl SettingsMutation {
    /// Sets a region's filing and publication periods for a kind (and a
    /// special contract's subject), over the national defaults of 10 days;
    /// clocks started later use the nearest region's rule. For a tripartite
    /// office or labour administration of the region.
    async fn set_agreement_rule(
        &self,
        ctx: &Context<'_>,
        input: SetAgreementRuleInput,
    ) -> ApiResult<SetAgreementRulePayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        let acting = act_as_public_body(viewer(ctx), region_id, RULE_MAKERS)?;
        let subject = input.special_subject.map_or("", |s| s.as_str());
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            let current = storage::rule_of(conn, region_id, input.kind, subject)
                .await?
                .map_or((None, None), |r| (r.filing_days, r.publication_days));
            let days = check_rule(
                input.kind,
                input.special_subject,
                current,
                &input.filing_days,
                &input.publication_days,
            )
            .map_err(TxError::Rejected)?;
            storage::set_rule(conn, region_id, input.kind, subject, days, now).await?;
            let payload = json!({ "region": encode(NodeType::Region, region_id), "kind": input.kind.as_str(),
                                 "specialSubject": subject, "filingDays": days.0,
                                 "publicationDays": days.1 });
            let entry = Entry::audited(
                acting,
                ctx.field().name(),
                (NodeType::Region, region_id),
                payload,
            );
            entry::record(conn, now, entry).await?;
            Ok::<_, TxError>(days)
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done((filing_days, publication_days)) => SetAgreementRulePayload {
                filing_days,
                publication_days,
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => SetAgreementRulePayload {
                filing_days: None,
                publication_days: None,
                user_errors,
            },
        })
    }
}
