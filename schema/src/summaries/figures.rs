//! The figures of a campaign summary: counted by the platform over an
//! office's districts and the campaign's period, from the same records the
//! lists show. Each count is a pure tally over rows the storage selected by
//! region and period; a submitted summary keeps its figures as they stood.

use std::collections::{BTreeMap, HashSet};

use async_graphql::{OutputType, SimpleObject};
use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::agreements::kinds::AgreementKind;
use crate::layoffs::kinds::LayoffStatus;
use crate::offers::kinds::NegotiationOutcome;
use crate::offers::objects::CategoryProgress;
use crate::offers::progress::{ProgressCounts, progress};
use crate::offers::storage::OfferRow;
use crate::risk::kinds::{MonitoredItem, RectificationStatus, RiskOutcome, WarningLevel};

/// How many records have one value.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, PartialEq)]
#[graphql(concrete(name = "NegotiationOutcomeCount", params(NegotiationOutcome)))]
#[graphql(concrete(name = "MonitoredItemCount", params(MonitoredItem)))]
#[graphql(concrete(name = "WarningLevelCount", params(WarningLevel)))]
#[graphql(concrete(name = "RiskOutcomeCount", params(RiskOutcome)))]
pub struct Tally<K: OutputType> {
    /// The value.
    pub key: K,
    /// How many.
    pub count: i64,
}

/// Offers issued in the period, and what became of them since.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryOfferFigures")]
pub struct OfferFigures {
    /// All of them.
    pub total: ProgressCounts,
    /// By category.
    pub by_category: Vec<CategoryProgress>,
}

/// Negotiations concluded in the period.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryNegotiationFigures")]
pub struct NegotiationFigures {
    pub concluded: i64,
    /// By outcome.
    pub by_outcome: Vec<Tally<NegotiationOutcome>>,
}

/// Agreements of one kind, or of every kind (`kind` null).
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryAgreementCounts")]
pub struct AgreementCounts {
    pub kind: Option<AgreementKind>,
    /// Signed by both chiefs in the period.
    pub signed: i64,
    /// Filed with the labour administration in the period.
    pub filed: i64,
    /// In force at the end of the period (or now, while it runs).
    pub in_force: i64,
    /// The workers those in force cover.
    pub workers_covered: i64,
}

/// Agreements: signed, filed and in force.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryAgreementFigures")]
pub struct AgreementFigures {
    pub total: AgreementCounts,
    /// By kind, the kinds with any.
    pub by_kind: Vec<AgreementCounts>,
}

/// Rectification items added in the period, and where they stand.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct RectificationCounts {
    pub added: i64,
    /// Reported done or verified.
    pub done: i64,
    pub verified: i64,
    /// Still open past their time limit.
    pub overdue: i64,
}

/// Risk cases received in the period (merged ones counted in the case they
/// joined), health checks made in it, and the rectifications set.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryRiskFigures")]
pub struct RiskFigures {
    pub cases: i64,
    /// Cases not yet closed.
    pub open: i64,
    /// By monitored item; a case with two items counts under both.
    pub by_item: Vec<Tally<MonitoredItem>>,
    /// By warning level, of the cases assessed.
    pub by_level: Vec<Tally<WarningLevel>>,
    /// By outcome, of the cases closed.
    pub by_outcome: Vec<Tally<RiskOutcome>>,
    pub health_checks: i64,
    pub rectifications: RectificationCounts,
}

/// Layoff plans made in the period (drafts left out).
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryLayoffFigures")]
pub struct LayoffFigures {
    pub plans: i64,
    /// The workers the plans not withdrawn would let go.
    pub workers: i64,
    pub completed: i64,
    pub withdrawn: i64,
}

