//! Risk bulletins (seed 004 §九: 风险信息由市协调劳动关系三方委员会办公室统一
//! 发布，或授权有关部门发布): published by the city office, or by a district
//! office the city office has authorized, and seen by every signed-in user.
//! The city office authorizes and withdraws.

use std::convert::Infallible;

use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;
use serde_json::{Value, json};

use crate::change::{
    Act, Actor, Audience, Change, Decision, Env, Record, Ruling, Side, run, store,
};
use crate::context::services;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{bulletin_authorizations, risk_bulletins};
use crate::events::kinds::EventKind;
use crate::graphql::connection::{ConnectionOf, connection_by_time, page_request};
use crate::graphql::errors::{
    ApiError, ApiResult, Outcome, TxError, UserErrorCode, UserErrors, refused,
};
use crate::graphql::ids::{NodeType, encode};
use crate::graphql::text;
use crate::identity::authorization::{Acting, act_as_city_office, signed_in};
use crate::identity::{Viewer, viewer};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::objects::{Organization, named, named_one};
use crate::organizations::places::{organization, region};
use crate::organizations::record::OrganizationWrite;
use crate::organizations::storage::{self as organizations, OrganizationRow};
use crate::{load_page_by_time, on, transaction};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable)]
#[diesel(table_name = risk_bulletins, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct BulletinRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub title: String,
    pub body: String,
    pub published_by_id: i64,
    pub published_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdraw_reason: Option<String>,
    pub version: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Changed columns of a bulletin: its withdrawal.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = risk_bulletins)]
pub struct BulletinChanges {
    pub withdrawn_at: NaiveDateTime,
    pub withdraw_reason: String,
}

pub async fn insert(conn: &mut Conn<'_>, row: &BulletinRow) -> QueryResult<BulletinRow> {
    on!(conn, |c| diesel::insert_into(risk_bulletins::table)
        .values(row)
        .returning(BulletinRow::as_returning())
        .get_result(c)
        .await)
}

pub async fn bulletins_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<BulletinRow>> {
    on!(conn, |c| risk_bulletins::table
        .filter(risk_bulletins::id.eq_any(ids))
        .select(BulletinRow::as_select())
        .load(c)
        .await)
}

/// A page of bulletins, the latest first when read backward; withdrawn
/// ones only when asked for.
async fn bulletins_page(
    conn: &mut Conn<'_>,
    withdrawn: bool,
    page: &PageRequest,
) -> QueryResult<Page<BulletinRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = risk_bulletins::table.into_boxed();
            if !withdrawn {
                query = query.filter(risk_bulletins::withdrawn_at.is_null());
            }
            query.select(BulletinRow::as_select())
        };
        Ok(load_page_by_time!(
            c,
            query(),
            risk_bulletins::published_at,
            risk_bulletins::id,
            page
        ))
    })
}

/// Authorizes an office to publish (`by` the city office), or ends its
/// authorization (`None`).
pub async fn authorize(
    conn: &mut Conn<'_>,
    office: i64,
    by: Option<i64>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        diesel::delete(bulletin_authorizations::table.find(office))
            .execute(c)
            .await?;
        if let Some(by) = by {
            diesel::insert_into(bulletin_authorizations::table)
                .values((
                    bulletin_authorizations::office_id.eq(office),
                    bulletin_authorizations::authorized_by_id.eq(by),
                    bulletin_authorizations::authorized_at.eq(now),
                ))
                .execute(c)
                .await?;
        }
        Ok(())
    })
}

/// The offices authorized to publish.
async fn authorized(conn: &mut Conn<'_>) -> QueryResult<Vec<i64>> {
    on!(conn, |c| bulletin_authorizations::table
        .order(bulletin_authorizations::office_id)
        .select(bulletin_authorizations::office_id)
        .load(c)
        .await)
}

/// Through which office the viewer may publish: the city office, or an
/// office it authorized.
async fn publisher(conn: &mut Conn<'_>, viewer: &Viewer) -> Result<Acting, TxError> {
    if let Ok(acting) = act_as_city_office(viewer) {
        return Ok(acting);
    }
    let user = signed_in(viewer)?;
    let allowed = authorized(conn).await?;
    let office = user.memberships.iter().find(|m| {
        m.role.may_act()
            && m.kind == OrganizationKind::TripartiteOffice
            && allowed.contains(&m.organization_id)
    });
    office
        .map(|m| Acting {
            user_id: Some(user.user_id),
            organization_id: Some(m.organization_id),
        })
        .ok_or_else(|| ApiError::Forbidden.into())
}

/// Every signed-in user sees every bulletin; the offices, administrations
/// and federations where the publisher serves are told of it.
impl Record for BulletinRow {
    const NODE: NodeType = NodeType::RiskBulletin;
    type Changes = BulletinChanges;
    type Write = Infallible;

