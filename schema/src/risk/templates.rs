//! Email text of risk events. Each row is (subject, what happened, what to
//! do) with `{placeholders}` filled from the event's payload, which carries
//! only what the employer, its union and associations may see: never the
//! office's analysis.

use serde_json::Value;

use super::kinds::{
    LinkKind, MonitoredItem, Referral, ReportingFault, RiskOutcome, UpwardRecipient, WarningLevel,
};
use super::rules::grading::RiskGrade;
use crate::events::kinds::EventKind;
use crate::events::templates::{Text, describe_due, describe_payload_due, localised, raw};
use crate::identity::kinds::Language;

fn zh(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        RiskReported => (
            "{urgentTag}劳动关系风险报告：{employer}",
            "{employer}报告了劳动关系风险监测事项：{items}。接报部门：{office}。",
            "属地协调劳动关系三方委员会办公室应在{due}前填写风险监测预警信息情况表，指导用人单位依法处置{urgentTodo}。",
        ),
        RiskDetected => (
            "请报送劳动关系风险速报表：{employer}",
            "根据{employer}报送的月度用工人数报表，当月离职人数达到监测事项第七项的标准（50人以上，或不足50人但占职工总数10%以上）。接报部门：{office}。",
            "请用人单位立即向属地协调劳动关系三方委员会办公室报送《劳动关系风险监测预警用人单位速报表》；三方办应在{due}前填写风险监测预警信息情况表。",
        ),
        RiskFormFiled => (
            "风险监测预警信息情况表已填报：{employer}",
            "{office}就{employer}的风险事项填报了第{number}份信息情况表：{title}。",
            "请按风险分级预警制度跟踪处置，必要时向上级报告。",
        ),
        RiskFollowedUp => (
            "风险事项跟踪记录：{employer}",
            "{employer}的风险事项有新的跟踪处置记录：{done}",
            "请按下一步安排继续跟踪。",
        ),
        RiskCaseFlagged => (
            "{urgentTag}风险事项标注更新：{employer}",
            "{employer}的风险事项标注已更新（重大：{majorText}；紧急：{urgentText}）。",
            "重大风险应建立专门台账、落实专人跟踪；紧急重大事项应立即报告。",
        ),
        RiskReportedUpward => (
            "风险事项已向{recipient}报告：{employer}",
            "{office}已将{employer}的风险事项向{recipient}报告。",
            "请做好后续跟踪和信息报告工作。",
        ),
        RiskCaseClosed => (
            "风险事项已办结：{employer}",
            "{employer}的风险事项已办结，结果：{outcome}。",
            "无需操作。",
        ),
        CreditReminderIssued => (
            "信用提醒：{employer}",
            "{employer}存在风险监测事项{faultName}情形，{office}依据《劳动关系领域风险监测预警工作实施方案》第十条予以信用提醒。{interview}",
            "请用人单位主动履行劳动关系风险监测事项报告义务，杜绝漏报、迟报、瞒报。",
        ),
        IntegrityInterviewHeld => (
            "诚信约谈已进行：{employer}",
            "{office}已就{employer}的{faultName}情形进行诚信约谈：{outcome}",
            "请按约谈意见落实整改。",
        ),
        WarningIssued => (
            "劳动关系风险预警（{level}）：{title}",
            "已发布{level}劳动关系风险预警：{title}。{decision}",
            "请按预警要求做好本区域风险监测、排查和防范化解工作。",
        ),
        WarningLifted => (
            "劳动关系风险预警已解除：{title}",
            "{level}劳动关系风险预警“{title}”已解除：{reason}",
            "无需操作。",
        ),
        HealthCheckRecorded => (
            "法治体检结果及用工处方：{employer}",
            "{office}于{visitedOn}对{employer}进行了法治体检，并开具用工处方：{prescription}",
            "请用人单位确认收到用工处方，并按整改清单在时限内完成整改。",
        ),
        PrescriptionAcknowledged => (
            "用工处方已确认：{employer}",
            "{employer}（{acknowledgedBy}）已确认收到{visitedOn}法治体检的用工处方。",
            "请跟踪整改清单的落实。",
        ),
        RectificationAssigned => (
            "整改事项：{employer}",
            "{employer}需整改：{problem}。整改措施：{measure}。责任部门：{responsible}。",
            "请在{due}前完成整改并报送整改材料。",
        ),
        RectificationReported => (
            "整改事项已报完成：{employer}",
            "{employer}报告已完成整改：{problem}。",
            "请协调劳动关系三方委员会办公室核验整改情况。",
        ),
        RectificationVerified => (
            "整改事项已核验：{employer}",
            "{employer}的整改事项“{problem}”已核验完成。{note}",
            "无需操作。",
        ),
        RectificationReopened => (
            "整改事项未通过核验：{employer}",
            "{employer}的整改事项“{problem}”未通过核验：{note}",
            "请在{due}前重新完成整改并报送整改材料。",
        ),
        RiskBulletinPublished => (
            "劳动关系风险信息发布：{title}",
            "{office}发布了劳动关系风险信息：{title}。",
            "请登录平台查阅全文。",
        ),
        RiskCasesMerged => (
            "风险事项已合并办理：{employer}",
            "{employer}的一项风险事项已并入同一单位的另一项风险事项合并办理：{reason}",
            "请在合并后的风险事项中继续报告和跟踪。",
        ),
        RiskReferralAnswered => (
            "移送事项已答复：{employer}",
            "{referralName}就{employer}的风险事项答复：{answer}",
            "请根据答复继续跟踪处置。",
        ),
        RiskCaseLinked => (
            "风险事项已关联{linkName}：{employer}",
            "{employer}的风险事项已关联本单位的{linkName}。",
            "无需操作。",
        ),
        RiskCaseUnlinked => (
            "风险事项已取消关联{linkName}：{employer}",
            "{employer}的风险事项已取消与{linkName}的关联。",
            "无需操作。",
        ),
        RiskGradeRose => (
            "劳动关系风险等级上升：{employer}",
            "根据共享数据，{employer}的劳动关系风险等级由{beforeName}升至{gradeName}（{points}分，分级规则第{ruleVersion}版）。",
            "请核实情况，必要时上门走访、开展法治体检。",
        ),
        RiskBulletinWithdrawn => (
            "劳动关系风险信息已撤回：{title}",
            "{office}撤回了劳动关系风险信息“{title}”：{reason}",
            "无需操作。",
        ),
        _ => ("{employer}", "", ""),
    }
}

