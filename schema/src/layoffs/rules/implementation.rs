//! Carrying out a layoff, as pure functions: each termination with its
//! severance and certificate, the re-employment services, and the six
//! months in which those laid off are told of new hiring first (LCL Art. 41
//! ¶3; seed 000 §二.3(四)).

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde_json::json;

use super::plan::facts;
use super::protection::protected_classes;
use super::severance::{Rates, SeveranceError, severance};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::counting::{Period, local_date};
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, UserErrors, refused};
use crate::layoffs::kinds::LayoffStatus;
use crate::layoffs::record::PlanWrite;
use crate::layoffs::storage::{
    HiringRow, NoticeRow, PlanChanges, PlanRow, ServiceRow, TerminationRow, WorkerRow,
};
use crate::risk::rules::yuan;

/// The rule of the six months, in words.
pub const REHIRE_RULE: &str = "《劳动合同法》第四十一条第三款：用人单位裁减人员后，在六个月内重新招用人员的，应当通知被裁减的人员，并在同等条件下优先招用被裁减的人员";

/// The last day of a worker's six months of priority.
pub fn rehire_until(last_day: NaiveDate) -> NaiveDate {
    last_day
        .checked_add_months(Months::new(6))
        .unwrap_or(NaiveDate::MAX)
}

/// The clock of the six months, running to `until`.
pub fn rehiring_clock(until: NaiveDate) -> StatutoryClock {
    StatutoryClock {
        kind: DeadlineKind::LayoffRehiring,
        period: Period::Until(until),
        rule: REHIRE_RULE.into(),
    }
}

fn everyone() -> Vec<Audience> {
    vec![Audience::Parties, Audience::Overseers]
}

/// Whether terminations may be recorded: once reported when the procedure
/// applies, at once when it does not.
fn carrying_out(plan: &PlanRow) -> bool {
    match plan.status {
        LayoffStatus::Implementing => true,
        LayoffStatus::Reported => plan.procedure_required,
        LayoffStatus::Draft => !plan.procedure_required,
        _ => false,
    }
}

/// A termination as the employer records it.
pub struct Terminated {
    pub last_day: NaiveDate,
    pub paid: i64,
    pub reason: Option<String>,
    pub certificate_on: NaiveDate,
}

