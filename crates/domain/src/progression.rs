//! Progression: the next (load, reps) for an exercise from its previous exposures
//! (coaching.md, "Deloads and progression").
//!
//! * `single`: keep the load until the top of the rep range is hit at or under
//!   the target RPE, then add one plate increment.
//! * `double`: add a rep per successful exposure within the range; at the top,
//!   add one increment and reset to the bottom of the range.
//! * `rpe`: the load follows the latest e1RM and the RPE chart every session.
//! * Failure path (all three): two misses in a row → load × [`FAILURE_LOAD_FACTOR`]
//!   (7.5 % lighter, the middle of coaching.md's 5–10 %), reps reset to the bottom.

use serde::{Deserialize, Serialize};

use crate::e1rm;
use crate::load::{plate_increment_kg, round_down_to_plate, suggested_load};
use crate::profile::{E1rmFormula, Units};
use crate::program::ProgressionStyle;

/// Load multiplier after two misses in a row (coaching.md: reduce ~5–10 %).
pub const FAILURE_LOAD_FACTOR: f64 = 0.925;
/// Misses in a row that trigger the failure path (coaching.md).
pub const MISSES_FOR_FAILURE: usize = 2;

/// One previous exposure of an exercise (its working sets summarised).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Exposure {
    /// Working load, kg.
    pub load_kg: f64,
    /// Reps achieved (on the last working set).
    pub reps: u32,
    /// RPE of the last working set, if logged.
    pub rpe: Option<f64>,
    /// Whether the prescribed reps were achieved.
    pub hit: bool,
}

/// The rep range and effort being worked in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RepTarget {
    /// Bottom of the rep range.
    pub reps_min: u32,
    /// Top of the rep range.
    pub reps_max: u32,
    /// Target RPE.
    pub target_rpe: f64,
}

/// Why the next prescription is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressionStep {
    /// Same load and reps (a single miss, or not yet at the top).
    Repeat,
    /// One more rep at the same load (double progression).
    AddReps,
    /// One plate increment more.
    AddLoad,
    /// Two misses in a row: lighter.
    Reduce,
    /// Load from the latest e1RM and the RPE chart.
    FromE1rm,
}

/// The next prescription.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NextPrescription {
    /// Load for the next exposure, kg (rounded down to the plate increment).
    pub load_kg: f64,
    /// Target reps.
    pub reps: u32,
    /// Why.
    pub step: ProgressionStep,
}

fn failed_twice(history: &[Exposure]) -> bool {
    history.len() >= MISSES_FOR_FAILURE
        && history
            .iter()
            .rev()
            .take(MISSES_FOR_FAILURE)
            .all(|e| !e.hit)
}

fn easy_enough(e: &Exposure, target: &RepTarget) -> bool {
    e.rpe.is_none_or(|r| r <= target.target_rpe)
}

fn reduce(last: &Exposure, target: &RepTarget, units: Units) -> NextPrescription {
    NextPrescription {
        load_kg: round_down_to_plate(last.load_kg * FAILURE_LOAD_FACTOR, units),
        reps: target.reps_min,
        step: ProgressionStep::Reduce,
    }
}

fn add_load(load_kg: f64, units: Units) -> f64 {
    round_down_to_plate(load_kg + plate_increment_kg(units), units)
}

/// Single progression; `None` without history. History is oldest first.
pub fn single(history: &[Exposure], target: &RepTarget, units: Units) -> Option<NextPrescription> {
    let last = history.last()?;
    if failed_twice(history) {
        return Some(reduce(last, target, units));
    }
    if last.hit && last.reps >= target.reps_max && easy_enough(last, target) {
        return Some(NextPrescription {
            load_kg: add_load(last.load_kg, units),
            reps: target.reps_max,
            step: ProgressionStep::AddLoad,
        });
    }
    Some(NextPrescription {
        load_kg: last.load_kg,
        reps: target.reps_max,
        step: ProgressionStep::Repeat,
    })
}

