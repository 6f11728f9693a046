//! The one configuration loader of every Gainsly binary (`gainsly-api`,
//! `gainsly-worker`, the API's embedded workers): defaults < optional TOML
//! file (`--config` or `GAINSLY_CONFIG`) < `GAINSLY_*` environment variables
//! (and `DATABASE_URL`) < command-line flags.
//!
//! The file uses the variable names in lower case without the prefix
//! (`llm_mode = "off"`, `schedule_cleanup = "0 5 * * Sun"`). Secrets are
//! wrapped in [`Secret`], whose `Debug` never shows them. Every value is
//! checked here, so a bad one stops the binary at start naming its
//! variable.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use gainsly_llm::{ApiKey, LlmConfig, LlmMode, Provider};
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

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl FromStr for LogFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "pretty" => Ok(LogFormat::Pretty),
            "json" => Ok(LogFormat::Json),
            other => Err(format!("unknown value `{other}` (expected pretty or json)")),
        }
    }
}

/// Where the API's rate-limit windows are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RateLimitStore {
    /// In each process: each API instance enforces its own limit.
    Memory,
    /// In the database: shared by every instance on it (one upsert a hit).
    Database,
}

impl FromStr for RateLimitStore {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "memory" => Ok(RateLimitStore::Memory),
            "database" => Ok(RateLimitStore::Database),
            other => Err(format!(
                "unknown value `{other}` (expected memory or database)"
            )),
        }
    }
}

/// Default schedule of the pre-generation fan-out: daily 02:00 UTC.
pub const DEFAULT_PREGENERATE: &str = "0 0 2 * * *";
/// Default schedule of the model refresh: daily 03:00 UTC.
pub const DEFAULT_MODEL_REFRESH: &str = "0 0 3 * * *";
/// Default schedule of the cleanup: Sundays 04:00 UTC.
pub const DEFAULT_CLEANUP: &str = "0 0 4 * * Sun";

/// A validated cron schedule (UTC).
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The expression as configured.
    pub expr: String,
    parsed: cron::Schedule,
}

impl Schedule {
    /// Parses a cron expression: 5 fields (`min hour day month weekday`,
    /// seconds = 0), 6 (with seconds first) or 7 (with a year). Weekdays by
    /// name (`Sun`, `Mon-Fri`) are the unambiguous choice.
    pub fn parse(name: &'static str, expr: &str) -> Result<Schedule, SettingsError> {
        let trimmed = expr.trim();
        let fields = trimmed.split_whitespace().count();
        let full = if fields == 5 {
            format!("0 {trimmed}")
        } else {
            trimmed.to_owned()
        };
        let parsed = cron::Schedule::from_str(&full).map_err(|e| SettingsError::Invalid {
            name: name.into(),
            message: format!("`{expr}` is not a cron schedule: {e}"),
        })?;
        Ok(Schedule {
            expr: trimmed.to_owned(),
            parsed,
        })
    }

    /// The parsed schedule (for the cron workers).
    pub fn cron(&self) -> &cron::Schedule {
        &self.parsed
    }

    /// The next ticks after `after` (for logs and tests).
    pub fn upcoming_after(
        &self,
        after: chrono::DateTime<chrono::Utc>,
    ) -> impl Iterator<Item = chrono::DateTime<chrono::Utc>> + '_ {
        self.parsed.after(&after)
    }
}

/// When each periodic job runs; `None` disables that schedule.
#[derive(Debug, Clone)]
pub struct Schedules {
    pub pregenerate: Option<Schedule>,
    pub cleanup: Option<Schedule>,
    pub model_refresh: Option<Schedule>,
}

impl Default for Schedules {
    fn default() -> Self {
        let parse = |name, expr| Schedule::parse(name, expr).ok();
        Schedules {
            pregenerate: parse("pregenerate", DEFAULT_PREGENERATE),
            cleanup: parse("cleanup", DEFAULT_CLEANUP),
            model_refresh: parse("model_refresh", DEFAULT_MODEL_REFRESH),
        }
    }
}

impl Schedules {
    /// No periodic job at all (queue workers only).
    pub fn none() -> Schedules {
        Schedules {
            pregenerate: None,
            cleanup: None,
            model_refresh: None,
        }
    }
}