    async fn load(conn: &mut Conn<'_>, viewer: &Viewer, id: i64) -> Result<Option<Self>, TxError> {
        if matches!(viewer, Viewer::Anonymous) {
            return Ok(None);
        }
        Ok(bulletins_by_ids(conn, &[id]).await?.pop())
    }

    fn version(&self) -> i32 {
        self.version
    }

    fn subject(&self) -> (NodeType, i64) {
        (NodeType::RiskBulletin, self.id)
    }

    fn party(&self, _: Side) -> i64 {
        self.published_by_id
    }

    /// Bulletins are the city office's: it acts on them wherever they apply.
    fn region_id(&self) -> i64 {
        0
    }

    async fn store(
        &self,
        conn: &mut Conn<'_>,
        changes: &BulletinChanges,
        now: NaiveDateTime,
    ) -> Result<Option<Self>, TxError> {
        Ok(crate::update_at_version!(
            conn,
            risk_bulletins,
            BulletinRow,
            self.id,
            self.version,
            changes,
            now
        )?)
    }

    async fn write(
        &mut self,
        _: &mut Conn<'_>,
        write: Infallible,
        _: NaiveDateTime,
    ) -> Result<(), TxError> {
        match write {}
    }

    async fn payload(&self, conn: &mut Conn<'_>) -> Result<Value, TxError> {
        let office = organization(conn, self.published_by_id).await?;
        Ok(json!({
            "riskBulletin": encode(NodeType::RiskBulletin, self.id),
            "title": self.title,
            "office": office.name,
            "reason": self.withdraw_reason,
        }))
    }

    /// The offices, administrations and federations in the publisher's region subtree.
    async fn followers(&self, conn: &mut Conn<'_>) -> Result<Vec<i64>, TxError> {
        let office = organization(conn, self.published_by_id).await?;
        let Some(region) = region(conn, office.region_id).await? else {
            return Ok(Vec::new());
        };
        let regions = organizations::region_ids_within(conn, &region.path).await?;
        Ok(organizations::public_bodies_in(conn, &regions).await?)
    }
}

/// A risk bulletin.
#[derive(Clone)]
pub struct RiskBulletin(pub BulletinRow);

/// A labour-relations risk bulletin (风险信息发布), for every signed-in user.
#[Object]
impl RiskBulletin {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::RiskBulletin, self.0.id)
    }
    /// Its title.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Its text.
    async fn body(&self) -> &str {
        &self.0.body
    }
    /// The office that published it.
    async fn published_by(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        named_one(ctx, Some(self.0.published_by_id)).await
    }
    /// When it was published.
    async fn published_at(&self) -> DateTime<Utc> {
        self.0.published_at.and_utc()
    }
    /// When the city office withdrew it; null while it stands.
    async fn withdrawn_at(&self) -> Option<DateTime<Utc>> {
        self.0.withdrawn_at.map(|t| t.and_utc())
    }
    /// Why it was withdrawn.
    async fn withdraw_reason(&self) -> Option<&str> {
        self.0.withdraw_reason.as_deref()
    }
}

crate::payloads!(
    bulletin: RiskBulletin(BulletinRow),
    "The bulletin as it is now; null when the input was refused.";
    /// Result of `publishRiskBulletin`.
    PublishRiskBulletinPayload,
    /// Result of `withdrawRiskBulletin`.
    WithdrawRiskBulletinPayload,
);

crate::payloads!(
    office: Organization(OrganizationRow) = Organization::full,
    "The office as it is now; null when the input was refused.";
    /// Result of `authorizeRiskBulletins`.
    AuthorizeRiskBulletinsPayload,
);

/// Input of `publishRiskBulletin`.
#[derive(InputObject)]
pub struct PublishRiskBulletinInput {
    /// Its title.
    pub title: String,
    /// Its text.
    pub body: String,
}

/// Input of `withdrawRiskBulletin`.
#[derive(InputObject)]
pub struct WithdrawRiskBulletinInput {
    /// The bulletin.
    pub risk_bulletin_id: ID,
    /// Why.
    pub reason: String,
}

crate::input!(WithdrawRiskBulletinInput => BulletinRow {
    id: risk_bulletin_id,
    who: |_, _| Actor::CityOffice
});

impl Change<BulletinRow> for WithdrawRiskBulletinInput {
    type Facts = ();

    fn decide(&self, bulletin: &BulletinRow, _: &(), act: &Act) -> Ruling<BulletinRow> {
        let reason = text::required(&["reason"], &self.reason, 1_000).map_err(|e| vec![e])?;
        withdraw(bulletin, reason, act.now)
    }
}

/// Withdraws a standing bulletin; its readers' bodies are told.
pub fn withdraw(bulletin: &BulletinRow, reason: String, now: NaiveDateTime) -> Ruling<BulletinRow> {
    if bulletin.withdrawn_at.is_some() {
        return Err(refused(
            "riskBulletinId",
            UserErrorCode::RuleViolated,
            "the bulletin is already withdrawn",
        ));
    }
    Ok(
        Decision::new(EventKind::RiskBulletinWithdrawn, [Audience::Followers]).change(
            BulletinChanges {
                withdrawn_at: now,
                withdraw_reason: reason,
            },
        ),
    )
}

