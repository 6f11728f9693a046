//! The provider abstraction: one chat call, a health check and a model pull,
//! implemented by [`crate::OllamaProvider`] and [`crate::OpenAiProvider`].

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use crate::config::LlmConfig;
use crate::decode::{LineDecoder, MAX_LINE_BYTES};
use crate::error::LlmError;

/// A boxed, `Send` future (what the object-safe [`LlmProvider`] returns).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Who said a chat message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

/// One chat message, serialized as both APIs expect (`{"role","content"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatMessage {
    pub role: Role,
    pub content: String,
}

impl ChatMessage {
    pub fn system(content: impl Into<String>) -> Self {
        ChatMessage {
            role: Role::System,
            content: content.into(),
        }
    }
    pub fn user(content: impl Into<String>) -> Self {
        ChatMessage {
            role: Role::User,
            content: content.into(),
        }
    }
    pub fn assistant(content: impl Into<String>) -> Self {
        ChatMessage {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// The LLM's state: what a check of the server found, or `disabled` when no
/// LLM is configured. The one health enum of Gainsly: the workers record it,
/// `/health/ready` reports it (as the schema `LlmHealth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = LlmHealth))]
#[serde(rename_all = "snake_case")]
pub enum HealthStatus {
    /// The server answers and has the configured model.
    Ok,
    /// No LLM is configured (`GAINSLY_LLM_MODE=off`); never a check's answer.
    Disabled,
    /// The server cannot be reached or does not answer properly.
    Unreachable,
    /// The server answers but does not have the configured model.
    ModelMissing,
}

impl HealthStatus {
    /// `ok`, `disabled`, `unreachable` or `model_missing` (the stored and wire name).
    pub const fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Ok => "ok",
            HealthStatus::Disabled => "disabled",
            HealthStatus::Unreachable => "unreachable",
            HealthStatus::ModelMissing => "model_missing",
        }
    }
}

/// Error of [`HealthStatus::from_str`](std::str::FromStr::from_str).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown LLM health {0:?}")]
pub struct UnknownHealth(pub String);

impl std::str::FromStr for HealthStatus {
    type Err = UnknownHealth;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "ok" => Ok(HealthStatus::Ok),
            "disabled" => Ok(HealthStatus::Disabled),
            "unreachable" => Ok(HealthStatus::Unreachable),
            "model_missing" => Ok(HealthStatus::ModelMissing),
            other => Err(UnknownHealth(other.to_owned())),
        }
    }
}

impl fmt::Display for HealthStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One chat call.
#[derive(Debug)]
pub struct ChatRequest<'a> {
    pub messages: &'a [ChatMessage],
    /// When set, the server is asked to constrain the answer to this JSON
    /// Schema (Ollama `format`, OpenAI `response_format`).
    pub schema: Option<&'a serde_json::Value>,
    /// Most tokens to generate (Ollama `num_predict`, OpenAI `max_tokens`).
    pub max_tokens: u32,
    /// When set, the answer is streamed and every non-empty content piece is
    /// sent here as it arrives (a closed channel is ignored; the answer is
    /// still accumulated and returned). When `None`, one non-streamed answer.
    pub stream_to: Option<mpsc::Sender<String>>,
}

/// Token counts a server reported for one answer (`None`: not reported).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    /// Tokens of the prompt: Ollama `prompt_eval_count`, OpenAI
    /// `usage.prompt_tokens`. (Ollama itself may count only the tokens it
    /// evaluated, i.e. without a reused prompt cache; llama.cpp and the
    /// llm-lab shim count the whole prompt.)
    pub prompt_tokens: Option<u32>,
    /// Of those, tokens reused from the server's prompt cache: OpenAI
    /// `usage.prompt_tokens_details.cached_tokens`, or llama.cpp's
    /// `timings.cache_n`. Ollama does not report it.
    pub cached_prompt_tokens: Option<u32>,
    /// Tokens generated: Ollama `eval_count`, OpenAI `usage.completion_tokens`.
    pub answer_tokens: Option<u32>,
}

/// What a chat call returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChatAnswer {
    /// The assistant's whole answer.
    pub text: String,
    pub usage: Usage,
    /// The server stopped at the token limit (Ollama `done_reason`, OpenAI
    /// `finish_reason` = `length`): the answer is cut off.
    pub truncated: bool,
}

/// A chat-completion backend. Object safe: use it as `Arc<dyn LlmProvider>`.
///
/// Dropping a returned future cancels the HTTP request in flight (the
/// connection is closed). Timeouts are the caller's business
/// ([`crate::LlmClient`] watches the stream's progress); a provider only
/// bounds connecting (`connect_timeout`).
pub trait LlmProvider: Send + Sync + fmt::Debug {
    /// `ollama` or `openai` (for logs).
    fn name(&self) -> &'static str;

    /// Sends `request` and returns the assistant's whole answer.
    fn chat<'a>(&'a self, request: ChatRequest<'a>) -> BoxFuture<'a, Result<ChatAnswer, LlmError>>;

