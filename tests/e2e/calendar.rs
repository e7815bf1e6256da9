//! The working-day calendar over the API.

use serde_json::json;

use crate::on_both_backends;
use crate::support::{Backend, TestApp};

on_both_backends!(the_demo_calendar_holds_the_2026_holidays_and_the_city_office_edits_it);

const DAYS: &str = "query($from: NaiveDate!, $to: NaiveDate!) { calendarDays(from: $from, to: $to) { date kind name } }";

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
