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
use crate::volume::{
    SESSION_SET_CAP, landmark_sets, per_microcycle, scaled_landmarks, weekly_cap, weekly_target,
};

/// Fractional credit a typical set spends across the target muscles' caps
/// (1 primary plus secondaries on other targets; a full-body squat set spends
/// up to 3) — a conservative estimate so the minimum stays reachable.
pub const ROOM_CREDIT_PER_SET: f64 = 3.5;

/// The major groups that come first when the week cannot reach every MEV
/// (issue 15; RP: chest, back, quads, hamstrings and glutes).
pub const MAJOR_GROUPS: [Muscle; 6] = [
    Muscle::Chest,
    Muscle::Lats,
    Muscle::UpperBack,
    Muscle::Quads,
    Muscle::Hamstrings,
    Muscle::Glutes,
];
/// Priority multiplier of a target muscle still under its MEV this microcycle.
pub const UNDER_MEV_WEIGHT_FACTOR: f64 = 1.5;
/// The same for a major group.
pub const MAJOR_UNDER_MEV_WEIGHT_FACTOR: f64 = 2.0;
/// A further multiplier on the muscle's last day of the microcycle.
pub const LAST_DAY_UNDER_MEV_FACTOR: f64 = 1.5;

/// The weekly target of microcycle `index` in a block of `every_n`: MEV in
/// the first microcycle, the goal-blended target ([`weekly_target`], the
/// experience's point in MAV) in the last before the deload, linear between
/// ([`super::mesocycle_volume`]). Without a ramp, the goal-blended target.
pub fn ramped_target(
    muscle: Muscle,
    experience: crate::profile::Experience,
    goals: &crate::goal::GoalWeights,
    index: u32,
    every_n: u32,
) -> f64 {
    let full = weekly_target(muscle, experience, goals);
    match super::mesocycle_volume(index, every_n) {
        Some(share) => {
            let mev = scaled_landmarks(muscle, experience).mev;
            mev + (full - mev).max(0.0) * share
        }
        None => full,
    }
}

fn round_half_down(v: f64) -> f64 {
    ((v * 2.0).floor() / 2.0).max(0.0)
}

