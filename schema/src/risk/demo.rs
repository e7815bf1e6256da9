//! Demo risk monitoring, for the city itself (copies add none): a case on
//! every monitored item across the districts and in every state, a credit
//! reminder for a late report, two warnings, three health checks with
//! their prescriptions and rectification lines in every state, a bulletin,
//! and last month's headcount return of every employer, one of which
//! opened a case on item 七. A reported case's form is already late
//! (the overdue view has something in it); every clock left open is due at
//! least fifteen days ahead, so no reminder falls in the first week.

use chrono::{Duration, NaiveDateTime};

use super::bulletins::{self, BulletinRow};
use super::checks::storage::{
    self as checks, HealthCheckChanges, NewHealthCheck, RectificationRow,
};
use super::grades;
use super::kinds::{HealthCheckArea, RectificationStatus, VisitorRole};
use super::kinds::{
    MonitoredItem, NoticeChannel, Referral, ReportingFault, RiskOutcome, RiskSource, RiskStatus,
    UpwardRecipient, WarningLevel, WarningStatus,
};
use super::rules::cases::after_hours;
use super::rules::checks::rectification_clock;
use super::rules::{
    FORM_CLOCK, RETURN_DAY, REVIEW_DAYS, URGENT_HOURS, month_of, never, return_clock, urgent_clock,
};
use super::storage::{
    self, CreditReminderRow, FollowUpRow, HeadcountReturnRow, NewRiskCase, NewWarning,
    QuickReportRow, RiskCaseChanges, RiskCaseRow, RiskFormRow, UpwardReportRow,
};
use crate::db::{Conn, stored};
use crate::deadlines::counting::{end_of_local_day, local_date};
use crate::deadlines::kinds::StatutoryClock;
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::deadlines::storage::{self as deadlines, NewDeadline};
use crate::demo::Batch;
use crate::graphql::errors::{ApiError, ApiResult, TxError};
use crate::graphql::ids::NodeType;
use crate::organizations::kinds::OrganizationKind;
use crate::organizations::places::public_bodies_above;
use crate::organizations::storage::{self as organizations, OrganizationRow};

/// The states the demo cases cycle through.
const STATES: [RiskStatus; 5] = [
    RiskStatus::Assessed,
    RiskStatus::Resolving,
    RiskStatus::Closed,
    RiskStatus::Reported,
    RiskStatus::Merged,
];

/// What happened, per item.
fn details(item: MonitoredItem) -> &'static str {
    use MonitoredItem::*;
    match item {
        Closure => "经营期限届满，股东会决定不再继续经营，涉及职工安置。",
        Restructuring => "公司实际控制人变更，职工担心劳动合同履行。",
        Relocation => "生产基地整体搬迁至新区，部分职工通勤距离增加20公里以上。",
        Stoppage => "订单不足停产两周，停产期间生活费发放标准存在争议。",
        WageArrears => "10月、11月工资未按时足额发放，涉及一线职工。",
        Layoff => "拟裁减人员，已向工会说明情况。",
        MassDeparture => "当月离职人数较多，主要为一线操作岗位。",
        RuleChange => "拟调整绩效工资考核办法和加班审批制度。",
        CollectiveAction => "部分职工在厂门口聚集，要求补发加班费。",
        PublicOpinion => "网络平台出现职工反映工资问题的帖子，阅读量较高。",
        OtherMajor => "企业主要负责人失联，职工情绪不稳。",
    }
}

async fn office_of(conn: &mut Conn<'_>, employer: &OrganizationRow) -> ApiResult<OrganizationRow> {
    public_bodies_above(conn, employer.region_id, OrganizationKind::TripartiteOffice)
        .await
        .map_err(TxError::into_api)?
        .pop()
        .ok_or_else(|| ApiError::internal("no office over a demo employer"))
}

