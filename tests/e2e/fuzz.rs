//! A seeded fuzz test from the published SDL (issue 12): every mutation is
//! sent with well-shaped inputs of random values, as the city office's
//! admin and as an employer's officer. No answer may be a 5xx or an
//! INTERNAL_SERVER_ERROR, every error carries a code, and a refused
//! mutation (an error, or user errors) writes nothing. `XIESHANG_FUZZ_CASES`
//! sets how many cases (600 by default, for CI).

use std::collections::HashMap;

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};
use serde_json::{Value, json};

use crate::on_both_backends;
use crate::support::{Backend, DEMO_PASSWORD, TestApp};

on_both_backends!(random_inputs_never_break_the_server_or_half_store);

/// A small, seeded generator (xorshift64*).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// What the SDL says of input objects and enums.
struct Shapes {
    inputs: HashMap<String, Vec<(String, Type)>>,
    enums: HashMap<String, Vec<String>>,
}

const STRINGS: &[&str] = &[
    "",
    " ",
    "正常文本",
    "a",
    "x\u{7}y",
    "\u{202E}abc",
    "很长的文本很长的文本很长的文本很长的文本很长的文本很长的文本很长的文本很长的文本",
    "line\nbreak",
    "'; DROP TABLE users; --",
    "<script>",
    "9999",
    "1e400",
];
const INTS: &[i64] = &[
    0,
    1,
    -1,
    3,
    5,
    15,
    30,
    60,
    100,
    2_147_483_647,
    -2_147_483_648,
];
const DATES: &[&str] = &[
    "2026-12-01",
    "2027-01-15",
    "1900-01-01",
    "9999-12-31",
    "2026-01-01",
];
const TIMES: &[&str] = &[
    "2026-12-01T02:00:00Z",
    "2030-01-07T02:00:00Z",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
];

impl Shapes {
    fn of(sdl: &str) -> Shapes {
        let document = parse_schema(sdl).unwrap();
        let (mut inputs, mut enums) = (HashMap::new(), HashMap::new());
        for definition in &document.definitions {
            let TypeSystemDefinition::Type(ty) = definition else {
                continue;
            };
            let name = ty.node.name.node.to_string();
            match &ty.node.kind {
                TypeKind::InputObject(object) => {
                    let fields = object
                        .fields
                        .iter()
                        .map(|f| (f.node.name.node.to_string(), f.node.ty.node.clone()))
                        .collect();
                    inputs.insert(name, fields);
                }
                TypeKind::Enum(e) => {
                    let values = e
                        .values
                        .iter()
                        .map(|v| v.node.value.node.to_string())
                        .collect();
                    enums.insert(name, values);
                }
                _ => {}
            }
        }
        Shapes { inputs, enums }
    }

    fn value(&self, ty: &Type, ids: &[Value], random: &mut Random, depth: usize) -> Value {
        if ty.nullable && random.below(4) == 0 {
            return Value::Null;
        }
        match &ty.base {
            BaseType::List(inner) => {
                let n = random.below(4);
                Value::Array(
                    (0..n)
                        .map(|_| self.value(inner, ids, random, depth + 1))
                        .collect(),
                )
            }
            BaseType::Named(name) => match name.as_str() {
                "String" => json!(random.pick(STRINGS)),
                "Int" => json!(random.pick(INTS)),
                "Boolean" => json!(random.below(2) == 0),
                "ID" => random.pick(ids).clone(),
                "Date" => json!(random.pick(DATES)),
                "DateTime" => json!(random.pick(TIMES)),
                other => {
                    if let Some(values) = self.enums.get(other) {
                        json!(random.pick(values))
                    } else if let Some(fields) = self.inputs.get(other).filter(|_| depth < 4) {
                        let mut object = serde_json::Map::new();
                        for (field, ty) in fields {
                            if ty.nullable && random.below(3) == 0 {
                                continue;
                            }
                            object.insert(field.clone(), self.value(ty, ids, random, depth + 1));
                        }
                        Value::Object(object)
                    } else {
                        Value::Null
                    }
                }
            },
        }
    }
}

