//! A planned session as clients see it: the day, its exercises with their
//! prescriptions, the sets each muscle gets, and why.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::activity::{ActivityKind, Intensity};
use crate::macros::wire_enum;
use crate::split::{DayFocus, DayKind};
use crate::{Equipment, ExerciseId, Muscle};

wire_enum! {
    /// Where a session is in its life.
    pub enum SessionStatus {
        /// Generated from the program alone.
        Planned => "planned",
        /// Re-planned from the day's signals.
        Adapted => "adapted",
        /// A logged workout named it.
        Completed => "completed",
    }
}

wire_enum! {
    /// Who proposed the candidates the optimizer chose from.
    pub enum SessionSource {
        /// The planner's own candidate generator.
        Builtin => "builtin",
        /// The LLM's proposal (checked and optimized like any other).
        Llm => "llm",
    }
}

/// One exercise of a session with its prescription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionExercise {
    /// 1-based position in the session.
    pub order: u32,
    pub exercise_id: ExerciseId,
    pub name: String,
    pub sets: u32,
    pub reps_min: u32,
    pub reps_max: u32,
    pub target_rpe: f64,
    pub rest_seconds: u32,
    /// The working sets' load in kg (per hand for dumbbells, the added load
    /// for weighted calisthenics): from the working e1RM and the
    /// progression style, rounded down to the equipment's step; null only
    /// without usable history (or for unloaded work).
    pub suggested_load_kg: Option<f64>,
    pub primary_muscles: Vec<Muscle>,
    pub equipment: Vec<Equipment>,
    pub notes: Option<String>,
    /// Every set in order: warm-up ramp, top and back-off sets of a main
    /// lift, or straight working sets (`sets`, `reps_*`, `target_rpe` and
    /// `suggested_load_kg` describe the working sets). Empty in sessions
    /// stored before it existed.
    #[serde(default)]
    pub set_plan: Vec<crate::set_plan::PlannedSet>,
}

/// An enjoyable activity recommended for a rest or active-recovery day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecommendedActivity {
    /// The id of the user's enjoyable activity.
    pub activity_id: i64,
    pub name: String,
    pub kind: ActivityKind,
    pub intensity: Intensity,
    pub minutes: Option<u32>,
    pub reason: String,
}

/// The planned content of a day (what is stored and returned).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionPlan {
    pub kind: DayKind,
    pub focus: Option<DayFocus>,
    pub is_deload: bool,
    pub source: SessionSource,
    /// True when the LLM was wanted but failed, or the optimizer had to relax constraints.
    pub fallback: bool,
    pub target_minutes: u32,
    /// Never above `target_minutes`.
    pub estimated_minutes: u32,
    pub exercises: Vec<SessionExercise>,
    /// Sets per muscle: 1 per primary muscle, 0.5 per secondary.
    pub muscle_sets: BTreeMap<Muscle, f64>,
    pub recommended_activity: Option<RecommendedActivity>,
    /// What was changed for today's signals, and why.
    pub adaptations: Vec<String>,
    pub rationale: String,
}

/// Each catalog exercise of `exercises` with its working sets: the
/// `(exercise, sets)` pairs [`crate::volume`] counts.
pub fn work(
    exercises: &[SessionExercise],
) -> impl Iterator<Item = (&'static crate::Exercise, f64)> + '_ {
    exercises
        .iter()
        .filter_map(|e| crate::catalog::exercise(e.exercise_id).map(|ex| (ex, f64::from(e.sets))))
}

/// A stored session: the plan plus where it sits and its life cycle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub id: i64,
    pub program_id: i64,
    pub date: NaiveDate,
    /// 0-based microcycle number.
    pub microcycle_index: u32,
    /// 1-based day within the microcycle.
    pub day_index: u32,
    pub kind: DayKind,
    pub focus: Option<DayFocus>,
    pub is_deload: bool,
    pub status: SessionStatus,
    pub source: SessionSource,
    pub fallback: bool,
    pub target_minutes: u32,
    pub estimated_minutes: u32,
    pub exercises: Vec<SessionExercise>,
    pub muscle_sets: BTreeMap<Muscle, f64>,
    pub recommended_activity: Option<RecommendedActivity>,
    pub adaptations: Vec<String>,
    pub rationale: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}
