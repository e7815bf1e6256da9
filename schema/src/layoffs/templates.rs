//! Email text of layoff events. The payload names the plan (its employer,
//! numbers and dates), never the people on its list.

use serde_json::Value;

use crate::events::kinds::EventKind;
use crate::events::templates::{Text, describe_payload_due, localised, raw};
use crate::identity::kinds::Language;
use crate::layoffs::kinds::ServiceKind;

fn zh(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        LayoffPlanDrafted => (
            "裁减人员方案已拟定：{employer}",
            "{employer}拟定了裁减人员方案（职工总数{workforce}人，拟裁减{cut}人）。",
            "无需操作。",
        ),
        LayoffPlanRevised => (
            "裁减人员方案已修改：{employer}",
            "{employer}修改了裁减人员方案（第{revision}版：职工总数{workforce}人，拟裁减{cut}人，最早于{firstTermination}解除劳动合同）。",
            "请在平台中查看修改内容及名单变化。",
        ),
        LayoffPlanExplained => (
            "裁减人员情况说明：{employer}",
            "{employer}已就裁减人员（拟裁减{cut}人，职工总数{workforce}人）向工会或者全体职工说明情况。依照《劳动合同法》第四十一条，解除劳动合同最早于{earliestTermination}生效。",
            "工会可在平台中查看方案并提出意见；三十日期满时间：{due}。",
        ),
        LayoffOpinionGiven => (
            "工会对裁减人员方案提出意见：{employer}",
            "工会（或职工）已对{employer}的裁减人员方案提出意见。",
            "用人单位应当研究工会的意见，并在{due}前书面答复（《劳动合同法》第四十三条）。",
        ),
        LayoffOpinionAnswered => (
            "用人单位已书面答复工会意见：{employer}",
            "{employer}已就裁减人员方案书面答复工会（职工）的意见。",
            "用人单位可将方案连同工会意见向劳动行政部门报告。",
        ),
        LayoffPlanReported => (
            "裁减人员方案已报告劳动行政部门：{employer}",
            "{employer}已将裁减人员方案（拟裁减{cut}人）连同工会意见和书面答复向劳动行政部门报告。",
            "劳动行政部门请确认收到报告，可提出意见（报告不是审批）。",
        ),
        LayoffReportAcknowledged => (
            "劳动行政部门已确认收到裁减人员报告：{employer}",
            "劳动行政部门已确认收到{employer}的裁减人员方案报告{withOpinionText}。",
            "用人单位可按方案组织实施，依法支付经济补偿，出具解除劳动合同证明。",
        ),
        LayoffPlanWithdrawn => (
            "裁减人员方案已撤回：{employer}",
            "{employer}撤回了裁减人员方案。",
            "无需操作。",
        ),
        LayoffNoticeElapsed => (
            "裁减人员提前三十日期满：{employer}",
            "{employer}说明情况后的三十日已届满，解除劳动合同最早于{earliestTermination}生效。",
            "用人单位应在向劳动行政部门报告后实施，并优先留用和重新招用依法应予照顾的人员。",
        ),
        LayoffTerminationRecorded => (
            "裁减人员解除劳动合同已登记：{employer}",
            "{employer}登记了裁减人员方案下的解除劳动合同（已解除{terminated}人，共拟裁减{cut}人），并出具解除劳动合同证明。",
            "自解除之日起六个月内重新招用人员的，用人单位应当通知被裁减的人员，并在同等条件下优先招用。",
        ),
        LayoffServiceRecorded => (
            "被裁减人员再就业服务：{employer}",
            "已为{employer}被裁减的人员提供再就业服务（{serviceName}，提供方：{provider}）。",
            "请继续做好就业援助、心理疏导和技能培训等工作。",
        ),
        LayoffHiringRecorded => (
            "裁减人员后六个月内重新招用：{employer}",
            "{employer}在裁减人员后六个月内重新招用{openings}人，已通知被裁减人员{notified}人。",
            "同等条件下应优先招用被裁减的人员。",
        ),
        _ => ("{employer}", "", ""),
    }
}

