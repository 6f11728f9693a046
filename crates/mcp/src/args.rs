//! The tools' arguments: what each tool takes, with its JSON Schema (the
//! same `utoipa` derive, and the same domain types, as the REST API's
//! request bodies) and the use-case command it becomes. Every bound the
//! schema states is checked again by the use-case, exactly as for REST.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use gainsly_domain::{
    Equipment, ExerciseId, GoalWeight, MicrocycleDay, MovementPattern, Muscle, ProgressionStyle,
    RuleType, SplitTemplate,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An exercise by catalog id, or by name: a catalog name or slug, or one of
/// the user's aliases (an ambiguous name is an error listing candidates).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ExerciseRef {
    /// A catalog id.
    Id(i64),
    /// A name, e.g. "bench press".
    Name(String),
}

/// `get_day_plan`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayPlanArgs {
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
    /// Default: the active program.
    pub program_id: Option<i64>,
}

/// `adapt_day`: today's signals; every field optional. Serialized, it is the
/// REST `AdaptationRequest` (once `date` is taken out).
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdaptDayArgs {
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
    /// Default: the active program.
    pub program_id: Option<i64>,
    /// Soreness per muscle, whole numbers 0–10; also recorded as soreness logs.
    pub soreness: Option<BTreeMap<Muscle, f64>>,
    /// 10–240 whole minutes available today (the session's hard cap).
    #[schema(value_type = Option<u32>, minimum = 10, maximum = 240)]
    pub available_minutes: Option<f64>,
    /// Equipment available today (replaces the program's for this day).
    pub equipment: Option<Vec<Equipment>>,
    /// 1–10, whole.
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 10)]
    pub energy: Option<f64>,
    /// 0–24.
    #[schema(minimum = 0, maximum = 24)]
    pub sleep_hours: Option<f64>,
    /// Exercise ids to leave out today.
    pub avoid_exercises: Option<Vec<ExerciseId>>,
    /// Muscles to emphasise today.
    pub focus_muscles: Option<Vec<Muscle>>,
    /// Free text for the coach model, at most 1000 characters.
    #[schema(max_length = 1000)]
    pub notes: Option<String>,
}

/// One set. Each set needs what its exercise tracks: weight and reps, reps,
/// seconds, or distance.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetArgs {
    /// 0–1000 kg.
    #[schema(minimum = 0, maximum = 1000)]
    pub weight_kg: Option<f64>,
    /// 1–100.
    #[schema(minimum = 1, maximum = 100)]
    pub reps: Option<u32>,
    /// 1–10 in steps of 0.5.
    #[schema(minimum = 1, maximum = 10, multiple_of = 0.5)]
    pub rpe: Option<f64>,
    /// 1–86400 seconds (timed exercises).
    #[schema(minimum = 1, maximum = 86400)]
    pub seconds: Option<u32>,
    /// More than 0, at most 1 000 000 m (distance exercises).
    #[schema(exclusive_minimum = 0, maximum = 1000000)]
    pub distance_m: Option<f64>,
}

/// One exercise of a workout.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoggedExerciseArgs {
    pub exercise: ExerciseRef,
    /// 1–50 sets.
    #[schema(min_items = 1, max_items = 50)]
    pub sets: Vec<SetArgs>,
}

/// `log_workout`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogWorkoutArgs {
    /// YYYY-MM-DD.
    pub date: NaiveDate,
    /// 1–100 characters; default "Workout".
    #[schema(min_length = 1, max_length = 100)]
    pub name: Option<String>,
    /// 1–600.
    #[schema(minimum = 1, maximum = 600)]
    pub duration_minutes: Option<u32>,
    /// One of the user's sessions, which the log marks completed.
    pub session_id: Option<i64>,
    /// 1–10.
    #[schema(minimum = 1, maximum = 10)]
    pub session_rpe: Option<f64>,
    /// At most 2000 characters.
    #[schema(max_length = 2000)]
    pub notes: Option<String>,
    /// 1–50 exercises.
    #[schema(min_items = 1, max_items = 50)]
    pub exercises: Vec<LoggedExerciseArgs>,
}

/// `log_top_set`: one heavy set, for e1RM tracking.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogTopSetArgs {
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
    /// A weight × reps exercise.
    pub exercise: ExerciseRef,
    /// More than 0, at most 1000 kg.
    #[schema(exclusive_minimum = 0, maximum = 1000)]
    pub weight_kg: f64,
    /// 1–30.
    #[schema(minimum = 1, maximum = 30)]
    pub reps: u32,
    /// 1–10 in steps of 0.5.
    #[schema(minimum = 1, maximum = 10, multiple_of = 0.5)]
    pub rpe: Option<f64>,
    /// One of the user's sessions.
    pub session_id: Option<i64>,
}

/// `log_soreness`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogSorenessArgs {
    pub muscle: Muscle,
    /// 0 (none) to 10.
    #[schema(minimum = 0, maximum = 10)]
    pub level: u8,
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
    /// At most 1000 characters.
    #[schema(max_length = 1000)]
    pub notes: Option<String>,
}

/// `get_recovery_state`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryArgs {
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
}

/// `get_e1rm_history`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct E1rmArgs {
    pub exercise: ExerciseRef,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<NaiveDate>,
    /// YYYY-MM-DD, inclusive.
    pub to: Option<NaiveDate>,
}

/// `search_exercises`: all filters must match.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Text in the name or slug (case-insensitive).
    pub query: Option<String>,
    /// Trains this muscle as a primary mover.
    pub muscle: Option<Muscle>,
    /// Uses this equipment.
    pub equipment: Option<Equipment>,
    pub pattern: Option<MovementPattern>,
    /// 1–200, default 50.
    #[schema(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// `list_programs`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListProgramsArgs {
    /// Only the active program.
    pub active_only: Option<bool>,
}

/// `get_program`.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramIdArgs {
    pub id: i64,
}

/// `create_program`: the REST `ProgramCreate` (serialized, its body).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProgramArgs {
    /// 1–100 characters.
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    /// 1–3 distinct goals whose weights (0–10) sum to exactly 10.
    #[schema(min_items = 1, max_items = 3)]
    pub goals: Vec<GoalWeight>,
    pub split_template: SplitTemplate,
    /// 1–7 training days per 7 days. Default 4.
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

/// `add_movement_rule`: exactly one of `exercise`, `movement_pattern`, `muscle`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovementRuleArgs {
    pub rule_type: RuleType,
    pub exercise: Option<ExerciseRef>,
    pub movement_pattern: Option<MovementPattern>,
    /// Matches exercises that train it as a primary muscle.
    pub muscle: Option<Muscle>,
    /// At most 500 characters (e.g. the injury).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// Last day the rule applies (inclusive); absent = indefinitely.
    pub expires_on: Option<NaiveDate>,
}

/// `weekly_volume`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyVolumeArgs {
    /// Any day of the week (Monday to Sunday); default today.
    pub week_of: Option<NaiveDate>,
}
