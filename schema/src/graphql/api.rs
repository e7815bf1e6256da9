//! The schema as a server runs it. Every request is screened by the
//! document limits before async-graphql sees it, and a mutation wakes the
//! event relay once it ran. Both happen here, around the schema, rather than
//! in async-graphql extensions: with no extension installed, async-graphql
//! resolves each field directly instead of through the extension chain (a
//! type and field lookup and two boxed hops per field).

use std::sync::{Arc, Mutex};

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextPrepareRequest,
};
use async_graphql::futures_util::stream::{self, BoxStream, StreamExt};
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationType};
use async_graphql::{Data, Executor, Request, Response, SchemaEnv, ServerResult};

use super::limits::{Limits, screen};
use crate::XieshangSchema;
use crate::events::bus::EventBus;

/// The schema with its limits and the bus its mutations wake.
#[derive(Clone)]
pub struct Api {
    schema: XieshangSchema,
    env: SchemaEnv,
    limits: Limits,
    bus: Arc<EventBus>,
}

impl Api {
    /// Wraps `schema`; `env` is its registry, read with [`schema_env`].
    pub fn new(schema: XieshangSchema, env: SchemaEnv, limits: Limits, bus: Arc<EventBus>) -> Api {
        Api {
            schema,
            env,
            limits,
            bus,
        }
    }

    /// The bare schema (its SDL, its types).
    pub fn schema(&self) -> &XieshangSchema {
        &self.schema
    }

    /// The document of `request`, parsed once and kept in it; `None` when it
    /// nests too deep to parse safely or does not parse.
    pub fn document<'r>(&self, request: &'r mut Request) -> Option<&'r ExecutableDocument> {
        if super::limits::too_deep(&self.limits, &request.query).is_some() {
            return None;
        }
        request.parsed_query().ok()
    }

    /// Whether `query` parses (and nests shallowly enough to be parsed).
    pub fn parses(&self, query: &str) -> bool {
        self.document(&mut Request::new(query)).is_some()
    }

    /// The type of the operation `request` runs, when its document parses.
    pub fn operation_type(&self, request: &mut Request) -> Option<OperationType> {
        let name = request.operation_name.clone();
        let document = self.document(request)?;
        match (&document.operations, name) {
            (DocumentOperations::Single(op), _) => Some(op.node.ty),
            (DocumentOperations::Multiple(ops), Some(name)) => {
                ops.get(name.as_str()).map(|op| op.node.ty)
            }
            (DocumentOperations::Multiple(_), None) => None,
        }
    }

    /// Screens `request`: whether it is a mutation, or the refusal.
    fn screen(&self, request: &mut Request) -> Result<bool, Response> {
        screen(&self.limits, &self.env.registry, request)
            .map_err(|error| Response::from_errors(vec![error]))?;
        Ok(self.operation_type(request) == Some(OperationType::Mutation))
    }

    /// After a mutation: viewers are read again, and the relay fans out the
    /// events it committed at once.
    fn wake(&self) {
        self.bus.viewers.changed();
        self.bus.committed();
    }
}

impl Executor for Api {
    async fn execute(&self, mut request: Request) -> Response {
        let mutation = match self.screen(&mut request) {
            Ok(mutation) => mutation,
            Err(refusal) => return refusal,
        };
        let response = self.schema.execute(request).await;
        if mutation {
            self.wake();
        }
        response
    }

    fn execute_stream(
        &self,
        mut request: Request,
        session_data: Option<Arc<Data>>,
    ) -> BoxStream<'static, Response> {
        match self.screen(&mut request) {
            Err(refusal) => stream::once(async move { refusal }).boxed(),
            Ok(false) => Executor::execute_stream(&self.schema, request, session_data),
            Ok(true) => {
                let api = self.clone();
                Executor::execute_stream(&self.schema, request, session_data)
                    .inspect(move |_| api.wake())
                    .boxed()
            }
        }
    }
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
