//! Why a tool call did not do what it was asked. A refusal becomes a tool
//! result with `isError` (never a protocol error) whose structured content
//! is the REST API's error body for the same failure, and whose text is
//! that body's summary ([`Rendered`]).

/// A call the tool layer (or the in-process application) refused, before a
/// backend renders it as the API would.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The use-case refused (invalid fields, not found, …) or failed.
    #[cfg(feature = "app")]
    #[error("use-case")]
    App(#[from] gainsly_app::AppError),
    /// The arguments do not fit the tool's schema; `path` is where
    /// (`exercises[0].sets`), `message` serde's reason.
    #[error("arguments at {path}: {message}")]
    Arguments { path: String, message: String },
    /// One field is wrong (an exercise name that names none, or several):
    /// the API's 422 on `field`.
    #[error("{field}: {message}")]
    Field { field: String, message: String },
    /// A write tool called with a `read` token.
    #[error("the credential has the read scope only")]
    ReadOnly,
}

#[cfg(feature = "app")]
impl From<gainsly_domain::DomainError> for Refusal {
    fn from(e: gainsly_domain::DomainError) -> Self {
        Refusal::App(e.into())
    }
}

/// A refusal as the caller sees it: the API's error body and its one-line
/// summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The body `{"detail","error_code","errors"}` of the REST answer.
    pub body: serde_json::Value,
    /// `detail`, followed by each field error (`field: message`), and for a
    /// 429 when to retry.
    pub text: String,
}

impl Rendered {
    /// The summary of an API error body: `detail`, then `; field: message`
    /// per field error, then ` (retry after N s)` when the API said so.
    pub fn of_body(body: serde_json::Value, retry_after_secs: Option<u64>) -> Rendered {
        let mut text = body
            .get("detail")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("Request failed")
            .to_owned();
        if let Some(errors) = body.get("errors").and_then(serde_json::Value::as_array) {
            for e in errors {
                let field = e.get("field").and_then(serde_json::Value::as_str);
                let message = e.get("message").and_then(serde_json::Value::as_str);
                if let (Some(field), Some(message)) = (field, message) {
                    text.push_str(&format!("; {field}: {message}"));
                }
            }
        }
        if let Some(secs) = retry_after_secs {
            text.push_str(&format!(" (retry after {secs} s)"));
        }
        Rendered { body, text }
    }
}
