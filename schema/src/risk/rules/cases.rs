//! What each change of a risk case or a warning decides, as pure functions
//! of the record, the facts and the checked input.

use chrono::{Duration, NaiveDateTime};
use serde_json::json;

use super::{FORM_CLOCK, RiskStep, attention, never, step, urgent_clock};
use crate::change::{Audience, Decision, Ruling, Side};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, refused};
use crate::risk::kinds::{
    MonitoredItem, ReportingFault, RiskOutcome, RiskSource, RiskStatus, WarningStatus,
};
use crate::risk::record::RiskWrite;
use crate::risk::storage::{
    CreditReminderRow, FollowUpRow, QuickReportRow, RiskCaseChanges, RiskCaseRow, RiskFormRow,
    UpwardReportRow, WarningChanges, WarningRow,
};

/// What a case's rules need beyond the case.
#[derive(Debug, Clone, Default)]
pub struct CaseFacts {
    /// Its open clocks and their due instants.
    pub open: Vec<(DeadlineKind, NaiveDateTime)>,
    /// The date its latest follow-up set for the next one.
    pub next_follow_up: Option<NaiveDateTime>,
    /// When its latest form was filed.
    pub last_form: Option<NaiveDateTime>,
    /// How many forms it has.
    pub forms: i32,
    /// The city tripartite office.
    pub city_office: Option<i64>,
    /// The hours within which an urgent case reaches the city office, as
    /// the case's region sets them.
    pub urgent_hours: u32,
}

impl CaseFacts {
    /// The due instants of the open clocks, but those of `closing`.
    fn open_but(&self, closing: &[DeadlineKind]) -> Vec<NaiveDateTime> {
        self.open
            .iter()
            .filter(|(kind, _)| !closing.contains(kind))
            .map(|(_, due)| *due)
            .collect()
    }

    /// Met when the open clock of `kind` is not yet due, else missed.
    fn kept(&self, kind: DeadlineKind, now: NaiveDateTime) -> DeadlineStatus {
        match self.open.iter().find(|(k, _)| *k == kind) {
            Some((_, due)) if now > *due => DeadlineStatus::Missed,
            _ => DeadlineStatus::Met,
        }
    }

    fn city(&self) -> Audience {
        Audience::Organizations(self.city_office.into_iter().collect())
    }
}

/// The instant a period of `hours` from `start` ends.
pub fn after_hours(start: NaiveDateTime, hours: u32) -> NaiveDateTime {
    start + Duration::hours(i64::from(hours))
}

/// When a new case needs the office first: its form, or sooner its report
/// upward when urgent.
pub fn first_attention(received: NaiveDateTime, urgent: bool, urgent_hours: u32) -> NaiveDateTime {
    let mut due = vec![after_hours(received, 24)];
    if urgent {
        due.push(after_hours(received, urgent_hours));
    }
    attention(RiskStatus::Reported, &due, None, None)
}

fn closed(case: &RiskCaseRow) -> Result<(), Vec<crate::graphql::errors::UserError>> {
    match case.status {
        RiskStatus::Closed | RiskStatus::Merged => Err(refused(
            "riskCaseId",
            UserErrorCode::RuleViolated,
            format!("the case is {}", case.status.as_str()),
        )),
        _ => Ok(()),
    }
}

/// A new case: the form's clock runs from the instant the office was told,
/// and an urgent case's report to the city office too; the employer, its
/// union and associations and the office are told, and an urgent case
/// reaches the city office at once.
pub fn opened(
    case: &RiskCaseRow,
    facts: &CaseFacts,
    report: Option<QuickReportRow>,
) -> Decision<RiskCaseRow> {
    let mut audience = vec![
        Audience::Side(Side::Employer),
        Audience::Followers,
        Audience::Overseers,
    ];
    let event = match case.source {
        RiskSource::AutomaticDetection => EventKind::RiskDetected,
        _ => EventKind::RiskReported,
    };
    let mut decision = Decision::new(event, [])
        .open(FORM_CLOCK, case.received_at, [Audience::Overseers])
        .announce(DeadlineKind::RiskForm);
    if case.urgent {
        audience.push(facts.city());
        decision = decision.open(
            urgent_clock(facts.urgent_hours),
            case.received_at,
            [Audience::Overseers],
        );
    }
    if let Some(report) = report {
        decision = decision.write(RiskWrite::Report(Box::new(report)));
    }
    decision.audience = audience;
    decision
}

