//! `gainsly-mcp`: Gainsly's MCP tools over stdio, for desktop MCP clients.
//! It serves the tools itself (rmcp's stdio transport) and runs each one
//! as calls to a Gainsly server's REST API (`GAINSLY_URL`) with a personal
//! access token (`GAINSLY_TOKEN`, `gsk_…`); it needs no database. Logs go
//! to stderr (`RUST_LOG`).

use std::process::ExitCode;
use std::sync::Arc;

use gainsly_mcp::{GainslyMcp, RestBackend};
use rmcp::ServiceExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    // reqwest's rustls needs a process-wide crypto provider.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let (Ok(url), Ok(token)) = (std::env::var("GAINSLY_URL"), std::env::var("GAINSLY_TOKEN"))
    else {
        eprintln!(
            "gainsly-mcp: set GAINSLY_URL (e.g. https://gainsly.example.com) and GAINSLY_TOKEN (a personal access token, gsk_…)"
        );
        return ExitCode::from(2);
    };
    let backend = match RestBackend::connect(&url, &token).await {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gainsly-mcp: {e}");
            return ExitCode::from(2);
        }
    };
    let server = GainslyMcp::over(Arc::new(backend));
    let running = match server
        .serve((tokio::io::stdin(), tokio::io::stdout()))
        .await
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gainsly-mcp: starting the MCP session: {e}");
            return ExitCode::FAILURE;
        }
    };
    match running.waiting().await {
        Ok(_) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gainsly-mcp: {e}");
            ExitCode::FAILURE
        }
    }
}