/// Opens a clock on a case, closed at once with `closed` unless `None`.
async fn clock(
    conn: &mut Conn<'_>,
    clock: StatutoryClock,
    case: &RiskCaseRow,
    closed: Option<(DeadlineStatus, NaiveDateTime)>,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let new = NewDeadline {
        clock,
        subject: (NodeType::RiskCase, case.id),
        start: case.received_at,
        organizations: vec![case.office_id],
    };
    let row = deadlines::open(conn, new, &ReminderOffsets::default(), now).await?;
    if let Some((status, at)) = closed {
        deadlines::close(conn, row.id, status, at).await?;
    }
    Ok(())
}

/// One demo case of `employer` on `item`, in `status`.
async fn case(
    conn: &mut Conn<'_>,
    employer: &OrganizationRow,
    item: MonitoredItem,
    status: RiskStatus,
    urgent: bool,
    now: NaiveDateTime,
) -> ApiResult<RiskCaseRow> {
    let office = office_of(conn, employer).await?;
    let received = match status {
        RiskStatus::Reported => now - Duration::days(2),
        _ => now - Duration::days(20),
    };
    let profile = organizations::profiles_by_ids(conn, &[employer.id])
        .await?
        .pop();
    let new = NewRiskCase {
        employer_id: employer.id,
        region_id: employer.region_id,
        office_id: office.id,
        source: RiskSource::EmployerReport,
        status: RiskStatus::Reported,
        summary: details(item).chars().take(40).collect(),
        urgent,
        major: false,
        received_at: received,
        attention_at: after_hours(received, 24),
        version: 1,
        created_at: received,
        updated_at: received,
    };
    let row = storage::insert_case(conn, &new, &[item]).await?;
    let report = QuickReportRow {
        id: 0,
        case_id: row.id,
        submitted_by_id: employer.id,
        employer_name: employer.name.clone(),
        legal_representative: profile
            .as_ref()
            .map(|p| p.legal_representative.clone())
            .unwrap_or_default(),
        operating_status: profile
            .as_ref()
            .map(|p| p.operating_status.as_str().to_owned())
            .unwrap_or_default(),
        headcount: profile.as_ref().map_or(0, |p| p.headcount),
        address: profile
            .as_ref()
            .map(|p| p.address.clone())
            .unwrap_or_default(),
        reporter: "人力资源部 刘洋".into(),
        reporter_phone: "0431-8555 0101".into(),
        office_name: office.name.clone(),
        office_phone: "0431-8888 0000".into(),
        items: serde_json::to_string(&[item]).unwrap_or_else(|_| "[]".into()),
        details: details(item).into(),
        measures: "已安排专人与职工沟通，逐一解释政策。".into(),
        report_date: local_date(received.and_utc()),
        notified_at: received,
        channel: NoticeChannel::Phone,
        workers_affected: Some(40),
        arrears_fen: (item == MonitoredItem::WageArrears).then_some(35_600_000),
        arrears_months: (item == MonitoredItem::WageArrears).then_some(2),
        received_at: received + Duration::hours(1),
    };
    storage::insert_report(conn, &report).await?;
    if urgent {
        let reported = received + Duration::hours(1);
        clock(
            conn,
            urgent_clock(URGENT_HOURS),
            &row,
            Some((DeadlineStatus::Met, reported)),
            now,
        )
        .await?;
        let upward = UpwardReportRow {
            id: 0,
            case_id: Some(row.id),
            warning_id: None,
            recipient: UpwardRecipient::CityOffice,
            reported_at: reported,
            reported_by_id: office.id,
            reported_by_user_id: None,
            note: "电话报告市协调劳动关系三方委员会办公室，随后报送书面材料。".into(),
        };
        storage::insert_upward(conn, &upward).await?;
    }
    let form_due = after_hours(received, 24);
    if status == RiskStatus::Reported && !urgent {
        // It called two days after the stoppage began: a late report, an
        // integrity interview set for ten days on.
        let reminder = CreditReminderRow {
            id: 0,
            case_id: row.id,
            employer_id: employer.id,
            fault: ReportingFault::Late,
            note: "停产两天后才向属地三方办报告，属迟报。".into(),
            issued_at: now - Duration::days(1),
            issued_by_id: office.id,
            interview_at: Some(now + Duration::days(10)),
            attendees: None,
            outcome: None,
            interviewed_at: None,
        };
        storage::insert_reminder(conn, &reminder).await?;
    }
    if status == RiskStatus::Reported {
        // Its form is late: the scheduler marked the clock missed.
        clock(
            conn,
            FORM_CLOCK,
            &row,
            Some((DeadlineStatus::Missed, form_due)),
            now,
        )
        .await?;
        return Ok(row);
    }
    let filed = received + Duration::hours(20);
    clock(
        conn,
        FORM_CLOCK,
        &row,
        Some((DeadlineStatus::Met, filed)),
        now,
    )
    .await?;
    let level = (item == MonitoredItem::CollectiveAction).then_some(WarningLevel::Level1);
    let form = RiskFormRow {
        id: 0,
        case_id: row.id,
        number: 1,
        office_id: office.id,
        title: format!(
            "{}{}",
            employer.name,
            details(item).chars().take(12).collect::<String>()
        ),
        level,
        situation: details(item).into(),
        cause: "企业经营困难，与职工沟通不充分。".into(),
        trend: "如不及时处置，可能引发集体劳动争议。".into(),
        measures: "约谈企业负责人，指导依法制定处置方案。".into(),
        next_steps: "每周跟踪一次，督促落实。".into(),
        remarks: String::new(),
        responsible_head: "王强".into(),
        filled_by: "赵敏".into(),
        phone: "0431-8888 0000".into(),
        form_date: local_date(filed.and_utc()),
        filed_at: filed,
    };
    storage::insert_form(conn, &form).await?;
    let mut changes = RiskCaseChanges {
        status: Some(status),
        level: Some(level),
        attention_at: Some(now + Duration::days(REVIEW_DAYS + 2)),
        ..RiskCaseChanges::default()
    };
    match status {
        RiskStatus::Resolving => {
            // A referral to labour inspection, answered, then the office's visit.
            let referral = FollowUpRow {
                id: 0,
                case_id: row.id,
                happened_at: now - Duration::days(8),
                done: "将欠薪线索移送劳动保障监察机构。".into(),
                next_step: "等待监察机构答复。".into(),
                next_at: None,
                referred_to: Some(Referral::LabourInspection),
                answer: Some("已立案调查，责令企业限期支付拖欠工资。".into()),
                answered_at: Some(now - Duration::days(6)),
                created_at: now - Duration::days(8),
            };
            storage::insert_follow_up(conn, &referral).await?;
            let entry = FollowUpRow {
                id: 0,
                case_id: row.id,
                happened_at: now - Duration::days(5),
                done: "到企业现场督导，企业已制定补发计划。".into(),
                next_step: "核实第一笔款项到账情况。".into(),
                next_at: Some(now + Duration::days(10)),
                referred_to: None,
                answer: None,
                answered_at: None,
                created_at: now - Duration::days(5),
            };
            storage::insert_follow_up(conn, &entry).await?;
            changes.attention_at = entry.next_at;
            changes.major = Some(true);
            changes.tracker = Some(Some("李卫东".into()));
            changes.tracker_phone = Some(Some("0431-8888 0101".into()));
        }
        RiskStatus::Closed => {
            changes.outcome = Some(Some(RiskOutcome::Resolved));
            changes.outcome_summary = Some(Some("经协调，企业与职工达成一致，已落实。".into()));
            changes.closed_at = Some(Some(now - Duration::days(3)));
            changes.attention_at = Some(never());
        }
        _ => {}
    }
    let row = storage::update_case(conn, row.id, row.version, &changes, now)
        .await?
        .ok_or_else(|| ApiError::internal("demo case changed meanwhile"))?;
    Ok(row)
}

