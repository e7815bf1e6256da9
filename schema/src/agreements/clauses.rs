//! The text of an agreement: an ordered list of clauses, each tagged with
//! a CCP Art. 8 topic and keyed for life, so that revisions, comments and
//! diffs can follow a clause from version to version.

use serde::{Deserialize, Serialize};

use super::kinds::ClauseChangeKind;
use crate::offers::kinds::OfferTopic;

/// One clause of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Clause {
    /// Stable within the agreement: a revised clause keeps its key.
    pub key: i32,
    pub topic: OfferTopic,
    pub heading: String,
    pub text: String,
}

/// A clause as a revision proposes it: with the key of the clause it
/// revises, or none for a new clause.
#[derive(Debug, Clone)]
pub struct ClauseDraft {
    pub key: Option<i32>,
    pub topic: OfferTopic,
    pub heading: String,
    pub text: String,
}

/// What is wrong with a proposed text: the input path below `clauses`, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseProblem {
    pub path: Vec<String>,
    pub message: String,
}

const MAX_CLAUSES: usize = 200;
const MAX_HEADING: usize = 200;
const MAX_TEXT: usize = 20_000;

fn problem(index: Option<usize>, field: Option<&str>, message: &str) -> ClauseProblem {
    let mut path = vec!["clauses".to_owned()];
    path.extend(index.map(|i| i.to_string()));
    path.extend(field.map(str::to_owned));
    ClauseProblem {
        path,
        message: message.to_owned(),
    }
}

/// The next version of a text: revised clauses keep their keys, new ones
/// get keys from `next_key`. Returns the clauses and the next unused key.
pub fn revise(
    current: &[Clause],
    drafts: Vec<ClauseDraft>,
    next_key: i32,
) -> Result<(Vec<Clause>, i32), Vec<ClauseProblem>> {
    let mut problems = Vec::new();
    if drafts.is_empty() {
        problems.push(problem(None, None, "a text has at least one clause"));
    }
    if drafts.len() > MAX_CLAUSES {
        problems.push(problem(None, None, "a text has at most 200 clauses"));
    }
    let mut seen = Vec::new();
    let mut next = next_key;
    let mut clauses = Vec::with_capacity(drafts.len());
    for (index, draft) in drafts.into_iter().enumerate() {
        let heading = draft.heading.trim().to_owned();
        let text = draft.text.trim().to_owned();
        let length = heading.chars().count();
        if length > MAX_HEADING {
            let message = crate::graphql::text::too_long(MAX_HEADING, length);
            problems.push(problem(Some(index), Some("heading"), &message));
        }
        if let Err((_, message)) = crate::graphql::text::check(&text, MAX_TEXT) {
            problems.push(problem(Some(index), Some("text"), &message));
        }
        let key = match draft.key {
            Some(key) if seen.contains(&key) => {
                problems.push(problem(
                    Some(index),
                    Some("key"),
                    "the same clause appears twice",
                ));
                key
            }
            Some(key) if !current.iter().any(|c| c.key == key) => {
                problems.push(problem(
                    Some(index),
                    Some("key"),
                    "no clause of the current version has this key",
                ));
                key
            }
            Some(key) => key,
            None => {
                next += 1;
                next - 1
            }
        };
        seen.push(key);
        clauses.push(Clause {
            key,
            topic: draft.topic,
            heading,
            text,
        });
    }
    if problems.is_empty() && clauses == current {
        problems.push(problem(None, None, "the revision changes nothing"));
    }
    if problems.is_empty() {
        Ok((clauses, next))
    } else {
        Err(problems)
    }
}

/// How one clause differs between two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClauseChange {
    pub kind: ClauseChangeKind,
    pub key: i32,
    pub before: Option<Clause>,
    pub after: Option<Clause>,
}

