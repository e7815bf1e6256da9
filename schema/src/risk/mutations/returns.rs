//! Monthly headcount returns (beyond the seed): from them the platform
//! detects item 七, departures of 50 or more or of a tenth of the
//! workforce, opens a case and asks the employer for its quick report.
//! Filing a return meets its clock and starts the next month's.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::Duration;
use serde_json::json;

use crate::change::{Audience, Decision, Env, store};
use crate::context::services;
use crate::deadlines::counting::local_date;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::deadlines::storage as deadlines;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{
    ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse,
};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{act_as_party, act_as_public_body, signed_in};
use crate::identity::viewer;
use crate::organizations::input::parse_id;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::place_of;
use crate::risk::facts::{case_facts, return_day, urgent_hours};
use crate::risk::kinds::{MonitoredItem, RiskSource, RiskStatus};
use crate::risk::objects::{HeadcountReturn, RiskCase};
use crate::risk::rules::cases::{first_attention, opened};
use crate::risk::rules::{check_return_month, mass_departure, moves_return_clock, return_clock};
use crate::risk::storage::{self, HeadcountReturnRow, NewRiskCase};
use crate::transaction;

use super::reporting::{employer, receiving_office};

/// Input of `fileHeadcountReturn`.
#[derive(InputObject)]
pub struct FileHeadcountReturnInput {
    /// The employer.
    pub employer_id: ID,
    /// Any day of the month returned; a month that has ended.
    pub month: Date,
    /// Workers at the start of the month.
    pub headcount_start: i32,
    /// Workers at the end of the month.
    pub headcount_end: i32,
    /// Workers who left during the month.
    pub departures: i32,
}

/// Result of `fileHeadcountReturn`.
#[derive(SimpleObject)]
pub struct FileHeadcountReturnPayload {
    /// The return; null when the input was refused.
    pub headcount_return: Option<HeadcountReturn>,
    /// The case opened on item 七, when the departures make it.
    pub risk_case: Option<RiskCase>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The mutation of headcount returns.
#[derive(Default)]
pub struct ReturnMutation;

#[Object]
impl ReturnMutation {
    /// Files an employer's monthly headcount return. Departures of 50 or
    /// more, or of at least a tenth of the workers at the start of the
    /// month, open a case on item 七 (seed 004 §六.(七)) and ask the
    /// employer for its quick report. For the employer's officers, or the
    /// district tripartite office on its behalf.
    async fn file_headcount_return(
        &self,
        ctx: &Context<'_>,
        input: FileHeadcountReturnInput,
    ) -> ApiResult<FileHeadcountReturnPayload> {
        signed_in(viewer(ctx))?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let month = errors.check(
            &["month"],
            UserErrorCode::OutOfRange,
            check_return_month(*input.month, local_date(env.now.and_utc())),
        );
        for (field, value) in [
            ("headcountStart", input.headcount_start),
            ("headcountEnd", input.headcount_end),
            ("departures", input.departures),
        ] {
            if !(0..=10_000_000).contains(&value) {
                errors.push(&[field], UserErrorCode::OutOfRange, "is from 0 to 10000000");
            }
        }
        let refused = |errors: UserErrors| {
            Ok(FileHeadcountReturnPayload {
                headcount_return: None,
                risk_case: None,
                user_errors: errors.into_vec(),
            })
        };
        let (Some(employer_id), Some(month), true) = (employer_id, month, errors.is_empty()) else {
            return refused(errors);
        };
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer(ctx), employer_id).await?;
            let acting = match act_as_party(viewer(ctx), &place_of(conn, employer.id).await?) {
                Ok(acting) => acting,
                Err(_) => act_as_public_body(
                    viewer(ctx),
                    employer.region_id,
                    &[OrganizationKind::TripartiteOffice],
                )?,
            };
            let office = receiving_office(conn, employer.region_id).await?;
            let row = HeadcountReturnRow {
                id: 0,
                employer_id: employer.id,
                month,
                headcount_start: input.headcount_start,
                headcount_end: input.headcount_end,
                departures: input.departures,
                filed_at: env.now,
                filed_by_id: acting.organization_id.unwrap_or(employer.id),
                case_id: None,
            };
            let Some(mut filed) = storage::insert_return(conn, &row).await? else {
                return Err(refuse(
                    "month",
                    UserErrorCode::Taken,
                    "the employer filed that month's return already",
                ));
            };
            // This return meets its clock, and the next runs; an older
            // month's leaves the current clock alone.
            let open = deadlines::open_for_subject(
                conn,
                (NodeType::Organization, employer.id),
                DeadlineKind::HeadcountReturn,
            )
            .await?;
            let last_day = open.map(|c| local_date((c.due_at - Duration::seconds(1)).and_utc()));
            let employer = if moves_return_clock(last_day, month) {
                let day = return_day(conn, employer.region_id).await?;
                let clock = Decision::new(EventKind::OrganizationUpdated, [])
                    .quietly()
                    .close(DeadlineKind::HeadcountReturn, DeadlineStatus::Met)
                    .open(
                        return_clock(month, day),
                        env.now,
                        [Audience::Organizations(vec![employer.id, office.id])],
                    );
                store(conn, employer, clock, acting, &env).await?
            } else {
                employer
            };
            let mut case = None;
            if mass_departure(input.headcount_start, input.departures) {
                let items = [MonitoredItem::MassDeparture];
                let open = storage::open_case_with(conn, employer.id, &items).await?;
                let row = match open {
                    Some(row) => row,
                    None => {
                        let hours = urgent_hours(conn, employer.region_id).await?;
                        let new = NewRiskCase {
                            employer_id: employer.id,
                            region_id: employer.region_id,
                            office_id: office.id,
                            source: RiskSource::AutomaticDetection,
                            status: RiskStatus::Reported,
                            summary: format!(
                                "{}月离职{}人（月初职工{}人）",
                                month.format("%Y年%m"),
                                input.departures,
                                input.headcount_start
                            ),
                            urgent: false,
                            major: false,
                            received_at: env.now,
                            attention_at: first_attention(env.now, false, hours),
                            version: 1,
                            created_at: env.now,
                            updated_at: env.now,
                        };
                        let row = storage::insert_case(conn, &new, &items).await?;
                        let facts = case_facts(conn, &row).await?;
                        let decision = opened(&row, &facts, None).details(json!({
                            "departures": input.departures,
                            "headcount": input.headcount_start,
                        }));
                        store(conn, row, decision, acting, &env).await?
                    }
                };
                filed = storage::link_return(conn, filed.id, row.id).await?;
                case = Some(row);
            }
            Ok::<_, TxError>((filed, case))
        });
        match Outcome::of(result)? {
            Outcome::Done((filed, case)) => Ok(FileHeadcountReturnPayload {
                headcount_return: Some(HeadcountReturn(filed)),
                risk_case: case.map(RiskCase),
                user_errors: vec![],
            }),
            Outcome::Rejected(user_errors) => Ok(FileHeadcountReturnPayload {
                headcount_return: None,
                risk_case: None,
                user_errors,
            }),
        }
    }
}
