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
    /// Balance floor: every target muscle gets at least this many fractional
    /// sets (0, the default, means no floor). The first thing relaxed.
    #[serde(default)]
    pub min_target_sets: f64,
    /// Per target muscle, fractional sets at full value today when more than
    /// the objective's `full_value_sets` (the sets a muscle still needs to
    /// reach its MEV this microcycle: below MEV every set counts fully).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub full_value_sets: BTreeMap<Muscle, f64>,
}

impl SessionConstraints {
    /// Fractional sets of `muscle` at full value today: the objective's
    /// `global` threshold, or more when the muscle needs more to reach its MEV.
    pub fn full_value(&self, muscle: Muscle, global: f64) -> f64 {
        self.full_value_sets
            .get(&muscle)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
            .max(global)
            .max(0.0)
    }
}

/// Weights of the optimizer's objective (maximised).
///
/// For a plan with `s_i` sets of each picked candidate `i`, let
/// `S_m = Σ_i credit_im · s_i` be the fractional sets of muscle `m` and `w_m`
/// its target weight. The objective is
///
/// ```text
///   stimulus · Σ_{m target} w_m · (min(S_m, F) + diminishing_factor · max(S_m − F, 0))
/// − fatigue_cost · Σ_i fatigue_i · s_i
/// − equipment_cost · |distinct equipment of the picks, bodyweight not counted|
/// + balance · min_{m target} (S_m / w_m)
/// + Σ_{i picked} (preference_bonus · [preferred_i] + llm_bonus · [llm_pick_i] + score_bonus · score_i)
/// ```
///
/// with `F = full_value_sets` (per muscle, the constraints' larger
/// `full_value_sets[m]` when it has one: [`SessionConstraints::full_value`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ObjectiveWeights {
    /// Value of one fractional set to a target muscle of weight 1, for its
    /// first `full_value_sets` sets today. The main driver of volume: with the
    /// default 10 a full-value set is worth far more than its fatigue cost.
    pub stimulus: f64,
    /// Fractional sets per target muscle at full value (`F`); sets beyond are
    /// worth `diminishing_factor` of a full-value set (diminishing returns,
    /// piecewise linear).
    pub full_value_sets: f64,
    /// Share (0–1) of a set's stimulus that a set beyond `full_value_sets`
    /// still earns.
    pub diminishing_factor: f64,
    /// Cost per set per fatigue point (fatigue 1–5): a set of a fatigue-5
    /// deadlift costs `5 · fatigue_cost`.
    pub fatigue_cost: f64,
    /// Cost per distinct piece of equipment set up (bodyweight is free): fewer
    /// set-ups, smoother sessions.
    pub equipment_cost: f64,
    /// Value per fractional set (divided by the muscle's target weight) of the
    /// least-served target muscle: pulls the plan towards covering every
    /// target muscle, not only the cheapest one.
    pub balance: f64,
    /// Bonus for picking an exercise a `prefer` rule names.
    pub preference_bonus: f64,
    /// Bonus for picking an exercise the LLM proposed.
    pub llm_bonus: f64,
    /// Bonus per unit of the candidate generator's score (0–1) for picking it.
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
    /// Dropped the balance floor (`min_target_sets`).
    DropBalanceFloor,
}

impl Relaxation {
    /// The fixed order in which the optimizer relaxes an infeasible problem;
    /// each step keeps the ones before it. Exclusions, the caps of protected
    /// muscles and the time cap are never relaxed.
    ///
    /// What each does (the meaning [`Selection::violations`] checks against):
    /// - [`DropBalanceFloor`](Relaxation::DropBalanceFloor): no `min_target_sets`.
    /// - [`WidenSetRange`](Relaxation::WidenSetRange): `min_total_sets` and
    ///   `min_exercises` lowered to at most 1, `max_total_sets` and
    ///   `max_exercises` raised to at least 1.
    /// - [`ShrinkMinimumSets`](Relaxation::ShrinkMinimumSets): any pick may
    ///   have a single set (its `max_sets` still holds).
    /// - [`AllowRepeatedPatterns`](Relaxation::AllowRepeatedPatterns): every
    ///   main pattern may appear twice.
    /// - [`DropCompoundRequirement`](Relaxation::DropCompoundRequirement): no
    ///   compound needed.
    /// - [`LiftVolumeCaps`](Relaxation::LiftVolumeCaps): caps of muscles not in
    ///   `protected_muscles` are lifted.
    /// - [`DropRequirements`](Relaxation::DropRequirements): `required_groups`
    ///   are dropped.
    pub const ORDER: [Relaxation; 7] = [
        Relaxation::DropBalanceFloor,
        Relaxation::WidenSetRange,
        Relaxation::ShrinkMinimumSets,
        Relaxation::AllowRepeatedPatterns,
        Relaxation::DropCompoundRequirement,
        Relaxation::LiftVolumeCaps,
        Relaxation::DropRequirements,
    ];
}

