//! Readiness, and the LLM state the workers record for every API instance.
//!
//! The workers check the LLM (every minute, and in the daily model
//! refresh) and record what they found with [`record_llm_health`] in the
//! database (`service_status`). Every API instance reports that record at
//! `/health/ready` ([`App::readiness`]) and follows it to skip an LLM
//! known to be down ([`App::follow_recorded_llm_health`]), so any instance
//! shows what the workers last saw. [`App::warm_up_llm`] loads the model
//! at start-up (the model refresh job warms it up daily too).

use std::time::Duration;

use chrono::{DateTime, Utc};
use gainsly_db::Db;
use gainsly_db::repo::service_status;
use gainsly_llm::{HealthStatus, LlmMode};

use crate::App;
use crate::error::AppResult;

/// What `/health/ready` reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Readiness {
    /// The database answered in time.
    pub database: bool,
    /// `disabled` when this instance does not use an LLM; otherwise the
    /// state the workers last recorded (`unreachable` until one has).
    pub llm: HealthStatus,
    pub llm_model: String,
}

/// The LLM state a worker recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedLlmHealth {
    pub health: HealthStatus,
    /// The model it was checked for (empty when disabled).
    pub model: String,
    pub checked_at: DateTime<Utc>,
}

/// Records the LLM state a worker found, for every API instance to report.
pub async fn record_llm_health(db: &Db, health: HealthStatus, model: &str) -> AppResult<()> {
    service_status::set(db, service_status::LLM_STATUS, health.as_str()).await?;
    service_status::set(db, service_status::LLM_MODEL, model).await?;
    Ok(())
}

/// The LLM state last recorded, if any worker has recorded one. A value
/// that does not parse counts as none (and is logged).
pub async fn recorded_llm_health(db: &Db) -> AppResult<Option<RecordedLlmHealth>> {
    let Some(status) = service_status::get(db, service_status::LLM_STATUS).await? else {
        return Ok(None);
    };
    let health = match status.value.parse::<HealthStatus>() {
        Ok(h) => h,
        Err(e) => {
            tracing::warn!(error = %e, "unreadable LLM state in service_status; ignored");
            return Ok(None);
        }
    };
    let model = service_status::get(db, service_status::LLM_MODEL)
        .await?
        .map(|m| m.value)
        .unwrap_or_default();
    Ok(Some(RecordedLlmHealth {
        health,
        model,
        checked_at: status.updated_at,
    }))
}

impl App {
    /// Whether the database answers within `timeout`, and the LLM state to
    /// report (see [`Readiness::llm`]).
    pub async fn readiness(&self, timeout: Duration) -> Readiness {
        let recorded = tokio::time::timeout(timeout, recorded_llm_health(&self.db)).await;
        let (database, recorded) = match recorded {
            Ok(Ok(r)) => (true, r),
            Ok(Err(e)) => {
                tracing::warn!(error = %crate::error::chain(&e), "readiness: database error");
                (false, None)
            }
            Err(_) => (false, None),
        };
        let (llm, llm_model) = match (self.llm_mode, recorded) {
            (LlmMode::Off, _) => (HealthStatus::Disabled, self.llm_model.clone()),
            (_, Some(r)) if !r.model.is_empty() => (r.health, r.model),
            (_, Some(r)) => (r.health, self.llm_model.clone()),
            // Not known to answer until a worker has checked.
            (_, None) => (HealthStatus::Unreachable, self.llm_model.clone()),
        };
        Readiness {
            database,
            llm,
            llm_model,
        }
    }

    /// Warms the LLM up when it answers (at start-up): loads the model and
    /// has the server cache the system prompt every proposal starts with
    /// ([`gainsly_llm::LlmClient::warm_up`], one token), so the first
    /// user's adaptation does not pay for a cold model. Returns how long it
    /// took; `None` when the LLM is off, not `ok`, or the warm-up failed
    /// (logged: the first proposal is then merely slower).
    pub async fn warm_up_llm(&self) -> Option<Duration> {
        let client = self.llm()?;
        let health = client.check().await;
        if health != HealthStatus::Ok {
            tracing::info!(llm = health.as_str(), "LLM not warmed up: not ready");
            return None;
        }
        client.warm_up().await.ok().map(|w| w.elapsed)
    }

    /// Lets the planner skip an LLM the workers last saw down (`auto`
    /// mode): up when the record says `ok`, or when there is none yet.
    pub async fn follow_recorded_llm_health(&self) -> AppResult<()> {
        let up = recorded_llm_health(&self.db)
            .await?
            .is_none_or(|r| r.health == HealthStatus::Ok);
        self.planner.set_llm_up(up);
        Ok(())
    }
}
