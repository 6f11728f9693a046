//! What planning a day can fail with.

use gainsly_db::DbError;
use thiserror::Error;

/// Why no session could be had.
#[derive(Debug, Error)]
pub enum PlannerError {
    /// No such program for this user, no active program, or the date is outside it.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The LLM is required and did not give a usable proposal.
    #[error("generation failed: {0}")]
    GenerationFailed(String),
    #[error(transparent)]
    Db(#[from] DbError),
    /// A bug: the optimizer or a background task failed unexpectedly.
    #[error("internal: {0}")]
    Internal(String),
}

/// Result alias of the planner.
pub type PlanResult<T> = Result<T, PlannerError>;
