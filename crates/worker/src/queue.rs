//! The job queue: apalis storage in the application's own database —
//! `apalis-postgres` on PostgreSQL, `apalis-sqlite` on SQLite — sharing the
//! sea-orm connection pool. Pushes go straight to the storage's SQL in a
//! transaction, so a cron tick's dedup row and its job commit together.

use std::time::Duration;

use apalis::prelude::TaskBuilder;
use chrono::{DateTime, Utc};
use gainsly_db::{Backend, Db};
use sea_orm::sqlx::{self, PgPool, Row, SqlitePool};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::WorkerError;

/// Queue of the pre-generation jobs (fan-out and per user).
pub const PREGENERATE_QUEUE: &str = "gainsly.pregenerate";
/// Queue of the cleanup jobs.
pub const CLEANUP_QUEUE: &str = "gainsly.cleanup";
/// Queue of the model refresh jobs.
pub const MODEL_REFRESH_QUEUE: &str = "gainsly.model_refresh";
/// Every queue, in one list (the metrics read each).
pub const QUEUES: [&str; 3] = [PREGENERATE_QUEUE, CLEANUP_QUEUE, MODEL_REFRESH_QUEUE];

/// A job payload and the queue it travels on.
pub trait Job: Serialize + DeserializeOwned + Clone + Send + Sync + Unpin + 'static {
    /// The stable queue name (never the Rust type path).
    const QUEUE: &'static str;
}

#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

/// A handle on the job queue in the application's database: cheap to clone.
#[derive(Debug, Clone)]
pub struct JobQueue {
    pub(crate) pool: Pool,
    db: Db,
    max_attempts: usize,
}

/// How many jobs of one queue are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct QueueStats {
    pub pending: u64,
    pub queued: u64,
    pub running: u64,
    pub done: u64,
    pub failed: u64,
    pub killed: u64,
}

impl QueueStats {
    /// Jobs not finished yet (waiting, fetched or running, or failed with attempts left).
    pub fn unfinished(&self) -> u64 {
        self.pending + self.queued + self.running
    }
}

impl JobQueue {
    /// Opens the queue on `db`'s pool and applies apalis' own migrations
    /// (SQLite: `Jobs`, `Workers`, `_sqlx_migrations`; PostgreSQL: the
    /// `apalis` schema). Safe to call from every process at start-up.
    pub async fn open(db: &Db) -> Result<JobQueue, WorkerError> {
        // Several workers of one process open the queue at once; sqlx'
        // SQLite migrator has no lock of its own.
        static SETUP: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
        let _guard = SETUP.lock().await;
        let pool = match db.backend() {
            Backend::Sqlite => Pool::Sqlite(db.conn().get_sqlite_connection_pool().clone()),
            Backend::Postgres => Pool::Postgres(db.conn().get_postgres_connection_pool().clone()),
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = match &pool {
                // Only the migrations: `SqliteStorage::setup` would also turn
                // `synchronous` off on a connection of the app's pool.
                Pool::Sqlite(pool) => apalis_sqlite::SqliteStorage::<()>::migrations()
                    .run(pool)
                    .await
                    .map_err(WorkerError::queue),
                Pool::Postgres(pool) => apalis_postgres::PostgresStorage::setup(pool)
                    .await
                    .map_err(WorkerError::queue),
            };
            match result {
                Ok(()) => break,
                // Another process migrated at the same moment: look again.
                Err(e) if attempt < 5 => {
                    tracing::debug!(error = %e, attempt, "job queue set-up raced; retrying");
                    tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                }
                Err(e) => return Err(e),
            }
        }
        Ok(JobQueue {
            pool,
            db: db.clone(),
            max_attempts: 3,
        })
    }

