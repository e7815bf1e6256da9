//! The rules of campaign summaries: when one is due, what a revision may
//! change, and what a submission needs. Pure functions over the summary.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::figures::SummaryFigures;
use super::kinds::SummaryStatus;
use super::storage::{SummaryChanges, SummaryRow};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode};
use crate::graphql::text;

/// Longest text of one section of the narrative.
pub const MAX_SECTION: usize = 20_000;

/// The sections of the narrative the seed asks for, by input field.
pub const SECTIONS: [&str; 6] = [
    "workDone",
    "experience",
    "typicalCases",
    "problems",
    "causes",
    "nextSteps",
];

/// The day summaries are due unless the organizer sets another: 15
/// December of the year the campaign ends (seed 000 §二.(三)).
pub fn default_due_on(ends_on: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(ends_on.year(), 12, 15).unwrap_or(ends_on)
}

/// A due day the organizer may set: today or later, within the date bounds.
pub fn check_due_on(due_on: NaiveDate, today: NaiveDate) -> Result<NaiveDate, String> {
    crate::graphql::bounds::date(due_on)?;
    if due_on < today {
        return Err(format!("must be today ({today}) or later"));
    }
    Ok(due_on)
}

/// The clock of a summary due by the end of `due_on`.
pub fn clock(due_on: NaiveDate) -> StatutoryClock {
    StatutoryClock::set(
        DeadlineKind::CampaignSummary,
        Period::Until(due_on),
        format!(
            "专项行动工作总结：{}前报送市三方办公室（2023年专项行动方案二.(三)）",
            due_on.format("%Y年%-m月%-d日")
        ),
    )
}

fn draft(summary: &SummaryRow) -> Result<(), Vec<UserError>> {
    match summary.status {
        SummaryStatus::Draft => Ok(()),
        SummaryStatus::Submitted => Err(vec![UserError::new(
            &["summaryId"],
            UserErrorCode::RuleViolated,
            "the summary was submitted and is kept as it was sent",
        )]),
    }
}

/// The office running the campaign asks for a summary due on `due_on`:
/// the clock starts (or, for a summary asked for before, moves), and the
/// district office is told.
pub fn request(summary: &SummaryRow, due_on: NaiveDate, now: NaiveDateTime) -> Ruling<SummaryRow> {
    draft(summary)?;
    let audience = [Audience::Organizations(vec![summary.office_id])];
    Ok(
        Decision::new(EventKind::CampaignSummaryRequested, audience.clone())
            .change(SummaryChanges {
                due_on: Some(due_on),
                ..SummaryChanges::default()
            })
            .close(DeadlineKind::CampaignSummary, DeadlineStatus::Cancelled)
            .open(clock(due_on), now, audience)
            .announce(DeadlineKind::CampaignSummary)
            .details(serde_json::json!({
                "dueOn": due_on.format("%Y年%-m月%-d日").to_string(),
                "dueDay": due_on.to_string(),
            })),
    )
}

/// The narrative as a revision gives it: a section left out stays as it is.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Narrative {
    pub sections: [Option<String>; 6],
}

