//! Configuration of the LLM adapter: which server, which model, how long to wait.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// Whether and how the planner uses the LLM (`GAINSLY_LLM_MODE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LlmMode {
    /// Never call the LLM.
    Off,
    /// Call it; when it fails, plan with the built-in candidates and say `fallback`.
    #[default]
    Auto,
    /// Call it; when it fails, answer 503 `GENERATION_FAILED`.
    Required,
}

impl LlmMode {
    /// The configuration name (`off`, `auto` or `required`).
    pub const fn as_str(self) -> &'static str {
        match self {
            LlmMode::Off => "off",
            LlmMode::Auto => "auto",
            LlmMode::Required => "required",
        }
    }
}

impl fmt::Display for LlmMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of [`LlmMode::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown LLM mode {0:?} (expected `off`, `auto` or `required`)")]
pub struct UnknownMode(pub String);

impl FromStr for LlmMode {
    type Err = UnknownMode;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "off" => Ok(LlmMode::Off),
            "auto" => Ok(LlmMode::Auto),
            "required" => Ok(LlmMode::Required),
            other => Err(UnknownMode(other.to_owned())),
        }
    }
}

/// The wire protocol spoken by the LLM server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    /// Ollama's native API (`/api/chat`, `/api/tags`, `/api/pull`).
    #[default]
    Ollama,
    /// Any OpenAI-compatible server (`/v1/chat/completions`, `/v1/models`):
    /// llama.cpp, vLLM, LM Studio, hosted APIs.
    #[serde(rename = "openai")]
    OpenAi,
}

impl Provider {
    /// The configuration name (`ollama` or `openai`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Provider::Ollama => "ollama",
            Provider::OpenAi => "openai",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of [`Provider::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown LLM provider {0:?} (expected `ollama` or `openai`)")]
pub struct UnknownProvider(pub String);

impl FromStr for Provider {
    type Err = UnknownProvider;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ollama" => Ok(Provider::Ollama),
            "openai" | "open_ai" | "openai-compatible" => Ok(Provider::OpenAi),
            other => Err(UnknownProvider(other.to_owned())),
        }
    }
}

/// A secret API key. Its `Debug` and `Display` print `***`; read it with
/// [`ApiKey::expose`] only where it is sent.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into())
    }

    /// The key itself (for the `Authorization` header only).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl From<String> for ApiKey {
    fn from(key: String) -> Self {
        ApiKey(key)
    }
}

/// Default base URL of a local Ollama.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:11434";
/// Default model.
pub const DEFAULT_MODEL: &str = "llama3.2:3b";

/// Default [`LlmConfig::first_token_timeout`].
pub const DEFAULT_FIRST_TOKEN_TIMEOUT: Duration = Duration::from_secs(30);
/// Default [`LlmConfig::idle_timeout`].
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything the adapter needs to talk to one LLM server.
#[derive(Debug, Clone, PartialEq)]
pub struct LlmConfig {
    pub provider: Provider,
    /// Server root, e.g. `http://127.0.0.1:11434` (for OpenAI-compatible
    /// servers a trailing `/v1` is accepted and not doubled).
    pub base_url: String,
    pub model: String,
    /// Bearer key for OpenAI-compatible servers (ignored by Ollama).
    pub api_key: Option<ApiKey>,
    /// Time from sending a streamed request to the answer's first token
    /// (default 30 s): connecting, waiting behind other requests at the
    /// server, loading the model and evaluating the prompt. An attempt cut by
    /// it is retried (nothing arrived: the server is wedged or lost the
    /// request). See the crate docs for the measurements behind the default.
    pub first_token_timeout: Duration,
    /// Longest pause between two tokens of a streamed answer (default 5 s).
    /// A stream that stalls this long is cut and retried; a stream that keeps
    /// producing tokens is never cut, however long the answer takes (only
    /// `deadline` bounds it).
    pub idle_timeout: Duration,
    /// Time a non-streamed attempt may take, request to whole answer
    /// (default 20 s). Only used when `always_stream` is off and nobody
    /// listens to the tokens: without a stream, progress cannot be seen, so
    /// the attempt's total length is the only limit. An attempt cut by it is
    /// not retried (the answer was merely slow, and a retry would queue
    /// behind the generation still running at the server).
    pub attempt_timeout: Duration,
    /// Time a whole [`crate::LlmClient::propose`] call may take, retries and
    /// back-off included (default 45 s).
    pub deadline: Duration,
    /// Attempts per call, first included (default 3; 0 is treated as 1).
    pub max_attempts: u32,
    /// First back-off after a transport error or 5xx; doubled each retry (default 250 ms).
    pub backoff: Duration,
    /// Time to establish a TCP connection (default 5 s).
    pub connect_timeout: Duration,
    /// Sampling temperature (default 0.2).
    pub temperature: f32,
    /// Upper bound on the tokens generated per answer: Ollama `num_predict`,
    /// OpenAI `max_tokens` (default 512). Each call asks for at most what its
    /// schema can need ([`crate::prompt::answer_token_limit`], sized from the
    /// candidate count), so this only matters when set lower.
    pub max_tokens: u32,
    /// Sampling seed for reproducible answers.
    pub seed: Option<u64>,
    /// Ollama `keep_alive` (how long the model stays loaded), e.g. `"10m"`.
    pub keep_alive: Option<String>,
    /// Whether [`crate::LlmClient::ensure_model`] pulls a missing model (Ollama only).
    pub pull_missing_model: bool,
    /// Whether answers are streamed from the server even when nobody listens
    /// to the tokens (default true; streaming is always used when an event
    /// channel is given). Only a streamed answer shows progress, so only a
    /// streamed attempt is judged by `first_token_timeout` and
    /// `idle_timeout` instead of its total length. Streaming also lets a
    /// server notice at once that a cut or cancelled client has gone and stop
    /// generating; measured
    /// with a single-slot llama.cpp server, a non-streamed request that timed
    /// out kept the slot busy until its token limit and made the next calls
    /// time out too.
    pub always_stream: bool,
}

