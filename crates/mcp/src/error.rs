//! Why a tool call did not do what it was asked, before the shell renders
//! it. A refusal becomes a tool result with `isError` (never a protocol
//! error) whose content is the REST API's error body for the same failure.

use gainsly_app::AppError;
use gainsly_domain::DomainError;

/// A refused tool call.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The use-case refused (invalid fields, not found, …) or failed.
    #[error("use-case")]
    App(#[from] AppError),
    /// The arguments do not fit the tool's schema; `path` is where
    /// (`exercises[0].sets`), `message` serde's reason.
    #[error("arguments at {path}: {message}")]
    Arguments { path: String, message: String },
    /// A write tool called with a `read` token.
    #[error("the credential has the read scope only")]
    ReadOnly,
}

impl From<DomainError> for Refusal {
    fn from(e: DomainError) -> Self {
        Refusal::App(e.into())
    }
}

/// A refusal as the caller sees it: the API's error body and its one-line
/// summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The body `{"detail","error_code","errors"}` of the REST answer.
    pub body: serde_json::Value,
    /// `detail`, followed by each field error (`field: message`).
    pub text: String,
}
