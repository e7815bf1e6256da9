//! The deadline scheduler against a real SQLite database, with the clock
//! moved to chosen instants.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration as StdDuration;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use xieshang_schema::clock::Clock;
use xieshang_schema::db::page::PageRequest;
use xieshang_schema::db::tables::events;
use xieshang_schema::db::{Conn, Database, DbSettings, run_migrations, stored};
use xieshang_schema::deadlines::calendar::CalendarDayKind;
use xieshang_schema::deadlines::counting::Period;
use xieshang_schema::deadlines::kinds::{DeadlineKind, StatutoryClock};
use xieshang_schema::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use xieshang_schema::deadlines::scheduler::{Run, Transition, Transitions, run_once};
use xieshang_schema::deadlines::storage::{self, DeadlineFilter, DeadlineRow, NewDeadline};
use xieshang_schema::events::kinds::EventKind;
use xieshang_schema::graphql::errors::ApiError;
use xieshang_schema::graphql::ids::NodeType;
use xieshang_schema::organizations::visibility::OrgVisible;
use xieshang_schema::{demo, on, transaction};

async fn database() -> (tempfile::TempDir, Database) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("scheduler.sqlite").display());
    run_migrations(&url).await.unwrap();
    let settings = DbSettings {
        url,
        max_connections: 2,
        statement_timeout: StdDuration::from_secs(5),
    };
    let db = Database::open(&settings).await.unwrap();
    demo::load(&db, &Clock::system()).await.unwrap();
    (dir, db)
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

async fn open(db: &Database, kind: DeadlineKind, start: DateTime<Utc>, days: u32) -> DeadlineRow {
    let new = NewDeadline {
        clock: StatutoryClock::fixed(kind, Period::Days(days), "书面回应要约（20日）"),
        subject: (NodeType::Organization, 100),
        start: stored(start),
        organizations: vec![100, 101],
    };
    let now = stored(start);
    let opened: Result<DeadlineRow, ApiError> = async {
        transaction!(db, |conn| Ok::<_, ApiError>(
            storage::open(conn, new, &ReminderOffsets::default(), now).await?
        ))
    }
    .await;
    opened.unwrap()
}

async fn deadline(db: &Database, id: i64) -> DeadlineRow {
    let filter = DeadlineFilter {
        ids: Some(vec![id]),
        ..DeadlineFilter::default()
    };
    let page = PageRequest {
        size: 1,
        ..PageRequest::default()
    };
    let mut pooled = db.get().await.unwrap();
    storage::ledger_page(&mut pooled.conn(), &filter, &OrgVisible::Everything, &page)
        .await
        .unwrap()
        .rows
        .remove(0)
}

/// `(kind, offsetHours)` of every event, oldest first.
async fn event_log(db: &Database) -> Vec<(EventKind, Option<i64>)> {
    let mut pooled = db.get().await.unwrap();
    let conn: &mut Conn<'_> = &mut pooled.conn();
    let rows: Vec<(EventKind, String)> = on!(conn, |c| events::table
        .order(events::id)
        .select((events::kind, events::payload))
        .load(c)
        .await)
    .unwrap();
    rows.into_iter()
        .map(|(kind, payload)| {
            let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
            (kind, payload["offsetHours"].as_i64())
        })
        .collect()
}

