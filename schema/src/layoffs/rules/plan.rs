//! What the steps of a layoff plan decide, as pure functions: the list's
//! checks (Art. 42 refusals, Art. 41 ¶2 warnings), the diff between
//! versions, and the procedure of 《企业经济性裁减人员规定》 Art. 4:
//! explanation → the union's opinion → the employer's written answer →
//! the report to the labour administration → its acknowledgement.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use chrono::{Months, NaiveDate, NaiveDateTime};
use serde_json::json;

use super::protection::{Priority, WorkerFacts, priority_warnings, protected_classes};
use super::{NOTICE, NOTICE_RULE, needs_procedure};
use crate::change::{Audience, Decision, Ruling, Side};
use crate::deadlines::counting::Period;
use crate::deadlines::kinds::{DeadlineKind, StatutoryClock};
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, UserErrors, refused};
use crate::layoffs::kinds::{ContractKind, ExplainedTo, LayoffStatus};
use crate::layoffs::storage::{PlanChanges, PlanRow, PostRow, RevisionRow, WorkerRow};

/// The 30 days from the explanation, as the ledger shows them.
pub const NOTICE_CLOCK: StatutoryClock =
    StatutoryClock::fixed(DeadlineKind::LayoffNotice, NOTICE, NOTICE_RULE);

/// Days for the employer's written answer to the union's opinion unless a
/// region says otherwise (LCL Art. 43 sets none).
pub const ANSWER_DAYS: i32 = 7;

/// The clock of the written answer, of `days` calendar days.
pub fn answer_clock(days: i32) -> StatutoryClock {
    StatutoryClock {
        kind: DeadlineKind::LayoffAnswer,
        period: Period::Days(days.clamp(1, 30) as u32),
        rule: Cow::Owned(format!(
            "《劳动合同法》第四十三条：用人单位应当研究工会的意见，并将处理结果书面通知工会（本地区规定{days}日内书面答复）"
        )),
    }
}

/// How far back an explanation may be recorded.
pub const LONGEST_BACKDATING_DAYS: i64 = 90;

/// The workers' side of a plan: its union, or without one the employer,
/// which records what the workers said.
pub fn workers_side(plan: &PlanRow) -> i64 {
    plan.union_id.unwrap_or(plan.employer_id)
}

/// A worker's facts as Art. 42 reads them.
pub fn facts(worker: &WorkerRow) -> WorkerFacts {
    WorkerFacts {
        hazard_unchecked: worker.hazard_unchecked,
        disease_or_injury: worker.disease_or_injury,
        medical_treatment: worker.medical_treatment,
        maternity: worker.maternity,
        other_by_law: worker.other_by_law.clone(),
        service_start: worker.service_start,
        birth_date: worker.birth_date,
        sex: worker.sex,
        job_category: worker.job_category,
    }
}

/// A worker's priority under Art. 41 ¶2.
pub fn priority(worker: &WorkerRow) -> Priority {
    Priority {
        long_fixed_term: worker.long_fixed_term,
        open_ended: worker.contract == ContractKind::OpenEnded,
        sole_earner: worker.sole_earner,
    }
}

