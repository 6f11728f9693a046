//! `/api/settings`: the profile, movement rules and enjoyable activities.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::{DateTime, NaiveDate, Utc};
use gainsly_app::activities::{NewActivity, StoredActivity};
use gainsly_app::profile::{ProfileChanges, ProfileView};
use gainsly_app::rules::{NewMovementRule, StoredRule};
use gainsly_domain::{
    ActivityKind, E1rmFormula, Equipment, Experience, Intensity, MovementPattern, Muscle,
    RuleTarget, RuleType, Sex, Units,
};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, PathId};
use crate::routes::SuccessResponse;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(get_profile)
        .service(put_profile)
        .service(list_rules)
        .service(create_rule)
        .service(delete_rule)
        .service(list_activities)
        .service(create_activity)
        .service(delete_activity)
        .service(put_exercise_aliases);
}

// ---------------------------------------------------------------- profile

/// The user's profile. Optional body data is `null` when unknown.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserProfile {
    pub name: String,
    /// Read-only here (the account's email).
    pub email: String,
    /// 13–100.
    #[schema(minimum = 13, maximum = 100)]
    pub age: Option<u32>,
    pub sex: Option<Sex>,
    /// 20–400.
    pub body_weight_kg: Option<f64>,
    /// 100–250.
    pub height_cm: Option<f64>,
    pub training_experience: Experience,
    /// The equipment the user has; plans use only this.
    pub equipment: Vec<Equipment>,
    /// Display hint only: weights are always kilograms on the wire.
    pub units: Units,
    pub e1rm_formula: E1rmFormula,
    /// 15–240, default planned session length.
    #[schema(minimum = 15, maximum = 240)]
    pub session_minutes: u32,
    /// IANA time-zone name; "today" is computed in it.
    #[schema(example = "Europe/Paris")]
    pub timezone: String,
    pub updated_at: DateTime<Utc>,
}

/// Deserializes a present field as `Some(value)` (`Some(None)` for `null`);
/// an absent field stays `None` through `#[serde(default)]`.
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// Any subset of the profile's fields. `email` cannot be changed here (unknown
/// field, 422). `null` clears `age`, `sex`, `body_weight_kg` and `height_cm`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserProfileUpdate {
    /// 1–100 characters, not blank, no control characters (stored trimmed).
    #[schema(
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: Option<String>,
    /// 13–100, or null to clear.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<u32>, minimum = 13, maximum = 100)]
    pub age: Option<Option<u32>>,
    /// Or null to clear.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<Sex>)]
    pub sex: Option<Option<Sex>>,
    /// 20–400, or null to clear.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>, minimum = 20, maximum = 400)]
    pub body_weight_kg: Option<Option<f64>>,
    /// 100–250, or null to clear.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<f64>, minimum = 100, maximum = 250)]
    pub height_cm: Option<Option<f64>>,
    pub training_experience: Option<Experience>,
    /// At least one entry; duplicates are dropped.
    #[schema(min_items = 1)]
    pub equipment: Option<Vec<Equipment>>,
    pub units: Option<Units>,
    pub e1rm_formula: Option<E1rmFormula>,
    /// 15–240.
    #[schema(minimum = 15, maximum = 240)]
    pub session_minutes: Option<u32>,
    /// A real IANA time-zone name, e.g. `America/New_York`.
    pub timezone: Option<String>,
}

impl From<ProfileView> for UserProfile {
    fn from(v: ProfileView) -> Self {
        let p = v.profile;
        UserProfile {
            name: v.name,
            email: v.email,
            age: p.age,
            sex: p.sex,
            body_weight_kg: p.body_weight_kg,
            height_cm: p.height_cm,
            training_experience: p.experience,
            equipment: p.equipment,
            units: p.units,
            e1rm_formula: p.e1rm_formula,
            session_minutes: p.session_minutes,
            timezone: p.timezone,
            updated_at: v.updated_at,
        }
    }
}

