//! Email text of bargaining events. Each row is (subject, what happened,
//! what to do) with `{placeholders}` filled from the event's payload, which
//! carries only what both parties to the offer may see.

use serde_json::Value;

use super::kinds::{NegotiationOutcome, OfferCategory};
use crate::events::kinds::EventKind;
use crate::events::templates::{Text, describe_due, describe_payload_due, localised, raw};
use crate::identity::kinds::Language;

fn zh(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        CampaignCreated => (
            "集体协商活动启动：{campaign}",
            "{organizer}启动了{campaign}，活动期间为{starts}至{ends}。",
            "请按活动安排开展集体协商要约工作。",
        ),
        OfferIssued => (
            "集体协商要约：{issuer}向{receiver}发出要约",
            "{issuer}向{receiver}发出了集体协商要约（{category}）。",
            "请在{due}前书面回应；无正当理由不得拒绝协商（《集体合同规定》第三十二条）。",
        ),
        OfferReceived => (
            "要约送达已登记：{issuer}致{receiver}",
            "{issuer}致{receiver}的书面集体协商要约已登记送达。",
            "请在{due}前书面回应（《集体合同规定》第三十二条）。",
        ),
        OfferAccepted => (
            "{receiver}同意进行集体协商",
            "{receiver}已书面同意就{issuer}的要约进行集体协商。",
            "请确定本方协商代表（每方不少于3人，首席代表1人），并商定首次协商的时间和地点。",
        ),
        OfferDeclined => (
            "{receiver}拒绝进行集体协商",
            "{receiver}拒绝了{issuer}的集体协商要约，理由：{reason}",
            "如认为拒绝无正当理由，可请上级工会或劳动保障行政部门协调处理。",
        ),
        OfferDeclineFlagged => (
            "拒绝协商被认定为无正当理由：{receiver}",
            "{flagger}认定{receiver}拒绝{issuer}的集体协商要约无正当理由。",
            "请上级工会督促、指导基层工会依法开展集体协商。",
        ),
        OfferWithdrawn => (
            "要约已撤回：{issuer}",
            "{issuer}撤回了致{receiver}的集体协商要约。",
            "无需操作。",
        ),
        OfferTextConfirmed => (
            "文本摘要已确认：{issuer}致{receiver}的要约",
            "对方已确认收到的文本与摘要（SHA-256）{digest}一致。",
            "无需操作；文本如再修改，摘要将随之改变。",
        ),
        RepresentativesNamed => (
            "{sideOrganization}已确定协商代表",
            "{sideOrganization}确定了本方集体协商代表（共{count}人）。",
            "请核对双方代表人数相等、各有首席代表1人，并商定协商时间。",
        ),
        RepresentativeRemoved => (
            "协商代表出缺：{sideOrganization}",
            "{sideOrganization}的协商代表{representative}已不再担任。",
            "请在{due}前补足协商代表（《集体合同规定》第三十一条）。",
        ),
        NegotiationStarted => (
            "集体协商开始：{issuer}与{receiver}",
            "双方协商代表已确定，集体协商正式开始。",
            "请按约定参加协商会议。",
        ),
        SessionScheduled => (
            "协商会议安排：{sessionAt}",
            "{issuer}与{receiver}的协商会议定于{sessionAt}在{place}举行，由{chair}首席代表主持。",
            "请按时参加；记录员：{noteTaker}。",
        ),
        SessionRecorded => (
            "协商会议记录已登记",
            "{sessionAt}的协商会议已举行，会议记录已登记。",
            "请核对会议记录。",
        ),
        NegotiationSuspended => (
            "集体协商中止，{until}恢复",
            "经双方同意，{issuer}与{receiver}的集体协商中止，下次协商日期为{until}。",
            "请在{until}恢复协商。",
        ),
        NegotiationResumed => (
            "集体协商恢复",
            "{issuer}与{receiver}的集体协商已恢复。",
            "请继续协商。",
        ),
        NegotiationConcluded => (
            "集体协商结束：{outcome}",
            "{issuer}与{receiver}的集体协商已结束，结果：{outcome}。{summary}",
            "{outcomeTodo}",
        ),
        CoordinationRequested => (
            "请求协调处理集体协商争议",
            "{requester}请求劳动保障行政部门协调处理与{other}的集体协商争议。理由：{reason}",
            "劳动保障行政部门应在{due}前协调处理完毕（《集体合同规定》第五十二条）。",
        ),
        CoordinationExtended => (
            "争议协调处理期限延长至{due}",
            "集体协商争议的协调处理期限已延长{days}日。",
            "请在{due}前完成协调处理。",
        ),
        CoordinationResolved => (
            "集体协商争议协调处理完毕",
            "集体协商争议已协调处理完毕：{resolution}",
            "请按协调处理协议书继续协商。",
        ),
        _ => ("{issuer}", "", ""),
    }
}

