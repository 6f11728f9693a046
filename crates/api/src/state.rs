//! The state shared by every request.

use std::sync::{Arc, RwLock};

use gainsly_db::Db;

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
    pub metrics: Metrics,
    pub llm_health: Arc<RwLock<LlmHealth>>,
}

impl AppState {
    /// The LLM status last recorded.
    pub fn llm_health(&self) -> LlmHealth {
        match self.llm_health.read() {
            Ok(g) => *g,
            Err(p) => *p.into_inner(),
        }
    }
}
