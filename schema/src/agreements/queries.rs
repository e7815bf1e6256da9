//! The agreement list, the labour administration's review queue and the
//! association's totals.

use std::collections::{HashMap, HashSet};

use async_graphql::{Context, Enum, ID, InputObject, Object};
use chrono::Duration;

use super::kinds::{AgreementKind, AgreementStatus};
use super::loaders::{BoundEmployersKey, LatestReviewKey, VersionKey, clock};
use super::objects::{Agreement, AgreementReview, AgreementTotals};
use super::storage::{self, AgreementFilter, AgreementRow, AgreementSort};
use super::visibility;
use crate::context::{load_many, preload, services};
use crate::db::page::Sorted;
use crate::deadlines::counting::local_date;
use crate::deadlines::kinds::DeadlineKind;
use crate::graphql::connection::{
    ConnectionOf, OrderDirection, connection, connection_sorted, foreign_cursor, page_request,
};
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::filter_id as id_of;
use crate::graphql::ids::{NodeType, decode_as};
use crate::identity::authorization::signed_in;
use crate::identity::viewer;
use crate::organizations::kinds::{IndustrySection, OrganizationKind};
use crate::organizations::objects::{named, preload_named};
use crate::organizations::places::region_subtree;
use crate::organizations::storage::EmployerSearch;
use crate::organizations::{
    storage as organization_storage, visibility as organization_visibility,
};

/// The order of the `agreements` list; ties go by id.
#[derive(InputObject)]
pub struct AgreementOrder {
    pub field: AgreementOrderField,
    #[graphql(default)]
    pub direction: OrderDirection,
}

/// What the agreement list may be sorted by.
#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementOrderField {
    /// The last day of the term; agreements without a term after all others.
    TermEnd,
    /// When it was last filed for review; unfiled ones after all others.
    Filed,
}

/// Filter of the agreement list.
#[derive(InputObject, Default)]
pub struct AgreementFilterInput {
    /// Only agreements of these kinds.
    pub kinds: Option<Vec<AgreementKind>>,
    /// Only agreements in these states.
    pub statuses: Option<Vec<AgreementStatus>>,
    /// Only agreements of this region or below it, or binding an employer there.
    pub region: Option<ID>,
    /// Only agreements binding this employer.
    pub employer: Option<ID>,
    /// Only agreements binding a member of this association.
    pub association: Option<ID>,
    /// Only agreements binding an employer of these industry sections.
    pub industry_sections: Option<Vec<IndustrySection>>,
    /// Only agreements in force whose term ends within this many days.
    pub expiring_within_days: Option<i32>,
    /// Only agreements binding an employer whose name contains this text.
    pub employer_name_contains: Option<String>,
    /// Only agreements binding the employer of this unified social credit code.
    pub employer_credit_code: Option<String>,
}

/// Queries of agreements.
#[derive(Default)]
pub struct AgreementQuery;