/// Records the termination of `worker` (on the current list): not before
/// the earliest day, not of a worker Art. 42 protects on the last day,
/// the certificate issued, and the severance paid equal to the
/// calculator's unless a reason is given. The six months start.
pub fn terminate(
    plan: &PlanRow,
    worker: &WorkerRow,
    done: &[TerminationRow],
    terminated: Terminated,
    rates: Rates,
    now: NaiveDateTime,
) -> Ruling<PlanRow> {
    if !carrying_out(plan) {
        let message = match plan.procedure_required {
            true => "terminations follow the report to the labour administration",
            false => "the plan is closed",
        };
        return Err(refused("planId", UserErrorCode::RuleViolated, message));
    }
    let today = local_date(now.and_utc());
    let mut errors = UserErrors::default();
    if done.iter().any(|t| t.id_number == worker.id_number) {
        errors.push(
            &["row"],
            UserErrorCode::RuleViolated,
            "the worker's termination is recorded already",
        );
    }
    let Terminated {
        last_day,
        paid,
        reason,
        certificate_on,
    } = terminated;
    if last_day > today || last_day < plan.created_at.date() {
        errors.push(
            &["lastDay"],
            UserErrorCode::OutOfRange,
            "is between the plan's drawing up and today",
        );
    }
    if let Some(earliest) = plan.earliest_termination
        && last_day < earliest
    {
        errors.push(
            &["lastDay"],
            UserErrorCode::RuleViolated,
            format!("is on or after {earliest}, 30 days after the explanation"),
        );
    }
    for class in protected_classes(&facts(worker), last_day) {
        errors.push(
            &["row"],
            UserErrorCode::RuleViolated,
            format!("the worker may not be laid off: {}", class.describe()),
        );
    }
    if certificate_on < last_day || certificate_on > today {
        errors.push(
            &["certificateIssuedOn"],
            UserErrorCode::OutOfRange,
            "is between the last day of work and today",
        );
    }
    let due = match severance(
        worker.service_start,
        last_day,
        &[worker.monthly_wage],
        rates,
    ) {
        Ok(found) => Some(found.total),
        Err(SeveranceError::RatesNotSet { .. }) => None,
        Err(_) => {
            errors.push(
                &["lastDay"],
                UserErrorCode::OutOfRange,
                "is after the worker's service began",
            );
            None
        }
    };
    if let Some(due) = due
        && due != paid
        && reason.is_none()
    {
        errors.push(
            &["overrideReason"],
            UserErrorCode::Required,
            format!(
                "the calculated severance is {} yuan: give the reason for paying {}",
                yuan(due),
                yuan(paid)
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    let until = rehire_until(last_day);
    let count = done.len() + 1;
    let complete = i32::try_from(count).is_ok_and(|n| n >= plan.cut);
    let status = if complete {
        LayoffStatus::Completed
    } else {
        LayoffStatus::Implementing
    };
    let row = TerminationRow {
        plan_id: plan.id,
        id_number: worker.id_number.clone(),
        revision: worker.revision,
        position: worker.position,
        last_day,
        severance_due: due,
        severance_paid: paid,
        override_reason: reason,
        certificate_issued_on: certificate_on,
        rehire_until: until,
        recorded_at: now,
    };
    let decision = Decision::new(EventKind::LayoffTerminationRecorded, everyone())
        .change(PlanChanges {
            status: Some(status),
            ..PlanChanges::default()
        })
        .write(PlanWrite::Termination(row))
        .details(json!({ "terminated": count }));
    let latest = done.iter().map(|t| t.rehire_until).max();
    Ok(match latest {
        None => decision.open(rehiring_clock(until), now, everyone()),
        Some(latest) if until > latest => {
            let days = (until - latest).num_days();
            decision.extend(
                DeadlineKind::LayoffRehiring,
                u32::try_from(days).unwrap_or(0),
            )
        }
        Some(_) => decision,
    })
}

/// Records a re-employment service, once the plan is reported (or, below
/// the threshold, carried out), held today or before.
pub fn offer_service(plan: &PlanRow, service: ServiceRow, now: NaiveDateTime) -> Ruling<PlanRow> {
    if !matches!(
        plan.status,
        LayoffStatus::Reported | LayoffStatus::Implementing | LayoffStatus::Completed
    ) {
        return Err(refused(
            "planId",
            UserErrorCode::RuleViolated,
            "services follow the report (or, below the threshold, the first termination)",
        ));
    }
    let mut errors = UserErrors::default();
    if service.held_on > local_date(now.and_utc()) || service.held_on < plan.created_at.date() {
        errors.push(
            &["heldOn"],
            UserErrorCode::OutOfRange,
            "is between the plan's drawing up and today",
        );
    }
    if service.participants < 1 || service.participants > plan.cut {
        errors.push(
            &["participants"],
            UserErrorCode::OutOfRange,
            format!("is from 1 to the {} cut", plan.cut),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    let details = json!({ "serviceKind": service.kind.as_str(), "provider": service.provider });
    Ok(Decision::new(EventKind::LayoffServiceRecorded, everyone())
        .write(PlanWrite::Service(service))
        .details(details))
}

/// Records new hiring: within the six months of some termination, with
/// every worker whose six months it falls in told first (on or before the
/// day of hiring, after their last day). `notified` is (row on the list,
/// identity number, day told).
pub fn hire(
    plan: &PlanRow,
    done: &[TerminationRow],
    hiring: HiringRow,
    notified: &[(usize, String, NaiveDate)],
    names: &dyn Fn(&str) -> String,
) -> Ruling<PlanRow> {
    if !matches!(
        plan.status,
        LayoffStatus::Implementing | LayoffStatus::Completed
    ) {
        return Err(refused(
            "planId",
            UserErrorCode::RuleViolated,
            "no one has been laid off under the plan",
        ));
    }
    let within: Vec<&TerminationRow> = done
        .iter()
        .filter(|t| t.last_day < hiring.hired_on && hiring.hired_on <= t.rehire_until)
        .collect();
    if within.is_empty() {
        return Err(refused(
            "hiredOn",
            UserErrorCode::RuleViolated,
            "is outside the six months of every termination under the plan",
        ));
    }
    let mut errors = UserErrors::default();
    for (index, (row, number, on)) in notified.iter().enumerate() {
        let at = index.to_string();
        match within.iter().find(|t| &t.id_number == number) {
            None => errors.push(
                &["notified", &at, "row"],
                UserErrorCode::Invalid,
                format!("row {row} is not a worker laid off within six months of the hiring"),
            ),
            Some(t) if *on < t.last_day || *on > hiring.hired_on => errors.push(
                &["notified", &at, "notifiedOn"],
                UserErrorCode::OutOfRange,
                "is after the worker's last day and on or before the hiring",
            ),
            Some(_) => {}
        }
    }
    let missing: Vec<String> = within
        .iter()
        .filter(|t| !notified.iter().any(|(_, n, _)| n == &t.id_number))
        .map(|t| format!("row {} ({})", t.position + 1, names(&t.id_number)))
        .collect();
    if !missing.is_empty() {
        errors.push(
            &["notified"],
            UserErrorCode::RuleViolated,
            format!(
                "tell those laid off within six months first (LCL Art. 41 ¶3): {}",
                missing.join(", ")
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    let notices = notified
        .iter()
        .map(|(_, number, on)| NoticeRow {
            hiring_id: 0,
            plan_id: plan.id,
            id_number: number.clone(),
            notified_on: *on,
        })
        .collect();
    let details = json!({ "openings": hiring.openings, "notified": notified.len() });
    Ok(Decision::new(EventKind::LayoffHiringRecorded, everyone())
        .write(PlanWrite::Hiring(hiring, notices))
        .details(details))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{self, day};
    use super::*;
    use crate::change::ClockChange;

    fn now() -> NaiveDateTime {
        day(2027, 3, 10).and_hms_opt(2, 0, 0).unwrap()
    }

    fn worker(position: i32, id: &str) -> WorkerRow {
        fixtures::worker(position, id, "抄表员")
    }

    fn plan(status: LayoffStatus, procedure: bool) -> PlanRow {
        PlanRow {
            cut: 2,
            procedure_required: procedure,
            earliest_termination: Some(day(2027, 2, 28)),
            ..fixtures::plan(status)
        }
    }

    fn on(last_day: NaiveDate, paid: i64, reason: Option<&str>) -> Terminated {
        Terminated {
            last_day,
            paid,
            reason: reason.map(str::to_owned),
            certificate_on: last_day,
        }
    }

    const RATES: Rates = Rates {
        minimum_wage: Some(200_000),
        average_wage: Some(800_000),
    };

    fn fields(result: Ruling<PlanRow>) -> Vec<String> {
        match result {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| e.field.join(".")).collect(),
        }
    }

    #[test]
    fn a_termination_follows_the_report_and_the_earliest_day() {
        let w = worker(0, "A");
        let paid = 7_800_000; // 15 months at 5200
        for (status, procedure, allowed) in [
            (LayoffStatus::Answered, true, false),
            (LayoffStatus::Reported, true, true),
            (LayoffStatus::Draft, false, true),
            (LayoffStatus::Draft, true, false),
            (LayoffStatus::Withdrawn, true, false),
        ] {
            let result = terminate(
                &plan(status, procedure),
                &w,
                &[],
                on(day(2027, 2, 28), paid, None),
                RATES,
                now(),
            );
            assert_eq!(result.is_ok(), allowed, "{status:?} {procedure}");
        }
        let reported = plan(LayoffStatus::Reported, true);
        let early = terminate(
            &reported,
            &w,
            &[],
            on(day(2027, 2, 27), paid, None),
            RATES,
            now(),
        );
        assert!(fields(early).contains(&"lastDay".to_owned()));
        let ahead = terminate(
            &reported,
            &w,
            &[],
            on(day(2027, 3, 11), paid, None),
            RATES,
            now(),
        );
        assert!(
            fields(ahead).contains(&"lastDay".to_owned()),
            "not before it happens"
        );
    }

    #[test]
    fn a_different_amount_needs_its_reason_unless_no_rates_are_set() {
        let reported = plan(LayoffStatus::Reported, true);
        let w = worker(0, "A");
        let last = day(2027, 2, 28);
        let short = terminate(&reported, &w, &[], on(last, 7_000_000, None), RATES, now());
        assert_eq!(fields(short), ["overrideReason"]);
        let Err(errors) = terminate(&reported, &w, &[], on(last, 7_000_000, None), RATES, now())
        else {
            panic!("refused");
        };
        assert!(
            errors[0].message.contains("78000.00"),
            "{}",
            errors[0].message
        );
        let reasoned = on(last, 7_000_000, Some("按仲裁调解书支付"));
        assert!(terminate(&reported, &w, &[], reasoned, RATES, now()).is_ok());
        let unset = terminate(
            &reported,
            &w,
            &[],
            on(last, 1, None),
            Rates::default(),
            now(),
        );
        assert!(unset.is_ok(), "not set: nothing to compare with");
    }

    #[test]
    fn art_42_is_checked_again_on_the_last_day() {
        let reported = plan(LayoffStatus::Reported, true);
        let mut ill = worker(0, "A");
        ill.medical_treatment = true;
        let result = terminate(
            &reported,
            &ill,
            &[],
            on(day(2027, 2, 28), 7_800_000, None),
            RATES,
            now(),
        );
        assert_eq!(fields(result), ["row"]);
    }

    #[test]
    fn the_six_months_run_from_each_termination_to_the_last() {
        let reported = plan(LayoffStatus::Reported, true);
        let first = terminate(
            &reported,
            &worker(0, "A"),
            &[],
            on(day(2027, 2, 28), 7_800_000, None),
            RATES,
            now(),
        )
        .ok()
        .unwrap();
        assert!(matches!(
            &first.clocks[..],
            [ClockChange::Open(o)] if o.clock.period == Period::Until(day(2027, 8, 28))
        ));
        let done = TerminationRow {
            plan_id: 1,
            id_number: "A".into(),
            revision: 1,
            position: 0,
            last_day: day(2027, 2, 28),
            severance_due: Some(7_800_000),
            severance_paid: 7_800_000,
            override_reason: None,
            certificate_issued_on: day(2027, 2, 28),
            rehire_until: day(2027, 8, 28),
            recorded_at: now(),
        };
        let implementing = plan(LayoffStatus::Implementing, true);
        let second = terminate(
            &implementing,
            &worker(1, "B"),
            std::slice::from_ref(&done),
            on(day(2027, 3, 4), 7_800_000, None),
            Rates::default(),
            now(),
        )
        .ok()
        .unwrap();
        assert!(matches!(
            &second.clocks[..],
            [ClockChange::Extend(DeadlineKind::LayoffRehiring, 7)]
        ));
        assert_eq!(
            second.changes.and_then(|c| c.status),
            Some(LayoffStatus::Completed),
            "both of the 2 cut"
        );
        let again = terminate(
            &implementing,
            &worker(0, "A"),
            std::slice::from_ref(&done),
            on(day(2027, 3, 4), 7_800_000, None),
            Rates::default(),
            now(),
        );
        assert_eq!(fields(again), ["row"]);

        // Hiring on 1 June: A is within the six months and must be told first.
        let hiring = HiringRow {
            id: 0,
            plan_id: 1,
            hired_on: day(2027, 6, 1),
            posts: "巡检员".into(),
            openings: 2,
            recorded_at: now(),
        };
        let names = |_: &str| "职工A".to_owned();
        let untold = hire(
            &implementing,
            std::slice::from_ref(&done),
            hiring.clone(),
            &[],
            &names,
        );
        let Err(errors) = untold else {
            panic!("refused");
        };
        assert_eq!(errors[0].field, ["notified"]);
        assert!(
            errors[0].message.contains("row 1 (职工A)"),
            "{}",
            errors[0].message
        );
        let told = [(1, "A".to_owned(), day(2027, 5, 20))];
        assert!(
            hire(
                &implementing,
                std::slice::from_ref(&done),
                hiring.clone(),
                &told,
                &names
            )
            .is_ok()
        );
        let late = [(1, "A".to_owned(), day(2027, 6, 2))];
        let Err(errors) = hire(
            &implementing,
            std::slice::from_ref(&done),
            hiring.clone(),
            &late,
            &names,
        ) else {
            panic!("told after the hiring");
        };
        assert_eq!(errors[0].field, ["notified", "0", "notifiedOn"]);
        let after = HiringRow {
            hired_on: day(2027, 8, 29),
            ..hiring
        };
        assert!(
            hire(&implementing, &[done], after, &[], &names).is_err(),
            "outside the six months"
        );
    }
}
