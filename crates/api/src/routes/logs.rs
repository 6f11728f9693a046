//! `/api/logs`: custom workouts, top sets and e1RM, soreness, recovery state.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::DbError;
use gainsly_db::repo::profiles;
use gainsly_db::repo::soreness::{self, SorenessFilter, SorenessLog};
use gainsly_db::repo::workouts::{
    self, ExerciseSets, LogFilter, LogKind, NewWorkoutLog, WorkoutLog, WorkoutSet,
};
use gainsly_domain::account::is_valid_name;
use gainsly_domain::e1rm;
use gainsly_domain::{
    E1rmFormula, Exercise, ExerciseId, Muscle, RecoveryModel, RecoveryState, Tracking, catalog,
    volume,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use crate::extract::{Json, PathId, whole, whole_opt};
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_custom)
        .service(create_top_set)
        .service(list_workouts)
        .service(get_workout)
        .service(delete_workout)
        .service(e1rm_series)
        .service(list_soreness)
        .service(create_soreness)
        .service(recovery_state);
}

/// Default page size of list routes.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size of list routes (a larger `limit` is a 422, not clamped).
pub const MAX_LIMIT: u32 = 200;

/// `{"success": true}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuccessResponse {
    pub success: bool,
}

/// Checks `limit` (1–200, default 50); returns `(limit, offset)`.
pub(crate) fn check_paging(
    errors: &mut FieldErrors,
    limit: Option<u32>,
    offset: Option<u32>,
) -> (u64, u64) {
    let limit = limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        errors.push("limit", format!("must be between 1 and {MAX_LIMIT}"));
    }
    (u64::from(limit), u64::from(offset.unwrap_or(0)))
}

/// Checks an optional free text against `max` characters; blank text is `None`.
pub(crate) fn check_text(
    errors: &mut FieldErrors,
    field: &str,
    text: Option<String>,
    max: usize,
) -> Option<String> {
    let text = text.filter(|t| !t.trim().is_empty())?;
    if text.chars().count() > max {
        errors.push(field, format!("must be at most {max} characters"));
    }
    Some(text)
}

fn check_dates(errors: &mut FieldErrors, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.push("from", "must not be after to");
    }
}

fn in_range(errors: &mut FieldErrors, field: &str, v: f64, min: f64, max: f64) {
    if !(v.is_finite() && (min..=max).contains(&v)) {
        errors.push(field, format!("must be between {min} and {max}"));
    }
}

// ---------------------------------------------------------------- wire types

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
    /// A catalog exercise id (ids run from 1 to the catalog's size, 342).
    #[schema(minimum = 1, maximum = 342)]
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
    /// A catalog exercise (ids 1–342) tracked by weight and reps (else 422 on this field).
    #[schema(example = 67, minimum = 1, maximum = 342)]
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

fn exercise_of(id: ExerciseId) -> Option<&'static Exercise> {
    catalog::exercise(id)
}

fn log_response(log: WorkoutLog) -> WorkoutLogResponse {
    let mut total_volume_kg = 0.0;
    let mut work: Vec<(&'static Exercise, f64)> = Vec::new();
    let exercises = log
        .exercises
        .into_iter()
        .map(|ex| {
            let found = exercise_of(ex.exercise_id);
            if let Some(e) = found {
                work.push((e, ex.sets.len() as f64));
            }
            let best_e1rm_kg = ex
                .sets
                .iter()
                .filter(|s| s.e1rm_reliable)
                .filter_map(|s| s.e1rm_kg)
                .max_by(f64::total_cmp);
            let sets = ex
                .sets
                .iter()
                .map(|s| {
                    if let (Some(w), Some(r)) = (s.weight_kg, s.reps) {
                        total_volume_kg += w * f64::from(r);
                    }
                    SetResponse {
                        reps: s.reps,
                        weight_kg: s.weight_kg,
                        rpe: s.rpe,
                        duration_seconds: s.duration_seconds,
                        distance_m: s.distance_m,
                        e1rm_kg: s.e1rm_kg,
                        e1rm_reliable: s.e1rm_kg.map(|_| s.e1rm_reliable),
                    }
                })
                .collect();
            LoggedExerciseResponse {
                exercise_id: ex.exercise_id.0,
                name: found.map(|e| e.name.clone()).unwrap_or_default(),
                sets,
                best_e1rm_kg,
            }
        })
        .collect();
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
        exercises,
        e1rm_kg: log.e1rm_kg,
        e1rm_formula: log.e1rm_formula,
        is_pr: log.is_pr,
        previous_best_e1rm_kg: log.previous_best_e1rm_kg,
        total_volume_kg,
        muscle_sets: volume::muscle_sets(work),
        created_at: log.created_at,
    }
}

