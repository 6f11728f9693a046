//! `/api/programs`: create, list, read, update, delete; the microcycle.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use gainsly_app::programs::{MicrocycleView, ProgramChanges, ProgramView};
pub use gainsly_contract::ProgramCreate;
use gainsly_domain::{Equipment, GoalWeight, MicrocycleDay, ProgressionStyle, SplitTemplate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{AuthUser, ClaimedUser};
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, PathId};
use crate::routes::SuccessResponse;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_program)
        .service(list_programs)
        .service(get_program)
        .service(update_program)
        .service(delete_program)
        .service(get_microcycle)
        .service(put_microcycle);
}

/// Changes to a program; any subset.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramUpdate {
    /// 1–100 characters, not blank, no control characters (stored trimmed).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: Option<String>,
    /// 1–3 distinct goals whose weights (0–10) sum to exactly 10.
    #[schema(min_items = 1, max_items = 3)]
    pub goals: Option<Vec<GoalWeight>>,
    /// 1–52.
    #[schema(minimum = 1, maximum = 52)]
    pub duration_weeks: Option<u32>,
    /// 15–240.
    #[schema(minimum = 15, maximum = 240)]
    pub session_minutes: Option<u32>,
    pub progression_style: Option<ProgressionStyle>,
    /// 0 (never) or 2–12.
    #[schema(minimum = 0, maximum = 12)]
    pub deload_every_n_microcycles: Option<u32>,
    pub equipment: Option<Vec<Equipment>>,
    pub is_active: Option<bool>,
}

/// A new microcycle layout.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MicrocycleUpdate {
    /// 7–14.
    #[schema(minimum = 7, maximum = 14)]
    pub length_days: u32,
    /// Every index 1..=length exactly once, at least one training day.
    #[schema(min_items = 7, max_items = 14)]
    pub days: Vec<MicrocycleDay>,
}

/// A program's microcycle and where today falls.
#[derive(Debug, Serialize, ToSchema)]
pub struct MicrocycleResponse {
    pub program_id: i64,
    pub length_days: u32,
    pub days: Vec<MicrocycleDay>,
    /// 0-based number of the microcycle that contains today.
    pub current_index: u32,
    pub current_is_deload: bool,
}

/// A program as clients see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramResponse {
    pub id: i64,
    pub name: String,
    pub goals: Vec<GoalWeight>,
    pub split_template: SplitTemplate,
    pub days_per_week: u32,
    pub microcycle_length_days: u32,
    pub duration_weeks: u32,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub session_minutes: u32,
    pub progression_style: ProgressionStyle,
    pub deload_every_n_microcycles: u32,
    /// The program's equipment, or the profile's when the program sets none.
    pub equipment: Vec<Equipment>,
    /// The days of a `custom` split; null otherwise.
    pub custom_days: Option<Vec<MicrocycleDay>>,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub microcycle: MicrocycleResponse,
}

/// `?active_only=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only the active program.
    pub active_only: Option<bool>,
}

impl From<MicrocycleView> for MicrocycleResponse {
    fn from(m: MicrocycleView) -> Self {
        MicrocycleResponse {
            program_id: m.program_id,
            length_days: m.microcycle.length_days(),
            days: m.microcycle.days().to_vec(),
            current_index: m.today.index,
            current_is_deload: m.today.is_deload,
        }
    }
}

impl From<ProgramView> for ProgramResponse {
    fn from(v: ProgramView) -> Self {
        let p = v.program;
        let s = &p.settings;
        ProgramResponse {
            id: p.id,
            name: p.name.clone(),
            goals: s.goals().as_slice().to_vec(),
            split_template: s.split(),
            days_per_week: s.days_per_week(),
            microcycle_length_days: p.microcycle.length_days(),
            duration_weeks: s.duration_weeks(),
            start_date: s.start_date(),
            end_date: s.end_date(),
            session_minutes: s.session_minutes(),
            progression_style: s.progression(),
            deload_every_n_microcycles: s.deload_every_n(),
            equipment: v.equipment,
            custom_days: (s.split() == SplitTemplate::Custom).then(|| p.microcycle.days().to_vec()),
            is_active: p.is_active,
            created_at: p.created_at,
            updated_at: p.updated_at,
            microcycle: MicrocycleResponse {
                program_id: p.id,
                length_days: p.microcycle.length_days(),
                days: p.microcycle.days().to_vec(),
                current_index: v.today.index,
                current_is_deload: v.today.is_deload,
            },
        }
    }
}

