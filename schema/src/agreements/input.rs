//! Parsing the inputs of agreement mutations into checked values; each
//! problem becomes a user error naming its field.

use crate::graphql::date::Date;
use async_graphql::InputObject;
use chrono::NaiveDate;

use super::clauses::{self, Clause, ClauseDraft, ClauseProblem};
use super::rules::check_term;
use crate::graphql::errors::{UserError, UserErrorCode, UserErrors};
use crate::graphql::text;
use crate::offers::kinds::OfferTopic;

/// The longest note or comment.
pub const MAX_NOTE: usize = 2_000;

/// A clause of a proposed text.
#[derive(InputObject)]
pub struct ClauseInput {
    /// The key of the clause this revises; null for a new clause.
    pub key: Option<i32>,
    /// The CCP Art. 8 topic it settles.
    pub topic: OfferTopic,
    /// Heading, e.g. `第三条 工资调整`.
    pub heading: String,
    /// The text.
    pub text: String,
}

/// The term of an agreement.
#[derive(InputObject, Clone)]
pub struct TermInput {
    /// First day.
    pub starts_on: Date,
    /// Last day: 1 to 3 years after the first (CCP Art. 38).
    pub ends_on: Date,
    /// Why a term outside 1 to 3 years is agreed; required then.
    pub override_reason: Option<String>,
}

/// A checked term: first and last day, and the reason for departing from 1 to 3 years.
pub type Term = (NaiveDate, NaiveDate, Option<String>);

/// The next text from `input` over the `current` one, with its next clause
/// key; user errors at `clauses.N.field`.
pub fn parse_clauses(
    current: &[Clause],
    input: &[ClauseInput],
    next_key: i32,
) -> Result<(Vec<Clause>, i32), Vec<UserError>> {
    let drafts = input
        .iter()
        .map(|c| ClauseDraft {
            key: c.key,
            topic: c.topic,
            heading: c.heading.clone(),
            text: c.text.clone(),
        })
        .collect();
    clauses::revise(current, drafts, next_key).map_err(|problems| {
        problems
            .into_iter()
            .map(|ClauseProblem { path, message }| {
                let path: Vec<&str> = path.iter().map(String::as_str).collect();
                UserError::new(&path, UserErrorCode::Invalid, message)
            })
            .collect()
    })
}

/// A note of at most 2,000 characters; blank is empty.
pub fn parse_note(errors: &mut UserErrors, note: Option<&str>) -> String {
    errors
        .keep(text::optional(&["note"], note, MAX_NOTE))
        .flatten()
        .unwrap_or_default()
}

/// A term of 1 to 3 years, or another with the reason to depart from it.
pub fn parse_term(errors: &mut UserErrors, term: Option<&TermInput>) -> Option<Term> {
    let term = term?;
    let reason = term
        .override_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    for (field, date) in [("startsOn", term.starts_on), ("endsOn", term.ends_on)] {
        if let Err(message) = crate::graphql::bounds::date(*date) {
            errors.push(&["term", field], UserErrorCode::OutOfRange, message);
            return None;
        }
    }
    match check_term(*term.starts_on, *term.ends_on) {
        Err(message) if term.ends_on < term.starts_on || reason.is_none() => {
            errors.push(&["term", "endsOn"], UserErrorCode::OutOfRange, message);
            None
        }
        Ok(()) => Some((*term.starts_on, *term.ends_on, None)),
        Err(_) => Some((*term.starts_on, *term.ends_on, reason)),
    }
}

/// The workers covered: a count of people.
pub fn check_covered(errors: &mut UserErrors, workers_covered: Option<i32>) {
    if let Some(Err(message)) = workers_covered.map(crate::graphql::bounds::people) {
        errors.push(&["workersCovered"], UserErrorCode::OutOfRange, message);
    }
}

/// The errors collected, or `value`.
pub fn checked<T>(errors: UserErrors, value: T) -> Result<T, Vec<UserError>> {
    if errors.is_empty() {
        Ok(value)
    } else {
        Err(errors.into_vec())
    }
}
