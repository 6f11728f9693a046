//! `GET /api/logs/e1rm`: an exercise's e1RM history.

use actix_web::{get, web};
use chrono::NaiveDate;
use gainsly_app::e1rm::E1rmSeries;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::whole;
use crate::state::AppState;

/// `?exercise_id=` (required) `&from=&to=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct E1rmQuery {
    /// Required: a missing or non-numeric id is a 400; an id not in the catalog a 404.
    #[serde(deserialize_with = "whole")]
    pub exercise_id: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// One point of an e1RM series: the best set of one log.
#[derive(Debug, Serialize, ToSchema)]
pub struct E1rmPointResponse {
    pub date: NaiveDate,
    pub e1rm_kg: f64,
    pub weight_kg: f64,
    pub reps: u32,
    pub rpe: Option<f64>,
}

/// An exercise's e1RM history.
#[derive(Debug, Serialize, ToSchema)]
pub struct E1rmSeriesResponse {
    pub exercise_id: i64,
    /// The highest reliable e1RM among the points (null when none).
    pub best_e1rm_kg: Option<f64>,
    /// Oldest first.
    pub points: Vec<E1rmPointResponse>,
}

impl From<E1rmSeries> for E1rmSeriesResponse {
    fn from(s: E1rmSeries) -> Self {
        E1rmSeriesResponse {
            exercise_id: s.exercise_id.0,
            best_e1rm_kg: s.best_e1rm_kg,
            points: s
                .points
                .into_iter()
                .map(|p| E1rmPointResponse {
                    date: p.date,
                    e1rm_kg: p.e1rm_kg,
                    weight_kg: p.weight_kg,
                    reps: p.reps,
                    rpe: p.rpe,
                })
                .collect(),
        }
    }
}

/// An exercise's e1RM series: one point per top set and per custom workout
/// (its best weight×reps set), oldest first.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(E1rmQuery),
    responses(
        (status = 200, body = E1rmSeriesResponse),
        (status = 400, description = "exercise_id missing or not a number, a date that does not parse", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 404, description = "No catalog exercise has this id", body = ErrorBody),
        (status = 422, description = "from after to", body = ErrorBody)
    )
)]
#[get("/e1rm")]
pub(crate) async fn e1rm_series(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<E1rmQuery>,
) -> ApiResult<web::Json<E1rmSeriesResponse>> {
    let q = query.into_inner();
    let series = state
        .app
        .e1rm_series(user.id, q.exercise_id, q.from, q.to)
        .await?;
    Ok(web::Json(series.into()))
}
