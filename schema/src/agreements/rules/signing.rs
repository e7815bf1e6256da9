//! The workers' congress vote (CCP Art. 36) and the signatures (Art. 37):
//! a contract is signed once approved and with its term set, and the
//! filing clock starts when both chiefs have signed; an agreement,
//! memorandum or minutes is signed straight from drafting.

use chrono::{NaiveDate, NaiveDateTime};
use serde_json::json;

use super::{Periods, Step, VoteCount, check_count, check_step, filing, vote_result};
use crate::agreements::clauses::Clause;
use crate::agreements::kinds::{AgreementStatus, VotingBody};
use crate::agreements::record::AgreementWrite;
use crate::agreements::storage::{AgreementChanges, AgreementRow, VoteRow};
use crate::change::{Audience, Decision, Ruling, Side};
use crate::deadlines::kinds::DeadlineKind;
use crate::digests::storage::NewConfirmation;
use crate::digests::{self, ConfirmedText};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode, refused};
use crate::graphql::ids::{NodeType, encode};
use crate::offers::representatives::normalised;

/// A vote as the input gives it.
#[derive(Debug, Clone, Copy)]
pub struct Ballot {
    pub body: VotingBody,
    pub count: VoteCount,
    pub held_on: NaiveDate,
}

/// Records the vote on the current draft: a valid one approves it, a
/// failed one leaves it in drafting.
pub fn vote(
    agreement: &AgreementRow,
    ballot: Ballot,
    recorded_by: Option<i64>,
    now: NaiveDateTime,
    today: NaiveDate,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Vote)?;
    check_count(ballot.count)
        .map_err(|(field, message)| refused(field, UserErrorCode::OutOfRange, message))?;
    if ballot.held_on > today {
        return Err(refused(
            "heldOn",
            UserErrorCode::OutOfRange,
            "must not be in the future",
        ));
    }
    if ballot.held_on < agreement.created_at.date() {
        return Err(refused(
            "heldOn",
            UserErrorCode::OutOfRange,
            "must not be before the agreement was drafted",
        ));
    }
    let (valid, reason) = vote_result(ballot.count);
    let count = ballot.count;
    let details = json!({ "body": ballot.body.as_str(), "valid": valid, "reason": reason,
                          "heldOn": ballot.held_on, "totalMembers": count.total_members,
                          "present": count.present, "inFavour": count.in_favour });
    let vote = VoteRow {
        id: 0,
        agreement_id: agreement.id,
        text_version: agreement.text_version,
        body: ballot.body,
        total_members: count.total_members,
        present: count.present,
        in_favour: count.in_favour,
        held_on: ballot.held_on,
        valid,
        reason,
        recorded_by_user_id: recorded_by,
        created_at: now,
    };
    Ok(Decision::new(
        EventKind::AgreementVoted,
        [Audience::Parties, Audience::Followers],
    )
    .change(AgreementChanges {
        status: valid.then_some(AgreementStatus::Approved),
        ..AgreementChanges::default()
    })
    .write(AgreementWrite::Vote(vote))
    .details(details))
}

/// Who signs for a side (CCP Art. 37): the side's chief representative
/// named in the negotiation the agreement came from (`named_chief`); or,
/// without one, the person named with the side's written delegation
/// (书面委托), which the signature records. Returns the signer and the
/// delegation.
pub fn signer(
    named_chief: Option<&str>,
    name: String,
    delegation: Option<String>,
) -> Result<(String, Option<String>), Vec<UserError>> {
    match (named_chief, delegation) {
        (Some(chief), _) if normalised(chief) != normalised(&name) => Err(refused(
            "chief",
            UserErrorCode::RuleViolated,
            format!(
                "the side's chief representative in the negotiation signs (CCP Art. 37): {chief}"
            ),
        )),
        (Some(_), _) => Ok((name, None)),
        (None, Some(delegation)) => Ok((name, Some(delegation))),
        (None, None) => Err(refused(
            "delegation",
            UserErrorCode::Required,
            "with no chief representative named in a negotiation, the signer signs under the side's written delegation (书面委托, CCP Art. 37): describe it",
        )),
    }
}