/// The optimizer's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Picks in candidate order.
    pub picks: Vec<Pick>,
    pub objective: f64,
    /// Relaxations applied, in the order applied (empty: none needed).
    pub relaxations: Vec<Relaxation>,
    /// Relative MIP gap at the end: `|best bound − objective| / |objective|`
    /// (at most the solver's gap tolerance, 1e-4 by default, when proven optimal).
    pub gap: f64,
    /// Whether the solver proved optimality.
    pub proven_optimal: bool,
}

/// A hard constraint a selection breaks (found by the independent checker).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation(pub String);

/// Slack allowed when comparing sums of floats against a bound.
const TOLERANCE: f64 = 1e-6;

fn exceeds(value: f64, bound: f64) -> bool {
    value > bound + TOLERANCE * bound.abs().max(1.0)
}

impl SelectionProblem {
    /// The candidate with this id (the first one if listed twice).
    pub fn candidate(&self, id: ExerciseId) -> Option<&Candidate> {
        self.candidates.iter().find(|c| c.exercise_id == id)
    }

    /// Fractional sets per muscle of a plan (`Σ sets · credit`); unknown ids count nothing.
    pub fn muscle_sets(&self, picks: &[Pick]) -> BTreeMap<Muscle, f64> {
        let mut sets = BTreeMap::new();
        for pick in picks {
            if let Some(c) = self.candidate(pick.exercise_id) {
                for (m, credit) in &c.muscles {
                    *sets.entry(*m).or_insert(0.0) += credit * f64::from(pick.sets);
                }
            }
        }
        sets
    }

    /// Session minutes of a plan ([`crate::timing::session_minutes`]):
    /// `warm-up + Σ sets · minutes_per_set + picks · transition`; a pick
    /// that is not a candidate still costs its transition.
    pub fn minutes(&self, picks: &[Pick]) -> f64 {
        let c = &self.constraints;
        crate::timing::session_minutes(
            c.warmup_minutes,
            c.transition_minutes,
            picks.iter().map(|p| {
                let per_set = self
                    .candidate(p.exercise_id)
                    .map_or(0.0, |cand| cand.minutes_per_set);
                (p.sets, per_set)
            }),
        )
    }
}

impl Candidate {
    /// The per-pick bonus: preference, LLM pick and score.
    pub fn bonus(&self, weights: &ObjectiveWeights) -> f64 {
        let mut bonus = weights.score_bonus * self.score;
        if self.preferred {
            bonus += weights.preference_bonus;
        }
        if self.llm_pick {
            bonus += weights.llm_bonus;
        }
        bonus
    }
}

impl Selection {
    /// Every hard constraint of `problem` (as relaxed by `applied`, see
    /// [`Relaxation::ORDER`]) this selection breaks; empty when the plan is
    /// valid. Independent of the solver: plain arithmetic over the picks.
    pub fn violations(&self, problem: &SelectionProblem, applied: &[Relaxation]) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut v = |msg: String| out.push(Violation(msg));
        let relaxed = |r: Relaxation| applied.contains(&r);
        let c = &problem.constraints;

        // The relaxations themselves: in the documented order, none twice.
        let mut last = None;
        for r in applied {
            let pos = Relaxation::ORDER.iter().position(|o| o == r);
            if pos <= last {
                v(format!("relaxation {r:?} out of order or repeated"));
            }
            last = pos;
        }
        if self.relaxations.as_slice() != applied {
            v(format!(
                "selection reports relaxations {:?}, checked against {applied:?}",
                self.relaxations
            ));
        }

