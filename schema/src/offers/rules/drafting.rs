//! What an offer and a campaign must say before they exist (CCP Arts. 19,
//! 32): an offer names at least one topic and proposes at least three
//! representatives a side, and goes to an employer with a grassroots union
//! to bargain with; a campaign ends no earlier than it starts, with targets
//! that are not negative.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::graphql::errors::{UserError, UserErrorCode, UserErrors, refused};
use crate::offers::kinds::OfferTopic;
use crate::offers::objects::CampaignTarget;

/// Most representatives a side may propose.
pub const MAX_REPRESENTATIVES: i32 = 99;

/// The proposal: its topics (at least one, each once), the representatives
/// it proposes per side (3 to 99), and when it proposes to meet (from now,
/// within a year).
pub fn check_proposal(
    errors: &mut UserErrors,
    topics: &[OfferTopic],
    representatives: i32,
    proposed_time: Option<NaiveDateTime>,
    now: NaiveDateTime,
) {
    if topics.is_empty() {
        errors.push(
            &["topics"],
            UserErrorCode::Required,
            "name at least one topic",
        );
    }
    if let Some(at) = crate::graphql::bounds::first_repeat(topics) {
        errors.push(
            &["topics", &at.to_string()],
            UserErrorCode::Invalid,
            "names a topic already named",
        );
    }
    if representatives < 3 {
        errors.push(
            &["proposedRepresentatives"],
            UserErrorCode::OutOfRange,
            "each side has at least 3 representatives (CCP Art. 19)",
        );
    } else if representatives > MAX_REPRESENTATIVES {
        errors.push(
            &["proposedRepresentatives"],
            UserErrorCode::OutOfRange,
            "each side has at most 99 representatives",
        );
    }
    if let Some(at) = proposed_time
        && !(now..=now + Duration::days(366)).contains(&at)
    {
        errors.push(
            &["proposedTime"],
            UserErrorCode::OutOfRange,
            "must be from now to a year ahead",
        );
    }
}

/// On the platform the workers' party is the employer's grassroots union,
/// which chooses the workers' representatives (CCP Art. 20): an employer
/// without one has no party to bargain with here.
pub fn union_to_bargain_with<U>(union: Option<U>) -> Result<U, Vec<UserError>> {
    union.ok_or_else(|| {
        refused(
            "employerId",
            UserErrorCode::RuleViolated,
            "the employer has no grassroots union to bargain with",
        )
    })
}

/// The most offers a campaign may aim at in one category.
pub const MAX_TARGET: i32 = 100_000;

/// A campaign's period (within the platform's years) and its targets (one
/// per category, each from 0 to [`MAX_TARGET`]).
pub fn check_campaign(
    errors: &mut UserErrors,
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    targets: &[CampaignTarget],
) {
    for (field, date) in [("startsOn", starts_on), ("endsOn", ends_on)] {
        if let Err(message) = crate::graphql::bounds::date(date) {
            errors.push(&[field], UserErrorCode::OutOfRange, message);
        }
    }
    if ends_on < starts_on {
        errors.push(
            &["endsOn"],
            UserErrorCode::OutOfRange,
            "must not be before startsOn",
        );
    }
    if let Some(at) = targets
        .iter()
        .position(|t| !(0..=MAX_TARGET).contains(&t.offers))
    {
        errors.push(
            &["targets", &at.to_string(), "offers"],
            UserErrorCode::OutOfRange,
            format!("must be from 0 to {MAX_TARGET}"),
        );
    }
    let categories: Vec<_> = targets.iter().map(|t| t.category).collect();
    if let Some(at) = crate::graphql::bounds::first_repeat(&categories) {
        errors.push(
            &["targets", &at.to_string(), "category"],
            UserErrorCode::Invalid,
            "names a category already named",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::offers::kinds::OfferCategory;

    #[test]
    fn an_offer_proposes_three_representatives_a_side_on_at_least_one_topic() {
        let now = NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap();
        let mut errors = UserErrors::default();
        check_proposal(&mut errors, &[], 2, None, now);
        let fields: Vec<_> = errors.into_vec().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![vec!["topics"], vec!["proposedRepresentatives"]]
        );
        let mut errors = UserErrors::default();
        check_proposal(
            &mut errors,
            &[OfferTopic::Pay],
            3,
            Some(now + Duration::days(20)),
            now,
        );
        assert!(errors.is_empty());
        let mut errors = UserErrors::default();
        let far = NaiveDate::from_ymd_opt(9999, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0);
        check_proposal(
            &mut errors,
            &[OfferTopic::Pay, OfferTopic::Pay],
            i32::MAX,
            far,
            now,
        );
        let fields: Vec<_> = errors.into_vec().into_iter().map(|e| e.field).collect();
        assert_eq!(
            fields,
            vec![
                vec!["topics", "1"],
                vec!["proposedRepresentatives"],
                vec!["proposedTime"]
            ]
        );
    }

    #[test]
    fn an_employer_without_a_grassroots_union_cannot_be_offered_bargaining() {
        assert_eq!(union_to_bargain_with(Some(3)), Ok(3));
        let refused = union_to_bargain_with::<i64>(None).unwrap_err();
        assert_eq!(refused[0].code, UserErrorCode::RuleViolated);
    }

    #[test]
    fn a_campaign_ends_no_earlier_than_it_starts() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
        let negative = [CampaignTarget {
            category: OfferCategory::Wage,
            offers: -1,
        }];
        let mut errors = UserErrors::default();
        check_campaign(&mut errors, day(31), day(1), &negative);
        assert_eq!(errors.into_vec().len(), 2);
        let mut errors = UserErrors::default();
        check_campaign(&mut errors, day(1), day(1), &[]);
        assert!(errors.is_empty());
    }
}
