//! Progression: the next load and reps of an exercise from its last
//! exposures and the prescription in force (coaching.md, "Deloads and
//! progression"). Loads here are *total* loads in kg (body weight included
//! for weighted calisthenics); [`LoadGrid`] rounds them to what the
//! equipment can be set to.
//!
//! * `single`: the target reps were hit at or under the target RPE → one
//!   step more; otherwise the same load.
//! * `double`: climb the rep range at one load, one rep per successful
//!   exposure; at the top, one step more and back toward the bottom: the reps
//!   the working estimate allows at the new load, never under `reps_min` (a
//!   big step on a light dumbbell lands on the bottom; a 2.5 kg step on a
//!   100 kg squat costs a rep or two).
//! * `rpe`: the load the working estimate gives for the target reps and RPE.
//! * Failure path (all three): the first miss repeats the load (never
//!   raises it); the second miss in a row reduces it by
//!   [`FAILURE_LOAD_FACTOR`] (7.5 %, the middle of coaching.md's 5–10 %) and
//!   resets the count, so a miss right after a reduction is a first miss
//!   again, not a third.
//! * The working estimate bounds `single` and `double`: never more than
//!   [`MAX_OVER_ESTIMATE`] over its load for the target (but never under a
//!   load just lifted for those reps at or under the target RPE), never more than
//!   [`MAX_LAG_UNDER_ESTIMATE`] under it (a followed light suggestion would
//!   otherwise never catch up with the lifter). A reduction is not lifted back.
//!   A last exposure 2+ RPE points under the target is at least one step
//!   heavier next time, in every style, and at least the estimate's load
//!   for the target (within that ceiling).
//!   The caller may raise the estimate to [`crate::working::easy_floor`]
//!   (what sets too easy to count still prove).

use serde::{Deserialize, Serialize};

use crate::increment::Implement;
use crate::load::percent_1rm;
use crate::profile::Units;
use crate::program::ProgressionStyle;
use crate::working::WorkingExposure;

/// Load multiplier on the second miss in a row (coaching.md: reduce ~5–10 %).
pub const FAILURE_LOAD_FACTOR: f64 = 0.925;
/// Misses in a row that trigger the reduction (coaching.md).
pub const MISSES_FOR_FAILURE: usize = 2;
/// How far over the working estimate's load a style may go (our choice:
/// within the RPE scale's ±0.5-point noise, about 2–3 % per point).
pub const MAX_OVER_ESTIMATE: f64 = 0.05;
/// How far under the working estimate's load a style may lag (our choice:
/// the issue's ±10 % tracking target).
pub const MAX_LAG_UNDER_ESTIMATE: f64 = 0.10;

/// A last exposure this many RPE points or more under the target is far
/// too easy: the next load is at least one step heavier, in every style.
pub const TOO_EASY_RPE_POINTS: f64 = 2.0;

/// The reps and effort being worked in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RepTarget {
    /// Bottom of the rep range.
    pub reps_min: u32,
    /// Top of the rep range.
    pub reps_max: u32,
    /// The reps `single` and `rpe` prescribe (within the range).
    pub reps: u32,
    /// Target RPE.
    pub target_rpe: f64,
}

/// What loads can be set to: the implement's steps in the profile's units,
/// on top of a fixed body-weight part (weighted calisthenics).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoadGrid {
    pub implement: Implement,
    pub units: Units,
    /// Body weight carried (kg) for weighted calisthenics, else 0.
    pub body_kg: f64,
}

impl LoadGrid {
    /// Rounds a total load down to the grid (the added part at least 0).
    pub fn round_down(&self, total_kg: f64) -> f64 {
        self.body_kg
            + self
                .implement
                .round_down(total_kg - self.body_kg, self.units)
    }

    /// One step more.
    pub fn add_step(&self, total_kg: f64) -> f64 {
        self.round_down(total_kg + self.implement.step_kg(self.units))
    }

    /// One step, kg.
    pub fn step_kg(&self) -> f64 {
        self.implement.step_kg(self.units)
    }
}

/// Why the next prescription is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgressionStep {
    /// Same load (a first miss, or not yet easy enough).
    Repeat,
    /// One more rep at the same load (double progression).
    AddReps,
    /// One step more.
    AddLoad,
    /// The second miss in a row: lighter.
    Reduce,
    /// From the working estimate and the RPE chart.
    FromEstimate,
}

