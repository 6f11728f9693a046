//! Constraint building: one pure function from a day's signals to the hard
//! constraints the optimizer solves ([`SessionConstraints`]), plus the allowed
//! exercises, the day's rep/RPE/rest prescriptions and human-readable notes.
//!
//! Rules, in order (design.md, "The adaptive loop", step 3):
//! 1. Equipment: today's (signals) overrides the program's, which overrides the
//!    profile's. Bodyweight is always available.
//! 2. Exclusions: equipment not at hand; `avoid` rules in force (exercise,
//!    pattern, or muscle — a muscle excludes every exercise it is a major mover of,
//!    [`crate::movers`]);
//!    the request's `avoid_exercises`; exercises a muscle under
//!    the readiness threshold is a major mover of; any exercise touching a muscle under half the
//!    threshold. Avoided things can never be allowed.
//! 3. Muscle caps: today's share of the microcycle's volume still open under
//!    the MRV (never above [`crate::volume::SESSION_SET_CAP`]), scaled by
//!    recovery (60–100 % → ×0.6–1.0) and the day's volume factor. The
//!    goal-blended weekly target sets priority: a target muscle whose target
//!    is already met this microcycle keeps half its weight. A target needs
//!    room for one exercise's minimum sets and an allowed exercise that trains it.
//!    Muscles under readiness, or avoided, are `protected` with at most
//!    [`INDIRECT_ALLOWANCE_SETS`] of indirect (secondary) work.
//! 4. Totals from the time budget (coaching.md: 45 min ≈ 12–16 sets, never more
//!    than today's rests and transitions fit), scaled by low energy / short
//!    sleep ([`readiness_adjustment`]) and deloads (×0.5).
//! 5. Required groups: `require` rules not yet met this microcycle, applied on
//!    a day whose targets fit them or on the microcycle's last training day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::equipment::Equipment;
use crate::exercise::{Exercise, ExerciseId};
use crate::microcycle::{Microcycle, MicrocycleDay};
use crate::muscle::Muscle;
use crate::pattern::Mechanics;
use crate::prescription::{DELOAD_SET_FACTOR, Prescription, prescribe};
use crate::profile::Experience;
use crate::program::ProgramSettings;
use crate::recovery::RecoveryState;
use crate::role::{Role, main_lift_order};
use crate::rules::{MovementRule, RuleTarget, RuleType};
use crate::selection::SessionConstraints;
use crate::signals::AdaptationSignals;
use crate::slots::{Slot, SlotGroup};
use crate::timing::{TRANSITION_MINUTES, WARMUP_MINUTES, minutes_per_set};

mod caps;
mod readiness;
mod required;

pub use caps::{MAJOR_GROUPS, MIN_SETS_WHEN_SHORT, ramped_target};
use caps::{Totals, targets_and_caps};
use readiness::Readiness;
pub use readiness::readiness_adjustment;
use required::required_groups;

