//! [`LlmClient`]: prompts, attempts, retries, deadlines and parsing on top of
//! an [`LlmProvider`].

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;

use crate::attempt::{self, Failure, Limits, Progress, Request};
use crate::config::{LlmConfig, Provider};
use crate::error::LlmError;
use crate::event::LlmEvent;
use crate::ollama::OllamaProvider;
use crate::openai::OpenAiProvider;
use crate::parse::{Proposal, parse_answer};
use crate::prompt::{self, PROMPT_VERSION, PlanPrompt};
use crate::provider::{ChatAnswer, ChatMessage, HealthStatus, LlmProvider, Usage, truncate_chars};

/// How much of a rejected answer is echoed back in the retry conversation.
const MAX_ECHOED_ANSWER_CHARS: usize = 2_000;
/// Longest back-off between transport retries.
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Tokens a warm-up asks for.
const WARM_UP_TOKENS: u32 = 1;

/// The adapter the planner uses. Cheap to clone (the provider is shared).
#[derive(Debug, Clone)]
pub struct LlmClient {
    provider: Arc<dyn LlmProvider>,
    config: LlmConfig,
}

/// What a [`LlmClient::warm_up`] call did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarmUp {
    /// Request to end of the one-token answer.
    pub elapsed: Duration,
    /// What the server reported (prompt tokens: the system prompt's, about).
    pub usage: Usage,
}

impl LlmClient {
    /// A client for `config.provider` at `config.base_url`.
    pub fn new(config: LlmConfig) -> Result<Self, LlmError> {
        let provider: Arc<dyn LlmProvider> = match config.provider {
            Provider::Ollama => Arc::new(OllamaProvider::new(config.clone())?),
            Provider::OpenAi => Arc::new(OpenAiProvider::new(config.clone())?),
        };
        Ok(LlmClient { provider, config })
    }

    /// A client over any provider (e.g. a test double). Only the attempt,
    /// timeout, deadline, back-off, token and pull settings of `config` are
    /// used here.
    pub fn with_provider(provider: Arc<dyn LlmProvider>, config: LlmConfig) -> Self {
        LlmClient { provider, config }
    }

    pub fn config(&self) -> &LlmConfig {
        &self.config
    }

    pub fn provider(&self) -> &Arc<dyn LlmProvider> {
        &self.provider
    }

    /// Whether the server is reachable and has the model (for `/health/ready`).
    pub async fn check(&self) -> HealthStatus {
        self.provider.check().await
    }

    /// The model-refresh job's check: like [`LlmClient::check`], but when the
    /// model is missing and `pull_missing_model` is set, pulls it and checks again.
    pub async fn ensure_model(&self) -> Result<HealthStatus, LlmError> {
        let status = self.provider.check().await;
        if status != HealthStatus::ModelMissing || !self.config.pull_missing_model {
            return Ok(status);
        }
        self.provider.pull().await?;
        Ok(self.provider.check().await)
    }

    /// Loads the model and primes the server's prompt cache, so that the
    /// next [`LlmClient::propose`] pays neither: one request with the system
    /// prompt every proposal starts with and a tiny user message, answered
    /// with a single token. Cheap when the model is loaded and the prefix
    /// cached (a few tokens to evaluate, one to generate).
    ///
    /// One attempt, no retry; the first token may take up to `deadline` (a
    /// cold load is slow), the whole call too. An error only means the next
    /// proposal may be slow.
    pub async fn warm_up(&self) -> Result<WarmUp, LlmError> {
        let messages = prompt::warm_up_messages();
        let deadline = Instant::now() + self.config.deadline;
        let limits = Limits {
            first_token: self.config.deadline,
            idle: self.config.idle_timeout,
            whole_answer: self.config.deadline,
            deadline,
        };
        let request = Request {
            messages: &messages,
            schema: None,
            max_tokens: WARM_UP_TOKENS,
            stream: self.config.always_stream,
        };
        let (result, progress) =
            attempt::run(self.provider.as_ref(), request, limits, &mut None).await;
        let (provider, model) = (self.provider.name(), self.config.model.as_str());
        match result {
            Ok(answer) => {
                tracing::info!(
                    provider,
                    model,
                    prompt_version = PROMPT_VERSION,
                    elapsed_ms = progress.elapsed.as_millis(),
                    prompt_tokens = answer.usage.prompt_tokens,
                    cached_prompt_tokens = answer.usage.cached_prompt_tokens,
                    "LLM warmed up"
                );
                Ok(WarmUp {
                    elapsed: progress.elapsed,
                    usage: answer.usage,
                })
            }
            Err(failure) => {
                let error = match failure {
                    Failure::Error(e) => e,
                    Failure::Deadline => {
                        self.deadline_error(&["warm-up cut by the deadline".to_owned()])
                    }
                };
                tracing::warn!(provider, model, error = %error, "LLM warm-up failed");
                Err(error)
            }
        }
    }

