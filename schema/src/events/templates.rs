//! Email text for each kind of event, in Chinese (the default) and English.
//! A template uses only the event's payload, which carries only what the
//! concerned organizations may see, so no party's data reaches another.

use chrono::{DateTime, Utc};
use chrono_tz::Asia::Shanghai;
use serde_json::Value;

use super::kinds::EventKind;
use crate::identity::kinds::Language;

/// A rendered email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

fn text<'a>(payload: &'a Value, pointer: &str) -> &'a str {
    payload
        .pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or("")
}

/// A deadline in Beijing time; the end of a day reads as 24:00 of that day.
pub fn describe_due(due: DateTime<Utc>, language: Language) -> String {
    let local = due.with_timezone(&Shanghai);
    let at_midnight = local.format("%H:%M:%S").to_string() == "00:00:00";
    let (day, time) = if at_midnight {
        (
            (local - chrono::Duration::seconds(1)).date_naive(),
            "24:00".to_owned(),
        )
    } else {
        (local.date_naive(), local.format("%H:%M").to_string())
    };
    match language {
        Language::ZhCn => format!("{}{time}（北京时间）", day.format("%Y年%m月%d日")),
        Language::En => format!("{} {time} Beijing time", day.format("%-d %B %Y")),
    }
}

/// The payload's `due` instant in words, with a remark when it was counted
/// over a year whose holiday notice is not loaded (`dueProvisional`).
pub fn describe_payload_due(payload: &Value, language: Language) -> String {
    let text = raw(payload, "due");
    let Ok(due) = text.parse::<DateTime<Utc>>() else {
        return text;
    };
    let provisional = payload.get("dueProvisional").and_then(Value::as_bool) == Some(true);
    match (provisional, language) {
        (false, _) => describe_due(due, language),
        (true, Language::ZhCn) => format!(
            "{}（按法定节假日暂计，以国务院节假日安排为准）",
            describe_due(due, language)
        ),
        (true, Language::En) => format!(
            "{} (counted on the statutory holidays until the State Council's holiday notice is loaded)",
            describe_due(due, language)
        ),
    }
}

