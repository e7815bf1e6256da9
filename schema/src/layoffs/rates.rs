//! The wage rates severance turns on, per region and year, set by the
//! labour administration (`setWageRates`, `wageRates`), and the severance
//! calculator on them (`severanceEstimate`). A rate not set anywhere up the
//! region chain is reported as not set, never guessed.

use crate::graphql::date::Date;
use async_graphql::{Context, Enum, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::json;

use super::rules::severance::{self, Rates, SeveranceError};
use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::tables::wage_rates;
use crate::db::{Conn, stored};
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse,
};
use crate::graphql::ids::{NodeType, encode, row_id};
use crate::graphql::{bounds, updated};
use crate::identity::authorization::{act_as_public_body, signed_in};
use crate::identity::viewer;
use crate::on;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::objects::Region;
use crate::organizations::places::{nearest, region, region_chain};
use crate::risk::rules::{parse_yuan, yuan};
use crate::transaction;

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = wage_rates, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct WageRateRow {
    pub region_id: i64,
    pub year: i32,
    pub minimum_wage: Option<i64>,
    pub average_wage: Option<i64>,
}

/// The rates set for the given regions in the given years.
async fn rates_of(
    conn: &mut Conn<'_>,
    region_ids: &[i64],
    years: &[i32],
) -> QueryResult<Vec<WageRateRow>> {
    on!(conn, |c| wage_rates::table
        .filter(wage_rates::region_id.eq_any(region_ids))
        .filter(wage_rates::year.eq_any(years))
        .select(WageRateRow::as_select())
        .load(c)
        .await)
}

