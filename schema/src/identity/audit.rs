//! The audit trail: every mutation records, in its own transaction, who
//! acted, for which organization, what they did to which subject, when, and
//! a short summary of the changed fields. Secrets never enter a summary.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::authorization::Acting;
use super::viewer::Viewer;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{audit_entries, organizations};
use crate::graphql::ids::NodeType;
use crate::{load_page, on};

#[derive(Debug, Clone, PartialEq, Queryable, Selectable)]
#[diesel(table_name = audit_entries, check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AuditEntryRow {
    pub id: i64,
    pub occurred_at: NaiveDateTime,
    pub actor_user_id: Option<i64>,
    pub acting_organization_id: Option<i64>,
    pub operation: String,
    pub subject_type: String,
    pub subject_id: i64,
    pub summary: String,
}

/// Has every instance forget the viewers and reads it keeps once the
/// transaction commits (PostgreSQL; on SQLite the commit itself is seen).
pub async fn announce(conn: &mut Conn<'_>) -> QueryResult<()> {
    if let Conn::Postgres(c) = conn {
        diesel::sql_query("SELECT pg_notify($1, '')")
            .bind::<diesel::sql_types::Text, _>(crate::identity::viewers::CHANNEL)
            .execute(&mut **c)
            .await?;
    }
    Ok(())
}

/// Records one change. `summary` lists the changed fields and their new values.
pub async fn record(
    conn: &mut Conn<'_>,
    now: NaiveDateTime,
    acting: Acting,
    operation: &str,
    subject: (NodeType, i64),
    summary: serde_json::Value,
) -> QueryResult<()> {
    announce(conn).await?;
    on!(conn, |c| {
        diesel::insert_into(audit_entries::table)
            .values((
                audit_entries::occurred_at.eq(now),
                audit_entries::actor_user_id.eq(acting.user_id),
                audit_entries::acting_organization_id.eq(acting.organization_id),
                audit_entries::operation.eq(operation),
                audit_entries::subject_type.eq(subject.0.prefix()),
                audit_entries::subject_id.eq(subject.1),
                audit_entries::summary.eq(summary.to_string()),
            ))
            .execute(c)
            .await
            .map(drop)
    })
}

/// The entries a viewer may see: the city office sees all; other offices
/// and administrations see those of organizations in their region subtree;
/// everyone sees their organizations' entries and their own.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditScope {
    pub everything: bool,
    pub organization_ids: Vec<i64>,
    pub region_ids: Vec<i64>,
    pub actor: Option<i64>,
}

pub fn visible(viewer: &Viewer) -> AuditScope {
    let user = match viewer {
        Viewer::System => {
            return AuditScope {
                everything: true,
                ..AuditScope::default()
            };
        }
        Viewer::Anonymous => return AuditScope::default(),
        Viewer::User(user) => user,
    };
    let mut scope = AuditScope {
        actor: Some(user.user_id),
        ..AuditScope::default()
    };
    for m in &user.memberships {
        scope.everything |= m.is_city_office();
        scope.organization_ids.push(m.organization_id);
        if m.is_public_body() {
            scope.region_ids.extend(&m.region_subtree);
        }
    }
    scope
}

/// Filters of the audit trail.
#[derive(Debug, Default)]
pub struct AuditFilter {
    pub ids: Option<Vec<i64>>,
    pub actor: Option<i64>,
    pub organization: Option<i64>,
    pub subject: Option<(NodeType, i64)>,
    pub from: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
}

pub async fn entries_page(
    conn: &mut Conn<'_>,
    filter: &AuditFilter,
    scope: &AuditScope,
    page: &PageRequest,
) -> QueryResult<Page<AuditEntryRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = audit_entries::table
                .select(AuditEntryRow::as_select())
                .into_boxed();
            if !scope.everything {
                let in_regions = organizations::table
                    .filter(organizations::region_id.eq_any(&scope.region_ids))
                    .select(organizations::id.nullable());
                query = query.filter(
                    audit_entries::acting_organization_id
                        .eq_any(
                            scope
                                .organization_ids
                                .iter()
                                .map(|id| Some(*id))
                                .collect::<Vec<_>>(),
                        )
                        .or(audit_entries::acting_organization_id.eq_any(in_regions))
                        .or(audit_entries::actor_user_id.eq(scope.actor)),
                );
            }
            if let Some(ids) = &filter.ids {
                query = query.filter(audit_entries::id.eq_any(ids));
            }
            if let Some(actor) = filter.actor {
                query = query.filter(audit_entries::actor_user_id.eq(actor));
            }
            if let Some(organization) = filter.organization {
                query = query.filter(audit_entries::acting_organization_id.eq(organization));
            }
            if let Some((subject_type, subject_id)) = filter.subject {
                query = query
                    .filter(audit_entries::subject_type.eq(subject_type.prefix()))
                    .filter(audit_entries::subject_id.eq(subject_id));
            }
            if let Some(from) = filter.from {
                query = query.filter(audit_entries::occurred_at.ge(from));
            }
            if let Some(until) = filter.until {
                query = query.filter(audit_entries::occurred_at.lt(until));
            }
            query
        };
        Ok(load_page!(c, query(), audit_entries::id, page))
    })
}

pub async fn entries_by_ids(
    conn: &mut Conn<'_>,
    ids: &[i64],
    scope: &AuditScope,
) -> QueryResult<Vec<AuditEntryRow>> {
    let filter = AuditFilter {
        ids: Some(ids.to_vec()),
        ..AuditFilter::default()
    };
    let page = PageRequest {
        size: ids.len(),
        ..PageRequest::default()
    };
    Ok(entries_page(conn, &filter, scope, &page).await?.rows)
}
