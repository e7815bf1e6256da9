//! The steps of an evaluation (self-evaluation, submission, return,
//! confirmation with adjustments, filing, nomination), of a guide edition
//! (revision of a draft, publication) and of a harmony title (revocation),
//! as pure rules: the record as it is, the parsed input and the facts in;
//! a decision or user errors naming fields out.

use chrono::NaiveDateTime;
use serde_json::json;

use super::scoring::{
    PointScore, SurveyResult, assess, check_scores, check_surveys, checked, effective,
};
use crate::change::{Audience, Decision, Ruling};
use crate::evaluation::guide::{Guide, Score};
use crate::evaluation::kinds::{EvaluationStatus, GuideStatus, Nomination};
use crate::evaluation::storage::{
    EvaluationChanges, EvaluationRow, GuideChanges, GuideRow, Sheet, TitleChanges, TitleRow,
};
use crate::events::kinds::EventKind;
use crate::graphql::errors::{UserError, UserErrorCode, UserErrors, refused};

/// What a decision on an evaluation writes besides its row.
pub enum EvaluationWrite {
    /// The whole sheet, anew.
    Sheet(Sheet),
    /// The confirming body's adjustments: (point, score, reason).
    Adjustments(Vec<(String, Score, String)>),
}

/// Who hears of a step: the employer, its union and the bodies over it.
fn everyone() -> Vec<Audience> {
    vec![Audience::Parties, Audience::Overseers]
}

fn wrong_state(evaluation: &EvaluationRow, message: &str) -> Vec<UserError> {
    refused(
        "evaluationId",
        UserErrorCode::RuleViolated,
        format!(
            "the evaluation is {}: {message}",
            evaluation.status.as_str()
        ),
    )
}

/// The scores of a sheet, as the rules count them.
pub fn own_scores(sheet: &Sheet) -> Vec<PointScore> {
    sheet
        .scores
        .iter()
        .map(|s| PointScore {
            code: s.code.clone(),
            score: Score(s.score),
        })
        .collect()
}

/// The survey results of a sheet.
pub fn survey_results(sheet: &Sheet) -> Vec<SurveyResult> {
    sheet
        .surveys
        .iter()
        .map(|s| SurveyResult {
            rate: s.rate,
            sample: u32::try_from(s.sample).unwrap_or(0),
            positive: u32::try_from(s.positive).unwrap_or(0),
        })
        .collect()
}

/// Checks a sheet against its guide; with `complete`, every point scored.
pub fn check_sheet(guide: &Guide, sheet: &Sheet, complete: bool) -> Result<(), Vec<UserError>> {
    let mut errors = UserErrors::default();
    check_scores(&mut errors, guide, "scores", &own_scores(sheet), complete);
    check_surveys(&mut errors, &survey_results(sheet));
    if complete {
        for survey in &guide.surveys {
            if !sheet.surveys.iter().any(|s| s.rate == survey.rate) {
                errors.push(
                    &["surveys"],
                    UserErrorCode::Required,
                    format!(
                        "the guide asks for {} ({})",
                        survey.name,
                        survey.rate.as_str()
                    ),
                );
            }
        }
    }
    checked(errors)
}

/// The total and grade of `sheet` as its employer scored it.
fn assessed(guide: &Guide, sheet: &Sheet) -> (i32, Option<String>) {
    let assessment = assess(guide, &own_scores(sheet), &survey_results(sheet));
    (assessment.total.0, assessment.grade)
}

/// A new evaluation, its sheet checked: audited, nobody told (a draft is
/// the employer's and its union's).
pub fn drafted(guide: &Guide, sheet: &Sheet) -> Result<(i32, Option<String>), Vec<UserError>> {
    check_sheet(guide, sheet, false)?;
    Ok(assessed(guide, sheet))
}

/// The evaluation drawn up: audited, nobody told.
pub fn started(evaluation: &EvaluationRow) -> Decision<EvaluationRow> {
    Decision::new(EventKind::EvaluationDrafted, [])
        .details(json!({ "year": evaluation.year }))
        .quietly()
}

