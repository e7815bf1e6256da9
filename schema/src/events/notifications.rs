//! Notifications: each event becomes one row per recipient, the members of
//! the organizations it concerns (not the actor). A row is the user's inbox
//! entry and the email outbox entry at once. Email is at-least-once: a row
//! is claimed with a lease, sent, then marked; a crash between sending and
//! marking resends with the same Message-ID, which receivers recognise.

use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::kinds::EventCategory;
use super::storage::{self as event_storage, Event};
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{events, memberships, notification_preferences, notifications, users};
use crate::graphql::ids::NodeType;
use crate::identity::Viewer;
use crate::{load_page, locked_ids, on};

crate::text_enum! {
    /// Where a notification's email stands.
    pub enum EmailStatus {
        /// Waiting to be sent, or to be retried.
        Pending = "PENDING",
        /// Claimed by a worker that is sending it.
        Sending = "SENDING",
        /// Accepted by the mail server (or written to the mail directory).
        Sent = "SENT",
        /// Not sent: the user switched email off for this category.
        Skipped = "SKIPPED",
        /// Given up on after a permanent error or too many attempts.
        Failed = "FAILED",
    }
}

/// Attempts before an email is given up on.
pub const MAX_ATTEMPTS: i32 = 8;

/// The wait before attempt `attempts + 1`: 1, 2, 4 … minutes, at most an hour.
pub fn retry_delay(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 7) - 1;
    Duration::minutes((1i64 << exponent).min(60))
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = notifications, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NotificationRow {
    pub id: i64,
    pub event_id: i64,
    pub user_id: i64,
    pub category: EventCategory,
    pub created_at: NaiveDateTime,
    pub read_at: Option<NaiveDateTime>,
    pub email_status: EmailStatus,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
}

/// Ids of up to `limit` events not yet fanned out; on PostgreSQL they stay
/// locked against other workers until the transaction ends.
async fn claim_events(conn: &mut Conn<'_>, limit: i64) -> QueryResult<Vec<i64>> {
    locked_ids!(
        conn,
        events::table
            .filter(events::fanned_out.eq(false))
            .order(events::id)
            .limit(limit)
            .select(events::id)
    )
}

/// Turns up to `limit` new events into notifications. Returns how many events.
pub async fn fan_out(conn: &mut Conn<'_>, now: NaiveDateTime, limit: i64) -> QueryResult<usize> {
    let ids = claim_events(conn, limit).await?;
    if ids.is_empty() {
        return Ok(0);
    }
    // Inboxes and their counts kept on every instance are stale.
    crate::identity::audit::announce(conn).await?;
    // Each recipient's memberships are read once per batch, not per event.
    let mut viewers = HashMap::new();
    for event in event_storage::events_by_ids(conn, &ids).await? {
        notify_members(conn, now, &event, &mut viewers).await?;
    }
    on!(conn, |c| {
        diesel::update(events::table.filter(events::id.eq_any(&ids)))
            .set(events::fanned_out.eq(true))
            .execute(c)
            .await
    })?;
    Ok(ids.len())
}

/// Whether a recipient may see what the event is about, as `node` would
/// answer them: an inbox and an email carry only what its reader may see.
async fn sees_subject(
    conn: &mut Conn<'_>,
    event: &Event,
    user_id: i64,
    login_name: String,
    viewers: &mut HashMap<i64, Viewer>,
) -> QueryResult<bool> {
    let Some(node_type) = NodeType::of_prefix(&event.row.subject_type) else {
        return Ok(false);
    };
    let viewer = match viewers.entry(user_id) {
        std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
        std::collections::hash_map::Entry::Vacant(slot) => {
            slot.insert(crate::identity::viewer::of_user(conn, user_id, login_name).await?)
        }
    };
    let subject = (node_type, event.row.subject_id);
    match crate::areas::sees_subject(conn, viewer, subject, event.row.kind).await {
        Ok(sees) => Ok(sees),
        Err(error) => {
            tracing::error!(
                ?error,
                event = event.row.id,
                "cannot tell whether a recipient sees an event; not telling them"
            );
            Ok(false)
        }
    }
}

