//! # gainsly-worker
//!
//! Gainsly's background jobs on apalis 1.0, with the queue in the
//! application's own database: `apalis-postgres` when `DATABASE_URL` is
//! PostgreSQL (any number of `gainsly-worker` processes), `apalis-sqlite`
//! otherwise (usually inside the API process, [`spawn_with`]).
//!
//! | queue | job | when |
//! |---|---|---|
//! | `gainsly.pregenerate` | [`PregenerateJob`]: the fan-out (one job per user with an active program), or one user's tomorrow | daily 02:00 UTC (`GAINSLY_SCHEDULE_PREGENERATE`), and after every planning-input change (the application's [`gainsly_app::JobSink`] port, implemented here by [`JobQueue`]) |
//! | `gainsly.cleanup` | [`CleanupJob`]: detail older than 90 days rolled into weekly summaries, summaries older than a year deleted | Sundays 04:00 UTC (`GAINSLY_SCHEDULE_CLEANUP`) |
//! | `gainsly.model_refresh` | [`ModelRefreshJob`]: LLM health and model (pulled when `GAINSLY_LLM_PULL`), state stored for `/health/ready`, catalog re-seeded | daily 03:00 UTC (`GAINSLY_SCHEDULE_MODEL_REFRESH`) |
//!
//! The jobs call the application layer (`gainsly-app`): a per-user
//! pre-generation is `App::pregenerate_tomorrow`. Besides the queues, every
//! worker process checks the LLM once a minute and records the state
//! (`gainsly_app::health::record_llm_health`) that every API instance
//! reports at `/health/ready`. The schedules, the concurrency and the LLM
//! settings come from the one loader, `gainsly_app::settings::Settings`.
//!
//! Each cron tick is recorded in `cron_ticks` (job, tick) in the same
//! transaction that pushes its job, so with several worker processes exactly
//! one of them enqueues it; a tick missed while no worker ran (within
//! [`QueueTuning::catch_up`]) is enqueued at start-up. Every job is
//! idempotent, attempted at most 3 times with exponential back-off, and
//! re-queued when its worker dies (heartbeats; see [`runtime`]).
//!
//! ```no_run
//! # async fn demo(db: gainsly_db::Db, deps: gainsly_worker::WorkerDeps) -> Result<(), gainsly_worker::WorkerError> {
//! use gainsly_worker::{JobQueue, WorkerOptions, enqueue_pregenerate, spawn_with};
//! let shutdown = tokio_util::sync::CancellationToken::new();
//! let workers = spawn_with(db.clone(), deps, WorkerOptions::default(), shutdown.clone());
//! let queue = JobQueue::open(&db).await?;
//! enqueue_pregenerate(&queue, 42, chrono::Utc::now()).await?;
//! shutdown.cancel();
//! let _ = workers.await;
//! # Ok(()) }
//! ```

pub mod error;
pub mod jobs;
pub mod progress;
pub mod queue;
pub mod runtime;
pub mod tuning;

pub use error::{BoxError, WorkerError};
pub use gainsly_app::settings::{Schedule, Schedules};
pub use jobs::{
    BoxFuture, CleanupJob, CleanupReport, LlmStateHook, ModelRefreshJob, ModelRefreshReport,
    PregenerateJob, PregenerateReport, Pregenerated, Pregenerator, WorkerDeps, enqueue_pregenerate,
};
pub use progress::{ConsoleProgress, NoProgress, Progress};
pub use queue::{
    CLEANUP_QUEUE, JobQueue, MODEL_REFRESH_QUEUE, PREGENERATE_QUEUE, QUEUES, QueueStats,
};
pub use runtime::{NoPregenerator, WorkerOptions, catch_up, run, spawn_with};
pub use tokio_util::sync::CancellationToken;
pub use tuning::QueueTuning;
