//! `/api/imports`: workout history from Strong, Hevy and FitNotes exports
//! (raw CSV body up to 20 MiB), a dry run, the list, and undo.

use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, NaiveDate, Utc};
use futures_util::StreamExt;
use gainsly_app::imports::{ImportReport, ImportRequest, MAX_IMPORT_BYTES};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::PathId;
use crate::routes::SuccessResponse;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_import)
        .service(list_imports)
        .service(get_import)
        .service(undo_import);
}

/// How to read the file.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `auto` (default: detect from the header), `strong`, `hevy` or `fitnotes`.
    #[param(example = "auto")]
    pub source: Option<String>,
    /// `true`: only report what would be imported; store nothing (answers 200).
    pub dry_run: Option<bool>,
    /// IANA time zone of the file's local times; default the profile's.
    #[param(example = "Europe/Berlin")]
    pub tz: Option<String>,
}

/// An exercise name of the file that resolved to a catalog exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchedName {
    pub name: String,
    pub exercise_id: i64,
    /// Sets under this name.
    pub sets: u64,
}

/// A catalog exercise an unmatched name might be.
#[derive(Debug, Serialize, ToSchema)]
pub struct NameSuggestion {
    pub exercise_id: i64,
    pub name: String,
    /// Similarity 0–1.
    pub score: f64,
}

/// An exercise name of the file that resolved to no catalog exercise. It
/// is the user's own custom exercise (created by the first import of the
/// name, reused by later ones) and its sets are stored against it. Mapping
/// the name with `PUT /api/settings/exercise-aliases` applies to later
/// imports; sets already imported stay on the custom exercise.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnmatchedName {
    pub name: String,
    pub sets: u64,
    /// Up to 3 most similar catalog exercises.
    pub suggestions: Vec<NameSuggestion>,
    /// The custom exercise holding the name's sets (`GET
    /// /api/exercises/{id}`); in a dry run the existing one of that name, or
    /// null when the import would create it.
    pub custom_exercise_id: Option<i64>,
}

/// A row of the file that held nothing importable.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedRow {
    /// The file's line (1-based).
    pub line: u64,
    pub reason: String,
}

/// What an import read and stored (or, for a dry run, would store).
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportResponse {
    /// Null for a dry run.
    pub id: Option<i64>,
    /// `strong`, `hevy` or `fitnotes`.
    pub source: String,
    /// The file layout detected, e.g. `strong_semicolon_header_units`.
    pub dialect: String,
    /// New workouts (duplicates not counted).
    pub workouts: u64,
    /// Sets of the new workouts, warm-ups included.
    pub sets: u64,
    pub warmup_sets: u64,
    /// Workouts skipped because one of the user's logs starts within a minute of them.
    pub duplicates: u64,
    /// Local date of the first new workout.
    pub date_from: Option<NaiveDate>,
    /// Local date of the last new workout.
    pub date_to: Option<NaiveDate>,
    /// The weight units the file used: `kg`, `lb` or `mixed`.
    pub units: String,
    pub matched: Vec<MatchedName>,
    pub unmatched: Vec<UnmatchedName>,
    /// The first 1,000 rows skipped.
    pub skipped_rows: Vec<SkippedRow>,
    /// When the import was stored; null for a dry run.
    pub created_at: Option<DateTime<Utc>>,
}

impl From<ImportReport> for ImportReportResponse {
    fn from(r: ImportReport) -> Self {
        ImportReportResponse {
            id: r.id,
            source: r.source,
            dialect: r.dialect,
            workouts: r.workouts,
            sets: r.sets,
            warmup_sets: r.warmup_sets,
            duplicates: r.duplicates,
            date_from: r.date_from,
            date_to: r.date_to,
            units: r.units,
            matched: r
                .matched
                .into_iter()
                .map(|m| MatchedName {
                    name: m.name,
                    exercise_id: m.exercise_id,
                    sets: m.sets,
                })
                .collect(),
            unmatched: r
                .unmatched
                .into_iter()
                .map(|u| UnmatchedName {
                    name: u.name,
                    sets: u.sets,
                    suggestions: u
                        .suggestions
                        .into_iter()
                        .map(|s| NameSuggestion {
                            exercise_id: s.exercise_id,
                            name: s.name,
                            score: s.score,
                        })
                        .collect(),
                    custom_exercise_id: u.custom_exercise_id,
                })
                .collect(),
            skipped_rows: r
                .skipped_rows
                .into_iter()
                .map(|s| SkippedRow {
                    line: s.line,
                    reason: s.reason,
                })
                .collect(),
            created_at: r.created_at,
        }
    }
}

