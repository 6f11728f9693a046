//! The one mapping from failures to HTTP answers.
//!
//! Every non-2xx answer has the body `{"detail","error_code","errors"}` of
//! api.md. Handlers return [`ApiError`]; the application's [`AppError`] (and
//! the domain's parse errors) convert into it here and nowhere else.
//! Internal causes keep their sources; the whole chain is logged (inside the
//! request's span, which carries its request id) and never sent to the
//! client. Corrupt stored data is logged as such, apart from other bugs.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use gainsly_app::AppError;
use gainsly_app::error::{BoxError, chain};
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

/// At most this many field errors are answered (the first ones, in the
/// order they were found): enough to fix a request, and a bound on the body.
pub const MAX_FIELD_ERRORS: usize = 100;

/// Every `error_code` the server answers.
pub const ERROR_CODES: [&str; 12] = [
    "BAD_REQUEST",
    "UNAUTHORIZED",
    "FORBIDDEN",
    "NOT_FOUND",
    "METHOD_NOT_ALLOWED",
    "CONFLICT",
    "PAYLOAD_TOO_LARGE",
    "VALIDATION_ERROR",
    "RATE_LIMITED",
    "INTERNAL",
    "GENERATION_FAILED",
    "SERVICE_UNAVAILABLE",
];

