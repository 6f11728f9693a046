//! The jobs themselves, independent of apalis: payloads, the pre-generation
//! port, and the functions the queue workers and `run-once` both call.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use gainsly_app::health::record_llm_health;
use gainsly_app::{App, JobSink};
use gainsly_db::Db;
use gainsly_db::repo::{catalog_seed, programs, rollup};
use gainsly_llm::{HealthStatus, LlmClient};
use serde::{Deserialize, Serialize};

pub use gainsly_app::days::Pregenerated;

use crate::error::{BoxError, WorkerError};
use crate::progress::Progress;
use crate::queue::{CLEANUP_QUEUE, Job, JobQueue, MODEL_REFRESH_QUEUE, PREGENERATE_QUEUE};

/// A pre-generation job: the daily fan-out, or one user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PregenerateJob {
    /// Enqueue one [`PregenerateJob::User`] per user with an active program.
    FanOut { at: DateTime<Utc> },
    /// Plan tomorrow (in the user's time zone, relative to `at`) for the user's active program.
    User { user_id: i64, at: DateTime<Utc> },
}

impl Job for PregenerateJob {
    const QUEUE: &'static str = PREGENERATE_QUEUE;
}

/// The weekly cleanup, as of `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CleanupJob {
    pub at: DateTime<Utc>,
}

impl Job for CleanupJob {
    const QUEUE: &'static str = CLEANUP_QUEUE;
}

/// The daily model refresh, as of `at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModelRefreshJob {
    pub at: DateTime<Utc>,
}

impl Job for ModelRefreshJob {
    const QUEUE: &'static str = MODEL_REFRESH_QUEUE;
}

/// A boxed future, for the object-safe [`Pregenerator`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Plans one user's tomorrow. The real implementation wraps
/// the application's `App::pregenerate_tomorrow`; tests use doubles.
pub trait Pregenerator: Send + Sync + 'static {
    /// Plans tomorrow — in the user's time zone, relative to `now` — for
    /// `user_id`'s active program; idempotent.
    fn pregenerate(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Pregenerated, BoxError>>;
}

/// The real pre-generator: the application's idempotent use-case (the
/// unique program/date index settles races).
impl Pregenerator for App {
    fn pregenerate(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Pregenerated, BoxError>> {
        Box::pin(async move {
            self.pregenerate_tomorrow(user_id, now)
                .await
                .map_err(|e| Box::new(e) as BoxError)
        })
    }
}

/// The application's job port, on this queue: follow-up pre-generations
/// are pushed as [`PregenerateJob::User`].
impl JobSink for JobQueue {
    fn pregenerate(
        &self,
        user_id: i64,
        at: DateTime<Utc>,
    ) -> gainsly_app::jobs::BoxFuture<'_, Result<(), gainsly_app::BoxError>> {
        Box::pin(async move {
            enqueue_pregenerate(self, user_id, at)
                .await
                .map_err(|e| Box::new(e) as gainsly_app::BoxError)
        })
    }
}

/// Told the LLM state after each check (e.g. to let the planner skip a
/// server known to be down: `planner.set_llm_up(state == HealthStatus::Ok)`).
pub type LlmStateHook = Arc<dyn Fn(HealthStatus) + Send + Sync>;

/// What the jobs need besides the database.
#[derive(Clone)]
pub struct WorkerDeps {
    pub pregenerator: Arc<dyn Pregenerator>,
    /// `None` when the LLM is off: model refresh records `disabled`.
    pub llm: Option<LlmClient>,
    /// Called with the state each model refresh records.
    pub on_llm_state: Option<LlmStateHook>,
}

impl WorkerDeps {
    /// Dependencies with a pre-generator and an optional LLM client.
    pub fn new(pregenerator: Arc<dyn Pregenerator>, llm: Option<LlmClient>) -> WorkerDeps {
        WorkerDeps {
            pregenerator,
            llm,
            on_llm_state: None,
        }
    }

