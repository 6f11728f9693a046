//! Prescription by role and the per-set plan of an exercise (`set_plan`).
//!
//! * **Main lift**: the dominant goal's reps, RPE and rest (coaching.md's
//!   goal table); one top set at the target, then back-off sets
//!   [`BACKOFF_LOAD_FACTOR`] lighter (−9 %, the middle of −8–10 %), after a
//!   warm-up ramp of 40/60/80 % × 5/3/1 up to the top set (a common ramp,
//!   e.g. Rippetoe's *Starting Strength* warm-ups; NSCA Essentials ch. 17).
//! * **Secondary compounds**: 6–10 reps; **accessories**: 10–20 reps; both
//!   narrowed toward the program's *other* goal (the second-largest weight),
//!   so a strength-and-hypertrophy blend gets heavy main lifts and
//!   hypertrophy accessories instead of an average that serves neither.
//! * **Timed** work is prescribed in seconds, **distance** work in metres.
//! * A **deload** is applied once, by the caller: sets halved, RPE −2, and
//!   the load follows from the lower RPE (no extra −10 %).

use serde::{Deserialize, Serialize};

use crate::goal::{Goal, GoalWeights};
use crate::increment::Implement;
use crate::macros::wire_enum;
use crate::prescription::goal_row;
use crate::profile::{Experience, Units};
use crate::timing::{DISTANCE_SET_WORK_SECONDS, SECONDS_PER_REP, SETUP_SECONDS_PER_SET};
use crate::{Exercise, MovementPattern, Role, Tracking};

wire_enum! {
    /// What a planned set is for.
    pub enum SetKind {
        /// A lighter ramp set before the work (not a hard set).
        Warmup => "warmup",
        /// The main lift's heaviest set at the target RPE.
        Top => "top",
        /// A main-lift set after the top set, lighter.
        Backoff => "backoff",
        /// A straight working set.
        Working => "working",
    }
}

/// One planned set (api.md, `set_plan`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedSet {
    pub kind: SetKind,
    /// Reps, for rep-tracked work.
    pub reps: Option<u32>,
    /// Seconds, for timed work.
    pub seconds: Option<u32>,
    /// Metres, for distance work.
    pub distance_m: Option<u32>,
    /// Target RPE (null on warm-up sets).
    pub target_rpe: Option<f64>,
    /// Load in kg (per hand for dumbbells; the added load for weighted
    /// calisthenics); null for unloaded work or without usable history.
    pub load_kg: Option<f64>,
}

/// Warm-up ramp: share of the top set's load and reps.
pub const WARMUP_RAMP: [(f64, u32); 3] = [(0.4, 5), (0.6, 3), (0.8, 1)];
/// A top set lighter than this (kg: an empty Olympic bar) gets no warm-up
/// ramp: 40/60/80 % of a 16 kg dumbbell are 6, 10 and 12 kg, which warm
/// nothing the first working set does not (our choice; issue 15: ramps for
/// the heavy main lift, never for light dumbbell work).
pub const RAMP_MIN_TOP_LOAD_KG: f64 = 20.0;
/// Rest after a warm-up set, seconds (our choice: ramp sets are light).
pub const WARMUP_REST_SECONDS: f64 = 60.0;
/// Back-off sets' load relative to the top set (−9 %: middle of −8–10 %).
pub const BACKOFF_LOAD_FACTOR: f64 = 0.91;
/// Secondary compounds' rep range (the issue; common hypertrophy practice).
pub const SECONDARY_REPS: (u32, u32) = (6, 10);
/// Accessories' rep range.
pub const ACCESSORY_REPS: (u32, u32) = (10, 20);
/// Seconds per set of timed work (matches the time model).
pub const TIMED_SET_SECONDS: u32 = 40;
/// Metres per set of a carry or sled.
pub const CARRY_SET_METRES: u32 = 40;
/// Metres per set of other distance work (rowing, runs).
pub const DISTANCE_SET_METRES: u32 = 200;