/// Fractional sets of indirect work a protected muscle may still get (our choice:
/// about four sets of exercises that use it as a secondary muscle).
pub const INDIRECT_ALLOWANCE_SETS: f64 = 2.0;
/// Weight of a day's own target muscles in the objective.
pub const DAY_TARGET_WEIGHT: f64 = 1.0;
/// Weight of the request's focus muscles (emphasised over the day's targets).
pub const FOCUS_MUSCLE_WEIGHT: f64 = 1.5;
/// Priority multiplier of a target muscle whose goal-blended weekly target is met.
pub const TARGET_MET_WEIGHT_FACTOR: f64 = 0.5;
/// Today's cap may exceed an even share of the volume still open under MRV by this factor.
pub const SPREAD_ALLOWANCE: f64 = 1.5;
/// Hard sets per minute at the top of the range (coaching.md: 45 min ≈ 16 sets).
pub const MAX_SETS_PER_MINUTE: f64 = 16.0 / 45.0;
/// Hard sets per minute at the bottom of the range (coaching.md: 45 min ≈ 12 sets).
pub const MIN_SETS_PER_MINUTE: f64 = 12.0 / 45.0;
/// The minimum total is at most this share of the maximum (room for the optimizer).
pub const MIN_SETS_SHARE_OF_MAX: f64 = 0.5;
/// Most hard sets in any one session (our choice; beyond this quality drops).
pub const SESSION_MAX_TOTAL_SETS: u32 = 30;
/// Balance floor per target muscle (fractional sets) when the day has room for it.
pub const BALANCE_FLOOR_SETS: f64 = 1.0;
/// The floor applies only when every target muscle's cap is at least this.
pub const BALANCE_FLOOR_MIN_CAP: f64 = 4.0;
/// The floor applies when there is an exercise per target muscle and max total
/// sets ≥ this × targets × the minimum sets per exercise.
pub const BALANCE_FLOOR_ROOM: f64 = 1.0;
/// A focus muscle from the request may always get this many sets (if recovered and under MRV).
pub const FOCUS_MUSCLE_MIN_SETS: f64 = 4.0;
/// Average sets per exercise used to size the exercise count (our choice).
pub const SETS_PER_EXERCISE_ESTIMATE: f64 = 2.5;
/// Fewest sets of an exercise in a deload microcycle.
pub const DELOAD_MIN_SETS: u32 = 1;
/// Most exercises in one session.
pub const SESSION_MAX_EXERCISES: u32 = 10;
/// Fewest working sets of a beginner's main lifts when the session has the
/// time (issue 15: beginners stuck at two sets). Novices learn and progress
/// the staple lifts with about three working sets each (NSCA *Essentials*,
/// 4th ed., ch. 17: novices 1–3 sets, the core lifts at the top of it;
/// Rippetoe's *Starting Strength*: 3 × 5); the other compounds and the
/// accessories may still drop to two when time is short.
pub const BEGINNER_MAIN_LIFT_SETS: u32 = 3;
/// Sessions shorter than this keep a beginner's main lifts at the
/// compound prescription's minimum (our choice: a half-hour session is
/// better spent on a fourth movement, a row or a hinge, than on a third
/// set of pull-ups; [`crate::slots::SHORT_FULL_BODY_MINUTES`]).
pub const BEGINNER_MAIN_LIFT_MIN_MINUTES: f64 = crate::slots::SHORT_FULL_BODY_MINUTES;

/// Most sets of one exercise on a full-body day under
/// [`crate::slots::SHORT_FULL_BODY_MINUTES`] (our choice; NSCA *Essentials*
/// ch. 17: 1–3 sets for novices).
pub const SHORT_FULL_BODY_MAX_SETS: u32 = 3;

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
    /// The 0-based microcycle of the date (for the mesocycle's effort ramp).
    pub microcycle_index: u32,
    /// The program's settings.
    pub settings: &'a ProgramSettings,
    /// The user's training experience.
    pub experience: Experience,
    /// The profile's equipment (used when the program lists none).
    pub profile_equipment: &'a [Equipment],
    /// All of the user's movement rules (expired ones are ignored).
    pub rules: &'a [MovementRule],
    /// Recovery of every muscle as of the date.
    pub recovery: &'a RecoveryState,
    /// Percent recovered needed for direct work (default 60).
    pub ready_threshold_pct: f64,
    /// Fractional sets per muscle done in this microcycle before the date.
    pub volume_so_far: &'a BTreeMap<Muscle, f64>,
    /// The back budget's sets done in this microcycle before the date
    /// ([`crate::volume::back_sets`]): the lats and the upper back are
    /// judged against their landmarks by it, not by their own credit.
    pub back_so_far: f64,
    /// Exercises done in this microcycle before the date (for `require` rules).
    pub done_this_microcycle: &'a BTreeSet<ExerciseId>,
    /// Today's adaptation signals.
    pub signals: &'a AdaptationSignals,
    /// The exercise catalog.
    pub catalog: &'a [Exercise],
}

