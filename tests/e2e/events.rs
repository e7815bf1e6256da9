//! Events over the websocket: each subscriber sees only what its
//! organizations may see, and on PostgreSQL events cross server instances.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp};
use crate::websocket::{Socket, connect, receive, send};

on_both_backends!(
    two_subscribers_from_different_organizations_each_receive_their_own_events,
    a_subscriber_gets_no_event_about_a_subject_it_cannot_see,
    a_membership_change_applies_to_an_open_subscription_at_once,
);

#[tokio::test(flavor = "multi_thread")]
async fn an_event_on_one_instance_reaches_the_subscribers_of_another() {
    let Some(backend) = Backend::postgres() else {
        return;
    };
    let first = TestApp::spawn_with(&backend, &["--demo"]).await;
    let second = first.second_instance().await;
    let employer = employer_id(&first, "清源水务").await;
    let token = second
        .login("employer-21-admin", DEMO_PASSWORD)
        .await
        .unwrap();
    let mut socket = subscribe(&second, &token, "{ kind subjectId }").await;
    rename(&first, &employer, "长春清源水务集团有限公司").await;
    let event = next_event(&mut socket).await;
    assert_eq!(
        event,
        json!({ "kind": "ORGANIZATION_UPDATED", "subjectId": employer })
    );
}

/// Opens a subscription to `events` with the given selection.
pub async fn subscribe(app: &TestApp, token: &str, selection: &str) -> Socket {
    let listening = || async { app.get_json("/_test/subscribers").await["count"].as_u64() };
    let before = listening().await;
    let mut socket = connect(app, "graphql-transport-ws").await;
    send(
        &mut socket,
        json!({ "type": "connection_init", "payload": { "authorization": token } }),
    )
    .await;
    assert_eq!(receive(&mut socket).await["type"], "connection_ack");
    let query = format!("subscription {{ events {selection} }}");
    send(
        &mut socket,
        json!({ "id": "events", "type": "subscribe", "payload": { "query": query } }),
    )
    .await;
    // The protocol does not acknowledge a subscription: wait until it
    // listens, so that no change the test makes next can slip past it.
    for _ in 0..200 {
        if listening().await > before {
            return socket;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    panic!("the subscription never listened");
}

/// The next event on a subscription.
pub async fn next_event(socket: &mut Socket) -> Value {
    let message = receive(socket).await;
    assert_eq!(message["type"], "next", "{message}");
    message["payload"]["data"]["events"].clone()
}

async fn employer_id(app: &TestApp, name: &str) -> Value {
    let query = "query($name: String) { employers(filter: { nameContains: $name }) { edges { node { id } } } }";
    app.data(query, json!({ "name": name })).await["employers"]["edges"][0]["node"]["id"].clone()
}

/// Renames an organization as the city office's admin (no version check).
async fn rename(app: &TestApp, id: &Value, name: &str) {
    let version = app
        .data(
            "query($id: ID!) { node(id: $id) { ... on Organization { version } } }",
            json!({ "id": id }),
        )
        .await;
    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { organization { name } } }";
    let input = json!({ "input": { "id": id, "expectedVersion": version["node"]["version"], "name": name } });
    app.data(update, input).await;
}

async fn two_subscribers_from_different_organizations_each_receive_their_own_events(
    backend: Backend,
) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let (a, b) = (
        employer_id(&app, "清源水务").await,
        employer_id(&app, "瑞丰轨道").await,
    );
    let token_a = app.login("employer-21-admin", DEMO_PASSWORD).await.unwrap();
    let token_b = app.login("employer-05-admin", DEMO_PASSWORD).await.unwrap();
    let selection = "{ kind subjectId organizations { name } payload }";
    let mut socket_a = subscribe(&app, &token_a, selection).await;
    let mut socket_b = subscribe(&app, &token_b, selection).await;

    // A, then B, then A again: each subscriber's next event must be its own.
    rename(&app, &a, "长春清源水务集团有限公司").await;
    rename(&app, &b, "吉林省瑞丰轨道装备集团有限公司").await;
    rename(&app, &a, "长春清源水务有限公司").await;

    let first = next_event(&mut socket_a).await;
    assert_eq!(first["kind"], "ORGANIZATION_UPDATED");
    assert_eq!(first["subjectId"], a);
    // The organizations are read when the event is delivered, by which
    // time the third rename may have landed: their names are A's either way.
    let only_a = |event: &Value| {
        let names = event["organizations"].as_array().unwrap();
        names.len() == 1
            && names[0]["name"]
                .as_str()
                .unwrap()
                .starts_with("长春清源水务")
    };
    assert!(only_a(&first), "{first}");
    let payload = &first["payload"];
    assert_eq!(payload["changes"]["name"], "长春清源水务集团有限公司");
    let second = next_event(&mut socket_a).await;
    assert_eq!(second["subjectId"], a, "B's event never reaches A");
    assert!(only_a(&second), "{second}");

    let only = next_event(&mut socket_b).await;
    assert_eq!(only["subjectId"], b);
    rename(&app, &b, "吉林省瑞丰轨道装备有限公司").await;
    assert_eq!(
        next_event(&mut socket_b).await["subjectId"],
        b,
        "A's second event never reaches B"
    );
}