/// Whether the body's declared type can be an export file.
fn csv_like(req: &HttpRequest) -> bool {
    let Some(value) = req.headers().get(CONTENT_TYPE) else {
        return true;
    };
    let essence = value
        .to_str()
        .ok()
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/csv" | "application/octet-stream" | "application/vnd.ms-excel"
        )
}

/// Reads the raw body, refusing more than [`MAX_IMPORT_BYTES`] (413).
async fn read_body(req: &HttpRequest, mut payload: web::Payload) -> ApiResult<Vec<u8>> {
    let declared: Option<usize> = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok());
    if declared.is_some_and(|n| n > MAX_IMPORT_BYTES) {
        return Err(ApiError::PayloadTooLarge);
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0));
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest(format!("unreadable body: {e}")))?;
        if body.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(ApiError::PayloadTooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Import a Strong, Hevy or FitNotes CSV export.
///
/// The raw file is the body. New workouts, their sets and the import are stored in
/// one transaction; workouts starting within a minute of one of the user's logs are
/// skipped as duplicates. `?dry_run=true` stores nothing and answers what would be
/// imported.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(content = String, content_type = "text/csv", description = "The export file, UTF-8 (with or without BOM), at most 20 MiB"),
    responses(
        (status = 200, description = "Dry run: what would be imported", body = ImportReportResponse),
        (status = 201, description = "Imported", body = ImportReportResponse),
        (status = 400, description = "A query value or the content type is wrong", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 403, description = "A read-only personal access token", body = ErrorBody),
        (status = 413, description = "The file is over 20 MiB", body = ErrorBody),
        (status = 422, description = "A malformed file (the line and the reason) or a format not understood (the formats that are)", body = ErrorBody)
    )
)]
#[post("")]
async fn create_import(
    state: web::Data<AppState>,
    user: AuthUser,
    req: HttpRequest,
    query: web::Query<ImportQuery>,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    if !csv_like(&req) {
        return Err(ApiError::BadRequest(
            "Content-Type must be text/csv (the export file as the body)".into(),
        ));
    }
    let body = read_body(&req, payload).await?;
    let query = query.into_inner();
    let dry_run = query.dry_run.unwrap_or(false);
    let report = state
        .app
        .import_workouts(
            user.id,
            body,
            ImportRequest {
                source: query.source,
                dry_run,
                tz: query.tz,
            },
        )
        .await?;
    let report = ImportReportResponse::from(report);
    Ok(if dry_run {
        HttpResponse::Ok().json(report)
    } else {
        HttpResponse::Created().json(report)
    })
}

/// The user's imports, newest first.
///
/// Each with its source, dialect, counts of workouts, sets and duplicates, and
/// whether it was undone.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The imports with their reports", body = Vec<ImportReportResponse>),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody)
    )
)]
#[get("")]
async fn list_imports(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<ImportReportResponse>>> {
    let list = state.app.list_imports(user.id).await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

/// One of the user's imports.
///
/// Its report: what was matched, skipped and left unmatched, with name suggestions.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("import_id" = i64, Path, description = "Import id")),
    responses(
        (status = 200, description = "The import's report", body = ImportReportResponse),
        (status = 400, description = "The id is not an integer", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 404, description = "No such import of this user", body = ErrorBody)
    )
)]
#[get("/{import_id}")]
async fn get_import(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<ImportReportResponse>> {
    let report = state.app.get_import(user.id, path.into_inner().0).await?;
    Ok(web::Json(report.into()))
}

/// Undo an import.
///
/// Removes exactly the workouts and sets it stored, in one transaction; logs made
/// otherwise are untouched.
#[utoipa::path(
    tag = "imports",
    security(("bearer" = [])),
    params(("import_id" = i64, Path, description = "Import id")),
    responses(
        (status = 200, description = "Undone", body = SuccessResponse),
        (status = 400, description = "The id is not an integer", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 403, description = "A read-only personal access token", body = ErrorBody),
        (status = 404, description = "No such import of this user", body = ErrorBody)
    )
)]
#[delete("/{import_id}")]
async fn undo_import(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    state.app.undo_import(user.id, path.into_inner().0).await?;
    Ok(SuccessResponse::ok())
}