/// The builder's answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Fewest sets of a main lift today ([`DayConstraints::takes_main_lift_sets`]):
    /// the compound prescription's, or [`BEGINNER_MAIN_LIFT_SETS`] for a
    /// beginner outside a deload when the session has the time.
    pub main_lift_min_sets: u32,
    /// Multiplier on volume from energy, sleep and deload (≤ 1).
    pub volume_factor: f64,
    /// RPE points taken off for low energy or short sleep.
    pub rpe_drop: f64,
    /// Whether the date is in a deload microcycle.
    pub is_deload: bool,
    /// The lifter's experience (a beginner's rests: [`crate::set_plan::role_rx_for`]).
    pub experience: Experience,
    /// Whether the day's accessories are done as supersets
    /// ([`crate::superset::day_supersets`]).
    pub supersets: bool,
    /// The focus's movement slots that can be filled today, most important
    /// first ([`crate::slots`]); the planner requires them, giving up the
    /// last ones first when the day cannot hold them all.
    pub slots: Vec<SlotGroup>,
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

    /// Whether `ex` keeps [`DayConstraints::main_lift_min_sets`]: a
    /// compound staple ([`Role::Main`]). On a full-body day that supersets
    /// its accessories, the day's lead lift (its first slot's,
    /// [`crate::DayFocus::slots_for`]) does, staple or not (a goblet squat
    /// leads a home lifter's squat day), and the other lower-body lift does
    /// not (a Romanian deadlift after the squat is the day's second leg
    /// lift): the squat and the hinge take the heavy sets in turn.
    pub fn takes_main_lift_sets(&self, ex: &Exercise) -> bool {
        if !ex.is_compound() {
            return false;
        }
        if self.supersets {
            let lower = |slot: Slot| matches!(slot, Slot::KneeDominant | Slot::HipDominant);
            let mut groups = self.slots.iter();
            if let Some(lead) = groups.next()
                && lower(lead.slot)
            {
                if lead.members.contains(&ex.id) {
                    return true;
                }
                if groups.any(|g| lower(g.slot) && g.members.contains(&ex.id)) {
                    return false;
                }
            }
        }
        ex.role() == Role::Main
    }
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

    // Energy, sleep and deload.
    let (readiness_factor, rpe_drop) =
        readiness_adjustment(signals.energy(), signals.sleep_hours());
    let mut volume_factor = readiness_factor;
    if volume_factor < 1.0 || rpe_drop > 0.0 {
        let rpe = if rpe_drop > 0.0 {
            format!(" and RPE by {rpe_drop}")
        } else {
            String::new()
        };
        notes.push(format!(
            "Reduced volume to {:.0} %{rpe} for energy/sleep",
            volume_factor * 100.0
        ));
    }
    if input.is_deload {
        volume_factor *= DELOAD_SET_FACTOR;
        notes.push("Deload microcycle: about half the sets, RPE −2, loads −10 %".to_owned());
    }
    // Deloads halve sets per exercise inside `prescribe`; low energy or short
    // sleep scales them too, so a shorter session can still hold a few exercises.
    let ramp = if input.is_deload {
        None
    } else {
        mesocycle_rpe(input.microcycle_index, input.settings.deload_every_n())
    };
    let ramped = |p: Prescription| match ramp {
        Some(rpe) => Prescription {
            target_rpe: rpe,
            ..p
        },
        None => p,
    };
    let mut compound = ramped(prescribe(goals, Mechanics::Compound, input.is_deload))
        .with_rpe_drop(rpe_drop)
        .scale_sets(readiness_factor);
    let mut isolation = ramped(prescribe(goals, Mechanics::Isolation, input.is_deload))
        .with_rpe_drop(rpe_drop)
        .scale_sets(readiness_factor);

    // The time model's rests follow the prescription's: a beginner rests at
    // the low end of the goal's range (`set_plan::role_rx_for`), and a
    // full-body day's supersetted accessories half of it (`superset`).
    if input.experience == Experience::Beginner {
        compound.rest_seconds = crate::prescription::rest_low_end(goals, Mechanics::Compound);
        isolation.rest_seconds = crate::prescription::rest_low_end(goals, Mechanics::Isolation);
    }
    if input.day.is_training()
        && crate::superset::day_supersets(input.day.focus, caps::session_budget(input))
    {
        isolation.rest_seconds =
            (f64::from(isolation.rest_seconds) * crate::superset::SUPERSET_REST_SHARE) as u32;
    }
    let rules: Vec<&MovementRule> = input
        .rules
        .iter()
        .filter(|r| r.in_force(input.date))
        .collect();
    let avoided_muscles: BTreeSet<Muscle> = rules
        .iter()
        .filter(|r| r.rule_type == RuleType::Avoid)
        .filter_map(|r| match r.target {
            RuleTarget::Muscle(m) => Some(m),
            _ => None,
        })
        .collect();
    let ready = Readiness::assess(input, &mut notes);
    for m in &avoided_muscles {
        notes.push(format!("Avoiding direct work on {m} (movement rule)"));
    }

    // 2. Allowed exercises.
    let (allowed, excluded) = split_allowed(input, &rules, &equipment, &ready);
    if !signals.avoid_exercises().is_empty() {
        notes.push(format!(
            "Left out {} exercise(s) as requested",
            signals.avoid_exercises().len()
        ));
    }
    let preferred: BTreeSet<ExerciseId> = input
        .catalog
        .iter()
        .filter(|ex| allowed.contains(&ex.id))
        .filter(|ex| {
            rules
                .iter()
                .any(|r| r.rule_type == RuleType::Prefer && r.matches(ex))
        })
        .map(|ex| ex.id)
        .collect();
    let protected: BTreeSet<Muscle> = ready.not_ready.union(&avoided_muscles).copied().collect();

    let mut session = SessionConstraints {
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
        full_value_sets: BTreeMap::new(),
    };
    let mut slots = Vec::new();
    let mut main_lift_min_sets = compound.sets_min;
    if input.day.is_training() {
        caps::sets_for_count(caps::session_budget(input), &mut compound, &mut isolation);
        // A half-hour full-body day spreads its sets over its four
        // movements: no exercise over three (four sets of push-ups next to
        // two of pull-ups tipped the week's push:pull to 2:1).
        if input.day.focus == Some(crate::DayFocus::FullBody)
            && caps::session_budget(input) < crate::slots::SHORT_FULL_BODY_MINUTES
        {
            for p in [&mut compound, &mut isolation] {
                p.sets_max = p.sets_max.min(SHORT_FULL_BODY_MAX_SETS).max(p.sets_min);
            }
        }
        if input.is_deload {
            // A deload keeps the exercises with 1–3 sets each (issue 15).
            compound.sets_min = DELOAD_MIN_SETS;
            isolation.sets_min = DELOAD_MIN_SETS;
        }
        // 3. Targets and caps.
        let (targets, caps, full_value) = targets_and_caps(
            input,
            &ready,
            &session.protected_muscles,
            &allowed,
            volume_factor,
            f64::from(compound.sets_min.min(isolation.sets_min)),
            &mut notes,
        );
        // 4. Totals from the time budget, after the warm-up (and the main
        // lift's ramp when the day starts with a loaded one).
        let warmup = if caps::session_budget(input) >= crate::timing::RAMP_MIN_SESSION_MINUTES
            && starts_with_loaded_main_lift(input, &allowed)
        {
            crate::timing::GENERAL_WARMUP_BEFORE_RAMP_MINUTES + crate::set_plan::ramp_minutes()
        } else {
            WARMUP_MINUTES
        };
        let totals = Totals::new(
            input,
            warmup,
            volume_factor,
            [&compound, &isolation],
            &targets,
            &caps,
            &mut notes,
        );
        // 5. Required groups.
        session.required_groups = required_groups(input, &rules, &allowed, &targets, &mut notes);
        // Short sessions: an exercise's minimum sets must fit the day.
        compound = fit_minimum_sets(compound, &totals);
        isolation = fit_minimum_sets(isolation, &totals);
        main_lift_min_sets = if input.experience == Experience::Beginner
            && !input.is_deload
            && readiness_factor >= 1.0
            && totals.minutes >= BEGINNER_MAIN_LIFT_MIN_MINUTES
        {
            let fits = fit_minimum_sets(
                Prescription {
                    sets_min: BEGINNER_MAIN_LIFT_SETS,
                    ..compound
                },
                &totals,
            );
            fits.sets_min.max(compound.sets_min)
        } else {
            compound.sets_min
        };
        let one_compound_set = WARMUP_MINUTES
            + TRANSITION_MINUTES
            + minutes_per_set(compound.reps_mid(), f64::from(compound.rest_seconds));
        // Only when some allowed compound fits today's caps at its minimum sets.
        let compound_fits = |ex: &Exercise| {
            let sets = f64::from(compound.sets_min);
            ex.is_compound()
                && allowed.contains(&ex.id)
                && ex
                    .muscle_credits()
                    .all(|(m, credit)| credit * sets <= caps.get(&m).copied().unwrap_or(0.0) + 1e-9)
        };
        session.require_compound =
            one_compound_set <= totals.minutes && input.catalog.iter().any(compound_fits);
        session.patterns_allowing_two = input
            .day
            .focus
            .map(|f| f.patterns_allowing_two().into_iter().collect())
            .unwrap_or_default();
        // Balance floor: one fractional set per target muscle when the day
        // clearly has room: no protected muscle in the way, an exercise per
        // target, the sets for it, and caps with room to spare for the overlap
        // of compound movements.
        let per_exercise = f64::from(compound.sets_min.min(isolation.sets_min));
        let n = targets.len() as f64;
        let roomy = targets
            .keys()
            .all(|m| caps.get(m).copied().unwrap_or(0.0) >= BALANCE_FLOOR_MIN_CAP);
        if roomy
            && session.protected_muscles.is_empty()
            && f64::from(totals.max_exercises) >= n
            && f64::from(totals.max_sets) >= BALANCE_FLOOR_ROOM * n * per_exercise
        {
            session.min_target_sets = BALANCE_FLOOR_SETS;
        }
        slots = slot_groups(
            input,
            &allowed,
            &preferred,
            &caps,
            [&compound, &isolation],
            &mut notes,
        );
        let caps_for_count = caps.clone();
        session.full_value_sets = full_value
            .into_iter()
            .filter(|(m, _)| targets.contains_key(m))
            .collect();
        session.target_muscles = targets;
        session.muscle_caps = caps;
        session.min_total_sets = totals.min_sets;
        session.max_total_sets = totals.max_sets;
        // A coach's exercise count holds on an ordinary day and in a deload
        // (same exercises, fewer sets); on a restricted one (a protected
        // muscle, low energy or short sleep, or too few distinct movements
        // fit) it
        // shrinks to what the sets need rather than force a relaxation.
        let distinct = distinct_movements(
            input,
            &session.excluded,
            &caps_for_count,
            [&compound, &isolation],
        );
        let day_targets = input.day.effective_targets();
        let unready_targets = ready
            .not_ready
            .iter()
            .filter(|m| day_targets.contains(m))
            .count();
        session.min_exercises = if readiness_factor < 1.0 || distinct < 2 * totals.min_exercises {
            totals.restricted_min_exercises
        } else if unready_targets > 0 {
            // One exercise fewer for a target muscle that is not ready.
            (totals.min_exercises - 1).max(totals.restricted_min_exercises)
        } else {
            totals.min_exercises
        };
        session.max_exercises = totals.max_exercises;
        session.available_minutes = totals.minutes;
        session.warmup_minutes = totals.warmup;
    } else {
        notes.push(format!("{}: no training", input.day.kind));
    }
    DayConstraints {
        session,
        allowed,
        preferred,
        equipment,
        compound,
        isolation,
        main_lift_min_sets: main_lift_min_sets.min(compound.sets_max.max(compound.sets_min)),
        volume_factor,
        rpe_drop,
        is_deload: input.is_deload,
        experience: input.experience,
        supersets: input.day.is_training()
            && crate::superset::day_supersets(input.day.focus, caps::session_budget(input)),
        slots,
        notes,
    }
}

