//! Email over a real SMTP conversation: who receives what, opting out, the
//! inbox, and a server killed in the middle of a batch.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::smtp::SmtpServer;
use crate::support::{ADMIN_PASSWORD, Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(
    two_installations_never_share_a_message_id,
    an_update_is_emailed_to_the_members_of_the_organization,
    a_user_who_opted_out_receives_no_email_but_keeps_the_notification,
    a_server_killed_mid_batch_sends_every_email_once_after_restart,
);

async fn app_with_smtp(backend: &Backend, smtp: &SmtpServer) -> TestApp {
    let url = smtp.url();
    TestApp::launch_with_env(
        backend,
        &["--demo"],
        &[("XIESHANG_SMTP_URL", &url)],
        Some(ADMIN_PASSWORD),
    )
    .await
}

async fn employer(app: &TestApp, name: &str) -> (Value, i64) {
    let query = "query($name: String) { employers(filter: { nameContains: $name }) { edges { node { id version } } } }";
    let node =
        app.data(query, json!({ "name": name })).await["employers"]["edges"][0]["node"].clone();
    (node["id"].clone(), node["version"].as_i64().unwrap())
}

async fn rename(app: &TestApp, name_part: &str, new_name: &str) -> Value {
    let (id, version) = employer(app, name_part).await;
    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { id } } }";
    app.data(
        update,
        json!({ "input": { "id": id, "expectedVersion": version, "name": new_name } }),
    )
    .await;
    id
}

/// Two fresh installations send their first emails with different
/// Message-IDs; with a public address, the link is absolute.
async fn two_installations_never_share_a_message_id(backend: Backend) {
    let (first_smtp, second_smtp) = (SmtpServer::start().await, SmtpServer::start().await);
    let first = app_with_smtp(&backend, &first_smtp).await;
    let second = TestApp::launch_with_env(
        &backend,
        &["--demo"],
        &[
            ("XIESHANG_SMTP_URL", &second_smtp.url()),
            ("XIESHANG_PUBLIC_URL", "https://xieshang.example.cn/"),
        ],
        Some(ADMIN_PASSWORD),
    )
    .await;
    rename(&first, "清源水务", "长春清源水务集团有限公司").await;
    let id = rename(&second, "清源水务", "长春清源水务集团有限公司").await;
    let ids = |mails: &[crate::smtp::ReceivedMail]| -> BTreeSet<String> {
        mails
            .iter()
            .map(|m| m.header("Message-ID").unwrap())
            .collect()
    };
    let (first_mails, second_mails) = (first_smtp.wait_for(3).await, second_smtp.wait_for(3).await);
    let (first_ids, second_ids) = (ids(&first_mails), ids(&second_mails));
    assert_eq!((first_ids.len(), second_ids.len()), (3, 3));
    assert!(
        first_ids.is_disjoint(&second_ids),
        "{first_ids:?} {second_ids:?}"
    );
    let body = second_mails[0].body();
    assert!(
        body.contains(&format!(
            "在平台中查看：https://xieshang.example.cn/organizations/{}",
            id.as_str().unwrap()
        )),
        "{body}"
    );
}

fn recipients(mails: &[crate::smtp::ReceivedMail]) -> BTreeSet<String> {
    mails.iter().flat_map(|m| m.to.clone()).collect()
}

async fn an_update_is_emailed_to_the_members_of_the_organization(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(&backend, &smtp).await;
    let id = rename(&app, "清源水务", "长春清源水务集团有限公司").await;
    let mails = smtp.wait_for(3).await;
    let expected: BTreeSet<String> = ["admin", "officer", "viewer"]
        .iter()
        .map(|role| format!("employer-21-{role}@demo.xieshang.test"))
        .collect();
    assert_eq!(
        recipients(&mails),
        expected,
        "the employer's three members, nobody else"
    );
    let mail = &mails[0];
    assert!(
        mail.from.starts_with("<noreply@xieshang.localhost>"),
        "{}",
        mail.from
    );
    assert_eq!(
        mail.subject(),
        "【协商平台】单位信息已变更：长春清源水务集团有限公司"
    );
    let body = mail.body();
    assert!(
        body.contains("长春清源水务集团有限公司的以下信息已变更：name。"),
        "{body}"
    );
    assert!(body.contains("需要您做的：请核对变更是否正确"), "{body}");
    // No public address configured: no link to a page that is not there.
    assert!(
        !body.contains("/organizations/") && !body.contains("在平台中查看"),
        "{body}"
    );
    let message_id = mail.header("Message-ID").unwrap();
    assert!(
        message_id.starts_with("<notification-") && message_id.ends_with("@xieshang.localhost>"),
        "{message_id}"
    );
    let date = mail.header("Date").unwrap();
    assert!(date.ends_with(" +0800"), "Beijing time: {date}");
    assert!(
        chrono::DateTime::parse_from_rfc2822(&date).is_ok(),
        "{date}"
    );
    assert_eq!(
        mail.header("Auto-Submitted").as_deref(),
        Some("auto-generated")
    );

    // The same notification is in the member's inbox.
    let token = app.login("employer-21-admin", DEMO_PASSWORD).await.unwrap();
    let inbox = "{ viewer { unreadNotificationCount notifications { edges { node { id read emailStatus event { kind subjectId } } } } } }";
    let data = app.data_as(Some(&token), inbox, json!({})).await;
    assert_eq!(data["viewer"]["unreadNotificationCount"], 1);
    let notification = &data["viewer"]["notifications"]["edges"][0]["node"];
    assert_eq!(
        notification["event"],
        json!({ "kind": "ORGANIZATION_UPDATED", "subjectId": id })
    );
    assert_eq!(notification["emailStatus"], "SENT");
    let mark = "mutation { markNotificationsRead(input: { all: true }) { marked unreadCount } }";
    let marked = app.data_as(Some(&token), mark, json!({})).await;
    assert_eq!(
        marked["markNotificationsRead"],
        json!({ "marked": 1, "unreadCount": 0 })
    );
}

