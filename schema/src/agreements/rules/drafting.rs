//! Drafting together (CCP Arts. 8, 36): the particulars of a draft, its
//! text revised as numbered versions, and comments on clauses. A draft is
//! revised while in drafting, or after an objection.

use serde_json::json;

use super::{Step, check_step};
use crate::agreements::clauses::{self, Clause};
use crate::agreements::input::Term;
use crate::agreements::kinds::{AgreementKind, AgreementStatus, SpecialSubject};
use crate::agreements::record::AgreementWrite;
use crate::agreements::storage::{AgreementChanges, AgreementRow, CommentRow};
use crate::change::{Audience, Decision, Ruling};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode, UserErrors, refused};
use crate::identity::authorization::Acting;

/// A special contract has its subject, and only a special contract has one.
pub fn check_subject(
    errors: &mut UserErrors,
    kind: AgreementKind,
    subject: Option<SpecialSubject>,
) {
    match (kind, subject) {
        (AgreementKind::SpecialContract, None) => errors.push(
            &["specialSubject"],
            UserErrorCode::Required,
            "a special contract has a subject",
        ),
        (AgreementKind::SpecialContract, Some(_)) | (_, None) => {}
        (_, Some(_)) => errors.push(
            &["specialSubject"],
            UserErrorCode::Invalid,
            "only a special contract has a subject",
        ),
    }
}

/// A new draft, or a renewal: its first text, told to the parties and to
/// the associations of the employers it binds.
pub fn drafted(author: Acting, clauses: Vec<Clause>, note: String) -> Decision<AgreementRow> {
    Decision::new(
        EventKind::AgreementDrafted,
        [Audience::Parties, Audience::Followers],
    )
    .write(AgreementWrite::Text {
        author,
        clauses,
        note,
    })
}

/// Changes the title, the workers covered or the term of a draft.
pub fn update(
    agreement: &AgreementRow,
    title: Option<String>,
    workers_covered: Option<i32>,
    term: Option<Term>,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Revise)?;
    let details = json!({
        "termStartsOn": term.as_ref().map(|t| t.0).or(agreement.term_starts_on),
        "termEnd": term.as_ref().map(|t| t.1).or(agreement.term_ends_on),
    });
    Ok(Decision::new(
        EventKind::AgreementUpdated,
        [Audience::Parties, Audience::Followers],
    )
    .change(AgreementChanges {
        title,
        workers_covered: workers_covered.map(Some),
        term_starts_on: term.as_ref().map(|t| Some(t.0)),
        term_ends_on: term.as_ref().map(|t| Some(t.1)),
        term_override_reason: term.map(|t| t.2),
        ..AgreementChanges::default()
    })
    .details(details))
}

/// A revision: the next numbered version of the whole text.
pub struct Revision {
    pub clauses: Vec<Clause>,
    pub next_key: i32,
    pub note: String,
    pub author: Acting,
    pub author_name: String,
}

/// Proposes a revised text; it becomes the next numbered version. A
/// contract objected to is renegotiated this way (CCP Art. 46): its revised
/// text is a draft again, to be voted on and signed anew before refiling.
pub fn revise(
    agreement: &AgreementRow,
    current: &[Clause],
    revision: Revision,
) -> Ruling<AgreementRow> {
    check_step(agreement.kind, agreement.status, Step::Revise)?;
    let changed = clauses::diff(current, &revision.clauses).len();
    if changed == 0 && agreement.status == AgreementStatus::Objected {
        return Err(refused(
            "clauses",
            UserErrorCode::RuleViolated,
            "a contract objected to is refiled only with a renegotiated text (CCP Art. 46): change it",
        ));
    }
    let details =
        json!({ "author": revision.author_name, "changes": changed, "note": revision.note });
    let reopened = agreement.status == AgreementStatus::Objected;
    let decision = Decision::new(
        EventKind::AgreementRevised,
        [Audience::Parties, Audience::Followers],
    )
    .change(AgreementChanges {
        text_version: Some(agreement.text_version + 1),
        next_clause_key: Some(revision.next_key),
        status: reopened.then_some(AgreementStatus::Drafting),
        workers_signed_by: reopened.then_some(None),
        workers_signed_at: reopened.then_some(None),
        employer_signed_by: reopened.then_some(None),
        employer_signed_at: reopened.then_some(None),
        workers_signed_delegation: reopened.then_some(None),
        employer_signed_delegation: reopened.then_some(None),
        ..AgreementChanges::default()
    })
    .write(AgreementWrite::Text {
        author: revision.author,
        clauses: revision.clauses,
        note: revision.note,
    })
    .details(details);
    // The refiling period runs from the new signatures, not the objection.
    Ok(match reopened {
        true => decision.close(DeadlineKind::AgreementFiling, DeadlineStatus::Cancelled),
        false => decision,
    })
}

/// The clause of the current version a comment is on.
pub fn commented_clause<'a>(
    agreement: &AgreementRow,
    current: &'a [Clause],
    key: i32,
) -> Result<&'a Clause, Vec<UserError>> {
    check_step(agreement.kind, agreement.status, Step::Revise)?;
    current.iter().find(|c| c.key == key).ok_or_else(|| {
        refused(
            "clauseKey",
            UserErrorCode::NotFound,
            "no clause of the current version has this key",
        )
    })
}

