//! Risk grades from shared data (seed 000 §二.1): the city office imports
//! the signals of each employer's month and keeps the rule set as
//! versioned data; every import and every new rule set regrades the
//! employers concerned, and a grade that rises is told to the district
//! office. The employer and its union see its grade; only the offices,
//! administrations and federations over it see the reasons and the rules.

use crate::graphql::date::Date;
use std::collections::HashMap;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel::upsert::excluded;
use diesel_async::RunQueryDsl;
use serde_json::json;

use super::rules::grading::{
    Band, Indicator, Reason, RiskGrade, RuleSet, SignalKind, check_rule_set, first_rule_set, grade,
    latest_month, rose,
};
use super::visibility::{self, RiskVisible};
use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{organizations, risk_grades, risk_rule_sets, risk_signals};
use crate::db::{Conn, Database, stored};
use crate::deadlines::counting::local_date;
use crate::events::kinds::EventKind;
use crate::graphql::connection::{ConnectionOf, connection, page_request};
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors,
};
use crate::graphql::ids::{NodeType, decode_as, filter_id as id_of};
use crate::identity::authorization::{Acting, act_as_city_office, signed_in};
use crate::identity::{Viewer, viewer};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::objects::{Organization, named_one};
use crate::organizations::places::{public_bodies_above, region_subtree};
use crate::{load_page, on, transaction};

/// Most signals one import takes.
pub const MOST_SIGNALS: usize = 1_000;

/// How many employers are regraded per statement batch.
const CHUNK: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_signals, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct SignalRow {
    pub employer_id: i64,
    pub month: NaiveDate,
    pub kind: SignalKind,
    pub value: f64,
    pub imported_at: NaiveDateTime,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_grades, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct GradeRow {
    pub employer_id: i64,
    pub region_id: i64,
    pub grade: RiskGrade,
    pub points: i32,
    pub reasons: String,
    pub rule_version: i32,
    pub month: NaiveDate,
    pub graded_at: NaiveDateTime,
}

/// Upserts `$rows` into `$table` on the conflict target, setting `$set`:
/// in batches on PostgreSQL, a row at a time on SQLite (whose driver has no
/// batch insert).
macro_rules! upsert_rows {
    ($conn:expr, $rows:expr, $table:ident, $target:expr, $set:expr) => {{
        macro_rules! one {
            ($c:expr, $values:expr) => {
                diesel::insert_into($table::table)
                    .values($values)
                    .on_conflict($target)
                    .do_update()
                    .set($set)
                    .execute($c)
                    .await
            };
        }
        match $conn {
            Conn::Postgres(c) => {
                for chunk in $rows.chunks(CHUNK) {
                    one!(&mut **c, chunk)?;
                }
            }
            Conn::Sqlite(c) => {
                for row in $rows {
                    one!(&mut **c, row)?;
                }
            }
        }
        Ok(())
    }};
}

/// Stores signals, a later import of an employer's month and kind replacing the earlier.
async fn upsert_signals(conn: &mut Conn<'_>, rows: &[SignalRow]) -> QueryResult<()> {
    upsert_rows!(
        conn,
        rows,
        risk_signals,
        (
            risk_signals::employer_id,
            risk_signals::month,
            risk_signals::kind,
        ),
        (
            risk_signals::value.eq(excluded(risk_signals::value)),
            risk_signals::imported_at.eq(excluded(risk_signals::imported_at)),
        )
    )
}

async fn upsert_grades(conn: &mut Conn<'_>, rows: &[GradeRow]) -> QueryResult<()> {
    upsert_rows!(
        conn,
        rows,
        risk_grades,
        risk_grades::employer_id,
        (
            risk_grades::region_id.eq(excluded(risk_grades::region_id)),
            risk_grades::grade.eq(excluded(risk_grades::grade)),
            risk_grades::points.eq(excluded(risk_grades::points)),
            risk_grades::reasons.eq(excluded(risk_grades::reasons)),
            risk_grades::rule_version.eq(excluded(risk_grades::rule_version)),
            risk_grades::month.eq(excluded(risk_grades::month)),
            risk_grades::graded_at.eq(excluded(risk_grades::graded_at)),
        )
    )
}

/// The rule set in force: the latest stored version, or the platform's first.
pub async fn rules_in_force(
    conn: &mut Conn<'_>,
) -> Result<(RuleSet, Option<StoredRules>), TxError> {
    let row: Option<StoredRules> = on!(conn, |c| risk_rule_sets::table
        .order(risk_rule_sets::version.desc())
        .select((
            risk_rule_sets::version,
            risk_rule_sets::rules,
            risk_rule_sets::note,
            risk_rule_sets::created_by_id,
            risk_rule_sets::created_at,
        ))
        .first(c)
        .await
        .optional())?;
    let Some(row) = row else {
        return Ok((first_rule_set(), None));
    };
    let mut rules: RuleSet = serde_json::from_str(&row.1).map_err(ApiError::internal)?;
    rules.version = row.0;
    Ok((rules, Some(row)))
}

/// A stored version: (version, rules as JSON, note, by, at).
pub type StoredRules = (i32, String, Option<String>, i64, NaiveDateTime);

/// What a regrade did.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Regraded {
    pub graded: usize,
    pub rose: usize,
}