// A list field takes its filter, its order and the four paging arguments.
#[allow(clippy::too_many_arguments)]
#[Object]
impl AgreementQuery {
    /// Agreements the viewer may see: those its organizations are party to
    /// or bound by; for an association, those binding its members; for
    /// offices, labour administrations and federations, those of their region.
    async fn agreements(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Which agreements to list.")] filter: Option<AgreementFilterInput>,
        #[graphql(desc = "How to sort them; by id (the order of recording) when omitted.")]
        order_by: Option<AgreementOrder>,
        #[graphql(desc = "Returns the first n agreements (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the agreements after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n agreements (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the agreements before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<Agreement>> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let input = filter.unwrap_or_default();
        let services = services(ctx);
        let mut pooled = services.db.get().await?;
        let conn = &mut pooled.conn();
        let region_ids = match id_of(input.region.as_ref(), NodeType::Region, "region")? {
            Some(root) => Some(region_subtree(conn, viewer, root).await?),
            None => None,
        };
        let today = local_date(services.clock.now());
        let filter = AgreementFilter {
            kinds: input.kinds.unwrap_or_default(),
            statuses: input.statuses.unwrap_or_default(),
            region_ids,
            employer: id_of(input.employer.as_ref(), NodeType::Organization, "employer")?,
            association: id_of(
                input.association.as_ref(),
                NodeType::Organization,
                "association",
            )?,
            industry_sections: input.industry_sections.unwrap_or_default(),
            expiring_by: input
                .expiring_within_days
                .map(|days| today + Duration::days(i64::from(days.clamp(0, 3650)))),
            employer_search: EmployerSearch::new(
                input.employer_name_contains.as_deref(),
                input.employer_credit_code.as_deref(),
            ),
        };
        let visible = visibility::agreements(viewer).within(&filter);
        let Some(order) = order_by else {
            let rows = storage::agreements_page(conn, &filter, &visible, &page).await?;
            drop(pooled);
            prefetch(ctx, &rows.rows.iter().collect::<Vec<_>>()).await?;
            return Ok(connection(rows, |row| row.id, Agreement));
        };
        let order = Sorted {
            field: match order.field {
                AgreementOrderField::TermEnd => AgreementSort::TermEnd,
                AgreementOrderField::Filed => AgreementSort::Filed,
            },
            descending: order.direction == OrderDirection::Desc,
        };
        let rows = storage::agreements_sorted(conn, &filter, &visible, &page, order)
            .await?
            .ok_or_else(foreign_cursor)?;
        drop(pooled);
        prefetch(
            ctx,
            &rows.rows.iter().map(|(row, _)| row).collect::<Vec<_>>(),
        )
        .await?;
        Ok(connection_sorted(rows, |row| row.id, Agreement))
    }

    /// Filings awaiting review, oldest first: for a labour administration,
    /// those it reviews; for others, those they may see.
    async fn agreement_review_queue(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "Returns the first n filings (at most 100).")] first: Option<i32>,
        #[graphql(desc = "Returns the filings after this cursor.")] after: Option<String>,
        #[graphql(desc = "Returns the last n filings (at most 100).")] last: Option<i32>,
        #[graphql(desc = "Returns the filings before this cursor.")] before: Option<String>,
    ) -> ApiResult<ConnectionOf<AgreementReview>> {
        let viewer = viewer(ctx);
        let user = signed_in(viewer)?;
        let page = page_request(ctx, first, after, last, before)?;
        let administrations: Vec<i64> = user
            .memberships
            .iter()
            .filter(|m| m.kind == OrganizationKind::LabourAdministration)
            .map(|m| m.organization_id)
            .collect();
        let reviewers = (!administrations.is_empty()).then_some(administrations.as_slice());
        let mut pooled = services(ctx).db.get().await?;
        let rows = storage::review_queue_page(
            &mut pooled.conn(),
            reviewers,
            &visibility::agreements(viewer),
            &page,
        )
        .await?;
        drop(pooled);
        preload(
            ctx,
            rows.rows
                .iter()
                .map(|r| clock(r.agreement_id, DeadlineKind::AgreementReview)),
        )
        .await?;
        Ok(connection(rows, |row| row.id, AgreementReview))
    }

    /// Totals over the agreements of an association's members, as far as the
    /// viewer may see them.
    async fn association_agreement_totals(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The employer association.")] association: ID,
    ) -> ApiResult<AgreementTotals> {
        let viewer = viewer(ctx);
        signed_in(viewer)?;
        let id = decode_as(&association, NodeType::Organization).ok_or(ApiError::NotFound)?;
        let services = services(ctx);
        let mut pooled = services.db.get().await?;
        let conn = &mut pooled.conn();
        let found = organization_storage::organizations_by_ids(
            conn,
            &[id],
            &organization_visibility::organizations(viewer),
        )
        .await?
        .pop()
        .filter(|o| o.kind == OrganizationKind::EmployerAssociation)
        .ok_or(ApiError::NotFound)?;
        let members = storage::members_with_headcount(conn, found.id).await?;
        let member_ids: Vec<i64> = members.iter().map(|(id, _)| *id).collect();
        let binding = storage::agreements_binding(conn, &member_ids).await?;
        let ids: Vec<i64> = binding.iter().map(|(_, a)| a.id).collect();
        let seen: HashSet<i64> =
            storage::agreements_by_ids(conn, &ids, &visibility::agreements(viewer))
                .await?
                .into_iter()
                .map(|a| a.id)
                .collect();
        let binding: Vec<(i64, AgreementRow)> = binding
            .into_iter()
            .filter(|(_, a)| seen.contains(&a.id))
            .collect();
        let mut agreements: HashMap<i64, &AgreementRow> = HashMap::new();
        for (_, agreement) in &binding {
            agreements.insert(agreement.id, agreement);
        }
        let expired: Vec<i64> = agreements
            .values()
            .filter(|a| a.status == AgreementStatus::Expired)
            .map(|a| a.id)
            .collect();
        let renewed: HashSet<i64> = storage::successors_of(conn, &expired)
            .await?
            .into_iter()
            .map(|(predecessor, _)| predecessor)
            .collect();
        drop(pooled);
        let today = local_date(services.clock.now());
        let in_force = |a: &AgreementRow| a.status == AgreementStatus::Effective;
        let covered: HashSet<i64> = binding
            .iter()
            .filter(|(_, a)| in_force(a))
            .map(|(employer, _)| *employer)
            .collect();
        let with_contract: HashSet<i64> = binding
            .iter()
            .filter(|(_, a)| in_force(a) && a.kind != AgreementKind::SpecialContract)
            .filter(|(_, a)| a.kind.is_contract())
            .map(|(employer, _)| *employer)
            .collect();
        let without: Vec<i64> = member_ids
            .iter()
            .copied()
            .filter(|id| !with_contract.contains(id))
            .collect();
        let members_without_collective_contract = named(ctx, &without).await?;
        let count = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
        Ok(AgreementTotals {
            effective: count(agreements.values().filter(|a| in_force(a)).count()),
            expiring_within_90_days: count(
                agreements
                    .values()
                    .filter(|a| in_force(a))
                    .filter(|a| {
                        a.term_ends_on
                            .is_some_and(|end| end <= today + Duration::days(90))
                    })
                    .count(),
            ),
            expired_without_renewal: count(
                expired.iter().filter(|id| !renewed.contains(id)).count(),
            ),
            workers_covered: members
                .iter()
                .filter(|(id, _)| covered.contains(id))
                .map(|(_, headcount)| i64::from(*headcount))
                .sum(),
            members: count(member_ids.len()),
            members_without_collective_contract,
        })
    }
}