/// The clauses added, removed and changed from `from` to `to`, in the order
/// of `to` (removed ones after, in the order of `from`). A clause that only
/// moved is not a change.
pub fn diff(from: &[Clause], to: &[Clause]) -> Vec<ClauseChange> {
    let mut changes = Vec::new();
    for after in to {
        match from.iter().find(|c| c.key == after.key) {
            None => changes.push(ClauseChange {
                kind: ClauseChangeKind::Added,
                key: after.key,
                before: None,
                after: Some(after.clone()),
            }),
            Some(before) if before != after => changes.push(ClauseChange {
                kind: ClauseChangeKind::Changed,
                key: after.key,
                before: Some(before.clone()),
                after: Some(after.clone()),
            }),
            Some(_) => {}
        }
    }
    for before in from.iter().filter(|c| !to.iter().any(|t| t.key == c.key)) {
        changes.push(ClauseChange {
            kind: ClauseChangeKind::Removed,
            key: before.key,
            before: Some(before.clone()),
            after: None,
        });
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(key: Option<i32>, text: &str) -> ClauseDraft {
        ClauseDraft {
            key,
            topic: OfferTopic::Pay,
            heading: "劳动报酬".into(),
            text: text.into(),
        }
    }

    fn first_text() -> Vec<Clause> {
        let drafts = vec![draft(None, "工资增长6%"), draft(None, "每月10日发放工资")];
        let (clauses, next) = revise(&[], drafts, 1).unwrap();
        assert_eq!(next, 3);
        clauses
    }

    #[test]
    fn new_clauses_get_fresh_keys_and_revised_ones_keep_theirs() {
        let v1 = first_text();
        assert_eq!(v1.iter().map(|c| c.key).collect::<Vec<_>>(), [1, 2]);
        let (v2, next) = revise(
            &v1,
            vec![
                draft(Some(2), "每月8日发放工资"),
                draft(None, "加班费足额支付"),
            ],
            3,
        )
        .unwrap();
        assert_eq!(v2.iter().map(|c| c.key).collect::<Vec<_>>(), [2, 3]);
        assert_eq!(next, 4);
    }

    #[test]
    fn the_diff_reports_added_removed_and_changed_clauses_with_both_texts() {
        let v1 = first_text();
        let (v2, _) = revise(
            &v1,
            vec![
                draft(Some(2), "每月8日发放工资"),
                draft(None, "加班费足额支付"),
            ],
            3,
        )
        .unwrap();
        let changes = diff(&v1, &v2);
        let summary: Vec<(ClauseChangeKind, i32)> =
            changes.iter().map(|c| (c.kind, c.key)).collect();
        assert_eq!(
            summary,
            [
                (ClauseChangeKind::Changed, 2),
                (ClauseChangeKind::Added, 3),
                (ClauseChangeKind::Removed, 1),
            ]
        );
        assert_eq!(changes[0].before.as_ref().unwrap().text, "每月10日发放工资");
        assert_eq!(changes[0].after.as_ref().unwrap().text, "每月8日发放工资");
        assert_eq!(changes[2].before.as_ref().unwrap().text, "工资增长6%");
    }

    #[test]
    fn a_clause_that_only_moved_is_no_change() {
        let v1 = first_text();
        let mut moved = v1.clone();
        moved.reverse();
        assert!(diff(&v1, &moved).is_empty());
    }

    #[test]
    fn bad_clauses_name_their_place() {
        let v1 = first_text();
        let problems = revise(
            &v1,
            vec![
                draft(Some(9), "x"),
                draft(Some(1), " "),
                draft(Some(1), "y"),
            ],
            3,
        )
        .unwrap_err();
        let paths: Vec<String> = problems.iter().map(|p| p.path.join(".")).collect();
        assert_eq!(paths, ["clauses.0.key", "clauses.1.text", "clauses.2.key"]);
        let unchanged = revise(
            &v1,
            vec![
                draft(Some(1), "工资增长6%"),
                draft(Some(2), "每月10日发放工资"),
            ],
            3,
        )
        .unwrap_err();
        assert_eq!(unchanged[0].message, "the revision changes nothing");
        assert_eq!(revise(&v1, vec![], 3).unwrap_err()[0].path, ["clauses"]);
    }
}
