//! Who may act on organizations, tried as a hostile but signed-in user of
//! the demo city would (issue findings 1, 2, 5, 6, 7). Refused calls must
//! leave the organization as it was.

use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp, error_code};

on_both_backends!(
    only_the_body_above_sets_where_an_organization_sits,
    a_contract_binds_only_employers_its_party_speaks_for,
    nested_organizations_go_through_the_filter,
    an_admin_invites_and_the_user_consents,
    whatever_the_caller_cannot_see_answers_as_a_missing_id,
);

const UPDATE: &str = "mutation($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) { organization { id version name parent { id } region { id } } userErrors { field code } } }";

/// A demo user's session token.
pub async fn token(app: &TestApp, login: &str) -> String {
    app.login(login, DEMO_PASSWORD)
        .await
        .unwrap_or_else(|e| panic!("{login}: {e}"))
}

/// The organization a demo user belongs to, with its version.
pub async fn own_organization(app: &TestApp, token: &str) -> Value {
    let data = app
        .data_as(
            Some(token),
            "{ viewer { memberships { organization { id version region { id code } parent { id } associations { id } } } } }",
            json!({}),
        )
        .await;
    data["viewer"]["memberships"][0]["organization"].clone()
}

/// The id of the region with this division code.
pub async fn region(app: &TestApp, code: &str) -> Value {
    let data = app
        .data(
            "{ regions(first: 100) { edges { node { id code } } } }",
            json!({}),
        )
        .await;
    data["regions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["node"]["code"] == code)
        .map(|e| e["node"]["id"].clone())
        .unwrap_or_else(|| panic!("region {code}"))
}

async fn update(app: &TestApp, token: &str, input: Value) -> Value {
    app.graphql_as(Some(token), UPDATE, json!({ "input": input }))
        .await
}

async fn only_the_body_above_sets_where_an_organization_sits(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = region(&app, "220100").await;
    let kuancheng = region(&app, "220103").await;
    let nanguan_officer = token(&app, "office-220102-officer").await;
    let nanguan = own_organization(&app, &nanguan_officer).await;
    let version = &nanguan["version"];

    // An office may neither drop its parent nor move itself to the city.
    for change in [json!({ "parentId": null }), json!({ "regionId": city })] {
        let mut input = json!({ "id": nanguan["id"], "expectedVersion": version });
        input
            .as_object_mut()
            .unwrap()
            .extend(change.as_object().unwrap().clone());
        let refused = update(&app, &nanguan_officer, input).await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");
    }
    // Resending its own place unchanged is no move.
    let same = update(
        &app,
        &nanguan_officer,
        json!({ "id": nanguan["id"], "expectedVersion": version, "name": "南关区协调劳动关系三方委员会办公室",
                "regionId": nanguan["region"]["id"], "parentId": nanguan["parent"]["id"] }),
    )
    .await;
    assert_eq!(
        same["data"]["updateOrganization"]["userErrors"],
        json!([]),
        "{same}"
    );
    let nanguan = own_organization(&app, &nanguan_officer).await;

    // A federation may not promote itself either.
    let federation_officer = token(&app, "federation-220102-officer").await;
    let federation = own_organization(&app, &federation_officer).await;
    let refused = update(
        &app,
        &federation_officer,
        json!({ "id": federation["id"], "expectedVersion": federation["version"], "parentId": null }),
    )
    .await;
    assert_eq!(error_code(&refused), "FORBIDDEN", "{refused}");

    // An employer edits its own address, but may not move to another district.
    let employer_officer = token(&app, "employer-01-officer").await;
    let employer = own_organization(&app, &employer_officer).await;
    let code = employer["region"]["code"].as_str().unwrap().to_owned();
    let elsewhere = if code == "220103" {
        region(&app, "220102").await
    } else {
        kuancheng.clone()
    };
    let moved = update(
        &app,
        &employer_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"], "regionId": elsewhere }),
    )
    .await;
    assert_eq!(error_code(&moved), "FORBIDDEN", "{moved}");
    let edited = update(
        &app,
        &employer_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"],
                "employerProfile": { "address": "南关区人民大街1号" } }),
    )
    .await;
    assert_eq!(
        edited["data"]["updateOrganization"]["userErrors"],
        json!([]),
        "{edited}"
    );
    let employer = own_organization(&app, &employer_officer).await;

    // The district office places the employers of its district, but moves
    // one to a district it does not oversee only with the city office.
    let district_officer = token(&app, &format!("office-{code}-officer")).await;
    let by_district = update(
        &app,
        &district_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"], "regionId": elsewhere }),
    )
    .await;
    assert_eq!(error_code(&by_district), "FORBIDDEN", "{by_district}");
    let city_officer = token(&app, "office-220100-officer").await;
    let by_city = update(
        &app,
        &city_officer,
        json!({ "id": employer["id"], "expectedVersion": employer["version"], "regionId": elsewhere }),
    )
    .await;
    assert_eq!(
        by_city["data"]["updateOrganization"]["organization"]["region"]["id"], elsewhere,
        "{by_city}"
    );
    // Its grassroots union moved with it, under the new district's
    // federation: the old district's federation no longer oversees it.
    let union_officer = token(&app, "union-01-officer").await;
    let union = own_organization(&app, &union_officer).await;
    assert_eq!(union["region"]["id"], elsewhere, "{union}");
    let new_code = if code == "220103" { "220102" } else { "220103" };
    let new_federation = token(&app, &format!("federation-{new_code}-officer")).await;
    let old_federation = token(&app, &format!("federation-{code}-officer")).await;
    let federation_of = |token: String| {
        let app = &app;
        async move { own_organization(app, &token).await["id"].clone() }
    };
    assert_eq!(
        union["parent"]["id"],
        federation_of(new_federation.clone()).await
    );
    let seen = |token: String| {
        let (app, id) = (&app, union["id"].clone());
        async move {
            let query = "query($id: ID!) { node(id: $id) { id } }";
            app.graphql_as(Some(&token), query, json!({ "id": id }))
                .await
        }
    };
    assert_eq!(
        seen(new_federation).await["data"]["node"]["id"],
        union["id"]
    );
    assert_eq!(error_code(&seen(old_federation).await), "NOT_FOUND");

    // Even placed at the top by the city office, a district office does
    // not become the city office: the designation is stored.
    let promoted = update(
        &app,
        &city_officer,
        json!({ "id": nanguan["id"], "expectedVersion": nanguan["version"], "parentId": null }),
    )
    .await;
    assert_eq!(
        promoted["data"]["updateOrganization"]["userErrors"],
        json!([]),
        "{promoted}"
    );
    let holiday = app
        .graphql_as(
            Some(&nanguan_officer),
            "mutation { setCalendarDay(input: { date: \"2026-12-31\", kind: HOLIDAY, name: \"测试\" }) { movedDeadlines } }",
            json!({}),
        )
        .await;
    assert_eq!(error_code(&holiday), "FORBIDDEN", "{holiday}");

    // The refused calls changed nothing: one update each succeeded.
    let after = own_organization(&app, &nanguan_officer).await;
    assert_eq!(after["version"], json!(version.as_i64().unwrap() + 2));
}

