//! sea-orm entities, one module per table.

pub mod custom_exercises;
pub mod enjoyable_activities;
pub mod exercise_aliases;
pub mod imports;
pub mod movement_rules;
pub mod personal_access_tokens;
pub mod programs;
pub mod refresh_tokens;
pub mod sessions;
pub mod soreness_logs;
pub mod user_profiles;
pub mod users;
pub mod workout_logs;
pub mod workout_sets;