impl Default for LlmConfig {
    fn default() -> Self {
        LlmConfig {
            provider: Provider::Ollama,
            base_url: DEFAULT_BASE_URL.to_owned(),
            model: DEFAULT_MODEL.to_owned(),
            api_key: None,
            first_token_timeout: DEFAULT_FIRST_TOKEN_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            attempt_timeout: Duration::from_secs(20),
            deadline: Duration::from_secs(45),
            max_attempts: 3,
            backoff: Duration::from_millis(250),
            connect_timeout: Duration::from_secs(5),
            temperature: 0.2,
            max_tokens: 512,
            seed: None,
            keep_alive: None,
            pull_missing_model: false,
            always_stream: true,
        }
    }
}

impl LlmConfig {
    /// An Ollama configuration with defaults for everything else.
    pub fn ollama(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        LlmConfig {
            provider: Provider::Ollama,
            base_url: base_url.into(),
            model: model.into(),
            ..LlmConfig::default()
        }
    }

    /// An OpenAI-compatible configuration with defaults for everything else.
    pub fn openai(base_url: impl Into<String>, model: impl Into<String>) -> Self {
        LlmConfig {
            provider: Provider::OpenAi,
            base_url: base_url.into(),
            model: model.into(),
            ..LlmConfig::default()
        }
    }

    /// The base URL without trailing slashes.
    pub(crate) fn base(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// Attempts per call, at least 1.
    pub(crate) fn attempts(&self) -> u32 {
        self.max_attempts.max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_key_is_never_debug_printed() {
        let cfg = LlmConfig {
            api_key: Some(ApiKey::new("sk-secret-123")),
            ..LlmConfig::default()
        };
        let printed = format!("{cfg:?} {cfg:#?}");
        assert!(!printed.contains("sk-secret-123"), "{printed}");
        assert!(printed.contains("***"));
        assert_eq!(format!("{}", ApiKey::new("x")), "***");
    }

    #[test]
    fn defaults_match_the_design() {
        let cfg = LlmConfig::default();
        assert_eq!(cfg.first_token_timeout, Duration::from_secs(30));
        assert_eq!(cfg.idle_timeout, Duration::from_secs(5));
        assert_eq!(cfg.attempt_timeout, Duration::from_secs(20));
        assert_eq!(cfg.deadline, Duration::from_secs(45));
        assert_eq!(cfg.max_attempts, 3);
        assert_eq!(cfg.base_url, "http://127.0.0.1:11434");
        assert_eq!(cfg.model, "llama3.2:3b");
    }

    #[test]
    fn mode_parses() {
        assert_eq!("Required".parse::<LlmMode>(), Ok(LlmMode::Required));
        assert_eq!(LlmMode::default(), LlmMode::Auto);
        assert!("sometimes".parse::<LlmMode>().is_err());
        assert_eq!(LlmMode::Off.to_string(), "off");
    }

    #[test]
    fn provider_parses() {
        assert_eq!("ollama".parse::<Provider>(), Ok(Provider::Ollama));
        assert_eq!("OpenAI".parse::<Provider>(), Ok(Provider::OpenAi));
        assert!("bard".parse::<Provider>().is_err());
        assert_eq!(Provider::OpenAi.to_string(), "openai");
    }
}
