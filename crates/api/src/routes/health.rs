//! Service routes: liveness, readiness, metrics.

use std::time::Duration;

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use gainsly_llm::HealthStatus;

use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(health).service(ready).service(metrics);
}

/// Liveness answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct HealthResponse {
    #[schema(example = "ok")]
    pub status: &'static str,
    #[schema(example = "0.1.0")]
    pub version: &'static str,
}

/// Readiness answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReadyResponse {
    /// `ok`, `degraded` (LLM unreachable: planning falls back) or `unavailable` (database down).
    #[schema(example = "ok")]
    pub status: &'static str,
    /// `ok` or `error`.
    pub database: &'static str,
    /// The LLM state the workers last recorded (`disabled` when this
    /// instance does not use an LLM; `unreachable` until a worker checked).
    pub llm: HealthStatus,
    pub llm_model: String,
}

/// Liveness: the process answers.
///
/// Touches nothing (no database, no LLM), so a stuck dependency never restarts a
/// healthy process. `version` is the server's crate version.
#[utoipa::path(tag = "service", responses((status = 200, description = "The process is up", body = HealthResponse)))]
#[get("/health")]
async fn health() -> web::Json<HealthResponse> {
    web::Json(HealthResponse {
        status: "ok",
        version: env!("CARGO_PKG_VERSION"),
    })
}

/// Readiness: the database answers.
///
/// Answers 200 with `status` `ok` or `degraded` (the LLM is unreachable and
/// planning falls back to the built-in generator) while the database answers, and
/// 503 with `unavailable` when it does not. The LLM state is the one the workers
/// last recorded, so every API instance reports the same.
#[utoipa::path(
    tag = "service",
    path = "/health/ready",
    responses(
        (status = 200, description = "Ready (possibly degraded)", body = ReadyResponse),
        (status = 503, description = "Database unreachable", body = ReadyResponse)
    )
)]
#[get("/health/ready")]
async fn ready(state: web::Data<AppState>) -> HttpResponse {
    let ready = state.app.readiness(Duration::from_secs(2)).await;
    let db_ok = ready.database;
    let status = match (db_ok, ready.llm) {
        (false, _) => "unavailable",
        (true, HealthStatus::Ok | HealthStatus::Disabled) => "ok",
        (true, _) => "degraded",
    };
    let body = ReadyResponse {
        status,
        database: if db_ok { "ok" } else { "error" },
        llm: ready.llm,
        llm_model: ready.llm_model,
    };
    if db_ok {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable().json(body)
    }
}

/// Prometheus text exposition.
///
/// HTTP requests by route pattern and status, plan generation and solver timings,
/// LLM calls, generations in flight, open SSE streams and, when this instance runs
/// the job queue, queue depths. Unauthenticated, like the health probes: expose it
/// only to the scraper.
#[utoipa::path(
    tag = "service",
    responses((status = 200, description = "Prometheus text format", content_type = "text/plain", body = String))
)]
#[get("/metrics")]
async fn metrics(state: web::Data<AppState>) -> Result<HttpResponse, crate::error::ApiError> {
    if let Some(jobs) = state
        .jobs
        .as_ref()
        .filter(|_| state.metrics.claim_jobs_read())
    {
        for queue in gainsly_worker::QUEUES {
            match jobs.stats(queue).await {
                Ok(stats) => state.metrics.set_jobs(queue, &stats),
                Err(e) => {
                    // The other series still serve; the job series keep
                    // their last values.
                    tracing::warn!(
                        error = %gainsly_app::error::chain(&e),
                        queue,
                        "reading the job queue for /metrics"
                    );
                    break;
                }
            }
        }
    }
    let text = state
        .metrics
        .render()
        .map_err(crate::error::ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(text))
}
