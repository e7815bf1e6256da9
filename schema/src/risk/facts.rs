//! The facts a case's rules need, loaded once for any change of a case.

use async_graphql::ID;

use super::mutations::related::MergeRiskCasesInput;
use super::rules::cases::{CaseFacts, LinkFacts, MergeFacts, ReminderFacts};
use super::rules::{RETURN_DAY, URGENT_HOURS};
use super::storage;
use super::storage::RiskCaseRow;
use crate::agreements::storage::{agreements_by_ids, bound_employers};
use crate::agreements::visibility::AgreementVisible;
use crate::change::{Act, Facts, Record};
use crate::db::Conn;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::storage as deadlines;
use crate::graphql::errors::TxError;
use crate::graphql::ids::{NodeType, decode, decode_as};
use crate::layoffs::storage::plans_by_ids;
use crate::layoffs::visibility::LayoffVisible;
use crate::offers::storage::offers_by_ids;
use crate::offers::visibility::OfferVisible;
use crate::organizations::places::{nearest as nearest_set, region_chain};
use crate::risk::visibility::RiskVisible;

/// The nearest rule of the regions above and at `region_id`, of those
/// that set one: `pick` chooses which.
async fn nearest(
    conn: &mut Conn<'_>,
    region_id: i64,
    pick: fn(&storage::RegionRules) -> Option<i32>,
) -> Result<Option<i32>, TxError> {
    let chain = region_chain(conn, region_id).await?;
    let rules = storage::region_rules(conn, &chain).await?;
    let set = |region| rules.iter().find(|r| r.0 == region).and_then(pick);
    Ok(nearest_set(&chain, set).map(|(value, _)| value))
}

/// The hours an urgent case of `region_id` has to reach the city office:
/// the nearest region's rule, or 2.
pub async fn urgent_hours(conn: &mut Conn<'_>, region_id: i64) -> Result<u32, TxError> {
    let hours = nearest(conn, region_id, |r| r.1).await?;
    Ok(hours.map_or(URGENT_HOURS, |h| h.clamp(1, 24) as u32))
}

/// The day of the next month by which an employer of `region_id` files
/// its monthly headcount return: the nearest region's rule, or the 10th.
pub async fn return_day(conn: &mut Conn<'_>, region_id: i64) -> Result<u32, TxError> {
    let day = nearest(conn, region_id, |r| r.2).await?;
    Ok(day.map_or(RETURN_DAY, |d| d.clamp(1, 28) as u32))
}

/// The facts of a case: its open clocks, its latest follow-up and form,
/// the city office and the urgent hours of its region.
pub async fn case_facts(conn: &mut Conn<'_>, case: &RiskCaseRow) -> Result<CaseFacts, TxError> {
    let mut open = Vec::new();
    for kind in [DeadlineKind::RiskForm, DeadlineKind::RiskUrgentReport] {
        if let Some(clock) = deadlines::open_for_subject(conn, case.subject(), kind).await? {
            open.push((kind, clock.due_at));
        }
    }
    let forms = storage::forms_of(conn, &[case.id]).await?;
    let follow_ups = storage::follow_ups_of(conn, &[case.id]).await?;
    let city_office = crate::organizations::storage::root_office(conn).await?;
    Ok(CaseFacts {
        open,
        next_follow_up: follow_ups.last().and_then(|f| f.next_at),
        last_form: forms.last().map(|f| f.filed_at),
        forms: forms.len() as i32,
        city_office: city_office.map(|o| o.id),
        urgent_hours: urgent_hours(conn, case.region_id).await?,
    })
}

impl<C: Sync + ?Sized> Facts<RiskCaseRow, C> for CaseFacts {
    async fn load(
        conn: &mut Conn<'_>,
        case: &RiskCaseRow,
        _: &C,
        _: &Act,
    ) -> Result<CaseFacts, TxError> {
        case_facts(conn, case).await
    }
}

impl<C: Sync + ?Sized> Facts<RiskCaseRow, C> for ReminderFacts {
    /// Whether the employer reported: a quick report it submitted, or the
    /// office recorded from its call (its union's does not count).
    async fn load(
        conn: &mut Conn<'_>,
        case: &RiskCaseRow,
        _: &C,
        _: &Act,
    ) -> Result<ReminderFacts, TxError> {
        let reports = storage::reports_of(conn, &[case.id]).await?;
        let reminders = storage::reminders_of(conn, &[case.id]).await?;
        Ok(ReminderFacts {
            employer_reported: reports.iter().any(|r| {
                r.submitted_by_id == case.employer_id || r.submitted_by_id == case.office_id
            }),
            faults: reminders.into_iter().map(|r| r.fault).collect(),
        })
    }
}

impl Facts<RiskCaseRow, MergeRiskCasesInput> for MergeFacts {
    /// The case to join, whoever's it is (the rule checks it is the same
    /// employer's), and the items of the case merged.
    async fn load(
        conn: &mut Conn<'_>,
        case: &RiskCaseRow,
        input: &MergeRiskCasesInput,
        _: &Act,
    ) -> Result<MergeFacts, TxError> {
        let into = match decode_as(&input.into_risk_case_id, NodeType::RiskCase) {
            Some(id) => storage::cases_by_ids(conn, &[id], &RiskVisible::Everything)
                .await?
                .pop(),
            None => None,
        };
        let items = storage::items_of(conn, &[case.id]).await?;
        Ok(MergeFacts {
            into,
            items: items.into_iter().map(|(_, item)| item).collect(),
        })
    }
}

/// An input naming the offer or agreement a case is linked to.
pub trait NamesSubject {
    fn subject_id(&self) -> &ID;
}

impl<C: NamesSubject + Sync> Facts<RiskCaseRow, C> for LinkFacts {
    /// The employers the named offer, agreement or layoff plan binds, and
    /// the case's links.
    async fn load(
        conn: &mut Conn<'_>,
        case: &RiskCaseRow,
        input: &C,
        _: &Act,
    ) -> Result<LinkFacts, TxError> {
        let employers = match decode(input.subject_id()) {
            Some((NodeType::Offer, id)) => offers_by_ids(conn, &[id], &OfferVisible::Everything)
                .await?
                .into_iter()
                .map(|offer| offer.employer_id)
                .collect(),
            Some((NodeType::Agreement, id)) => {
                let parties = agreements_by_ids(conn, &[id], &AgreementVisible::Everything).await?;
                let bound = bound_employers(conn, &[id]).await?;
                parties
                    .into_iter()
                    .map(|a| a.employer_party_id)
                    .chain(bound.into_iter().map(|(_, employer)| employer))
                    .collect()
            }
            Some((NodeType::LayoffPlan, id)) => {
                plans_by_ids(conn, &[id], &LayoffVisible::Everything)
                    .await?
                    .into_iter()
                    .map(|plan| plan.employer_id)
                    .collect()
            }
            _ => Vec::new(),
        };
        Ok(LinkFacts {
            employers,
            links: storage::links_of(conn, &[case.id]).await?,
        })
    }
}