fn en(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        CampaignCreated => (
            "Campaign launched: {campaign}",
            "{organizer} launched {campaign}, running from {starts} to {ends}.",
            "Plan your bargaining offers for the campaign.",
        ),
        OfferIssued => (
            "Bargaining offer from {issuer} to {receiver}",
            "{issuer} sent {receiver} a written offer to bargain ({category}).",
            "Answer in writing before {due}; a refusal needs a valid reason (CCP Art. 32).",
        ),
        OfferReceived => (
            "Receipt of the offer recorded: {issuer} to {receiver}",
            "The written offer from {issuer} to {receiver} was recorded as received.",
            "Answer in writing before {due} (CCP Art. 32).",
        ),
        OfferAccepted => (
            "{receiver} agreed to bargain",
            "{receiver} agreed in writing to bargain on the offer from {issuer}.",
            "Name your representatives (at least 3, one chief) and agree the first session.",
        ),
        OfferDeclined => (
            "{receiver} refused to bargain",
            "{receiver} refused the offer from {issuer}. Reason: {reason}",
            "If the refusal has no valid reason, ask the union federation or the labour administration to step in.",
        ),
        OfferDeclineFlagged => (
            "Refusal without valid reason: {receiver}",
            "{flagger} found that {receiver} refused the offer from {issuer} without a valid reason.",
            "The federation should guide the grassroots union to pursue bargaining.",
        ),
        OfferWithdrawn => (
            "Offer withdrawn by {issuer}",
            "{issuer} withdrew its offer to {receiver}.",
            "Nothing.",
        ),
        OfferTextConfirmed => (
            "Text digest confirmed: the offer from {issuer} to {receiver}",
            "The other side confirmed that the text it received has the SHA-256 digest {digest}.",
            "Nothing; should the text change, so would its digest.",
        ),
        RepresentativesNamed => (
            "{sideOrganization} named its representatives",
            "{sideOrganization} named {count} representatives for the bargaining.",
            "Check that both sides have the same number and one chief each, and agree a time.",
        ),
        RepresentativeRemoved => (
            "A representative of {sideOrganization} left",
            "{representative} no longer represents {sideOrganization}.",
            "Fill the place before {due} (CCP Art. 31).",
        ),
        NegotiationStarted => (
            "Bargaining began: {issuer} and {receiver}",
            "Both sides named their representatives; bargaining has begun.",
            "Attend the agreed sessions.",
        ),
        SessionScheduled => (
            "Bargaining session at {sessionAt}",
            "The session of {issuer} and {receiver} is at {sessionAt}, {place}, chaired by the {chair} chief.",
            "Attend on time; the note-taker is {noteTaker}.",
        ),
        SessionRecorded => (
            "Minutes recorded",
            "The session of {sessionAt} was held and its minutes recorded.",
            "Check the minutes.",
        ),
        NegotiationSuspended => (
            "Bargaining suspended until {until}",
            "By agreement, bargaining between {issuer} and {receiver} is suspended until {until}.",
            "Resume on {until}.",
        ),
        NegotiationResumed => (
            "Bargaining resumed",
            "Bargaining between {issuer} and {receiver} resumed.",
            "Carry on bargaining.",
        ),
        NegotiationConcluded => (
            "Bargaining concluded: {outcome}",
            "Bargaining between {issuer} and {receiver} ended: {outcome}. {summary}",
            "{outcomeTodo}",
        ),
        CoordinationRequested => (
            "Coordination of a bargaining dispute requested",
            "{requester} asked the labour administration to coordinate its dispute with {other}. Reason: {reason}",
            "The labour administration coordinates before {due} (CCP Art. 52).",
        ),
        CoordinationExtended => (
            "Coordination extended to {due}",
            "The coordination of the bargaining dispute was extended by {days} days.",
            "Finish the coordination before {due}.",
        ),
        CoordinationResolved => (
            "Bargaining dispute resolved",
            "The coordination ended: {resolution}",
            "Carry on bargaining as agreed in the coordination.",
        ),
        _ => ("{issuer}", "", ""),
    }
}