/// Whether the focus's first slot (the main lift's) can hold a loaded main
/// lift today: its warm-up ramp then counts in the session's warm-up.
fn starts_with_loaded_main_lift(
    input: &ConstraintInput<'_>,
    allowed: &BTreeSet<ExerciseId>,
) -> bool {
    let ordinal = input.microcycle.focus_ordinal(input.day.day_index);
    let Some(first) = input.day.focus.and_then(|f| {
        f.slots_for(caps::session_budget(input), ordinal)
            .first()
            .copied()
    }) else {
        return false;
    };
    // A beginner's dumbbell or kettlebell main lift is under the ramp's
    // threshold (`set_plan::RAMP_MIN_TOP_LOAD_KG`: 20 kg, an empty bar), so
    // its ramp is left out of the budget; a bar starts at 20 kg.
    let heavy = |ex: &Exercise| {
        input.experience != Experience::Beginner
            || ex.equipment.iter().any(|e| {
                matches!(
                    e,
                    Equipment::Barbell | Equipment::TrapBar | Equipment::SmithMachine
                )
            })
    };
    input.catalog.iter().any(|ex| {
        allowed.contains(&ex.id)
            && first.fits(ex)
            && ex.role() == Role::Main
            && ex.tracking == crate::Tracking::WeightReps
            && heavy(ex)
    })
}

