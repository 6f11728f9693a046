//! # gainsly-planner
//!
//! The adaptive loop of Gainsly (design.md): for a user's program and a date
//! it loads the **signals** (profile, movement rules, activities, the last 14
//! days of logs and soreness, e1RM history, the day's adaptation request),
//! computes **recovery** per muscle, builds the day's **constraints**, ranks
//! **candidates** (and, when the LLM is on, marks the LLM's picks), **solves**
//! the MILP, **prescribes** reps, RPE, rest and loads, and **persists** the
//! session. [`Planner::plan`] returns the stored session of a date or
//! generates it; [`Planner::adapt`] re-plans a date from today's signals;
//! [`Planner::pregenerate_tomorrow`] is the nightly job's unit of work.
//!
//! Heavy work (the MILP solve) runs on the blocking pool, never on the async
//! executor. Progress can be streamed through [`Events`].

pub mod context;
pub mod error;
pub mod events;
pub mod generate;
pub mod prescribe;
pub mod rest_day;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::Db;
use gainsly_db::DbError;
use gainsly_db::repo::programs::{self, Program};
use gainsly_db::repo::sessions::{self, Slot};
use gainsly_db::repo::{profiles, soreness};
use gainsly_domain::recovery::{RecoveryConfig, RecoveryModel};
use gainsly_domain::session::{Session, SessionStatus};
use gainsly_domain::{AdaptationSignals, CandidateConfig};
use gainsly_llm::LlmClient;
use gainsly_optimizer::SolveOptions;
use tokio::sync::Semaphore;

pub use error::{PlanResult, PlannerError};
pub use events::{Events, PlanEvent, Stage};

/// Whether and how the LLM takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmMode {
    Off,
    /// Use it; on failure plan with built-in candidates and say `fallback`.
    Auto,
    /// Use it; on failure answer [`PlannerError::GenerationFailed`].
    Required,
}

/// Planner settings.
#[derive(Debug, Clone)]
pub struct PlannerConfig {
    pub llm_mode: LlmMode,
    pub solve: SolveOptions,
    pub candidates: CandidateConfig,
    pub recovery: RecoveryModel,
}

/// Candidates the planner hands the optimizer. The generator ranks by
/// coverage of the day's targets, so the best two dozen carry the plan; the
/// MILP solves such models in ~10 ms (docs/performance.md) against ~30 ms at 40.
pub const PLANNER_CANDIDATES: usize = 24;

/// Relative MIP gap at which the planner's solves stop.
pub const PLANNER_MIP_GAP: f64 = 0.01;
/// Time budget of one session's solve (all relaxation levels together); the
/// best plan found by then is used, and it meets every hard constraint.
pub const PLANNER_SOLVE_LIMIT: std::time::Duration = std::time::Duration::from_millis(100);

impl Default for PlannerConfig {
    fn default() -> Self {
        PlannerConfig {
            llm_mode: LlmMode::Off,
            solve: SolveOptions {
                // A plan within 1 % of the best is as good a workout; the
                // proven-optimal tail costs the time budget (docs/performance.md).
                mip_rel_gap: PLANNER_MIP_GAP,
                time_limit: PLANNER_SOLVE_LIMIT,
                ..SolveOptions::default()
            },
            candidates: CandidateConfig {
                size: PLANNER_CANDIDATES,
                ..CandidateConfig::default()
            },
            recovery: RecoveryModel::new(RecoveryConfig::default()),
        }
    }
}

/// Hooks for metrics (the API counts plans, LLM calls and solver time).
pub trait PlannerObserver: Send + Sync + std::fmt::Debug {
    /// A session was generated (`outcome`: `ok`, `fallback`, `error`).
    fn generated(&self, _outcome: &'static str, _seconds: f64) {}
    /// An LLM proposal call ended.
    fn llm_call(&self, _ok: bool) {}
    /// One MILP solve took this long.
    fn solved(&self, _seconds: f64) {}
    /// A session generation began.
    fn generation_started(&self) {}
    /// A generation that began ended: finished, failed or cancelled (its
    /// future dropped). Paired with [`PlannerObserver::generation_started`].
    fn generation_ended(&self) {}
}

/// Reports a generation as in flight from creation until dropped, so that a
/// cancelled generation (a client that went away) is counted out as well.
struct InFlight<'a>(&'a dyn PlannerObserver);