const DRAFT: &str = "mutation($input: DraftAgreementInput!) {
    draftAgreement(input: $input) { agreement { id } userErrors { field code message } } }";

fn regional(workers: &Value, employer: &Value, region: &Value, employers: &[&Value]) -> Value {
    json!({ "input": {
        "kind": "REGIONAL_CONTRACT", "title": "区域性工资集体合同",
        "workersPartyId": workers, "employerPartyId": employer, "regionId": region,
        "employerIds": employers,
        "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] } })
}

/// The members of an association, as `token` sees them.
async fn members(app: &TestApp, token: &str, association: &Value) -> Vec<Value> {
    let data = app
        .data_as(
            Some(token),
            "query($id: ID!) { node(id: $id) { ... on Organization { members(first: 100) { edges { node { id } } } } } }",
            json!({ "id": association }),
        )
        .await;
    data["node"]["members"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].clone())
        .collect()
}

async fn agreements_count(app: &TestApp) -> i64 {
    let admin = token(app, "office-220100-admin").await;
    app.data_as(Some(&admin), "{ agreements { totalCount } }", json!({}))
        .await["agreements"]["totalCount"]
        .as_i64()
        .unwrap()
}

/// Finding 2: an employer drafting a regional contract for the city with
/// every employer in it. The city federation is hidden from it, so the
/// workers' side answers as missing; a federation may name an employer
/// party, but that employer binds only itself, and an association only its
/// members. The employers a contract binds show their profiles only to
/// readers who may see them.
async fn a_contract_binds_only_employers_its_party_speaks_for(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let city = region(&app, "220100").await;
    let federation_officer = token(&app, "federation-220100-officer").await;
    let federation = own_organization(&app, &federation_officer).await;
    let employer_officer = token(&app, "employer-01-officer").await;
    let employer = own_organization(&app, &employer_officer).await;
    let association = employer["associations"][0]["id"].clone();
    let members = members(&app, &federation_officer, &association).await;
    let other = members
        .iter()
        .find(|m| **m != employer["id"])
        .expect("another member")
        .clone();
    let before = agreements_count(&app).await;

    let by_employer = app
        .data_as(
            Some(&employer_officer),
            DRAFT,
            regional(
                &federation["id"],
                &employer["id"],
                &city,
                &[&employer["id"], &other],
            ),
        )
        .await;
    assert_eq!(
        by_employer["draftAgreement"]["userErrors"],
        json!([{ "field": ["workersPartyId"], "code": "NOT_FOUND", "message": "没有这个组织" }])
    );
    let employer_binds_another = app
        .data_as(
            Some(&federation_officer),
            DRAFT,
            regional(
                &federation["id"],
                &employer["id"],
                &city,
                &[&employer["id"], &other],
            ),
        )
        .await;
    assert_eq!(
        employer_binds_another["draftAgreement"]["userErrors"][0]["field"],
        json!(["employerIds", "1"])
    );
    assert_eq!(
        employer_binds_another["draftAgreement"]["userErrors"][0]["code"],
        "RULE_VIOLATED"
    );
    let grassroots = token(&app, "union-01-officer").await;
    let union = own_organization(&app, &grassroots).await;
    let union_for_a_region = app
        .data_as(
            Some(&grassroots),
            DRAFT,
            regional(
                &union["id"],
                &employer["id"],
                &employer["region"]["id"],
                &[&employer["id"]],
            ),
        )
        .await;
    assert_eq!(
        union_for_a_region["draftAgreement"]["userErrors"][0]["field"],
        json!(["workersPartyId"])
    );
    assert_eq!(agreements_count(&app).await, before, "nothing was drafted");

    // The association binds its members.
    let drafted = app
        .data_as(
            Some(&federation_officer),
            DRAFT,
            regional(
                &federation["id"],
                &association,
                &city,
                &[&employer["id"], &other],
            ),
        )
        .await;
    assert_eq!(
        drafted["draftAgreement"]["userErrors"],
        json!([]),
        "{drafted}"
    );
    let agreement = drafted["draftAgreement"]["agreement"]["id"].clone();

    // Bound by it, employer 01 sees the other member only as a card.
    let employer_viewer = token(&app, "employer-01-viewer").await;
    let read = app
        .data_as(
            Some(&employer_viewer),
            "query($id: ID!) { node(id: $id) { ... on Agreement { workersParty { id name parent { id } }
                employers { id name kind region { code } employerProfile { creditCode } associations { id } grassrootsUnion { id } } } } }",
            json!({ "id": agreement }),
        )
        .await;
    let employers = read["node"]["employers"].as_array().unwrap();
    let card = employers.iter().find(|e| e["id"] == other).unwrap();
    let own = employers
        .iter()
        .find(|e| e["id"] == employer["id"])
        .unwrap();
    assert!(card["name"].is_string() && card["kind"] == "EMPLOYER");
    assert_eq!(card["employerProfile"], Value::Null);
    assert_eq!(card["associations"], json!([]));
    assert_eq!(card["grassrootsUnion"], Value::Null);
    assert!(own["employerProfile"]["creditCode"].is_string());
    let hidden = app
        .graphql_as(
            Some(&employer_viewer),
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": other }),
        )
        .await;
    assert_eq!(error_code(&hidden), "NOT_FOUND");
    assert_eq!(
        read["node"]["workersParty"]["parent"],
        Value::Null,
        "a card has no links"
    );
}

