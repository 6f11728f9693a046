//! The one mapping from failures to HTTP answers.
//!
//! Every non-2xx answer has the body `{"detail","error_code","errors"}` of
//! api.md. Handlers return [`ApiError`]; crate errors convert into it here and
//! nowhere else. Internal causes are logged (inside the request's span, which
//! carries its request id) and never sent to the client.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use gainsly_db::DbError;
use gainsly_domain::DomainError;
use serde::Serialize;
use utoipa::ToSchema;

/// One field that broke a rule.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// Path of the field, e.g. `goals[1].weight`.
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

/// The error body of every non-2xx answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub detail: String,
    /// One of BAD_REQUEST, UNAUTHORIZED, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT,
    /// PAYLOAD_TOO_LARGE, VALIDATION_ERROR, RATE_LIMITED, INTERNAL,
    /// GENERATION_FAILED, SERVICE_UNAVAILABLE.
    #[schema(example = "VALIDATION_ERROR")]
    pub error_code: &'static str,
    pub errors: Vec<FieldError>,
}

/// What a request failed with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("not found")]
    NotFound,
    /// A known path asked with a method it does not have; `allow` lists the ones it has.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("rate limited")]
    RateLimited { retry_after_secs: u64 },
    #[error("generation failed: {0}")]
    GenerationFailed(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl ApiError {
    /// A 422 for a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    /// A 500 whose cause is logged here and hidden from the client.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        ApiError::Internal(cause.to_string())
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "BAD_REQUEST",
            ApiError::Unauthorized(_) => "UNAUTHORIZED",
            ApiError::NotFound => "NOT_FOUND",
            ApiError::MethodNotAllowed { .. } => "METHOD_NOT_ALLOWED",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ApiError::Validation(_) => "VALIDATION_ERROR",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::GenerationFailed(_) => "GENERATION_FAILED",
            ApiError::Unavailable(_) => "SERVICE_UNAVAILABLE",
            ApiError::Internal(_) => "INTERNAL",
        }
    }

    /// The body sent to the client.
    pub fn body(&self) -> ErrorBody {
        let (detail, errors) = match self {
            ApiError::BadRequest(d) | ApiError::Unauthorized(d) | ApiError::Conflict(d) => {
                (d.clone(), vec![])
            }
            ApiError::NotFound => ("Not found".to_owned(), vec![]),
            ApiError::MethodNotAllowed { allow } => (
                format!("Method not allowed; this path allows {allow}"),
                vec![],
            ),
            ApiError::PayloadTooLarge => ("Request body is too large".to_owned(), vec![]),
            ApiError::Validation(errors) => ("Validation failed".to_owned(), errors.clone()),
            ApiError::RateLimited { .. } => {
                ("Too many attempts; try again later".to_owned(), vec![])
            }
            ApiError::GenerationFailed(_) => (
                "Session generation failed; the LLM is required and did not answer usefully"
                    .to_owned(),
                vec![],
            ),
            ApiError::Unavailable(_) => (
                "Service temporarily unavailable; try again shortly".to_owned(),
                vec![],
            ),
            ApiError::Internal(_) => ("Internal server error".to_owned(), vec![]),
        };
        ErrorBody {
            detail,
            error_code: self.code(),
            errors,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::GenerationFailed(_) | ApiError::Unavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(cause = %cause, "internal error"),
            ApiError::Unavailable(cause) => {
                tracing::warn!(cause = %cause, "dependency unavailable")
            }
            ApiError::GenerationFailed(cause) => {
                tracing::warn!(cause = %cause, "session generation failed")
            }
            _ => {}
        }
        let mut res = HttpResponse::build(self.status_code());
        match self {
            ApiError::Unauthorized(_) => {
                res.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
            }
            ApiError::RateLimited { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            ApiError::MethodNotAllowed { allow } => {
                res.insert_header((header::ALLOW, allow.as_str()));
            }
            _ => {}
        }
        res.json(self.body())
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> Self {
        match e {
            DbError::NotFound => ApiError::NotFound,
            DbError::Conflict(detail) => {
                tracing::debug!(%detail, "unique constraint");
                ApiError::Conflict("Resource already exists".into())
            }
            DbError::Unavailable(err) => ApiError::Unavailable(err.to_string()),
            DbError::Other(err) => ApiError::Internal(err.to_string()),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::Invalid { field, message } => ApiError::field(field, message),
            DomainError::OutOfRange {
                field, min, max, ..
            } => ApiError::field(field, format!("must be between {min} and {max}")),
            DomainError::UnknownName { kind, value } => {
                ApiError::field(kind.to_lowercase(), format!("unknown value `{value}`"))
            }
        }
    }
}

/// Collects field errors from several checks into one 422.
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Records the error of `r` (if any) and returns its value.
    pub fn check<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                if let ApiError::Validation(mut errs) = ApiError::from(e) {
                    self.0.append(&mut errs);
                }
                None
            }
        }
    }

    /// Records a field error.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// `Ok(())` when nothing was recorded, else the 422 (each field error once).
    pub fn finish(mut self) -> Result<(), ApiError> {
        let mut seen = std::collections::HashSet::new();
        self.0
            .retain(|e| seen.insert((e.field.clone(), e.message.clone())));
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;