/// Checks the terms and list of a version: the dates (the first planned
/// termination not before `earliest`, when an explanation set it), the
/// number cut equal to the list's length, no identity number twice, and
/// no worker Art. 42 protects on the last planned day.
pub fn check_version(
    errors: &mut UserErrors,
    revision: &RevisionRow,
    workers: &[WorkerRow],
    today: NaiveDate,
    earliest: Option<NaiveDate>,
) {
    if revision.cut > revision.workforce {
        errors.push(
            &["cut"],
            UserErrorCode::OutOfRange,
            "is at most the workforce",
        );
    }
    if usize::try_from(revision.cut).ok() != Some(workers.len()) {
        errors.push(
            &["workers"],
            UserErrorCode::Invalid,
            format!(
                "list as many workers as are cut ({}); the list has {}",
                revision.cut,
                workers.len()
            ),
        );
    }
    if revision.first_termination <= today {
        errors.push(
            &["firstTermination"],
            UserErrorCode::OutOfRange,
            "is after today",
        );
    }
    if let Some(earliest) = earliest
        && revision.first_termination < earliest
    {
        errors.push(
            &["firstTermination"],
            UserErrorCode::RuleViolated,
            format!(
                "is on or after {earliest}, 30 days after the explanation (LCL Art. 41: 提前三十日)"
            ),
        );
    }
    let year_on = revision
        .first_termination
        .checked_add_months(Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    if revision.last_termination < revision.first_termination || revision.last_termination > year_on
    {
        errors.push(
            &["lastTermination"],
            UserErrorCode::OutOfRange,
            "is on or after the first termination, within a year of it",
        );
    }
    let mut seen = HashSet::new();
    for (row, worker) in workers.iter().enumerate() {
        let index = row.to_string();
        if !seen.insert(worker.id_number.as_str()) {
            errors.push(
                &["workers", &index, "idNumber"],
                UserErrorCode::Invalid,
                format!("row {} lists a worker already on the list", row + 1),
            );
        }
        for class in protected_classes(&facts(worker), revision.last_termination) {
            errors.push(
                &["workers", &index],
                UserErrorCode::RuleViolated,
                format!(
                    "row {} ({}) may not be laid off: {}",
                    row + 1,
                    worker.name,
                    class.describe()
                ),
            );
        }
    }
}

/// The rows of a version's list warned of under Art. 41 ¶2: a worker
/// kept first, on the list while the post keeps workers without a priority.
pub fn warned_rows(workers: &[WorkerRow], posts: &[PostRow]) -> Vec<usize> {
    let listed: Vec<(&str, Priority)> = workers
        .iter()
        .map(|w| (w.post.as_str(), priority(w)))
        .collect();
    let kept: Vec<&str> = posts
        .iter()
        .filter(|p| p.kept_without_priority > 0)
        .map(|p| p.post.as_str())
        .collect();
    priority_warnings(&listed, &kept)
}

/// How a version's list differs from the one before, by row of each.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListDiff {
    /// Rows of the new list whose worker was not on the old.
    pub added: Vec<usize>,
    /// Rows of the old list whose worker is not on the new.
    pub removed: Vec<usize>,
    /// Rows of the new list whose worker's facts changed.
    pub changed: Vec<usize>,
}

/// The diff of two lists, workers matched by identity number.
pub fn diff(before: &[WorkerRow], after: &[WorkerRow]) -> ListDiff {
    let same = |a: &WorkerRow, b: &WorkerRow| {
        WorkerRow {
            plan_id: 0,
            revision: 0,
            position: 0,
            ..a.clone()
        } == WorkerRow {
            plan_id: 0,
            revision: 0,
            position: 0,
            ..b.clone()
        }
    };
    let old: HashMap<&str, (usize, &WorkerRow)> = before
        .iter()
        .enumerate()
        .map(|(i, w)| (w.id_number.as_str(), (i, w)))
        .collect();
    let new: HashSet<&str> = after.iter().map(|w| w.id_number.as_str()).collect();
    let mut diff = ListDiff::default();
    for (row, worker) in after.iter().enumerate() {
        match old.get(worker.id_number.as_str()) {
            None => diff.added.push(row),
            Some((_, was)) if !same(was, worker) => diff.changed.push(row),
            Some(_) => {}
        }
    }
    diff.removed = before
        .iter()
        .enumerate()
        .filter(|(_, w)| !new.contains(w.id_number.as_str()))
        .map(|(row, _)| row)
        .collect();
    diff
}

/// The terms a version sets on the plan.
fn terms(revision: &RevisionRow) -> PlanChanges {
    PlanChanges {
        revision: Some(revision.revision),
        workforce: Some(revision.workforce),
        cut: Some(revision.cut),
        procedure_required: Some(needs_procedure(revision.workforce, revision.cut)),
        first_termination: Some(revision.first_termination),
        last_termination: Some(revision.last_termination),
        ..PlanChanges::default()
    }
}

/// Who hears of a step: both sides and the offices and administration over the employer.
fn everyone() -> Vec<Audience> {
    vec![Audience::Parties, Audience::Overseers]
}

