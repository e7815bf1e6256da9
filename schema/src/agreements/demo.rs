//! Demo agreements: four per demo employer, in every
//! state. Some are in force and expire within three months, some were
//! objected, some signed contracts were never filed. Every clock left open
//! is due at least fifteen days ahead, so no reminder is due in the first week;
//! each history (signing, filing, taking effect, the renewal clock) runs up to
//! the day its term began.

use std::collections::{HashMap, hash_map::Entry};

use chrono::{Datelike, Duration, NaiveDateTime};

use super::clauses::Clause;
use super::kinds::{AgreementKind, AgreementStatus, ReviewOutcome, SpecialSubject};
use super::rules::filing::{receipt_number, receipt_prefix};
use super::rules::{REVIEW, filing, renewal, term};
use super::storage::{self, AgreementRow, NewAgreement, NewVersion, ReviewRow};
use crate::db::Conn;
use crate::deadlines::calendar::Calendar;
use crate::deadlines::counting::local_date;
use crate::deadlines::rules::{DeadlineStatus, ReminderOffsets};
use crate::deadlines::storage::{self as deadlines, NewDeadline};
use crate::demo::Batch;
use crate::graphql::errors::{ApiError, ApiResult, TxError};
use crate::graphql::ids::NodeType;
use crate::offers::kinds::OfferTopic;

const SUBJECTS: [SpecialSubject; 5] = [
    SpecialSubject::Wage,
    SpecialSubject::SafetyHealth,
    SpecialSubject::WomenWorkers,
    SpecialSubject::SkillLevelWage,
    SpecialSubject::Other,
];

/// One demo agreement: what it is, where it stands, and its dates.
struct Plan {
    kind: AgreementKind,
    subject: Option<SpecialSubject>,
    title: String,
    status: AgreementStatus,
    /// The term's last day, relative to today.
    ends_in_days: i64,
    /// For a renewal: the day its predecessor's term ended, relative to
    /// today; the term then runs three years from the day after.
    follows: Option<i64>,
}

fn clauses(kind: AgreementKind, subject: Option<SpecialSubject>) -> Vec<Clause> {
    let (topic, heading, text) = match (kind, subject) {
        (_, Some(SpecialSubject::SafetyHealth)) => (
            OfferTopic::SafetyAndHealth,
            "第二条 劳动安全卫生",
            "企业每年投入不低于营业收入1%的安全生产费用，每年组织职工职业健康检查一次。",
        ),
        (_, Some(SpecialSubject::WomenWorkers)) => (
            OfferTopic::WomenAndJuvenileProtection,
            "第二条 女职工特殊保护",
            "女职工产假、哺乳期待遇按国家和吉林省规定执行，每年安排妇科检查一次。",
        ),
        (AgreementKind::Memorandum | AgreementKind::MeetingMinutes, _) => (
            OfferTopic::Pay,
            "第二条 已达成的共识",
            "双方同意在下一轮协商中优先讨论一线岗位工资调整方案。",
        ),
        _ => (
            OfferTopic::Pay,
            "第二条 工资调整",
            "2027年度职工工资平均增长不低于6%，最低工资标准以上部分同步调整。",
        ),
    };
    vec![
        Clause {
            key: 1,
            topic: OfferTopic::Other,
            heading: "第一条 总则".into(),
            text: "为维护职工和企业的合法权益，双方依法平等协商，订立本合同。".into(),
        },
        Clause {
            key: 2,
            topic,
            heading: heading.into(),
            text: text.into(),
        },
        Clause {
            key: 3,
            topic: OfferTopic::WorkingHours,
            heading: "第三条 工作时间".into(),
            text: "实行标准工时制度，每日工作8小时，每周40小时。".into(),
        },
    ]
}