fn en(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        LayoffPlanDrafted => (
            "Layoff plan drawn up: {employer}",
            "{employer} drew up a layoff plan (workforce {workforce}, to cut {cut}).",
            "Nothing.",
        ),
        LayoffPlanRevised => (
            "Layoff plan revised: {employer}",
            "{employer} revised its layoff plan (version {revision}: workforce {workforce}, to cut {cut}, first termination {firstTermination}).",
            "See the changes and the list's diff on the platform.",
        ),
        LayoffPlanExplained => (
            "Layoff explained: {employer}",
            "{employer} explained a layoff (to cut {cut} of {workforce}) to the union or all workers. Under LCL Art. 41 no termination takes effect before {earliestTermination}.",
            "The union may read the plan on the platform and give its opinion; the 30 days end {due}.",
        ),
        LayoffOpinionGiven => (
            "Union's opinion on a layoff plan: {employer}",
            "The union (or the workers) gave an opinion on {employer}'s layoff plan.",
            "The employer studies it and answers in writing by {due} (LCL Art. 43).",
        ),
        LayoffOpinionAnswered => (
            "Employer answered the opinion on a layoff: {employer}",
            "{employer} answered the opinion on its layoff plan in writing.",
            "The employer may report the plan with the opinion to the labour administration.",
        ),
        LayoffPlanReported => (
            "Layoff plan reported: {employer}",
            "{employer} reported its layoff plan (to cut {cut}) with the union's opinion and its answer to the labour administration.",
            "The labour administration acknowledges receipt and may give its opinion (a report, not an approval).",
        ),
        LayoffReportAcknowledged => (
            "Layoff report acknowledged: {employer}",
            "The labour administration acknowledged {employer}'s layoff report{withOpinionText}.",
            "The employer may carry out the plan, paying severance and issuing termination certificates.",
        ),
        LayoffPlanWithdrawn => (
            "Layoff plan withdrawn: {employer}",
            "{employer} withdrew its layoff plan.",
            "Nothing.",
        ),
        LayoffNoticeElapsed => (
            "30 days of a layoff ran out: {employer}",
            "The 30 days from {employer}'s explanation ran out; terminations may take effect from {earliestTermination}.",
            "Carry out the plan once reported, keeping and rehiring first those the law favours.",
        ),
        LayoffTerminationRecorded => (
            "Layoff termination recorded: {employer}",
            "{employer} recorded a termination under its layoff plan ({terminated} of {cut} terminated) and issued the certificate.",
            "For six months from each termination, those laid off are told of new hiring and hired first on equal terms.",
        ),
        LayoffServiceRecorded => (
            "Re-employment service for those laid off: {employer}",
            "A re-employment service ({serviceName}, by {provider}) was provided to those {employer} laid off.",
            "Keep up employment assistance, guidance and training.",
        ),
        LayoffHiringRecorded => (
            "Hiring within six months of a layoff: {employer}",
            "{employer} is hiring {openings} within six months of its layoff and told {notified} of those laid off first.",
            "Those laid off are hired first on equal terms.",
        ),
        _ => ("{employer}", "", ""),
    }
}

/// The value of a placeholder, from the payload, in the recipient's language.
fn value(key: &str, payload: &Value, language: Language) -> String {
    match key {
        "due" => describe_payload_due(payload, language),
        "withOpinionText" => {
            let with = payload.get("withOpinion").and_then(Value::as_bool) == Some(true);
            match (with, language) {
                (true, Language::ZhCn) => "，并提出了意见".into(),
                (true, Language::En) => ", with its opinion".into(),
                (false, _) => String::new(),
            }
        }
        "serviceName" => {
            let (zh, en) = match raw(payload, "serviceKind").parse::<ServiceKind>() {
                Ok(ServiceKind::EmploymentAssistance) => ("就业援助", "employment assistance"),
                Ok(ServiceKind::PsychologicalGuidance) => ("心理疏导", "psychological guidance"),
                Ok(ServiceKind::SkillsTraining) => ("技能培训", "skills training"),
                Err(_) => ("", ""),
            };
            match language {
                Language::ZhCn => zh.into(),
                Language::En => en.into(),
            }
        }
        _ => raw(payload, key),
    }
}

/// (subject, what happened, what to do) of a layoff event.
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
    fn an_explanation_names_the_earliest_termination_and_no_one_on_the_list() {
        let payload = json!({ "employer": "长春清源水务有限公司", "cut": 25, "workforce": 300,
                              "earliestTermination": "2027-01-04", "due": "2027-01-04T15:59:59Z" });
        let (subject, happened, todo) =
            text(EventKind::LayoffPlanExplained, &payload, Language::ZhCn);
        assert_eq!(subject, "裁减人员情况说明：长春清源水务有限公司");
        assert!(happened.contains("拟裁减25人，职工总数300人"), "{happened}");
        assert!(happened.contains("最早于2027-01-04生效"), "{happened}");
        assert!(todo.contains("2027年01月04日"), "{todo}");
    }
}
