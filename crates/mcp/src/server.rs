//! The MCP server: [`GainslyMcp`] lists the tools a caller may use and runs
//! them; [`http_service`] serves it over Streamable HTTP as a Tower
//! service, which the shell mounts (gainsly-api at `/mcp`).

use std::sync::Arc;

use gainsly_app::App;
use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ErrorData,
    Implementation, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
    Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};
use rmcp::{RoleServer, ServerHandler};
use serde_json::Value;

use crate::caller::Caller;
use crate::error::Rendered;
use crate::outcome::Outcome;
use crate::shell::Shell;
use crate::tools::{self, Access, ToolFailure, ToolSpec};
use crate::views;

/// What an MCP client is told about the server.
const INSTRUCTIONS: &str = "Gainsly is an adaptive workout coach. Plan a day with get_day_plan, \
re-plan it from how the user feels with adapt_day, log what was done with log_workout or \
log_top_set, and read progress with get_e1rm_history, get_recovery_state and weekly_volume. \
Exercises can be named by id or by name (search_exercises finds ids). Weights are kilograms; \
dates are YYYY-MM-DD and default to the user's today.";

/// The MCP server over the application.
#[derive(Clone)]
pub struct GainslyMcp {
    app: App,
    shell: Arc<dyn Shell>,
}

impl std::fmt::Debug for GainslyMcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GainslyMcp").finish_non_exhaustive()
    }
}

/// The Streamable HTTP service type the shell mounts.
pub type McpService = StreamableHttpService<GainslyMcp, NeverSessionManager>;

/// The server as a Streamable HTTP service: stateless (no MCP sessions:
/// every request carries its own credential, and any API instance can
/// answer it), JSON answers where the protocol allows them. The shell
/// checks `Origin` and authenticates before the request reaches it, and
/// puts the [`Caller`] in the request's extensions.
pub fn http_service(app: App, shell: Arc<dyn Shell>) -> McpService {
    let server = GainslyMcp { app, shell };
    let mut config = StreamableHttpServerConfig::default();
    config.legacy_session_mode = false;
    config.json_response = true;
    config.sse_keep_alive = None;
    // `Host` is whatever the deployment is reached by; DNS rebinding needs
    // a browser to send the victim's credential, which a bearer token in a
    // header is not. The shell checks `Origin` itself.
    config = config.disable_allowed_hosts();
    StreamableHttpService::new(
        move || Ok(server.clone()),
        Arc::new(NeverSessionManager::default()),
        config,
    )
}

impl GainslyMcp {
    /// A server over `app` whose refusals and rate limits are `shell`'s.
    pub fn new(app: App, shell: Arc<dyn Shell>) -> Self {
        GainslyMcp { app, shell }
    }

    /// The tools `caller` may use, as listed.
    pub fn tools_for(caller: Caller) -> Vec<Tool> {
        tools::TOOLS
            .iter()
            .filter(|t| caller.can_write || t.access == Access::Read)
            .map(tool)
            .collect()
    }

    fn result(&self, outcome: Outcome, text: String) -> CallToolResult {
        let mut value = match &outcome {
            Outcome::Volume(w) => views::volume(w),
            _ => self.shell.present(outcome.clone()),
        };
        if let Some(key) = outcome.list_key() {
            value = serde_json::json!({ key: value });
        }
        let mut result = CallToolResult::success(vec![ContentBlock::text(text)]);
        result.structured_content = Some(value);
        result
    }
}

fn tool(spec: &ToolSpec) -> Tool {
    let read = spec.access == Access::Read;
    let mut annotations = ToolAnnotations::new().read_only(read);
    if !read {
        annotations = annotations.destructive(false);
    }
    Tool::new(spec.name, spec.description, (spec.schema)())
        .with_title(spec.title)
        .with_annotations(annotations)
}

fn refused(rendered: Rendered) -> CallToolResult {
    let mut result = CallToolResult::error(vec![ContentBlock::text(rendered.text)]);
    result.structured_content = Some(rendered.body);
    result
}

/// A request that reached the tools without a caller: the shell did not
/// authenticate it (a bug in the mounting, never the client's fault).
fn no_caller() -> ErrorData {
    tracing::error!("MCP request without an authenticated caller");
    ErrorData::internal_error("not authenticated", None)
}

impl ServerHandler for GainslyMcp {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("gainsly", env!("CARGO_PKG_VERSION")))
            .with_instructions(INSTRUCTIONS)
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, ErrorData> {
        let caller = Caller::of(&context).ok_or_else(no_caller)?;
        Ok(ListToolsResult::with_all_items(GainslyMcp::tools_for(
            caller,
        )))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let caller = Caller::of(&context).ok_or_else(no_caller)?;
        let Some(spec) = tools::spec(&request.name) else {
            return Err(ErrorData::invalid_params(
                format!("unknown tool `{}`", request.name),
                None,
            ));
        };
        let arguments = request.arguments.map(Value::Object).unwrap_or(Value::Null);
        let result =
            match tools::call(&self.app, self.shell.as_ref(), caller, spec, arguments).await {
                Ok(answer) => self.result(answer.outcome, answer.text),
                Err(ToolFailure::Refused(refusal)) => refused(self.shell.render(refusal)),
                Err(ToolFailure::Rendered(rendered)) => refused(rendered),
            };
        Ok(result.into())
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools::spec(name).map(tool)
    }
}
