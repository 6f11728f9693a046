//! Running the jobs: one apalis worker per queue (with retries and a
//! concurrency limit) plus one apalis-cron worker per schedule, under one
//! apalis `Monitor` that stops them gracefully.
//!
//! Reliability, as apalis 1.0 provides it: a worker marks fetched jobs with
//! its name and records a heartbeat every `heartbeat_interval`; every
//! heartbeat also re-queues the `Queued`/`Running` jobs of workers silent for
//! `heartbeat_interval × missed_heartbeats`, so a killed worker's job runs
//! again on a live one. A failed attempt is retried in place after an
//! exponential back-off (`retry_backoff`, doubled) up to `max_attempts`;
//! jobs are pushed with the same `max_attempts` so the storage does not
//! re-run them beyond that. On shutdown workers stop fetching, finish the
//! jobs in flight, write their results and hand unstarted buffered jobs back.

use std::time::Duration;

use apalis::layers::WorkerBuilderExt;
use apalis::layers::retry::backoff::{ExponentialBackoffMaker, MakeBackoff};
use apalis::layers::retry::{HasherRng, RetryPolicy};
use apalis::prelude::{BackendExt, Data, Monitor, WorkerBuilder};
use apalis_cron::{CronScheduler, Tick};
use apalis_postgres::PostgresStorage;
use apalis_sqlite::SqliteStorage;
use chrono::{DateTime, Utc};
use gainsly_db::Db;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

use crate::error::WorkerError;
use crate::jobs::{self, CleanupJob, ModelRefreshJob, PregenerateJob, WorkerDeps};
use crate::progress::NoProgress;
use crate::queue::{Job, JobQueue, Pool};
use crate::tuning::QueueTuning;
use gainsly_app::settings::{Schedule, Schedules, Settings};

/// How the workers of one process run.
#[derive(Debug, Clone, Default)]
pub struct WorkerOptions {
    pub schedules: Schedules,
    pub tuning: QueueTuning,
}

impl WorkerOptions {
    /// The configured schedules, concurrency and poll interval.
    pub fn from_settings(settings: &Settings) -> WorkerOptions {
        WorkerOptions {
            schedules: settings.schedules.clone(),
            tuning: QueueTuning::from_settings(settings),
        }
    }
}

/// What every job handler gets.
#[derive(Debug, Clone)]
struct JobContext {
    queue: JobQueue,
    deps: WorkerDeps,
}

/// Which periodic job a cron worker feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Periodic {
    Pregenerate,
    Cleanup,
    ModelRefresh,
}

impl Periodic {
    const fn name(self) -> &'static str {
        match self {
            Periodic::Pregenerate => "pregenerate",
            Periodic::Cleanup => "cleanup",
            Periodic::ModelRefresh => "model_refresh",
        }
    }
}

#[derive(Debug, Clone)]
struct TickContext {
    queue: JobQueue,
    job: Periodic,
}

/// Records the tick and pushes its job unless another process already did.
async fn fire(queue: &JobQueue, job: Periodic, at: DateTime<Utc>) -> Result<bool, WorkerError> {
    let pushed = match job {
        Periodic::Pregenerate => {
            queue
                .push_for_tick(job.name(), at, &PregenerateJob::FanOut { at })
                .await?
        }
        Periodic::Cleanup => {
            queue
                .push_for_tick(job.name(), at, &CleanupJob { at })
                .await?
        }
        Periodic::ModelRefresh => {
            queue
                .push_for_tick(job.name(), at, &ModelRefreshJob { at })
                .await?
        }
    };
    if pushed {
        tracing::info!(job = job.name(), %at, "cron tick enqueued");
    } else {
        tracing::debug!(job = job.name(), %at, "cron tick already taken by another worker");
    }
    Ok(pushed)
}

async fn on_tick(tick: Tick, ctx: Data<TickContext>) -> Result<(), WorkerError> {
    let secs = i64::try_from(tick.get_timestamp()).unwrap_or_default();
    let at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap_or_else(Utc::now);
    fire(&ctx.queue, ctx.job, at).await.map(|_| ())
}

