//! Load steps per equipment and units, and rounding a load to what the
//! equipment can actually be set to (coaching.md, "RPE → %1RM").
//!
//! Steps: barbell (and EZ bar, trap bar) 2.5 kg / 5 lb; Smith machine 2.5 kg /
//! 5 lb; dumbbells 2 kg / 5 lb per hand (the usual steps of a commercial rack:
//! 10, 12, 14 … kg or 20, 25, 30 … lb); kettlebells 4 kg / 5 lb (the
//! competition series 8, 12, 16 … kg); machine and cable stacks 5 kg / 10 lb.
//! Weighted calisthenics (pull-ups, chin-ups, dips with a belt) add plates:
//! 2.5 kg / 5 lb. A lb profile's loads are rounded in pounds and converted
//! back to kilograms, so they land on lb plates.

use crate::load::KG_PER_LB;
use crate::profile::Units;
use crate::{Equipment, Exercise, Tracking};

/// What sets an exercise's load, and so its step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Implement {
    /// Barbell, EZ bar, trap bar: plates in pairs.
    Barbell,
    /// Smith machine: plates in pairs.
    Smith,
    /// Dumbbells: one load per hand.
    Dumbbell,
    /// Kettlebells.
    Kettlebell,
    /// Machine or cable stacks.
    Stack,
    /// Body weight plus plates on a belt (weighted pull-ups, chin-ups, dips).
    BeltPlates,
}

impl Implement {
    /// The implement of an exercise: belt plates for loaded pull-up-bar or
    /// dip-station work, else the first implement found in the order barbell,
    /// Smith, dumbbell, kettlebell, machine/cable; `None` for unloaded work.
    pub fn of(exercise: &Exercise) -> Option<Implement> {
        if exercise.tracking != Tracking::WeightReps {
            return None;
        }
        let has = |e: Equipment| exercise.equipment.contains(&e);
        Some(if has(Equipment::PullupBar) || has(Equipment::DipStation) {
            Implement::BeltPlates
        } else if has(Equipment::Barbell) || has(Equipment::EzBar) || has(Equipment::TrapBar) {
            Implement::Barbell
        } else if has(Equipment::SmithMachine) {
            Implement::Smith
        } else if has(Equipment::Dumbbell) {
            Implement::Dumbbell
        } else if has(Equipment::Kettlebell) {
            Implement::Kettlebell
        } else {
            // Machine, cable, or anything else with a selectable load.
            Implement::Stack
        })
    }

    /// One step of load, in the profile's units (kg or lb).
    pub fn step_in_units(self, units: Units) -> f64 {
        match (self, units) {
            (Implement::Barbell | Implement::Smith | Implement::BeltPlates, Units::Kg) => 2.5,
            (Implement::Barbell | Implement::Smith | Implement::BeltPlates, Units::Lb) => 5.0,
            (Implement::Dumbbell, Units::Kg) => 2.0,
            (Implement::Dumbbell, Units::Lb) => 5.0,
            (Implement::Kettlebell, Units::Kg) => 4.0,
            (Implement::Kettlebell, Units::Lb) => 5.0,
            (Implement::Stack, Units::Kg) => 5.0,
            (Implement::Stack, Units::Lb) => 10.0,
        }
    }

    /// One step of load in kilograms.
    pub fn step_kg(self, units: Units) -> f64 {
        to_kg(self.step_in_units(units), units)
    }

    /// Rounds a load (kg) down to a multiple of the step in the profile's
    /// units. Non-finite or negative → 0.
    pub fn round_down(self, load_kg: f64, units: Units) -> f64 {
        if !load_kg.is_finite() || load_kg <= 0.0 {
            return 0.0;
        }
        // A tiny epsilon so that 80.0 / 2.5 = 31.999999… still floors to 32.
        const EPS: f64 = 1e-9;
        let step = self.step_in_units(units);
        let value = from_kg(load_kg, units);
        to_kg((value / step + EPS).floor() * step, units)
    }

    /// Rounds a load (kg) to the nearest step (warm-up sets).
    pub fn round_nearest(self, load_kg: f64, units: Units) -> f64 {
        if !load_kg.is_finite() || load_kg <= 0.0 {
            return 0.0;
        }
        let step = self.step_in_units(units);
        to_kg((from_kg(load_kg, units) / step).round() * step, units)
    }

    /// One step more than `load_kg`, on the step grid.
    pub fn add_step(self, load_kg: f64, units: Units) -> f64 {
        self.round_down(load_kg + self.step_kg(units), units)
    }
}

fn from_kg(kg: f64, units: Units) -> f64 {
    match units {
        Units::Kg => kg,
        Units::Lb => kg / KG_PER_LB,
    }
}

fn to_kg(value: f64, units: Units) -> f64 {
    match units {
        Units::Kg => value,
        Units::Lb => value * KG_PER_LB,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use proptest::prelude::*;

    fn implement(slug: &str) -> Option<Implement> {
        catalog()
            .iter()
            .find(|e| e.slug == slug)
            .and_then(Implement::of)
    }

    #[test]
    fn implements_of_the_catalog() {
        assert_eq!(implement("barbell-bench-press"), Some(Implement::Barbell));
        assert_eq!(implement("dumbbell-curl"), Some(Implement::Dumbbell));
        assert_eq!(implement("weighted-pull-up"), Some(Implement::BeltPlates));
        assert_eq!(implement("weighted-dip"), Some(Implement::BeltPlates));
        assert_eq!(implement("pull-up"), None);
        assert_eq!(implement("plank"), None);
    }

    #[test]
    fn steps_and_rounding() {
        let kg = Units::Kg;
        assert_eq!(Implement::Barbell.round_down(82.4, kg), 80.0);
        assert_eq!(Implement::Dumbbell.round_down(13.6, kg), 12.0);
        assert_eq!(Implement::Kettlebell.round_down(15.9, kg), 12.0);
        assert_eq!(Implement::Stack.round_down(47.0, kg), 45.0);
        assert_eq!(Implement::Dumbbell.add_step(8.0, kg), 10.0);
        // An 8 kg lateral raise steps by 2 kg (+25 %), not 2.5 kg.
        assert_eq!(Implement::Dumbbell.add_step(8.0, kg) - 8.0, 2.0);
        // lb: 30 kg = 66.1 lb → 65 lb dumbbells.
        let lb = Implement::Dumbbell.round_down(30.0, Units::Lb);
        assert!((lb - 65.0 * KG_PER_LB).abs() < 1e-9);
        let stack = Implement::Stack.round_down(50.0, Units::Lb);
        assert!((stack - 110.0 * KG_PER_LB).abs() < 1e-9);
        assert_eq!(Implement::Barbell.round_down(f64::NAN, kg), 0.0);
        assert_eq!(Implement::Barbell.round_nearest(23.0, kg), 22.5);
    }

    proptest! {
        #[test]
        fn rounding_down_stays_within_one_step(load in 0.0f64..500.0, i in 0usize..6, lb in any::<bool>()) {
            let all = [Implement::Barbell, Implement::Smith, Implement::Dumbbell,
                Implement::Kettlebell, Implement::Stack, Implement::BeltPlates];
            let units = if lb { Units::Lb } else { Units::Kg };
            let imp = all[i];
            let r = imp.round_down(load, units);
            prop_assert!(r <= load + 1e-9);
            prop_assert!(load - r < imp.step_kg(units) + 1e-9);
            // On the grid: rounding again changes nothing.
            prop_assert!((imp.round_down(r, units) - r).abs() < 1e-9);
            prop_assert!(imp.add_step(r, units) > r);
        }
    }
}
