//! Constraint building: one pure function from a day's signals to the hard
//! constraints the optimizer solves ([`SessionConstraints`]), plus the allowed
//! exercises, the day's rep/RPE/rest prescriptions and human-readable notes.
//!
//! Rules, in order (design.md, "The adaptive loop", step 3):
//! 1. Equipment: today's (signals) overrides the program's, which overrides the
//!    profile's. Bodyweight is always available.
//! 2. Exclusions: equipment not at hand; `avoid` rules in force (exercise,
//!    pattern, or muscle — a muscle excludes every exercise with it as primary);
//!    the request's `avoid_exercises`; exercises whose primary muscle is under
//!    the readiness threshold; any exercise touching a muscle under half the
//!    threshold. Avoided things can never be allowed.
//! 3. Muscle caps: today's share of the microcycle's volume still open under
//!    the goal-blended target (never above the MRV or [`SESSION_SET_CAP`]),
//!    scaled by recovery (60–100 % → ×0.6–1.0) and the day's volume factor.
//!    Muscles under readiness, or avoided, are `protected` with at most
//!    [`INDIRECT_ALLOWANCE_SETS`] of indirect (secondary) work.
//! 4. Totals from the time budget (coaching.md: 45 min ≈ 12–16 sets), scaled by
//!    low energy / short sleep ([`readiness_adjustment`]) and deloads (×0.5).
//! 5. Required groups: `require` rules not yet met this microcycle, applied on
//!    a day whose targets fit them or on the microcycle's last training day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::equipment::Equipment;
use crate::exercise::{Exercise, ExerciseId};
use crate::microcycle::{Microcycle, MicrocycleDay};
use crate::muscle::Muscle;
use crate::pattern::Mechanics;
use crate::prescription::{DELOAD_SET_FACTOR, Prescription, prescribe};
use crate::profile::Experience;
use crate::program::ProgramSettings;
use crate::recovery::RecoveryState;
use crate::rules::{MovementRule, RuleTarget, RuleType};
use crate::selection::SessionConstraints;
use crate::signals::AdaptationSignals;
use crate::timing::{TRANSITION_MINUTES, WARMUP_MINUTES};
use crate::volume::{SESSION_SET_CAP, per_microcycle, scaled_landmarks, weekly_target};

/// Fractional sets of indirect work a protected muscle may still get (our choice:
/// about four sets of exercises that use it as a secondary muscle).
pub const INDIRECT_ALLOWANCE_SETS: f64 = 2.0;
/// Weight of a day's own target muscles in the objective.
pub const DAY_TARGET_WEIGHT: f64 = 1.0;
/// Weight of the request's focus muscles (emphasised over the day's targets).
pub const FOCUS_MUSCLE_WEIGHT: f64 = 1.5;
/// Today's cap may exceed an even share of the open weekly volume by this factor.
pub const SPREAD_ALLOWANCE: f64 = 1.5;
/// Hard sets per minute at the top of the range (coaching.md: 45 min ≈ 16 sets).
pub const MAX_SETS_PER_MINUTE: f64 = 16.0 / 45.0;
/// Hard sets per minute at the bottom of the range (coaching.md: 45 min ≈ 12 sets).
pub const MIN_SETS_PER_MINUTE: f64 = 12.0 / 45.0;
/// Most hard sets in any one session (our choice; beyond this quality drops).
pub const SESSION_MAX_TOTAL_SETS: u32 = 30;
/// Balance floor per target muscle (fractional sets) when the day has room for it.
pub const BALANCE_FLOOR_SETS: f64 = 1.0;
/// The floor applies when max total sets ≥ this × the number of target muscles.
pub const BALANCE_FLOOR_ROOM: f64 = 1.5;
/// Most exercises in one session.
pub const SESSION_MAX_EXERCISES: u32 = 10;

