//! Demo titles and evaluations, for the city itself (copies add none):
//! fifteen employers hold harmonious-labour-relations titles at every
//! level (one revoked), and evaluations on the five-dimension sample stand
//! in every state, two named typical and model units, so that coverage is
//! partial and the office's to-do list is not empty. Each evaluation is
//! taken through its steps by the changes the API runs, at the instants
//! they took place; the audit trail keeps them, nobody is told. The demo
//! uses the last twenty employers of the list, which the tests leave alone.

use async_graphql::ID;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::guide::{self, Score};
use super::kinds::{Nomination, TitleLevel};
use super::mutations::{
    ConfirmEvaluationInput, FileEvaluationInput, NominateEvaluationInput, ReturnEvaluationInput,
    ScoreAdjustmentInput, SubmitEvaluationInput, draw_up,
};
use super::record::confirmers;
use super::storage::{self, EvaluationRow, ScoreRow, Sheet, SurveyRow, TitleRow};
use crate::change::{Change, Decision, Env, settle, store};
use crate::db::Conn;
use crate::deadlines::rules::ReminderOffsets;
use crate::demo::Batch;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiError, ApiResult, TxError};
use crate::identity::authorization::Acting;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::public_bodies_above;
use crate::organizations::storage::OrganizationRow;

use super::kinds::SurveyRate;

fn acting(organization: i64) -> Acting {
    Acting {
        user_id: None,
        organization_id: Some(organization),
    }
}

/// (level, year named, naming body, document) of the demo's titles.
fn naming(level: TitleLevel, year: i32, n: usize) -> (String, String) {
    match level {
        TitleLevel::National => (
            "全国协调劳动关系三方会议".into(),
            format!("人社部发〔{year}〕{}号", 20 + n),
        ),
        TitleLevel::Province => (
            "吉林省协调劳动关系三方委员会".into(),
            format!("吉劳协〔{year}〕{}号", 3 + n),
        ),
        TitleLevel::City => (
            "长春市协调劳动关系三方委员会".into(),
            format!("长三方发〔{year}〕{}号", 5 + n),
        ),
        TitleLevel::District => (
            "南关区协调劳动关系三方委员会".into(),
            format!("南三方发〔{year}〕{}号", 1 + n),
        ),
    }
}

/// Scores of every point of `guide` totalling `total` points: each point
/// at its maximum, points taken off from the last on.
fn sheet(guide: &guide::Guide, total: f64, satisfied: i32) -> Sheet {
    let mut over = Score::from_points(guide.max().0 as f64 / 10.0 - total)
        .unwrap_or_default()
        .0;
    let points = guide.points();
    let mut scores: Vec<ScoreRow> = points
        .iter()
        .enumerate()
        .rev()
        .map(|(i, p)| {
            let cut = over.min(p.max.0);
            over -= cut;
            ScoreRow {
                evaluation_id: 0,
                position: i as i32,
                code: p.code.clone(),
                score: p.max.0 - cut,
                note: p.evidence.clone(),
                adjusted: None,
                adjustment_reason: None,
            }
        })
        .collect();
    scores.reverse();
    let surveys = [
        (SurveyRate::Participation, 200, 176),
        (SurveyRate::Awareness, 200, 184),
        (SurveyRate::Satisfaction, 200, satisfied * 2),
        (SurveyRate::Endorsement, 12, 11),
    ]
    .into_iter()
    .map(|(rate, sample, positive)| SurveyRow {
        evaluation_id: 0,
        rate,
        sample,
        positive,
    })
    .collect();
    Sheet {
        scores,
        surveys,
        links: Vec::new(),
    }
}

/// How far an evaluation goes.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Draft,
    Submitted,
    Returned,
    Confirmed,
    Filed,
    Named(Nomination),
}

/// Takes the demo's evaluations through their steps.
struct Steps<'c, 'd> {
    conn: &'c mut Conn<'d>,
    now: NaiveDateTime,
    reminders: ReminderOffsets,
}

impl Steps<'_, '_> {
    fn env(
        &self,
        days: i64,
        operation: &'static str,
    ) -> (NaiveDateTime, ReminderOffsets, &'static str) {
        (
            self.now - Duration::days(days),
            self.reminders.clone(),
            operation,
        )
    }

