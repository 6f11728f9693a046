//! `/api/export`: all of the user's data as one JSON document, and the
//! workout logs as a Strong-layout CSV file.

use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use gainsly_domain::session::Session;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::routes::exercises::CustomExerciseResponse;
use crate::routes::imports::ImportReportResponse;
use crate::routes::logs::soreness::SorenessLogResponse;
use crate::routes::logs::workouts::WorkoutLogResponse;
use crate::routes::programs::ProgramResponse;
use crate::routes::settings::{Activity, MovementRuleResponse, UserProfile};
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(export_data).service(export_workouts_csv);
}

/// Everything the user has, in the shapes the rest of the API answers with.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataExportResponse {
    /// Version of this document's layout.
    #[schema(example = 1)]
    pub format_version: u32,
    pub exported_at: DateTime<Utc>,
    pub profile: UserProfile,
    pub movement_rules: Vec<MovementRuleResponse>,
    pub enjoyable_activities: Vec<Activity>,
    /// Newest first, each with its microcycle.
    pub programs: Vec<ProgramResponse>,
    /// Every planned, adapted or completed session, by date.
    pub sessions: Vec<Session>,
    /// Newest first, with their sets.
    pub workout_logs: Vec<WorkoutLogResponse>,
    /// Newest first.
    pub soreness: Vec<SorenessLogResponse>,
    /// Newest first.
    pub imports: Vec<ImportReportResponse>,
    /// The user's own exercises (names imports could not match to the
    /// catalog), oldest first; workout logs name them by id.
    pub custom_exercises: Vec<CustomExerciseResponse>,
}

/// Export all of the user's data as one JSON document.
///
/// Profile, settings, programs with their microcycles, sessions, workout logs with
/// their sets, soreness, imports and movement rules, as of now. `format_version`
/// names the layout.
#[utoipa::path(
    tag = "export",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Profile, rules, activities, programs with microcycles, sessions, workout logs with sets, soreness, imports", body = DataExportResponse),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody)
    )
)]
#[get("")]
async fn export_data(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<DataExportResponse>> {
    let data = state.app.export_data(user.id).await?;
    Ok(web::Json(DataExportResponse {
        format_version: 1,
        exported_at: data.exported_at,
        profile: data.profile.into(),
        movement_rules: data.movement_rules.into_iter().map(Into::into).collect(),
        enjoyable_activities: data.activities.into_iter().map(Into::into).collect(),
        programs: data.programs.into_iter().map(Into::into).collect(),
        sessions: data.sessions,
        workout_logs: data.workouts.into_iter().map(Into::into).collect(),
        soreness: data.soreness.into_iter().map(Into::into).collect(),
        imports: data.imports.into_iter().map(Into::into).collect(),
        custom_exercises: data.custom_exercises.into_iter().map(Into::into).collect(),
    }))
}

/// Export the workout logs as CSV in Strong's comma layout.
///
/// `Date,Workout Name,Duration,Exercise Name,Set
/// Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE`, in kilograms and
/// kilometres, with local times in the profile's time zone. `POST /api/imports`
/// reads it back as the same workouts and sets.
#[utoipa::path(
    tag = "export",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The workout logs, oldest first", content_type = "text/csv", body = String),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody)
    )
)]
#[get("/workouts.csv")]
async fn export_workouts_csv(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<HttpResponse> {
    let csv = state.app.export_strong_csv(user.id).await?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            "attachment; filename=\"gainsly-workouts.csv\"",
        ))
        .body(csv))
}
