//! A case and what it relates to: a second case of the same matter merged
//! into it, its links to the employer's offers, agreements and layoff
//! plans, and the answers to its referrals. Each is a change run by the
//! pipeline; its rule is in `risk::rules::cases`.

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, Utc};

use super::risk_case_payload;
use crate::change::{Act, Actor, Change, Ruling, run};
use crate::graphql::errors::{ApiResult, UserError, UserErrorCode, refused};
use crate::graphql::ids::{NodeType, decode};
use crate::graphql::text;
use crate::organizations::kinds::OrganizationKind;
use crate::risk::facts::NamesSubject;
use crate::risk::kinds::LinkKind;
use crate::risk::objects::RiskCase;
use crate::risk::rules::cases::{self as rules, LinkFacts, MergeFacts};
use crate::risk::storage::{FollowUpRow, LinkRow, RiskCaseRow};

risk_case_payload!(
    /// Result of `mergeRiskCases`: the case merged.
    MergeRiskCasesPayload,
    /// Result of `linkRiskCase`.
    LinkRiskCasePayload,
    /// Result of `unlinkRiskCase`.
    UnlinkRiskCasePayload,
    /// Result of `answerRiskReferral`.
    AnswerRiskReferralPayload,
);

/// The district office merges; the labour administration takes part in
/// following up.
const OFFICE: &[OrganizationKind] = &[OrganizationKind::TripartiteOffice];
const FOLLOWERS: &[OrganizationKind] = &[
    OrganizationKind::TripartiteOffice,
    OrganizationKind::LabourAdministration,
];

/// Input of `mergeRiskCases`.
#[derive(InputObject)]
pub struct MergeRiskCasesInput {
    /// The case to merge: a second case of the same matter.
    pub risk_case_id: ID,
    /// The open case of the same employer it joins.
    pub into_risk_case_id: ID,
    /// Why, in words.
    pub reason: String,
}

crate::input!(MergeRiskCasesInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(OFFICE)
});

impl Change<RiskCaseRow> for MergeRiskCasesInput {
    type Facts = MergeFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &MergeFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let reason = text::required(&["reason"], &self.reason, 2_000).map_err(|e| vec![e])?;
        rules::merge(case, facts, reason, act.now)
    }
}

/// The link a case's input names: an offer, an agreement or a layoff plan,
/// by its id.
fn named_link(case: &RiskCaseRow, subject: &ID, act: &Act) -> Result<LinkRow, Vec<UserError>> {
    let (kind, subject_id) = match decode(subject) {
        Some((NodeType::Offer, id)) => (LinkKind::Offer, id),
        Some((NodeType::Agreement, id)) => (LinkKind::Agreement, id),
        Some((NodeType::LayoffPlan, id)) => (LinkKind::LayoffPlan, id),
        _ => {
            return Err(refused(
                "subjectId",
                UserErrorCode::NotFound,
                "is not the id of an offer, an agreement or a layoff plan",
            ));
        }
    };
    Ok(LinkRow {
        case_id: case.id,
        kind,
        subject_id,
        linked_by_id: act.acting.organization_id.unwrap_or(case.office_id),
        linked_at: act.now,
    })
}

/// Input of `linkRiskCase`.
#[derive(InputObject)]
pub struct LinkRiskCaseInput {
    /// The case.
    pub risk_case_id: ID,
    /// An offer, agreement or layoff plan of the case's employer.
    pub subject_id: ID,
}

crate::input!(LinkRiskCaseInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(FOLLOWERS)
});

impl NamesSubject for LinkRiskCaseInput {
    fn subject_id(&self) -> &ID {
        &self.subject_id
    }
}

impl Change<RiskCaseRow> for LinkRiskCaseInput {
    type Facts = LinkFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &LinkFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let link = named_link(case, &self.subject_id, act)?;
        rules::link(case, facts, link)
    }
}

