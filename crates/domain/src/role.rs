//! An exercise's role in a session: main lift, secondary compound or accessory.
//!
//! The role is a catalog attribute kept next to the catalog as a table of
//! slugs: the staples a coach builds a mesocycle around (Rippetoe's and
//! Israetel's lists agree on them) are main-lift eligible; every other
//! compound is secondary; single-joint work, core, carries, conditioning,
//! face pulls and upright rows are accessories.

use crate::macros::wire_enum;
use crate::{Exercise, MovementPattern};

wire_enum! {
    /// What an exercise is for in a session.
    pub enum Role {
        /// A staple barbell/dumbbell lift the mesocycle progresses on.
        Main => "main",
        /// Another compound lift.
        Secondary => "secondary",
        /// Single-joint work, core, carries and conditioning.
        Accessory => "accessory",
    }
}

/// The main-lift eligible staples, by catalog slug.
pub const MAIN_LIFT_SLUGS: &[&str] = &[
    "barbell-back-squat",
    "barbell-front-squat",
    "barbell-deadlift",
    "sumo-deadlift",
    "trap-bar-deadlift",
    "barbell-romanian-deadlift",
    "dumbbell-romanian-deadlift",
    "barbell-bench-press",
    "incline-barbell-bench-press",
    "dumbbell-bench-press",
    "incline-dumbbell-bench-press",
    "barbell-overhead-press",
    "seated-dumbbell-shoulder-press",
    "standing-dumbbell-shoulder-press",
    "barbell-bent-over-row",
    "pendlay-row",
    "one-arm-dumbbell-row",
    "chest-supported-dumbbell-row",
    "pull-up",
    "chin-up",
    "weighted-pull-up",
    "weighted-chin-up",
    "barbell-hip-thrust",
    "leg-press",
];

/// Loaded forms of bodyweight main lifts, each with the form it replaces.
pub const LOADED_FORMS: &[(&str, &str)] = &[
    ("weighted-pull-up", "pull-up"),
    ("weighted-chin-up", "chin-up"),
];

/// [`MAIN_LIFT_SLUGS`] in the order a lifter of `experience` takes them: an
/// advanced lifter's loaded pull-up and chin-up come before the bodyweight
/// ones. Body weight alone is a light load for an advanced lifter's 3–6 or
/// 6–10 reps (they do more), and a main lift must be progressively loadable
/// (NSCA *Essentials*, 4th ed., ch. 17: progression by load; issue 15: "an
/// advanced lifter with a loaded pull-up available should not get the
/// bodyweight pull-up as a main lift"). Beginners and intermediates keep the
/// bodyweight forms first: adding reps is their progression.
pub fn main_lift_order(experience: crate::Experience) -> Vec<&'static str> {
    let mut order: Vec<&'static str> = MAIN_LIFT_SLUGS.to_vec();
    if experience == crate::Experience::Advanced {
        for (loaded, bodyweight) in LOADED_FORMS {
            let (Some(l), Some(b)) = (
                order.iter().position(|s| s == loaded),
                order.iter().position(|s| s == bodyweight),
            ) else {
                continue;
            };
            if l > b {
                let slug = order.remove(l);
                order.insert(b, slug);
            }
        }
    }
    order
}

/// Compounds a coach treats as accessories (high-rep shoulder-health work).
const ACCESSORY_COMPOUND_SLUGS: &[&str] = &[
    "cable-face-pull",
    "band-face-pull",
    "barbell-upright-row",
    "cable-upright-row",
];

impl Exercise {
    /// This exercise's role (see the module docs).
    pub fn role(&self) -> Role {
        let slug = self.slug.as_str();
        if MAIN_LIFT_SLUGS.contains(&slug) {
            Role::Main
        } else if ACCESSORY_COMPOUND_SLUGS.contains(&slug)
            || !self.is_compound()
            || matches!(
                self.movement_pattern,
                MovementPattern::Core
                    | MovementPattern::Carry
                    | MovementPattern::Conditioning
                    | MovementPattern::Mobility
            )
        {
            Role::Accessory
        } else {
            Role::Secondary
        }
    }

    /// Whether the exercise can be a working exercise at all (mobility drills are not).
    pub fn is_working(&self) -> bool {
        self.movement_pattern != MovementPattern::Mobility
    }
}

/// Explosive and technical lifts, done fresh, first in a session.
const POWER_SLUGS: &[&str] = &[
    "power-clean",
    "hang-power-clean",
    "jump-squat",
    "jumping-lunge",
    "medicine-ball-chest-pass",
    "medicine-ball-rotational-throw",
    "box-jump",
    "broad-jump",
    "kettlebell-clean",
    "kettlebell-snatch",
    "pogo-hop",
];

/// Whether the exercise is an explosive or technical (power) lift.
pub fn is_power(ex: &Exercise) -> bool {
    POWER_SLUGS.contains(&ex.slug.as_str())
}

/// The [`session_place`] of a main lift: after power and technical lifts.
pub const MAIN_LIFT_PLACE: u8 = 1;

/// An exercise's place in a session's order (lower comes first): power and
/// technical lifts, main lifts, secondary compounds, isolation, core and
/// carries, conditioning (NSCA, *Essentials of Strength Training and
/// Conditioning*, 4th ed., ch. 17: power, then other core lifts, then
/// assistance exercises). Mobility is last: it is never a working exercise.
pub fn session_place(ex: &Exercise) -> u8 {
    match ex.movement_pattern {
        MovementPattern::Mobility => 7,
        MovementPattern::Conditioning => 6,
        MovementPattern::Core | MovementPattern::Carry => 5,
        _ if POWER_SLUGS.contains(&ex.slug.as_str()) => 0,
        _ => match ex.role() {
            Role::Main => MAIN_LIFT_PLACE,
            Role::Secondary => 2,
            Role::Accessory => 3,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    #[test]
    fn every_main_lift_slug_is_in_the_catalog() {
        for slug in MAIN_LIFT_SLUGS.iter().chain(ACCESSORY_COMPOUND_SLUGS) {
            assert!(
                catalog().iter().any(|e| e.slug == *slug),
                "{slug} is not a catalog slug"
            );
        }
    }

    #[test]
    fn an_advanced_lifter_takes_the_loaded_pull_up_first() {
        let pos = |order: &[&str], slug: &str| order.iter().position(|s| *s == slug).unwrap();
        let adv = main_lift_order(crate::Experience::Advanced);
        assert!(pos(&adv, "weighted-pull-up") < pos(&adv, "pull-up"));
        assert!(pos(&adv, "weighted-chin-up") < pos(&adv, "chin-up"));
        assert_eq!(adv.len(), MAIN_LIFT_SLUGS.len());
        for e in [crate::Experience::Beginner, crate::Experience::Intermediate] {
            assert_eq!(main_lift_order(e), MAIN_LIFT_SLUGS);
        }
        for (loaded, bodyweight) in LOADED_FORMS {
            assert!(MAIN_LIFT_SLUGS.contains(loaded) && MAIN_LIFT_SLUGS.contains(bodyweight));
        }
    }

    #[test]
    fn roles_follow_the_catalog() {
        let role = |slug: &str| {
            catalog()
                .iter()
                .find(|e| e.slug == slug)
                .map(Exercise::role)
        };
        assert_eq!(role("barbell-back-squat"), Some(Role::Main));
        assert_eq!(role("dumbbell-goblet-squat"), Some(Role::Secondary));
        assert_eq!(role("cable-face-pull"), Some(Role::Accessory));
        assert_eq!(role("dumbbell-curl"), Some(Role::Accessory));
        assert_eq!(role("plank"), Some(Role::Accessory));
    }
}
