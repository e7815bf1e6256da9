//! Receiving a monitored matter: the employer's quick report (附件3), from
//! the employer, its union or the office recording a phone call; or a case
//! the office opens from another source. A new case is written by hand,
//! then its decision (clocks, event) is stored as any change's is.

use crate::graphql::date::Date;
use async_graphql::{Context, ID, InputObject, Object};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::risk_case_payload;
use crate::change::{Env, store};
use crate::context::services;
use crate::db::Conn;
use crate::deadlines::counting::local_date;
use crate::graphql::errors::{ApiResult, Outcome, TxError, UserErrorCode, UserErrors, refuse};
use crate::graphql::ids::NodeType;
use crate::graphql::text;
use crate::identity::Viewer;
use crate::identity::authorization::{Acting, act_as_party, act_as_public_body, signed_in};
use crate::identity::viewer;
use crate::layoffs::kinds::ExplainedTo;
use crate::layoffs::storage::PlanRow;
use crate::organizations::input::parse_id;
use crate::organizations::kinds::{OperatingStatus, OrganizationKind};
use crate::organizations::places::{place_of, public_bodies_above};
use crate::organizations::storage::{self as organizations, OrganizationRow};
use crate::risk::facts::case_facts;
use crate::risk::kinds::{LinkKind, MonitoredItem, NoticeChannel, RiskSource, RiskStatus};
use crate::risk::objects::RiskCase;
use crate::risk::record::RiskWrite;
use crate::risk::rules::cases::{LinkFacts, first_attention, further_report, link, opened};
use crate::risk::rules::{is_urgent, parse_yuan};
use crate::risk::storage::{self, LinkRow, NewRiskCase, QuickReportRow, RiskCaseRow};
use crate::transaction;

risk_case_payload!(
    /// Result of `submitQuickReport`.
    SubmitQuickReportPayload,
    /// Result of `openRiskCase`.
    OpenRiskCasePayload,
);

/// The employer's particulars on the form, where they differ from its profile.
#[derive(InputObject, Default)]
pub struct ParticularsInput {
    /// 用人单位名称.
    pub employer_name: Option<String>,
    /// 法定代表人.
    pub legal_representative: Option<String>,
    /// 经营状况.
    pub operating_status: Option<OperatingStatus>,
    /// 用工人数.
    pub headcount: Option<i32>,
    /// 用人单位地址.
    pub address: Option<String>,
}

/// Wages owed (欠薪).
#[derive(InputObject)]
pub struct WageArrearsInput {
    /// The amount owed in yuan, at most two decimals, e.g. `"356000.00"`.
    pub amount: String,
    /// The months owed, 1 to 120.
    pub months: i32,
}

/// Input of `submitQuickReport`.
#[derive(InputObject)]
pub struct SubmitQuickReportInput {
    /// The employer the matter concerns.
    pub employer_id: ID,
    /// The monitored items; at least one.
    pub items: Vec<MonitoredItem>,
    /// 监测事项详情: what happened.
    pub details: String,
    /// 具体应对措施: the measures the employer has taken.
    pub measures: String,
    /// 报告人.
    pub reporter: String,
    /// The reporter's phone.
    pub reporter_phone: String,
    /// The receiving office's phone, as on the form.
    pub office_phone: Option<String>,
    /// When the office was first told (by phone or WeChat); now when left out. Not in the future.
    pub notified_at: Option<DateTime<Utc>>,
    /// How the office was first told; `PLATFORM` when left out.
    pub channel: Option<NoticeChannel>,
    /// The date on the form; today when left out.
    pub report_date: Option<Date>,
    /// An urgent matter (紧急重大事项). Work stoppages and blockades (item 九) are urgent anyway.
    pub urgent: Option<bool>,
    /// Workers affected.
    pub workers_affected: Option<i32>,
    /// For wage arrears: what is owed.
    pub wage_arrears: Option<WageArrearsInput>,
    /// Corrections to the particulars taken from the employer's profile.
    pub particulars: Option<ParticularsInput>,
}

/// Input of `openRiskCase`.
#[derive(InputObject)]
pub struct OpenRiskCaseInput {
    /// The employer the matter concerns.
    pub employer_id: ID,
    /// The monitored items; at least one.
    pub items: Vec<MonitoredItem>,
    /// Where the office learnt of it: not the employer's or its union's report, which come through `submitQuickReport`.
    pub source: RiskSource,
    /// One line on what happened.
    pub summary: String,
    /// When the office learnt of it; now when left out. Not in the future.
    pub received_at: Option<DateTime<Utc>>,
    /// An urgent matter (紧急重大事项).
    pub urgent: Option<bool>,
}

/// What receiving a matter needs, checked.
struct Receipt {
    employer: i64,
    items: Vec<MonitoredItem>,
    summary: String,
    received_at: NaiveDateTime,
    urgent: bool,
    source: Option<RiskSource>,
    /// A record of the employer the new case is linked to at once.
    link: Option<(LinkKind, i64)>,
}

