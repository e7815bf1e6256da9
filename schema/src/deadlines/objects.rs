//! GraphQL of deadlines and the calendar: the ledger, the calendar, and the
//! city office's calendar edits.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::json;

use super::calendar::{CalendarDayKind, departures};
use super::counting::{Period, due_on, end_of_local_day, local_date};
use super::kinds::DeadlineKind;
use super::loaders::NoticeYear;
use super::rules::{DeadlineStatus, deciding_years};
use super::storage::{self, DeadlineFilter, DeadlineRow};
use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::stored;
use crate::graphql::connection::{ConnectionOf, connection_by_time, page_request};
use crate::graphql::errors::{ApiError, ApiResult, TxError, UserError, UserErrorCode};
use crate::graphql::ids::{NodeType, decode_as, encode};
use crate::identity::authorization::{act_as_city_office, signed_in};
use crate::identity::{audit, viewer};
use crate::organizations::objects::Organization;
use crate::organizations::{storage as organization_storage, visibility};
use crate::transaction;

/// A statutory clock.
#[derive(Clone)]
pub struct Deadline {
    pub row: DeadlineRow,
    pub organizations: Vec<i64>,
}

/// The length of a statutory period.
#[derive(SimpleObject)]
pub struct DeadlinePeriod {
    /// `DAYS` (the last day moves off rest days), `WORKING_DAYS` or `HOURS`.
    pub unit: String,
    /// How many.
    pub length: i32,
}

/// A statutory clock (法定期限): what must be done by when, and where it stands.
#[Object]
impl Deadline {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Deadline, self.row.id)
    }

    /// What the clock is for.
    async fn kind(&self) -> DeadlineKind {
        self.row.kind
    }

    /// The rule in words, with its article of law.
    async fn rule(&self) -> &str {
        &self.row.rule
    }

    /// The period's length; null for a clock that runs to an agreed day (a contract's term).
    async fn period(&self) -> Option<DeadlinePeriod> {
        let (unit, length) = match Period::parse(&self.row.period)? {
            Period::Days(n) => ("DAYS", n),
            Period::WorkingDays(n) => ("WORKING_DAYS", n),
            Period::Hours(n) => ("HOURS", n),
            Period::Until(_) => return None,
        };
        Some(DeadlinePeriod {
            unit: unit.into(),
            length: i32::try_from(length).unwrap_or(i32::MAX),
        })
    }

    /// Global id of the object the clock runs for.
    async fn subject_id(&self) -> Option<ID> {
        NodeType::of_prefix(&self.row.subject_type).map(|t| encode(t, self.row.subject_id))
    }

    /// The event that started it; its day is not counted.
    async fn start_at(&self) -> DateTime<Utc> {
        self.row.start_at.and_utc()
    }

    /// When it runs out: 24:00 Asia/Shanghai on the last day, or the exact hour.
    async fn due_at(&self) -> DateTime<Utc> {
        self.row.due_at.and_utc()
    }

    /// The statutory last day (Asia/Shanghai) on which it may still be met:
    /// for a clock running out at 24:00, that day, not the next.
    async fn due_on(&self) -> Date {
        Date(due_on(self.row.due_at.and_utc()))
    }

    /// Where it stands.
    async fn status(&self) -> DeadlineStatus {
        self.row.status
    }

    /// Whether the calendar the clock counts on is confirmed: false while a
    /// year whose days decide it (for calendar days, from the period's
    /// nominal last day to the day it moved to; for working days, every day
    /// counted) has no State Council holiday notice loaded, so that only its
    /// statutory holidays count, provisionally; loading the notice recomputes
    /// the open clock. Always true for a clock in hours or to an agreed day.
    async fn calendar_confirmed(&self, ctx: &Context<'_>) -> ApiResult<bool> {
        let row = &self.row;
        let Some(years) = Period::parse(&row.period)
            .and_then(|period| deciding_years(period, row.start_at, row.due_at))
        else {
            return Ok(true);
        };
        let confirmed = crate::context::load_many(ctx, years.map(NoticeYear)).await?;
        Ok(confirmed.values().all(|year| *year))
    }

    /// Whole days from today (Asia/Shanghai) to the last day; negative once past.
    async fn days_left(&self, ctx: &Context<'_>) -> i64 {
        let today = local_date(services(ctx).clock.now());
        (due_on(self.row.due_at.and_utc()) - today).num_days()
    }

    /// The reminders that went out, as hours before the due instant.
    async fn reminders_sent(&self) -> Vec<i64> {
        self.row.sent()
    }

    /// When it was met, missed or cancelled.
    async fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.row.closed_at.map(|t| t.and_utc())
    }

    /// The organizations it concerns that the viewer may see.
    async fn organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        crate::organizations::objects::seen(ctx, &self.organizations).await
    }
}

