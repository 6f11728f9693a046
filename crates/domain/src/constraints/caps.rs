//! Per-muscle caps, target muscles and session totals (sections 3 and 4 of
//! [`crate::constraints`]).

use std::collections::{BTreeMap, BTreeSet};

use super::readiness::Readiness;
use super::{
    ConstraintInput, DAY_TARGET_WEIGHT, FOCUS_MUSCLE_MIN_SETS, FOCUS_MUSCLE_WEIGHT,
    INDIRECT_ALLOWANCE_SETS, MAX_SETS_PER_MINUTE, MIN_SETS_PER_MINUTE, MIN_SETS_SHARE_OF_MAX,
    SESSION_MAX_EXERCISES, SESSION_MAX_TOTAL_SETS, SETS_PER_EXERCISE_ESTIMATE, SPREAD_ALLOWANCE,
    TARGET_MET_WEIGHT_FACTOR,
};
use crate::exercise::ExerciseId;
use crate::muscle::Muscle;
use crate::prescription::Prescription;
use crate::timing::{TRANSITION_MINUTES, WARMUP_MINUTES, minutes_per_set};
use crate::volume::{SESSION_SET_CAP, per_microcycle, scaled_landmarks, weekly_target};

/// Fractional credit a typical set spends across the target muscles' caps
/// (1 primary plus secondaries on other targets; a full-body squat set spends
/// up to 3) — a conservative estimate so the minimum stays reachable.
pub const ROOM_CREDIT_PER_SET: f64 = 3.5;

fn round_half_down(v: f64) -> f64 {
    ((v * 2.0).floor() / 2.0).max(0.0)
}

/// The day's target muscles (weights) and every muscle's cap on fractional sets.
pub(super) fn targets_and_caps(
    input: &ConstraintInput<'_>,
    ready: &Readiness,
    protected: &BTreeSet<Muscle>,
    allowed: &BTreeSet<ExerciseId>,
    volume_factor: f64,
    min_dose: f64,
    notes: &mut Vec<String>,
) -> (BTreeMap<Muscle, f64>, BTreeMap<Muscle, f64>) {
    let goals = input.settings.goals();
    let focus = input.signals.focus_muscles();
    let len = input.microcycle.length_days();
    let mut targets: BTreeMap<Muscle, f64> = input
        .day
        .effective_targets()
        .iter()
        .map(|m| (*m, DAY_TARGET_WEIGHT))
        .collect();
    for m in focus {
        targets.insert(*m, FOCUS_MUSCLE_WEIGHT);
    }
    let mut caps = BTreeMap::new();
    let mut target_met = BTreeSet::new();
    let mut mrv_reached = BTreeSet::new();
    for &m in Muscle::ALL {
        let done = input
            .volume_so_far
            .get(&m)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
            .max(0.0);
        let mrv = scaled_landmarks(m, input.experience).mrv;
        let open_mrv = (per_microcycle(mrv, len) - done).max(0.0);
        if open_mrv < min_dose.max(1.0) {
            mrv_reached.insert(m);
        }
        let mut cap = SESSION_SET_CAP.min(open_mrv);
        if let Some(weight) = targets.get_mut(&m) {
            // Today's share of the volume still open under MRV, spread over the
            // microcycle's remaining days that train this muscle.
            let days_left = input
                .microcycle
                .remaining_days_targeting(input.day.day_index, m)
                .max(1);
            cap = cap.min(open_mrv / days_left as f64 * SPREAD_ALLOWANCE);
            if focus.contains(&m) {
                cap = cap.max(FOCUS_MUSCLE_MIN_SETS.min(open_mrv));
            }
            // The goal-blended weekly target sets priority: once met, half weight.
            let target = per_microcycle(weekly_target(m, input.experience, goals), len);
            if done >= target {
                target_met.insert(m);
                *weight *= TARGET_MET_WEIGHT_FACTOR;
            }
        }
        // Recovery between the threshold and 100 % scales the cap proportionally.
        let r = ready.recovery.get(&m).copied().unwrap_or(100.0);
        cap *= (r / 100.0).clamp(0.0, 1.0) * volume_factor;
        if ready.exhausted.contains(&m) {
            cap = 0.0;
        } else if ready.not_ready.contains(&m) {
            cap = INDIRECT_ALLOWANCE_SETS.min(open_mrv);
        } else if protected.contains(&m) {
            cap = cap.min(INDIRECT_ALLOWANCE_SETS);
        }
        caps.insert(m, round_half_down(cap));
    }
    // A target needs room for one exercise's minimum sets of direct work today
    // and an allowed exercise training it as primary.
    let trainable: BTreeSet<Muscle> = input
        .catalog
        .iter()
        .filter(|ex| allowed.contains(&ex.id))
        .flat_map(|ex| ex.primary_muscles.iter().copied())
        .collect();
    let before: Vec<Muscle> = targets.keys().copied().collect();
    targets.retain(|m, _| {
        !protected.contains(m)
            && caps.get(m).copied().unwrap_or(0.0) >= min_dose.max(1.0)
            && trainable.contains(m)
    });
    for m in before
        .iter()
        .filter(|m| !targets.contains_key(m) && !protected.contains(m))
    {
        if !trainable.contains(m) {
            notes.push(format!(
                "No direct work for {m} today: no exercise for it with this equipment"
            ));
        } else if mrv_reached.contains(m) {
            notes.push(format!(
                "No more sets for {m} this microcycle: maximum recoverable volume reached"
            ));
        } else {
            notes.push(format!(
                "No direct work for {m} today: too little room left"
            ));
        }
    }
    for m in target_met.iter().filter(|m| targets.contains_key(m)) {
        notes.push(format!(
            "Weekly target for {m} reached: lower priority today"
        ));
    }
    (targets, caps)
}