/// The day's target muscles (weights), every muscle's cap on fractional
/// sets, and the sets a target muscle under its MEV needs today to reach it
/// by the end of the microcycle (its share of what is left over the days
/// that still train it; all of it on its last day): the optimizer counts
/// those sets at full value ([`crate::selection::SessionConstraints::full_value_sets`]).
pub(super) fn targets_and_caps(
    input: &ConstraintInput<'_>,
    ready: &Readiness,
    protected: &BTreeSet<Muscle>,
    allowed: &BTreeSet<ExerciseId>,
    volume_factor: f64,
    min_dose: f64,
    notes: &mut Vec<String>,
) -> (
    BTreeMap<Muscle, f64>,
    BTreeMap<Muscle, f64>,
    BTreeMap<Muscle, f64>,
) {
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
    let mut full_value = BTreeMap::new();
    let mut target_met = BTreeSet::new();
    let mut under_mev = Vec::new();
    let mut mrv_reached = BTreeSet::new();
    for &m in Muscle::ALL {
        // The landmarks' count: the back budget's sets for the lats and the
        // upper back (a row is one back set, not one for each).
        let done = landmark_sets(m, input.volume_so_far, input.back_so_far);
        let done = if done.is_finite() { done.max(0.0) } else { 0.0 };
        let mrv = weekly_cap(m, input.experience);
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
            // The weekly target sets priority: once met, half weight. It
            // ramps from MEV in the block's first microcycle to the
            // goal-blended MAV target in its last ([`ramped_target`]).
            let mev = per_microcycle(scaled_landmarks(m, input.experience).mev, len);
            let target = per_microcycle(
                ramped_target(
                    m,
                    input.experience,
                    goals,
                    input.microcycle_index,
                    input.settings.deload_every_n(),
                ),
                len,
            );
            if done > 0.0 && done >= target {
                target_met.insert(m);
                *weight *= TARGET_MET_WEIGHT_FACTOR;
            } else if done < mev && input.day.effective_targets().contains(&m) {
                // MEV first: a muscle still under its MEV this microcycle
                // comes before those past it (or without one), the major
                // groups most of all, and more so on its last day.
                *weight *= if MAJOR_GROUPS.contains(&m) {
                    MAJOR_UNDER_MEV_WEIGHT_FACTOR
                } else {
                    UNDER_MEV_WEIGHT_FACTOR
                };
                if days_left == 1 {
                    *weight *= LAST_DAY_UNDER_MEV_FACTOR;
                    under_mev.push(m);
                }
                full_value.insert(m, (mev - done) / days_left as f64);
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
    balance_push_pull(&mut targets, input.volume_so_far);
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
    for m in under_mev.iter().filter(|m| targets.contains_key(m)) {
        notes.push(format!(
            "{m} is under its minimum effective volume this microcycle: first priority today"
        ));
    }
    for m in target_met.iter().filter(|m| targets.contains_key(m)) {
        notes.push(format!(
            "Weekly target for {m} reached: lower priority today"
        ));
    }
    (targets, caps, full_value)
}

/// Total sets, exercise counts and the time budget.
/// Muscles of pushing (presses) and of pulling (rows, pull-ups).
pub const PUSH_MUSCLES: [Muscle; 3] = [Muscle::Chest, Muscle::FrontDelts, Muscle::Triceps];
/// See [`PUSH_MUSCLES`].
pub const PULL_MUSCLES: [Muscle; 4] = [
    Muscle::Lats,
    Muscle::UpperBack,
    Muscle::Biceps,
    Muscle::RearDelts,
];
/// How far the week's pushing and pulling may drift apart before the
/// lagging side is favoured (coaching.md: weekly push:pull within 2:3–3:2).
pub const PUSH_PULL_DRIFT: f64 = 1.2;
/// Priority multiplier of the lagging side.
pub const PUSH_PULL_NUDGE: f64 = 1.5;

/// On a day that targets both pushing and pulling muscles, gives the two
/// sides the same total priority (a full-body day lists three pulling
/// targets and two pushing ones), then favours the side the microcycle's
/// sets so far have left behind (chest and triceps against lats and upper
/// back), so the week's push:pull stays inside 2:3–3:2.
fn balance_push_pull(targets: &mut BTreeMap<Muscle, f64>, so_far: &BTreeMap<Muscle, f64>) {
    let side = |ms: &[Muscle]| -> f64 { ms.iter().filter_map(|m| targets.get(m)).sum() };
    let (push_w, pull_w) = (side(&PUSH_MUSCLES), side(&PULL_MUSCLES));
    if push_w <= 0.0 || pull_w <= 0.0 {
        return;
    }
    let done = |ms: &[Muscle]| -> f64 {
        ms.iter()
            .filter_map(|m| so_far.get(m))
            .filter(|v| v.is_finite())
            .sum()
    };
    let push_done = done(&[Muscle::Chest, Muscle::Triceps]);
    let pull_done = done(&[Muscle::Lats, Muscle::UpperBack]);
    let mut push_factor = (pull_w / push_w).max(1.0);
    let mut pull_factor = (push_w / pull_w).max(1.0);
    if pull_done > PUSH_PULL_DRIFT * push_done.max(1.0) {
        push_factor *= PUSH_PULL_NUDGE;
    } else if push_done > PUSH_PULL_DRIFT * pull_done.max(1.0) {
        pull_factor *= PUSH_PULL_NUDGE;
    }
    for (m, w) in targets.iter_mut() {
        if PUSH_MUSCLES.contains(m) {
            *w *= push_factor;
        } else if PULL_MUSCLES.contains(m) {
            *w *= pull_factor;
        }
    }
}

/// Today's time budget in minutes: the program's session length, or less when
/// the day's signals say so.
pub fn session_budget(input: &ConstraintInput<'_>) -> f64 {
    let planned = f64::from(input.settings.session_minutes());
    input
        .signals
        .available_minutes()
        .filter(|a| *a < planned)
        .unwrap_or(planned)
}

/// Minutes one exercise of a prescription takes at its minimum sets,
/// with the transition to it.
fn exercise_minutes(p: &Prescription) -> f64 {
    f64::from(p.sets_min.max(1)) * minutes_per_set(p.reps_mid(), f64::from(p.rest_seconds))
        + TRANSITION_MINUTES
}

/// Lowers the compound prescription's minimum sets to 2 (never below what
/// it was) when a coach's fewest exercises for the minutes would not fit at
/// their minimum sets: a 30-minute session holds three exercises of two or
/// three sets, not two of four. Isolation work may always be two sets.
pub fn sets_for_count(minutes: f64, compound: &mut Prescription, isolation: &mut Prescription) {
    let (fewest, _) = exercise_range(minutes);
    let need = WARMUP_MINUTES
        + exercise_minutes(compound)
        + f64::from(fewest.saturating_sub(1)) * exercise_minutes(isolation);
    // A fifth of the budget is kept for what this estimate leaves out
    // (unilateral work takes double time, set-up of equipment).
    if need > minutes * SHORT_SESSION_SHARE {
        compound.sets_min = compound.sets_min.min(MIN_SETS_WHEN_SHORT);
    }
    // Accessories may always be two sets: room for the slots' accessories
    // next to the compounds when today's caps are tight.
    isolation.sets_min = isolation.sets_min.min(MIN_SETS_WHEN_SHORT);
    for p in [compound, isolation] {
        p.sets_max = p.sets_max.max(p.sets_min);
    }
}

/// Share of the budget the fewest exercises may fill at their prescribed sets
/// before the minimum drops to [`MIN_SETS_WHEN_SHORT`].
pub const SHORT_SESSION_SHARE: f64 = 0.8;

/// Share of the budget the fewest exercises' time bound counts on.
pub const COUNT_TIME_SHARE: f64 = 0.9;

/// The fewest sets of an exercise when time is short (issue 15: 2–5 sets each).
pub const MIN_SETS_WHEN_SHORT: u32 = 2;

/// How many exercises a session of `minutes` holds: (fewest, most).
pub fn exercise_range(minutes: f64) -> (u32, u32) {
    if minutes < 25.0 {
        (2, 4)
    } else if minutes < 37.5 {
        (3, 5)
    } else if minutes < 52.5 {
        (4, 7)
    } else if minutes < 67.5 {
        (5, 8)
    } else {
        (6, 9)
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Totals {
    pub minutes: f64,
    /// The general warm-up, plus the main lift's ramp when the day starts with one.
    pub warmup: f64,
    pub min_sets: u32,
    pub max_sets: u32,
    pub min_exercises: u32,
    pub restricted_min_exercises: u32,
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
        warmup: f64,
        volume_factor: f64,
        prescriptions: [&Prescription; 2],
        targets: &BTreeMap<Muscle, f64>,
        caps: &BTreeMap<Muscle, f64>,
        notes: &mut Vec<String>,
    ) -> Self {
        let minutes = session_budget(input);
        if input
            .signals
            .available_minutes()
            .is_some_and(|a| a < f64::from(input.settings.session_minutes()))
        {
            notes.push(format!("Time budget {minutes:.0} min (available today)"));
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
        // A coach's exercise count for the minutes (issue 15: 30 min → 3–5,
        // 45 → 4–7, 60 → 5–8, 75+ → 6–9), never more than the sets allow.
        // The time bound assumes one compound and the rest isolation work at
        // their minimum sets, so the count never forces a relaxation.
        let (fewest, most) = exercise_range(minutes);
        let max_exercises = most.min(max_sets / sets_lo.min(MIN_SETS_WHEN_SHORT)).max(1);
        let [compound, isolation] = prescriptions;
        // (A tenth of the time is kept for what the estimate leaves out: role
        // rests and reps, unilateral work, set-up.)
        let after_first = minutes * COUNT_TIME_SHARE - warmup - exercise_minutes(compound);
        let by_time = if after_first >= 0.0 {
            1 + (after_first / exercise_minutes(isolation)).floor().max(0.0) as u32
        } else {
            1
        };
        let min_exercises = fewest
            .max(min_sets.div_ceil(sets_hi))
            .min(by_time)
            .min(max_sets / sets_lo)
            .clamp(1, max_exercises);
        // On a restricted day (see `build_constraints`) only what the sets need.
        let restricted_min_exercises = (min_sets / 4)
            .min(max_sets / sets_lo)
            .clamp(1, max_exercises);
        Totals {
            minutes,
            warmup,
            min_sets,
            max_sets,
            min_exercises,
            restricted_min_exercises,
            max_exercises,
        }
    }
}