/// Quality evaluations and model-unit coverage of the period's last year.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
#[graphql(name = "SummaryEvaluationFigures")]
pub struct EvaluationFigures {
    /// The year counted.
    pub year: i32,
    /// Evaluations submitted (in any state but the draft).
    pub evaluations: i64,
    /// Of them, filed with the office.
    pub filed: i64,
    /// Employers named typical units.
    pub typical_units: i64,
    /// Employers named city-level model units.
    pub model_units: i64,
    /// Employers holding a harmonious-enterprise title at city level or above.
    pub titled_employers: i64,
    /// Of them, those with a filed evaluation of the year or the year before.
    pub evaluated: i64,
    /// Of them, those also bound by a contract in force.
    pub evaluated_with_contract: i64,
    /// Employers with a profile.
    pub employers: i64,
    /// Of them, those bound by a contract in force.
    pub employers_covered: i64,
    /// Their workers.
    pub workers: i64,
    /// The workers of the employers bound by a contract in force.
    pub workers_covered: i64,
}

/// What the platform counts for a summary.
#[derive(SimpleObject, Serialize, Deserialize, Clone, Debug, Default, PartialEq)]
pub struct SummaryFigures {
    pub offers: OfferFigures,
    pub negotiations: NegotiationFigures,
    pub agreements: AgreementFigures,
    pub risk: RiskFigures,
    pub layoffs: LayoffFigures,
    pub evaluation: EvaluationFigures,
}

/// The instants a summary counts over: from the campaign's first day to
/// the end of its last, or to now while it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDateTime,
    pub until: NaiveDateTime,
}

impl Period {
    /// The campaign's days in Beijing time, cut at `now`.
    pub fn of(starts_on: NaiveDate, ends_on: NaiveDate, now: NaiveDateTime) -> Period {
        use crate::deadlines::counting::end_of_local_day;
        let from = starts_on
            .pred_opt()
            .map_or(NaiveDateTime::MIN, |day| end_of_local_day(day).naive_utc());
        let until = end_of_local_day(ends_on).naive_utc().min(now).max(from);
        Period { from, until }
    }

    pub fn holds(&self, at: NaiveDateTime) -> bool {
        self.from <= at && at < self.until
    }
}

/// How many of each key, in the keys' order.
fn tallies<K: OutputType + Ord + Copy>(keys: impl IntoIterator<Item = K>) -> Vec<Tally<K>> {
    let mut counts: BTreeMap<K, i64> = BTreeMap::new();
    for key in keys {
        *counts.entry(key).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|(key, count)| Tally { key, count })
        .collect()
}

fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The offers issued in the period, with those whose reply period ran out
/// unanswered.
pub fn offers(issued: &[OfferRow], overdue: &HashSet<i64>) -> OfferFigures {
    let counted = progress(issued, overdue);
    OfferFigures {
        total: counted.total,
        by_category: counted
            .by_category
            .into_iter()
            .map(|(category, counts)| CategoryProgress { category, counts })
            .collect(),
    }
}

/// The outcomes of the negotiations concluded in the period.
pub fn negotiations(outcomes: &[Option<NegotiationOutcome>]) -> NegotiationFigures {
    NegotiationFigures {
        concluded: count(outcomes.len()),
        by_outcome: tallies(outcomes.iter().flatten().copied()),
    }
}

/// What the summary needs of an agreement.
#[derive(Debug, Clone, PartialEq)]
pub struct AgreementFacts {
    pub kind: AgreementKind,
    pub workers_signed_at: Option<NaiveDateTime>,
    pub employer_signed_at: Option<NaiveDateTime>,
    /// When it was filed for review, each time.
    pub filed_at: Vec<NaiveDateTime>,
    pub effective_at: Option<NaiveDateTime>,
    pub ended_at: Option<NaiveDateTime>,
    pub workers_covered: Option<i32>,
}

impl AgreementFacts {
    /// Signed by both chiefs, the later in the period.
    fn signed_in(&self, period: &Period) -> bool {
        match (self.workers_signed_at, self.employer_signed_at) {
            (Some(a), Some(b)) => period.holds(a.max(b)),
            _ => false,
        }
    }

    /// In force at the period's end.
    fn in_force(&self, period: &Period) -> bool {
        self.effective_at.is_some_and(|at| at < period.until)
            && self.ended_at.is_none_or(|at| at >= period.until)
    }
}