/// Double progression; `None` without history. History is oldest first.
pub fn double(history: &[Exposure], target: &RepTarget, units: Units) -> Option<NextPrescription> {
    let last = history.last()?;
    if failed_twice(history) {
        return Some(reduce(last, target, units));
    }
    let reps = last.reps.clamp(target.reps_min, target.reps_max);
    if !last.hit || !easy_enough(last, target) {
        return Some(NextPrescription {
            load_kg: last.load_kg,
            reps,
            step: ProgressionStep::Repeat,
        });
    }
    if last.reps >= target.reps_max {
        return Some(NextPrescription {
            load_kg: add_load(last.load_kg, units),
            reps: target.reps_min,
            step: ProgressionStep::AddLoad,
        });
    }
    Some(NextPrescription {
        load_kg: last.load_kg,
        reps: reps + 1,
        step: ProgressionStep::AddReps,
    })
}

/// RPE progression: load from the latest exposure's e1RM (or `e1rm_kg` if given)
/// at the middle of the rep range and the target RPE; `None` without any basis.
/// After two misses the load is also capped at the failure reduction.
pub fn rpe(
    history: &[Exposure],
    target: &RepTarget,
    e1rm_kg: Option<f64>,
    formula: E1rmFormula,
    units: Units,
) -> Option<NextPrescription> {
    let last = history.last();
    let from_last = last.and_then(|e| {
        e1rm::estimate(
            formula,
            e.load_kg,
            e.reps.clamp(e1rm::MIN_REPS, e1rm::MAX_REPS),
            e.rpe,
        )
        .ok()
        .map(|x| x.e1rm_kg)
    });
    let basis = e1rm_kg
        .filter(|v| v.is_finite() && *v > 0.0)
        .or(from_last)?;
    let reps = (target.reps_min + target.reps_max) / 2;
    let mut load = suggested_load(basis, f64::from(reps.max(1)), target.target_rpe, units);
    let mut step = ProgressionStep::FromE1rm;
    if let Some(last) = last.filter(|_| failed_twice(history)) {
        let reduced = reduce(last, target, units).load_kg;
        if reduced < load {
            load = reduced;
            step = ProgressionStep::Reduce;
        }
    }
    Some(NextPrescription {
        load_kg: load,
        reps: reps.max(1),
        step,
    })
}

/// Dispatches on the program's progression style.
pub fn next(
    style: ProgressionStyle,
    history: &[Exposure],
    target: &RepTarget,
    e1rm_kg: Option<f64>,
    formula: E1rmFormula,
    units: Units,
) -> Option<NextPrescription> {
    match style {
        ProgressionStyle::Single => single(history, target, units),
        ProgressionStyle::Double => double(history, target, units),
        ProgressionStyle::Rpe => rpe(history, target, e1rm_kg, formula, units),
    }
}

/// Exposures in a row whose e1RM must fall for a pattern to trend down (coaching.md).
pub const TREND_EXPOSURES: usize = 3;
/// Patterns that must trend down to suggest a reactive deload (coaching.md).
pub const TREND_PATTERNS: usize = 2;

/// Whether e1RMs (oldest first) fall over the last three exposures: each of
/// the last three is below the one before it.
pub fn trending_down(e1rms: &[f64]) -> bool {
    e1rms.len() > TREND_EXPOSURES - 1
        && e1rms[e1rms.len() - TREND_EXPOSURES..]
            .windows(2)
            .all(|w| w[1] < w[0])
}

