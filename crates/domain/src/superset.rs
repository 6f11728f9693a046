//! Supersets: a full-body day's accessories done in pairs, alternating
//! their sets, one rest after each pair.
//!
//! Two isolation exercises for different muscles (a calf raise and a
//! lateral raise, a curl and a triceps extension) do not tire each other:
//! done as a superset, the rest after one exercise's set is the other's
//! work, so a pair of two-set accessories takes about half its rests.
//! Paired sets keep the volume load of the same sets done apart in less
//! time (Robbins et al. 2010, *J Strength Cond Res* 24:2632: agonist–
//! antagonist paired sets; Weakley et al. 2017, *Eur J Appl Physiol*
//! 117:1877: supersets halve session time at similar volume), and the
//! coaching reference's isolation rests (60–90 s for hypertrophy) are what
//! is left after each pair. This is what lets a beginner's 45-minute
//! full-body day hold its two accessories next to three sets of each main
//! lift (issue 15: 45 minutes → 4–7 exercises).
//!
//! The optimizer's time model counts half the rest of a set of an exercise
//! that can be supersetted on such a day ([`crate::candidates::to_candidate`]);
//! the prescription pairs them in session order and notes the pair
//! ([`pairs`], [`saved_minutes`]).

use crate::{DayFocus, Exercise, MovementPattern, Role, Tracking};

/// Share of an accessory set's rest the time model counts when the day
/// supersets its accessories (the other half is the partner's work).
pub const SUPERSET_REST_SHARE: f64 = 0.5;

/// Share of the transition to an accessory the time model counts when the
/// day supersets its accessories: a pair's two stations are set up once,
/// so each half of it carries half a transition.
pub const SUPERSET_TRANSITION_SHARE: f64 = 0.5;

/// Minutes one set of a supersetted accessory counts in the optimizer's
/// time model, from its minutes apart (`minutes_per_set`, full rest): half
/// its rest ([`SUPERSET_REST_SHARE`]), and the half transition it saves
/// spread over its fewest sets (the model counts a whole transition per
/// exercise). Never negative.
pub fn superset_set_minutes(
    minutes_per_set: f64,
    rest_seconds: f64,
    transition_minutes: f64,
    min_sets: u32,
) -> f64 {
    let rest = rest_seconds.max(0.0) / 60.0;
    let saved_transition = transition_minutes.max(0.0) * (1.0 - SUPERSET_TRANSITION_SHARE)
        / f64::from(min_sets.max(1));
    (minutes_per_set - rest * (1.0 - SUPERSET_REST_SHARE) - saved_transition).max(0.0)
}

/// Whether days of this focus and length superset their accessories: the
/// full-body days with two accessory slots ([`DayFocus::accessory_slots`]).
pub fn day_supersets(focus: Option<DayFocus>, minutes: f64) -> bool {
    focus.is_some_and(|f| f == DayFocus::FullBody && f.accessory_slots(minutes, 0).len() >= 2)
}

/// Whether `ex` can be half of a superset: a rep-counted isolation
/// accessory (not core, carries or conditioning, which close the session).
pub fn can_superset(ex: &Exercise) -> bool {
    !ex.is_compound()
        && ex.role() == Role::Accessory
        && matches!(ex.tracking, Tracking::Reps | Tracking::WeightReps)
        && !matches!(
            ex.movement_pattern,
            MovementPattern::Core
                | MovementPattern::Carry
                | MovementPattern::Conditioning
                | MovementPattern::Mobility
        )
}

/// The supersets of a session in its order: each exercise that can be
/// supersetted pairs with the next one that can and trains other primary
/// muscles. Indices into `exercises`, first of each pair first.
pub fn pairs(exercises: &[&Exercise]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut used = vec![false; exercises.len()];
    for i in 0..exercises.len() {
        if used[i] || !can_superset(exercises[i]) {
            continue;
        }
        let partner = (i + 1..exercises.len()).find(|&j| {
            !used[j]
                && can_superset(exercises[j])
                && exercises[j]
                    .primary_muscles
                    .iter()
                    .all(|m| !exercises[i].primary_muscles.contains(m))
        });
        if let Some(j) = partner {
            used[i] = true;
            used[j] = true;
            out.push((i, j));
        }
    }
    out
}

/// Minutes a superset of `sets_a` and `sets_b` sets saves against doing
/// them apart: one rest of `rest_seconds` per round both exercises share,
/// and one of the two transitions (the stations are set up together).
pub fn saved_minutes(sets_a: u32, sets_b: u32, rest_seconds: u32, transition_minutes: f64) -> f64 {
    f64::from(sets_a.min(sets_b)) * f64::from(rest_seconds) / 60.0 + transition_minutes.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use proptest::prelude::*;

    fn by_slug(slug: &str) -> &'static Exercise {
        catalog::by_slug(slug).unwrap_or_else(|| panic!("{slug}"))
    }

    #[test]
    fn accessories_pair_up_compounds_and_core_do_not() {
        let list = [
            by_slug("dumbbell-romanian-deadlift"),
            by_slug("dumbbell-bench-press"),
            by_slug("single-leg-dumbbell-calf-raise"),
            by_slug("dumbbell-lateral-raise"),
            by_slug("plank"),
        ];
        assert_eq!(pairs(&list), vec![(2, 3)]);
        assert!(!can_superset(by_slug("plank")));
        assert!(!can_superset(by_slug("dumbbell-bench-press")));
    }

    #[test]
    fn two_exercises_for_one_muscle_are_not_a_superset() {
        let list = [by_slug("dumbbell-curl"), by_slug("dumbbell-hammer-curl")];
        assert!(pairs(&list).is_empty());
    }

    #[test]
    fn only_long_full_body_days_superset() {
        assert!(day_supersets(Some(DayFocus::FullBody), 45.0));
        assert!(!day_supersets(Some(DayFocus::FullBody), 30.0));
        assert!(!day_supersets(Some(DayFocus::Upper), 60.0));
        assert!(!day_supersets(None, 60.0));
    }

    proptest! {
        /// A superset never saves more than the rests of its shorter half,
        /// and never takes longer than the two exercises apart.
        #[test]
        fn the_saving_is_the_shared_rests(a in 1u32..6, b in 1u32..6, rest in 0u32..180) {
            let saved = saved_minutes(a, b, rest, 1.0);
            prop_assert!(saved >= 1.0);
            prop_assert!(saved <= f64::from(a.min(b)) * f64::from(rest) / 60.0 + 1.0 + 1e-9);
            prop_assert!(
                saved <= f64::from(a + b) * f64::from(rest) / 60.0 * SUPERSET_REST_SHARE + 1.0 + 1e-9
            );
        }

        /// For a pair of equal sets at its fewest sets, the time model's
        /// minutes are exactly the pair's: apart, less what the pair saves
        /// (a set's work and set-up, 0.5 minutes or more, covers the half
        /// transition spread over its sets).
        #[test]
        fn the_model_matches_an_even_pair_at_its_fewest_sets(
            sets in 1u32..5,
            work in 0.5f64..2.0,
            rest in 0u32..180,
        ) {
            let apart = work + f64::from(rest) / 60.0;
            let each = superset_set_minutes(apart, f64::from(rest), 1.0, sets);
            let modelled = 2.0 * (f64::from(sets) * each + 1.0);
            let real = 2.0 * (f64::from(sets) * apart + 1.0) - saved_minutes(sets, sets, rest, 1.0);
            prop_assert!((modelled - real).abs() < 1e-9, "{modelled} {real}");
            prop_assert!(each >= 0.0);
        }
    }
}