fn add(counts: &mut AgreementCounts, agreement: &AgreementFacts, period: &Period) {
    let in_force = agreement.in_force(period);
    counts.signed += i64::from(agreement.signed_in(period));
    counts.filed += i64::from(agreement.filed_at.iter().any(|at| period.holds(*at)));
    counts.in_force += i64::from(in_force);
    if in_force {
        counts.workers_covered += i64::from(agreement.workers_covered.unwrap_or(0));
    }
}

/// Agreements signed, filed and in force, by kind.
pub fn agreements(all: &[AgreementFacts], period: &Period) -> AgreementFigures {
    let mut total = AgreementCounts::default();
    let mut by_kind: BTreeMap<AgreementKind, AgreementCounts> = BTreeMap::new();
    for agreement in all {
        add(&mut total, agreement, period);
        let kind = by_kind.entry(agreement.kind).or_insert(AgreementCounts {
            kind: Some(agreement.kind),
            ..AgreementCounts::default()
        });
        add(kind, agreement, period);
    }
    let any = |c: &AgreementCounts| c.signed + c.filed + c.in_force > 0;
    AgreementFigures {
        total,
        by_kind: by_kind.into_values().filter(any).collect(),
    }
}

/// What the summary needs of a risk case received in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFacts {
    pub items: Vec<MonitoredItem>,
    pub level: Option<WarningLevel>,
    pub outcome: Option<RiskOutcome>,
    pub closed: bool,
}

/// What the summary needs of a rectification item added in the period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemFacts {
    pub status: RectificationStatus,
    pub due_at: NaiveDateTime,
}

/// Risk cases, health checks and rectifications.
pub fn risk(
    cases: &[CaseFacts],
    health_checks: usize,
    items: &[ItemFacts],
    now: NaiveDateTime,
) -> RiskFigures {
    let status = |s: RectificationStatus| count(items.iter().filter(|i| i.status == s).count());
    RiskFigures {
        cases: count(cases.len()),
        open: count(cases.iter().filter(|c| !c.closed).count()),
        by_item: tallies(cases.iter().flat_map(|c| c.items.iter().copied())),
        by_level: tallies(cases.iter().filter_map(|c| c.level)),
        by_outcome: tallies(cases.iter().filter(|c| c.closed).filter_map(|c| c.outcome)),
        health_checks: count(health_checks),
        rectifications: RectificationCounts {
            added: count(items.len()),
            done: status(RectificationStatus::Done) + status(RectificationStatus::Verified),
            verified: status(RectificationStatus::Verified),
            overdue: count(
                items
                    .iter()
                    .filter(|i| i.status == RectificationStatus::Open && i.due_at < now)
                    .count(),
            ),
        },
    }
}

