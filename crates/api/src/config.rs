//! Configuration: defaults < optional TOML file < `GAINSLY_*` environment
//! variables (and `DATABASE_URL`) < command-line flags.
//!
//! Secrets are wrapped in [`Secret`], whose `Debug` never shows them.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use thiserror::Error;

/// A string that must never be printed.
#[derive(Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret text.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Whether and how the LLM is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LlmMode {
    /// Never call the LLM.
    Off,
    /// Call it; fall back to built-in candidates when it fails.
    Auto,
    /// Call it; answer 503 GENERATION_FAILED when it fails.
    Required,
}

/// Which wire protocol the LLM server speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LlmProviderKind {
    Ollama,
    Openai,
}

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    Pretty,
    Json,
}

/// The complete, resolved configuration of `gainsly-api`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub data_dir: PathBuf,
    pub database_url: String,
    /// `None`: generate (once) into the data directory.
    pub jwt_secret: Option<Secret>,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    pub auth_rate_limit_per_minute: u32,
    /// Adaptations (`POST /api/days/{date}/adapt[/stream]`) per user per minute.
    pub adapt_rate_limit_per_minute: u32,
    /// Use `X-Forwarded-For`/`Forwarded` for the client IP (only behind a trusted proxy).
    pub trust_proxy_headers: bool,
    /// Where rate-limit windows live. `None`: in the database on PostgreSQL
    /// (shared by every instance), in memory on SQLite.
    pub rate_limit_store: Option<crate::auth::rate_limit::RateLimitStore>,
    pub body_limit_bytes: usize,
    pub llm_mode: LlmMode,
    pub llm_provider: LlmProviderKind,
    pub llm_url: String,
    pub llm_model: String,
    pub llm_api_key: Option<Secret>,
    /// Seconds one LLM HTTP attempt may take, first byte to last token.
    pub llm_attempt_timeout_secs: u64,
    /// Seconds a whole LLM proposal may take, retries included; then the
    /// planner falls back (`auto`) or answers GENERATION_FAILED (`required`).
    pub llm_deadline_secs: u64,
    /// `None`: on for SQLite, off for PostgreSQL.
    pub embedded_worker: Option<bool>,
    pub log_format: LogFormat,
    /// Seconds a request waits for a database connection before 503.
    pub db_acquire_timeout_secs: u64,
    pub db_max_connections: u32,
}

impl Default for Settings {
    fn default() -> Self {
        let data_dir = PathBuf::from("./data");
        Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            database_url: default_database_url(&data_dir),
            data_dir,
            jwt_secret: None,
            access_token_minutes: 15,
            refresh_token_days: 30,
            auth_rate_limit_per_minute: 10,
            adapt_rate_limit_per_minute: 30,
            trust_proxy_headers: false,
            rate_limit_store: None,
            body_limit_bytes: 256 * 1024,
            llm_mode: LlmMode::Auto,
            llm_provider: LlmProviderKind::Ollama,
            llm_url: "http://127.0.0.1:11434".into(),
            llm_model: "llama3.2:3b".into(),
            llm_api_key: None,
            llm_attempt_timeout_secs: 20,
            llm_deadline_secs: 45,
            embedded_worker: None,
            log_format: LogFormat::Pretty,
            db_acquire_timeout_secs: 3,
            db_max_connections: 16,
        }
    }
}

fn default_database_url(data_dir: &Path) -> String {
    format!("sqlite://{}/gainsly.db?mode=rwc", data_dir.display())
}

/// A setting that could not be read.
#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    File {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {source}")]
    Toml {
        path: PathBuf,
        source: Box<toml::de::Error>,
    },
    #[error("invalid value for {name}: {message}")]
    Invalid { name: String, message: String },
}

/// The optional TOML file: the same settings as the environment, lower-case names
/// without the `GAINSLY_` prefix (`bind`, `database_url`, `llm_mode`, …).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    jwt_secret: Option<Secret>,
    access_token_minutes: Option<i64>,
    refresh_token_days: Option<i64>,
    auth_rate_limit_per_minute: Option<u32>,
    adapt_rate_limit_per_minute: Option<u32>,
    trust_proxy_headers: Option<bool>,
    rate_limit_store: Option<String>,
    body_limit_bytes: Option<usize>,
    llm_mode: Option<String>,
    llm_provider: Option<String>,
    llm_url: Option<String>,
    llm_model: Option<String>,
    llm_api_key: Option<Secret>,
    llm_attempt_timeout_secs: Option<u64>,
    llm_deadline_secs: Option<u64>,
    embedded_worker: Option<bool>,
    log_format: Option<String>,
    db_acquire_timeout_secs: Option<u64>,
    db_max_connections: Option<u32>,
}

