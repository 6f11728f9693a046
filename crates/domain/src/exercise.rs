//! An exercise of the catalog.

use serde::{Deserialize, Serialize};

use crate::{Equipment, Mechanics, MovementPattern, Muscle, Tracking};

/// A catalog exercise's id: stable across releases and re-seeding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(transparent)]
pub struct ExerciseId(pub i64);

impl std::fmt::Display for ExerciseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// An exercise: what it trains, what it needs, how hard it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct Exercise {
    pub id: ExerciseId,
    pub slug: String,
    pub name: String,
    pub movement_pattern: MovementPattern,
    pub mechanics: Mechanics,
    /// Muscles a set counts 1 for.
    pub primary_muscles: Vec<Muscle>,
    /// Muscles a set counts 0.5 for.
    pub secondary_muscles: Vec<Muscle>,
    /// Every piece of equipment the exercise needs (all of them).
    pub equipment: Vec<Equipment>,
    pub unilateral: bool,
    /// Systemic fatigue cost, 1 (low) to 5 (high).
    pub fatigue: u8,
    /// Technical demand, 1 (low) to 5 (high).
    pub skill: u8,
    pub tracking: Tracking,
}

/// A set counts this much for each primary muscle (Pelland et al. 2024: fractional counting).
pub const PRIMARY_SET_CREDIT: f64 = 1.0;
/// A set counts this much for each secondary muscle (Pelland et al. 2024).
pub const SECONDARY_SET_CREDIT: f64 = 0.5;

/// Shin work, by catalog slug. The tibialis raise trains the tibialis
/// anterior, which the contract's muscle vocabulary (api.md, `Muscle`) has no
/// name for: the catalog files it under calves, the lower leg, so a search
/// for calf work finds it. Its sets are no calf sets (RP's calf landmarks
/// count plantar flexion; the tibialis is its antagonist), so it credits no
/// muscle: no weekly volume, no fatigue, no target. The planner never picks
/// it on its own (it fills no slot and no target); a `require` or `prefer`
/// rule, a custom workout or a log puts it in.
pub const SHIN_WORK: &[&str] = &["tibialis-raise"];

impl Exercise {
    /// Whether this is shin work ([`SHIN_WORK`]): no muscle credit.
    pub fn is_shin_work(&self) -> bool {
        SHIN_WORK.contains(&self.slug.as_str())
    }

    /// The fractional set credit one set of this exercise gives `muscle`
    /// (none for shin work, [`SHIN_WORK`]).
    pub fn set_credit(&self, muscle: Muscle) -> f64 {
        self.muscle_credits()
            .find(|(m, _)| *m == muscle)
            .map_or(0.0, |(_, credit)| credit)
    }

    /// Every muscle the exercise credits with its per-set credit (none for
    /// shin work, [`SHIN_WORK`]).
    pub fn muscle_credits(&self) -> impl Iterator<Item = (Muscle, f64)> + '_ {
        let credited = !self.is_shin_work();
        self.primary_muscles
            .iter()
            .map(|m| (*m, PRIMARY_SET_CREDIT))
            .chain(
                self.secondary_muscles
                    .iter()
                    .map(|m| (*m, SECONDARY_SET_CREDIT)),
            )
            .filter(move |_| credited)
    }

    /// Whether this exercise is possible with the equipment at hand.
    pub fn possible_with(&self, available: &[Equipment]) -> bool {
        self.equipment.iter().all(|e| available.contains(e))
    }

    /// Whether the exercise is a compound movement.
    pub fn is_compound(&self) -> bool {
        self.mechanics == Mechanics::Compound
    }
}
