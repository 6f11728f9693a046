//! The relaxations, applied in the fixed order of [`Relaxation::ORDER`].
//!
//! 1. `DropBalanceFloor`: `min_target_sets` → 0.
//! 2. `WidenSetRange`: `min_total_sets`, `min_exercises` → at most 1;
//!    `max_total_sets`, `max_exercises` → at least 1.
//! 3. `ShrinkMinimumSets`: every candidate's `min_sets` → 1.
//! 4. `AllowRepeatedPatterns`: every main pattern may appear twice.
//! 5. `DropCompoundRequirement`: `require_compound` → false.
//! 6. `LiftVolumeCaps`: caps of muscles not in `protected_muscles` removed.
//! 7. `DropRequirements`: `required_groups` emptied.
//!
//! Exclusions, protected caps and the time cap are never touched. Each step
//! keeps the ones before it; a step that changes nothing is skipped (not
//! reported). Once a level is feasible, earlier steps that turn out not to
//! be needed are taken back (tried in order), so the report lists only the
//! relaxations the plan needs.

use gainsly_domain::MovementPattern;
use gainsly_domain::selection::{Relaxation, SelectionProblem};

/// `problem` with one relaxation applied.
pub(crate) fn apply(problem: &SelectionProblem, r: Relaxation) -> SelectionProblem {
    let mut p = problem.clone();
    let c = &mut p.constraints;
    match r {
        Relaxation::DropBalanceFloor => c.min_target_sets = 0.0,
        Relaxation::WidenSetRange => {
            c.min_total_sets = c.min_total_sets.min(1);
            c.min_exercises = c.min_exercises.min(1);
            c.max_total_sets = c.max_total_sets.max(1);
            c.max_exercises = c.max_exercises.max(1);
        }
        Relaxation::ShrinkMinimumSets => {
            for cand in &mut p.candidates {
                cand.min_sets = 1;
            }
        }
        Relaxation::AllowRepeatedPatterns => {
            c.patterns_allowing_two
                .extend(MovementPattern::ALL.iter().copied().filter(|p| p.is_main()));
        }
        Relaxation::DropCompoundRequirement => c.require_compound = false,
        Relaxation::LiftVolumeCaps => {
            let protected = c.protected_muscles.clone();
            c.muscle_caps.retain(|m, _| protected.contains(m));
        }
        Relaxation::DropRequirements => c.required_groups.clear(),
    }
    p
}

/// `problem` with each of `relaxations` applied.
pub(crate) fn apply_all(
    problem: &SelectionProblem,
    relaxations: &[Relaxation],
) -> SelectionProblem {
    relaxations
        .iter()
        .fold(problem.clone(), |p, r| apply(&p, *r))
}
