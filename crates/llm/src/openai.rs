//! The OpenAI-compatible chat-completions API (llama.cpp, vLLM, LM Studio,
//! hosted APIs).
//!
//! - `POST {base}/v1/chat/completions` with `model`, `messages`, `stream`,
//!   `temperature`, `max_tokens`, `seed` and `response_format:
//!   {"type":"json_schema","json_schema":{"name","schema","strict":true}}`;
//!   `Authorization: Bearer <key>` when a key is configured. Not streamed:
//!   `choices[0].message.content`. Streamed (with `stream_options:
//!   {"include_usage": true}`): Server-Sent Events, `data: {...}` lines with
//!   `choices[0].delta.content`, ended by `data: [DONE]`. Token counts come
//!   from `usage` (the last event when streamed) and llama.cpp's `timings`;
//!   `finish_reason: "length"` marks an answer cut at `max_tokens`.
//! - `GET {base}/v1/models`: `{"data":[{"id":"..."}]}` (health and model presence).

use serde::Deserialize;
use serde_json::{Value, json};

use crate::config::LlmConfig;
use crate::decode::{SseLine, sse_line};
use crate::error::LlmError;
use crate::provider::{
    BodyLines, BoxFuture, ChatAnswer, ChatRequest, HealthStatus, LlmProvider, Usage, forward,
    http_client, same_model, status_error,
};

/// The `json_schema.name` sent with `response_format`.
pub const SCHEMA_NAME: &str = "gainsly_session_plan";

/// An OpenAI-compatible server.
#[derive(Debug, Clone)]
pub struct OpenAiProvider {
    http: reqwest::Client,
    config: LlmConfig,
}

#[derive(Debug, Deserialize)]
struct Completion {
    #[serde(default)]
    choices: Vec<Choice>,
    #[serde(default)]
    error: Option<Value>,
    #[serde(default)]
    usage: Option<ApiUsage>,
    /// llama.cpp's extension: `cache_n` = prompt tokens reused from the cache.
    #[serde(default)]
    timings: Option<Timings>,
}

#[derive(Debug, Deserialize)]
struct Choice {
    #[serde(default)]
    message: Option<Content>,
    #[serde(default)]
    delta: Option<Content>,
    #[serde(default)]
    finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ApiUsage {
    #[serde(default)]
    prompt_tokens: Option<u32>,
    #[serde(default)]
    completion_tokens: Option<u32>,
    #[serde(default)]
    prompt_tokens_details: Option<PromptTokensDetails>,
}

#[derive(Debug, Deserialize)]
struct PromptTokensDetails {
    #[serde(default)]
    cached_tokens: Option<u32>,
}

#[derive(Debug, Deserialize)]
struct Timings {
    #[serde(default)]
    cache_n: Option<u32>,
}

impl Completion {
    /// Adds what this response or event reports to `usage`.
    fn record_usage(&self, usage: &mut Usage) {
        if let Some(u) = &self.usage {
            usage.prompt_tokens = u.prompt_tokens.or(usage.prompt_tokens);
            usage.answer_tokens = u.completion_tokens.or(usage.answer_tokens);
            if let Some(cached) = u
                .prompt_tokens_details
                .as_ref()
                .and_then(|d| d.cached_tokens)
            {
                usage.cached_prompt_tokens = Some(cached);
            }
        }
        if let Some(cached) = self.timings.as_ref().and_then(|t| t.cache_n) {
            usage.cached_prompt_tokens = Some(cached);
        }
    }
}

#[derive(Debug, Deserialize)]
struct Content {
    #[serde(default)]
    content: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Models {
    #[serde(default)]
    data: Vec<ModelEntry>,
}

#[derive(Debug, Deserialize)]
struct ModelEntry {
    #[serde(default)]
    id: String,
}

impl OpenAiProvider {
    /// A provider for `config.base_url` / `config.model`.
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        Ok(OpenAiProvider {
            http: http_client(&config)?,
            config,
        })
    }

    /// `{base}/v1{path}`, not doubling a `/v1` the base already has.
    fn url(&self, path: &str) -> String {
        let base = self.config.base();
        if base.ends_with("/v1") {
            format!("{base}{path}")
        } else {
            format!("{base}/v1{path}")
        }
    }

    fn authorized(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.config.api_key {
            Some(key) => req.bearer_auth(key.expose()),
            None => req,
        }
    }

    /// The `/v1/chat/completions` request body.
    pub fn chat_body(&self, request: &ChatRequest<'_>) -> Value {
        let stream = request.stream_to.is_some();
        let mut body = json!({
            "model": self.config.model,
            "messages": request.messages,
            "stream": stream,
            "temperature": self.config.temperature,
            "max_tokens": request.max_tokens,
        });
        if stream {
            body["stream_options"] = json!({"include_usage": true});
        }
        if let Some(seed) = self.config.seed {
            body["seed"] = json!(seed);
        }
        if let Some(schema) = request.schema {
            let schema = strict_mode_schema(schema);
            body["response_format"] = json!({
                "type": "json_schema",
                "json_schema": {"name": SCHEMA_NAME, "schema": schema, "strict": true},
            });
        }
        body
    }