/// A draft or returned evaluation scored again; nobody told.
pub fn revise(
    evaluation: &EvaluationRow,
    guide: &Guide,
    sheet: Sheet,
    summary: Option<String>,
) -> Ruling<EvaluationRow> {
    if !matches!(
        evaluation.status,
        EvaluationStatus::Draft | EvaluationStatus::Returned
    ) {
        return Err(wrong_state(
            evaluation,
            "only a draft or a returned evaluation is scored again",
        ));
    }
    check_sheet(guide, &sheet, false)?;
    let (total, grade) = assessed(guide, &sheet);
    Ok(Decision::new(EventKind::EvaluationDrafted, [])
        .change(EvaluationChanges {
            total: Some(total),
            grade: Some(grade),
            summary: Some(summary),
            ..EvaluationChanges::default()
        })
        .write(EvaluationWrite::Sheet(sheet))
        .quietly())
}

/// Submitted for confirmation: every point scored and every survey the
/// guide asks for given; the total and grade computed.
pub fn submit(
    evaluation: &EvaluationRow,
    guide: &Guide,
    sheet: &Sheet,
    now: NaiveDateTime,
) -> Ruling<EvaluationRow> {
    if !matches!(
        evaluation.status,
        EvaluationStatus::Draft | EvaluationStatus::Returned
    ) {
        return Err(wrong_state(evaluation, "it was submitted already"));
    }
    check_sheet(guide, sheet, true)?;
    let (total, grade) = assessed(guide, sheet);
    Ok(Decision::new(EventKind::EvaluationSubmitted, everyone())
        .change(EvaluationChanges {
            status: Some(EvaluationStatus::Submitted),
            submitted_at: Some(now),
            total: Some(total),
            grade: Some(grade.clone()),
            ..EvaluationChanges::default()
        })
        .details(json!({ "total": Score(total).points(), "grade": grade })))
}

/// Returned to the employer with the reasons, to be scored again.
pub fn send_back(
    evaluation: &EvaluationRow,
    reason: String,
    now: NaiveDateTime,
) -> Ruling<EvaluationRow> {
    if evaluation.status != EvaluationStatus::Submitted {
        return Err(wrong_state(
            evaluation,
            "only a submitted evaluation is returned",
        ));
    }
    Ok(Decision::new(EventKind::EvaluationReturned, everyone())
        .change(EvaluationChanges {
            status: Some(EvaluationStatus::Returned),
            returned_at: Some(now),
            return_reason: Some(reason.clone()),
            ..EvaluationChanges::default()
        })
        .details(json!({ "reason": reason })))
}

/// An adjustment of one point asked for: the point, the score, why.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjustment {
    pub code: String,
    pub score: Score,
    pub reason: String,
}

/// Confirmed by `confirmer`, with its adjustments: each point adjusted
/// once, within its maximum, with a reason; the confirmed total and grade
/// count the adjusted scores in place of the employer's.
pub fn confirm(
    evaluation: &EvaluationRow,
    guide: &Guide,
    sheet: &Sheet,
    adjustments: Vec<Adjustment>,
    note: Option<String>,
    confirmer: i64,
    now: NaiveDateTime,
) -> Ruling<EvaluationRow> {
    if evaluation.status != EvaluationStatus::Submitted {
        return Err(wrong_state(
            evaluation,
            "only a submitted evaluation is confirmed",
        ));
    }
    let asked: Vec<PointScore> = adjustments
        .iter()
        .map(|a| PointScore {
            code: a.code.clone(),
            score: a.score,
        })
        .collect();
    let mut errors = UserErrors::default();
    check_scores(&mut errors, guide, "adjustments", &asked, false);
    checked(errors)?;
    let counted = effective(&own_scores(sheet), &asked);
    let assessment = assess(guide, &counted, &survey_results(sheet));
    let adjusted = adjustments
        .iter()
        .map(|a| a.code.clone())
        .collect::<Vec<_>>();
    Ok(Decision::new(EventKind::EvaluationConfirmed, everyone())
        .change(EvaluationChanges {
            status: Some(EvaluationStatus::Confirmed),
            confirmed_at: Some(now),
            confirmed_by_id: Some(confirmer),
            confirmation_note: Some(note),
            confirmed_total: Some(assessment.total.0),
            confirmed_grade: Some(assessment.grade.clone()),
            ..EvaluationChanges::default()
        })
        .write(EvaluationWrite::Adjustments(
            adjustments
                .into_iter()
                .map(|a| (a.code, a.score, a.reason))
                .collect(),
        ))
        .details(json!({
            "total": assessment.total.points(),
            "grade": assessment.grade,
            "adjusted": adjusted,
        })))
}