/// A revision of the draft's narrative; only the audit trail hears of it.
pub fn revise(summary: &SummaryRow, narrative: &Narrative) -> Ruling<SummaryRow> {
    draft(summary)?;
    let mut errors = Vec::new();
    let mut checked: [Option<String>; 6] = Default::default();
    for (at, given) in narrative.sections.iter().enumerate() {
        if let Some(given) = given {
            match text::check(given, MAX_SECTION) {
                Ok(clean) => checked[at] = Some(clean),
                Err((code, message)) => errors.push(UserError::new(&[SECTIONS[at]], code, message)),
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let [
        work_done,
        experience,
        typical_cases,
        problems,
        causes,
        next_steps,
    ] = checked;
    Ok(Decision::new(EventKind::CampaignSummaryRevised, [])
        .quietly()
        .change(SummaryChanges {
            work_done,
            experience,
            typical_cases,
            problems,
            causes,
            next_steps,
            ..SummaryChanges::default()
        }))
}

/// The sections of a summary, in the order of [`SECTIONS`].
pub fn sections(summary: &SummaryRow) -> [&str; 6] {
    [
        &summary.work_done,
        &summary.experience,
        &summary.typical_cases,
        &summary.problems,
        &summary.causes,
        &summary.next_steps,
    ]
}

/// Submits the summary with the figures counted now, signed by `signer`:
/// every section must be written. Its clock is met (a clock already
/// missed stays missed: a late summary is a missed deadline), and the
/// district office and the office running the campaign are told.
pub fn submit(
    summary: &SummaryRow,
    figures: &SummaryFigures,
    organizer_id: i64,
    signer: &str,
    now: NaiveDateTime,
) -> Ruling<SummaryRow> {
    draft(summary)?;
    let blank: Vec<UserError> = sections(summary)
        .iter()
        .zip(SECTIONS)
        .filter(|(text, _)| text.trim().is_empty())
        .map(|(_, field)| {
            UserError::new(
                &[field],
                UserErrorCode::Required,
                "is to be written before the summary is submitted",
            )
        })
        .collect();
    if !blank.is_empty() {
        return Err(blank);
    }
    let figures = serde_json::to_string(figures).unwrap_or_default();
    Ok(Decision::new(
        EventKind::CampaignSummarySubmitted,
        [Audience::Organizations(vec![
            summary.office_id,
            organizer_id,
        ])],
    )
    .change(SummaryChanges {
        status: Some(SummaryStatus::Submitted),
        figures: Some(figures),
        submitted_at: Some(now),
        submitted_by: Some(signer.to_owned()),
        ..SummaryChanges::default()
    })
    .close(DeadlineKind::CampaignSummary, DeadlineStatus::Met))
}

/// Whether a summary was submitted after the end of its due day.
pub fn late(summary: &SummaryRow) -> bool {
    let due = crate::deadlines::counting::end_of_local_day(summary.due_on).naive_utc();
    summary.submitted_at.is_some_and(|at| at > due)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::change::ClockChange;

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("a valid day")
    }

    fn summary() -> SummaryRow {
        let now = day(12, 1).and_hms_opt(0, 0, 0).expect("an instant");
        SummaryRow {
            id: 1,
            campaign_id: 2,
            office_id: 3,
            region_id: 4,
            status: SummaryStatus::Draft,
            due_on: day(12, 15),
            work_done: "开展情况".into(),
            experience: "经验".into(),
            typical_cases: "典型".into(),
            problems: "问题".into(),
            causes: "原因".into(),
            next_steps: String::new(),
            figures: None,
            submitted_at: None,
            submitted_by: None,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }

    #[test]
    fn summaries_are_due_on_15_december_of_the_campaigns_last_year() {
        assert_eq!(default_due_on(day(8, 31)), day(12, 15));
        assert_eq!(
            check_due_on(day(12, 3), day(12, 4)).unwrap_err(),
            "must be today (2026-12-04) or later"
        );
        assert_eq!(check_due_on(day(12, 4), day(12, 4)), Ok(day(12, 4)));
        let clock = clock(day(12, 15));
        assert_eq!(clock.period, Period::Until(day(12, 15)));
        assert!(clock.rule.contains("2026年12月15日前"), "{}", clock.rule);
    }

    #[test]
    fn a_summary_with_a_blank_section_is_not_submitted() {
        let refused = submit(
            &summary(),
            &SummaryFigures::default(),
            9,
            "张三",
            summary().created_at,
        )
        .err()
        .expect("refused");
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].field, vec!["nextSteps".to_owned()]);
        assert_eq!(refused[0].code, UserErrorCode::Required);
    }

    #[test]
    fn a_submission_keeps_the_figures_meets_the_clock_and_tells_both_offices() {
        let mut row = summary();
        row.next_steps = "下一步".into();
        let now = day(12, 16).and_hms_opt(1, 0, 0).expect("an instant");
        let decision = submit(&row, &SummaryFigures::default(), 9, "张三", now).expect("submitted");
        let changes = decision.changes.expect("changes");
        assert_eq!(changes.status, Some(SummaryStatus::Submitted));
        assert_eq!(changes.submitted_by.as_deref(), Some("张三"));
        let kept: SummaryFigures =
            serde_json::from_str(changes.figures.as_deref().expect("figures")).expect("json");
        assert_eq!(kept, SummaryFigures::default());
        assert!(matches!(
            decision.clocks[..],
            [ClockChange::Close(
                DeadlineKind::CampaignSummary,
                DeadlineStatus::Met
            )]
        ));
        assert_eq!(decision.audience, vec![Audience::Organizations(vec![3, 9])]);
        row.status = SummaryStatus::Submitted;
        row.submitted_at = Some(now);
        // Due by 24:00 Beijing on 15 December, 16:00 UTC: 01:00 UTC on the 16th is late.
        assert!(late(&row));
        row.submitted_at = day(12, 15).and_hms_opt(15, 59, 0);
        assert!(!late(&row));
        assert!(
            revise(&row, &Narrative::default()).is_err(),
            "a submitted summary is kept"
        );
    }

    #[test]
    fn a_revision_changes_only_the_sections_given_and_checks_them() {
        let mut narrative = Narrative::default();
        narrative.sections[1] = Some("  新经验  ".into());
        let decision = revise(&summary(), &narrative).expect("revised");
        let changes = decision.changes.expect("changes");
        assert_eq!(changes.experience.as_deref(), Some("新经验"));
        assert_eq!(changes.work_done, None);
        assert!(!decision.told);
        narrative.sections[5] = Some("x".repeat(MAX_SECTION + 1));
        let refused = revise(&summary(), &narrative).err().expect("refused");
        assert_eq!(refused[0].field, vec!["nextSteps".to_owned()]);
    }

    #[test]
    fn a_request_moves_the_clock_of_a_draft() {
        let now = day(12, 1).and_hms_opt(0, 0, 0).expect("an instant");
        let decision = request(&summary(), day(12, 20), now).expect("asked");
        assert_eq!(
            decision.details["dueOn"], "2026年12月20日",
            "the email names the new day"
        );
        assert_eq!(decision.changes.expect("changes").due_on, Some(day(12, 20)));
        assert!(matches!(
            &decision.clocks[..],
            [ClockChange::Close(_, DeadlineStatus::Cancelled), ClockChange::Open(o)]
                if o.clock.period == Period::Until(day(12, 20))
        ));
    }
}