fn wrong_state(
    plan: &PlanRow,
    field: &str,
    message: &str,
) -> Vec<crate::graphql::errors::UserError> {
    refused(
        field,
        UserErrorCode::RuleViolated,
        format!("the plan is {}: {message}", plan.status.as_str()),
    )
}

/// A plan drawn up: audited, nobody told (a draft is the employer's).
pub fn drafted(plan: &PlanRow) -> Decision<PlanRow> {
    Decision::new(EventKind::LayoffPlanDrafted, [])
        .details(json!({ "cut": plan.cut, "workforce": plan.workforce }))
        .quietly()
}

/// A new version: before the report, and (once explained) with no
/// termination before the earliest. A draft's revision tells nobody.
pub fn revise(plan: &PlanRow, revision: RevisionRow) -> Ruling<PlanRow> {
    if !matches!(
        plan.status,
        LayoffStatus::Draft
            | LayoffStatus::Explained
            | LayoffStatus::OpinionGiven
            | LayoffStatus::Answered
    ) {
        return Err(wrong_state(
            plan,
            "planId",
            "only a plan not yet reported or withdrawn is revised",
        ));
    }
    let decision = Decision::new(EventKind::LayoffPlanRevised, everyone())
        .change(terms(&revision))
        .details(json!({ "revision": revision.revision }));
    Ok(match plan.status {
        LayoffStatus::Draft => decision.quietly(),
        _ => decision,
    })
}