/// Filter of the deadline ledger.
#[derive(InputObject, Default)]
pub struct DeadlineFilterInput {
    /// Only clocks of these kinds.
    pub kinds: Option<Vec<DeadlineKind>>,
    /// Only clocks in these states.
    pub statuses: Option<Vec<DeadlineStatus>>,
    /// Only clocks due at or after this instant.
    pub due_from: Option<DateTime<Utc>>,
    /// Only clocks due before this instant.
    pub due_until: Option<DateTime<Utc>>,
    /// Only clocks concerning organizations in this region or below it.
    pub region: Option<ID>,
    /// Only clocks concerning this organization.
    pub organization: Option<ID>,
}

/// A date that departs from the default week.
#[derive(SimpleObject)]
pub struct CalendarDay {
    /// The date.
    pub date: Date,
    /// Holiday or make-up working day.
    pub kind: CalendarDayKind,
    /// Why, e.g. `国庆节`.
    pub name: String,
    /// A statutory holiday of a year whose State Council notice is not
    /// loaded: it counts, but the notice may add days off and make-up
    /// working days around it.
    pub provisional: bool,
}

/// A year's State Council holiday notice (国务院办公厅关于部分节假日安排的通知),
/// as the city office loaded it.
#[derive(SimpleObject)]
pub struct HolidayNotice {
    /// The year it governs.
    pub year: i32,
    /// Its title.
    pub title: String,
    /// When it was loaded.
    pub loaded_at: DateTime<Utc>,
}

impl From<(i32, String, NaiveDateTime)> for HolidayNotice {
    fn from((year, title, loaded_at): (i32, String, NaiveDateTime)) -> HolidayNotice {
        HolidayNotice {
            year,
            title,
            loaded_at: loaded_at.and_utc(),
        }
    }
}

/// Loads deadlines with their organizations, as the viewer sees them.
pub async fn load(ctx: &Context<'_>, ids: &[i64]) -> ApiResult<Vec<Deadline>> {
    let services = services(ctx);
    let viewer = viewer(ctx);
    let mut pooled = services.db.get().await?;
    let conn = &mut pooled.conn();
    let filter = DeadlineFilter {
        ids: Some(ids.to_vec()),
        ..DeadlineFilter::default()
    };
    let page = crate::db::page::PageRequest {
        size: ids.len(),
        ..Default::default()
    };
    let rows = storage::ledger_page(conn, &filter, &visibility::organizations(viewer), &page)
        .await?
        .rows;
    let links = storage::organizations_of(conn, ids).await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let organizations = links
                .iter()
                .filter(|(d, _)| *d == row.id)
                .map(|(_, o)| *o)
                .collect();
            Deadline { row, organizations }
        })
        .collect())
}

/// Queries of deadlines and the calendar.
#[derive(Default)]
pub struct DeadlineQuery;

#[Object]
impl DeadlineQuery {
    /// The ledger of statutory clocks the viewer may see (those concerning an
    /// organization the viewer sees), ordered by due instant.
    async fn deadlines(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which clocks to list.")] filter: Option<DeadlineFilterInput>,
        #[graphql(desc = "Returns the first n clocks (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the clocks after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n clocks (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the clocks before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Deadline>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let bad = |name: &str| ApiError::BadUserInput(format!("`filter.{name}` is not a valid id"));
        let services = services(ctx);
        let mut pooled = services.db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match input.region {
            Some(id) => {
                let root = decode_as(&id, NodeType::Region).ok_or_else(|| bad("region"))?;
                let root = organization_storage::regions_by_ids(
                    conn,
                    &[root],
                    &visibility::regions(viewer),
                )
                .await?
                .pop();
                Some(match root {
                    Some(region) => {
                        organization_storage::region_ids_within(conn, &region.path).await?
                    }
                    None => Vec::new(),
                })
            }
            None => None,
        };
        let filter = DeadlineFilter {
            ids: None,
            kinds: input.kinds.unwrap_or_default(),
            statuses: input.statuses.unwrap_or_default(),
            due_from: input.due_from.map(stored),
            due_until: input.due_until.map(stored),
            region_ids,
            organization: input
                .organization
                .map(|id| decode_as(&id, NodeType::Organization).ok_or_else(|| bad("organization")))
                .transpose()?,
        };
        let rows =
            storage::ledger_page(conn, &filter, &visibility::organizations(viewer), &page).await?;
        let ids: Vec<i64> = rows.rows.iter().map(|r| r.id).collect();
        let links = storage::organizations_of(conn, &ids).await?;
        // What the items select, for the whole page at once.
        let node = ctx.look_ahead().field("edges").field("node");
        if node.field("organizations").exists() {
            let organizations: Vec<i64> = links.iter().map(|(_, o)| *o).collect();
            crate::organizations::objects::preload_named(ctx, &organizations).await?;
        }
        if node.field("calendarConfirmed").exists() {
            let years = rows.rows.iter().flat_map(|r| {
                Period::parse(&r.period)
                    .and_then(|period| deciding_years(period, r.start_at, r.due_at))
                    .into_iter()
                    .flatten()
            });
            crate::context::preload(ctx, years.map(NoticeYear)).await?;
        }
        Ok(connection_by_time(
            rows,
            |row| (row.id, row.due_at),
            |row| {
                let organizations = links
                    .iter()
                    .filter(|(d, _)| *d == row.id)
                    .map(|(_, o)| *o)
                    .collect();
                Deadline { row, organizations }
            },
        ))
    }

