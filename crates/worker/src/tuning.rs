//! How the queue workers of one process run: poll and heartbeat intervals,
//! retries, concurrency, catch-up and shutdown grace. Everything an operator
//! configures (concurrency, poll interval, the schedules) comes from the one
//! settings loader, [`gainsly_app::settings`].

use std::time::Duration;

use gainsly_app::settings::Settings;

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
    /// The LLM is checked (and its state recorded for `/health/ready`) this
    /// often (default 60 s).
    pub llm_check_interval: Duration,
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
            llm_check_interval: Duration::from_secs(60),
        }
    }
}

impl QueueTuning {
    /// The defaults with the configured concurrency and poll interval.
    pub fn from_settings(settings: &Settings) -> QueueTuning {
        QueueTuning {
            concurrency: settings.worker_concurrency.max(1),
            poll_interval: Duration::from_millis(settings.worker_poll_ms.max(1)),
            ..QueueTuning::default()
        }
    }
}
