//! The change pipeline: every mutation that changes an existing record runs
//! through [`run`], in one transaction and in a fixed order:
//!
//! 1. no session → `UNAUTHENTICATED`;
//! 2. the record, loaded through its visibility filter → `NOT_FOUND`;
//! 3. who may act ([`Actor`], a value) → `FORBIDDEN`;
//! 4. `expectedVersion` → `CONFLICT` with the current version;
//! 5. the facts the rule needs ([`Facts`]), loaded;
//! 6. the pure rule: a [`Decision`] or user errors naming fields;
//! 7. the decision stored: the record's changes and writes, its clocks
//!    opened, closed or extended, the audit row and the event with its
//!    audience ([`entry`]).
//!
//! # Adding a kind of record
//! Implement [`Record`] once, in the area's `record.rs`: how it loads
//! through visibility, its parties and region, how it stores its changes
//! (`Changes`, a diesel changeset applied at the loaded version) and its
//! other writes (`Write`, an enum of what a decision may ask storage to do
//! besides: a vote row, a session…), the payload every event about it
//! carries, and who follows or oversees it. A row that belongs to a record
//! (a representative, a session, a comment) becomes a record of its own
//! with [`Part`]: the pair `(part, record)` loads, acts and tells as the
//! record does.
//!
//! # Adding a mutation
//! In the area's mutations file, implement [`Input`] for the input type (the
//! id, who may act, the expected version) and [`Change`] (its [`Facts`],
//! `()` for none, and `decide`, which parses what is left of the input and
//! calls the pure rule in a rules file). The resolver is then `Payload::from_outcome(run(ctx,
//! change).await)`. The scheduler applies changes to records it loaded
//! itself with [`settle`]. Creations (a new offer, a new agreement) are
//! written by hand: they insert the record, then [`store`] a decision on it
//! (its event, audience, writes and clocks) like any change; an entry that
//! concerns no record of the pipeline goes straight to [`entry`].

mod actor;
mod audience;
mod decision;
pub mod entry;
mod part;

use std::future::Future;

use async_graphql::{Context, ID};
use chrono::NaiveDateTime;
use serde_json::Value;

pub use actor::{Act, Actor, Side, act};
pub use audience::Audience;
pub use decision::{ClockChange, Decision, Opening, Ruling, store};
pub use part::Part;

use crate::context::services;
use crate::db::{Conn, stored};
use crate::deadlines::rules::ReminderOffsets;
use crate::graphql::errors::{ApiError, ApiResult, Outcome, TxError, check_version};
use crate::graphql::ids::{NodeType, row_id};
use crate::identity::authorization::{Acting, signed_in};
use crate::identity::{Viewer, viewer};
use crate::transaction;

/// A kind of record that changes go through the pipeline for.
pub trait Record: Sized + Send + Sync {
    /// The type of the ids that name it in inputs.
    const NODE: NodeType;
    /// Its changed columns; applied at the loaded version.
    type Changes: Send + Sync;
    /// What else a decision may ask storage to write.
    type Write: Send + Sync;

    /// The record as `viewer` sees it; `None` when missing or hidden.
    fn load(
        conn: &mut Conn<'_>,
        viewer: &Viewer,
        id: i64,
    ) -> impl Future<Output = Result<Option<Self>, TxError>> + Send;

    fn version(&self) -> i32;

    /// What audit rows and events are about.
    fn subject(&self) -> (NodeType, i64);

    /// What its clocks run on; the subject unless a part says otherwise.
    fn clock_subject(&self) -> (NodeType, i64) {
        self.subject()
    }

    /// The organization on `side`.
    fn party(&self, side: Side) -> i64;

    /// The region public bodies act on it in.
    fn region_id(&self) -> i64;

    /// The organization it is, for the actors that act on organizations
    /// ([`Actor::Steward`], [`Actor::Above`], [`Actor::Administrator`]).
    fn organization(&self) -> Option<i64> {
        None
    }

    /// Stores `changes` at the loaded version: `None` when someone changed
    /// it meanwhile.
    fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &Self::Changes,
        now: NaiveDateTime,
    ) -> impl Future<Output = Result<Option<Self>, TxError>> + Send;

    /// Performs one write of a decision.
    fn write(
        &mut self,
        conn: &mut Conn<'_>,
        write: Self::Write,
        now: NaiveDateTime,
    ) -> impl Future<Output = Result<(), TxError>> + Send;

    /// What every event about it carries (names, not ids, of the parties).
    fn payload(&self, conn: &mut Conn<'_>) -> impl Future<Output = Result<Value, TxError>> + Send;

    /// Who follows it besides the parties (an agreement's associations).
    fn followers(
        &self,
        _conn: &mut Conn<'_>,
    ) -> impl Future<Output = Result<Vec<i64>, TxError>> + Send {
        async { Ok(Vec::new()) }
    }

    /// The public bodies overseeing it (the reviewing administration).
    fn overseers(
        &self,
        _conn: &mut Conn<'_>,
    ) -> impl Future<Output = Result<Vec<i64>, TxError>> + Send {
        async { Ok(Vec::new()) }
    }
}

/// The facts a rule needs beyond the record, loaded after the checks.
pub trait Facts<R: Record, C: ?Sized>: Sized + Send + Sync {
    fn load(
        conn: &mut Conn<'_>,
        record: &R,
        change: &C,
        act: &Act,
    ) -> impl Future<Output = Result<Self, TxError>> + Send;
}

impl<R: Record, C: Sync + ?Sized> Facts<R, C> for () {
    async fn load(_: &mut Conn<'_>, _: &R, _: &C, _: &Act) -> Result<(), TxError> {
        Ok(())
    }
}