/// Create a program.
///
/// Weighted goals (1–3), a split or custom microcycle days, days per week, session
/// minutes, weeks, progression style and deloads. Creating an active program makes
/// it the one the day plans use; nothing is planned until a date is asked for (or
/// tomorrow, by the nightly job).
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    request_body = ProgramCreate,
    responses(
        (status = 201, description = "The created program", body = ProgramResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 409, description = "CONFLICT: the user already holds 50 programs (delete one first)", body = ErrorBody)
    )
)]
#[post("")]
async fn create_program(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<ProgramCreate>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let view = state.app.create_program(user.id, b.into()).await?;
    Ok(HttpResponse::Created().json(ProgramResponse::from(view)))
}

/// The user's programs, newest first.
///
/// `?active_only=true` gives only the active program. Every program of the user,
/// unpaged: a user holds at most a few.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, description = "The user's programs, newest first", body = Vec<ProgramResponse>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("")]
async fn list_programs(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ListQuery>,
) -> ApiResult<web::Json<Vec<ProgramResponse>>> {
    let list = state
        .app
        .list_programs(user.id, query.active_only.unwrap_or(false))
        .await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

/// One program.
///
/// 404 when it does not exist or belongs to another user (the two are
/// indistinguishable).
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    responses((status = 200, description = "The program", body = ProgramResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/{program_id}")]
async fn get_program(
    state: web::Data<AppState>,
    user: ClaimedUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<ProgramResponse>> {
    let read = state.app.program(user.id(), path.into_inner().0).await;
    Ok(web::Json(user.confirm(&state, read).await?.into()))
}

/// Change a program.
///
/// Changes that affect planning delete its still-`planned` sessions from today on
/// (adapted and completed ones stay); they are planned again on demand, and
/// tomorrow in the background.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    request_body = ProgramUpdate,
    responses(
        (status = 200, description = "The program as changed", body = ProgramResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
#[put("/{program_id}")]
async fn update_program(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
    body: Json<ProgramUpdate>,
) -> ApiResult<web::Json<ProgramResponse>> {
    let b = body.into_inner();
    let view = state
        .app
        .update_program(
            user.id,
            path.into_inner().0,
            ProgramChanges {
                name: b.name,
                goals: b.goals,
                duration_weeks: b.duration_weeks,
                session_minutes: b.session_minutes,
                progression_style: b.progression_style,
                deload_every_n_microcycles: b.deload_every_n_microcycles,
                equipment: b.equipment,
                is_active: b.is_active,
            },
        )
        .await?;
    Ok(web::Json(view.into()))
}

/// Delete a program.
///
/// Its sessions go with it; workout logs stay (they are the user's history, and
/// feed e1RM and recovery).
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    responses((status = 200, description = "The program and its sessions are deleted", body = SuccessResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/{program_id}")]
async fn delete_program(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    state
        .app
        .delete_program(user.id, path.into_inner().0)
        .await?;
    Ok(SuccessResponse::ok())
}

/// A program's microcycle.
///
/// Its length (7–14 days), each day's kind and focus, and today's index in it.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    responses((status = 200, description = "The program's microcycle", body = MicrocycleResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/{program_id}/microcycle")]
async fn get_microcycle(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<MicrocycleResponse>> {
    let view = state.app.microcycle(user.id, path.into_inner().0).await?;
    Ok(web::Json(view.into()))
}

/// Replace a program's microcycle.
///
/// `days` covers every index 1..length once, has a training day, `focus` exactly on
/// training days, and `custom` focus needs `target_muscles`. Planned sessions from
/// today on are re-planned.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    request_body = MicrocycleUpdate,
    responses(
        (status = 200, description = "The microcycle as stored", body = MicrocycleResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
#[put("/{program_id}/microcycle")]
async fn put_microcycle(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
    body: Json<MicrocycleUpdate>,
) -> ApiResult<web::Json<MicrocycleResponse>> {
    let b = body.into_inner();
    let view = state
        .app
        .replace_microcycle(user.id, path.into_inner().0, b.length_days, b.days)
        .await?;
    Ok(web::Json(view.into()))
}