/// The profile.
///
/// New users start as intermediate, with a full commercial gym, kg, Brzycki,
/// 60-minute sessions and UTC.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses((status = 200, description = "The profile", body = UserProfile), (status = 401, body = ErrorBody))
)]
#[get("/profile")]
async fn get_profile(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<UserProfile>> {
    Ok(web::Json(state.app.profile(user.id).await?.into()))
}

/// Update any subset of the profile.
///
/// Every field is checked before anything is written; `email` is not updatable (422
/// unknown field). A change of equipment, experience, body weight or units re-plans
/// the still-`planned` days from today on.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = UserProfileUpdate,
    responses(
        (status = 200, description = "The profile as stored", body = UserProfile),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "A field breaks its rule (e.g. an unknown time zone, age 12)", body = ErrorBody)
    )
)]
#[put("/profile")]
async fn put_profile(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<UserProfileUpdate>,
) -> ApiResult<web::Json<UserProfile>> {
    let b = body.into_inner();
    let view = state
        .app
        .update_profile(
            user.id,
            ProfileChanges {
                name: b.name,
                age: b.age,
                sex: b.sex,
                body_weight_kg: b.body_weight_kg,
                height_cm: b.height_cm,
                training_experience: b.training_experience,
                equipment: b.equipment,
                units: b.units,
                e1rm_formula: b.e1rm_formula,
                session_minutes: b.session_minutes,
                timezone: b.timezone,
            },
        )
        .await?;
    Ok(web::Json(view.into()))
}

// ---------------------------------------------------------------- movement rules

/// A new movement rule: exactly one of `exercise_id`, `movement_pattern`, `muscle`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovementRuleCreate {
    pub rule_type: RuleType,
    /// A catalog exercise id (ids run from 1 to the catalog's size, 350).
    #[schema(minimum = 1, maximum = 350)]
    pub exercise_id: Option<i64>,
    pub movement_pattern: Option<MovementPattern>,
    /// Matches exercises that train it as a primary muscle.
    pub muscle: Option<Muscle>,
    /// At most 500 characters (e.g. the injury).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// Last day the rule applies (inclusive); absent = indefinitely.
    pub expires_on: Option<NaiveDate>,
}

/// A stored movement rule; exactly one target field is non-null.
#[derive(Debug, Serialize, ToSchema)]
pub struct MovementRuleResponse {
    pub id: i64,
    pub rule_type: RuleType,
    pub exercise_id: Option<i64>,
    pub movement_pattern: Option<MovementPattern>,
    pub muscle: Option<Muscle>,
    pub reason: Option<String>,
    pub expires_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
}

impl From<StoredRule> for MovementRuleResponse {
    fn from(r: StoredRule) -> Self {
        let (exercise_id, movement_pattern, muscle) = match r.rule.target {
            RuleTarget::Exercise(id) => (Some(id.0), None, None),
            RuleTarget::Pattern(p) => (None, Some(p), None),
            RuleTarget::Muscle(m) => (None, None, Some(m)),
        };
        MovementRuleResponse {
            id: r.id,
            rule_type: r.rule.rule_type,
            exercise_id,
            movement_pattern,
            muscle,
            reason: r.reason,
            expires_on: r.rule.expires_on,
            created_at: r.created_at,
        }
    }
}

/// The user's movement rules, oldest first.
///
/// Expired rules are included (with their `expires_on`); the planner ignores them.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses((status = 200, description = "The user's movement rules, oldest first", body = Vec<MovementRuleResponse>), (status = 401, body = ErrorBody))
)]
#[get("/movement-rules")]
async fn list_rules(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<MovementRuleResponse>>> {
    let rules = state.app.movement_rules(user.id).await?;
    Ok(web::Json(rules.into_iter().map(Into::into).collect()))
}

/// Add a movement rule.
///
/// The planner never plans an `avoid` target while the rule is in force, prefers
/// `prefer` targets over equals and plans a `require` target at least once per
/// microcycle when the equipment allows. The still-`planned` days from today on are
/// re-planned.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = MovementRuleCreate,
    responses(
        (status = 201, description = "The created rule", body = MovementRuleResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 422, description = "Not exactly one target (each set target is named), an unknown exercise_id, or a reason over 500 characters", body = ErrorBody),
        (status = 409, description = "CONFLICT: the user already holds 200 movement rules (delete one first)", body = ErrorBody)
    )
)]
#[post("/movement-rules")]
async fn create_rule(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<MovementRuleCreate>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let stored = state
        .app
        .create_movement_rule(
            user.id,
            NewMovementRule {
                rule_type: b.rule_type,
                exercise_id: b.exercise_id,
                movement_pattern: b.movement_pattern,
                muscle: b.muscle,
                reason: b.reason,
                expires_on: b.expires_on,
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(MovementRuleResponse::from(stored)))
}

/// Delete one of the user's movement rules.
///
/// The still-`planned` days from today on are re-planned without it.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    params(("rule_id" = i64, Path, description = "Rule id")),
    responses(
        (status = 200, description = "The rule is deleted", body = SuccessResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No such rule for this user", body = ErrorBody)
    )
)]
#[delete("/movement-rules/{rule_id}")]
async fn delete_rule(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    state
        .app
        .delete_movement_rule(user.id, path.into_inner().0)
        .await?;
    Ok(SuccessResponse::ok())
}