/// Whether `ex` at its prescription's minimum sets (compound or isolation)
/// stays under every muscle's cap today.
fn fits_at_minimum(
    ex: &Exercise,
    caps: &BTreeMap<Muscle, f64>,
    [compound, isolation]: [&Prescription; 2],
) -> bool {
    let sets = f64::from(match ex.mechanics {
        Mechanics::Compound => compound.sets_min,
        Mechanics::Isolation => isolation.sets_min,
    });
    ex.muscle_credits()
        .all(|(m, credit)| credit * sets <= caps.get(&m).copied().unwrap_or(0.0) + 1e-9)
}

/// How many distinct movements (one per near-duplicate key) of the
/// allowed exercises fit today's caps at their minimum sets.
fn distinct_movements(
    input: &ConstraintInput<'_>,
    excluded: &BTreeSet<ExerciseId>,
    caps: &BTreeMap<Muscle, f64>,
    prescriptions: [&Prescription; 2],
) -> u32 {
    let keys: BTreeSet<crate::near_duplicate::MovementKey> = input
        .catalog
        .iter()
        .filter(|ex| !excluded.contains(&ex.id) && ex.is_working())
        .filter(|ex| fits_at_minimum(ex, caps, prescriptions))
        .map(Exercise::movement_key)
        .collect();
    u32::try_from(keys.len()).unwrap_or(u32::MAX)
}

