//! The schema as a server runs it. Every request is screened by the
//! document limits before async-graphql sees it, and a mutation wakes the
//! event relay once it ran. Both happen here, around the schema, rather than
//! in async-graphql extensions: with no extension installed, async-graphql
//! resolves each field directly instead of through the extension chain (a
//! type and field lookup and two boxed hops per field).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock, Weak};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Data, Executor, Request, Response, SchemaEnv, ServerResult};

use super::limits::{Limits, screen};
use crate::XieshangSchema;
use crate::context::RequestLoader;
use crate::db::Database;
use crate::events::bus::EventBus;
use crate::i18n::{self, Language};
use crate::identity::Viewer;

/// The schema with its limits and the bus its mutations wake.
#[derive(Clone)]
pub struct Api(Arc<Inner>);

struct Inner {
    schema: XieshangSchema,
    env: SchemaEnv,
    limits: Limits,
    bus: Arc<EventBus>,
    db: Database,
    parsed: Parsed,
}

/// Where the schema's resolvers find the [`Api`] that runs them (an export
/// reads a list as its caller would): filled once the Api exists, and
/// holding it weakly, since the Api holds the schema that holds this.
#[derive(Clone, Default)]
pub struct ApiSlot(Arc<OnceLock<Weak<Inner>>>);

impl ApiSlot {
    pub fn get(&self) -> Option<Api> {
        self.0.get().and_then(Weak::upgrade).map(Api)
    }
}

impl Api {
    /// Wraps `schema`; `env` is its registry, read with [`schema_env`], and
    /// `slot` is filled with the Api.
    pub fn new(
        schema: XieshangSchema,
        env: SchemaEnv,
        limits: Limits,
        bus: Arc<EventBus>,
        db: Database,
        slot: &ApiSlot,
    ) -> Api {
        let api = Api(Arc::new(Inner {
            schema,
            env,
            limits,
            bus,
            db,
            parsed: Parsed::default(),
        }));
        let _ = slot.0.set(Arc::downgrade(&api.0));
        api
    }

    /// The bare schema (its SDL, its types).
    pub fn schema(&self) -> &XieshangSchema {
        &self.0.schema
    }

    /// The type of the operation `request` runs, when its document parses;
    /// the document is parsed once and kept in the request, or taken from
    /// the documents parsed before.
    pub fn operation_type(&self, request: &mut Request) -> Option<OperationType> {
        if super::limits::too_deep(&self.0.limits, &request.query).is_some() {
            return None;
        }
        self.0.parsed.fill(request);
        kind_of(request)
    }

    /// Whether `query` parses (and nests shallowly enough to be parsed).
    pub fn parses(&self, query: &str) -> bool {
        let mut request = Request::new(query);
        if super::limits::too_deep(&self.0.limits, query).is_some() {
            return false;
        }
        self.0.parsed.fill(&mut request);
        request.parsed_query().is_ok()
    }

    /// Runs a query of the server's own as `viewer`, as if it came over
    /// HTTP: with a loader of its own, its messages in `language`.
    pub async fn execute_as(
        &self,
        viewer: &Viewer,
        language: Language,
        request: Request,
    ) -> Response {
        let request = request
            .data(viewer.clone())
            .data(language)
            .data(RequestLoader::new(self.0.db.clone(), self.0.bus.clone()));
        self.execute(request).await
    }

    /// Screens `request`: whether it is a mutation, or the refusal.
    fn screen(&self, request: &mut Request) -> ServerResult<bool> {
        screen(&self.0.limits, &self.0.env.registry, request)?;
        Ok(kind_of(request) == Some(OperationType::Mutation))
    }

    /// After a mutation: viewers are read again, and the relay fans out the
    /// events it committed at once.
    fn wake(&self) {
        self.0.bus.viewers.changed();
        self.0.bus.committed();
    }
}

