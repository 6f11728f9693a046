//! The state shared by every request.

use std::sync::{Arc, RwLock};

use gainsly_db::Db;
use gainsly_planner::Planner;

use crate::auth::JwtKeys;
use crate::auth::rate_limit::RateLimiter;
use crate::config::Settings;
use crate::metrics::Metrics;

/// What `/health/ready` reports about the LLM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LlmHealth {
    Ok,
    Disabled,
    Unreachable,
    ModelMissing,
}

/// Application state, one per process, shared across workers.
#[derive(Debug, Clone)]
pub struct AppState {
    pub db: Db,
    pub jwt: JwtKeys,
    pub settings: Arc<Settings>,
    pub auth_limiter: Arc<RateLimiter>,
    /// Adaptations per user id.
    pub adapt_limiter: Arc<RateLimiter<i64>>,
    pub metrics: Metrics,
    pub llm_health: Arc<RwLock<LlmHealth>>,
    pub planner: Planner,
    /// The background job queue (same database); `None` if it could not be opened.
    pub jobs: Option<gainsly_worker::JobQueue>,
}

impl AppState {
    /// A program was created or changed in a way that affects planning:
    /// pre-generate tomorrow's session in the background. Planning on demand
    /// covers any day the background job has not reached.
    pub async fn program_changed(&self, user_id: i64) {
        let planner = self.planner.clone();
        tokio::spawn(async move {
            match planner
                .pregenerate_tomorrow(user_id, chrono::Utc::now())
                .await
            {
                Ok(outcome) => tracing::debug!(user_id, ?outcome, "pre-generated tomorrow"),
                Err(e) => tracing::warn!(user_id, error = %e, "pre-generation failed"),
            }
        });
    }

    /// Records the LLM state for `/health/ready`.
    pub fn set_llm_health(&self, health: LlmHealth) {
        match self.llm_health.write() {
            Ok(mut g) => *g = health,
            Err(p) => *p.into_inner() = health,
        }
    }

    /// The LLM status last recorded.
    pub fn llm_health(&self) -> LlmHealth {
        match self.llm_health.read() {
            Ok(g) => *g,
            Err(p) => *p.into_inner(),
        }
    }
}