    async fn change<C: Change<EvaluationRow>>(
        &mut self,
        record: EvaluationRow,
        change: C,
        by: i64,
        days: i64,
        operation: &'static str,
    ) -> ApiResult<EvaluationRow> {
        let (at, reminders, operation) = self.env(days, operation);
        let env = Env {
            quiet: true,
            ..Env::at(at, &reminders, operation)
        };
        settle(self.conn, record, &change, acting(by), &env)
            .await
            .map_err(TxError::into_api)
    }

    /// An evaluation of `employer` for `year` at `total` points, taken to `stage`.
    #[allow(clippy::too_many_arguments)]
    async fn evaluate(
        &mut self,
        employer: &OrganizationRow,
        guide: (i64, &guide::Guide),
        year: i32,
        total: f64,
        stage: Stage,
        city_office: i64,
    ) -> ApiResult<()> {
        let (at, reminders, _) = self.env(60, "draftEvaluation");
        let env = Env {
            quiet: true,
            ..Env::at(at, &reminders, "draftEvaluation")
        };
        let summary = Some(format!(
            "{year}年度开展工资集体协商，签订工资专项集体合同并经职工代表大会审议通过。"
        ));
        let mut row = draw_up(
            self.conn,
            employer,
            year,
            guide.0,
            sheet(guide.1, total, 88),
            summary,
            acting(employer.id),
            &env,
        )
        .await
        .map_err(TxError::into_api)?;
        if stage == Stage::Draft {
            return Ok(());
        }
        let id = ID(String::new());
        let office = confirmers(self.conn, employer.region_id)
            .await
            .map_err(TxError::into_api)?
            .first()
            .copied()
            .ok_or_else(|| ApiError::internal("no office over a demo employer"))?;
        let submit = |version| SubmitEvaluationInput {
            evaluation_id: id.clone(),
            expected_version: version,
        };
        row = self
            .change(
                row.clone(),
                submit(row.version),
                employer.id,
                50,
                "submitEvaluation",
            )
            .await?;
        if stage == Stage::Submitted {
            return Ok(());
        }
        if stage == Stage::Returned {
            let reason = "第二维度“协商程序”缺少要约书及回应书材料，请补充后重新提交。".to_owned();
            let back = ReturnEvaluationInput {
                evaluation_id: id.clone(),
                reason,
            };
            self.change(row, back, office, 45, "returnEvaluation")
                .await?;
            return Ok(());
        }
        let last = guide
            .1
            .points()
            .last()
            .map(|p| (p.code.clone(), p.max))
            .unwrap_or_default();
        let confirm = ConfirmEvaluationInput {
            evaluation_id: id.clone(),
            expected_version: row.version,
            adjustments: vec![ScoreAdjustmentInput {
                code: last.0,
                score: f64::from(last.1.0) / 10.0 - 1.0,
                reason: "职工满意度测评样本不足，酌情扣分".into(),
            }],
            note: Some("经实地核查，材料基本齐全".into()),
        };
        row = self
            .change(row, confirm, office, 40, "confirmEvaluation")
            .await?;
        if stage == Stage::Confirmed {
            return Ok(());
        }
        let file = FileEvaluationInput {
            evaluation_id: id.clone(),
        };
        row = self
            .change(row, file, employer.id, 30, "fileEvaluation")
            .await?;
        if let Stage::Named(nomination) = stage {
            let name = NominateEvaluationInput {
                evaluation_id: id,
                nomination,
                note: Some(format!("长三方发〔{}〕12号", self.now.year())),
            };
            self.change(row, name, city_office, 10, "nominateEvaluation")
                .await?;
        }
        Ok(())
    }

