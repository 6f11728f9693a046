//! `POST /api/logs/custom`, `/api/logs/top-set` and `/api/logs/soreness`:
//! a workout the user did, one heavy set, a soreness report.

use chrono::NaiveDate;
use gainsly_domain::Muscle;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One set of a custom workout. Each set needs the fields its exercise's
/// `tracking` implies: `weight_reps` → `reps` and `weight_kg`; `reps` →
/// `reps`; `time` → `duration_seconds`; `distance` → `distance_m`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
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
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomExerciseCreate {
    /// A catalog exercise id (ids run from 1 to the catalog's size, 351).
    #[schema(minimum = 1, maximum = 351)]
    pub exercise_id: i64,
    /// 1–50 sets.
    #[schema(min_items = 1, max_items = 50)]
    pub sets: Vec<SetCreate>,
}

/// A workout the user did.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
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
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopSetLogCreate {
    pub date: NaiveDate,
    /// A catalog exercise (ids 1–351) tracked by weight and reps (else 422 on this field).
    #[schema(example = 67, minimum = 1, maximum = 351)]
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

/// A soreness report.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
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
