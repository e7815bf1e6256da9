//! GraphQL objects of the organizations area. Resolvers are thin: related
//! objects come through the loader, lists through storage.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::kinds::{IndustrySection, OperatingStatus, OrganizationKind, RegionKind};
use super::loaders::{AssociationsOfEmployerKey, NamedKey, ProfileKey, UnionOfEmployerKey};
use super::storage::{self, EmployerProfileRow, OrganizationFilter, OrganizationRow, RegionRow};
use super::visibility;
use crate::context::services;
use crate::graphql::connection::{ConnectionOf, connection, page_request};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::{NodeType, encode};
use crate::identity::objects::{Membership, visible_users_by_id};
use crate::identity::storage as identity_storage;
use crate::identity::viewer;

fn utc(naive: chrono::NaiveDateTime) -> DateTime<Utc> {
    naive.and_utc()
}

/// How much of an organization a reader gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Everything the reader's memberships allow: it passes their filter.
    Full,
    /// Its card only (id, kind, name, region, version): an organization an
    /// object must name (a party, the employers a contract binds, a parent)
    /// though the reader may not see it through `node`.
    Card,
}

/// The organizations nested fields name, in the order of `ids`: in full
/// those the reader may see through `node`, the others as cards. Every
/// nested field that names an organization comes through here, or through
/// [`seen`] when it lists relations the reader need not know of.
pub async fn named(ctx: &Context<'_>, ids: &[i64]) -> ApiResult<Vec<Organization>> {
    let visible = crate::context::visible_organizations(ctx);
    let keys = ids.iter().map(|id| NamedKey(*id, visible.clone()));
    let mut found = crate::context::load_many(ctx, keys).await?;
    Ok(ids
        .iter()
        .filter_map(|id| found.remove(&NamedKey(*id, visible.clone())))
        .map(|(row, full)| Organization(row, if full { Reach::Full } else { Reach::Card }))
        .collect())
}

/// Loads the organizations of `ids` into the request's cache, as
/// [`crate::context::preload`], for a page whose items name them.
pub async fn preload_named(ctx: &Context<'_>, ids: &[i64]) -> ApiResult<()> {
    let visible = crate::context::visible_organizations(ctx);
    crate::context::preload(ctx, ids.iter().map(|id| NamedKey(*id, visible.clone()))).await
}

/// One organization a nested field names, as [`named`].
pub async fn named_one(ctx: &Context<'_>, id: Option<i64>) -> ApiResult<Option<Organization>> {
    let Some(id) = id else { return Ok(None) };
    Ok(named(ctx, &[id]).await?.pop())
}

/// The organizations of `ids` the reader may see through `node`, in order;
/// the others are left out.
pub async fn seen(ctx: &Context<'_>, ids: &[i64]) -> ApiResult<Vec<Organization>> {
    let all = named(ctx, ids).await?;
    Ok(all.into_iter().filter(|o| o.1 == Reach::Full).collect())
}

/// The GraphQL object of a stored row.
#[derive(Clone)]
pub struct Region(pub RegionRow);

/// An administrative region (行政区划): the city, or a district, county or
/// development zone under it.
#[Object]
impl Region {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Region, self.0.id)
    }

    /// Six-digit administrative division code (行政区划代码), e.g. `220102`.
    async fn code(&self) -> &str {
        &self.0.code
    }

    /// Name, e.g. `南关区`.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// Kind of region.
    async fn kind(&self) -> RegionKind {
        self.0.kind
    }

    /// The region above this one; null for the root.
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Region>> {
        let Some(parent) = self.0.parent_id else {
            return Ok(None);
        };
        Ok(crate::context::region(ctx, parent).await?.map(Region))
    }
}

/// The GraphQL object of a stored row, and how much of it the reader gets.
#[derive(Clone)]
pub struct Organization(pub OrganizationRow, pub Reach);

impl Organization {
    /// An organization the reader may see: from its own filtered list, `node`,
    /// or a mutation it was allowed to make.
    pub fn full(row: OrganizationRow) -> Organization {
        Organization(row, Reach::Full)
    }

    fn card(&self) -> bool {
        self.1 == Reach::Card
    }
}

/// An organization of the tripartite system: a union, an employer, an
/// employer association, a tripartite office (三方办) or a labour
/// administration (人社局).
///
/// Where an object must name an organization the reader may not see
/// through `node` (the other party, the employers a regional contract
/// binds), it comes as a card: its id, kind, name, region and version;
/// its links, profile, associations and members are empty.
#[Object]
impl Organization {
    /// Global id.
    pub async fn id(&self) -> ID {
        encode(NodeType::Organization, self.0.id)
    }

    /// Kind of organization.
    async fn kind(&self) -> OrganizationKind {
        self.0.kind
    }

    /// Full registered name.
    async fn name(&self) -> &str {
        &self.0.name
    }

    /// The region the organization belongs to.
    async fn region(&self, ctx: &Context<'_>) -> ApiResult<Region> {
        let row = crate::context::region(ctx, self.0.region_id).await?;
        row.map(Region)
            .ok_or_else(|| ApiError::internal("organization without region"))
    }