    /// Sets how many attempts new jobs get (default 3).
    pub fn with_max_attempts(mut self, attempts: usize) -> JobQueue {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The application database behind the queue.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Pushes one job.
    pub async fn push<J: Job>(&self, job: &J) -> Result<(), WorkerError> {
        self.push_all(std::slice::from_ref(job)).await
    }

    /// Pushes several jobs of one queue in one transaction.
    pub async fn push_all<J: Job>(&self, jobs: &[J]) -> Result<(), WorkerError> {
        if jobs.is_empty() {
            return Ok(());
        }
        let payloads = jobs
            .iter()
            .map(serde_json::to_vec)
            .collect::<Result<Vec<_>, _>>()?;
        self.push_raw(J::QUEUE, payloads, None).await.map(|_| ())
    }

    /// Records the cron tick `(name, tick)` and pushes `job`, together;
    /// returns false (and pushes nothing) when some process already did.
    pub async fn push_for_tick<J: Job>(
        &self,
        name: &str,
        tick: DateTime<Utc>,
        job: &J,
    ) -> Result<bool, WorkerError> {
        let payload = serde_json::to_vec(job)?;
        self.push_raw(J::QUEUE, vec![payload], Some((name, tick)))
            .await
    }

    async fn push_raw(
        &self,
        queue: &str,
        payloads: Vec<Vec<u8>>,
        tick: Option<(&str, DateTime<Utc>)>,
    ) -> Result<bool, WorkerError> {
        let tasks: Vec<_> = payloads
            .into_iter()
            .map(|p| TaskBuilder::new(p).max_attempts(self.max_attempts).build())
            .collect();
        let now = Utc::now();
        match &self.pool {
            Pool::Postgres(pool) => {
                let mut tx = pool.begin().await.map_err(WorkerError::queue)?;
                if let Some((name, at)) = tick {
                    let res = sqlx::query(
                        "INSERT INTO cron_ticks (job, tick, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                    )
                    .bind(name)
                    .bind(at)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(WorkerError::queue)?;
                    if res.rows_affected() == 0 {
                        return Ok(false);
                    }
                }
                apalis_postgres::queries::push_tasks(&mut *tx, queue, tasks)
                    .await
                    .map_err(WorkerError::queue)?;
                tx.commit().await.map_err(WorkerError::queue)?;
            }
            Pool::Sqlite(pool) => {
                let mut tx = pool.begin().await.map_err(WorkerError::queue)?;
                if let Some((name, at)) = tick {
                    let res = sqlx::query(
                        "INSERT INTO cron_ticks (job, tick, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                    )
                    .bind(name)
                    .bind(at)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(WorkerError::queue)?;
                    if res.rows_affected() == 0 {
                        return Ok(false);
                    }
                }
                apalis_sqlite::queries::push_tasks(&mut *tx, queue, &tasks)
                    .await
                    .map_err(WorkerError::queue)?;
                tx.commit().await.map_err(WorkerError::queue)?;
            }
        }
        Ok(true)
    }

    /// How many jobs of `queue` are in each state.
    pub async fn stats(&self, queue: &str) -> Result<QueueStats, WorkerError> {
        let rows = match &self.pool {
            Pool::Postgres(pool) => sqlx::query(
                "SELECT status, COUNT(*) AS n FROM apalis.jobs WHERE job_type = $1 GROUP BY status",
            )
            .bind(queue)
            .fetch_all(pool)
            .await
            .map_err(WorkerError::queue)?
            .into_iter()
            .map(|r| Ok((r.try_get::<String, _>("status")?, r.try_get::<i64, _>("n")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>(),
            Pool::Sqlite(pool) => sqlx::query(
                "SELECT status, COUNT(*) AS n FROM Jobs WHERE job_type = ?1 GROUP BY status",
            )
            .bind(queue)
            .fetch_all(pool)
            .await
            .map_err(WorkerError::queue)?
            .into_iter()
            .map(|r| Ok((r.try_get::<String, _>("status")?, r.try_get::<i64, _>("n")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>(),
        }
        .map_err(WorkerError::queue)?;
        let mut s = QueueStats::default();
        for (status, n) in rows {
            let n = u64::try_from(n).unwrap_or_default();
            match status.as_str() {
                "Pending" => s.pending += n,
                "Queued" => s.queued += n,
                "Running" => s.running += n,
                "Done" => s.done += n,
                "Failed" => s.failed += n,
                _ => s.killed += n,
            }
        }
        Ok(s)
    }

    /// Deletes finished jobs older than `age` and cron ticks older than
    /// `age` (they only guard ticks that are long past). Returns (jobs, ticks).
    pub async fn purge(&self, age: Duration) -> Result<(u64, u64), WorkerError> {
        let secs = i64::try_from(age.as_secs()).unwrap_or(i64::MAX / 2);
        let before = Utc::now() - chrono::Duration::seconds(secs);
        let (jobs, ticks) = match &self.pool {
            Pool::Postgres(pool) => {
                let jobs = sqlx::query(
                    "DELETE FROM apalis.jobs WHERE status IN ('Done', 'Killed') AND done_at < $1",
                )
                .bind(before)
                .execute(pool)
                .await
                .map_err(WorkerError::queue)?;
                let ticks = sqlx::query("DELETE FROM cron_ticks WHERE tick < $1")
                    .bind(before)
                    .execute(pool)
                    .await
                    .map_err(WorkerError::queue)?;
                (jobs.rows_affected(), ticks.rows_affected())
            }
            Pool::Sqlite(pool) => {
                let jobs = sqlx::query(
                    "DELETE FROM Jobs WHERE status IN ('Done', 'Killed') AND done_at < ?1",
                )
                .bind(before.timestamp())
                .execute(pool)
                .await
                .map_err(WorkerError::queue)?;
                let ticks = sqlx::query("DELETE FROM cron_ticks WHERE tick < ?1")
                    .bind(before)
                    .execute(pool)
                    .await
                    .map_err(WorkerError::queue)?;
                (jobs.rows_affected(), ticks.rows_affected())
            }
        };
        Ok((jobs, ticks))
    }
}