/// A payload value as text: strings as they are, null as nothing.
pub fn raw(payload: &Value, key: &str) -> String {
    match payload.get(key) {
        Some(Value::String(s)) => s.clone(),
        None | Some(Value::Null) => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Fills the `{placeholders}` of a template with `value(placeholder)`.
pub fn fill(template: &str, value: impl Fn(&str) -> String) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        out.push_str(&value(&rest[start + 1..start + end]));
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

/// The (subject, what happened, what to do) templates of an event kind.
pub type Text = (&'static str, &'static str, &'static str);

/// Fills the templates of `kind` in `language`, taken from `zh` or `en`,
/// with `value(placeholder)`.
pub fn localised(
    kind: EventKind,
    language: Language,
    [zh, en]: [fn(EventKind) -> Text; 2],
    value: impl Fn(&str) -> String,
) -> (String, String, String) {
    let (subject, happened, todo) = match language {
        Language::ZhCn => zh(kind),
        Language::En => en(kind),
    };
    (
        fill(subject, &value),
        fill(happened, &value),
        fill(todo, &value),
    )
}

/// The changed fields of an update, as a readable list.
fn changed_fields(payload: &Value) -> String {
    let Some(changes) = payload.get("changes").and_then(Value::as_object) else {
        return String::new();
    };
    let names: Vec<&str> = changes
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.as_str())
        .collect();
    names.join(", ")
}

/// Renders the email of an event for a recipient, with a link to the
/// object's page when there is one.
pub fn render(
    kind: EventKind,
    payload: &Value,
    link: Option<&str>,
    language: Language,
) -> Rendered {
    let organization = text(payload, "/organization/name");
    let area = crate::areas::template(kind.category());
    let (subject, happened, todo) = match (area, language) {
        (Some(template), _) => template(kind, payload, language),
        (None, Language::ZhCn) => zh(kind, payload, organization),
        (None, Language::En) => en(kind, payload, organization),
    };
    let open = match (link, language) {
        (None, _) => String::new(),
        (Some(link), Language::ZhCn) => format!("在平台中查看：{link}\n\n"),
        (Some(link), Language::En) => format!("Open it on the platform: {link}\n\n"),
    };
    let body = match language {
        Language::ZhCn => format!(
            "{happened}\n\n需要您做的：{todo}\n\n{open}——\n此邮件由协商平台自动发送，请勿直接回复。可在平台的通知设置中关闭此类邮件。\n"
        ),
        Language::En => format!(
            "{happened}\n\nWhat you need to do: {todo}\n\n{open}--\nSent automatically by the xieshang platform; please do not reply. You can switch these emails off in your notification settings.\n"
        ),
    };
    let prefix = match language {
        Language::ZhCn => "【协商平台】",
        Language::En => "[xieshang] ",
    };
    Rendered {
        subject: format!("{prefix}{subject}"),
        body,
    }
}

/// How long a reminder comes before the due instant (its `offsetHours`),
/// in words; `None` at the instant itself.
fn time_left(payload: &Value, language: Language) -> Option<String> {
    let hours = payload.get("offsetHours").and_then(Value::as_i64)?;
    let (count, day) = match hours {
        0 => return None,
        h if h % 24 == 0 => (h / 24, true),
        h => (h, false),
    };
    Some(match (language, day) {
        (Language::ZhCn, true) => format!("{count}天"),
        (Language::ZhCn, false) => format!("{count}小时"),
        (Language::En, true) if count == 1 => "1 day".to_owned(),
        (Language::En, true) => format!("{count} days"),
        (Language::En, false) if count == 1 => "1 hour".to_owned(),
        (Language::En, false) => format!("{count} hours"),
    })
}

fn due_of(payload: &Value, language: Language) -> String {
    text(payload, "/deadline/dueAt")
        .parse::<DateTime<Utc>>()
        .map(|due| describe_due(due, language))
        .unwrap_or_default()
}

fn zh(kind: EventKind, payload: &Value, organization: &str) -> (String, String, String) {
    use EventKind::*;
    let user = text(payload, "/user/displayName");
    let role = text(payload, "/role");
    let employer = text(payload, "/changes/employer/name");
    let rule = text(payload, "/deadline/rule");
    let year = raw(payload, "year");
    let due = due_of(payload, Language::ZhCn);
    let (subject, happened, todo) = match kind {
        OrganizationCreated => (
            format!("新登记单位：{organization}"),
            format!("{organization}已在平台登记。"),
            "请核对登记信息；如有错误，请联系所在地协调劳动关系三方委员会办公室。".to_owned(),
        ),
        OrganizationUpdated => (
            format!("单位信息已变更：{organization}"),
            format!(
                "{organization}的以下信息已变更：{}。",
                changed_fields(payload)
            ),
            "请核对变更是否正确；如有错误，请联系所在地协调劳动关系三方委员会办公室。".to_owned(),
        ),
        AssociationMemberAdded => (
            format!("{employer}已成为{organization}会员"),
            format!("{employer}已加入{organization}。"),
            "无需操作；企业联合会可在平台查看会员企业的集体合同情况。".to_owned(),
        ),
        AssociationMemberRemoved => (
            format!("{employer}已退出{organization}"),
            format!("{employer}已不再是{organization}的会员企业。"),
            "无需操作。".to_owned(),
        ),
        MembershipAdded => (
            format!("{user}已加入{organization}"),
            format!("{user}已成为{organization}的平台用户，角色：{role}。"),
            "如非本单位授权，请立即联系本单位管理员。".to_owned(),
        ),
        MembershipChanged => (
            format!("{user}在{organization}的角色已变更"),
            format!("{user}在{organization}的角色已变更为：{role}。"),
            "如非本单位授权，请立即联系本单位管理员。".to_owned(),
        ),
        MembershipRemoved => (
            format!("{user}已离开{organization}"),
            format!("{user}已不再是{organization}的平台用户。"),
            "无需操作。".to_owned(),
        ),
        DeadlineReminder => match time_left(payload, Language::ZhCn) {
            Some(left) => (
                format!("期限提醒：{rule}，还剩{left}"),
                format!("法定期限“{rule}”将于{due}届满，还剩{left}。"),
                format!("请在{due}前完成相应事项。"),
            ),
            None => (
                format!("期限届满：{rule}"),
                format!("法定期限“{rule}”已于{due}届满。"),
                "如相应事项已经完成，请在平台中记录；尚未完成的，请立即处理。".to_owned(),
            ),
        },
        DeadlineMissed => (
            format!("已逾期：{rule}"),
            format!("法定期限“{rule}”已于{due}届满，相应事项未在期限内完成。"),
            "请尽快处理，并向所在地协调劳动关系三方委员会办公室说明情况。".to_owned(),
        ),
        CalendarNoticeDue => (
            format!("请载入{year}年节假日安排"),
            format!(
                "平台尚未载入国务院办公厅关于{year}年部分节假日安排的通知。载入之前，{year}年的期限只按《全国年节及纪念日放假办法》规定的法定节假日暂计（期限标注为日历未确认），调休和连休日不计。"
            ),
            format!(
                "通知发布后，请在{due}前录入{year}年全部放假和调休上班日期（loadHolidayNotice）；录入后，受影响的期限自动重算。"
            ),
        ),
        // Bargaining events are written by the offers area.
        _ => (String::new(), String::new(), String::new()),
    };
    (subject, happened, todo)
}

fn en(kind: EventKind, payload: &Value, organization: &str) -> (String, String, String) {
    use EventKind::*;
    let user = text(payload, "/user/displayName");
    let role = text(payload, "/role");
    let employer = text(payload, "/changes/employer/name");
    let rule = text(payload, "/deadline/rule");
    let year = raw(payload, "year");
    let due = due_of(payload, Language::En);
    let (subject, happened, todo) = match kind {
        OrganizationCreated => (
            format!("New organization: {organization}"),
            format!("{organization} was recorded on the platform."),
            "Check its details; report mistakes to your local tripartite office.".to_owned(),
        ),
        OrganizationUpdated => (
            format!("Details changed: {organization}"),
            format!(
                "These details of {organization} changed: {}.",
                changed_fields(payload)
            ),
            "Check that the change is right; report mistakes to your local tripartite office."
                .to_owned(),
        ),
        AssociationMemberAdded => (
            format!("{employer} joined {organization}"),
            format!("{employer} is now a member of {organization}."),
            "Nothing; the association can now follow the employer's agreements.".to_owned(),
        ),
        AssociationMemberRemoved => (
            format!("{employer} left {organization}"),
            format!("{employer} is no longer a member of {organization}."),
            "Nothing.".to_owned(),
        ),
        MembershipAdded => (
            format!("{user} joined {organization}"),
            format!("{user} is now a user of {organization}, with the role {role}."),
            "If your organization did not authorise this, contact its administrator at once."
                .to_owned(),
        ),
        MembershipChanged => (
            format!("{user}'s role in {organization} changed"),
            format!("{user}'s role in {organization} is now {role}."),
            "If your organization did not authorise this, contact its administrator at once."
                .to_owned(),
        ),
        MembershipRemoved => (
            format!("{user} left {organization}"),
            format!("{user} is no longer a user of {organization}."),
            "Nothing.".to_owned(),
        ),
        DeadlineReminder => match time_left(payload, Language::En) {
            Some(left) => (
                format!("Reminder: {rule}, {left} left"),
                format!("The statutory period \"{rule}\" ends at {due}, in {left}."),
                format!("Complete what it requires before {due}."),
            ),
            None => (
                format!("Period ended: {rule}"),
                format!("The statutory period \"{rule}\" ended at {due}."),
                "If what it requires is done, record it on the platform; if not, act on it now."
                    .to_owned(),
            ),
        },
        DeadlineMissed => (
            format!("Missed: {rule}"),
            format!("The statutory period \"{rule}\" ended at {due} without being met."),
            "Act on it now, and explain the delay to your local tripartite office.".to_owned(),
        ),
        CalendarNoticeDue => (
            format!("Load the {year} holiday notice"),
            format!(
                "The State Council's notice of the {year} holidays is not loaded. Until it is, deadlines in {year} count only the statutory holidays of the national holidays regulation, provisionally (their calendar is unconfirmed); bridging days off and make-up working days are not counted."
            ),
            format!(
                "Once the notice is published, enter all of {year}'s days off and make-up working days before {due} (loadHolidayNotice); the deadlines they move are recomputed."
            ),
        ),
        // Bargaining events are written by the offers area.
        _ => (String::new(), String::new(), String::new()),
    };
    (subject, happened, todo)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_end_of_a_day_reads_as_24_00_of_that_day() {
        let due: DateTime<Utc> = "2026-11-23T16:00:00Z".parse().unwrap();
        assert_eq!(
            describe_due(due, Language::ZhCn),
            "2026年11月23日24:00（北京时间）"
        );
        assert_eq!(
            describe_due(due, Language::En),
            "23 November 2026 24:00 Beijing time"
        );
    }

    #[test]
    fn an_update_names_the_organization_and_the_changed_fields() {
        let payload = json!({ "organization": { "name": "长春清源水务有限公司" }, "changes": { "name": "x", "regionId": null } });
        let email = render(
            EventKind::OrganizationUpdated,
            &payload,
            Some("https://xieshang.example.cn/organizations/abc"),
            Language::ZhCn,
        );
        assert_eq!(
            email.subject,
            "【协商平台】单位信息已变更：长春清源水务有限公司"
        );
        assert!(
            email.body.contains("以下信息已变更：name。"),
            "{}",
            email.body
        );
        assert!(
            email
                .body
                .contains("在平台中查看：https://xieshang.example.cn/organizations/abc")
        );
        let english = render(EventKind::OrganizationUpdated, &payload, None, Language::En);
        assert!(!english.body.contains("Open it"), "{}", english.body);
        assert_eq!(
            english.subject,
            "[xieshang] Details changed: 长春清源水务有限公司"
        );
    }

    #[test]
    fn a_reminder_says_how_much_time_is_left() {
        let reminder = |hours: i64, language| {
            let payload = json!({ "deadline": { "rule": "书面回应要约（20日）", "dueAt": "2026-11-23T16:00:00Z" }, "offsetHours": hours });
            render(EventKind::DeadlineReminder, &payload, None, language)
        };
        let week = reminder(168, Language::ZhCn);
        assert_eq!(
            week.subject,
            "【协商平台】期限提醒：书面回应要约（20日），还剩7天"
        );
        assert!(
            week.body.contains(
                "将于2026年11月23日24:00（北京时间）届满，还剩7天。\n\n需要您做的：请在2026年11月23日24:00（北京时间）前完成"
            ),
            "{}",
            week.body
        );
        assert_eq!(
            reminder(24, Language::En).subject,
            "[xieshang] Reminder: 书面回应要约（20日）, 1 day left"
        );
        assert_eq!(
            reminder(36, Language::ZhCn).subject,
            "【协商平台】期限提醒：书面回应要约（20日），还剩36小时"
        );
        let at_due = reminder(0, Language::ZhCn);
        assert_eq!(at_due.subject, "【协商平台】期限届满：书面回应要约（20日）");
        assert!(
            at_due
                .body
                .contains("已于2026年11月23日24:00（北京时间）届满。"),
            "{}",
            at_due.body
        );
        let subjects: std::collections::HashSet<String> = [168, 72, 24, 0]
            .into_iter()
            .map(|hours| reminder(hours, Language::En).subject)
            .collect();
        assert_eq!(subjects.len(), 4, "every reminder reads differently");
    }
}
