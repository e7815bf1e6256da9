//! Mutations of layoff plans. A new plan is written by hand, then its
//! decision is stored as any change's is; the steps after go through the
//! pipeline.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{DateTime, Months, NaiveDate, Utc};
use serde_json::json;

use super::kinds::{
    ContractKind, ExplainedTo, JobCategory, LayoffGround, LayoffStatus, ServiceKind, Sex,
};
use super::objects::LayoffPlan;
use super::rates::rates_for;
use super::record::PlanWrite;
use super::rules::implementation::{self, Terminated};
use super::rules::plan::{self as rules, ANSWER_DAYS};
use super::rules::severance::Rates;
use super::rules::{earliest_termination, needs_procedure};
use super::storage::{
    self, HiringRow, PlanRow, PostRow, RevisionRow, ServiceRow, TerminationRow, WorkerRow,
};
use crate::change::entry::{self, Entry};
use crate::change::{Act, Actor, Change, Env, Facts, Side, run, store};
use crate::context::services;
use crate::db::{Conn, stored};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::counting::local_date;
use crate::deadlines::storage::load_calendar;
use crate::graphql::errors::{
    ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse, refused,
};
use crate::graphql::ids::{NodeType, encode, row_id};
use crate::graphql::{text, updated};
use crate::identity::authorization::{Acting, act_as_party, act_as_public_body, signed_in};
use crate::identity::viewer;
use crate::organizations::input::parse_id;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{
    labour_administrations_above, nearest, place_of, region, region_chain,
};
use crate::organizations::storage::{self as organizations, OrganizationRow};
use crate::risk::mutations::reporting::{employer, follow_layoff_plan};
use crate::risk::rules::parse_yuan;
use crate::transaction;

crate::payloads!(
    layoff_plan: LayoffPlan(PlanRow),
    "The plan as it is now; null when the input was refused.";
    /// Result of `draftLayoffPlan`.
    DraftLayoffPlanPayload,
    /// Result of `reviseLayoffPlan`.
    ReviseLayoffPlanPayload,
    /// Result of `explainLayoffPlan`.
    ExplainLayoffPlanPayload,
    /// Result of `giveLayoffOpinion`.
    GiveLayoffOpinionPayload,
    /// Result of `answerLayoffOpinion`.
    AnswerLayoffOpinionPayload,
    /// Result of `reportLayoffPlan`.
    ReportLayoffPlanPayload,
    /// Result of `acknowledgeLayoffReport`.
    AcknowledgeLayoffReportPayload,
    /// Result of `withdrawLayoffPlan`.
    WithdrawLayoffPlanPayload,
    /// Result of `recordLayoffTermination`.
    RecordLayoffTerminationPayload,
    /// Result of `recordReemploymentService`.
    RecordReemploymentServicePayload,
    /// Result of `recordLayoffHiring`.
    RecordLayoffHiringPayload,
);

/// Most workers one list names.
const MOST_WORKERS: usize = 5_000;
/// Most posts one version states.
const MOST_POSTS: usize = 500;

/// A worker on the list of names, with what Art. 42, Art. 41 ¶2 and
/// severance turn on. Seen only by the employer, its union and the labour
/// administration the plan is reported to.
#[derive(InputObject, Clone)]
pub struct LayoffWorkerInput {
    pub name: String,
    /// The resident identity number (18 characters, checked).
    pub id_number: String,
    /// The post the worker holds.
    pub post: String,
    pub sex: Sex,
    pub job_category: JobCategory,
    pub birth_date: Date,
    /// The first day of continuous service at this employer.
    pub service_start: Date,
    pub contract: ContractKind,
    /// A fixed-term contract longer than those of the post's other workers
    /// (Art. 41 ¶2 (一), the employer's statement).
    #[graphql(default)]
    pub long_fixed_term: bool,
    /// The family's only earner, with elderly people or minors to support (Art. 41 ¶2 (三)).
    #[graphql(default)]
    pub sole_earner: bool,
    /// Art. 42 (一): hazard exposure without an exit health check, or a suspected case.
    #[graphql(default)]
    pub hazard_unchecked: bool,
    /// Art. 42 (二): occupational disease or work injury here, with capacity lost.
    #[graphql(default)]
    pub disease_or_injury: bool,
    /// Art. 42 (三): within the medical-treatment period.
    #[graphql(default)]
    pub medical_treatment: bool,
    /// Art. 42 (四): pregnancy, childbirth or nursing.
    #[graphql(default)]
    pub maternity: bool,
    /// Art. 42 (六): another protection set by law, in words.
    pub other_by_law: Option<String>,
    /// The average monthly wage of the last 12 months, in yuan (such as 5200.00).
    pub monthly_wage: String,
}

/// A post the plan cuts from that keeps workers without a priority.
#[derive(InputObject)]
pub struct LayoffPostInput {
    pub post: String,
    /// How many workers the post keeps who have no Art. 41 ¶2 priority.
    pub kept_without_priority: i32,
}