/// Merges `case` into `into`, as the office does with a duplicate report.
async fn merge(
    conn: &mut Conn<'_>,
    case: &RiskCaseRow,
    into: &RiskCaseRow,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let changes = RiskCaseChanges {
        status: Some(RiskStatus::Merged),
        merged_into_id: Some(Some(into.id)),
        closed_at: Some(Some(now - Duration::days(10))),
        attention_at: Some(never()),
        ..RiskCaseChanges::default()
    };
    storage::update_case(conn, case.id, case.version, &changes, now).await?;
    Ok(())
}

/// Last month's return of every employer, the next one's clock, and the
/// case the fourth employer's departures open.
async fn returns(
    conn: &mut Conn<'_>,
    employers: &[OrganizationRow],
    now: NaiveDateTime,
) -> ApiResult<()> {
    let today = local_date(now.and_utc());
    let last_month = month_of(month_of(today) - Duration::days(1));
    let profiles =
        organizations::profiles_by_ids(conn, &employers.iter().map(|e| e.id).collect::<Vec<_>>())
            .await?;
    for (i, employer) in employers.iter().enumerate() {
        let headcount = profiles
            .iter()
            .find(|p| p.organization_id == employer.id)
            .map_or(100, |p| p.headcount);
        // One employer lost an eighth of its workers; the others 1%, at most 20.
        let departures = if i == 3 {
            headcount / 8 + 1
        } else {
            (headcount / 100).min(20)
        };
        let office = office_of(conn, employer).await?;
        let mut row = HeadcountReturnRow {
            id: 0,
            employer_id: employer.id,
            month: last_month,
            headcount_start: headcount,
            headcount_end: headcount - departures,
            departures,
            filed_at: now - Duration::hours(20),
            filed_by_id: employer.id,
            case_id: None,
        };
        if super::rules::mass_departure(headcount, departures) {
            let new = NewRiskCase {
                employer_id: employer.id,
                region_id: employer.region_id,
                office_id: office.id,
                source: RiskSource::AutomaticDetection,
                status: RiskStatus::Assessed,
                summary: format!("上月离职{departures}人（月初职工{headcount}人）"),
                urgent: false,
                major: false,
                received_at: now - Duration::hours(20),
                attention_at: now + Duration::days(REVIEW_DAYS + 2),
                version: 1,
                created_at: now - Duration::hours(20),
                updated_at: now - Duration::hours(20),
            };
            let case = storage::insert_case(conn, &new, &[MonitoredItem::MassDeparture]).await?;
            clock(
                conn,
                FORM_CLOCK,
                &case,
                Some((DeadlineStatus::Met, now - Duration::hours(2))),
                now,
            )
            .await?;
            row.case_id = Some(case.id);
        }
        storage::insert_return(conn, &row).await?;
        // The next return's clock, unless it falls due within 15 days (its
        // first reminder would then come in the demo's first week).
        let clock = return_clock(last_month, RETURN_DAY);
        if let crate::deadlines::counting::Period::Until(due) = clock.period
            && due >= today + Duration::days(15)
        {
            let new = NewDeadline {
                clock,
                subject: (NodeType::Organization, employer.id),
                start: row.filed_at,
                organizations: vec![employer.id, office.id],
            };
            deadlines::open(conn, new, &ReminderOffsets::default(), now).await?;
        }
    }
    Ok(())
}