/// Finding 6: a grassroots union reading its employer's associations, and
/// an association reaching the unions of its members through agreements.
async fn nested_organizations_go_through_the_filter(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let employer_viewer = token(&app, "employer-01-viewer").await;
    let employer = own_organization(&app, &employer_viewer).await;
    assert!(
        !employer["associations"].as_array().unwrap().is_empty(),
        "employer 01 belongs to an association"
    );
    let union_viewer = token(&app, "union-01-viewer").await;
    let through_union = app
        .data_as(
            Some(&union_viewer),
            "query($id: ID!) { node(id: $id) { ... on Organization { id associations { id } } } }",
            json!({ "id": employer["id"] }),
        )
        .await;
    assert_eq!(through_union["node"]["id"], employer["id"]);
    assert_eq!(through_union["node"]["associations"], json!([]));

    let association_viewer = token(&app, "association-1-viewer").await;
    let listed = app
        .data_as(
            Some(&association_viewer),
            "{ agreements(first: 100) { edges { node { workersParty { id parent { id } employer { id } } } } } }",
            json!({}),
        )
        .await;
    let parties: Vec<&Value> = listed["agreements"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["node"]["workersParty"])
        .collect();
    assert!(!parties.is_empty());
    let mut cards = 0;
    for party in parties {
        let node = app
            .graphql_as(
                Some(&association_viewer),
                "query($id: ID!) { node(id: $id) { id } }",
                json!({ "id": party["id"] }),
            )
            .await;
        if error_code(&node) == "NOT_FOUND" {
            cards += 1;
            assert_eq!(party["parent"], Value::Null, "{party}");
            assert_eq!(party["employer"], Value::Null, "{party}");
        }
    }
    assert!(
        cards > 0,
        "the members' unions are hidden from the association"
    );
}

