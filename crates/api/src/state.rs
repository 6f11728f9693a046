//! The state shared by every request.

use std::sync::Arc;

use gainsly_app::{App, Settings};

use crate::auth::JwtKeys;
use crate::auth::rate_limit::RateLimiter;
use crate::metrics::Metrics;

/// Application state, one per process, shared across workers.
#[derive(Debug, Clone)]
pub struct AppState {
    /// Every use-case.
    pub app: App,
    pub jwt: JwtKeys,
    pub settings: Arc<Settings>,
    pub auth_limiter: Arc<RateLimiter>,
    /// Adaptations per user id.
    pub adapt_limiter: Arc<RateLimiter<i64>>,
    pub metrics: Metrics,
    /// The background job queue (same database), for the job series of
    /// `/metrics`; `None` if it could not be opened.
    pub jobs: Option<gainsly_worker::JobQueue>,
}
