//! # gainsly-planner
//!
//! The adaptive loop of Gainsly (design.md): for a user's program and a date
//! it loads the **signals** (profile, movement rules, activities, the last 14
//! days of logs and soreness, e1RM history, the day's adaptation request),
//! computes **recovery** per muscle, builds the day's **constraints**, ranks
//! **candidates** (and, when the LLM is on, marks the LLM's picks), **solves**
//! the MILP and **prescribes** reps, RPE, rest and loads.
//!
//! [`Planner::generate`] reads and computes; it writes nothing. Storing the
//! session (and the adaptation's soreness) is the application layer's job
//! (`gainsly-app`), which decides what one use-case writes in one
//! transaction. The loop for one day is [`generate::plan`]: consult the LLM,
//! solve, assemble.
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

use chrono::NaiveDate;
use gainsly_db::Db;
use gainsly_db::repo::programs::Program;
use gainsly_db::repo::sessions::Slot;
use gainsly_domain::recovery::{RecoveryConfig, RecoveryModel};
use gainsly_domain::{AdaptationSignals, CandidateConfig, SessionPlan};
use gainsly_llm::LlmClient;
use gainsly_optimizer::SolveOptions;
use tokio::sync::Semaphore;

pub use error::{PlanResult, PlannerError};
pub use events::{Events, PlanEvent, Stage};
/// The planner's LLM mode is the one of `gainsly-llm` (re-exported).
pub use gainsly_llm::LlmMode;

/// Planner settings.
#[derive(Debug, Clone)]
pub struct PlannerConfig {
    pub llm_mode: LlmMode,
    pub solve: SolveOptions,
    pub candidates: CandidateConfig,
    /// The recovery model of planning; `GET /api/logs/recovery-state` uses the same.
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
    /// A planner reading from `db`, with an optional LLM client.
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

    /// The settings it plans with.
    pub fn config(&self) -> &PlannerConfig {
        &self.config
    }

    /// The LLM client, when one is configured.
    pub fn llm(&self) -> Option<&Arc<LlmClient>> {
        self.llm.as_ref()
    }

    /// Plans `date` of `program` for `user_id` under today's `signals`:
    /// where the session sits and what it holds. Reads only; storing it is
    /// the caller's. [`PlannerError::NotFound`] when the date is outside the
    /// program.
    pub async fn generate(
        &self,
        user_id: i64,
        program: Program,
        date: NaiveDate,
        signals: &AdaptationSignals,
        events: &Events,
    ) -> PlanResult<(Slot, SessionPlan)> {
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