/// Filed with `office`, under `receipt`.
pub fn file(
    evaluation: &EvaluationRow,
    office: i64,
    receipt: String,
    now: NaiveDateTime,
) -> Ruling<EvaluationRow> {
    if evaluation.status != EvaluationStatus::Confirmed {
        return Err(wrong_state(
            evaluation,
            "only a confirmed evaluation is filed",
        ));
    }
    Ok(Decision::new(
        EventKind::EvaluationFiled,
        [
            Audience::Parties,
            Audience::Overseers,
            Audience::Organizations(vec![office]),
        ],
    )
    .change(EvaluationChanges {
        status: Some(EvaluationStatus::Filed),
        filed_at: Some(now),
        filed_with_id: Some(office),
        receipt_number: Some(receipt.clone()),
        ..EvaluationChanges::default()
    })
    .details(json!({ "receiptNumber": receipt })))
}

/// Named a typical or model unit: a filed evaluation, not already so named.
pub fn nominate(
    evaluation: &EvaluationRow,
    nomination: Nomination,
    note: Option<String>,
    now: NaiveDateTime,
) -> Ruling<EvaluationRow> {
    if evaluation.status != EvaluationStatus::Filed {
        return Err(wrong_state(evaluation, "only a filed evaluation is named"));
    }
    if evaluation.nomination == Some(nomination) {
        return Err(refused(
            "nomination",
            UserErrorCode::RuleViolated,
            format!("the employer is named {} already", nomination.as_str()),
        ));
    }
    Ok(Decision::new(EventKind::EvaluationNominated, everyone())
        .change(EvaluationChanges {
            nomination: Some(nomination),
            nominated_at: Some(now),
            nomination_note: Some(note),
            ..EvaluationChanges::default()
        })
        .details(json!({ "nomination": nomination.as_str() })))
}

/// A draft edition replaced by a new text of the same scheme; a published
/// edition never changes.
pub fn revise_guide(guide: &GuideRow, parsed: &Guide, body: String) -> Ruling<GuideRow> {
    if guide.status != GuideStatus::Draft {
        return Err(refused(
            "guideId",
            UserErrorCode::RuleViolated,
            format!(
                "edition {} is {} and never changes: load a new edition",
                guide.edition,
                guide.status.as_str()
            ),
        ));
    }
    if parsed.code != guide.code {
        return Err(refused(
            "body",
            UserErrorCode::RuleViolated,
            format!("the edition is of {}, not {}", guide.code, parsed.code),
        ));
    }
    Ok(Decision::new(EventKind::EvaluationGuideLoaded, [])
        .change(GuideChanges {
            title: Some(parsed.title.clone()),
            sample: Some(parsed.sample),
            body: Some(body),
            max_points: Some(parsed.max().0),
            ..GuideChanges::default()
        })
        .quietly())
}

/// A draft edition published; the scheme's edition published before it is
/// superseded, its evaluations staying on it.
pub fn publish(guide: &GuideRow, now: NaiveDateTime) -> Ruling<GuideRow> {
    if guide.status != GuideStatus::Draft {
        return Err(refused(
            "guideId",
            UserErrorCode::RuleViolated,
            format!(
                "edition {} is {} already",
                guide.edition,
                guide.status.as_str()
            ),
        ));
    }
    Ok(Decision::new(EventKind::EvaluationGuidePublished, [])
        .change(GuideChanges {
            status: Some(GuideStatus::Published),
            published_at: Some(now),
            ..GuideChanges::default()
        })
        .details(json!({ "code": guide.code, "edition": guide.edition }))
        .quietly())
}

/// A title revoked, with the reason.
pub fn revoke(title: &TitleRow, reason: String, now: NaiveDateTime) -> Ruling<TitleRow> {
    if title.revoked_at.is_some() {
        return Err(refused(
            "titleId",
            UserErrorCode::RuleViolated,
            "the title was revoked already",
        ));
    }
    Ok(
        Decision::new(EventKind::HarmonyTitleRevoked, [Audience::Parties])
            .change(TitleChanges {
                revoked_at: Some(now),
                revocation_reason: Some(reason.clone()),
            })
            .details(json!({ "reason": reason })),
    )
}