/// The terms of a version of a plan.
#[derive(InputObject)]
pub struct LayoffTermsInput {
    /// The workforce at the time.
    pub workforce: i32,
    /// The number to be cut; the list names as many.
    pub cut: i32,
    /// The first planned termination (the last day of work).
    pub first_termination: Date,
    /// The last planned termination.
    pub last_termination: Date,
    /// The timing and steps (实施步骤).
    pub steps: String,
    /// The compensation method (经济补偿办法).
    pub compensation: String,
    /// The selection criteria (裁减人员的标准).
    pub criteria: String,
    /// The list of names (被裁减人员名单).
    pub workers: Vec<LayoffWorkerInput>,
    /// The posts cut from that keep workers without a priority.
    #[graphql(default)]
    pub posts: Vec<LayoffPostInput>,
}

/// Input of `draftLayoffPlan`.
#[derive(InputObject)]
pub struct DraftLayoffPlanInput {
    pub employer_id: ID,
    /// The ground of Art. 41 ¶1.
    pub ground: LayoffGround,
    #[graphql(flatten)]
    pub terms: LayoffTermsInput,
}

/// Input of `reviseLayoffPlan`: the whole of the new version.
#[derive(InputObject)]
pub struct ReviseLayoffPlanInput {
    pub plan_id: ID,
    pub expected_version: i32,
    /// Why it is revised (the union's opinion, say).
    pub reason: String,
    #[graphql(flatten)]
    pub terms: LayoffTermsInput,
}

/// The check character (a digit or X) of the 17 digits of a resident
/// identity number, by GB 11643-1999; `None` unless 17 digits are given.
pub fn check_character(seventeen: &[u8]) -> Option<u8> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECKS: &[u8; 11] = b"10X98765432";
    if seventeen.len() != 17 || !seventeen.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = seventeen
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECKS[(sum % 11) as usize])
}

/// Whether `number` is a resident identity number: 17 digits and their
/// check character.
pub fn valid_id_number(number: &str) -> bool {
    let bytes = number.as_bytes();
    bytes.len() == 18 && check_character(&bytes[..17]) == Some(bytes[17].to_ascii_uppercase())
}

/// Parses one worker of the list; errors name its row.
fn worker(
    errors: &mut UserErrors,
    row: usize,
    input: &LayoffWorkerInput,
    today: NaiveDate,
) -> Option<WorkerRow> {
    let index = row.to_string();
    let at = |field: &'static str| ["workers", index.as_str(), field];
    let name = errors.keep(text::required(&at("name"), &input.name, 50));
    let id_number = input.id_number.trim().to_ascii_uppercase();
    if !valid_id_number(&id_number) {
        errors.push(
            &at("idNumber"),
            UserErrorCode::Invalid,
            "is not a resident identity number (18 characters with its check digit)",
        );
    }
    let post = errors.keep(text::required(&at("post"), &input.post, 100));
    let other = errors
        .keep(text::optional(
            &at("otherByLaw"),
            input.other_by_law.as_deref(),
            500,
        ))
        .flatten();
    let wage = match parse_yuan(&input.monthly_wage) {
        Ok(fen) => Some(fen),
        Err(message) => {
            errors.push(&at("monthlyWage"), UserErrorCode::Invalid, message);
            None
        }
    };
    let oldest = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap_or(NaiveDate::MIN);
    let of_age = input.birth_date.checked_add_months(Months::new(16 * 12));
    if *input.birth_date < oldest || of_age.is_none_or(|d| d > today) {
        errors.push(
            &at("birthDate"),
            UserErrorCode::OutOfRange,
            "is from 1940 to 16 years ago",
        );
    } else if of_age.is_some_and(|d| *input.service_start < d) || *input.service_start > today {
        errors.push(
            &at("serviceStart"),
            UserErrorCode::OutOfRange,
            "is on or after the worker's 16th birthday, and today or before",
        );
    }
    if input.maternity && input.sex == Sex::Male {
        errors.push(&at("maternity"), UserErrorCode::Invalid, "is for women");
    }
    if input.long_fixed_term && input.contract != ContractKind::FixedTerm {
        errors.push(
            &at("longFixedTerm"),
            UserErrorCode::Invalid,
            "is for a fixed-term contract",
        );
    }
    Some(WorkerRow {
        plan_id: 0,
        revision: 0,
        position: i32::try_from(row).ok()?,
        name: name?,
        id_number,
        post: post?,
        sex: input.sex,
        job_category: input.job_category,
        birth_date: *input.birth_date,
        service_start: *input.service_start,
        contract: input.contract,
        long_fixed_term: input.long_fixed_term,
        sole_earner: input.sole_earner,
        hazard_unchecked: input.hazard_unchecked,
        disease_or_injury: input.disease_or_injury,
        medical_treatment: input.medical_treatment,
        maternity: input.maternity,
        other_by_law: other,
        monthly_wage: wage?,
    })
}

