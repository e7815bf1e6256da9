//! The in-app inbox, email preferences, and the office's view of deliveries.

use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use serde_json::json;

use super::kinds::EventCategory;
use super::notifications::{self, EmailStatus, NotificationRow};
use super::objects::{EventObject, VisibleSet};
use super::storage as event_storage;
use crate::context::services;
use crate::db::page::Page;
use crate::db::{Conn, stored};
use crate::graphql::connection::{ConnectionOf, connection, page_request};
use crate::graphql::errors::{ApiError, ApiResult, UserError};
use crate::graphql::ids::{NodeType, decode_as, encode};
use crate::identity::authorization::{act_as_self, signed_in};
use crate::identity::objects::{User, visible_users_by_id};
use crate::identity::storage::UserRow;
use crate::identity::{audit, viewer};
use crate::transaction;

/// A notification with its event, as the viewer sees it.
pub struct Notification {
    pub row: NotificationRow,
    pub event: Option<EventObject>,
    /// Filled for the office's delivery view.
    pub recipient: Option<UserRow>,
}

/// Something that happened that concerns the user, in their inbox.
#[Object]
impl Notification {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Notification, self.row.id)
    }

    /// What happened.
    async fn event(&self) -> Option<&EventObject> {
        self.event.as_ref()
    }

    /// Whether the user has read it.
    async fn read(&self) -> bool {
        self.row.read_at.is_some()
    }

    /// When it was created.
    async fn created_at(&self) -> DateTime<Utc> {
        self.row.created_at.and_utc()
    }

    /// Its category, for email preferences.
    async fn category(&self) -> EventCategory {
        self.row.category
    }

    /// Where its email stands.
    async fn email_status(&self) -> EmailStatus {
        self.row.email_status
    }

    /// How many times sending the email was tried.
    async fn email_attempts(&self) -> i32 {
        self.row.attempts
    }

    /// When the email was sent.
    async fn email_sent_at(&self) -> Option<DateTime<Utc>> {
        self.row.sent_at.map(|t| t.and_utc())
    }

    /// The last delivery error, in the office's delivery view.
    async fn email_error(&self) -> Option<&str> {
        self.recipient.as_ref().and(self.row.last_error.as_deref())
    }

    /// The recipient, in the office's delivery view.
    async fn recipient(&self) -> Option<User> {
        self.recipient.clone().map(User)
    }
}

/// Attaches events to notification rows, showing only what `visible` allows.
async fn with_events(
    conn: &mut Conn<'_>,
    page: Page<NotificationRow>,
    visible: VisibleSet,
) -> ApiResult<Page<(NotificationRow, Option<EventObject>)>> {
    let ids: Vec<i64> = page.rows.iter().map(|n| n.event_id).collect();
    let events = event_storage::events_by_ids(conn, &ids).await?;
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let event = events.iter().find(|e| e.row.id == row.event_id).cloned();
            let event = event.map(|e| EventObject {
                event: Arc::new(e),
                visible: visible.clone(),
            });
            (row, event)
        })
        .collect();
    Ok(Page {
        rows,
        total: page.total,
        has_previous: page.has_previous,
        has_next: page.has_next,
    })
}

/// The signed-in user's inbox.
pub async fn inbox(
    ctx: &Context<'_>,
    unread_only: bool,
    first: Option<i32>,
    after: Option<String>,
    last: Option<i32>,
    before: Option<String>,
) -> ApiResult<ConnectionOf<Notification>> {
    let user = signed_in(viewer(ctx))?;
    let page = page_request(ctx, first, after, last, before)?;
    let services = services(ctx);
    let visible = VisibleSet::load(&services.db, viewer(ctx)).await?;
    let mut pooled = services.db.get().await?;
    let conn = &mut pooled.conn();
    let rows = notifications::inbox_page(conn, user.user_id, unread_only, &page).await?;
    let rows = with_events(conn, rows, visible).await?;
    Ok(connection(
        rows,
        |(row, _)| row.id,
        |(row, event)| Notification {
            row,
            event,
            recipient: None,
        },
    ))
}

pub async fn unread_count(ctx: &Context<'_>) -> ApiResult<i64> {
    let user = signed_in(viewer(ctx))?;
    let mut pooled = services(ctx).db.get().await?;
    Ok(notifications::unread_count(&mut pooled.conn(), user.user_id).await?)
}

/// Email on or off for one category.
#[derive(SimpleObject, Clone, Copy)]
pub struct NotificationPreference {
    /// The category.
    pub category: EventCategory,
    /// Whether its notifications are also sent by email.
    pub email: bool,
}

pub async fn preferences(ctx: &Context<'_>) -> ApiResult<Vec<NotificationPreference>> {
    let user = signed_in(viewer(ctx))?;
    let mut pooled = services(ctx).db.get().await?;
    let off = notifications::email_off(&mut pooled.conn(), user.user_id).await?;
    Ok(EventCategory::ALL
        .iter()
        .map(|c| NotificationPreference {
            category: *c,
            email: !off.contains(c),
        })
        .collect())
}

