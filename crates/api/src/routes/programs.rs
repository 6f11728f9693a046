//! `/api/programs`: create, list, read, update, delete; the microcycle.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::repo::profiles;
use gainsly_db::repo::programs::{self, Program, ProgramDraft};
use gainsly_db::repo::sessions;
use gainsly_domain::{
    DomainError, Equipment, GoalWeight, GoalWeights, Microcycle, MicrocycleDay, ProgramSettings,
    ProgramSettingsInput, ProgressionStyle, SplitTemplate, program as program_defaults,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorBody, FieldErrors};
use crate::extract::{Json, PathId};
use crate::routes::logs::check_name;
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

/// A new program.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramCreate {
    /// 1–100 characters, not blank, no control characters (stored trimmed).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    /// 1–3 distinct goals whose weights (0–10) sum to exactly 10.
    #[schema(min_items = 1, max_items = 3)]
    pub goals: Vec<GoalWeight>,
    pub split_template: SplitTemplate,
    /// 1–7 training days per 7 days (scaled to the microcycle length). Default 4.
    #[schema(minimum = 1, maximum = 7)]
    pub days_per_week: Option<u32>,
    /// 7–14. Default 7.
    #[schema(minimum = 7, maximum = 14)]
    pub microcycle_length_days: Option<u32>,
    /// 1–52. Default 8.
    #[schema(minimum = 1, maximum = 52)]
    pub duration_weeks: Option<u32>,
    /// Default: today in the profile's time zone.
    pub start_date: Option<NaiveDate>,
    /// 15–240, the hard cap on a planned session. Default: the profile's.
    #[schema(minimum = 15, maximum = 240)]
    pub session_minutes: Option<u32>,
    /// Default `double`.
    pub progression_style: Option<ProgressionStyle>,
    /// 0 (never) or 2–12. Default 4.
    #[schema(minimum = 0, maximum = 12)]
    pub deload_every_n_microcycles: Option<u32>,
    /// Overrides the profile's equipment for this program.
    pub equipment: Option<Vec<Equipment>>,
    /// Required iff `split_template` is `custom`.
    pub custom_days: Option<Vec<MicrocycleDay>>,
    /// Making a program active deactivates the user's others. Default true.
    pub is_active: Option<bool>,
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

/// `{"success": true}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuccessResponse {
    pub success: bool,
}

/// `?active_only=`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only the active program.
    pub active_only: Option<bool>,
}

fn microcycle_response(p: &Program, today: NaiveDate) -> MicrocycleResponse {
    let s = &p.settings;
    let len = i64::from(p.microcycle.length_days().max(1));
    let elapsed = (today - s.start_date()).num_days().max(0);
    let current_index = u32::try_from(elapsed / len).unwrap_or(u32::MAX);
    MicrocycleResponse {
        program_id: p.id,
        length_days: p.microcycle.length_days(),
        days: p.microcycle.days().to_vec(),
        current_index,
        current_is_deload: s.is_deload(current_index),
    }
}

fn response(p: &Program, profile_equipment: &[Equipment], today: NaiveDate) -> ProgramResponse {
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
        equipment: p
            .equipment
            .clone()
            .unwrap_or_else(|| profile_equipment.to_vec()),
        custom_days: (s.split() == SplitTemplate::Custom).then(|| p.microcycle.days().to_vec()),
        is_active: p.is_active,
        created_at: p.created_at,
        updated_at: p.updated_at,
        microcycle: microcycle_response(p, today),
    }
}

/// Re-prefixes a microcycle error's field (`days[2].focus` → `custom_days[2].focus`).
fn prefixed(e: DomainError, prefix: &str) -> DomainError {
    match e {
        DomainError::Invalid { field, message } if field.starts_with("days") => {
            DomainError::Invalid {
                field: format!("{prefix}{}", &field["days".len()..]),
                message,
            }
        }
        other => other,
    }
}

async fn today_for(state: &AppState, user_id: i64) -> ApiResult<(NaiveDate, profiles::Profile)> {
    let profile = profiles::get(&state.db, user_id).await?;
    Ok((profile.today(), profile))
}