/// A version parsed: its terms, list and posts, numbered `revision`.
#[derive(Clone)]
pub(super) struct Version {
    revision: RevisionRow,
    workers: Vec<WorkerRow>,
    posts: Vec<PostRow>,
}

impl Version {
    fn numbered(mut self, plan_id: i64, revision: i32) -> Version {
        self.revision.plan_id = plan_id;
        self.revision.revision = revision;
        for worker in &mut self.workers {
            worker.plan_id = plan_id;
            worker.revision = revision;
        }
        for post in &mut self.posts {
            post.plan_id = plan_id;
            post.revision = revision;
        }
        self
    }
}

/// Parses the terms of a version, checking what needs no stored facts.
pub(super) fn version(
    errors: &mut UserErrors,
    input: &LayoffTermsInput,
    reason: Option<String>,
    act_now: chrono::NaiveDateTime,
    earliest: Option<NaiveDate>,
) -> Option<Version> {
    let today = local_date(act_now.and_utc());
    if !(1..=10_000_000).contains(&input.workforce) {
        errors.push(
            &["workforce"],
            UserErrorCode::OutOfRange,
            "is from 1 to 10000000",
        );
    }
    if input.cut < 1 {
        errors.push(&["cut"], UserErrorCode::OutOfRange, "is at least 1");
    }
    if input.workers.len() > MOST_WORKERS {
        errors.push(&["workers"], UserErrorCode::OutOfRange, "name at most 5000");
        return None;
    }
    if input.posts.len() > MOST_POSTS {
        errors.push(&["posts"], UserErrorCode::OutOfRange, "name at most 500");
        return None;
    }
    let steps = errors.keep(text::required(&["steps"], &input.steps, 5_000));
    let compensation = errors.keep(text::required(
        &["compensation"],
        &input.compensation,
        5_000,
    ));
    let criteria = errors.keep(text::required(&["criteria"], &input.criteria, 5_000));
    let workers: Vec<Option<WorkerRow>> = input
        .workers
        .iter()
        .enumerate()
        .map(|(row, w)| worker(errors, row, w, today))
        .collect();
    let mut posts = Vec::new();
    for (row, post) in input.posts.iter().enumerate() {
        let index = row.to_string();
        let name = errors.keep(text::required(&["posts", &index, "post"], &post.post, 100));
        if post.kept_without_priority < 0 {
            errors.push(
                &["posts", &index, "keptWithoutPriority"],
                UserErrorCode::OutOfRange,
                "is 0 or more",
            );
        }
        if let Some(name) = name {
            if posts.iter().any(|p: &PostRow| p.post == name) {
                errors.push(
                    &["posts", &index, "post"],
                    UserErrorCode::Invalid,
                    "is stated twice",
                );
            }
            posts.push(PostRow {
                plan_id: 0,
                revision: 0,
                post: name,
                kept_without_priority: post.kept_without_priority.max(0),
            });
        }
    }
    let revision = RevisionRow {
        plan_id: 0,
        revision: 0,
        workforce: input.workforce,
        cut: input.cut,
        first_termination: *input.first_termination,
        last_termination: *input.last_termination,
        steps: steps?,
        compensation: compensation?,
        criteria: criteria?,
        reason,
        created_at: act_now,
    };
    let workers: Vec<WorkerRow> = workers.into_iter().collect::<Option<_>>()?;
    rules::check_version(errors, &revision, &workers, today, earliest);
    Some(Version {
        revision,
        workers,
        posts,
    })
}

impl Change<PlanRow> for ReviseLayoffPlanInput {
    type Facts = ();

    fn decide(&self, plan: &PlanRow, _: &(), act: &Act) -> crate::change::Ruling<PlanRow> {
        let mut errors = UserErrors::default();
        let reason = errors.keep(text::required(&["reason"], &self.reason, 2_000));
        let parsed = version(
            &mut errors,
            &self.terms,
            reason,
            act.now,
            plan.earliest_termination,
        );
        match parsed {
            Some(parsed) if errors.is_empty() => {
                let parsed = parsed.numbered(plan.id, plan.revision + 1);
                let decision = rules::revise(plan, parsed.revision.clone())?;
                Ok(decision.write(PlanWrite::Revision {
                    revision: parsed.revision,
                    workers: parsed.workers,
                    posts: parsed.posts,
                }))
            }
            _ => Err(errors.into_vec()),
        }
    }
}

crate::input!(ReviseLayoffPlanInput => PlanRow {
    id: plan_id,
    version: expected_version,
    who: |_, _| Actor::Side(Side::Employer)
});

/// Input of `explainLayoffPlan`.
#[derive(InputObject)]
pub struct ExplainLayoffPlanInput {
    pub plan_id: ID,
    /// When the situation was explained (now or within the last 90 days).
    pub explained_at: DateTime<Utc>,
    /// To the union, or to all workers.
    pub explained_to: ExplainedTo,
    /// What was shown: the business data and the reasons (生产经营状况等资料).
    pub explanation: String,
}