impl<'a> InFlight<'a> {
    fn new(observer: &'a dyn PlannerObserver) -> Self {
        observer.generation_started();
        InFlight(observer)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.generation_ended();
    }
}

/// An observer that records nothing.
#[derive(Debug, Default)]
pub struct NoObserver;
impl PlannerObserver for NoObserver {}

/// What the nightly pre-generation did for one user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pregenerated {
    Created,
    AlreadyPlanned,
    NoActiveProgram,
    OutsideProgram,
}

/// The planner: cheap to clone, shareable across tasks.
#[derive(Debug, Clone)]
pub struct Planner {
    db: Db,
    llm: Option<Arc<LlmClient>>,
    config: Arc<PlannerConfig>,
    observer: Arc<dyn PlannerObserver>,
    /// False while the LLM server is known to be down: in `auto` mode the
    /// planner then skips it instead of waiting for its retries.
    llm_up: Arc<AtomicBool>,
    /// One permit per core: MILP solves beyond that wait their turn instead
    /// of sharing the cores, since each solve's time budget is wall-clock
    /// time (with 32 at once on 2 cores nearly every solve hit its budget).
    solver_slots: Arc<Semaphore>,
}

impl Planner {
    /// A planner over `db`, with an optional LLM client.
    pub fn new(db: Db, llm: Option<Arc<LlmClient>>, config: PlannerConfig) -> Self {
        Planner {
            db,
            llm,
            config: Arc::new(config),
            observer: Arc::new(NoObserver),
            llm_up: Arc::new(AtomicBool::new(true)),
            solver_slots: Arc::new(Semaphore::new(
                std::thread::available_parallelism().map_or(1, |n| n.get()),
            )),
        }
    }

    /// Records whether the LLM server answers its health check.
    pub fn set_llm_up(&self, up: bool) {
        self.llm_up.store(up, Ordering::Relaxed);
    }

    /// Reports to `observer` from now on.
    pub fn with_observer(mut self, observer: Arc<dyn PlannerObserver>) -> Self {
        self.observer = observer;
        self
    }

    /// The database handle.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The program a request names, or the user's active one.
    pub async fn program_for(&self, user_id: i64, program_id: Option<i64>) -> PlanResult<Program> {
        let found = match program_id {
            Some(id) => programs::get(&self.db, user_id, id).await?,
            None => programs::active(&self.db, user_id).await?,
        };
        found.ok_or(PlannerError::NotFound("program"))
    }

    /// The stored session of `date`, or a newly generated and stored one. The
    /// same date twice gives the same session; concurrent first requests
    /// store exactly one (the unique program/date index decides the race).
    pub async fn plan(
        &self,
        user_id: i64,
        program_id: Option<i64>,
        date: NaiveDate,
    ) -> PlanResult<Session> {
        let program = self.program_for(user_id, program_id).await?;
        if program.settings.locate(date).is_none() {
            return Err(PlannerError::NotFound("date outside the program"));
        }
        if let Some(existing) = sessions::find(&self.db, program.id, date).await? {
            return Ok(existing);
        }
        let (slot, plan) = self
            .generate(
                user_id,
                program,
                date,
                &AdaptationSignals::default(),
                &Events::none(),
            )
            .await?;
        match sessions::insert(&self.db, slot, &plan, SessionStatus::Planned).await {
            Err(DbError::Conflict(_)) => sessions::find(&self.db, slot.program_id, date)
                .await?
                .ok_or_else(|| PlannerError::Internal("session vanished after a conflict".into())),
            other => Ok(other?),
        }
    }

