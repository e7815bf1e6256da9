//! Who may not be laid off (LCL Art. 42), and who is kept first (Art. 41
//! ¶2), as pure functions of a worker's facts.

use chrono::{Months, NaiveDate};

use super::retirement::{RetirementGroup, retirement_date};
use super::severance::service;
pub use crate::layoffs::kinds::{JobCategory, Sex};

/// The facts of a worker on a layoff list that Art. 42 turns on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerFacts {
    /// Exposed to occupational-disease hazards without an exit health
    /// check, or a suspected case under diagnosis or observation.
    pub hazard_unchecked: bool,
    /// An occupational disease or work injury at this employer, with the
    /// working capacity lost in whole or in part.
    pub disease_or_injury: bool,
    /// Within the medical-treatment period for illness or a non-work injury.
    pub medical_treatment: bool,
    /// A woman in pregnancy, childbirth or nursing.
    pub maternity: bool,
    /// Another protection set by law, in words (Art. 42 (六)).
    pub other_by_law: Option<String>,
    /// The first day of continuous service at this employer.
    pub service_start: NaiveDate,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub job_category: JobCategory,
}

/// A class of Art. 42.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectedClass {
    /// (一) hazard exposure without an exit check, or a suspected case.
    HazardUnchecked,
    /// (二) occupational disease or work injury with lost capacity.
    DiseaseOrInjury,
    /// (三) within the medical-treatment period.
    MedicalTreatment,
    /// (四) pregnancy, childbirth or nursing.
    Maternity,
    /// (五) 15 years' continuous service and less than 5 years to retirement.
    LongServiceNearRetirement,
    /// (六) another protection set by law.
    OtherByLaw,
}

impl ProtectedClass {
    /// The class as Art. 42 words it.
    pub fn describe(self) -> &'static str {
        match self {
            ProtectedClass::HazardUnchecked => {
                "《劳动合同法》第四十二条第（一）项：从事接触职业病危害作业未进行离岗前职业健康检查，或者疑似职业病病人在诊断或者医学观察期间"
            }
            ProtectedClass::DiseaseOrInjury => {
                "《劳动合同法》第四十二条第（二）项：在本单位患职业病或者因工负伤并被确认丧失或者部分丧失劳动能力"
            }
            ProtectedClass::MedicalTreatment => {
                "《劳动合同法》第四十二条第（三）项：患病或者非因工负伤，在规定的医疗期内"
            }
            ProtectedClass::Maternity => {
                "《劳动合同法》第四十二条第（四）项：女职工在孕期、产期、哺乳期"
            }
            ProtectedClass::LongServiceNearRetirement => {
                "《劳动合同法》第四十二条第（五）项：在本单位连续工作满十五年，且距法定退休年龄不足五年"
            }
            ProtectedClass::OtherByLaw => {
                "《劳动合同法》第四十二条第（六）项：法律、行政法规规定的其他情形"
            }
        }
    }
}

/// The group whose retirement age applies to the worker.
pub fn retirement_group(sex: Sex, category: JobCategory) -> RetirementGroup {
    match (sex, category) {
        (Sex::Male, _) => RetirementGroup::Man,
        (Sex::Female, JobCategory::Cadre) => RetirementGroup::WomanCadre,
        (Sex::Female, JobCategory::Worker) => RetirementGroup::WomanWorker,
    }
}

/// Whether, with `last` as the last day of work, the worker has served 15
/// full years continuously and has less than 5 years left to the
/// statutory retirement age (不足五年: exactly five years left is not less).
pub fn long_service_near_retirement(worker: &WorkerFacts, last: NaiveDate) -> bool {
    let served = service(worker.service_start, last);
    let retires = retirement_date(
        worker.birth_date,
        retirement_group(worker.sex, worker.job_category),
    );
    let five_before = retires
        .checked_sub_months(Months::new(60))
        .unwrap_or(NaiveDate::MIN);
    served.years >= 15 && last > five_before
}

/// The Art. 42 classes of a worker whose last day of work would be `last`.
pub fn protected_classes(worker: &WorkerFacts, last: NaiveDate) -> Vec<ProtectedClass> {
    let flags = [
        (worker.hazard_unchecked, ProtectedClass::HazardUnchecked),
        (worker.disease_or_injury, ProtectedClass::DiseaseOrInjury),
        (worker.medical_treatment, ProtectedClass::MedicalTreatment),
        (
            worker.maternity && worker.sex == Sex::Female,
            ProtectedClass::Maternity,
        ),
        (
            long_service_near_retirement(worker, last),
            ProtectedClass::LongServiceNearRetirement,
        ),
        (worker.other_by_law.is_some(), ProtectedClass::OtherByLaw),
    ];
    flags
        .into_iter()
        .filter_map(|(applies, class)| applies.then_some(class))
        .collect()
}

/// A worker on the list kept first under Art. 41 ¶2: a longer fixed-term
/// contract, an open-ended one, or the family's only earner with elderly
/// people or minors to support.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Priority {
    pub long_fixed_term: bool,
    pub open_ended: bool,
    pub sole_earner: bool,
}