async fn run_at(db: &Database, at: &str, transitions: &Transitions) -> Run {
    run_once(
        db,
        &Clock::starting_at(utc(at)),
        &ReminderOffsets::default(),
        transitions,
    )
    .await
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn reminders_go_out_before_the_due_instant_and_a_missed_deadline_is_announced() {
    let (_dir, db) = database().await;
    // Received 15:00 Monday 2 November 2026 in Changchun; day 20 is Sunday 22 November,
    // so the reply is due at 24:00 on Monday 23 November (16:00 UTC).
    let row = open(
        &db,
        DeadlineKind::OfferReply,
        utc("2026-11-02T07:00:00Z"),
        20,
    )
    .await;
    assert_eq!(row.due_at, stored(utc("2026-11-23T16:00:00Z")));
    assert_eq!(
        row.next_reminder_at,
        Some(stored(utc("2026-11-16T16:00:00Z")))
    );
    let none = Transitions::default();

    assert_eq!(
        run_at(&db, "2026-11-16T15:59:59Z", &none).await,
        Run {
            notice_asked: true,
            ..Run::default()
        },
        "in November the city office is asked for the 2027 notice, and nothing is due"
    );
    assert_eq!(
        run_at(&db, "2026-11-16T16:00:00Z", &none).await.reminders,
        1
    );
    assert_eq!(
        run_at(&db, "2026-11-20T16:00:00Z", &none).await.reminders,
        1
    );
    assert_eq!(
        run_at(&db, "2026-11-22T16:00:00Z", &none).await.reminders,
        1
    );
    assert_eq!(
        deadline(&db, row.id).await.status,
        DeadlineStatus::Open,
        "one second before 24:00 it is not late"
    );
    let last = run_at(&db, "2026-11-23T16:00:00Z", &none).await;
    assert_eq!(
        last,
        Run {
            notice_asked: false,
            reminders: 1,
            missed: 1,
            transitions: 0
        }
    );
    let after = deadline(&db, row.id).await;
    assert_eq!(
        (after.status, after.sent()),
        (DeadlineStatus::Missed, vec![168, 72, 24, 0])
    );
    assert_eq!(
        run_at(&db, "2026-11-30T00:00:00Z", &none).await,
        Run::default(),
        "nothing twice"
    );
    assert_eq!(
        event_log(&db).await,
        [
            (EventKind::CalendarNoticeDue, None),
            (EventKind::DeadlineReminder, Some(168)),
            (EventKind::DeadlineReminder, Some(72)),
            (EventKind::DeadlineReminder, Some(24)),
            (EventKind::DeadlineReminder, Some(0)),
            (EventKind::DeadlineMissed, None),
        ]
    );
}

struct TakeEffect(Arc<AtomicUsize>);

#[async_graphql::async_trait::async_trait]
impl Transition for TakeEffect {
    async fn on_due(
        &self,
        _conn: &mut Conn<'_>,
        deadline: &DeadlineRow,
        _now: NaiveDateTime,
    ) -> Result<(), ApiError> {
        assert_eq!(deadline.kind, DeadlineKind::AgreementReview);
        self.0.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_registered_transition_runs_when_its_clock_runs_out() {
    let (_dir, db) = database().await;
    let row = open(
        &db,
        DeadlineKind::AgreementReview,
        utc("2026-11-02T07:00:00Z"),
        15,
    )
    .await;
    let ran = Arc::new(AtomicUsize::new(0));
    let transitions =
        Transitions::default().with(DeadlineKind::AgreementReview, TakeEffect(ran.clone()));
    let run = run_at(&db, "2026-11-30T00:00:00Z", &transitions).await;
    assert_eq!((run.missed, run.transitions), (0, 1));
    assert_eq!(AtomicUsize::load(&ran, Ordering::SeqCst), 1);
    assert_eq!(deadline(&db, row.id).await.status, DeadlineStatus::Met);
    assert!(
        !event_log(&db)
            .await
            .iter()
            .any(|(kind, _)| *kind == EventKind::DeadlineMissed)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn marking_a_holiday_moves_the_open_deadlines_it_touches() {
    let (_dir, db) = database().await;
    let row = open(
        &db,
        DeadlineKind::OfferReply,
        utc("2026-11-02T07:00:00Z"),
        20,
    )
    .await;
    let holiday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let now = stored(utc("2026-11-05T00:00:00Z"));
    let moved: Result<usize, ApiError> = async {
        transaction!(&db, |conn| {
            storage::set_calendar_day(
                conn,
                holiday,
                Some((CalendarDayKind::Holiday, "测试假日")),
                now,
            )
            .await?;
            let since = stored(utc("2026-11-22T16:00:00Z"));
            Ok::<_, ApiError>(
                storage::recompute_open(conn, since, &ReminderOffsets::default(), now).await?,
            )
        })
    }
    .await;
    let moved = moved.unwrap();
    assert_eq!(moved, 1);
    let after = deadline(&db, row.id).await;
    assert_eq!(
        after.due_at,
        stored(utc("2026-11-24T16:00:00Z")),
        "the last day moves to Tuesday 24 November"
    );
    assert_eq!(
        after.next_reminder_at,
        Some(stored(utc("2026-11-17T16:00:00Z")))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_city_office_is_asked_once_a_year_from_november_for_the_next_years_notice() {
    let (_dir, db) = database().await;
    let none = Transitions::default();
    assert!(
        !run_at(&db, "2027-10-31T15:59:59Z", &none)
            .await
            .notice_asked,
        "October"
    );
    assert!(
        run_at(&db, "2027-10-31T16:00:00Z", &none)
            .await
            .notice_asked,
        "1 November"
    );
    assert!(
        !run_at(&db, "2027-12-01T00:00:00Z", &none)
            .await
            .notice_asked,
        "once"
    );
    let asked = {
        let mut pooled = db.get().await.unwrap();
        let office = xieshang_schema::organizations::storage::root_office(&mut pooled.conn())
            .await
            .unwrap()
            .unwrap();
        storage::notice_asked(&mut pooled.conn(), office.id, 2028)
            .await
            .unwrap()
            .unwrap()
    };
    assert_eq!(asked.status, DeadlineStatus::Open);
    assert_eq!(asked.due_at, stored(utc("2027-12-31T16:00:00Z")));
    // A year whose notice is loaded is not asked for.
    let loaded: Result<(), ApiError> = async {
        transaction!(&db, |conn| Ok::<_, ApiError>(
            storage::load_notice(
                conn,
                2029,
                "2029年通知",
                &[],
                stored(utc("2028-10-01T00:00:00Z"))
            )
            .await?
        ))
    }
    .await;
    loaded.unwrap();
    assert!(
        !run_at(&db, "2028-11-02T00:00:00Z", &none)
            .await
            .notice_asked
    );
    assert_eq!(
        event_log(&db)
            .await
            .iter()
            .filter(|(kind, _)| *kind == EventKind::CalendarNoticeDue)
            .count(),
        1
    );
}