const ADD_MEMBERSHIP: &str = "mutation($input: AddMembershipInput!) { addMembership(input: $input) {
    membership { role user { id } } invitation { id loginName role } userErrors { field code message } } }";
const INVITATIONS: &str = "{ viewer { invitations { id role organization { id name employerProfile { creditCode } } } } }";
const NODE: &str = "query($id: ID!) { node(id: $id) { id ... on User { email } } }";

/// Finding 5: an employer's admin adding the city office's admin to read
/// their contact details, and telling existing logins from missing ones.
async fn an_admin_invites_and_the_user_consents(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let employer_admin = token(&app, "employer-01-admin").await;
    let employer = own_organization(&app, &employer_admin).await;
    let office_admin = token(&app, "office-220100-admin").await;
    let office_user = app
        .data_as(Some(&office_admin), "{ viewer { user { id } } }", json!({}))
        .await["viewer"]["user"]["id"]
        .clone();
    let add = |login: &str, role: &str| json!({ "input": { "organizationId": employer["id"], "loginName": login, "role": role } });

    let existing = app
        .data_as(
            Some(&employer_admin),
            ADD_MEMBERSHIP,
            add("office-220100-admin", "VIEWER"),
        )
        .await["addMembership"]
        .clone();
    let missing = app
        .data_as(
            Some(&employer_admin),
            ADD_MEMBERSHIP,
            add("no-such-login", "VIEWER"),
        )
        .await["addMembership"]
        .clone();
    // The same answer whether or not the login exists: an invitation.
    for answer in [&existing, &missing] {
        assert_eq!(answer["userErrors"], json!([]), "{answer}");
        assert_eq!(answer["membership"], Value::Null);
        assert_eq!(answer["invitation"]["role"], "VIEWER");
    }
    assert_eq!(missing["invitation"]["loginName"], "no-such-login");
    let again = app
        .data_as(
            Some(&employer_admin),
            ADD_MEMBERSHIP,
            add("no-such-login", "ADMIN"),
        )
        .await;
    assert_eq!(again["addMembership"]["userErrors"][0]["code"], "TAKEN");
    // Invited is not joined: the user's details stay hidden.
    let hidden = app
        .graphql_as(Some(&employer_admin), NODE, json!({ "id": office_user }))
        .await;
    assert_eq!(error_code(&hidden), "NOT_FOUND", "{hidden}");

    // The invitation waits for its user.
    let waiting = app
        .data_as(Some(&office_admin), INVITATIONS, json!({}))
        .await;
    let invitations = waiting["viewer"]["invitations"].as_array().unwrap().clone();
    assert_eq!(invitations.len(), 1, "{waiting}");
    assert_eq!(invitations[0]["organization"]["id"], employer["id"]);
    let invitation = invitations[0]["id"].clone();
    // Nobody else may accept it.
    let other = token(&app, "employer-02-admin").await;
    let stolen = app
        .graphql_as(
            Some(&other),
            "mutation($id: ID!) { acceptInvitation(input: { id: $id }) { membership { role } } }",
            json!({ "id": invitation }),
        )
        .await;
    assert_eq!(error_code(&stolen), "NOT_FOUND", "{stolen}");
    let accepted = app
        .data_as(
            Some(&office_admin),
            "mutation($id: ID!) { acceptInvitation(input: { id: $id }) { membership { role organization { id } } userErrors { code } } }",
            json!({ "id": invitation }),
        )
        .await;
    assert_eq!(accepted["acceptInvitation"]["membership"]["role"], "VIEWER");
    assert_eq!(
        accepted["acceptInvitation"]["membership"]["organization"]["id"],
        employer["id"]
    );
    let waiting = app
        .data_as(Some(&office_admin), INVITATIONS, json!({}))
        .await;
    assert_eq!(waiting["viewer"]["invitations"], json!([]));
    let seen = app
        .data_as(Some(&employer_admin), NODE, json!({ "id": office_user }))
        .await;
    assert_eq!(seen["node"]["id"], office_user, "a member now");

    // The city office adds a user at once.
    let city_adds = app
        .data_as(
            Some(&office_admin),
            ADD_MEMBERSHIP,
            json!({ "input": { "organizationId": employer["id"], "loginName": "employer-02-viewer", "role": "VIEWER" } }),
        )
        .await;
    assert_eq!(
        city_adds["addMembership"]["membership"]["role"], "VIEWER",
        "{city_adds}"
    );
    assert_eq!(city_adds["addMembership"]["invitation"], Value::Null);
}

