//! Warnings: the city office issues level 1 and records levels 2 and 3
//! decided above it (seed 004 §三), and lifts them.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::NaiveDate;

use crate::change::{Act, Actor, Audience, Change, Decision, Env, Ruling, Side, run, store};
use crate::context::services;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiResult, Outcome, UserErrorCode, UserErrors, refuse};
use crate::graphql::ids::NodeType;
use crate::graphql::text;
use crate::identity::authorization::{act_as_city_office, signed_in};
use crate::identity::viewer;
use crate::organizations::input::parse_id;
use crate::organizations::kinds::IndustrySection;
use crate::organizations::places::region;
use crate::organizations::storage as organizations;
use crate::risk::kinds::{WarningLevel, WarningStatus};
use crate::risk::objects::Warning;
use crate::risk::rules::cases as rules;
use crate::risk::rules::{Decided, check_warning};
use crate::risk::storage::{self, NewWarning, WarningRow};
use crate::risk::visibility::RiskVisible;
use crate::transaction;

crate::payloads!(
    warning: Warning(WarningRow),
    "The warning as it is now; null when the input was refused.";
    /// Result of `issueWarning`.
    IssueWarningPayload,
    /// Result of `liftWarning`.
    LiftWarningPayload,
);

/// Input of `issueWarning`.
#[derive(InputObject)]
pub struct IssueWarningInput {
    /// The level: 1 is issued by the city office; 2 and 3 are recorded with their decision.
    pub level: WarningLevel,
    /// Its title.
    pub title: String,
    /// What it says.
    pub details: String,
    /// The regions it covers (with every region below them); at least one.
    pub region_ids: Vec<ID>,
    /// The industry sections it concerns.
    pub industries: Option<Vec<IndustrySection>>,
    /// The workers involved.
    pub workers: Option<i32>,
    /// The employers it names.
    pub employer_ids: Option<Vec<ID>>,
    /// The cases it names.
    pub case_ids: Option<Vec<ID>>,
    /// For levels 2 and 3: the body that decided it.
    pub decided_by: Option<String>,
    /// For levels 2 and 3: the number of its decision.
    pub document_number: Option<String>,
    /// The date of the decision.
    pub decided_on: Option<Date>,
}

/// Input of `liftWarning`.
#[derive(InputObject)]
pub struct LiftWarningInput {
    /// The warning.
    pub warning_id: ID,
    /// Why it is lifted.
    pub reason: String,
}

crate::input!(LiftWarningInput => WarningRow {
    id: warning_id,
    who: |_, _| Actor::CityOffice
});

impl Change<WarningRow> for LiftWarningInput {
    type Facts = ();

    fn decide(&self, warning: &WarningRow, _: &(), act: &Act) -> Ruling<WarningRow> {
        let reason = text::required(&["reason"], &self.reason, 2_000).map_err(|e| vec![e])?;
        rules::lift(warning, reason, act.now)
    }
}