fn check_items(errors: &mut UserErrors, items: &[MonitoredItem]) -> Vec<MonitoredItem> {
    if items.is_empty() {
        errors.push(
            &["items"],
            UserErrorCode::Required,
            "name at least one monitored item",
        );
    }
    let mut items = items.to_vec();
    items.sort();
    items.dedup();
    items
}

fn check_instant(
    errors: &mut UserErrors,
    field: &str,
    at: Option<DateTime<Utc>>,
    now: NaiveDateTime,
) -> NaiveDateTime {
    let at = at.map_or(now, crate::db::stored);
    if at > now {
        errors.push(&[field], UserErrorCode::OutOfRange, "is in the future");
    }
    at
}

/// The nearest tripartite office over a region: the district's (属地).
pub(super) async fn receiving_office(
    conn: &mut Conn<'_>,
    region_id: i64,
) -> Result<OrganizationRow, TxError> {
    public_bodies_above(conn, region_id, OrganizationKind::TripartiteOffice)
        .await?
        .pop()
        .ok_or_else(|| {
            refuse(
                "employerId",
                UserErrorCode::RuleViolated,
                "no tripartite office serves the employer's region",
            )
        })
}

/// The employer, as the viewer may see it.
pub(crate) async fn employer(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    id: i64,
) -> Result<OrganizationRow, TxError> {
    let visible = crate::organizations::visibility::organizations(viewer);
    organizations::organizations_by_ids(conn, &[id], &visible)
        .await?
        .pop()
        .filter(|e| e.kind == OrganizationKind::Employer)
        .ok_or_else(|| refuse("employerId", UserErrorCode::NotFound, "no such employer"))
}

/// Who reports for the employer: its officers; its grassroots union (or a
/// federation above it); or the district office recording a call.
async fn reporter(
    conn: &mut Conn<'_>,
    viewer: &Viewer,
    employer: &OrganizationRow,
) -> Result<(Acting, RiskSource), TxError> {
    if let Ok(acting) = act_as_party(viewer, &place_of(conn, employer.id).await?) {
        return Ok((acting, RiskSource::EmployerReport));
    }
    for union in organizations::unions_of(conn, employer.id).await? {
        if let Ok(acting) = act_as_party(viewer, &place_of(conn, union.id).await?) {
            return Ok((acting, RiskSource::Union));
        }
    }
    let office = act_as_public_body(
        viewer,
        employer.region_id,
        &[OrganizationKind::TripartiteOffice],
    )?;
    Ok((office, RiskSource::EmployerReport))
}

/// Opens a case, or adds a report to the open case of the same employer
/// and item.
async fn receive(
    conn: &mut Conn<'_>,
    receipt: Receipt,
    acting: Acting,
    report: Option<QuickReportRow>,
    env: &Env<'_>,
) -> Result<RiskCaseRow, TxError> {
    let employer = crate::organizations::places::organization(conn, receipt.employer).await?;
    let office = receiving_office(conn, employer.region_id).await?;
    let source = receipt.source.unwrap_or(RiskSource::EmployerReport);
    if let Some(report) = report.clone()
        && let Some(case) = storage::open_case_with(conn, employer.id, &receipt.items).await?
    {
        let facts = case_facts(conn, &case).await?;
        let report = QuickReportRow {
            case_id: case.id,
            ..report
        };
        let decision = further_report(
            &case,
            &facts,
            report,
            receipt.items,
            receipt.urgent,
            env.now,
        )?;
        return store(conn, case, decision, acting, env).await;
    }
    let urgent_hours = crate::risk::facts::urgent_hours(conn, employer.region_id).await?;
    let new = NewRiskCase {
        employer_id: employer.id,
        region_id: employer.region_id,
        office_id: office.id,
        source,
        status: RiskStatus::Reported,
        summary: receipt.summary,
        urgent: receipt.urgent,
        major: false,
        received_at: receipt.received_at,
        attention_at: first_attention(receipt.received_at, receipt.urgent, urgent_hours),
        version: 1,
        created_at: env.now,
        updated_at: env.now,
    };
    let case = storage::insert_case(conn, &new, &receipt.items).await?;
    let facts = case_facts(conn, &case).await?;
    let report = report.map(|r| QuickReportRow {
        case_id: case.id,
        office_name: if r.office_name.is_empty() {
            office.name.clone()
        } else {
            r.office_name
        },
        ..r
    });
    let mut decision = opened(&case, &facts, report);
    if let Some((kind, subject_id)) = receipt.link {
        decision = decision.write(RiskWrite::Link(LinkRow {
            case_id: case.id,
            kind,
            subject_id,
            linked_by_id: acting.organization_id.unwrap_or(employer.id),
            linked_at: env.now,
        }));
    }
    store(conn, case, decision, acting, env).await
}

