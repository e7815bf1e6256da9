//! Mutations of evaluation: guide editions loaded, revised and published
//! by the city office; evaluations drawn up and scored by an employer with
//! its union, submitted, returned or confirmed by the district office or a
//! union federation, filed with the tripartite office, and named by the
//! city office; harmony titles recorded and revoked by the offices. New
//! records are written by hand, then stored as any change's decision; the
//! steps after go through the pipeline.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{Datelike, NaiveDate};
use serde_json::json;

use super::guide::{self, Guide, Score};
use super::kinds::{EvaluationLinkKind, EvaluationStatus, GuideStatus, Nomination, TitleLevel};
use super::objects::{BargainingEvaluation, EvaluationGuide, HarmonyTitle};
use super::rules::steps::{self, Adjustment};
use super::storage::{
    self, EvaluationRow, GuideRow, LinkRow, ScoreRow, Sheet, SurveyRow, TitleRow,
};
use crate::agreements::storage::bound_employers;
use crate::change::{Act, Actor, Change, Decision, Env, Facts, Side, run, store};
use crate::context::services;
use crate::db::Conn;
use crate::deadlines::counting::local_date;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse, refused,
};
use crate::graphql::ids::{NodeType, decode_as};
use crate::graphql::text;
use crate::identity::authorization::{
    Acting, act_as_city_office, act_as_party, act_as_public_body, signed_in,
};
use crate::identity::viewer;
use crate::organizations::input::parse_id;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::{place_of, public_bodies_above, region};
use crate::organizations::storage as organizations;
use crate::risk::mutations::reporting::employer;
use crate::transaction;

crate::payloads!(
    evaluation_guide: EvaluationGuide(GuideRow) = EvaluationGuide::new,
    "The guide edition as it is now; null when the input was refused.";
    /// Result of `loadEvaluationGuide`.
    LoadEvaluationGuidePayload,
    /// Result of `reviseEvaluationGuide`.
    ReviseEvaluationGuidePayload,
    /// Result of `publishEvaluationGuide`.
    PublishEvaluationGuidePayload,
);

crate::payloads!(
    evaluation: BargainingEvaluation(EvaluationRow),
    "The evaluation as it is now; null when the input was refused.";
    /// Result of `draftEvaluation`.
    DraftEvaluationPayload,
    /// Result of `reviseEvaluation`.
    ReviseEvaluationPayload,
    /// Result of `submitEvaluation`.
    SubmitEvaluationPayload,
    /// Result of `returnEvaluation`.
    ReturnEvaluationPayload,
    /// Result of `confirmEvaluation`.
    ConfirmEvaluationPayload,
    /// Result of `fileEvaluation`.
    FileEvaluationPayload,
    /// Result of `nominateEvaluation`.
    NominateEvaluationPayload,
);

crate::payloads!(
    harmony_title: HarmonyTitle(TitleRow),
    "The title as it is now; null when the input was refused.";
    /// Result of `recordHarmonyTitle`.
    RecordHarmonyTitlePayload,
    /// Result of `revokeHarmonyTitle`.
    RevokeHarmonyTitlePayload,
);

/// The longest guide file taken (the 54-point scheme is about 30 KB).
const LONGEST_GUIDE: usize = 1_000_000;
/// Most links an evaluation holds.
const MOST_LINKS: usize = 100;

/// Parses a guide's text, its mistakes as user errors under `body`, each
/// naming its line or path.
fn parse_body(body: &str) -> Result<Guide, Vec<UserError>> {
    if body.len() > LONGEST_GUIDE {
        return Err(refused(
            "body",
            UserErrorCode::OutOfRange,
            format!("is longer than {LONGEST_GUIDE} bytes"),
        ));
    }
    guide::parse(body).map_err(|mistakes| {
        mistakes
            .into_iter()
            .map(|m| UserError::new(&["body", &m.at], UserErrorCode::Invalid, m.message))
            .collect()
    })
}

/// Stores a new draft edition of the scheme `body` names: the edition
/// after its last. Refused while an earlier draft of the scheme waits.
pub async fn load_guide(
    conn: &mut Conn<'_>,
    body: &str,
    acting: Acting,
    env: &Env<'_>,
) -> Result<GuideRow, TxError> {
    let parsed = parse_body(body)?;
    let editions = storage::guides(conn, Some(&parsed.code), true).await?;
    if let Some(draft) = editions.iter().find(|g| g.status == GuideStatus::Draft) {
        return Err(refuse(
            "body",
            UserErrorCode::RuleViolated,
            &format!(
                "edition {} of {} is a draft still: revise or publish it",
                draft.edition, parsed.code
            ),
        ));
    }
    let row = GuideRow {
        id: 0,
        code: parsed.code.clone(),
        edition: editions.last().map_or(1, |g| g.edition + 1),
        title: parsed.title.clone(),
        sample: parsed.sample,
        status: GuideStatus::Draft,
        body: body.to_owned(),
        max_points: parsed.max().0,
        loaded_by_id: acting.organization_id,
        published_at: None,
        superseded_at: None,
        version: 1,
        created_at: env.now,
        updated_at: env.now,
    };
    let row = storage::insert_guide(conn, &row).await?;
    let decision = Decision::new(EventKind::EvaluationGuideLoaded, [])
        .details(json!({ "edition": row.edition }))
        .quietly();
    store(conn, row, decision, acting, env).await
}