/// Two warnings of the city office: a level 1 on the first district with
/// cases, and a level 2 decided by the province over the whole city, lifted.
async fn warnings(conn: &mut Conn<'_>, cases: &[RiskCaseRow], now: NaiveDateTime) -> ApiResult<()> {
    let Some(office) = organizations::root_office(conn).await? else {
        return Ok(());
    };
    let Some(first) = cases.first() else {
        return Ok(());
    };
    let district = crate::organizations::places::region(conn, first.region_id)
        .await
        .map_err(TxError::into_api)?
        .ok_or_else(|| ApiError::internal("demo region"))?;
    let city = crate::organizations::places::region(conn, office.region_id)
        .await
        .map_err(TxError::into_api)?
        .ok_or_else(|| ApiError::internal("demo city"))?;
    let plans = [
        (
            WarningLevel::Level1,
            format!("{}部分企业工资支付风险预警", district.name),
            district,
            WarningStatus::Issued,
            None,
        ),
        (
            WarningLevel::Level2,
            "全市建筑业欠薪风险预警".to_owned(),
            city,
            WarningStatus::Lifted,
            Some(("吉林省协调劳动关系三方委员会", "吉劳关〔2026〕7号")),
        ),
    ];
    for (level, title, region, status, decided) in plans {
        let covered = organizations::region_ids_within(conn, &region.path).await?;
        let new = NewWarning {
            level,
            title,
            details: "请各地加强监测，对重点企业逐户走访，发现问题及时处置并报告。".into(),
            industries: "[\"E\"]".into(),
            workers: Some(300),
            status: WarningStatus::Issued,
            decided_by: decided.map(|d| d.0.to_owned()),
            document_number: decided.map(|d| d.1.to_owned()),
            decided_on: decided.map(|_| local_date((now - Duration::days(40)).and_utc())),
            issued_by_id: office.id,
            issued_at: now - Duration::days(30),
            version: 1,
            created_at: now - Duration::days(30),
            updated_at: now - Duration::days(30),
        };
        let linked: Vec<i64> = cases.iter().take(2).map(|c| c.id).collect();
        let row = storage::insert_warning(conn, &new, &covered, &[], &linked).await?;
        if status == WarningStatus::Lifted {
            let changes = storage::WarningChanges {
                status: Some(WarningStatus::Lifted),
                lifted_at: Some(Some(now - Duration::days(5))),
                lift_reason: Some(Some("欠薪问题已基本解决。".into())),
            };
            storage::update_warning(conn, row.id, row.version, &changes, now).await?;
        }
    }
    Ok(())
}

