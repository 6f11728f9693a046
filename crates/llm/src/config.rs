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
    /// Time one HTTP attempt may take, start to last token (default 20 s).
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
    /// Maximum tokens to generate: Ollama `num_predict`, OpenAI `max_tokens`
    /// (default 512; a full answer of 8 exercises is about 300 tokens, and a
    /// low limit stops a looping model early).
    pub max_tokens: u32,
    /// Sampling seed for reproducible answers.
    pub seed: Option<u64>,
    /// Ollama `keep_alive` (how long the model stays loaded), e.g. `"10m"`.
    pub keep_alive: Option<String>,
    /// Whether [`crate::LlmClient::ensure_model`] pulls a missing model (Ollama only).
    pub pull_missing_model: bool,
    /// Whether answers are streamed from the server even when nobody listens
    /// to the tokens (default true; streaming is always used when a token
    /// channel is given). Streaming lets a server notice at once that a
    /// timed-out or cancelled client has gone and stop generating; measured
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