    /// Re-plans `date` from today's signals and stores it as `adapted`,
    /// replacing the planned session. Soreness in the signals is recorded as
    /// soreness logs for that date. The writes happen in a task of their own
    /// once planning is done, so a caller that goes away mid-way leaves either
    /// nothing or everything written.
    pub async fn adapt(
        &self,
        user_id: i64,
        program_id: Option<i64>,
        date: NaiveDate,
        signals: AdaptationSignals,
        events: Events,
    ) -> PlanResult<Session> {
        let program = self.program_for(user_id, program_id).await?;
        if program.settings.locate(date).is_none() {
            return Err(PlannerError::NotFound("date outside the program"));
        }
        let (slot, plan) = self
            .generate(user_id, program, date, &signals, &events)
            .await?;
        events.status(Stage::Saving, "Saving the session").await;
        let db = self.db.clone();
        let soreness_levels: Vec<_> = signals
            .soreness()
            .iter()
            .map(|(m, level)| (*m, level.round().clamp(0.0, 10.0) as u8))
            .collect();
        let save = tokio::spawn(async move {
            for (muscle, level) in soreness_levels {
                soreness::upsert(&db, user_id, date, muscle, level, None).await?;
            }
            sessions::upsert(&db, slot, &plan, SessionStatus::Adapted).await
        });
        save.await
            .map_err(|e| PlannerError::Internal(format!("save task: {e}")))?
            .map_err(PlannerError::from)
    }

    /// Plans tomorrow (in the user's time zone) for the user's active program,
    /// unless it is planned already. Idempotent.
    pub async fn pregenerate_tomorrow(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> PlanResult<Pregenerated> {
        let Some(program) = programs::active(&self.db, user_id).await? else {
            return Ok(Pregenerated::NoActiveProgram);
        };
        let profile = profiles::get(&self.db, user_id).await?;
        let tz: chrono_tz::Tz = profile.timezone.parse().unwrap_or(chrono_tz::UTC);
        let Some(tomorrow) = now.with_timezone(&tz).date_naive().succ_opt() else {
            return Ok(Pregenerated::OutsideProgram);
        };
        if program.settings.locate(tomorrow).is_none() {
            return Ok(Pregenerated::OutsideProgram);
        }
        if sessions::find(&self.db, program.id, tomorrow)
            .await?
            .is_some()
        {
            return Ok(Pregenerated::AlreadyPlanned);
        }
        let (slot, plan) = self
            .generate(
                user_id,
                program,
                tomorrow,
                &AdaptationSignals::default(),
                &Events::none(),
            )
            .await?;
        match sessions::insert(&self.db, slot, &plan, SessionStatus::Planned).await {
            Ok(_) => Ok(Pregenerated::Created),
            Err(DbError::Conflict(_)) => Ok(Pregenerated::AlreadyPlanned),
            Err(e) => Err(e.into()),
        }
    }

    async fn generate(
        &self,
        user_id: i64,
        program: Program,
        date: NaiveDate,
        signals: &AdaptationSignals,
        events: &Events,
    ) -> PlanResult<(Slot, gainsly_domain::SessionPlan)> {
        let started = Instant::now();
        let _in_flight = InFlight::new(self.observer.as_ref());
        events
            .status(Stage::Recovery, "Reading recovery and recent training")
            .await;
        let result = async {
            let ctx =
                context::load(&self.db, user_id, program, date, &self.config.recovery).await?;
            let llm = match self.config.llm_mode {
                LlmMode::Auto if !self.llm_up.load(Ordering::Relaxed) => None,
                _ => self.llm.as_ref(),
            };
            let plan = generate::plan(
                &ctx,
                signals,
                &self.config,
                llm,
                self.observer.as_ref(),
                events,
                &self.solver_slots,
            )
            .await?;
            let slot = Slot {
                user_id,
                program_id: ctx.program.id,
                date,
                microcycle_index: ctx.slot.microcycle_index,
                day_index: ctx.slot.day_index,
            };
            Ok::<_, PlannerError>((slot, plan))
        }
        .await;
        let outcome = match &result {
            Ok((_, plan)) if plan.fallback => "fallback",
            Ok(_) => "ok",
            Err(_) => "error",
        };
        self.observer
            .generated(outcome, started.elapsed().as_secs_f64());
        result
    }
}