/// A layoff plan under LCL Art. 41, explained by its employer, is monitored
/// item 6 reported (seed 004 §二): the plan is linked to the employer's open
/// case of that item, or opens one for the district office, which follows
/// the plan's clocks through the link. Nothing is opened where no
/// tripartite office serves the employer's region.
pub async fn follow_layoff_plan(
    conn: &mut Conn<'_>,
    plan: &PlanRow,
    acting: Acting,
    env: &Env<'_>,
) -> Result<Option<RiskCaseRow>, TxError> {
    let items = vec![MonitoredItem::Layoff];
    if let Some(case) = storage::open_case_with(conn, plan.employer_id, &items).await? {
        let facts = LinkFacts {
            employers: vec![plan.employer_id],
            links: storage::links_of(conn, &[case.id]).await?,
        };
        let row = LinkRow {
            case_id: case.id,
            kind: LinkKind::LayoffPlan,
            subject_id: plan.id,
            linked_by_id: acting.organization_id.unwrap_or(plan.employer_id),
            linked_at: env.now,
        };
        let decision = link(&case, &facts, row)?;
        return Ok(Some(store(conn, case, decision, acting, env).await?));
    }
    let region = crate::organizations::places::organization(conn, plan.employer_id)
        .await?
        .region_id;
    if public_bodies_above(conn, region, OrganizationKind::TripartiteOffice)
        .await?
        .is_empty()
    {
        return Ok(None);
    }
    let receipt = Receipt {
        employer: plan.employer_id,
        summary: format!(
            "经济性裁员方案：拟裁减{}人（职工{}人），已向{}说明情况",
            plan.cut,
            plan.workforce,
            match plan.explained_to {
                Some(ExplainedTo::AllWorkers) => "全体职工",
                _ => "工会",
            }
        ),
        urgent: is_urgent(&items, false),
        items,
        received_at: env.now,
        source: None,
        link: Some((LinkKind::LayoffPlan, plan.id)),
    };
    receive(conn, receipt, acting, None, env).await.map(Some)
}

/// Mutations that receive matters.
#[derive(Default)]
pub struct ReportingMutation;