/// Sets a region's rates of a year; a row with neither is removed.
async fn set_rates(
    conn: &mut Conn<'_>,
    row: &WageRateRow,
    set_by: i64,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(
            wage_rates::table
                .filter(wage_rates::region_id.eq(row.region_id))
                .filter(wage_rates::year.eq(row.year)),
        )
        .execute(c)
        .await?;
        if row.minimum_wage.is_some() || row.average_wage.is_some() {
            diesel::insert_into(wage_rates::table)
                .values((
                    wage_rates::region_id.eq(row.region_id),
                    wage_rates::year.eq(row.year),
                    wage_rates::minimum_wage.eq(row.minimum_wage),
                    wage_rates::average_wage.eq(row.average_wage),
                    wage_rates::set_by_id.eq(set_by),
                    wage_rates::updated_at.eq(now),
                ))
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

/// A rate in force: the amount in fen and the region that set it.
pub type InForce = Option<(i64, i64)>;

/// For each of `years`, the minimum wage of the year and the average wage
/// published for it in force in `region_id`: each from the nearest region
/// up the chain that sets it.
pub async fn rates_in_force<const N: usize>(
    conn: &mut Conn<'_>,
    region_id: i64,
    years: [i32; N],
) -> Result<[(InForce, InForce); N], TxError> {
    let chain = region_chain(conn, region_id).await?;
    let rows = rates_of(conn, &chain, &years).await?;
    Ok(years.map(|year| {
        let set = |pick: fn(&WageRateRow) -> Option<i64>| {
            nearest(&chain, |region| {
                rows.iter()
                    .find(|r| r.region_id == region && r.year == year)
                    .and_then(pick)
            })
        };
        (set(|r| r.minimum_wage), set(|r| r.average_wage))
    }))
}

/// The rates severance takes for a last day of work in a region: the
/// minimum wage of that year, the average wage of the year before.
pub async fn rates_for(
    conn: &mut Conn<'_>,
    region_id: i64,
    last_day: NaiveDate,
) -> Result<Rates, TxError> {
    let in_force = rates_in_force(conn, region_id, severance_years(last_day)).await?;
    Ok(severance_rates(in_force))
}

/// The years whose rates severance takes for a last day of work: its own
/// (the minimum wage) and the one before (the average wage).
fn severance_years(last_day: NaiveDate) -> [i32; 2] {
    [last_day.year(), last_day.year() - 1]
}

/// The rates of [`severance_years`], as the calculator takes them.
fn severance_rates([(minimum, _), (_, average)]: [(InForce, InForce); 2]) -> Rates {
    Rates {
        minimum_wage: minimum.map(|(fen, _)| fen),
        average_wage: average.map(|(fen, _)| fen),
    }
}

/// A region's wage rates of a year.
pub struct WageRates {
    region_id: i64,
    year: i32,
    minimum: InForce,
    average: InForce,
}

/// The wage rates in force in a region for a year: each from the nearest
/// region up the chain that sets it, or null where none does.
#[Object]
impl WageRates {
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        Ok(crate::context::region(ctx, self.region_id)
            .await?
            .map(Region))
    }
    async fn year(&self) -> i32 {
        self.year
    }
    /// The monthly minimum wage of the year (最低工资标准), in yuan.
    async fn minimum_wage(&self) -> Option<String> {
        self.minimum.map(|(fen, _)| yuan(fen))
    }
    /// The region that set it.
    async fn minimum_wage_set_in(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        set_in(ctx, self.minimum).await
    }
    /// The average monthly wage published for the year (职工月平均工资), in
    /// yuan: severance of the year after is capped at three times it.
    async fn average_wage(&self) -> Option<String> {
        self.average.map(|(fen, _)| yuan(fen))
    }
    /// The region that set it.
    async fn average_wage_set_in(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        set_in(ctx, self.average).await
    }
}

async fn set_in(ctx: &Context<'_>, rate: InForce) -> ApiResult<Option<Region>> {
    match rate {
        Some((_, region_id)) => Ok(crate::context::region(ctx, region_id).await?.map(Region)),
        None => Ok(None),
    }
}

/// Input of `setWageRates`.
#[derive(InputObject)]
pub struct SetWageRatesInput {
    /// The region (and the regions below it that set none).
    pub region_id: ID,
    /// The year, 2000 to 2100.
    pub year: i32,
    /// The monthly minimum wage in yuan, such as "2090"; null removes it;
    /// left out, unchanged.
    pub minimum_wage: MaybeUndefined<String>,
    /// The average monthly wage published for the year, in yuan; null
    /// removes it; left out, unchanged.
    pub average_wage: MaybeUndefined<String>,
}

/// Result of `setWageRates`.
#[derive(SimpleObject)]
pub struct SetWageRatesPayload {
    /// The rates now in force in the region; null when the input was refused.
    pub wage_rates: Option<WageRates>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A checked amount: unchanged, removed or set.
fn amount(
    errors: &mut UserErrors,
    field: &str,
    value: &MaybeUndefined<String>,
) -> MaybeUndefined<i64> {
    match value {
        MaybeUndefined::Undefined => MaybeUndefined::Undefined,
        MaybeUndefined::Null => MaybeUndefined::Null,
        MaybeUndefined::Value(text) => match parse_yuan(text) {
            Ok(fen) if fen > 0 => MaybeUndefined::Value(fen),
            Ok(_) => {
                errors.push(&[field], UserErrorCode::OutOfRange, "is more than zero");
                MaybeUndefined::Undefined
            }
            Err(message) => {
                errors.push(&[field], UserErrorCode::Invalid, message);
                MaybeUndefined::Undefined
            }
        },
    }
}

/// The mutation of wage rates.
#[derive(Default)]
pub struct WageRateMutation;

#[Object]
impl WageRateMutation {
    /// Sets a region's minimum wage and published average wage of a year,
    /// or removes them (then the nearest region above decides). For a
    /// labour administration over the region.
    async fn set_wage_rates(
        &self,
        ctx: &Context<'_>,
        input: SetWageRatesInput,
    ) -> ApiResult<SetWageRatesPayload> {
        signed_in(viewer(ctx))?;
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[OrganizationKind::LabourAdministration],
        )?;
        let mut errors = UserErrors::default();
        if !(2000..=2100).contains(&input.year) {
            errors.push(&["year"], UserErrorCode::OutOfRange, "is from 2000 to 2100");
        }
        let minimum = amount(&mut errors, "minimumWage", &input.minimum_wage);
        let average = amount(&mut errors, "averageWage", &input.average_wage);
        let refused = |user_errors| SetWageRatesPayload {
            wage_rates: None,
            user_errors,
        };
        if !errors.is_empty() {
            return Ok(refused(errors.into_vec()));
        }
        let services = services(ctx);
        let now = stored(services.clock.now());
        let year = input.year;
        let result = transaction!(services.db, |conn| {
            if region(conn, region_id).await?.is_none() {
                return Err(refuse(
                    "regionId",
                    UserErrorCode::NotFound,
                    "no such region",
                ));
            }
            let current = rates_of(conn, &[region_id], &[year]).await?.pop();
            let row = WageRateRow {
                region_id,
                year,
                minimum_wage: updated(&minimum, current.as_ref().and_then(|r| r.minimum_wage)),
                average_wage: updated(&average, current.as_ref().and_then(|r| r.average_wage)),
            };
            let set_by = acting.organization_id.unwrap_or_default();
            set_rates(conn, &row, set_by, now).await?;
            let payload = json!({ "regionId": encode(NodeType::Region, region_id), "year": year,
                                  "minimumWage": row.minimum_wage.map(yuan),
                                  "averageWage": row.average_wage.map(yuan) });
            let entry = Entry::audited(
                acting,
                ctx.field().name(),
                (NodeType::Region, region_id),
                payload,
            );
            entry::record(conn, now, entry).await?;
            let [(minimum, average)] = rates_in_force(conn, region_id, [year]).await?;
            Ok::<_, TxError>(WageRates {
                region_id,
                year,
                minimum,
                average,
            })
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done(rates) => SetWageRatesPayload {
                wage_rates: Some(rates),
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => refused(user_errors),
        })
    }
}

/// A rate the calculator needs.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum WageRateKind {
    /// The minimum wage of the termination's year.
    MinimumWage,
    /// The average wage published for the year before the termination's.
    AverageWage,
}

/// Input of `severanceEstimate`.
#[derive(InputObject)]
pub struct SeveranceEstimateInput {
    /// The employer's region, whose rates apply.
    pub region_id: ID,
    /// The first day of continuous service at the employer.
    pub first_day: Date,
    /// The last day of work.
    pub last_day: Date,
    /// The monthly wages (bonuses and allowances included) of the last
    /// twelve months, or of the months worked when fewer, in yuan.
    pub monthly_wages: Vec<String>,
}

/// A stretch of service and what it earns.
#[derive(SimpleObject)]
pub struct SeveranceSegment {
    pub first_day: Date,
    pub last_day: Date,
    /// Whole years, months and the days left over.
    pub years: i32,
    pub months: i32,
    pub days: i32,
    /// Months of wage earned, such as "3.5".
    pub months_of_pay: String,
    /// The monthly wage applied, in yuan.
    pub wage: String,
    /// The amount, in yuan.
    pub amount: String,
    /// The rule applied.
    pub rule: String,
}

/// Severance of a worker laid off under LCL Art. 41, or the rates that
/// are missing for it.
#[derive(SimpleObject)]
pub struct SeveranceEstimate {
    /// Rates the region has not set; when any, nothing is computed.
    pub rates_not_set: Vec<WageRateKind>,
    /// The average of the monthly wages given, in yuan.
    pub average_wage: Option<String>,
    /// The monthly wage after the minimum-wage floor, in yuan.
    pub wage: Option<String>,
    /// Whether the minimum wage raised it.
    pub floored: bool,
    /// Whether three times the average wage (and twelve years) capped it.
    pub capped: bool,
    /// Service before 2008, then from 2008.
    pub segments: Vec<SeveranceSegment>,
    /// The total, in yuan.
    pub total: Option<String>,
}

/// The earliest year service may start in.
const FIRST_SERVICE_YEAR: i32 = 1950;

/// Half-months as months, such as "3.5".
fn months_of_pay(half_months: u32) -> String {
    match half_months % 2 {
        0 => (half_months / 2).to_string(),
        _ => format!("{}.5", half_months / 2),
    }
}

/// The rates in force in an existing region for each of `years`, or NOT_FOUND.
async fn read<const N: usize>(
    conn: &mut Conn<'_>,
    region_id: i64,
    years: [i32; N],
) -> ApiResult<[(InForce, InForce); N]> {
    let found = async {
        if region(conn, region_id).await?.is_none() {
            return Err(TxError::Api(ApiError::NotFound));
        }
        rates_in_force(conn, region_id, years).await
    };
    found.await.map_err(TxError::into_api)
}

/// The calculator's queries.
#[derive(Default)]
pub struct WageRateQuery;

#[Object]
impl WageRateQuery {
    /// The wage rates in force in a region for a year. For any signed-in user.
    async fn wage_rates(&self, ctx: &Context<'_>, region: ID, year: i32) -> ApiResult<WageRates> {
        signed_in(viewer(ctx))?;
        let region_id = row_id(&region, NodeType::Region)?;
        let mut pooled = services(ctx).db.get().await?;
        let [(minimum, average)] = read(&mut pooled.conn(), region_id, [year]).await?;
        Ok(WageRates {
            region_id,
            year,
            minimum,
            average,
        })
    }

    /// Severance under LCL Art. 47 and Art. 97 for a worker laid off under
    /// Art. 41, on the region's rates: the minimum wage of the last day's
    /// year, the average wage published for the year before. For any
    /// signed-in user.
    async fn severance_estimate(
        &self,
        ctx: &Context<'_>,
        input: SeveranceEstimateInput,
    ) -> ApiResult<SeveranceEstimate> {
        signed_in(viewer(ctx))?;
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        let years = |field: &str, day: NaiveDate, first: i32| match (first..=*bounds::YEARS.end())
            .contains(&day.year())
        {
            true => Ok(()),
            false => Err(ApiError::BadUserInput(format!(
                "`input.{field}` is in the years {first} to {}",
                bounds::YEARS.end()
            ))),
        };
        years("firstDay", *input.first_day, FIRST_SERVICE_YEAR)?;
        years("lastDay", *input.last_day, *bounds::YEARS.start())?;
        let wages = input
            .monthly_wages
            .iter()
            .enumerate()
            .map(|(i, text)| {
                parse_yuan(text).map_err(|message| {
                    ApiError::BadUserInput(format!("`input.monthlyWages.{i}`: {message}"))
                })
            })
            .collect::<Result<Vec<i64>, ApiError>>()?;
        let mut pooled = services(ctx).db.get().await?;
        let in_force = read(
            &mut pooled.conn(),
            region_id,
            severance_years(*input.last_day),
        )
        .await?;
        let rates = severance_rates(in_force);
        match severance::severance(*input.first_day, *input.last_day, &wages, rates) {
            Ok(found) => Ok(SeveranceEstimate {
                rates_not_set: vec![],
                average_wage: Some(yuan(found.average)),
                wage: Some(yuan(found.wage)),
                floored: found.floored,
                capped: found.capped,
                total: Some(yuan(found.total)),
                segments: found
                    .segments
                    .into_iter()
                    .map(|s| SeveranceSegment {
                        first_day: Date(s.first),
                        last_day: Date(s.last),
                        years: s.service.years as i32,
                        months: s.service.months as i32,
                        days: s.service.days as i32,
                        months_of_pay: months_of_pay(s.half_months),
                        wage: yuan(s.wage),
                        amount: yuan(s.amount),
                        rule: s.rule.to_owned(),
                    })
                    .collect(),
            }),
            Err(SeveranceError::RatesNotSet { minimum, average }) => Ok(SeveranceEstimate {
                rates_not_set: [
                    (minimum, WageRateKind::MinimumWage),
                    (average, WageRateKind::AverageWage),
                ]
                .into_iter()
                .filter_map(|(missing, kind)| missing.then_some(kind))
                .collect(),
                average_wage: None,
                wage: None,
                floored: false,
                capped: false,
                segments: vec![],
                total: None,
            }),
            Err(SeveranceError::Wages) => Err(ApiError::BadUserInput(
                "`input.monthlyWages` holds 1 to 12 monthly wages".into(),
            )),
            Err(SeveranceError::Service) => Err(ApiError::BadUserInput(
                "`input.lastDay` is on or after `input.firstDay`".into(),
            )),
        }
    }
}