/// `off` (or `none`, `disabled`, empty) disables a schedule.
fn schedule_setting(name: &'static str, raw: &str) -> Result<Option<Schedule>, SettingsError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "off" | "none" | "disabled" | "" => Ok(None),
        _ => Schedule::parse(name, raw).map(Some),
    }
}

/// The complete, resolved configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Listen address of `gainsly-api`.
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
    pub rate_limit_store: Option<RateLimitStore>,
    pub body_limit_bytes: usize,
    pub llm_mode: LlmMode,
    pub llm_provider: Provider,
    pub llm_url: String,
    pub llm_model: String,
    pub llm_api_key: Option<Secret>,
    /// Seconds a non-streamed LLM answer may take, request to last token
    /// (streamed answers, the default, are judged by the two limits below).
    pub llm_attempt_timeout_secs: u64,
    /// Seconds from an LLM request to its first streamed token (queue at
    /// the server, model load, prompt evaluation); then the attempt is cut
    /// and retried.
    pub llm_first_token_timeout_secs: u64,
    /// Longest pause in seconds between two streamed tokens; a stalled
    /// answer is cut and retried. A stream that keeps producing tokens is
    /// never cut (only the deadline bounds it).
    pub llm_idle_timeout_secs: u64,
    /// Seconds a whole LLM proposal may take, retries included; then the
    /// planner falls back (`auto`) or answers GENERATION_FAILED (`required`).
    pub llm_deadline_secs: u64,
    /// The model refresh pulls a missing model (Ollama).
    pub llm_pull: bool,
    /// `None`: on for SQLite, off for PostgreSQL.
    pub embedded_worker: Option<bool>,
    /// Cron schedules of the periodic jobs (standalone and embedded workers alike).
    pub schedules: Schedules,
    /// Concurrent pre-generation jobs per worker process.
    pub worker_concurrency: usize,
    /// How often idle workers look for jobs, in milliseconds.
    pub worker_poll_ms: u64,
    pub log_format: LogFormat,
    /// Seconds a request waits for a database connection before 503.
    pub db_acquire_timeout_secs: u64,
    pub db_max_connections: u32,
    /// Milliseconds one session's MILP solve may take, all relaxation
    /// levels together (default 100; release solves take about 10). When it
    /// hits, the best plan found so far is used: it meets every hard
    /// constraint but may be a little worse. Raise it on slow machines or
    /// unoptimised builds, where the default cuts solves short.
    pub plan_solve_limit_ms: u64,
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
            llm_provider: Provider::Ollama,
            llm_url: gainsly_llm::config::DEFAULT_BASE_URL.into(),
            llm_model: gainsly_llm::config::DEFAULT_MODEL.into(),
            llm_api_key: None,
            llm_attempt_timeout_secs: 20,
            llm_first_token_timeout_secs: gainsly_llm::config::DEFAULT_FIRST_TOKEN_TIMEOUT
                .as_secs(),
            llm_idle_timeout_secs: gainsly_llm::config::DEFAULT_IDLE_TIMEOUT.as_secs(),
            llm_deadline_secs: 45,
            llm_pull: false,
            embedded_worker: None,
            schedules: Schedules::default(),
            worker_concurrency: 4,
            worker_poll_ms: 1000,
            log_format: LogFormat::Pretty,
            db_acquire_timeout_secs: 3,
            db_max_connections: 16,
            plan_solve_limit_ms: gainsly_planner::PLANNER_SOLVE_LIMIT.as_millis() as u64,
        }
    }
}

fn default_database_url(data_dir: &Path) -> String {
    format!("sqlite://{}/gainsly.db?mode=rwc", data_dir.display())
}

/// A setting that could not be read.
#[derive(Debug, Error)]
pub enum SettingsError {
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
    #[error("invalid {name}: {message}")]
    Invalid { name: String, message: String },
}

/// Command-line flags, the last word over every other source.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    /// `gainsly-api --bind`.
    pub bind: Option<String>,
    /// `gainsly-worker --concurrency`.
    pub concurrency: Option<usize>,
}