fn en(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        RiskReported => (
            "{urgentTag}Labour-relations risk reported: {employer}",
            "{employer} reported a monitored matter: {items}. Received by {office}.",
            "The district tripartite office files the information form by {due} and guides the employer{urgentTodo}.",
        ),
        RiskDetected => (
            "Quick report wanted: {employer}",
            "The monthly headcount return of {employer} shows departures that make monitored item 7 (50 or more, or at least 10% of the workforce). Received by {office}.",
            "The employer files the quick report with the district tripartite office at once; the office files the information form by {due}.",
        ),
        RiskFormFiled => (
            "Risk information form filed: {employer}",
            "{office} filed information form no. {number} on {employer}: {title}.",
            "Follow the case up under the warning levels, and report upward where needed.",
        ),
        RiskFollowedUp => (
            "Risk case followed up: {employer}",
            "The case of {employer} was followed up: {done}",
            "Carry on with the next step.",
        ),
        RiskCaseFlagged => (
            "{urgentTag}Risk case flags changed: {employer}",
            "The case of {employer} is now major: {majorText}; urgent: {urgentText}.",
            "A major case has a named tracker; an urgent one is reported at once.",
        ),
        RiskReportedUpward => (
            "Risk case reported to {recipient}: {employer}",
            "{office} reported the case of {employer} to {recipient}.",
            "Keep following the case and reporting on it.",
        ),
        RiskCaseClosed => (
            "Risk case closed: {employer}",
            "The case of {employer} was closed: {outcome}.",
            "Nothing to do.",
        ),
        CreditReminderIssued => (
            "Credit reminder: {employer}",
            "{office} issued {employer} a credit reminder for a {faultName} under Art. 10 of the monitoring plan. {interview}",
            "Report every monitored matter at once, in full and on time.",
        ),
        IntegrityInterviewHeld => (
            "Integrity interview held: {employer}",
            "{office} held an integrity interview with {employer} on its {faultName}: {outcome}",
            "Carry out what the interview agreed.",
        ),
        WarningIssued => (
            "Labour-relations risk warning ({level}): {title}",
            "A {level} labour-relations risk warning was issued: {title}. {decision}",
            "Step up monitoring, checks and prevention in your region as the warning asks.",
        ),
        WarningLifted => (
            "Labour-relations risk warning lifted: {title}",
            "The {level} warning “{title}” was lifted: {reason}",
            "Nothing to do.",
        ),
        HealthCheckRecorded => (
            "Health check and prescription: {employer}",
            "{office} made a labour-law health check of {employer} on {visitedOn} and prescribed: {prescription}",
            "The employer acknowledges the prescription and completes its rectification items in time.",
        ),
        PrescriptionAcknowledged => (
            "Prescription acknowledged: {employer}",
            "{employer} ({acknowledgedBy}) acknowledged the prescription of the health check of {visitedOn}.",
            "Follow the rectification items up.",
        ),
        RectificationAssigned => (
            "To rectify: {employer}",
            "{employer} is to rectify: {problem}. Measure: {measure}. Responsible: {responsible}.",
            "Complete it and send the evidence by {due}.",
        ),
        RectificationReported => (
            "Rectification reported done: {employer}",
            "{employer} reports done: {problem}.",
            "The tripartite office verifies it.",
        ),
        RectificationVerified => (
            "Rectification verified: {employer}",
            "The rectification of {employer} “{problem}” was verified. {note}",
            "Nothing to do.",
        ),
        RectificationReopened => (
            "Rectification not accepted: {employer}",
            "The rectification of {employer} “{problem}” was not accepted: {note}",
            "Complete it and send the evidence by {due}.",
        ),
        RiskBulletinPublished => (
            "Labour-relations risk bulletin: {title}",
            "{office} published a labour-relations risk bulletin: {title}.",
            "Read it on the platform.",
        ),
        RiskCasesMerged => (
            "Risk case merged: {employer}",
            "A case of {employer} was merged into another case of the same employer: {reason}",
            "Report on and follow the case it joined.",
        ),
        RiskReferralAnswered => (
            "Referral answered: {employer}",
            "{referralName} answered on the case of {employer}: {answer}",
            "Carry on in light of the answer.",
        ),
        RiskCaseLinked => (
            "Risk case linked to {linkName}: {employer}",
            "The case of {employer} was linked to its {linkName}.",
            "Nothing to do.",
        ),
        RiskCaseUnlinked => (
            "Risk case unlinked from {linkName}: {employer}",
            "The case of {employer} is no longer linked to the {linkName}.",
            "Nothing to do.",
        ),
        RiskGradeRose => (
            "Labour-relations risk grade rose: {employer}",
            "From shared data, the risk grade of {employer} rose from {beforeName} to {gradeName} ({points} points, rule set version {ruleVersion}).",
            "Check the facts, and visit or make a health check where needed.",
        ),
        RiskBulletinWithdrawn => (
            "Risk bulletin withdrawn: {title}",
            "{office} withdrew the risk bulletin “{title}”: {reason}",
            "Nothing to do.",
        ),
        _ => ("{employer}", "", ""),
    }
}