/// Create a program.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    request_body = ProgramCreate,
    responses(
        (status = 201, body = ProgramResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)
    )
)]
#[post("")]
async fn create_program(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<ProgramCreate>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let (today, profile) = today_for(&state, user.id).await?;
    let mut errors = FieldErrors::default();
    let name = check_name(&mut errors, &body.name);
    let goals = errors.check(GoalWeights::new(body.goals));
    let days_per_week = body
        .days_per_week
        .unwrap_or(program_defaults::DEFAULT_DAYS_PER_WEEK);
    let len = body
        .microcycle_length_days
        .unwrap_or(program_defaults::DEFAULT_MICROCYCLE_LENGTH_DAYS);
    let microcycle = match (body.split_template, body.custom_days) {
        (SplitTemplate::Custom, Some(days)) => {
            errors.check(Microcycle::new(len, days).map_err(|e| prefixed(e, "custom_days")))
        }
        (SplitTemplate::Custom, None) => {
            errors.push("custom_days", "is required when split_template is custom");
            None
        }
        (_, Some(_)) => {
            errors.push(
                "custom_days",
                "is only allowed when split_template is custom",
            );
            None
        }
        (split, None) => errors.check(Microcycle::generate(split, days_per_week, len)),
    };
    let Some(goals) = goals else {
        return Err(errors
            .finish()
            .err()
            .unwrap_or_else(|| ApiError::internal("goals")));
    };
    let settings = errors.check(ProgramSettings::new(ProgramSettingsInput {
        goals,
        split: body.split_template,
        days_per_week,
        microcycle_length_days: len,
        duration_weeks: body
            .duration_weeks
            .unwrap_or(program_defaults::DEFAULT_DURATION_WEEKS),
        start_date: body.start_date.unwrap_or(today),
        session_minutes: body.session_minutes.unwrap_or(profile.session_minutes),
        progression: body.progression_style.unwrap_or_default(),
        deload_every_n: body
            .deload_every_n_microcycles
            .unwrap_or(program_defaults::DEFAULT_DELOAD_EVERY_N),
        equipment: body.equipment.clone().unwrap_or_default(),
    }));
    errors.finish()?;
    let (Some(name), Some(settings), Some(microcycle)) = (name, settings, microcycle) else {
        return Err(ApiError::internal("validated program values missing"));
    };
    let draft = ProgramDraft {
        name,
        settings,
        microcycle,
        equipment: body.equipment,
        is_active: body.is_active.unwrap_or(true),
    };
    let program = programs::create(&state.db, user.id, &draft).await?;
    state.program_changed(user.id).await;
    Ok(HttpResponse::Created().json(response(&program, &profile.equipment, today)))
}

/// The user's programs, newest first.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(ListQuery),
    responses((status = 200, body = Vec<ProgramResponse>), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody))
)]
#[get("")]
async fn list_programs(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<ListQuery>,
) -> ApiResult<web::Json<Vec<ProgramResponse>>> {
    let (today, profile) = today_for(&state, user.id).await?;
    let list = programs::list(&state.db, user.id, query.active_only.unwrap_or(false)).await?;
    Ok(web::Json(
        list.iter()
            .map(|p| response(p, &profile.equipment, today))
            .collect(),
    ))
}

async fn owned(state: &AppState, user_id: i64, id: i64) -> ApiResult<Program> {
    programs::get(&state.db, user_id, id)
        .await?
        .ok_or(ApiError::NotFound)
}