/// The goals by weight: the dominant one and the other (the dominant again
/// for a single-goal program).
pub fn dominant_and_other(goals: &GoalWeights) -> (Goal, Goal) {
    let mut sorted: Vec<(Goal, f64)> = goals.shares().collect();
    sorted.sort_by(|a, b| b.1.total_cmp(&a.1));
    let dominant = sorted.first().map_or(Goal::Hypertrophy, |g| g.0);
    let other = sorted.get(1).map_or(dominant, |g| g.0);
    (dominant, other)
}

/// Reps, RPE and rest of one role before deload and day adjustments.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RoleRx {
    pub reps_min: u32,
    pub reps_max: u32,
    /// The reps the load is prescribed for (top set / working sets).
    pub reps: u32,
    pub target_rpe: f64,
    pub rest_seconds: u32,
    /// The low end of the goal's rest range: what a session short of time
    /// shortens rests to before it drops sets.
    pub rest_min_seconds: u32,
}

fn narrow(role: (u32, u32), goal: Goal) -> (u32, u32) {
    let (lo, hi) = role;
    let (glo, ghi) = goal_row(goal).reps;
    let (glo, ghi) = (glo as u32, ghi as u32);
    let a = lo.max(glo);
    let b = hi.min(ghi);
    if a < b {
        (a, b)
    } else if ghi <= lo {
        // A low-rep goal: the bottom part of the role's range.
        (lo, (lo + (hi - lo) / 2).max(lo + 1))
    } else {
        // A high-rep goal: the top part.
        ((lo + (hi - lo) / 2).min(hi - 1), hi)
    }
}

fn mid_rpe(goal: Goal) -> f64 {
    let (a, b) = goal_row(goal).rpe;
    (((a + b) / 2.0) * 2.0).round() / 2.0
}

fn rest(goal: Goal, compound: bool) -> u32 {
    let (a, b) = rest_range(goal, compound);
    (((a + b) / 2.0 / 15.0).round() as u32) * 15
}

fn rest_range(goal: Goal, compound: bool) -> (f64, f64) {
    let row = goal_row(goal);
    if compound {
        row.rest_compound
    } else {
        row.rest_isolation
    }
}

fn rest_min(goal: Goal, compound: bool) -> u32 {
    rest_range(goal, compound).0 as u32
}

/// Rest of assistance work (secondary compounds and accessories): the
/// shorter of the two goals' rests. Assistance sets are lighter than the main
/// lift and do not need its full recovery (NSCA *Essentials*, ch. 17:
/// assistance exercises rest less than core lifts); a strength-leaning
/// blend's four-minute rests belong to the main lift.
fn assistance_rest(dominant: Goal, other: Goal, compound: bool) -> u32 {
    rest(dominant, compound).min(rest(other, compound))
}

/// The role prescription of an exercise under `goals`, its rep range
/// narrowed into the exercise's limits ([`Exercise::rep_limits`]: no
/// Nordic curl at 10–15, no push-up at 3–6, no face pull under 10).
pub fn role_rx(exercise: &Exercise, goals: &GoalWeights) -> RoleRx {
    let rx = role_rx_unlimited(exercise, goals);
    let (reps_min, reps_max) = exercise.rep_limits().apply((rx.reps_min, rx.reps_max));
    RoleRx {
        reps_min,
        reps_max,
        reps: reps_min + (reps_max - reps_min) / 3,
        ..rx
    }
}

