//! `/api/logs/custom`, `/api/logs/top-set` and `/api/logs/workouts`: workout logs.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use gainsly_app::workouts::{
    ExerciseInput, LogKind, NewCustomWorkout, NewTopSet, SetInput, WorkoutView,
};
use gainsly_domain::{E1rmFormula, Muscle};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, PathId, whole_opt};
use crate::routes::SuccessResponse;
use crate::state::AppState;

/// One set of a custom workout. Each set needs the fields its exercise's
/// `tracking` implies: `weight_reps` → `reps` and `weight_kg`; `reps` →
/// `reps`; `time` → `duration_seconds`; `distance` → `distance_m`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetCreate {
    /// 1–100.
    #[schema(minimum = 1, maximum = 100)]
    pub reps: Option<u32>,
    /// 0–1000 kg.
    #[schema(minimum = 0, maximum = 1000)]
    pub weight_kg: Option<f64>,
    /// 1–10 in steps of 0.5.
    #[schema(minimum = 1, maximum = 10, multiple_of = 0.5)]
    pub rpe: Option<f64>,
    /// 1–86400 seconds.
    #[schema(minimum = 1, maximum = 86400)]
    pub duration_seconds: Option<u32>,
    /// More than 0, at most 1 000 000 m.
    #[schema(exclusive_minimum = 0, maximum = 1000000)]
    pub distance_m: Option<f64>,
}

/// One exercise of a custom workout.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomExerciseCreate {
    /// A catalog exercise id (ids run from 1 to the catalog's size, 350).
    #[schema(minimum = 1, maximum = 350)]
    pub exercise_id: i64,
    /// 1–50 sets.
    #[schema(min_items = 1, max_items = 50)]
    pub sets: Vec<SetCreate>,
}

/// A workout the user did.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomWorkoutCreate {
    pub date: NaiveDate,
    /// 1–100 characters, not blank, no control characters (stored trimmed).
    #[schema(
        min_length = 1,
        max_length = 100,
        example = "Push day",
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    /// 1–600.
    #[schema(minimum = 1, maximum = 600)]
    pub duration_minutes: Option<u32>,
    /// One of the caller's sessions, which the log marks completed. Any other
    /// id (missing, or another user's) is a 422 on `session_id`.
    pub session_id: Option<i64>,
    /// 1–10.
    #[schema(minimum = 1, maximum = 10)]
    pub session_rpe: Option<f64>,
    /// At most 2000 characters.
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    /// 1–50 exercises.
    #[schema(min_items = 1, max_items = 50)]
    pub exercises: Vec<CustomExerciseCreate>,
}

/// One heavy set, for e1RM tracking.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopSetLogCreate {
    pub date: NaiveDate,
    /// A catalog exercise (ids 1–350) tracked by weight and reps (else 422 on this field).
    #[schema(example = 67, minimum = 1, maximum = 350)]
    pub exercise_id: i64,
    /// More than 0, at most 1000 kg.
    #[schema(exclusive_minimum = 0, maximum = 1000, example = 100)]
    pub weight_kg: f64,
    /// 1–30.
    #[schema(minimum = 1, maximum = 30, example = 5)]
    pub reps: u32,
    /// 1–10 in steps of 0.5; adds `10 - rpe` reps in reserve to the estimate.
    #[schema(minimum = 1, maximum = 10, multiple_of = 0.5, example = 8)]
    pub rpe: Option<f64>,
    /// One of the caller's sessions (else 422 on `session_id`); a top set does not complete it.
    pub session_id: Option<i64>,
}

/// A logged set.
#[derive(Debug, Serialize, ToSchema)]
pub struct SetResponse {
    pub reps: Option<u32>,
    pub weight_kg: Option<f64>,
    pub rpe: Option<f64>,
    pub duration_seconds: Option<u32>,
    pub distance_m: Option<f64>,
    /// The set's e1RM (weight×reps exercises with 1–30 reps and a weight above 0), else null.
    pub e1rm_kg: Option<f64>,
    /// False when the estimate came from more than 12 effective reps (it never counts as a best).
    pub e1rm_reliable: Option<bool>,
    /// `normal`, or for imported sets also `warmup` (counts toward neither
    /// volume nor e1RM), `dropset` or `failure`.
    #[schema(example = "normal")]
    pub kind: &'static str,
}

