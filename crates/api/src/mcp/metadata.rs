//! `GET /.well-known/oauth-protected-resource` (and the same under `/mcp`,
//! where RFC 9728 §3.1 puts a resource's path): OAuth 2.0 Protected
//! Resource Metadata for the MCP endpoint. Gainsly has no authorization
//! server of its own: clients send a personal access token (or a sign-in
//! access token) as a bearer token, which the document says.

use actix_web::{HttpRequest, HttpResponse};
use serde_json::json;

use super::MCP_PATH;

/// Where the metadata is served.
pub const METADATA_PATH: &str = "/.well-known/oauth-protected-resource";

/// The scheme and authority the client reached this server by
/// (`Forwarded` / `X-Forwarded-*` behind a proxy).
pub(super) fn base_url(req: &HttpRequest) -> String {
    let info = req.connection_info();
    format!("{}://{}", info.scheme(), info.host())
}

pub(super) async fn document(req: HttpRequest) -> HttpResponse {
    let base = base_url(&req);
    HttpResponse::Ok().json(json!({
        "resource": format!("{base}{MCP_PATH}"),
        "resource_name": "Gainsly",
        "authorization_servers": [],
        "bearer_methods_supported": ["header"],
        "scopes_supported": ["read", "write"],
        "resource_documentation": format!("{base}/docs/"),
    }))
}