/// [`role_rx`] for a lifter of `experience`: a beginner rests at the low
/// end of the goal's range in every role (120 s between hypertrophy sets of
/// a compound, 60 s of an isolation exercise, 180 s of a strength main
/// lift). Novices lift loads that are light in absolute terms and recover
/// between sets sooner: ACSM's position stand (2009, *Med Sci Sports Exerc*
/// 41:687) gives novices 1–2 minutes for hypertrophy work and 2–3 minutes
/// for the core lifts of strength work, the low end of the coaching
/// reference's ranges. It leaves a beginner's 45-minute full-body day the
/// time for its accessories next to three sets of each main lift. When a
/// session runs over (the double progression adds reps week by week), a
/// beginner's rests shorten to [`BEGINNER_SHORT_REST_SHARE`] of that
/// (90 s, 45 s), still inside ACSM's 1–2 minutes for novices' hypertrophy
/// work, before a main lift loses a set.
pub fn role_rx_for(exercise: &Exercise, goals: &GoalWeights, experience: Experience) -> RoleRx {
    let rx = role_rx(exercise, goals);
    if experience == Experience::Beginner {
        let shortest = f64::from(rx.rest_min_seconds) * BEGINNER_SHORT_REST_SHARE;
        RoleRx {
            rest_seconds: rx.rest_min_seconds,
            rest_min_seconds: ((shortest / 15.0).round() as u32) * 15,
            ..rx
        }
    } else {
        rx
    }
}

/// Share of a beginner's rest a session that runs over shortens it to
/// ([`role_rx_for`]).
pub const BEGINNER_SHORT_REST_SHARE: f64 = 0.75;

fn role_rx_unlimited(exercise: &Exercise, goals: &GoalWeights) -> RoleRx {
    let (dominant, other) = dominant_and_other(goals);
    match exercise.role() {
        Role::Main => {
            let (lo, hi) = goal_row(dominant).reps;
            let (reps_min, reps_max) = (lo as u32, (hi as u32).max(lo as u32));
            RoleRx {
                reps_min,
                reps_max,
                // The top set sits in the lower third of the range.
                reps: reps_min + (reps_max - reps_min) / 3,
                target_rpe: mid_rpe(dominant),
                rest_seconds: rest(dominant, true),
                rest_min_seconds: rest_min(dominant, true),
            }
        }
        Role::Secondary => {
            let (reps_min, reps_max) = narrow(SECONDARY_REPS, other);
            RoleRx {
                reps_min,
                reps_max,
                reps: reps_min + (reps_max - reps_min) / 3,
                target_rpe: mid_rpe(other),
                rest_seconds: assistance_rest(dominant, other, true),
                rest_min_seconds: rest_min(other, true).min(rest_min(dominant, true)),
            }
        }
        Role::Accessory => {
            let (reps_min, reps_max) = narrow(ACCESSORY_REPS, other);
            RoleRx {
                reps_min,
                reps_max,
                reps: reps_min + (reps_max - reps_min) / 3,
                target_rpe: mid_rpe(other),
                rest_seconds: assistance_rest(dominant, other, exercise.is_compound()),
                rest_min_seconds: rest_min(other, exercise.is_compound())
                    .min(rest_min(dominant, exercise.is_compound())),
            }
        }
    }
}

/// Metres per set of a distance exercise.
pub fn set_metres(exercise: &Exercise) -> u32 {
    if exercise.movement_pattern == MovementPattern::Carry
        || exercise.slug.starts_with("sled")
        || exercise.slug.contains("sled")
    {
        CARRY_SET_METRES
    } else {
        DISTANCE_SET_METRES
    }
}

/// The RPE at which `reps` are done with `share` of the load of `reps` @ `rpe`
/// (back-off sets), on the 0.5 grid, not under 5.
pub fn rpe_at_share(reps: u32, rpe: f64, share: f64) -> f64 {
    let target = crate::load::percent_1rm(f64::from(reps), rpe) * share;
    // Walk down in half points until the chart's %1RM reaches the lighter load.
    let mut r = rpe;
    while r > 5.0 && crate::load::percent_1rm(f64::from(reps), r - 0.5) >= target - 1e-9 {
        r -= 0.5;
    }
    r
}