    /// Whether the server is reachable and has the configured model.
    fn check(&self) -> BoxFuture<'_, HealthStatus>;

    /// Asks the server to download the configured model.
    fn pull(&self) -> BoxFuture<'_, Result<(), LlmError>>;
}

/// Builds the reqwest client both providers use.
pub(crate) fn http_client(config: &LlmConfig) -> Result<reqwest::Client, LlmError> {
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .user_agent(concat!("gainsly-llm/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| LlmError::Config(format!("cannot build HTTP client: {e}")))
}

/// Longest part of an error body kept in an error message.
const MAX_ERROR_BODY: usize = 300;

/// Reads an error response's body (bounded) and extracts its message:
/// Ollama's `{"error":"..."}`, OpenAI's `{"error":{"message":"..."}}`, or the text.
pub(crate) async fn error_message(resp: reqwest::Response) -> String {
    let text = match resp.text().await {
        Ok(t) => t,
        Err(_) => return String::new(),
    };
    let message = match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(v) => match v.get("error") {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(e) => e
                .get("message")
                .and_then(|m| m.as_str())
                .map_or_else(|| e.to_string(), str::to_owned),
            None => text,
        },
        Err(_) => text,
    };
    truncate_chars(message.trim(), MAX_ERROR_BODY)
}

/// At most `max` characters of `s`, with `…` when cut.
pub(crate) fn truncate_chars(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_owned(),
    }
}

/// Maps a non-success status: a 404 that mentions the model is
/// [`LlmError::ModelMissing`], anything else [`LlmError::Status`].
pub(crate) async fn status_error(resp: reqwest::Response, model: &str) -> LlmError {
    let code = resp.status().as_u16();
    let message = error_message(resp).await;
    let lower = message.to_ascii_lowercase();
    if code == 404 && (lower.contains("model") || lower.contains(&model.to_ascii_lowercase())) {
        LlmError::ModelMissing {
            model: model.to_owned(),
        }
    } else {
        LlmError::Status { code, message }
    }
}

/// A streamed body read as batches of complete lines.
#[derive(Debug)]
pub(crate) struct BodyLines {
    resp: reqwest::Response,
    decoder: LineDecoder,
    timeout: Duration,
    finished: bool,
}

impl BodyLines {
    pub(crate) fn new(resp: reqwest::Response, timeout: Duration) -> Self {
        BodyLines {
            resp,
            decoder: LineDecoder::new(),
            timeout,
            finished: false,
        }
    }

    /// The lines completed by the next chunk(s); `None` at the end of the body.
    pub(crate) async fn next_batch(&mut self) -> Result<Option<Vec<String>>, LlmError> {
        if self.finished {
            return Ok(None);
        }
        loop {
            let chunk = self
                .resp
                .chunk()
                .await
                .map_err(|e| LlmError::from_reqwest(e, self.timeout))?;
            match chunk {
                Some(chunk) => {
                    let lines = self.decoder.push(&chunk);
                    if self.decoder.pending() > MAX_LINE_BYTES {
                        return Err(LlmError::Protocol("streamed line too long".into()));
                    }
                    if !lines.is_empty() {
                        return Ok(Some(lines));
                    }
                }
                None => {
                    self.finished = true;
                    return Ok(self.decoder.finish().map(|line| vec![line]));
                }
            }
        }
    }
}

/// Forwards a token to the listener; drops the sender when the receiver is gone.
pub(crate) async fn forward(stream_to: &mut Option<mpsc::Sender<String>>, piece: &str) {
    if piece.is_empty() {
        return;
    }
    if let Some(tx) = stream_to
        && tx.send(piece.to_owned()).await.is_err()
    {
        tracing::debug!("token receiver dropped; still accumulating the answer");
        *stream_to = None;
    }
}

/// Compares model names the way Ollama does: `name` means `name:latest`.
pub(crate) fn same_model(a: &str, b: &str) -> bool {
    fn norm(s: &str) -> String {
        let s = s.trim();
        if s.contains(':') {
            s.to_owned()
        } else {
            format!("{s}:latest")
        }
    }
    norm(a) == norm(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_names_with_latest() {
        assert!(same_model("llama3.2", "llama3.2:latest"));
        assert!(same_model("llama3.2:latest", "llama3.2"));
        assert!(same_model("llama3.2:3b", "llama3.2:3b"));
        assert!(!same_model("llama3.2:3b", "llama3.2"));
        assert!(!same_model("qwen2.5", "llama3.2"));
    }

    #[test]
    fn truncation_is_char_safe() {
        assert_eq!(truncate_chars("äöü", 2), "äö…");
        assert_eq!(truncate_chars("abc", 5), "abc");
    }

    #[test]
    fn roles_serialize_lowercase() {
        let m = ChatMessage::system("x");
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({"role": "system", "content": "x"})
        );
    }
}