/// Stores a log; a session that is not the caller's is a 422 on `session_id`.
async fn store(state: &AppState, user_id: i64, new: NewWorkoutLog) -> ApiResult<WorkoutLog> {
    match workouts::create(&state.db, user_id, new).await {
        Err(DbError::NotFound) => Err(ApiError::field("session_id", "no such session")),
        other => Ok(other?),
    }
}

// ---------------------------------------------------------------- workouts

fn check_set(errors: &mut FieldErrors, path: &str, tracking: Option<Tracking>, set: &SetCreate) {
    let field = |f: &str| format!("{path}.{f}");
    if let Some(r) = set.reps
        && !(1..=100).contains(&r)
    {
        errors.push(field("reps"), "must be between 1 and 100");
    }
    if let Some(w) = set.weight_kg {
        in_range(errors, &field("weight_kg"), w, 0.0, e1rm::MAX_WEIGHT_KG);
    }
    if let Some(r) = set.rpe
        && e1rm::validate_rpe(r).is_err()
    {
        errors.push(field("rpe"), "must be between 1 and 10 in steps of 0.5");
    }
    if let Some(d) = set.duration_seconds
        && !(1..=86_400).contains(&d)
    {
        errors.push(field("duration_seconds"), "must be between 1 and 86400");
    }
    if let Some(d) = set.distance_m
        && !(d.is_finite() && d > 0.0 && d <= 1_000_000.0)
    {
        errors.push(
            field("distance_m"),
            "must be more than 0 and at most 1000000",
        );
    }
    let required: &[(&str, bool)] = match tracking {
        Some(Tracking::WeightReps) => &[
            ("reps", set.reps.is_some()),
            ("weight_kg", set.weight_kg.is_some()),
        ],
        Some(Tracking::Reps) => &[("reps", set.reps.is_some())],
        Some(Tracking::Time) => &[("duration_seconds", set.duration_seconds.is_some())],
        Some(Tracking::Distance) => &[("distance_m", set.distance_m.is_some())],
        None => &[],
    };
    for (name, present) in required {
        if !present {
            let t = tracking.map(|t| t.as_str()).unwrap_or_default();
            errors.push(field(name), format!("is required for a {t} exercise"));
        }
    }
}

/// The e1RM of a weight×reps set, when it has one (weight above 0, 1–30 reps).
fn set_e1rm(
    formula: E1rmFormula,
    tracking: Tracking,
    weight: Option<f64>,
    reps: Option<u32>,
    rpe: Option<f64>,
) -> Option<e1rm::E1rmEstimate> {
    if tracking != Tracking::WeightReps {
        return None;
    }
    match (weight, reps) {
        (Some(w), Some(r)) if w > 0.0 => e1rm::estimate(formula, w, r, rpe).ok(),
        _ => None,
    }
}

/// Checks a `name` field as sent (see [`is_valid_name`]); returns it trimmed.
pub(crate) fn check_name(errors: &mut FieldErrors, raw: &str) -> Option<String> {
    if is_valid_name(raw) {
        Some(raw.trim().to_owned())
    } else {
        errors.push(
            "name",
            "must be 1 to 100 characters, not blank, without control characters",
        );
        None
    }
}

