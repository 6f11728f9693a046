//! Session time estimation (coaching.md, "Session time").
//!
//! A set takes `reps × 3.5 s` of work plus 10 s of set-up, then its rest; each
//! exercise adds a 60 s transition; every session starts with a 5 min warm-up.
//! The rest after the last set is counted too, so estimates err long and a plan
//! within its estimate never overruns `target_minutes`.

use crate::pattern::Tracking;

/// Seconds per rep (coaching.md: 3–4 s; the middle).
pub const SECONDS_PER_REP: f64 = 3.5;
/// Set-up seconds per set (coaching.md).
pub const SETUP_SECONDS_PER_SET: f64 = 10.0;
/// Transition per exercise, minutes (coaching.md: ~60 s).
pub const TRANSITION_MINUTES: f64 = 1.0;
/// Warm-up, minutes (coaching.md).
pub const WARMUP_MINUTES: f64 = 5.0;
/// The general warm-up before a main lift's ramp, minutes (our choice: the
/// ramp warms the movement itself, so a few minutes of general work do;
/// the ramp's own time is [`crate::set_plan::ramp_minutes`]).
pub const GENERAL_WARMUP_BEFORE_RAMP_MINUTES: f64 = 3.0;
/// Sessions shorter than this skip the ramp in their time budget (the
/// prescription drops a ramp that does not fit).
pub const RAMP_MIN_SESSION_MINUTES: f64 = 25.0;
/// Work seconds of one set of a timed exercise (plank, carry) — our choice.
pub const TIMED_SET_WORK_SECONDS: f64 = 40.0;
/// Work seconds of one set of a distance exercise (sled, short run) — our choice.
pub const DISTANCE_SET_WORK_SECONDS: f64 = 60.0;

/// Sides a unilateral exercise's set is done for: each side in turn, so its
/// work takes twice as long (issue 15, item 7). The rest between sides is
/// the other side's work; set-up and the rest after the set count once.
pub const UNILATERAL_SIDES: f64 = 2.0;

/// Sides one set is done for: 2 for a unilateral exercise, else 1.
pub fn sides(unilateral: bool) -> f64 {
    if unilateral { UNILATERAL_SIDES } else { 1.0 }
}

/// Work seconds of one set: reps × 3.5 s for rep-tracked, fixed for timed or distance work.
pub fn work_seconds(tracking: Tracking, reps: f64) -> f64 {
    match tracking {
        Tracking::WeightReps | Tracking::Reps => reps.max(0.0) * SECONDS_PER_REP,
        Tracking::Time => TIMED_SET_WORK_SECONDS,
        Tracking::Distance => DISTANCE_SET_WORK_SECONDS,
    }
}

/// Minutes one rep-tracked set takes: work, set-up and the rest after it.
pub fn minutes_per_set(reps: f64, rest_seconds: f64) -> f64 {
    set_minutes(Tracking::Reps, reps, rest_seconds)
}

/// Minutes one set takes for any tracking kind.
pub fn set_minutes(tracking: Tracking, reps: f64, rest_seconds: f64) -> f64 {
    sided_set_minutes(tracking, false, reps, rest_seconds)
}

/// Minutes one set of an exercise takes: [`set_minutes`], its work doubled
/// when the exercise is unilateral ([`UNILATERAL_SIDES`]).
pub fn exercise_set_minutes(ex: &crate::Exercise, reps: f64, rest_seconds: f64) -> f64 {
    sided_set_minutes(ex.tracking, ex.unilateral, reps, rest_seconds)
}

fn sided_set_minutes(tracking: Tracking, unilateral: bool, reps: f64, rest_seconds: f64) -> f64 {
    let rest = if rest_seconds.is_finite() {
        rest_seconds.max(0.0)
    } else {
        0.0
    };
    let reps = if reps.is_finite() { reps } else { 0.0 };
    (work_seconds(tracking, reps) * sides(unilateral) + SETUP_SECONDS_PER_SET + rest) / 60.0
}

/// Minutes a session takes: `warmup` + Σ sets × minutes per set + a
/// `transition` per exercise, for `exercises` as `(sets, minutes_per_set)`.
/// The one session-time formula of the optimizer: its time budget and the
/// checker ([`crate::selection::SelectionProblem::minutes`]) use it (with
/// [`WARMUP_MINUTES`] and [`TRANSITION_MINUTES`] on training days). A
/// session's `estimated_minutes` is its set plans' time
/// ([`crate::set_plan::plan_minutes`], warm-up ramps included).
pub fn session_minutes(
    warmup: f64,
    transition: f64,
    exercises: impl IntoIterator<Item = (u32, f64)>,
) -> f64 {
    let (count, work) = exercises
        .into_iter()
        .fold((0usize, 0.0), |(n, work), (sets, mps)| {
            (n + 1, work + f64::from(sets) * mps.max(0.0))
        });
    warmup + work + transition * count as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn per_set() {
        // 8 reps × 3.5 = 28 s + 10 s + 120 s rest = 158 s
        assert!((minutes_per_set(8.0, 120.0) - 158.0 / 60.0).abs() < 1e-12);
        assert!((set_minutes(Tracking::Time, 8.0, 60.0) - 110.0 / 60.0).abs() < 1e-12);
        assert_eq!(minutes_per_set(f64::NAN, f64::NAN), 10.0 / 60.0);
    }

    #[test]
    fn unilateral_work_takes_double_time() {
        let lunge = crate::catalog::by_slug("dumbbell-reverse-lunge").unwrap();
        let squat = crate::catalog::by_slug("dumbbell-goblet-squat").unwrap();
        assert!(lunge.unilateral && !squat.unilateral);
        // 10 reps: 2 × 35 s + 10 s + 90 s against 35 s + 10 s + 90 s.
        assert!((exercise_set_minutes(lunge, 10.0, 90.0) - 170.0 / 60.0).abs() < 1e-12);
        assert!((exercise_set_minutes(squat, 10.0, 90.0) - 135.0 / 60.0).abs() < 1e-12);
        let carry = crate::catalog::by_slug("dumbbell-suitcase-carry").unwrap();
        assert!(
            (exercise_set_minutes(carry, 10.0, 60.0)
                - (2.0 * DISTANCE_SET_WORK_SECONDS + 70.0) / 60.0)
                .abs()
                < 1e-12
        );
    }

    #[test]
    fn session() {
        let estimate = |ex: &[(u32, f64)]| {
            session_minutes(WARMUP_MINUTES, TRANSITION_MINUTES, ex.iter().copied())
        };
        assert_eq!(estimate(&[]), WARMUP_MINUTES);
        // 5 + 4·2 + 3·2 + 2·1 = 21
        assert!((estimate(&[(4, 2.0), (3, 2.0)]) - 21.0).abs() < 1e-12);
        // Rule of thumb: 45 min ≈ 12–16 hard sets of hypertrophy work.
        let mps = minutes_per_set(10.0, 105.0);
        let sixteen = estimate(&[(4, mps), (4, mps), (4, mps), (4, mps)]);
        assert!(sixteen > 40.0 && sixteen < 60.0, "{sixteen}");
    }
}