/// Everything the constraint builder looks at.
#[derive(Debug, Clone, Copy)]
pub struct ConstraintInput<'a> {
    /// The date being planned.
    pub date: NaiveDate,
    /// The microcycle day of that date.
    pub day: &'a MicrocycleDay,
    /// The program's microcycle (for the remaining days).
    pub microcycle: &'a Microcycle,
    /// Whether the date is in a deload microcycle.
    pub is_deload: bool,
    pub settings: &'a ProgramSettings,
    pub experience: Experience,
    /// The profile's equipment (used when the program lists none).
    pub profile_equipment: &'a [Equipment],
    /// All of the user's movement rules (expired ones are ignored).
    pub rules: &'a [MovementRule],
    pub recovery: &'a RecoveryState,
    /// Percent recovered needed for direct work (default 60).
    pub ready_threshold_pct: f64,
    /// Fractional sets per muscle done in this microcycle before the date.
    pub volume_so_far: &'a BTreeMap<Muscle, f64>,
    /// Exercises done in this microcycle before the date (for `require` rules).
    pub done_this_microcycle: &'a BTreeSet<ExerciseId>,
    pub signals: &'a AdaptationSignals,
    pub catalog: &'a [Exercise],
}

/// The builder's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct DayConstraints {
    /// What the optimizer gets.
    pub session: SessionConstraints,
    /// Catalog exercises allowed today (the complement of `session.excluded`).
    pub allowed: BTreeSet<ExerciseId>,
    /// Allowed exercises that a `prefer` rule names.
    pub preferred: BTreeSet<ExerciseId>,
    /// Equipment at hand today.
    pub equipment: Vec<Equipment>,
    /// Prescription for compound exercises today (deload and RPE drop applied).
    pub compound: Prescription,
    /// Prescription for isolation exercises today.
    pub isolation: Prescription,
    /// Multiplier on volume from energy, sleep and deload (≤ 1).
    pub volume_factor: f64,
    /// RPE points taken off for low energy or short sleep.
    pub rpe_drop: f64,
    pub is_deload: bool,
    /// Human-readable adaptations ("Dropped direct work on lower_back: soreness 7/10").
    pub notes: Vec<String>,
}

impl DayConstraints {
    /// The prescription for an exercise role.
    pub fn prescription(&self, mechanics: Mechanics) -> Prescription {
        match mechanics {
            Mechanics::Compound => self.compound,
            Mechanics::Isolation => self.isolation,
        }
    }
}

/// Volume factor and RPE drop from energy (1–10) and sleep hours (our choice:
/// energy ≤ 3 → ×0.7 and −1 RPE, ≤ 5 → ×0.85; sleep < 5 h → ×0.7 and −1 RPE,
/// < 6 h → ×0.85; combined multiplicatively, not below ×0.5, drop at most 1.5).
pub fn readiness_adjustment(energy: Option<f64>, sleep_hours: Option<f64>) -> (f64, f64) {
    let (mut factor, mut drop) = (1.0_f64, 0.0_f64);
    match energy {
        Some(e) if e <= 3.0 => {
            factor *= 0.7;
            drop += 1.0;
        }
        Some(e) if e <= 5.0 => factor *= 0.85,
        _ => {}
    }
    match sleep_hours {
        Some(s) if s < 5.0 => {
            factor *= 0.7;
            drop += 1.0;
        }
        Some(s) if s < 6.0 => factor *= 0.85,
        _ => {}
    }
    (factor.max(0.5), drop.min(1.5))
}

fn round_half_down(v: f64) -> f64 {
    ((v * 2.0).floor() / 2.0).max(0.0)
}