/// Publishes `guide` as the system does (the samples, the command line).
pub async fn publish_guide(
    conn: &mut Conn<'_>,
    guide: GuideRow,
    acting: Acting,
    env: &Env<'_>,
) -> Result<GuideRow, TxError> {
    let decision = steps::publish(&guide, env.now)?;
    store(conn, guide, decision, acting, env).await
}

/// Loads and publishes the sample schemes whose code has no edition yet;
/// returns how many were loaded.
pub async fn seed(conn: &mut Conn<'_>, env: &Env<'_>) -> Result<usize, TxError> {
    let mut loaded = 0;
    for body in guide::SAMPLES {
        let code = guide::parse(body)
            .map_err(|e| ApiError::internal(format!("a sample guide is invalid: {e:?}")))?
            .code;
        if !storage::guides(conn, Some(&code), true).await?.is_empty() {
            continue;
        }
        let row = load_guide(conn, body, Acting::SYSTEM, env).await?;
        publish_guide(conn, row, Acting::SYSTEM, env).await?;
        loaded += 1;
    }
    Ok(loaded)
}

/// [`seed`] in its own transaction.
pub async fn seed_samples(db: &crate::db::Database, env: &Env<'_>) -> ApiResult<usize> {
    let loaded = transaction!(db, |conn| seed(conn, env).await);
    loaded.map_err(TxError::into_api)
}

/// Input of `loadEvaluationGuide`.
#[derive(InputObject)]
pub struct LoadEvaluationGuideInput {
    /// The guide as JSON: `code`, `title`, `sample`, `levels`,
    /// `indicators` (each with `code`, `name`, `max`, and `children` or, for
    /// a scoring point, `evidence` and `scoring`), `surveys` and `grades`.
    pub body: String,
}

/// Input of `reviseEvaluationGuide`.
#[derive(InputObject)]
pub struct ReviseEvaluationGuideInput {
    pub guide_id: ID,
    pub expected_version: i32,
    /// The whole text anew, of the same scheme.
    pub body: String,
}

crate::input!(ReviseEvaluationGuideInput => GuideRow {
    id: guide_id, version: expected_version,
    who: |_, _| Actor::CityOffice
});

impl Change<GuideRow> for ReviseEvaluationGuideInput {
    type Facts = ();

    fn decide(&self, guide: &GuideRow, _: &(), _: &Act) -> crate::change::Ruling<GuideRow> {
        let parsed = parse_body(&self.body)?;
        steps::revise_guide(guide, &parsed, self.body.clone())
    }
}

/// Input of `publishEvaluationGuide`.
#[derive(InputObject)]
pub struct PublishEvaluationGuideInput {
    pub guide_id: ID,
    pub expected_version: i32,
}

crate::input!(PublishEvaluationGuideInput => GuideRow {
    id: guide_id, version: expected_version,
    who: |_, _| Actor::CityOffice
});

impl Change<GuideRow> for PublishEvaluationGuideInput {
    type Facts = ();

    fn decide(&self, guide: &GuideRow, _: &(), act: &Act) -> crate::change::Ruling<GuideRow> {
        steps::publish(guide, act.now)
    }
}

/// A scoring point's score.
#[derive(InputObject)]
pub struct EvaluationScoreInput {
    /// The scoring point's code in the guide.
    pub code: String,
    /// Points, with at most one decimal (such as 2.5).
    pub score: f64,
    /// The evidence (材料) the score rests on.
    pub note: Option<String>,
}

/// A survey's result.
#[derive(InputObject)]
pub struct SurveyResultInput {
    pub rate: super::kinds::SurveyRate,
    /// How many answered.
    pub sample: i32,
    /// How many answered yes.
    pub positive: i32,
}

