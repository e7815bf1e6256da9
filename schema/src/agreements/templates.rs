//! Email text of agreement events. Each row is (subject, what happened,
//! what to do) with `{placeholders}` filled from the event's payload, which
//! carries only what the parties, the reviewing administration and the
//! associations of the bound employers may all see. Long because it is
//! text: one row per event in Chinese and in English.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;

use super::kinds::{AgreementKind, SpecialSubject, TerminationGround, VotingBody};
use crate::deadlines::counting::local_date;
use crate::events::kinds::EventKind;
use crate::events::templates::{Text, describe_payload_due, fill, localised, raw};
use crate::identity::kinds::Language;

fn zh(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        AgreementDrafted => (
            "{kindName}起草：{title}",
            "{workersParty}与{employerParty}开始起草{kindName}《{title}》（第{textVersion}稿）。",
            "请双方在平台上共同修改文本、提出意见。",
        ),
        AgreementUpdated => (
            "{kindName}信息变更：{title}",
            "《{title}》的标题、期限或覆盖职工人数已变更。",
            "请核对变更内容。",
        ),
        AgreementRevised => (
            "《{title}》第{textVersion}稿",
            "{author}提出了《{title}》的修改稿（第{textVersion}稿）。{note}",
            "请查看与上一稿的对比，并提出意见。",
        ),
        AgreementCommented => (
            "《{title}》收到新意见",
            "{author}对《{title}》第{clause}条（{heading}）提出意见：{body}",
            "请查看并回复，或将意见标记为已解决。",
        ),
        AgreementCommentResolved => (
            "《{title}》的意见已解决",
            "对《{title}》第{clause}条的意见已标记为解决。",
            "无需操作。",
        ),
        AgreementVoted => (
            "《{title}》{bodyName}表决{voteResult}",
            "{bodyName}于{heldOn}对《{title}》草案（第{textVersion}稿）进行表决：应到{totalMembers}人，实到{present}人，同意{inFavour}人。",
            "{voteTodo}",
        ),
        AgreementSigned => (
            "《{title}》：{sideName}首席代表已签字",
            "{chief}代表{sideName}签署了《{title}》。",
            "{signTodo}",
        ),
        AgreementFiled => (
            "集体合同报送审查：{title}",
            "{employerParty}报送了《{title}》，备案回执号{receipt}。{lateNote}",
            "请{reviewer}在{due}前完成审查；逾期未提出异议的，集体合同即行生效（《集体合同规定》第四十七条）。",
        ),
        AgreementObjected => (
            "集体合同审查意见书：{title}",
            "{reviewer}对《{title}》提出审查意见：{opinion}",
            "请双方按审查意见重新协商修改，并在{due}前重新报送（《集体合同规定》第四十六条）。",
        ),
        AgreementEffective => (
            "集体合同生效：{title}",
            "《{title}》自{effectiveOn}起生效。{effectNote}",
            "请在{due}前以适当形式向全体职工公布（《集体合同规定》第四十八条）。",
        ),
        AgreementPublished => (
            "集体合同已公布：{title}",
            "《{title}》已于{publishedOn}向全体职工公布（{method}）。",
            "无需操作。",
        ),
        AgreementRenewalDue => (
            "集体合同将于{termEnd}期满：{title}",
            "《{title}》将于{termEnd}期满。",
            "双方可在期满前3个月内提出续订要求（《集体合同规定》第三十八条）。",
        ),
        AgreementExpired => (
            "集体合同期满：{title}",
            "《{title}》已于{termEnd}期满，未续订。",
            "如需继续，请发出集体协商要约，协商订立新的集体合同。",
        ),
        AgreementRenewed => (
            "集体合同已续订：{title}",
            "《{title}》由续订的《{successor}》接替。",
            "无需操作。",
        ),
        AgreementTerminated => (
            "集体合同解除：{title}",
            "《{title}》已解除，依据：{groundName}。{note}",
            "请向全体职工公布解除情况。",
        ),
        _ => ("{title}", "", ""),
    }
}

