//! Demo bargaining: the 2026 spring concentrated-offer campaign with two
//! offers per demo employer, in every state, across districts and categories.
//! Reply clocks are left well inside their 20 days, so no reminder is due at once.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::kinds::{
    CampaignKind, Delivery, NegotiationOutcome, OfferCategory, OfferStatus, OfferTopic, SessionKind,
};
use super::representatives::Representative;
use super::rules::OFFER_REPLY;
use super::storage::{self, CampaignRow, NewCampaign, NewOffer, NewSession, OfferChanges};
use crate::change::Side;
use crate::db::Conn;
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::deadlines::storage::{self as deadlines, NewDeadline};
use crate::demo::Batch;
use crate::graphql::errors::{ApiError, ApiResult};
use crate::graphql::ids::NodeType;
use crate::organizations::storage as organization_storage;

const STATES: [OfferStatus; 8] = [
    OfferStatus::Issued,
    OfferStatus::Accepted,
    OfferStatus::InNegotiation,
    OfferStatus::Concluded,
    OfferStatus::Declined,
    OfferStatus::Draft,
    OfferStatus::Suspended,
    OfferStatus::Withdrawn,
];

const CATEGORIES: [OfferCategory; 5] = [
    OfferCategory::Wage,
    OfferCategory::SkillLevelWage,
    OfferCategory::DifficultyStabilization,
    OfferCategory::Comprehensive,
    OfferCategory::Special,
];

const OUTCOMES: [NegotiationOutcome; 4] = [
    NegotiationOutcome::Memorandum,
    NegotiationOutcome::AgreementDraft,
    NegotiationOutcome::Minutes,
    NegotiationOutcome::NoAgreement,
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "建华", "秀英", "志强", "丽娟", "国庆", "海燕", "春生", "明辉", "玉兰", "立新",
];

fn topics(category: OfferCategory) -> Vec<OfferTopic> {
    use OfferTopic::*;
    match category {
        OfferCategory::SkillLevelWage => vec![
            Pay,
            SkillGradePay,
            EducationAndMentoring,
            FlexibleWorkForParents,
        ],
        OfferCategory::DifficultyStabilization => vec![
            JobStabilisation,
            WagePayment,
            ShorterHours,
            Rotation,
            ResettlementPlan,
        ],
        OfferCategory::NewEmploymentForm => vec![
            PlatformRatesAndAlgorithms,
            WorkingHours,
            RestAndLeave,
            SafetyAndHealth,
        ],
        OfferCategory::Wage => vec![Pay, WagePayment],
        OfferCategory::Comprehensive => vec![
            Pay,
            WorkingHours,
            RestAndLeave,
            SafetyAndHealth,
            VocationalTraining,
        ],
        OfferCategory::Special => vec![WomenAndJuvenileProtection, SafetyAndHealth],
    }
}

fn person(n: usize, chief: bool) -> Representative {
    Representative {
        name: format!(
            "{}{}",
            SURNAMES[n % SURNAMES.len()],
            GIVEN[(n / SURNAMES.len() + n) % GIVEN.len()]
        ),
        position: if chief {
            "首席代表".into()
        } else {
            "协商代表".into()
        },
        is_chief: chief,
        is_outside_expert: false,
    }
}

/// The demo campaign, made with the city itself.
const CAMPAIGN: &str = "2026年春季集中要约行动";