/// Signs for one side, by the signer `signer` gives; the second signature
/// completes it and, for a contract, starts the filing clock.
pub fn sign(
    agreement: &AgreementRow,
    side: Side,
    (chief, delegation): (String, Option<String>),
    periods: Periods,
    now: NaiveDateTime,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Sign)?;
    let (own, other) = match side {
        Side::Workers => (agreement.workers_signed_at, agreement.employer_signed_at),
        Side::Employer => (agreement.employer_signed_at, agreement.workers_signed_at),
    };
    if own.is_some() {
        return Err(refused(
            "side",
            UserErrorCode::RuleViolated,
            "this side has signed already",
        ));
    }
    let contract = agreement.kind.is_contract();
    if contract && agreement.term_ends_on.is_none() {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "set the term (updateAgreement) before signing a contract",
        ));
    }
    let complete = other.is_some();
    let mut changes = AgreementChanges {
        status: complete.then_some(AgreementStatus::Signed),
        ..AgreementChanges::default()
    };
    match side {
        Side::Workers => {
            changes.workers_signed_by = Some(Some(chief.clone()));
            changes.workers_signed_at = Some(Some(now));
            changes.workers_signed_delegation = Some(delegation.clone());
        }
        Side::Employer => {
            changes.employer_signed_by = Some(Some(chief.clone()));
            changes.employer_signed_at = Some(Some(now));
            changes.employer_signed_delegation = Some(delegation.clone());
        }
    }
    let details = json!({ "side": side.as_str(), "chief": chief, "delegation": delegation,
                          "complete": complete, "contract": contract, "due": null });
    let mut decision = Decision::new(
        EventKind::AgreementSigned,
        [Audience::Parties, Audience::Followers],
    )
    .change(changes)
    .details(details);
    if complete && contract {
        decision = decision
            .open(filing(periods.filing_days), now, [Audience::Parties])
            .announce(DeadlineKind::AgreementFiling);
    }
    Ok(decision)
}

/// The digest of an agreement's text as it reads now: its parties, kind,
/// subject, title and term, and each clause's key, topic, heading and text.
pub fn text_digest(agreement: &AgreementRow, clauses: &[Clause]) -> String {
    let organization = |id| encode(NodeType::Organization, id).to_string();
    let day = |on: Option<NaiveDate>| on.map(|d| d.to_string()).unwrap_or_default();
    let mut fields: Vec<(String, String)> = vec![
        (
            "agreement".into(),
            encode(NodeType::Agreement, agreement.id).to_string(),
        ),
        (
            "workersParty".into(),
            organization(agreement.workers_party_id),
        ),
        (
            "employerParty".into(),
            organization(agreement.employer_party_id),
        ),
        ("kind".into(), agreement.kind.as_str().to_owned()),
        (
            "specialSubject".into(),
            agreement
                .special_subject
                .map(|s| s.as_str())
                .unwrap_or_default()
                .to_owned(),
        ),
        ("title".into(), agreement.title.clone()),
        ("termStartsOn".into(), day(agreement.term_starts_on)),
        ("termEndsOn".into(), day(agreement.term_ends_on)),
    ];
    for clause in clauses {
        let key = clause.key;
        fields.push((
            format!("clause.{key}.topic"),
            clause.topic.as_str().to_owned(),
        ));
        fields.push((format!("clause.{key}.heading"), clause.heading.clone()));
        fields.push((format!("clause.{key}.text"), clause.text.clone()));
    }
    digests::digest(&fields)
}