fn en(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        AgreementDrafted => (
            "Drafting began: {title}",
            "{workersParty} and {employerParty} began drafting the {kindName} \"{title}\" (version {textVersion}).",
            "Revise the text together and comment on its clauses on the platform.",
        ),
        AgreementUpdated => (
            "{title}: details changed",
            "The title, term or workers covered of \"{title}\" changed.",
            "Check the change.",
        ),
        AgreementRevised => (
            "{title}: version {textVersion}",
            "{author} proposed version {textVersion} of \"{title}\". {note}",
            "Compare it with the previous version and comment.",
        ),
        AgreementCommented => (
            "{title}: new comment",
            "{author} commented on clause {clause} ({heading}) of \"{title}\": {body}",
            "Answer it, or mark it resolved.",
        ),
        AgreementCommentResolved => (
            "{title}: comment resolved",
            "A comment on clause {clause} of \"{title}\" was resolved.",
            "Nothing.",
        ),
        AgreementVoted => (
            "{title}: the {bodyName} vote {voteResult}",
            "The {bodyName} voted on version {textVersion} of \"{title}\" on {heldOn}: {totalMembers} members, {present} present, {inFavour} in favour.",
            "{voteTodo}",
        ),
        AgreementSigned => (
            "{title}: the {sideName} chief signed",
            "{chief} signed \"{title}\" for the {sideName}.",
            "{signTodo}",
        ),
        AgreementFiled => (
            "Filed for review: {title}",
            "{employerParty} filed \"{title}\" for review; receipt {receipt}. {lateNote}",
            "{reviewer} reviews it before {due}; without an objection by then it takes effect (CCP Art. 47).",
        ),
        AgreementObjected => (
            "Review opinion on {title}",
            "{reviewer} objected to \"{title}\": {opinion}",
            "Renegotiate as the opinion asks and file again before {due} (CCP Art. 46).",
        ),
        AgreementEffective => (
            "In force: {title}",
            "\"{title}\" is in force from {effectiveOn}. {effectNote}",
            "Make it known to all workers before {due} (CCP Art. 48).",
        ),
        AgreementPublished => (
            "Published: {title}",
            "\"{title}\" was made known to all workers on {publishedOn} ({method}).",
            "Nothing.",
        ),
        AgreementRenewalDue => (
            "{title} expires on {termEnd}",
            "\"{title}\" expires on {termEnd}.",
            "Either side may propose renewal in the three months before expiry (CCP Art. 38).",
        ),
        AgreementExpired => (
            "Expired: {title}",
            "\"{title}\" expired on {termEnd} without renewal.",
            "To carry on, make a bargaining offer for a new contract.",
        ),
        AgreementRenewed => (
            "Renewed: {title}",
            "\"{title}\" was replaced by its renewal, \"{successor}\".",
            "Nothing.",
        ),
        AgreementTerminated => (
            "Terminated: {title}",
            "\"{title}\" was terminated. Ground: {groundName}. {note}",
            "Make the termination known to all workers.",
        ),
        _ => ("{title}", "", ""),
    }
}

