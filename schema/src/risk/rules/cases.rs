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
use crate::graphql::ids::{NodeType, encode};
use crate::risk::kinds::{
    MonitoredItem, ReportingFault, RiskOutcome, RiskSource, RiskStatus, WarningStatus,
};
use crate::risk::record::RiskWrite;
use crate::risk::storage::{
    CreditReminderRow, FollowUpRow, LinkRow, QuickReportRow, RiskCaseChanges, RiskCaseRow,
    RiskFormRow, UpwardReportRow, WarningChanges, WarningRow,
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
        outcome: Some(Some(outcome)),
        outcome_summary: Some(Some(summary)),
        ..RiskCaseChanges::default()
    };
    Ok(ended(EventKind::RiskCaseClosed, status, changes, now)
        .details(json!({ "outcome": outcome.as_str() })))
}

/// A case's end, closed or merged: it sorts last, the clocks still running
/// no longer apply, and the employer, its union and associations and the
/// office are told.
fn ended(
    event: EventKind,
    status: RiskStatus,
    changes: RiskCaseChanges,
    now: NaiveDateTime,
) -> Decision<RiskCaseRow> {
    let changes = RiskCaseChanges {
        status: Some(status),
        closed_at: Some(Some(now)),
        attention_at: Some(never()),
        ..changes
    };
    Decision::new(
        event,
        [
            Audience::Side(Side::Employer),
            Audience::Followers,
            Audience::Overseers,
        ],
    )
    .change(changes)
    .close(DeadlineKind::RiskForm, DeadlineStatus::Cancelled)
    .close(DeadlineKind::RiskUrgentReport, DeadlineStatus::Cancelled)
}

/// What merging a case needs: the case it is to join, when there is one
/// of that id, and the monitored items of the case merged.
#[derive(Debug, Clone, Default)]
pub struct MergeFacts {
    pub into: Option<RiskCaseRow>,
    pub items: Vec<MonitoredItem>,
}

/// Merges a second case of the same matter into an open case of the same
/// employer (the office's answer to a duplicate report): the case is MERGED
/// and sorts last, its clocks no longer apply (the kept case's run on), and
/// its items join the kept case. An urgent or major case joins only a case
/// that is as well, so that nothing it started is lost.
pub fn merge(
    case: &RiskCaseRow,
    facts: &MergeFacts,
    reason: String,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    let status = step(case.status, RiskStep::Merge)
        .map_err(|message| refused("riskCaseId", UserErrorCode::RuleViolated, message))?;
    let refuse = |code, message: &str| Err(refused("intoRiskCaseId", code, message));
    let into = match &facts.into {
        Some(into) if into.employer_id == case.employer_id => into,
        _ => {
            return refuse(
                UserErrorCode::NotFound,
                "no case of the same employer has this id",
            );
        }
    };
    if into.id == case.id {
        return refuse(UserErrorCode::RuleViolated, "a case cannot join itself");
    }
    if matches!(into.status, RiskStatus::Closed | RiskStatus::Merged) {
        return refuse(
            UserErrorCode::RuleViolated,
            &format!("the case it joins is {}", into.status.as_str()),
        );
    }
    if case.urgent && !into.urgent {
        return refuse(
            UserErrorCode::RuleViolated,
            "this case is urgent and the one it joins is not: flag that one urgent first",
        );
    }
    if case.major && !into.major {
        return refuse(
            UserErrorCode::RuleViolated,
            "this case is major and the one it joins is not: flag that one major first",
        );
    }
    let changes = RiskCaseChanges {
        merged_into_id: Some(Some(into.id)),
        outcome_summary: Some(Some(reason.clone())),
        ..RiskCaseChanges::default()
    };
    Ok(ended(EventKind::RiskCasesMerged, status, changes, now)
        .details(json!({ "into": encode(NodeType::RiskCase, into.id).0, "reason": reason }))
        .write(RiskWrite::Join {
            into: into.id,
            items: facts.items.clone(),
        }))
}