/// An evaluation's sheet: the scores so far, the surveys, what it rests on.
#[derive(InputObject)]
pub struct EvaluationSheetInput {
    pub scores: Vec<EvaluationScoreInput>,
    #[graphql(default)]
    pub surveys: Vec<SurveyResultInput>,
    /// The employer's agreements it rests on.
    #[graphql(default)]
    pub agreement_ids: Vec<ID>,
    /// The employer's negotiations (offers) it rests on.
    #[graphql(default)]
    pub negotiation_ids: Vec<ID>,
    /// What the employer and its union say of their bargaining that year.
    pub summary: Option<String>,
}

/// A scoring point's code and score as a client gave them (a score in
/// points with at most one decimal), each mistake named under
/// `list.index`.
fn point(
    errors: &mut UserErrors,
    list: &str,
    index: &str,
    code: &str,
    score: f64,
) -> (Option<String>, Option<Score>) {
    let code = errors.keep(text::required(&[list, index, "code"], code, 40));
    let score = Score::from_points(score);
    if score.is_none() {
        errors.push(
            &[list, index, "score"],
            UserErrorCode::Invalid,
            "is 0 or more, in points with at most one decimal",
        );
    }
    (code, score)
}

/// Parses a sheet (the ids decoded, not yet checked against the employer).
fn sheet(errors: &mut UserErrors, input: &EvaluationSheetInput) -> (Sheet, Option<String>) {
    let mut parsed = Sheet::default();
    for (i, score) in input.scores.iter().enumerate() {
        let index = i.to_string();
        let (code, points) = point(errors, "scores", &index, &score.code, score.score);
        let note = errors
            .keep(text::optional(
                &["scores", &index, "note"],
                score.note.as_deref(),
                2_000,
            ))
            .flatten();
        parsed.scores.push(ScoreRow {
            evaluation_id: 0,
            position: i32::try_from(i).unwrap_or(i32::MAX),
            code: code.unwrap_or_default(),
            score: points.unwrap_or_default().0,
            note,
            adjusted: None,
            adjustment_reason: None,
        });
    }
    for (i, survey) in input.surveys.iter().enumerate() {
        let index = i.to_string();
        if !(1..=1_000_000).contains(&survey.sample) {
            errors.push(
                &["surveys", &index, "sample"],
                UserErrorCode::OutOfRange,
                "is 1 to 1000000",
            );
        }
        if survey.positive < 0 {
            errors.push(
                &["surveys", &index, "positive"],
                UserErrorCode::OutOfRange,
                "is 0 or more",
            );
        }
        parsed.surveys.push(SurveyRow {
            evaluation_id: 0,
            rate: survey.rate,
            sample: survey.sample,
            positive: survey.positive,
        });
    }
    let links = [
        (
            "agreementIds",
            &input.agreement_ids,
            NodeType::Agreement,
            EvaluationLinkKind::Agreement,
        ),
        (
            "negotiationIds",
            &input.negotiation_ids,
            NodeType::Offer,
            EvaluationLinkKind::Negotiation,
        ),
    ];
    for (field, ids, node, kind) in links {
        if ids.len() > MOST_LINKS {
            errors.push(
                &[field],
                UserErrorCode::OutOfRange,
                format!("at most {MOST_LINKS}"),
            );
            continue;
        }
        for (i, id) in ids.iter().enumerate() {
            match decode_as(id, node) {
                Some(subject_id)
                    if !parsed
                        .links
                        .iter()
                        .any(|l| l.kind == kind && l.subject_id == subject_id) =>
                {
                    parsed.links.push(LinkRow {
                        evaluation_id: 0,
                        kind,
                        subject_id,
                    });
                }
                Some(_) => {}
                None => errors.push(
                    &[field, &i.to_string()],
                    UserErrorCode::Invalid,
                    "is not a valid id",
                ),
            }
        }
    }
    let summary = errors
        .keep(text::optional(
            &["summary"],
            input.summary.as_deref(),
            10_000,
        ))
        .flatten();
    (parsed, summary)
}

/// Errors for links that are not the employer's: an agreement not binding
/// it, an offer not between it and its union.
async fn foreign_links(
    conn: &mut Conn<'_>,
    employer_id: i64,
    sheet: &Sheet,
) -> Result<Vec<UserError>, TxError> {
    let mut errors = Vec::new();
    let agreements: Vec<i64> = sheet
        .links
        .iter()
        .filter(|l| l.kind == EvaluationLinkKind::Agreement)
        .map(|l| l.subject_id)
        .collect();
    let bound = bound_employers(conn, &agreements).await?;
    for (i, id) in agreements.iter().enumerate() {
        if !bound.contains(&(*id, employer_id)) {
            errors.push(UserError::new(
                &["agreementIds", &i.to_string()],
                UserErrorCode::NotFound,
                "is not an agreement binding the employer",
            ));
        }
    }
    let offers: Vec<i64> = sheet
        .links
        .iter()
        .filter(|l| l.kind == EvaluationLinkKind::Negotiation)
        .map(|l| l.subject_id)
        .collect();
    let visible = crate::offers::visibility::OfferVisible::Everything;
    let found = crate::offers::storage::offers_by_ids(conn, &offers, &visible).await?;
    for (i, id) in offers.iter().enumerate() {
        if !found
            .iter()
            .any(|o| o.id == *id && o.employer_id == employer_id)
        {
            errors.push(UserError::new(
                &["negotiationIds", &i.to_string()],
                UserErrorCode::NotFound,
                "is not a negotiation of the employer",
            ));
        }
    }
    Ok(errors)
}

