//! # gainsly-llm
//!
//! Gainsly's adapter to a large language model: it shows the model today's
//! session constraints and the planner's candidate exercises (by id), and
//! returns a [`Proposal`] — candidate ids with sets and reps and a short
//! rationale — that is safe to use whatever the model said: unknown ids are
//! dropped, numbers are clamped, and a slow, broken or lying model ends in a
//! typed [`LlmError`] within a deadline, never in a hang or a panic. It knows
//! no database and no HTTP server; it takes and returns `gainsly-domain` types.
//!
//! ## Use
//!
//! ```no_run
//! # async fn demo(prompt: gainsly_llm::PlanPrompt) -> Result<(), gainsly_llm::LlmError> {
//! use gainsly_llm::{HealthStatus, LlmClient, LlmConfig};
//!
//! let client = LlmClient::new(LlmConfig::ollama("http://127.0.0.1:11434", "llama3.2:3b"))?;
//! if client.check().await == HealthStatus::Ok {
//!     let (tx, mut rx) = tokio::sync::mpsc::channel(64);
//!     tokio::spawn(async move { while let Some(token) = rx.recv().await { print!("{token}") } });
//!     let proposal = client.propose(&prompt, Some(tx)).await?;
//!     for pick in &proposal.picks {
//!         println!("{} x{} ({}-{} reps)", pick.exercise_id, pick.sets, pick.reps_min, pick.reps_max);
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! [`LlmClient::propose`] builds the prompts ([`prompt`], versioned
//! templates, [`PROMPT_VERSION`]), calls the provider with the answer's JSON
//! Schema, parses the answer tolerantly and strictly ([`parse`]), and retries:
//! at most `max_attempts` (3) attempts, each within `attempt_timeout` (20 s),
//! all within `deadline` (45 s); an unusable answer is retried with its errors
//! fed back; transport errors, timeouts and 5xx after an exponential back-off;
//! other 4xx (e.g. model missing) are not retried. Dropping the future
//! cancels the HTTP request in flight; answers are streamed by default
//! (`always_stream`) so that the server also notices and stops generating.
//!
//! ## Wire formats
//!
//! - **Ollama** ([`OllamaProvider`]): `POST /api/chat` with `format` = the JSON
//!   Schema, `stream`, `options` {`temperature`, `num_predict`, `seed`} and
//!   `keep_alive`; streamed answers are NDJSON. `GET /api/tags` for health and
//!   model presence (`name` equals `name:latest`), `POST /api/pull` to fetch
//!   the model when configured.
//! - **OpenAI-compatible** ([`OpenAiProvider`]; llama.cpp, vLLM, LM Studio,
//!   hosted APIs): `POST /v1/chat/completions` with `response_format`
//!   `{"type":"json_schema","json_schema":{"name","schema","strict":true}}`,
//!   optional `Authorization: Bearer` key; streamed answers are Server-Sent
//!   Events (`data: {...}` … `data: [DONE]`). `GET /v1/models` for health.
//!
//! Streams are decoded by [`decode::LineDecoder`], which reassembles lines
//! (and UTF-8 characters) split across network chunks.
//!
//! The API key is held in [`ApiKey`], whose `Debug` prints `***`; it is never
//! logged. Internals are logged with `tracing`.
//!
//! [`LlmMode`] (off, auto, required), [`Provider`] and [`HealthStatus`] are
//! the one definition of each that the settings, the planner, the workers
//! and `/health/ready` share. The `openapi` feature derives
//! `utoipa::ToSchema` on [`HealthStatus`] for the HTTP layer.

pub mod client;
pub mod config;
pub mod decode;
pub mod error;
pub mod ollama;
pub mod openai;
pub mod parse;
pub mod prompt;
pub mod provider;

pub use client::LlmClient;
pub use config::{ApiKey, LlmConfig, LlmMode, Provider};
pub use error::LlmError;
pub use ollama::OllamaProvider;
pub use openai::OpenAiProvider;
pub use parse::{Proposal, ProposedExercise};
pub use prompt::{PROMPT_VERSION, PlanPrompt, PromptCandidate};
pub use provider::{BoxFuture, ChatMessage, HealthStatus, LlmProvider, Role};