/// A further report on an open case of the same employer and item: its
/// items join the case's, and a report that makes the case urgent starts
/// the urgent clock and reaches the city office.
pub fn further_report(
    case: &RiskCaseRow,
    facts: &CaseFacts,
    report: QuickReportRow,
    items: Vec<MonitoredItem>,
    urgent: bool,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    closed(case)?;
    let mut decision = Decision::new(EventKind::RiskReported, [Audience::Overseers])
        .write(RiskWrite::Items(items))
        .write(RiskWrite::Report(Box::new(report)))
        .details(json!({ "further": true }));
    if urgent && !case.urgent {
        let mut due = facts.open_but(&[]);
        due.push(after_hours(now, facts.urgent_hours));
        decision = decision
            .change(RiskCaseChanges {
                urgent: Some(true),
                attention_at: Some(attention(
                    case.status,
                    &due,
                    facts.next_follow_up,
                    facts.last_form,
                )),
                ..RiskCaseChanges::default()
            })
            .open(urgent_clock(facts.urgent_hours), now, [Audience::Overseers]);
        decision.audience.push(facts.city());
    }
    Ok(decision)
}

/// The office files an information form: the first assesses the case and
/// meets the 24-hour clock (or records it missed when late); later ones
/// follow the case. The form's level is the level the office proposes.
pub fn file_form(
    case: &RiskCaseRow,
    facts: &CaseFacts,
    mut form: RiskFormRow,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    let status = step(case.status, RiskStep::FileForm)
        .map_err(|message| refused("riskCaseId", UserErrorCode::RuleViolated, message))?;
    form.number = facts.forms + 1;
    let open = facts.open_but(&[DeadlineKind::RiskForm]);
    let changes = RiskCaseChanges {
        status: Some(status),
        level: form.level.map(Some),
        attention_at: Some(attention(status, &open, facts.next_follow_up, Some(now))),
        ..RiskCaseChanges::default()
    };
    let met = facts.kept(DeadlineKind::RiskForm, now);
    Ok(Decision::new(
        EventKind::RiskFormFiled,
        [Audience::Overseers, facts.city()],
    )
    .change(changes)
    .close(DeadlineKind::RiskForm, met)
    .details(json!({ "title": form.title, "number": form.number }))
    .write(RiskWrite::Form(Box::new(form))))
}

/// A follow-up entry (or a referral): measures are under way.
pub fn follow_up(
    case: &RiskCaseRow,
    facts: &CaseFacts,
    entry: FollowUpRow,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    let status = step(case.status, RiskStep::FollowUp)
        .map_err(|message| refused("riskCaseId", UserErrorCode::RuleViolated, message))?;
    if entry.next_at.is_some_and(|next| next <= now) {
        return Err(refused(
            "nextAt",
            UserErrorCode::OutOfRange,
            "the next follow-up is after now",
        ));
    }
    let open = facts.open_but(&[]);
    let changes = RiskCaseChanges {
        status: Some(status),
        attention_at: Some(attention(status, &open, entry.next_at, facts.last_form)),
        ..RiskCaseChanges::default()
    };
    let referred = entry.referred_to.map(|r| r.as_str());
    Ok(
        Decision::new(EventKind::RiskFollowedUp, [Audience::Overseers])
            .change(changes)
            .details(json!({ "done": entry.done, "referredTo": referred }))
            .write(RiskWrite::FollowUp(entry)),
    )
}

/// What the office changes of a case's flags.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub major: Option<bool>,
    pub urgent: Option<bool>,
    /// The tracker (专人) and phone; `Some(None)` removes them.
    pub tracker: Option<Option<(String, Option<String>)>>,
}

