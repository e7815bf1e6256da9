//! Mutations of health checks and rectification items. A new check or item
//! is written by hand, then its decision (event, clock) is stored as any
//! change's is; the changes after go through the pipeline.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};

use super::objects::{HealthCheck, RectificationItem};
use super::storage::{self, HealthCheckRow, NewHealthCheck, RectificationRow};
use crate::change::{Act, Actor, Change, Env, Record, Ruling, Side, run, store};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::deadlines::counting::{end_of_local_day, local_date};
use crate::graphql::errors::{
    ApiResult, Outcome, TxError, UserErrorCode, UserErrors, refuse, refused,
};
use crate::graphql::ids::NodeType;
use crate::graphql::text;
use crate::identity::authorization::{act_as_overseer, signed_in};
use crate::identity::viewer;
use crate::organizations::input::parse_id;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{organization, region_chain};
use crate::risk::kinds::{HealthCheckArea, VisitorRole};
use crate::risk::mutations::reporting::employer;
use crate::risk::rules::checks::{self as rules, Verdict};
use crate::risk::storage::RiskCaseRow;
use crate::transaction;

crate::payloads!(
    health_check: HealthCheck(HealthCheckRow),
    "The health check as it is now; null when the input was refused.";
    /// Result of `recordHealthCheck`.
    RecordHealthCheckPayload,
    /// Result of `acknowledgePrescription`.
    AcknowledgePrescriptionPayload,
);

crate::payloads!(
    rectification_item: RectificationItem(RectificationRow),
    "The item as it is now; null when the input was refused.";
    /// Result of `addRectificationItem`.
    AddRectificationItemPayload,
    /// Result of `reportRectificationDone`.
    ReportRectificationDonePayload,
    /// Result of `verifyRectificationItem`.
    VerifyRectificationItemPayload,
);

/// The office, which verifies rectification.
const OFFICE: &[OrganizationKind] = &[OrganizationKind::TripartiteOffice];

/// Someone who made the visit.
#[derive(InputObject)]
pub struct VisitorInput {
    /// Their name.
    pub name: String,
    /// In what capacity.
    pub role: VisitorRole,
}

/// What the visit found in one area.
#[derive(InputObject)]
pub struct FindingInput {
    /// The area.
    pub area: HealthCheckArea,
    /// Whether the employer complies in it.
    pub compliant: bool,
    /// What was found.
    pub finding: String,
}

/// Input of `recordHealthCheck`.
#[derive(InputObject)]
pub struct RecordHealthCheckInput {
    /// The employer visited.
    pub employer_id: ID,
    /// The day of the visit (today or before).
    pub visited_on: Date,
    /// Who made it (1 to 20).
    pub visitors: Vec<VisitorInput>,
    /// What it found, at most one finding per area.
    pub findings: Vec<FindingInput>,
    /// The diagnosis.
    pub diagnosis: String,
    /// The prescription (用工处方) for the employer.
    pub prescription: String,
}

/// Most visitors a check names.
const MOST_VISITORS: usize = 20;

/// Input of `acknowledgePrescription`.
#[derive(InputObject)]
pub struct AcknowledgePrescriptionInput {
    /// The health check.
    pub health_check_id: ID,
    /// Who acknowledges it for the employer.
    pub acknowledged_by: String,
    /// What the employer says, if anything.
    pub note: Option<String>,
}