impl Settings {
    /// Resolves settings from an optional file, an environment lookup and an
    /// optional `--bind` flag. `env` is injected so tests need not touch the process.
    pub fn load(
        config_file: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
        bind_flag: Option<&str>,
    ) -> Result<Settings, ConfigError> {
        let mut s = Settings::default();
        let file_path = config_file
            .map(Path::to_path_buf)
            .or_else(|| env("GAINSLY_CONFIG").map(PathBuf::from));
        let mut explicit_db_url = false;
        if let Some(path) = file_path {
            let text = std::fs::read_to_string(&path).map_err(|source| ConfigError::File {
                path: path.clone(),
                source,
            })?;
            let f: FileSettings = toml::from_str(&text).map_err(|e| ConfigError::Toml {
                path: path.clone(),
                source: Box::new(e),
            })?;
            explicit_db_url |= f.database_url.is_some();
            s.apply_file(f)?;
        }
        explicit_db_url |= s.apply_env(env)?;
        if let Some(b) = bind_flag {
            s.bind = parse_named("--bind", b)?;
        }
        if !explicit_db_url {
            s.database_url = default_database_url(&s.data_dir);
        }
        s.check()?;
        Ok(s)
    }

    fn apply_file(&mut self, f: FileSettings) -> Result<(), ConfigError> {
        if let Some(v) = f.bind {
            self.bind = parse_named("bind", &v)?;
        }
        set(&mut self.data_dir, f.data_dir);
        set(&mut self.database_url, f.database_url);
        if f.jwt_secret.is_some() {
            self.jwt_secret = f.jwt_secret;
        }
        set(&mut self.access_token_minutes, f.access_token_minutes);
        set(&mut self.refresh_token_days, f.refresh_token_days);
        set(
            &mut self.auth_rate_limit_per_minute,
            f.auth_rate_limit_per_minute,
        );
        set(
            &mut self.adapt_rate_limit_per_minute,
            f.adapt_rate_limit_per_minute,
        );
        set(&mut self.trust_proxy_headers, f.trust_proxy_headers);
        if let Some(v) = f.rate_limit_store {
            self.rate_limit_store = Some(parse_enum("rate_limit_store", &v)?);
        }
        set(&mut self.body_limit_bytes, f.body_limit_bytes);
        if let Some(v) = f.llm_mode {
            self.llm_mode = parse_enum("llm_mode", &v)?;
        }
        if let Some(v) = f.llm_provider {
            self.llm_provider = parse_enum("llm_provider", &v)?;
        }
        set(&mut self.llm_url, f.llm_url);
        set(&mut self.llm_model, f.llm_model);
        if f.llm_api_key.is_some() {
            self.llm_api_key = f.llm_api_key;
        }
        set(
            &mut self.llm_attempt_timeout_secs,
            f.llm_attempt_timeout_secs,
        );
        set(&mut self.llm_deadline_secs, f.llm_deadline_secs);
        if f.embedded_worker.is_some() {
            self.embedded_worker = f.embedded_worker;
        }
        if let Some(v) = f.log_format {
            self.log_format = parse_enum("log_format", &v)?;
        }
        set(&mut self.db_acquire_timeout_secs, f.db_acquire_timeout_secs);
        set(&mut self.db_max_connections, f.db_max_connections);
        Ok(())
    }

