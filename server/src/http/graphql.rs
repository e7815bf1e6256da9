//! GraphQL over HTTP, after the GraphQL-over-HTTP specification: POST with
//! JSON, GET for queries only (a mutation is 405), `application/json` and
//! `application/graphql-response+json` with the status codes of each.

use async_graphql::Executor;
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, Request, Response as GraphqlResponse};
use axum::body::Body;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use xieshang_schema::context::RequestLoader;
use xieshang_schema::i18n::{self, Language};
use xieshang_schema::identity::{ClientAddress, Viewer};

use super::AppState;
use super::media::{Media, negotiate, refusal, wants_html};
use super::rate::Payer;
use super::ws;

/// `POST /graphql`: one request, or a batch of at most `max_batch`.
pub async fn post(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(media) = negotiate(&headers) else {
        return refusal(
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "Accept application/graphql-response+json or application/json",
        );
    };
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !json {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_MEDIA_TYPE",
            "Send the request as application/json",
        );
    }
    let read = tokio::time::timeout(
        state.read_timeout,
        axum::body::to_bytes(body, state.body_limit),
    );
    let bytes = match read.await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            let message = format!("The request body exceeds {} bytes", state.body_limit);
            return refusal(StatusCode::PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", &message);
        }
        Err(_) => {
            let message = format!(
                "The request body did not arrive within {} s",
                state.read_timeout.as_secs()
            );
            return refusal(StatusCode::REQUEST_TIMEOUT, "REQUEST_TIMEOUT", &message);
        }
    };
    let batch: BatchRequest = match serde_json::from_slice(&bytes) {
        Ok(batch) => batch,
        Err(error) => {
            let message = format!("The body is not a GraphQL request: {error}");
            return refusal(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message);
        }
    };
    if batch.iter().any(|request| request.query.trim().is_empty()) {
        return missing_query();
    }
    let caller = match Caller::of(&state, &headers, peer).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    let mut batch = batch;
    let kinds: Vec<Option<OperationType>> = batch
        .iter_mut()
        .map(|request| state.api.operation_type(request))
        .collect();
    if let Some(response) = charge(&state, &caller, &kinds) {
        return response;
    }
    match batch {
        BatchRequest::Single(request) => execute(&state, &caller, media, request).await,
        BatchRequest::Batch(requests) if requests.len() > state.max_batch => {
            let message = format!("A batch takes at most {} operations", state.max_batch);
            refusal(StatusCode::BAD_REQUEST, "BATCH_TOO_LARGE", &message)
        }
        BatchRequest::Batch(requests) => {
            let mut bodies = Vec::with_capacity(requests.len());
            for request in requests {
                bodies.push(run(&state, &caller, request).await.1);
            }
            let text = format!("[{}]", bodies.join(","));
            json_response(&state, media, StatusCode::OK, text)
        }
    }
}

