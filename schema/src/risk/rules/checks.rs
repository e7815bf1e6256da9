//! What health checks (法治体检) and rectification items (the four lists:
//! 整改清单、工作措施清单、责任部门清单、整改时限清单, seed 000 §二.1)
//! decide, as pure functions.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use crate::change::{Audience, Decision, Ruling, Side};
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, UserErrors, refused};
use crate::risk::checks::storage::{
    HealthCheckChanges, HealthCheckRow, RectificationChanges, RectificationRow,
};
use crate::risk::kinds::{HealthCheckArea, RectificationStatus};

/// The longest time limit an office may set: a year.
pub const LONGEST_LIMIT_DAYS: i64 = 366;

/// Checks what a visit found: at least one visitor and one area, no area
/// twice, and a visit that has happened.
pub fn check_visit(
    errors: &mut UserErrors,
    visitors: usize,
    areas: &[HealthCheckArea],
    visited_on: NaiveDate,
    today: NaiveDate,
) {
    if visitors == 0 {
        errors.push(
            &["visitors"],
            UserErrorCode::Required,
            "name who made the visit",
        );
    }
    if areas.is_empty() {
        errors.push(
            &["findings"],
            UserErrorCode::Required,
            "record a finding for at least one area",
        );
    }
    for (i, area) in areas.iter().enumerate() {
        if areas[..i].contains(area) {
            let index = i.to_string();
            errors.push(
                &["findings", &index, "area"],
                UserErrorCode::Invalid,
                format!("{} is already recorded", area.as_str()),
            );
        }
    }
    if visited_on > today {
        errors.push(
            &["visitedOn"],
            UserErrorCode::OutOfRange,
            "is in the future",
        );
    }
}

/// Checks a time limit: after today, within a year.
pub fn check_limit(field: &str, due_on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    let days = (due_on - today).num_days();
    match days {
        d if d < 1 => Err(format!("`{field}` must be after today")),
        d if d > LONGEST_LIMIT_DAYS => Err(format!("`{field}` must be within a year")),
        _ => Ok(due_on),
    }
}

/// A health check recorded: the employer, its union and the bodies that
/// made and oversee it are told, and the employer is to acknowledge the
/// prescription.
pub fn recorded() -> Decision<HealthCheckRow> {
    Decision::new(
        EventKind::HealthCheckRecorded,
        [
            Audience::Side(Side::Employer),
            Audience::Followers,
            Audience::Overseers,
        ],
    )
}

/// The employer acknowledges the prescription, once.
pub fn acknowledge(
    check: &HealthCheckRow,
    by: String,
    note: Option<String>,
    now: NaiveDateTime,
) -> Ruling<HealthCheckRow> {
    if check.acknowledged_at.is_some() {
        return Err(refused(
            "healthCheckId",
            UserErrorCode::RuleViolated,
            "the prescription is already acknowledged",
        ));
    }
    Ok(Decision::new(
        EventKind::PrescriptionAcknowledged,
        [Audience::Side(Side::Employer), Audience::Overseers],
    )
    .change(HealthCheckChanges {
        acknowledged_at: Some(now),
        acknowledged_by: Some(by),
        acknowledgement: Some(note),
    }))
}

/// The clock of a rectification item: until the end of its last day.
pub fn rectification_clock(due_on: NaiveDate) -> StatutoryClock {
    StatutoryClock::set(
        DeadlineKind::Rectification,
        Period::Until(due_on),
        format!("整改时限清单：{due_on}前完成整改并报送整改材料"),
    )
}

/// Everyone an item concerns: the employer, the responsible department
/// and the bodies over it.
fn concerned() -> Vec<Audience> {
    vec![
        Audience::Side(Side::Employer),
        Audience::Followers,
        Audience::Overseers,
    ]
}