/// Log a custom workout: its sets are stored in one transaction; a
/// `session_id` of the caller's marks that session completed.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    request_body = CustomWorkoutCreate,
    responses(
        (status = 201, body = WorkoutLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "A field breaks its rule, e.g. `exercises[0].sets[2].weight_kg` missing for a weight_reps exercise, an unknown `exercises[0].exercise_id`, or a `session_id` that is not one of the caller's sessions", body = ErrorBody)
    )
)]
#[post("/custom")]
async fn create_custom(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<CustomWorkoutCreate>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let profile = profiles::get(&state.db, user.id).await?;
    let formula = profile.e1rm_formula;
    let mut errors = FieldErrors::default();
    let name = check_name(&mut errors, &body.name);
    if let Some(d) = body.duration_minutes
        && !(1..=600).contains(&d)
    {
        errors.push("duration_minutes", "must be between 1 and 600");
    }
    if let Some(r) = body.session_rpe {
        in_range(&mut errors, "session_rpe", r, 1.0, 10.0);
    }
    let notes = check_text(&mut errors, "notes", body.notes, 2000);
    if !(1..=50).contains(&body.exercises.len()) {
        errors.push("exercises", "must list 1 to 50 exercises");
    }
    for (i, ex) in body.exercises.iter().enumerate() {
        let path = format!("exercises[{i}]");
        let found = exercise_of(ExerciseId(ex.exercise_id));
        if found.is_none() {
            errors.push(
                format!("{path}.exercise_id"),
                "no catalog exercise has this id",
            );
        }
        if !(1..=50).contains(&ex.sets.len()) {
            errors.push(format!("{path}.sets"), "must list 1 to 50 sets");
        }
        for (j, set) in ex.sets.iter().enumerate() {
            check_set(
                &mut errors,
                &format!("{path}.sets[{j}]"),
                found.map(|e| e.tracking),
                set,
            );
        }
    }
    errors.finish()?;
    let Some(name) = name else {
        return Err(ApiError::internal("validated name missing"));
    };
    let mut exercises = Vec::with_capacity(body.exercises.len());
    for ex in body.exercises {
        let id = ExerciseId(ex.exercise_id);
        let tracking = exercise_of(id)
            .map(|e| e.tracking)
            .ok_or_else(|| ApiError::internal("validated exercise missing"))?;
        let sets = ex
            .sets
            .into_iter()
            .map(|s| {
                let est = set_e1rm(formula, tracking, s.weight_kg, s.reps, s.rpe);
                WorkoutSet {
                    reps: s.reps,
                    weight_kg: s.weight_kg,
                    rpe: s.rpe,
                    duration_seconds: s.duration_seconds,
                    distance_m: s.distance_m,
                    e1rm_kg: est.map(|e| e.e1rm_kg),
                    e1rm_reliable: est.is_some_and(|e| e.reliable),
                }
            })
            .collect();
        exercises.push(ExerciseSets {
            exercise_id: id,
            sets,
        });
    }
    let log = store(
        &state,
        user.id,
        NewWorkoutLog {
            kind: LogKind::Custom,
            date: body.date,
            name,
            duration_minutes: body.duration_minutes,
            session_id: body.session_id,
            session_rpe: body.session_rpe,
            notes,
            e1rm_formula: formula,
            e1rm_kg: None,
            is_pr: None,
            previous_best_e1rm_kg: None,
            exercises,
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(log_response(log)))
}

/// Log a top set: its e1RM with the profile's formula (RPE adds reps in
/// reserve), whether it is a PR, and the previous best. Estimates from more
/// than 12 effective reps are stored but never become a best.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    request_body = TopSetLogCreate,
    responses(
        (status = 201, body = WorkoutLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "weight_kg not in (0, 1000], reps not in 1–30, an RPE off the 0.5 grid, an unknown or non-weight×reps exercise_id, or a session_id that is not one of the caller's sessions", body = ErrorBody)
    )
)]
#[post("/top-set")]
async fn create_top_set(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<TopSetLogCreate>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    let exercise = exercise_of(ExerciseId(body.exercise_id));
    match exercise {
        None => errors.push("exercise_id", "no catalog exercise has this id"),
        Some(e) if e.tracking != Tracking::WeightReps => errors.push(
            "exercise_id",
            "a top set needs an exercise tracked by weight and reps",
        ),
        Some(_) => {}
    }
    if !(body.weight_kg.is_finite()
        && body.weight_kg > 0.0
        && body.weight_kg <= e1rm::MAX_WEIGHT_KG)
    {
        errors.push("weight_kg", "must be more than 0 and at most 1000");
    }
    if e1rm::validate_reps(body.reps).is_err() {
        errors.push("reps", "must be between 1 and 30");
    }
    if let Some(r) = body.rpe
        && e1rm::validate_rpe(r).is_err()
    {
        errors.push("rpe", "must be between 1 and 10 in steps of 0.5");
    }
    errors.finish()?;
    let Some(exercise) = exercise else {
        return Err(ApiError::internal("validated exercise missing"));
    };
    let profile = profiles::get(&state.db, user.id).await?;
    let est = e1rm::estimate(profile.e1rm_formula, body.weight_kg, body.reps, body.rpe)?;
    let previous = workouts::best_e1rm(&state.db, user.id, exercise.id, Some(body.date)).await?;
    let log = store(
        &state,
        user.id,
        NewWorkoutLog {
            kind: LogKind::TopSet,
            date: body.date,
            name: exercise.name.clone(),
            duration_minutes: None,
            session_id: body.session_id,
            session_rpe: None,
            notes: None,
            e1rm_formula: profile.e1rm_formula,
            e1rm_kg: Some(est.e1rm_kg),
            is_pr: Some(e1rm::is_pr(&est, previous)),
            previous_best_e1rm_kg: previous,
            exercises: vec![ExerciseSets {
                exercise_id: exercise.id,
                sets: vec![WorkoutSet {
                    reps: Some(body.reps),
                    weight_kg: Some(body.weight_kg),
                    rpe: body.rpe,
                    duration_seconds: None,
                    distance_m: None,
                    e1rm_kg: Some(est.e1rm_kg),
                    e1rm_reliable: est.reliable,
                }],
            }],
        },
    )
    .await?;
    Ok(HttpResponse::Created().json(log_response(log)))
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

/// The user's workout logs (custom and top sets), newest first.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(WorkoutQuery),
    responses(
        (status = 200, body = Vec<WorkoutLogResponse>),
        (status = 400, description = "A date that does not parse or an unknown parameter", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "limit outside 1–200, or from after to", body = ErrorBody)
    )
)]
#[get("/workouts")]
async fn list_workouts(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<WorkoutQuery>,
) -> ApiResult<web::Json<Vec<WorkoutLogResponse>>> {
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    let (limit, offset) = check_paging(&mut errors, q.limit, q.offset);
    check_dates(&mut errors, q.from, q.to);
    errors.finish()?;
    let filter = LogFilter {
        from: q.from,
        to: q.to,
        limit,
        offset,
    };
    let logs = workouts::list(&state.db, user.id, &filter).await?;
    Ok(web::Json(logs.into_iter().map(log_response).collect()))
}