/// The signature's confirmation of the text's digest: the chief signs the
/// text that reads so; a later revision changes the digest.
pub fn signed_text(
    agreement: &AgreementRow,
    side: Side,
    chief: &str,
    digest: String,
    user: Option<i64>,
    now: NaiveDateTime,
) -> AgreementWrite {
    AgreementWrite::Confirmation(NewConfirmation {
        offer_id: None,
        agreement_id: Some(agreement.id),
        text: ConfirmedText::AgreementText,
        side,
        digest,
        signer: Some(chief.to_owned()),
        confirmed_by_user_id: user,
        confirmed_at: now,
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{agreement, at};
    use super::*;
    use crate::agreements::kinds::AgreementKind;
    use crate::change::ClockChange;

    /// A signer under a delegation.
    fn chief(name: &str) -> (String, Option<String>) {
        (name.into(), Some("授权委托书".into()))
    }

    fn ballot(total_members: i32, present: i32, in_favour: i32) -> Ballot {
        Ballot {
            body: VotingBody::WorkersCongress,
            count: VoteCount {
                total_members,
                present,
                in_favour,
            },
            held_on: NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        }
    }

    #[test]
    fn a_valid_vote_approves_the_draft_and_a_failed_one_leaves_it() {
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        let (now, today) = (
            at("2026-03-02T02:00:00"),
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        );
        let valid = vote(&draft, ballot(60, 45, 40), Some(9), now, today).unwrap();
        assert_eq!(
            valid.changes.unwrap().status,
            Some(AgreementStatus::Approved)
        );
        let failed = vote(&draft, ballot(60, 45, 30), Some(9), now, today).unwrap();
        assert_eq!(failed.changes.unwrap().status, None);
        assert_eq!(failed.details["valid"], false);
    }

    #[test]
    fn a_vote_is_held_between_the_draft_and_today() {
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        let today = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let refused = vote(
            &draft,
            ballot(60, 45, 40),
            None,
            at("2026-03-01T02:00:00"),
            today,
        );
        assert_eq!(refused.err().unwrap()[0].field, vec!["heldOn"]);
        // Drafted on 1 March 2026: a vote dated in 2020 is no vote on it.
        let mut early = ballot(60, 45, 40);
        early.held_on = NaiveDate::from_ymd_opt(2020, 3, 2).unwrap();
        let refused = vote(&draft, early, None, at("2026-03-02T02:00:00"), today);
        assert_eq!(
            refused.err().unwrap()[0].message,
            "must not be before the agreement was drafted"
        );
    }

    #[test]
    fn a_contract_is_signed_only_after_an_approved_vote_and_with_its_term() {
        let now = at("2026-03-02T02:00:00");
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        let early = sign(
            &draft,
            Side::Workers,
            chief("张伟"),
            Periods::default(),
            now,
        );
        assert!(early.err().unwrap()[0].message.contains("cannot be signed"));
        let approved = agreement(AgreementKind::CollectiveContract, AgreementStatus::Approved);
        let no_term = sign(
            &approved,
            Side::Workers,
            chief("张伟"),
            Periods::default(),
            now,
        );
        assert!(
            no_term.err().unwrap()[0]
                .message
                .starts_with("set the term")
        );
    }

    #[test]
    fn the_second_signature_starts_the_filing_clock_of_the_region() {
        let now = at("2026-03-02T02:00:00");
        let mut approved = agreement(AgreementKind::CollectiveContract, AgreementStatus::Approved);
        approved.term_ends_on = NaiveDate::from_ymd_opt(2028, 12, 31);
        let first = sign(
            &approved,
            Side::Workers,
            chief("张伟"),
            Periods::default(),
            now,
        )
        .unwrap();
        assert!(first.clocks.is_empty());
        approved.workers_signed_at = Some(now);
        let periods = Periods {
            filing_days: 7,
            publication_days: 5,
        };
        let second = sign(&approved, Side::Employer, chief("李娜"), periods, now).unwrap();
        assert_eq!(
            second.changes.as_ref().unwrap().status,
            Some(AgreementStatus::Signed)
        );
        let [ClockChange::Open(opening)] = second.clocks.as_slice() else {
            panic!("the filing clock opens");
        };
        assert_eq!(
            opening.clock.period,
            crate::deadlines::counting::Period::Days(7)
        );
        let twice = sign(&approved, Side::Workers, chief("张伟"), periods, now);
        assert_eq!(twice.err().unwrap()[0].field, vec!["side"]);
    }

    #[test]
    fn a_memorandum_is_signed_from_drafting_without_a_clock() {
        let mut memo = agreement(AgreementKind::Memorandum, AgreementStatus::Drafting);
        let now = at("2026-03-02T02:00:00");
        memo.employer_signed_at = Some(now);
        let signed = sign(&memo, Side::Workers, chief("张伟"), Periods::default(), now).unwrap();
        assert_eq!(
            signed.changes.as_ref().unwrap().status,
            Some(AgreementStatus::Signed)
        );
        assert!(signed.clocks.is_empty());
    }

    #[test]
    fn the_negotiations_chief_signs_or_else_a_delegate() {
        let chief = Some("王 建华");
        assert_eq!(
            signer(chief, "王建华".into(), None),
            Ok(("王建华".into(), None))
        );
        let other = signer(chief, "李志强".into(), Some("委托书".into())).unwrap_err();
        assert_eq!(other[0].field, vec!["chief"]);
        assert!(other[0].message.contains("王 建华"), "{}", other[0].message);
        let delegated = signer(None, "李志强".into(), Some("法定代表人授权委托书".into()));
        assert_eq!(
            delegated,
            Ok(("李志强".into(), Some("法定代表人授权委托书".into())))
        );
        let bare = signer(None, "李志强".into(), None).unwrap_err();
        assert_eq!(bare[0].field, vec!["delegation"]);
        assert_eq!(bare[0].code, UserErrorCode::Required);
    }

    #[test]
    fn a_signature_records_its_delegation() {
        let mut memo = agreement(AgreementKind::Memorandum, AgreementStatus::Drafting);
        let now = at("2026-03-02T02:00:00");
        memo.workers_signed_at = Some(now);
        let signed = sign(
            &memo,
            Side::Employer,
            chief("李娜"),
            Periods::default(),
            now,
        )
        .unwrap();
        let changes = signed.changes.as_ref().unwrap();
        assert_eq!(
            changes.employer_signed_delegation,
            Some(Some("授权委托书".into()))
        );
        assert_eq!(changes.workers_signed_delegation, None);
    }

    #[test]
    fn the_texts_digest_follows_its_clauses_and_the_signature_records_it() {
        use crate::offers::kinds::OfferTopic;
        let approved = agreement(AgreementKind::CollectiveContract, AgreementStatus::Approved);
        let clause = |text: &str| Clause {
            key: 1,
            topic: OfferTopic::Pay,
            heading: "第一条 工资".into(),
            text: text.into(),
        };
        let five = text_digest(&approved, &[clause("增长5%")]);
        assert_eq!(five, text_digest(&approved, &[clause("增长5%  \r\n")]));
        assert_ne!(five, text_digest(&approved, &[clause("增长6%")]));
        let now = at("2026-03-02T02:00:00");
        let AgreementWrite::Confirmation(signed) =
            signed_text(&approved, Side::Workers, "张伟", five.clone(), Some(3), now)
        else {
            panic!("a confirmation");
        };
        assert_eq!(signed.digest, five);
        assert_eq!(signed.signer.as_deref(), Some("张伟"));
        assert_eq!(signed.text, ConfirmedText::AgreementText);
    }
}