/// The config file: every setting, optional, named without the prefix.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    jwt_secret: Option<Secret>,
    access_token_minutes: Option<i64>,
    refresh_token_days: Option<i64>,
    plan_solve_limit_ms: Option<u64>,
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
    llm_first_token_timeout_secs: Option<u64>,
    llm_idle_timeout_secs: Option<u64>,
    llm_deadline_secs: Option<u64>,
    llm_pull: Option<bool>,
    embedded_worker: Option<bool>,
    schedule_pregenerate: Option<String>,
    schedule_model_refresh: Option<String>,
    schedule_cleanup: Option<String>,
    worker_concurrency: Option<usize>,
    worker_poll_ms: Option<u64>,
    log_format: Option<String>,
    db_acquire_timeout_secs: Option<u64>,
    db_max_connections: Option<u32>,
}

impl Settings {
    /// Resolves settings from an optional file, an environment lookup and
    /// the flags. `env` is injected so tests need not touch the process.
    pub fn load(
        config_file: Option<&Path>,
        env: &dyn Fn(&str) -> Option<String>,
        flags: &Flags,
    ) -> Result<Settings, SettingsError> {
        let mut s = Settings::default();
        let file_path = config_file
            .map(Path::to_path_buf)
            .or_else(|| env("GAINSLY_CONFIG").map(PathBuf::from));
        let mut explicit_db_url = false;
        if let Some(path) = file_path {
            let text = std::fs::read_to_string(&path).map_err(|source| SettingsError::File {
                path: path.clone(),
                source,
            })?;
            let f: FileSettings = toml::from_str(&text).map_err(|e| SettingsError::Toml {
                path: path.clone(),
                source: Box::new(e),
            })?;
            explicit_db_url |= f.database_url.is_some();
            s.apply_file(f)?;
        }
        explicit_db_url |= s.apply_env(env)?;
        if let Some(b) = &flags.bind {
            s.bind = parse_named("--bind", b)?;
        }
        if let Some(c) = flags.concurrency {
            s.worker_concurrency = c;
        }
        if !explicit_db_url {
            s.database_url = default_database_url(&s.data_dir);
        }
        s.check()?;
        Ok(s)
    }

    /// [`Settings::load`] from the process environment.
    pub fn from_env(config_file: Option<&Path>, flags: &Flags) -> Result<Settings, SettingsError> {
        Settings::load(config_file, &|k| std::env::var(k).ok(), flags)
    }

    fn apply_file(&mut self, f: FileSettings) -> Result<(), SettingsError> {
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
        set(&mut self.plan_solve_limit_ms, f.plan_solve_limit_ms);
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
            self.rate_limit_store = Some(parse_named("rate_limit_store", &v)?);
        }
        set(&mut self.body_limit_bytes, f.body_limit_bytes);
        if let Some(v) = f.llm_mode {
            self.llm_mode = parse_named("llm_mode", &v)?;
        }
        if let Some(v) = f.llm_provider {
            self.llm_provider = parse_named("llm_provider", &v)?;
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
        set(
            &mut self.llm_first_token_timeout_secs,
            f.llm_first_token_timeout_secs,
        );
        set(&mut self.llm_idle_timeout_secs, f.llm_idle_timeout_secs);
        set(&mut self.llm_deadline_secs, f.llm_deadline_secs);
        set(&mut self.llm_pull, f.llm_pull);
        if f.embedded_worker.is_some() {
            self.embedded_worker = f.embedded_worker;
        }
        if let Some(v) = f.schedule_pregenerate {
            self.schedules.pregenerate = schedule_setting("schedule_pregenerate", &v)?;
        }
        if let Some(v) = f.schedule_model_refresh {
            self.schedules.model_refresh = schedule_setting("schedule_model_refresh", &v)?;
        }
        if let Some(v) = f.schedule_cleanup {
            self.schedules.cleanup = schedule_setting("schedule_cleanup", &v)?;
        }
        set(&mut self.worker_concurrency, f.worker_concurrency);
        set(&mut self.worker_poll_ms, f.worker_poll_ms);
        if let Some(v) = f.log_format {
            self.log_format = parse_named("log_format", &v)?;
        }
        set(&mut self.db_acquire_timeout_secs, f.db_acquire_timeout_secs);
        set(&mut self.db_max_connections, f.db_max_connections);
        Ok(())
    }

