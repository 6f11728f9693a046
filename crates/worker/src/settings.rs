//! The worker's configuration, read from the same environment as the API
//! (`DATABASE_URL`/`GAINSLY_DATABASE_URL`, `GAINSLY_DATA_DIR`,
//! `GAINSLY_LLM_*`) plus the job schedules (`GAINSLY_SCHEDULE_*`).

use std::path::PathBuf;
use std::str::FromStr;
use std::time::Duration;

use gainsly_llm::{ApiKey, LlmConfig, Provider};

use crate::error::WorkerError;

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
    pub(crate) parsed: cron::Schedule,
}

impl Schedule {
    /// Parses a cron expression: 5 fields (`min hour day month weekday`,
    /// seconds = 0), 6 (with seconds first) or 7 (with a year). Weekdays by
    /// name (`Sun`, `Mon-Fri`) are the unambiguous choice.
    pub fn parse(name: &'static str, expr: &str) -> Result<Schedule, WorkerError> {
        let trimmed = expr.trim();
        let fields = trimmed.split_whitespace().count();
        let full = if fields == 5 {
            format!("0 {trimmed}")
        } else {
            trimmed.to_owned()
        };
        let parsed = cron::Schedule::from_str(&full).map_err(|e| WorkerError::Schedule {
            name,
            expr: expr.to_owned(),
            reason: e.to_string(),
        })?;
        Ok(Schedule {
            expr: trimmed.to_owned(),
            parsed,
        })
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

    /// Reads the schedules from the process environment (see [`Schedules::from_lookup`]).
    pub fn from_env() -> Result<Schedules, WorkerError> {
        Schedules::from_lookup(&|k| std::env::var(k).ok())
    }

    /// Reads `GAINSLY_SCHEDULE_PREGENERATE`, `GAINSLY_SCHEDULE_CLEANUP` and
    /// `GAINSLY_SCHEDULE_MODEL_REFRESH` through `get`; `off` disables one.
    pub fn from_lookup(get: &dyn Fn(&str) -> Option<String>) -> Result<Schedules, WorkerError> {
        let one = |name: &'static str,
                   var: &str,
                   default: &str|
         -> Result<Option<Schedule>, WorkerError> {
            match get(var) {
                Some(v)
                    if matches!(
                        v.trim().to_ascii_lowercase().as_str(),
                        "off" | "none" | "disabled" | ""
                    ) =>
                {
                    Ok(None)
                }
                Some(v) => Schedule::parse(name, &v).map(Some),
                None => Schedule::parse(name, default).map(Some),
            }
        };
        Ok(Schedules {
            pregenerate: one(
                "pregenerate",
                "GAINSLY_SCHEDULE_PREGENERATE",
                DEFAULT_PREGENERATE,
            )?,
            cleanup: one("cleanup", "GAINSLY_SCHEDULE_CLEANUP", DEFAULT_CLEANUP)?,
            model_refresh: one(
                "model_refresh",
                "GAINSLY_SCHEDULE_MODEL_REFRESH",
                DEFAULT_MODEL_REFRESH,
            )?,
        })
    }
}

/// Queue timings: how often idle workers poll, how often they prove they
/// are alive, and when a silent worker's jobs are taken back.
#[derive(Debug, Clone)]
pub struct QueueTuning {
    /// Idle workers look for new jobs this often (default 1 s).
    pub poll_interval: Duration,
    /// Workers record a heartbeat this often (default 10 s).
    pub heartbeat_interval: Duration,
    /// Jobs of a worker silent for `heartbeat_interval × missed_heartbeats`
    /// go back to the queue (default 6: one minute).
    pub missed_heartbeats: usize,
    /// First retry delay after a failed attempt; doubled each retry (default 5 s).
    pub retry_backoff: Duration,
    /// Jobs run at most this many attempts (default 3).
    pub max_attempts: usize,
    /// Concurrent pre-generation jobs per worker process (default 4).
    pub concurrency: usize,
    /// A missed tick no older than this still runs at start-up (default 6 h).
    pub catch_up: Duration,
    /// On shutdown, jobs in flight get this long to finish (default 60 s);
    /// a job cut off after that is re-run by another worker later.
    pub shutdown_grace: Duration,
}

impl Default for QueueTuning {
    fn default() -> Self {
        QueueTuning {
            poll_interval: Duration::from_secs(1),
            heartbeat_interval: Duration::from_secs(10),
            missed_heartbeats: 6,
            retry_backoff: Duration::from_secs(5),
            max_attempts: 3,
            concurrency: 4,
            catch_up: Duration::from_secs(6 * 3600),
            shutdown_grace: Duration::from_secs(60),
        }
    }
}

/// Everything `gainsly-worker` reads from its environment.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub db_max_connections: u32,
    /// `None` when `GAINSLY_LLM_MODE=off`.
    pub llm: Option<LlmConfig>,
    /// `GAINSLY_LLM_MODE=required`: the planner fails rather than falling back.
    pub llm_required: bool,
    pub schedules: Schedules,
    pub tuning: QueueTuning,
}

fn parse_num<T: FromStr>(var: &str, v: &str) -> Result<T, WorkerError> {
    v.trim()
        .parse::<T>()
        .map_err(|_| WorkerError::Config(format!("{var} must be a number, got {v:?}")))
}

fn parse_bool(var: &str, v: &str) -> Result<bool, WorkerError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(WorkerError::Config(format!(
            "{var} must be true or false, got {v:?}"
        ))),
    }
}

