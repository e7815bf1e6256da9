//! The GraphQL face of events, and the subscription that streams them.

use std::collections::HashSet;
use std::sync::Arc;

use async_graphql::{Context, ID, InputObject, Object, Subscription};
use chrono::{DateTime, Utc};
use futures_util::Stream;
use tokio::sync::broadcast::error::RecvError;

use super::kinds::{EventCategory, EventKind};
use super::storage::Event;
use crate::context::services;
use crate::db::Database;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, decode, decode_as, encode};
use crate::identity::authorization::signed_in;
use crate::identity::{Viewer, viewer};
use crate::organizations::loaders::OrganizationKey;
use crate::organizations::objects::Organization;
use crate::organizations::{storage as organization_storage, visibility};

/// The organizations a viewer sees: `None` for all of them.
#[derive(Debug, Clone, Default)]
pub struct VisibleSet(Option<Arc<HashSet<i64>>>);

impl VisibleSet {
    pub async fn load(db: &Database, viewer: &Viewer) -> ApiResult<VisibleSet> {
        let mut pooled = db.get().await?;
        let ids = organization_storage::visible_ids(
            &mut pooled.conn(),
            &visibility::organizations(viewer),
        )
        .await?;
        Ok(VisibleSet(
            ids.map(|ids| Arc::new(ids.into_iter().collect())),
        ))
    }

    pub fn contains(&self, organization_id: i64) -> bool {
        self.0
            .as_ref()
            .is_none_or(|ids| ids.contains(&organization_id))
    }

    /// Whether an event concerns an organization in this set.
    pub fn sees(&self, event: &Event) -> bool {
        event.organizations.iter().any(|o| self.contains(*o))
    }
}

/// The subscriber with its memberships read again, and what it now sees:
/// a membership or organization change applies to open subscriptions at once.
async fn refreshed(db: &Database, viewer: &Viewer) -> ApiResult<(Viewer, VisibleSet)> {
    let viewer = match viewer {
        Viewer::User(user) => {
            let mut pooled = db.get().await?;
            let fresh = crate::identity::viewer::of_user(
                &mut pooled.conn(),
                user.user_id,
                user.login_name.clone(),
            )
            .await?;
            match fresh {
                Viewer::User(mut fresh) => {
                    fresh.session = user.session.clone();
                    fresh.language = user.language;
                    Viewer::User(fresh)
                }
                other => other,
            }
        }
        other => other.clone(),
    };
    let visible = VisibleSet::load(db, &viewer).await?;
    Ok((viewer, visible))
}

/// Whether the subscriber may see the event's subject, as `node` would
/// answer, for an event of its kind. Subjects found visible are remembered
/// by kind until the subscriber's view changes; hidden ones are asked again
/// (a draft becomes an offer).
async fn sees_subject(
    db: &Database,
    viewer: &Viewer,
    seen: &mut HashSet<(NodeType, i64, EventKind)>,
    event: &Event,
) -> bool {
    let Some(node_type) = NodeType::of_prefix(&event.row.subject_type) else {
        return false;
    };
    let subject = (node_type, event.row.subject_id);
    let key = (node_type, event.row.subject_id, event.row.kind);
    if seen.contains(&key) {
        return true;
    }
    let checked = async {
        let mut pooled = db.get().await?;
        crate::areas::sees_subject(&mut pooled.conn(), viewer, subject, event.row.kind).await
    };
    match checked.await {
        Ok(true) => {
            seen.insert(key);
            true
        }
        Ok(false) => false,
        Err(error) => {
            tracing::warn!(?error, "cannot check an event's subject; not delivered");
            false
        }
    }
}

/// An event as a viewer sees it: only the concerned organizations they may see.
pub struct EventObject {
    pub event: Arc<Event>,
    pub visible: VisibleSet,
}

/// Something that happened: a state change, a reminder or a missed deadline.
#[Object(name = "Event")]
impl EventObject {
    /// Opaque id of the event.
    async fn id(&self) -> ID {
        encode(NodeType::Event, self.event.row.id)
    }

    /// What happened.
    async fn kind(&self) -> EventKind {
        self.event.row.kind
    }

    /// The group of kinds it belongs to, for email preferences.
    async fn category(&self) -> EventCategory {
        self.event.row.kind.category()
    }

    /// When it was committed.
    async fn occurred_at(&self) -> DateTime<Utc> {
        self.event.row.occurred_at.and_utc()
    }

