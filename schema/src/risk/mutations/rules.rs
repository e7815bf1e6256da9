//! A region's risk rules: the hours within which the district office
//! reports an urgent case to the city office (seed 004 §八: 立即报告), and
//! the day by which employers file their monthly headcount returns.

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object, SimpleObject};
use serde_json::json;

use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::stored;
use crate::graphql::errors::{
    ApiResult, Outcome, TxError, UserError, UserErrorCode, UserErrors, refuse,
};
use crate::graphql::ids::{NodeType, encode, row_id};
use crate::graphql::updated;
use crate::identity::authorization::{act_as_city_office, signed_in};
use crate::identity::viewer;
use crate::organizations::places::region;
use crate::risk::rules::{RETURN_DAY, URGENT_HOURS};
use crate::risk::storage;
use crate::transaction;

/// Input of `setRiskRules`.
#[derive(InputObject)]
pub struct SetRiskRulesInput {
    /// The region the rules apply to (and the regions below it).
    pub region_id: ID,
    /// Hours from receipt within which an urgent case reaches the city
    /// office, 1 to 24; null removes the region's rule; left out, unchanged.
    pub urgent_hours: MaybeUndefined<i32>,
    /// The day of the next month by which a monthly headcount return is
    /// filed, 1 to 28; null removes the region's rule; left out, unchanged.
    pub return_day: MaybeUndefined<i32>,
}

/// Result of `setRiskRules`.
#[derive(SimpleObject)]
pub struct SetRiskRulesPayload {
    /// The hours the region now sets; null when it sets none (2, or a region above's).
    pub urgent_hours: Option<i32>,
    /// The day the region now sets; null when it sets none (the 10th, or a region above's).
    pub return_day: Option<i32>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// The mutation of the urgent rule.
#[derive(Default)]
pub struct RiskRuleMutation;

#[Object]
impl RiskRuleMutation {
    /// Sets a region's risk rules, or removes them (then the nearest region
    /// above decides, else 2 hours and the 10th). Clocks already running
    /// keep their due instant. For the city tripartite office.
    async fn set_risk_rules(
        &self,
        ctx: &Context<'_>,
        input: SetRiskRulesInput,
    ) -> ApiResult<SetRiskRulesPayload> {
        signed_in(viewer(ctx))?;
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        let mut errors = UserErrors::default();
        if let MaybeUndefined::Value(hours) = input.urgent_hours
            && !(1..=24).contains(&hours)
        {
            let message = format!("is from 1 to 24 (the default is {URGENT_HOURS})");
            errors.push(&["urgentHours"], UserErrorCode::OutOfRange, message);
        }
        if let MaybeUndefined::Value(day) = input.return_day
            && !(1..=28).contains(&day)
        {
            let message = format!("is from 1 to 28 (the default is {RETURN_DAY})");
            errors.push(&["returnDay"], UserErrorCode::OutOfRange, message);
        }
        let refused = |user_errors| SetRiskRulesPayload {
            urgent_hours: None,
            return_day: None,
            user_errors,
        };
        if !errors.is_empty() {
            return Ok(refused(errors.into_vec()));
        }
        let acting = act_as_city_office(viewer(ctx))?;
        let services = services(ctx);
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            if region(conn, region_id).await?.is_none() {
                return Err(refuse(
                    "regionId",
                    UserErrorCode::NotFound,
                    "no such region",
                ));
            }
            let current = storage::region_rules(conn, &[region_id]).await?.pop();
            let hours = updated(&input.urgent_hours, current.and_then(|r| r.1));
            let day = updated(&input.return_day, current.and_then(|r| r.2));
            storage::set_region_rules(conn, region_id, hours, day, now).await?;
            let payload = json!({ "regionId": encode(NodeType::Region, region_id),
                                  "urgentHours": hours, "returnDay": day });
            let entry = Entry::audited(
                acting,
                ctx.field().name(),
                (NodeType::Region, region_id),
                payload,
            );
            entry::record(conn, now, entry).await?;
            Ok::<_, TxError>((hours, day))
        });
        Ok(match Outcome::of(result)? {
            Outcome::Done((urgent_hours, return_day)) => SetRiskRulesPayload {
                urgent_hours,
                return_day,
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => refused(user_errors),
        })
    }
}
