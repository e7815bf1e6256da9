//! One mechanism for every read path, checked as a property over the demo
//! city: for every (caller, object) pair, `node` answers iff the object is
//! in the caller's list; a nested field never shows a profile, link or
//! relation of an organization the caller cannot reach by `node`; the
//! caller's subscription delivers an object's events iff it may see the
//! object; its inbox gets only events about objects it may see.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Value, json};

use crate::events::{next_event, subscribe};
use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp};

on_both_backends!(every_read_path_agrees_with_node);

const CALLERS: [&str; 8] = [
    "office-220100-viewer",
    "office-220102-viewer",
    "labour-220102-viewer",
    "federation-220102-viewer",
    "union-01-viewer",
    "employer-01-viewer",
    "employer-02-viewer",
    "association-1-viewer",
];

/// Every id of a list, page by page.
async fn all_ids(app: &TestApp, token: &str, list: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut after = Value::Null;
    loop {
        let query = format!(
            "query($after: String) {{ list: {list}(first: 100, after: $after) {{ pageInfo {{ hasNextPage endCursor }} edges {{ node {{ id }} }} }} }}"
        );
        let data = app
            .data_as(Some(token), &query, json!({ "after": after }))
            .await;
        for edge in data["list"]["edges"].as_array().unwrap() {
            ids.insert(edge["node"]["id"].as_str().unwrap().to_owned());
        }
        if data["list"]["pageInfo"]["hasNextPage"] != true {
            return ids;
        }
        after = data["list"]["pageInfo"]["endCursor"].clone();
    }
}

/// Which of `ids` `nodes` answers for the caller.
async fn answered(app: &TestApp, token: &str, ids: &BTreeSet<String>) -> BTreeSet<String> {
    let ids: Vec<&String> = ids.iter().collect();
    let mut found = BTreeSet::new();
    for chunk in ids.chunks(100) {
        let data = app
            .data_as(
                Some(token),
                "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
                json!({ "ids": chunk }),
            )
            .await;
        for node in data["nodes"].as_array().unwrap() {
            if let Some(id) = node["id"].as_str() {
                found.insert(id.to_owned());
            }
        }
    }
    found
}

/// Every organization object anywhere in `value`, with what it shows.
fn organizations_in<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("employerProfile") || map.contains_key("associations") {
                out.push(value);
            }
            map.values().for_each(|v| organizations_in(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| organizations_in(v, out)),
        _ => {}
    }
}

const ORG: &str =
    "id employerProfile { creditCode } parent { id } associations { id } grassrootsUnion { id }";