/// Marks a case major or urgent and names its tracker: a major case has a
/// named tracker (seed 004 §四.(二): 建立专门台账，落实专人跟踪); an urgent
/// case stays urgent, and becoming one starts its report to the city office.
pub fn flag(
    case: &RiskCaseRow,
    facts: &CaseFacts,
    flags: Flags,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    closed(case)?;
    let major = flags.major.unwrap_or(case.major);
    let tracker = match &flags.tracker {
        Some(tracker) => tracker.clone(),
        None => case
            .tracker
            .clone()
            .map(|t| (t, case.tracker_phone.clone())),
    };
    if major && tracker.is_none() {
        return Err(refused(
            "tracker",
            UserErrorCode::Required,
            "a major case needs a named person tracking it",
        ));
    }
    if flags.urgent == Some(false) && case.urgent {
        return Err(refused(
            "urgent",
            UserErrorCode::RuleViolated,
            "an urgent case stays urgent",
        ));
    }
    let mut changes = RiskCaseChanges {
        major: Some(major),
        ..RiskCaseChanges::default()
    };
    if flags.tracker.is_some() {
        changes.tracker = Some(tracker.as_ref().map(|(name, _)| name.clone()));
        changes.tracker_phone = Some(tracker.and_then(|(_, phone)| phone));
    }
    let mut decision = Decision::new(EventKind::RiskCaseFlagged, [Audience::Overseers]);
    if flags.urgent == Some(true) && !case.urgent {
        let mut due = facts.open_but(&[]);
        due.push(after_hours(now, facts.urgent_hours));
        changes.urgent = Some(true);
        changes.attention_at = Some(attention(
            case.status,
            &due,
            facts.next_follow_up,
            facts.last_form,
        ));
        decision = decision.open(urgent_clock(facts.urgent_hours), now, [Audience::Overseers]);
        decision.audience.push(facts.city());
    }
    Ok(decision.change(changes))
}

/// A report upward: the urgent case's clock is met (or missed when late).
pub fn report_upward(
    case: &RiskCaseRow,
    facts: &CaseFacts,
    report: UpwardReportRow,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    if case.status == RiskStatus::Merged {
        return Err(refused(
            "subjectId",
            UserErrorCode::RuleViolated,
            "the case is MERGED: report the case it joined",
        ));
    }
    let open = facts.open_but(&[DeadlineKind::RiskUrgentReport]);
    let changes = RiskCaseChanges {
        attention_at: Some(attention(
            case.status,
            &open,
            facts.next_follow_up,
            facts.last_form,
        )),
        ..RiskCaseChanges::default()
    };
    let met = facts.kept(DeadlineKind::RiskUrgentReport, now);
    Ok(Decision::new(
        EventKind::RiskReportedUpward,
        [Audience::Overseers, facts.city()],
    )
    .change(changes)
    .close(DeadlineKind::RiskUrgentReport, met)
    .details(json!({ "recipient": report.recipient.as_str() }))
    .write(RiskWrite::Upward(report)))
}

/// Closes a case with its outcome; clocks still running no longer apply.
pub fn close(
    case: &RiskCaseRow,
    outcome: RiskOutcome,
    summary: String,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    let status = step(case.status, RiskStep::Close)
        .map_err(|message| refused("riskCaseId", UserErrorCode::RuleViolated, message))?;
    let changes = RiskCaseChanges {
        status: Some(status),
        outcome: Some(Some(outcome)),
        outcome_summary: Some(Some(summary)),
        closed_at: Some(Some(now)),
        attention_at: Some(never()),
        ..RiskCaseChanges::default()
    };
    Ok(Decision::new(
        EventKind::RiskCaseClosed,
        [
            Audience::Side(Side::Employer),
            Audience::Followers,
            Audience::Overseers,
        ],
    )
    .change(changes)
    .close(DeadlineKind::RiskForm, DeadlineStatus::Cancelled)
    .close(DeadlineKind::RiskUrgentReport, DeadlineStatus::Cancelled)
    .details(json!({ "outcome": outcome.as_str() })))
}

/// What a credit reminder's rule needs: whether the employer itself
/// reported the matter (by the quick report, or by a call the office
/// recorded), and the faults it was reminded of on the case already.
#[derive(Debug, Clone, Default)]
pub struct ReminderFacts {
    pub employer_reported: bool,
    pub faults: Vec<ReportingFault>,
}

