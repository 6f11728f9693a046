//! The worker's typed errors.

use thiserror::Error;

/// A boxed error from a collaborator (the application, a test double).
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// What went wrong running or enqueuing a background job.
#[derive(Debug, Error)]
pub enum WorkerError {
    /// The application database failed.
    #[error("database error")]
    Db(#[from] gainsly_db::DbError),
    /// An application use-case failed.
    #[error("application error")]
    App(#[from] gainsly_app::AppError),
    /// The settings are invalid.
    #[error("invalid settings")]
    Settings(#[from] gainsly_app::settings::SettingsError),
    /// The job queue (apalis storage) failed.
    #[error("job queue error")]
    Queue(#[source] BoxError),
    /// A job payload could not be encoded or decoded.
    #[error("job payload error")]
    Payload(#[from] serde_json::Error),
    /// A configuration value is invalid.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// Pre-generating one user's session failed.
    #[error("pre-generation for user {user_id} failed")]
    Pregenerate {
        user_id: i64,
        #[source]
        source: BoxError,
    },
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
