//! `gainsly-worker`: runs Gainsly's background jobs (see the crate docs), or
//! one job now with `run-once`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use gainsly_app::App;
use gainsly_app::settings::{Flags, LogFormat, Settings};
use gainsly_worker::{
    CancellationToken, ConsoleProgress, JobQueue, WorkerDeps, WorkerError, WorkerOptions, jobs,
};
use tracing_subscriber::EnvFilter;

/// Gainsly's background jobs: session pre-generation, cleanup and model
/// refresh on an apalis queue in the application database. Reads the same
/// settings as gainsly-api (defaults < the TOML file of --config or
/// GAINSLY_CONFIG < GAINSLY_* variables and DATABASE_URL < flags), among
/// them GAINSLY_SCHEDULE_PREGENERATE, GAINSLY_SCHEDULE_CLEANUP and
/// GAINSLY_SCHEDULE_MODEL_REFRESH (cron, UTC; `off` disables one).
#[derive(Debug, Parser)]
#[command(name = "gainsly-worker", version)]
struct Cli {
    /// Optional TOML configuration file.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    /// Concurrent pre-generation jobs in this process (overrides
    /// GAINSLY_WORKER_CONCURRENCY; default 4).
    #[arg(long, global = true)]
    concurrency: Option<usize>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one job now, in this process, with progress (a bar on a terminal).
    RunOnce {
        /// Which job.
        job: OneJob,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OneJob {
    Pregenerate,
    Cleanup,
    ModelRefresh,
}

fn init_tracing(format: LogFormat) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match format {
        LogFormat::Json => builder.json().init(),
        LogFormat::Pretty => builder.init(),
    }
}

async fn shutdown_signal(token: CancellationToken) {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = ctrl_c => {}
                    _ = term.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                let _ = ctrl_c.await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
    tracing::info!("shutting down: finishing the jobs in flight");
    token.cancel();
}

async fn real_main(command: Option<Command>, settings: Settings) -> Result<(), WorkerError> {
    let db = gainsly_app::open_database(&settings).await?;
    let queue = JobQueue::open(&db).await?;
    let app = App::new(db.clone(), &settings)?.with_jobs(Arc::new(queue.clone()));
    let deps = WorkerDeps::with_app(app.clone());
    match command {
        None => {
            let token = CancellationToken::new();
            tokio::spawn(shutdown_signal(token.clone()));
            let options = WorkerOptions::from_settings(&settings);
            tracing::info!(
                backend = ?db.backend(),
                concurrency = options.tuning.concurrency,
                "gainsly-worker started"
            );
            gainsly_worker::run(db, deps, options, token).await
        }
        Some(Command::RunOnce { job }) => {
            let progress = ConsoleProgress::new();
            let now = app.now();
            match job {
                OneJob::Pregenerate => {
                    let r = jobs::pregenerate_all(&deps, &db, now, &progress).await?;
                    if r.failed > 0 {
                        return Err(WorkerError::Runtime(format!("{} users failed", r.failed)));
                    }
                }
                OneJob::Cleanup => {
                    jobs::cleanup(&db, Some(&queue), now, &progress).await?;
                }
                OneJob::ModelRefresh => {
                    let report = jobs::model_refresh(&db, deps.llm.as_ref(), &progress).await?;
                    if let Some(hook) = &deps.on_llm_state {
                        hook(report.llm);
                    }
                }
            }
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let flags = Flags {
        concurrency: cli.concurrency,
        ..Flags::default()
    };
    let settings = match Settings::from_env(cli.config.as_deref(), &flags) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("gainsly-worker: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    init_tracing(settings.log_format);
    // sqlx and reqwest link two rustls crypto back-ends: pick one, once.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("gainsly-worker: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(real_main(cli.command, settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let chain = gainsly_app::error::chain(&e);
            tracing::error!(error = %chain, "gainsly-worker failed");
            eprintln!("gainsly-worker: {chain}");
            ExitCode::FAILURE
        }
    }
}