fn item_name(item: MonitoredItem, language: Language) -> &'static str {
    use MonitoredItem::*;
    let (zh, en) = match item {
        Closure => ("破产、关闭或解散", "bankruptcy, closure or dissolution"),
        Restructuring => (
            "合并、分立或实际控制人变更",
            "merger, split or change of control",
        ),
        Relocation => ("生产经营地址搬迁", "relocation"),
        Stoppage => ("停工停产歇业", "stoppage"),
        WageArrears => ("拖欠工资", "wage arrears"),
        Layoff => ("裁减人员", "layoffs"),
        MassDeparture => ("当月离职人数较多", "mass departures"),
        RuleChange => ("调整涉及切身利益的规章制度", "changed workplace rules"),
        CollectiveAction => ("停工、怠工、堵门、堵路", "stoppage, go-slow or blockade"),
        PublicOpinion => ("社会舆情关注", "public attention"),
        OtherMajor => ("其他重大事项", "another major matter"),
    };
    match language {
        Language::ZhCn => zh,
        Language::En => en,
    }
}

fn level_name(code: &str, language: Language) -> String {
    let Ok(level) = code.parse::<WarningLevel>() else {
        return code.to_owned();
    };
    let (zh, en) = match level {
        WarningLevel::Level1 => ("一级", "level 1"),
        WarningLevel::Level2 => ("二级", "level 2"),
        WarningLevel::Level3 => ("三级", "level 3"),
    };
    match language {
        Language::ZhCn => zh.into(),
        Language::En => en.into(),
    }
}