fn category_name(code: &str, language: Language) -> String {
    let Ok(category) = code.parse::<OfferCategory>() else {
        return code.to_owned();
    };
    use OfferCategory::*;
    let (zh, en) = match category {
        SkillLevelWage => ("能级工资协商", "skill-level wages"),
        DifficultyStabilization => ("困难企业稳岗协商", "job stabilisation"),
        NewEmploymentForm => ("新就业形态协商", "new forms of employment"),
        Wage => ("工资集体协商", "wages"),
        Comprehensive => ("综合性集体合同", "comprehensive contract"),
        Special => ("专项集体协商", "special subject"),
    };
    match language {
        Language::ZhCn => zh.into(),
        Language::En => en.into(),
    }
}

fn outcome_name(code: &str, language: Language) -> (String, String) {
    let Ok(outcome) = code.parse::<NegotiationOutcome>() else {
        return (code.to_owned(), String::new());
    };
    use NegotiationOutcome::*;
    let (zh, zh_todo, en, en_todo) = match outcome {
        AgreementDraft => (
            "形成协议草案",
            "请将协议草案提交职工代表大会或全体职工讨论通过（《集体合同规定》第三十六条）。",
            "a draft agreement",
            "Put the draft to the workers' congress or all workers for approval (CCP Art. 36).",
        ),
        Memorandum => (
            "形成备忘录",
            "请双方按备忘录履行。",
            "a memorandum",
            "Both sides act on the memorandum.",
        ),
        Minutes => (
            "形成会议纪要",
            "请双方按会议纪要履行。",
            "meeting minutes",
            "Both sides act on the minutes.",
        ),
        NoAgreement => (
            "未达成一致",
            "可请劳动保障行政部门协调处理。",
            "no agreement",
            "You may ask the labour administration to coordinate.",
        ),
    };
    match language {
        Language::ZhCn => (zh.into(), zh_todo.into()),
        Language::En => (en.into(), en_todo.into()),
    }
}

/// The value of a placeholder, from the payload, in the recipient's language.
fn value(key: &str, payload: &Value, language: Language) -> String {
    let text = raw(payload, key);
    match key {
        "due" => describe_payload_due(payload, language),
        "sessionAt" => text
            .parse()
            .map(|t| describe_due(t, language))
            .unwrap_or(text),
        "category" => category_name(&text, language),
        "outcome" => outcome_name(&text, language).0,
        "outcomeTodo" => outcome_name(&raw(payload, "outcome"), language).1,
        "chair" => match (text.as_str(), language) {
            ("WORKERS", Language::ZhCn) => "职工方".into(),
            ("EMPLOYER", Language::ZhCn) => "企业方".into(),
            ("WORKERS", Language::En) => "workers'".into(),
            ("EMPLOYER", Language::En) => "employer's".into(),
            _ => text,
        },
        _ => text,
    }
}

/// (subject, what happened, what to do) of a bargaining event.
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
    fn an_issued_offer_tells_the_employer_to_answer_by_the_due_date() {
        let payload = json!({ "issuer": "长春清源水务有限公司工会委员会", "receiver": "长春清源水务有限公司",
                              "category": "WAGE", "due": "2026-11-23T16:00:00Z" });
        let (subject, happened, todo) = text(EventKind::OfferIssued, &payload, Language::ZhCn);
        assert_eq!(
            subject,
            "集体协商要约：长春清源水务有限公司工会委员会向长春清源水务有限公司发出要约"
        );
        assert!(happened.contains("（工资集体协商）"), "{happened}");
        assert_eq!(
            todo,
            "请在2026年11月23日24:00（北京时间）前书面回应；无正当理由不得拒绝协商（《集体合同规定》第三十二条）。"
        );
        let mut provisional = payload.clone();
        provisional["dueProvisional"] = json!(true);
        let (_, _, todo) = text(EventKind::OfferIssued, &provisional, Language::ZhCn);
        assert!(
            todo.starts_with("请在2026年11月23日24:00（北京时间）（按法定节假日暂计，以国务院节假日安排为准）前书面回应"),
            "{todo}"
        );
    }

    #[test]
    fn a_concluded_draft_says_what_comes_next() {
        let payload = json!({ "issuer": "甲", "receiver": "乙", "outcome": "AGREEMENT_DRAFT", "summary": "" });
        let (subject, _, todo) = text(EventKind::NegotiationConcluded, &payload, Language::ZhCn);
        assert_eq!(subject, "集体协商结束：形成协议草案");
        assert!(todo.contains("职工代表大会"), "{todo}");
    }
}
