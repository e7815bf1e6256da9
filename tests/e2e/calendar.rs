//! The working-day calendar over the API.

use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(
    the_demo_calendar_holds_the_2026_holidays_and_the_city_office_edits_it,
    statutory_holidays_count_provisionally_until_the_city_office_loads_the_years_notice,
);

const DAYS: &str =
    "query($from: Date!, $to: Date!) { calendarDays(from: $from, to: $to) { date kind name } }";

async fn the_demo_calendar_holds_the_2026_holidays_and_the_city_office_edits_it(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let october = app
        .data(DAYS, json!({ "from": "2026-09-20", "to": "2026-10-10" }))
        .await;
    let days = october["calendarDays"].as_array().unwrap();
    assert_eq!(days.len(), 12, "{days:#?}");
    assert_eq!(
        days[0],
        json!({ "date": "2026-09-20", "kind": "MAKEUP_WORKDAY", "name": "国庆节调休上班" })
    );
    assert_eq!(
        days[4],
        json!({ "date": "2026-10-01", "kind": "HOLIDAY", "name": "国庆节" })
    );
    assert_eq!(
        days[11],
        json!({ "date": "2026-10-10", "kind": "MAKEUP_WORKDAY", "name": "国庆节调休上班" })
    );

    let set = "mutation($input: SetCalendarDayInput!) { setCalendarDay(input: $input) { calendarDay { date kind name } movedDeadlines userErrors { field code } } }";
    let marked = app
        .data(
            set,
            json!({ "input": { "date": "2026-12-31", "kind": "HOLIDAY", "name": "跨年调休" } }),
        )
        .await;
    assert_eq!(
        marked["setCalendarDay"]["calendarDay"],
        json!({ "date": "2026-12-31", "kind": "HOLIDAY", "name": "跨年调休" })
    );
    let unnamed = app
        .data(
            set,
            json!({ "input": { "date": "2026-12-30", "kind": "HOLIDAY" } }),
        )
        .await;
    assert_eq!(
        unnamed["setCalendarDay"]["userErrors"],
        json!([{ "field": ["name"], "code": "REQUIRED" }])
    );
    let cleared = app
        .data(set, json!({ "input": { "date": "2026-10-10" } }))
        .await;
    assert_eq!(cleared["setCalendarDay"]["calendarDay"], json!(null));
    let after = app
        .data(DAYS, json!({ "from": "2026-10-10", "to": "2026-12-31" }))
        .await;
    assert_eq!(
        after["calendarDays"],
        json!([{ "date": "2026-12-31", "kind": "HOLIDAY", "name": "跨年调休" }])
    );
    let too_long = app
        .graphql(DAYS, json!({ "from": "2026-01-01", "to": "2029-01-01" }))
        .await;
    assert_eq!(crate::support::error_code(&too_long), "BAD_USER_INPUT");
}

/// A 2027 notice with every statutory holiday of the 放假办法 and the
/// bridging days and make-up working days a notice adds.
pub fn notice_2027() -> serde_json::Value {
    let mut days: Vec<serde_json::Value> = [
        ("2027-01-01", "元旦"),
        ("2027-01-02", "元旦"),
        ("2027-01-03", "元旦"),
        ("2027-04-05", "清明节"),
        ("2027-05-01", "劳动节"),
        ("2027-05-02", "劳动节"),
        ("2027-06-09", "端午节"),
        ("2027-09-15", "中秋节"),
        ("2027-10-01", "国庆节"),
        ("2027-10-02", "国庆节"),
        ("2027-10-03", "国庆节"),
    ]
    .iter()
    .map(|(date, name)| json!({ "date": date, "kind": "HOLIDAY", "name": name }))
    .collect();
    days.extend(
        (5..=11).map(
            |d| json!({ "date": format!("2027-02-{d:02}"), "kind": "HOLIDAY", "name": "春节" }),
        ),
    );
    days.push(json!({ "date": "2027-02-20", "kind": "MAKEUP_WORKDAY", "name": "春节调休上班" }));
    json!({ "year": 2027, "title": "国务院办公厅关于2027年部分节假日安排的通知", "days": days })
}

