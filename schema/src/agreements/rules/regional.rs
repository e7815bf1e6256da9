//! A region's own filing and publication periods (CCP Arts. 42, 48 leave
//! them to local rules): each 1 to 60 days, set, kept or cleared on its own
//! (a cleared one is the nearest region's above, or the national default),
//! and a special subject only for special contracts.

use async_graphql::MaybeUndefined;

use crate::agreements::kinds::{AgreementKind, SpecialSubject};
use crate::graphql::errors::{UserError, UserErrorCode, refused};
use crate::graphql::updated;

/// A region's periods, in days: `(filing, publication)`, `None` where the
/// region sets none.
pub type RulePeriods = (Option<i32>, Option<i32>);

/// The periods a region has after a change, from those it had (`current`)
/// and the input's: a number sets a period, null clears it, and an
/// omitted one stays as it was; or why not.
pub fn check_rule(
    kind: AgreementKind,
    subject: Option<SpecialSubject>,
    current: RulePeriods,
    filing_days: &MaybeUndefined<i32>,
    publication_days: &MaybeUndefined<i32>,
) -> Result<RulePeriods, Vec<UserError>> {
    for (field, value) in [
        ("filingDays", filing_days),
        ("publicationDays", publication_days),
    ] {
        if value.value().is_some_and(|d| !(1..=60).contains(d)) {
            return Err(refused(
                field,
                UserErrorCode::OutOfRange,
                "must be 1 to 60 days",
            ));
        }
    }
    // Memoranda and minutes are neither filed nor published (CCP Art. 42).
    if !kind.is_contract() {
        return Err(refused(
            "kind",
            UserErrorCode::Invalid,
            "only contracts are filed and published",
        ));
    }
    if subject.is_some() && kind != AgreementKind::SpecialContract {
        return Err(refused(
            "specialSubject",
            UserErrorCode::Invalid,
            "only a special contract has a subject",
        ));
    }
    Ok((
        updated(filing_days, current.0),
        updated(publication_days, current.1),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: RulePeriods = (None, None);

    fn set(days: i32) -> MaybeUndefined<i32> {
        MaybeUndefined::Value(days)
    }

    #[test]
    fn only_contracts_have_periods() {
        for kind in [AgreementKind::Memorandum, AgreementKind::Agreement] {
            let refused = check_rule(kind, None, NONE, &set(30), &set(33)).unwrap_err();
            assert_eq!(refused[0].field, ["kind"], "{kind:?}");
        }
        assert_eq!(
            check_rule(
                AgreementKind::CollectiveContract,
                None,
                NONE,
                &set(30),
                &set(33)
            ),
            Ok((Some(30), Some(33)))
        );
    }

    #[test]
    fn a_region_sets_keeps_or_clears_each_period_on_its_own() {
        let kind = AgreementKind::CollectiveContract;
        let keep = MaybeUndefined::Undefined;
        let clear = MaybeUndefined::Null;
        assert_eq!(
            check_rule(kind, None, NONE, &set(7), &set(5)),
            Ok((Some(7), Some(5)))
        );
        // Either alone: the other stays as the region had it.
        assert_eq!(
            check_rule(kind, None, NONE, &set(7), &keep),
            Ok((Some(7), None))
        );
        assert_eq!(
            check_rule(kind, None, (Some(7), Some(5)), &keep, &set(20)),
            Ok((Some(7), Some(20)))
        );
        assert_eq!(
            check_rule(kind, None, (Some(7), Some(5)), &clear, &keep),
            Ok((None, Some(5)))
        );
        assert_eq!(
            check_rule(kind, None, (Some(7), Some(5)), &clear, &clear),
            Ok(NONE)
        );
        let long = check_rule(kind, None, NONE, &set(61), &set(5)).unwrap_err();
        assert_eq!(long[0].field, vec!["filingDays"]);
        let none = check_rule(kind, None, NONE, &keep, &set(0)).unwrap_err();
        assert_eq!(none[0].field, vec!["publicationDays"]);
    }

    #[test]
    fn only_a_special_contract_has_a_subject() {
        let wage = Some(SpecialSubject::Wage);
        assert!(check_rule(AgreementKind::SpecialContract, wage, NONE, &set(5), &set(5)).is_ok());
        let refused = check_rule(
            AgreementKind::CollectiveContract,
            wage,
            NONE,
            &set(5),
            &set(5),
        );
        assert_eq!(refused.unwrap_err()[0].field, vec!["specialSubject"]);
    }
}