async fn a_user_who_opted_out_receives_no_email_but_keeps_the_notification(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(&backend, &smtp).await;
    let officer = app
        .login("employer-21-officer", DEMO_PASSWORD)
        .await
        .unwrap();
    let opt_out = "mutation { setNotificationPreference(input: { category: ORGANIZATIONS, email: false }) { preferences { category email } } }";
    let data = app.data_as(Some(&officer), opt_out, json!({})).await;
    let preferences = &data["setNotificationPreference"]["preferences"];
    assert!(
        preferences
            .as_array()
            .unwrap()
            .contains(&json!({ "category": "ORGANIZATIONS", "email": false }))
    );

    rename(&app, "清源水务", "长春清源水务集团有限公司").await;
    rename(&app, "清源水务", "长春清源水务有限公司").await;
    // Two events for three members, one of whom opted out: four emails.
    let mails = smtp.wait_for(4).await;
    let to: Vec<String> = mails.iter().flat_map(|m| m.to.clone()).collect();
    assert_eq!(to.len(), 4);
    assert!(
        !to.contains(&"employer-21-officer@demo.xieshang.test".to_owned()),
        "{to:?}"
    );

    let inbox = "{ viewer { notifications { totalCount edges { node { emailStatus } } } } }";
    let data = app.data_as(Some(&officer), inbox, json!({})).await;
    assert_eq!(data["viewer"]["notifications"]["totalCount"], 2);
    assert_eq!(
        data["viewer"]["notifications"]["edges"][0]["node"]["emailStatus"],
        "SKIPPED"
    );
}

async fn a_server_killed_mid_batch_sends_every_email_once_after_restart(backend: Backend) {
    let smtp = SmtpServer::start().await;
    let app = app_with_smtp(&backend, &smtp).await;
    // Each message waits 300 ms at MAIL FROM, so the batch takes seconds and
    // the kill lands while a message is waiting, before it is transferred.
    smtp.set_delay(Duration::from_millis(300));
    for (part, name) in [
        ("清源水务", "甲"),
        ("万家福", "乙"),
        ("松花湖", "丙"),
        ("瑞丰轨道", "丁"),
    ] {
        rename(&app, part, &format!("{name}公司")).await;
    }
    // Killed while the 4th message waits at MAIL FROM: the first three are
    // delivered and marked; the 4th was never transferred.
    smtp.wait_for_sender(4).await;
    let app = app.restart().await;
    assert_eq!(smtp.received().len(), 3);
    // The claims of the killed worker expire after their 5-minute lease.
    app.advance(chrono::Duration::minutes(6)).await;
    let mails = smtp.wait_for(12).await;
    smtp.set_delay(Duration::ZERO);
    // One more event proves the worker is idle and nothing else was queued.
    rename(&app, "甲公司", "长春清源水务有限公司").await;
    let mails_after = smtp.wait_for(15).await;
    assert_eq!(mails_after.len(), 15);

    let mut per_id: BTreeMap<String, usize> = BTreeMap::new();
    for mail in &mails {
        *per_id
            .entry(mail.header("Message-ID").unwrap())
            .or_default() += 1;
    }
    assert_eq!(per_id.len(), 12, "every pending email arrived");
    assert!(per_id.values().all(|n| *n == 1), "none twice: {per_id:?}");
    let subjects: BTreeSet<String> = mails.iter().map(|m| m.subject()).collect();
    assert_eq!(subjects.len(), 4, "{subjects:?}");
    let deliveries = app
        .data(
            "{ emailDeliveries(status: FAILED) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(deliveries["emailDeliveries"]["totalCount"], 0);
    let anonymous = app
        .graphql_as(None, "{ emailDeliveries { totalCount } }", json!({}))
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
}