    /// The organization above this one: the higher union federation, or the
    /// office or administration of the level above.
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        if self.card() {
            return Ok(None);
        }
        named_one(ctx, self.0.parent_id).await
    }

    /// For a grassroots union (基层工会): the employer it belongs to.
    async fn employer(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        if self.card() {
            return Ok(None);
        }
        named_one(ctx, self.0.employer_id).await
    }

    /// For an employer: its grassroots union, if it has one.
    async fn grassroots_union(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        if self.0.kind != OrganizationKind::Employer || self.card() {
            return Ok(None);
        }
        let union = crate::context::load_one(ctx, UnionOfEmployerKey(self.0.id)).await?;
        named_one(ctx, union.map(|u| u.id)).await
    }

    /// For an employer: its registration and operating details.
    async fn employer_profile(&self, ctx: &Context<'_>) -> ApiResult<Option<EmployerProfile>> {
        if self.0.kind != OrganizationKind::Employer || self.card() {
            return Ok(None);
        }
        let profile = crate::context::load_one(ctx, ProfileKey(self.0.id)).await?;
        Ok(profile.map(EmployerProfile))
    }

    /// For an employer: the associations it is a member of that the reader may see.
    async fn associations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        if self.card() {
            return Ok(Vec::new());
        }
        let ids = crate::context::load_one(ctx, AssociationsOfEmployerKey(self.0.id))
            .await?
            .unwrap_or_default();
        seen(ctx, &ids).await
    }

    /// For an employer association: its member employers.
    async fn members(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Returns the first n members (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the members after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n members (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the members before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Organization>> {
        let page = page_request(ctx, first, after, last, before)?;
        if self.card() {
            let none = crate::db::page::Page {
                rows: Vec::new(),
                total: 0,
                has_previous: false,
                has_next: false,
            };
            return Ok(connection(none, |row| row.id, Organization::full));
        }
        let filter = OrganizationFilter {
            member_of: Some(self.0.id),
            kinds: vec![OrganizationKind::Employer],
            ..OrganizationFilter::default()
        };
        let visible = visibility::organizations(viewer(ctx));
        let mut pooled = services(ctx).db.get().await?;
        let rows =
            storage::organizations_page(&mut pooled.conn(), &filter, &visible, &page).await?;
        Ok(connection(rows, |row| row.id, Organization::full))
    }

    /// The organization's members and their roles. Visible to its members and
    /// to the city office's admins; anyone else gets `FORBIDDEN`.
    async fn memberships(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Returns the first n memberships (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the memberships after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n memberships (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the memberships before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Membership>> {
        if !viewer(ctx).sees_members_of(self.0.id) {
            return Err(ApiError::Forbidden);
        }
        let page = page_request(ctx, first, after, last, before)?;
        let mut pooled = services(ctx).db.get().await?;
        let conn = &mut pooled.conn();
        let rows = identity_storage::memberships_page(conn, self.0.id, &page).await?;
        let users = visible_users_by_id(ctx, conn, rows.rows.iter().map(|m| m.user_id)).await?;
        Ok(connection(
            rows,
            |m| m.user_id,
            |row| {
                let user = users.get(&row.user_id).cloned();
                Membership { row, user }
            },
        ))
    }

    /// Version for optimistic concurrency; pass it as `expectedVersion` when updating.
    async fn version(&self) -> i32 {
        self.0.version
    }

    /// When the organization was recorded.
    async fn created_at(&self) -> DateTime<Utc> {
        utc(self.0.created_at)
    }

    /// When the organization last changed.
    async fn updated_at(&self) -> DateTime<Utc> {
        utc(self.0.updated_at)
    }
}

/// The GraphQL object of a stored row.
pub struct EmployerProfile(pub EmployerProfileRow);

/// Registration and operating details of an employer (用人单位).
#[Object]
impl EmployerProfile {
    /// Unified social credit code (统一社会信用代码), 18 characters.
    async fn credit_code(&self) -> &str {
        &self.0.credit_code
    }

    /// Legal representative (法定代表人).
    async fn legal_representative(&self) -> &str {
        &self.0.legal_representative
    }

    /// Industry section of GB/T 4754-2017 (门类).
    async fn industry_section(&self) -> IndustrySection {
        self.0.industry_section
    }

    /// Two-digit industry division of GB/T 4754-2017 (大类), e.g. `36`.
    async fn industry_division(&self) -> &str {
        &self.0.industry_division
    }

    /// Number of workers employed.
    async fn headcount(&self) -> i32 {
        self.0.headcount
    }

    /// Registered address.
    async fn address(&self) -> &str {
        &self.0.address
    }

    /// Operating status.
    async fn operating_status(&self) -> OperatingStatus {
        self.0.operating_status
    }

    /// Whether this is a platform employer of new forms of employment (新就业形态),
    /// such as delivery, ride-hailing or freight platforms.
    async fn is_platform(&self) -> bool {
        self.0.is_platform
    }
}
