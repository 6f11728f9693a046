//! What planning a day can fail with.

use gainsly_db::DbError;
use gainsly_llm::LlmError;
use gainsly_optimizer::OptimizerError;
use thiserror::Error;

/// Why no session could be had.
#[derive(Debug, Error)]
pub enum PlannerError {
    /// The date is outside the program, or its microcycle has no such day.
    #[error("not found: {0}")]
    NotFound(&'static str),
    /// The LLM is required and gave no usable proposal (`source`: why;
    /// `None` when no LLM client is configured at all).
    #[error("the LLM is required and gave no usable proposal")]
    GenerationFailed {
        #[source]
        source: Option<LlmError>,
    },
    #[error(transparent)]
    Db(#[from] DbError),
    /// The optimizer failed for another reason than infeasibility: a bug.
    #[error("the optimizer failed")]
    Optimizer(#[source] OptimizerError),
    /// The solve's blocking task panicked or was cancelled: a bug.
    #[error("the solver task ended abnormally")]
    SolverTask(#[source] tokio::task::JoinError),
    /// The solver slots were closed: a bug.
    #[error("no solver slot")]
    SolverSlots(#[source] tokio::sync::AcquireError),
}

/// Result alias of the planner.
pub type PlanResult<T> = Result<T, PlannerError>;