/// The name of an agreement's kind, with a special contract's subject.
pub fn kind_name(
    kind: AgreementKind,
    subject: Option<SpecialSubject>,
    language: Language,
) -> String {
    use AgreementKind::*;
    let (zh, en) = match kind {
        CollectiveContract => ("集体合同", "collective contract"),
        SpecialContract => ("专项集体合同", "special collective contract"),
        SectorContract => ("行业性集体合同", "sector contract"),
        RegionalContract => ("区域性集体合同", "regional contract"),
        Agreement => ("协议", "agreement"),
        Memorandum => ("备忘录", "memorandum"),
        MeetingMinutes => ("会议纪要", "meeting minutes"),
    };
    let subject = subject.map(|s| {
        use SpecialSubject::*;
        match (s, language) {
            (Wage, Language::ZhCn) => "工资",
            (SafetyHealth, Language::ZhCn) => "劳动安全卫生",
            (WomenWorkers, Language::ZhCn) => "女职工权益保护",
            (SkillLevelWage, Language::ZhCn) => "能级工资",
            (Other, Language::ZhCn) => "其他",
            (Wage, Language::En) => "wages",
            (SafetyHealth, Language::En) => "safety and health",
            (WomenWorkers, Language::En) => "women workers",
            (SkillLevelWage, Language::En) => "skill-level wages",
            (Other, Language::En) => "another subject",
        }
    });
    match (language, subject) {
        (Language::ZhCn, Some(subject)) => format!("{subject}{zh}"),
        (Language::En, Some(subject)) => format!("{en} on {subject}"),
        (Language::ZhCn, None) => zh.into(),
        (Language::En, None) => en.into(),
    }
}

fn ground_name(raw: &str, language: Language) -> String {
    let Ok(ground) = raw.parse::<TerminationGround>() else {
        return raw.to_owned();
    };
    use TerminationGround::*;
    let (zh, en) = match ground {
        ByAgreement => ("双方协商一致（第三十九条）", "both sides agreed (Art. 39)"),
        EmployerMergedDissolvedOrBankrupt => (
            "用人单位被兼并、解散、破产致使合同无法履行（第四十条第一项）",
            "a merger, dissolution or bankruptcy made performance impossible (Art. 40.1)",
        ),
        ForceMajeure => (
            "不可抗力致使合同无法履行（第四十条第二项）",
            "force majeure (Art. 40.2)",
        ),
        AgreedCondition => (
            "约定的解除条件出现（第四十条第三项）",
            "a condition the contract set arose (Art. 40.3)",
        ),
        OtherLegalGround => (
            "法律、法规、规章规定的其他情形（第四十条第四项）",
            "another legal ground (Art. 40.4)",
        ),
    };
    match language {
        Language::ZhCn => zh.into(),
        Language::En => en.into(),
    }
}

fn day(text: &str, language: Language) -> String {
    let date = match text.parse::<DateTime<Utc>>() {
        Ok(instant) => local_date(instant),
        Err(_) => match text.parse::<NaiveDate>() {
            Ok(date) => date,
            Err(_) => return text.to_owned(),
        },
    };
    match language {
        Language::ZhCn => date.format("%Y年%m月%d日").to_string(),
        Language::En => date.format("%-d %B %Y").to_string(),
    }
}

fn pick(language: Language, zh: &str, en: &str) -> String {
    match language {
        Language::ZhCn => zh.into(),
        Language::En => en.into(),
    }
}