/// A new item: its time limit runs from now.
pub fn assigned(item: &RectificationRow, now: NaiveDateTime) -> Decision<RectificationRow> {
    Decision::new(EventKind::RectificationAssigned, concerned())
        .open(rectification_clock(item.due_on), now, concerned())
        .announce(DeadlineKind::Rectification)
}

fn in_status(
    item: &RectificationRow,
    status: RectificationStatus,
) -> Result<(), Vec<crate::graphql::errors::UserError>> {
    match item.status == status {
        true => Ok(()),
        false => Err(refused(
            "rectificationItemId",
            UserErrorCode::RuleViolated,
            format!("the item is {}", item.status.as_str()),
        )),
    }
}

/// The employer reports an open item done: its clock is met if the time
/// limit has not passed, and the office is to verify.
pub fn report_done(
    item: &RectificationRow,
    evidence: String,
    now: NaiveDateTime,
) -> Ruling<RectificationRow> {
    in_status(item, RectificationStatus::Open)?;
    let kept = match now > item.due_at {
        true => DeadlineStatus::Missed,
        false => DeadlineStatus::Met,
    };
    Ok(Decision::new(EventKind::RectificationReported, concerned())
        .change(RectificationChanges {
            status: Some(RectificationStatus::Done),
            evidence: Some(evidence),
            done_at: Some(now),
            ..RectificationChanges::default()
        })
        .close(DeadlineKind::Rectification, kept)
        .details(json!({ "late": now > item.due_at })))
}

/// What the office found of an item reported done.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Done: the item is verified.
    Accepted,
    /// Not done: it is open again until the new time limit.
    Rejected {
        due_on: NaiveDate,
        due_at: NaiveDateTime,
    },
}