/// Loads the demo's risk monitoring for the city itself.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    if !batch.is_city() {
        return Ok(());
    }
    let employers = batch.employers(conn).await?;
    let mut cases: Vec<RiskCaseRow> = Vec::new();
    for (i, item) in MonitoredItem::ALL.iter().enumerate() {
        // Every third employer, so that the districts differ.
        let Some(employer) = employers.get((i * 3 + 1) % employers.len().max(1)) else {
            break;
        };
        let urgent = *item == MonitoredItem::CollectiveAction;
        let status = STATES[i % STATES.len()];
        if status == RiskStatus::Merged {
            // A second report of the same matter, merged into the first.
            let kept = case(conn, employer, *item, RiskStatus::Assessed, urgent, now).await?;
            let twin = case(conn, employer, *item, RiskStatus::Assessed, urgent, now).await?;
            merge(conn, &twin, &kept, now).await?;
            cases.push(kept);
            continue;
        }
        cases.push(case(conn, employer, *item, status, urgent, now).await?);
    }
    warnings(conn, &cases, now).await?;
    checks(conn, &employers, &cases, now).await?;
    bulletin(conn, now).await?;
    signals(conn, &employers, now).await?;
    returns(conn, &employers, now).await
}

/// Last month's shared-data signals of every employer, and the grades they
/// give under the first rule set: most low, some to watch, a few high,
/// none severe.
async fn signals(
    conn: &mut Conn<'_>,
    employers: &[OrganizationRow],
    now: NaiveDateTime,
) -> ApiResult<()> {
    use super::rules::grading::SignalKind::*;
    let month = month_of(local_date(now.and_utc()) - Duration::days(31));
    let mut signals = Vec::new();
    for (i, employer) in employers.iter().enumerate() {
        let mut signal = |kind, value| {
            signals.push(grades::Signal {
                employer_id: employer.id,
                month,
                kind,
                value,
            })
        };
        signal(LabourDisputes, (i % 2) as f64);
        if i % 11 == 7 {
            signal(SocialInsuranceArrears, 180_000.0);
            signal(Complaints, 6.0);
        } else {
            signal(Complaints, (i % 3) as f64);
            if i % 5 == 2 {
                signal(UtilityArrears, 62_000.0);
                signal(LogisticsDrop, 35.0);
            }
        }
    }
    grades::import(conn, &signals, None, "demo", now, &mut |_, _| {})
        .await
        .map_err(TxError::into_api)?;
    Ok(())
}