fn ids(errors: &mut UserErrors, field: &str, ids: &[ID], node: NodeType) -> Vec<i64> {
    let mut found: Vec<i64> = ids
        .iter()
        .filter_map(|id| parse_id(errors, field, id, node))
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Mutations of warnings.
#[derive(Default)]
pub struct WarningMutation;

#[Object]
impl WarningMutation {
    /// Issues a level 1 warning, or records a level 2 or 3 warning decided
    /// by the province or the nation with its decision. For the city
    /// tripartite office alone: a district office proposes a level on its
    /// information form. Every office, labour administration and union
    /// federation in the regions it covers is told.
    async fn issue_warning(
        &self,
        ctx: &Context<'_>,
        input: IssueWarningInput,
    ) -> ApiResult<IssueWarningPayload> {
        signed_in(viewer(ctx))?;
        let acting = act_as_city_office(viewer(ctx))?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let title = errors.keep(text::required(&["title"], &input.title, 200));
        let details = errors.keep(text::required(&["details"], &input.details, 10_000));
        let decided_by = errors
            .keep(text::optional(
                &["decidedBy"],
                input.decided_by.as_deref(),
                200,
            ))
            .flatten();
        let document = errors
            .keep(text::optional(
                &["documentNumber"],
                input.document_number.as_deref(),
                100,
            ))
            .flatten();
        let decided = Decided {
            body: decided_by.as_deref(),
            document: document.as_deref(),
        };
        if let Err(missing) = check_warning(input.level, decided) {
            for (field, message) in missing {
                errors.push(&[field], UserErrorCode::Required, message);
            }
        }
        if input.region_ids.is_empty() {
            errors.push(
                &["regionIds"],
                UserErrorCode::Required,
                "name at least one region",
            );
        }
        if input.workers.is_some_and(|n| n < 0) {
            errors.push(&["workers"], UserErrorCode::OutOfRange, "is negative");
        }
        let regions = ids(
            &mut errors,
            "regionIds",
            &input.region_ids,
            NodeType::Region,
        );
        let employers = ids(
            &mut errors,
            "employerIds",
            input.employer_ids.as_deref().unwrap_or(&[]),
            NodeType::Organization,
        );
        let cases = ids(
            &mut errors,
            "caseIds",
            input.case_ids.as_deref().unwrap_or(&[]),
            NodeType::RiskCase,
        );
        let (Some(title), Some(details), true) = (title, details, errors.is_empty()) else {
            return IssueWarningPayload::from_outcome(Ok(Outcome::Rejected(errors.into_vec())));
        };
        let mut industries: Vec<&str> = input
            .industries
            .unwrap_or_default()
            .iter()
            .map(|i| i.as_str())
            .collect();
        industries.sort_unstable();
        industries.dedup();
        let result = transaction!(services(ctx).db, |conn| {
            let mut covered = Vec::new();
            for id in &regions {
                let Some(row) = region(conn, *id).await? else {
                    return Err(refuse(
                        "regionIds",
                        UserErrorCode::NotFound,
                        "no such region",
                    ));
                };
                covered.extend(organizations::region_ids_within(conn, &row.path).await?);
            }
            covered.sort_unstable();
            covered.dedup();
            let found = organizations::organizations_by_ids(
                conn,
                &employers,
                &crate::organizations::visibility::OrgVisible::Everything,
            )
            .await?;
            if found.len() != employers.len() {
                return Err(refuse(
                    "employerIds",
                    UserErrorCode::NotFound,
                    "no such employer",
                ));
            }
            if storage::cases_by_ids(conn, &cases, &RiskVisible::Everything)
                .await?
                .len()
                != cases.len()
            {
                return Err(refuse("caseIds", UserErrorCode::NotFound, "no such case"));
            }
            let new = NewWarning {
                level: input.level,
                title,
                details,
                industries: serde_json::to_string(&industries).unwrap_or_else(|_| "[]".into()),
                workers: input.workers,
                status: WarningStatus::Issued,
                decided_by: decided_by.clone(),
                document_number: document.clone(),
                decided_on: input.decided_on.map(NaiveDate::from),
                issued_by_id: acting.organization_id.unwrap_or_default(),
                issued_at: env.now,
                version: 1,
                created_at: env.now,
                updated_at: env.now,
            };
            let warning = storage::insert_warning(conn, &new, &covered, &employers, &cases).await?;
            let decision = Decision::new(
                EventKind::WarningIssued,
                [Audience::Followers, Audience::Side(Side::Employer)],
            );
            store(conn, warning, decision, acting, &env).await
        });
        IssueWarningPayload::from_outcome(Outcome::of(result))
    }

    /// Lifts a warning. For the city tripartite office.
    async fn lift_warning(
        &self,
        ctx: &Context<'_>,
        input: LiftWarningInput,
    ) -> ApiResult<LiftWarningPayload> {
        LiftWarningPayload::from_outcome(run(ctx, input).await)
    }
}