/// The value of a placeholder, from the payload, in the recipient's language.
fn value(key: &str, payload: &Value, language: Language) -> String {
    let text = raw(payload, key);
    let flag = |name: &str| payload.get(name).and_then(Value::as_bool).unwrap_or(false);
    match key {
        "due" => describe_payload_due(payload, language),
        "effectiveOn" | "publishedOn" | "termEnd" | "heldOn" => day(&text, language),
        "kindName" => {
            let kind = raw(payload, "kind").parse().ok();
            let subject = raw(payload, "specialSubject").parse().ok();
            kind.map(|k| kind_name(k, subject, language))
                .unwrap_or_default()
        }
        "groundName" => ground_name(&raw(payload, "ground"), language),
        "bodyName" => match raw(payload, "body").parse::<VotingBody>() {
            Ok(VotingBody::WorkersCongress) => pick(language, "职工代表大会", "workers' congress"),
            _ => pick(language, "全体职工", "all-workers"),
        },
        "sideName" => match raw(payload, "side").as_str() {
            "WORKERS" => pick(language, "职工方", "workers' side"),
            _ => pick(language, "企业方", "employer's side"),
        },
        "voteResult" => match flag("valid") {
            true => pick(language, "通过", "passed"),
            false => pick(language, "未通过", "failed"),
        },
        "voteTodo" => match flag("valid") {
            true => pick(
                language,
                "请双方首席代表签字（《集体合同规定》第三十七条）。",
                "Both chief representatives sign it next (CCP Art. 37).",
            ),
            false => format!(
                "{}{}",
                raw(payload, "reason"),
                pick(
                    language,
                    "。草案仍在起草阶段，可修改后重新表决。",
                    ". The draft stays in drafting; revise it and vote again.",
                )
            ),
        },
        "signTodo" => match (flag("complete"), flag("contract")) {
            (true, true) => fill(
                &pick(
                    language,
                    "双方均已签字。请在{due}前报送劳动保障行政部门审查（《集体合同规定》第四十二条）。",
                    "Both sides signed. File it with the labour administration before {due} (CCP Art. 42).",
                ),
                |k| value(k, payload, language),
            ),
            (true, false) => pick(
                language,
                "双方均已签字，请按约定履行。",
                "Both sides signed; act on it.",
            ),
            (false, _) => pick(
                language,
                "请另一方首席代表签字。",
                "The other side's chief signs next.",
            ),
        },
        "lateNote" => match flag("late") {
            true => format!(
                "{}{}",
                pick(language, "逾期报送，说明：", "Filed late; explanation: "),
                raw(payload, "lateExplanation")
            ),
            false => String::new(),
        },
        "effectNote" => match raw(payload, "review").as_str() {
            "NO_OBJECTION" => pick(
                language,
                "劳动保障行政部门自收到文本之日起15日内未提出异议，合同即行生效。",
                "The labour administration raised no objection within 15 days of receipt.",
            ),
            "APPROVED" => pick(
                language,
                "劳动保障行政部门已审查通过。",
                "The labour administration approved it.",
            ),
            _ => String::new(),
        },
        _ => text,
    }
}

/// (subject, what happened, what to do) of an agreement event.
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
    fn a_filed_contract_tells_the_administration_its_review_deadline() {
        let payload = json!({ "title": "2027年度工资专项集体合同", "employerParty": "长春清源水务有限公司",
                              "reviewer": "南关区人力资源和社会保障局", "receipt": "220102-20261201-17-1",
                              "due": "2026-12-16T16:00:00Z", "late": false });
        let (subject, happened, todo) = text(EventKind::AgreementFiled, &payload, Language::ZhCn);
        assert_eq!(subject, "集体合同报送审查：2027年度工资专项集体合同");
        assert!(
            happened.ends_with("备案回执号220102-20261201-17-1。"),
            "{happened}"
        );
        assert_eq!(
            todo,
            "请南关区人力资源和社会保障局在2026年12月16日24:00（北京时间）前完成审查；逾期未提出异议的，集体合同即行生效（《集体合同规定》第四十七条）。"
        );
    }

    #[test]
    fn a_failed_vote_says_why_and_what_next() {
        let payload = json!({ "title": "集体合同", "body": "WORKERS_CONGRESS", "valid": false,
                              "reason": "30 of 60 members in favour: more than half of all members (31) must approve" });
        let (subject, _, todo) = text(EventKind::AgreementVoted, &payload, Language::En);
        assert_eq!(subject, "集体合同: the workers' congress vote failed");
        assert!(todo.starts_with("30 of 60 members in favour"), "{todo}");
        assert!(todo.ends_with("revise it and vote again."), "{todo}");
    }

    #[test]
    fn a_special_contract_is_named_with_its_subject() {
        assert_eq!(
            kind_name(
                AgreementKind::SpecialContract,
                Some(SpecialSubject::Wage),
                Language::ZhCn
            ),
            "工资专项集体合同"
        );
        assert_eq!(
            kind_name(
                AgreementKind::SpecialContract,
                Some(SpecialSubject::Wage),
                Language::En
            ),
            "special collective contract on wages"
        );
    }
}
