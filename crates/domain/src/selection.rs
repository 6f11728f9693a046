//! The selection problem: what the optimizer is given and what it answers.
//!
//! Built by [`crate::constraints`] and [`crate::candidates`] from the day's
//! signals; solved by `gainsly-optimizer`; checked independently by
//! [`Selection::violations`]. Everything here is plain data (serde) so an
//! instance can be saved as JSON and replayed.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::{Equipment, ExerciseId, MovementPattern, Muscle};

/// One exercise the optimizer may pick.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Candidate {
    pub exercise_id: ExerciseId,
    pub pattern: MovementPattern,
    pub compound: bool,
    /// Fractional set credit per muscle (1 primary, 0.5 secondary).
    pub muscles: BTreeMap<Muscle, f64>,
    /// Every piece of equipment needed.
    pub equipment: Vec<Equipment>,
    /// Sets when picked: `min_sets <= sets <= max_sets`.
    pub min_sets: u32,
    pub max_sets: u32,
    /// Minutes one set takes, work plus the rest after it.
    pub minutes_per_set: f64,
    /// Systemic fatigue 1–5 (the catalog's rating).
    pub fatigue: f64,
    /// A `prefer` rule names this exercise (or its pattern or muscle).
    pub preferred: bool,
    /// The LLM proposed it.
    pub llm_pick: bool,
    /// Rank score from the candidate generator (higher is better, 0–1).
    pub score: f64,
}

/// The hard constraints of one session and the day's targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionConstraints {
    /// The day's focus muscles with their priority weight (> 0).
    pub target_muscles: BTreeMap<Muscle, f64>,
    /// Per-muscle cap on today's fractional sets (recovery, weekly volume, soreness).
    pub muscle_caps: BTreeMap<Muscle, f64>,
    /// Muscles whose cap comes from injury/soreness/readiness (never relaxed).
    pub protected_muscles: BTreeSet<Muscle>,
    pub min_total_sets: u32,
    pub max_total_sets: u32,
    pub min_exercises: u32,
    pub max_exercises: u32,
    /// The hard time cap for the whole session, in minutes.
    pub available_minutes: f64,
    pub warmup_minutes: f64,
    /// Minutes between two exercises (set-up and walking over).
    pub transition_minutes: f64,
    /// Exercises that must not appear (avoid rules, exclusions, soreness).
    pub excluded: BTreeSet<ExerciseId>,
    /// Each group: at least one of these exercises must appear (`require` rules).
    pub required_groups: Vec<Vec<ExerciseId>>,
    /// Main patterns that may appear twice today (the focus needs two).
    pub patterns_allowing_two: BTreeSet<MovementPattern>,
    /// At least one compound movement (training days).
    pub require_compound: bool,
}

/// Weights of the optimizer's objective. See `gainsly-optimizer` for what each does.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObjectiveWeights {
    /// Value of a target-muscle set up to the first tier of sets.
    pub stimulus: f64,
    /// Sets per muscle at full value; sets beyond are worth `diminishing_factor`.
    pub full_value_sets: f64,
    pub diminishing_factor: f64,
    /// Cost per set per fatigue point.
    pub fatigue_cost: f64,
    /// Cost per distinct piece of equipment set up.
    pub equipment_cost: f64,
    /// Value per set of the least-served target muscle (balance).
    pub balance: f64,
    /// Bonus for picking a preferred exercise.
    pub preference_bonus: f64,
    /// Bonus for picking an LLM-proposed exercise.
    pub llm_bonus: f64,
    /// Bonus per unit of candidate score for picking it.
    pub score_bonus: f64,
}

impl Default for ObjectiveWeights {
    fn default() -> Self {
        ObjectiveWeights {
            stimulus: 10.0,
            full_value_sets: 4.0,
            diminishing_factor: 0.5,
            fatigue_cost: 0.4,
            equipment_cost: 1.0,
            balance: 4.0,
            preference_bonus: 3.0,
            llm_bonus: 4.0,
            score_bonus: 2.0,
        }
    }
}

/// A complete optimizer input: replayable as JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectionProblem {
    pub candidates: Vec<Candidate>,
    pub constraints: SessionConstraints,
    #[serde(default)]
    pub weights: ObjectiveWeights,
}

/// One chosen exercise and its number of sets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pick {
    pub exercise_id: ExerciseId,
    pub sets: u32,
}

/// A relaxation the optimizer applied because the problem was infeasible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relaxation {
    /// Dropped the `require` groups that could not be met.
    DropRequirements,
    /// Lowered the minimum total sets and exercise count.
    WidenSetRange,
    /// Allowed a single set per exercise.
    ShrinkMinimumSets,
    /// Allowed two exercises of one pattern.
    AllowRepeatedPatterns,
    /// Dropped the compound requirement.
    DropCompoundRequirement,
    /// Lifted the weekly-volume (not injury) muscle caps.
    LiftVolumeCaps,
}

/// The optimizer's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Picks in candidate order.
    pub picks: Vec<Pick>,
    pub objective: f64,
    /// Relaxations applied, in the order applied (empty: none needed).
    pub relaxations: Vec<Relaxation>,
    /// Relative MIP gap at the end (0 when proven optimal).
    pub gap: f64,
    /// Whether the solver proved optimality.
    pub proven_optimal: bool,
}

/// A hard constraint a selection breaks (found by the independent checker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation(pub String);