/// The organization an officer acts for.
async fn own_organization(app: &TestApp, token: &str) -> Value {
    let data = app
        .data_as(
            Some(token),
            "{ viewer { actingOrganizations { id } } }",
            json!({}),
        )
        .await;
    data["viewer"]["actingOrganizations"][0]["id"].clone()
}

/// Drafts a one-clause agreement between an employer and its union, as the union.
async fn draft_agreement(app: &TestApp, number: &str) -> Value {
    let union = app
        .login(&format!("union-{number}-officer"), DEMO_PASSWORD)
        .await
        .unwrap();
    let management = app
        .login(&format!("employer-{number}-officer"), DEMO_PASSWORD)
        .await
        .unwrap();
    let input = json!({ "input": {
        "kind": "AGREEMENT", "title": "工资协议",
        "workersPartyId": own_organization(app, &union).await,
        "employerPartyId": own_organization(app, &management).await,
        "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] } });
    let query = "mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) { agreement { id } userErrors { field message } } }";
    let drafted = app.data_as(Some(&union), query, input).await;
    drafted["draftAgreement"]["agreement"]["id"].clone()
}

/// Employers 02 and 05 belong to one association, which follows both their
/// agreements; employer 02 still hears only of its own.
async fn a_subscriber_gets_no_event_about_a_subject_it_cannot_see(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let viewer = app
        .login("employer-02-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let mut socket = subscribe(
        &app,
        &viewer,
        "(filter: { kinds: [AGREEMENT_DRAFTED] }) { kind subjectId }",
    )
    .await;
    let elsewhere = draft_agreement(&app, "05").await;
    let own = draft_agreement(&app, "02").await;
    assert_ne!(elsewhere, own);
    let hidden = app
        .graphql_as(
            Some(&viewer),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": elsewhere }),
        )
        .await;
    assert_eq!(
        hidden.pointer("/errors/0/extensions/code"),
        Some(&json!("NOT_FOUND")),
        "employer 02 cannot see employer 05's agreement: {hidden}"
    );
    let first = next_event(&mut socket).await;
    assert_eq!(
        first["subjectId"], own,
        "the first event is about its own agreement: {first}"
    );
}

/// Finding 9: a subscriber added to an organization sees its events on the
/// socket it already has open, without reconnecting.
async fn a_membership_change_applies_to_an_open_subscription_at_once(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let employer = employer_id(&app, "清源水务").await;
    let viewer = app
        .login("employer-02-viewer", DEMO_PASSWORD)
        .await
        .unwrap();
    let mut socket = subscribe(
        &app,
        &viewer,
        "(filter: { kinds: [ORGANIZATION_UPDATED] }) { kind subjectId }",
    )
    .await;
    let office = app
        .login("office-220100-admin", DEMO_PASSWORD)
        .await
        .unwrap();
    let added = app
        .data_as(
            Some(&office),
            "mutation($input: AddMembershipInput!) { addMembership(input: $input) { membership { role } userErrors { code } } }",
            json!({ "input": { "organizationId": employer, "loginName": "employer-02-viewer", "role": "VIEWER" } }),
        )
        .await;
    assert_eq!(
        added["addMembership"]["membership"]["role"], "VIEWER",
        "{added}"
    );
    rename(&app, &employer, "长春清源水务集团有限公司").await;
    assert_eq!(
        next_event(&mut socket).await,
        json!({ "kind": "ORGANIZATION_UPDATED", "subjectId": employer })
    );
}