/// Layoff plans (their status and the workers they cut) made in the period.
pub fn layoffs(plans: &[(LayoffStatus, i32)]) -> LayoffFigures {
    let made: Vec<&(LayoffStatus, i32)> = plans
        .iter()
        .filter(|(status, _)| *status != LayoffStatus::Draft)
        .collect();
    let with = |s: LayoffStatus| count(made.iter().filter(|(status, _)| *status == s).count());
    LayoffFigures {
        plans: count(made.len()),
        workers: made
            .iter()
            .filter(|(status, _)| *status != LayoffStatus::Withdrawn)
            .map(|(_, cut)| i64::from(*cut))
            .sum(),
        completed: with(LayoffStatus::Completed),
        withdrawn: with(LayoffStatus::Withdrawn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreements::kinds::AgreementKind::*;

    fn at(day: u32, hour: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 12, day)
            .and_then(|d| d.and_hms_opt(hour, 0, 0))
            .expect("a valid instant")
    }

    fn day(month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, month, day).expect("a valid day")
    }

    #[test]
    fn the_period_runs_in_beijing_days_and_stops_at_now() {
        let period = Period::of(day(12, 2), day(12, 10), at(31, 0));
        // 00:00 Beijing on 2 December is 16:00 UTC on the 1st.
        assert_eq!(period.from, at(1, 16));
        assert_eq!(period.until, at(10, 16));
        assert!(period.holds(at(1, 16)) && !period.holds(at(1, 15)));
        assert!(!period.holds(at(10, 16)));
        let running = Period::of(day(12, 2), day(12, 10), at(4, 9));
        assert_eq!(running.until, at(4, 9));
    }

    fn agreement(kind: AgreementKind) -> AgreementFacts {
        AgreementFacts {
            kind,
            workers_signed_at: None,
            employer_signed_at: None,
            filed_at: vec![],
            effective_at: None,
            ended_at: None,
            workers_covered: Some(100),
        }
    }

    #[test]
    fn agreements_count_by_when_both_signed_filed_and_held_force() {
        let period = Period::of(day(12, 2), day(12, 10), at(31, 0));
        let signed_before = AgreementFacts {
            workers_signed_at: Some(at(1, 1)),
            employer_signed_at: Some(at(2, 1)),
            filed_at: vec![at(3, 1)],
            effective_at: Some(at(5, 0)),
            ..agreement(CollectiveContract)
        };
        let half_signed = AgreementFacts {
            workers_signed_at: Some(at(3, 1)),
            ..agreement(CollectiveContract)
        };
        let ended = AgreementFacts {
            workers_signed_at: Some(at(1, 0)),
            employer_signed_at: Some(at(1, 0)),
            effective_at: Some(at(1, 0)),
            ended_at: Some(at(9, 0)),
            ..agreement(SpecialContract)
        };
        let figures = agreements(&[signed_before, half_signed, ended], &period);
        assert_eq!(
            figures.total,
            AgreementCounts {
                kind: None,
                signed: 1,
                filed: 1,
                in_force: 1,
                workers_covered: 100,
            }
        );
        assert_eq!(
            figures.by_kind.len(),
            1,
            "the special contract ended inside"
        );
        assert_eq!(figures.by_kind[0].kind, Some(CollectiveContract));
    }

    #[test]
    fn risk_counts_items_levels_outcomes_and_overdue_rectifications() {
        let cases = [
            CaseFacts {
                items: vec![MonitoredItem::WageArrears, MonitoredItem::MassDeparture],
                level: Some(WarningLevel::Level2),
                outcome: Some(RiskOutcome::Resolved),
                closed: true,
            },
            CaseFacts {
                items: vec![MonitoredItem::WageArrears],
                level: None,
                outcome: None,
                closed: false,
            },
        ];
        let items = [
            ItemFacts {
                status: RectificationStatus::Open,
                due_at: at(3, 0),
            },
            ItemFacts {
                status: RectificationStatus::Verified,
                due_at: at(3, 0),
            },
            ItemFacts {
                status: RectificationStatus::Open,
                due_at: at(9, 0),
            },
        ];
        let figures = risk(&cases, 4, &items, at(5, 0));
        assert_eq!(
            (figures.cases, figures.open, figures.health_checks),
            (2, 1, 4)
        );
        assert_eq!(
            figures.by_item,
            vec![
                Tally {
                    key: MonitoredItem::WageArrears,
                    count: 2
                },
                Tally {
                    key: MonitoredItem::MassDeparture,
                    count: 1
                },
            ]
        );
        assert_eq!(figures.by_level.len(), 1);
        assert_eq!(figures.by_outcome[0].count, 1);
        assert_eq!(
            figures.rectifications,
            RectificationCounts {
                added: 3,
                done: 1,
                verified: 1,
                overdue: 1,
            }
        );
    }

    #[test]
    fn layoffs_leave_out_drafts_and_the_workers_of_withdrawn_plans() {
        let figures = layoffs(&[
            (LayoffStatus::Draft, 80),
            (LayoffStatus::Reported, 30),
            (LayoffStatus::Withdrawn, 40),
            (LayoffStatus::Completed, 25),
        ]);
        assert_eq!(
            figures,
            LayoffFigures {
                plans: 3,
                workers: 55,
                completed: 1,
                withdrawn: 1,
            }
        );
    }

    #[test]
    fn negotiations_count_every_conclusion_and_tally_the_outcomes_given() {
        let figures = negotiations(&[
            Some(NegotiationOutcome::Memorandum),
            Some(NegotiationOutcome::Memorandum),
            None,
        ]);
        assert_eq!(figures.concluded, 3);
        assert_eq!(figures.by_outcome[0].count, 2);
    }
}
