//! `gainsly-worker`: runs Gainsly's background jobs (see the crate docs), or
//! one job now with `run-once`.

use std::process::ExitCode;
use std::sync::Arc;

use chrono::Utc;
use clap::{Parser, Subcommand, ValueEnum};
use gainsly_db::Db;
use gainsly_db::connection::DbOptions;
use gainsly_llm::LlmClient;
use gainsly_planner::{LlmMode, Planner, PlannerConfig};
use gainsly_worker::{
    CancellationToken, ConsoleProgress, JobQueue, WorkerDeps, WorkerError, WorkerOptions,
    WorkerSettings, jobs,
};
use tracing_subscriber::EnvFilter;

/// Gainsly's background jobs: session pre-generation, cleanup and model
/// refresh on an apalis queue in the application database. Reads the same
/// environment as gainsly-api (DATABASE_URL / GAINSLY_DATABASE_URL,
/// GAINSLY_DATA_DIR, GAINSLY_LLM_*) plus GAINSLY_SCHEDULE_PREGENERATE,
/// GAINSLY_SCHEDULE_CLEANUP and GAINSLY_SCHEDULE_MODEL_REFRESH (cron, UTC;
/// `off` disables one).
#[derive(Debug, Parser)]
#[command(name = "gainsly-worker", version)]
struct Cli {
    /// Concurrent pre-generation jobs in this process (default 4).
    #[arg(long, env = "GAINSLY_WORKER_CONCURRENCY", global = true)]
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

fn init_tracing() {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let json = std::env::var("GAINSLY_LOG_FORMAT").is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

/// The planner the jobs pre-generate with, configured like the API's.
fn planner(db: &Db, llm: Option<&LlmClient>, settings: &WorkerSettings) -> Planner {
    let llm_mode = match (llm, settings.llm_required) {
        (None, _) => LlmMode::Off,
        (Some(_), false) => LlmMode::Auto,
        (Some(_), true) => LlmMode::Required,
    };
    Planner::new(
        db.clone(),
        llm.cloned().map(Arc::new),
        PlannerConfig {
            llm_mode,
            ..PlannerConfig::default()
        },
    )
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

async fn real_main(cli: Cli) -> Result<(), WorkerError> {
    let mut settings = WorkerSettings::from_env()?;
    if let Some(c) = cli.concurrency {
        settings.tuning.concurrency = c.max(1);
    }
    let options = DbOptions {
        max_connections: settings.db_max_connections,
        ..DbOptions::default()
    };
    let db = Db::connect_and_migrate(&settings.database_url, &options).await?;
    let llm = match &settings.llm {
        Some(cfg) => Some(LlmClient::new(cfg.clone())?),
        None => None,
    };
    let planner = planner(&db, llm.as_ref(), &settings);
    if let Some(client) = &llm {
        // Skip a server known to be down until the next model refresh.
        planner.set_llm_up(client.check().await == gainsly_llm::HealthStatus::Ok);
    }
    let deps = WorkerDeps::with_planner(planner, llm);
    match cli.command {
        None => {
            let token = CancellationToken::new();
            tokio::spawn(shutdown_signal(token.clone()));
            tracing::info!(
                backend = ?db.backend(),
                concurrency = settings.tuning.concurrency,
                "gainsly-worker started"
            );
            let options = WorkerOptions {
                schedules: settings.schedules.clone(),
                tuning: settings.tuning.clone(),
            };
            gainsly_worker::run(db, deps, options, token).await
        }
        Some(Command::RunOnce { job }) => {
            let progress = ConsoleProgress::new();
            let now = Utc::now();
            match job {
                OneJob::Pregenerate => {
                    let r = jobs::pregenerate_all(&deps, &db, now, &progress).await?;
                    if r.failed > 0 {
                        return Err(WorkerError::Runtime(format!("{} users failed", r.failed)));
                    }
                }
                OneJob::Cleanup => {
                    let queue = JobQueue::open(&db).await?;
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
    init_tracing();
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
    match runtime.block_on(real_main(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "gainsly-worker failed");
            eprintln!("gainsly-worker: {e}");
            ExitCode::FAILURE
        }
    }
}