/// Regrades `employers` under `rules`: each by its latest month's signals.
/// A grade that rises is an event to the district office over the employer,
/// unless `acting` is `None` (the demo, loaded quietly).
pub async fn regrade(
    conn: &mut Conn<'_>,
    employers: &[i64],
    rules: &RuleSet,
    acting: Option<Acting>,
    operation: &str,
    now: NaiveDateTime,
    progress: &mut (dyn FnMut(usize) + Send),
) -> Result<Regraded, TxError> {
    let mut done = Regraded::default();
    let mut offices: HashMap<i64, Option<i64>> = HashMap::new();
    for chunk in employers.chunks(CHUNK) {
        let signals: Vec<SignalRow> = on!(conn, |c| risk_signals::table
            .filter(risk_signals::employer_id.eq_any(chunk))
            .select(SignalRow::as_select())
            .load(c)
            .await)?;
        let regions: HashMap<i64, i64> = on!(conn, |c| organizations::table
            .filter(organizations::id.eq_any(chunk))
            .select((organizations::id, organizations::region_id))
            .load::<(i64, i64)>(c)
            .await)?
        .into_iter()
        .collect();
        let before: HashMap<i64, RiskGrade> = on!(conn, |c| risk_grades::table
            .filter(risk_grades::employer_id.eq_any(chunk))
            .select((risk_grades::employer_id, risk_grades::grade))
            .load::<(i64, RiskGrade)>(c)
            .await)?
        .into_iter()
        .collect();
        let mut by_employer: HashMap<i64, Vec<(NaiveDate, SignalKind, f64)>> = HashMap::new();
        for s in signals {
            by_employer
                .entry(s.employer_id)
                .or_default()
                .push((s.month, s.kind, s.value));
        }
        let mut rows = Vec::new();
        let mut risen = Vec::new();
        for employer in chunk {
            let (Some(signals), Some(region)) = (by_employer.get(employer), regions.get(employer))
            else {
                continue;
            };
            let Some((month, values)) = latest_month(signals) else {
                continue;
            };
            let graded = grade(rules, &values);
            if rose(before.get(employer).copied(), graded.grade) {
                risen.push((
                    *employer,
                    *region,
                    before.get(employer).copied(),
                    graded.clone(),
                ));
            }
            rows.push(GradeRow {
                employer_id: *employer,
                region_id: *region,
                grade: graded.grade,
                points: graded.points as i32,
                reasons: serde_json::to_string(&graded.reasons).map_err(ApiError::internal)?,
                rule_version: graded.version,
                month,
                graded_at: now,
            });
        }
        upsert_grades(conn, &rows).await?;
        done.graded += rows.len();
        let Some(acting) = acting else {
            progress(chunk.len());
            continue;
        };
        for (employer, region, before, graded) in risen {
            let office = match offices.get(&region) {
                Some(office) => *office,
                None => {
                    let found =
                        public_bodies_above(conn, region, OrganizationKind::TripartiteOffice)
                            .await?
                            .pop()
                            .map(|o| o.id);
                    offices.insert(region, found);
                    found
                }
            };
            let name = crate::organizations::places::organization(conn, employer)
                .await?
                .name;
            let entry = Entry {
                acting,
                operation,
                event: Some(EventKind::RiskGradeRose),
                subject: (NodeType::RiskGrade, employer),
                audience: office.into_iter().collect(),
                payload: json!({
                    "employer": name,
                    "grade": graded.grade.as_str(),
                    "before": before.map(|b| b.as_str()),
                    "points": graded.points,
                    "ruleVersion": graded.version,
                }),
            };
            entry::record(conn, now, entry).await?;
            done.rose += 1;
        }
        progress(chunk.len());
    }
    Ok(done)
}

