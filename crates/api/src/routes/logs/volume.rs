//! `GET /api/logs/weekly-volume`: a week's sets per muscle against the
//! muscle's landmarks.

use actix_web::{get, web};
use chrono::NaiveDate;
use gainsly_app::volume::WeeklyVolume;
use gainsly_domain::Muscle;
use gainsly_domain::week::{MuscleVolume, VolumeZone};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::state::AppState;

/// `?week_of=` (default: today in the profile's time zone).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WeeklyVolumeQuery {
    /// Any day of the week (Monday to Sunday).
    pub week_of: Option<NaiveDate>,
}

/// One muscle's sets in the week and its landmarks for the user's experience.
#[derive(Debug, Serialize, ToSchema)]
pub struct MuscleVolumeResponse {
    pub muscle: Muscle,
    /// Fractional hard sets (primary mover 1, secondary 0.5).
    pub sets: f64,
    /// Maintenance volume.
    pub mv: f64,
    /// Minimum effective volume.
    pub mev: f64,
    /// Bottom of the maximum adaptive volume range.
    pub mav_low: f64,
    /// Top of the maximum adaptive volume range.
    pub mav_high: f64,
    /// Maximum recoverable volume.
    pub mrv: f64,
    pub zone: VolumeZone,
}

/// A week (Monday to Sunday) of volume, every muscle.
#[derive(Debug, Serialize, ToSchema)]
pub struct WeeklyVolumeResponse {
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    /// Workouts logged in the week (those of a rolled-up part included).
    pub workouts: u32,
    /// Every muscle, in the catalog's muscle order.
    pub muscles: Vec<MuscleVolumeResponse>,
}

impl From<MuscleVolume> for MuscleVolumeResponse {
    fn from(m: MuscleVolume) -> Self {
        MuscleVolumeResponse {
            muscle: m.muscle,
            sets: m.sets,
            mv: m.landmarks.mv,
            mev: m.landmarks.mev,
            mav_low: m.landmarks.mav_low,
            mav_high: m.landmarks.mav_high,
            mrv: m.landmarks.mrv,
            zone: m.zone,
        }
    }
}

impl From<WeeklyVolume> for WeeklyVolumeResponse {
    fn from(w: WeeklyVolume) -> Self {
        WeeklyVolumeResponse {
            week_start: w.week_start,
            week_end: w.week_end,
            workouts: u32::try_from(w.workouts).unwrap_or(u32::MAX),
            muscles: w.muscles.into_iter().map(Into::into).collect(),
        }
    }
}

/// A week's sets per muscle against the landmarks.
///
/// The week (Monday to Sunday) containing `week_of`: fractional hard sets per
/// muscle (primary mover 1, secondary 0.5; warm-ups and conditioning count
/// none) from the week's workout logs, and from its weekly roll-up once the
/// detail is older than 90 days, against each muscle's landmarks (MV, MEV,
/// MAV, MRV) scaled to the profile's training experience.
#[utoipa::path(
    tag = "logs",
    security(("bearer" = [])),
    params(WeeklyVolumeQuery),
    responses(
        (status = 200, description = "The week's sets per muscle and landmarks", body = WeeklyVolumeResponse),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody)
    )
)]
#[get("/weekly-volume")]
pub(crate) async fn weekly_volume(
    state: web::Data<AppState>,
    user: AuthUser,
    query: web::Query<WeeklyVolumeQuery>,
) -> ApiResult<web::Json<WeeklyVolumeResponse>> {
    let week = state
        .app
        .weekly_volume(user.id, query.into_inner().week_of)
        .await?;
    Ok(web::Json(week.into()))
}
