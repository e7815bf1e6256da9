//! Mutations of campaign summaries. Asking for them is written by hand
//! (it makes one summary per district office, or moves the due day of
//! those not yet sent); revising and submitting go through the change
//! pipeline.

use std::collections::HashMap;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};

use super::counting;
use super::figures::{Period, SummaryFigures};
use super::kinds::SummaryStatus;
use super::objects::CampaignSummary;
use super::rules::{self, Narrative};
use super::storage::{self, SummaryRow};
use super::visibility::SummaryVisible;
use crate::change::{Act, Actor, Change, Env, Facts, Ruling, run, store};
use crate::context::services;
use crate::db::Conn;
use crate::deadlines::counting::local_date;
use crate::graphql::date::Date;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors,
};
use crate::graphql::ids::NodeType;
use crate::identity::authorization::{act_as_party, signed_in};
use crate::identity::viewer;
use crate::offers::storage::{CampaignRow, campaigns_by_ids};
use crate::organizations::input::parse_id;
use crate::organizations::places::place_of;
use crate::organizations::storage::all_regions;
use crate::transaction;

crate::payloads!(
    campaign_summary: CampaignSummary(SummaryRow),
    "The summary as it is now; null when the input was refused.";
    /// Result of `reviseCampaignSummary`.
    ReviseCampaignSummaryPayload,
    /// Result of `submitCampaignSummary`.
    SubmitCampaignSummaryPayload,
);

/// Input of `requestCampaignSummaries`.
#[derive(InputObject)]
pub struct RequestCampaignSummariesInput {
    pub campaign_id: ID,
    /// The last day to submit; 15 December of the campaign's last year when left out.
    pub due_on: Option<Date>,
}

/// Result of `requestCampaignSummaries`.
#[derive(SimpleObject)]
pub struct RequestCampaignSummariesPayload {
    /// The summaries asked for, one per district office; empty when the input was refused.
    pub campaign_summaries: Vec<CampaignSummary>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `reviseCampaignSummary`: the sections given are written anew,
/// those left out stay.
#[derive(InputObject)]
pub struct ReviseCampaignSummaryInput {
    pub summary_id: ID,
    pub expected_version: i32,
    /// What was done (开展情况).
    pub work_done: Option<String>,
    /// The experience gained (经验做法).
    pub experience: Option<String>,
    /// Typical cases (典型案例).
    pub typical_cases: Option<String>,
    /// Problems found, new situations included (存在问题).
    pub problems: Option<String>,
    /// Their causes (原因分析).
    pub causes: Option<String>,
    /// Next steps, the emergency plans included (下一步工作).
    pub next_steps: Option<String>,
}

crate::input!(ReviseCampaignSummaryInput => SummaryRow {
    id: summary_id, version: expected_version,
    who: |_, _| Actor::Side(crate::change::Side::Workers)
});

impl Change<SummaryRow> for ReviseCampaignSummaryInput {
    type Facts = ();

    fn decide(&self, summary: &SummaryRow, _: &(), _: &Act) -> Ruling<SummaryRow> {
        let narrative = Narrative {
            sections: [
                self.work_done.clone(),
                self.experience.clone(),
                self.typical_cases.clone(),
                self.problems.clone(),
                self.causes.clone(),
                self.next_steps.clone(),
            ],
        };
        rules::revise(summary, &narrative)
    }
}

/// Input of `submitCampaignSummary`.
#[derive(InputObject)]
pub struct SubmitCampaignSummaryInput {
    pub summary_id: ID,
    pub expected_version: i32,
}

crate::input!(SubmitCampaignSummaryInput => SummaryRow {
    id: summary_id, version: expected_version,
    who: |_, _| Actor::Side(crate::change::Side::Workers)
});

/// What a submission needs: the figures counted now, the office running
/// the campaign, and the name of the one who submits.
pub struct Submission {
    figures: SummaryFigures,
    organizer_id: i64,
    signer: String,
}

/// The campaign of a summary.
pub async fn campaign_of(
    conn: &mut Conn<'_>,
    summary: &SummaryRow,
) -> Result<CampaignRow, TxError> {
    Ok(campaigns_by_ids(conn, &[summary.campaign_id])
        .await?
        .pop()
        .ok_or(ApiError::NotFound)?)
}

impl Facts<SummaryRow, SubmitCampaignSummaryInput> for Submission {
    async fn load(
        conn: &mut Conn<'_>,
        summary: &SummaryRow,
        _: &SubmitCampaignSummaryInput,
        act: &Act,
    ) -> Result<Submission, TxError> {
        let campaign = campaign_of(conn, summary).await?;
        let period = Period::of(campaign.starts_on, campaign.ends_on, act.now);
        // Read in the transaction, so that the figures kept are those of
        // the moment of submission.
        let census = crate::evaluation::coverage::Census::read(conn).await?;
        let regions = counting::regions(conn).await?;
        let figures =
            counting::figures(conn, &census, &regions, summary.region_id, period, act.now).await?;
        let users = act.acting.user_id.into_iter().collect::<Vec<_>>();
        let signer = crate::identity::storage::users_by_ids(conn, &users)
            .await?
            .pop()
            .map(|user| user.display_name)
            .unwrap_or_default();
        Ok(Submission {
            figures,
            organizer_id: campaign.organizer_id,
            signer,
        })
    }
}

impl Change<SummaryRow> for SubmitCampaignSummaryInput {
    type Facts = Submission;