/// A signal to import, its employer already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct Signal {
    pub employer_id: i64,
    pub month: NaiveDate,
    pub kind: SignalKind,
    pub value: f64,
}

/// Checks a signal's month (a month that has begun; its first day is kept)
/// and value (a number of 0 or more).
pub fn check_signal(
    month: NaiveDate,
    value: f64,
    today: NaiveDate,
) -> Result<NaiveDate, (&'static str, String)> {
    use chrono::Datelike;
    let first = month.with_day(1).unwrap_or(month);
    if first > today {
        return Err(("month", "is a month to come".into()));
    }
    if !value.is_finite() || value < 0.0 {
        return Err(("value", "is a number of 0 or more".into()));
    }
    Ok(first)
}

/// Imports signals and regrades their employers under the rule set in
/// force, in the caller's transaction. The employers must exist; the
/// caller checked the rest.
pub async fn import(
    conn: &mut Conn<'_>,
    signals: &[Signal],
    acting: Option<Acting>,
    operation: &str,
    now: NaiveDateTime,
    progress: &mut (dyn FnMut(Phase, usize) + Send),
) -> Result<Regraded, TxError> {
    // A signal named twice in one import: the later one counts.
    let mut latest: HashMap<(i64, NaiveDate, SignalKind), usize> = HashMap::new();
    for (i, s) in signals.iter().enumerate() {
        latest.insert((s.employer_id, s.month, s.kind), i);
    }
    let rows: Vec<SignalRow> = signals
        .iter()
        .enumerate()
        .filter(|(i, s)| latest.get(&(s.employer_id, s.month, s.kind)) == Some(i))
        .map(|(_, s)| SignalRow {
            employer_id: s.employer_id,
            month: s.month,
            kind: s.kind,
            value: s.value,
            imported_at: now,
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        upsert_signals(conn, chunk).await?;
        progress(Phase::Storing, chunk.len());
    }
    let mut employers: Vec<i64> = signals.iter().map(|s| s.employer_id).collect();
    employers.sort_unstable();
    employers.dedup();
    let (rules, _) = rules_in_force(conn).await?;
    let mut graded = |n| progress(Phase::Grading(employers.len()), n);
    regrade(
        conn,
        &employers,
        &rules,
        acting,
        operation,
        now,
        &mut graded,
    )
    .await
}

/// What an import is doing, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Storing signals (of the import's count).
    Storing,
    /// Grading employers, of this many.
    Grading(usize),
}

