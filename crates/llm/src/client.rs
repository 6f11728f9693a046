//! [`LlmClient`]: prompts, attempts, retries, deadlines and parsing on top of
//! an [`LlmProvider`].

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc;

use crate::config::{LlmConfig, Provider};
use crate::error::LlmError;
use crate::ollama::OllamaProvider;
use crate::openai::OpenAiProvider;
use crate::parse::{Proposal, parse_answer};
use crate::prompt::{self, PROMPT_VERSION, PlanPrompt};
use crate::provider::{ChatMessage, HealthStatus, LlmProvider, truncate_chars};

/// How much of a rejected answer is echoed back in the retry conversation.
const MAX_ECHOED_ANSWER_CHARS: usize = 2_000;
/// Longest back-off between transport retries.
const MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The adapter the planner uses. Cheap to clone (the provider is shared).
#[derive(Debug, Clone)]
pub struct LlmClient {
    provider: Arc<dyn LlmProvider>,
    config: LlmConfig,
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
    /// deadline, back-off and pull settings of `config` are used here.
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

    /// Asks the model for a session plan from `prompt`'s candidates.
    ///
    /// Up to `max_attempts` attempts, each limited by `attempt_timeout`, all
    /// of them by `deadline`. An unusable answer (no JSON, wrong shape, no
    /// candidate id) is retried at once with the errors fed back; transport
    /// errors, timeouts and 5xx are retried after an exponential back-off;
    /// other 4xx (model missing) are not. With `tokens`, the answer is
    /// streamed and each piece forwarded as it arrives (a retry's pieces
    /// follow the previous attempt's). Dropping the future cancels the
    /// request in flight.
    pub async fn propose(
        &self,
        prompt: &PlanPrompt,
        tokens: Option<mpsc::Sender<String>>,
    ) -> Result<Proposal, LlmError> {
        if prompt.candidates.is_empty() {
            return Err(LlmError::Config("the prompt has no candidates".into()));
        }
        let started = Instant::now();
        let deadline = started + self.config.deadline;
        let schema = prompt::answer_schema(prompt);
        let base = prompt::messages(prompt);
        let mut messages = base.clone();
        let max_attempts = self.config.attempts();
        let mut backoff = self.config.backoff;
        let mut last_errors: Vec<String> = Vec::new();
        let provider = self.provider.name();
        let model = self.config.model.as_str();

        for attempt in 1..=max_attempts {
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(self.deadline_error(&last_errors));
            }
            let budget = remaining.min(self.config.attempt_timeout);
            let attempt_started = Instant::now();
            let outcome = tokio::time::timeout(
                budget,
                self.provider.chat(&messages, Some(&schema), tokens.clone()),
            )
            .await;
            let elapsed_ms = attempt_started.elapsed().as_millis();
            let error = match outcome {
                Err(_) if budget < self.config.attempt_timeout => {
                    tracing::warn!(
                        provider,
                        model,
                        attempt,
                        elapsed_ms,
                        "LLM call hit its deadline"
                    );
                    last_errors = vec![format!("attempt {attempt} cut by the deadline")];
                    return Err(self.deadline_error(&last_errors));
                }
                Err(_) => LlmError::Timeout(self.config.attempt_timeout),
                Ok(Err(e)) => e,
                Ok(Ok(text)) => match parse_answer(&text, prompt) {
                    Ok(mut proposal) => {
                        proposal.attempts = attempt;
                        tracing::info!(
                            provider,
                            model,
                            prompt_version = PROMPT_VERSION,
                            attempt,
                            elapsed_ms,
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
                    Err(errors) => {
                        tracing::warn!(
                            provider,
                            model,
                            prompt_version = PROMPT_VERSION,
                            attempt,
                            elapsed_ms,
                            errors = ?errors,
                            "LLM answer unusable"
                        );
                        messages = base.clone();
                        messages.push(ChatMessage::assistant(truncate_chars(
                            &text,
                            MAX_ECHOED_ANSWER_CHARS,
                        )));
                        messages.push(ChatMessage::user(prompt::feedback_prompt(&errors)));
                        last_errors = errors;
                        continue;
                    }
                },
            };
            tracing::warn!(
                provider,
                model,
                attempt,
                elapsed_ms,
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
    }
}