/// Marks a comment resolved, once.
pub fn resolve_comment(comment: &CommentRow, by: Option<i64>) -> Ruling<AgreementRow> {
    if comment.resolved_at.is_some() {
        return Err(refused(
            "id",
            UserErrorCode::RuleViolated,
            "the comment is resolved already",
        ));
    }
    Ok(
        Decision::new(EventKind::AgreementCommentResolved, [Audience::Parties])
            .write(AgreementWrite::ResolveComment {
                comment: comment.id,
                by,
            })
            .details(json!({ "clause": comment.clause_key, "body": comment.body })),
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::{agreement, at};
    use super::*;
    use crate::change::ClockChange;
    use crate::offers::kinds::OfferTopic;

    fn clause(key: i32) -> Clause {
        Clause {
            key,
            topic: OfferTopic::Pay,
            heading: format!("第{key}条"),
            text: "工资每年增长不低于5%".into(),
        }
    }

    #[test]
    fn a_special_contract_and_only_it_has_a_subject() {
        let mut errors = UserErrors::default();
        check_subject(&mut errors, AgreementKind::SpecialContract, None);
        check_subject(
            &mut errors,
            AgreementKind::Memorandum,
            Some(SpecialSubject::Wage),
        );
        check_subject(
            &mut errors,
            AgreementKind::SpecialContract,
            Some(SpecialSubject::Wage),
        );
        check_subject(&mut errors, AgreementKind::CollectiveContract, None);
        let codes: Vec<_> = errors.into_vec().into_iter().map(|e| e.code).collect();
        assert_eq!(codes, vec![UserErrorCode::Required, UserErrorCode::Invalid]);
    }

    #[test]
    fn a_signed_contract_is_no_longer_revised() {
        let signed = agreement(AgreementKind::CollectiveContract, AgreementStatus::Signed);
        let refused = update(&signed, Some("新标题".into()), None, None)
            .err()
            .unwrap();
        assert_eq!(refused[0].field, vec!["id"]);
        let objected = agreement(AgreementKind::CollectiveContract, AgreementStatus::Objected);
        assert!(
            update(&objected, None, Some(10), None).is_ok(),
            "renegotiating after an objection"
        );
    }

    #[test]
    fn an_objected_contract_is_refiled_only_after_a_new_text_vote_and_signatures() {
        let mut objected = agreement(AgreementKind::CollectiveContract, AgreementStatus::Objected);
        objected.workers_signed_by = Some("王建华".into());
        objected.employer_signed_by = Some("李志强".into());
        let filing = check_step(objected.kind, objected.status, Step::File);
        assert_eq!(filing.unwrap_err()[0].field, vec!["id"]);
        let revision = |clauses: Vec<Clause>| Revision {
            clauses,
            next_key: 3,
            note: "按审查意见修改第二条".into(),
            author: Acting::SYSTEM,
            author_name: "工会".into(),
        };
        let unchanged = revise(&objected, &[clause(1)], revision(vec![clause(1)]));
        assert_eq!(unchanged.err().unwrap()[0].field, vec!["clauses"]);
        let changed = revise(
            &objected,
            &[clause(1)],
            revision(vec![clause(1), clause(2)]),
        )
        .unwrap();
        let changes = changed.changes.as_ref().unwrap();
        assert_eq!(changes.status, Some(AgreementStatus::Drafting));
        assert_eq!(changes.workers_signed_by, Some(None));
        assert_eq!(changes.employer_signed_by, Some(None));
        assert_eq!(changes.workers_signed_at, Some(None));
        assert!(matches!(
            changed.clocks.as_slice(),
            [ClockChange::Close(
                DeadlineKind::AgreementFiling,
                DeadlineStatus::Cancelled
            )]
        ));
        assert!(check_step(objected.kind, AgreementStatus::Drafting, Step::Vote).is_ok());
        // A draft revised in the ordinary way keeps its status.
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        let revised = revise(&draft, &[clause(1)], revision(vec![clause(1), clause(2)])).unwrap();
        assert_eq!(revised.changes.unwrap().status, None);
    }

    #[test]
    fn a_revision_is_the_next_numbered_version() {
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        let revision = Revision {
            clauses: vec![clause(1), clause(2)],
            next_key: 3,
            note: "增加第二条".into(),
            author: Acting::SYSTEM,
            author_name: "工会".into(),
        };
        let decision = revise(&draft, &[clause(1)], revision).unwrap();
        assert_eq!(decision.changes.as_ref().unwrap().text_version, Some(2));
        assert_eq!(decision.details["changes"], 1);
    }

    #[test]
    fn a_comment_is_on_a_clause_of_the_current_version() {
        let draft = agreement(AgreementKind::CollectiveContract, AgreementStatus::Drafting);
        let current = [clause(1)];
        assert_eq!(commented_clause(&draft, &current, 1).unwrap().key, 1);
        let missing = commented_clause(&draft, &current, 9).err().unwrap();
        assert_eq!(missing[0].code, UserErrorCode::NotFound);
    }

    #[test]
    fn a_comment_is_resolved_once() {
        let mut comment = CommentRow {
            id: 4,
            agreement_id: 1,
            clause_key: 1,
            text_version: 1,
            author_user_id: None,
            author_organization_id: 2,
            body: "增幅偏低".into(),
            created_at: at("2026-03-02T02:00:00"),
            resolved_at: None,
            resolved_by_user_id: None,
        };
        assert!(resolve_comment(&comment, Some(9)).is_ok());
        comment.resolved_at = Some(at("2026-03-03T02:00:00"));
        assert!(resolve_comment(&comment, Some(9)).is_err());
    }
}