fn yes_no(payload: &Value, key: &str, language: Language) -> String {
    let yes = payload.get(key).and_then(Value::as_bool) == Some(true);
    match (yes, language) {
        (true, Language::ZhCn) => "是".into(),
        (false, Language::ZhCn) => "否".into(),
        (true, Language::En) => "yes".into(),
        (false, Language::En) => "no".into(),
    }
}

/// The value of a placeholder, from the payload, in the recipient's language.
fn value(key: &str, payload: &Value, language: Language) -> String {
    let urgent = payload.get("urgent").and_then(Value::as_bool) == Some(true);
    let zh = language == Language::ZhCn;
    match key {
        "due" => describe_payload_due(payload, language),
        "items" => {
            let items = payload.get("items").and_then(Value::as_array);
            let names: Vec<&str> = items
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str()?.parse::<MonitoredItem>().ok())
                .map(|item| item_name(item, language))
                .collect();
            names.join(if zh { "、" } else { ", " })
        }
        "urgentTag" => match (urgent, zh) {
            (true, true) => "【紧急】".into(),
            (true, false) => "[URGENT] ".into(),
            (false, _) => String::new(),
        },
        "urgentTodo" => match (urgent, zh) {
            (true, true) => "；属紧急重大事项，应立即向市协调劳动关系三方委员会办公室报告".into(),
            (true, false) => {
                "; the matter is urgent and goes to the city tripartite office at once".into()
            }
            (false, _) => String::new(),
        },
        "faultName" => {
            let (zh_name, en_name) = match raw(payload, "fault").parse::<ReportingFault>() {
                Ok(ReportingFault::Missed) => ("漏报", "missed report"),
                Ok(ReportingFault::Late) => ("迟报", "late report"),
                Ok(ReportingFault::Concealed) => ("瞒报", "concealed report"),
                Err(_) => ("", ""),
            };
            if zh { zh_name.into() } else { en_name.into() }
        }
        "interview" => match (raw(payload, "interviewAt").parse(), zh) {
            (Ok(at), true) => format!("诚信约谈定于{}。", describe_due(at, language)),
            (Ok(at), false) => format!(
                "An integrity interview is set for {}.",
                describe_due(at, language)
            ),
            (Err(_), _) => String::new(),
        },
        "majorText" => yes_no(payload, "major", language),
        "urgentText" => yes_no(payload, "urgent", language),
        "level" => level_name(&raw(payload, "level"), language),
        "recipient" => {
            let (zh_name, en_name) = match raw(payload, "recipient").parse::<UpwardRecipient>() {
                Ok(UpwardRecipient::CityOffice) => (
                    "市协调劳动关系三方委员会办公室",
                    "the city tripartite office",
                ),
                Ok(UpwardRecipient::Province) => ("省协调劳动关系三方委员会", "the province"),
                Ok(UpwardRecipient::Nation) => (
                    "国家协调劳动关系三方会议",
                    "the national tripartite conference",
                ),
                Err(_) => ("上级", "above"),
            };
            if zh { zh_name.into() } else { en_name.into() }
        }
        "referralName" => {
            let (zh_name, en_name) = match raw(payload, "referredTo").parse::<Referral>() {
                Ok(Referral::LabourInspection) => ("劳动保障监察机构", "Labour inspection"),
                Ok(Referral::Arbitration) => ("劳动人事争议仲裁机构", "Arbitration"),
                Err(_) => ("", ""),
            };
            if zh { zh_name.into() } else { en_name.into() }
        }
        "linkName" => {
            let (zh_name, en_name) = match raw(payload, "linkKind").parse::<LinkKind>() {
                Ok(LinkKind::Offer) => ("集体协商要约", "bargaining offer"),
                Ok(LinkKind::Agreement) => ("协议", "agreement"),
                Ok(LinkKind::LayoffPlan) => ("经济性裁员方案", "layoff plan"),
                Err(_) => ("", ""),
            };
            if zh { zh_name.into() } else { en_name.into() }
        }
        "outcome" => {
            let (zh_name, en_name) = match raw(payload, "outcome").parse::<RiskOutcome>() {
                Ok(RiskOutcome::Resolved) => ("已化解", "resolved"),
                Ok(RiskOutcome::Referred) => ("已移交有关部门处理", "referred on"),
                Ok(RiskOutcome::Unfounded) => ("经评估不构成风险", "no risk found"),
                Err(_) => ("", ""),
            };
            if zh { zh_name.into() } else { en_name.into() }
        }
        "gradeName" | "beforeName" => {
            let code = raw(
                payload,
                if key == "gradeName" {
                    "grade"
                } else {
                    "before"
                },
            );
            let (zh_name, en_name) = match code.parse::<RiskGrade>() {
                Ok(RiskGrade::Low) => ("低", "low"),
                Ok(RiskGrade::Watch) => ("关注", "watch"),
                Ok(RiskGrade::High) => ("较高", "high"),
                Ok(RiskGrade::Severe) => ("高", "severe"),
                Err(_) => ("未分级", "ungraded"),
            };
            if zh { zh_name.into() } else { en_name.into() }
        }
        "decision" => {
            let body = raw(payload, "decidedBy");
            let document = raw(payload, "documentNumber");
            match (body.is_empty(), zh) {
                (true, _) => String::new(),
                (false, true) => format!("决定机关：{body}（{document}）。"),
                (false, false) => format!("Decided by {body} ({document})."),
            }
        }
        _ => raw(payload, key),
    }
}

