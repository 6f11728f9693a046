//! Progression on a coarse load grid: reps before the load step.
//!
//! One step of a light load is a big jump: 2 kg on a 10 kg dumbbell is
//! +20 %, 5 kg on a 30 kg cable stack +17 %, while a beginner grows about
//! 1–2 % a week. Loads alone then either stall (the step is over what the
//! estimate allows) or jump past the lifter. Where one step is more than
//! [`COARSE_STEP_SHARE`] (5 %) of the load for the target, the load is held
//! and the reps carry the progression, as coaches do with fixed dumbbells
//! (a double progression over a wide range; e.g. Helms, Morgan & Valdez,
//! *The Muscle and Strength Pyramid: Training*, 2nd ed., "Progression":
//! add reps within a range, then load):
//!
//! * **The range opens upward**: assistance work (secondary compounds and
//!   accessories) may climb to [`COARSE_MAX_REPS`] (15) reps, inside the
//!   exercise's rep limits ([`coarse_range`]): 10 → 15 reps at RPE 8 is
//!   about 24 % of load, enough to bridge most 2 kg and 5 kg steps. Main
//!   lifts climb to [`COARSE_MAIN_MAX_REPS`] (12): a strength top set is
//!   not done for 15, but a beginner's 3–6 on a 10 kg dumbbell press cannot
//!   grow either (its 2 kg step is 20 % of the load, the range spans 10 %),
//!   and it held the same load and reps for eight weeks while the lifter
//!   grew 7 %; 6 → 12 reps at RPE 8 is about 19 % of load.
//! * **The load**: the heaviest on the grid at which the lifter can do
//!   `reps_min` at the target RPE, by the working estimate or by the last
//!   exposure's set read on the chart as logged (at a counted RPE, 6.5–10),
//!   whichever is higher: sets over 12 effective reps are blind to the
//!   working estimate, and its one-point-harder floor held a climbing
//!   lifter back by a rep or two, so that the implied e1RM fell when the
//!   reps went up; never under a load just lifted for `reps_min` or more at
//!   or under the target RPE.
//! * **The reps**: what that estimate allows at the load (within the
//!   range), and at least one more than last time at the same load after a
//!   hit at or under the target RPE (the double progression's rep step).
//! * **The failure path** is the usual one
//!   ([`crate::progression::next`]): a first miss repeats the load (at the
//!   reps the estimate allows), the second in a row takes 7.5 % off, which
//!   on a coarse grid rounds down to a whole step.
//! * **`rpe`** (and deloads, which use it) take load and reps from the
//!   estimate alone, without the rep step or the hold.

use crate::Exercise;
use crate::goal::GoalWeights;
use crate::load::percent_1rm;
use crate::program::ProgressionStyle;
use crate::progression::{
    self, LoadGrid, MissState, NextPrescription, ProgressionStep, RepTarget, reps_at,
};
use crate::working::{MIN_COUNTED_RPE, WorkingExposure};
use crate::{Role, e1rm::MAX_RPE, set_plan};

/// A step larger than this share of the load for the target makes the grid
/// coarse (our choice: the bench press's 2.5 kg is 2.5 % of 100 kg, and a
/// week's growth of a beginner is 1–2 %; over 5 % one step is several
/// weeks of it).
pub const COARSE_STEP_SHARE: f64 = 0.05;
/// The top of the opened range of assistance work on a coarse grid (our
/// choice: 15 @ 8 is 17 effective reps, still a hard set near the chart's
/// smooth reach; Schoenfeld et al. 2017, *J Strength Cond Res* 31:3508:
/// hypertrophy is similar across loads from ~30 % 1RM when sets are hard).
pub const COARSE_MAX_REPS: u32 = 15;
/// The top of a main lift's opened range on a coarse grid (our choice: the
/// top of the hypertrophy range, coaching.md; a main lift past 12 reps is
/// conditioning, not the day's heavy lift).
pub const COARSE_MAIN_MAX_REPS: u32 = 12;

/// Whether one step of `grid` is more than [`COARSE_STEP_SHARE`] of the
/// load the estimate gives for the target (total load).
pub fn is_coarse(e1rm_kg: f64, target: &RepTarget, grid: &LoadGrid) -> bool {
    let load = e1rm_kg * percent_1rm(f64::from(target.reps.max(1)), target.target_rpe) / 100.0;
    load.is_finite() && load > 0.0 && grid.step_kg() > COARSE_STEP_SHARE * load
}