/// What a demo health check found: (area, compliant, finding).
const FINDINGS: [(HealthCheckArea, bool, &str); 4] = [
    (
        HealthCheckArea::Contracts,
        false,
        "抽查职工劳动合同40份，6份未约定工作地点和岗位。",
    ),
    (
        HealthCheckArea::Wages,
        true,
        "工资按月以货币形式足额支付，工资台账完整。",
    ),
    (
        HealthCheckArea::HoursAndRest,
        false,
        "生产一线月加班时间超过36小时。",
    ),
    (
        HealthCheckArea::SocialInsurance,
        true,
        "社会保险按时足额缴纳。",
    ),
];

/// The demo's rectification lines: (problem, measure, department, status).
const LINES: [(&str, &str, &str, RectificationStatus); 3] = [
    (
        "劳动合同必备条款不全",
        "补充约定工作地点和岗位并由职工签收",
        "人力资源部",
        RectificationStatus::Open,
    ),
    (
        "一线月加班超过36小时",
        "调整排班，增加一班次人员",
        "生产管理部",
        RectificationStatus::Done,
    ),
    (
        "加班审批制度未经民主程序",
        "提交职工代表大会讨论并公示",
        "综合办公室",
        RectificationStatus::Verified,
    ),
];

/// A rectification line of a health check or case, with its clock: open
/// and due at least fifteen days ahead, or met.
async fn line(
    conn: &mut Conn<'_>,
    row: RectificationRow,
    office: i64,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let row = checks::insert_item(conn, &row).await?;
    let new = NewDeadline {
        clock: rectification_clock(row.due_on),
        subject: (NodeType::RectificationItem, row.id),
        start: row.created_at,
        organizations: vec![row.employer_id, office],
    };
    let clock = deadlines::open(conn, new, &ReminderOffsets::default(), now).await?;
    if let Some(done) = row.done_at {
        deadlines::close(conn, clock.id, DeadlineStatus::Met, done).await?;
    }
    Ok(())
}

