//! The adapter's error type.

use std::time::Duration;

/// Why an LLM call failed. Internal detail (bodies, URLs) is in the message
/// for logs; an HTTP layer should map the variant, not show the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LlmError {
    /// The server could not be reached (connection refused, DNS, reset).
    #[error("LLM server unreachable: {0}")]
    Unreachable(String),
    /// A streamed attempt's first token did not arrive within the
    /// first-token limit (the server is wedged, overloaded or lost the request).
    #[error("no first token from the LLM within {0:?}")]
    FirstTokenTimeout(Duration),
    /// A streamed attempt produced no token for the idle limit (a stalled stream).
    #[error("LLM stream stalled: no token for {0:?}")]
    Stalled(Duration),
    /// A non-streamed attempt took longer than the attempt timeout (or a
    /// health check or pull timed out).
    #[error("LLM attempt timed out after {0:?}")]
    Timeout(Duration),
    /// The whole call took longer than its deadline.
    #[error("LLM call exceeded its deadline of {after:?} (last error: {last_error})")]
    DeadlineExceeded { after: Duration, last_error: String },
    /// The server answered with an HTTP error status.
    #[error("LLM server answered HTTP {code}: {message}")]
    Status { code: u16, message: String },
    /// The configured model is not on the server.
    #[error("model {model:?} is not available on the LLM server")]
    ModelMissing { model: String },
    /// The server's answer did not follow its wire format.
    #[error("malformed LLM server response: {0}")]
    Protocol(String),
    /// The model answered, but no attempt gave a usable plan.
    #[error("no usable LLM answer after {attempts} attempt(s): {}", errors.join("; "))]
    Unusable { errors: Vec<String>, attempts: u32 },
    /// The configuration cannot work (bad URL, unsupported operation).
    #[error("LLM configuration error: {0}")]
    Config(String),
    /// The provider does not support this operation (e.g. pulling over the OpenAI API).
    #[error("not supported by this LLM provider: {0}")]
    Unsupported(&'static str),
}

impl LlmError {
    /// Whether another attempt may succeed: transport failures are retried
    /// (connection errors, a broken stream, 5xx, 408 and 429, no first token,
    /// a stalled stream). Not retried: other 4xx (model missing, bad request,
    /// unauthorized), configuration errors, and a non-streamed answer that
    /// was merely slow ([`LlmError::Timeout`]: the server is still
    /// generating it, and a retry would queue behind it).
    pub fn is_retryable(&self) -> bool {
        match self {
            LlmError::Unreachable(_)
            | LlmError::FirstTokenTimeout(_)
            | LlmError::Stalled(_)
            | LlmError::Protocol(_) => true,
            LlmError::Status { code, .. } => *code >= 500 || *code == 408 || *code == 429,
            LlmError::Timeout(_)
            | LlmError::DeadlineExceeded { .. }
            | LlmError::ModelMissing { .. }
            | LlmError::Unusable { .. }
            | LlmError::Config(_)
            | LlmError::Unsupported(_) => false,
        }
    }

    /// A short stable name for metrics and logs.
    pub const fn kind(&self) -> &'static str {
        match self {
            LlmError::Unreachable(_) => "unreachable",
            LlmError::FirstTokenTimeout(_) => "first_token_timeout",
            LlmError::Stalled(_) => "stalled",
            LlmError::Timeout(_) => "timeout",
            LlmError::DeadlineExceeded { .. } => "deadline_exceeded",
            LlmError::Status { .. } => "status",
            LlmError::ModelMissing { .. } => "model_missing",
            LlmError::Protocol(_) => "protocol",
            LlmError::Unusable { .. } => "unusable",
            LlmError::Config(_) => "config",
            LlmError::Unsupported(_) => "unsupported",
        }
    }

    /// Maps a reqwest error (without the URL, which could carry credentials).
    pub(crate) fn from_reqwest(err: reqwest::Error, timeout: Duration) -> LlmError {
        let err = err.without_url();
        if err.is_connect() {
            // Includes connect timeouts: the server is not there.
            LlmError::Unreachable(error_chain(&err))
        } else if err.is_timeout() {
            LlmError::Timeout(timeout)
        } else if err.is_builder() {
            LlmError::Config(error_chain(&err))
        } else if err.is_decode() {
            LlmError::Protocol(error_chain(&err))
        } else {
            LlmError::Unreachable(error_chain(&err))
        }
    }
}

/// An error and its sources on one line.
fn error_chain(err: &dyn std::error::Error) -> String {
    let mut out = err.to_string();
    let mut source = err.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_policy() {
        let status = |code| LlmError::Status {
            code,
            message: String::new(),
        };
        assert!(status(500).is_retryable());
        assert!(status(503).is_retryable());
        assert!(status(429).is_retryable());
        assert!(!status(404).is_retryable());
        assert!(!status(401).is_retryable());
        assert!(!LlmError::ModelMissing { model: "m".into() }.is_retryable());
        assert!(LlmError::Unreachable("x".into()).is_retryable());
        assert!(LlmError::FirstTokenTimeout(Duration::from_secs(1)).is_retryable());
        assert!(LlmError::Stalled(Duration::from_secs(1)).is_retryable());
        assert!(
            !LlmError::Timeout(Duration::from_secs(1)).is_retryable(),
            "a merely slow answer is not retried"
        );
    }
}
