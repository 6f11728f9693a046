//! Ollama's native API.
//!
//! - `POST /api/chat` with `model`, `messages`, `stream`, `format` (a JSON
//!   Schema object), `options` (`temperature`, `num_predict`, `seed`) and
//!   `keep_alive`. Not streamed: one JSON object with `message.content`.
//!   Streamed: NDJSON, one object per line with a `message.content` piece,
//!   the last with `"done": true`; a line `{"error": "..."}` reports a failure.
//!   The final object carries `done_reason` (`length` when cut at
//!   `num_predict`), `prompt_eval_count` and `eval_count`.
//!   A missing model is `404 {"error":"model 'x' not found"}`.
//! - `GET /api/tags`: `{"models":[{"name":"llama3.2:3b",...}]}` (health and
//!   model presence; `name` and `name:latest` are the same model).
//! - `POST /api/pull` with `{"model", "stream": false}`.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

use crate::config::LlmConfig;
use crate::error::LlmError;
use crate::provider::{
    BodyLines, BoxFuture, ChatAnswer, ChatRequest, HealthStatus, LlmProvider, Usage, forward,
    http_client, same_model, status_error,
};

/// Time a model pull may take (models are gigabytes).
const PULL_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// An Ollama server.
#[derive(Debug, Clone)]
pub struct OllamaProvider {
    http: reqwest::Client,
    config: LlmConfig,
}

#[derive(Debug, Deserialize)]
struct ChatChunk {
    #[serde(default)]
    message: Option<ChunkMessage>,
    #[serde(default)]
    done: bool,
    #[serde(default)]
    done_reason: Option<String>,
    #[serde(default)]
    prompt_eval_count: Option<u32>,
    #[serde(default)]
    eval_count: Option<u32>,
    #[serde(default)]
    error: Option<String>,
}

impl ChatChunk {
    fn usage(&self) -> Usage {
        Usage {
            prompt_tokens: self.prompt_eval_count,
            cached_prompt_tokens: None,
            answer_tokens: self.eval_count,
        }
    }

    fn truncated(&self) -> bool {
        self.done_reason.as_deref() == Some("length")
    }
}

#[derive(Debug, Deserialize)]
struct ChunkMessage {
    #[serde(default)]
    content: String,
}

#[derive(Debug, Deserialize)]
struct Tags {
    #[serde(default)]
    models: Vec<TagModel>,
}

#[derive(Debug, Deserialize)]
struct TagModel {
    #[serde(default)]
    name: String,
    #[serde(default)]
    model: String,
}

impl OllamaProvider {
    /// A provider for `config.base_url` / `config.model`.
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        Ok(OllamaProvider {
            http: http_client(&config)?,
            config,
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.config.base())
    }

    /// The `/api/chat` request body.
    pub fn chat_body(&self, request: &ChatRequest<'_>) -> Value {
        let mut options = json!({
            "temperature": self.config.temperature,
            "num_predict": request.max_tokens,
        });
        if let Some(seed) = self.config.seed {
            options["seed"] = json!(seed);
        }
        let mut body = json!({
            "model": self.config.model,
            "messages": request.messages,
            "stream": request.stream_to.is_some(),
            "options": options,
        });
        if let Some(schema) = request.schema {
            body["format"] = schema.clone();
        }
        if let Some(keep_alive) = &self.config.keep_alive {
            body["keep_alive"] = json!(keep_alive);
        }
        body
    }

