//! Who is asking. Accounts, sessions and roles arrive with the identity
//! area; until then every caller is anonymous and sees everything.

/// The caller of a request, put into each request's data by the server.
#[derive(Debug, Clone, Default)]
pub enum Viewer {
    #[default]
    Anonymous,
}

/// The viewer of the request in `ctx` (anonymous when none was set).
pub fn viewer<'a>(ctx: &'a async_graphql::Context<'_>) -> &'a Viewer {
    static ANONYMOUS: Viewer = Viewer::Anonymous;
    ctx.data_opt::<Viewer>().unwrap_or(&ANONYMOUS)
}