    /// Applies environment variables; returns whether a database URL was given.
    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<bool, ConfigError> {
        let get = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        if let Some(v) = get("GAINSLY_BIND") {
            self.bind = parse_named("GAINSLY_BIND", &v)?;
        }
        if let Some(v) = get("GAINSLY_DATA_DIR") {
            self.data_dir = PathBuf::from(v);
        }
        let db_url = get("GAINSLY_DATABASE_URL").or_else(|| get("DATABASE_URL"));
        let explicit_db = db_url.is_some();
        set(&mut self.database_url, db_url);
        if let Some(v) = get("GAINSLY_JWT_SECRET") {
            self.jwt_secret = Some(Secret::new(v));
        }
        macro_rules! num {
            ($field:ident, $name:literal) => {
                if let Some(v) = get($name) {
                    self.$field = parse_named($name, &v)?;
                }
            };
        }
        num!(access_token_minutes, "GAINSLY_ACCESS_TOKEN_MINUTES");
        num!(refresh_token_days, "GAINSLY_REFRESH_TOKEN_DAYS");
        num!(
            auth_rate_limit_per_minute,
            "GAINSLY_AUTH_RATE_LIMIT_PER_MINUTE"
        );
        num!(
            adapt_rate_limit_per_minute,
            "GAINSLY_ADAPT_RATE_LIMIT_PER_MINUTE"
        );
        num!(trust_proxy_headers, "GAINSLY_TRUST_PROXY_HEADERS");
        num!(body_limit_bytes, "GAINSLY_BODY_LIMIT_BYTES");
        num!(db_acquire_timeout_secs, "GAINSLY_DB_ACQUIRE_TIMEOUT_SECS");
        num!(db_max_connections, "GAINSLY_DB_MAX_CONNECTIONS");
        num!(llm_attempt_timeout_secs, "GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS");
        num!(llm_deadline_secs, "GAINSLY_LLM_DEADLINE_SECS");
        if let Some(v) = get("GAINSLY_RATE_LIMIT_STORE") {
            self.rate_limit_store = Some(parse_enum("GAINSLY_RATE_LIMIT_STORE", &v)?);
        }
        if let Some(v) = get("GAINSLY_LLM_MODE") {
            self.llm_mode = parse_enum("GAINSLY_LLM_MODE", &v)?;
        }
        if let Some(v) = get("GAINSLY_LLM_PROVIDER") {
            self.llm_provider = parse_enum("GAINSLY_LLM_PROVIDER", &v)?;
        }
        set(&mut self.llm_url, get("GAINSLY_LLM_URL"));
        set(&mut self.llm_model, get("GAINSLY_LLM_MODEL"));
        if let Some(v) = get("GAINSLY_LLM_API_KEY") {
            self.llm_api_key = Some(Secret::new(v));
        }
        if let Some(v) = get("GAINSLY_EMBEDDED_WORKER") {
            self.embedded_worker = Some(parse_bool("GAINSLY_EMBEDDED_WORKER", &v)?);
        }
        if let Some(v) = get("GAINSLY_LOG_FORMAT") {
            self.log_format = parse_enum("GAINSLY_LOG_FORMAT", &v)?;
        }
        Ok(explicit_db)
    }

    fn check(&self) -> Result<(), ConfigError> {
        let invalid = |name: &str, message: &str| ConfigError::Invalid {
            name: name.into(),
            message: message.into(),
        };
        if let Some(secret) = &self.jwt_secret
            && secret.expose().len() < MIN_JWT_SECRET_BYTES
        {
            return Err(invalid(
                "GAINSLY_JWT_SECRET",
                "must be at least 32 bytes; refusing to start",
            ));
        }
        if !(1..=24 * 60).contains(&self.access_token_minutes) {
            return Err(invalid("GAINSLY_ACCESS_TOKEN_MINUTES", "must be 1 to 1440"));
        }
        if !(1..=365).contains(&self.refresh_token_days) {
            return Err(invalid("GAINSLY_REFRESH_TOKEN_DAYS", "must be 1 to 365"));
        }
        if self.auth_rate_limit_per_minute == 0 {
            return Err(invalid(
                "GAINSLY_AUTH_RATE_LIMIT_PER_MINUTE",
                "must be at least 1",
            ));
        }
        if self.adapt_rate_limit_per_minute == 0 {
            return Err(invalid(
                "GAINSLY_ADAPT_RATE_LIMIT_PER_MINUTE",
                "must be at least 1",
            ));
        }
        if self.body_limit_bytes < 1024 {
            return Err(invalid("GAINSLY_BODY_LIMIT_BYTES", "must be at least 1024"));
        }
        if !(1..=600).contains(&self.llm_attempt_timeout_secs) {
            return Err(invalid(
                "GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS",
                "must be 1 to 600",
            ));
        }
        if !(1..=1800).contains(&self.llm_deadline_secs) {
            return Err(invalid("GAINSLY_LLM_DEADLINE_SECS", "must be 1 to 1800"));
        }
        Ok(())
    }

    /// Whether background jobs run inside the API process.
    pub fn rate_limit_store(&self) -> crate::auth::rate_limit::RateLimitStore {
        use crate::auth::rate_limit::RateLimitStore;
        self.rate_limit_store
            .unwrap_or(if self.database_url.starts_with("sqlite:") {
                RateLimitStore::Memory
            } else {
                RateLimitStore::Database
            })
    }

    pub fn embedded_worker_enabled(&self) -> bool {
        self.embedded_worker
            .unwrap_or_else(|| self.database_url.starts_with("sqlite:"))
    }
}

/// HS256 keys shorter than this are refused (RFC 7518 §3.2: key ≥ hash output size).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn parse_named<T: std::str::FromStr>(name: &str, raw: &str) -> Result<T, ConfigError>
where
    T::Err: std::fmt::Display,
{
    raw.trim()
        .parse()
        .map_err(|e: T::Err| ConfigError::Invalid {
            name: name.into(),
            message: e.to_string(),
        })
}

fn parse_bool(name: &str, raw: &str) -> Result<bool, ConfigError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(ConfigError::Invalid {
            name: name.into(),
            message: "expected true/false, on/off or 1/0".into(),
        }),
    }
}