    /// Applies environment variables; returns whether a database URL was given.
    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) -> Result<bool, SettingsError> {
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
        macro_rules! parsed {
            ($field:ident, $name:literal) => {
                if let Some(v) = get($name) {
                    self.$field = parse_named($name, &v)?;
                }
            };
        }
        parsed!(access_token_minutes, "GAINSLY_ACCESS_TOKEN_MINUTES");
        parsed!(refresh_token_days, "GAINSLY_REFRESH_TOKEN_DAYS");
        parsed!(plan_solve_limit_ms, "GAINSLY_PLAN_SOLVE_LIMIT_MS");
        parsed!(
            auth_rate_limit_per_minute,
            "GAINSLY_AUTH_RATE_LIMIT_PER_MINUTE"
        );
        parsed!(
            adapt_rate_limit_per_minute,
            "GAINSLY_ADAPT_RATE_LIMIT_PER_MINUTE"
        );
        parsed!(body_limit_bytes, "GAINSLY_BODY_LIMIT_BYTES");
        parsed!(db_acquire_timeout_secs, "GAINSLY_DB_ACQUIRE_TIMEOUT_SECS");
        parsed!(db_max_connections, "GAINSLY_DB_MAX_CONNECTIONS");
        parsed!(llm_attempt_timeout_secs, "GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS");
        parsed!(
            llm_first_token_timeout_secs,
            "GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS"
        );
        parsed!(llm_idle_timeout_secs, "GAINSLY_LLM_IDLE_TIMEOUT_SECS");
        parsed!(llm_deadline_secs, "GAINSLY_LLM_DEADLINE_SECS");
        parsed!(llm_mode, "GAINSLY_LLM_MODE");
        parsed!(llm_provider, "GAINSLY_LLM_PROVIDER");
        parsed!(log_format, "GAINSLY_LOG_FORMAT");
        parsed!(worker_concurrency, "GAINSLY_WORKER_CONCURRENCY");
        parsed!(worker_poll_ms, "GAINSLY_WORKER_POLL_MS");
        if let Some(v) = get("GAINSLY_TRUST_PROXY_HEADERS") {
            self.trust_proxy_headers = parse_bool("GAINSLY_TRUST_PROXY_HEADERS", &v)?;
        }
        if let Some(v) = get("GAINSLY_RATE_LIMIT_STORE") {
            self.rate_limit_store = Some(parse_named("GAINSLY_RATE_LIMIT_STORE", &v)?);
        }
        set(&mut self.llm_url, get("GAINSLY_LLM_URL"));
        set(&mut self.llm_model, get("GAINSLY_LLM_MODEL"));
        if let Some(v) = get("GAINSLY_LLM_API_KEY") {
            self.llm_api_key = Some(Secret::new(v));
        }
        if let Some(v) = get("GAINSLY_LLM_PULL") {
            self.llm_pull = parse_bool("GAINSLY_LLM_PULL", &v)?;
        }
        if let Some(v) = get("GAINSLY_EMBEDDED_WORKER") {
            self.embedded_worker = Some(parse_bool("GAINSLY_EMBEDDED_WORKER", &v)?);
        }
        for (var, slot) in [
            (
                "GAINSLY_SCHEDULE_PREGENERATE",
                &mut self.schedules.pregenerate,
            ),
            (
                "GAINSLY_SCHEDULE_MODEL_REFRESH",
                &mut self.schedules.model_refresh,
            ),
            ("GAINSLY_SCHEDULE_CLEANUP", &mut self.schedules.cleanup),
        ] {
            if let Some(v) = get(var) {
                *slot = schedule_setting(var, &v)?;
            }
        }
        Ok(explicit_db)
    }

    fn check(&self) -> Result<(), SettingsError> {
        let invalid = |name: &str, message: &str| SettingsError::Invalid {
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
        if !(10..=10_000).contains(&self.plan_solve_limit_ms) {
            return Err(invalid(
                "GAINSLY_PLAN_SOLVE_LIMIT_MS",
                "must be 10 to 10000",
            ));
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
        if !(1..=600).contains(&self.llm_first_token_timeout_secs) {
            return Err(invalid(
                "GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS",
                "must be 1 to 600",
            ));
        }
        if !(1..=600).contains(&self.llm_idle_timeout_secs) {
            return Err(invalid("GAINSLY_LLM_IDLE_TIMEOUT_SECS", "must be 1 to 600"));
        }
        if !(1..=1800).contains(&self.llm_deadline_secs) {
            return Err(invalid("GAINSLY_LLM_DEADLINE_SECS", "must be 1 to 1800"));
        }
        if self.worker_concurrency == 0 {
            return Err(invalid("GAINSLY_WORKER_CONCURRENCY", "must be at least 1"));
        }
        if self.worker_poll_ms == 0 {
            return Err(invalid("GAINSLY_WORKER_POLL_MS", "must be at least 1"));
        }
        Ok(())
    }

    /// Where rate-limit windows live: as configured, else in the database
    /// on PostgreSQL and in memory on SQLite.
    pub fn rate_limit_store(&self) -> RateLimitStore {
        self.rate_limit_store
            .unwrap_or(if self.database_url.starts_with("sqlite:") {
                RateLimitStore::Memory
            } else {
                RateLimitStore::Database
            })
    }

    /// Whether background jobs run inside the API process.
    pub fn embedded_worker_enabled(&self) -> bool {
        self.embedded_worker
            .unwrap_or_else(|| self.database_url.starts_with("sqlite:"))
    }

    /// The LLM client's configuration; `None` when the LLM is off.
    pub fn llm_config(&self) -> Option<LlmConfig> {
        if self.llm_mode == LlmMode::Off {
            return None;
        }
        Some(LlmConfig {
            provider: self.llm_provider,
            base_url: self.llm_url.clone(),
            model: self.llm_model.clone(),
            api_key: self.llm_api_key.as_ref().map(|k| ApiKey::new(k.expose())),
            attempt_timeout: Duration::from_secs(self.llm_attempt_timeout_secs),
            first_token_timeout: Duration::from_secs(self.llm_first_token_timeout_secs),
            idle_timeout: Duration::from_secs(self.llm_idle_timeout_secs),
            deadline: Duration::from_secs(self.llm_deadline_secs),
            pull_missing_model: self.llm_pull,
            ..LlmConfig::default()
        })
    }
}

/// HS256 keys shorter than this are refused (RFC 7518 §3.2: key ≥ hash output size).
pub const MIN_JWT_SECRET_BYTES: usize = 32;

fn set<T>(slot: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *slot = v;
    }
}

