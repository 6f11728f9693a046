//! `/api/exercises`: the built-in exercise catalog (read-only), and the
//! user's own custom exercises by id (imports create them for names the
//! catalog does not know; the list is the catalog's only).

use actix_web::{get, web};
use chrono::{DateTime, Utc};
use gainsly_app::custom_exercises::{CustomExercise, is_custom};
pub use gainsly_contract::{ExerciseQuery, MuscleRoleParam};
use gainsly_domain::{Exercise, ExerciseId, Tracking};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::PathId;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_exercises).service(get_exercise);
}

/// List catalog exercises, filtered and paged.
///
/// In id order. Filter by pattern, equipment, a muscle (as a primary mover by default, or at all with `role=any`) and a name search; `limit`
/// (1–200, default 50) and `offset` page the result.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    params(ExerciseQuery),
    responses(
        (status = 200, description = "The matching exercises, in id order", body = Vec<Exercise>),
        (status = 400, description = "Unknown filter value or malformed query", body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 422, description = "limit outside 1–200", body = ErrorBody)
    )
)]
#[get("")]
async fn list_exercises(
    state: web::Data<AppState>,
    _user: AuthUser,
    query: web::Query<ExerciseQuery>,
) -> ApiResult<web::Json<Vec<Exercise>>> {
    let found = state.app.exercises(&query.into_inner().into())?;
    Ok(web::Json(found.into_iter().cloned().collect()))
}

/// One of the user's own exercises: a name an import could not match to
/// the catalog. Its id is above 1,000,000 (catalog ids never are). It has
/// no muscle data: the planner never plans it and weekly volume does not
/// count it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CustomExerciseResponse {
    /// 1,000,000 + a per-database number.
    #[schema(minimum = 1_000_001)]
    pub id: i64,
    /// The name as the imported file spelled it.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// Inferred from the imported sets.
    pub tracking: Tracking,
    /// Always true: tells it from a catalog exercise.
    pub custom: bool,
    /// The import that created it (or, once that one is undone, an import
    /// still using it): undoing it removes the exercise.
    pub import_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

impl From<CustomExercise> for CustomExerciseResponse {
    fn from(c: CustomExercise) -> Self {
        CustomExerciseResponse {
            id: c.id.0,
            name: c.name,
            tracking: c.tracking,
            custom: true,
            import_id: c.import_id,
            created_at: c.created_at,
        }
    }
}

/// A catalog exercise, or one of the user's custom exercises.
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AnyExercise {
    Catalog(Exercise),
    Custom(CustomExerciseResponse),
}

/// One exercise: of the catalog, or one of the user's custom exercises.
///
/// A catalog exercise with its pattern, primary and secondary muscles,
/// equipment, fatigue and skill ratings; or, for an id above 1,000,000, one
/// of the caller's own custom exercises (created by imports). 404 for any
/// other id, another user's custom exercise included.
#[utoipa::path(
    tag = "exercises",
    security(("bearer" = [])),
    params(("exercise_id" = i64, Path, description = "Catalog exercise id, or a custom exercise id (above 1,000,000)")),
    responses(
        (status = 200, description = "The exercise", body = AnyExercise),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody)
    )
)]
#[get("/{exercise_id}")]
async fn get_exercise(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<AnyExercise>> {
    let id = path.into_inner().0;
    if is_custom(ExerciseId(id)) {
        let custom = state.app.custom_exercise(user.id, id).await?;
        return Ok(web::Json(AnyExercise::Custom(custom.into())));
    }
    Ok(web::Json(AnyExercise::Catalog(
        state.app.exercise(id)?.clone(),
    )))
}