/// The employers among `ids`: the ids that are not are returned.
async fn not_employers(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<i64>> {
    let mut found = Vec::new();
    for chunk in ids.chunks(CHUNK) {
        found.extend(on!(conn, |c| organizations::table
            .filter(organizations::id.eq_any(chunk))
            .filter(organizations::kind.eq(OrganizationKind::Employer))
            .select(organizations::id)
            .load::<i64>(c)
            .await)?);
    }
    Ok(ids
        .iter()
        .copied()
        .filter(|id| !found.contains(id))
        .collect())
}

/// The employers of the given unified social credit codes, as (code, id).
pub async fn employers_by_code(db: &Database, codes: &[String]) -> ApiResult<HashMap<String, i64>> {
    use crate::db::tables::employer_profiles;
    let mut pooled = db.get().await?;
    let conn = &mut pooled.conn();
    let mut found = HashMap::new();
    for chunk in codes.chunks(CHUNK) {
        let rows: Vec<(String, i64)> = on!(conn, |c| employer_profiles::table
            .filter(employer_profiles::credit_code.eq_any(chunk))
            .select((
                employer_profiles::credit_code,
                employer_profiles::organization_id,
            ))
            .load(c)
            .await)?;
        found.extend(rows);
    }
    Ok(found)
}

/// Imports a file's signals for an operator (the CLI), as the system, in
/// one transaction: all of them or none.
pub async fn import_all(
    db: &Database,
    signals: &[Signal],
    now: NaiveDateTime,
    progress: &mut (dyn FnMut(Phase, usize) + Send),
) -> ApiResult<Regraded> {
    let result = transaction!(db, |conn| {
        import(
            conn,
            signals,
            Some(Acting::SYSTEM),
            "importSignals",
            now,
            &mut *progress,
        )
        .await
    });
    result.map_err(TxError::into_api)
}

/// A page of grades the viewer may see.
async fn grades_page(
    conn: &mut Conn<'_>,
    grades: &[RiskGrade],
    regions: Option<&[i64]>,
    employer: Option<i64>,
    visible: &RiskVisible,
    page: &PageRequest,
) -> QueryResult<Page<GradeRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = risk_grades::table.into_boxed();
            if let RiskVisible::Scoped {
                employers,
                region_ids,
                ..
            } = visible
            {
                query = query.filter(
                    risk_grades::employer_id
                        .eq_any(employers)
                        .or(risk_grades::region_id.eq_any(region_ids)),
                );
            }
            if !grades.is_empty() {
                query = query.filter(risk_grades::grade.eq_any(grades));
            }
            if let Some(regions) = regions {
                query = query.filter(risk_grades::region_id.eq_any(regions));
            }
            if let Some(employer) = employer {
                query = query.filter(risk_grades::employer_id.eq(employer));
            }
            query.select(GradeRow::as_select())
        };
        Ok(load_page!(c, query(), risk_grades::employer_id, page))
    })
}

/// Whether `viewer` may see the grade of `employer_id` (for its events):
/// the employer and its union, and the bodies over it.
pub async fn sees(conn: &mut Conn<'_>, viewer: &Viewer, employer_id: i64) -> Result<bool, TxError> {
    let region = on!(conn, |c| organizations::table
        .filter(organizations::id.eq(employer_id))
        .select(organizations::region_id)
        .first::<i64>(c)
        .await
        .optional())?;
    Ok(region.is_some_and(|region| visibility::risk(viewer).conduct(employer_id, region)))
}

/// Why an employer scored: an indicator its latest month reached.
#[derive(SimpleObject)]
pub struct GradeReason {
    /// The signal.
    pub signal: SignalKind,
    /// Its value in the graded month.
    pub value: f64,
    /// The indicator's threshold.
    pub threshold: f64,
    /// The points it scored.
    pub points: i32,
}

/// An employer's risk grade.
pub struct EmployerRiskGrade(pub GradeRow);

/// An employer's risk grade from shared data (风险分级), by the latest month
/// of its signals under the rule set in force. The employer and its union
/// see the grade; only the offices, administrations and federations over
/// it see the reasons.
#[Object]
impl EmployerRiskGrade {
    /// The employer.
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.employer_id)).await
    }
    /// Its grade.
    async fn grade(&self) -> RiskGrade {
        self.0.grade
    }
    /// The points it scored.
    async fn points(&self) -> i32 {
        self.0.points
    }
    /// The month graded (its first day).
    async fn month(&self) -> Date {
        Date(self.0.month)
    }
    /// The version of the rule set that graded it.
    async fn rule_version(&self) -> i32 {
        self.0.rule_version
    }
    /// When it was graded.
    async fn graded_at(&self) -> DateTime<Utc> {
        self.0.graded_at.and_utc()
    }
    /// The indicators it reached; null for the employer and its union.
    async fn reasons(&self, ctx: &Context<'_>) -> ApiResult<Option<Vec<GradeReason>>> {
        if !visibility::risk(viewer(ctx)).analysis(self.0.region_id) {
            return Ok(None);
        }
        let reasons: Vec<Reason> =
            serde_json::from_str(&self.0.reasons).map_err(ApiError::internal)?;
        Ok(Some(
            reasons
                .into_iter()
                .map(|r| GradeReason {
                    signal: r.signal,
                    value: r.value,
                    threshold: r.threshold,
                    points: r.points as i32,
                })
                .collect(),
        ))
    }
}

