//! The crate's error type.

use thiserror::Error;

/// Why [`crate::solve`] returned no plan.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OptimizerError {
    /// The problem is malformed (a non-finite number, a negative weight, a
    /// duplicated candidate, …). Nothing was solved.
    #[error("invalid selection problem: {0}")]
    InvalidProblem(String),
    /// Not even the fully relaxed problem has a plan: no allowed candidate
    /// fits one set into the time cap and the protected muscles' caps (for
    /// example a time cap shorter than the warm-up). An empty session is not
    /// a plan.
    #[error("no plan fits even with every relaxation: {0}")]
    Infeasible(String),
    /// HiGHS failed (model or solve error), or gave up without a plan.
    #[error("solver failure: {0}")]
    Solver(String),
    /// The solver's plan broke a hard constraint according to the
    /// independent checker (`Selection::violations`); never returned to a
    /// user as a plan.
    #[error("the solver's plan breaks a hard constraint: {0}")]
    Internal(String),
}