/// Input of `unlinkRiskCase`.
#[derive(InputObject)]
pub struct UnlinkRiskCaseInput {
    /// The case.
    pub risk_case_id: ID,
    /// The offer, agreement or layoff plan it is linked to.
    pub subject_id: ID,
}

crate::input!(UnlinkRiskCaseInput => RiskCaseRow {
    id: risk_case_id,
    who: |_, _| Actor::PublicBody(FOLLOWERS)
});

impl NamesSubject for UnlinkRiskCaseInput {
    fn subject_id(&self) -> &ID {
        &self.subject_id
    }
}

impl Change<RiskCaseRow> for UnlinkRiskCaseInput {
    type Facts = LinkFacts;

    fn decide(&self, case: &RiskCaseRow, facts: &LinkFacts, act: &Act) -> Ruling<RiskCaseRow> {
        let link = named_link(case, &self.subject_id, act)?;
        rules::unlink(facts, &link)
    }
}

/// Input of `answerRiskReferral`.
#[derive(InputObject)]
pub struct AnswerRiskReferralInput {
    /// The follow-up that referred the case (`RiskFollowUp.id`).
    pub follow_up_id: ID,
    /// What labour inspection or arbitration answered.
    pub answer: String,
    /// When the answer came; now when left out.
    pub answered_at: Option<DateTime<Utc>>,
}

crate::input!(AnswerRiskReferralInput => (FollowUpRow, RiskCaseRow) {
    id: follow_up_id,
    who: |_, _| Actor::PublicBody(FOLLOWERS)
});

impl Change<(FollowUpRow, RiskCaseRow)> for AnswerRiskReferralInput {
    type Facts = ();

    fn decide(
        &self,
        (entry, _): &(FollowUpRow, RiskCaseRow),
        _: &(),
        act: &Act,
    ) -> Ruling<(FollowUpRow, RiskCaseRow)> {
        let answer = text::required(&["answer"], &self.answer, 5_000).map_err(|e| vec![e])?;
        let answered_at = self.answered_at.map_or(act.now, crate::db::stored);
        Ok(rules::answer_referral(entry, answer, answered_at, act.now)?.into_part())
    }
}

/// Mutations relating a case to others.
#[derive(Default)]
pub struct RelatedMutation;

#[Object]
impl RelatedMutation {
    /// Merges a second case of the same matter into an open case of the
    /// same employer: it becomes MERGED, its clocks stop, its items join
    /// the case it joins. An urgent or major case joins only one that is as
    /// well. For a tripartite office over the employer.
    async fn merge_risk_cases(
        &self,
        ctx: &Context<'_>,
        input: MergeRiskCasesInput,
    ) -> ApiResult<MergeRiskCasesPayload> {
        MergeRiskCasesPayload::from_outcome(run(ctx, input).await)
    }

    /// Links a case to an offer, agreement or layoff plan of its employer.
    /// For a tripartite office or labour administration over the employer.
    async fn link_risk_case(
        &self,
        ctx: &Context<'_>,
        input: LinkRiskCaseInput,
    ) -> ApiResult<LinkRiskCasePayload> {
        LinkRiskCasePayload::from_outcome(run(ctx, input).await)
    }

    /// Removes a case's link to an offer, agreement or layoff plan. For a
    /// tripartite office or labour administration over the employer.
    async fn unlink_risk_case(
        &self,
        ctx: &Context<'_>,
        input: UnlinkRiskCaseInput,
    ) -> ApiResult<UnlinkRiskCasePayload> {
        UnlinkRiskCasePayload::from_outcome(run(ctx, input).await)
    }

    /// Records the answer of labour inspection or arbitration to a
    /// referral of a case. For a tripartite office or labour administration
    /// over the employer.
    async fn answer_risk_referral(
        &self,
        ctx: &Context<'_>,
        input: AnswerRiskReferralInput,
    ) -> ApiResult<AnswerRiskReferralPayload> {
        let outcome = run(ctx, input).await;
        AnswerRiskReferralPayload::from_outcome(outcome.map(|o| o.map(|(_, case)| case)))
    }
}