/// One of the user's workout logs.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(("log_id" = i64, Path, description = "Workout log id")),
    responses(
        (status = 200, body = WorkoutLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No such log for this user", body = ErrorBody)
    )
)]
#[get("/workouts/{log_id}")]
async fn get_workout(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<WorkoutLogResponse>> {
    workouts::get(&state.db, user.id, path.into_inner().0)
        .await?
        .map(|l| web::Json(log_response(l)))
        .ok_or(ApiError::NotFound)
}

/// Delete one of the user's workout logs with its sets (a session it completed stays completed).
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(("log_id" = i64, Path, description = "Workout log id")),
    responses(
        (status = 200, body = SuccessResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No such log for this user", body = ErrorBody)
    )
)]
#[delete("/workouts/{log_id}")]
async fn delete_workout(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    if workouts::delete(&state.db, user.id, path.into_inner().0).await? {
        Ok(web::Json(SuccessResponse { success: true }))
    } else {
        Err(ApiError::NotFound)
    }
}

// ---------------------------------------------------------------- e1RM

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
async fn e1rm_series(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<E1rmQuery>,
) -> ApiResult<web::Json<E1rmSeriesResponse>> {
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    check_dates(&mut errors, q.from, q.to);
    errors.finish()?;
    let exercise = exercise_of(ExerciseId(q.exercise_id)).ok_or(ApiError::NotFound)?;
    let points = workouts::e1rm_history(&state.db, user.id, exercise.id, q.from, q.to).await?;
    let best_e1rm_kg = points
        .iter()
        .filter(|p| p.reliable)
        .map(|p| p.e1rm_kg)
        .max_by(f64::total_cmp);
    Ok(web::Json(E1rmSeriesResponse {
        exercise_id: exercise.id.0,
        best_e1rm_kg,
        points: points
            .into_iter()
            .map(|p| E1rmPointResponse {
                date: p.date,
                e1rm_kg: p.e1rm_kg,
                weight_kg: p.weight_kg,
                reps: p.reps,
                rpe: p.rpe,
            })
            .collect(),
    }))
}