/// Runs `fut` on its own task so a slow or CPU-heavy job never delays the
/// worker's heartbeats; a panic becomes an error.
async fn isolated<T: Send + 'static>(
    fut: impl Future<Output = Result<T, WorkerError>> + Send + 'static,
) -> Result<T, WorkerError> {
    tokio::spawn(fut)
        .await
        .map_err(|e| WorkerError::Runtime(format!("job task ended abnormally: {e}")))?
}

async fn handle_pregenerate(job: PregenerateJob, ctx: Data<JobContext>) -> Result<(), WorkerError> {
    let ctx = (*ctx).clone();
    isolated(async move {
        match job {
            PregenerateJob::FanOut { at } => {
                jobs::fan_out_pregenerate(&ctx.queue, at).await.map(|_| ())
            }
            PregenerateJob::User { user_id, at } => jobs::pregenerate_user(&ctx.deps, user_id, at)
                .await
                .map(|_| ()),
        }
    })
    .await
}

async fn handle_cleanup(job: CleanupJob, ctx: Data<JobContext>) -> Result<(), WorkerError> {
    let ctx = (*ctx).clone();
    isolated(async move {
        jobs::cleanup(ctx.queue.db(), Some(&ctx.queue), job.at, &NoProgress)
            .await
            .map(|_| ())
    })
    .await
}

async fn handle_model_refresh(
    _job: ModelRefreshJob,
    ctx: Data<JobContext>,
) -> Result<(), WorkerError> {
    let ctx = (*ctx).clone();
    isolated(async move {
        let report =
            jobs::model_refresh(ctx.queue.db(), ctx.deps.llm.as_ref(), &NoProgress).await?;
        if let Some(hook) = &ctx.deps.on_llm_state {
            hook(report.llm);
        }
        Ok(())
    })
    .await
}

fn worker_name(queue: &str, restarts: usize) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "local".to_owned());
    format!(
        "{queue}@{host}:{}:{:08x}:{restarts}",
        std::process::id(),
        rand::random::<u32>()
    )
}

fn retry_policy(
    tuning: &QueueTuning,
) -> Result<
    apalis::layers::retry::BackoffRetryPolicy<apalis::layers::retry::backoff::ExponentialBackoff>,
    WorkerError,
> {
    let min = tuning.retry_backoff.max(Duration::from_millis(1));
    let backoff = ExponentialBackoffMaker::new(min, min * 8, 0.1, HasherRng::default())
        .map_err(|e| WorkerError::Config(format!("retry back-off: {e}")))?
        .make_backoff();
    Ok(RetryPolicy::retries(tuning.max_attempts.saturating_sub(1)).with_backoff(backoff))
}

/// Registers one queue worker for job type `$job` with `$handler`.
macro_rules! register_queue {
    ($monitor:expr, $pool:expr, $tuning:expr, $ctx:expr, $job:ty, $concurrency:expr, $handler:expr) => {{
        let tuning = $tuning.clone();
        let ctx = $ctx.clone();
        let concurrency: usize = $concurrency;
        let policy = retry_policy(&tuning)?;
        match $pool {
            Pool::Sqlite(pool) => {
                let pool = pool.clone();
                $monitor.register(move |restarts| {
                    let config = apalis_sqlite::Config::default()
                        .queue(<$job as Job>::QUEUE)
                        .batch_size(concurrency)
                        .heartbeat_interval(tuning.heartbeat_interval)
                        .missed_heartbeats(tuning.missed_heartbeats);
                    let storage = SqliteStorage::<$job>::new(&pool)
                        .with_config(config)
                        .poll_with_interval(tuning.poll_interval);
                    WorkerBuilder::new(worker_name(<$job as Job>::QUEUE, restarts))
                        .backend(storage)
                        .data(ctx.clone())
                        .concurrency(concurrency)
                        .retry(policy.clone())
                        .build($handler)
                })
            }
            Pool::Postgres(pool) => {
                let pool = pool.clone();
                $monitor.register(move |restarts| {
                    let config = apalis_postgres::Config::default()
                        .queue(<$job as Job>::QUEUE)
                        .batch_size(concurrency)
                        .heartbeat_interval(tuning.heartbeat_interval)
                        .missed_heartbeats(tuning.missed_heartbeats);
                    let storage = PostgresStorage::<$job>::new(&pool)
                        .with_config(config)
                        .poll_with_interval(tuning.poll_interval);
                    WorkerBuilder::new(worker_name(<$job as Job>::QUEUE, restarts))
                        .backend(storage)
                        .data(ctx.clone())
                        .concurrency(concurrency)
                        .retry(policy.clone())
                        .build($handler)
                })
            }
        }
    }};
}