/// A credit reminder (信用提醒, seed 004 §十): a missed report (漏报) only
/// where the employer did not report the matter, a late one (迟报) only
/// where it did; one per fault and case; an integrity interview, if
/// scheduled, after now. The employer is told.
pub fn credit_reminder(
    facts: &ReminderFacts,
    reminder: CreditReminderRow,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    let refuse = |field: &str, code, message: &str| Err(refused(field, code, message));
    match reminder.fault {
        ReportingFault::Missed if facts.employer_reported => {
            return refuse(
                "fault",
                UserErrorCode::RuleViolated,
                "the employer reported this matter: a late or concealed report, not a missed one",
            );
        }
        ReportingFault::Late if !facts.employer_reported => {
            return refuse(
                "fault",
                UserErrorCode::RuleViolated,
                "the employer has not reported this matter: a missed report, not a late one",
            );
        }
        fault if facts.faults.contains(&fault) => {
            return refuse(
                "fault",
                UserErrorCode::Taken,
                "the employer was reminded of this on the case already",
            );
        }
        _ => {}
    }
    if reminder.interview_at.is_some_and(|at| at <= now) {
        return refuse("interviewAt", UserErrorCode::OutOfRange, "is after now");
    }
    Ok(Decision::new(
        EventKind::CreditReminderIssued,
        [Audience::Side(Side::Employer), Audience::Overseers],
    )
    .details(json!({
        "fault": reminder.fault.as_str(),
        "interviewAt": reminder.interview_at.map(|t| t.and_utc().to_rfc3339()),
    }))
    .write(RiskWrite::Reminder(reminder)))
}

/// Records the integrity interview (诚信约谈) of a reminder, once.
pub fn interview(
    reminder: &CreditReminderRow,
    attendees: String,
    outcome: String,
) -> Ruling<RiskCaseRow> {
    if reminder.interviewed_at.is_some() {
        return Err(refused(
            "creditReminderId",
            UserErrorCode::RuleViolated,
            "its interview was recorded already",
        ));
    }
    Ok(Decision::new(
        EventKind::IntegrityInterviewHeld,
        [Audience::Side(Side::Employer), Audience::Overseers],
    )
    .details(json!({ "fault": reminder.fault.as_str(), "outcome": outcome }))
    .write(RiskWrite::Interview {
        reminder: reminder.id,
        attendees,
        outcome,
    }))
}

