//! Email text of evaluation events: the employer, the year, the status,
//! the total and grade; never the scores point by point.

use serde_json::Value;

use crate::events::kinds::EventKind;
use crate::events::templates::{Text, localised, raw};
use crate::identity::kinds::Language;

fn zh(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        EvaluationSubmitted => (
            "集体协商质效评价已提交：{employer}（{year}年度）",
            "{employer}与工会已提交{year}年度集体协商质效自评（自评{total}分，等次：{gradeText}）。",
            "请区三方办或上级工会审核确认，可调整评分并说明理由，或退回补充。",
        ),
        EvaluationReturned => (
            "集体协商质效评价被退回：{employer}（{year}年度）",
            "{year}年度质效评价已退回{employer}。退回理由：{reason}",
            "请按意见补充材料、重新评分后再次提交。",
        ),
        EvaluationConfirmed => (
            "集体协商质效评价已审核确认：{employer}（{year}年度）",
            "{employer}{year}年度质效评价已审核确认，确认得分{total}分，等次：{gradeText}。",
            "用人单位可向三方办备案。",
        ),
        EvaluationFiled => (
            "集体协商质效评价已备案：{employer}（{year}年度）",
            "{employer}{year}年度质效评价已向三方办备案，回执编号{receiptNumber}。",
            "无需操作。",
        ),
        EvaluationNominated => (
            "选树为{nominationText}：{employer}",
            "市三方办已将{employer}（{year}年度质效评价{total}分）选树为{nominationText}。",
            "请做好经验总结和示范推广。",
        ),
        HarmonyTitleRecorded => (
            "劳动关系和谐企业称号已登记：{employer}",
            "{employer}获{year}年度“{title}”称号（{levelText}），已登记。",
            "依照市三方办要求，请开展集体协商质效评价。",
        ),
        HarmonyTitleRevoked => (
            "劳动关系和谐企业称号已撤销：{employer}",
            "{employer}的“{title}”称号（{year}年度，{levelText}）已撤销。撤销理由：{reason}",
            "无需操作。",
        ),
        _ => ("{employer}", "", ""),
    }
}

fn en(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        EvaluationSubmitted => (
            "Bargaining evaluation submitted: {employer} ({year})",
            "{employer} and its union submitted their self-evaluation of bargaining in {year} ({total} points, grade: {gradeText}).",
            "The district office or the union federation confirms it, adjusting points with reasons, or returns it.",
        ),
        EvaluationReturned => (
            "Bargaining evaluation returned: {employer} ({year})",
            "The evaluation of {year} went back to {employer}. Reason: {reason}",
            "Add the evidence, score again and resubmit.",
        ),
        EvaluationConfirmed => (
            "Bargaining evaluation confirmed: {employer} ({year})",
            "{employer}'s evaluation of {year} was confirmed at {total} points, grade: {gradeText}.",
            "The employer may file it with the tripartite office.",
        ),
        EvaluationFiled => (
            "Bargaining evaluation filed: {employer} ({year})",
            "{employer}'s evaluation of {year} was filed with the tripartite office, receipt {receiptNumber}.",
            "Nothing.",
        ),
        EvaluationNominated => (
            "Named a {nominationText}: {employer}",
            "The city office named {employer} (evaluated at {total} points for {year}) a {nominationText}.",
            "Share the experience.",
        ),
        HarmonyTitleRecorded => (
            "Harmonious-enterprise title recorded: {employer}",
            "{employer}'s title \"{title}\" ({levelText}, {year}) was recorded.",
            "Evaluate the employer's bargaining as the city office asks.",
        ),
        HarmonyTitleRevoked => (
            "Harmonious-enterprise title revoked: {employer}",
            "{employer}'s title \"{title}\" ({levelText}, {year}) was revoked. Reason: {reason}",
            "Nothing.",
        ),
        _ => ("{employer}", "", ""),
    }
}

/// The value of a placeholder, from the payload, in the recipient's language.
fn value(key: &str, payload: &Value, language: Language) -> String {
    let pick = |zh: &str, en: &str| match language {
        Language::ZhCn => zh.to_owned(),
        Language::En => en.to_owned(),
    };
    match key {
        "gradeText" => match payload.get("grade").and_then(Value::as_str) {
            Some(grade) => grade.to_owned(),
            None => pick("未达等次", "below every grade"),
        },
        "nominationText" => match raw(payload, "nomination").as_str() {
            "MODEL" => pick("市级集体协商示范企业", "city-level model bargaining unit"),
            _ => pick("集体协商典型", "typical unit"),
        },
        "levelText" => match raw(payload, "level").as_str() {
            "NATIONAL" => pick("全国级", "national"),
            "PROVINCE" => pick("省级", "provincial"),
            "CITY" => pick("市级", "city level"),
            _ => pick("县区级", "district level"),
        },
        _ => raw(payload, key),
    }
}

/// (subject, what happened, what to do) of an evaluation event.
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
    fn a_confirmation_names_the_confirmed_total_and_grade() {
        let payload = json!({ "employer": "长春一汽富维汽车零部件股份有限公司", "year": 2026,
                              "total": "79.5", "grade": "合格" });
        let (subject, happened, _) = text(EventKind::EvaluationConfirmed, &payload, Language::ZhCn);
        assert_eq!(
            subject,
            "集体协商质效评价已审核确认：长春一汽富维汽车零部件股份有限公司（2026年度）"
        );
        assert!(
            happened.contains("确认得分79.5分，等次：合格"),
            "{happened}"
        );
        let below = json!({ "employer": "x", "year": 2026, "total": "50", "grade": null });
        let (_, happened, _) = text(EventKind::EvaluationSubmitted, &below, Language::En);
        assert!(happened.contains("grade: below every grade"), "{happened}");
    }
}