/// Total sets, exercise counts and the time budget.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Totals {
    pub minutes: f64,
    pub min_sets: u32,
    pub max_sets: u32,
    pub min_exercises: u32,
    pub max_exercises: u32,
}

impl Totals {
    /// From the session length (or today's shorter time): coaching.md's rule of
    /// thumb (45 min ≈ 12–16 sets), but never more sets than fit the time
    /// model (warm-up, then the average of today's compound and isolation
    /// minutes per set plus a transition per exercise of about
    /// [`SETS_PER_EXERCISE_ESTIMATE`] sets). Scaled by the volume factor. The
    /// minimum is deliberately loose (the optimizer's objective fills the day
    /// up): at most [`MIN_SETS_SHARE_OF_MAX`] of the maximum, at most the summed
    /// caps of the target muscles over [`ROOM_CREDIT_PER_SET`] (a set also
    /// spends secondary credit),
    /// and reachable with the exercise count and sets per exercise allowed.
    pub fn new(
        input: &ConstraintInput<'_>,
        volume_factor: f64,
        prescriptions: [&Prescription; 2],
        targets: &BTreeMap<Muscle, f64>,
        caps: &BTreeMap<Muscle, f64>,
        notes: &mut Vec<String>,
    ) -> Self {
        let mut minutes = f64::from(input.settings.session_minutes());
        if let Some(avail) = input.signals.available_minutes().filter(|a| *a < minutes) {
            notes.push(format!("Time budget {avail:.0} min (available today)"));
            minutes = avail;
        }
        let sets_hi = prescriptions
            .iter()
            .map(|p| p.sets_max)
            .max()
            .unwrap_or(1)
            .max(1);
        let sets_lo = prescriptions
            .iter()
            .map(|p| p.sets_min)
            .min()
            .unwrap_or(1)
            .max(1);
        let per_exercise = SETS_PER_EXERCISE_ESTIMATE.min(f64::from(sets_hi));
        let avg_set: f64 = prescriptions
            .iter()
            .map(|p| minutes_per_set(p.reps_mid(), f64::from(p.rest_seconds)))
            .sum::<f64>()
            / prescriptions.len() as f64;
        let per_set = avg_set + TRANSITION_MINUTES / per_exercise;
        let time_max = ((minutes - WARMUP_MINUTES).max(0.0) / per_set).floor();
        let base_max = (minutes * MAX_SETS_PER_MINUTE)
            .round()
            .min(time_max)
            .min(f64::from(SESSION_MAX_TOTAL_SETS));
        let base_min = (minutes * MIN_SETS_PER_MINUTE)
            .round()
            .min((base_max * MIN_SETS_SHARE_OF_MAX).floor());
        let max_sets = ((base_max * volume_factor).floor() as u32).max(1);
        let max_exercises = ((f64::from(max_sets) / per_exercise).round() as u32)
            .max(max_sets.div_ceil(sets_hi))
            .clamp(1, SESSION_MAX_EXERCISES);
        let room: f64 = targets
            .keys()
            .map(|m| caps.get(m).copied().unwrap_or(0.0))
            .sum::<f64>()
            / ROOM_CREDIT_PER_SET;
        let min_sets = ((base_min * volume_factor).floor() as u32)
            .min(room.floor() as u32)
            .min(max_exercises * sets_hi)
            .min(max_sets)
            .max(1);
        let min_exercises = (min_sets / 4)
            .min(max_sets / sets_lo)
            .clamp(1, max_exercises);
        Totals {
            minutes,
            min_sets,
            max_sets,
            min_exercises,
            max_exercises,
        }
    }
}