    /// The dates from `from` to `to` (inclusive, at most 2 years) that depart
    /// from the default week: holidays, and weekend days worked instead. In
    /// a year whose notice is not loaded, its statutory holidays, marked
    /// `provisional`.
    async fn calendar_days(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "First date.")] from: Date,
        #[graphql(desc = "Last date.")] to: Date,
    ) -> ApiResult<Vec<CalendarDay>> {
        let (from, to) = (from.0, to.0);
        signed_in(viewer(ctx))?;
        if to < from || (to - from).num_days() > 731 {
            return Err(ApiError::BadUserInput(
                "`to` must follow `from` within two years".into(),
            ));
        }
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let marked = storage::calendar_days(conn, from, to).await?;
        let confirmed = storage::confirmed_years(conn).await?;
        Ok(departures(marked, &confirmed, from, to)
            .into_iter()
            .map(|d| CalendarDay {
                date: Date(d.date),
                kind: d.kind,
                name: d.name,
                provisional: d.provisional,
            })
            .collect())
    }

    /// The State Council holiday notices loaded, by year.
    async fn holiday_notices(&self, ctx: &Context<'_>) -> ApiResult<Vec<HolidayNotice>> {
        signed_in(viewer(ctx))?;
        let mut pooled = services(ctx).db.get().await?;
        let notices = storage::holiday_notices(&mut pooled.conn()).await?;
        Ok(notices.into_iter().map(HolidayNotice::from).collect())
    }
}

/// Input of `setCalendarDay`.
#[derive(InputObject)]
pub struct SetCalendarDayInput {
    /// The date.
    pub date: Date,
    /// `HOLIDAY` or `MAKEUP_WORKDAY`; null returns the date to the default week.
    pub kind: Option<CalendarDayKind>,
    /// Why, e.g. `国庆节`; required with a kind.
    pub name: Option<String>,
}

