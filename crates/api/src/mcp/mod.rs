//! The MCP endpoint: `gainsly-mcp`'s Streamable HTTP service mounted at
//! `/mcp`, behind an `Origin` check and bearer authentication, and the
//! RFC 9728 protected-resource document that a 401 points to.
//!
//! `bridge` carries requests between actix (http 0.2) and rmcp's Tower
//! service (http 1); `shell` is the API's side of the tools: its error
//! bodies, its response bodies and the per-user adaptation limit.

mod bridge;
mod metadata;
mod origin;
mod shell;

use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use gainsly_mcp::{Caller, McpService};

use crate::auth::extractor::{authenticate, bearer};
use crate::error::ApiError;
use crate::state::AppState;

pub use metadata::METADATA_PATH;

/// The path of the MCP endpoint.
pub const MCP_PATH: &str = "/mcp";

/// The mounted MCP service (app data).
#[derive(Clone)]
pub struct McpEndpoint {
    service: McpService,
}

impl std::fmt::Debug for McpEndpoint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("McpEndpoint").finish_non_exhaustive()
    }
}

impl McpEndpoint {
    /// The MCP server over the state's application, rendering as the API does.
    pub fn new(state: &AppState) -> Self {
        let shell = Arc::new(shell::ApiShell::new(state.clone()));
        McpEndpoint {
            service: gainsly_mcp::http_service(state.app.clone(), shell),
        }
    }
}

/// Registers `/mcp` and the protected-resource metadata.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource(MCP_PATH).to(endpoint)).service(
        web::resource([METADATA_PATH, &format!("{METADATA_PATH}{MCP_PATH}")])
            .route(web::get().to(metadata::document)),
    );
}

/// Every MCP request: a foreign `Origin` is a 403, a missing or bad
/// credential a 401 pointing to the metadata; then rmcp answers, with the
/// caller in the request's extensions (tools apply the token's scope).
async fn endpoint(
    req: HttpRequest,
    body: web::Bytes,
    state: web::Data<AppState>,
    mcp: web::Data<McpEndpoint>,
) -> HttpResponse {
    if let Err(e) = origin::check(&req) {
        return e.error_response();
    }
    let Some(token) = bearer(&req) else {
        return unauthorized(
            &req,
            ApiError::Unauthorized("Missing or malformed bearer token".into()),
        );
    };
    let user = match authenticate(&state, &token).await {
        Ok(user) => user,
        Err(e @ ApiError::Unauthorized(_)) => return unauthorized(&req, e),
        Err(e) => return e.error_response(),
    };
    let caller = Caller {
        user_id: user.id,
        can_write: user.can_write(),
    };
    bridge::serve(mcp.service.clone(), &req, body, caller).await
}

/// A 401 whose `WWW-Authenticate` names the protected-resource metadata
/// (RFC 9728 §5.1), so MCP clients can discover how to authenticate.
fn unauthorized(req: &HttpRequest, error: ApiError) -> HttpResponse {
    let mut res = error.error_response();
    let value = format!(
        "Bearer resource_metadata=\"{}{METADATA_PATH}\"",
        metadata::base_url(req)
    );
    if let Ok(value) = HeaderValue::from_str(&value) {
        res.headers_mut().insert(header::WWW_AUTHENTICATE, value);
    }
    res
}