        // Picks: known, in candidate order, each once, sets within bounds.
        let mut last_index = None;
        for pick in &self.picks {
            let Some(index) = problem
                .candidates
                .iter()
                .position(|c| c.exercise_id == pick.exercise_id)
            else {
                v(format!("pick {} is not a candidate", pick.exercise_id));
                continue;
            };
            if Some(index) <= last_index {
                v(format!(
                    "pick {} repeated or out of candidate order",
                    pick.exercise_id
                ));
            }
            last_index = Some(index);
            let cand = &problem.candidates[index];
            let min_sets = if relaxed(Relaxation::ShrinkMinimumSets) {
                1
            } else {
                cand.min_sets.max(1)
            };
            if pick.sets < min_sets || pick.sets > cand.max_sets {
                v(format!(
                    "pick {} has {} sets, allowed {min_sets}..={}",
                    pick.exercise_id, pick.sets, cand.max_sets
                ));
            }
            if c.excluded.contains(&pick.exercise_id) {
                v(format!("pick {} is excluded", pick.exercise_id));
            }
        }

        // Totals.
        let total_sets: u32 = self.picks.iter().map(|p| p.sets).sum();
        let count = self.picks.len() as u32;
        let (mut min_sets, mut max_sets) = (c.min_total_sets, c.max_total_sets);
        let (mut min_ex, mut max_ex) = (c.min_exercises, c.max_exercises);
        if relaxed(Relaxation::WidenSetRange) {
            (min_sets, max_sets) = (min_sets.min(1), max_sets.max(1));
            (min_ex, max_ex) = (min_ex.min(1), max_ex.max(1));
        }
        if total_sets < min_sets || total_sets > max_sets {
            v(format!(
                "{total_sets} total sets, allowed {min_sets}..={max_sets}"
            ));
        }
        if count < min_ex || count > max_ex {
            v(format!("{count} exercises, allowed {min_ex}..={max_ex}"));
        }

        // Time (never relaxed).
        let minutes = problem.minutes(&self.picks);
        if exceeds(minutes, c.available_minutes) {
            v(format!(
                "{minutes:.2} minutes, available {:.2}",
                c.available_minutes
            ));
        }

        // Muscle caps (protected ones never relaxed) and the balance floor.
        let sets = problem.muscle_sets(&self.picks);
        for (m, cap) in &c.muscle_caps {
            if relaxed(Relaxation::LiftVolumeCaps) && !c.protected_muscles.contains(m) {
                continue;
            }
            let s = sets.get(m).copied().unwrap_or(0.0);
            if exceeds(s, *cap) {
                v(format!("{m:?}: {s} fractional sets, cap {cap}"));
            }
        }
        if !relaxed(Relaxation::DropBalanceFloor) && c.min_target_sets > 0.0 {
            for m in c.target_muscles.keys() {
                let s = sets.get(m).copied().unwrap_or(0.0);
                if exceeds(c.min_target_sets, s) {
                    v(format!(
                        "{m:?}: {s} fractional sets, floor {}",
                        c.min_target_sets
                    ));
                }
            }
        }

        // Requirements, patterns, compound.
        if !relaxed(Relaxation::DropRequirements) {
            for group in &c.required_groups {
                if !self.picks.iter().any(|p| group.contains(&p.exercise_id)) {
                    v(format!("no pick from required group {group:?}"));
                }
            }
        }
        let mut per_pattern: BTreeMap<MovementPattern, u32> = BTreeMap::new();
        let mut compound = false;
        for pick in &self.picks {
            if let Some(cand) = problem.candidate(pick.exercise_id) {
                compound |= cand.compound;
                if cand.pattern.is_main() {
                    *per_pattern.entry(cand.pattern).or_insert(0) += 1;
                }
            }
        }
        for (pattern, n) in per_pattern {
            let allowed = if relaxed(Relaxation::AllowRepeatedPatterns)
                || c.patterns_allowing_two.contains(&pattern)
            {
                2
            } else {
                1
            };
            if n > allowed {
                v(format!(
                    "{n} exercises of main pattern {pattern:?}, allowed {allowed}"
                ));
            }
        }
        if c.require_compound && !relaxed(Relaxation::DropCompoundRequirement) && !compound {
            v("no compound exercise".to_owned());
        }
        out
    }
}
