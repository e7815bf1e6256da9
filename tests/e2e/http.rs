//! GraphQL over HTTP as the specification has it, GraphiQL, health, and the
//! limits on documents and requests.

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, ALLOW, CONTENT_TYPE};
use serde_json::{Value, json};

use xieshang_schema::graphql::limits::fragment_bomb;

use crate::on_both_backends;
use crate::support::{Backend, TestApp, error_code};

on_both_backends!(
    a_mutation_over_get_is_refused_with_405,
    a_query_over_get_is_answered,
    status_codes_follow_the_media_type,
    malformed_requests_are_refused_with_a_code,
    an_oversized_body_is_refused,
    batches_run_in_order_up_to_the_cap,
    a_fragment_expansion_document_is_refused_and_the_server_keeps_serving,
    graphiql_health_and_readiness_are_served,
    the_standard_introspection_query_builds_the_whole_schema,
    browser_apps_of_allowed_origins_may_call_the_api,
    responses_keep_the_order_of_the_document,
);

const GRAPHQL_RESPONSE: &str = "application/graphql-response+json";

async fn body(response: reqwest::Response) -> Value {
    response.json().await.expect("JSON body")
}

async fn a_mutation_over_get_is_refused_with_405(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let url = app.url("/graphql?query=mutation%20%7B%20__typename%20%7D");
    let response = app.client.get(url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(response.headers()[ALLOW], "POST");
    assert_eq!(error_code(&body(response).await), "METHOD_NOT_ALLOWED");
}

async fn a_query_over_get_is_answered(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let response = app
        .client
        .get(app.url("/graphql?query=%7B__typename%7D"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        body(response).await,
        json!({ "data": { "__typename": "Query" } })
    );
}

async fn status_codes_follow_the_media_type(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let invalid = json!({ "query": "{ noSuchField }" });
    let post = |accept: &str| {
        app.client
            .post(app.url("/graphql"))
            .header(ACCEPT, accept)
            .json(&invalid)
            .send()
    };

    let response = post(GRAPHQL_RESPONSE).await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with(GRAPHQL_RESPONSE)
    );
    let error = body(response).await;
    assert!(
        error.get("data").is_none(),
        "a request error has no data: {error}"
    );
    assert_eq!(error_code(&error), "GRAPHQL_VALIDATION_FAILED");

    let response = post("application/json").await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json")
    );

    let response = post("text/plain").await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_ACCEPTABLE);

    let parse_error = app
        .client
        .post(app.url("/graphql"))
        .header(ACCEPT, GRAPHQL_RESPONSE)
        .json(&json!({ "query": "{ unclosed" }))
        .send()
        .await
        .unwrap();
    assert_eq!(parse_error.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body(parse_error).await), "GRAPHQL_PARSE_FAILED");

    // A field error still has data, so it is 200 even with the GraphQL response type.
    let field_error = app
        .request(reqwest::Method::POST, "/graphql")
        .header(ACCEPT, GRAPHQL_RESPONSE)
        .json(&json!({ "query": "{ node(id: \"x\") { id } }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(field_error.status(), StatusCode::OK);
    let field_error = body(field_error).await;
    assert_eq!(field_error["data"], Value::Null);
    assert_eq!(error_code(&field_error), "NOT_FOUND");
}

async fn malformed_requests_are_refused_with_a_code(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let send = |content_type: &'static str, body: &'static str| {
        app.client
            .post(app.url("/graphql"))
            .header(CONTENT_TYPE, content_type)
            .body(body)
            .send()
    };
    let response = send("text/plain", "{}").await.unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(&body(response).await), "UNSUPPORTED_MEDIA_TYPE");
    let response = send("application/json", "{not json").await.unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body(response).await), "BAD_REQUEST");
    let response = send("application/json", "{\"variables\": {}}")
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

async fn an_oversized_body_is_refused(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let padding = " ".repeat(1024 * 1024 + 1);
    let response = app
        .client
        .post(app.url("/graphql"))
        .header(CONTENT_TYPE, "application/json")
        .body(format!("{{\"query\": \"{{ __typename }}\"{padding}}}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(&body(response).await), "PAYLOAD_TOO_LARGE");
}

async fn batches_run_in_order_up_to_the_cap(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let one = json!({ "query": "{ __typename }" });
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&json!([one, one]))
        .send()
        .await
        .unwrap();
    assert_eq!(
        body(response).await,
        json!([{ "data": { "__typename": "Query" } }, { "data": { "__typename": "Query" } }])
    );
    let eleven: Vec<Value> = (0..11).map(|_| one.clone()).collect();
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&eleven)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(&body(response).await), "BATCH_TOO_LARGE");
}