/// The next prescription.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct NextPrescription {
    /// Total load, kg, on the grid.
    pub load_kg: f64,
    /// Target reps.
    pub reps: u32,
    pub step: ProgressionStep,
}

/// Where the failure path stands after the last exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissState {
    /// The last exposure was a hit (or there is none).
    Clear,
    /// The last exposure was a first miss: repeat.
    FirstMiss,
    /// The last exposure was the second miss in a row: reduce (the count
    /// restarts from zero after it).
    Reduce,
}

/// Walks the exposures (oldest first): a hit clears the count; a miss adds
/// one; the second miss in a row is a reduction and resets the count.
pub fn miss_state(hits: impl IntoIterator<Item = bool>) -> MissState {
    let mut count = 0usize;
    let mut state = MissState::Clear;
    for hit in hits {
        if hit {
            count = 0;
            state = MissState::Clear;
        } else {
            count += 1;
            if count >= MISSES_FOR_FAILURE {
                count = 0;
                state = MissState::Reduce;
            } else {
                state = MissState::FirstMiss;
            }
        }
    }
    state
}

/// The load the estimate gives for `reps` at `rpe`, on the grid.
pub fn load_for(e1rm_kg: f64, reps: u32, rpe: f64, grid: &LoadGrid) -> f64 {
    grid.round_down(e1rm_kg * percent_1rm(f64::from(reps.max(1)), rpe) / 100.0)
}

/// The most reps the estimate allows at `load_kg` and `rpe` (at least 1, at most 30).
pub fn reps_at(e1rm_kg: f64, load_kg: f64, rpe: f64) -> u32 {
    (1..=30u32)
        .take_while(|r| e1rm_kg * percent_1rm(f64::from(*r), rpe) / 100.0 >= load_kg - 1e-9)
        .last()
        .unwrap_or(1)
}

/// Whether an exposure was at or under its target RPE: the one its stored
/// session prescribed, else today's.
pub(crate) fn easy_enough(e: &WorkingExposure, target: &RepTarget) -> bool {
    let rpe = e.planned.map_or(target.target_rpe, |p| p.target_rpe);
    e.rpe.is_none_or(|r| r <= rpe)
}

/// The reps under which an exposure is a miss: what its stored session
/// prescribed (`reps_min` for `double`, the top set's reps otherwise) when
/// the log was of a planned session, else today's prescription.
pub fn miss_floor(style: ProgressionStyle, e: &WorkingExposure, target: &RepTarget) -> u32 {
    match (style, e.planned) {
        (ProgressionStyle::Double, Some(p)) => p.reps_min,
        (_, Some(p)) => p.reps,
        (ProgressionStyle::Double, None) => target.reps_min,
        (_, None) => target.reps,
    }
}