/// One program.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    responses((status = 200, body = ProgramResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/{program_id}")]
async fn get_program(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<ProgramResponse>> {
    let program = owned(&state, user.id, path.into_inner().0).await?;
    let (today, profile) = today_for(&state, user.id).await?;
    Ok(web::Json(response(&program, &profile.equipment, today)))
}

/// Change a program. Changes that affect planning delete its still-`planned`
/// sessions from today on (adapted and completed ones stay); they are planned
/// again on demand or by the nightly job.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    request_body = ProgramUpdate,
    responses(
        (status = 200, body = ProgramResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
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
    let program = owned(&state, user.id, path.into_inner().0).await?;
    let body = body.into_inner();
    let (today, profile) = today_for(&state, user.id).await?;
    let s = &program.settings;
    let mut errors = FieldErrors::default();
    let name = match &body.name {
        Some(raw) => check_name(&mut errors, raw),
        None => Some(program.name.clone()),
    };
    let goals = match body.goals.clone() {
        Some(g) => errors.check(GoalWeights::new(g)),
        None => Some(s.goals().clone()),
    };
    let affects_planning = body.goals.is_some()
        || body.duration_weeks.is_some()
        || body.session_minutes.is_some()
        || body.progression_style.is_some()
        || body.deload_every_n_microcycles.is_some()
        || body.equipment.is_some();
    let equipment = body.equipment.clone().or_else(|| program.equipment.clone());
    let settings = goals.and_then(|goals| {
        errors.check(ProgramSettings::new(ProgramSettingsInput {
            goals,
            duration_weeks: body.duration_weeks.unwrap_or(s.duration_weeks()),
            session_minutes: body.session_minutes.unwrap_or(s.session_minutes()),
            progression: body.progression_style.unwrap_or(s.progression()),
            deload_every_n: body
                .deload_every_n_microcycles
                .unwrap_or(s.deload_every_n()),
            equipment: equipment.clone().unwrap_or_default(),
            ..s.to_input()
        }))
    });
    errors.finish()?;
    let (Some(name), Some(settings)) = (name, settings) else {
        return Err(ApiError::internal("validated program values missing"));
    };
    let draft = ProgramDraft {
        name,
        settings,
        microcycle: program.microcycle.clone(),
        equipment,
        is_active: body.is_active.unwrap_or(program.is_active),
    };
    let saved = programs::save(&state.db, user.id, program.id, &draft).await?;
    if affects_planning {
        sessions::invalidate_planned_from(&state.db, program.id, today).await?;
    }
    if affects_planning || (draft.is_active && !program.is_active) {
        state.program_changed(user.id).await;
    }
    Ok(web::Json(response(&saved, &profile.equipment, today)))
}

/// Delete a program: its sessions go, workout logs stay.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    responses((status = 200, body = SuccessResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[delete("/{program_id}")]
async fn delete_program(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    if programs::delete(&state.db, user.id, path.into_inner().0).await? {
        Ok(web::Json(SuccessResponse { success: true }))
    } else {
        Err(ApiError::NotFound)
    }
}

/// A program's microcycle.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    responses((status = 200, body = MicrocycleResponse), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody))
)]
#[get("/{program_id}/microcycle")]
async fn get_microcycle(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<MicrocycleResponse>> {
    let program = owned(&state, user.id, path.into_inner().0).await?;
    let (today, _) = today_for(&state, user.id).await?;
    Ok(web::Json(microcycle_response(&program, today)))
}

/// Replace a program's microcycle. `days` covers every index 1..length once,
/// has a training day, `focus` exactly on training days, and `custom` focus
/// needs `target_muscles`. Planned sessions from today on are re-planned.
#[utoipa::path(
    tag = "programs",
    security(("bearer" = [])),
    params(("program_id" = i64, Path)),
    request_body = MicrocycleUpdate,
    responses(
        (status = 200, body = MicrocycleResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
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
    let program = owned(&state, user.id, path.into_inner().0).await?;
    let body = body.into_inner();
    let microcycle = Microcycle::new(body.length_days, body.days)?;
    let settings = ProgramSettings::new(ProgramSettingsInput {
        microcycle_length_days: microcycle.length_days(),
        ..program.settings.to_input()
    })?;
    let draft = ProgramDraft {
        name: program.name.clone(),
        settings,
        microcycle,
        equipment: program.equipment.clone(),
        is_active: program.is_active,
    };
    let saved = programs::save(&state.db, user.id, program.id, &draft).await?;
    let (today, _) = today_for(&state, user.id).await?;
    sessions::invalidate_planned_from(&state.db, program.id, today).await?;
    state.program_changed(user.id).await;
    Ok(web::Json(microcycle_response(&saved, today)))
}