/// The set plan of one exercise: `sets` working sets (a top set and
/// back-offs for a main lift with a load, plus its warm-up ramp), at `reps`
/// and `target_rpe`, with the working `load_kg` (already rounded); ramp and
/// back-off loads are rounded on the `grid` (implement and units).
pub fn plan_sets(
    exercise: &Exercise,
    main: bool,
    sets: u32,
    (reps, target_rpe): (u32, f64),
    load_kg: Option<f64>,
    grid: Option<(Implement, Units)>,
) -> Vec<PlannedSet> {
    let round_down = |l: f64| grid.map_or(l, |(i, u)| i.round_down(l, u));
    let round_nearest = |l: f64| grid.map_or(l, |(i, u)| i.round_nearest(l, u));
    let sets = sets.max(1);
    let work = |kind: SetKind, rpe: f64, load: Option<f64>| match exercise.tracking {
        Tracking::Time => PlannedSet {
            kind,
            reps: None,
            seconds: Some(TIMED_SET_SECONDS),
            distance_m: None,
            target_rpe: Some(rpe),
            load_kg: None,
        },
        Tracking::Distance => PlannedSet {
            kind,
            reps: None,
            seconds: None,
            distance_m: Some(set_metres(exercise)),
            target_rpe: Some(rpe),
            load_kg: None,
        },
        Tracking::Reps | Tracking::WeightReps => PlannedSet {
            kind,
            reps: Some(reps),
            seconds: None,
            distance_m: None,
            target_rpe: Some(rpe),
            load_kg: load,
        },
    };
    let mut out = Vec::new();
    match (main, load_kg.filter(|l| *l > 0.0)) {
        (true, Some(top)) if exercise.tracking == Tracking::WeightReps => {
            let mut last = 0.0;
            let ramp = if top >= RAMP_MIN_TOP_LOAD_KG {
                &WARMUP_RAMP[..]
            } else {
                &[]
            };
            for &(share, r) in ramp {
                let load = round_nearest(top * share);
                if load > last && load < top {
                    out.push(PlannedSet {
                        kind: SetKind::Warmup,
                        reps: Some(r),
                        seconds: None,
                        distance_m: None,
                        target_rpe: None,
                        load_kg: Some(load),
                    });
                    last = load;
                }
            }
            out.push(work(SetKind::Top, target_rpe, Some(top)));
            let backoff = round_down(top * BACKOFF_LOAD_FACTOR);
            let backoff_rpe = rpe_at_share(reps, target_rpe, BACKOFF_LOAD_FACTOR);
            for _ in 1..sets {
                out.push(work(SetKind::Backoff, backoff_rpe, Some(backoff)));
            }
        }
        (_, load) => {
            for _ in 0..sets {
                out.push(work(SetKind::Working, target_rpe, load));
            }
        }
    }
    out
}

/// Minutes the warm-up ramp ([`WARMUP_RAMP`]) takes: its reps, set-up and
/// [`WARMUP_REST_SECONDS`] after each set (about 4 minutes). The constraint
/// builder adds it to the warm-up of a day that starts with a loaded main
/// lift, so the optimizer fits the sets the set plans will hold.
pub fn ramp_minutes() -> f64 {
    WARMUP_RAMP
        .iter()
        .map(|(_, reps)| {
            (f64::from(*reps) * SECONDS_PER_REP + SETUP_SECONDS_PER_SET + WARMUP_REST_SECONDS)
                / 60.0
        })
        .sum()
}

/// Minutes a set plan takes: work (reps × 3.5 s, or the seconds, or
/// [`DISTANCE_SET_WORK_SECONDS`] per distance set), 10 s set-up per set, and
/// the rest after each set (60 s after a warm-up set).
pub fn plan_minutes(plan: &[PlannedSet], rest_seconds: u32) -> f64 {
    sided_plan_minutes(plan, rest_seconds, 1.0)
}

/// Minutes `exercise`'s set plan takes: [`plan_minutes`], the work of each
/// set doubled when the exercise is unilateral (each side in turn;
/// [`crate::timing::UNILATERAL_SIDES`]).
pub fn exercise_plan_minutes(exercise: &Exercise, plan: &[PlannedSet], rest_seconds: u32) -> f64 {
    sided_plan_minutes(
        plan,
        rest_seconds,
        crate::timing::sides(exercise.unilateral),
    )
}

