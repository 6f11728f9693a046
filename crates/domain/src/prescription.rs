//! Reps, sets per exercise, RPE and rest by goal blend and exercise role
//! (coaching.md, "Reps, effort and rest by goal"), and deload adjustments.
//!
//! Each goal's row gives ranges; the program's goal weights blend the range
//! ends linearly. Goals not in the table: `speed` uses the explosiveness row,
//! `mobility` the endurance row with RPE 5–7 (our choice: light, controlled).
//! Isolation work is kept at ≥ 8–12 reps (single-joint moves at 3–6 reps are
//! joint-unfriendly; common coaching practice), and explosiveness has no
//! isolation rest in the table, so it uses hypertrophy's 60–90 s.

use serde::{Deserialize, Serialize};

use crate::goal::{Goal, GoalWeights};
use crate::pattern::Mechanics;

/// Share of sets kept on a deload (coaching.md: about half).
pub const DELOAD_SET_FACTOR: f64 = 0.5;
/// RPE drop on a deload (coaching.md: ~2).
pub const DELOAD_RPE_DROP: f64 = 2.0;
/// Loads on a deload are not cut by a factor: they follow from the lower
/// RPE (RPE −2 is already ~6–8 % lighter on the chart), so a deload reduces
/// once, not twice (see [`crate::set_plan`]).
/// Lowest RPE ever prescribed.
pub const MIN_TARGET_RPE: f64 = 5.0;
/// Isolation rep floor: (min, max) at least (8, 12) — our choice, see module docs.
pub const ISOLATION_MIN_REPS: (f64, f64) = (8.0, 12.0);

/// One row of the goal table: (low, high) pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoalRow {
    /// Reps per set (low, high).
    pub reps: (f64, f64),
    /// Sets per exercise (low, high).
    pub sets: (f64, f64),
    /// RPE (low, high).
    pub rpe: (f64, f64),
    /// Rest after a compound set, seconds (low, high).
    pub rest_compound: (f64, f64),
    /// Rest after an isolation set, seconds (low, high).
    pub rest_isolation: (f64, f64),
}

/// coaching.md's row for a goal.
pub const fn goal_row(goal: Goal) -> GoalRow {
    match goal {
        Goal::Strength => GoalRow {
            reps: (3.0, 6.0),
            sets: (3.0, 6.0),
            rpe: (7.0, 9.0),
            rest_compound: (180.0, 300.0),
            rest_isolation: (90.0, 120.0),
        },
        Goal::Hypertrophy => GoalRow {
            reps: (6.0, 12.0),
            sets: (3.0, 4.0),
            rpe: (7.0, 9.0),
            rest_compound: (120.0, 180.0),
            rest_isolation: (60.0, 90.0),
        },
        Goal::Endurance | Goal::FatLoss => GoalRow {
            reps: (12.0, 20.0),
            sets: (2.0, 3.0),
            rpe: (6.0, 8.0),
            rest_compound: (60.0, 90.0),
            rest_isolation: (30.0, 60.0),
        },
        Goal::Mobility => GoalRow {
            reps: (12.0, 20.0),
            sets: (2.0, 3.0),
            rpe: (5.0, 7.0),
            rest_compound: (60.0, 90.0),
            rest_isolation: (30.0, 60.0),
        },
        Goal::Explosiveness | Goal::Speed => GoalRow {
            reps: (1.0, 5.0),
            sets: (3.0, 6.0),
            rpe: (6.0, 8.0),
            rest_compound: (120.0, 180.0),
            rest_isolation: (60.0, 90.0),
        },
    }
}

/// What to do for one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Prescription {
    /// Fewest reps per set.
    pub reps_min: u32,
    /// Most reps per set.
    pub reps_max: u32,
    /// Fewest sets of the exercise.
    pub sets_min: u32,
    /// Most sets of the exercise.
    pub sets_max: u32,
    /// Target RPE, a multiple of 0.5.
    pub target_rpe: f64,
    /// Rest after each set, seconds.
    pub rest_seconds: u32,
}

impl Prescription {
    /// Middle of the rep range (for time estimates and load suggestions).
    pub fn reps_mid(&self) -> f64 {
        f64::from(self.reps_min + self.reps_max) / 2.0
    }

    /// The deload version: about half the sets (at least 1), RPE −2 (not below 5).
    pub fn deload(self) -> Self {
        let half = |s: u32| ((f64::from(s) * DELOAD_SET_FACTOR).round() as u32).max(1);
        Prescription {
            sets_min: half(self.sets_min),
            sets_max: half(self.sets_max),
            target_rpe: (self.target_rpe - DELOAD_RPE_DROP).max(MIN_TARGET_RPE),
            ..self
        }
    }

    /// Scales the sets per exercise (e.g. ×0.7 on a low-energy day): at least 1,
    /// `sets_min ≤ sets_max`. Factors ≥ 1 or non-finite leave the sets as they are.
    pub fn scale_sets(self, factor: f64) -> Self {
        if !factor.is_finite() || factor >= 1.0 {
            return self;
        }
        let f = factor.max(0.0);
        let sets_min = ((f64::from(self.sets_min) * f).round() as u32).max(1);
        let sets_max = ((f64::from(self.sets_max) * f).round() as u32).max(sets_min);
        Prescription {
            sets_min,
            sets_max,
            ..self
        }
    }

