//! A region's own filing and publication periods (CCP Arts. 42, 48 leave
//! them to local rules): both or neither, each 1 to 60 days, and a special
//! subject only for special contracts.

use crate::agreements::kinds::{AgreementKind, SpecialSubject};
use crate::graphql::errors::{UserError, UserErrorCode, refused};

/// The periods to set, `None` to remove the rule, or why not.
pub fn check_rule(
    kind: AgreementKind,
    subject: Option<SpecialSubject>,
    filing_days: Option<i32>,
    publication_days: Option<i32>,
) -> Result<Option<(i32, i32)>, Vec<UserError>> {
    let days = match (filing_days, publication_days) {
        (None, None) => None,
        (Some(f), Some(p)) => Some((f, p)),
        (None, Some(_)) => {
            return Err(refused(
                "filingDays",
                UserErrorCode::OutOfRange,
                "give both periods, or neither",
            ));
        }
        (Some(_), None) => {
            return Err(refused(
                "publicationDays",
                UserErrorCode::OutOfRange,
                "give both periods, or neither",
            ));
        }
    };
    for (field, value) in [
        ("filingDays", filing_days),
        ("publicationDays", publication_days),
    ] {
        if value.is_some_and(|d| !(1..=60).contains(&d)) {
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
    Ok(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_contracts_have_periods() {
        for kind in [AgreementKind::Memorandum, AgreementKind::Agreement] {
            let refused = check_rule(kind, None, Some(30), Some(33)).unwrap_err();
            assert_eq!(refused[0].field, ["kind"], "{kind:?}");
        }
        assert_eq!(
            check_rule(AgreementKind::CollectiveContract, None, Some(30), Some(33)),
            Ok(Some((30, 33)))
        );
    }

    #[test]
    fn a_region_sets_both_periods_or_neither() {
        let kind = AgreementKind::CollectiveContract;
        assert_eq!(check_rule(kind, None, Some(7), Some(5)), Ok(Some((7, 5))));
        assert_eq!(check_rule(kind, None, None, None), Ok(None));
        let half = check_rule(kind, None, Some(7), None).unwrap_err();
        assert_eq!(half[0].field, vec!["publicationDays"]);
        let long = check_rule(kind, None, Some(61), Some(5)).unwrap_err();
        assert_eq!(long[0].field, vec!["filingDays"]);
    }

    #[test]
    fn only_a_special_contract_has_a_subject() {
        let wage = Some(SpecialSubject::Wage);
        assert!(check_rule(AgreementKind::SpecialContract, wage, Some(5), Some(5)).is_ok());
        let refused = check_rule(AgreementKind::CollectiveContract, wage, Some(5), Some(5));
        assert_eq!(refused.unwrap_err()[0].field, vec!["specialSubject"]);
    }
}