async fn every_read_path_agrees_with_node(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let everything = app
        .login("office-220100-admin", DEMO_PASSWORD)
        .await
        .unwrap();
    let mut universe = HashMap::new();
    for list in ["organizations", "offers", "agreements"] {
        universe.insert(list, all_ids(&app, &everything, list).await);
    }
    assert!(universe["offers"].len() >= 100 && universe["agreements"].len() >= 100);

    // Drafts are seen by their authors only: the universe is everyone's lists.
    let mut tokens = HashMap::new();
    let mut lists: HashMap<(&str, &str), BTreeSet<String>> = HashMap::new();
    for caller in CALLERS {
        let token = app.login(caller, DEMO_PASSWORD).await.unwrap();
        for list in ["organizations", "offers", "agreements"] {
            let listed = all_ids(&app, &token, list).await;
            universe
                .get_mut(list)
                .unwrap()
                .extend(listed.iter().cloned());
            lists.insert((caller, list), listed);
        }
        tokens.insert(caller, token);
    }
    let mut visible: HashMap<&str, BTreeSet<String>> = HashMap::new();
    for caller in CALLERS {
        let token = tokens[caller].clone();
        let mut seen = BTreeSet::new();
        for list in ["organizations", "offers", "agreements"] {
            let listed = lists[&(caller, list)].clone();
            let by_node = answered(&app, &token, &universe[list]).await;
            assert_eq!(listed, by_node, "{caller}: {list} listed vs nodes");
            seen.extend(listed);
        }
        // Nested organizations show private fields only when reachable by node.
        // Two documents of 25 each: a page of agreements with the employers
        // they bind is costed at its largest.
        let mut found_in = Vec::new();
        for document in [
            format!(
                "{{ offers(first: 25) {{ edges {{ node {{ issuingOrganization {{ {ORG} }} receivingOrganization {{ {ORG} }} employer {{ {ORG} }} union {{ {ORG} }} }} }} }} }}"
            ),
            format!(
                "{{ agreements(first: 25) {{ edges {{ node {{ workersParty {{ {ORG} }} employerParty {{ {ORG} }} employers {{ {ORG} }} }} }} }} }}"
            ),
        ] {
            found_in.push(app.data_as(Some(&token), &document, json!({})).await);
        }
        let mut found = Vec::new();
        for nested in &found_in {
            organizations_in(nested, &mut found);
        }
        assert!(!found.is_empty() || seen.iter().all(|id| !universe["offers"].contains(id)));
        for org in found {
            let id = org["id"].as_str().unwrap();
            let private = !org["employerProfile"].is_null()
                || !org["parent"].is_null()
                || !org["grassrootsUnion"].is_null()
                || org["associations"]
                    .as_array()
                    .is_some_and(|a| !a.is_empty());
            assert!(
                !private || seen.contains(id),
                "{caller}: {org} is shown in full but hidden"
            );
            for association in org["associations"].as_array().into_iter().flatten() {
                assert!(
                    seen.contains(association["id"].as_str().unwrap()),
                    "{caller}: {org}"
                );
            }
        }
        visible.insert(caller, seen);
    }

    // Events: rename a spread of organizations, then each caller's own, as
    // the city office. Each caller's own rename closes its stream.
    let mut sockets = HashMap::new();
    for caller in CALLERS {
        sockets.insert(
            caller,
            subscribe(&app, &tokens[caller], "{ kind subjectId }").await,
        );
    }
    let organizations: Vec<&String> = universe["organizations"].iter().collect();
    let mut renamed: Vec<String> = organizations
        .iter()
        .step_by(organizations.len() / 12 + 1)
        .map(|id| id.to_string())
        .collect();
    let mut own = HashMap::new();
    for caller in CALLERS {
        let data = app
            .data_as(
                Some(&tokens[caller]),
                "{ viewer { memberships { organization { id } } } }",
                json!({}),
            )
            .await;
        own.insert(
            caller,
            data["viewer"]["memberships"][0]["organization"]["id"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    for (i, id) in renamed.clone().iter().enumerate() {
        rename(&app, &everything, id, &format!("改名单位{i}")).await;
    }
    for caller in CALLERS {
        if !renamed.contains(&own[caller]) {
            rename(
                &app,
                &everything,
                &own[caller],
                &format!("{caller}所在单位"),
            )
            .await;
            renamed.push(own[caller].clone());
        }
    }
    for caller in CALLERS {
        let socket = sockets.get_mut(caller).unwrap();
        let mut delivered = BTreeSet::new();
        loop {
            let event = next_event(socket).await;
            assert_eq!(event["kind"], "ORGANIZATION_UPDATED");
            let subject = event["subjectId"].as_str().unwrap().to_owned();
            delivered.insert(subject.clone());
            if subject == own[caller] {
                break;
            }
        }
        let position = renamed.iter().position(|id| *id == own[caller]).unwrap();
        let expected: BTreeSet<String> = renamed[..=position]
            .iter()
            .filter(|id| visible[caller].contains(*id))
            .cloned()
            .collect();
        assert_eq!(delivered, expected, "{caller}: delivered iff visible");
    }

    // Inboxes: once the caller's own rename arrived, nothing in it is hidden.
    for caller in CALLERS {
        let mut subjects = BTreeSet::new();
        for _ in 0..50 {
            let data = app
                .data_as(Some(&tokens[caller]), "{ viewer { notifications(first: 100) { edges { node { event { subjectId } } } } } }", json!({}))
                .await;
            subjects = data["viewer"]["notifications"]["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    e["node"]["event"]["subjectId"]
                        .as_str()
                        .unwrap_or_default()
                        .to_owned()
                })
                .collect();
            if subjects.contains(&own[caller]) {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        assert!(
            subjects.contains(&own[caller]),
            "{caller}: its own organization's event"
        );
        for subject in &subjects {
            assert!(
                visible[caller].contains(subject),
                "{caller}: inbox holds hidden {subject}"
            );
        }
    }
}

async fn rename(app: &TestApp, token: &str, id: &str, name: &str) {
    let version = app
        .data_as(
            Some(token),
            "query($id: ID!) { node(id: $id) { ... on Organization { version } } }",
            json!({ "id": id }),
        )
        .await;
    let update = "mutation($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { userErrors { message } } }";
    let input = json!({ "input": { "id": id, "expectedVersion": version["node"]["version"], "name": name } });
    let data = app.data_as(Some(token), update, input).await;
    assert_eq!(data["updateOrganization"]["userErrors"], json!([]), "{id}");
}
