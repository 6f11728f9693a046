//! # gainsly-llm
//!
//! Gainsly's adapter to a large language model: it shows the model today's
//! session constraints and the planner's candidate exercises (by id), and
//! returns a [`Proposal`] — candidate ids with sets and a one-sentence
//! rationale — that is safe to use whatever the model said: unknown ids are
//! dropped, sets are clamped, and a slow, broken or lying model ends in a
//! typed [`LlmError`] within a deadline, never in a hang or a panic. It knows
//! no database and no HTTP server; it takes and returns `gainsly-domain` types.
//!
//! ## Use
//!
//! ```no_run
//! # async fn demo(prompt: gainsly_llm::PlanPrompt) -> Result<(), gainsly_llm::LlmError> {
//! use gainsly_llm::{HealthStatus, LlmClient, LlmConfig, LlmEvent};
//!
//! let client = LlmClient::new(LlmConfig::ollama("http://127.0.0.1:11434", "llama3.2:3b"))?;
//! if client.check().await == HealthStatus::Ok {
//!     client.warm_up().await?; // at start-up: load the model, cache the system prompt
//!     let (tx, mut rx) = tokio::sync::mpsc::channel(64);
//!     tokio::spawn(async move {
//!         while let Some(event) = rx.recv().await {
//!             match event {
//!                 LlmEvent::Attempt(n) => println!("\n-- attempt {n}"),
//!                 LlmEvent::Token(piece) => print!("{piece}"),
//!                 _ => {}
//!             }
//!         }
//!     });
//!     let proposal = client.propose(&prompt, Some(tx)).await?;
//!     for pick in &proposal.picks {
//!         println!("{} x{}", pick.exercise_id, pick.sets);
//!     }
//! }
//! # Ok(()) }
//! ```
//!
//! ## Attempts, limits and retries
//!
//! [`LlmClient::propose`] builds the prompts ([`prompt`], versioned
//! templates, [`PROMPT_VERSION`]), sends them with the answer's JSON Schema,
//! parses the answer tolerantly and strictly ([`parse`]), and retries. An
//! attempt is judged by its progress, not its length:
//!
//! | limit | [`LlmConfig`] field | default | cuts |
//! |---|---|---|---|
//! | first token | `first_token_timeout` | 30 s | a streamed attempt with no token yet (connect, queue, model load, prompt evaluation) |
//! | idle | `idle_timeout` | 5 s | a streamed attempt whose tokens stopped |
//! | whole answer | `attempt_timeout` | 20 s | a non-streamed attempt (only with `always_stream` off and no listener) |
//! | deadline | `deadline` | 45 s | the whole call, retries and back-off included |
//!
//! A stream that keeps producing tokens is never cut (only the deadline
//! bounds it), so a long answer on slow hardware completes. Gainsly's
//! binaries set the four from `GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS`,
//! `GAINSLY_LLM_IDLE_TIMEOUT_SECS`, `GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS` and
//! `GAINSLY_LLM_DEADLINE_SECS` (see the README's configuration table). The defaults come
//! from Qwen2.5-Coder 0.5B (Q4_K_M, llama.cpp, one thread) on the shared
//! 2-core machine with real planner prompts (24 candidates, ~700 prompt
//! tokens): the first token took 7.9–12.0 s cold (nothing cached) and
//! 5.0–10.9 s warm (system prompt cached), the longest pause between two
//! tokens was 0.2 s, and a proposal queued behind another one at the
//! single-slot server waited ~16 s more; the first-token limit covers that
//! queue plus a cold prompt, the idle limit is 25 times the longest pause.
//! See `docs/performance.md` ("LLM adapter on a small local model").
//!
//! At most `max_attempts` (3) attempts, and a retry only when it carries
//! information: an unusable answer (no JSON, wrong shape, no candidate id,
//! cut at the token limit) is retried at once with its errors fed back; a
//! transport failure (connection error, broken stream, 5xx/408/429, no first
//! token, a stalled stream) after an exponential back-off. Other 4xx (model
//! missing) are not retried, and neither is an answer that was merely slow.
//!
//! Dropping the future cancels the HTTP request in flight; answers are
//! streamed by default (`always_stream`), so progress is visible and the
//! server notices a cut or cancelled request and stops generating.
//!
//! ## Events
//!
//! With a listener, `propose` sends [`LlmEvent::Attempt`]`(n)` before each
//! attempt and then that attempt's [`LlmEvent::Token`]s, so a client can tell
//! a retry's text from the first attempt's.
//!
//! ## A small answer and a cache-friendly prompt
//!
//! The answer is `{"exercises":[{"id","sets"}],"rationale"}` with at most
//! [`prompt::MAX_EXERCISES`] exercises and a rationale of at most
//! [`prompt::MAX_RATIONALE_SCHEMA_CHARS`] characters; the token limit of each
//! call ([`prompt::answer_token_limit`]) is sized from the candidate count.
//! Measured: ~105 answer tokens (3–4 s of generation) where prompt v1's
//! answers took ~300. The system prompt holds everything fixed and is
//! byte-identical across calls, so the server evaluates it once (254–257 of
//! ~700 prompt tokens came from llama.cpp's cache); the candidates come
//! first in the user message, grouped by movement pattern.
//! [`LlmClient::warm_up`] loads the model and caches the system prompt with a
//! one-token request (2.8 s on a fresh server, 0.4 s when loaded).
//!
//! `RUST_LOG=gainsly_llm::prompt=trace` logs each [`PlanPrompt`] as JSON (the
//! `prompt` field of a "plan prompt" event), to replay real prompts
//! against a model (`tests/real_model.rs`); every attempt is logged at info
//! level with its first-token time, length and the server's token counts
//! ([`Usage`]).
//!
//! ## Wire formats
//!
//! - **Ollama** ([`OllamaProvider`]): `POST /api/chat` with `format` = the JSON
//!   Schema, `stream`, `options` {`temperature`, `num_predict`, `seed`} and
//!   `keep_alive`; streamed answers are NDJSON, the last line with
//!   `done_reason`, `prompt_eval_count` and `eval_count`. `GET /api/tags` for
//!   health and model presence (`name` equals `name:latest`), `POST
//!   /api/pull` to fetch the model when configured.
//! - **OpenAI-compatible** ([`OpenAiProvider`]; llama.cpp, vLLM, LM Studio,
//!   hosted APIs): `POST /v1/chat/completions` with `max_tokens`,
//!   `response_format`
//!   `{"type":"json_schema","json_schema":{"name","schema","strict":true}}`,
//!   optional `Authorization: Bearer` key; streamed answers are Server-Sent
//!   Events (`data: {...}` … `data: [DONE]`) with `stream_options:
//!   {"include_usage": true}`. `GET /v1/models` for health.
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

mod attempt;
pub mod client;
pub mod config;
pub mod decode;
pub mod error;
pub mod event;
pub mod ollama;
pub mod openai;
pub mod parse;
pub mod prompt;
pub mod provider;

pub use client::{LlmClient, WarmUp};
pub use config::{ApiKey, LlmConfig, LlmMode, Provider};
pub use error::LlmError;
pub use event::LlmEvent;
pub use ollama::OllamaProvider;
pub use openai::OpenAiProvider;
pub use parse::{Proposal, ProposedExercise};
pub use prompt::{PROMPT_VERSION, PlanPrompt, PromptCandidate};
pub use provider::{
    BoxFuture, ChatAnswer, ChatMessage, ChatRequest, HealthStatus, LlmProvider, Role, Usage,
};