/// The guide edition of `id`, parsed.
async fn guide_of(conn: &mut Conn<'_>, id: i64) -> Result<(GuideRow, Guide), TxError> {
    let row = storage::editions_by_ids(conn, &[id])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal(format!("no guide {id}")))?;
    let parsed = guide::parse(&row.body)
        .map_err(|_| ApiError::internal(format!("guide {id} is not valid")))?;
    Ok((row, parsed))
}

/// What scoring an evaluation needs: its guide, its sheet (stored, or the
/// input's), and the links that are not the employer's.
pub struct Scored {
    guide: Guide,
    sheet: Sheet,
    summary: Option<String>,
    errors: Vec<UserError>,
}

async fn scored(
    conn: &mut Conn<'_>,
    evaluation: &EvaluationRow,
    input: Option<&EvaluationSheetInput>,
) -> Result<Scored, TxError> {
    let (_, guide) = guide_of(conn, evaluation.guide_id).await?;
    let (sheet, summary, mut errors) = match input {
        Some(input) => {
            let mut errors = UserErrors::default();
            let (sheet, summary) = sheet(&mut errors, input);
            (sheet, summary, errors.into_vec())
        }
        None => (
            storage::sheet_of(conn, evaluation.id).await?,
            evaluation.summary.clone(),
            Vec::new(),
        ),
    };
    if errors.is_empty() {
        errors = foreign_links(conn, evaluation.employer_id, &sheet).await?;
    }
    Ok(Scored {
        guide,
        sheet,
        summary,
        errors,
    })
}

/// Input of `draftEvaluation`.
#[derive(InputObject)]
pub struct DraftEvaluationInput {
    pub employer_id: ID,
    /// The year evaluated.
    pub year: i32,
    /// A published guide edition.
    pub guide_id: ID,
    #[graphql(flatten)]
    pub sheet: EvaluationSheetInput,
}

/// Input of `reviseEvaluation`: the whole sheet anew.
#[derive(InputObject)]
pub struct ReviseEvaluationInput {
    pub evaluation_id: ID,
    pub expected_version: i32,
    #[graphql(flatten)]
    pub sheet: EvaluationSheetInput,
}