/// The day's movement slots ([`crate::slots`]): for each slot of the focus,
/// the allowed exercises that fill it and fit today's caps at their minimum
/// sets. The first slot holds only the day's main lift when one is at hand
/// (the first of [`main_lift_order`] that fills it), so it recurs; the other
/// slots hold only their main-lift eligible members when there are any. An
/// exercise a `prefer` rule names that fills a slot is that slot's member.
fn slot_groups(
    input: &ConstraintInput<'_>,
    allowed: &BTreeSet<ExerciseId>,
    preferred: &BTreeSet<ExerciseId>,
    caps: &BTreeMap<Muscle, f64>,
    prescriptions: [&Prescription; 2],
    notes: &mut Vec<String>,
) -> Vec<SlotGroup> {
    let Some(focus) = input.day.focus else {
        return Vec::new();
    };
    let fits = |ex: &Exercise| {
        allowed.contains(&ex.id) && ex.is_working() && fits_at_minimum(ex, caps, prescriptions)
    };
    let mut groups = Vec::new();
    let ordinal = input.microcycle.focus_ordinal(input.day.day_index);
    let bilateral_first = crate::superset::day_supersets(Some(focus), caps::session_budget(input));
    let core = focus.slots_for(caps::session_budget(input), ordinal).len();
    for (i, slot) in focus
        .day_slots(caps::session_budget(input), ordinal)
        .iter()
        .enumerate()
    {
        let mut members: Vec<&Exercise> = input
            .catalog
            .iter()
            .filter(|ex| slot.fits(ex) && fits(ex))
            .collect();
        // A full-body day with accessories fills its slots with bilateral
        // work when it can: unilateral work takes twice the time
        // (`timing::UNILATERAL_SIDES`), and the minutes go to the accessories.
        if bilateral_first && members.iter().any(|ex| !ex.unilateral) {
            members.retain(|ex| !ex.unilateral);
        }
        // Its accessory slots take what can be supersetted (isolation work,
        // not a bench dip or a face pull).
        if bilateral_first
            && i >= core
            && members.iter().any(|ex| crate::superset::can_superset(ex))
        {
            members.retain(|ex| crate::superset::can_superset(ex));
        }
        if members.is_empty() {
            notes.push(format!(
                "No {} exercise today: none fits the equipment, rules and recovery",
                slot.name()
            ));
            continue;
        }
        // A `prefer` rule wins: the preferred exercises that fill the slot are its members.
        let liked: Vec<ExerciseId> = members
            .iter()
            .filter(|ex| preferred.contains(&ex.id))
            .map(|ex| ex.id)
            .collect();
        if !liked.is_empty() {
            groups.push(SlotGroup {
                slot: *slot,
                members: liked,
                main_lift: false,
            });
            continue;
        }
        let main = (i == 0)
            .then(|| {
                main_lift_order(input.experience)
                    .into_iter()
                    .find_map(|slug| members.iter().find(|ex| ex.slug == slug))
            })
            .flatten();
        // Other compound slots take a staple when one is at hand (a Romanian
        // deadlift, not a kettlebell deadlift, in a gym full of barbells).
        let staples: Vec<ExerciseId> = members
            .iter()
            .filter(|ex| ex.role() == Role::Main)
            .map(|ex| ex.id)
            .collect();
        groups.push(match main {
            Some(ex) => SlotGroup {
                slot: *slot,
                members: vec![ex.id],
                main_lift: true,
            },
            None if !staples.is_empty() => SlotGroup {
                slot: *slot,
                members: staples,
                main_lift: false,
            },
            // A full-body day's lead slot without a staple at hand still
            // leads (a home lifter's goblet squat on squat days).
            None => SlotGroup {
                slot: *slot,
                members: members.iter().map(|ex| ex.id).collect(),
                main_lift: i == 0 && bilateral_first,
            },
        });
    }
    groups
}

