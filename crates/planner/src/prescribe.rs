//! Step 6 of the loop: reps, RPE, rest and suggested loads for the chosen
//! exercises, and the session's time and muscle totals.

use std::collections::BTreeMap;

use gainsly_domain::constraints::DayConstraints;
use gainsly_domain::load::{deload_load, suggested_load};
use gainsly_domain::selection::{Pick, SessionConstraints};
use gainsly_domain::session::SessionExercise;
use gainsly_domain::{Candidate, ExerciseId, Muscle, Tracking, Units, catalog};

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

/// Orders picks as a coach would: compounds first (heaviest fatigue first), then isolation.
pub fn order_picks(picks: &mut [Pick], candidates: &[Candidate]) {
    let key = |p: &Pick| {
        let c = candidates.iter().find(|c| c.exercise_id == p.exercise_id);
        let compound = c.is_some_and(|c| c.compound);
        let fatigue = c.map_or(0.0, |c| c.fatigue);
        (
            std::cmp::Reverse(compound),
            std::cmp::Reverse((fatigue * 100.0) as i64),
            p.exercise_id,
        )
    };
    picks.sort_by_key(key);
}

/// Minutes the session takes by the same time model the optimizer obeys:
/// warm-up + Σ sets × minutes per set + a transition per exercise.
pub fn estimated_minutes(picks: &[Pick], candidates: &[Candidate], c: &SessionConstraints) -> f64 {
    if picks.is_empty() {
        return 0.0;
    }
    let work: f64 = picks
        .iter()
        .filter_map(|p| {
            candidates
                .iter()
                .find(|c| c.exercise_id == p.exercise_id)
                .map(|cand| f64::from(p.sets) * cand.minutes_per_set)
        })
        .sum();
    c.warmup_minutes + work + c.transition_minutes * picks.len() as f64
}

/// Fractional sets per muscle: 1 per primary, 0.5 per secondary.
pub fn muscle_sets(picks: &[Pick]) -> BTreeMap<Muscle, f64> {
    let mut out: BTreeMap<Muscle, f64> = BTreeMap::new();
    for p in picks {
        if let Some(ex) = catalog::exercise(p.exercise_id) {
            for (m, credit) in ex.muscle_credits() {
                *out.entry(m).or_default() += credit * f64::from(p.sets);
            }
        }
    }
    out
}