/// The office verifies an item reported done, or opens it again with a
/// new time limit.
pub fn verify(
    item: &RectificationRow,
    verdict: Verdict,
    note: Option<String>,
    office: i64,
    now: NaiveDateTime,
) -> Ruling<RectificationRow> {
    in_status(item, RectificationStatus::Done)?;
    Ok(match verdict {
        Verdict::Accepted => Decision::new(EventKind::RectificationVerified, concerned()).change(
            RectificationChanges {
                status: Some(RectificationStatus::Verified),
                verified_at: Some(now),
                verified_by_id: Some(office),
                verification_note: note,
                ..RectificationChanges::default()
            },
        ),
        Verdict::Rejected { due_on, due_at } => {
            Decision::new(EventKind::RectificationReopened, concerned())
                .change(RectificationChanges {
                    status: Some(RectificationStatus::Open),
                    verification_note: note,
                    due_on: Some(due_on),
                    due_at: Some(due_at),
                    ..RectificationChanges::default()
                })
                .open(rectification_clock(due_on), now, concerned())
                .announce(DeadlineKind::Rectification)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::ClockChange;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn at(s: &str) -> NaiveDateTime {
        s.parse().unwrap()
    }

    fn item(status: RectificationStatus) -> RectificationRow {
        RectificationRow {
            id: 1,
            employer_id: 2,
            region_id: 3,
            case_id: None,
            health_check_id: Some(4),
            problem: "未签订劳动合同".into(),
            measure: "补签劳动合同".into(),
            responsible_organization_id: None,
            responsible_department: Some("人力资源部".into()),
            due_on: date("2026-12-31"),
            due_at: at("2026-12-31T16:00:00"),
            status,
            evidence: None,
            done_at: None,
            verified_at: None,
            verified_by_id: None,
            verification_note: None,
            added_by_id: 5,
            version: 1,
            created_at: at("2026-12-01T00:00:00"),
            updated_at: at("2026-12-01T00:00:00"),
        }
    }

    fn closing(decision: &Decision<RectificationRow>) -> Option<DeadlineStatus> {
        decision.clocks.iter().find_map(|c| match c {
            ClockChange::Close(DeadlineKind::Rectification, status) => Some(*status),
            _ => None,
        })
    }

    #[test]
    fn a_visit_needs_a_visitor_an_area_once_and_a_past_date() {
        let today = date("2026-12-01");
        let mut errors = UserErrors::default();
        check_visit(&mut errors, 1, &[HealthCheckArea::Wages], today, today);
        assert!(errors.is_empty());
        let mut errors = UserErrors::default();
        let twice = [HealthCheckArea::Wages, HealthCheckArea::Wages];
        check_visit(&mut errors, 0, &twice, date("2026-12-02"), today);
        let fields: Vec<String> = errors
            .into_vec()
            .into_iter()
            .map(|e| e.field.join("."))
            .collect();
        assert_eq!(fields, ["visitors", "findings.1.area", "visitedOn"]);
    }

    #[test]
    fn a_time_limit_is_after_today_and_within_a_year() {
        let today = date("2026-12-01");
        assert!(check_limit("dueOn", today, today).is_err());
        assert_eq!(
            check_limit("dueOn", date("2026-12-02"), today),
            Ok(date("2026-12-02"))
        );
        assert!(check_limit("dueOn", date("2027-12-02"), today).is_ok());
        assert!(check_limit("dueOn", date("2027-12-03"), today).is_err());
    }

    #[test]
    fn a_report_in_time_meets_the_clock_and_a_late_one_misses_it() {
        let open = item(RectificationStatus::Open);
        let in_time = report_done(&open, "合同扫描件".into(), open.due_at).unwrap();
        assert_eq!(closing(&in_time), Some(DeadlineStatus::Met));
        let changes = in_time.changes.unwrap();
        assert_eq!(changes.status, Some(RectificationStatus::Done));
        let late = report_done(
            &open,
            "x".into(),
            open.due_at + chrono::Duration::seconds(1),
        );
        assert_eq!(closing(&late.unwrap()), Some(DeadlineStatus::Missed));
        assert!(report_done(&item(RectificationStatus::Done), "x".into(), open.due_at).is_err());
    }

    #[test]
    fn a_rejected_item_opens_again_with_a_new_clock() {
        let done = item(RectificationStatus::Done);
        let now = at("2027-01-02T02:00:00");
        let verified = verify(&done, Verdict::Accepted, None, 9, now).unwrap();
        assert_eq!(verified.event, EventKind::RectificationVerified);
        assert_eq!(verified.changes.unwrap().verified_by_id, Some(9));
        let verdict = Verdict::Rejected {
            due_on: date("2027-01-31"),
            due_at: at("2027-01-31T16:00:00"),
        };
        let reopened = verify(&done, verdict, Some("缺少签收记录".into()), 9, now).unwrap();
        assert_eq!(
            reopened.changes.as_ref().unwrap().status,
            Some(RectificationStatus::Open)
        );
        let ClockChange::Open(opening) = &reopened.clocks[0] else {
            panic!("a clock opens");
        };
        assert_eq!(opening.clock.period, Period::Until(date("2027-01-31")));
        assert!(
            verify(
                &item(RectificationStatus::Open),
                Verdict::Accepted,
                None,
                9,
                now
            )
            .is_err()
        );
    }

    #[test]
    fn a_prescription_is_acknowledged_once() {
        let mut check = HealthCheckRow {
            id: 1,
            employer_id: 2,
            region_id: 3,
            recorded_by_id: 4,
            visited_on: date("2026-11-30"),
            diagnosis: "d".into(),
            prescription: "p".into(),
            acknowledged_at: None,
            acknowledged_by: None,
            acknowledgement: None,
            version: 1,
            created_at: at("2026-12-01T00:00:00"),
            updated_at: at("2026-12-01T00:00:00"),
        };
        let now = at("2026-12-01T03:00:00");
        let decision = acknowledge(&check, "李经理".into(), None, now).unwrap();
        assert_eq!(decision.changes.unwrap().acknowledged_at, Some(now));
        check.acknowledged_at = Some(now);
        assert!(acknowledge(&check, "李经理".into(), None, now).is_err());
    }
}
