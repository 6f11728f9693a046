//! `gainsly-api`: serve the API, apply migrations, or write the OpenAPI document.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use gainsly_api::{app, openapi, telemetry};
use gainsly_app::settings::{Flags, Settings};

/// Gainsly: an adaptive workout coach served as a REST API.
///
/// With no configuration it serves on 127.0.0.1:8080 from a SQLite database in
/// ./data. Settings come from defaults, then the optional TOML file
/// (--config / GAINSLY_CONFIG), then GAINSLY_* environment variables and
/// DATABASE_URL, then flags. See the README for every variable.
#[derive(Debug, Parser)]
#[command(name = "gainsly-api", version)]
struct Cli {
    /// Optional TOML configuration file.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Listen address (overrides GAINSLY_BIND).
    #[arg(long, global = true)]
    bind: Option<String>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API (the default).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Print the OpenAPI document, or write it to a file.
    Openapi {
        /// Write to this file instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some(Command::Openapi { out }) = &cli.command {
        return write_openapi(out.as_deref());
    }
    let flags = Flags {
        bind: cli.bind.clone(),
        ..Flags::default()
    };
    let settings = match Settings::from_env(cli.config.as_deref(), &flags) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gainsly-api: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(settings.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gainsly-api: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Some(Command::Migrate) => migrate(settings).await,
            _ => serve(settings).await,
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let chain = gainsly_app::error::chain(e.as_ref());
            tracing::error!(error = %chain, "gainsly-api stopped");
            eprintln!("gainsly-api: {chain}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    let running = app::build(settings).await?;
    // actix-web handles SIGINT/SIGTERM: stops accepting, finishes in-flight requests.
    running.server.await?;
    if let Some(workers) = running.workers {
        workers.stop().await;
    }
    tracing::info!("gainsly-api shut down");
    Ok(())
}

async fn migrate(settings: Settings) -> Result<(), Box<dyn std::error::Error>> {
    app::install_crypto_provider();
    gainsly_app::migrate(&settings).await?;
    tracing::info!("migrations applied");
    Ok(())
}

fn write_openapi(out: Option<&std::path::Path>) -> ExitCode {
    let json = match openapi::spec_json() {
        Ok(j) => j,
        Err(e) => {
            eprintln!("gainsly-api: cannot render OpenAPI: {e}");
            return ExitCode::FAILURE;
        }
    };
    match out {
        Some(path) => match std::fs::write(path, json) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("gainsly-api: cannot write {}: {e}", path.display());
                ExitCode::FAILURE
            }
        },
        None => {
            print!("{json}");
            ExitCode::SUCCESS
        }
    }
}
