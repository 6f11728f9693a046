//! The MCP server: [`GainslyMcp`] lists the tools a caller may use and runs
//! them on a [`Backend`]: per request, the application in process for the
//! authenticated caller ([`http_service`], Streamable HTTP, mounted by
//! gainsly-api at `/mcp`); or one REST backend for the whole session
//! ([`GainslyMcp::over`], the stdio binary).

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, ErrorData,
    Implementation, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig,
    Tool, ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{RoleServer, ServerHandler};
use serde_json::Value;

use crate::backend::Backend;
use crate::error::Rendered;
use crate::tools::{self, Access, ToolSpec};

/// What an MCP client is told about the server.
const INSTRUCTIONS: &str = "Gainsly is an adaptive workout coach. Plan a day with get_day_plan, \
re-plan it from how the user feels with adapt_day, log what was done with log_workout or \
log_top_set, and read progress with get_e1rm_history, get_recovery_state and weekly_volume. \
Exercises can be named by id or by name (search_exercises finds ids). Weights are kilograms; \
dates are YYYY-MM-DD and default to the user's today.";

/// Where a request's backend comes from.
#[derive(Clone)]
enum Source {
    /// The application in process, for the caller the shell authenticated.
    #[cfg(feature = "app")]
    App {
        app: Box<gainsly_app::App>,
        shell: Arc<dyn crate::shell::Shell>,
    },
    /// One backend for every request (the stdio binary's REST backend).
    Fixed(Arc<dyn Backend>),
}

/// The MCP server over a backend.
#[derive(Clone)]
pub struct GainslyMcp {
    source: Source,
}

impl std::fmt::Debug for GainslyMcp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GainslyMcp").finish_non_exhaustive()
    }
}

#[cfg(feature = "app")]
pub use self::streamable::{McpService, http_service};

#[cfg(feature = "app")]
mod streamable {
    use std::sync::Arc;

    use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
    use rmcp::transport::{StreamableHttpServerConfig, StreamableHttpService};

    use super::{GainslyMcp, Source};
    use crate::shell::Shell;

    /// The Streamable HTTP service type the shell mounts.
    pub type McpService = StreamableHttpService<GainslyMcp, NeverSessionManager>;

    /// The server over `app` as a Streamable HTTP service: stateless (no
    /// MCP sessions: every request carries its own credential, and any API
    /// instance can answer it), JSON answers where the protocol allows
    /// them. The shell checks `Origin` and authenticates before the request
    /// reaches it, and puts the [`crate::Caller`] in the request's
    /// extensions.
    pub fn http_service(app: gainsly_app::App, shell: Arc<dyn Shell>) -> McpService {
        let server = GainslyMcp {
            source: Source::App {
                app: Box::new(app),
                shell,
            },
        };
        let mut config = StreamableHttpServerConfig::default();
        config.legacy_session_mode = false;
        config.json_response = true;
        config.sse_keep_alive = None;
        // `Host` is whatever the deployment is reached by; DNS rebinding
        // needs a browser to send the victim's credential, which a bearer
        // token in a header is not. The shell checks `Origin` itself.
        config = config.disable_allowed_hosts();
        StreamableHttpService::new(
            move || Ok(server.clone()),
            Arc::new(NeverSessionManager::default()),
            config,
        )
    }
}

impl GainslyMcp {
    /// The server over one backend for every request (stdio).
    pub fn over(backend: Arc<dyn Backend>) -> Self {
        GainslyMcp {
            source: Source::Fixed(backend),
        }
    }

    /// The tools a caller may use, as listed: every tool, or with a `read`
    /// token the read tools only.
    pub fn tools_for(can_write: bool) -> Vec<Tool> {
        tools::TOOLS
            .iter()
            .filter(|t| can_write || t.access == Access::Read)
            .map(tool)
            .collect()
    }

    /// The backend that serves `context`'s request.
    fn backend(&self, context: &RequestContext<RoleServer>) -> Result<Arc<dyn Backend>, ErrorData> {
        let _ = context;
        match &self.source {
            #[cfg(feature = "app")]
            Source::App { app, shell } => {
                let caller = crate::caller::Caller::of(context).ok_or_else(no_caller)?;
                Ok(Arc::new(crate::local::AppBackend::new(
                    app.as_ref().clone(),
                    shell.clone(),
                    caller,
                )))
            }
            Source::Fixed(backend) => Ok(backend.clone()),
        }
    }

    /// Runs the tool `name` with `arguments` on `backend`: a result with
    /// structured content and text, or one with `isError` carrying the
    /// API's error body; an unknown tool is a protocol error.
    pub async fn run(
        backend: &dyn Backend,
        name: &str,
        arguments: Option<serde_json::Map<String, Value>>,
    ) -> Result<CallToolResult, ErrorData> {
        let Some(spec) = tools::spec(name) else {
            return Err(ErrorData::invalid_params(
                format!("unknown tool `{name}`"),
                None,
            ));
        };
        let arguments = arguments.map(Value::Object).unwrap_or(Value::Null);
        Ok(match tools::call(backend, spec, arguments).await {
            Ok(answer) => {
                let mut result = CallToolResult::success(vec![ContentBlock::text(answer.text)]);
                result.structured_content = Some(answer.value);
                result
            }
            Err(rendered) => refused(rendered),
        })
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
#[cfg(feature = "app")]
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
        let backend = self.backend(&context)?;
        Ok(ListToolsResult::with_all_items(GainslyMcp::tools_for(
            backend.can_write(),
        )))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, ErrorData> {
        let backend = self.backend(&context)?;
        let result = GainslyMcp::run(backend.as_ref(), &request.name, request.arguments).await?;
        Ok(result.into())
    }

    fn get_tool(&self, name: &str) -> Option<Tool> {
        tools::spec(name).map(tool)
    }
}
