//! `GET /api/logs/recovery-state`: every muscle's recovery on a date.

use actix_web::{get, web};
use chrono::NaiveDate;
use gainsly_domain::RecoveryState;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::state::AppState;

/// `?date=` (default: today in the profile's time zone).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecoveryQuery {
    pub date: Option<NaiveDate>,
}

/// Every muscle's recovery on a date.
///
/// From the last 14 days of soreness reports (decaying 35 % a day by default) and
/// logged sets (fatigue with a per-muscle half-life; primary 1, secondary 0.5 per
/// set), plus the leg/cardio load of enjoyable activities done most days (≥ 4
/// sessions a week, counted as done the day before). A muscle under 60 % is not
/// `ready`. The planner uses the same state, from the same configured recovery
/// model.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(RecoveryQuery),
    responses(
        (status = 200, description = "Every muscle's recovery on the date", body = RecoveryState),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)
    )
)]
#[get("/recovery-state")]
pub(crate) async fn recovery_state(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<RecoveryQuery>,
) -> ApiResult<web::Json<RecoveryState>> {
    let state_on = state
        .app
        .recovery_state(user.id, query.into_inner().date)
        .await?;
    Ok(web::Json(state_on))
}