async fn notify_members(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    event: &Event,
    viewers: &mut HashMap<i64, Viewer>,
) -> QueryResult<()> {
    let category = event.row.kind.category();
    let actor = event.row.actor_user_id.unwrap_or(0);
    let members: Vec<(i64, String)> = on!(conn, |c| {
        memberships::table
            .inner_join(users::table)
            .filter(memberships::organization_id.eq_any(&event.organizations))
            .filter(users::disabled.eq(false))
            .filter(users::id.ne(actor))
            .select((users::id, users::login_name))
            .distinct()
            .load(c)
            .await
    })?;
    let mut recipients = Vec::with_capacity(members.len());
    for (user_id, login_name) in members {
        if sees_subject(conn, event, user_id, login_name, viewers).await? {
            recipients.push(user_id);
        }
    }
    let opted_out: Vec<i64> = on!(conn, |c| {
        notification_preferences::table
            .filter(notification_preferences::user_id.eq_any(&recipients))
            .filter(notification_preferences::category.eq(category))
            .filter(notification_preferences::email_enabled.eq(false))
            .select(notification_preferences::user_id)
            .load(c)
            .await
    })?;
    for user_id in recipients {
        let status = if opted_out.contains(&user_id) {
            EmailStatus::Skipped
        } else {
            EmailStatus::Pending
        };
        on!(conn, |c| {
            diesel::insert_into(notifications::table)
                .values((
                    notifications::event_id.eq(event.row.id),
                    notifications::user_id.eq(user_id),
                    notifications::category.eq(category),
                    notifications::created_at.eq(now),
                    notifications::email_status.eq(status),
                    notifications::attempts.eq(0),
                    notifications::next_attempt_at.eq(now),
                ))
                .on_conflict_do_nothing()
                .execute(c)
                .await
        })?;
    }
    Ok(())
}

/// Claims up to `limit` emails that are due, or whose sender's lease ran
/// out, for `lease`. Each claim counts as an attempt.
pub async fn claim_emails(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    limit: i64,
    lease: Duration,
) -> QueryResult<Vec<i64>> {
    let ids = locked_ids!(
        &mut *conn,
        notifications::table
            .filter(
                notifications::email_status
                    .eq(EmailStatus::Pending)
                    .and(notifications::next_attempt_at.le(now))
                    .or(notifications::email_status
                        .eq(EmailStatus::Sending)
                        .and(notifications::lease_until.lt(now))),
            )
            .order(notifications::id)
            .limit(limit)
            .select(notifications::id)
    )?;
    on!(conn, |c| {
        diesel::update(notifications::table.filter(notifications::id.eq_any(&ids)))
            .set((
                notifications::email_status.eq(EmailStatus::Sending),
                notifications::lease_until.eq(now + lease),
                notifications::attempts.eq(notifications::attempts + 1),
            ))
            .execute(c)
            .await
    })?;
    Ok(ids)
}

pub async fn notifications_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
) -> QueryResult<Vec<NotificationRow>> {
    on!(conn, |c| {
        notifications::table
            .filter(notifications::id.eq_any(ids))
            .order(notifications::id)
            .select(NotificationRow::as_select())
            .load(c)
            .await
    })
}