    fn decide(&self, summary: &SummaryRow, facts: &Submission, act: &Act) -> Ruling<SummaryRow> {
        rules::submit(
            summary,
            &facts.figures,
            facts.organizer_id,
            &facts.signer,
            act.now,
        )
    }
}

/// Mutations of campaign summaries.
#[derive(Default)]
pub struct SummaryMutation;

#[Object]
impl SummaryMutation {
    /// Asks every district office under the campaign's region for its
    /// summary of the campaign by `dueOn` (seed 000 §二.(三)): a summary
    /// each, with its clock and reminders, and an email. Asked again, it
    /// moves the due day of the summaries not yet submitted. For the
    /// officers of the office running the campaign.
    async fn request_campaign_summaries(
        &self,
        ctx: &Context<'_>,
        input: RequestCampaignSummariesInput,
    ) -> ApiResult<RequestCampaignSummariesPayload> {
        signed_in(viewer(ctx))?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let campaign_id = parse_id(
            &mut errors,
            "campaignId",
            &input.campaign_id,
            NodeType::Campaign,
        );
        let refused = |errors: Vec<UserError>| {
            Ok(RequestCampaignSummariesPayload {
                campaign_summaries: vec![],
                user_errors: errors,
            })
        };
        let (Some(campaign_id), true) = (campaign_id, errors.is_empty()) else {
            return refused(errors.into_vec());
        };
        let today = local_date(env.now.and_utc());
        let result = transaction!(services(ctx).db, |conn| {
            let campaign = campaigns_by_ids(conn, &[campaign_id])
                .await?
                .pop()
                .ok_or(ApiError::NotFound)?;
            let acting = act_as_party(viewer(ctx), &place_of(conn, campaign.organizer_id).await?)?;
            let due_on = input
                .due_on
                .map_or(rules::default_due_on(campaign.ends_on), |day| *day);
            rules::check_due_on(due_on, today)
                .map_err(|message| UserError::new(&["dueOn"], UserErrorCode::OutOfRange, message))
                .map_err(|e| vec![e])?;
            let regions = all_regions(conn).await?;
            let Some(root) = regions.iter().find(|r| r.id == campaign.region_id) else {
                return Err(ApiError::NotFound.into());
            };
            let below: Vec<i64> = regions
                .iter()
                .filter(|r| r.id != root.id && r.path.starts_with(&root.path))
                .map(|r| r.id)
                .collect();
            let offices = storage::offices_in(conn, &below).await?;
            if offices.is_empty() {
                return Err(vec![UserError::new(
                    &["campaignId"],
                    UserErrorCode::RuleViolated,
                    "no district tripartite office sits under the campaign's region",
                )]
                .into());
            }
            let asked: HashMap<i64, SummaryRow> =
                storage::summaries_of(conn, campaign.id, &SummaryVisible::Everything)
                    .await?
                    .into_iter()
                    .map(|row| (row.office_id, row))
                    .collect();
            let mut summaries = Vec::new();
            for (office_id, region_id) in offices {
                let summary = match asked.get(&office_id) {
                    Some(row) if row.status == SummaryStatus::Submitted => {
                        summaries.push(row.clone());
                        continue;
                    }
                    Some(row) => row.clone(),
                    None => {
                        let new = SummaryRow {
                            id: 0,
                            campaign_id: campaign.id,
                            office_id,
                            region_id,
                            status: SummaryStatus::Draft,
                            due_on,
                            work_done: String::new(),
                            experience: String::new(),
                            typical_cases: String::new(),
                            problems: String::new(),
                            causes: String::new(),
                            next_steps: String::new(),
                            figures: None,
                            submitted_at: None,
                            submitted_by: None,
                            version: 1,
                            created_at: env.now,
                            updated_at: env.now,
                        };
                        storage::insert_summary(conn, &new).await?
                    }
                };
                let decision = rules::request(&summary, due_on, env.now)?;
                summaries.push(store(conn, summary, decision, acting, &env).await?);
            }
            Ok::<_, TxError>(summaries)
        });
        match Outcome::of(result)? {
            Outcome::Done(rows) => Ok(RequestCampaignSummariesPayload {
                campaign_summaries: rows.into_iter().map(CampaignSummary).collect(),
                user_errors: vec![],
            }),
            Outcome::Rejected(errors) => refused(errors),
        }
    }

    /// Writes sections of a draft summary anew. For the officers of the
    /// district office.
    async fn revise_campaign_summary(
        &self,
        ctx: &Context<'_>,
        input: ReviseCampaignSummaryInput,
    ) -> ApiResult<ReviseCampaignSummaryPayload> {
        ReviseCampaignSummaryPayload::from_outcome(run(ctx, input).await)
    }

    /// Submits a summary to the office running the campaign, with the
    /// figures as the platform counts them now, which it then keeps. Every
    /// section must be written. A summary submitted after its due day is
    /// late, and its clock stays missed. For the officers of the district
    /// office.
    async fn submit_campaign_summary(
        &self,
        ctx: &Context<'_>,
        input: SubmitCampaignSummaryInput,
    ) -> ApiResult<SubmitCampaignSummaryPayload> {
        SubmitCampaignSummaryPayload::from_outcome(run(ctx, input).await)
    }
}