/// The explanation given: of a draft that needs the procedure, to the
/// union when there is one, at an instant in the last 90 days, and no
/// later than 30 days before the first planned termination. The 30 days
/// start to run.
pub fn explain(
    plan: &PlanRow,
    at: NaiveDateTime,
    to: ExplainedTo,
    explanation: String,
    earliest: NaiveDate,
    now: NaiveDateTime,
) -> Ruling<PlanRow> {
    if plan.status != LayoffStatus::Draft {
        return Err(wrong_state(plan, "planId", "it was explained already"));
    }
    if !plan.procedure_required {
        return Err(refused(
            "planId",
            UserErrorCode::RuleViolated,
            "the Art. 41 procedure does not apply: fewer than 20 are cut and under 10% of the workforce",
        ));
    }
    let mut errors = UserErrors::default();
    if at > now || at < now - chrono::Duration::days(LONGEST_BACKDATING_DAYS) {
        errors.push(
            &["explainedAt"],
            UserErrorCode::OutOfRange,
            "is now or within the last 90 days",
        );
    }
    if to == ExplainedTo::Union && plan.union_id.is_none() {
        errors.push(
            &["explainedTo"],
            UserErrorCode::RuleViolated,
            "the employer has no union: explain to all workers",
        );
    }
    if plan.first_termination < earliest {
        errors.push(
            &["explainedAt"],
            UserErrorCode::RuleViolated,
            format!(
                "the plan's first termination, {}, is before {earliest}, 30 days after this explanation (LCL Art. 41: 提前三十日): revise the plan's dates first",
                plan.first_termination
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors.into_vec());
    }
    Ok(Decision::new(EventKind::LayoffPlanExplained, everyone())
        .change(PlanChanges {
            status: Some(LayoffStatus::Explained),
            explained_at: Some(at),
            explained_to: Some(to),
            explanation: Some(explanation),
            earliest_termination: Some(earliest),
            ..PlanChanges::default()
        })
        .open(NOTICE_CLOCK, at, everyone())
        .announce(DeadlineKind::LayoffNotice)
        .details(json!({ "earliestTermination": earliest })))
}

/// The union's opinion (or, without a union, the workers' as the
/// employer records it): once, after the explanation. The employer's
/// answer is due within `answer_days`.
pub fn give_opinion(
    plan: &PlanRow,
    opinion: String,
    answer_days: i32,
    now: NaiveDateTime,
) -> Ruling<PlanRow> {
    if plan.status != LayoffStatus::Explained {
        return Err(wrong_state(
            plan,
            "planId",
            "an opinion is given once, after the explanation",
        ));
    }
    let parties = [
        Audience::Side(Side::Workers),
        Audience::Side(Side::Employer),
    ];
    Ok(Decision::new(EventKind::LayoffOpinionGiven, everyone())
        .change(PlanChanges {
            status: Some(LayoffStatus::OpinionGiven),
            opinion: Some(opinion),
            opinion_at: Some(now),
            ..PlanChanges::default()
        })
        .open(answer_clock(answer_days), now, parties)
        .announce(DeadlineKind::LayoffAnswer))
}

/// The employer's written answer to the opinion (LCL Art. 43).
pub fn answer(plan: &PlanRow, answer: String, now: NaiveDateTime) -> Ruling<PlanRow> {
    if plan.status != LayoffStatus::OpinionGiven {
        return Err(wrong_state(
            plan,
            "planId",
            "only an opinion given is answered",
        ));
    }
    Ok(Decision::new(EventKind::LayoffOpinionAnswered, everyone())
        .change(PlanChanges {
            status: Some(LayoffStatus::Answered),
            answer: Some(answer),
            answered_at: Some(now),
            ..PlanChanges::default()
        })
        .close(DeadlineKind::LayoffAnswer, DeadlineStatus::Met))
}

/// The report, with the opinion and the answer, to `administration` (the
/// labour administration nearest over the employer): a report, not an
/// approval.
pub fn report(plan: &PlanRow, administration: i64, now: NaiveDateTime) -> Ruling<PlanRow> {
    if plan.status != LayoffStatus::Answered {
        return Err(wrong_state(
            plan,
            "planId",
            "the union's opinion and the employer's written answer come before the report",
        ));
    }
    let mut audience = everyone();
    audience.push(Audience::Organizations(vec![administration]));
    Ok(
        Decision::new(EventKind::LayoffPlanReported, audience).change(PlanChanges {
            status: Some(LayoffStatus::Reported),
            reported_at: Some(now),
            reported_to_id: Some(administration),
            ..PlanChanges::default()
        }),
    )
}

/// The labour administration acknowledges receipt, with its opinion if any.
pub fn acknowledge(plan: &PlanRow, opinion: Option<String>, now: NaiveDateTime) -> Ruling<PlanRow> {
    if plan.status != LayoffStatus::Reported || plan.acknowledged_at.is_some() {
        return Err(wrong_state(plan, "planId", "a report is acknowledged once"));
    }
    Ok(
        Decision::new(EventKind::LayoffReportAcknowledged, everyone())
            .change(PlanChanges {
                acknowledged_at: Some(now),
                administration_opinion: Some(opinion.clone()),
                ..PlanChanges::default()
            })
            .details(json!({ "withOpinion": opinion.is_some() })),
    )
}

/// The employer withdraws the plan; its clocks no longer apply. A draft's
/// withdrawal tells nobody.
pub fn withdraw(plan: &PlanRow, reason: String, now: NaiveDateTime) -> Ruling<PlanRow> {
    if plan.status == LayoffStatus::Withdrawn {
        return Err(wrong_state(plan, "planId", "it was withdrawn already"));
    }
    let decision = Decision::new(EventKind::LayoffPlanWithdrawn, everyone())
        .change(PlanChanges {
            status: Some(LayoffStatus::Withdrawn),
            withdrawn_at: Some(now),
            withdrawal_reason: Some(reason),
            ..PlanChanges::default()
        })
        .close(DeadlineKind::LayoffNotice, DeadlineStatus::Cancelled)
        .close(DeadlineKind::LayoffAnswer, DeadlineStatus::Cancelled);
    Ok(match plan.status {
        LayoffStatus::Draft => decision.quietly(),
        _ => decision,
    })
}

/// The 30 days ran out: terminations may take effect from the earliest
/// day. A withdrawn plan's clock was cancelled and never runs out.
pub fn notice_elapsed(plan: &PlanRow) -> Ruling<PlanRow> {
    if plan.status == LayoffStatus::Withdrawn {
        return Err(wrong_state(plan, "planId", "it was withdrawn"));
    }
    Ok(Decision::new(EventKind::LayoffNoticeElapsed, everyone())
        .details(json!({ "earliestTermination": plan.earliest_termination })))
}

#[cfg(test)]
mod tests {
    use super::super::fixtures::{day, plan, worker};
    use super::*;
    use crate::change::ClockChange;

    fn at(y: i32, m: u32, d: u32) -> NaiveDateTime {
        day(y, m, d).and_hms_opt(2, 0, 0).unwrap()
    }

    fn revision(cut: i32, first: NaiveDate) -> RevisionRow {
        RevisionRow {
            plan_id: 1,
            revision: 1,
            workforce: 100,
            cut,
            first_termination: first,
            last_termination: first,
            steps: "s".into(),
            compensation: "c".into(),
            criteria: "k".into(),
            reason: None,
            created_at: at(2027, 1, 4),
        }
    }

    fn fields(errors: UserErrors) -> Vec<String> {
        errors
            .into_vec()
            .into_iter()
            .map(|e| e.field.join("."))
            .collect()
    }

    #[test]
    fn a_version_lists_as_many_as_it_cuts_each_once_and_none_protected() {
        let today = day(2027, 1, 4);
        let list = [worker(0, "A", "抄表员"), worker(1, "B", "抄表员")];
        let mut errors = UserErrors::default();
        check_version(
            &mut errors,
            &revision(2, day(2027, 3, 1)),
            &list,
            today,
            None,
        );
        assert!(errors.is_empty());

        let mut errors = UserErrors::default();
        check_version(
            &mut errors,
            &revision(3, day(2027, 3, 1)),
            &list,
            today,
            None,
        );
        assert_eq!(fields(errors), ["workers"]);

        let twice = [worker(0, "A", "抄表员"), worker(1, "A", "抄表员")];
        let mut errors = UserErrors::default();
        check_version(
            &mut errors,
            &revision(2, day(2027, 3, 1)),
            &twice,
            today,
            None,
        );
        assert_eq!(fields(errors), ["workers.1.idNumber"]);

        let mut ill = worker(1, "B", "抄表员");
        ill.medical_treatment = true;
        let mut errors = UserErrors::default();
        let list = [worker(0, "A", "抄表员"), ill];
        check_version(
            &mut errors,
            &revision(2, day(2027, 3, 1)),
            &list,
            today,
            None,
        );
        let errors = errors.into_vec();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, ["workers", "1"]);
        assert!(
            errors[0].message.starts_with("row 2 (职工B)")
                && errors[0].message.contains("第四十二条第（三）项"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn no_termination_before_the_earliest_day() {
        let today = day(2027, 1, 4);
        let list = [worker(0, "A", "抄表员")];
        // Explained on 4 January: the 30th day is 3 February.
        let earliest = Some(day(2027, 2, 3));
        for (first, refused) in [(day(2027, 2, 2), true), (day(2027, 2, 3), false)] {
            let mut errors = UserErrors::default();
            check_version(&mut errors, &revision(1, first), &list, today, earliest);
            assert_eq!(!errors.is_empty(), refused, "{first}");
            if refused {
                assert_eq!(fields(errors), ["firstTermination"]);
            }
        }
        let mut errors = UserErrors::default();
        check_version(&mut errors, &revision(1, today), &list, today, None);
        assert_eq!(fields(errors), ["firstTermination"], "today is too soon");
    }

    #[test]
    fn the_diff_of_two_lists_matches_workers_by_identity_number() {
        let before = [
            worker(0, "A", "抄表员"),
            worker(1, "B", "抄表员"),
            worker(2, "C", "司机"),
        ];
        let mut raised = worker(0, "C", "司机");
        raised.monthly_wage = 600_000;
        let after = [raised, worker(1, "A", "抄表员"), worker(2, "D", "司机")];
        assert_eq!(
            diff(&before, &after),
            ListDiff {
                added: vec![2],
                removed: vec![1],
                changed: vec![0],
            }
        );
        assert_eq!(diff(&before, &before), ListDiff::default());
    }

    #[test]
    fn a_priority_worker_is_warned_of_where_the_post_keeps_others() {
        let mut open = worker(0, "A", "抄表员");
        open.contract = ContractKind::OpenEnded;
        let mut earner = worker(1, "B", "司机");
        earner.sole_earner = true;
        let list = [open, earner, worker(2, "C", "抄表员")];
        let posts = [
            PostRow {
                plan_id: 1,
                revision: 1,
                post: "抄表员".into(),
                kept_without_priority: 4,
            },
            PostRow {
                plan_id: 1,
                revision: 1,
                post: "司机".into(),
                kept_without_priority: 0,
            },
        ];
        assert_eq!(warned_rows(&list, &posts), [0]);
    }

    #[test]
    fn the_procedure_runs_in_its_order() {
        let now = at(2027, 1, 4);
        let earliest = day(2027, 2, 3);
        let text = || String::from("t");
        // Below the threshold there is nothing to explain.
        let mut small = plan(LayoffStatus::Draft);
        small.procedure_required = false;
        assert!(explain(&small, now, ExplainedTo::Union, text(), earliest, now).is_err());
        // A first termination before the earliest day is refused on the explanation.
        let mut early = plan(LayoffStatus::Draft);
        early.first_termination = day(2027, 2, 2);
        let errors = explain(&early, now, ExplainedTo::Union, text(), earliest, now)
            .err()
            .unwrap();
        assert_eq!(errors[0].field, ["explainedAt"]);
        // Without a union the explanation goes to all workers.
        let mut alone = plan(LayoffStatus::Draft);
        alone.union_id = None;
        let errors = explain(&alone, now, ExplainedTo::Union, text(), earliest, now)
            .err()
            .unwrap();
        assert_eq!(errors[0].field, ["explainedTo"]);
        assert_eq!(
            workers_side(&alone),
            21,
            "the employer records the workers' opinion"
        );

        let explained = explain(
            &plan(LayoffStatus::Draft),
            now,
            ExplainedTo::Union,
            text(),
            earliest,
            now,
        )
        .unwrap();
        assert!(matches!(
            &explained.clocks[..],
            [ClockChange::Open(o)] if o.clock == NOTICE_CLOCK && o.start == now
        ));
        assert!(explained.told);

        // The opinion after the explanation, the answer after the opinion, the report after both.
        assert!(give_opinion(&plan(LayoffStatus::Draft), text(), 7, now).is_err());
        let opinion = give_opinion(&plan(LayoffStatus::Explained), text(), 10, now).unwrap();
        assert!(matches!(
            &opinion.clocks[..],
            [ClockChange::Open(o)] if o.clock.kind == DeadlineKind::LayoffAnswer
                && o.clock.period == Period::Days(10)
        ));
        for status in [LayoffStatus::Explained, LayoffStatus::Draft] {
            assert!(answer(&plan(status), text(), now).is_err());
            assert!(report(&plan(status), 40, now).is_err());
        }
        assert!(report(&plan(LayoffStatus::OpinionGiven), 40, now).is_err());
        let answered = answer(&plan(LayoffStatus::OpinionGiven), text(), now).unwrap();
        assert!(matches!(
            &answered.clocks[..],
            [ClockChange::Close(
                DeadlineKind::LayoffAnswer,
                DeadlineStatus::Met
            )]
        ));
        let reported = report(&plan(LayoffStatus::Answered), 40, now).unwrap();
        assert!(
            reported
                .audience
                .contains(&Audience::Organizations(vec![40]))
        );

        // Acknowledged once; revised only before the report.
        let mut done = plan(LayoffStatus::Reported);
        assert!(acknowledge(&done, None, now).is_ok());
        done.acknowledged_at = Some(now);
        assert!(acknowledge(&done, None, now).is_err());
        assert!(revise(&done, revision(1, earliest)).is_err());
        assert!(
            !revise(&plan(LayoffStatus::Draft), revision(1, earliest))
                .unwrap()
                .told
        );
        assert!(
            revise(&plan(LayoffStatus::OpinionGiven), revision(1, earliest))
                .unwrap()
                .told
        );

        // A withdrawal stops both clocks; a draft's tells nobody.
        let withdrawn = withdraw(&plan(LayoffStatus::Explained), text(), now).unwrap();
        assert_eq!(withdrawn.clocks.len(), 2);
        assert!(withdrawn.told);
        assert!(
            !withdraw(&plan(LayoffStatus::Draft), text(), now)
                .unwrap()
                .told
        );
        assert!(withdraw(&plan(LayoffStatus::Withdrawn), text(), now).is_err());
    }
}