const PROVISIONAL: &str = "query($from: Date!, $to: Date!) { calendarDays(from: $from, to: $to) { date kind name provisional } }";
const LOAD: &str = "mutation($input: LoadHolidayNoticeInput!) { loadHolidayNotice(input: $input) { notice { year title } movedDeadlines userErrors { field code message } } }";
/// The clocks asking for a notice that fall due in 2028 or later.
const NOTICE_CLOCK: &str = "{ deadlines(filter: { kinds: [HOLIDAY_NOTICE], dueFrom: \"2028-01-01T00:00:00Z\" }) { edges { node { dueAt status rule organizations { name } } } } }";

async fn statutory_holidays_count_provisionally_until_the_city_office_loads_the_years_notice(
    backend: Backend,
) {
    use chrono::{DateTime, TimeZone, Utc};
    use chrono_tz::Asia::Shanghai;

    use crate::offers::{employer, issue, server_now, token};
    use crate::smtp::SmtpServer;

    let (smtp, app) = SmtpServer::with_demo(&backend).await;
    // Without notices, 2027 and 2028 hold their statutory holidays, provisionally.
    let provisional = app
        .data(
            PROVISIONAL,
            json!({ "from": "2026-12-31", "to": "2028-12-31" }),
        )
        .await;
    let days = provisional["calendarDays"].as_array().unwrap();
    assert_eq!(days.len(), 13 + 12, "{days:#?}");
    assert_eq!(
        days[0],
        json!({ "date": "2027-01-01", "kind": "HOLIDAY", "name": "元旦", "provisional": true })
    );
    assert_eq!(
        days[24],
        json!({ "date": "2028-10-03", "kind": "HOLIDAY", "name": "国庆节、中秋节", "provisional": true })
    );
    let notices = app
        .data("{ holidayNotices { year title } }", json!({}))
        .await;
    assert_eq!(
        notices["holidayNotices"],
        json!([{ "year": 2026, "title": "国务院办公厅关于2026年部分节假日安排的通知" }])
    );

    // An offer received at 10:00 on Tuesday 12 December 2028: day 20 is
    // Monday 1 January 2029, New Year's Day, so the reply is due on Tuesday.
    let received = Shanghai
        .with_ymd_and_hms(2028, 12, 12, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let employer_id = employer(&app, "清源水务").await;
    let now = server_now(&app).await;
    assert!(
        now < received,
        "the test moves the clock to 12 December 2028"
    );
    // Moving the clock ends the admin's session; the parties log in afterwards.
    app.advance(received - now).await;
    let union = token(&app, "union-21-officer").await;
    let management = token(&app, "employer-21-officer").await;
    let mut socket = crate::events::subscribe(
        &app,
        &management,
        "(filter: { kinds: [OFFER_ISSUED] }) { kind subjectId payload }",
    )
    .await;
    let offer = issue(&app, &union, &employer_id, None).await;
    let reply = "query($id: ID!) { node(id: $id) { ... on Offer { replyDeadline { dueAt dueOn calendarConfirmed } } } }";
    let due = |data: &serde_json::Value| -> (DateTime<Utc>, bool) {
        let deadline = &data["node"]["replyDeadline"];
        (
            deadline["dueAt"].as_str().unwrap().parse().unwrap(),
            deadline["calendarConfirmed"].as_bool().unwrap(),
        )
    };
    let before = app
        .data_as(Some(&union), reply, json!({ "id": offer["id"] }))
        .await;
    assert_eq!(
        due(&before),
        ("2029-01-02T16:00:00Z".parse().unwrap(), false),
        "24:00 on Tuesday 2 January 2029, on an unconfirmed calendar"
    );
    assert_eq!(
        before["node"]["replyDeadline"]["dueOn"], "2029-01-02",
        "the last day itself, not the UTC date of its end"
    );
    // What the employer is told (its email is rendered from this payload)
    // says that the date may still move.
    let told = crate::events::next_event(&mut socket).await;
    assert_eq!(told["subjectId"], offer["id"]);
    let payload = &told["payload"];
    assert_eq!(payload["dueProvisional"], true, "{payload}");

    // In December the city office was asked for the 2029 notice, by email
    // to its users and by a clock due at the end of 2028; no one else was.
    let office = token(&app, "office-220100-officer").await;
    let asked = app.data_as(Some(&office), NOTICE_CLOCK, json!({})).await;
    let clock = &asked["deadlines"]["edges"][0]["node"];
    assert_eq!(
        asked["deadlines"]["edges"].as_array().unwrap().len(),
        1,
        "{asked}"
    );
    assert_eq!(clock["status"], "OPEN", "{asked}");
    let due_at: DateTime<Utc> = clock["dueAt"].as_str().unwrap().parse().unwrap();
    assert_eq!(
        due_at,
        "2028-12-31T16:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    assert!(
        clock["rule"].as_str().unwrap().contains("2029年"),
        "{clock}"
    );
    assert_eq!(
        clock["organizations"],
        json!([{ "name": "长春市协调劳动关系三方委员会办公室" }])
    );
    let unseen = app
        .data_as(Some(&management), NOTICE_CLOCK, json!({}))
        .await;
    assert_eq!(unseen["deadlines"]["edges"], json!([]));
    let mails = smtp
        .wait_for_subject("【协商平台】请载入2029年节假日安排", 4)
        .await;
    let mut to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    assert_eq!(
        to,
        [
            "admin@localhost.invalid",
            "office-220100-admin@demo.xieshang.test",
            "office-220100-officer@demo.xieshang.test",
            "office-220100-viewer@demo.xieshang.test",
        ]
    );

    // Only the city office loads a notice, and only one with every statutory holiday.
    let mut notice: serde_json::Value = json!({
        "year": 2029,
        "title": "国务院办公厅关于2029年部分节假日安排的通知",
        "days": [],
    });
    let statutory = app
        .data_as(
            Some(&office),
            PROVISIONAL,
            json!({ "from": "2029-01-01", "to": "2029-12-31" }),
        )
        .await;
    for day in statutory["calendarDays"].as_array().unwrap() {
        let day = json!({ "date": day["date"], "kind": "HOLIDAY", "name": day["name"] });
        notice["days"].as_array_mut().unwrap().push(day);
    }
    let forbidden = app
        .graphql_as(Some(&management), LOAD, json!({ "input": notice }))
        .await;
    assert_eq!(crate::support::error_code(&forbidden), "FORBIDDEN");
    let mut lacking = notice.clone();
    lacking["days"].as_array_mut().unwrap().remove(0);
    let refused = app
        .data_as(Some(&office), LOAD, json!({ "input": lacking }))
        .await;
    let errors = &refused["loadHolidayNotice"]["userErrors"];
    assert_eq!(errors[0]["field"], json!(["days"]), "{refused}");
    assert_eq!(errors[0]["code"], "RULE_VIOLATED");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap()
            .contains("2029-01-01 元旦")
    );
    let unchanged = app
        .data_as(Some(&office), "{ holidayNotices { year } }", json!({}))
        .await;
    assert_eq!(unchanged["holidayNotices"], json!([{ "year": 2026 }]));

    // The notice gives 2 January off too, made up on Saturday 6 January:
    // the reply moves to Wednesday 3 January, on a confirmed calendar.
    let days = notice["days"].as_array_mut().unwrap();
    days.push(json!({ "date": "2029-01-02", "kind": "HOLIDAY", "name": "元旦" }));
    days.push(json!({ "date": "2029-01-06", "kind": "MAKEUP_WORKDAY", "name": "元旦调休上班" }));
    let loaded = app
        .data_as(Some(&office), LOAD, json!({ "input": notice }))
        .await;
    let loaded = &loaded["loadHolidayNotice"];
    assert_eq!(loaded["userErrors"], json!([]), "{loaded}");
    assert_eq!(loaded["notice"]["year"], 2029);
    assert!(loaded["movedDeadlines"].as_i64().unwrap() >= 1, "{loaded}");
    let after = app
        .data_as(Some(&union), reply, json!({ "id": offer["id"] }))
        .await;
    assert_eq!(due(&after), ("2029-01-03T16:00:00Z".parse().unwrap(), true));
    let met = app.data_as(Some(&office), NOTICE_CLOCK, json!({})).await;
    assert_eq!(met["deadlines"]["edges"][0]["node"]["status"], "MET");
    let january = app
        .data_as(
            Some(&office),
            PROVISIONAL,
            json!({ "from": "2029-01-01", "to": "2029-01-07" }),
        )
        .await;
    assert_eq!(
        january["calendarDays"],
        json!([
            { "date": "2029-01-01", "kind": "HOLIDAY", "name": "元旦", "provisional": false },
            { "date": "2029-01-02", "kind": "HOLIDAY", "name": "元旦", "provisional": false },
            { "date": "2029-01-06", "kind": "MAKEUP_WORKDAY", "name": "元旦调休上班", "provisional": false },
        ])
    );
}