crate::input!(ExplainLayoffPlanInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Facts<PlanRow, ExplainLayoffPlanInput> for Calendar {
    async fn load(
        conn: &mut Conn<'_>,
        _: &PlanRow,
        _: &ExplainLayoffPlanInput,
        _: &Act,
    ) -> Result<Calendar, TxError> {
        Ok(load_calendar(conn).await?)
    }
}

impl Change<PlanRow> for ExplainLayoffPlanInput {
    type Facts = Calendar;

    fn decide(
        &self,
        plan: &PlanRow,
        calendar: &Calendar,
        act: &Act,
    ) -> crate::change::Ruling<PlanRow> {
        let explanation =
            text::required(&["explanation"], &self.explanation, 10_000).map_err(|e| vec![e])?;
        let earliest = earliest_termination(self.explained_at, calendar);
        rules::explain(
            plan,
            stored(self.explained_at),
            self.explained_to,
            explanation,
            earliest,
            act.now,
        )
    }

    /// The explained plan is monitored item 6: it opens or joins a risk
    /// case of the district office.
    async fn then(
        &self,
        conn: &mut Conn<'_>,
        plan: &PlanRow,
        act: &Act,
        env: &Env<'_>,
    ) -> Result<(), TxError> {
        follow_layoff_plan(conn, plan, act.acting, env).await?;
        Ok(())
    }
}

/// Input of `giveLayoffOpinion`.
#[derive(InputObject)]
pub struct GiveLayoffOpinionInput {
    pub plan_id: ID,
    /// The union's opinion (or, without a union, what the workers said).
    pub opinion: String,
}

crate::input!(GiveLayoffOpinionInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Workers)
});

/// The days for the written answer where the plan's employer is.
pub struct AnswerDays(i32);

impl Facts<PlanRow, GiveLayoffOpinionInput> for AnswerDays {
    async fn load(
        conn: &mut Conn<'_>,
        plan: &PlanRow,
        _: &GiveLayoffOpinionInput,
        _: &Act,
    ) -> Result<AnswerDays, TxError> {
        Ok(AnswerDays(answer_days(conn, plan.region_id).await?))
    }
}

/// The answer days in force in a region: the nearest region's rule, else 7.
pub async fn answer_days(conn: &mut Conn<'_>, region_id: i64) -> Result<i32, TxError> {
    let chain = region_chain(conn, region_id).await?;
    let set = storage::answer_days(conn, &chain).await?;
    let days = nearest(&chain, |region| {
        set.iter().find(|(r, _)| *r == region).map(|(_, d)| *d)
    });
    Ok(days.map_or(ANSWER_DAYS, |(days, _)| days))
}

impl Change<PlanRow> for GiveLayoffOpinionInput {
    type Facts = AnswerDays;

    fn decide(
        &self,
        plan: &PlanRow,
        days: &AnswerDays,
        act: &Act,
    ) -> crate::change::Ruling<PlanRow> {
        let opinion = text::required(&["opinion"], &self.opinion, 10_000).map_err(|e| vec![e])?;
        rules::give_opinion(plan, opinion, days.0, act.now)
    }
}

/// Input of `answerLayoffOpinion`.
#[derive(InputObject)]
pub struct AnswerLayoffOpinionInput {
    pub plan_id: ID,
    /// The written answer: what the employer does with the opinion.
    pub answer: String,
}

crate::input!(AnswerLayoffOpinionInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Change<PlanRow> for AnswerLayoffOpinionInput {
    type Facts = ();

    fn decide(&self, plan: &PlanRow, _: &(), act: &Act) -> crate::change::Ruling<PlanRow> {
        let answer = text::required(&["answer"], &self.answer, 10_000).map_err(|e| vec![e])?;
        rules::answer(plan, answer, act.now)
    }
}

/// Input of `reportLayoffPlan`.
#[derive(InputObject)]
pub struct ReportLayoffPlanInput {
    pub plan_id: ID,
}

crate::input!(ReportLayoffPlanInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Employer)
});

/// The labour administration nearest over the plan's employer.
pub struct Administration(Option<i64>);

impl Facts<PlanRow, ReportLayoffPlanInput> for Administration {
    async fn load(
        conn: &mut Conn<'_>,
        plan: &PlanRow,
        _: &ReportLayoffPlanInput,
        _: &Act,
    ) -> Result<Administration, TxError> {
        let nearest = labour_administrations_above(conn, plan.region_id)
            .await?
            .pop();
        Ok(Administration(nearest.map(|o| o.id)))
    }
}

impl Change<PlanRow> for ReportLayoffPlanInput {
    type Facts = Administration;

    fn decide(
        &self,
        plan: &PlanRow,
        to: &Administration,
        act: &Act,
    ) -> crate::change::Ruling<PlanRow> {
        let Some(administration) = to.0 else {
            return Err(refused(
                "planId",
                UserErrorCode::RuleViolated,
                "no labour administration is over the employer's region",
            ));
        };
        rules::report(plan, administration, act.now)
    }
}

