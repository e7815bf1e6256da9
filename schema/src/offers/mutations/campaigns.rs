//! Campaigns of the offices, and a region's local rule for when bargaining
//! starts. Creation and configuration: written by hand, recorded through
//! the one audit-and-event entry.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use serde_json::json;

use crate::change::entry::{self, Entry};
use crate::context::services;
use crate::db::stored;
use crate::events::kinds::EventKind;
use crate::graphql::errors::{ApiResult, Outcome, TxError, UserError, UserErrors};
use crate::graphql::ids::{NodeType, encode, row_id};
use crate::identity::authorization::{act_as_public_body, signed_in};
use crate::identity::viewer;
use crate::offers::kinds::{CampaignKind, OfferCategory};
use crate::offers::objects::{Campaign, CampaignTarget};
use crate::offers::rules::check_start_rule;
use crate::offers::rules::drafting::check_campaign;
use crate::offers::storage::{self, NewCampaign};
use crate::organizations::input::{parse_id, parse_name};
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::organization;
use crate::transaction;

/// Input of `createCampaign`.
#[derive(InputObject)]
pub struct CreateCampaignInput {
    /// Name, e.g. `2026年春季集中要约行动`.
    pub name: String,
    /// Kind of campaign.
    pub kind: CampaignKind,
    /// The region it covers; the office must act there.
    pub region_id: ID,
    /// First day.
    pub starts_on: Date,
    /// Last day.
    pub ends_on: Date,
    /// Target numbers of offers per category.
    pub targets: Option<Vec<CampaignTargetInput>>,
}

/// A target number of offers for one category.
#[derive(InputObject)]
pub struct CampaignTargetInput {
    /// The category.
    pub category: OfferCategory,
    /// How many offers.
    pub offers: i32,
}

/// Result of `createCampaign`.
#[derive(SimpleObject)]
pub struct CreateCampaignPayload {
    /// The new campaign; null when the input was refused.
    pub campaign: Option<Campaign>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Input of `setNegotiationStartRule`.
#[derive(InputObject)]
pub struct SetNegotiationStartRuleInput {
    /// The region the rule applies to (and the regions below it).
    pub region_id: ID,
    /// Bargaining starts within this many working days of accepting (1 to 60); null switches the rule off.
    pub working_days: Option<i32>,
}

/// Result of `setNegotiationStartRule`.
#[derive(SimpleObject)]
pub struct SetNegotiationStartRulePayload {
    /// The rule in force now for the region; null when off.
    pub working_days: Option<i32>,
    /// Why the input was refused; empty on success.
    pub user_errors: Vec<UserError>,
}

/// Mutations of campaigns and of the start rule.
#[derive(Default)]
pub struct CampaignMutation;

#[Object]
impl CampaignMutation {
    /// Launches a campaign. For a tripartite office acting in the region.
    async fn create_campaign(
        &self,
        ctx: &Context<'_>,
        input: CreateCampaignInput,
    ) -> ApiResult<CreateCampaignPayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let mut errors = UserErrors::default();
        let name = parse_name(&mut errors, &["name"], &input.name, 200);
        let region_id = parse_id(&mut errors, "regionId", &input.region_id, NodeType::Region);
        let targets: Vec<CampaignTarget> = input
            .targets
            .unwrap_or_default()
            .into_iter()
            .map(|t| CampaignTarget {
                category: t.category,
                offers: t.offers,
            })
            .collect();
        check_campaign(&mut errors, *input.starts_on, *input.ends_on, &targets);
        let (Some(name), Some(region_id), true) = (name, region_id, errors.is_empty()) else {
            return Ok(CreateCampaignPayload {
                campaign: None,
                user_errors: errors.into_vec(),
            });
        };
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[OrganizationKind::TripartiteOffice],
        )?;
        let now = stored(services.clock.now());
        let row = transaction!(services.db, |conn| {
            let new = NewCampaign {
                name,
                kind: input.kind,
                region_id,
                organizer_id: acting.organization_id.unwrap_or_default(),
                starts_on: *input.starts_on,
                ends_on: *input.ends_on,
                targets: serde_json::to_string(&targets).unwrap_or_else(|_| "[]".into()),
                version: 1,
                created_at: now,
            };
            let row = storage::insert_campaign(conn, &new).await?;
            let organizer = organization(conn, row.organizer_id).await?;
            let entry = Entry {
                acting,
                operation: ctx.field().name(),
                event: Some(EventKind::CampaignCreated),
                subject: (NodeType::Campaign, row.id),
                audience: vec![row.organizer_id],
                payload: json!({ "campaign": row.name, "organizer": organizer.name,
                                 "starts": row.starts_on.to_string(), "ends": row.ends_on.to_string() }),
            };
            entry::record(conn, now, entry).await?;
            Ok::<_, TxError>(row)
        });
        Ok(match Outcome::of(row)? {
            Outcome::Done(row) => CreateCampaignPayload {
                campaign: Some(Campaign(row)),
                user_errors: vec![],
            },
            Outcome::Rejected(user_errors) => CreateCampaignPayload {
                campaign: None,
                user_errors,
            },
        })
    }

    /// Sets a region's local rule that bargaining starts within N working days
    /// of accepting an offer, or switches it off. For a tripartite office acting there.
    async fn set_negotiation_start_rule(
        &self,
        ctx: &Context<'_>,
        input: SetNegotiationStartRuleInput,
    ) -> ApiResult<SetNegotiationStartRulePayload> {
        let services = services(ctx);
        signed_in(viewer(ctx))?;
        let region_id = row_id(&input.region_id, NodeType::Region)?;
        if let Err(user_errors) = check_start_rule(input.working_days) {
            return Ok(SetNegotiationStartRulePayload {
                working_days: None,
                user_errors,
            });
        }
        let acting = act_as_public_body(
            viewer(ctx),
            region_id,
            &[OrganizationKind::TripartiteOffice],
        )?;
        let now = stored(services.clock.now());
        let result = transaction!(services.db, |conn| {
            storage::set_start_rule(conn, region_id, input.working_days, now).await?;
            let payload = json!({ "regionId": encode(NodeType::Region, region_id),
                                 "workingDays": input.working_days });
            let entry = Entry::audited(
                acting,
                ctx.field().name(),
                (NodeType::Region, region_id),
                payload,
            );
            entry::record(conn, now, entry).await?;
            Ok::<_, TxError>(())
        });
        Outcome::of(result)?;
        Ok(SetNegotiationStartRulePayload {
            working_days: input.working_days,
            user_errors: vec![],
        })
    }
}
