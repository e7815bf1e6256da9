//! A contract in force (CCP Arts. 38–40, 48): published to the workers,
//! renewed by a successor, ended early on a ground of law, or expired at
//! the end of its term; the renewal notice three months before.

use chrono::NaiveDateTime;
use serde_json::json;

use super::{Step, check_step};
use crate::agreements::kinds::{AgreementStatus, TerminationGround};
use crate::agreements::storage::{AgreementChanges, AgreementRow};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::counting::local_date;
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode, refused};

const FOLLOWERS: [Audience; 2] = [Audience::Parties, Audience::Followers];

/// The clocks of a contract in force, stopped when it ends.
const IN_FORCE: [DeadlineKind; 3] = [
    DeadlineKind::AgreementTerm,
    DeadlineKind::AgreementRenewal,
    DeadlineKind::AgreementPublication,
];

/// Records the publication, once, between the effect and now.
pub fn publish(
    agreement: &AgreementRow,
    published: NaiveDateTime,
    method: String,
    now: NaiveDateTime,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Publish)?;
    if agreement.published_at.is_some() {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "its publication is recorded already",
        ));
    }
    if published > now || agreement.effective_at.is_some_and(|e| published < e) {
        return Err(refused(
            "publishedAt",
            UserErrorCode::OutOfRange,
            "must fall between its effect and now",
        ));
    }
    let details = json!({ "publishedOn": local_date(published.and_utc()), "method": method });
    Ok(Decision::new(EventKind::AgreementPublished, FOLLOWERS)
        .change(AgreementChanges {
            published_at: Some(Some(published)),
            publication_method: Some(Some(method)),
            ..AgreementChanges::default()
        })
        .close(DeadlineKind::AgreementPublication, DeadlineStatus::Met)
        .details(details))
}

/// Whether a renewal may be drafted: a contract in force or expired, once.
pub fn may_renew(agreement: &AgreementRow, renewal_drafted: bool) -> Result<(), Vec<UserError>> {
    check_step(agreement.kind, agreement.status, Step::Renew)?;
    if renewal_drafted {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "its renewal is drafted already",
        ));
    }
    Ok(())
}

/// Ends a contract in force early, on a ground of CCP Arts. 39–40.
pub fn terminate(
    agreement: &AgreementRow,
    ground: TerminationGround,
    note: String,
    now: NaiveDateTime,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Terminate)?;
    let details = json!({ "ground": ground.as_str(), "note": note });
    let mut decision = Decision::new(
        EventKind::AgreementTerminated,
        [Audience::Parties, Audience::Followers, Audience::Overseers],
    )
    .change(AgreementChanges {
        status: Some(AgreementStatus::Terminated),
        ended_at: Some(Some(now)),
        termination_ground: Some(Some(ground)),
        termination_note: Some(Some(note)),
        ..AgreementChanges::default()
    })
    .details(details);
    for kind in IN_FORCE {
        decision = decision.close(kind, DeadlineStatus::Cancelled);
    }
    Ok(decision)
}

/// The predecessor a renewal replaces, once the renewal is in force.
pub fn retire(
    predecessor: &AgreementRow,
    successor_title: &str,
    now: NaiveDateTime,
) -> Ruling<AgreementRow> {
    if !matches!(
        predecessor.status,
        AgreementStatus::Effective | AgreementStatus::Expired
    ) {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "only a contract in force or expired is renewed",
        ));
    }
    let mut decision = Decision::new(EventKind::AgreementRenewed, FOLLOWERS)
        .change(AgreementChanges {
            status: Some(AgreementStatus::Renewed),
            ended_at: Some(Some(now)),
            ..AgreementChanges::default()
        })
        .details(json!({ "successor": successor_title }));
    for kind in IN_FORCE {
        decision = decision.close(kind, DeadlineStatus::Cancelled);
    }
    Ok(decision)
}

/// The end of the term: a contract still in force expires then.
pub fn expire(agreement: &AgreementRow, at: NaiveDateTime) -> Ruling<AgreementRow> {
    if agreement.status != AgreementStatus::Effective {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "only a contract in force expires",
        ));
    }
    Ok(Decision::new(EventKind::AgreementExpired, FOLLOWERS)
        .change(AgreementChanges {
            status: Some(AgreementStatus::Expired),
            ended_at: Some(Some(at)),
            ..AgreementChanges::default()
        })
        .close(DeadlineKind::AgreementRenewal, DeadlineStatus::Met)
        .details(json!({ "termEnd": agreement.term_ends_on })))
}

/// Three months before the end: the parties are told they may propose renewal.
pub fn renewal_due(agreement: &AgreementRow) -> Ruling<AgreementRow> {
    if agreement.status != AgreementStatus::Effective {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "only a contract in force is renewed",
        ));
    }
    Ok(Decision::new(EventKind::AgreementRenewalDue, FOLLOWERS)
        .details(json!({ "termEnd": agreement.term_ends_on })))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{agreement, at};
    use super::*;
    use crate::agreements::kinds::AgreementKind;

    fn in_force() -> AgreementRow {
        let mut row = agreement(
            AgreementKind::CollectiveContract,
            AgreementStatus::Effective,
        );
        row.effective_at = Some(at("2026-03-05T02:00:00"));
        row
    }

    #[test]
    fn publication_falls_between_the_effect_and_now_and_is_recorded_once() {
        let now = at("2026-03-10T02:00:00");
        let before = publish(&in_force(), at("2026-03-04T02:00:00"), "公告栏".into(), now);
        assert_eq!(before.err().unwrap()[0].field, vec!["publishedAt"]);
        assert!(publish(&in_force(), at("2026-03-06T02:00:00"), "公告栏".into(), now).is_ok());
        let mut published = in_force();
        published.published_at = Some(at("2026-03-06T02:00:00"));
        assert!(publish(&published, at("2026-03-07T02:00:00"), "公告栏".into(), now).is_err());
    }

    #[test]
    fn a_terminated_contract_stops_its_clocks() {
        let ended = terminate(
            &in_force(),
            TerminationGround::ByAgreement,
            "双方协商一致".into(),
            at("2026-06-01T02:00:00"),
        )
        .unwrap();
        assert_eq!(ended.clocks.len(), 3);
        assert_eq!(
            ended.changes.unwrap().status,
            Some(AgreementStatus::Terminated)
        );
    }

    #[test]
    fn a_renewal_is_drafted_once_for_a_contract_in_force_or_expired() {
        assert!(may_renew(&in_force(), false).is_ok());
        assert_eq!(
            may_renew(&in_force(), true).err().unwrap()[0].message,
            "its renewal is drafted already"
        );
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        assert!(may_renew(&draft, false).is_err());
    }

    #[test]
    fn only_a_contract_in_force_expires_or_is_retired() {
        let now = at("2028-12-31T16:00:00");
        assert!(expire(&in_force(), now).is_ok());
        let terminated = agreement(
            AgreementKind::CollectiveContract,
            AgreementStatus::Terminated,
        );
        assert!(expire(&terminated, now).is_err());
        assert!(renewal_due(&terminated).is_err());
        assert!(retire(&terminated, "续订", now).is_err());
        assert_eq!(
            retire(&in_force(), "续订", now).unwrap().event,
            EventKind::AgreementRenewed
        );
    }
}