/// (subject, what happened, what to do) of a risk event.
pub fn text(kind: EventKind, payload: &Value, language: Language) -> (String, String, String) {
    localised(kind, language, [zh, en], |key| {
        value(key, payload, language)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_urgent_report_says_so_and_names_the_forms_due_instant() {
        let payload = json!({ "employer": "长春清源水务有限公司", "office": "朝阳区协调劳动关系三方委员会办公室",
                              "items": ["WAGE_ARREARS", "COLLECTIVE_ACTION"], "urgent": true,
                              "due": "2027-03-02T01:00:00Z" });
        let (subject, happened, todo) = text(EventKind::RiskReported, &payload, Language::ZhCn);
        assert_eq!(subject, "【紧急】劳动关系风险报告：长春清源水务有限公司");
        assert!(
            happened.contains("拖欠工资、停工、怠工、堵门、堵路"),
            "{happened}"
        );
        assert!(
            todo.starts_with(
                "属地协调劳动关系三方委员会办公室应在2027年03月02日09:00（北京时间）前填写"
            ),
            "{todo}"
        );
        assert!(
            todo.contains("立即向市协调劳动关系三方委员会办公室报告"),
            "{todo}"
        );
        let calm = json!({ "employer": "甲", "office": "乙", "items": ["LAYOFF"], "urgent": false,
                           "due": "2027-03-02T01:00:00Z" });
        let (subject, _, todo) = text(EventKind::RiskReported, &calm, Language::En);
        assert_eq!(subject, "Labour-relations risk reported: 甲");
        assert!(!todo.contains("urgent"), "{todo}");
    }

    #[test]
    fn a_recorded_warning_names_its_decision() {
        let payload = json!({ "title": "建筑业欠薪风险", "level": "LEVEL_2",
                              "decidedBy": "吉林省协调劳动关系三方委员会", "documentNumber": "吉劳关〔2027〕1号" });
        let (subject, happened, _) = text(EventKind::WarningIssued, &payload, Language::ZhCn);
        assert_eq!(subject, "劳动关系风险预警（二级）：建筑业欠薪风险");
        assert!(
            happened.ends_with("决定机关：吉林省协调劳动关系三方委员会（吉劳关〔2027〕1号）。"),
            "{happened}"
        );
    }
}
