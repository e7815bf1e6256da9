//! Storage of campaigns, and of the regions' local start rule.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::QueryResult;
use diesel_async::RunQueryDsl;

use super::*;
use crate::db::Conn;
use crate::db::page::{Page, PageRequest};
use crate::db::tables::{campaigns, offer_rules};
use crate::{load_page, on};

pub async fn insert_campaign(conn: &mut Conn<'_>, new: &NewCampaign) -> QueryResult<CampaignRow> {
    on!(conn, |c| {
        diesel::insert_into(campaigns::table)
            .values(new)
            .returning(CampaignRow::as_returning())
            .get_result(c)
            .await
    })
}

pub async fn campaigns_by_ids(conn: &mut Conn<'_>, ids: &[i64]) -> QueryResult<Vec<CampaignRow>> {
    on!(conn, |c| {
        campaigns::table
            .filter(campaigns::id.eq_any(ids))
            .select(CampaignRow::as_select())
            .load(c)
            .await
    })
}

/// The first campaign of this name.
pub async fn campaign_by_name(conn: &mut Conn<'_>, name: &str) -> QueryResult<Option<CampaignRow>> {
    on!(conn, |c| {
        campaigns::table
            .filter(campaigns::name.eq(name))
            .order(campaigns::id)
            .select(CampaignRow::as_select())
            .first(c)
            .await
            .optional()
    })
}

/// Campaigns in the given regions (`None`: all), newest last.
pub async fn campaigns_page(
    conn: &mut Conn<'_>,
    region_ids: Option<&[i64]>,
    page: &PageRequest,
) -> QueryResult<Page<CampaignRow>> {
    on!(conn, |c| {
        let query = || {
            let mut query = campaigns::table
                .select(CampaignRow::as_select())
                .into_boxed();
            if let Some(regions) = region_ids {
                query = query.filter(campaigns::region_id.eq_any(regions));
            }
            query
        };
        Ok(load_page!(c, query(), campaigns::id, page))
    })
}

/// The local start rule of a region, if it sets one.
pub async fn start_rule(conn: &mut Conn<'_>, region_ids: &[i64]) -> QueryResult<Option<i32>> {
    let rules: Vec<Option<i32>> = on!(conn, |c| {
        offer_rules::table
            .filter(offer_rules::region_id.eq_any(region_ids))
            .select(offer_rules::start_within_working_days)
            .load(c)
            .await
    })?;
    Ok(rules.into_iter().flatten().min())
}

pub async fn set_start_rule(
    conn: &mut Conn<'_>,
    region_id: i64,
    days: Option<i32>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    on!(conn, |c| {
        let values = (
            offer_rules::start_within_working_days.eq(days),
            offer_rules::updated_at.eq(now),
        );
        diesel::insert_into(offer_rules::table)
            .values((offer_rules::region_id.eq(region_id), values))
            .on_conflict(offer_rules::region_id)
            .do_update()
            .set(values)
            .execute(c)
            .await
            .map(drop)
    })
}
