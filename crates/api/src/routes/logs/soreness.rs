//! `/api/logs/soreness`: soreness reports.

use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use gainsly_app::soreness::SorenessLog;
pub use gainsly_contract::SorenessLogCreate;
use gainsly_domain::Muscle;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, whole_opt};
use crate::state::AppState;

/// A stored soreness report.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SorenessLog)]
pub struct SorenessLogResponse {
    pub id: i64,
    pub date: NaiveDate,
    pub muscle: Muscle,
    pub level: u8,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<SorenessLog> for SorenessLogResponse {
    fn from(s: SorenessLog) -> Self {
        SorenessLogResponse {
            id: s.id,
            date: s.date,
            muscle: s.muscle,
            level: s.level,
            notes: s.notes,
            created_at: s.created_at,
        }
    }
}

/// `?from=&to=&muscle=&limit=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SorenessQuery {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// An unknown muscle is a 400.
    pub muscle: Option<Muscle>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "whole_opt")]
    pub limit: Option<u32>,
}

/// The user's soreness reports, newest first.
///
/// Filtered by date range and paged.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(SorenessQuery),
    responses(
        (status = 200, description = "The user's soreness reports, newest first", body = Vec<SorenessLogResponse>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "limit outside 1–200, or from after to", body = ErrorBody)
    )
)]
#[get("/soreness")]
pub(crate) async fn list_soreness(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<SorenessQuery>,
) -> ApiResult<web::Json<Vec<SorenessLogResponse>>> {
    let q = query.into_inner();
    let logs = state
        .app
        .soreness_logs(user.id, q.from, q.to, q.muscle, q.limit)
        .await?;
    Ok(web::Json(logs.into_iter().map(Into::into).collect()))
}

/// Report soreness.
///
/// A second report for the same date and muscle replaces the first (same id) and is
/// answered 201 like the first.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    request_body = SorenessLogCreate,
    responses(
        (status = 201, description = "The stored report (a second one for the same date and muscle replaced the first)", body = SorenessLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
#[post("/soreness")]
pub(crate) async fn create_soreness(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<SorenessLogCreate>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let log = state.app.report_soreness(user.id, b.into()).await?;
    Ok(HttpResponse::Created().json(SorenessLogResponse::from(log)))
}