fn plans(i: usize, short_name: &str) -> Vec<Plan> {
    use AgreementStatus::*;
    let contract = |status, ends_in_days| Plan {
        kind: AgreementKind::CollectiveContract,
        subject: None,
        title: format!("{short_name}集体合同"),
        status,
        ends_in_days,
        follows: None,
    };
    let special = |subject: SpecialSubject, status, ends_in_days| Plan {
        kind: AgreementKind::SpecialContract,
        subject: Some(subject),
        title: format!("{short_name}{}", special_title(subject)),
        status,
        ends_in_days,
        follows: None,
    };
    // The renewed contract of every sixth employer ended this many days ago.
    let renewed_end = -(30 + i as i64);
    let far = 400 + (i as i64 % 9) * 60;
    let soon = 45 + (i as i64 % 6) * 7;
    let first = match i % 6 {
        0 => Plan {
            follows: Some(renewed_end),
            ..contract(Effective, far)
        },
        3 => contract(Effective, far),
        1 => contract(Effective, soon),
        2 => contract(Expired, -(10 + i as i64 % 80)),
        4 => contract(Approved, far),
        _ => contract(Filed, far),
    };
    let subject = SUBJECTS[i % SUBJECTS.len()];
    let second = match i % 5 {
        0 => special(subject, Signed, far),
        1 => special(subject, Objected, far),
        // Its renewal clock ran out before today, as the others' expiring soon.
        2 => special(subject, Effective, soon + 7),
        3 => special(subject, Terminated, far),
        _ => special(subject, Drafting, far),
    };
    let (kind, name) = match i % 3 {
        0 => (AgreementKind::Memorandum, "协商备忘录"),
        1 => (AgreementKind::MeetingMinutes, "协商会议纪要"),
        _ => (AgreementKind::Agreement, "工资支付协议"),
    };
    let third = Plan {
        kind,
        subject: None,
        title: format!("{short_name}{name}"),
        status: if i.is_multiple_of(2) {
            Signed
        } else {
            Drafting
        },
        ends_in_days: far,
        follows: None,
    };
    let fourth = match i % 6 {
        // The contract it renewed: the first one is in force.
        0 => Plan {
            title: format!("{short_name}集体合同（上一期）"),
            ..contract(Renewed, renewed_end)
        },
        3 => contract(Drafting, far),
        _ => special(SpecialSubject::SkillLevelWage, Effective, far),
    };
    vec![first, second, third, fourth]
}

fn special_title(subject: SpecialSubject) -> &'static str {
    match subject {
        SpecialSubject::Wage => "2027年度工资专项集体合同",
        SpecialSubject::SafetyHealth => "劳动安全卫生专项集体合同",
        SpecialSubject::WomenWorkers => "女职工权益保护专项集体合同",
        SpecialSubject::SkillLevelWage => "技能等级工资专项集体合同",
        SpecialSubject::Other => "职工培训专项集体合同",
    }
}

/// What a batch's agreements share: the calendar their clocks count on,
/// and the rows nothing reads before the batch ends, stored together at
/// its end: the bindings, the first drafts, and the filings with the
/// division code of their region (numbered only then, see [`file`]).
struct Desk {
    calendar: Calendar,
    bindings: Vec<(i64, i64)>,
    versions: Vec<NewVersion>,
    filings: Vec<(ReviewRow, String)>,
}