/// A reactive deload is suggested when e1RM trends down on two or more
/// movement patterns over three exposures (coaching.md). Each item is one
/// pattern's e1RM history, oldest first.
pub fn reactive_deload_suggested<'a>(per_pattern: impl IntoIterator<Item = &'a [f64]>) -> bool {
    per_pattern.into_iter().filter(|h| trending_down(h)).count() >= TREND_PATTERNS
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: RepTarget = RepTarget {
        reps_min: 6,
        reps_max: 10,
        target_rpe: 8.0,
    };

    fn e(load_kg: f64, reps: u32, rpe: Option<f64>, hit: bool) -> Exposure {
        Exposure {
            load_kg,
            reps,
            rpe,
            hit,
        }
    }

    #[test]
    fn reactive_deload() {
        assert!(trending_down(&[100.0, 98.0, 97.0]));
        assert!(!trending_down(&[100.0, 98.0, 98.0]));
        assert!(!trending_down(&[100.0, 98.0]));
        let squat = [120.0, 119.0, 118.0];
        let bench = [90.0, 89.0, 87.5, 87.0];
        let row = [80.0, 81.0, 80.0];
        assert!(reactive_deload_suggested([
            &squat[..],
            &bench[..],
            &row[..]
        ]));
        assert!(!reactive_deload_suggested([&squat[..], &row[..]]));
    }

    #[test]
    fn single_progression() {
        assert_eq!(single(&[], &T, Units::Kg), None);
        let n = single(&[e(100.0, 10, Some(8.0), true)], &T, Units::Kg).unwrap();
        assert_eq!((n.load_kg, n.step), (102.5, ProgressionStep::AddLoad));
        let n = single(&[e(100.0, 10, Some(9.0), true)], &T, Units::Kg).unwrap();
        assert_eq!((n.load_kg, n.step), (100.0, ProgressionStep::Repeat));
        let n = single(
            &[e(100.0, 8, None, false), e(100.0, 7, None, false)],
            &T,
            Units::Kg,
        )
        .unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (92.5, 6, ProgressionStep::Reduce)
        );
    }

    #[test]
    fn double_progression() {
        let n = double(&[e(60.0, 7, Some(7.5), true)], &T, Units::Kg).unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (60.0, 8, ProgressionStep::AddReps)
        );
        let n = double(&[e(60.0, 10, Some(8.0), true)], &T, Units::Kg).unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (62.5, 6, ProgressionStep::AddLoad)
        );
        let n = double(
            &[e(60.0, 10, None, true), e(60.0, 5, None, false)],
            &T,
            Units::Kg,
        )
        .unwrap();
        assert_eq!(n.step, ProgressionStep::Repeat);
        let n = double(
            &[e(60.0, 5, None, false), e(60.0, 5, None, false)],
            &T,
            Units::Kg,
        )
        .unwrap();
        assert_eq!((n.load_kg, n.step), (55.0, ProgressionStep::Reduce));
        // lb users add 5 lb.
        let n = double(
            &[e(100.0 * crate::load::KG_PER_LB, 10, None, true)],
            &T,
            Units::Lb,
        )
        .unwrap();
        assert!((n.load_kg - 105.0 * crate::load::KG_PER_LB).abs() < 1e-9);
    }

    #[test]
    fn rpe_progression() {
        // 100 × 5 @ 8 → Brzycki with 7 reps = 120 kg; 8 reps @ 8 = 10 @ 10 = 73.9 % → 88.68 → 87.5
        let n = rpe(
            &[e(100.0, 5, Some(8.0), true)],
            &T,
            None,
            E1rmFormula::Brzycki,
            Units::Kg,
        )
        .unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (87.5, 8, ProgressionStep::FromE1rm)
        );
        assert!(rpe(&[], &T, None, E1rmFormula::Brzycki, Units::Kg).is_none());
        let n = rpe(&[], &T, Some(200.0), E1rmFormula::Brzycki, Units::Kg).unwrap();
        assert_eq!(n.load_kg, 147.5);
        let misses = [
            e(100.0, 3, Some(10.0), false),
            e(100.0, 3, Some(10.0), false),
        ];
        let n = next(
            ProgressionStyle::Rpe,
            &misses,
            &T,
            Some(200.0),
            E1rmFormula::Brzycki,
            Units::Kg,
        )
        .unwrap();
        assert_eq!((n.load_kg, n.step), (92.5, ProgressionStep::Reduce));
    }
}
