//! Repositories: one module per aggregate, plain structs in and out.

pub mod activities;
pub mod catalog_seed;
pub mod custom_exercises;
pub mod exercise_aliases;
pub mod imports;
pub mod movement_rules;
pub mod personal_tokens;
pub mod profiles;
pub mod programs;
pub mod queued_jobs;
pub mod rate_limits;
pub mod refresh_tokens;
pub mod rollup;
pub mod service_status;
pub mod sessions;
pub mod soreness;
pub mod users;
pub mod workouts;