    /// Global id of the object it is about.
    async fn subject_id(&self) -> Option<ID> {
        NodeType::of_prefix(&self.event.row.subject_type)
            .map(|t| encode(t, self.event.row.subject_id))
    }

    /// The organizations it concerns that the viewer may see.
    async fn organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let ids: Vec<OrganizationKey> = self
            .event
            .organizations
            .iter()
            .filter(|o| self.visible.contains(**o))
            .map(|o| OrganizationKey(*o))
            .collect();
        let rows = crate::context::load_many(ctx, ids.iter().copied()).await?;
        Ok(ids
            .iter()
            .filter_map(|k| rows.get(k).cloned().map(Organization::full))
            .collect())
    }

    /// Details of what happened, a JSON object whose fields depend on the
    /// event's kind.
    async fn payload(&self) -> async_graphql::Json<serde_json::Value> {
        async_graphql::Json(
            serde_json::from_str(&self.event.row.payload).unwrap_or(serde_json::Value::Null),
        )
    }
}

/// Filter of the `events` subscription.
#[derive(InputObject, Default)]
pub struct EventFilterInput {
    /// Only events of these kinds.
    pub kinds: Option<Vec<EventKind>>,
    /// Only events about this object.
    pub subject: Option<ID>,
    /// Only events concerning this organization.
    pub organization: Option<ID>,
}

/// What a subscriber asked for, checked.
struct Wanted {
    kinds: Vec<EventKind>,
    subject: Option<(NodeType, i64)>,
    organization: Option<i64>,
}

impl Wanted {
    fn matches(&self, event: &Event) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&event.row.kind))
            && self.subject.is_none_or(|(t, id)| {
                t.prefix() == event.row.subject_type && id == event.row.subject_id
            })
            && self
                .organization
                .is_none_or(|o| event.organizations.contains(&o))
    }
}

/// Live updates.
#[derive(Default)]
pub struct EventSubscription;

#[Subscription]
impl EventSubscription {
    /// Events the viewer may see as they are committed: those concerning an
    /// organization the viewer may see, narrowed by the filter.
    async fn events(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which events to stream.")] filter: Option<EventFilterInput>,
    ) -> Result<impl Stream<Item = EventObject> + use<>, ApiError> {
        let viewer = viewer(ctx).clone();
        signed_in(&viewer)?;
        let input = filter.unwrap_or_default();
        let bad = |name: &str| ApiError::BadUserInput(format!("`filter.{name}` is not a valid id"));
        let wanted = Wanted {
            kinds: input.kinds.unwrap_or_default(),
            subject: input
                .subject
                .map(|id| decode(&id).ok_or_else(|| bad("subject")))
                .transpose()?,
            organization: input
                .organization
                .map(|id| decode_as(&id, NodeType::Organization).ok_or_else(|| bad("organization")))
                .transpose()?,
        };
        let services = services(ctx);
        let db = services.db.clone();
        let receiver = services.bus.subscribe();
        let visible = VisibleSet::load(&db, &viewer).await?;
        let seen = HashSet::new();
        let state = (receiver, visible, seen, db, viewer, wanted);
        Ok(futures_util::stream::unfold(
            state,
            |(mut receiver, mut visible, mut seen, db, mut viewer, wanted)| async move {
                loop {
                    let event = match receiver.recv().await {
                        Ok(event) => event,
                        Err(RecvError::Lagged(skipped)) => {
                            tracing::warn!(skipped, "a slow subscriber skipped events");
                            continue;
                        }
                        Err(RecvError::Closed) => return None,
                    };
                    if event.row.kind.changes_visibility() {
                        seen.clear();
                        match refreshed(&db, &viewer).await {
                            Ok((fresh_viewer, fresh)) => {
                                viewer = fresh_viewer;
                                visible = fresh;
                            }
                            Err(error) => {
                                tracing::warn!(?error, "cannot refresh a subscriber's view")
                            }
                        }
                    }
                    if wanted.matches(&event)
                        && visible.sees(&event)
                        && sees_subject(&db, &viewer, &mut seen, &event).await
                    {
                        let object = EventObject {
                            event,
                            visible: visible.clone(),
                        };
                        let state = (receiver, visible, seen, db, viewer, wanted);
                        return Some((object, state));
                    }
                }
            },
        ))
    }
}