    /// Dependencies over the application: its use-case pre-generates, its
    /// LLM client is checked, and each check keeps its planner's "LLM is
    /// up" flag current.
    pub fn with_app(app: App) -> WorkerDeps {
        let llm = app.llm().map(|c| c.as_ref().clone());
        let planner = app.planner().clone();
        WorkerDeps {
            pregenerator: Arc::new(app),
            llm,
            on_llm_state: Some(Arc::new(move |state| {
                planner.set_llm_up(state == HealthStatus::Ok)
            })),
        }
    }

    /// Calls `hook` with the state each model refresh records.
    pub fn on_llm_state(mut self, hook: LlmStateHook) -> WorkerDeps {
        self.on_llm_state = Some(hook);
        self
    }
}

impl std::fmt::Debug for WorkerDeps {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerDeps")
            .field("llm", &self.llm.as_ref().map(|c| c.config().model.clone()))
            .finish_non_exhaustive()
    }
}

/// Pushes a pre-generation of `user_id`'s tomorrow as of `at` (the job
/// port's implementation: after a planning input changed).
pub async fn enqueue_pregenerate(
    queue: &JobQueue,
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<(), WorkerError> {
    queue.push(&PregenerateJob::User { user_id, at }).await
}

/// The fan-out: one per-user job for every user with an active program,
/// pushed in batches. Returns how many were pushed.
pub async fn fan_out_pregenerate(
    queue: &JobQueue,
    at: DateTime<Utc>,
) -> Result<usize, WorkerError> {
    let users = programs::active_user_ids(queue.db()).await?;
    for chunk in users.chunks(500) {
        let jobs: Vec<PregenerateJob> = chunk
            .iter()
            .map(|&user_id| PregenerateJob::User { user_id, at })
            .collect();
        queue.push_all(&jobs).await?;
    }
    tracing::info!(users = users.len(), %at, "pre-generation fanned out");
    Ok(users.len())
}

/// Pre-generates one user's tomorrow.
pub async fn pregenerate_user(
    deps: &WorkerDeps,
    user_id: i64,
    at: DateTime<Utc>,
) -> Result<Pregenerated, WorkerError> {
    let outcome = deps
        .pregenerator
        .pregenerate(user_id, at)
        .await
        .map_err(|source| WorkerError::Pregenerate { user_id, source })?;
    tracing::debug!(user_id, ?outcome, "pre-generated");
    Ok(outcome)
}

/// Counts of a direct pre-generation run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PregenerateReport {
    pub users: usize,
    pub created: usize,
    pub already_planned: usize,
    pub skipped: usize,
    pub failed: usize,
}

/// Pre-generates every active user's tomorrow right here (for `run-once`),
/// reporting progress; a failing user is logged and counted, not fatal.
pub async fn pregenerate_all(
    deps: &WorkerDeps,
    db: &Db,
    at: DateTime<Utc>,
    progress: &dyn Progress,
) -> Result<PregenerateReport, WorkerError> {
    let users = programs::active_user_ids(db).await?;
    let mut report = PregenerateReport {
        users: users.len(),
        ..PregenerateReport::default()
    };
    progress.start(users.len() as u64, "pre-generating tomorrow's sessions");
    for user_id in users {
        match pregenerate_user(deps, user_id, at).await {
            Ok(Pregenerated::Created) => report.created += 1,
            Ok(Pregenerated::AlreadyPlanned) => report.already_planned += 1,
            Ok(_) => report.skipped += 1,
            Err(e) => {
                tracing::warn!(user_id, error = %e, "pre-generation failed");
                report.failed += 1;
            }
        }
        progress.inc(1);
    }
    progress.finish(&format!(
        "{} created, {} already planned, {} skipped, {} failed",
        report.created, report.already_planned, report.skipped, report.failed
    ));
    Ok(report)
}

/// What a cleanup did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanupReport {
    pub users: usize,
    pub rolled: rollup::RollupCounts,
    pub summaries_deleted: u64,
    pub jobs_purged: u64,
    pub ticks_purged: u64,
    /// Rate-limit windows that ended more than a day ago.
    pub rate_limits_purged: u64,
}