/// Records the answer of labour inspection or arbitration to a referral,
/// once, at an instant between the referral and now.
pub fn answer_referral(
    entry: &FollowUpRow,
    answer: String,
    answered_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Ruling<RiskCaseRow> {
    let Some(referral) = entry.referred_to else {
        return Err(refused(
            "followUpId",
            UserErrorCode::RuleViolated,
            "the follow-up is not a referral",
        ));
    };
    if entry.answer.is_some() {
        return Err(refused(
            "followUpId",
            UserErrorCode::RuleViolated,
            "the referral was answered already",
        ));
    }
    if answered_at > now {
        return Err(refused(
            "answeredAt",
            UserErrorCode::OutOfRange,
            "is in the future",
        ));
    }
    if answered_at < entry.happened_at {
        return Err(refused(
            "answeredAt",
            UserErrorCode::OutOfRange,
            "is before the referral",
        ));
    }
    Ok(
        Decision::new(EventKind::RiskReferralAnswered, [Audience::Overseers])
            .details(json!({ "referredTo": referral.as_str(), "answer": answer }))
            .write(RiskWrite::Answer {
                follow_up: entry.id,
                answer,
                answered_at,
            }),
    )
}

/// What linking a case needs: the employers bound by the offer or
/// agreement named (none when there is no such record), and the case's
/// links.
#[derive(Debug, Clone, Default)]
pub struct LinkFacts {
    pub employers: Vec<i64>,
    pub links: Vec<LinkRow>,
}

/// Links a case to an offer or agreement of its employer, once; a merged
/// case is followed through the case it joined.
pub fn link(case: &RiskCaseRow, facts: &LinkFacts, link: LinkRow) -> Ruling<RiskCaseRow> {
    if case.status == RiskStatus::Merged {
        return Err(refused(
            "riskCaseId",
            UserErrorCode::RuleViolated,
            "the case is MERGED: link the case it joined",
        ));
    }
    if !facts.employers.contains(&case.employer_id) {
        return Err(refused(
            "subjectId",
            UserErrorCode::NotFound,
            "no offer or agreement of the case's employer has this id",
        ));
    }
    if facts.links.iter().any(|l| same_link(l, &link)) {
        return Err(refused(
            "subjectId",
            UserErrorCode::Taken,
            "the case is linked to it already",
        ));
    }
    Ok(
        Decision::new(EventKind::RiskCaseLinked, [Audience::Overseers])
            .details(json!({ "linkKind": link.kind.as_str() }))
            .write(RiskWrite::Link(link)),
    )
}

/// Removes a case's link.
pub fn unlink(facts: &LinkFacts, link: &LinkRow) -> Ruling<RiskCaseRow> {
    let Some(found) = facts.links.iter().find(|l| same_link(l, link)) else {
        return Err(refused(
            "subjectId",
            UserErrorCode::RuleViolated,
            "the case is not linked to it",
        ));
    };
    Ok(
        Decision::new(EventKind::RiskCaseUnlinked, [Audience::Overseers])
            .details(json!({ "linkKind": found.kind.as_str() }))
            .write(RiskWrite::Unlink(found.clone())),
    )
}

fn same_link(a: &LinkRow, b: &LinkRow) -> bool {
    (a.case_id, a.kind, a.subject_id) == (b.case_id, b.kind, b.subject_id)
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

    /// The first user error of a refused ruling.
    fn refusal(ruling: Ruling<RiskCaseRow>) -> crate::graphql::errors::UserError {
        match ruling {
            Err(errors) => errors[0].clone(),
            Ok(_) => panic!("refused"),
        }
    }

    fn other(id: i64, status: RiskStatus) -> RiskCaseRow {
        RiskCaseRow { id, ..case(status) }
    }

    fn merging(into: Option<RiskCaseRow>) -> MergeFacts {
        MergeFacts {
            into,
            items: vec![MonitoredItem::WageArrears],
        }
    }

    #[test]
    fn a_duplicate_joins_an_open_case_of_the_same_employer_and_its_clocks_stop() {
        let duplicate = other(5, RiskStatus::Reported);
        let kept = other(1, RiskStatus::Assessed);
        let decision = merge(
            &duplicate,
            &merging(Some(kept.clone())),
            "同一事项".into(),
            at(5, 0),
        )
        .unwrap();
        let changes = decision.changes.as_ref().unwrap();
        assert_eq!(changes.status, Some(RiskStatus::Merged));
        assert_eq!(changes.merged_into_id, Some(Some(1)));
        assert_eq!(changes.attention_at, Some(never()));
        assert_eq!(
            closing(&decision, DeadlineKind::RiskForm),
            Some(DeadlineStatus::Cancelled)
        );
        assert!(matches!(
            decision.writes.first(),
            Some(RiskWrite::Join { into: 1, items }) if items == &[MonitoredItem::WageArrears]
        ));
        let refused_on = |into: Option<RiskCaseRow>, case: &RiskCaseRow| {
            let Err(errors) = merge(case, &merging(into), String::new(), at(5, 0)) else {
                panic!("refused");
            };
            (errors[0].field.join("."), errors[0].code)
        };
        let mut stranger = other(7, RiskStatus::Assessed);
        stranger.employer_id = 99;
        assert_eq!(
            refused_on(Some(stranger), &duplicate),
            ("intoRiskCaseId".into(), UserErrorCode::NotFound)
        );
        assert_eq!(refused_on(None, &duplicate).1, UserErrorCode::NotFound);
        assert_eq!(
            refused_on(Some(duplicate.clone()), &duplicate).1,
            UserErrorCode::RuleViolated,
            "not into itself"
        );
        assert_eq!(
            refused_on(Some(other(1, RiskStatus::Closed)), &duplicate).1,
            UserErrorCode::RuleViolated
        );
        let mut urgent = duplicate.clone();
        urgent.urgent = true;
        assert_eq!(
            refused_on(Some(kept.clone()), &urgent),
            ("intoRiskCaseId".into(), UserErrorCode::RuleViolated),
            "an urgent case joins an urgent one"
        );
        assert_eq!(
            refused_on(Some(kept), &other(5, RiskStatus::Merged)).0,
            "riskCaseId"
        );
    }

    fn referral(referred: bool, answered: bool) -> FollowUpRow {
        FollowUpRow {
            id: 3,
            case_id: 1,
            happened_at: at(2, 0),
            done: "移送".into(),
            next_step: String::new(),
            next_at: None,
            referred_to: referred.then_some(crate::risk::kinds::Referral::LabourInspection),
            answer: answered.then(|| "已立案".into()),
            answered_at: answered.then(|| at(3, 0)),
            created_at: at(2, 0),
        }
    }

    #[test]
    fn a_referral_is_answered_once_between_the_referral_and_now() {
        let decision =
            answer_referral(&referral(true, false), "已立案".into(), at(4, 0), at(5, 0)).unwrap();
        assert!(matches!(
            decision.writes.first(),
            Some(RiskWrite::Answer { follow_up: 3, answered_at, .. }) if *answered_at == at(4, 0)
        ));
        let field = |entry: FollowUpRow, when| {
            refusal(answer_referral(&entry, "x".into(), when, at(5, 0)))
                .field
                .join(".")
        };
        assert_eq!(field(referral(false, false), at(4, 0)), "followUpId");
        assert_eq!(field(referral(true, true), at(4, 0)), "followUpId");
        assert_eq!(field(referral(true, false), at(6, 0)), "answeredAt");
        assert_eq!(field(referral(true, false), at(1, 0)), "answeredAt");
    }

    fn link_to(subject_id: i64) -> LinkRow {
        LinkRow {
            case_id: 1,
            kind: crate::risk::kinds::LinkKind::Agreement,
            subject_id,
            linked_by_id: 4,
            linked_at: at(2, 0),
        }
    }

    #[test]
    fn a_case_links_once_to_its_own_employers_records() {
        let facts = LinkFacts {
            employers: vec![2],
            links: vec![link_to(8)],
        };
        let case = case(RiskStatus::Assessed);
        assert!(link(&case, &facts, link_to(9)).is_ok());
        let code = |facts: &LinkFacts, id| refusal(link(&case, facts, link_to(id))).code;
        assert_eq!(code(&facts, 8), UserErrorCode::Taken);
        let strangers = LinkFacts {
            employers: vec![99],
            links: vec![],
        };
        assert_eq!(code(&strangers, 9), UserErrorCode::NotFound);
        assert!(link(&other(1, RiskStatus::Merged), &facts, link_to(9)).is_err());
        assert!(unlink(&facts, &link_to(8)).is_ok());
        assert_eq!(
            refusal(unlink(&facts, &link_to(9))).code,
            UserErrorCode::RuleViolated
        );
    }
}