/// A logged exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoggedExerciseResponse {
    pub exercise_id: i64,
    pub name: String,
    pub sets: Vec<SetResponse>,
    /// The best reliable e1RM of these sets (null when none).
    pub best_e1rm_kg: Option<f64>,
}

/// `custom` or `top_set`.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WorkoutLogKind {
    Custom,
    TopSet,
}

/// A workout log.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkoutLogResponse {
    pub id: i64,
    pub date: NaiveDate,
    pub kind: WorkoutLogKind,
    /// For a top set, the exercise's name.
    pub name: String,
    pub duration_minutes: Option<u32>,
    pub session_id: Option<i64>,
    pub notes: Option<String>,
    pub exercises: Vec<LoggedExerciseResponse>,
    /// Top sets: the set's e1RM.
    pub e1rm_kg: Option<f64>,
    /// The profile's formula when the log was written.
    pub e1rm_formula: E1rmFormula,
    /// Top sets: whether the e1RM beat every earlier reliable e1RM of the
    /// exercise (dated on or before this date; the first reliable one is a PR).
    pub is_pr: Option<bool>,
    /// Top sets: that previous best (null when there was none).
    pub previous_best_e1rm_kg: Option<f64>,
    /// Σ weight × reps over the sets that have both.
    pub total_volume_kg: f64,
    /// Fractional sets per muscle: 1 per primary, 0.5 per secondary.
    #[schema(value_type = BTreeMap<String, f64>)]
    pub muscle_sets: BTreeMap<Muscle, f64>,
    pub created_at: DateTime<Utc>,
}

impl From<WorkoutView> for WorkoutLogResponse {
    fn from(log: WorkoutView) -> Self {
        WorkoutLogResponse {
            id: log.id,
            date: log.date,
            kind: match log.kind {
                LogKind::Custom => WorkoutLogKind::Custom,
                LogKind::TopSet => WorkoutLogKind::TopSet,
            },
            name: log.name,
            duration_minutes: log.duration_minutes,
            session_id: log.session_id,
            notes: log.notes,
            exercises: log
                .exercises
                .into_iter()
                .map(|ex| LoggedExerciseResponse {
                    exercise_id: ex.exercise_id.0,
                    name: ex.name,
                    sets: ex
                        .sets
                        .iter()
                        .map(|s| SetResponse {
                            reps: s.reps,
                            weight_kg: s.weight_kg,
                            rpe: s.rpe,
                            duration_seconds: s.duration_seconds,
                            distance_m: s.distance_m,
                            e1rm_kg: s.e1rm_kg,
                            e1rm_reliable: s.e1rm_kg.map(|_| s.e1rm_reliable),
                            kind: s.tag.map_or("normal", |t| t.as_str()),
                        })
                        .collect(),
                    best_e1rm_kg: ex.best_e1rm_kg,
                })
                .collect(),
            e1rm_kg: log.e1rm_kg,
            e1rm_formula: log.e1rm_formula,
            is_pr: log.is_pr,
            previous_best_e1rm_kg: log.previous_best_e1rm_kg,
            total_volume_kg: log.total_volume_kg,
            muscle_sets: log.muscle_sets,
            created_at: log.created_at,
        }
    }
}

