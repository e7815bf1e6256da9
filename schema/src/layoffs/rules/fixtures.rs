//! What the rules' unit tests share: a worker on a list and a plan.

use chrono::NaiveDate;

use crate::layoffs::kinds::{ContractKind, JobCategory, LayoffGround, LayoffStatus, Sex};
use crate::layoffs::storage::{PlanRow, WorkerRow};

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn worker(position: i32, id: &str, post: &str) -> WorkerRow {
    WorkerRow {
        plan_id: 1,
        revision: 1,
        position,
        name: format!("职工{id}"),
        id_number: id.into(),
        post: post.into(),
        sex: Sex::Male,
        job_category: JobCategory::Worker,
        birth_date: day(1985, 1, 15),
        service_start: day(2012, 3, 1),
        contract: ContractKind::FixedTerm,
        long_fixed_term: false,
        sole_earner: false,
        hazard_unchecked: false,
        disease_or_injury: false,
        medical_treatment: false,
        maternity: false,
        other_by_law: None,
        monthly_wage: 520_000,
    }
}

pub fn plan(status: LayoffStatus) -> PlanRow {
    PlanRow {
        id: 1,
        employer_id: 21,
        region_id: 3,
        union_id: Some(22),
        status,
        ground: LayoffGround::SeriousDifficulty,
        revision: 1,
        workforce: 100,
        cut: 10,
        procedure_required: true,
        first_termination: day(2027, 3, 1),
        last_termination: day(2027, 3, 31),
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
        created_at: day(2027, 1, 4).and_hms_opt(2, 0, 0).unwrap(),
        updated_at: day(2027, 1, 4).and_hms_opt(2, 0, 0).unwrap(),
    }
}