/// Inserts an agreement as it would stand after its history, with its
/// text, signatures, filing and open clocks.
#[allow(clippy::too_many_arguments)]
async fn insert(
    conn: &mut Conn<'_>,
    desk: &mut Desk,
    plan: &Plan,
    workers: i64,
    employer: i64,
    region: (i64, &str),
    employers: &[i64],
    predecessor: Option<i64>,
    reviewer: Option<i64>,
    now: NaiveDateTime,
) -> Result<AgreementRow, ApiError> {
    use AgreementStatus::*;
    let today = local_date(now.and_utc());
    let status = plan.status;
    let signed = !matches!(status, Drafting | Approved);
    let in_force = matches!(status, Effective | Expired | Renewed | Terminated);
    let three_years = chrono::Months::new(36);
    let (starts_on, ends_on) = match plan.follows {
        Some(ended) => {
            let starts_on = today + Duration::days(ended + 1);
            let ends_on = starts_on
                .checked_add_months(three_years)
                .and_then(|d| d.pred_opt())
                .unwrap_or(starts_on);
            (starts_on, ends_on)
        }
        None => {
            let ends_on = today + Duration::days(plan.ends_in_days);
            let starts_on = ends_on
                .checked_sub_months(three_years)
                .and_then(|d| d.succ_opt())
                .unwrap_or(ends_on);
            // A contract not yet in force begins after its review.
            let starts_on = match in_force {
                true => starts_on,
                false => starts_on.max(today + Duration::days(16)),
            };
            (starts_on, ends_on)
        }
    };
    // Beijing midnight, as stored (UTC).
    let midnight =
        |day: chrono::NaiveDate| day.and_time(chrono::NaiveTime::MIN) - Duration::hours(8);
    // A contract in force was signed, filed and took effect in the weeks
    // before its term began (or before now, when that is later); anything
    // else was drafted in the weeks before now.
    let anchor = match in_force && plan.kind.is_contract() {
        true => midnight(starts_on).min(now),
        false => now,
    };
    let past = |days: i64| anchor - Duration::days(days);
    // The end of the term, for a contract that expired or was renewed.
    let ended = match status {
        Expired | Renewed => Some(midnight(ends_on + Duration::days(1)).min(now)),
        Terminated => Some(now - Duration::days(5)),
        _ => None,
    };
    let agreement = storage::insert_agreement(
        conn,
        &NewAgreement {
            kind: plan.kind,
            special_subject: plan.subject,
            title: plan.title.clone(),
            offer_id: None,
            predecessor_id: predecessor,
            workers_party_id: workers,
            employer_party_id: employer,
            region_id: region.0,
            workers_covered: Some(80 + (employer % 7) as i32 * 45),
            term_starts_on: plan.kind.is_contract().then_some(starts_on),
            term_ends_on: plan.kind.is_contract().then_some(ends_on),
            term_override_reason: None,
            status,
            text_version: 1,
            next_clause_key: 4,
            version: 1,
            created_at: past(60),
            updated_at: now,
        },
    )
    .await?;
    let changes = storage::AgreementChanges {
        workers_signed_by: signed.then(|| Some("王建华".into())),
        workers_signed_at: signed.then_some(Some(past(40))),
        employer_signed_by: signed.then(|| Some("李志强".into())),
        employer_signed_at: signed.then_some(Some(past(40))),
        workers_signed_delegation: signed.then(|| Some("工会委员会书面委托".into())),
        employer_signed_delegation: signed.then(|| Some("法定代表人授权委托书".into())),
        effective_at: in_force.then_some(Some(past(20))),
        published_at: in_force.then_some(Some(past(18))),
        publication_method: in_force.then(|| Some("公告栏张贴并印发全体职工".into())),
        ended_at: ended.map(Some),
        termination_ground: (status == Terminated)
            .then_some(Some(super::kinds::TerminationGround::ByAgreement)),
        termination_note: (status == Terminated)
            .then(|| Some("企业整体搬迁，经双方代表协商一致解除。".into())),
        ..storage::AgreementChanges::default()
    };
    // A draft stands as it was inserted.
    let agreement = match signed || in_force {
        true => storage::update_agreement(conn, agreement.id, 1, &changes, now)
            .await?
            .ok_or(ApiError::internal("demo agreement changed"))?,
        false => agreement,
    };
    desk.bindings
        .extend(employers.iter().map(|employer| (agreement.id, *employer)));
    let text = serde_json::to_string(&clauses(plan.kind, plan.subject)).unwrap_or_default();
    desk.versions.push(NewVersion {
        agreement_id: agreement.id,
        number: 1,
        author_user_id: None,
        author_organization_id: workers,
        note: "初稿".into(),
        clauses: text,
        created_at: past(60),
    });
    let parties = vec![workers, employer];
    let clock = |clock, start| NewDeadline {
        clock,
        subject: (NodeType::Agreement, agreement.id),
        start,
        organizations: parties.clone(),
    };
    let offsets = ReminderOffsets::default();
    let filed = |outcome, opinion: Option<&str>, at| ReviewRow {
        id: 0,
        agreement_id: agreement.id,
        reviewer_id: reviewer.unwrap_or(workers),
        filed_at: at,
        receipt_number: String::new(),
        filed_late: false,
        late_explanation: None,
        outcome,
        opinion: opinion.map(str::to_owned),
        decided_at: (outcome != ReviewOutcome::Pending).then_some(at + Duration::days(9)),
    };
    match status {
        // Signed contracts left unfiled: their filing clock ran out.
        Signed if plan.kind.is_contract() => {
            missed(conn, clock(filing(10), past(40)), &desk.calendar, now).await?;
        }
        Filed if reviewer.is_some() => {
            let review = filed(ReviewOutcome::Pending, None, now);
            desk.filings.push((review, region.1.to_owned()));
            deadlines::open_on(conn, clock(REVIEW, now), &desk.calendar, &offsets, now).await?;
        }
        Objected if reviewer.is_some() => {
            let opinion = "第二条工资调整条款低于本市最低工资标准调整幅度，请双方重新协商。";
            let review = filed(ReviewOutcome::Objected, Some(opinion), past(30));
            desk.filings.push((review, region.1.to_owned()));
            missed(conn, clock(filing(10), past(21)), &desk.calendar, now).await?;
        }
        Effective if plan.kind.is_contract() => {
            let review = filed(ReviewOutcome::NoObjection, None, past(36));
            desk.filings.push((review, region.1.to_owned()));
            let term = clock(term(ends_on), past(20));
            deadlines::open_on(conn, term, &desk.calendar, &offsets, now).await?;
            // The renewal clock ran from taking effect; the scheduler
            // closed it on the day renewal could be proposed, if that passed.
            let renewal = deadlines::open_on(
                conn,
                clock(renewal(ends_on), past(20)),
                &desk.calendar,
                &offsets,
                now,
            )
            .await?;
            if renewal.due_at <= now {
                deadlines::close(conn, renewal.id, DeadlineStatus::Met, renewal.due_at).await?;
            }
        }
        _ => {}
    }
    Ok(agreement)
}

