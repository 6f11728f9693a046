//! Near-duplicates: two exercises a coach would not write into one session
//! because they are the same movement, differing only by grip, load or
//! implement (Dumbbell and Kettlebell Floor Press; Chin-Up and Weighted
//! Chin-Up; Pull-Up and Lat Pulldown; two goblet squats).
//!
//! The key is the movement pattern and the primary muscles, with two
//! readings of a coach (issue 15):
//! * **one vertical pull per session**: pull-ups, chin-ups and pulldowns are
//!   one movement whatever the grip (a chin-up lists the biceps as primary,
//!   a pull-up does not, yet the lats do the work in both);
//! * in a compound pattern the arm synergists (biceps, triceps, forearms)
//!   do not tell two variants apart: a floor press (chest, triceps) is a
//!   bench press (chest) with a shorter range. An angle that moves the work
//!   to another large muscle does: an incline press (chest, front delts) is
//!   not a flat bench, a front squat (quads) not a back squat (quads,
//!   glutes), and a Romanian deadlift (glutes, hamstrings) not a
//!   conventional deadlift (glutes, hamstrings, lower back).
//!
//! Isolation patterns keep every primary muscle (a hammer curl next to a
//! curl is a coach's choice).

use crate::{Exercise, MovementPattern, Muscle};

/// What makes two exercises the same movement in one session.
pub type MovementKey = (MovementPattern, Vec<Muscle>);

/// Arm muscles that assist a compound movement without telling its variants apart.
pub const ARM_SYNERGISTS: [Muscle; 3] = [Muscle::Biceps, Muscle::Triceps, Muscle::Forearms];

/// The near-duplicate key of an exercise of `pattern` with these primary muscles.
pub fn movement_key(
    pattern: MovementPattern,
    primary: impl IntoIterator<Item = Muscle>,
) -> MovementKey {
    if pattern == MovementPattern::VerticalPull {
        return (pattern, Vec::new());
    }
    let mut all: Vec<Muscle> = primary.into_iter().collect();
    all.sort();
    all.dedup();
    if !pattern.is_main() {
        return (pattern, all);
    }
    let large: Vec<Muscle> = all
        .iter()
        .copied()
        .filter(|m| !ARM_SYNERGISTS.contains(m))
        .collect();
    if large.is_empty() {
        (pattern, all)
    } else {
        (pattern, large)
    }
}

impl Exercise {
    /// This exercise's near-duplicate key ([`movement_key`]).
    pub fn movement_key(&self) -> MovementKey {
        movement_key(self.movement_pattern, self.primary_muscles.iter().copied())
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog;

    fn key_of(name: &str) -> super::MovementKey {
        catalog::catalog()
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name}"))
            .movement_key()
    }

    fn same(a: &str, b: &str) -> bool {
        key_of(a) == key_of(b)
    }

    #[test]
    fn grip_load_and_implement_variants_are_duplicates() {
        assert!(same("Pull-Up", "Weighted Chin-Up"));
        assert!(same("Chin-Up", "Weighted Chin-Up"));
        assert!(same("Pull-Up", "Wide-Grip Lat Pulldown"));
        assert!(same("Barbell Bench Press", "Kettlebell Floor Press"));
        assert!(same("Dumbbell Floor Press", "Kettlebell Floor Press"));
        assert!(same("Barbell Bench Press", "Dumbbell Bench Press"));
        assert!(same("Dumbbell Goblet Squat", "Kettlebell Goblet Squat"));
        assert!(same(
            "Barbell Bent-Over Row",
            "One-Arm Dumbbell Row (bench supported)"
        ));
    }

    #[test]
    fn a_different_angle_or_muscle_is_not() {
        assert!(!same("Barbell Bench Press", "Incline Dumbbell Bench Press"));
        assert!(!same("Barbell Back Squat", "Barbell Front Squat"));
        assert!(!same(
            "Conventional Barbell Deadlift",
            "Barbell Romanian Deadlift"
        ));
        assert!(!same("Barbell Bent-Over Row", "Cable Face Pull"));
        assert!(!same("Standing Barbell Overhead Press", "Arnold Press"));
    }

    #[test]
    fn every_vertical_pull_shares_one_key() {
        let keys: std::collections::BTreeSet<_> = catalog::catalog()
            .iter()
            .filter(|e| e.movement_pattern == crate::MovementPattern::VerticalPull)
            .map(|e| e.movement_key())
            .collect();
        assert_eq!(keys.len(), 1);
    }

    #[test]
    fn isolation_keeps_its_primary_muscles() {
        let curl = super::movement_key(
            crate::MovementPattern::ElbowFlexion,
            [crate::Muscle::Biceps, crate::Muscle::Forearms],
        );
        assert_eq!(curl.1, vec![crate::Muscle::Biceps, crate::Muscle::Forearms]);
    }
}