/// A change of a record: the facts it needs and its rule.
pub trait Change<R: Record>: Send + Sync {
    type Facts: Facts<R, Self>;

    /// The rule: a decision, or user errors naming fields.
    fn decide(&self, record: &R, facts: &Self::Facts, act: &Act) -> Ruling<R>;

    /// What follows in the same transaction once the decision is stored
    /// (a renewal retiring its predecessor).
    fn then(
        &self,
        _conn: &mut Conn<'_>,
        _record: &R,
        _act: &Act,
        _env: &Env<'_>,
    ) -> impl Future<Output = Result<(), TxError>> + Send {
        async { Ok(()) }
    }
}

/// A change asked for through the API: which record, who may make it, and
/// the version it is based on.
pub trait Input<R: Record>: Change<R> {
    /// The id the input names.
    fn id(&self) -> &ID;

    /// Who may make the change.
    fn who(&self, record: &R) -> Actor;

    /// The version the change is based on, when the input gives one.
    fn expected_version(&self) -> Option<i32> {
        None
    }
}

/// Whether `viewer` sees the record `id` of type `R`: the check of an
/// event about it, whoever sees the record sees the event.
pub async fn seen<R: Record>(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    id: i64,
) -> Result<bool, ApiError> {
    R::load(conn, viewer, id)
        .await
        .map(|found| found.is_some())
        .map_err(TxError::into_api)
}

/// Implements [`Input`] for a mutation's input type: the field holding
/// the record's id, optionally the field holding `expectedVersion`, and who
/// may act as a closure over the input and the record.
///
/// ```text
/// input!(IssueOfferInput => OfferRow {
///     id: id, version: expected_version,
///     who: |_input, offer| Actor::Side(offer.initiating_side)
/// });
/// ```
#[macro_export]
macro_rules! input {
    ($input:ty => $record:ty { id: $($id:ident).+ $(, version: $($version:ident).+)?, who: |$this:pat_param, $rec:pat_param| $who:expr $(,)? }) => {
        impl $crate::change::Input<$record> for $input {
            fn id(&self) -> &async_graphql::ID {
                &self.$($id).+
            }
            fn who(&self, record: &$record) -> $crate::change::Actor {
                let who = |$this: &Self, $rec: &$record| $who;
                who(self, record)
            }
            $(fn expected_version(&self) -> Option<i32> {
                Some(self.$($version).+)
            })?
        }
    };
}

/// What a change runs with besides its input.
#[derive(Clone, Copy)]
pub struct Env<'a> {
    pub now: NaiveDateTime,
    pub reminders: &'a ReminderOffsets,
    /// The operation named in the audit trail.
    pub operation: &'a str,
    /// Whether changes are recorded in the audit trail only, their events
    /// told to nobody (the demo's history).
    pub quiet: bool,
}

impl<'a> Env<'a> {
    /// The environment of a mutation: now, and its field name as the operation.
    pub fn of(ctx: &'a Context<'_>) -> Env<'a> {
        let services = services(ctx);
        Env::at(
            stored(services.clock.now()),
            &services.reminders,
            ctx.field().name(),
        )
    }

    /// The environment of a change the system makes at `now`.
    pub fn at(now: NaiveDateTime, reminders: &'a ReminderOffsets, operation: &'a str) -> Env<'a> {
        Env {
            now,
            reminders,
            operation,
            quiet: false,
        }
    }
}

/// Runs a mutation's change: the checks, the rule and the storing, in one
/// transaction. The operation in the audit trail is the mutation's field name.
pub async fn run<R: Record, C: Input<R>>(ctx: &Context<'_>, change: C) -> ApiResult<Outcome<R>> {
    let viewer = viewer(ctx);
    signed_in(viewer)?;
    let id = row_id(change.id(), R::NODE)?;
    let services = services(ctx);
    let env = Env::of(ctx);
    let result = transaction!(services.db, |conn| {
        checked(conn, viewer, id, &change, &env).await
    });
    Outcome::of(result)
}

async fn checked<R: Record, C: Input<R>>(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    id: i64,
    change: &C,
    env: &Env<'_>,
) -> Result<R, TxError> {
    let record = R::load(conn, viewer, id).await?.ok_or(ApiError::NotFound)?;
    let act = actor::act(conn, viewer, &record, change.who(&record), env.now).await?;
    if let Some(expected) = change.expected_version() {
        check_version(record.version(), expected)?;
    }
    apply(conn, record, change, act, env).await
}

/// Applies a change the system makes (the scheduler's transitions, a
/// renewal retiring its predecessor) to a record loaded by the caller, in
/// the caller's transaction: no acting or version checks.
pub async fn settle<R: Record, C: Change<R>>(
    conn: &mut Conn<'_>,
    record: R,
    change: &C,
    acting: Acting,
    env: &Env<'_>,
) -> Result<R, TxError> {
    let act = Act {
        acting,
        side: None,
        now: env.now,
    };
    apply(conn, record, change, act, env).await
}

async fn apply<R: Record, C: Change<R>>(
    conn: &mut Conn<'_>,
    record: R,
    change: &C,
    act: Act,
    env: &Env<'_>,
) -> Result<R, TxError> {
    let facts = C::Facts::load(conn, &record, change, &act).await?;
    let decision = change.decide(&record, &facts, &act)?;
    let record = decision::store(conn, record, decision, act.acting, env).await?;
    change.then(conn, &record, &act, env).await?;
    Ok(record)
}