impl Priority {
    pub fn any(self) -> bool {
        self.long_fixed_term || self.open_ended || self.sole_earner
    }

    /// What gives the priority, as Art. 41 ¶2 words it.
    pub fn reasons(self) -> Vec<&'static str> {
        [
            (
                self.long_fixed_term,
                "《劳动合同法》第四十一条第二款第（一）项：与本单位订立较长期限的固定期限劳动合同",
            ),
            (
                self.open_ended,
                "《劳动合同法》第四十一条第二款第（二）项：与本单位订立无固定期限劳动合同",
            ),
            (
                self.sole_earner,
                "《劳动合同法》第四十一条第二款第（三）项：家庭无其他就业人员，有需要扶养的老人或者未成年人",
            ),
        ]
        .into_iter()
        .filter(|(applies, _)| *applies)
        .map(|(_, why)| why)
        .collect()
    }
}

/// The rows of the list (by index) whose worker is kept first while the
/// post keeps workers who are not: a warning, not a refusal. `listed` is
/// each row's post and priority; `kept_without_priority` names the posts
/// that keep workers without one.
pub fn priority_warnings(
    listed: &[(&str, Priority)],
    kept_without_priority: &[&str],
) -> Vec<usize> {
    listed
        .iter()
        .enumerate()
        .filter(|(_, (post, priority))| priority.any() && kept_without_priority.contains(post))
        .map(|(row, _)| row)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn worker() -> WorkerFacts {
        WorkerFacts {
            hazard_unchecked: false,
            disease_or_injury: false,
            medical_treatment: false,
            maternity: false,
            other_by_law: None,
            service_start: day(2000, 1, 1),
            birth_date: day(1990, 6, 15),
            sex: Sex::Male,
            job_category: JobCategory::Worker,
        }
    }

    #[test]
    fn each_class_protects() {
        let last = day(2027, 3, 31);
        assert_eq!(protected_classes(&worker(), last), vec![]);
        type Setter = fn(&mut WorkerFacts);
        let cases: [(Setter, ProtectedClass); 5] = [
            (
                |w| w.hazard_unchecked = true,
                ProtectedClass::HazardUnchecked,
            ),
            (
                |w| w.disease_or_injury = true,
                ProtectedClass::DiseaseOrInjury,
            ),
            (
                |w| w.medical_treatment = true,
                ProtectedClass::MedicalTreatment,
            ),
            (
                |w| {
                    w.sex = Sex::Female;
                    w.maternity = true;
                },
                ProtectedClass::Maternity,
            ),
            (
                |w| w.other_by_law = Some("工会专职主席任期内".into()),
                ProtectedClass::OtherByLaw,
            ),
        ];
        for (set, class) in cases {
            let mut w = worker();
            set(&mut w);
            assert_eq!(protected_classes(&w, last), vec![class], "{class:?}");
        }
    }

    #[test]
    fn class_five_at_its_boundaries() {
        // A man born 1968-06-15 retires at 60 and 11 months (annex 1):
        // 2029-05-15; five years before is 2024-05-15.
        let mut w = worker();
        w.birth_date = day(1968, 6, 15);
        assert_eq!(
            retirement_date(w.birth_date, RetirementGroup::Man),
            day(2029, 5, 15)
        );
        w.service_start = day(2009, 5, 16);
        // 15 years served by 2024-05-15, but exactly five years left.
        assert!(!long_service_near_retirement(&w, day(2024, 5, 15)));
        // A day later: 15 years and a day, under five years left.
        assert!(long_service_near_retirement(&w, day(2024, 5, 16)));
        // 14 years and 11 months of service: not yet.
        w.service_start = day(2010, 1, 1);
        assert!(!long_service_near_retirement(&w, day(2024, 11, 30)));
        assert!(long_service_near_retirement(&w, day(2024, 12, 31)));
        // A woman worker born 1976-06-15 retires at 50 and 9 months
        // (annex 3): 2027-03-15; under the old age (2026-06-15) she would
        // have been inside five years from 2021-06-16.
        let mut w = worker();
        w.sex = Sex::Female;
        w.birth_date = day(1976, 6, 15);
        w.service_start = day(2000, 1, 1);
        assert!(!long_service_near_retirement(&w, day(2022, 3, 15)));
        assert!(long_service_near_retirement(&w, day(2022, 3, 16)));
        // As a cadre her age is 56 and 8 months (annex 2): 2033-02-15.
        w.job_category = JobCategory::Cadre;
        assert!(!long_service_near_retirement(&w, day(2022, 3, 16)));
    }

    #[test]
    fn maternity_is_a_womans_class() {
        let mut w = worker();
        w.maternity = true;
        assert_eq!(protected_classes(&w, day(2027, 1, 1)), vec![]);
    }

    #[test]
    fn a_kept_first_worker_on_the_list_warns_while_the_post_keeps_others() {
        let none = Priority::default();
        let open = Priority {
            open_ended: true,
            ..Priority::default()
        };
        let listed = [("车工", open), ("车工", none), ("焊工", open)];
        assert_eq!(priority_warnings(&listed, &["车工"]), vec![0]);
        assert_eq!(priority_warnings(&listed, &[]), Vec::<usize>::new());
    }
}