/// Input of `acknowledgeLayoffReport`.
#[derive(InputObject)]
pub struct AcknowledgeLayoffReportInput {
    pub plan_id: ID,
    /// The administration's opinion, if it gives one (a report is not an approval).
    pub opinion: Option<String>,
}

crate::input!(AcknowledgeLayoffReportInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::PublicBody(&[OrganizationKind::LabourAdministration])
});

impl Change<PlanRow> for AcknowledgeLayoffReportInput {
    type Facts = ();

    fn decide(&self, plan: &PlanRow, _: &(), act: &Act) -> crate::change::Ruling<PlanRow> {
        let opinion =
            text::optional(&["opinion"], self.opinion.as_deref(), 10_000).map_err(|e| vec![e])?;
        rules::acknowledge(plan, opinion, act.now)
    }
}

/// Input of `withdrawLayoffPlan`.
#[derive(InputObject)]
pub struct WithdrawLayoffPlanInput {
    pub plan_id: ID,
    /// Why it is withdrawn.
    pub reason: String,
}

crate::input!(WithdrawLayoffPlanInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Change<PlanRow> for WithdrawLayoffPlanInput {
    type Facts = ();

    fn decide(&self, plan: &PlanRow, _: &(), act: &Act) -> crate::change::Ruling<PlanRow> {
        let reason = text::required(&["reason"], &self.reason, 2_000).map_err(|e| vec![e])?;
        rules::withdraw(plan, reason, act.now)
    }
}

/// Input of `recordLayoffTermination`.
#[derive(InputObject)]
pub struct RecordLayoffTerminationInput {
    pub plan_id: ID,
    /// The worker's row on the current list, from 1.
    pub row: i32,
    /// The last day of work (the contract ends at its 24:00).
    pub last_day: Date,
    /// The severance paid, in yuan.
    pub severance_paid: String,
    /// Why the amount paid differs from the calculator's (the rules before
    /// 2008, an agreement, a court's decision); required when it does.
    pub override_reason: Option<String>,
    /// The day the termination certificate was issued (解除劳动合同证明).
    pub certificate_issued_on: Date,
}

crate::input!(RecordLayoffTerminationInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Employer)
});

/// The current list and the terminations recorded so far.
pub struct Carried {
    list: Vec<WorkerRow>,
    done: Vec<TerminationRow>,
}

async fn carried(conn: &mut Conn<'_>, plan: &PlanRow) -> Result<Carried, TxError> {
    let list = storage::workers_of(conn, &[plan.id])
        .await?
        .into_iter()
        .filter(|w| w.revision == plan.revision)
        .collect();
    let done = storage::terminations_of(conn, &[plan.id]).await?;
    Ok(Carried { list, done })
}

impl Carried {
    /// The worker on `row` (from 1) of the current list.
    fn at(&self, field: &[&str], row: i32) -> Result<&WorkerRow, Vec<UserError>> {
        usize::try_from(row - 1)
            .ok()
            .and_then(|i| self.list.get(i))
            .ok_or_else(|| {
                vec![UserError::new(
                    field,
                    UserErrorCode::OutOfRange,
                    format!("is a row of the list, 1 to {}", self.list.len()),
                )]
            })
    }
}

/// What a termination's rule needs: the list, the terminations so far and
/// the region's rates for the last day.
pub struct TerminationFacts {
    carried: Carried,
    rates: Rates,
}

impl Facts<PlanRow, RecordLayoffTerminationInput> for TerminationFacts {
    async fn load(
        conn: &mut Conn<'_>,
        plan: &PlanRow,
        input: &RecordLayoffTerminationInput,
        _: &Act,
    ) -> Result<TerminationFacts, TxError> {
        Ok(TerminationFacts {
            carried: carried(conn, plan).await?,
            rates: rates_for(conn, plan.region_id, *input.last_day).await?,
        })
    }
}

impl Change<PlanRow> for RecordLayoffTerminationInput {
    type Facts = TerminationFacts;

    fn decide(
        &self,
        plan: &PlanRow,
        facts: &TerminationFacts,
        act: &Act,
    ) -> crate::change::Ruling<PlanRow> {
        let worker = facts.carried.at(&["row"], self.row)?;
        let mut errors = UserErrors::default();
        let paid = match parse_yuan(&self.severance_paid) {
            Ok(fen) => Some(fen),
            Err(message) => {
                errors.push(&["severancePaid"], UserErrorCode::Invalid, message);
                None
            }
        };
        let reason = errors
            .keep(text::optional(
                &["overrideReason"],
                self.override_reason.as_deref(),
                2_000,
            ))
            .flatten();
        let (Some(paid), true) = (paid, errors.is_empty()) else {
            return Err(errors.into_vec());
        };
        let terminated = Terminated {
            last_day: *self.last_day,
            paid,
            reason,
            certificate_on: *self.certificate_issued_on,
        };
        implementation::terminate(
            plan,
            worker,
            &facts.carried.done,
            terminated,
            facts.rates,
            act.now,
        )
    }
}