// ---------------------------------------------------------------- soreness

/// A soreness report.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SorenessLogCreate {
    pub date: NaiveDate,
    pub muscle: Muscle,
    /// 0–10.
    #[schema(minimum = 0, maximum = 10)]
    pub level: u8,
    /// At most 1000 characters.
    #[schema(max_length = 1000)]
    pub notes: Option<String>,
}

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
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(SorenessQuery),
    responses(
        (status = 200, body = Vec<SorenessLogResponse>),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "limit outside 1–200, or from after to", body = ErrorBody)
    )
)]
#[get("/soreness")]
async fn list_soreness(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<SorenessQuery>,
) -> ApiResult<web::Json<Vec<SorenessLogResponse>>> {
    let q = query.into_inner();
    let mut errors = FieldErrors::default();
    let (limit, _) = check_paging(&mut errors, q.limit, None);
    check_dates(&mut errors, q.from, q.to);
    errors.finish()?;
    let filter = SorenessFilter {
        from: q.from,
        to: q.to,
        muscle: q.muscle,
        limit,
    };
    let logs = soreness::list(&state.db, user.id, &filter).await?;
    Ok(web::Json(logs.into_iter().map(Into::into).collect()))
}

/// Report soreness. A second report for the same date and muscle replaces the
/// first (same id) and is answered 201 like the first.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    request_body = SorenessLogCreate,
    responses(
        (status = 201, body = SorenessLogResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
#[post("/soreness")]
async fn create_soreness(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<SorenessLogCreate>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let mut errors = FieldErrors::default();
    if body.level > 10 {
        errors.push("level", "must be between 0 and 10");
    }
    let notes = check_text(&mut errors, "notes", body.notes, 1000);
    errors.finish()?;
    let log = soreness::upsert(
        &state.db,
        user.id,
        body.date,
        body.muscle,
        body.level,
        notes,
    )
    .await?;
    Ok(HttpResponse::Created().json(SorenessLogResponse::from(log)))
}

// ---------------------------------------------------------------- recovery

/// `?date=` (default: today in the profile's time zone).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecoveryQuery {
    pub date: Option<NaiveDate>,
}

/// Every muscle's recovery on a date, from the last 14 days of soreness
/// reports (decaying 10 % a day) and logged sets (fatigue with a per-muscle
/// half-life; primary 1, secondary 0.5 per set), plus the leg/cardio load of
/// enjoyable activities done most days (≥ 4 sessions a week, counted as done
/// the day before). A muscle under 60 % is not `ready`. The planner uses the
/// same state.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(RecoveryQuery),
    responses(
        (status = 200, body = RecoveryState),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)
    )
)]
#[get("/recovery-state")]
async fn recovery_state(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<RecoveryQuery>,
) -> ApiResult<web::Json<RecoveryState>> {
    let as_of = match query.into_inner().date {
        Some(d) => d,
        None => profiles::get(&state.db, user.id).await?.today(),
    };
    let history = gainsly_planner::context::History::load(&state.db, user.id, as_of).await?;
    Ok(web::Json(
        history.recovery(as_of, &RecoveryModel::default()),
    ))
}