fn sided_plan_minutes(plan: &[PlannedSet], rest_seconds: u32, sides: f64) -> f64 {
    plan.iter()
        .map(|s| {
            let work = match (s.reps, s.seconds, s.distance_m) {
                (Some(r), _, _) => f64::from(r) * SECONDS_PER_REP,
                (None, Some(sec), _) => f64::from(sec),
                (None, None, Some(_)) => DISTANCE_SET_WORK_SECONDS,
                _ => 0.0,
            };
            let rest = if s.kind == SetKind::Warmup {
                WARMUP_REST_SECONDS
            } else {
                f64::from(rest_seconds)
            };
            (work * sides + SETUP_SECONDS_PER_SET + rest) / 60.0
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use crate::goal::GoalWeight;

    fn goals(list: &[(Goal, f64)]) -> GoalWeights {
        GoalWeights::new(
            list.iter()
                .map(|&(goal, weight)| GoalWeight { goal, weight })
                .collect(),
        )
        .unwrap()
    }

    fn ex(slug: &str) -> &'static Exercise {
        catalog().iter().find(|e| e.slug == slug).unwrap()
    }

    #[test]
    fn a_beginner_rests_at_the_low_end_of_the_goals_range() {
        let g = goals(&[(Goal::Hypertrophy, 6.0), (Goal::Strength, 4.0)]);
        for slug in [
            "dumbbell-bench-press",
            "dumbbell-goblet-squat",
            "dumbbell-curl",
        ] {
            let adult = role_rx(ex(slug), &g);
            let novice = role_rx_for(ex(slug), &g, Experience::Beginner);
            assert_eq!(novice.rest_seconds, adult.rest_min_seconds, "{slug}");
            assert!(novice.rest_min_seconds < novice.rest_seconds, "{slug}");
            assert_eq!(novice.rest_min_seconds % 15, 0, "{slug}");
            assert_eq!(
                (novice.reps_min, novice.reps_max),
                (adult.reps_min, adult.reps_max)
            );
            let same = role_rx_for(ex(slug), &g, Experience::Intermediate);
            assert_eq!(same, adult, "{slug}");
        }
        // Hypertrophy main lift: 120 s (ACSM: 1–2 min for novices), 90 s when short.
        let bench = role_rx_for(ex("dumbbell-bench-press"), &g, Experience::Beginner);
        assert_eq!((bench.rest_seconds, bench.rest_min_seconds), (120, 90));
    }

    #[test]
    fn roles_follow_dominant_and_other_goal() {
        let g = goals(&[(Goal::Strength, 6.0), (Goal::Hypertrophy, 4.0)]);
        let main = role_rx(ex("barbell-back-squat"), &g);
        assert_eq!((main.reps_min, main.reps_max, main.reps), (3, 6, 4));
        assert_eq!(main.target_rpe, 8.0);
        let sec = role_rx(ex("dumbbell-goblet-squat"), &g);
        assert_eq!((sec.reps_min, sec.reps_max), (6, 10));
        let acc = role_rx(ex("dumbbell-curl"), &g);
        assert_eq!((acc.reps_min, acc.reps_max), (10, 12));
        // Push-ups under a strength goal are not 3–6 @ 8.
        let push = role_rx(ex("push-up"), &goals(&[(Goal::Strength, 10.0)]));
        assert!(push.reps_min >= 6, "{push:?}");
        let fat = goals(&[(Goal::FatLoss, 10.0)]);
        let acc = role_rx(ex("dumbbell-curl"), &fat);
        assert_eq!((acc.reps_min, acc.reps_max), (12, 20));
    }

    #[test]
    fn role_ranges_respect_the_catalogs_rep_limits() {
        let blends = [
            goals(&[(Goal::Strength, 10.0)]),
            goals(&[(Goal::Strength, 6.0), (Goal::Hypertrophy, 4.0)]),
            goals(&[(Goal::Hypertrophy, 7.0), (Goal::Strength, 3.0)]),
            goals(&[(Goal::Hypertrophy, 5.0), (Goal::Endurance, 5.0)]),
            goals(&[(Goal::FatLoss, 10.0)]),
        ];
        for g in &blends {
            for e in catalog() {
                let rx = role_rx(e, g);
                let limits = e.rep_limits();
                assert!(
                    limits.contains(rx.reps_min) && limits.contains(rx.reps_max),
                    "{}: {}–{}",
                    e.slug,
                    rx.reps_min,
                    rx.reps_max
                );
                assert!(
                    rx.reps_min <= rx.reps && rx.reps <= rx.reps_max,
                    "{}",
                    e.slug
                );
            }
            // The coach's examples (issue 15).
            assert!(role_rx(ex("nordic-hamstring-curl"), g).reps_max <= 8);
            assert!(role_rx(ex("push-up"), g).reps_min >= 6);
            assert!(role_rx(ex("prone-t-raise"), g).reps_min >= 10);
            assert!(role_rx(ex("cable-face-pull"), g).reps_min >= 10);
            assert!(role_rx(ex("barbell-upright-row"), g).reps_min >= 10);
            assert!(role_rx(ex("barbell-hip-thrust"), g).reps_min >= 6);
        }
    }

    #[test]
    fn main_lift_plan() {
        let bench = ex("barbell-bench-press");
        let bar = Some((Implement::Barbell, Units::Kg));
        let plan = plan_sets(bench, true, 4, (5, 8.0), Some(100.0), bar);
        let kinds: Vec<SetKind> = plan.iter().map(|s| s.kind).collect();
        use SetKind::*;
        assert_eq!(
            kinds,
            [Warmup, Warmup, Warmup, Top, Backoff, Backoff, Backoff]
        );
        let loads: Vec<f64> = plan.iter().filter_map(|s| s.load_kg).collect();
        assert_eq!(loads, [40.0, 60.0, 80.0, 100.0, 90.0, 90.0, 90.0]);
        assert!(plan[4].target_rpe.unwrap() < 8.0);
        assert!(plan_minutes(&plan, 180) > plan_minutes(&plan[3..], 180));
        assert_eq!(
            exercise_plan_minutes(bench, &plan, 180),
            plan_minutes(&plan, 180)
        );
        // A unilateral lift's sets take each side in turn.
        let lunge = ex("dumbbell-reverse-lunge");
        let lunges = plan_sets(lunge, false, 3, (10, 8.0), Some(16.0), None);
        let one_side = plan_minutes(&lunges, 90);
        let both = exercise_plan_minutes(lunge, &lunges, 90);
        assert!(
            (both - one_side - 3.0 * 35.0 / 60.0).abs() < 1e-9,
            "{both} {one_side}"
        );
        // A light dumbbell main lift: a top set and back-offs, no ramp.
        let db = ex("dumbbell-romanian-deadlift");
        let dbs = Some((Implement::Dumbbell, Units::Kg));
        let light = plan_sets(db, true, 3, (8, 8.0), Some(16.0), dbs);
        assert!(light.iter().all(|s| s.kind != Warmup), "{light:?}");
        assert_eq!(light[0].kind, Top);
        // Timed and distance work.
        let plank = plan_sets(ex("plank"), false, 3, (10, 7.0), None, bar);
        assert!(
            plank
                .iter()
                .all(|s| s.seconds == Some(40) && s.reps.is_none())
        );
        let carry = plan_sets(ex("dumbbell-farmers-carry"), false, 2, (10, 7.0), None, bar);
        assert!(carry.iter().all(|s| s.distance_m == Some(40)));
    }

    #[test]
    fn backoff_rpe() {
        assert_eq!(rpe_at_share(5, 8.0, 1.0), 8.0);
        let r = rpe_at_share(5, 8.0, 0.91);
        assert!((5.0..8.0).contains(&r), "{r}");
    }
}