/// A clock that ran out unheeded: opened and closed as missed at its due time.
async fn missed(
    conn: &mut Conn<'_>,
    new: NewDeadline,
    calendar: &Calendar,
    now: NaiveDateTime,
) -> ApiResult<()> {
    let offsets = ReminderOffsets::default();
    let row = deadlines::open_on(conn, new, calendar, &offsets, now).await?;
    deadlines::close(conn, row.id, DeadlineStatus::Missed, row.due_at).await?;
    Ok(())
}

/// A region's division code and the labour administration its agreements are filed with.
async fn place(conn: &mut Conn<'_>, region_id: i64) -> ApiResult<(String, Option<i64>)> {
    let code = crate::organizations::places::region(conn, region_id)
        .await
        .map_err(TxError::into_api)?
        .map(|r| r.code)
        .unwrap_or_default();
    let reviewer = crate::organizations::places::labour_administrations_above(conn, region_id)
        .await
        .map_err(TxError::into_api)?
        .last()
        .map(|o| o.id);
    Ok((code, reviewer))
}

/// Loads a batch's agreements.
pub async fn load(conn: &mut Conn<'_>, now: NaiveDateTime, batch: &mut Batch) -> ApiResult<()> {
    let employers = batch.employers(conn).await?;
    let mut desk = Desk {
        calendar: batch.calendar(conn).await?.clone(),
        bindings: Vec::new(),
        versions: Vec::new(),
        filings: Vec::new(),
    };
    // Each region's division code and the labour administration filed with.
    let mut places: HashMap<i64, (String, Option<i64>)> = HashMap::new();
    for (i, employer) in employers.iter().enumerate() {
        let Some(union) = batch.union_of(conn, employer.id).await? else {
            continue;
        };
        if let Entry::Vacant(slot) = places.entry(employer.region_id) {
            slot.insert(place(conn, employer.region_id).await?);
        }
        let (code, reviewer) = places[&employer.region_id].clone();
        let short_name = employer
            .name
            .trim_start_matches("长春")
            .trim_end_matches("有限公司")
            .trim_end_matches("股份");
        let region = (employer.region_id, code.as_str());
        let plans = plans(i, short_name);
        let mut renewed_by = None;
        for plan in &plans {
            let row = insert(
                conn,
                &mut desk,
                plan,
                union.id,
                employer.id,
                region,
                &[employer.id],
                None,
                reviewer,
                now,
            )
            .await?;
            if renewed_by.is_none() {
                renewed_by = Some(row.id);
            }
            if plan.status == AgreementStatus::Renewed
                && let Some(successor) = renewed_by
            {
                storage::set_predecessor(conn, successor, row.id).await?;
            }
        }
    }
    storage::insert_bindings(conn, &desk.bindings).await?;
    storage::insert_versions(conn, desk.versions).await?;
    batch.file_later(desk.filings);
    batch.count_later(employers.iter().map(|e| e.id));
    Ok(())
}

/// Stores demo filings, each with the next receipt of its region and year.
/// Receipts are counted per region and year, so copies loaded side by side
/// call this in turns ([`crate::demo::Batch::finish`]).
pub async fn file(conn: &mut Conn<'_>, filings: Vec<(ReviewRow, String)>) -> ApiResult<()> {
    let mut issued: HashMap<String, i64> = HashMap::new();
    let mut reviews = Vec::with_capacity(filings.len());
    for (mut review, region_code) in filings {
        let year = local_date(review.filed_at.and_utc()).year();
        let prefix = receipt_prefix(&region_code, year);
        let before = match issued.get(&prefix) {
            Some(before) => *before,
            None => storage::receipts_issued(conn, &prefix).await?,
        };
        review.receipt_number = receipt_number(&region_code, year, before + 1);
        issued.insert(prefix, before + 1);
        reviews.push(review);
    }
    storage::insert_reviews(conn, reviews).await?;
    Ok(())
}