fn register_cron(
    monitor: Monitor,
    queue: &JobQueue,
    job: Periodic,
    schedule: &Schedule,
    tuning: &QueueTuning,
) -> Result<Monitor, WorkerError> {
    let ctx = TickContext {
        queue: queue.clone(),
        job,
    };
    let parsed = schedule.cron().clone();
    let policy = retry_policy(tuning)?;
    tracing::info!(job = job.name(), schedule = %schedule.expr, "cron schedule registered");
    Ok(monitor.register(move |restarts| {
        WorkerBuilder::new(worker_name(
            &format!("gainsly.cron.{}", job.name()),
            restarts,
        ))
        .backend(CronScheduler::new(parsed.clone()))
        .data(ctx.clone())
        .retry(policy.clone())
        .build(on_tick)
    }))
}

fn build_monitor(
    queue: &JobQueue,
    deps: &WorkerDeps,
    options: &WorkerOptions,
) -> Result<Monitor, WorkerError> {
    let ctx = JobContext {
        queue: queue.clone(),
        deps: deps.clone(),
    };
    let tuning = &options.tuning;
    let mut monitor = Monitor::new().shutdown_timeout(tuning.shutdown_grace);
    monitor = register_queue!(
        monitor,
        &queue.pool,
        tuning,
        ctx,
        PregenerateJob,
        tuning.concurrency.max(1),
        handle_pregenerate
    );
    monitor = register_queue!(
        monitor,
        &queue.pool,
        tuning,
        ctx,
        CleanupJob,
        1,
        handle_cleanup
    );
    monitor = register_queue!(
        monitor,
        &queue.pool,
        tuning,
        ctx,
        ModelRefreshJob,
        1,
        handle_model_refresh
    );
    let s = &options.schedules;
    for (job, schedule) in [
        (Periodic::Pregenerate, &s.pregenerate),
        (Periodic::Cleanup, &s.cleanup),
        (Periodic::ModelRefresh, &s.model_refresh),
    ] {
        if let Some(schedule) = schedule {
            monitor = register_cron(monitor, queue, job, schedule, tuning)?;
        }
    }
    Ok(monitor)
}

/// Enqueues the latest tick of each schedule that fell within the last
/// `window` (e.g. the worker was down at 02:00) unless some process already
/// ran it. Returns how many were enqueued.
pub async fn catch_up(
    queue: &JobQueue,
    schedules: &Schedules,
    window: Duration,
    now: DateTime<Utc>,
) -> Result<usize, WorkerError> {
    let window = chrono::Duration::from_std(window).unwrap_or_else(|_| chrono::Duration::hours(6));
    let mut fired = 0;
    for (job, schedule) in [
        (Periodic::Pregenerate, &schedules.pregenerate),
        (Periodic::Cleanup, &schedules.cleanup),
        (Periodic::ModelRefresh, &schedules.model_refresh),
    ] {
        let Some(schedule) = schedule else { continue };
        let last = schedule
            .upcoming_after(now - window)
            .take_while(|t| *t <= now)
            .last();
        if let Some(at) = last
            && fire(queue, job, at).await?
        {
            fired += 1;
        }
    }
    Ok(fired)
}

