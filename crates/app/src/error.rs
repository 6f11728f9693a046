//! What a use-case can fail with, classified for every shell (HTTP, MCP,
//! jobs): invalid input with each failing field, not found, conflict,
//! refused credentials, a required LLM that failed, an unreachable
//! database, corrupt stored data, or a bug. Sources are kept, so the shell
//! can log the whole chain; none of it is meant for the client.

use gainsly_db::DbError;
use gainsly_domain::DomainError;
use gainsly_planner::PlannerError;

/// A boxed error kept as a source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// One field that broke a rule: its path as the caller sent it
/// (`goals[1].weight`, `exercises[0].sets[2].reps`) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Why a use-case did not do what it was asked.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The input breaks field rules (every failing field is listed once).
    #[error("validation failed: {} field(s)", .0.len())]
    Invalid(Vec<FieldError>),
    /// No such thing for this user (or it is someone else's).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The write collides with what exists (`message` is safe to show).
    #[error("conflict: {message}")]
    Conflict {
        message: &'static str,
        #[source]
        source: Option<DbError>,
    },
    /// Credentials or a refresh token were refused (`0` is safe to show).
    #[error("unauthorized: {0}")]
    Unauthorized(&'static str),
    /// The caller is known but its credential may not do this (a `read`
    /// personal access token writing; `0` is safe to show).
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// The LLM is required and gave no usable proposal.
    #[error("session generation failed")]
    GenerationFailed(#[source] PlannerError),
    /// The database cannot be reached (or no connection was free in time).
    #[error("the database is unavailable")]
    Unavailable(#[source] DbError),
    /// A stored value does not parse: a damaged row or a bug.
    #[error("stored data is corrupt")]
    Corrupt(#[source] DbError),
    /// A bug or an unexpected failure of a collaborator.
    #[error("internal error: {what}")]
    Internal {
        what: &'static str,
        #[source]
        source: BoxError,
    },
}

/// Result alias of the use-cases.
pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A 422-style error for one field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Invalid(vec![FieldError::new(field, message)])
    }

    /// An internal error: `what` failed because of `source`.
    pub fn internal(what: &'static str, source: impl Into<BoxError>) -> Self {
        AppError::Internal {
            what,
            source: source.into(),
        }
    }
}

impl From<DbError> for AppError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => AppError::NotFound("resource"),
            e @ DbError::Conflict(_) => AppError::Conflict {
                message: "Resource already exists",
                source: Some(e),
            },
            e @ DbError::Unavailable(_) => AppError::Unavailable(e),
            e @ DbError::Corrupt { .. } => AppError::Corrupt(e),
            e @ DbError::Other(_) => AppError::internal("database", e),
        }
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        AppError::Invalid(vec![field_error_of(e)])
    }
}

/// The field error a domain parse failure stands for.
pub(crate) fn field_error_of(e: DomainError) -> FieldError {
    match e {
        DomainError::Invalid { field, message } => FieldError::new(field, message),
        DomainError::OutOfRange {
            field, min, max, ..
        } => FieldError::new(field, format!("must be between {min} and {max}")),
        DomainError::UnknownName { kind, value } => {
            FieldError::new(kind.to_lowercase(), format!("unknown value `{value}`"))
        }
    }
}

impl From<PlannerError> for AppError {
    fn from(e: PlannerError) -> Self {
        match e {
            PlannerError::NotFound(what) => AppError::NotFound(what),
            e @ PlannerError::GenerationFailed { .. } => AppError::GenerationFailed(e),
            PlannerError::Db(db) => db.into(),
            e @ (PlannerError::Optimizer(_)
            | PlannerError::SolverTask(_)
            | PlannerError::SolverSlots(_)) => AppError::internal("planner", e),
        }
    }
}

/// The error and its sources, `: `-separated (for logs).
pub fn chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut next = e.source();
    while let Some(cause) = next {
        out.push_str(": ");
        out.push_str(&cause.to_string());
        next = cause.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_rows_are_their_own_kind_and_keep_their_cause() {
        let json = serde_json::from_str::<u8>("x").unwrap_err();
        let e = AppError::from(DbError::corrupt("session", json));
        assert!(matches!(e, AppError::Corrupt(_)));
        let text = chain(&e);
        assert!(
            text.starts_with("stored data is corrupt: stored session is corrupt: "),
            "{text}"
        );
    }
}