pub async fn mark_sent(conn: &mut Conn<'_>, id: i64, now: NaiveDateTime) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::update(notifications::table.filter(notifications::id.eq(id)))
            .set((
                notifications::email_status.eq(EmailStatus::Sent),
                notifications::sent_at.eq(now),
                notifications::lease_until.eq(None::<NaiveDateTime>),
                notifications::last_error.eq(None::<String>),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

/// Records a failed attempt: retried later, or given up on when the error is
/// permanent or the attempts are spent.
pub async fn mark_failed(
    conn: &mut Conn<'_>,
    row: &NotificationRow,
    now: NaiveDateTime,
    error: &str,
    permanent: bool,
) -> QueryResult<EmailStatus> {
    let status = if permanent || row.attempts >= MAX_ATTEMPTS {
        EmailStatus::Failed
    } else {
        EmailStatus::Pending
    };
    let error: String = error.chars().take(500).collect();
    on!(conn, |c| {
        diesel::update(notifications::table.filter(notifications::id.eq(row.id)))
            .set((
                notifications::email_status.eq(status),
                notifications::next_attempt_at.eq(now + retry_delay(row.attempts)),
                notifications::lease_until.eq(None::<NaiveDateTime>),
                notifications::last_error.eq(Some(error)),
            ))
            .execute(c)
            .await
    })?;
    Ok(status)
}

/// One page of a user's inbox, newest last.
pub async fn inbox_page(
    conn: &mut Conn<'_>,
    user_id: i64,
    unread_only: bool,
    page: &PageRequest,
) -> QueryResult<Page<NotificationRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = notifications::table
                .filter(notifications::user_id.eq(user_id))
                .select(NotificationRow::as_select())
                .into_boxed();
            if unread_only {
                query = query.filter(notifications::read_at.is_null());
            }
            query
        };
        Ok(load_page!(c, query(), notifications::id, page))
    })
}

/// One page of deliveries with the given status, across all users.
pub async fn deliveries_page(
    conn: &mut Conn<'_>,
    status: EmailStatus,
    page: &PageRequest,
) -> QueryResult<Page<NotificationRow>> {
    on!(conn, |c| {
        let query = || {
            notifications::table
                .filter(notifications::email_status.eq(status))
                .select(NotificationRow::as_select())
                .into_boxed()
        };
        Ok(load_page!(c, query(), notifications::id, page))
    })
}

pub async fn unread_count(conn: &mut Conn<'_>, user_id: i64) -> QueryResult<i64> {
    on!(conn, |c| {
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .count()
            .get_result(c)
            .await
    })
}

/// Marks a user's notifications read: these ids, or all of them.
pub async fn mark_read(
    conn: &mut Conn<'_>,
    user_id: i64,
    ids: Option<&[i64]>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    on!(conn, |c| {
        let mut target = notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
            .select(notifications::id)
            .into_boxed();
        if let Some(ids) = ids {
            target = target.filter(notifications::id.eq_any(ids));
        }
        let ids: Vec<i64> = target.load(c).await?;
        diesel::update(notifications::table.filter(notifications::id.eq_any(&ids)))
            .set(notifications::read_at.eq(now))
            .execute(c)
            .await
    })
}

/// The categories a user switched email off for.
pub async fn email_off(conn: &mut Conn<'_>, user_id: i64) -> QueryResult<Vec<EventCategory>> {
    on!(conn, |c| {
        notification_preferences::table
            .filter(notification_preferences::user_id.eq(user_id))
            .filter(notification_preferences::email_enabled.eq(false))
            .select(notification_preferences::category)
            .load(c)
            .await
    })
}

pub async fn set_email(
    conn: &mut Conn<'_>,
    user_id: i64,
    category: EventCategory,
    enabled: bool,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::insert_into(notification_preferences::table)
            .values((
                notification_preferences::user_id.eq(user_id),
                notification_preferences::category.eq(category),
                notification_preferences::email_enabled.eq(enabled),
            ))
            .on_conflict((
                notification_preferences::user_id,
                notification_preferences::category,
            ))
            .do_update()
            .set(notification_preferences::email_enabled.eq(enabled))
            .execute(c)
            .await
            .map(drop)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_to_an_hour() {
        let delays: Vec<i64> = (1..=8).map(|a| retry_delay(a).num_minutes()).collect();
        assert_eq!(delays, [1, 2, 4, 8, 16, 32, 60, 60]);
    }
}
