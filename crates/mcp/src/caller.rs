//! Who calls a tool. The shell that carries the transport authenticates
//! each request and puts its [`Caller`] in the request's extensions; the
//! tools read it from there, per request, never from a session.

use rmcp::RoleServer;
use rmcp::service::RequestContext;

/// An authenticated user and what its credential allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Caller {
    pub user_id: i64,
    /// A sign-in access token or a `write` personal access token; a
    /// `read` token sees and calls the read tools only.
    pub can_write: bool,
}

impl Caller {
    /// The caller of a request served over Streamable HTTP: the shell puts
    /// it in the HTTP request's extensions, which rmcp hands over as
    /// [`http::request::Parts`].
    pub fn of(context: &RequestContext<RoleServer>) -> Option<Caller> {
        context
            .extensions
            .get::<http::request::Parts>()
            .and_then(|parts| parts.extensions.get::<Caller>())
            .copied()
            .or_else(|| context.extensions.get::<Caller>().copied())
    }
}