/// Loads, one batch per kind, the related objects the query selects for a
/// page of agreements, so that a page of 100 costs the statements of 10.
async fn prefetch(ctx: &Context<'_>, agreements: &[&AgreementRow]) -> ApiResult<()> {
    let node = ctx.look_ahead().field("edges").field("node");
    // The parties and the employers bound, named in one batch.
    let mut named = Vec::new();
    if node.field("workersParty").exists() || node.field("employerParty").exists() {
        named.extend(
            agreements
                .iter()
                .flat_map(|a| [a.workers_party_id, a.employer_party_id]),
        );
    }
    if node.field("employers").exists() {
        let keys = || agreements.iter().map(|a| BoundEmployersKey(a.id));
        preload(ctx, keys()).await?;
        named.extend(load_many(ctx, keys()).await?.into_values().flatten());
    }
    if !named.is_empty() {
        preload_named(ctx, &named).await?;
    }
    if node.field("clauses").exists() {
        let keys = agreements.iter().map(|a| VersionKey(a.id, a.text_version));
        preload(ctx, keys).await?;
    }
    if node.field("latestFiling").exists() {
        preload(ctx, agreements.iter().map(|a| LatestReviewKey(a.id))).await?;
    }
    let clocks = [
        ("filingDeadline", DeadlineKind::AgreementFiling),
        ("reviewDeadline", DeadlineKind::AgreementReview),
        ("publicationDeadline", DeadlineKind::AgreementPublication),
        ("termDeadline", DeadlineKind::AgreementTerm),
        ("renewalDeadline", DeadlineKind::AgreementRenewal),
    ];
    for (field, kind) in clocks {
        if node.field(field).exists() {
            preload(ctx, agreements.iter().map(|a| clock(a.id, kind))).await?;
        }
    }
    Ok(())
}