/// Input of `recordReemploymentService`.
#[derive(InputObject)]
pub struct RecordReemploymentServiceInput {
    pub plan_id: ID,
    pub kind: ServiceKind,
    /// Who provided it (a public employment service, a training school…).
    pub provider: String,
    /// The day it was held.
    pub held_on: Date,
    /// How many of those laid off took part.
    pub participants: i32,
    /// What came of it.
    pub outcome: String,
}

crate::input!(RecordReemploymentServiceInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::EitherParty
});

impl Change<PlanRow> for RecordReemploymentServiceInput {
    type Facts = ();

    fn decide(&self, plan: &PlanRow, _: &(), act: &Act) -> crate::change::Ruling<PlanRow> {
        let mut errors = UserErrors::default();
        let provider = errors.keep(text::required(&["provider"], &self.provider, 200));
        let outcome = errors.keep(text::required(&["outcome"], &self.outcome, 2_000));
        let (Some(provider), Some(outcome), true) = (provider, outcome, errors.is_empty()) else {
            return Err(errors.into_vec());
        };
        let service = ServiceRow {
            id: 0,
            plan_id: plan.id,
            kind: self.kind,
            provider,
            held_on: *self.held_on,
            participants: self.participants,
            outcome,
            recorded_by_id: act.acting.organization_id.unwrap_or(plan.employer_id),
            recorded_at: act.now,
        };
        implementation::offer_service(plan, service, act.now)
    }
}

/// A laid-off worker told of new hiring.
#[derive(InputObject)]
pub struct RehireNoticeInput {
    /// The worker's row on the current list, from 1.
    pub row: i32,
    /// The day the worker was told.
    pub notified_on: Date,
}

/// Input of `recordLayoffHiring`.
#[derive(InputObject)]
pub struct RecordLayoffHiringInput {
    pub plan_id: ID,
    /// The day the new hiring starts.
    pub hired_on: Date,
    /// The posts hired for.
    pub posts: String,
    /// How many are hired.
    pub openings: i32,
    /// Those laid off within six months, told first (every one of them).
    pub notified: Vec<RehireNoticeInput>,
}

crate::input!(RecordLayoffHiringInput => PlanRow {
    id: plan_id,
    who: |_, _| Actor::Side(Side::Employer)
});

impl Facts<PlanRow, RecordLayoffHiringInput> for Carried {
    async fn load(
        conn: &mut Conn<'_>,
        plan: &PlanRow,
        _: &RecordLayoffHiringInput,
        _: &Act,
    ) -> Result<Carried, TxError> {
        carried(conn, plan).await
    }
}

impl Change<PlanRow> for RecordLayoffHiringInput {
    type Facts = Carried;

    fn decide(
        &self,
        plan: &PlanRow,
        carried: &Carried,
        act: &Act,
    ) -> crate::change::Ruling<PlanRow> {
        let mut errors = UserErrors::default();
        let posts = errors.keep(text::required(&["posts"], &self.posts, 500));
        if !(1..=100_000).contains(&self.openings) {
            errors.push(
                &["openings"],
                UserErrorCode::OutOfRange,
                "is from 1 to 100000",
            );
        }
        let today = local_date(act.now.and_utc());
        if (*self.hired_on - today).num_days().abs() > 90 {
            errors.push(
                &["hiredOn"],
                UserErrorCode::OutOfRange,
                "is within 90 days of today",
            );
        }
        let mut notified = Vec::new();
        for (i, notice) in self.notified.iter().enumerate().take(MOST_WORKERS) {
            let index = i.to_string();
            match carried.at(&["notified", &index, "row"], notice.row) {
                Ok(worker) => notified.push((
                    worker.position as usize + 1,
                    worker.id_number.clone(),
                    *notice.notified_on,
                )),
                Err(e) => {
                    errors.keep_all::<()>(Err(e));
                }
            }
        }
        let (Some(posts), true) = (posts, errors.is_empty()) else {
            return Err(errors.into_vec());
        };
        let hiring = HiringRow {
            id: 0,
            plan_id: plan.id,
            hired_on: *self.hired_on,
            posts,
            openings: self.openings,
            recorded_at: act.now,
        };
        let name = |number: &str| {
            carried
                .list
                .iter()
                .find(|w| w.id_number == number)
                .map(|w| w.name.clone())
                .unwrap_or_default()
        };
        implementation::hire(plan, &carried.done, hiring, &notified, &name)
    }
}

/// Input of `setLayoffRules`.
#[derive(InputObject)]
pub struct SetLayoffRulesInput {
    /// The region the rules apply to (and the regions below it).
    pub region_id: ID,
    /// Days for the employer's written answer to the union's opinion, 1 to
    /// 30; null removes the region's rule; left out, unchanged.
    pub answer_days: MaybeUndefined<i32>,
}