/// The next prescription for `style`; `None` without any exposure or estimate.
/// `history` is oldest first; `e1rm_kg` the working estimate (total load).
pub fn next(
    style: ProgressionStyle,
    history: &[WorkingExposure],
    target: &RepTarget,
    e1rm_kg: Option<f64>,
    grid: &LoadGrid,
) -> Option<NextPrescription> {
    let e1rm_kg = e1rm_kg.filter(|e| e.is_finite() && *e > 0.0);
    let Some(last) = history.last() else {
        // No exposure: the estimate alone (if any).
        return e1rm_kg.map(|e| NextPrescription {
            load_kg: load_for(e, target.reps, target.target_rpe, grid),
            reps: target.reps,
            step: ProgressionStep::FromEstimate,
        });
    };
    let state = miss_state(
        history
            .iter()
            .map(|e| e.reps >= miss_floor(style, e, target)),
    );
    if state == MissState::Reduce {
        return Some(reduction(style, last, target, e1rm_kg, grid));
    }
    let first_miss = state == MissState::FirstMiss;
    let proposal = match style {
        ProgressionStyle::Rpe => match e1rm_kg {
            Some(e) => NextPrescription {
                load_kg: load_for(e, target.reps, target.target_rpe, grid),
                reps: target.reps,
                step: ProgressionStep::FromEstimate,
            },
            None => NextPrescription {
                load_kg: grid.round_down(last.load_kg),
                reps: target.reps,
                step: ProgressionStep::Repeat,
            },
        },
        ProgressionStyle::Single => {
            if !first_miss && last.reps >= target.reps && easy_enough(last, target) {
                NextPrescription {
                    load_kg: grid.add_step(last.load_kg),
                    reps: target.reps,
                    step: ProgressionStep::AddLoad,
                }
            } else {
                NextPrescription {
                    load_kg: grid.round_down(last.load_kg),
                    reps: target.reps,
                    step: ProgressionStep::Repeat,
                }
            }
        }
        ProgressionStyle::Double => {
            let reps = last.reps.clamp(target.reps_min, target.reps_max);
            if first_miss || !easy_enough(last, target) {
                NextPrescription {
                    load_kg: grid.round_down(last.load_kg),
                    reps,
                    step: ProgressionStep::Repeat,
                }
            } else if last.reps >= target.reps_max {
                let load_kg = grid.add_step(last.load_kg);
                let reps = e1rm_kg.map_or(target.reps_min, |e| {
                    reps_at(e, load_kg, target.target_rpe).clamp(target.reps_min, target.reps_max)
                });
                NextPrescription {
                    load_kg,
                    reps,
                    step: ProgressionStep::AddLoad,
                }
            } else {
                NextPrescription {
                    load_kg: grid.round_down(last.load_kg),
                    reps: (reps + 1).min(target.reps_max),
                    step: ProgressionStep::AddReps,
                }
            }
        }
    };
    let mut proposal = proposal;
    // Far too easy (2+ RPE points under the target): at least one step up,
    // whatever the style, within the estimate's ceiling below.
    let too_easy = last
        .rpe
        .is_some_and(|r| r <= target.target_rpe - TOO_EASY_RPE_POINTS);
    if too_easy && !first_miss && last.reps >= miss_floor(style, last, target) {
        // Straight to the estimate's load when that is more than one step:
        // a lifter two RPE points off the target is not crept up on a step
        // at a time (the cautious first loads of a new lifter).
        let estimated =
            e1rm_kg.map_or(0.0, |e| load_for(e, proposal.reps, target.target_rpe, grid));
        let up = grid.add_step(last.load_kg).max(estimated);
        if proposal.load_kg < up {
            proposal.load_kg = up;
            proposal.step = ProgressionStep::AddLoad;
        }
    }
    Some(bound(proposal, last, first_miss, e1rm_kg, target, grid))
}

/// The reps a style works at the bottom of: `reps_min` for `double`, the
/// target reps otherwise.
fn floor_reps(style: ProgressionStyle, target: &RepTarget) -> u32 {
    match style {
        ProgressionStyle::Double => target.reps_min,
        _ => target.reps,
    }
}

/// The second miss in a row: [`FAILURE_LOAD_FACTOR`] off the last load
/// (never above the estimate's load either), at the style's bottom reps.
pub(crate) fn reduction(
    style: ProgressionStyle,
    last: &WorkingExposure,
    target: &RepTarget,
    e1rm_kg: Option<f64>,
    grid: &LoadGrid,
) -> NextPrescription {
    let reps = floor_reps(style, target);
    let mut load_kg = grid.round_down(last.load_kg * FAILURE_LOAD_FACTOR);
    if let Some(e) = e1rm_kg {
        load_kg = load_kg.min(load_for(e, reps, target.target_rpe, grid));
    }
    NextPrescription {
        load_kg,
        reps,
        step: ProgressionStep::Reduce,
    }
}