/// `GET /graphql`: a websocket upgrade, GraphiQL for a browser, or a query
/// in the URL.
pub async fn get(State(state): State<AppState>, request: axum::extract::Request) -> Response {
    let (mut parts, _) = request.into_parts();
    let peer = parts
        .extensions
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .map(|c| c.0);
    if ws::is_upgrade(&parts.headers) {
        return ws::upgrade(state, &mut parts).await;
    }
    let query_string = parts.uri.query().unwrap_or("");
    if state.graphiql && wants_html(&parts.headers) && !query_string.contains("query=") {
        return super::graphiql::page();
    }
    let Some(media) = negotiate(&parts.headers) else {
        return refusal(
            StatusCode::NOT_ACCEPTABLE,
            "NOT_ACCEPTABLE",
            "Accept application/graphql-response+json or application/json",
        );
    };
    let mut request = match async_graphql::http::parse_query_string(query_string) {
        Ok(request) => request,
        Err(error) => {
            let message = format!("The URL does not carry a GraphQL request: {error}");
            return refusal(StatusCode::BAD_REQUEST, "BAD_REQUEST", &message);
        }
    };
    if request.query.trim().is_empty() {
        return missing_query();
    }
    let kind = state.api.operation_type(&mut request);
    if kind == Some(OperationType::Mutation) {
        let mut response = refusal(
            StatusCode::METHOD_NOT_ALLOWED,
            "METHOD_NOT_ALLOWED",
            "Mutations must be sent with POST",
        );
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let Some(peer) = peer else {
        return refusal(StatusCode::BAD_REQUEST, "BAD_REQUEST", "No peer address");
    };
    let caller = match Caller::of(&state, &parts.headers, peer).await {
        Ok(caller) => caller,
        Err(response) => return response,
    };
    if let Some(response) = charge(&state, &caller, &[kind]) {
        return response;
    }
    execute(&state, &caller, media, request).await
}

/// Charges the caller's budget for requests of these operation types: the
/// `429 RATE_LIMITED` answer, with `Retry-After`, when it cannot pay.
fn charge(state: &AppState, caller: &Caller, kinds: &[Option<OperationType>]) -> Option<Response> {
    let mutations = kinds
        .iter()
        .filter(|kind| **kind == Some(OperationType::Mutation))
        .count();
    let payer = match &caller.viewer {
        Viewer::User(user) => Payer::User(user.user_id),
        _ => Payer::Address(caller.address.0.clone()),
    };
    state
        .limiter
        .charge(payer, kinds.len() - mutations, mutations)
        .err()
        .map(|wait| {
            let seconds = super::rate::whole_seconds(wait);
            let message = format!("Too many requests; try again in {seconds} s");
            let message = i18n::message(&message, caller.language);
            let mut response = refusal(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED", &message);
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            response
        })
}

/// Who sends a request: the viewer behind its token, its address, and the
/// language its messages are in.
struct Caller {
    viewer: Viewer,
    address: ClientAddress,
    language: Language,
}

impl Caller {
    async fn of(
        state: &AppState,
        headers: &HeaderMap,
        peer: std::net::SocketAddr,
    ) -> Result<Caller, Response> {
        let authorization = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok());
        let viewer = state
            .bus
            .viewers
            .of_request(&state.db, &state.clock, authorization);
        let accept_language = headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        match viewer.await {
            Ok(viewer) => Ok(Caller {
                language: i18n::choose(&viewer, accept_language),
                viewer,
                address: ClientAddress(
                    state
                        .proxies
                        .client(peer.ip(), forwarded_for(headers))
                        .to_string(),
                ),
            }),
            Err(error) => {
                tracing::error!(?error, "cannot resolve the session");
                Err(refusal(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "INTERNAL_SERVER_ERROR",
                    "Internal server error",
                ))
            }
        }
    }
}

/// The `X-Forwarded-For` header, when it is text.
pub fn forwarded_for(headers: &HeaderMap) -> Option<&str> {
    headers.get("x-forwarded-for").and_then(|v| v.to_str().ok())
}

fn missing_query() -> Response {
    refusal(
        StatusCode::BAD_REQUEST,
        "BAD_REQUEST",
        "The request has no `query`",
    )
}

async fn execute(state: &AppState, caller: &Caller, media: Media, request: Request) -> Response {
    let (outcome, body) = run(state, caller, request).await;
    let status = match (media, outcome) {
        (_, Outcome::TimedOut) => StatusCode::SERVICE_UNAVAILABLE,
        (Media::GraphqlResponse, Outcome::RequestError) => StatusCode::BAD_REQUEST,
        _ => StatusCode::OK,
    };
    json_response(state, media, status, body)
}

enum Outcome {
    Executed,
    /// Parsing, validation or a limit refused the document: nothing ran.
    RequestError,
    TimedOut,
}

/// Runs one request under the time limit; a request error answers without
/// `data`. The answer is serialized once, straight from the response.
async fn run(state: &AppState, caller: &Caller, request: Request) -> (Outcome, String) {
    let query = request.query.clone();
    let request = request
        .data(caller.viewer.clone())
        .data(caller.address.clone())
        .data(caller.language)
        .data(RequestLoader::new(state.db.clone(), state.bus.clone()));
    let mut response =
        match tokio::time::timeout(state.request_timeout, state.api.execute(request)).await {
            Ok(response) => response,
            Err(_) => {
                let message =
                    i18n::message("The request took too long and was stopped", caller.language);
                let mut error = async_graphql::ServerError::new(message, None);
                error
                    .extensions
                    .get_or_insert_with(Default::default)
                    .set("code", "TIMEOUT");
                return (Outcome::TimedOut, errors_only(&[error]));
            }
        };
    if !is_request_error(&response) {
        // Arguments that do not coerce (an Int out of range, 2026-02-30) fail
        // as field errors without a code; they are the client's input.
        let uncoded = code_errors(&mut response.errors, "BAD_USER_INPUT", |_| true);
        let outcome = if uncoded && response.data == async_graphql::Value::Null {
            Outcome::RequestError
        } else {
            Outcome::Executed
        };
        return (
            outcome,
            serde_json::to_string(&response).unwrap_or_default(),
        );
    }
    // Parse and validation errors get a code, as every other error has.
    let default_code = if state.api.parses(&query) {
        "GRAPHQL_VALIDATION_FAILED"
    } else {
        "GRAPHQL_PARSE_FAILED"
    };
    code_errors(&mut response.errors, default_code, |e| e.path.is_empty());
    (Outcome::RequestError, errors_only(&response.errors))
}

/// An answer of errors alone, each error's keys in the specification's
/// order (`message`, `locations`, `path`, `extensions`), not sorted as a
/// JSON value's would be.
fn errors_only(errors: &[async_graphql::ServerError]) -> String {
    #[derive(serde::Serialize)]
    struct Errors<'a> {
        errors: &'a [async_graphql::ServerError],
    }
    serde_json::to_string(&Errors { errors }).unwrap_or_default()
}

/// A response whose errors all come from before execution: no data and no paths.
fn is_request_error(response: &GraphqlResponse) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// Gives `code` to every error `eligible` that has none; whether there were
/// errors and none had a code.
fn code_errors(
    errors: &mut [async_graphql::ServerError],
    code: &str,
    eligible: impl Fn(&async_graphql::ServerError) -> bool,
) -> bool {
    let mut all = !errors.is_empty();
    for error in errors {
        let coded = error
            .extensions
            .as_ref()
            .is_some_and(|e| e.get("code").is_some());
        all &= !coded;
        if !coded && eligible(error) {
            error
                .extensions
                .get_or_insert_with(Default::default)
                .set("code", code);
        }
    }
    all
}

/// The answer, unless it is larger than the server sends: then
/// `RESPONSE_TOO_LARGE`, asking for smaller pages.
fn json_response(state: &AppState, media: Media, status: StatusCode, text: String) -> Response {
    if text.len() > state.response_limit {
        let message = format!(
            "The response would exceed {} bytes; ask for smaller pages or fewer fields",
            state.response_limit
        );
        return refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            "RESPONSE_TOO_LARGE",
            &message,
        );
    }
    (status, [(header::CONTENT_TYPE, media.content_type())], text).into_response()
}
