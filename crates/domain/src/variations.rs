//! Bodyweight progression: reps first, then a harder variation.
//!
//! A bodyweight exercise (tracked in reps) has no load to add, so it
//! progresses like the rep half of a double progression: one rep more per
//! exposure done at or under the target RPE, up to the top of the range
//! ([`next_reps`]). Once the top of the range has been done at or under the
//! target RPE in two exposures in a row ([`earned`]), the planner swaps the
//! exercise for its harder variation ([`harder`]), which starts again at the
//! bottom of the range: the usual calisthenics progression (e.g. Low,
//! *Overcoming Gravity*, 2nd ed., ch. 5: move to the next step of a
//! progression once the top of the rep range is reached with good form; the
//! 2-exposure rule is our guard against one good day).
//!
//! The links are a table of catalog slugs kept here, next to the catalog
//! rather than in it (each exercise's easier → harder step within one
//! movement pattern).

use chrono::NaiveDate;

use crate::catalog;
use crate::progression::RepTarget;
use crate::working::PlannedTarget;
use crate::{Exercise, Tracking};

/// Exposures at the top of the range that earn the harder variation.
pub const EXPOSURES_AT_TOP: usize = 2;

/// Easier → harder, by catalog slug (same movement pattern, same tracking).
pub const HARDER_VARIATIONS: &[(&str, &str)] = &[
    ("knee-push-up", "push-up"),
    ("incline-push-up", "push-up"),
    ("push-up", "decline-push-up"),
    ("wide-push-up", "decline-push-up"),
    ("decline-push-up", "archer-push-up"),
    ("diamond-push-up", "archer-push-up"),
    ("archer-push-up", "pseudo-planche-push-up"),
    ("pike-push-up", "elevated-pike-push-up"),
    ("elevated-pike-push-up", "wall-handstand-push-up"),
    ("door-frame-row", "single-arm-door-frame-row"),
    ("inverted-row", "feet-elevated-inverted-row"),
    ("ring-row", "feet-elevated-ring-row"),
    ("split-squat", "bulgarian-split-squat"),
    ("shrimp-squat", "pistol-squat"),
    ("glute-bridge", "single-leg-glute-bridge"),
    ("calf-raise", "single-leg-calf-raise"),
    ("band-assisted-pull-up", "pull-up"),
    ("eccentric-pull-up", "pull-up"),
    ("hanging-knee-raise", "hanging-leg-raise"),
    ("hanging-leg-raise", "toes-to-bar"),
];

/// The harder variation of an exercise, if the table has one.
pub fn harder(exercise: &Exercise) -> Option<&'static Exercise> {
    HARDER_VARIATIONS
        .iter()
        .find(|(easy, _)| *easy == exercise.slug)
        .and_then(|(_, hard)| catalog::by_slug(hard))
}

/// One log of a bodyweight exercise, summarised.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RepsExposure {
    pub log_id: i64,
    pub date: NaiveDate,
    /// The fewest reps of the log's sets.
    pub reps: u32,
    /// The highest RPE logged (`None` when no set was rated).
    pub rpe: Option<f64>,
    /// What the logged session prescribed, when it was a planned one.
    pub planned: Option<PlannedTarget>,
}

/// One logged set of a bodyweight exercise: (log id, date, reps, RPE).
pub type RepsSet = (i64, NaiveDate, u32, Option<f64>);

/// Groups sets into exposures, oldest first.
pub fn reps_exposures(sets: &[RepsSet]) -> Vec<RepsExposure> {
    let mut sorted: Vec<&RepsSet> = sets.iter().filter(|s| s.2 > 0).collect();
    sorted.sort_by_key(|s| (s.1, s.0));
    let mut out: Vec<RepsExposure> = Vec::new();
    for &&(log_id, date, reps, rpe) in &sorted {
        match out.last_mut() {
            Some(x) if x.log_id == log_id && x.date == date => {
                x.reps = x.reps.min(reps);
                x.rpe = match (x.rpe, rpe) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    (a, b) => a.or(b),
                };
            }
            _ => out.push(RepsExposure {
                log_id,
                date,
                reps,
                rpe,
                planned: None,
            }),
        }
    }
    out
}

/// The target an exposure is judged against: its stored prescription, else
/// today's (`target`).
fn judged(e: &RepsExposure, target: &RepTarget) -> (u32, u32, f64) {
    e.planned
        .map_or((target.reps_min, target.reps_max, target.target_rpe), |p| {
            (p.reps_min, p.reps_max, p.target_rpe)
        })
}

/// Whether an exposure was done at or under its target RPE (an unrated one
/// proves nothing).
fn easy_enough(e: &RepsExposure, target: &RepTarget) -> bool {
    let (_, _, rpe) = judged(e, target);
    e.rpe.is_some_and(|r| r <= rpe)
}

/// The reps to prescribe next: one more than last time when the last
/// exposure hit its reps at or under the target RPE, the same otherwise
/// (within today's range); today's reps without history.
pub fn next_reps(history: &[RepsExposure], target: &RepTarget) -> u32 {
    let Some(last) = history.last() else {
        return target.reps;
    };
    let (reps_min, _, _) = judged(last, target);
    let next = if last.reps >= reps_min && easy_enough(last, target) {
        last.reps + 1
    } else {
        last.reps
    };
    next.clamp(target.reps_min, target.reps_max)
}

/// Whether the last [`EXPOSURES_AT_TOP`] exposures each reached the top of
/// their rep range at or under their target RPE.
pub fn earned(history: &[RepsExposure], target: &RepTarget) -> bool {
    history.len() >= EXPOSURES_AT_TOP
        && history[history.len() - EXPOSURES_AT_TOP..]
            .iter()
            .all(|e| e.reps >= judged(e, target).1 && easy_enough(e, target))
}

