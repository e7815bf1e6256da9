//! The deadline ledger: clocks through their organizations' visibility, by due instant.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;

use super::DeadlineRow;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{deadline_organizations, deadlines, organizations};
use crate::deadlines::kinds::DeadlineKind;
use crate::deadlines::rules::DeadlineStatus;
use crate::organizations::visibility::OrgVisible;
use crate::{load_page_by_time, on, visible_organizations};

/// Filters of the deadline ledger.
#[derive(Debug, Default)]
pub struct DeadlineFilter {
    pub ids: Option<Vec<i64>>,
    pub kinds: Vec<DeadlineKind>,
    pub statuses: Vec<DeadlineStatus>,
    pub due_from: Option<NaiveDateTime>,
    pub due_until: Option<NaiveDateTime>,
    /// Only clocks concerning organizations in these regions.
    pub region_ids: Option<Vec<i64>>,
    pub organization: Option<i64>,
}

/// One page of the ledger, ordered by due instant: clocks concerning an
/// organization the viewer may see.
pub async fn ledger_page(
    conn: &mut Conn<'_>,
    filter: &DeadlineFilter,
    visible: &OrgVisible,
    page: &PageRequest,
) -> QueryResult<Page<DeadlineRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = deadlines::table
                .select(DeadlineRow::as_select())
                .into_boxed();
            if *visible != OrgVisible::Everything {
                let seen = visible_organizations!(organizations::table.into_boxed(), visible)
                    .select(organizations::id);
                query = query.filter(
                    deadlines::id.eq_any(
                        deadline_organizations::table
                            .filter(deadline_organizations::organization_id.eq_any(seen))
                            .select(deadline_organizations::deadline_id),
                    ),
                );
            }
            if let Some(ids) = &filter.ids {
                query = query.filter(deadlines::id.eq_any(ids));
            }
            if !filter.kinds.is_empty() {
                query = query.filter(deadlines::kind.eq_any(&filter.kinds));
            }
            if !filter.statuses.is_empty() {
                query = query.filter(deadlines::status.eq_any(&filter.statuses));
            }
            if let Some(from) = filter.due_from {
                query = query.filter(deadlines::due_at.ge(from));
            }
            if let Some(until) = filter.due_until {
                query = query.filter(deadlines::due_at.lt(until));
            }
            if let Some(regions) = &filter.region_ids {
                let in_regions = organizations::table
                    .filter(organizations::region_id.eq_any(regions))
                    .select(organizations::id);
                query = query.filter(
                    deadlines::id.eq_any(
                        deadline_organizations::table
                            .filter(deadline_organizations::organization_id.eq_any(in_regions))
                            .select(deadline_organizations::deadline_id),
                    ),
                );
            }
            if let Some(organization) = filter.organization {
                query = query.filter(
                    deadlines::id.eq_any(
                        deadline_organizations::table
                            .filter(deadline_organizations::organization_id.eq(organization))
                            .select(deadline_organizations::deadline_id),
                    ),
                );
            }
            query
        };
        Ok(load_page_by_time!(
            c,
            query(),
            deadlines::due_at,
            deadlines::id,
            page
        ))
    })
}