/// An indicator of the rule set.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "IndicatorInput")]
pub struct RiskIndicator {
    /// The signal.
    pub signal: SignalKind,
    /// From this value up it scores.
    pub threshold: f64,
    /// What it scores (1 to 100).
    pub points: i32,
}

/// A grade band of the rule set.
#[derive(SimpleObject, InputObject)]
#[graphql(input_name = "GradeBandInput")]
pub struct GradeBand {
    /// From these points up.
    pub min_points: i32,
    /// The grade.
    pub grade: RiskGrade,
}

/// A version of the grading rule set.
#[derive(SimpleObject)]
pub struct RiskRuleSet {
    /// Its version; 1 is the platform's first, until the city office sets its own.
    pub version: i32,
    /// The indicators.
    pub indicators: Vec<RiskIndicator>,
    /// The grade bands, rising.
    pub bands: Vec<GradeBand>,
    /// What the city office noted on setting it.
    pub note: Option<String>,
    /// When it was set; null for the platform's first.
    pub created_at: Option<DateTime<Utc>>,
}

impl RiskRuleSet {
    fn of(rules: RuleSet, stored: Option<StoredRules>) -> RiskRuleSet {
        RiskRuleSet {
            version: rules.version,
            indicators: rules
                .indicators
                .into_iter()
                .map(|i| RiskIndicator {
                    signal: i.signal,
                    threshold: i.threshold,
                    points: i.points as i32,
                })
                .collect(),
            bands: rules
                .bands
                .into_iter()
                .map(|b| GradeBand {
                    min_points: b.min_points as i32,
                    grade: b.grade,
                })
                .collect(),
            note: stored.as_ref().and_then(|s| s.2.clone()),
            created_at: stored.map(|s| s.4.and_utc()),
        }
    }
}

/// A signal of an employer's month.
#[derive(InputObject)]
pub struct SignalInput {
    /// The employer.
    pub employer_id: ID,
    /// The month (any day of it).
    pub month: Date,
    /// What the signal is.
    pub kind: SignalKind,
    /// Its value: yuan, cases or percent as the kind says.
    pub value: f64,
}

/// Input of `importRiskSignals`.
#[derive(InputObject)]
pub struct ImportRiskSignalsInput {
    /// Up to 1,000 signals; a later import of an employer's month and kind replaces the earlier.
    pub signals: Vec<SignalInput>,
}