// ---------------------------------------------------------------- activities

/// A new enjoyable activity.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityCreate {
    /// 1–100 characters, not blank, no control characters (stored trimmed).
    #[schema(
        min_length = 1,
        max_length = 100,
        example = "Trail running",
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
    pub kind: ActivityKind,
    /// 0–14.
    #[schema(minimum = 0, maximum = 14)]
    pub sessions_per_week: Option<u32>,
    /// 5–600 minutes per session.
    #[schema(minimum = 5, maximum = 600)]
    pub minutes: Option<u32>,
    pub intensity: Intensity,
}

/// A stored enjoyable activity.
#[derive(Debug, Serialize, ToSchema)]
pub struct Activity {
    pub id: i64,
    pub name: String,
    pub kind: ActivityKind,
    pub sessions_per_week: Option<u32>,
    pub minutes: Option<u32>,
    pub intensity: Intensity,
    pub created_at: DateTime<Utc>,
}

impl From<StoredActivity> for Activity {
    fn from(a: StoredActivity) -> Self {
        Activity {
            id: a.id,
            name: a.name,
            kind: a.kind,
            sessions_per_week: a.sessions_per_week,
            minutes: a.minutes,
            intensity: a.intensity,
            created_at: a.created_at,
        }
    }
}

/// The user's enjoyable activities, oldest first.
///
/// Rest and active-recovery days recommend them at their weekly frequency.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses((status = 200, description = "The user's enjoyable activities, oldest first", body = Vec<Activity>), (status = 401, body = ErrorBody))
)]
#[get("/enjoyable-activities")]
async fn list_activities(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<Activity>>> {
    let list = state.app.activities(user.id).await?;
    Ok(web::Json(list.into_iter().map(Into::into).collect()))
}

/// Add an enjoyable activity.
///
/// Rest and active-recovery days recommend them; the still-`planned` days from
/// today on are re-planned.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = ActivityCreate,
    responses(
        (status = 201, description = "The created activity", body = Activity),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 409, description = "CONFLICT: the user already holds 50 enjoyable activities (delete one first)", body = ErrorBody)
    )
)]
#[post("/enjoyable-activities")]
async fn create_activity(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<ActivityCreate>,
) -> ApiResult<HttpResponse> {
    let b = body.into_inner();
    let stored = state
        .app
        .create_activity(
            user.id,
            NewActivity {
                name: b.name,
                kind: b.kind,
                sessions_per_week: b.sessions_per_week,
                minutes: b.minutes,
                intensity: b.intensity,
            },
        )
        .await?;
    Ok(HttpResponse::Created().json(Activity::from(stored)))
}

/// Delete one of the user's enjoyable activities.
///
/// The still-`planned` days from today on are re-planned without it.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    params(("activity_id" = i64, Path, description = "Activity id")),
    responses(
        (status = 200, description = "The activity is deleted", body = SuccessResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No such activity for this user", body = ErrorBody)
    )
)]
#[delete("/enjoyable-activities/{activity_id}")]
async fn delete_activity(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    state
        .app
        .delete_activity(user.id, path.into_inner().0)
        .await?;
    Ok(SuccessResponse::ok())
}

// ---------------------------------------------------------------- exercise aliases

/// Map exercise names of other apps to catalog exercises.
///
/// A JSON object such as `{"My Squat": 12}`. Later imports resolve these names
/// first. Adds to (or replaces) the user's aliases and answers all of them.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body(content = std::collections::BTreeMap<String, i64>, description = "Name → catalog exercise id"),
    responses(
        (status = 200, description = "All of the user's aliases", body = std::collections::BTreeMap<String, i64>),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 403, description = "A read-only personal access token", body = ErrorBody),
        (status = 422, description = "A name is blank or too long, or an id is no catalog exercise", body = ErrorBody)
    )
)]
#[put("/exercise-aliases")]
async fn put_exercise_aliases(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<std::collections::BTreeMap<String, i64>>,
) -> ApiResult<web::Json<std::collections::BTreeMap<String, i64>>> {
    let all = state
        .app
        .put_exercise_aliases(user.id, body.into_inner().into_iter().collect())
        .await?;
    Ok(web::Json(all.into_iter().collect()))
}