fn parse_named<T: FromStr>(name: &str, raw: &str) -> Result<T, SettingsError>
where
    T::Err: std::fmt::Display,
{
    raw.trim()
        .parse()
        .map_err(|e: T::Err| SettingsError::Invalid {
            name: name.into(),
            message: e.to_string(),
        })
}

fn parse_bool(name: &str, raw: &str) -> Result<bool, SettingsError> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "on" | "yes" => Ok(true),
        "0" | "false" | "off" | "no" => Ok(false),
        _ => Err(SettingsError::Invalid {
            name: name.into(),
            message: "expected true/false, on/off or 1/0".into(),
        }),
    }
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

    fn none() -> Flags {
        Flags::default()
    }

    fn at(s: &str) -> chrono::DateTime<chrono::Utc> {
        chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn defaults_are_the_embedded_system() {
        let s = Settings::load(None, &env_of(&[]), &none()).unwrap();
        assert_eq!(s.bind.to_string(), "127.0.0.1:8080");
        assert_eq!(s.database_url, "sqlite://./data/gainsly.db?mode=rwc");
        assert!(s.embedded_worker_enabled());
        assert_eq!(s.llm_mode, LlmMode::Auto);
        assert_eq!(s.auth_rate_limit_per_minute, 10);
        assert_eq!(s.rate_limit_store(), RateLimitStore::Memory);
        assert_eq!(s.worker_concurrency, 4);
        assert!(!s.llm_pull);
        let p = s.schedules.pregenerate.as_ref().unwrap();
        assert_eq!(p.expr, DEFAULT_PREGENERATE);
    }

    #[test]
    fn rate_limits_are_shared_on_postgres_unless_told() {
        let pg = [("DATABASE_URL", "postgres://u@h/db")];
        let s = Settings::load(None, &env_of(&pg), &none()).unwrap();
        assert_eq!(s.rate_limit_store(), RateLimitStore::Database);
        let memory = [
            ("DATABASE_URL", "postgres://u@h/db"),
            ("GAINSLY_RATE_LIMIT_STORE", "Memory"),
        ];
        let s = Settings::load(None, &env_of(&memory), &none()).unwrap();
        assert_eq!(s.rate_limit_store(), RateLimitStore::Memory);
        let bad = [("GAINSLY_RATE_LIMIT_STORE", "redis")];
        assert!(Settings::load(None, &env_of(&bad), &none()).is_err());
    }

    #[test]
    fn env_overrides_file_and_flags_override_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gainsly.toml");
        std::fs::write(
            &path,
            "llm_mode = \"off\"\nbind = \"127.0.0.1:9000\"\naccess_token_minutes = 5\nworker_concurrency = 2\n",
        )
        .unwrap();
        let env = env_of(&[
            ("GAINSLY_ACCESS_TOKEN_MINUTES", "7"),
            ("GAINSLY_WORKER_CONCURRENCY", "3"),
            ("DATABASE_URL", "postgres://x/y"),
        ]);
        let flags = Flags {
            bind: Some("127.0.0.1:9100".into()),
            concurrency: Some(8),
        };
        let s = Settings::load(Some(&path), &env, &flags).unwrap();
        assert_eq!(s.llm_mode, LlmMode::Off);
        assert_eq!(s.access_token_minutes, 7);
        assert_eq!(s.bind.to_string(), "127.0.0.1:9100");
        assert_eq!(s.worker_concurrency, 8);
        assert_eq!(s.database_url, "postgres://x/y");
        assert!(!s.embedded_worker_enabled());
        assert!(s.llm_config().is_none());
    }

    /// The schedules and the model pull come from the same loader as
    /// everything else, so the API's embedded workers see the file too.
    #[test]
    fn schedules_and_the_model_pull_come_from_file_and_env() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gainsly.toml");
        std::fs::write(
            &path,
            "schedule_cleanup = \"0 5 * * Sun\"\nschedule_model_refresh = \"off\"\nllm_pull = true\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path), &env_of(&[]), &none()).unwrap();
        assert!(s.schedules.model_refresh.is_none());
        let cleanup = s.schedules.cleanup.as_ref().unwrap();
        let next = cleanup
            .upcoming_after(at("2026-11-26T00:00:00Z"))
            .next()
            .unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-29T05:00:00+00:00");
        assert!(s.llm_config().unwrap().pull_missing_model);

        let env = env_of(&[
            ("GAINSLY_SCHEDULE_PREGENERATE", "30 1 * * *"),
            ("GAINSLY_SCHEDULE_CLEANUP", "off"),
            ("GAINSLY_LLM_PULL", "false"),
        ]);
        let s = Settings::load(Some(&path), &env, &none()).unwrap();
        assert!(s.schedules.cleanup.is_none());
        assert!(!s.llm_pull);
        let next = s
            .schedules
            .pregenerate
            .as_ref()
            .unwrap()
            .upcoming_after(at("2026-11-26T00:00:00Z"))
            .next()
            .unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-26T01:30:00+00:00");
    }

    #[test]
    fn cleanup_default_is_sunday_four() {
        let s = Schedules::default();
        let next = s
            .cleanup
            .unwrap()
            .upcoming_after(at("2026-11-26T00:00:00Z"))
            .next()
            .unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-29T04:00:00+00:00");
    }

    #[test]
    fn data_dir_moves_the_default_database() {
        let s = Settings::load(
            None,
            &env_of(&[("GAINSLY_DATA_DIR", "/var/lib/g")]),
            &none(),
        )
        .unwrap();
        assert_eq!(s.database_url, "sqlite:///var/lib/g/gainsly.db?mode=rwc");
        let s = Settings::load(
            None,
            &env_of(&[
                ("DATABASE_URL", "postgres://a/b"),
                ("GAINSLY_DATABASE_URL", "postgres://c/d"),
            ]),
            &none(),
        )
        .unwrap();
        assert_eq!(s.database_url, "postgres://c/d");
    }

    #[test]
    fn short_secret_is_refused() {
        let err =
            Settings::load(None, &env_of(&[("GAINSLY_JWT_SECRET", "short")]), &none()).unwrap_err();
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
            &none(),
        )
        .unwrap();
        let printed = format!("{s:?} {:?}", s.llm_config());
        assert!(!printed.contains("a-very-long-secret"));
        assert!(!printed.contains("sk-123"));
        assert_eq!(s.llm_config().unwrap().api_key.unwrap().expose(), "sk-123");
    }

    #[test]
    fn llm_settings_are_configurable_and_checked() {
        let s = Settings::load(None, &env_of(&[]), &none()).unwrap();
        assert_eq!((s.llm_attempt_timeout_secs, s.llm_deadline_secs), (20, 45));
        assert_eq!(
            (s.llm_first_token_timeout_secs, s.llm_idle_timeout_secs),
            (30, 5)
        );
        let c = s.llm_config().unwrap();
        assert_eq!(c.first_token_timeout, Duration::from_secs(30));
        assert_eq!(c.idle_timeout, Duration::from_secs(5));
        let s = Settings::load(
            None,
            &env_of(&[
                ("GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS", "2"),
                ("GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS", "3"),
                ("GAINSLY_LLM_IDLE_TIMEOUT_SECS", "1"),
                ("GAINSLY_LLM_DEADLINE_SECS", "5"),
                ("GAINSLY_LLM_PROVIDER", "openai"),
                ("GAINSLY_LLM_MODE", "required"),
            ]),
            &none(),
        )
        .unwrap();
        let c = s.llm_config().unwrap();
        assert_eq!(c.attempt_timeout, Duration::from_secs(2));
        assert_eq!(c.first_token_timeout, Duration::from_secs(3));
        assert_eq!(c.idle_timeout, Duration::from_secs(1));
        assert_eq!(c.deadline, Duration::from_secs(5));
        assert_eq!(c.provider, Provider::OpenAi);
        assert_eq!(s.llm_mode, LlmMode::Required);
        let err = Settings::load(
            None,
            &env_of(&[("GAINSLY_LLM_DEADLINE_SECS", "0")]),
            &none(),
        )
        .unwrap_err();
        assert!(err.to_string().contains("GAINSLY_LLM_DEADLINE_SECS"));
        for var in [
            "GAINSLY_LLM_FIRST_TOKEN_TIMEOUT_SECS",
            "GAINSLY_LLM_IDLE_TIMEOUT_SECS",
        ] {
            let err = Settings::load(None, &env_of(&[(var, "0")]), &none()).unwrap_err();
            assert!(err.to_string().contains(var), "{var}: {err}");
        }
    }

    /// The file names the progress limits like the variables, without the prefix.
    #[test]
    fn llm_progress_limits_come_from_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gainsly.toml");
        std::fs::write(
            &path,
            "llm_first_token_timeout_secs = 12\nllm_idle_timeout_secs = 2\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path), &env_of(&[]), &none()).unwrap();
        let c = s.llm_config().unwrap();
        assert_eq!(c.first_token_timeout, Duration::from_secs(12));
        assert_eq!(c.idle_timeout, Duration::from_secs(2));
    }

    #[test]
    fn the_plan_solve_limit_comes_from_env() {
        assert_eq!(Settings::default().plan_solve_limit_ms, 100);
        let s = Settings::load(
            None,
            &env_of(&[("GAINSLY_PLAN_SOLVE_LIMIT_MS", "2500")]),
            &none(),
        )
        .unwrap();
        assert_eq!(s.plan_solve_limit_ms, 2500);
    }

    #[test]
    fn bad_values_name_the_variable() {
        for (var, value) in [
            ("GAINSLY_LLM_MODE", "sometimes"),
            ("GAINSLY_SCHEDULE_MODEL_REFRESH", "every tuesday"),
            ("GAINSLY_WORKER_CONCURRENCY", "0"),
            ("GAINSLY_LLM_PULL", "maybe"),
            ("GAINSLY_PLAN_SOLVE_LIMIT_MS", "5"),
            ("GAINSLY_PLAN_SOLVE_LIMIT_MS", "soon"),
        ] {
            let err = Settings::load(None, &env_of(&[(var, value)]), &none()).unwrap_err();
            assert!(err.to_string().contains(var), "{var}: {err}");
        }
    }
}