/// Result of `importRiskSignals` and `setRiskRuleSet`.
#[derive(SimpleObject)]
pub struct RegradePayload {
    /// Signals stored.
    pub imported: i32,
    /// Employers regraded.
    pub regraded: i32,
    /// Employers whose grade rose; their district offices are told.
    pub rose: i32,
    /// The rule set in force.
    pub rule_set: Option<RiskRuleSet>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

impl RegradePayload {
    fn refused(user_errors: Vec<UserError>) -> RegradePayload {
        RegradePayload {
            imported: 0,
            regraded: 0,
            rose: 0,
            rule_set: None,
            user_errors,
        }
    }
}

/// Input of `setRiskRuleSet`.
#[derive(InputObject)]
pub struct SetRiskRuleSetInput {
    /// The indicators (at least one).
    pub indicators: Vec<RiskIndicator>,
    /// The grade bands: from 0 points, rising in points and grade.
    pub bands: Vec<GradeBand>,
    /// Why it changed.
    pub note: Option<String>,
}

fn field_path(path: &str) -> Vec<&str> {
    path.split('.').collect()
}

/// Mutations of risk grading.
#[derive(Default)]
pub struct GradeMutation;

#[Object]
impl GradeMutation {
    /// Imports signals of shared data (up to 1,000 per call) and regrades
    /// their employers; a grade that rises is told to the district office.
    /// For the city tripartite office.
    async fn import_risk_signals(
        &self,
        ctx: &Context<'_>,
        input: ImportRiskSignalsInput,
    ) -> ApiResult<RegradePayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let acting = act_as_city_office(viewer)?;
        let services = services(ctx);
        let now = stored(services.clock.now());
        let today = local_date(now.and_utc());
        let mut errors = UserErrors::default();
        if input.signals.is_empty() || input.signals.len() > MOST_SIGNALS {
            errors.push(
                &["signals"],
                UserErrorCode::OutOfRange,
                "send 1 to 1,000 signals",
            );
        }
        let mut signals = Vec::new();
        for (i, s) in input.signals.iter().enumerate().take(MOST_SIGNALS) {
            let index = i.to_string();
            let Some(employer_id) = decode_as(&s.employer_id, NodeType::Organization) else {
                errors.push(
                    &["signals", &index, "employerId"],
                    UserErrorCode::Invalid,
                    "is not a valid id",
                );
                continue;
            };
            match check_signal(*s.month, s.value, today) {
                Ok(month) => signals.push(Signal {
                    employer_id,
                    month,
                    kind: s.kind,
                    value: s.value,
                }),
                Err((field, message)) => errors.push(
                    &["signals", &index, field],
                    UserErrorCode::OutOfRange,
                    message,
                ),
            }
        }
        if !errors.is_empty() {
            return Ok(RegradePayload::refused(errors.into_vec()));
        }
        let operation = ctx.field().name();
        let result = transaction!(services.db, |conn| {
            let ids: Vec<i64> = signals.iter().map(|s| s.employer_id).collect();
            let missing = not_employers(conn, &ids).await?;
            if !missing.is_empty() {
                let errors: Vec<UserError> = signals
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| missing.contains(&s.employer_id))
                    .map(|(i, _)| {
                        let index = i.to_string();
                        UserError::new(
                            &["signals", &index, "employerId"],
                            UserErrorCode::NotFound,
                            "no such employer",
                        )
                    })
                    .collect();
                return Err(errors.into());
            }
            let done = import(conn, &signals, Some(acting), operation, now, &mut |_, _| {}).await?;
            let (rules, stored) = rules_in_force(conn).await?;
            Ok::<_, TxError>((done, RiskRuleSet::of(rules, stored)))
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done((done, rules)) => RegradePayload {
                imported: signals.len() as i32,
                regraded: done.graded as i32,
                rose: done.rose as i32,
                rule_set: Some(rules),
                user_errors: vec![],
            },
            Outcome::Rejected(errors) => RegradePayload::refused(errors),
        })
    }

    /// Sets a new version of the grading rule set and regrades every
    /// employer with signals under it. For the city tripartite office.
    async fn set_risk_rule_set(
        &self,
        ctx: &Context<'_>,
        input: SetRiskRuleSetInput,
    ) -> ApiResult<RegradePayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let acting = act_as_city_office(viewer)?;
        let services = services(ctx);
        let now = stored(services.clock.now());
        let mut errors = UserErrors::default();
        if input.indicators.is_empty() {
            errors.push(
                &["indicators"],
                UserErrorCode::Required,
                "name at least one indicator",
            );
        }
        let note = errors
            .keep(crate::graphql::text::optional(
                &["note"],
                input.note.as_deref(),
                2_000,
            ))
            .flatten();
        let rules = RuleSet {
            version: 0,
            indicators: input
                .indicators
                .iter()
                .map(|i| Indicator {
                    signal: i.signal,
                    threshold: i.threshold,
                    points: u32::try_from(i.points).unwrap_or(0),
                })
                .collect(),
            bands: input
                .bands
                .iter()
                .map(|b| Band {
                    min_points: u32::try_from(b.min_points).unwrap_or(u32::MAX),
                    grade: b.grade,
                })
                .collect(),
        };
        for (field, message) in check_rule_set(&rules) {
            errors.push(&field_path(&field), UserErrorCode::OutOfRange, message);
        }
        if !errors.is_empty() {
            return Ok(RegradePayload::refused(errors.into_vec()));
        }
        let operation = ctx.field().name();
        let result = transaction!(services.db, |conn| {
            let (current, _) = rules_in_force(conn).await?;
            let rules = RuleSet {
                version: current.version + 1,
                ..rules.clone()
            };
            let json = serde_json::to_string(&rules).map_err(ApiError::internal)?;
            let by = acting.organization_id.unwrap_or_default();
            on!(conn, |c| diesel::insert_into(risk_rule_sets::table)
                .values((
                    risk_rule_sets::version.eq(rules.version),
                    risk_rule_sets::rules.eq(&json),
                    risk_rule_sets::note.eq(&note),
                    risk_rule_sets::created_by_id.eq(by),
                    risk_rule_sets::created_at.eq(now),
                ))
                .execute(c)
                .await)?;
            entry::record(
                conn,
                now,
                Entry::audited(
                    acting,
                    operation,
                    (NodeType::Organization, by),
                    json!({ "ruleVersion": rules.version }),
                ),
            )
            .await?;
            let employers: Vec<i64> = on!(conn, |c| risk_signals::table
                .select(risk_signals::employer_id)
                .distinct()
                .order(risk_signals::employer_id)
                .load(c)
                .await)?;
            let done = regrade(
                conn,
                &employers,
                &rules,
                Some(acting),
                operation,
                now,
                &mut |_| {},
            )
            .await?;
            let (rules, stored) = rules_in_force(conn).await?;
            Ok::<_, TxError>((done, RiskRuleSet::of(rules, stored)))
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done((done, rules)) => RegradePayload {
                imported: 0,
                regraded: done.graded as i32,
                rose: done.rose as i32,
                rule_set: Some(rules),
                user_errors: vec![],
            },
            Outcome::Rejected(errors) => RegradePayload::refused(errors),
        })
    }
}

