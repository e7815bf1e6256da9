//! xieshang's domain rules, database access and GraphQL schema.
//!
//! `schema()` builds the bare schema (enough to print the SDL); `build()`
//! adds the limits and the services a server needs.

pub mod agreements;
pub mod areas;
pub mod change;
pub mod clock;
pub mod context;
pub mod db;
pub mod deadlines;
pub mod demo;
pub mod digests;
pub mod evaluation;
pub mod events;
pub mod exports;
pub mod graphql;
pub mod i18n;
pub mod identity;
pub mod layoffs;
pub mod offers;
pub mod organizations;
pub mod risk;
pub mod summaries;

use std::sync::Arc;

use async_graphql::{MergedObject, MergedSubscription, Schema, SchemaBuilder};

use crate::agreements::mutations::AgreementMutations;
use crate::agreements::queries::AgreementQuery;
use crate::clock::Clock;
use crate::context::Services;
use crate::db::Database;
use crate::deadlines::objects::{DeadlineMutation, DeadlineQuery};
use crate::deadlines::rules::ReminderOffsets;
use crate::evaluation::mutations::EvaluationMutation;
use crate::evaluation::queries::EvaluationQuery;
use crate::events::bus::EventBus;
use crate::events::inbox::{DeliveryQuery, InboxMutation};
use crate::events::objects::EventSubscription;
use crate::exports::mutations::ExportMutation;
use crate::graphql::limits::Limits;
use crate::graphql::node::NodeQuery;
use crate::i18n::LabelQuery;
use crate::identity::mutations::IdentityMutation;
use crate::identity::queries::IdentityQuery;
use crate::layoffs::mutations::LayoffMutation;
use crate::layoffs::queries::LayoffQuery;
use crate::layoffs::rates::{WageRateMutation, WageRateQuery};
use crate::offers::mutations::OfferMutations;
use crate::offers::queries::OfferQuery;
use crate::organizations::mutations::OrganizationMutation;
use crate::organizations::queries::OrganizationQuery;
use crate::risk::bulletins::BulletinQuery;
use crate::risk::checks::queries::CheckQuery;
use crate::risk::grades::GradeQuery;
use crate::risk::mutations::RiskMutations;
use crate::risk::queries::RiskQuery;
use crate::summaries::mutations::SummaryMutation;

/// The root of every query.
#[derive(MergedObject, Default)]
pub struct Query(
    NodeQuery,
    IdentityQuery,
    OrganizationQuery,
    OfferQuery,
    AgreementQuery,
    DeadlineQuery,
    DeliveryQuery,
    RiskQuery,
    CheckQuery,
    BulletinQuery,
    GradeQuery,
    WageRateQuery,
    LayoffQuery,
    EvaluationQuery,
    LabelQuery,
);

/// The root of every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    IdentityMutation,
    OrganizationMutation,
    DeadlineMutation,
    InboxMutation,
    OfferMutations,
    AgreementMutations,
    RiskMutations,
    WageRateMutation,
    LayoffMutation,
    EvaluationMutation,
    SummaryMutation,
    ExportMutation,
);

/// The root of every subscription.
#[derive(MergedSubscription, Default)]
pub struct Subscription(EventSubscription);

pub type XieshangSchema = Schema<Query, Mutation, Subscription>;

/// How the schema behaves in production.
#[derive(Debug, Clone)]
pub struct SchemaOptions {
    pub limits: Limits,
    /// Answer introspection queries.
    pub introspection: bool,
    /// Suggest field names in validation errors.
    pub suggestions: bool,
    /// How long a session token stays valid.
    pub session_ttl: chrono::Duration,
    /// When deadline reminders go out.
    pub reminders: ReminderOffsets,
}

impl Default for SchemaOptions {
    fn default() -> SchemaOptions {
        SchemaOptions {
            limits: Limits::default(),
            introspection: true,
            suggestions: true,
            session_ttl: chrono::Duration::hours(12),
            reminders: ReminderOffsets::default(),
        }
    }
}

/// The bare schema, without data or limits.
pub fn schema() -> SchemaBuilder<Query, Mutation, Subscription> {
    Schema::build(
        Query::default(),
        Mutation::default(),
        Subscription::default(),
    )
}

/// The published contract, as printed by `xieshang schema`.
pub fn sdl() -> String {
    schema().finish().sdl()
}

/// The schema a server runs: limits and services included, wrapped in the
/// [`Api`](graphql::api::Api) that screens requests and wakes the relay.
/// `bus` is the event bus the server's relay publishes to.
pub async fn build(
    db: Database,
    clock: Clock,
    bus: Arc<EventBus>,
    options: SchemaOptions,
) -> graphql::api::Api {
    let limits = options.limits;
    let slot = graphql::api::ApiSlot::default();
    let configured = || {
        let mut builder = schema()
            // Ordinary documents are held to `max_depth` by the screen
            // (graphql::limits), which lets introspection nest deeper.
            .limit_depth(limits.max_depth.max(graphql::limits::INTROSPECTION_DEPTH))
            .limit_complexity(limits.max_complexity)
            .limit_directives(limits.max_directives)
            .data(Services {
                session_ttl: options.session_ttl,
                reminders: options.reminders.clone(),
                api: slot.clone(),
                ..Services::new(db.clone(), clock.clone(), bus.clone())
            });
        if !options.introspection {
            builder = builder.disable_introspection();
        }
        if !options.suggestions {
            builder = builder.disable_suggestions();
        }
        builder
    };
    let env = graphql::api::schema_env(configured()).await;
    graphql::api::Api::new(configured().finish(), env, limits, bus, db, &slot)
}