/// Rolls detail older than 90 days (as of `at`, UTC) into weekly summaries,
/// deletes summaries older than a year, deletes rate-limit windows older
/// than a day, and purges finished jobs and cron ticks older than 30 days
/// when `queue` is given.
pub async fn cleanup(
    db: &Db,
    queue: Option<&JobQueue>,
    at: DateTime<Utc>,
    progress: &dyn Progress,
) -> Result<CleanupReport, WorkerError> {
    let today = at.date_naive();
    let cutoff = rollup::detail_cutoff(today);
    let users = rollup::users_with_detail_before(db, cutoff).await?;
    let mut report = CleanupReport {
        users: users.len(),
        ..CleanupReport::default()
    };
    progress.start(
        users.len() as u64,
        "rolling up old workout and soreness detail",
    );
    for user_id in users {
        report.rolled += rollup::roll_up_user(db, user_id, cutoff).await?;
        progress.inc(1);
    }
    report.summaries_deleted =
        rollup::delete_summaries_before(db, rollup::summary_cutoff(today)).await?;
    report.rate_limits_purged =
        gainsly_db::repo::rate_limits::purge(db, at.timestamp() - 86_400).await?;
    if let Some(queue) = queue {
        let (jobs, ticks) = queue
            .purge(std::time::Duration::from_secs(30 * 86_400))
            .await?;
        report.jobs_purged = jobs;
        report.ticks_purged = ticks;
    }
    progress.finish(&format!(
        "{} users: {} workouts, {} sets, {} soreness logs rolled into {} weekly summaries; {} old summaries deleted",
        report.users,
        report.rolled.workouts,
        report.rolled.sets,
        report.rolled.soreness,
        report.rolled.summaries,
        report.summaries_deleted
    ));
    tracing::info!(?report, %cutoff, "cleanup done");
    Ok(report)
}

/// What a model refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelRefreshReport {
    pub llm: HealthStatus,
    pub model: Option<String>,
    /// How long warming the model up took; `None` when the LLM is not `ok`
    /// or the warm-up failed (logged; the next proposal may then be slow).
    pub warm_up: Option<Duration>,
    pub exercises_seeded: usize,
}

/// Checks the LLM server and model (pulling it when configured), records
/// the state for `/health/ready` ([`record_llm_health`]), warms a model
/// that is there up ([`LlmClient::warm_up`]: loaded, the shared system
/// prompt cached, so the next user's proposal does not pay for it), and
/// re-seeds the exercise catalog. An unreachable LLM is a recorded state,
/// not a failure; so is a failed warm-up.
pub async fn model_refresh(
    db: &Db,
    llm: Option<&LlmClient>,
    progress: &dyn Progress,
) -> Result<ModelRefreshReport, WorkerError> {
    progress.start(3, "checking and warming up the LLM, re-seeding the catalog");
    let (state, model) = match llm {
        None => (HealthStatus::Disabled, None),
        Some(client) => {
            let state = match client.ensure_model().await {
                Ok(h) => h,
                Err(e) => {
                    tracing::warn!(error = %e, "pulling the LLM model failed");
                    client.check().await
                }
            };
            (state, Some(client.config().model.clone()))
        }
    };
    record_llm_health(db, state, model.as_deref().unwrap_or("")).await?;
    progress.inc(1);
    let warm_up = match llm {
        Some(client) if state == HealthStatus::Ok => {
            // Logged by the client either way.
            client.warm_up().await.ok().map(|w| w.elapsed)
        }
        _ => None,
    };
    progress.inc(1);
    let seeded = catalog_seed::seed(db).await?;
    progress.inc(1);
    let warmed = match warm_up {
        Some(took) => format!(", warmed up in {:.1} s", took.as_secs_f64()),
        None => String::new(),
    };
    progress.finish(&format!(
        "LLM {}{warmed}; {seeded} exercises seeded",
        state.as_str()
    ));
    tracing::info!(llm = state.as_str(), model = ?model, warm_up_ms = warm_up.map(|d| d.as_millis() as u64), seeded, "model refresh done");
    Ok(ModelRefreshReport {
        llm: state,
        model,
        warm_up,
        exercises_seeded: seeded,
    })
}