/// Builds the day's constraints. Pure; never fails (validated inputs).
pub fn build_constraints(input: &ConstraintInput<'_>) -> DayConstraints {
    let mut notes = Vec::new();
    let goals = input.settings.goals();
    let signals = input.signals;

    // 1. Equipment.
    let mut equipment: Vec<Equipment> = match signals.equipment() {
        Some(eq) => {
            notes.push("Using today's equipment".to_owned());
            eq.to_vec()
        }
        None if !input.settings.equipment().is_empty() => input.settings.equipment().to_vec(),
        None => input.profile_equipment.to_vec(),
    };
    if !equipment.contains(&Equipment::Bodyweight) {
        equipment.push(Equipment::Bodyweight);
    }
    equipment.sort();
    equipment.dedup();

    // Readiness and prescriptions.
    let (mut volume_factor, rpe_drop) =
        readiness_adjustment(signals.energy(), signals.sleep_hours());
    if volume_factor < 1.0 || rpe_drop > 0.0 {
        notes.push(format!(
            "Reduced volume to {:.0} %{} for energy/sleep",
            volume_factor * 100.0,
            if rpe_drop > 0.0 {
                format!(" and RPE by {rpe_drop}")
            } else {
                String::new()
            }
        ));
    }
    if input.is_deload {
        volume_factor *= DELOAD_SET_FACTOR;
        notes.push("Deload microcycle: about half the sets, RPE −2, loads −10 %".to_owned());
    }
    let compound = prescribe(goals, Mechanics::Compound, input.is_deload).with_rpe_drop(rpe_drop);
    let isolation = prescribe(goals, Mechanics::Isolation, input.is_deload).with_rpe_drop(rpe_drop);

    let rules_in_force: Vec<&MovementRule> = input
        .rules
        .iter()
        .filter(|r| r.in_force(input.date))
        .collect();
    let avoid: Vec<&MovementRule> = rules_in_force
        .iter()
        .copied()
        .filter(|r| r.rule_type == RuleType::Avoid)
        .collect();
    let avoided_muscles: BTreeSet<Muscle> = avoid
        .iter()
        .filter_map(|r| match r.target {
            RuleTarget::Muscle(m) => Some(m),
            _ => None,
        })
        .collect();

    // Effective recovery per muscle: the state, worsened by today's reported soreness.
    let threshold = if input.ready_threshold_pct.is_finite() {
        input.ready_threshold_pct.clamp(0.0, 100.0)
    } else {
        crate::recovery::DEFAULT_READY_THRESHOLD_PCT
    };
    let mut recovery: BTreeMap<Muscle, f64> = BTreeMap::new();
    for &m in Muscle::ALL {
        let mut r = input.recovery.recovery_pct(m);
        if let Some(level) = signals.soreness().get(&m) {
            r = r.min(100.0 - level * 10.0);
        }
        recovery.insert(m, r.clamp(0.0, 100.0));
    }
    let not_ready: BTreeSet<Muscle> = recovery
        .iter()
        .filter(|(_, r)| **r < threshold)
        .map(|(m, _)| *m)
        .collect();
    let exhausted: BTreeSet<Muscle> = recovery
        .iter()
        .filter(|(_, r)| **r < threshold / 2.0)
        .map(|(m, _)| *m)
        .collect();
    for m in &not_ready {
        let why = match signals.soreness().get(m) {
            Some(level) if 100.0 - level * 10.0 <= input.recovery.recovery_pct(*m) => {
                format!("soreness {level:.0}/10")
            }
            _ => match input.recovery.get(*m) {
                Some(s)
                    if s.soreness >= 0.5 && s.soreness * 10.0 >= 100.0 - s.recovery_pct - 1e-9 =>
                {
                    format!("soreness {:.0}/10", s.soreness)
                }
                _ => format!("{:.0} % recovered", recovery.get(m).copied().unwrap_or(0.0)),
            },
        };
        let what = if exhausted.contains(m) {
            "all work"
        } else {
            "direct work"
        };
        notes.push(format!("Dropped {what} on {m}: {why}"));
    }
    for m in &avoided_muscles {
        notes.push(format!("Avoiding direct work on {m} (movement rule)"));
    }

    // 2. Allowed exercises.
    let today_avoid: BTreeSet<ExerciseId> = signals.avoid_exercises().iter().copied().collect();
    let mut allowed = BTreeSet::new();
    let mut excluded = BTreeSet::new();
    for ex in input.catalog {
        let ok = ex.possible_with(&equipment)
            && !avoid.iter().any(|r| r.matches(ex))
            && !today_avoid.contains(&ex.id)
            && !ex.primary_muscles.iter().any(|m| not_ready.contains(m))
            && !ex.muscle_credits().any(|(m, _)| exhausted.contains(&m));
        if ok {
            allowed.insert(ex.id);
        } else {
            excluded.insert(ex.id);
        }
    }
    if !today_avoid.is_empty() {
        notes.push(format!(
            "Left out {} exercise(s) as requested",
            today_avoid.len()
        ));
    }
    let preferred: BTreeSet<ExerciseId> = input
        .catalog
        .iter()
        .filter(|ex| allowed.contains(&ex.id))
        .filter(|ex| {
            rules_in_force
                .iter()
                .any(|r| r.rule_type == RuleType::Prefer && r.matches(ex))
        })
        .map(|ex| ex.id)
        .collect();

    let protected: BTreeSet<Muscle> = not_ready.union(&avoided_muscles).copied().collect();

    // Rest and active-recovery days: nothing to select.
    if !input.day.is_training() {
        notes.push(format!("{}: no training", input.day.label));
        let session = SessionConstraints {
            target_muscles: BTreeMap::new(),
            muscle_caps: Muscle::ALL.iter().map(|m| (*m, 0.0)).collect(),
            protected_muscles: protected,
            min_total_sets: 0,
            max_total_sets: 0,
            min_exercises: 0,
            max_exercises: 0,
            available_minutes: 0.0,
            warmup_minutes: 0.0,
            transition_minutes: TRANSITION_MINUTES,
            excluded,
            required_groups: Vec::new(),
            patterns_allowing_two: BTreeSet::new(),
            require_compound: false,
            min_target_sets: 0.0,
        };
        return DayConstraints {
            session,
            allowed,
            preferred,
            equipment,
            compound,
            isolation,
            volume_factor,
            rpe_drop,
            is_deload: input.is_deload,
            notes,
        };
    }

    // 3. Targets and caps.
    let len = input.microcycle.length_days();
    let day_targets = input.day.effective_targets();
    let mut targets: BTreeMap<Muscle, f64> = day_targets
        .iter()
        .map(|m| (*m, DAY_TARGET_WEIGHT))
        .collect();
    for m in signals.focus_muscles() {
        targets.insert(*m, FOCUS_MUSCLE_WEIGHT);
    }
    let mut caps = BTreeMap::new();
    for &m in Muscle::ALL {
        let landmarks = scaled_landmarks(m, input.experience);
        let done = input
            .volume_so_far
            .get(&m)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
            .max(0.0);
        let open_mrv = (per_microcycle(landmarks.mrv, len) - done).max(0.0);
        let mut cap = SESSION_SET_CAP.min(open_mrv);
        if targets.contains_key(&m) {
            let open_target =
                (per_microcycle(weekly_target(m, input.experience, goals), len) - done).max(0.0);
            let days_left = input
                .microcycle
                .remaining_days_targeting(input.day.day_index, m)
                .max(1);
            cap = cap.min(open_target / days_left as f64 * SPREAD_ALLOWANCE);
            // A focus muscle may always get a minimum dose if recovered and under MRV.
            if signals.focus_muscles().contains(&m) {
                cap = cap.max(4.0_f64.min(open_mrv));
            }
        }
        let r = recovery.get(&m).copied().unwrap_or(100.0);
        cap *= (r / 100.0).clamp(0.0, 1.0) * volume_factor;
        if exhausted.contains(&m) {
            cap = 0.0;
        } else if protected.contains(&m) {
            cap = cap.min(INDIRECT_ALLOWANCE_SETS);
            if not_ready.contains(&m) {
                cap = INDIRECT_ALLOWANCE_SETS.min(open_mrv);
            }
        }
        caps.insert(m, round_half_down(cap));
    }
    let before: Vec<Muscle> = targets.keys().copied().collect();
    targets.retain(|m, _| !protected.contains(m) && caps.get(m).copied().unwrap_or(0.0) >= 1.0);
    for m in before
        .iter()
        .filter(|m| !targets.contains_key(m) && !protected.contains(m))
    {
        notes.push(format!(
            "No more sets for {m} this microcycle: volume target reached"
        ));
    }

    // 4. Totals from the time budget.
    let mut minutes = f64::from(input.settings.session_minutes());
    if let Some(avail) = signals.available_minutes().filter(|a| *a < minutes) {
        notes.push(format!("Time budget {avail:.0} min (available today)"));
        minutes = avail;
    }
    let base_max = (minutes * MAX_SETS_PER_MINUTE)
        .round()
        .min(f64::from(SESSION_MAX_TOTAL_SETS));
    let base_min = (minutes * MIN_SETS_PER_MINUTE).round();
    let max_total = ((base_max * volume_factor).floor() as u32).max(1);
    let target_room: f64 = targets
        .keys()
        .map(|m| caps.get(m).copied().unwrap_or(0.0))
        .sum();
    let min_total = ((base_min * volume_factor).floor() as u32)
        .min(target_room.floor() as u32)
        .min(max_total)
        .max(1);
    let max_exercises =
        ((f64::from(max_total) / 2.5).round() as u32).clamp(1, SESSION_MAX_EXERCISES);
    let min_exercises = (min_total / 4).clamp(1, max_exercises);

    // 5. Required groups.
    let by_id: BTreeMap<ExerciseId, &Exercise> = input.catalog.iter().map(|e| (e.id, e)).collect();
    let last_chance = input
        .microcycle
        .remaining_training_days(input.day.day_index)
        <= 1;
    let mut required_groups = Vec::new();
    for rule in rules_in_force
        .iter()
        .filter(|r| r.rule_type == RuleType::Require)
    {
        let met = input
            .done_this_microcycle
            .iter()
            .filter_map(|id| by_id.get(id))
            .any(|ex| rule.matches(ex));
        if met {
            continue;
        }
        let group: Vec<&Exercise> = input
            .catalog
            .iter()
            .filter(|ex| allowed.contains(&ex.id) && rule.matches(ex))
            .collect();
        if group.is_empty() {
            notes.push(format!(
                "Required {} is not possible today (equipment, rules or recovery)",
                rule.target.describe()
            ));
            continue;
        }
        let fits = group
            .iter()
            .any(|ex| ex.primary_muscles.iter().any(|m| targets.contains_key(m)));
        if fits || last_chance {
            required_groups.push(group.iter().map(|ex| ex.id).collect());
            notes.push(format!("Including required {}", rule.target.describe()));
        }
    }

    let require_compound = input
        .catalog
        .iter()
        .any(|ex| allowed.contains(&ex.id) && ex.is_compound());
    let patterns_allowing_two = input
        .day
        .focus
        .map(|f| f.patterns_allowing_two().into_iter().collect())
        .unwrap_or_default();

    // Balance floor: one fractional set per target muscle when the day has room.
    let min_target_sets = if f64::from(max_total) >= BALANCE_FLOOR_ROOM * targets.len() as f64 {
        BALANCE_FLOOR_SETS
    } else {
        0.0
    };
    let session = SessionConstraints {
        target_muscles: targets,
        muscle_caps: caps,
        protected_muscles: protected,
        min_total_sets: min_total,
        max_total_sets: max_total,
        min_exercises,
        max_exercises,
        available_minutes: minutes,
        warmup_minutes: WARMUP_MINUTES,
        transition_minutes: TRANSITION_MINUTES,
        excluded,
        required_groups,
        patterns_allowing_two,
        require_compound,
        min_target_sets,
    };
    DayConstraints {
        session,
        allowed,
        preferred,
        equipment,
        compound,
        isolation,
        volume_factor,
        rpe_drop,
        is_deload: input.is_deload,
        notes,
    }
}

#[cfg(test)]
pub(crate) mod tests;
