//! Events over the websocket: each subscriber sees only what its
//! organizations may see, and on PostgreSQL events cross server instances.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp};
use crate::websocket::{Socket, connect, receive, send};

on_both_backends!(two_subscribers_from_different_organizations_each_receive_their_own_events);

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
    socket
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
    assert_eq!(
        first["organizations"],
        json!([{ "name": "长春清源水务集团有限公司" }])
    );
    let payload: Value = serde_json::from_str(first["payload"].as_str().unwrap()).unwrap();
    assert_eq!(payload["changes"]["name"], "长春清源水务集团有限公司");
    let second = next_event(&mut socket_a).await;
    assert_eq!(second["subjectId"], a, "B's event never reaches A");
    assert_eq!(
        second["organizations"],
        json!([{ "name": "长春清源水务有限公司" }])
    );

    let only = next_event(&mut socket_b).await;
    assert_eq!(only["subjectId"], b);
    rename(&app, &b, "吉林省瑞丰轨道装备有限公司").await;
    assert_eq!(
        next_event(&mut socket_b).await["subjectId"],
        b,
        "A's second event never reaches B"
    );
}