    /// `employer` is named to a title at `level` in `year`; revoked with `revoked`.
    async fn title(
        &mut self,
        employer: &OrganizationRow,
        level: TitleLevel,
        year: i32,
        n: usize,
        office: i64,
        revoked: Option<&str>,
    ) -> ApiResult<()> {
        let (named_by, document) = naming(level, year, n);
        let at = NaiveDate::from_ymd_opt(year, 12, 20)
            .and_then(|d| d.and_hms_opt(2, 0, 0))
            .unwrap_or(self.now);
        let row = TitleRow {
            id: 0,
            employer_id: employer.id,
            region_id: employer.region_id,
            title: match level {
                TitleLevel::National | TitleLevel::Province => "和谐劳动关系创建示范企业".into(),
                _ => "劳动关系和谐企业".into(),
            },
            level,
            year,
            named_by,
            document,
            valid_until: NaiveDate::from_ymd_opt(year + 3, 12, 31),
            revoked_at: None,
            revocation_reason: None,
            recorded_by_id: Some(office),
            version: 1,
            created_at: at,
            updated_at: at,
        };
        let reminders = self.reminders.clone();
        let env = Env {
            quiet: true,
            ..Env::at(at, &reminders, "recordHarmonyTitle")
        };
        let row = storage::insert_title(self.conn, &row).await?;
        let decision = Decision::new(EventKind::HarmonyTitleRecorded, []);
        let row = store(self.conn, row, decision, acting(office), &env)
            .await
            .map_err(TxError::into_api)?;
        if let Some(reason) = revoked {
            let revoke = super::mutations::RevokeHarmonyTitleInput {
                title_id: ID(String::new()),
                expected_version: row.version,
                reason: reason.into(),
            };
            let env = Env {
                quiet: true,
                ..Env::at(
                    self.now - Duration::days(20),
                    &reminders,
                    "revokeHarmonyTitle",
                )
            };
            settle(self.conn, row, &revoke, acting(office), &env)
                .await
                .map_err(TxError::into_api)?;
        }
        Ok(())
    }
}

pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    if !batch.is_city() {
        return Ok(());
    }
    let reminders = ReminderOffsets::default();
    let env = Env {
        quiet: true,
        ..Env::at(now, &reminders, "seedSampleGuides")
    };
    super::mutations::seed(conn, &env)
        .await
        .map_err(TxError::into_api)?;
    let row = storage::guides(conn, Some("SAMPLE-5D-100"), false)
        .await?
        .into_iter()
        .find(|g| g.status == super::kinds::GuideStatus::Published)
        .ok_or_else(|| ApiError::internal("the five-dimension sample is not published"))?;
    let parsed = guide::parse(&row.body).map_err(|_| ApiError::internal("a sample is invalid"))?;
    let employers = batch.employers(conn).await?;
    let chosen: Vec<OrganizationRow> = employers.iter().skip(40).take(20).cloned().collect();
    if chosen.len() < 20 {
        return Err(ApiError::internal("the demo has fewer than 60 employers"));
    }
    let city_office = public_bodies_above(
        conn,
        chosen[0].region_id,
        OrganizationKind::TripartiteOffice,
    )
    .await
    .map_err(TxError::into_api)?
    .first()
    .map(|o| o.id)
    .ok_or_else(|| ApiError::internal("no city office"))?;
    let year = now.year();
    let mut steps = Steps {
        conn,
        now,
        reminders,
    };
    // Fifteen titled employers: eight at city level (one revoked), three
    // provincial, two national, two named by a district only.
    let levels = [
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::City,
        TitleLevel::Province,
        TitleLevel::Province,
        TitleLevel::Province,
        TitleLevel::National,
        TitleLevel::National,
        TitleLevel::District,
        TitleLevel::District,
    ];
    for (n, level) in levels.into_iter().enumerate() {
        let revoked = (n == 7).then_some("发生群体性劳动争议，经复核撤销称号");
        let named = year - 1 - (n as i32 % 3);
        steps
            .title(&chosen[n], level, named, n, city_office, revoked)
            .await?;
    }
    // Evaluations in every state: the titled ones partly covered, and two
    // employers without titles.
    let plan = [
        (0, year, 93.5, Stage::Named(Nomination::Model)),
        (1, year, 88.0, Stage::Named(Nomination::Typical)),
        (2, year - 1, 84.5, Stage::Filed),
        (3, year, 81.0, Stage::Filed),
        (4, year, 79.5, Stage::Confirmed),
        (5, year, 86.0, Stage::Submitted),
        (8, year, 72.0, Stage::Returned),
        (11, year, 90.0, Stage::Draft),
        (16, year, 91.0, Stage::Filed),
        (17, year, 66.5, Stage::Submitted),
    ];
    for (index, evaluated, total, stage) in plan {
        steps
            .evaluate(
                &chosen[index],
                (row.id, &parsed),
                evaluated,
                total,
                stage,
                city_office,
            )
            .await?;
    }
    Ok(())
}