/// Log a custom workout.
///
/// Its exercises and sets are stored in one transaction; a `session_id` of the
/// caller's marks that session completed. Logged sets feed the e1RM history and the
/// recovery model.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    request_body = CustomWorkoutCreate,
    responses(
        (status = 201, description = "The logged workout with its sets and sets per muscle", body = WorkoutLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "A field breaks its rule, e.g. `exercises[0].sets[2].weight_kg` missing for a weight_reps exercise, an unknown `exercises[0].exercise_id`, or a `session_id` that is not one of the caller's sessions", body = ErrorBody)
    )
)]
#[post("/custom")]
pub(crate) async fn create_custom(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<CustomWorkoutCreate>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let log = state
        .app
        .log_custom_workout(
            user.id,
            NewCustomWorkout {
                date: b.date,
                name: b.name,
                duration_minutes: b.duration_minutes,
                session_id: b.session_id,
                session_rpe: b.session_rpe,
                notes: b.notes,
                exercises: b
                    .exercises
                    .into_iter()
                    .map(|ex| ExerciseInput {
                        exercise_id: ex.exercise_id,
                        sets: ex
                            .sets
                            .into_iter()
                            .map(|s| SetInput {
                                reps: s.reps,
                                weight_kg: s.weight_kg,
                                rpe: s.rpe,
                                duration_seconds: s.duration_seconds,
                                distance_m: s.distance_m,
                            })
                            .collect(),
                    })
                    .collect(),
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(WorkoutLogResponse::from(log)))
}

/// Log a top set.
///
/// Its e1RM with the profile's formula (RPE adds reps in reserve), whether it is a
/// PR, and the previous best. Estimates from more than 12 effective reps are stored
/// but never become a best.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    request_body = TopSetLogCreate,
    responses(
        (status = 201, description = "The logged top set as a workout log (with its e1RM, PR flag and previous best)", body = WorkoutLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "weight_kg not in (0, 1000], reps not in 1–30, an RPE off the 0.5 grid, an unknown or non-weight×reps exercise_id, or a session_id that is not one of the caller's sessions", body = ErrorBody)
    )
)]
#[post("/top-set")]
pub(crate) async fn create_top_set(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<TopSetLogCreate>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let log = state
        .app
        .log_top_set(
            user.id,
            NewTopSet {
                date: b.date,
                exercise_id: b.exercise_id,
                weight_kg: b.weight_kg,
                reps: b.reps,
                rpe: b.rpe,
                session_id: b.session_id,
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(WorkoutLogResponse::from(log)))
}

/// `?from=&to=&limit=&offset=` (dates `YYYY-MM-DD`, inclusive).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkoutQuery {
    /// First date, inclusive.
    pub from: Option<NaiveDate>,
    /// Last date, inclusive.
    pub to: Option<NaiveDate>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "whole_opt")]
    pub limit: Option<u32>,
    /// Logs to skip, 0–4294967295, default 0.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64)]
    #[serde(default, deserialize_with = "whole_opt")]
    pub offset: Option<u32>,
}

/// The user's workout logs, newest first.
///
/// Custom workouts and top sets, each with its sets and sets per muscle; filtered
/// by date range and paged.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(WorkoutQuery),
    responses(
        (status = 200, description = "The user's workout logs, newest first", body = Vec<WorkoutLogResponse>),
        (status = 400, description = "A date that does not parse or an unknown parameter", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "limit outside 1–200, or from after to", body = ErrorBody)
    )
)]
#[get("/workouts")]
pub(crate) async fn list_workouts(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<WorkoutQuery>,
) -> ApiResult<web::Json<Vec<WorkoutLogResponse>>> {
    let q = query.into_inner();
    let logs = state
        .app
        .workouts(user.id, q.from, q.to, q.limit, q.offset)
        .await?;
    Ok(web::Json(logs.into_iter().map(Into::into).collect()))
}

/// One of the user's workout logs.
///
/// With its exercises, sets and sets per muscle. 404 for another user's log.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(("log_id" = i64, Path, description = "Workout log id")),
    responses(
        (status = 200, description = "The workout log", body = WorkoutLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No such log for this user", body = ErrorBody)
    )
)]
#[get("/workouts/{log_id}")]
pub(crate) async fn get_workout(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<WorkoutLogResponse>> {
    let log = state.app.workout(user.id, path.into_inner().0).await?;
    Ok(web::Json(log.into()))
}

/// Delete one of the user's workout logs with its sets.
///
/// A session it completed stays completed; the recovery model and e1RM history no
/// longer count it.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(("log_id" = i64, Path, description = "Workout log id")),
    responses(
        (status = 200, description = "The workout log and its sets are deleted", body = SuccessResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No such log for this user", body = ErrorBody)
    )
)]
#[delete("/workouts/{log_id}")]
pub(crate) async fn delete_workout(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    state
        .app
        .delete_workout(user.id, path.into_inner().0)
        .await?;
    Ok(SuccessResponse::ok())
}