/// Every mutation with its input type, and whether its payload has `userErrors`.
fn mutations(sdl: &str) -> Vec<(String, Type, bool)> {
    let document = parse_schema(sdl).unwrap();
    let with_user_errors: Vec<String> = document
        .definitions
        .iter()
        .filter_map(|d| match d {
            TypeSystemDefinition::Type(ty) => match &ty.node.kind {
                TypeKind::Object(o)
                    if o.fields
                        .iter()
                        .any(|f| f.node.name.node.as_str() == "userErrors") =>
                {
                    Some(ty.node.name.node.to_string())
                }
                _ => None,
            },
            _ => None,
        })
        .collect();
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        if ty.node.name.node.as_str() != "Mutation" {
            continue;
        }
        let TypeKind::Object(object) = &ty.node.kind else {
            continue;
        };
        return object
            .fields
            .iter()
            .filter_map(|f| {
                let input = f
                    .node
                    .arguments
                    .iter()
                    .find(|a| a.node.name.node.as_str() == "input")?;
                let payload = f.node.ty.node.to_string().trim_end_matches('!').to_owned();
                let user_errors = with_user_errors.contains(&payload);
                Some((
                    f.node.name.node.to_string(),
                    input.node.ty.node.clone(),
                    user_errors,
                ))
            })
            .collect();
    }
    Vec::new()
}

async fn random_inputs_never_break_the_server_or_half_store(backend: Backend) {
    let app = TestApp::spawn_with(&backend, &["--demo"]).await;
    let cases: usize = std::env::var("XIESHANG_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(600);
    let sdl = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../schema/schema.graphql"
    ))
    .unwrap();
    let shapes = Shapes::of(&sdl);
    let mutations = mutations(&sdl);
    assert!(mutations.len() >= 45);
    // Ids of every kind the demo has, and some that name nothing.
    let listed = app
        .data("{ offers(first: 20) { edges { node { id representatives { id } sessions { id } disputes { id } } } } agreements(first: 20) { edges { node { id comments { id } } } } employers(first: 20) { edges { node { id } } } regions { edges { node { id } } } campaigns { edges { node { id } } } }", json!({}))
        .await;
    let mut ids = vec![json!("x"), json!("T3JnYW5pemF0aW9uOjk5OTk5OQ"), json!("")];
    let text = listed.to_string();
    for piece in text.split("\"id\":\"").skip(1) {
        if let Some(end) = piece.find('"') {
            ids.push(json!(&piece[..end]));
        }
    }
    let officer = app
        .login("employer-01-officer", DEMO_PASSWORD)
        .await
        .unwrap();
    let callers = [app.token.clone(), officer];
    let mut random = Random(0x5EED_1234_ABCD_0001);
    let mut problems = Vec::new();
    let mut refusals = 0;
    for case in 0..cases {
        let (name, ty, user_errors) = &mutations[case % mutations.len()];
        if name == "logout" || name == "changePassword" {
            continue; // they end the caller's sessions
        }
        let input = shapes.value(ty, &ids, &mut random, 0);
        let type_name = ty.to_string();
        let selection = if *user_errors {
            "userErrors { code }"
        } else {
            "__typename"
        };
        let query = format!(
            "mutation($input: {type_name}) {{ result: {name}(input: $input) {{ {selection} }} }}"
        );
        let caller = random.pick(&callers).clone();
        let before = app
            .rows(&["notifications", "sessions", "login_throttles"])
            .await;
        let response = app
            .client
            .post(app.url("/graphql"))
            .bearer_auth(&caller)
            .json(&json!({ "query": query, "variables": { "input": input } }))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap_or(Value::Null);
        let errors = body["errors"].as_array().cloned().unwrap_or_default();
        let user_refused = body
            .pointer("/data/result/userErrors")
            .and_then(Value::as_array)
            .is_some_and(|e| !e.is_empty());
        let refused = !errors.is_empty() || user_refused;
        if refused {
            refusals += 1;
        }
        if status.is_server_error() {
            problems.push(format!("{name}: HTTP {status}: {input} → {body}"));
        }
        for error in &errors {
            match error.pointer("/extensions/code").and_then(Value::as_str) {
                None => problems.push(format!(
                    "{name}: an error without a code: {input} → {error}"
                )),
                Some("INTERNAL_SERVER_ERROR") => {
                    problems.push(format!("{name}: INTERNAL_SERVER_ERROR: {input}"))
                }
                Some(_) => {}
            }
        }
        if refused
            && app
                .rows(&["notifications", "sessions", "login_throttles"])
                .await
                != before
        {
            problems.push(format!("{name}: refused but wrote: {input} → {body}"));
        }
    }
    eprintln!(
        "fuzz: {cases} cases over {} mutations, {refusals} refused, {} problems",
        mutations.len(),
        problems.len()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