/// Loads the demo campaign (with the city itself) and a batch's offers.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    let campaign = match batch.is_city() {
        true => campaign(conn, now).await?,
        false => storage::campaign_by_name(conn, CAMPAIGN)
            .await?
            .ok_or(ApiError::internal("the demo campaign is not loaded"))?,
    };
    let employers = batch.employers(conn).await?;
    let ids: Vec<i64> = employers.iter().map(|e| e.id).collect();
    let platforms: HashSet<i64> = organization_storage::profiles_by_ids(conn, &ids)
        .await?
        .into_iter()
        .filter(|p| p.is_platform)
        .map(|p| p.organization_id)
        .collect();
    let calendar = batch.calendar(conn).await?.clone();
    let offsets = ReminderOffsets::default();
    for (i, employer) in employers.iter().enumerate() {
        let Some(union) = batch.union_of(conn, employer.id).await? else {
            continue;
        };
        let platform = platforms.contains(&employer.id);
        for k in 0..2 {
            let n = i * 2 + k;
            let status = STATES[n % STATES.len()];
            let category = if platform {
                OfferCategory::NewEmploymentForm
            } else {
                CATEGORIES[n % CATEGORIES.len()]
            };
            let side = if n % 7 == 3 {
                Side::Employer
            } else {
                Side::Workers
            };
            let (issuing, receiving) = match side {
                Side::Workers => (union.id, employer.id),
                Side::Employer => (employer.id, union.id),
            };
            let drafted = now - Duration::days(30 + (n % 20) as i64);
            let offer = storage::insert_offer(
                conn,
                &NewOffer {
                    campaign_id: (n % 3 != 2).then_some(campaign.id),
                    initiating_side: side,
                    issuing_organization_id: issuing,
                    receiving_organization_id: receiving,
                    employer_id: employer.id,
                    union_id: union.id,
                    region_id: employer.region_id,
                    category,
                    topics: serde_json::to_string(&topics(category))
                        .unwrap_or_else(|_| "[]".into()),
                    proposed_terms: format!(
                        "{}年度工资增长幅度、工时及休息休假安排（第{}号要约）",
                        2026,
                        n + 1
                    ),
                    proposed_time: Some(drafted + Duration::days(25)),
                    proposed_place: format!("{}会议室", employer.name),
                    proposed_representatives: 3,
                    information_requested: "上一年度生产经营情况及职工工资总额、平均工资数据"
                        .into(),
                    status: OfferStatus::Draft,
                    version: 1,
                    created_at: drafted,
                    updated_at: drafted,
                },
            )
            .await?;
            if status == OfferStatus::Draft {
                continue;
            }
            // Recent offers still await their reply; older ones were answered.
            let issued = if status == OfferStatus::Issued {
                now - Duration::days(1 + (n % 4) as i64)
            } else {
                drafted + Duration::days(1)
            };
            let answered = (!matches!(status, OfferStatus::Issued | OfferStatus::Withdrawn))
                .then(|| issued + Duration::days(6));
            let clock = deadlines::open_on(
                conn,
                NewDeadline {
                    clock: OFFER_REPLY,
                    subject: (NodeType::Offer, offer.id),
                    start: issued,
                    organizations: vec![issuing, receiving],
                },
                &calendar,
                &offsets,
                issued,
            )
            .await?;
            match (status, answered) {
                (OfferStatus::Withdrawn, _) => {
                    deadlines::close(
                        conn,
                        clock.id,
                        DeadlineStatus::Cancelled,
                        issued + Duration::days(2),
                    )
                    .await?
                }
                (_, Some(answered)) => {
                    deadlines::close(conn, clock.id, DeadlineStatus::Met, answered).await?
                }
                _ => {}
            }
            let negotiated = matches!(
                status,
                OfferStatus::InNegotiation | OfferStatus::Concluded | OfferStatus::Suspended
            );
            let changes = OfferChanges {
                status: Some(status),
                delivery: Some(Some(if n % 5 == 4 {
                    Delivery::Paper
                } else {
                    Delivery::Platform
                })),
                issued_at: Some(Some(issued)),
                received_at: Some(Some(issued)),
                answered_at: Some(answered),
                decline_reason: Some(
                    (status == OfferStatus::Declined)
                        .then(|| "企业正在进行重组，暂不具备协商条件".to_owned()),
                ),
                decline_flagged_at: Some(
                    (status == OfferStatus::Declined && n % 3 == 0)
                        .then_some(issued + Duration::days(9)),
                ),
                outcome: Some(
                    (status == OfferStatus::Concluded).then_some(OUTCOMES[n % OUTCOMES.len()]),
                ),
                outcome_summary: Some(
                    (status == OfferStatus::Concluded)
                        .then(|| "双方就年度工资调整达成一致".to_owned()),
                ),
                suspended_until: Some(
                    (status == OfferStatus::Suspended).then(|| (now + Duration::days(14)).date()),
                ),
                concluded_at: Some(
                    (status == OfferStatus::Concluded).then(|| issued + Duration::days(20)),
                ),
            };
            storage::update_offer(conn, offer.id, offer.version, &changes, issued).await?;
            if negotiated {
                for side in [Side::Workers, Side::Employer] {
                    let first = n * 7 + if side == Side::Employer { 3 } else { 0 };
                    let people: Vec<Representative> =
                        (0..3).map(|r| person(first + r, r == 0)).collect();
                    storage::insert_representatives(conn, offer.id, side, &people, issued).await?;
                }
                let sessions = if status == OfferStatus::InNegotiation {
                    1
                } else {
                    2
                };
                for s in 0..sessions {
                    let session = NewSession {
                        offer_id: offer.id,
                        kind: if category == OfferCategory::NewEmploymentForm {
                            SessionKind::ConsultationTalk
                        } else {
                            SessionKind::Meeting
                        },
                        scheduled_at: issued + Duration::days(10 + 5 * s as i64),
                        place: format!("{}会议室", employer.name),
                        chairing_side: if s % 2 == 0 { side } else { side.other() },
                        note_taker: "区总工会集体协商指导员".into(),
                        created_at: issued,
                    };
                    let row = storage::insert_session(conn, &session).await?;
                    if status != OfferStatus::InNegotiation {
                        storage::record_session(
                            conn,
                            row.id,
                            "双方代表全部出席",
                            "双方就工资调整幅度交换意见。",
                            session.scheduled_at,
                        )
                        .await?;
                    }
                }
            }
        }
    }
    Ok(())
}

async fn campaign(conn: &mut Conn<'_>, now: NaiveDateTime) -> ApiResult<CampaignRow> {
    let office = organization_storage::root_office(conn)
        .await?
        .ok_or(ApiError::internal("no city office"))?;
    let campaign = storage::insert_campaign(
        conn,
        &NewCampaign {
            name: CAMPAIGN.into(),
            kind: CampaignKind::SpringConcentratedOffer,
            region_id: office.region_id,
            organizer_id: office.id,
            starts_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default(),
            ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
            targets: r#"[{"category":"WAGE","offers":30},{"category":"SKILL_LEVEL_WAGE","offers":20},{"category":"NEW_EMPLOYMENT_FORM","offers":8}]"#.into(),
            version: 1,
            created_at: now,
        },
    )
    .await?;
    Ok(campaign)
}