crate::input!(ReviseEvaluationInput => EvaluationRow {
    id: evaluation_id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

impl Facts<EvaluationRow, ReviseEvaluationInput> for Scored {
    async fn load(
        conn: &mut Conn<'_>,
        evaluation: &EvaluationRow,
        input: &ReviseEvaluationInput,
        _: &Act,
    ) -> Result<Scored, TxError> {
        scored(conn, evaluation, Some(&input.sheet)).await
    }
}

impl Change<EvaluationRow> for ReviseEvaluationInput {
    type Facts = Scored;

    fn decide(
        &self,
        evaluation: &EvaluationRow,
        facts: &Scored,
        _: &Act,
    ) -> crate::change::Ruling<EvaluationRow> {
        if !facts.errors.is_empty() {
            return Err(facts.errors.clone());
        }
        steps::revise(
            evaluation,
            &facts.guide,
            facts.sheet.clone(),
            facts.summary.clone(),
        )
    }
}

/// Input of `submitEvaluation`.
#[derive(InputObject)]
pub struct SubmitEvaluationInput {
    pub evaluation_id: ID,
    pub expected_version: i32,
}

crate::input!(SubmitEvaluationInput => EvaluationRow {
    id: evaluation_id, version: expected_version,
    who: |_, _| Actor::EitherParty
});

/// The stored sheet of an evaluation, with its guide.
macro_rules! stored_sheet {
    ($input:ty) => {
        impl Facts<EvaluationRow, $input> for Scored {
            async fn load(
                conn: &mut Conn<'_>,
                evaluation: &EvaluationRow,
                _: &$input,
                _: &Act,
            ) -> Result<Scored, TxError> {
                scored(conn, evaluation, None).await
            }
        }
    };
}

stored_sheet!(SubmitEvaluationInput);

impl Change<EvaluationRow> for SubmitEvaluationInput {
    type Facts = Scored;

    fn decide(
        &self,
        evaluation: &EvaluationRow,
        facts: &Scored,
        act: &Act,
    ) -> crate::change::Ruling<EvaluationRow> {
        steps::submit(evaluation, &facts.guide, &facts.sheet, act.now)
    }
}

/// Input of `returnEvaluation`.
#[derive(InputObject)]
pub struct ReturnEvaluationInput {
    pub evaluation_id: ID,
    /// Why it goes back: what to score again, what evidence is missing.
    pub reason: String,
}

crate::input!(ReturnEvaluationInput => EvaluationRow {
    id: evaluation_id,
    who: |_, _| Actor::Overseer
});

impl Change<EvaluationRow> for ReturnEvaluationInput {
    type Facts = ();

    fn decide(
        &self,
        evaluation: &EvaluationRow,
        _: &(),
        act: &Act,
    ) -> crate::change::Ruling<EvaluationRow> {
        let reason = text::required(&["reason"], &self.reason, 5_000).map_err(|e| vec![e])?;
        steps::send_back(evaluation, reason, act.now)
    }
}

/// The confirming body's score of one point, with why.
#[derive(InputObject)]
pub struct ScoreAdjustmentInput {
    pub code: String,
    pub score: f64,
    pub reason: String,
}

/// Input of `confirmEvaluation`.
#[derive(InputObject)]
pub struct ConfirmEvaluationInput {
    pub evaluation_id: ID,
    pub expected_version: i32,
    /// The points the confirming body scores otherwise; both scores are kept.
    #[graphql(default)]
    pub adjustments: Vec<ScoreAdjustmentInput>,
    pub note: Option<String>,
}

crate::input!(ConfirmEvaluationInput => EvaluationRow {
    id: evaluation_id, version: expected_version,
    who: |_, _| Actor::Overseer
});

stored_sheet!(ConfirmEvaluationInput);

impl Change<EvaluationRow> for ConfirmEvaluationInput {
    type Facts = Scored;

    fn decide(
        &self,
        evaluation: &EvaluationRow,
        facts: &Scored,
        act: &Act,
    ) -> crate::change::Ruling<EvaluationRow> {
        let mut errors = UserErrors::default();
        let mut adjustments = Vec::new();
        for (i, asked) in self.adjustments.iter().enumerate() {
            let index = i.to_string();
            let (code, score) = point(&mut errors, "adjustments", &index, &asked.code, asked.score);
            let reason = errors.keep(text::required(
                &["adjustments", &index, "reason"],
                &asked.reason,
                2_000,
            ));
            if let (Some(code), Some(reason), Some(score)) = (code, reason, score) {
                adjustments.push(Adjustment {
                    code,
                    score,
                    reason,
                });
            }
        }
        let note = errors
            .keep(text::optional(&["note"], self.note.as_deref(), 5_000))
            .flatten();
        if !errors.is_empty() {
            return Err(errors.into_vec());
        }
        let confirmer = act.acting.organization_id.unwrap_or_default();
        steps::confirm(
            evaluation,
            &facts.guide,
            &facts.sheet,
            adjustments,
            note,
            confirmer,
            act.now,
        )
    }
}

/// Input of `fileEvaluation`.
#[derive(InputObject)]
pub struct FileEvaluationInput {
    pub evaluation_id: ID,
}

crate::input!(FileEvaluationInput => EvaluationRow {
    id: evaluation_id,
    who: |_, _| Actor::Side(Side::Employer)
});

/// The tripartite office nearest over the employer, and the receipt it issues.
pub struct Receipt(Option<(i64, String)>);

impl Facts<EvaluationRow, FileEvaluationInput> for Receipt {
    async fn load(
        conn: &mut Conn<'_>,
        evaluation: &EvaluationRow,
        _: &FileEvaluationInput,
        act: &Act,
    ) -> Result<Receipt, TxError> {
        let office = public_bodies_above(
            conn,
            evaluation.region_id,
            OrganizationKind::TripartiteOffice,
        )
        .await?
        .pop();
        let Some(office) = office else {
            return Ok(Receipt(None));
        };
        let year = act.now.year();
        let code = region(conn, office.region_id)
            .await?
            .map(|r| r.code)
            .unwrap_or_default();
        let issued = storage::filed_count(conn, office.id, year).await?;
        Ok(Receipt(Some((
            office.id,
            receipt_number(&code, year, issued + 1),
        ))))
    }
}

/// A filing receipt's number: 评, the office's region code, the year, a sequence.
pub fn receipt_number(region_code: &str, year: i32, sequence: i64) -> String {
    format!(
        "评{}",
        crate::agreements::rules::filing::receipt_number(region_code, year, sequence)
    )
}

impl Change<EvaluationRow> for FileEvaluationInput {
    type Facts = Receipt;

    fn decide(
        &self,
        evaluation: &EvaluationRow,
        receipt: &Receipt,
        act: &Act,
    ) -> crate::change::Ruling<EvaluationRow> {
        let Some((office, number)) = receipt.0.clone() else {
            return Err(refused(
                "evaluationId",
                UserErrorCode::RuleViolated,
                "no tripartite office is over the employer's region",
            ));
        };
        steps::file(evaluation, office, number, act.now)
    }
}

/// Input of `nominateEvaluation`.
#[derive(InputObject)]
pub struct NominateEvaluationInput {
    pub evaluation_id: ID,
    pub nomination: Nomination,
    /// The naming document or why.
    pub note: Option<String>,
}

crate::input!(NominateEvaluationInput => EvaluationRow {
    id: evaluation_id,
    who: |_, _| Actor::CityOffice
});

impl Change<EvaluationRow> for NominateEvaluationInput {
    type Facts = ();

    fn decide(
        &self,
        evaluation: &EvaluationRow,
        _: &(),
        act: &Act,
    ) -> crate::change::Ruling<EvaluationRow> {
        let note = text::optional(&["note"], self.note.as_deref(), 2_000).map_err(|e| vec![e])?;
        steps::nominate(evaluation, self.nomination, note, act.now)
    }
}

/// Input of `recordHarmonyTitle`.
#[derive(InputObject)]
pub struct RecordHarmonyTitleInput {
    pub employer_id: ID,
    /// The title, such as 劳动关系和谐企业 or 和谐劳动关系创建示范企业.
    pub title: String,
    pub level: TitleLevel,
    /// The year it was named.
    pub year: i32,
    /// The naming body.
    pub named_by: String,
    /// The naming document (文号).
    pub document: String,
    /// The last day it is held; left out when open-ended.
    pub valid_until: Option<Date>,
}

/// Input of `revokeHarmonyTitle`.
#[derive(InputObject)]
pub struct RevokeHarmonyTitleInput {
    pub title_id: ID,
    pub expected_version: i32,
    pub reason: String,
}

crate::input!(RevokeHarmonyTitleInput => TitleRow {
    id: title_id, version: expected_version,
    who: |_, _| Actor::PublicBody(&[OrganizationKind::TripartiteOffice])
});

impl Change<TitleRow> for RevokeHarmonyTitleInput {
    type Facts = ();

    fn decide(&self, title: &TitleRow, _: &(), act: &Act) -> crate::change::Ruling<TitleRow> {
        let reason = text::required(&["reason"], &self.reason, 2_000).map_err(|e| vec![e])?;
        steps::revoke(title, reason, act.now)
    }
}

/// Who draws up an evaluation: the employer's officers or its union's.
async fn evaluator(
    conn: &mut Conn<'_>,
    viewer: &crate::identity::Viewer,
    employer_id: i64,
) -> Result<Acting, TxError> {
    if let Ok(acting) = act_as_party(viewer, &place_of(conn, employer_id).await?) {
        return Ok(acting);
    }
    for union in organizations::unions_of(conn, employer_id).await? {
        if let Ok(acting) = act_as_party(viewer, &place_of(conn, union.id).await?) {
            return Ok(acting);
        }
    }
    Err(ApiError::Forbidden.into())
}

/// Stores a new evaluation of `employer_id` for `year` on the guide
/// edition `guide_id`, with its sheet, as drawn up.
#[allow(clippy::too_many_arguments)]
pub(super) async fn draw_up(
    conn: &mut Conn<'_>,
    employer: &organizations::OrganizationRow,
    year: i32,
    guide_id: i64,
    sheet: Sheet,
    summary: Option<String>,
    acting: Acting,
    env: &Env<'_>,
) -> Result<EvaluationRow, TxError> {
    let (guide_row, guide) = match storage::guides_by_ids(conn, &[guide_id], false)
        .await?
        .pop()
    {
        Some(row) if row.status == GuideStatus::Published => guide_of(conn, row.id).await?,
        Some(row) => {
            return Err(refuse(
                "guideId",
                UserErrorCode::RuleViolated,
                &format!(
                    "edition {} of {} is superseded: use the published edition",
                    row.edition, row.code
                ),
            ));
        }
        None => return Err(refuse("guideId", UserErrorCode::NotFound, "no such guide")),
    };
    if storage::evaluation_of(conn, employer.id, year)
        .await?
        .is_some()
    {
        return Err(refuse(
            "year",
            UserErrorCode::Taken,
            "the employer has an evaluation of this year",
        ));
    }
    let errors = foreign_links(conn, employer.id, &sheet).await?;
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (total, grade) = steps::drafted(&guide, &sheet)?;
    let union = organizations::unions_of(conn, employer.id)
        .await?
        .into_iter()
        .next();
    let row = EvaluationRow {
        id: 0,
        employer_id: employer.id,
        region_id: employer.region_id,
        union_id: union.map(|u| u.id),
        year,
        guide_id: guide_row.id,
        status: EvaluationStatus::Draft,
        summary,
        total,
        grade,
        submitted_at: None,
        returned_at: None,
        return_reason: None,
        confirmed_at: None,
        confirmed_by_id: None,
        confirmation_note: None,
        confirmed_total: None,
        confirmed_grade: None,
        filed_at: None,
        filed_with_id: None,
        receipt_number: None,
        nomination: None,
        nominated_at: None,
        nomination_note: None,
        version: 1,
        created_at: env.now,
        updated_at: env.now,
    };
    let row = storage::insert_evaluation(conn, &row, &sheet).await?;
    let decision = steps::started(&row);
    store(conn, row, decision, acting, env).await
}

/// Mutations of evaluation.
#[derive(Default)]
pub struct EvaluationMutation;

#[Object]
impl EvaluationMutation {
    /// Loads a new edition of an evaluation guide from its JSON text, as a
    /// draft: the edition after the scheme's last. Every mistake is named by
    /// its line and column, or by its path in the guide
    /// (`body.indicators[0].children[2].max`). For the city office.
    async fn load_evaluation_guide(
        &self,
        ctx: &Context<'_>,
        input: LoadEvaluationGuideInput,
    ) -> ApiResult<LoadEvaluationGuidePayload> {
        let viewer = viewer(ctx);
        let acting = act_as_city_office(viewer)?;
        let env = Env::of(ctx);
        let result = transaction!(services(ctx).db, |conn| {
            load_guide(conn, &input.body, acting, &env).await
        });
        LoadEvaluationGuidePayload::from_outcome(Outcome::of(result))
    }

    /// Replaces the text of a draft edition; a published edition never
    /// changes. For the city office.
    async fn revise_evaluation_guide(
        &self,
        ctx: &Context<'_>,
        input: ReviseEvaluationGuideInput,
    ) -> ApiResult<ReviseEvaluationGuidePayload> {
        ReviseEvaluationGuidePayload::from_outcome(run(ctx, input).await)
    }

    /// Publishes a draft edition: new evaluations are made on it; the
    /// scheme's edition published before is superseded, and evaluations
    /// made on that stay on it. For the city office.
    async fn publish_evaluation_guide(
        &self,
        ctx: &Context<'_>,
        input: PublishEvaluationGuideInput,
    ) -> ApiResult<PublishEvaluationGuidePayload> {
        PublishEvaluationGuidePayload::from_outcome(run(ctx, input).await)
    }

    /// Draws up an employer's evaluation of its bargaining for a year on a
    /// published guide edition, with the scores so far; its total and grade
    /// are computed. A draft is the employer's and its union's alone. For
    /// the officers of the employer or of its union.
    async fn draft_evaluation(
        &self,
        ctx: &Context<'_>,
        input: DraftEvaluationInput,
    ) -> ApiResult<DraftEvaluationPayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let guide_id = parse_id(
            &mut errors,
            "guideId",
            &input.guide_id,
            NodeType::EvaluationGuide,
        );
        let this_year = local_date(services(ctx).clock.now()).year();
        if !(2000..=this_year).contains(&input.year) {
            errors.push(
                &["year"],
                UserErrorCode::OutOfRange,
                format!("is 2000 to {this_year}"),
            );
        }
        let (sheet, summary) = sheet(&mut errors, &input.sheet);
        let (Some(employer_id), Some(guide_id), true) = (employer_id, guide_id, errors.is_empty())
        else {
            return DraftEvaluationPayload::from_outcome(Ok(Outcome::Rejected(errors.into_vec())));
        };
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer, employer_id).await?;
            let acting = evaluator(conn, viewer, employer.id).await?;
            draw_up(
                conn,
                &employer,
                input.year,
                guide_id,
                sheet.clone(),
                summary.clone(),
                acting,
                &env,
            )
            .await
        });
        DraftEvaluationPayload::from_outcome(Outcome::of(result))
    }

    /// Scores a draft or returned evaluation again: the whole sheet anew.
    /// For the officers of the employer or of its union.
    async fn revise_evaluation(
        &self,
        ctx: &Context<'_>,
        input: ReviseEvaluationInput,
    ) -> ApiResult<ReviseEvaluationPayload> {
        ReviseEvaluationPayload::from_outcome(run(ctx, input).await)
    }

    /// Submits an evaluation for confirmation: every point scored and every
    /// survey the guide asks for given. The employer, its union, the
    /// district office and the union federation over it are told. For the
    /// officers of the employer or of its union.
    async fn submit_evaluation(
        &self,
        ctx: &Context<'_>,
        input: SubmitEvaluationInput,
    ) -> ApiResult<SubmitEvaluationPayload> {
        SubmitEvaluationPayload::from_outcome(run(ctx, input).await)
    }

    /// Returns a submitted evaluation to the employer with the reasons. For
    /// the tripartite office or the union federation nearest over the employer.
    async fn return_evaluation(
        &self,
        ctx: &Context<'_>,
        input: ReturnEvaluationInput,
    ) -> ApiResult<ReturnEvaluationPayload> {
        ReturnEvaluationPayload::from_outcome(run(ctx, input).await)
    }

    /// Confirms a submitted evaluation, adjusting points with reasons; both
    /// scores are kept, and the confirmed total and grade count the
    /// adjusted ones. For the tripartite office or the union federation
    /// nearest over the employer.
    async fn confirm_evaluation(
        &self,
        ctx: &Context<'_>,
        input: ConfirmEvaluationInput,
    ) -> ApiResult<ConfirmEvaluationPayload> {
        ConfirmEvaluationPayload::from_outcome(run(ctx, input).await)
    }

    /// Files a confirmed evaluation with the tripartite office nearest over
    /// the employer, which issues a receipt. For the employer's officers.
    async fn file_evaluation(
        &self,
        ctx: &Context<'_>,
        input: FileEvaluationInput,
    ) -> ApiResult<FileEvaluationPayload> {
        FileEvaluationPayload::from_outcome(run(ctx, input).await)
    }

    /// Names a filed evaluation's employer a typical unit (典型) or a
    /// city-level model bargaining unit (集体协商示范企业). For the city office.
    async fn nominate_evaluation(
        &self,
        ctx: &Context<'_>,
        input: NominateEvaluationInput,
    ) -> ApiResult<NominateEvaluationPayload> {
        NominateEvaluationPayload::from_outcome(run(ctx, input).await)
    }

    /// Records a harmonious-labour-relations title an employer holds. The
    /// employer is told. For a tripartite office over the employer.
    async fn record_harmony_title(
        &self,
        ctx: &Context<'_>,
        input: RecordHarmonyTitleInput,
    ) -> ApiResult<RecordHarmonyTitlePayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let title = errors.keep(text::required(&["title"], &input.title, 100));
        let named_by = errors.keep(text::required(&["namedBy"], &input.named_by, 200));
        let document = errors.keep(text::required(&["document"], &input.document, 200));
        let this_year = local_date(services(ctx).clock.now()).year();
        if !(1990..=this_year).contains(&input.year) {
            errors.push(
                &["year"],
                UserErrorCode::OutOfRange,
                format!("is 1990 to {this_year}"),
            );
        }
        if let Some(last) = input.valid_until
            && last.year() < input.year
        {
            errors.push(
                &["validUntil"],
                UserErrorCode::RuleViolated,
                "is not before the year it was named",
            );
        }
        let (Some(employer_id), Some(title), Some(named_by), Some(document), true) =
            (employer_id, title, named_by, document, errors.is_empty())
        else {
            return RecordHarmonyTitlePayload::from_outcome(Ok(Outcome::Rejected(
                errors.into_vec(),
            )));
        };
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer, employer_id).await?;
            let acting = act_as_public_body(
                viewer,
                employer.region_id,
                &[OrganizationKind::TripartiteOffice],
            )?;
            let row = TitleRow {
                id: 0,
                employer_id: employer.id,
                region_id: employer.region_id,
                title: title.clone(),
                level: input.level,
                year: input.year,
                named_by: named_by.clone(),
                document: document.clone(),
                valid_until: input.valid_until.map(NaiveDate::from),
                revoked_at: None,
                revocation_reason: None,
                recorded_by_id: acting.organization_id,
                version: 1,
                created_at: env.now,
                updated_at: env.now,
            };
            let row = storage::insert_title(conn, &row).await?;
            let decision = Decision::new(
                EventKind::HarmonyTitleRecorded,
                [crate::change::Audience::Parties],
            );
            store(conn, row, decision, acting, &env).await
        });
        RecordHarmonyTitlePayload::from_outcome(Outcome::of(result))
    }

    /// Revokes a title, with the reason. The employer is told. For a
    /// tripartite office over the employer.
    async fn revoke_harmony_title(
        &self,
        ctx: &Context<'_>,
        input: RevokeHarmonyTitleInput,
    ) -> ApiResult<RevokeHarmonyTitlePayload> {
        RevokeHarmonyTitlePayload::from_outcome(run(ctx, input).await)
    }
}