/// Filter of risk grades.
#[derive(InputObject, Default)]
pub struct RiskGradeFilterInput {
    /// Only these grades.
    pub grades: Option<Vec<RiskGrade>>,
    /// Only employers in this region or below it.
    pub region: Option<ID>,
    /// Only this employer.
    pub employer: Option<ID>,
}

/// Queries of risk grading.
#[derive(Default)]
pub struct GradeQuery;

#[Object]
impl GradeQuery {
    /// Employers' risk grades from shared data, by employer: an employer's
    /// own and its union's, and those under the offices, administrations
    /// and federations the viewer belongs to.
    async fn risk_grades(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which grades to list.")] filter: Option<RiskGradeFilterInput>,
        #[graphql(desc = "Returns the first n grades (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the grades after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n grades (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the grades before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<EmployerRiskGrade>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let filter = filter.unwrap_or_default();
        let employer = id_of(filter.employer.as_ref(), NodeType::Organization, "employer")?;
        let region = id_of(filter.region.as_ref(), NodeType::Region, "region")?;
        let mut pooled = services(ctx).db.get().await?;
        let regions = match region {
            Some(root) => Some(region_subtree(&mut pooled.conn(), viewer, root).await?),
            None => None,
        };
        let visible = visibility::risk(viewer);
        let rows = grades_page(
            &mut pooled.conn(),
            &filter.grades.unwrap_or_default(),
            regions.as_deref(),
            employer,
            &visible,
            &page,
        )
        .await?;
        Ok(connection(rows, |row| row.employer_id, EmployerRiskGrade))
    }

    /// The grading rule set in force. For the offices, administrations and
    /// federations (the employers see their grade, not the rules).
    async fn risk_rule_set(&self, ctx: &Context<'_>) -> ApiResult<RiskRuleSet> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let oversees = match visibility::risk(viewer) {
            RiskVisible::Everything => true,
            RiskVisible::Scoped { region_ids, .. } => !region_ids.is_empty(),
        };
        if !oversees {
            return Err(ApiError::Forbidden);
        }
        let mut pooled = services(ctx).db.get().await?;
        let (rules, stored) = rules_in_force(&mut pooled.conn())
            .await
            .map_err(TxError::into_api)?;
        Ok(RiskRuleSet::of(rules, stored))
    }
}
