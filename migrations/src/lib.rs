//! # gainsly-migration
//!
//! Gainsly's database schema as sea-orm migrations. Every migration runs on
//! SQLite and PostgreSQL and has a working `down`. `gainsly-api` applies them
//! at start-up; `gainsly-api migrate` applies them without serving.

pub use sea_orm_migration::prelude::*;

mod m20261126_000001_users_and_tokens;
mod m20261126_000002_programs_and_sessions;
mod m20261126_000003_logs_and_settings;
mod m20261126_000004_jobs_support;
mod m20261126_000005_best_e1rm_index;
mod m20261126_000006_rate_limits;
mod m20261204_000007_tokens_and_imports;
mod m20261205_000008_custom_exercises;

/// The ordered list of Gainsly's migrations.
#[derive(Debug)]
pub struct Migrator;

#[sea_orm_migration::async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261126_000001_users_and_tokens::Migration),
            Box::new(m20261126_000002_programs_and_sessions::Migration),
            Box::new(m20261126_000003_logs_and_settings::Migration),
            Box::new(m20261126_000004_jobs_support::Migration),
            Box::new(m20261126_000005_best_e1rm_index::Migration),
            Box::new(m20261126_000006_rate_limits::Migration),
            Box::new(m20261204_000007_tokens_and_imports::Migration),
            Box::new(m20261205_000008_custom_exercises::Migration),
        ]
    }
}