    /// Asks the model for a session plan from `prompt`'s candidates.
    ///
    /// Each attempt is judged by its progress (`first_token_timeout`, then
    /// `idle_timeout` between tokens; `attempt_timeout` for a non-streamed
    /// answer), all attempts together by `deadline`. At most `max_attempts`
    /// attempts, and a retry only when it carries information:
    /// - an unusable answer (no JSON, wrong shape, no candidate id, cut at the
    ///   token limit) is retried at once with its errors fed back;
    /// - a transport failure (connection error, broken stream, 5xx, 408/429,
    ///   no first token, a stalled stream) after an exponential back-off;
    /// - nothing else: not other 4xx (model missing), and never an answer that
    ///   was merely slow (a steady stream is not cut; a non-streamed answer
    ///   over `attempt_timeout` ends the call with [`LlmError::Timeout`]).
    ///
    /// With `events`, the answer is streamed and the listener receives
    /// [`LlmEvent::Attempt`]`(n)` before each attempt, then that attempt's
    /// [`LlmEvent::Token`]s. Dropping the future cancels the request in flight.
    pub async fn propose(
        &self,
        prompt: &PlanPrompt,
        events: Option<mpsc::Sender<LlmEvent>>,
    ) -> Result<Proposal, LlmError> {
        if prompt.candidates.is_empty() {
            return Err(LlmError::Config("the prompt has no candidates".into()));
        }
        // The prompt as data, for replaying real prompts against a model
        // (`RUST_LOG=gainsly_llm::prompt=trace`; the real_model test's fixtures).
        if tracing::enabled!(target: "gainsly_llm::prompt", tracing::Level::TRACE) {
            match serde_json::to_string(prompt) {
                Ok(json) => {
                    tracing::trace!(target: "gainsly_llm::prompt", prompt = %json, "plan prompt")
                }
                Err(e) => tracing::warn!(error = %e, "serializing the plan prompt"),
            }
        }
        let started = Instant::now();
        let deadline = started + self.config.deadline;
        let schema = prompt::answer_schema(prompt);
        let max_tokens = prompt::answer_token_limit(prompt).min(self.config.max_tokens.max(1));
        let base = prompt::messages(prompt);
        let mut messages = base.clone();
        let mut listener = events;
        let stream = listener.is_some() || self.config.always_stream;
        let limits = Limits {
            first_token: self.config.first_token_timeout,
            idle: self.config.idle_timeout,
            whole_answer: self.config.attempt_timeout,
            deadline,
        };
        let max_attempts = self.config.attempts();
        let mut backoff = self.config.backoff;
        let mut last_errors: Vec<String> = Vec::new();

        for attempt in 1..=max_attempts {
            if Instant::now() >= deadline
                || attempt::notify(&mut listener, LlmEvent::Attempt(attempt), deadline)
                    .await
                    .is_err()
            {
                return Err(self.deadline_error(&last_errors));
            }
            let request = Request {
                messages: &messages,
                schema: Some(&schema),
                max_tokens,
                stream,
            };
            let (result, progress) =
                attempt::run(self.provider.as_ref(), request, limits, &mut listener).await;
            let error = match result {
                Err(Failure::Deadline) => {
                    self.log_attempt(attempt, &progress, None, "cut by the deadline");
                    last_errors.push(format!("attempt {attempt} cut by the deadline"));
                    return Err(self.deadline_error(&last_errors));
                }
                Err(Failure::Error(e)) => e,
                Ok(answer) => match parse_answer(&answer.text, prompt) {
                    Ok(mut proposal) => {
                        self.log_attempt(attempt, &progress, Some(&answer), "usable");
                        proposal.attempts = attempt;
                        proposal.usage = answer.usage;
                        tracing::info!(
                            provider = self.provider.name(),
                            model = self.config.model.as_str(),
                            prompt_version = PROMPT_VERSION,
                            attempts = attempt,
                            total_ms = started.elapsed().as_millis(),
                            picks = proposal.picks.len(),
                            issues = proposal.issues.len(),
                            "LLM proposal usable"
                        );
                        if !proposal.issues.is_empty() {
                            tracing::debug!(issues = ?proposal.issues, "LLM proposal adjusted");
                        }
                        return Ok(proposal);
                    }
                    Err(mut errors) => {
                        self.log_attempt(attempt, &progress, Some(&answer), "unusable");
                        if answer.truncated {
                            errors.push(format!(
                                "the answer was cut off at its limit of {max_tokens} tokens: list fewer exercises and keep the rationale to one short sentence"
                            ));
                        }
                        tracing::warn!(
                            provider = self.provider.name(),
                            model = self.config.model.as_str(),
                            prompt_version = PROMPT_VERSION,
                            attempt,
                            errors = ?errors,
                            "LLM answer unusable"
                        );
                        messages = retry_messages(&base, &answer, &errors);
                        last_errors = errors;
                        continue;
                    }
                },
            };
            self.log_attempt(attempt, &progress, None, error.kind());
            tracing::warn!(
                provider = self.provider.name(),
                model = self.config.model.as_str(),
                attempt,
                error = %error,
                retryable = error.is_retryable(),
                "LLM attempt failed"
            );
            if !error.is_retryable() || attempt == max_attempts {
                return Err(error);
            }
            last_errors = vec![error.to_string()];
            if Instant::now() + backoff >= deadline {
                return Err(self.deadline_error(&last_errors));
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
        Err(LlmError::Unusable {
            errors: last_errors,
            attempts: max_attempts,
        })
    }

    /// One line per attempt with its progress and token counts.
    fn log_attempt(
        &self,
        attempt: u32,
        progress: &Progress,
        answer: Option<&ChatAnswer>,
        outcome: &str,
    ) {
        let usage = answer.map(|a| a.usage).unwrap_or_default();
        tracing::info!(
            provider = self.provider.name(),
            model = self.config.model.as_str(),
            prompt_version = PROMPT_VERSION,
            attempt,
            outcome,
            first_token_ms = progress.first_token.map(|d| d.as_millis()),
            elapsed_ms = progress.elapsed.as_millis(),
            pieces = progress.pieces,
            prompt_tokens = usage.prompt_tokens,
            cached_prompt_tokens = usage.cached_prompt_tokens,
            answer_tokens = usage.answer_tokens,
            truncated = answer.is_some_and(|a| a.truncated),
            "LLM attempt"
        );
    }

    fn deadline_error(&self, last_errors: &[String]) -> LlmError {
        LlmError::DeadlineExceeded {
            after: self.config.deadline,
            last_error: if last_errors.is_empty() {
                "none".to_owned()
            } else {
                last_errors.join("; ")
            },
        }
    }
}

/// The conversation of a retry after an unusable answer: the first
/// messages, the answer (cut), and the errors as the next user message. The
/// server's prompt cache still holds the first messages and the answer, so
/// only the feedback is new to evaluate.
fn retry_messages(
    base: &[ChatMessage],
    answer: &ChatAnswer,
    errors: &[String],
) -> Vec<ChatMessage> {
    let mut messages = base.to_vec();
    messages.push(ChatMessage::assistant(truncate_chars(
        &answer.text,
        MAX_ECHOED_ANSWER_CHARS,
    )));
    messages.push(ChatMessage::user(prompt::feedback_prompt(errors)));
    messages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send>(_: T) {}

    #[test]
    fn futures_are_send_and_client_is_shareable() {
        fn assert_sync<T: Send + Sync + 'static>() {}
        assert_sync::<LlmClient>();
        let client = LlmClient::new(LlmConfig::default()).unwrap();
        let prompt = crate::prompt::tests::sample_prompt();
        assert_send(client.propose(&prompt, None));
        assert_send(client.check());
        assert_send(client.ensure_model());
        assert_send(client.warm_up());
    }
}