/// The rep range of an exercise on a coarse grid at the target `rpe`: its
/// role's range with the top opened to [`COARSE_MAX_REPS`] for assistance
/// work, inside the exercise's rep limits (never below the role's own
/// top). A main lift
/// keeps its range while the range spans at least one step of load
/// ([`range_bridges_step`]: a beginner's 37.5 kg squat, whose 2.5 kg is
/// 6.7 % against the 3–6 range's 10 %, adds the plates, as novices do); past
/// that it opens to [`COARSE_MAIN_MAX_REPS`].
pub fn coarse_range(
    exercise: &Exercise,
    goals: &GoalWeights,
    e1rm_kg: f64,
    rpe: f64,
    grid: &LoadGrid,
) -> (u32, u32) {
    let rx = set_plan::role_rx(exercise, goals);
    let most = if exercise.role() != Role::Main {
        COARSE_MAX_REPS
    } else if range_bridges_step(e1rm_kg, (rx.reps_min, rx.reps_max), rpe, grid) {
        return (rx.reps_min, rx.reps_max);
    } else {
        COARSE_MAIN_MAX_REPS
    };
    let top = most.min(exercise.rep_limits().ceiling).max(rx.reps_max);
    (rx.reps_min, top)
}

/// Whether the load `range` spans at `rpe` (its bottom's load over its
/// top's) is at least one step of `grid` at the bottom's load: the reps
/// can then carry the lifter from one step to the next.
pub fn range_bridges_step(
    e1rm_kg: f64,
    (low, high): (u32, u32),
    rpe: f64,
    grid: &LoadGrid,
) -> bool {
    let heavy = percent_1rm(f64::from(low.max(1)), rpe);
    let light = percent_1rm(f64::from(high.max(low).max(1)), rpe);
    let load = e1rm_kg * heavy / 100.0;
    if !(load.is_finite() && load > 0.0 && light > 0.0) {
        return true;
    }
    heavy / light - 1.0 >= grid.step_kg() / load
}

