//! Email text of summary events: the campaign, the district office and the
//! due day; never the narrative itself.

use serde_json::Value;

use crate::events::kinds::EventKind;
use crate::events::templates::{Text, localised, raw};
use crate::identity::kinds::Language;

fn zh(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        CampaignSummaryRequested => (
            "请报送工作总结：{campaign}",
            "请{office}梳理{campaign}开展情况，于{dueOn}前报送工作总结。平台已按本辖区和行动期间统计各项数据。",
            "请填写开展情况、经验做法、典型案例、存在问题、原因分析和下一步工作，核对数据后报送。",
        ),
        CampaignSummaryRevised => (
            "工作总结已修改：{campaign}（{office}）",
            "{office}修改了{campaign}工作总结草稿。",
            "无需操作。",
        ),
        CampaignSummarySubmitted => (
            "工作总结已报送：{campaign}（{office}）",
            "{office}已报送{campaign}工作总结（报送期限{dueOn}）。",
            "请市三方办公室查阅并汇总全市情况。",
        ),
        _ => ("{campaign}", "", ""),
    }
}

fn en(kind: EventKind) -> Text {
    use EventKind::*;
    match kind {
        CampaignSummaryRequested => (
            "Summary requested: {campaign}",
            "{office} is asked to summarise {campaign} by {dueDay}. The platform has counted the figures of its districts over the campaign's period.",
            "Write what was done, the experience, typical cases, problems and their causes and the next steps, check the figures and submit.",
        ),
        CampaignSummaryRevised => (
            "Summary revised: {campaign} ({office})",
            "{office} revised the draft of its summary of {campaign}.",
            "Nothing.",
        ),
        CampaignSummarySubmitted => (
            "Summary submitted: {campaign} ({office})",
            "{office} submitted its summary of {campaign} (due by {dueDay}).",
            "The city office reads it and totals the city.",
        ),
        _ => ("{campaign}", "", ""),
    }
}

/// (subject, what happened, what to do) of a summary event.
pub fn text(kind: EventKind, payload: &Value, language: Language) -> (String, String, String) {
    localised(kind, language, [zh, en], |key| raw(payload, key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_request_names_the_office_campaign_and_due_day() {
        let payload = json!({ "campaign": "2026年劳动关系领域专项行动", "office": "南关区三方办",
                              "dueOn": "2026年12月15日", "dueDay": "2026-12-15" });
        let (subject, happened, _) = text(
            EventKind::CampaignSummaryRequested,
            &payload,
            Language::ZhCn,
        );
        assert_eq!(subject, "请报送工作总结：2026年劳动关系领域专项行动");
        assert!(
            happened.contains("请南关区三方办") && happened.contains("于2026年12月15日前"),
            "{happened}"
        );
        let (_, happened, _) = text(EventKind::CampaignSummarySubmitted, &payload, Language::En);
        assert!(happened.contains("(due by 2026-12-15)"), "{happened}");
    }
}