    /// Lowers the target RPE by `drop` (e.g. low energy), not below 5, on the 0.5 grid.
    pub fn with_rpe_drop(self, drop: f64) -> Self {
        let rpe = ((self.target_rpe - drop.max(0.0)) * 2.0).round() / 2.0;
        Prescription {
            target_rpe: rpe.max(MIN_TARGET_RPE),
            ..self
        }
    }
}

fn blend(goals: &GoalWeights, pick: impl Fn(&GoalRow) -> (f64, f64)) -> (f64, f64) {
    goals.shares().fold((0.0, 0.0), |(lo, hi), (g, s)| {
        let (a, b) = pick(&goal_row(g));
        (lo + s * a, hi + s * b)
    })
}

/// The low end of the blended rest range for an exercise role, seconds (a
/// multiple of 15): a beginner's rest ([`crate::set_plan::role_rx_for`]).
pub fn rest_low_end(goals: &GoalWeights, mechanics: Mechanics) -> u32 {
    let (tlo, _) = match mechanics {
        Mechanics::Compound => blend(goals, |r| r.rest_compound),
        Mechanics::Isolation => blend(goals, |r| r.rest_isolation),
    };
    (tlo / 15.0).round() as u32 * 15
}

/// The blended prescription for an exercise role; `deload` applies [`Prescription::deload`].
pub fn prescribe(goals: &GoalWeights, mechanics: Mechanics, deload: bool) -> Prescription {
    let (mut rlo, mut rhi) = blend(goals, |r| r.reps);
    if mechanics == Mechanics::Isolation {
        rlo = rlo.max(ISOLATION_MIN_REPS.0);
        rhi = rhi.max(ISOLATION_MIN_REPS.1);
    }
    let (slo, shi) = blend(goals, |r| r.sets);
    let (plo, phi) = blend(goals, |r| r.rpe);
    let (tlo, thi) = match mechanics {
        Mechanics::Compound => blend(goals, |r| r.rest_compound),
        Mechanics::Isolation => blend(goals, |r| r.rest_isolation),
    };
    let reps_min = (rlo.round() as u32).max(1);
    let reps_max = (rhi.round() as u32).max(reps_min);
    let sets_min = (slo.round() as u32).max(1);
    let sets_max = (shi.round() as u32).max(sets_min);
    let target_rpe = (((plo + phi) / 2.0) * 2.0).round() / 2.0;
    let rest_seconds = (((tlo + thi) / 2.0) / 15.0).round() as u32 * 15;
    let p = Prescription {
        reps_min,
        reps_max,
        sets_min,
        sets_max,
        target_rpe,
        rest_seconds,
    };
    if deload { p.deload() } else { p }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::goal::GoalWeight;

    fn goals(list: &[(Goal, f64)]) -> GoalWeights {
        GoalWeights::new(
            list.iter()
                .map(|&(goal, weight)| GoalWeight { goal, weight })
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn single_goals() {
        let p = prescribe(
            &goals(&[(Goal::Hypertrophy, 10.0)]),
            Mechanics::Compound,
            false,
        );
        assert_eq!(
            (p.reps_min, p.reps_max, p.sets_min, p.sets_max),
            (6, 12, 3, 4)
        );
        assert_eq!(p.target_rpe, 8.0);
        assert_eq!(p.rest_seconds, 150);
        let p = prescribe(
            &goals(&[(Goal::Strength, 10.0)]),
            Mechanics::Compound,
            false,
        );
        assert_eq!((p.reps_min, p.reps_max, p.rest_seconds), (3, 6, 240));
        let p = prescribe(
            &goals(&[(Goal::Strength, 10.0)]),
            Mechanics::Isolation,
            false,
        );
        assert_eq!((p.reps_min, p.reps_max, p.rest_seconds), (8, 12, 105));
        let p = prescribe(
            &goals(&[(Goal::FatLoss, 10.0)]),
            Mechanics::Isolation,
            false,
        );
        assert_eq!(
            (p.reps_min, p.reps_max, p.target_rpe, p.rest_seconds),
            (12, 20, 7.0, 45)
        );
    }

    #[test]
    fn blends_and_deloads() {
        let p = prescribe(
            &goals(&[(Goal::Strength, 5.0), (Goal::Hypertrophy, 5.0)]),
            Mechanics::Compound,
            false,
        );
        assert_eq!((p.reps_min, p.reps_max), (5, 9));
        assert_eq!(p.rest_seconds, 195);
        let d = prescribe(
            &goals(&[(Goal::Hypertrophy, 10.0)]),
            Mechanics::Compound,
            true,
        );
        assert_eq!((d.sets_min, d.sets_max, d.target_rpe), (2, 2, 6.0));
        assert_eq!(p.with_rpe_drop(1.0).target_rpe, 7.0);
        let s = p.scale_sets(0.6);
        assert_eq!((s.sets_min, s.sets_max), (2, 3));
        assert_eq!(p.scale_sets(1.2), p);
        assert_eq!(p.scale_sets(0.0).sets_min, 1);
        assert_eq!(p.with_rpe_drop(9.0).target_rpe, MIN_TARGET_RPE);
    }
}