/// Result of `setCalendarDay`.
#[derive(SimpleObject)]
pub struct SetCalendarDayPayload {
    /// The date as marked now; null when it follows the default week.
    pub calendar_day: Option<CalendarDay>,
    /// How many open clocks moved their due instant.
    pub moved_deadlines: i32,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// A day of a holiday notice.
#[derive(InputObject)]
pub struct NoticeDayInput {
    /// The date, in the notice's year.
    pub date: Date,
    /// `HOLIDAY` (a day off) or `MAKEUP_WORKDAY` (a weekend day worked).
    pub kind: CalendarDayKind,
    /// Why, e.g. `春节` or `春节调休上班`.
    pub name: String,
}

/// Input of `loadHolidayNotice`.
#[derive(InputObject)]
pub struct LoadHolidayNoticeInput {
    /// The year it governs.
    pub year: i32,
    /// Its title, e.g. `国务院办公厅关于2027年部分节假日安排的通知`.
    pub title: String,
    /// Every day off and make-up working day of the year; every statutory
    /// holiday must be among the days off.
    pub days: Vec<NoticeDayInput>,
}

/// Result of `loadHolidayNotice`.
#[derive(SimpleObject)]
pub struct LoadHolidayNoticePayload {
    /// The notice as loaded; null when refused.
    pub notice: Option<HolidayNotice>,
    /// How many open clocks moved their due instant.
    pub moved_deadlines: i32,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Mutations of the calendar.
#[derive(Default)]
pub struct DeadlineMutation;

#[Object]
impl DeadlineMutation {
    /// Loads a year's State Council holiday notice: its days off and make-up
    /// working days replace those marked in the year, the year's calendar is
    /// confirmed, the open clocks it moves are recomputed, and the city
    /// office's clock asking for it is met. For the city tripartite office;
    /// loading a year again replaces its notice.
    async fn load_holiday_notice(
        &self,
        ctx: &Context<'_>,
        input: LoadHolidayNoticeInput,
    ) -> ApiResult<LoadHolidayNoticePayload> {
        let acting = act_as_city_office(viewer(ctx))?;
        let mut errors = Vec::new();
        let title = crate::graphql::text::required(&["title"], &input.title, 100)
            .map_err(|e| errors.push(e))
            .ok();
        let mut days = Vec::with_capacity(input.days.len());
        for (i, day) in input.days.iter().enumerate() {
            let field = ["days", &i.to_string(), "name"];
            match crate::graphql::text::required(&field, &day.name, 50) {
                Ok(name) => days.push((*day.date, day.kind, name)),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            let marks: Vec<_> = input.days.iter().map(|d| (*d.date, d.kind)).collect();
            errors = super::holidays::check_notice(input.year, &marks);
        }
        let (Some(title), true) = (title, errors.is_empty()) else {
            return Ok(LoadHolidayNoticePayload {
                notice: None,
                moved_deadlines: 0,
                user_errors: errors,
            });
        };
        let services = services(ctx);
        let now = stored(services.clock.now());
        let year = input.year;
        let first_day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
        let from = stored(end_of_local_day(first_day) - chrono::Duration::days(1));
        let office = acting.organization_id.unwrap_or_default();
        let moved = transaction!(services.db, |conn| {
            storage::load_notice(conn, year, &title, &days, now).await?;
            if let Some(asked) = storage::notice_asked(conn, office, year).await? {
                storage::close(conn, asked.id, DeadlineStatus::Met, now).await?;
            }
            let moved = storage::recompute_open(conn, from, &services.reminders, now).await?;
            let summary = json!({ "year": year, "title": title, "days": days.len(), "movedDeadlines": moved });
            let entry = Entry::audited(acting, "loadHolidayNotice", (NodeType::Organization, office), summary);
            entry::record(conn, now, entry).await?;
            Ok::<_, TxError>(moved)
        })
        .map_err(TxError::into_api)?;
        Ok(LoadHolidayNoticePayload {
            notice: Some(HolidayNotice {
                year,
                title,
                loaded_at: now.and_utc(),
            }),
            moved_deadlines: i32::try_from(moved).unwrap_or(i32::MAX),
            user_errors: vec![],
        })
    }

    /// Marks a date as a holiday or a make-up working day, or clears it. For
    /// the city tripartite office. Open clocks counted in days move with it.
    async fn set_calendar_day(
        &self,
        ctx: &Context<'_>,
        input: SetCalendarDayInput,
    ) -> ApiResult<SetCalendarDayPayload> {
        let acting = act_as_city_office(viewer(ctx))?;
        let refused = |error| {
            Ok(SetCalendarDayPayload {
                calendar_day: None,
                moved_deadlines: 0,
                user_errors: vec![error],
            })
        };
        let name = match crate::graphql::text::optional(&["name"], input.name.as_deref(), 50) {
            Ok(name) => name,
            Err(error) => return refused(error),
        };
        if let Err(message) = crate::graphql::bounds::date(*input.date) {
            return refused(UserError::new(
                &["date"],
                UserErrorCode::OutOfRange,
                message,
            ));
        }
        let mark = match (input.kind, name) {
            (Some(kind), Some(name)) => Some((kind, name)),
            (Some(_), None) => {
                let error = UserError::new(
                    &["name"],
                    UserErrorCode::Required,
                    "a marked day needs a name",
                );
                return refused(error);
            }
            (None, _) => None,
        };
        let services = services(ctx);
        let now = stored(services.clock.now());
        // Clocks whose last day is the changed date or later may move.
        let from = stored(end_of_local_day(*input.date) - chrono::Duration::days(1));
        let moved = transaction!(services.db, |conn| {
            storage::set_calendar_day(
                conn,
                *input.date,
                mark.as_ref().map(|(k, n)| (*k, n.as_str())),
                now,
            )
            .await?;
            let moved = storage::recompute_open(conn, from, &services.reminders, now).await?;
            let summary = json!({ "date": input.date.to_string(), "kind": mark.as_ref().map(|(k, _)| k.as_str()),
                                  "name": mark.as_ref().map(|(_, n)| n), "movedDeadlines": moved });
            let office = (
                NodeType::Organization,
                acting.organization_id.unwrap_or_default(),
            );
            audit::record(conn, now, acting, "setCalendarDay", office, summary).await?;
            Ok::<_, ApiError>(moved)
        })?;
        Ok(SetCalendarDayPayload {
            calendar_day: mark.map(|(kind, name)| CalendarDay {
                date: input.date,
                kind,
                name,
                provisional: false,
            }),
            moved_deadlines: i32::try_from(moved).unwrap_or(i32::MAX),
            user_errors: vec![],
        })
    }
}