/// Input of `authorizeRiskBulletins`.
#[derive(InputObject)]
pub struct AuthorizeRiskBulletinsInput {
    /// A district tripartite office.
    pub office_id: ID,
    /// Whether it may publish bulletins.
    pub authorized: bool,
}

crate::input!(AuthorizeRiskBulletinsInput => OrganizationRow {
    id: office_id,
    who: |_, _| Actor::CityOffice
});

impl Change<OrganizationRow> for AuthorizeRiskBulletinsInput {
    type Facts = ();

    fn decide(&self, office: &OrganizationRow, _: &(), act: &Act) -> Ruling<OrganizationRow> {
        if office.kind != OrganizationKind::TripartiteOffice || office.city_office {
            return Err(refused(
                "officeId",
                UserErrorCode::RuleViolated,
                "only a district tripartite office is authorized to publish",
            ));
        }
        let by = self
            .authorized
            .then_some(act.acting.organization_id)
            .flatten();
        Ok(
            Decision::new(EventKind::OrganizationUpdated, [Audience::Parties])
                .write(OrganizationWrite::Bulletins(by))
                .details(json!({ "bulletins": self.authorized })),
        )
    }
}

/// Mutations of risk bulletins.
#[derive(Default)]
pub struct BulletinMutation;

#[Object]
impl BulletinMutation {
    /// Publishes a risk bulletin for every signed-in user; the offices,
    /// administrations and federations where the publisher serves are told.
    /// For the city tripartite office, or a district office it authorized.
    async fn publish_risk_bulletin(
        &self,
        ctx: &Context<'_>,
        input: PublishRiskBulletinInput,
    ) -> ApiResult<PublishRiskBulletinPayload> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let title = errors.keep(text::required(&["title"], &input.title, 200));
        let body = errors.keep(text::required(&["body"], &input.body, 20_000));
        let (Some(title), Some(body)) = (title, body) else {
            return PublishRiskBulletinPayload::from_outcome(Ok(Outcome::Rejected(
                errors.into_vec(),
            )));
        };
        let result = transaction!(services(ctx).db, |conn| {
            let acting = publisher(conn, viewer).await?;
            let row = BulletinRow {
                id: 0,
                title: title.clone(),
                body: body.clone(),
                published_by_id: acting.organization_id.unwrap_or_default(),
                published_at: env.now,
                withdrawn_at: None,
                withdraw_reason: None,
                version: 1,
                created_at: env.now,
                updated_at: env.now,
            };
            let row = insert(conn, &row).await?;
            let decision = Decision::new(EventKind::RiskBulletinPublished, [Audience::Followers]);
            store(conn, row, decision, acting, &env).await
        });
        PublishRiskBulletinPayload::from_outcome(Outcome::of(result))
    }

    /// Withdraws a bulletin. For the city tripartite office.
    async fn withdraw_risk_bulletin(
        &self,
        ctx: &Context<'_>,
        input: WithdrawRiskBulletinInput,
    ) -> ApiResult<WithdrawRiskBulletinPayload> {
        WithdrawRiskBulletinPayload::from_outcome(run(ctx, input).await)
    }

    /// Authorizes a district tripartite office to publish risk bulletins, or
    /// ends its authorization. For the city tripartite office.
    async fn authorize_risk_bulletins(
        &self,
        ctx: &Context<'_>,
        input: AuthorizeRiskBulletinsInput,
    ) -> ApiResult<AuthorizeRiskBulletinsPayload> {
        AuthorizeRiskBulletinsPayload::from_outcome(run(ctx, input).await)
    }
}

/// Queries of risk bulletins.
#[derive(Default)]
pub struct BulletinQuery;

#[Object]
impl BulletinQuery {
    /// Risk bulletins, oldest first (read backward with `last` for the
    /// latest); withdrawn ones only when asked for. For every signed-in user.
    async fn risk_bulletins(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Include withdrawn bulletins.")] withdrawn: Option<bool>,
        #[graphql(desc = "Returns the first n bulletins (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the bulletins after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n bulletins (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the bulletins before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<RiskBulletin>> {
        signed_in(viewer(ctx))?;
        let page = page_request(ctx, first, after, last, before)?;
        let mut pooled = services(ctx).db.get().await?;
        let rows = bulletins_page(&mut pooled.conn(), withdrawn.unwrap_or(false), &page).await?;
        Ok(connection_by_time(
            rows,
            |row| (row.id, row.published_at),
            RiskBulletin,
        ))
    }

    /// The district offices the city office authorized to publish bulletins.
    async fn risk_bulletin_publishers(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        signed_in(viewer(ctx))?;
        let mut pooled = services(ctx).db.get().await?;
        let ids = authorized(&mut pooled.conn()).await?;
        drop(pooled);
        named(ctx, &ids).await
    }
}