/// Lifts a warning in force; the bodies it was told to are told.
pub fn lift(warning: &WarningRow, reason: String, now: NaiveDateTime) -> Ruling<WarningRow> {
    if warning.status == WarningStatus::Lifted {
        return Err(refused(
            "warningId",
            UserErrorCode::RuleViolated,
            "the warning is already lifted",
        ));
    }
    let changes = WarningChanges {
        status: Some(WarningStatus::Lifted),
        lifted_at: Some(Some(now)),
        lift_reason: Some(Some(reason.clone())),
    };
    Ok(Decision::new(
        EventKind::WarningLifted,
        [Audience::Followers, Audience::Side(Side::Employer)],
    )
    .change(changes)
    .details(json!({ "reason": reason })))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::ClockChange;
    use crate::risk::kinds::WarningLevel;
    use chrono::NaiveDate;

    fn at(hour: u32, minute: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, 1)
            .and_then(|d| d.and_hms_opt(hour, minute, 0))
            .unwrap()
    }

    fn case(status: RiskStatus) -> RiskCaseRow {
        RiskCaseRow {
            id: 1,
            employer_id: 2,
            region_id: 3,
            office_id: 4,
            source: RiskSource::EmployerReport,
            status,
            summary: String::new(),
            urgent: false,
            major: false,
            tracker: None,
            tracker_phone: None,
            level: None,
            outcome: None,
            outcome_summary: None,
            merged_into_id: None,
            received_at: at(1, 0),
            attention_at: at(1, 0),
            closed_at: None,
            version: 1,
            created_at: at(1, 0),
            updated_at: at(1, 0),
        }
    }

    fn form(level: Option<WarningLevel>) -> RiskFormRow {
        RiskFormRow {
            id: 0,
            case_id: 1,
            number: 0,
            office_id: 4,
            title: "欠薪".into(),
            level,
            situation: String::new(),
            cause: String::new(),
            trend: String::new(),
            measures: String::new(),
            next_steps: String::new(),
            remarks: String::new(),
            responsible_head: String::new(),
            filled_by: String::new(),
            phone: String::new(),
            form_date: at(0, 0).date(),
            filed_at: at(0, 0),
        }
    }

    fn facts(form_due: NaiveDateTime) -> CaseFacts {
        CaseFacts {
            open: vec![(DeadlineKind::RiskForm, form_due)],
            city_office: Some(9),
            urgent_hours: 2,
            ..CaseFacts::default()
        }
    }

    fn closing(decision: &Decision<RiskCaseRow>, kind: DeadlineKind) -> Option<DeadlineStatus> {
        decision.clocks.iter().find_map(|c| match c {
            ClockChange::Close(k, status) if *k == kind => Some(*status),
            _ => None,
        })
    }

    #[test]
    fn a_form_a_minute_before_the_24_hours_meets_the_clock_and_a_later_one_misses_it() {
        let due = after_hours(at(1, 0), 24);
        let in_time = file_form(
            &case(RiskStatus::Reported),
            &facts(due),
            form(None),
            due - Duration::minutes(1),
        )
        .unwrap();
        assert_eq!(
            closing(&in_time, DeadlineKind::RiskForm),
            Some(DeadlineStatus::Met)
        );
        assert_eq!(
            in_time.changes.as_ref().unwrap().status,
            Some(RiskStatus::Assessed)
        );
        let late = file_form(
            &case(RiskStatus::Reported),
            &facts(due),
            form(None),
            due + Duration::minutes(1),
        )
        .unwrap();
        assert_eq!(
            closing(&late, DeadlineKind::RiskForm),
            Some(DeadlineStatus::Missed)
        );
    }

    #[test]
    fn the_form_numbers_follow_and_carry_the_proposed_level() {
        let mut facts = facts(at(23, 0));
        facts.forms = 1;
        let decision = file_form(
            &case(RiskStatus::Assessed),
            &facts,
            form(Some(WarningLevel::Level1)),
            at(2, 0),
        )
        .unwrap();
        let changes = decision.changes.as_ref().unwrap();
        assert_eq!(changes.level, Some(Some(WarningLevel::Level1)));
        let Some(RiskWrite::Form(written)) = decision.writes.first() else {
            panic!("a form");
        };
        assert_eq!(written.number, 2);
        assert!(file_form(&case(RiskStatus::Closed), &facts, form(None), at(2, 0)).is_err());
    }

    #[test]
    fn a_major_case_needs_a_tracker_and_an_urgent_one_reaches_the_city_office() {
        let facts = facts(at(23, 0));
        let flags = Flags {
            major: Some(true),
            ..Flags::default()
        };
        let Err(refused) = flag(&case(RiskStatus::Reported), &facts, flags, at(2, 0)) else {
            panic!("refused");
        };
        assert_eq!(refused[0].field, ["tracker"]);
        let flags = Flags {
            major: Some(true),
            urgent: Some(true),
            tracker: Some(Some(("王明".into(), Some("0431-1234".into())))),
        };
        let decision = flag(&case(RiskStatus::Reported), &facts, flags, at(2, 0)).unwrap();
        let changes = decision.changes.as_ref().unwrap();
        assert_eq!(changes.tracker, Some(Some("王明".into())));
        assert_eq!(changes.attention_at, Some(at(4, 0)), "two hours from now");
        assert!(
            decision
                .audience
                .contains(&Audience::Organizations(vec![9]))
        );
        let mut urgent = case(RiskStatus::Reported);
        urgent.urgent = true;
        let calm = Flags {
            urgent: Some(false),
            ..Flags::default()
        };
        assert!(flag(&urgent, &facts, calm, at(2, 0)).is_err());
    }

    #[test]
    fn a_new_case_is_first_due_at_its_form_or_sooner_when_urgent() {
        assert_eq!(
            first_attention(at(1, 0), false, 2),
            after_hours(at(1, 0), 24)
        );
        assert_eq!(first_attention(at(1, 0), true, 2), at(3, 0));
        let mut urgent = case(RiskStatus::Reported);
        urgent.urgent = true;
        let decision = opened(&urgent, &facts(at(23, 0)), None);
        assert_eq!(decision.clocks.len(), 2);
        assert!(
            decision
                .audience
                .contains(&Audience::Organizations(vec![9]))
        );
        let calm = opened(&case(RiskStatus::Reported), &facts(at(23, 0)), None);
        assert_eq!(calm.clocks.len(), 1);
        assert!(!calm.audience.contains(&Audience::Organizations(vec![9])));
    }

    #[test]
    fn closing_cancels_what_still_runs_and_sorts_the_case_last() {
        let decision = close(
            &case(RiskStatus::Assessed),
            RiskOutcome::Resolved,
            "已结清".into(),
            at(5, 0),
        )
        .unwrap();
        assert_eq!(
            closing(&decision, DeadlineKind::RiskForm),
            Some(DeadlineStatus::Cancelled)
        );
        assert_eq!(
            decision.changes.as_ref().unwrap().attention_at,
            Some(never())
        );
        assert!(
            close(
                &case(RiskStatus::Closed),
                RiskOutcome::Resolved,
                String::new(),
                at(5, 0)
            )
            .is_err()
        );
    }
}