async fn a_fragment_expansion_document_is_refused_and_the_server_keeps_serving(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    // 2^24 fields from a document of 25 lines, below the parser's nesting limit.
    let body = app.graphql(&fragment_bomb(24), json!({})).await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX", "{body:#}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("展开片段后的字段数")
    );
    let aliases: String = (0..101).map(|i| format!("a{i}: __typename ")).collect();
    let body = app.graphql(&format!("{{ {aliases} }}"), json!({})).await;
    assert_eq!(error_code(&body), "QUERY_TOO_COMPLEX");
    let deep = format!("{}{}", "{".repeat(100), "}".repeat(100));
    assert_eq!(
        error_code(&app.graphql(&deep, json!({})).await),
        "QUERY_TOO_COMPLEX"
    );
    assert_eq!(
        app.data("{ __typename }", json!({})).await,
        json!({ "__typename": "Query" })
    );
}

async fn graphiql_health_and_readiness_are_served(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let page = app
        .client
        .get(app.url("/graphql"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let policy = page.headers()["content-security-policy"].to_str().unwrap();
    assert!(policy.contains("script-src 'self';"), "{policy}");
    let page = page.text().await.unwrap();
    // Everything the page loads is this server's own: relative addresses.
    assert!(!page.contains("://"), "{page}");
    let loaded: Vec<&str> = page
        .split(['"', '\''])
        .filter(|part| part.starts_with("graphiql/"))
        .collect();
    assert_eq!(loaded.len(), 7, "{page}");
    for asset in loaded {
        let response = app
            .client
            .get(app.url(&format!("/{asset}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{asset}");
        let kind = response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .to_owned();
        let expected = if asset.ends_with(".css") {
            "text/css"
        } else {
            "text/javascript"
        };
        assert!(kind.starts_with(expected), "{asset}: {kind}");
        assert!(response.bytes().await.unwrap().len() > 500, "{asset}");
    }
    let missing = app
        .client
        .get(app.url("/graphiql/../Cargo.toml"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.text().await.unwrap(), "ok");
    let ready = app.client.get(app.url("/readyz")).send().await.unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().await.unwrap(), "ready");
}

/// In production mode there is no GraphiQL: no page and no files.
#[tokio::test(flavor = "multi_thread")]
async fn production_mode_serves_no_graphiql() {
    let app = TestApp::spawn_with(&Backend::Sqlite, &["--production"]).await;
    let page = app
        .client
        .get(app.url("/graphql"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_ne!(
        page.headers()[CONTENT_TYPE].to_str().unwrap(),
        "text/html; charset=utf-8"
    );
    let asset = app
        .client
        .get(app.url("/graphiql/graphiql.min.js"))
        .send()
        .await
        .unwrap();
    assert_eq!(asset.status(), StatusCode::NOT_FOUND);
}

/// GraphiQL renders in a real headless Chromium with every outside host
/// unreachable, and its explorer lists the fields of `Query` from the
/// schema it fetched. Chromium is Debian's (`.ci/run` installs it);
/// `XIESHANG_TEST_BROWSER` names another binary (and must exist). Without
/// either the test says so and passes.
#[tokio::test(flavor = "multi_thread")]
async fn graphiql_renders_the_schema_in_a_browser_without_a_network() {
    let Some(browser) = crate::browser::binary() else {
        return;
    };
    let app = TestApp::spawn(&Backend::Sqlite).await;
    let profile = tempfile::tempdir().unwrap();
    let url = app.url("/graphql");
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new(&browser)
            .args(crate::browser::HEADLESS)
            .args([
                "--enable-logging=stderr",
                "--v=0",
                "--virtual-time-budget=20000",
                "--dump-dom",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(url)
            .output()
            .expect("run the browser")
    })
    .await
    .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(dom.contains("graphiql-container"), "{dom}\n{log}");
    assert!(!dom.contains("正在加载"), "still loading: {dom}");
    // The explorer shows `Query`'s fields, read from the introspection answer.
    for field in ["agreementReviewQueue", "offers", "riskCases"] {
        assert!(dom.contains(field), "{field} is not shown: {dom}");
    }
    assert!(!log.contains("Content Security Policy"), "{log}");
}

/// The named type a type reference wraps (through lists and non-nulls).
fn named(reference: &Value) -> &str {
    match reference["kind"].as_str() {
        Some("LIST" | "NON_NULL") => named(&reference["ofType"]),
        _ => reference["name"].as_str().expect("a named type at the end"),
    }
}

/// graphql-js 16's `getIntrospectionQuery()` with every option on (15
/// levels deep, over the ordinary limit of 12) is answered, and a client
/// schema can be built from the answer: every type it references is among
/// its types, and those are the types of the published SDL.
async fn the_standard_introspection_query_builds_the_whole_schema(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let body = app
        .graphql(include_str!("introspection.graphql"), json!({}))
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    let schema = &body["data"]["__schema"];
    assert_eq!(schema["queryType"]["name"], "Query");
    assert_eq!(schema["mutationType"]["name"], "Mutation");
    assert_eq!(schema["subscriptionType"]["name"], "Subscription");
    let types = schema["types"].as_array().unwrap();
    let defined: std::collections::BTreeSet<&str> =
        types.iter().map(|t| t["name"].as_str().unwrap()).collect();
    let mut references = Vec::new();
    for t in types {
        for field in t["fields"].as_array().into_iter().flatten() {
            references.push(&field["type"]);
            for arg in field["args"].as_array().unwrap() {
                references.push(&arg["type"]);
            }
        }
        for list in ["inputFields", "interfaces", "possibleTypes"] {
            for item in t[list].as_array().into_iter().flatten() {
                references.push(if list == "inputFields" {
                    &item["type"]
                } else {
                    item
                });
            }
        }
    }
    assert!(references.len() > 1_000, "{}", references.len());
    for reference in references {
        assert!(defined.contains(named(reference)), "{reference}");
    }
    let sdl = String::from_utf8(app.cli(&["schema"], &[]).stdout).unwrap();
    let published: std::collections::BTreeSet<&str> = sdl
        .lines()
        .filter_map(|line| {
            let (keyword, rest) = line.split_once(' ')?;
            ["type", "enum", "input", "interface", "union", "scalar"]
                .contains(&keyword)
                .then(|| rest.split([' ', '{']).next().unwrap())
        })
        .collect();
    let answered: std::collections::BTreeSet<&str> = defined
        .iter()
        .copied()
        .filter(|name| {
            !name.starts_with("__") && !["String", "Int", "Float", "Boolean", "ID"].contains(name)
        })
        .collect();
    assert_eq!(answered, published);
    // Ordinary documents keep their limit of 12 levels.
    let deep = format!("{}{}", "{ a ".repeat(13), "}".repeat(13));
    let refused = app.graphql(&deep, json!({})).await;
    assert_eq!(error_code(&refused), "QUERY_TOO_COMPLEX");
    assert!(
        refused["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("选择嵌套深度"),
        "{refused:#}"
    );
}

/// No other origin by default; those of `XIESHANG_CORS_ORIGINS` get their
/// preflights answered and may read the answers, others may not.
async fn browser_apps_of_allowed_origins_may_call_the_api(backend: Backend) {
    let allowed = "https://office.example.cn";
    let preflight = |app: &TestApp, origin: &str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.url("/graphql"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,content-type",
            )
            .send()
    };
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    };
    let closed = TestApp::spawn(&backend).await;
    let refused = preflight(&closed, allowed).await.unwrap();
    assert_eq!(header(&refused, "access-control-allow-origin"), None);
    drop(closed);

    let open = TestApp::launch_with_env(
        &backend,
        &[],
        &[(
            "XIESHANG_CORS_ORIGINS",
            "https://office.example.cn, http://localhost:5173",
        )],
        None,
    )
    .await;
    let answered = preflight(&open, allowed).await.unwrap();
    assert!(answered.status().is_success(), "{}", answered.status());
    assert_eq!(
        header(&answered, "access-control-allow-origin").as_deref(),
        Some(allowed)
    );
    let headers = header(&answered, "access-control-allow-headers").unwrap();
    assert!(
        headers.contains("authorization") && headers.contains("content-type"),
        "{headers}"
    );
    assert!(
        header(&answered, "access-control-allow-methods")
            .unwrap()
            .contains("POST")
    );
    let call = open
        .client
        .post(open.url("/graphql"))
        .header("origin", allowed)
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        header(&call, "access-control-allow-origin").as_deref(),
        Some(allowed)
    );
    assert!(
        header(&call, "access-control-expose-headers")
            .unwrap()
            .contains("x-request-id")
    );
    assert_eq!(body(call).await["data"]["__typename"], "Query");
    let elsewhere = preflight(&open, "https://evil.example.com").await.unwrap();
    assert_eq!(header(&elsewhere, "access-control-allow-origin"), None);
}

/// Keys come in the order the document asked for them, and an error's in
/// the specification's order, as the bytes on the wire show.
async fn responses_keep_the_order_of_the_document(backend: Backend) {
    let app = TestApp::spawn(&backend).await;
    let raw = |query: &str| {
        let request = app
            .client
            .post(app.url("/graphql"))
            .json(&json!({ "query": query }));
        async move { request.send().await.unwrap().text().await.unwrap() }
    };
    assert_eq!(
        raw("{ zeta: __typename __schema { queryType { name kind } } alpha: __typename }").await,
        r#"{"data":{"zeta":"Query","__schema":{"queryType":{"name":"Query","kind":"OBJECT"}},"alpha":"Query"}}"#
    );
    let refused = raw("{ noSuchField }").await;
    let order: Vec<usize> = ["\"message\"", "\"locations\"", "\"extensions\""]
        .iter()
        .map(|key| {
            refused
                .find(key)
                .unwrap_or_else(|| panic!("{key} in {refused}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{refused}");
}