#[Object]
impl ReportingMutation {
    /// Submits the employer's quick report (附件3) on a monitored matter.
    /// For the employer's officers, its grassroots union, or the district
    /// tripartite office recording a call on its behalf. It opens a case,
    /// whose information form the district office files within 24 hours of
    /// `notifiedAt`, or joins the open case of the same employer and item.
    async fn submit_quick_report(
        &self,
        ctx: &Context<'_>,
        input: SubmitQuickReportInput,
    ) -> ApiResult<SubmitQuickReportPayload> {
        signed_in(viewer(ctx))?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let items = check_items(&mut errors, &input.items);
        let details = errors.keep(text::required(&["details"], &input.details, 5_000));
        let measures = errors.keep(text::optional(&["measures"], Some(&input.measures), 5_000));
        let reporter_name = errors.keep(text::required(&["reporter"], &input.reporter, 100));
        let phone = errors.keep(text::required(
            &["reporterPhone"],
            &input.reporter_phone,
            40,
        ));
        let office_phone = errors.keep(text::optional(
            &["officePhone"],
            input.office_phone.as_deref(),
            40,
        ));
        let notified_at = check_instant(&mut errors, "notifiedAt", input.notified_at, env.now);
        if input.workers_affected.is_some_and(|n| n < 0) {
            errors.push(
                &["workersAffected"],
                UserErrorCode::OutOfRange,
                "is negative",
            );
        }
        let arrears = input.wage_arrears.as_ref().and_then(|a| {
            if !(1..=120).contains(&a.months) {
                errors.push(
                    &["wageArrears", "months"],
                    UserErrorCode::OutOfRange,
                    "is from 1 to 120",
                );
            }
            errors
                .check(
                    &["wageArrears", "amount"],
                    UserErrorCode::Invalid,
                    parse_yuan(&a.amount),
                )
                .map(|fen| (fen, a.months))
        });
        let particulars = input.particulars.unwrap_or_default();
        if particulars.headcount.is_some_and(|n| n < 0) {
            errors.push(
                &["particulars", "headcount"],
                UserErrorCode::OutOfRange,
                "is negative",
            );
        }
        let corrected = |errors: &mut UserErrors, field: &'static str, value: &Option<String>| {
            errors
                .keep(text::optional(
                    &["particulars", field],
                    value.as_deref(),
                    200,
                ))
                .flatten()
        };
        let name = corrected(&mut errors, "employerName", &particulars.employer_name);
        let legal = corrected(
            &mut errors,
            "legalRepresentative",
            &particulars.legal_representative,
        );
        let address = corrected(&mut errors, "address", &particulars.address);
        let (
            Some(employer_id),
            Some(details),
            Some(measures),
            Some(reporter_name),
            Some(phone),
            Some(office_phone),
            true,
        ) = (
            employer_id,
            details,
            measures,
            reporter_name,
            phone,
            office_phone,
            errors.is_empty(),
        )
        else {
            return SubmitQuickReportPayload::from_outcome(Ok(Outcome::Rejected(
                errors.into_vec(),
            )));
        };
        let summary: String = details.chars().take(100).collect();
        let urgent = is_urgent(&items, input.urgent.unwrap_or(false));
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer(ctx), employer_id).await?;
            let (acting, source) = reporter(conn, viewer(ctx), &employer).await?;
            let profile = organizations::profiles_by_ids(conn, &[employer.id])
                .await?
                .pop();
            let report = QuickReportRow {
                id: 0,
                case_id: 0,
                submitted_by_id: acting.organization_id.unwrap_or(employer.id),
                employer_name: name.clone().unwrap_or_else(|| employer.name.clone()),
                legal_representative: legal
                    .clone()
                    .or_else(|| profile.as_ref().map(|p| p.legal_representative.clone()))
                    .unwrap_or_default(),
                operating_status: particulars
                    .operating_status
                    .or_else(|| profile.as_ref().map(|p| p.operating_status))
                    .map(|s| s.as_str().to_owned())
                    .unwrap_or_default(),
                headcount: particulars
                    .headcount
                    .or_else(|| profile.as_ref().map(|p| p.headcount))
                    .unwrap_or(0),
                address: address
                    .clone()
                    .or_else(|| profile.as_ref().map(|p| p.address.clone()))
                    .unwrap_or_default(),
                reporter: reporter_name.clone(),
                reporter_phone: phone.clone(),
                office_name: String::new(),
                office_phone: office_phone.clone().unwrap_or_default(),
                items: serde_json::to_string(&items).unwrap_or_else(|_| "[]".into()),
                details: details.clone(),
                measures: measures.clone().unwrap_or_default(),
                report_date: input
                    .report_date
                    .map(NaiveDate::from)
                    .unwrap_or_else(|| local_date(env.now.and_utc())),
                notified_at,
                channel: input.channel.unwrap_or(NoticeChannel::Platform),
                workers_affected: input.workers_affected,
                arrears_fen: arrears.map(|(fen, _)| fen),
                arrears_months: arrears.map(|(_, months)| months),
                received_at: env.now,
            };
            let receipt = Receipt {
                employer: employer.id,
                items: items.clone(),
                summary: summary.clone(),
                received_at: notified_at,
                urgent,
                source: Some(source),
                link: None,
            };
            receive(conn, receipt, acting, Some(report), &env).await
        });
        SubmitQuickReportPayload::from_outcome(Outcome::of(result))
    }

    /// Opens a case the office learnt of otherwise than by the employer's
    /// report: a visit, the media, a city department, a data signal. For a
    /// tripartite office or labour administration over the employer's region.
    async fn open_risk_case(
        &self,
        ctx: &Context<'_>,
        input: OpenRiskCaseInput,
    ) -> ApiResult<OpenRiskCasePayload> {
        signed_in(viewer(ctx))?;
        let env = Env::of(ctx);
        let mut errors = UserErrors::default();
        let employer_id = parse_id(
            &mut errors,
            "employerId",
            &input.employer_id,
            NodeType::Organization,
        );
        let items = check_items(&mut errors, &input.items);
        let summary = errors.keep(text::required(&["summary"], &input.summary, 500));
        let received_at = check_instant(&mut errors, "receivedAt", input.received_at, env.now);
        if matches!(input.source, RiskSource::EmployerReport | RiskSource::Union) {
            errors.push(
                &["source"],
                UserErrorCode::RuleViolated,
                "the employer's and its union's reports come through submitQuickReport",
            );
        }
        let (Some(employer_id), Some(summary), true) = (employer_id, summary, errors.is_empty())
        else {
            return OpenRiskCasePayload::from_outcome(Ok(Outcome::Rejected(errors.into_vec())));
        };
        let urgent = is_urgent(&items, input.urgent.unwrap_or(false));
        let result = transaction!(services(ctx).db, |conn| {
            let employer = employer(conn, viewer(ctx), employer_id).await?;
            let acting = act_as_public_body(
                viewer(ctx),
                employer.region_id,
                &[
                    OrganizationKind::TripartiteOffice,
                    OrganizationKind::LabourAdministration,
                ],
            )?;
            let receipt = Receipt {
                employer: employer.id,
                items,
                summary,
                received_at,
                urgent,
                source: Some(input.source),
                link: None,
            };
            receive(conn, receipt, acting, None, &env).await
        });
        OpenRiskCasePayload::from_outcome(Outcome::of(result))
    }
}
