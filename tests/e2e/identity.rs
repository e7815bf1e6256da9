//! Sessions, throttling, the first start, members and the audit trail.

use chrono::Duration;
use serde_json::{Value, json};

use crate::fixtures::{self, HUAWEI, employer_input};
use crate::on_both_backends;
use crate::support::{ADMIN_PASSWORD, Backend, TestApp, error_code};

on_both_backends!(
    a_session_expires_after_twelve_hours,
    logout_ends_this_session_or_every_session,
    five_failed_logins_lock_the_account_for_fifteen_minutes,
    a_successful_login_resets_the_count,
    one_account_failing_locks_only_itself_from_that_address,
    forwarded_addresses_count_only_from_trusted_proxies,
    the_first_start_creates_an_administrator_once,
    changing_the_password_ends_the_other_sessions,
    users_change_their_own_profile_and_no_one_elses,
    members_are_managed_by_admins_and_outlive_their_memberships,
    the_audit_trail_records_who_changed_what_and_no_secrets,
    operators_add_disable_and_reset_users_from_the_command_line,
);

const VIEWER: &str = "{ viewer { user { loginName } memberships { role organization { name } } } }";

async fn viewer_code(app: &TestApp, token: &str) -> String {
    error_code(&app.graphql_as(Some(token), VIEWER, json!({})).await).to_owned()
}

async fn a_session_expires_after_twelve_hours(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let token = app.login("admin", ADMIN_PASSWORD).await.unwrap();
    let data = app.data_as(Some(&token), VIEWER, json!({})).await;
    assert_eq!(data["viewer"]["user"]["loginName"], "admin");
    assert_eq!(data["viewer"]["memberships"][0]["role"], "ADMIN");
    assert_eq!(
        data["viewer"]["memberships"][0]["organization"]["name"],
        "长春市协调劳动关系三方委员会办公室"
    );
    app.advance(Duration::hours(12) - Duration::minutes(1))
        .await;
    assert_eq!(viewer_code(&app, &token).await, "");
    app.advance(Duration::minutes(2)).await;
    assert_eq!(viewer_code(&app, &token).await, "UNAUTHENTICATED");
    assert_eq!(
        error_code(&app.graphql_as(None, VIEWER, json!({})).await),
        "UNAUTHENTICATED"
    );
}

async fn logout_ends_this_session_or_every_session(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (first, second) = (
        app.token.clone(),
        app.login("admin", ADMIN_PASSWORD).await.unwrap(),
    );
    let logout = "mutation($input: LogoutInput) { logout(input: $input) { revokedSessions } }";
    let data = app.data_as(Some(&first), logout, json!({})).await;
    assert_eq!(data["logout"]["revokedSessions"], 1);
    assert_eq!(viewer_code(&app, &first).await, "UNAUTHENTICATED");
    assert_eq!(viewer_code(&app, &second).await, "");
    let third = app.login("admin", ADMIN_PASSWORD).await.unwrap();
    let data = app
        .data_as(
            Some(&third),
            logout,
            json!({ "input": { "everywhere": true } }),
        )
        .await;
    assert_eq!(data["logout"]["revokedSessions"], 2);
    assert_eq!(viewer_code(&app, &second).await, "UNAUTHENTICATED");
    assert_eq!(
        error_code(&app.graphql_as(None, logout, json!({})).await),
        "UNAUTHENTICATED"
    );
}

async fn refused(app: &TestApp, login: &str, password: &str) -> String {
    let body = app
        .login(login, password)
        .await
        .expect_err("the login is refused");
    error_code(&body).to_owned()
}

async fn five_failed_logins_lock_the_account_for_fifteen_minutes(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    for _ in 0..5 {
        assert_eq!(
            refused(&app, "admin", "wrong password").await,
            "UNAUTHENTICATED"
        );
    }
    // Even the right password is refused now.
    assert_eq!(refused(&app, "admin", ADMIN_PASSWORD).await, "RATE_LIMITED");
    app.advance(Duration::minutes(14)).await;
    assert_eq!(refused(&app, "admin", ADMIN_PASSWORD).await, "RATE_LIMITED");
    app.advance(Duration::minutes(2)).await;
    assert!(app.login("admin", ADMIN_PASSWORD).await.is_ok());
}