crate::input!(AcknowledgePrescriptionInput => HealthCheckRow {
    id: health_check_id,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Change<HealthCheckRow> for AcknowledgePrescriptionInput {
    type Facts = ();

    fn decide(&self, check: &HealthCheckRow, _: &(), act: &Act) -> Ruling<HealthCheckRow> {
        let by =
            text::required(&["acknowledgedBy"], &self.acknowledged_by, 100).map_err(|e| vec![e])?;
        let note = text::optional(&["note"], self.note.as_deref(), 2_000).map_err(|e| vec![e])?;
        rules::acknowledge(check, by, note, act.now)
    }
}

/// Input of `addRectificationItem`: one line of the four lists. Name the
/// health check or the case it comes from (one of them), and the
/// responsible organization or department (at least one).
#[derive(InputObject)]
pub struct AddRectificationItemInput {
    /// The health check it comes from.
    pub health_check_id: Option<ID>,
    /// The case it comes from.
    pub risk_case_id: Option<ID>,
    /// The problem (整改清单).
    pub problem: String,
    /// The measure (工作措施清单).
    pub measure: String,
    /// The responsible organization (责任部门清单): the employer, its union,
    /// or an office, administration or federation over it.
    pub responsible_organization_id: Option<ID>,
    /// The responsible department, in words (such as the employer's HR department).
    pub responsible_department: Option<String>,
    /// The last day of the time limit (整改时限清单): after today, within a year.
    pub due_on: Date,
}

/// Input of `reportRectificationDone`.
#[derive(InputObject)]
pub struct ReportRectificationDoneInput {
    /// The item.
    pub rectification_item_id: ID,
    /// The evidence of completion (what was done, the documents).
    pub evidence: String,
}

crate::input!(ReportRectificationDoneInput => RectificationRow {
    id: rectification_item_id,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Change<RectificationRow> for ReportRectificationDoneInput {
    type Facts = ();

    fn decide(&self, item: &RectificationRow, _: &(), act: &Act) -> Ruling<RectificationRow> {
        let evidence = text::required(&["evidence"], &self.evidence, 5_000).map_err(|e| vec![e])?;
        rules::report_done(item, evidence, act.now)
    }
}

/// Input of `verifyRectificationItem`.
#[derive(InputObject)]
pub struct VerifyRectificationItemInput {
    /// The item reported done.
    pub rectification_item_id: ID,
    /// Whether it is done.
    pub accepted: bool,
    /// What the office found; required when not accepted.
    pub note: Option<String>,
    /// The new last day when not accepted: after today, within a year.
    pub new_due_on: Option<Date>,
}

crate::input!(VerifyRectificationItemInput => RectificationRow {
    id: rectification_item_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<RectificationRow> for VerifyRectificationItemInput {
    type Facts = ();

    fn decide(&self, item: &RectificationRow, _: &(), act: &Act) -> Ruling<RectificationRow> {
        let mut errors = UserErrors::default();
        let note = errors
            .keep(text::optional(&["note"], self.note.as_deref(), 2_000))
            .flatten();
        let verdict = match (self.accepted, self.new_due_on) {
            (true, _) => Some(Verdict::Accepted),
            (false, None) => {
                errors.push(
                    &["newDueOn"],
                    UserErrorCode::Required,
                    "set a new time limit for an item not done",
                );
                None
            }
            (false, Some(day)) => {
                match rules::check_limit("newDueOn", *day, local_date(act.now.and_utc())) {
                    Ok(due_on) => Some(Verdict::Rejected {
                        due_on,
                        due_at: stored(end_of_local_day(due_on)),
                    }),
                    Err(message) => {
                        errors.push(&["newDueOn"], UserErrorCode::OutOfRange, message);
                        None
                    }
                }
            }
        };
        if !self.accepted && note.is_none() {
            errors.push(&["note"], UserErrorCode::Required, "say what is not done");
        }
        match verdict {
            Some(verdict) if errors.is_empty() => {
                let office = act.acting.organization_id.unwrap_or(item.added_by_id);
                rules::verify(item, verdict, note, office, act.now)
            }
            _ => Err(errors.into_vec()),
        }
    }
}

/// Where a rectification item comes from, loaded as the viewer sees it.
enum Source {
    Case(RiskCaseRow),
    Check(HealthCheckRow),
}

impl Source {
    fn employer_region(&self) -> (i64, i64) {
        match self {
            Source::Case(case) => (case.employer_id, case.region_id),
            Source::Check(check) => (check.employer_id, check.region_id),
        }
    }
}

async fn source(
    conn: &mut Conn<'_>,
    viewer: &crate::identity::Viewer,
    case: Option<i64>,
    check: Option<i64>,
) -> Result<Source, TxError> {
    let missing = |field| refuse(field, UserErrorCode::NotFound, "no such record");
    match (case, check) {
        (Some(id), None) => RiskCaseRow::load(conn, viewer, id)
            .await?
            .map(Source::Case)
            .ok_or_else(|| missing("riskCaseId")),
        (None, Some(id)) => HealthCheckRow::load(conn, viewer, id)
            .await?
            .map(Source::Check)
            .ok_or_else(|| missing("healthCheckId")),
        _ => Err(refuse(
            "healthCheckId",
            UserErrorCode::Invalid,
            "name the health check or the case, one of them",
        )),
    }
}

/// The responsible organization must be the employer, its union, or an
/// office, administration or federation over it: someone who sees the item.
async fn responsible(
    conn: &mut Conn<'_>,
    id: i64,
    employer_id: i64,
    region_id: i64,
) -> Result<i64, TxError> {
    let row = organization(conn, id).await;
    let chain = region_chain(conn, region_id).await?;
    let fits = row.is_ok_and(|o| {
        o.id == employer_id
            || o.employer_id == Some(employer_id)
            || (chain.contains(&o.region_id)
                && match o.kind {
                    OrganizationKind::TripartiteOffice | OrganizationKind::LabourAdministration => {
                        true
                    }
                    OrganizationKind::Union => o.employer_id.is_none(),
                    _ => false,
                })
    });
    match fits {
        true => Ok(id),
        false => Err(refuse(
            "responsibleOrganizationId",
            UserErrorCode::RuleViolated,
            "name the employer, its union, or an office, administration or federation over it",
        )),
    }
}

/// Mutations of health checks and rectification items.
#[derive(Default)]
pub struct CheckMutation;

#[Object]
impl CheckMutation {
    /// Records a health check (法治体检) of an employer with its findings,
    /// diagnosis and prescription (用工处方); the employer, its union and the
    /// district office are told. For a tripartite office, labour
    /// administration or union federation over the employer.
    async fn record_health_check(
        &self,
        ctx: &Context<'_>,
        input: RecordHealthCheckInput,
    ) -> ApiResult<RecordHealthCheckPayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        if input.visitors.len() > MOST_VISITORS {
            errors.push(&["visitors"], UserErrorCode::OutOfRange, "name at most 20");
        }
        let mut visitors = Vec::new();
        for (i, visitor) in input.visitors.iter().enumerate().take(MOST_VISITORS) {
            let index = i.to_string();
            let name = text::required(&["visitors", &index, "name"], &visitor.name, 100);
            visitors.extend(errors.keep(name).map(|name| (name, visitor.role)));
        }
        let mut findings = Vec::new();
        for (i, finding) in input.findings.iter().enumerate() {
            let index = i.to_string();
            let text = text::required(&["findings", &index, "finding"], &finding.finding, 2_000);
            findings.extend(
                errors
                    .keep(text)
                    .map(|text| (finding.area, finding.compliant, text)),
            );
        }
        let areas: Vec<HealthCheckArea> = input.findings.iter().map(|f| f.area).collect();
        let today = local_date(env.now.and_utc());
        rules::check_visit(
            &mut errors,
            input.visitors.len(),
            &areas,
            *input.visited_on,
            today,
        );
        let diagnosis = errors.keep(text::required(&["diagnosis"], &input.diagnosis, 5_000));
        let prescription = errors.keep(text::required(
            &["prescription"],
            &input.prescription,
            5_000,
        ));
        let (Some(employer_id), Some(diagnosis), Some(prescription), true) =
            (employer_id, diagnosis, prescription, errors.is_empty())
        else {
            return RecordHealthCheckPayload::from_outcome(Ok(Outcome::Rejected(
                errors.into_vec(),
            )));
        };
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer, employer_id).await?;
            let acting = act_as_overseer(viewer, employer.region_id)?;
            let new = NewHealthCheck {
                employer_id: employer.id,
                region_id: employer.region_id,
                recorded_by_id: acting.organization_id.unwrap_or(employer.id),
                visited_on: *input.visited_on,
                diagnosis: diagnosis.clone(),
                prescription: prescription.clone(),
                version: 1,
                created_at: env.now,
                updated_at: env.now,
            };
            let row = storage::insert_check(conn, &new, &visitors, &findings).await?;
            store(conn, row, rules::recorded(), acting, &env).await
        });
        RecordHealthCheckPayload::from_outcome(Outcome::of(result))
    }

    /// The employer acknowledges a health check's prescription. For the
    /// employer's officers.
    async fn acknowledge_prescription(
        &self,
        ctx: &Context<'_>,
        input: AcknowledgePrescriptionInput,
    ) -> ApiResult<AcknowledgePrescriptionPayload> {
        AcknowledgePrescriptionPayload::from_outcome(run(ctx, input).await)
    }

    /// Sets a rectification item of a health check or a case: the problem,
    /// the measure, who is responsible and the time limit, whose clock
    /// reminds the employer and the responsible organization. For a
    /// tripartite office, labour administration or union federation over
    /// the employer.
    async fn add_rectification_item(
        &self,
        ctx: &Context<'_>,
        input: AddRectificationItemInput,
    ) -> ApiResult<AddRectificationItemPayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let ids = |errors: &mut UserErrors, field, id: &Option<ID>, node| {
            id.as_ref().and_then(|id| parse_id(errors, field, id, node))
        };
        let check = ids(
            &mut errors,
            "healthCheckId",
            &input.health_check_id,
            NodeType::HealthCheck,
        );
        let case = ids(
            &mut errors,
            "riskCaseId",
            &input.risk_case_id,
            NodeType::RiskCase,
        );
        let organization = ids(
            &mut errors,
            "responsibleOrganizationId",
            &input.responsible_organization_id,
            NodeType::Organization,
        );
        let problem = errors.keep(text::required(&["problem"], &input.problem, 2_000));
        let measure = errors.keep(text::required(&["measure"], &input.measure, 2_000));
        let department = errors
            .keep(text::optional(
                &["responsibleDepartment"],
                input.responsible_department.as_deref(),
                200,
            ))
            .flatten();
        if input.responsible_organization_id.is_none() && department.is_none() {
            errors.push(
                &["responsibleDepartment"],
                UserErrorCode::Required,
                "name the responsible organization or department",
            );
        }
        let today = local_date(env.now.and_utc());
        let due_on = match rules::check_limit("dueOn", *input.due_on, today) {
            Ok(day) => Some(day),
            Err(message) => {
                errors.push(&["dueOn"], UserErrorCode::OutOfRange, message);
                None
            }
        };
        let (Some(problem), Some(measure), Some(due_on), true) =
            (problem, measure, due_on, errors.is_empty())
        else {
            return AddRectificationItemPayload::from_outcome(Ok(Outcome::Rejected(
                errors.into_vec(),
            )));
        };
        let result = transaction!(services(ctx).db, |conn| {
            let from = source(conn, viewer, case, check).await?;
            let (employer_id, region_id) = from.employer_region();
            let acting = act_as_overseer(viewer, region_id)?;
            let responsible_id = match organization {
                Some(id) => Some(responsible(conn, id, employer_id, region_id).await?),
                None => None,
            };
            let row = RectificationRow {
                id: 0,
                employer_id,
                region_id,
                case_id: case,
                health_check_id: check,
                problem: problem.clone(),
                measure: measure.clone(),
                responsible_organization_id: responsible_id,
                responsible_department: department.clone(),
                due_on,
                due_at: stored(end_of_local_day(due_on)),
                status: crate::risk::kinds::RectificationStatus::Open,
                evidence: None,
                done_at: None,
                verified_at: None,
                verified_by_id: None,
                verification_note: None,
                added_by_id: acting.organization_id.unwrap_or(employer_id),
                version: 1,
                created_at: env.now,
                updated_at: env.now,
            };
            if let Source::Case(case) = &from
                && case.merged_into_id.is_some()
            {
                return Err(refused(
                    "riskCaseId",
                    UserErrorCode::RuleViolated,
                    "the case was merged",
                )
                .into());
            }
            let row = storage::insert_item(conn, &row).await?;
            let decision = rules::assigned(&row, env.now);
            store(conn, row, decision, acting, &env).await
        });
        AddRectificationItemPayload::from_outcome(Outcome::of(result))
    }

    /// The employer reports a rectification item done, with its evidence:
    /// the time limit is met if it has not passed, and the office is to
    /// verify. For the employer's officers.
    async fn report_rectification_done(
        &self,
        ctx: &Context<'_>,
        input: ReportRectificationDoneInput,
    ) -> ApiResult<ReportRectificationDonePayload> {
        ReportRectificationDonePayload::from_outcome(run(ctx, input).await)
    }

    /// The office verifies an item reported done, or finds it not done and
    /// sets a new time limit. For a tripartite office over the employer.
    async fn verify_rectification_item(
        &self,
        ctx: &Context<'_>,
        input: VerifyRectificationItemInput,
    ) -> ApiResult<VerifyRectificationItemPayload> {
        VerifyRectificationItemPayload::from_outcome(run(ctx, input).await)
    }
}
