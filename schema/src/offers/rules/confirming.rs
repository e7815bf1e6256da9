//! The offer letter's and the written response's digests, and their
//! confirmation by the side that received each: the receiving side
//! confirms the letter, the side that made the offer the response.

use chrono::NaiveDateTime;
use serde_json::json;

use crate::change::{Audience, Decision, Ruling, Side};
use crate::digests::storage::NewConfirmation;
use crate::digests::{self, ConfirmedText};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserErrorCode, refused};
use crate::graphql::ids::{NodeType, encode};
use crate::offers::record::OfferWrite;
use crate::offers::storage::OfferRow;

/// An instant as the canonical form holds it (RFC 3339, UTC, seconds).
fn instant(at: Option<NaiveDateTime>) -> String {
    at.map(|at| {
        at.and_utc()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    })
    .unwrap_or_default()
}

/// The digest of the offer's letter; `None` until it is issued.
pub fn letter_digest(offer: &OfferRow) -> Option<String> {
    offer.issued_at?;
    let organization = |id| encode(NodeType::Organization, id).to_string();
    Some(digests::digest(&[
        ("offer", encode(NodeType::Offer, offer.id).to_string()),
        (
            "issuingOrganization",
            organization(offer.issuing_organization_id),
        ),
        (
            "receivingOrganization",
            organization(offer.receiving_organization_id),
        ),
        ("category", offer.category.as_str().to_owned()),
        ("topics", offer.topics.clone()),
        ("proposedTerms", offer.proposed_terms.clone()),
        ("proposedTime", instant(offer.proposed_time)),
        ("proposedPlace", offer.proposed_place.clone()),
        (
            "proposedRepresentatives",
            offer.proposed_representatives.to_string(),
        ),
        ("informationRequested", offer.information_requested.clone()),
        ("issuedAt", instant(offer.issued_at)),
    ]))
}

/// The digest of the written response; `None` until the offer is answered.
pub fn response_digest(offer: &OfferRow) -> Option<String> {
    offer.answered_at?;
    let answer = if offer.decline_reason.is_some() {
        "DECLINE"
    } else {
        "ACCEPT"
    };
    Some(digests::digest(&[
        ("offer", encode(NodeType::Offer, offer.id).to_string()),
        ("answer", answer.to_owned()),
        ("reason", offer.decline_reason.clone().unwrap_or_default()),
        ("answeredAt", instant(offer.answered_at)),
    ]))
}

/// The side that confirms `text`: the side it was sent to.
pub fn confirming_side(offer: &OfferRow, text: ConfirmedText) -> Side {
    match text {
        ConfirmedText::OfferResponse => offer.initiating_side,
        _ => offer.initiating_side.other(),
    }
}

/// The side the text was sent to confirms that it received the text whose
/// digest is `given`; refused when the text does not exist yet or reads
/// otherwise now.
pub fn confirm(
    offer: &OfferRow,
    text: ConfirmedText,
    given: &str,
    user: Option<i64>,
    now: NaiveDateTime,
) -> Ruling<OfferRow> {
    let current = match text {
        ConfirmedText::OfferLetter => letter_digest(offer).ok_or("the offer has not been issued"),
        ConfirmedText::OfferResponse => {
            response_digest(offer).ok_or("the offer has not been answered")
        }
        ConfirmedText::AgreementText => Err("an agreement's text is confirmed by signing it"),
    }
    .map_err(|message| refused("text", UserErrorCode::RuleViolated, message))?;
    digests::check("digest", given, &current)?;
    let side = confirming_side(offer, text);
    Ok(
        Decision::new(EventKind::OfferTextConfirmed, [Audience::Parties])
            .write(OfferWrite::Confirmation(NewConfirmation {
                offer_id: Some(offer.id),
                agreement_id: None,
                text,
                side,
                digest: current.clone(),
                signer: None,
                confirmed_by_user_id: user,
                confirmed_at: now,
            }))
            .details(json!({ "text": text.as_str(), "digest": current, "side": side.as_str() })),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{at, offer};
    use super::*;
    use crate::offers::kinds::OfferStatus;

    fn issued() -> OfferRow {
        let mut offer = offer(OfferStatus::Issued);
        offer.issued_at = Some(at("2026-03-02T02:00:00"));
        offer
    }

    #[test]
    fn the_letter_has_a_digest_once_issued_and_another_for_other_terms() {
        assert_eq!(letter_digest(&offer(OfferStatus::Draft)), None);
        let letter = letter_digest(&issued()).unwrap();
        assert_eq!(letter.len(), 64);
        let mut other = issued();
        other.proposed_terms.push('。');
        assert_ne!(letter_digest(&other).unwrap(), letter);
        assert_eq!(response_digest(&issued()), None);
    }

    #[test]
    fn the_receiving_side_confirms_the_letter_and_the_issuing_side_the_response() {
        let offer = issued();
        let letter = letter_digest(&offer).unwrap();
        assert_eq!(
            confirming_side(&offer, ConfirmedText::OfferLetter),
            Side::Employer
        );
        assert_eq!(
            confirming_side(&offer, ConfirmedText::OfferResponse),
            Side::Workers
        );
        let now = at("2026-03-03T02:00:00");
        let decision = confirm(&offer, ConfirmedText::OfferLetter, &letter, Some(7), now);
        assert!(decision.is_ok());
        let errors = confirm(&offer, ConfirmedText::OfferResponse, &letter, None, now)
            .err()
            .unwrap();
        assert_eq!(errors[0].field, ["text"]);
        let mut answered = offer.clone();
        answered.answered_at = Some(now);
        let accepted = response_digest(&answered).unwrap();
        answered.decline_reason = Some("经营困难".into());
        assert_ne!(response_digest(&answered).unwrap(), accepted);
    }
}
