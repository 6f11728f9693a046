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
    /// Required: a missing or non-numeric id is a 400; an id neither in the
    /// catalog nor one of the caller's custom exercises (above 1,000,000) a 404.
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

/// One exposure the working e1RM came from: the best counted set of one log.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkingExposureResponse {
    pub date: NaiveDate,
    /// The set's chart e1RM, `weight ÷ %1RM(reps, RPE)` (body weight
    /// included for weighted calisthenics).
    pub e1rm_kg: f64,
    /// The logged weight (the added load for weighted calisthenics).
    pub weight_kg: f64,
    pub reps: u32,
    pub rpe: Option<f64>,
}

/// An exercise's e1RM history, and the working e1RM loads are prescribed from.
#[derive(Debug, Serialize, ToSchema)]
pub struct E1rmSeriesResponse {
    pub exercise_id: i64,
    /// The highest reliable e1RM among the points (null when none): a record,
    /// not what loads are prescribed from.
    pub best_e1rm_kg: Option<f64>,
    /// Oldest first.
    pub points: Vec<E1rmPointResponse>,
    /// The working e1RM today: the best of the last 3 exposures within 6
    /// weeks (sets under RPE 6.5 or over 12 effective reps left out), minus
    /// the layoff decay; null without such a set in the last 180 days.
    pub working_e1rm_kg: Option<f64>,
    /// The date the working e1RM is for (the user's today).
    pub working_as_of: NaiveDate,
    /// The share the layoff decay took off (0 without a layoff; at most 0.25).
    pub layoff_decay: f64,
    /// The exposures the working e1RM came from, oldest first.
    pub working_exposures: Vec<WorkingExposureResponse>,
}

impl From<E1rmSeries> for E1rmSeriesResponse {
    fn from(s: E1rmSeries) -> Self {
        let body = s.body_weight_kg;
        let working_exposures = s
            .working
            .as_ref()
            .map(|w| {
                w.exposures
                    .iter()
                    .filter_map(|e| {
                        let (load, reps, rpe) = e.e1rm_set?;
                        Some(WorkingExposureResponse {
                            date: e.date,
                            e1rm_kg: e.e1rm_kg?,
                            weight_kg: load - body,
                            reps,
                            rpe,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        E1rmSeriesResponse {
            working_e1rm_kg: s.working.as_ref().map(|w| w.e1rm_kg),
            working_as_of: s.as_of,
            layoff_decay: s.working.as_ref().map_or(0.0, |w| w.decay),
            working_exposures,
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

/// An exercise's e1RM history.
///
/// One point per top set and per custom workout (its best weight×reps set), oldest
/// first, next to the working estimate the planner prescribes from
/// (`working_e1rm_kg`, its exposures and any layoff decay).
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(E1rmQuery),
    responses(
        (status = 200, description = "The e1RM series, the best e1RM and the working e1RM with its exposures", body = E1rmSeriesResponse),
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