    async fn chat_impl(&self, request: ChatRequest<'_>) -> Result<ChatAnswer, LlmError> {
        let timeout = self.config.attempt_timeout;
        let req = self
            .http
            .post(self.url("/chat/completions"))
            .json(&self.chat_body(&request));
        let resp = self
            .authorized(req)
            .send()
            .await
            .map_err(|e| LlmError::from_reqwest(e, timeout))?;
        if !resp.status().is_success() {
            return Err(status_error(resp, &self.config.model).await);
        }
        let Some(tx) = request.stream_to else {
            let completion: Completion = resp
                .json()
                .await
                .map_err(|e| LlmError::Protocol(format!("chat completion: {e}")))?;
            if let Some(error) = &completion.error {
                return Err(LlmError::Protocol(format!("server error: {error}")));
            }
            let mut answer = ChatAnswer::default();
            completion.record_usage(&mut answer.usage);
            let choice = completion.choices.into_iter().next();
            answer.truncated = choice
                .as_ref()
                .is_some_and(|c| c.finish_reason.as_deref() == Some("length"));
            answer.text = choice
                .and_then(|c| c.message)
                .and_then(|m| m.content)
                .ok_or_else(|| {
                    LlmError::Protocol("completion without choices[0].message.content".into())
                })?;
            return Ok(answer);
        };

        // `forward` drops the sender when its receiver has gone.
        let mut stream_to = Some(tx);
        let mut answer = ChatAnswer::default();
        let mut body = BodyLines::new(resp, timeout);
        while let Some(lines) = body.next_batch().await? {
            for line in lines {
                match sse_line(&line) {
                    SseLine::Done => return Ok(answer),
                    SseLine::Other => {}
                    SseLine::Data(data) => {
                        let event: Completion = serde_json::from_str(data)
                            .map_err(|e| LlmError::Protocol(format!("SSE event: {e}")))?;
                        if let Some(error) = &event.error {
                            return Err(LlmError::Protocol(format!(
                                "server error mid-stream: {error}"
                            )));
                        }
                        event.record_usage(&mut answer.usage);
                        for choice in event.choices {
                            if choice.finish_reason.as_deref() == Some("length") {
                                answer.truncated = true;
                            }
                            if let Some(piece) = choice.delta.and_then(|d| d.content) {
                                forward(&mut stream_to, &piece).await;
                                answer.text.push_str(&piece);
                            }
                        }
                    }
                }
            }
        }
        tracing::debug!("SSE stream ended without [DONE]");
        Ok(answer)
    }

    async fn check_impl(&self) -> HealthStatus {
        let req = self
            .http
            .get(self.url("/models"))
            .timeout(self.config.attempt_timeout);
        let resp = match self.authorized(req).send().await {
            Ok(r) if r.status().is_success() => r,
            Ok(r) => {
                tracing::warn!(status = r.status().as_u16(), "GET /v1/models failed");
                return HealthStatus::Unreachable;
            }
            Err(e) => {
                tracing::warn!(error = %e.without_url(), "OpenAI-compatible server unreachable");
                return HealthStatus::Unreachable;
            }
        };
        match resp.json::<Models>().await {
            Ok(models) => {
                if models
                    .data
                    .iter()
                    .any(|m| same_model(&m.id, &self.config.model))
                {
                    HealthStatus::Ok
                } else {
                    HealthStatus::ModelMissing
                }
            }
            Err(e) => {
                tracing::warn!(error = %e.without_url(), "/v1/models answer malformed");
                HealthStatus::Unreachable
            }
        }
    }
}

/// The schema in the subset OpenAI's strict mode accepts: a string's
/// `maxLength: N` (rejected there) becomes `pattern: "^.{0,N}$"` (accepted,
/// and enforced by llama.cpp-based servers too, so a small model cannot
/// ramble in the rationale); `minLength` is dropped. No property of the
/// answer schema is itself named `maxLength` or `minLength`.
pub fn strict_mode_schema(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out: serde_json::Map<String, Value> = map
                .iter()
                .filter(|(k, _)| !matches!(k.as_str(), "maxLength" | "minLength"))
                .map(|(k, v)| (k.clone(), strict_mode_schema(v)))
                .collect();
            if let Some(max) = map.get("maxLength").and_then(Value::as_u64)
                && !map.contains_key("pattern")
            {
                out.insert("pattern".to_owned(), json!(format!("^.{{0,{max}}}$")));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(strict_mode_schema).collect()),
        other => other.clone(),
    }
}

impl LlmProvider for OpenAiProvider {
    fn name(&self) -> &'static str {
        "openai"
    }

    fn chat<'a>(&'a self, request: ChatRequest<'a>) -> BoxFuture<'a, Result<ChatAnswer, LlmError>> {
        Box::pin(self.chat_impl(request))
    }

    fn check(&self) -> BoxFuture<'_, HealthStatus> {
        Box::pin(self.check_impl())
    }

    fn pull(&self) -> BoxFuture<'_, Result<(), LlmError>> {
        Box::pin(async { Err(LlmError::Unsupported("pulling a model over the OpenAI API")) })
    }
}