/// The exercise to plan instead of `exercise` for a user with this history:
/// its harder variation when earned (and `allowed` says it may be planned
/// today), else `None`. Only rep-tracked work progresses this way.
pub fn step_up(
    exercise: &Exercise,
    history: &[RepsExposure],
    target: &RepTarget,
    allowed: impl Fn(&Exercise) -> bool,
) -> Option<&'static Exercise> {
    if exercise.tracking != Tracking::Reps || !earned(history, target) {
        return None;
    }
    harder(exercise).filter(|h| allowed(h))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2030, 1, 1).unwrap() + chrono::Duration::days(n)
    }

    const T: RepTarget = RepTarget {
        reps_min: 10,
        reps_max: 15,
        reps: 11,
        target_rpe: 8.0,
    };

    fn x(reps: u32, rpe: Option<f64>) -> RepsExposure {
        RepsExposure {
            log_id: 0,
            date: day(0),
            reps,
            rpe,
            planned: None,
        }
    }

    fn ex(slug: &str) -> &'static Exercise {
        catalog::by_slug(slug).unwrap()
    }

    #[test]
    fn every_link_is_a_catalog_step_within_one_pattern() {
        for (easy, hard) in HARDER_VARIATIONS {
            let (e, h) = (ex(easy), ex(hard));
            assert_eq!(e.movement_pattern, h.movement_pattern, "{easy} → {hard}");
            assert_eq!(e.tracking, Tracking::Reps, "{easy}");
            assert_eq!(h.tracking, Tracking::Reps, "{hard}");
            assert_ne!(easy, hard);
        }
        // No cycles: following the links always ends.
        for (easy, _) in HARDER_VARIATIONS {
            let mut at = ex(easy);
            for _ in 0..=HARDER_VARIATIONS.len() {
                match harder(at) {
                    Some(h) => at = h,
                    None => break,
                }
            }
            assert!(harder(at).is_none(), "a cycle from {easy}");
        }
        assert_eq!(
            harder(ex("push-up")).map(|e| e.slug.as_str()),
            Some("decline-push-up")
        );
        assert!(harder(ex("barbell-bench-press")).is_none());
        // Rows: the feet go up on a bench (same equipment plus the bench).
        for (row, up) in [
            ("inverted-row", "feet-elevated-inverted-row"),
            ("ring-row", "feet-elevated-ring-row"),
        ] {
            let (r, h) = (ex(row), harder(ex(row)).unwrap());
            assert_eq!(h.slug, up);
            assert_eq!(h.role(), r.role(), "{row}");
            assert!(r.equipment.iter().all(|e| h.equipment.contains(e)), "{row}");
        }
    }

    #[test]
    fn reps_climb_one_at_a_time() {
        assert_eq!(next_reps(&[], &T), 11);
        assert_eq!(next_reps(&[x(11, Some(8.0))], &T), 12);
        // Harder than the target: the same reps.
        assert_eq!(next_reps(&[x(11, Some(9.0))], &T), 11);
        // Under the range (a miss): the bottom of the range.
        assert_eq!(next_reps(&[x(7, Some(10.0))], &T), 10);
        // Never over the top.
        assert_eq!(next_reps(&[x(15, Some(7.0))], &T), 15);
    }

    #[test]
    fn two_exposures_at_the_top_earn_the_harder_variation() {
        let top = x(15, Some(8.0));
        assert!(!earned(&[top], &T));
        assert!(earned(&[x(12, Some(8.0)), top, top], &T));
        assert!(!earned(&[top, x(14, Some(8.0))], &T));
        assert!(!earned(&[top, x(15, Some(9.0))], &T));
        assert!(!earned(&[top, x(15, None)], &T));
        // Judged against the stored prescription: 12 was its top.
        let stored = RepsExposure {
            planned: Some(PlannedTarget {
                reps_min: 8,
                reps_max: 12,
                reps: 12,
                target_rpe: 8.0,
            }),
            ..x(12, Some(7.5))
        };
        assert!(earned(&[stored, stored], &T));
        let push = ex("push-up");
        let up = step_up(push, &[top, top], &T, |_| true);
        assert_eq!(up.map(|e| e.slug.as_str()), Some("decline-push-up"));
        // Not when the harder one may not be planned today.
        assert!(step_up(push, &[top, top], &T, |_| false).is_none());
        assert!(step_up(push, &[top], &T, |_| true).is_none());
    }

    #[test]
    fn exposures_group_logs() {
        let sets = [
            (1, day(0), 12, Some(7.0)),
            (1, day(0), 10, Some(8.5)),
            (2, day(3), 13, None),
        ];
        let e = reps_exposures(&sets);
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].reps, e[0].rpe), (10, Some(8.5)));
        assert_eq!((e[1].reps, e[1].rpe), (13, None));
    }

    proptest! {
        #[test]
        fn next_reps_stay_in_range_and_climb_by_at_most_one(
            hist in proptest::collection::vec((1u32..30, proptest::option::of(10u32..=20)), 0..6),
        ) {
            let h: Vec<RepsExposure> = hist.iter()
                .map(|(r, p)| x(*r, p.map(|p| f64::from(p) / 2.0))).collect();
            let n = next_reps(&h, &T);
            prop_assert!((T.reps_min..=T.reps_max).contains(&n));
            if let Some(last) = h.last() {
                prop_assert!(n <= last.reps.max(T.reps_min - 1) + 1);
            }
            // Earned implies the last exposure was at the top.
            if earned(&h, &T) {
                prop_assert!(h.last().unwrap().reps >= T.reps_max);
            }
        }
    }
}