/// A global id that names nothing.
const MISSING: &str = "T3JnYW5pemF0aW9uOjk5OTk5OQ";

/// Finding 7: each mutation naming an organization the caller cannot see
/// answers exactly as when it names one that does not exist.
async fn whatever_the_caller_cannot_see_answers_as_a_missing_id(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let union = token(&app, "union-01-officer").await;
    let union_id = own_organization(&app, &union).await["id"].clone();
    let other_employer =
        own_organization(&app, &token(&app, "employer-02-officer").await).await["id"].clone();
    let association = token(&app, "association-1-admin").await;
    let association_id = own_organization(&app, &association).await["id"].clone();
    let members = members(&app, &association, &association_id).await;
    let admin = token(&app, "office-220100-admin").await;
    let all = app
        .data_as(
            Some(&admin),
            "{ employers(first: 100) { edges { node { id } } } }",
            json!({}),
        )
        .await;
    let outsider = all["employers"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].clone())
        .find(|id| !members.contains(id))
        .unwrap();
    let office = token(&app, "office-220102-officer").await;
    let elsewhere =
        own_organization(&app, &token(&app, "federation-220103-officer").await).await["id"].clone();
    let city = region(&app, "220100").await;
    let nanguan = region(&app, "220102").await;

    // (caller, mutation, input with HIDDEN where the hidden id goes)
    let cases: Vec<(&str, &str, Value, Value)> = vec![
        (
            &union,
            "mutation($input: DraftOfferInput!) { draftOffer(input: $input) { offer { id } userErrors { field code message } } }",
            json!({ "initiatingSide": "WORKERS", "employerId": "HIDDEN", "category": "WAGE", "topics": ["PAY"],
                    "proposedTerms": "工资增长", "proposedPlace": "会议室", "proposedRepresentatives": 3, "informationRequested": "" }),
            other_employer.clone(),
        ),
        (
            &union,
            "mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) { agreement { id } userErrors { field code message } } }",
            json!({ "kind": "AGREEMENT", "title": "工资协议", "employerPartyId": "HIDDEN", "workersPartyId": union_id,
                    "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] }),
            other_employer.clone(),
        ),
        (
            &association,
            "mutation($input: AssociationMemberInput!) { addAssociationMember(input: $input) { association { id } userErrors { field code message } } }",
            json!({ "associationId": association_id, "employerId": "HIDDEN" }),
            outsider.clone(),
        ),
        (
            &office,
            "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } userErrors { field code message } } }",
            json!({ "kind": "UNION", "name": "某工会", "regionId": nanguan, "parentId": "HIDDEN" }),
            elsewhere.clone(),
        ),
        (
            &union,
            "mutation($input: DraftAgreementInput!) { draftAgreement(input: $input) { agreement { id } userErrors { field code message } } }",
            json!({ "kind": "REGIONAL_CONTRACT", "title": "区域合同", "workersPartyId": "HIDDEN", "employerPartyId": "HIDDEN",
                    "regionId": city, "employerIds": ["HIDDEN"],
                    "clauses": [{ "topic": "PAY", "heading": "第一条", "text": "工资每年增长5%" }] }),
            elsewhere.clone(),
        ),
    ];
    for (caller, mutation, input, hidden) in cases {
        let with = |id: &str| {
            let text = input.to_string().replace("HIDDEN", id);
            serde_json::from_str::<Value>(&text).unwrap()
        };
        let for_hidden = app
            .graphql_as(
                Some(caller),
                mutation,
                json!({ "input": with(hidden.as_str().unwrap()) }),
            )
            .await;
        let for_missing = app
            .graphql_as(Some(caller), mutation, json!({ "input": with(MISSING) }))
            .await;
        assert_eq!(for_hidden, for_missing, "{mutation}");
        assert!(for_hidden.to_string().contains("NOT_FOUND"), "{for_hidden}");
    }
}