fn parse_enum<T: for<'de> Deserialize<'de>>(name: &str, raw: &str) -> Result<T, ConfigError> {
    let value = serde_json::Value::String(raw.trim().to_ascii_lowercase());
    serde_json::from_value(value).map_err(|_| ConfigError::Invalid {
        name: name.into(),
        message: format!("unknown value `{raw}`"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_are_the_embedded_system() {
        let s = Settings::load(None, &env_of(&[]), None).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.database_url, "sqlite://./data/gainsly.db?mode=rwc");
        assert!(s.embedded_worker_enabled());
        assert_eq!(s.llm_mode, LlmMode::Auto);
        assert_eq!(s.auth_rate_limit_per_minute, 10);
        assert_eq!(
            s.rate_limit_store(),
            crate::auth::rate_limit::RateLimitStore::Memory
        );
    }

    #[test]
    fn rate_limits_are_shared_on_postgres_unless_told() {
        use crate::auth::rate_limit::RateLimitStore;
        let pg = [("DATABASE_URL", "postgres://u@h/db")];
        let s = Settings::load(None, &env_of(&pg), None).unwrap();
        assert_eq!(s.rate_limit_store(), RateLimitStore::Database);
        let memory = [
            ("DATABASE_URL", "postgres://u@h/db"),
            ("GAINSLY_RATE_LIMIT_STORE", "Memory"),
        ];
        let s = Settings::load(None, &env_of(&memory), None).unwrap();
        assert_eq!(s.rate_limit_store(), RateLimitStore::Memory);
        let bad = [("GAINSLY_RATE_LIMIT_STORE", "redis")];
        assert!(Settings::load(None, &env_of(&bad), None).is_err());
    }

    #[test]
    fn env_overrides_file_and_flag_overrides_env() {
        let dir = tempfile_dir();
        let path = dir.join("gainsly.toml");
        std::fs::write(
            &path,
            "llm_mode = \"off\"\nbind = \"127.0.0.1:9000\"\naccess_token_minutes = 5\n",
        )
        .unwrap();
        let env = env_of(&[
            ("GAINSLY_ACCESS_TOKEN_MINUTES", "7"),
            ("DATABASE_URL", "postgres://x/y"),
        ]);
        let s = Settings::load(Some(&path), &env, Some("127.0.0.1:9100")).unwrap();
        assert_eq!(s.llm_mode, LlmMode::Off);
        assert_eq!(s.access_token_minutes, 7);
        assert_eq!(s.bind.to_string(), "127.0.0.1:9100");
        assert_eq!(s.database_url, "postgres://x/y");
        assert!(!s.embedded_worker_enabled());
    }

    #[test]
    fn data_dir_moves_the_default_database() {
        let s = Settings::load(None, &env_of(&[("GAINSLY_DATA_DIR", "/var/lib/g")]), None).unwrap();
        assert_eq!(s.database_url, "sqlite:///var/lib/g/gainsly.db?mode=rwc");
    }

    #[test]
    fn short_secret_is_refused() {
        let err =
            Settings::load(None, &env_of(&[("GAINSLY_JWT_SECRET", "short")]), None).unwrap_err();
        assert!(err.to_string().contains("at least 32 bytes"));
    }

    #[test]
    fn secrets_never_print() {
        let s = Settings::load(
            None,
            &env_of(&[
                (
                    "GAINSLY_JWT_SECRET",
                    "a-very-long-secret-value-of-40-bytes!!!!",
                ),
                ("GAINSLY_LLM_API_KEY", "sk-123"),
            ]),
            None,
        )
        .unwrap();
        let printed = format!("{s:?}");
        assert!(!printed.contains("a-very-long-secret"));
        assert!(!printed.contains("sk-123"));
    }

    #[test]
    fn llm_timeouts_are_configurable_and_checked() {
        let s = Settings::load(None, &env_of(&[]), None).unwrap();
        assert_eq!((s.llm_attempt_timeout_secs, s.llm_deadline_secs), (20, 45));
        let s = Settings::load(
            None,
            &env_of(&[
                ("GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS", "2"),
                ("GAINSLY_LLM_DEADLINE_SECS", "5"),
            ]),
            None,
        )
        .unwrap();
        assert_eq!((s.llm_attempt_timeout_secs, s.llm_deadline_secs), (2, 5));
        let err =
            Settings::load(None, &env_of(&[("GAINSLY_LLM_DEADLINE_SECS", "0")]), None).unwrap_err();
        assert!(err.to_string().contains("GAINSLY_LLM_DEADLINE_SECS"));
    }

    #[test]
    fn bad_values_name_the_variable() {
        let err =
            Settings::load(None, &env_of(&[("GAINSLY_LLM_MODE", "sometimes")]), None).unwrap_err();
        assert!(err.to_string().contains("GAINSLY_LLM_MODE"));
    }

    fn tempfile_dir() -> PathBuf {
        let dir = std::env::temp_dir().join(format!("gainsly-config-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }
}
