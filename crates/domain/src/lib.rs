//! # gainsly-domain
//!
//! The training-science core of Gainsly: muscles, equipment, movement
//! patterns, goals, exercises and the exercise catalog; e1RM formulas and load
//! prescription; the recovery model; volume landmarks; splits and microcycles;
//! progression; session time estimation; and the pure functions that turn a
//! day's signals into the constraints and candidates the optimizer solves.
//!
//! No I/O, no async, no database or HTTP types: other Rust services can use
//! this crate alone. Numbers from sports science are named constants with
//! their source. Enable the `openapi` feature to derive `utoipa::ToSchema` on
//! the wire types.
//!
//! ## Planning a day (what `gainsly-planner` calls)
//!
//! 1. [`ProgramSettings::locate`] gives the microcycle and day of a date;
//!    [`Microcycle::day`] the day's kind, focus and targets;
//!    [`ProgramSettings::is_deload`] whether it is a deload microcycle.
//! 2. [`RecoveryModel::state`] turns soreness reports and loads
//!    ([`LoadEntry::from_exercise`], [`ActivityKind::load`]) into every
//!    muscle's [`RecoveryState`].
//! 3. [`build_constraints`] turns the day, program, profile, rules, recovery,
//!    the microcycle's volume so far and today's [`AdaptationSignals`] into
//!    [`DayConstraints`]: the optimizer's [`SessionConstraints`], the allowed
//!    exercises, today's prescriptions and human-readable notes.
//! 4. [`rank_candidates`] ranks the allowed catalog exercises into the
//!    optimizer's [`Candidate`] list; [`candidates::candidate_for`] admits an
//!    LLM pick outside the list (or refuses a forbidden one).
//! 5. After the optimizer: [`set_plan::role_rx`] gives reps, RPE and rest by
//!    role (main lift, secondary, accessory); [`working::estimate`] the
//!    working e1RM from the last exposures; [`progression::next`] the load
//!    (per progression style, bounded by the working estimate, rounded by
//!    [`increment::Implement`]); [`set_plan::plan_sets`] the `set_plan`;
//!    [`set_plan::plan_minutes`] the duration; [`variations`] bodyweight
//!    work's reps and its step to a harder variation;
//!    [`volume::muscle_sets`] the `muscle_sets` map.
//!
//! Three computations have exactly one home, used by the planner, the
//! application layer and the roll-up alike: session time
//! ([`timing::session_minutes`] for the optimizer's budget and its checker,
//! [`set_plan::plan_minutes`] for a planned session's set plans),
//! fractional sets per muscle
//! ([`volume::muscle_sets`]: primary 1, secondary 0.5) and recovery
//! ([`RecoveryModel::from_history`]). [`rollup::summarize`] is the weekly
//! roll-up of old detail.

mod macros;

pub mod account;
pub mod activity;
pub mod activity_schedule;
pub mod candidates;
pub mod catalog;
pub mod coarse_grid;
pub mod constraints;
pub mod day_fit;
pub mod e1rm;
pub mod equipment;
pub mod error;
pub mod exercise;
pub mod goal;
pub mod increment;
pub mod limits;
pub mod load;
pub mod microcycle;
pub mod movers;
pub mod muscle;
pub mod naming;
pub mod near_duplicate;
pub mod pattern;
pub mod prescription;
pub mod profile;
pub mod program;
pub mod progression;
pub mod recovery;
pub mod rep_limits;
pub mod role;
pub mod rollup;
pub mod rules;
pub mod selection;
pub mod session;
pub mod set_plan;
pub mod signals;
pub mod slots;
pub mod split;
pub mod superset;
pub mod timing;
pub mod variations;
pub mod volume;
pub mod week;
pub mod working;

pub use activity::{ActivityKind, Intensity, RegularActivity};
pub use candidates::{CandidateConfig, CandidateInput, rank_candidates};
pub use catalog::catalog;
pub use constraints::{ConstraintInput, DayConstraints, build_constraints};
pub use e1rm::E1rmEstimate;
pub use equipment::Equipment;
pub use error::DomainError;
pub use exercise::{Exercise, ExerciseId};
pub use goal::{Goal, GoalWeight, GoalWeights};
pub use microcycle::{Microcycle, MicrocycleDay, is_deload};
pub use muscle::Muscle;
pub use pattern::{Mechanics, MovementPattern, Tracking};
pub use prescription::Prescription;
pub use profile::{E1rmFormula, Experience, Sex, Units};
pub use program::{ProgramDay, ProgramSettings, ProgramSettingsInput, ProgressionStyle};
pub use recovery::{
    LoadEntry, MuscleRecovery, RecoveryConfig, RecoveryModel, RecoveryState, SorenessEntry,
};
pub use role::Role;
pub use rules::{MovementRule, RuleTarget, RuleType};
pub use selection::{Candidate, SessionConstraints};
pub use session::{Session, SessionExercise, SessionPlan, SessionSource, SessionStatus};
pub use signals::{AdaptationInput, AdaptationSignals};
pub use slots::{Slot, SlotGroup};
pub use split::{DayFocus, DayKind, SplitTemplate};
