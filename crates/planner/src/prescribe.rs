//! Step 6 of the loop: reps, RPE, rest and suggested loads for the chosen
//! exercises, and the session's time and muscle totals.

use std::collections::{BTreeMap, BTreeSet};

use gainsly_domain::constraints::DayConstraints;
use gainsly_domain::load::{deload_load, suggested_load};
use gainsly_domain::role::session_place;
use gainsly_domain::selection::{Pick, SessionConstraints};
use gainsly_domain::session::SessionExercise;
use gainsly_domain::{Candidate, ExerciseId, Muscle, Tracking, Units, catalog, timing, volume};

/// The prescription of the chosen picks, in the order given.
pub fn exercises(
    picks: &[Pick],
    constraints: &DayConstraints,
    best_e1rms: &BTreeMap<ExerciseId, f64>,
    units: Units,
) -> Vec<SessionExercise> {
    let mut out = Vec::with_capacity(picks.len());
    for pick in picks {
        let Some(ex) = catalog::exercise(pick.exercise_id) else {
            continue;
        };
        let rx = if ex.is_compound() {
            constraints.compound
        } else {
            constraints.isolation
        };
        // Load from the e1RM at the bottom of the rep range and the target RPE
        // (the heaviest set the prescription asks for); only for loaded lifts.
        let suggested_load_kg = (ex.tracking == Tracking::WeightReps)
            .then(|| best_e1rms.get(&ex.id).copied())
            .flatten()
            .map(|e1rm| {
                let load = suggested_load(e1rm, f64::from(rx.reps_min), rx.target_rpe, units);
                if constraints.is_deload {
                    deload_load(load, units)
                } else {
                    load
                }
            })
            .filter(|l| *l > 0.0);
        let notes = match (ex.is_compound(), constraints.is_deload) {
            (_, true) => Some("Deload: leave several reps in reserve".to_owned()),
            (true, false) => Some("Work up to the first set, then keep the load".to_owned()),
            (false, false) => None,
        };
        out.push(SessionExercise {
            order: u32::try_from(out.len() + 1).unwrap_or(u32::MAX),
            exercise_id: ex.id,
            name: ex.name.clone(),
            sets: pick.sets,
            reps_min: rx.reps_min,
            reps_max: rx.reps_max,
            target_rpe: rx.target_rpe,
            rest_seconds: rx.rest_seconds,
            suggested_load_kg,
            primary_muscles: ex.primary_muscles.clone(),
            equipment: ex.equipment.clone(),
            notes,
        });
    }
    out
}

/// Orders picks as a coach would ([`session_place`]): power and technical
/// lifts, the day's main lift, other main lifts, secondary compounds,
/// isolation, core and carries, conditioning; heavier fatigue first within a place.
pub fn order_picks(picks: &mut [Pick], main_lifts: &BTreeSet<ExerciseId>) {
    let key = |p: &Pick| {
        let ex = catalog::exercise(p.exercise_id);
        (
            ex.map_or(u8::MAX, session_place),
            !main_lifts.contains(&p.exercise_id),
            std::cmp::Reverse(ex.map_or(0, |e| e.fatigue)),
            p.exercise_id,
        )
    };
    picks.sort_by_key(key);
}

/// Minutes the session takes by the time model the optimizer obeys
/// ([`timing::session_minutes`]); no exercises, no time.
pub fn estimated_minutes(picks: &[Pick], candidates: &[Candidate], c: &SessionConstraints) -> f64 {
    if picks.is_empty() {
        return 0.0;
    }
    let minutes_per_set = |p: &Pick| {
        candidates
            .iter()
            .find(|c| c.exercise_id == p.exercise_id)
            .map_or(0.0, |cand| cand.minutes_per_set)
    };
    timing::session_minutes(
        c.warmup_minutes,
        c.transition_minutes,
        picks.iter().map(|p| (p.sets, minutes_per_set(p))),
    )
}

/// Fractional sets per muscle of the picks ([`volume::muscle_sets`]).
pub fn muscle_sets(picks: &[Pick]) -> BTreeMap<Muscle, f64> {
    volume::muscle_sets(
        picks
            .iter()
            .filter_map(|p| catalog::exercise(p.exercise_id).map(|ex| (ex, f64::from(p.sets)))),
    )
}