impl WorkerSettings {
    /// Reads the process environment.
    pub fn from_env() -> Result<WorkerSettings, WorkerError> {
        WorkerSettings::from_lookup(&|k| std::env::var(k).ok())
    }

    /// Reads settings through `get` (the environment, or a map in tests).
    pub fn from_lookup(
        get: &dyn Fn(&str) -> Option<String>,
    ) -> Result<WorkerSettings, WorkerError> {
        let get = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let data_dir =
            PathBuf::from(get("GAINSLY_DATA_DIR").unwrap_or_else(|| "./data".to_owned()));
        let database_url = get("GAINSLY_DATABASE_URL")
            .or_else(|| get("DATABASE_URL"))
            .unwrap_or_else(|| format!("sqlite://{}/gainsly.db?mode=rwc", data_dir.display()));
        let db_max_connections = match get("GAINSLY_DB_MAX_CONNECTIONS") {
            Some(v) => parse_num("GAINSLY_DB_MAX_CONNECTIONS", &v)?,
            None => 16,
        };
        let mode = get("GAINSLY_LLM_MODE").unwrap_or_else(|| "auto".to_owned());
        let llm_required = mode.trim().eq_ignore_ascii_case("required");
        let llm = match mode.trim().to_ascii_lowercase().as_str() {
            "off" => None,
            "auto" | "required" => {
                let provider = match get("GAINSLY_LLM_PROVIDER") {
                    Some(p) => p
                        .parse::<Provider>()
                        .map_err(|e| WorkerError::Config(format!("GAINSLY_LLM_PROVIDER: {e}")))?,
                    None => Provider::Ollama,
                };
                let mut cfg = LlmConfig {
                    provider,
                    ..LlmConfig::default()
                };
                if let Some(url) = get("GAINSLY_LLM_URL") {
                    cfg.base_url = url;
                }
                if let Some(model) = get("GAINSLY_LLM_MODEL") {
                    cfg.model = model;
                }
                cfg.api_key = get("GAINSLY_LLM_API_KEY").map(ApiKey::new);
                if let Some(v) = get("GAINSLY_LLM_PULL") {
                    cfg.pull_missing_model = parse_bool("GAINSLY_LLM_PULL", &v)?;
                }
                if let Some(v) = get("GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS") {
                    cfg.attempt_timeout = Duration::from_secs(
                        parse_num::<u64>("GAINSLY_LLM_ATTEMPT_TIMEOUT_SECS", &v)?.max(1),
                    );
                }
                if let Some(v) = get("GAINSLY_LLM_DEADLINE_SECS") {
                    cfg.deadline = Duration::from_secs(
                        parse_num::<u64>("GAINSLY_LLM_DEADLINE_SECS", &v)?.max(1),
                    );
                }
                Some(cfg)
            }
            other => {
                return Err(WorkerError::Config(format!(
                    "GAINSLY_LLM_MODE must be off, auto or required, got {other:?}"
                )));
            }
        };
        let mut tuning = QueueTuning::default();
        if let Some(v) = get("GAINSLY_WORKER_CONCURRENCY") {
            tuning.concurrency = parse_num::<usize>("GAINSLY_WORKER_CONCURRENCY", &v)?.max(1);
        }
        if let Some(v) = get("GAINSLY_WORKER_POLL_MS") {
            tuning.poll_interval = Duration::from_millis(parse_num("GAINSLY_WORKER_POLL_MS", &v)?);
        }
        Ok(WorkerSettings {
            database_url,
            data_dir,
            db_max_connections,
            llm,
            llm_required,
            schedules: Schedules::from_lookup(&get)?,
            tuning,
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::collections::HashMap;

    fn lookup(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_follow_the_readme() {
        let s = WorkerSettings::from_lookup(&lookup(&[])).unwrap();
        assert_eq!(s.database_url, "sqlite://./data/gainsly.db?mode=rwc");
        assert!(s.llm.is_some());
        assert_eq!(s.schedules.pregenerate.unwrap().expr, DEFAULT_PREGENERATE);
    }

    #[test]
    fn gainsly_database_url_wins_and_llm_off_disables() {
        let s = WorkerSettings::from_lookup(&lookup(&[
            ("DATABASE_URL", "postgres://a/b"),
            ("GAINSLY_DATABASE_URL", "postgres://c/d"),
            ("GAINSLY_LLM_MODE", "off"),
            ("GAINSLY_SCHEDULE_CLEANUP", "off"),
            ("GAINSLY_SCHEDULE_PREGENERATE", "30 1 * * *"),
        ]))
        .unwrap();
        assert_eq!(s.database_url, "postgres://c/d");
        assert!(s.llm.is_none());
        assert!(s.schedules.cleanup.is_none());
        let p = s.schedules.pregenerate.unwrap();
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-26T00:00:00Z")
            .unwrap()
            .to_utc();
        let next = p.upcoming_after(start).next().unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-26T01:30:00+00:00");
    }

    #[test]
    fn cleanup_default_is_sunday_four() {
        let s = Schedules::default();
        let start = chrono::DateTime::parse_from_rfc3339("2026-11-26T00:00:00Z")
            .unwrap()
            .to_utc();
        let next = s.cleanup.unwrap().upcoming_after(start).next().unwrap();
        assert_eq!(next.to_rfc3339(), "2026-11-29T04:00:00+00:00");
    }

    #[test]
    fn bad_schedule_names_its_variable() {
        let err = WorkerSettings::from_lookup(&lookup(&[(
            "GAINSLY_SCHEDULE_MODEL_REFRESH",
            "every tuesday",
        )]))
        .unwrap_err();
        assert!(err.to_string().contains("model_refresh"), "{err}");
    }
}
