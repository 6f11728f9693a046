//! # gainsly-app
//!
//! Gainsly's application layer: every use-case, whichever shell asks —
//! the REST handlers of `gainsly-api`, the background jobs of
//! `gainsly-worker`, and the MCP tools of `gainsly-mcp`. A use-case takes validated
//! input (domain types, or a plain command struct it checks field by
//! field), reads, decides, writes everything it writes in **one
//! transaction**, enqueues follow-up work after the commit, and answers
//! application and domain types or an [`AppError`].
//!
//! [`App`] (cheap to clone) holds the database, the [`Planner`], the
//! [`Clock`], the [`JobSink`] and the configuration the use-cases need.
//! Use-cases are its methods, one module per resource:
//!
//! | module | use-cases |
//! |---|---|
//! | [`auth`] | register, login, refresh (rotation, family revocation), logout, me, account deletion |
//! | [`programs`] | create, list, get, update, delete; the microcycle |
//! | [`days`] | plan a day (stored or generated), adapt it, pre-generate tomorrow |
//! | [`workouts`] | custom workouts, top sets with PR detection, list/get/delete |
//! | [`e1rm`], [`soreness`], [`recovery`] | e1RM series, soreness reports, recovery state |
//! | [`profile`], [`rules`], [`activities`] | the user's settings |
//! | [`exercises`] | catalog reads; an exercise named by a person (aliases, catalog names, candidates when ambiguous) |
//! | [`volume`] | a week's sets per muscle against its landmarks |
//! | [`health`] | readiness and the LLM state the workers record |
//! | [`limits`] | rate-limit windows shared through the database |
//! | [`tokens`] | personal access tokens: create, list, revoke, authenticate |
//! | [`export`] | all of a user's data as one document; workout logs as Strong CSV |
//! | [`imports`] | Strong/Hevy/FitNotes imports (dry run, duplicates, undo), exercise-name aliases |
//! | [`custom_exercises`] | the user's own exercises (names an import could not match) |
//!
//! Every change to what planning reads (program, microcycle, movement
//! rules, profile equipment/experience/body weight/units, activities) goes
//! through one path ([`replan`]): the user's still-`planned` sessions from
//! today on are deleted in the change's transaction, and tomorrow's
//! pre-generation is handed to the [`JobSink`] after the commit.
//!
//! [`settings`] is the one configuration loader of every binary.
//!
//! Dependencies point down: shells → `gainsly-app` → `gainsly-planner` →
//! {`gainsly-llm`, `gainsly-optimizer`, `gainsly-db`} → `gainsly-domain`.
//! The application knows no HTTP, no MCP and no job queue.

pub mod activities;
pub mod auth;
pub mod clock;
pub mod custom_exercises;
pub mod days;
pub mod e1rm;
pub mod error;
pub mod exercises;
pub mod export;
pub mod health;
pub mod imports;
pub mod jobs;
pub mod limits;
pub mod profile;
pub mod programs;
pub mod quotas;
pub mod recovery;
pub mod replan;
pub mod requests;
pub mod rules;
pub mod settings;
pub mod soreness;
pub mod tokens;
pub mod validate;
pub mod volume;
pub mod workouts;

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::connection::DbOptions;
use gainsly_db::repo::profiles;
use gainsly_db::{Db, Executor};
use gainsly_llm::{LlmClient, LlmMode};
use gainsly_planner::{Planner, PlannerConfig};

pub use clock::{Clock, FixedClock, SystemClock};
pub use error::{AppError, AppResult, BoxError, FieldError};
pub use gainsly_planner::events::attempt_message;
pub use gainsly_planner::{Events, PlanEvent, PlannerObserver, Stage};
pub use jobs::{JobSink, NoJobs};
pub use settings::Settings;

/// The application: every use-case as a method. Cheap to clone.
#[derive(Debug, Clone)]
pub struct App {
    db: Db,
    planner: Planner,
    clock: Arc<dyn Clock>,
    jobs: Arc<dyn JobSink>,
    refresh_token_days: i64,
    llm_mode: LlmMode,
    llm_model: String,
}

/// Opens the application database: connects, applies pending migrations
/// and (idempotently) seeds the exercise catalog table.
pub async fn open_database(settings: &Settings) -> AppResult<Db> {
    let timeout = Duration::from_secs(settings.db_acquire_timeout_secs);
    let db = Db::connect_and_migrate(
        &settings.database_url,
        &DbOptions {
            max_connections: settings.db_max_connections,
            acquire_timeout: timeout,
            connect_timeout: timeout,
        },
    )
    .await?;
    // The catalog is compiled in; the table mirrors it for SQL users.
    let seeded = gainsly_db::repo::catalog_seed::seed(&db).await?;
    tracing::debug!(exercises = seeded, "exercise catalog seeded");
    Ok(db)
}

/// Applies pending migrations and returns (`gainsly-api migrate`).
pub async fn migrate(settings: &Settings) -> AppResult<()> {
    Db::connect_and_migrate(&settings.database_url, &DbOptions::default()).await?;
    Ok(())
}

impl App {
    /// The application over `db`, configured by `settings`: the LLM client
    /// (when the LLM is on) and the planner, the system clock, and no job
    /// sink (see [`App::with_jobs`]).
    pub fn new(db: Db, settings: &Settings) -> AppResult<App> {
        let llm = match settings.llm_config() {
            Some(config) => Some(Arc::new(
                LlmClient::new(config).map_err(|e| AppError::internal("LLM client", e))?,
            )),
            None => None,
        };
        let planner = Planner::new(db.clone(), llm, {
            let mut config = PlannerConfig {
                llm_mode: settings.llm_mode,
                ..PlannerConfig::default()
            };
            config.solve.time_limit =
                std::time::Duration::from_millis(settings.plan_solve_limit_ms);
            config
        });
        Ok(App {
            db,
            planner,
            clock: Arc::new(SystemClock),
            jobs: Arc::new(NoJobs),
            refresh_token_days: settings.refresh_token_days,
            llm_mode: settings.llm_mode,
            llm_model: settings.llm_model.clone(),
        })
    }

    /// Tells the time by `clock` from now on (tests set "today").
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> App {
        self.clock = clock;
        self
    }

    /// Sends follow-up work to `jobs` from now on.
    pub fn with_jobs(mut self, jobs: Arc<dyn JobSink>) -> App {
        self.jobs = jobs;
        self
    }

    /// Reports planning to `observer` (metrics) from now on.
    pub fn with_observer(mut self, observer: Arc<dyn PlannerObserver>) -> App {
        self.planner = self.planner.with_observer(observer);
        self
    }

    /// The database (shells hand it to collaborators such as the job queue).
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The planner.
    pub fn planner(&self) -> &Planner {
        &self.planner
    }

    /// The LLM client, when the LLM is on.
    pub fn llm(&self) -> Option<&Arc<LlmClient>> {
        self.planner.llm()
    }

    /// The current instant by the application's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today in the user's time zone, by the application's clock.
    pub async fn today(&self, user_id: i64) -> AppResult<NaiveDate> {
        self.today_in(&self.db, user_id).await
    }

    async fn today_in(&self, db: &impl Executor, user_id: i64) -> AppResult<NaiveDate> {
        Ok(profiles::get(db, user_id).await?.date_at(self.now()))
    }
}