/// Three health checks in three districts, two acknowledged, each with
/// rectification lines open, reported done and verified; and a line on
/// the first case.
async fn checks(
    conn: &mut Conn<'_>,
    employers: &[OrganizationRow],
    cases: &[RiskCaseRow],
    now: NaiveDateTime,
) -> ApiResult<()> {
    let today = local_date(now.and_utc());
    for (n, index) in [0usize, 4, 8].into_iter().enumerate() {
        let Some(employer) = employers.get(index) else {
            continue;
        };
        let office = office_of(conn, employer).await?;
        let visited = now - Duration::days(12);
        let new = NewHealthCheck {
            employer_id: employer.id,
            region_id: employer.region_id,
            recorded_by_id: office.id,
            visited_on: local_date(visited.and_utc()),
            diagnosis: "劳动合同管理和工时制度存在不规范之处，整体风险较低。".into(),
            prescription: "一、30日内补充完善劳动合同必备条款；二、合理安排生产班次，控制加班时长；三、规章制度调整履行民主程序。".into(),
            version: 1,
            created_at: visited,
            updated_at: visited,
        };
        let visitors = [
            ("吴芳".to_owned(), VisitorRole::Coordinator),
            ("周明".to_owned(), VisitorRole::UnionLegalSupervisor),
            ("郑丽".to_owned(), VisitorRole::BargainingInstructor),
        ];
        let findings: Vec<(HealthCheckArea, bool, String)> = FINDINGS
            .iter()
            .map(|(area, ok, text)| (*area, *ok, (*text).to_owned()))
            .collect();
        let check = checks::insert_check(conn, &new, &visitors, &findings).await?;
        if n < 2 {
            let changes = HealthCheckChanges {
                acknowledged_at: Some(visited + Duration::days(2)),
                acknowledged_by: Some("人力资源部负责人".into()),
                acknowledgement: Some(Some("已收悉，将按期整改。".into())),
            };
            checks::update_check(conn, check.id, check.version, &changes, now).await?;
        }
        for (problem, measure, department, status) in LINES.iter().take(3 - n) {
            let due_on = today + Duration::days(20 + n as i64);
            let done = (*status != RectificationStatus::Open).then(|| now - Duration::days(3));
            let verified =
                (*status == RectificationStatus::Verified).then(|| now - Duration::days(1));
            let row = RectificationRow {
                id: 0,
                employer_id: employer.id,
                region_id: employer.region_id,
                case_id: None,
                health_check_id: Some(check.id),
                problem: (*problem).into(),
                measure: (*measure).into(),
                responsible_organization_id: None,
                responsible_department: Some((*department).into()),
                due_on,
                due_at: stored(end_of_local_day(due_on)),
                status: *status,
                evidence: done.map(|_| "整改材料已上传：排班表、合同补充协议签收单。".into()),
                done_at: done,
                verified_at: verified,
                verified_by_id: verified.map(|_| office.id),
                verification_note: verified.map(|_| "经现场核验，整改到位。".into()),
                added_by_id: office.id,
                version: 1,
                created_at: visited,
                updated_at: visited,
            };
            line(conn, row, office.id, now).await?;
        }
    }
    // The first open case's employer is to pay what it owes by a date.
    if let Some(case) = cases.iter().find(|c| c.status == RiskStatus::Resolving) {
        let due_on = today + Duration::days(25);
        let row = RectificationRow {
            id: 0,
            employer_id: case.employer_id,
            region_id: case.region_id,
            case_id: Some(case.id),
            health_check_id: None,
            problem: "风险事项涉及职工诉求尚未解决".into(),
            measure: "与工会协商制定解决方案并向职工公示".into(),
            responsible_organization_id: None,
            responsible_department: Some("企业负责人".into()),
            due_on,
            due_at: stored(end_of_local_day(due_on)),
            status: RectificationStatus::Open,
            evidence: None,
            done_at: None,
            verified_at: None,
            verified_by_id: None,
            verification_note: None,
            added_by_id: case.office_id,
            version: 1,
            created_at: now - Duration::days(2),
            updated_at: now - Duration::days(2),
        };
        line(conn, row, case.office_id, now).await?;
    }
    Ok(())
}

/// A bulletin of the city office.
async fn bulletin(conn: &mut Conn<'_>, now: NaiveDateTime) -> ApiResult<()> {
    let Some(city) = organizations::root_office(conn).await? else {
        return Ok(());
    };
    let at = now - Duration::days(5);
    let row = BulletinRow {
        id: 0,
        title: "岁末年初劳动关系风险提示".into(),
        body: "岁末年初是拖欠工资等劳动关系风险易发期。请各用人单位按时足额支付工资，依法履行风险监测事项报告义务；各区三方办加强排查，发现苗头性问题及时处置。".into(),
        published_by_id: city.id,
        published_at: at,
        withdrawn_at: None,
        withdraw_reason: None,
        version: 1,
        created_at: at,
        updated_at: at,
    };
    bulletins::insert(conn, &row).await?;
    Ok(())
}