/// Result of `setLayoffRules`.
#[derive(SimpleObject)]
pub struct SetLayoffRulesPayload {
    /// The days in force in the region now (its own, a region above's, or 7).
    pub answer_days: Option<i32>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Stores a new plan of `employer` with its first version, as drawn up.
pub(super) async fn draw_up(
    conn: &mut Conn<'_>,
    employer: &OrganizationRow,
    ground: LayoffGround,
    parsed: Version,
    acting: Acting,
    env: &Env<'_>,
) -> Result<PlanRow, TxError> {
    let union = organizations::unions_of(conn, employer.id)
        .await?
        .into_iter()
        .next();
    let parsed = parsed.numbered(0, 1);
    let plan = PlanRow {
        id: 0,
        employer_id: employer.id,
        region_id: employer.region_id,
        union_id: union.map(|u| u.id),
        status: LayoffStatus::Draft,
        ground,
        revision: 1,
        workforce: parsed.revision.workforce,
        cut: parsed.revision.cut,
        procedure_required: needs_procedure(parsed.revision.workforce, parsed.revision.cut),
        first_termination: parsed.revision.first_termination,
        last_termination: parsed.revision.last_termination,
        explained_at: None,
        explained_to: None,
        explanation: None,
        earliest_termination: None,
        opinion: None,
        opinion_at: None,
        answer: None,
        answered_at: None,
        reported_at: None,
        reported_to_id: None,
        acknowledged_at: None,
        administration_opinion: None,
        withdrawn_at: None,
        withdrawal_reason: None,
        version: 1,
        created_at: env.now,
        updated_at: env.now,
    };
    let row = storage::insert_plan(
        conn,
        &plan,
        &parsed.revision,
        &parsed.workers,
        &parsed.posts,
    )
    .await?;
    let decision = rules::drafted(&row);
    store(conn, row, decision, acting, env).await
}

/// Mutations of layoff plans.
#[derive(Default)]
pub struct LayoffMutation;

#[Object]
impl LayoffMutation {
    /// Draws up a layoff plan (裁减人员方案) with its list of names. The
    /// threshold of Art. 41 is computed: below it the plan says it needs no
    /// procedure. A worker Art. 42 protects is refused, naming the row and
    /// the class. The draft is the employer's alone until it is explained.
    /// For the employer's officers.
    async fn draft_layoff_plan(
        &self,
        ctx: &Context<'_>,
        input: DraftLayoffPlanInput,
    ) -> ApiResult<DraftLayoffPlanPayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let parsed = version(&mut errors, &input.terms, None, env.now, None);
        let (Some(employer_id), Some(parsed), true) = (employer_id, parsed, errors.is_empty())
        else {
            return DraftLayoffPlanPayload::from_outcome(Ok(Outcome::Rejected(errors.into_vec())));
        };
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer, employer_id).await?;
            let acting = act_as_party(viewer, &place_of(conn, employer.id).await?)?;
            draw_up(conn, &employer, input.ground, parsed.clone(), acting, &env).await
        });
        DraftLayoffPlanPayload::from_outcome(Outcome::of(result))
    }

    /// Revises a plan not yet reported: the whole of a new version, with
    /// why. Every version is kept, with the diff of its list. Once
    /// explained, no termination may come before the earliest day. For the
    /// employer's officers.
    async fn revise_layoff_plan(
        &self,
        ctx: &Context<'_>,
        input: ReviseLayoffPlanInput,
    ) -> ApiResult<ReviseLayoffPlanPayload> {
        ReviseLayoffPlanPayload::from_outcome(run(ctx, input).await)
    }

    /// Records the explanation to the union or all workers (说明情况), with
    /// what was shown. The earliest termination is 30 days after it, counted
    /// as the Civil Code counts; the plan's first termination may not come
    /// before it. The union, the district office and the labour
    /// administration are told. For the employer's officers.
    async fn explain_layoff_plan(
        &self,
        ctx: &Context<'_>,
        input: ExplainLayoffPlanInput,
    ) -> ApiResult<ExplainLayoffPlanPayload> {
        ExplainLayoffPlanPayload::from_outcome(run(ctx, input).await)
    }

    /// The union gives its opinion on an explained plan (LCL Art. 43); the
    /// employer's written answer is due within the region's days (7 unless
    /// set). For the union's officers (or a federation above it); where the
    /// employer has no union, its officers record what the workers said.
    async fn give_layoff_opinion(
        &self,
        ctx: &Context<'_>,
        input: GiveLayoffOpinionInput,
    ) -> ApiResult<GiveLayoffOpinionPayload> {
        GiveLayoffOpinionPayload::from_outcome(run(ctx, input).await)
    }

    /// The employer answers the opinion in writing. For the employer's officers.
    async fn answer_layoff_opinion(
        &self,
        ctx: &Context<'_>,
        input: AnswerLayoffOpinionInput,
    ) -> ApiResult<AnswerLayoffOpinionPayload> {
        AnswerLayoffOpinionPayload::from_outcome(run(ctx, input).await)
    }

    /// Reports the plan, with the union's opinion and the employer's answer,
    /// to the labour administration nearest over the employer, whose queue
    /// it joins. A report, not an approval. For the employer's officers.
    async fn report_layoff_plan(
        &self,
        ctx: &Context<'_>,
        input: ReportLayoffPlanInput,
    ) -> ApiResult<ReportLayoffPlanPayload> {
        ReportLayoffPlanPayload::from_outcome(run(ctx, input).await)
    }

    /// The labour administration acknowledges a report, with its opinion if
    /// any. For a labour administration over the employer.
    async fn acknowledge_layoff_report(
        &self,
        ctx: &Context<'_>,
        input: AcknowledgeLayoffReportInput,
    ) -> ApiResult<AcknowledgeLayoffReportPayload> {
        AcknowledgeLayoffReportPayload::from_outcome(run(ctx, input).await)
    }

    /// Withdraws a plan; its clocks stop. For the employer's officers.
    async fn withdraw_layoff_plan(
        &self,
        ctx: &Context<'_>,
        input: WithdrawLayoffPlanInput,
    ) -> ApiResult<WithdrawLayoffPlanPayload> {
        WithdrawLayoffPlanPayload::from_outcome(run(ctx, input).await)
    }

    /// Records a worker's termination under the plan, once reported (at
    /// once below the threshold): the last day, not before the earliest;
    /// the severance paid against the calculator's (a different amount
    /// needs its reason); the termination certificate. A worker Art. 42
    /// protects on the last day is refused. The six months of priority
    /// start. For the employer's officers.
    async fn record_layoff_termination(
        &self,
        ctx: &Context<'_>,
        input: RecordLayoffTerminationInput,
    ) -> ApiResult<RecordLayoffTerminationPayload> {
        RecordLayoffTerminationPayload::from_outcome(run(ctx, input).await)
    }

    /// Records a re-employment service for those laid off: employment
    /// assistance, psychological guidance or skills training, its provider,
    /// day and outcome. For the employer's or the union's officers.
    async fn record_reemployment_service(
        &self,
        ctx: &Context<'_>,
        input: RecordReemploymentServiceInput,
    ) -> ApiResult<RecordReemploymentServicePayload> {
        RecordReemploymentServicePayload::from_outcome(run(ctx, input).await)
    }

    /// Records new hiring within six months of a termination: every worker
    /// laid off within the six months must have been told first (LCL Art.
    /// 41 ¶3), and the plan shows who was. For the employer's officers.
    async fn record_layoff_hiring(
        &self,
        ctx: &Context<'_>,
        input: RecordLayoffHiringInput,
    ) -> ApiResult<RecordLayoffHiringPayload> {
        RecordLayoffHiringPayload::from_outcome(run(ctx, input).await)
    }

    /// Sets a region's layoff rules, or removes them (then the nearest
    /// region above decides, else 7 days). Clocks already running keep
    /// their due instant. For a labour administration over the region.
    async fn set_layoff_rules(
        &self,
        ctx: &Context<'_>,
        input: SetLayoffRulesInput,
    ) -> ApiResult<SetLayoffRulesPayload> {
        signed_in(viewer(ctx))?;
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[OrganizationKind::LabourAdministration],
        )?;
        if let MaybeUndefined::Value(days) = input.answer_days
            && !(1..=30).contains(&days)
        {
            return Ok(SetLayoffRulesPayload {
                answer_days: None,
                user_errors: vec![UserError::new(
                    &["answerDays"],
                    UserErrorCode::OutOfRange,
                    format!("is from 1 to 30 (the default is {ANSWER_DAYS})"),
                )],
            });
        }
        let services = services(ctx);
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            if region(conn, region_id).await?.is_none() {
                return Err(refuse(
                    "regionId",
                    UserErrorCode::NotFound,
                    "no such region",
                ));
            }
            let current = storage::answer_days(conn, &[region_id]).await?.pop();
            let days = updated(&input.answer_days, current.map(|(_, d)| d));
            let set_by = acting.organization_id.unwrap_or_default();
            storage::set_answer_days(conn, region_id, days, set_by, now).await?;
            let payload =
                json!({ "regionId": encode(NodeType::Region, region_id), "answerDays": days });
            let entry = Entry::audited(
                acting,
                ctx.field().name(),
                (NodeType::Region, region_id),
                payload,
            );
            entry::record(conn, now, entry).await?;
            answer_days(conn, region_id).await
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done(days) => SetLayoffRulesPayload {
                answer_days: Some(days),
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => SetLayoffRulesPayload {
                answer_days: None,
                user_errors,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::valid_id_number;

    #[test]
    fn identity_numbers_carry_their_check_character() {
        assert!(valid_id_number("11010519491231002X"));
        assert!(!valid_id_number("110105194912310029"));
        assert!(valid_id_number("440524188001010014"));
        assert!(!valid_id_number("44052418800101001"));
        assert!(!valid_id_number("4405241880010100AA"));
    }
}