/// The error body of every non-2xx answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub detail: String,
    /// One of BAD_REQUEST, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, METHOD_NOT_ALLOWED, CONFLICT,
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
    /// The caller is known but may not do this (a `read` token writing).
    #[error("forbidden: {0}")]
    Forbidden(String),
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
    /// A required LLM gave no usable proposal (503 GENERATION_FAILED).
    #[error("generation failed")]
    GenerationFailed(#[source] BoxError),
    /// A dependency (the database) cannot be reached (503).
    #[error("service unavailable")]
    Unavailable(#[source] BoxError),
    /// Stored data does not parse (500, logged as corrupt data).
    #[error("corrupt stored data")]
    Corrupt(#[source] BoxError),
    /// A bug (500).
    #[error("internal error")]
    Internal(#[source] BoxError),
}

impl ApiError {
    /// A 422 for a single field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, message)])
    }

    /// A 500 whose cause is logged here and hidden from the client.
    pub fn internal(cause: impl Into<BoxError>) -> Self {
        ApiError::Internal(cause.into())
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadRequest(_) => "BAD_REQUEST",
            ApiError::Unauthorized(_) => "UNAUTHORIZED",
            ApiError::Forbidden(_) => "FORBIDDEN",
            ApiError::NotFound => "NOT_FOUND",
            ApiError::MethodNotAllowed { .. } => "METHOD_NOT_ALLOWED",
            ApiError::Conflict(_) => "CONFLICT",
            ApiError::PayloadTooLarge => "PAYLOAD_TOO_LARGE",
            ApiError::Validation(_) => "VALIDATION_ERROR",
            ApiError::RateLimited { .. } => "RATE_LIMITED",
            ApiError::GenerationFailed(_) => "GENERATION_FAILED",
            ApiError::Unavailable(_) => "SERVICE_UNAVAILABLE",
            ApiError::Corrupt(_) | ApiError::Internal(_) => "INTERNAL",
        }
    }

    /// The body sent to the client.
    pub fn body(&self) -> ErrorBody {
        let (detail, errors) = match self {
            ApiError::BadRequest(d)
            | ApiError::Unauthorized(d)
            | ApiError::Forbidden(d)
            | ApiError::Conflict(d) => (d.clone(), vec![]),
            ApiError::NotFound => ("Not found".to_owned(), vec![]),
            ApiError::MethodNotAllowed { allow } => (
                format!("Method not allowed; this path allows {allow}"),
                vec![],
            ),
            ApiError::PayloadTooLarge => ("Request body is too large".to_owned(), vec![]),
            ApiError::Validation(errors) => (
                "Validation failed".to_owned(),
                errors.iter().take(MAX_FIELD_ERRORS).cloned().collect(),
            ),
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
            ApiError::Corrupt(_) | ApiError::Internal(_) => {
                ("Internal server error".to_owned(), vec![])
            }
        };
        ErrorBody {
            detail,
            error_code: self.code(),
            errors,
        }
    }
}

impl ApiError {
    /// Logs the cause of a server-side failure with its whole chain.
    pub fn log(&self) {
        match self {
            ApiError::Internal(cause) => {
                tracing::error!(cause = %chain(cause.as_ref()), "internal error")
            }
            ApiError::Corrupt(cause) => {
                tracing::error!(cause = %chain(cause.as_ref()), "corrupt stored data")
            }
            ApiError::Unavailable(cause) => {
                tracing::warn!(cause = %chain(cause.as_ref()), "dependency unavailable")
            }
            ApiError::GenerationFailed(cause) => {
                tracing::warn!(cause = %chain(cause.as_ref()), "session generation failed")
            }
            _ => {}
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Conflict(_) => StatusCode::CONFLICT,
            ApiError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::GenerationFailed(_) | ApiError::Unavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            ApiError::Corrupt(_) | ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        self.log();
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

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Invalid(errors) => ApiError::Validation(
                errors
                    .into_iter()
                    .map(|e| FieldError::new(e.field, e.message))
                    .collect(),
            ),
            AppError::NotFound(what) => {
                tracing::debug!(what, "not found");
                ApiError::NotFound
            }
            AppError::Conflict { message, source } => {
                if let Some(source) = source {
                    tracing::debug!(cause = %chain(&source), "unique constraint");
                }
                ApiError::Conflict(message.to_owned())
            }
            AppError::Unauthorized(message) => ApiError::Unauthorized(message.to_owned()),
            AppError::Forbidden(message) => ApiError::Forbidden(message.to_owned()),
            e @ AppError::GenerationFailed(_) => ApiError::GenerationFailed(Box::new(e)),
            e @ AppError::Unavailable(_) => ApiError::Unavailable(Box::new(e)),
            e @ AppError::Corrupt(_) => ApiError::Corrupt(Box::new(e)),
            e @ AppError::Internal { .. } => ApiError::Internal(Box::new(e)),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        AppError::from(e).into()
    }
}

impl From<jsonwebtoken::errors::Error> for ApiError {
    fn from(e: jsonwebtoken::errors::Error) -> Self {
        ApiError::Internal(Box::new(e))
    }
}

/// Result alias for handlers.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corrupt_data_is_a_500_apart_from_other_internal_errors() {
        let cause: BoxError = "stored session is corrupt".into();
        let api = ApiError::Corrupt(cause);
        assert_eq!(api.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = api.body();
        assert_eq!(
            (body.error_code, body.detail.as_str()),
            ("INTERNAL", "Internal server error")
        );
        assert!(matches!(
            ApiError::from(AppError::NotFound("program")),
            ApiError::NotFound
        ));
    }

    #[test]
    fn every_code_is_listed_and_field_errors_are_capped() {
        let cause = || -> BoxError { "x".into() };
        let all = [
            ApiError::BadRequest(String::new()),
            ApiError::Unauthorized(String::new()),
            ApiError::Forbidden(String::new()),
            ApiError::NotFound,
            ApiError::MethodNotAllowed {
                allow: String::new(),
            },
            ApiError::Conflict(String::new()),
            ApiError::PayloadTooLarge,
            ApiError::Validation(vec![]),
            ApiError::RateLimited {
                retry_after_secs: 1,
            },
            ApiError::GenerationFailed(cause()),
            ApiError::Unavailable(cause()),
            ApiError::Corrupt(cause()),
            ApiError::Internal(cause()),
        ];
        for e in &all {
            assert!(ERROR_CODES.contains(&e.code()), "{}", e.code());
        }
        let many = (0..MAX_FIELD_ERRORS + 5)
            .map(|i| FieldError::new(format!("f{i}"), "bad"))
            .collect();
        let body = ApiError::Validation(many).body();
        assert_eq!(body.errors.len(), MAX_FIELD_ERRORS);
        assert_eq!(body.errors[0].field, "f0");
    }
}
