//! The port for follow-up work: after a use-case commits, work that can
//! happen later (pre-generating tomorrow's session) goes to a [`JobSink`].
//!
//! The application does not know the queue: `gainsly-worker` implements the
//! port with its apalis `JobQueue` and the shell (`gainsly-api`) hands it
//! to [`crate::App::with_jobs`]. Jobs must be idempotent: they are pushed
//! after the commit, so a crash in between loses the job (on-demand
//! planning and the nightly run cover it) but never runs it on data that
//! was rolled back.

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Utc};

use crate::error::BoxError;

/// A boxed, sendable future (the port is object safe).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where the application sends follow-up work.
pub trait JobSink: Send + Sync + std::fmt::Debug {
    /// Plan `user_id`'s tomorrow (in the user's time zone, as of `at`) in the
    /// background. Idempotent: a day that has a session is left alone.
    fn pregenerate(&self, user_id: i64, at: DateTime<Utc>) -> BoxFuture<'_, Result<(), BoxError>>;
}

/// A sink that drops the work: without a queue, days are planned on demand.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoJobs;

impl JobSink for NoJobs {
    fn pregenerate(&self, user_id: i64, _at: DateTime<Utc>) -> BoxFuture<'_, Result<(), BoxError>> {
        tracing::debug!(user_id, "no job queue: tomorrow is planned on demand");
        Box::pin(async { Ok(()) })
    }
}