async fn a_successful_login_resets_the_count(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    for _ in 0..4 {
        assert_eq!(
            refused(&app, "admin", "wrong password").await,
            "UNAUTHENTICATED"
        );
    }
    assert!(app.login("admin", ADMIN_PASSWORD).await.is_ok());
    for _ in 0..4 {
        assert_eq!(
            refused(&app, "admin", "wrong password").await,
            "UNAUTHENTICATED"
        );
    }
    assert!(
        app.login("admin", ADMIN_PASSWORD).await.is_ok(),
        "eight failures, but never five in a row"
    );
}

/// A login from `forwarded` as a trusted proxy would pass it on; the
/// error's code and `retryAt` when refused.
async fn login_via(app: &TestApp, login: &str, password: &str, forwarded: &str) -> (String, Value) {
    let query = "mutation($input: LoginInput!) { login(input: $input) { token } }";
    let body: Value = app
        .request(reqwest::Method::POST, "/graphql")
        .header("x-forwarded-for", forwarded)
        .json(&json!({ "query": query, "variables": { "input": { "loginName": login, "password": password } } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let retry_at = body
        .pointer("/errors/0/extensions/retryAt")
        .cloned()
        .unwrap_or_default();
    (error_code(&body).to_owned(), retry_at)
}

/// Finding 11: five wrong passwords for `admin` from one address no longer
/// lock out another account at that address; the lock names its end; an
/// operator lifts it; `X-Forwarded-For` counts only from a trusted proxy.
async fn one_account_failing_locks_only_itself_from_that_address(backend: Backend) {
    let app = TestApp::launch_with_env(
        &backend,
        &[],
        &[("XIESHANG_TRUSTED_PROXIES", "127.0.0.1")],
        Some(ADMIN_PASSWORD),
    )
    .await;
    let add = [
        "user",
        "add",
        "--login",
        "colleague",
        "--name",
        "同事",
        "--email",
        "c@example.cn",
    ];
    let added = app.cli(&add, &[("XIESHANG_USER_PASSWORD", "colleague password")]);
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let office = "198.51.100.1";
    for _ in 0..5 {
        let (code, _) = login_via(&app, "admin", "wrong password", office).await;
        assert_eq!(code, "UNAUTHENTICATED");
    }
    let (code, retry_at) = login_via(&app, "admin", ADMIN_PASSWORD, office).await;
    assert_eq!(code, "RATE_LIMITED");
    let clock: Value = app
        .request(reqwest::Method::POST, "/_test/clock")
        .json(&json!({ "advanceSeconds": 0 }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let now = chrono::DateTime::parse_from_rfc3339(clock["now"].as_str().unwrap()).unwrap();
    let retry_at = chrono::DateTime::parse_from_rfc3339(retry_at.as_str().unwrap()).unwrap();
    let wait = retry_at - now;
    assert!(
        wait > Duration::minutes(14) && wait <= Duration::minutes(15),
        "locked for 15 minutes from the fifth failure: {wait}"
    );
    // Another account at the same address, and the same account elsewhere, still sign in.
    let (code, _) = login_via(&app, "colleague", "colleague password", office).await;
    assert_eq!(code, "", "another account at the address");
    let (code, _) = login_via(&app, "admin", ADMIN_PASSWORD, "198.51.100.2").await;
    assert_eq!(code, "", "the account from another address");
    // The operator lifts the lock at once.
    let (code, _) = login_via(&app, "admin", ADMIN_PASSWORD, office).await;
    assert_eq!(code, "RATE_LIMITED");
    let unlocked = app.cli(&["user", "unlock", "--login", "admin"], &[]);
    assert!(
        unlocked.status.success(),
        "{}",
        String::from_utf8_lossy(&unlocked.stderr)
    );
    let (code, _) = login_via(&app, "admin", ADMIN_PASSWORD, office).await;
    assert_eq!(code, "", "unlocked");
}

/// Without trusted proxies, `X-Forwarded-For` is whatever a client wrote:
/// the peer's address counts.
async fn forwarded_addresses_count_only_from_trusted_proxies(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    for i in 0..5 {
        let (code, _) =
            login_via(&app, "admin", "wrong password", &format!("198.51.100.{i}")).await;
        assert_eq!(code, "UNAUTHENTICATED");
    }
    let (code, _) = login_via(&app, "admin", ADMIN_PASSWORD, "198.51.100.99").await;
    assert_eq!(code, "RATE_LIMITED", "one peer, whatever it claims");
}

async fn the_first_start_creates_an_administrator_once(backend: Backend) {
    let app = TestApp::launch(&backend, &[], None).await;
    let line = app
        .banner
        .iter()
        .find(|l| l.contains("administrator"))
        .expect("the password is printed");
    let password = line
        .split("password ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .unwrap()
        .to_owned();
    assert!(password.len() >= 16, "{line}");
    let token = app
        .login("admin", &password)
        .await
        .expect("the printed password works");
    let data = app.data_as(Some(&token), VIEWER, json!({})).await;
    assert_eq!(data["viewer"]["memberships"][0]["role"], "ADMIN");
    let app = app.restart().await;
    assert!(
        app.banner.iter().all(|l| !l.contains("password")),
        "printed once: {:?}",
        app.banner
    );
    assert!(app.login("admin", &password).await.is_ok());
    let admins = app
        .data_as(
            Some(&token),
            "{ organizations(filter: { kinds: [TRIPARTITE_OFFICE] }) { totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(admins["organizations"]["totalCount"], 1);
}

async fn changing_the_password_ends_the_other_sessions(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let other = app.login("admin", ADMIN_PASSWORD).await.unwrap();
    let change = "mutation($input: ChangePasswordInput!) { changePassword(input: $input) { user { loginName } userErrors { field code } } }";
    let wrong = json!({ "input": { "currentPassword": "not it", "newPassword": "short" } });
    let data = app.data(change, wrong).await;
    assert_eq!(
        data["changePassword"]["userErrors"],
        json!([{ "field": ["newPassword"], "code": "INVALID" }, { "field": ["currentPassword"], "code": "INVALID" }])
    );
    let right = json!({ "input": { "currentPassword": ADMIN_PASSWORD, "newPassword": "a much better password" } });
    let data = app.data(change, right).await;
    assert_eq!(data["changePassword"]["user"]["loginName"], "admin");
    assert_eq!(
        viewer_code(&app, &app.token).await,
        "",
        "this session stays"
    );
    assert_eq!(viewer_code(&app, &other).await, "UNAUTHENTICATED");
    assert_eq!(
        refused(&app, "admin", ADMIN_PASSWORD).await,
        "UNAUTHENTICATED"
    );
    assert!(app.login("admin", "a much better password").await.is_ok());
}

const UPDATE_PROFILE: &str = "mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { user { loginName displayName email phone language } userErrors { field code } } }";

async fn users_change_their_own_profile_and_no_one_elses(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let refused = app
        .data(
            UPDATE_PROFILE,
            json!({ "input": { "displayName": " ", "email": "no at sign", "phone": "1".repeat(41) } }),
        )
        .await;
    assert_eq!(
        refused["updateProfile"],
        json!({ "user": null, "userErrors": [
            { "field": ["displayName"], "code": "REQUIRED" },
            { "field": ["email"], "code": "INVALID" },
            { "field": ["phone"], "code": "OUT_OF_RANGE" }] })
    );
    let unchanged = app
        .data("{ viewer { user { displayName email } } }", json!({}))
        .await;
    assert_eq!(
        unchanged["viewer"]["user"]["email"],
        "admin@localhost.invalid"
    );

    let changed = app
        .data(
            UPDATE_PROFILE,
            json!({ "input": { "displayName": " 王主任 ", "email": "wang@example.cn",
                               "phone": "0431-8888 6666", "language": "EN" } }),
        )
        .await;
    assert_eq!(
        changed["updateProfile"],
        json!({ "user": { "loginName": "admin", "displayName": "王主任", "email": "wang@example.cn",
                          "phone": "0431-8888 6666", "language": "EN" }, "userErrors": [] })
    );
    // An omitted field stays; an empty phone clears it.
    let partly = app
        .data(UPDATE_PROFILE, json!({ "input": { "phone": "" } }))
        .await;
    assert_eq!(partly["updateProfile"]["user"]["phone"], "");
    assert_eq!(partly["updateProfile"]["user"]["email"], "wang@example.cn");
    assert_eq!(partly["updateProfile"]["user"]["language"], "EN");
    let audit = app
        .data(
            "{ auditEntries(last: 1) { nodes { operation summary } } }",
            json!({}),
        )
        .await;
    let entry = &audit["auditEntries"]["nodes"][0];
    assert_eq!(entry["operation"], "updateProfile");
    let summary: Value = serde_json::from_str(entry["summary"].as_str().unwrap()).unwrap();
    assert_eq!(summary, json!({ "phone": "" }));
    // Only a signed-in user, and only themselves: the input names nobody else.
    let anonymous = app
        .graphql_as(
            None,
            UPDATE_PROFILE,
            json!({ "input": { "displayName": "x" } }),
        )
        .await;
    assert_eq!(error_code(&anonymous), "UNAUTHENTICATED");
}

const CREATE_USER: &str = "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id loginName } userErrors { field code } } }";

fn new_user(login: &str, organization: &Value, role: &str) -> Value {
    json!({ "input": { "loginName": login, "displayName": login, "email": format!("{login}@example.cn"),
                       "password": "password for tests", "organizationId": organization, "role": role } })
}

async fn members_are_managed_by_admins_and_outlive_their_memberships(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (_, nanguan, _) = fixtures::city(&app).await;
    let employer =
        fixtures::organization(&app, employer_input("甲公司", &nanguan, HUAWEI, "C", "36")).await;
    let hr = app
        .data(CREATE_USER, new_user("hr-admin", &employer["id"], "ADMIN"))
        .await;
    assert_eq!(hr["createUser"]["userErrors"], json!([]));
    let hr_id = hr["createUser"]["user"]["id"].clone();
    let taken = app
        .data(CREATE_USER, new_user("hr-admin", &employer["id"], "ADMIN"))
        .await;
    assert_eq!(
        taken["createUser"]["userErrors"],
        json!([{ "field": ["loginName"], "code": "TAKEN" }])
    );

    let hr_token = app.login("hr-admin", "password for tests").await.unwrap();
    let clerk = app
        .data_as(
            Some(&hr_token),
            CREATE_USER,
            new_user("clerk", &employer["id"], "OFFICER"),
        )
        .await;
    let clerk_id = clerk["createUser"]["user"]["id"].clone();
    let clerk_token = app.login("clerk", "password for tests").await.unwrap();
    let body = app
        .graphql_as(
            Some(&clerk_token),
            CREATE_USER,
            new_user("intern", &employer["id"], "VIEWER"),
        )
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN");

    let remove = "mutation($input: RemoveMembershipInput!) { removeMembership(input: $input) { organization { name } userErrors { field code } } }";
    let last_admin = json!({ "input": { "organizationId": employer["id"], "userId": hr_id } });
    let data = app.data_as(Some(&hr_token), remove, last_admin).await;
    assert_eq!(
        data["removeMembership"]["userErrors"],
        json!([{ "field": ["userId"], "code": "RULE_VIOLATED" }])
    );
    let data = app
        .data_as(
            Some(&hr_token),
            remove,
            json!({ "input": { "organizationId": employer["id"], "userId": clerk_id } }),
        )
        .await;
    assert_eq!(data["removeMembership"]["organization"]["name"], "甲公司");

    // The user remains, with no memberships, and their history stays.
    let clerk_view = app.data_as(Some(&clerk_token), VIEWER, json!({})).await;
    assert_eq!(clerk_view["viewer"]["memberships"], json!([]));
    let history = app
        .data("query($actor: ID) { auditEntries(filter: { actor: $actor }) { edges { node { operation } } } }", json!({ "actor": clerk_id }))
        .await;
    assert_eq!(
        history["auditEntries"]["edges"][0]["node"]["operation"],
        "login"
    );
    let members = app
        .data_as(Some(&hr_token), "query($id: ID!) { node(id: $id) { ... on Organization { memberships { totalCount edges { node { role user { loginName } } } } } } }", json!({ "id": employer["id"] }))
        .await;
    assert_eq!(members["node"]["memberships"]["totalCount"], 1);
    assert_eq!(
        members["node"]["memberships"]["edges"][0]["node"],
        json!({ "role": "ADMIN", "user": { "loginName": "hr-admin" } })
    );
}

async fn the_audit_trail_records_who_changed_what_and_no_secrets(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let (_, nanguan, _) = fixtures::city(&app).await;
    let employer =
        fixtures::organization(&app, employer_input("甲公司", &nanguan, HUAWEI, "C", "36")).await;
    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { version } } }";
    app.data(update, json!({ "input": { "id": employer["id"], "expectedVersion": 1, "name": "甲股份有限公司" } })).await;
    app.data(CREATE_USER, new_user("hr-admin", &employer["id"], "ADMIN"))
        .await;

    let query = "query($subject: ID) { auditEntries(filter: { subject: $subject }) { totalCount edges { node {
        operation occurredAt summary subjectId actor { loginName } actingOrganization { name } } } } }";
    let data = app.data(query, json!({ "subject": employer["id"] })).await;
    let entries = &data["auditEntries"];
    assert_eq!(entries["totalCount"], 2);
    let updated = &entries["edges"][1]["node"];
    assert_eq!(updated["operation"], "updateOrganization");
    assert_eq!(updated["subjectId"], employer["id"]);
    assert_eq!(updated["actor"]["loginName"], "admin");
    assert_eq!(
        updated["actingOrganization"]["name"],
        "长春市协调劳动关系三方委员会办公室"
    );
    let summary: Value = serde_json::from_str(updated["summary"].as_str().unwrap()).unwrap();
    assert_eq!(summary["changes"]["name"], "甲股份有限公司");

    let everything = app
        .data(
            "{ auditEntries(last: 100) { edges { node { operation summary } } } }",
            json!({}),
        )
        .await;
    let text = everything.to_string();
    for secret in ["password for tests", ADMIN_PASSWORD, "$argon2", &app.token] {
        assert!(
            !text.contains(secret),
            "the audit trail holds a secret: {secret}"
        );
    }
    assert!(text.contains("createUser") && text.contains("login"));

    // The time range: nothing before the first entry, everything up to now.
    let ranged = "query($from: DateTime, $until: DateTime) { auditEntries(filter: { from: $from, until: $until }) { totalCount } }";
    let before = app
        .data(ranged, json!({ "until": "2020-01-01T00:00:00Z" }))
        .await;
    assert_eq!(before["auditEntries"]["totalCount"], 0);
    let all = app
        .data(ranged, json!({ "from": "2020-01-01T00:00:00Z" }))
        .await;
    assert_eq!(
        all["auditEntries"]["totalCount"].as_i64().unwrap(),
        everything["auditEntries"]["edges"]
            .as_array()
            .unwrap()
            .len() as i64
    );

    // The employer's own admin sees its entries; another district office does not.
    let hr_token = app.login("hr-admin", "password for tests").await.unwrap();
    let own = app
        .data_as(Some(&hr_token), query, json!({ "subject": employer["id"] }))
        .await;
    assert_eq!(
        own["auditEntries"]["totalCount"], 0,
        "the changes were made acting for the city office"
    );
    let mine = app
        .data_as(
            Some(&hr_token),
            "{ auditEntries { totalCount edges { node { operation } } } }",
            json!({}),
        )
        .await;
    assert_eq!(
        mine["auditEntries"]["edges"][0]["node"]["operation"],
        "login"
    );
}

async fn operators_add_disable_and_reset_users_from_the_command_line(backend: Backend) {
    // The server keeps viewers in memory. On SQLite it sees the command's
    // commit in the database file at the next request; on PostgreSQL the
    // command's NOTIFY reaches the server's listener a moment later.
    let settle = || async {
        if matches!(backend, Backend::Postgres(_)) {
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    };
    let app = TestApp::spawn(&backend).await;
    let password = [("XIESHANG_USER_PASSWORD", "operator chosen password")];
    let add = [
        "user",
        "add",
        "--login",
        "zhang.wei",
        "--name",
        "张伟",
        "--email",
        "zhang.wei@example.cn",
        "--organization",
        "长春市协调劳动关系三方委员会办公室",
        "--role",
        "viewer",
    ];
    let output = app.cli(&add, &password);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = app
        .login("zhang.wei", "operator chosen password")
        .await
        .expect("the new user logs in");
    let data = app.data_as(Some(&token), VIEWER, json!({})).await;
    assert_eq!(data["viewer"]["memberships"][0]["role"], "VIEWER");

    let output = app.cli(&["user", "list"], &[]);
    let listed = String::from_utf8(output.stdout).unwrap();
    assert_eq!(
        listed.lines().collect::<Vec<_>>(),
        [
            "admin\t系统管理员\tadmin@localhost.invalid\t长春市协调劳动关系三方委员会办公室 (ADMIN)",
            "zhang.wei\t张伟\tzhang.wei@example.cn\t长春市协调劳动关系三方委员会办公室 (VIEWER)",
        ]
    );
    let output = app.cli(&["user", "list", "--organization", "无此单位"], &[]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap().trim(),
        "xieshang: no organization is named 无此单位"
    );

    let output = app.cli(&["user", "set-password", "--login", "zhang.wei"], &[]);
    assert!(output.status.success());
    let printed = String::from_utf8(output.stdout).unwrap();
    let generated = printed
        .lines()
        .find_map(|l| l.strip_prefix("password of zhang.wei: "))
        .expect("printed");
    settle().await;
    assert_eq!(
        viewer_code(&app, &token).await,
        "UNAUTHENTICATED",
        "setting a password ends the sessions"
    );
    let token = app
        .login("zhang.wei", generated)
        .await
        .expect("the generated password works");

    assert!(
        app.cli(&["user", "disable", "--login", "zhang.wei"], &[])
            .status
            .success()
    );
    settle().await;
    assert_eq!(viewer_code(&app, &token).await, "UNAUTHENTICATED");
    assert_eq!(
        refused(&app, "zhang.wei", generated).await,
        "UNAUTHENTICATED"
    );
}

/// Issue 13: instances keep viewers in memory; a session ended on one
/// instance ends on the others (PostgreSQL announces every audited change).
#[tokio::test(flavor = "multi_thread")]
async fn a_session_ended_on_one_instance_ends_on_every_instance() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let first = TestApp::spawn(&backend).await;
    let second = first.second_instance().await;
    let token = first.login("admin", ADMIN_PASSWORD).await.unwrap();
    // The second instance reads the viewer once and keeps it.
    for _ in 0..2 {
        let data = second.data_as(Some(&token), VIEWER, json!({})).await;
        assert_eq!(data["viewer"]["user"]["loginName"], "admin");
    }
    first
        .data_as(
            Some(&token),
            "mutation { logout { __typename } }",
            json!({}),
        )
        .await;
    // NOTIFY reaches the other instance's listener as the logout commits;
    // the next request there is refused (a moment for the delivery).
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert_eq!(viewer_code(&second, &token).await, "UNAUTHENTICATED");
}
