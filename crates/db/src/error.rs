//! Typed database errors, classified so the API can answer 404, 409 or 503.

use sea_orm::{DbErr, RuntimeErr, SqlErr, sqlx};
use thiserror::Error;

/// What went wrong talking to the database.
#[derive(Debug, Error)]
pub enum DbError {
    /// The row does not exist (or belongs to someone else).
    #[error("not found")]
    NotFound,
    /// A unique constraint rejected the write; holds the constraint detail.
    #[error("unique constraint violated: {0}")]
    Conflict(String),
    /// The database could not be reached (connection refused, pool timeout, …).
    #[error("database unavailable: {0}")]
    Unavailable(#[source] DbErr),
    /// A stored value does not parse (a damaged row or a bug, never user
    /// input): `what` names the value, `source` says why.
    #[error("stored {what} is corrupt")]
    Corrupt {
        what: String,
        #[source]
        source: BoxError,
    },
    /// Any other database error: a bug or a schema problem.
    #[error("database error: {0}")]
    Other(#[source] DbErr),
}

/// A boxed error kept as a [`DbError::Corrupt`] source.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

impl DbError {
    /// A stored `what` that does not parse, for the reason `source`
    /// (an error, or a message such as the offending value).
    pub fn corrupt(what: impl Into<String>, source: impl Into<BoxError>) -> Self {
        DbError::Corrupt {
            what: what.into(),
            source: source.into(),
        }
    }
}

impl DbError {
    /// Whether this error means "the database is down" rather than a bad query.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, DbError::Unavailable(_))
    }
}

fn sqlx_is_unavailable(e: &sqlx::Error) -> bool {
    matches!(
        e,
        sqlx::Error::Io(_)
            | sqlx::Error::Tls(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::WorkerCrashed
            | sqlx::Error::Protocol(_)
    )
}

fn runtime_is_unavailable(e: &RuntimeErr) -> bool {
    match e {
        RuntimeErr::SqlxError(inner) => sqlx_is_unavailable(inner),
        _ => false,
    }
}

impl From<DbErr> for DbError {
    fn from(err: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(detail)) = err.sql_err() {
            return DbError::Conflict(detail);
        }
        let unavailable = match &err {
            DbErr::ConnectionAcquire(_) => true,
            DbErr::Conn(e) | DbErr::Exec(e) | DbErr::Query(e) => runtime_is_unavailable(e),
            _ => false,
        };
        match err {
            DbErr::RecordNotFound(_) => DbError::NotFound,
            err if unavailable => DbError::Unavailable(err),
            err => DbError::Other(err),
        }
    }
}

/// Result alias for repository functions.
pub type DbResult<T> = Result<T, DbError>;