/// The type of the operation `request` selects, from its parsed document.
fn kind_of(request: &mut Request) -> Option<OperationType> {
    let name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    match (&document.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op.node.ty),
        (DocumentOperations::Multiple(ops), Some(name)) => {
            ops.get(name.as_str()).map(|op| op.node.ty)
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// Documents parsed before, by their text: clients send the same few
/// documents again and again, and copying a parsed document costs less than
/// parsing it. Bounded in number and in the size of each text; when full,
/// it starts again empty.
#[derive(Default)]
struct Parsed(RwLock<HashMap<String, ExecutableDocument>>);

impl Parsed {
    const DOCUMENTS: usize = 256;
    const TEXT: usize = 8 * 1024;

    /// Parses the document of `request` into it, or copies it from here.
    fn fill(&self, request: &mut Request) {
        let kept = self
            .0
            .read()
            .ok()
            .and_then(|kept| kept.get(&request.query).cloned());
        if let Some(document) = kept {
            request.set_parsed_query(document);
            return;
        }
        let text = (request.query.len() <= Self::TEXT).then(|| request.query.clone());
        let Ok(document) = request.parsed_query() else {
            return;
        };
        if let Some(text) = text
            && let Ok(mut kept) = self.0.write()
        {
            if kept.len() >= Self::DOCUMENTS {
                kept.clear();
            }
            kept.insert(text, document.clone());
        }
    }
}

impl Executor for Api {
    async fn execute(&self, mut request: Request) -> Response {
        let language = i18n::language_in(&request.data).unwrap_or_default();
        let mutation = match self.screen(&mut request) {
            Ok(mutation) => mutation,
            Err(refusal) => return translated(Response::from_errors(vec![refusal]), language),
        };
        let response = self.0.schema.execute(request).await;
        if mutation {
            self.wake();
        }
        translated(response, language)
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        let language = i18n::language_in(&request.data)
            .or_else(|| session_data.as_deref().and_then(i18n::language_in))
            .unwrap_or_default();
        let responses = match self.screen(&mut request) {
            Err(refusal) => {
                stream::once(async move { Response::from_errors(vec![refusal]) }).boxed()
            }
            Ok(false) => Executor::execute_stream(&self.0.schema, request, session_data),
            Ok(true) => {
                let api = self.clone();
                Executor::execute_stream(&self.0.schema, request, session_data)
                    .inspect(move |_| api.wake())
                    .boxed()
            }
        };
        responses
            .map(move |response| translated(response, language))
            .boxed()
    }
}

/// A response with its top-level errors in `language`.
fn translated(mut response: Response, language: i18n::Language) -> Response {
    i18n::errors(&mut response.errors, language);
    response
}

/// The registry of `schema`'s types, as its extensions see it: read once,
/// by running `{ __typename }` through a copy with an extension that keeps it.
pub async fn schema_env(
    builder: async_graphql::SchemaBuilder<crate::Query, crate::Mutation, crate::Subscription>,
) -> SchemaEnv {
    let kept = Arc::new(Mutex::new(None));
    let schema = builder.extension(KeepEnv(kept.clone())).finish();
    schema.execute("{ __typename }").await;
    let env = kept.lock().ok().and_then(|mut kept| kept.take());
    env.expect("the extension saw the request")
}

struct KeepEnv(Arc<Mutex<Option<SchemaEnv>>>);

impl ExtensionFactory for KeepEnv {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(KeepEnv(self.0.clone()))
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for KeepEnv {
    async fn prepare_request(
        &self,
        ctx: &ExtensionContext<'_>,
        request: Request,
        next: NextPrepareRequest<'_>,
    ) -> ServerResult<Request> {
        if let Ok(mut kept) = self.0.lock() {
            *kept = Some(ctx.schema_env.clone());
        }
        next.run(ctx, request).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_parsed_once_and_the_store_stays_bounded() {
        let parsed = Parsed::default();
        let mut first = Request::new("{ a }");
        parsed.fill(&mut first);
        let mut again = Request::new("{ a }");
        parsed.fill(&mut again);
        assert_eq!(
            format!("{:?}", again.parsed_query().unwrap()),
            format!("{:?}", first.parsed_query().unwrap())
        );
        assert_eq!(parsed.0.read().unwrap().len(), 1);

        let mut broken = Request::new("{ a");
        parsed.fill(&mut broken);
        assert!(broken.parsed_query().is_err());
        let long = format!("{{ {} }}", "a ".repeat(Parsed::TEXT));
        parsed.fill(&mut Request::new(long));
        assert_eq!(parsed.0.read().unwrap().len(), 1, "neither kept");

        for i in 0..Parsed::DOCUMENTS + 5 {
            parsed.fill(&mut Request::new(format!("{{ a{i} }}")));
        }
        assert!(parsed.0.read().unwrap().len() <= Parsed::DOCUMENTS);
    }
}
