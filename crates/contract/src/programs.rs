//! `POST /api/programs`: a new program ([`ProgramCreate`]).

use chrono::NaiveDate;
use gainsly_domain::{Equipment, GoalWeight, MicrocycleDay, ProgressionStyle, SplitTemplate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new program.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
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
