//! The facts a case's rules need, loaded once for any change of a case.

use super::rules::cases::{CaseFacts, ReminderFacts};
use super::rules::{RETURN_DAY, URGENT_HOURS};
use super::storage;
use super::storage::RiskCaseRow;
use crate::change::{Act, Facts, Record};
use crate::db::Conn;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::storage as deadlines;
use crate::graphql::errors::TxError;
use crate::organizations::places::region_chain;

/// The nearest rule of the regions above and at `region_id`, of those
/// that set one: `pick` chooses which.
async fn nearest(
    conn: &mut Conn<'_>,
    region_id: i64,
    pick: fn(&storage::RegionRules) -> Option<i32>,
) -> Result<Option<i32>, TxError> {
    let chain = region_chain(conn, region_id).await?;
    let rules = storage::region_rules(conn, &chain).await?;
    Ok(chain
        .iter()
        .rev()
        .find_map(|region| rules.iter().find(|r| r.0 == *region).and_then(pick)))
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