/// Checks the LLM every `every` until `shutdown`, recording what it finds
/// for `/health/ready` (`disabled` without a client) and telling the hook.
async fn watch_llm(db: Db, deps: WorkerDeps, every: Duration, shutdown: CancellationToken) {
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            () = shutdown.cancelled() => return,
            _ = ticks.tick() => {}
        }
        let (state, model) = match &deps.llm {
            None => (gainsly_llm::HealthStatus::Disabled, String::new()),
            Some(client) => (client.check().await, client.config().model.clone()),
        };
        if let Err(e) = gainsly_app::health::record_llm_health(&db, state, &model).await {
            tracing::warn!(error = %gainsly_app::error::chain(&e), "recording the LLM state failed");
        }
        if let Some(hook) = &deps.on_llm_state {
            hook(state);
        }
    }
}

/// Runs every worker of this process until `shutdown` is cancelled, then
/// lets the jobs in flight finish. A worker that stops on an error (e.g. the
/// database went away) is rebuilt after a pause. Alongside, the LLM is
/// checked every `tuning.llm_check_interval` and its state recorded.
pub async fn run(
    db: Db,
    deps: WorkerDeps,
    options: WorkerOptions,
    shutdown: CancellationToken,
) -> Result<(), WorkerError> {
    let queue = JobQueue::open(&db)
        .await?
        .with_max_attempts(options.tuning.max_attempts);
    let stop_watching = shutdown.child_token();
    let watcher = tokio::spawn(watch_llm(
        db.clone(),
        deps.clone(),
        options.tuning.llm_check_interval,
        stop_watching.clone(),
    ));
    let result = run_queues(&queue, &deps, &options, &shutdown).await;
    stop_watching.cancel();
    let _ = watcher.await;
    result
}

async fn run_queues(
    queue: &JobQueue,
    deps: &WorkerDeps,
    options: &WorkerOptions,
    shutdown: &CancellationToken,
) -> Result<(), WorkerError> {
    if let Err(e) = catch_up(
        queue,
        &options.schedules,
        options.tuning.catch_up,
        Utc::now(),
    )
    .await
    {
        tracing::warn!(error = %e, "catching up missed cron ticks failed");
    }
    loop {
        let monitor = build_monitor(queue, deps, options)?;
        let token = shutdown.clone();
        let result = monitor
            .run_with_signal(async move {
                token.cancelled().await;
                Ok(())
            })
            .await;
        match result {
            Ok(()) => return Ok(()),
            Err(e) if shutdown.is_cancelled() => {
                return Err(WorkerError::Runtime(e.to_string()));
            }
            Err(e) => {
                tracing::error!(error = %e, "workers stopped with an error; restarting in 5 s");
                tokio::select! {
                    () = shutdown.cancelled() => return Ok(()),
                    () = tokio::time::sleep(Duration::from_secs(5)) => {}
                }
            }
        }
    }
}

/// Starts the workers inside the calling process (the API's embedded mode,
/// tests); cancel `shutdown` and await the handle to stop them after the
/// jobs in flight.
pub fn spawn_with(
    db: Db,
    deps: WorkerDeps,
    options: WorkerOptions,
    shutdown: CancellationToken,
) -> JoinHandle<Result<(), WorkerError>> {
    tokio::spawn(async move {
        let result = run(db, deps, options, shutdown).await;
        if let Err(e) = &result {
            tracing::error!(error = %e, "background workers stopped");
        }
        result
    })
}

/// A no-op used where a [`WorkerDeps`] needs a pre-generator but none exists.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoPregenerator;

impl jobs::Pregenerator for NoPregenerator {
    fn pregenerate(
        &self,
        _user_id: i64,
        _now: DateTime<Utc>,
    ) -> jobs::BoxFuture<'_, Result<jobs::Pregenerated, crate::error::BoxError>> {
        Box::pin(async { Ok(jobs::Pregenerated::NoActiveProgram) })
    }
}