/// The estimate's bounds (module docs); a first miss never raises the load.
fn bound(
    mut p: NextPrescription,
    last: &WorkingExposure,
    first_miss: bool,
    e1rm_kg: Option<f64>,
    target: &RepTarget,
    grid: &LoadGrid,
) -> NextPrescription {
    if let Some(e) = e1rm_kg {
        let raw = e * percent_1rm(f64::from(p.reps), target.target_rpe) / 100.0;
        let at_target = grid.round_down(raw);
        let ceiling = raw * (1.0 + MAX_OVER_ESTIMATE);
        let floor = raw * (1.0 - MAX_LAG_UNDER_ESTIMATE);
        if p.load_kg > ceiling || (p.load_kg < floor && !first_miss) {
            // Never under a load just lifted for the reps at or under the
            // target RPE (the estimate may lag: a set over 12 effective reps
            // is blind to it).
            let held = if last.reps >= p.reps && easy_enough(last, target) {
                grid.round_down(last.load_kg)
            } else {
                0.0
            };
            p.load_kg = at_target.max(held).min(p.load_kg.max(at_target));
            p.step = ProgressionStep::FromEstimate;
        }
    }
    if first_miss {
        p.load_kg = p.load_kg.min(grid.round_down(last.load_kg));
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::working::set_e1rm;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    const T: RepTarget = RepTarget {
        reps_min: 6,
        reps_max: 10,
        reps: 8,
        target_rpe: 8.0,
    };
    const BAR: LoadGrid = LoadGrid {
        implement: Implement::Barbell,
        units: Units::Kg,
        body_kg: 0.0,
    };

    fn e(load_kg: f64, reps: u32, rpe: Option<f64>) -> WorkingExposure {
        WorkingExposure {
            log_id: 0,
            date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            load_kg,
            reps,
            rpe,
            e1rm_kg: set_e1rm(load_kg, reps, rpe),
            e1rm_set: None,
            planned: None,
        }
    }

    #[test]
    fn failure_path_resets_after_a_reduction() {
        use MissState::*;
        assert_eq!(miss_state([]), Clear);
        assert_eq!(miss_state([true, false]), FirstMiss);
        assert_eq!(miss_state([false, false]), Reduce);
        // A miss right after the reduction is a first miss again.
        assert_eq!(miss_state([false, false, false]), FirstMiss);
        assert_eq!(miss_state([false, false, false, false]), Reduce);
        assert_eq!(miss_state([false, true, false]), FirstMiss);
    }

    #[test]
    fn single_progression() {
        let s = ProgressionStyle::Single;
        assert_eq!(next(s, &[], &T, None, &BAR), None);
        let n = next(s, &[e(100.0, 8, Some(8.0))], &T, None, &BAR).unwrap();
        assert_eq!((n.load_kg, n.step), (102.5, ProgressionStep::AddLoad));
        let n = next(s, &[e(100.0, 8, Some(9.0))], &T, None, &BAR).unwrap();
        assert_eq!((n.load_kg, n.step), (100.0, ProgressionStep::Repeat));
        // One miss: repeat once.
        let n = next(
            s,
            &[e(100.0, 8, Some(8.0)), e(102.5, 6, Some(10.0))],
            &T,
            None,
            &BAR,
        )
        .unwrap();
        assert_eq!((n.load_kg, n.step), (102.5, ProgressionStep::Repeat));
        // Two misses: 7.5 % lighter.
        let n = next(s, &[e(100.0, 7, None), e(100.0, 7, None)], &T, None, &BAR).unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (92.5, 8, ProgressionStep::Reduce)
        );
        // A miss after the reduction repeats, it does not reduce again.
        let h = [e(100.0, 7, None), e(100.0, 7, None), e(92.5, 7, None)];
        let n = next(s, &h, &T, None, &BAR).unwrap();
        assert_eq!((n.load_kg, n.step), (92.5, ProgressionStep::Repeat));
    }

    #[test]
    fn a_miss_is_judged_against_the_stored_prescription() {
        use crate::working::PlannedTarget;
        // Two sessions planned 3–6 reps (top set 4 @ 8), done 5 × 100 @ 8:
        // hits, though today's range starts at 6 (the goal changed since).
        let planned = |e: WorkingExposure| WorkingExposure {
            planned: Some(PlannedTarget {
                reps_min: 3,
                reps_max: 6,
                reps: 4,
                target_rpe: 8.0,
            }),
            ..e
        };
        let h = [
            planned(e(100.0, 5, Some(8.0))),
            planned(e(100.0, 5, Some(8.0))),
        ];
        for style in [ProgressionStyle::Single, ProgressionStyle::Double] {
            let n = next(style, &h, &T, None, &BAR).unwrap();
            assert_ne!(n.step, ProgressionStep::Reduce, "{style:?}: {n:?}");
            assert!(n.load_kg >= 100.0, "{style:?}: {n:?}");
            // Judged against today's prescription, the same logs are two misses.
            let bare = [e(100.0, 5, Some(8.0)), e(100.0, 5, Some(8.0))];
            let n = next(style, &bare, &T, None, &BAR).unwrap();
            assert_eq!(n.step, ProgressionStep::Reduce, "{style:?}: {n:?}");
        }
        // And the other way: a session planned 8 reps, done 7 (a miss),
        // twice, is reduced though today's target would be 6.
        let miss = |e: WorkingExposure| WorkingExposure {
            planned: Some(PlannedTarget {
                reps_min: 8,
                reps_max: 10,
                reps: 8,
                target_rpe: 8.0,
            }),
            ..e
        };
        let six = RepTarget {
            reps_min: 5,
            reps_max: 8,
            reps: 6,
            target_rpe: 8.0,
        };
        let h = [miss(e(100.0, 7, Some(10.0))), miss(e(100.0, 7, Some(10.0)))];
        let n = next(ProgressionStyle::Single, &h, &six, None, &BAR).unwrap();
        assert_eq!(n.step, ProgressionStep::Reduce, "{n:?}");
        assert_eq!(miss_floor(ProgressionStyle::Double, &h[0], &six), 8);
        assert_eq!(
            miss_floor(ProgressionStyle::Double, &e(1.0, 1, None), &six),
            5
        );
    }

    #[test]
    fn double_progression() {
        let s = ProgressionStyle::Double;
        let n = next(s, &[e(60.0, 7, Some(7.5))], &T, None, &BAR).unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (60.0, 8, ProgressionStep::AddReps)
        );
        let n = next(s, &[e(60.0, 10, Some(8.0))], &T, None, &BAR).unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (62.5, 6, ProgressionStep::AddLoad)
        );
        // With an estimate, back toward the bottom: the reps it allows at 62.5 kg.
        let est = set_e1rm(60.0, 10, Some(8.0));
        let n = next(s, &[e(60.0, 10, Some(8.0))], &T, est, &BAR).unwrap();
        assert_eq!((n.load_kg, n.step), (62.5, ProgressionStep::AddLoad));
        assert!((6..10).contains(&n.reps), "{n:?}");
        // A light dumbbell's 2 kg step lands on the bottom of the range.
        let db = LoadGrid {
            implement: Implement::Dumbbell,
            ..BAR
        };
        let n = next(s, &[e(8.0, 10, Some(7.0))], &T, Some(13.0), &db).unwrap();
        assert_eq!((n.load_kg, n.reps), (10.0, 6));
        // Unless the estimate says 10 kg × 6 @ 8 is out of reach: then it holds.
        let est = set_e1rm(8.0, 10, Some(8.0));
        let n = next(s, &[e(8.0, 10, Some(8.0))], &T, est, &db).unwrap();
        assert_eq!(n.load_kg, 8.0);
        let n = next(s, &[e(60.0, 5, None), e(60.0, 5, None)], &T, None, &BAR).unwrap();
        assert_eq!((n.load_kg, n.step), (55.0, ProgressionStep::Reduce));
    }

    #[test]
    fn rpe_progression_and_estimate_bounds() {
        let s = ProgressionStyle::Rpe;
        // 100 × 5 @ 8 → e1RM 123.3; 8 @ 8 = 10 @ 10 = 73.9 % → 91.1 → 90.
        let est = set_e1rm(100.0, 5, Some(8.0));
        let n = next(s, &[e(100.0, 5, Some(8.0))], &T, est, &BAR).unwrap();
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (90.0, 8, ProgressionStep::FromEstimate)
        );
        // The same set asked again reproduces itself: 5 @ 8 → 100 kg (not 95).
        let five = RepTarget { reps: 5, ..T };
        let n = next(s, &[e(100.0, 5, Some(8.0))], &five, est, &BAR).unwrap();
        assert_eq!(n.load_kg, 100.0);
        // A light suggestion that was followed (12 reps @ 5.5 at 10 kg on an
        // estimate of ~19.5 kg) is lifted to within 10 % of the estimate.
        let db = LoadGrid {
            implement: Implement::Dumbbell,
            ..BAR
        };
        let est = set_e1rm(13.6, 10, Some(8.0));
        let n = next(
            ProgressionStyle::Double,
            &[e(10.0, 12, Some(5.5))],
            &T,
            est,
            &db,
        )
        .unwrap();
        assert!(n.load_kg >= 12.0, "{n:?}");
    }

    #[test]
    fn far_too_easy_goes_straight_to_the_estimates_load() {
        // 42.5 kg × 4 @ 2 on an estimate of 62.5 kg: a rep more, and 5 @ 8
        // is 50.7 kg → 50 kg (the estimate's load), not 45 (one step up).
        let n = next(
            ProgressionStyle::Double,
            &[e(42.5, 4, Some(2.0))],
            &RepTarget {
                reps_min: 3,
                reps_max: 6,
                reps: 4,
                target_rpe: 8.0,
            },
            Some(62.5),
            &BAR,
        )
        .unwrap();
        assert_eq!((n.load_kg, n.reps), (50.0, 5), "{n:?}");
    }

    #[test]
    fn a_lagging_estimate_never_drops_a_load_just_lifted() {
        // Dumbbell curl: 12 kg × 10 @ 8 gives 17.6; then 12 kg × 12 @ 8 (14
        // effective reps: blind). Double adds a step; the estimate says 14 kg
        // is too heavy; the load stays at 12 kg rather than dropping to 10.
        let db = LoadGrid {
            implement: Implement::Dumbbell,
            ..BAR
        };
        let t = RepTarget {
            reps_min: 10,
            reps_max: 12,
            reps: 10,
            target_rpe: 8.0,
        };
        let est = set_e1rm(12.0, 10, Some(8.0));
        let h = [e(12.0, 10, Some(8.0)), e(12.0, 12, Some(8.0))];
        let n = next(ProgressionStyle::Double, &h, &t, est, &db).unwrap();
        assert_eq!(n.load_kg, 12.0, "{n:?}");
    }

    #[test]
    fn weighted_calisthenics_grid() {
        let belt = LoadGrid {
            implement: Implement::BeltPlates,
            units: Units::Kg,
            body_kg: 80.0,
        };
        assert_eq!(belt.round_down(93.9), 92.5);
        assert_eq!(belt.round_down(70.0), 80.0);
        assert_eq!(belt.add_step(80.0), 82.5);
    }

    proptest! {
        #[test]
        fn never_above_the_estimate_by_more_than_five_percent_unless_just_lifted(
            style in 0usize..3,
            loads in proptest::collection::vec((20.0f64..200.0, 3u32..12, 13u32..=20), 1..6),
            est_f in 0.8f64..1.3,
        ) {
            let style = [ProgressionStyle::Single, ProgressionStyle::Double, ProgressionStyle::Rpe][style];
            let hist: Vec<WorkingExposure> = loads.iter()
                .map(|(l, r, p)| e(BAR.round_down(*l), *r, Some(f64::from(*p) / 2.0))).collect();
            let last = hist.last().unwrap();
            let est = last.load_kg / 0.75 * est_f;
            let n = next(style, &hist, &T, Some(est), &BAR).unwrap();
            let at = est * percent_1rm(f64::from(n.reps), T.target_rpe) / 100.0;
            let held = if last.reps >= n.reps && last.rpe.is_none_or(|r| r <= T.target_rpe) {
                BAR.round_down(last.load_kg)
            } else {
                0.0
            };
            prop_assert!(n.load_kg <= BAR.round_down(at).max(at * 1.05).max(held) + 1e-9, "{n:?} vs {at}");
            prop_assert!(n.reps >= 1);
            // On the grid.
            prop_assert!((BAR.round_down(n.load_kg) - n.load_kg).abs() < 1e-9);
            if n.step == ProgressionStep::Reduce {
                prop_assert!(n.load_kg < last.load_kg || n.load_kg == 0.0);
            }
        }

        #[test]
        fn reduction_is_five_to_ten_percent(load in 40.0f64..300.0) {
            let l = BAR.round_down(load);
            let h = [e(l, 3, Some(10.0)), e(l, 3, Some(10.0))];
            let n = next(ProgressionStyle::Single, &h, &T, None, &BAR).unwrap();
            prop_assert_eq!(n.step, ProgressionStep::Reduce);
            let cut = 1.0 - n.load_kg / l;
            prop_assert!(cut >= 0.05 - 1e-9 && cut <= 0.10 + BAR.step_kg() / l, "{cut}");
        }
    }
}
