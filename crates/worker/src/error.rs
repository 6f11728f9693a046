//! The worker's typed errors.

use thiserror::Error;

/// A boxed error from a collaborator (the planner, a test double).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong running or enqueuing a background job.
#[derive(Debug, Error)]
pub enum WorkerError {
    /// The application database failed.
    #[error("database error: {0}")]
    Db(#[from] gainsly_db::DbError),
    /// The job queue (apalis storage) failed.
    #[error("job queue error: {0}")]
    Queue(#[source] BoxError),
    /// A job payload could not be encoded or decoded.
    #[error("job payload error: {0}")]
    Payload(#[from] serde_json::Error),
    /// A schedule is not a valid cron expression.
    #[error("invalid schedule {name} = {expr:?}: {reason}")]
    Schedule {
        name: &'static str,
        expr: String,
        reason: String,
    },
    /// A configuration value is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Pre-generating one user's session failed.
    #[error("pre-generation for user {user_id} failed: {source}")]
    Pregenerate {
        user_id: i64,
        #[source]
        source: BoxError,
    },
    /// The LLM client could not be built.
    #[error("LLM error: {0}")]
    Llm(#[from] gainsly_llm::LlmError),
    /// The worker runtime (apalis monitor) stopped with an error.
    #[error("worker runtime error: {0}")]
    Runtime(String),
}

impl WorkerError {
    /// Wraps any queue-side error (sqlx, apalis storage).
    pub(crate) fn queue(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        WorkerError::Queue(Box::new(e))
    }
}