    async fn chat_impl(&self, request: ChatRequest<'_>) -> Result<ChatAnswer, LlmError> {
        let timeout = self.config.attempt_timeout;
        let resp = self
            .http
            .post(self.url("/api/chat"))
            .json(&self.chat_body(&request))
            .send()
            .await
            .map_err(|e| LlmError::from_reqwest(e, timeout))?;
        if !resp.status().is_success() {
            return Err(status_error(resp, &self.config.model).await);
        }
        let Some(tx) = request.stream_to else {
            let chunk: ChatChunk = resp
                .json()
                .await
                .map_err(|e| LlmError::Protocol(format!("/api/chat answer: {e}")))?;
            if let Some(error) = chunk.error {
                return Err(LlmError::Protocol(format!("server error: {error}")));
            }
            return Ok(ChatAnswer {
                usage: chunk.usage(),
                truncated: chunk.truncated(),
                text: chunk.message.map(|m| m.content).unwrap_or_default(),
            });
        };

        // `forward` drops the sender when its receiver has gone.
        let mut stream_to = Some(tx);
        let mut answer = ChatAnswer::default();
        let mut body = BodyLines::new(resp, timeout);
        let mut line_no = 0usize;
        while let Some(lines) = body.next_batch().await? {
            for line in lines {
                line_no += 1;
                if line.trim().is_empty() {
                    continue;
                }
                let chunk: ChatChunk = serde_json::from_str(&line)
                    .map_err(|e| LlmError::Protocol(format!("NDJSON line {line_no}: {e}")))?;
                if let Some(error) = &chunk.error {
                    return Err(LlmError::Protocol(format!(
                        "server error mid-stream: {error}"
                    )));
                }
                if let Some(m) = &chunk.message {
                    forward(&mut stream_to, &m.content).await;
                    answer.text.push_str(&m.content);
                }
                if chunk.done {
                    answer.usage = chunk.usage();
                    answer.truncated = chunk.truncated();
                    return Ok(answer);
                }
            }
        }
        tracing::debug!("Ollama stream ended without done=true");
        Ok(answer)
    }

    async fn check_impl(&self) -> HealthStatus {
        let resp = self
            .http
            .get(self.url("/api/tags"))
            .timeout(self.config.attempt_timeout)
            .send()
            .await;
        let resp = match resp {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => {
                tracing::warn!(status = r.status().as_u16(), "Ollama /api/tags failed");
                return HealthStatus::Unreachable;
            }
            Err(e) => {
                tracing::warn!(error = %e.without_url(), "Ollama unreachable");
                return HealthStatus::Unreachable;
            }
        };
        match resp.json::<Tags>().await {
            Ok(tags) => {
                let present = tags.models.iter().any(|m| {
                    same_model(&m.name, &self.config.model)
                        || same_model(&m.model, &self.config.model)
                });
                if present {
                    HealthStatus::Ok
                } else {
                    HealthStatus::ModelMissing
                }
            }
            Err(e) => {
                tracing::warn!(error = %e.without_url(), "Ollama /api/tags answer malformed");
                HealthStatus::Unreachable
            }
        }
    }

    async fn pull_impl(&self) -> Result<(), LlmError> {
        tracing::info!(model = %self.config.model, "pulling model");
        let resp = self
            .http
            .post(self.url("/api/pull"))
            .timeout(PULL_TIMEOUT)
            .json(&json!({"model": self.config.model, "stream": false}))
            .send()
            .await
            .map_err(|e| LlmError::from_reqwest(e, PULL_TIMEOUT))?;
        if !resp.status().is_success() {
            return Err(status_error(resp, &self.config.model).await);
        }
        let body: Value = resp
            .json()
            .await
            .map_err(|e| LlmError::Protocol(format!("/api/pull answer: {e}")))?;
        if let Some(error) = body.get("error").and_then(Value::as_str) {
            return Err(LlmError::Protocol(format!("pull failed: {error}")));
        }
        Ok(())
    }
}

impl LlmProvider for OllamaProvider {
    fn name(&self) -> &'static str {
        "ollama"
    }

    fn chat<'a>(&'a self, request: ChatRequest<'a>) -> BoxFuture<'a, Result<ChatAnswer, LlmError>> {
        Box::pin(self.chat_impl(request))
    }

    fn check(&self) -> BoxFuture<'_, HealthStatus> {
        Box::pin(self.check_impl())
    }

    fn pull(&self) -> BoxFuture<'_, Result<(), LlmError>> {
        Box::pin(self.pull_impl())
    }
}
