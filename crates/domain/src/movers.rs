//! Major movers: the muscles an exercise loads hard enough that an injured,
//! avoided or unrecovered muscle rules it out.
//!
//! The catalog's primary muscles are major movers. Some secondary muscles are
//! too: the lower back holds the spine isometrically under heavy load in
//! deadlifts, RDLs, good mornings, bent-over rows, back squats and cleans
//! (McGill, *Low Back Disorders*, 3rd ed.: spinal erector demand of these
//! lifts), so an `avoid` rule on the lower back or a sore lower back keeps
//! them out, not only the back extensions that list it as primary.

use crate::{Exercise, Muscle};

/// Catalog slugs in which the lower back is a major (if secondary) mover.
pub const LOWER_BACK_MAJOR_SLUGS: &[&str] = &[
    "barbell-back-squat",
    "barbell-box-squat",
    "paused-barbell-back-squat",
    "barbell-zercher-squat",
    "barbell-deadlift",
    "sumo-deadlift",
    "trap-bar-deadlift",
    "deficit-deadlift",
    "barbell-rack-pull",
    "barbell-romanian-deadlift",
    "dumbbell-romanian-deadlift",
    "single-leg-dumbbell-romanian-deadlift",
    "barbell-stiff-leg-deadlift",
    "barbell-good-morning",
    "band-good-morning",
    "kettlebell-swing",
    "kettlebell-clean",
    "kettlebell-snatch",
    "power-clean",
    "hang-power-clean",
    "barbell-bent-over-row",
    "pendlay-row",
    "dumbbell-bent-over-row",
    "smith-machine-bent-over-row",
    "landmine-t-bar-row",
];

impl Exercise {
    /// Whether `muscle` is a major mover of this exercise (see the module docs).
    pub fn is_major_mover(&self, muscle: Muscle) -> bool {
        self.primary_muscles.contains(&muscle)
            || (muscle == Muscle::LowerBack && LOWER_BACK_MAJOR_SLUGS.contains(&self.slug.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn every_listed_slug_is_in_the_catalog() {
        for slug in LOWER_BACK_MAJOR_SLUGS {
            assert!(catalog().iter().any(|e| e.slug == *slug), "{slug}");
        }
    }

    #[test]
    fn the_lower_back_is_a_major_mover_of_deadlifts_and_cleans_but_not_of_a_leg_press() {
        let ex = |slug: &str| catalog().iter().find(|e| e.slug == slug);
        for slug in [
            "power-clean",
            "sumo-deadlift",
            "barbell-romanian-deadlift",
            "back-extension",
        ] {
            assert!(
                ex(slug).is_some_and(|e| e.is_major_mover(Muscle::LowerBack)),
                "{slug}"
            );
        }
        assert!(ex("leg-press").is_some_and(|e| !e.is_major_mover(Muscle::LowerBack)));
    }
}