/// The next prescription on a coarse grid (module docs); `None` without an
/// exposure or any estimate (the caller then uses
/// [`progression::next`]). `target` carries the opened range; `e1rm_kg` is
/// the working estimate (total load, layoff decay applied) and `decay` the
/// layoff's share, applied to the last set's own reading too.
pub fn next(
    style: ProgressionStyle,
    history: &[WorkingExposure],
    target: &RepTarget,
    e1rm_kg: Option<f64>,
    decay: f64,
    grid: &LoadGrid,
) -> Option<NextPrescription> {
    let last = history.last()?;
    let e1rm_kg = e1rm_kg.filter(|e| e.is_finite() && *e > 0.0);
    let state = progression::miss_state(
        history
            .iter()
            .map(|e| e.reps >= progression::miss_floor(style, e, target)),
    );
    if state == MissState::Reduce {
        return Some(progression::reduction(style, last, target, e1rm_kg, grid));
    }
    let hit = state == MissState::Clear
        && last.reps >= progression::miss_floor(style, last, target)
        && progression::easy_enough(last, target);
    // The last set read as logged (a counted RPE only, whatever its reps),
    // after the layoff.
    let read = last
        .rpe
        .filter(|r| (MIN_COUNTED_RPE..=MAX_RPE).contains(r))
        .map(|r| last.load_kg * 100.0 / percent_1rm(f64::from(last.reps.max(1)), r))
        .map(|e| e * (1.0 - decay.clamp(0.0, 1.0)))
        .filter(|e| e.is_finite() && *e > 0.0);
    let e = match (e1rm_kg, read) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b)?,
    };
    let (lo, hi, rpe) = (target.reps_min, target.reps_max, target.target_rpe);
    let last_load = grid.round_down(last.load_kg);
    if state == MissState::FirstMiss {
        return Some(NextPrescription {
            load_kg: last_load,
            reps: reps_at(e, last_load, rpe).clamp(lo, hi),
            step: ProgressionStep::Repeat,
        });
    }
    let progressing = style != ProgressionStyle::Rpe;
    let mut load_kg = grid.round_down(e * percent_1rm(f64::from(lo), rpe) / 100.0);
    if progressing && hit && last.reps >= lo {
        load_kg = load_kg.max(last_load);
    }
    let mut reps = reps_at(e, load_kg, rpe).clamp(lo, hi);
    let same_load = (load_kg - last_load).abs() < 1e-9;
    if progressing && hit && same_load {
        reps = reps.max((last.reps + 1).min(hi));
    }
    let step = if load_kg > last_load + 1e-9 {
        ProgressionStep::AddLoad
    } else if same_load && reps > last.reps {
        ProgressionStep::AddReps
    } else if same_load {
        ProgressionStep::Repeat
    } else {
        ProgressionStep::FromEstimate
    };
    Some(NextPrescription {
        load_kg,
        reps,
        step,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::goal::{Goal, GoalWeight};
    use crate::increment::Implement;
    use crate::profile::Units;
    use crate::working::set_e1rm;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    const DB: LoadGrid = LoadGrid {
        implement: Implement::Dumbbell,
        units: Units::Kg,
        body_kg: 0.0,
    };
    /// An accessory on a coarse grid: 10–15 @ 8.
    const T: RepTarget = RepTarget {
        reps_min: 10,
        reps_max: 15,
        reps: 10,
        target_rpe: 8.0,
    };

    fn e(load_kg: f64, reps: u32, rpe: f64) -> WorkingExposure {
        WorkingExposure {
            log_id: 0,
            date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            load_kg,
            reps,
            rpe: Some(rpe),
            e1rm_kg: set_e1rm(load_kg, reps, Some(rpe)),
            e1rm_set: None,
            planned: None,
        }
    }

    fn double(h: &[WorkingExposure], est: Option<f64>) -> NextPrescription {
        next(ProgressionStyle::Double, h, &T, est, 0.0, &DB).unwrap()
    }

    #[test]
    fn a_step_over_five_percent_of_the_load_is_coarse() {
        let t = RepTarget { reps: 10, ..T };
        // 10 @ 8 is 68 % of the e1RM: 14.7 kg → 10 kg, where 2 kg is 20 %.
        assert!(is_coarse(14.7, &t, &DB));
        // 100 kg × 68 % = 68 kg: 2 kg is 2.9 %.
        assert!(!is_coarse(100.0, &t, &DB));
        let bar = LoadGrid {
            implement: Implement::Barbell,
            ..DB
        };
        assert!(!is_coarse(123.0, &t, &bar));
        assert!(!is_coarse(0.0, &t, &bar));
    }

    #[test]
    fn the_range_opens_for_assistance_work_only() {
        let goals = GoalWeights::new(vec![
            GoalWeight {
                goal: Goal::Strength,
                weight: 6.0,
            },
            GoalWeight {
                goal: Goal::Hypertrophy,
                weight: 4.0,
            },
        ])
        .unwrap();
        let curl = catalog::by_slug("dumbbell-curl").unwrap();
        let narrow = set_plan::role_rx(curl, &goals);
        assert_eq!((narrow.reps_min, narrow.reps_max), (10, 12));
        // A main lift (a strength-leaning blend: 3–6) keeps its range
        // while it spans a step (a 37.5 kg squat's 2.5 kg, 6.7 %), and
        // climbs to 12, not 15, when it does not (a 10 kg dumbbell press's
        // 2 kg, 20 %).
        let press = catalog::by_slug("seated-dumbbell-shoulder-press").unwrap();
        assert_eq!(press.role(), Role::Main);
        let rx = set_plan::role_rx(press, &goals);
        assert_eq!((rx.reps_min, rx.reps_max), (3, 6));
        assert_eq!(
            coarse_range(press, &goals, 14.0, 8.0, &DB),
            (3, COARSE_MAIN_MAX_REPS)
        );
        let squat = catalog::by_slug("barbell-back-squat").unwrap();
        let bar = LoadGrid {
            implement: Implement::Barbell,
            ..DB
        };
        assert_eq!(coarse_range(squat, &goals, 45.0, 8.0, &bar), (3, 6));
        // The curl's range opens whatever the load.
        assert_eq!(coarse_range(curl, &goals, 100.0, 8.0, &bar), (10, 15));
    }

    #[test]
    fn reps_climb_at_one_load_then_the_step_comes_back_toward_the_bottom() {
        // 10 kg × 11 @ 8 read as logged: 10 / 0.652 = 15.3 kg. 12 kg × 10 @ 8
        // needs 17.6 kg: the load holds and the reps climb by one.
        let n = double(&[e(10.0, 11, 8.0)], None);
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (10.0, 12, ProgressionStep::AddReps)
        );
        // 10 kg × 15 @ 8 reads 18.2 kg: 12 kg allows 10 @ 8 (17.6 kg) and
        // 11 (18.4 would be needed for 11): the step, back to 10 reps.
        let n = double(&[e(10.0, 15, 8.0)], None);
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (12.0, 10, ProgressionStep::AddLoad)
        );
        // At the top of the range with a step too big to take: 15 reps hold.
        let n = double(&[e(6.0, 15, 8.0)], None);
        assert_eq!((n.load_kg, n.reps), (6.0, 15));
        // Harder than the target: no rep step, the estimate's reps.
        let n = double(&[e(10.0, 12, 9.0)], Some(15.5));
        assert_eq!((n.load_kg, n.step), (10.0, ProgressionStep::Repeat));
        assert!(n.reps <= 12, "{n:?}");
    }

    #[test]
    fn a_light_load_that_was_followed_catches_up() {
        // 8 kg × 10 @ 6.5 on an estimate of 18 kg: 10 @ 8 is 12.2 kg → 12 kg.
        let n = double(&[e(8.0, 10, 6.5)], Some(18.0));
        assert_eq!(
            (n.load_kg, n.reps, n.step),
            (12.0, 10, ProgressionStep::AddLoad)
        );
    }

    #[test]
    fn the_failure_path_holds_on_a_coarse_grid() {
        // A first miss (9 reps under reps_min 10): the same load.
        let n = double(&[e(10.0, 12, 8.0), e(12.0, 9, 10.0)], Some(17.0));
        assert_eq!((n.load_kg, n.step), (12.0, ProgressionStep::Repeat));
        // The second: 7.5 % off, a whole 2 kg step here.
        let n = double(
            &[e(10.0, 12, 8.0), e(12.0, 9, 10.0), e(12.0, 9, 10.0)],
            Some(17.0),
        );
        assert_eq!((n.load_kg, n.step), (10.0, ProgressionStep::Reduce));
    }

    #[test]
    fn rpe_style_takes_load_and_reps_from_the_estimate() {
        // A deload (RPE 6) from 17.6 kg: 10 @ 6 = 12 @ 8 = 63.1 %… → 10 kg.
        let t = RepTarget {
            target_rpe: 6.0,
            ..T
        };
        let n = next(
            ProgressionStyle::Rpe,
            &[e(12.0, 10, 8.0)],
            &t,
            Some(17.6),
            0.0,
            &DB,
        )
        .unwrap();
        assert!(n.load_kg < 12.0, "{n:?}");
    }

    proptest! {
        #[test]
        fn the_load_allows_reps_min_and_the_reps_stay_in_range(
            load in 2u32..20,
            reps in 1u32..20,
            rpe2 in 13u32..=20,
            est in proptest::option::of(5.0f64..60.0),
            decay in 0.0f64..0.25,
        ) {
            let l = f64::from(load) * 2.0;
            let h = [e(l, reps, f64::from(rpe2) / 2.0)];
            if let Some(n) = next(ProgressionStyle::Double, &h, &T, est, decay, &DB) {
                prop_assert!((T.reps_min..=T.reps_max).contains(&n.reps), "{n:?}");
                prop_assert!((DB.round_down(n.load_kg) - n.load_kg).abs() < 1e-9);
                // Never heavier than both the last load and the heaviest the
                // estimate (or the last set's own reading) allows for reps_min.
                let rpe = f64::from(rpe2) / 2.0;
                let best = est.unwrap_or(0.0).max(l * 100.0 / percent_1rm(f64::from(reps), rpe));
                let cap = DB.round_down(best * percent_1rm(f64::from(T.reps_min), 8.0) / 100.0);
                prop_assert!(n.load_kg <= cap.max(l) + 1e-9, "{n:?} over {cap}");
                // A miss (under reps_min) never raises the load.
                if reps < T.reps_min {
                    prop_assert!(n.load_kg <= l + 1e-9, "{n:?}");
                }
            }
        }

        /// A main lift's range on a coarse grid: its role's range while that
        /// spans a step, else opened to the main-lift top; either way it
        /// spans a step of load or stops at the most it may open to.
        #[test]
        fn a_main_lifts_range_opens_only_past_what_it_spans(
            e1rm in 8.0f64..250.0,
            index in 0usize..64,
            barbell in any::<bool>(),
            strength in 1u32..=9,
        ) {
            let goals = GoalWeights::new(vec![
                GoalWeight { goal: Goal::Strength, weight: f64::from(strength) },
                GoalWeight { goal: Goal::Hypertrophy, weight: f64::from(10 - strength) },
            ])
            .unwrap();
            let mains: Vec<&Exercise> = catalog::catalog()
                .iter()
                .filter(|x| x.role() == Role::Main && x.tracking == crate::Tracking::WeightReps)
                .collect();
            let ex = mains[index % mains.len()];
            let grid = LoadGrid {
                implement: if barbell { Implement::Barbell } else { Implement::Dumbbell },
                ..DB
            };
            let rx = set_plan::role_rx(ex, &goals);
            let (lo, hi) = coarse_range(ex, &goals, e1rm, rx.target_rpe, &grid);
            prop_assert_eq!(lo, rx.reps_min);
            let most = COARSE_MAIN_MAX_REPS.min(ex.rep_limits().ceiling).max(rx.reps_max);
            let own = range_bridges_step(e1rm, (rx.reps_min, rx.reps_max), rx.target_rpe, &grid);
            if own {
                prop_assert_eq!(hi, rx.reps_max);
            } else {
                prop_assert_eq!(hi, most);
                prop_assert!(hi <= COARSE_MAIN_MAX_REPS.max(rx.reps_max));
            }
            prop_assert!(
                range_bridges_step(e1rm, (lo, hi), rx.target_rpe, &grid) || hi == most,
                "{}: {lo}–{hi}", ex.slug
            );
        }
    }
}