/// Input of `markNotificationsRead`.
#[derive(InputObject, Default)]
pub struct MarkNotificationsReadInput {
    /// These notifications.
    pub ids: Option<Vec<ID>>,
    /// Every unread notification of the user.
    pub all: Option<bool>,
}

/// Result of `markNotificationsRead`.
#[derive(SimpleObject)]
pub struct MarkNotificationsReadPayload {
    /// How many notifications changed from unread to read.
    pub marked: i32,
    /// Unread notifications left.
    pub unread_count: i64,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `setNotificationPreference`.
#[derive(InputObject)]
pub struct SetNotificationPreferenceInput {
    /// The category.
    pub category: EventCategory,
    /// Send its notifications by email too.
    pub email: bool,
}

/// Result of `setNotificationPreference`.
#[derive(SimpleObject)]
pub struct SetNotificationPreferencePayload {
    /// Every category's setting after the change.
    pub preferences: Vec<NotificationPreference>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Mutations of the inbox.
#[derive(Default)]
pub struct InboxMutation;

#[Object]
impl InboxMutation {
    /// Marks the user's notifications read: the given ids, or all of them.
    async fn mark_notifications_read(
        &self,
        ctx: &Context<'_>,
        input: MarkNotificationsReadInput,
    ) -> ApiResult<MarkNotificationsReadPayload> {
        let user = signed_in(viewer(ctx))?;
        let acting = act_as_self(viewer(ctx))?;
        let ids: Option<Vec<i64>> = match (input.all.unwrap_or(false), &input.ids) {
            (true, _) => None,
            (false, Some(ids)) => Some(
                ids.iter()
                    .filter_map(|id| decode_as(id, NodeType::Notification))
                    .collect(),
            ),
            (false, None) => {
                let error = UserError::new(
                    &["ids"],
                    crate::graphql::errors::UserErrorCode::Required,
                    "give ids, or all: true",
                );
                return Ok(MarkNotificationsReadPayload {
                    marked: 0,
                    unread_count: unread_count(ctx).await?,
                    user_errors: vec![error],
                });
            }
        };
        let now = stored(services(ctx).clock.now());
        let (marked, unread_count) = transaction!(services(ctx).db, |conn| {
            let marked = notifications::mark_read(conn, user.user_id, ids.as_deref(), now).await?;
            let summary = json!({ "marked": marked, "all": ids.is_none() });
            audit::record(
                conn,
                now,
                acting,
                "markNotificationsRead",
                (NodeType::User, user.user_id),
                summary,
            )
            .await?;
            Ok::<_, ApiError>((
                marked,
                notifications::unread_count(conn, user.user_id).await?,
            ))
        })?;
        Ok(MarkNotificationsReadPayload {
            marked: i32::try_from(marked).unwrap_or(i32::MAX),
            unread_count,
            user_errors: vec![],
        })
    }

    /// Switches email on or off for one category of notifications. The
    /// inbox receives them either way.
    async fn set_notification_preference(
        &self,
        ctx: &Context<'_>,
        input: SetNotificationPreferenceInput,
    ) -> ApiResult<SetNotificationPreferencePayload> {
        let user = signed_in(viewer(ctx))?;
        let acting = act_as_self(viewer(ctx))?;
        let now = stored(services(ctx).clock.now());
        transaction!(services(ctx).db, |conn| {
            notifications::set_email(conn, user.user_id, input.category, input.email).await?;
            let summary = json!({ "category": input.category.as_str(), "email": input.email });
            audit::record(
                conn,
                now,
                acting,
                "setNotificationPreference",
                (NodeType::User, user.user_id),
                summary,
            )
            .await?;
            Ok::<_, ApiError>(())
        })?;
        Ok(SetNotificationPreferencePayload {
            preferences: preferences(ctx).await?,
            user_errors: vec![],
        })
    }
}

/// Queries of deliveries.
#[derive(Default)]
pub struct DeliveryQuery;

#[Object]
impl DeliveryQuery {
    /// Email deliveries by status, `FAILED` by default: the ones given up on.
    /// For the members of the city tripartite office.
    async fn email_deliveries(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which deliveries to list; FAILED when omitted.")] status: Option<
            EmailStatus,
        >,
        #[graphql(desc = "Returns the first n deliveries (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the deliveries after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n deliveries (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the deliveries before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Notification>> {
        let user = signed_in(viewer(ctx))?;
        if !user.memberships.iter().any(|m| m.is_city_office()) {
            return Err(ApiError::Forbidden);
        }
        let page = page_request(ctx, first, after, last, before)?;
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let rows =
            notifications::deliveries_page(conn, status.unwrap_or(EmailStatus::Failed), &page)
                .await?;
        let recipients =
            visible_users_by_id(ctx, conn, rows.rows.iter().map(|n| n.user_id)).await?;
        let rows = with_events(conn, rows, VisibleSet::default()).await?;
        Ok(connection(
            rows,
            |(row, _)| row.id,
            |(row, event)| {
                let recipient = recipients.get(&row.user_id).cloned();
                Notification {
                    row,
                    event,
                    recipient,
                }
            },
        ))
    }
}