/// RPE of the first and the last microcycle of a mesocycle's effort ramp
/// (RIR 3 → 1: RP's mesocycle, Israetel, Hoffmann & Smith 2019, *Scientific
/// Principles of Hypertrophy Training*).
pub const MESOCYCLE_RPE: (f64, f64) = (7.0, 9.0);

/// The target RPE of microcycle `index` in a block of `every_n` microcycles
/// whose last is the deload: [`MESOCYCLE_RPE`] from the first training
/// microcycle to the last, in half points. `None` without a ramp: no planned
/// deloads, a block too short to ramp (under three microcycles), or the
/// deload itself (its prescription takes RPE −2 once).
pub fn mesocycle_rpe(index: u32, every_n: u32) -> Option<f64> {
    if every_n < 3 {
        return None;
    }
    let pos = index % every_n;
    if pos + 1 == every_n {
        return None;
    }
    let (lo, hi) = MESOCYCLE_RPE;
    let rpe = lo + (hi - lo) * f64::from(pos) / f64::from(every_n - 2);
    Some((rpe * 2.0).round() / 2.0)
}

/// Where microcycle `index` stands in its block's volume ramp: 0 in the
/// first microcycle, 1 in the last before the deload, evenly between (RP's
/// mesocycle: sets start near MEV and climb toward MAV, Israetel, Hoffmann &
/// Smith 2019). `None` under the same conditions as [`mesocycle_rpe`]: no
/// planned deloads, a block under three microcycles, or the deload itself.
pub fn mesocycle_volume(index: u32, every_n: u32) -> Option<f64> {
    if every_n < 3 {
        return None;
    }
    let pos = index % every_n;
    if pos + 1 == every_n {
        return None;
    }
    Some(f64::from(pos) / f64::from(every_n - 2))
}

/// Lowers a prescription's minimum sets so one exercise fits the session: at
/// most half the day's maximum sets and at most what fits the time after the
/// warm-up and one transition (at least 1).
fn fit_minimum_sets(p: Prescription, totals: &Totals) -> Prescription {
    let per_set = minutes_per_set(p.reps_mid(), f64::from(p.rest_seconds));
    let by_time = ((totals.minutes - totals.warmup - TRANSITION_MINUTES) / per_set).floor();
    let by_time = if by_time.is_finite() {
        by_time.max(1.0) as u32
    } else {
        1
    };
    let sets_min = p
        .sets_min
        .min(by_time)
        .min((totals.max_sets / 2).max(1))
        .max(1);
    Prescription {
        sets_min,
        sets_max: p.sets_max.max(sets_min),
        ..p
    }
}

/// Splits the catalog into allowed and excluded ids (section 2 of the module docs).
fn split_allowed(
    input: &ConstraintInput<'_>,
    rules: &[&MovementRule],
    equipment: &[Equipment],
    ready: &Readiness,
) -> (BTreeSet<ExerciseId>, BTreeSet<ExerciseId>) {
    let avoid: Vec<&&MovementRule> = rules
        .iter()
        .filter(|r| r.rule_type == RuleType::Avoid)
        .collect();
    let today_avoid = input.signals.avoid_exercises();
    let mut allowed = BTreeSet::new();
    let mut excluded = BTreeSet::new();
    for ex in input.catalog {
        let ok = ex.possible_with(equipment)
            && !avoid.iter().any(|r| r.matches(ex))
            && ex.is_working()
            && !today_avoid.contains(&ex.id)
            && !input.day.focus.is_some_and(|f| f.leaves_out(ex))
            && !ready.not_ready.iter().any(|m| ex.is_major_mover(*m))
            && !ex
                .muscle_credits()
                .any(|(m, _)| ready.exhausted.contains(&m));
        if ok {
            allowed.insert(ex.id);
        } else {
            excluded.insert(ex.id);
        }
    }
    (allowed, excluded)
}

#[cfg(test)]
pub(crate) mod tests;
