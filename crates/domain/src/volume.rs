//! Weekly volume landmarks per muscle and the weekly set target for a program.
//!
//! Landmarks (MV / MEV / MAV / MRV, hard sets per week for an intermediate
//! lifter) are coaching.md's table (Renaissance Periodization style; Schoenfeld,
//! Ogborn & Krieger 2017; Baz-Valle et al. 2022). Rows it does not list are our
//! documented choices, low because those muscles get much indirect work:
//!
//! | muscle | MV | MEV | MAV | MRV | why |
//! |---|---|---|---|---|---|
//! | traps | 0 | 0 | 6–12 | 18 | heavy indirect work from pulls, hinges and carries |
//! | forearms | 0 | 2 | 6–10 | 16 | grip work from every pull |
//! | abs | 0 | 0 | 8–14 | 20 | braced in every compound lift |
//! | obliques | 0 | 0 | 4–10 | 14 | as abs, smaller |
//! | lower_back | 0 | 0 | 3–6 | 10 | hinges and squats load it; high systemic cost |
//! | adductors | 0 | 0 | 4–10 | 14 | squats and lunges train them |
//!
//! Experience scales MEV/MAV/MRV (beginners recover from and need less;
//! coaching.md: "beginners nearer MEV, advanced nearer the top of MAV") and
//! picks the hypertrophy target inside MAV. Each goal asks for a share of that
//! hypertrophy target; goal weights blend the shares.

use std::collections::BTreeMap;

use crate::exercise::Exercise;
use crate::goal::{Goal, GoalWeights};
use crate::muscle::Muscle;
use crate::profile::Experience;

/// Per-session cap on fractional sets for one muscle (coaching.md: "at or under ~8–10 hard sets").
pub const SESSION_SET_CAP: f64 = 10.0;

/// Weekly hard-set landmarks for one muscle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Landmarks {
    /// Maintenance volume.
    pub mv: f64,
    /// Minimum effective volume.
    pub mev: f64,
    /// Bottom of the maximum adaptive volume range.
    pub mav_low: f64,
    /// Top of the maximum adaptive volume range.
    pub mav_high: f64,
    /// Maximum recoverable volume.
    pub mrv: f64,
}

const fn lm(mv: f64, mev: f64, mav_low: f64, mav_high: f64, mrv: f64) -> Landmarks {
    Landmarks {
        mv,
        mev,
        mav_low,
        mav_high,
        mrv,
    }
}

/// Muscles whose RP landmarks count direct work only (coaching.md): squats,
/// lunges and hinges train the glutes, presses the front delts, hinges, rows
/// and squats the lower back, and that compound credit counts against a cap
/// [`DIRECT_WORK_CAP_FACTOR`] times the landmark MRV. The forearms too: every
/// pull-up, row, curl and carry credits them half a set, so an advanced pull
/// day's rows and pull-ups alone reach our forearm MRV (a landmark of our
/// own, for curls and grip work), and a grip "at MRV" must not cap the back's
/// work (issue 15: pull days planned with a relaxation).
pub const DIRECT_WORK_MUSCLES: [Muscle; 4] = [
    Muscle::Glutes,
    Muscle::FrontDelts,
    Muscle::LowerBack,
    Muscle::Forearms,
];
/// How far compound credit may take a direct-work muscle past its MRV (our
/// choice: about half of a lower day's or a press day's compound credit
/// lands on these muscles, so twice the direct-work MRV).
pub const DIRECT_WORK_CAP_FACTOR: f64 = 2.0;

/// The weekly cap on a muscle's fractional sets: its (experience-scaled)
/// MRV, raised for the direct-work muscles.
pub fn weekly_cap(muscle: Muscle, experience: Experience) -> f64 {
    let mrv = scaled_landmarks(muscle, experience).mrv;
    if DIRECT_WORK_MUSCLES.contains(&muscle) {
        mrv * DIRECT_WORK_CAP_FACTOR
    } else {
        mrv
    }
}

/// Intermediate landmarks per muscle (coaching.md table; lats and upper_back
/// share the back row, side and rear delts the delt row; chest MEV 6–8 → 7).
pub const fn landmarks(muscle: Muscle) -> Landmarks {
    match muscle {
        Muscle::Chest => lm(4.0, 7.0, 12.0, 20.0, 22.0),
        Muscle::Lats | Muscle::UpperBack => lm(6.0, 10.0, 14.0, 22.0, 25.0),
        Muscle::Quads => lm(6.0, 8.0, 12.0, 18.0, 20.0),
        Muscle::Hamstrings => lm(4.0, 6.0, 10.0, 16.0, 20.0),
        Muscle::Glutes => lm(0.0, 0.0, 4.0, 12.0, 16.0),
        // RP's one delt row (MEV 8, MAV 16–22, MRV 26) is a single budget for
        // side and rear delts together (coaching.md): half of it each.
        Muscle::SideDelts | Muscle::RearDelts => lm(0.0, 4.0, 8.0, 11.0, 13.0),
        Muscle::FrontDelts => lm(0.0, 0.0, 6.0, 8.0, 12.0),
        Muscle::Biceps => lm(4.0, 8.0, 14.0, 20.0, 26.0),
        Muscle::Triceps => lm(4.0, 6.0, 10.0, 14.0, 18.0),
        Muscle::Calves => lm(6.0, 8.0, 12.0, 16.0, 20.0),
        // Our choices (see the module table).
        Muscle::Traps => lm(0.0, 0.0, 6.0, 12.0, 18.0),
        Muscle::Forearms => lm(0.0, 2.0, 6.0, 10.0, 16.0),
        Muscle::Abs => lm(0.0, 0.0, 8.0, 14.0, 20.0),
        Muscle::Obliques => lm(0.0, 0.0, 4.0, 10.0, 14.0),
        Muscle::LowerBack => lm(0.0, 0.0, 3.0, 6.0, 10.0),
        Muscle::Adductors => lm(0.0, 0.0, 4.0, 10.0, 14.0),
    }
}

/// Multiplier on MEV/MAV/MRV by experience (our choice: beginners ×0.8, advanced ×1.1).
pub const fn experience_scale(experience: Experience) -> f64 {
    match experience {
        Experience::Beginner => 0.8,
        Experience::Intermediate => 1.0,
        Experience::Advanced => 1.1,
    }
}

/// Where in MAV the hypertrophy target sits (0 = bottom, 1 = top) by experience (coaching.md).
pub const fn mav_position(experience: Experience) -> f64 {
    match experience {
        Experience::Beginner => 0.0,
        Experience::Intermediate => 0.5,
        Experience::Advanced => 1.0,
    }
}

/// Share of the hypertrophy target each goal asks for (coaching.md: strength
/// fewer sets; endurance and fat loss moderate; our choice for the rest).
pub const fn goal_volume_share(goal: Goal) -> f64 {
    match goal {
        Goal::Hypertrophy => 1.0,
        Goal::Endurance | Goal::FatLoss => 0.8,
        Goal::Strength => 0.7,
        Goal::Explosiveness | Goal::Speed => 0.6,
        Goal::Mobility => 0.5,
    }
}

/// Landmarks scaled for an experience level (MV unchanged).
pub fn scaled_landmarks(muscle: Muscle, experience: Experience) -> Landmarks {
    let base = landmarks(muscle);
    let s = experience_scale(experience);
    Landmarks {
        mv: base.mv,
        mev: base.mev * s,
        mav_low: base.mav_low * s,
        mav_high: base.mav_high * s,
        mrv: base.mrv * s,
    }
}

/// Weekly hard-set target for a muscle: the experience's point in MAV, times
/// the goal-blended share, kept between MEV (at least MV) and MRV.
pub fn weekly_target(muscle: Muscle, experience: Experience, goals: &GoalWeights) -> f64 {
    let l = scaled_landmarks(muscle, experience);
    let hypertrophy = l.mav_low + mav_position(experience) * (l.mav_high - l.mav_low);
    let share: f64 = goals.shares().map(|(g, s)| s * goal_volume_share(g)).sum();
    (hypertrophy * share).clamp(l.mev.max(l.mv), l.mrv)
}

/// Fractional sets per muscle of `(exercise, sets)` pairs: 1 per primary, 0.5
/// per secondary (coaching.md; Pelland et al. 2024) — api.md's `muscle_sets`.
/// Conditioning and mobility count zero: a burpee or a rower interval is
/// not a hard set for the quads or the chest (issue 15, item 3).
pub fn muscle_sets<'a>(
    work: impl IntoIterator<Item = (&'a Exercise, f64)>,
) -> BTreeMap<Muscle, f64> {
    let mut out = BTreeMap::new();
    for (ex, sets) in work {
        if !sets.is_finite() || sets <= 0.0 || !counts_as_hard_sets(ex) {
            continue;
        }
        for (m, credit) in ex.muscle_credits() {
            *out.entry(m).or_insert(0.0) += credit * sets;
        }
    }
    out
}

/// RP's back row, "lats + upper_back" (coaching.md): one budget for the two
/// muscles. A set counts toward it once, at the larger of its two credits
/// (a row or a pull-up is one back set, not a set and a half), and the back's
/// landmarks (MEV 10, MRV 25 for an intermediate) judge that count, for each
/// of the two muscles alike.
pub const BACK: [Muscle; 2] = [Muscle::Lats, Muscle::UpperBack];

/// A set's credit toward the back budget ([`BACK`]): the larger of its lats
/// and upper-back credits (0 for conditioning and mobility).
pub fn back_credit(ex: &Exercise) -> f64 {
    if !counts_as_hard_sets(ex) {
        return 0.0;
    }
    ex.muscle_credits()
        .filter(|(m, _)| BACK.contains(m))
        .map(|(_, credit)| credit)
        .fold(0.0, f64::max)
}

/// The back budget's sets of `(exercise, sets)` pairs ([`BACK`]).
pub fn back_sets<'a>(work: impl IntoIterator<Item = (&'a Exercise, f64)>) -> f64 {
    work.into_iter()
        .filter(|(_, sets)| sets.is_finite() && *sets > 0.0)
        .map(|(ex, sets)| back_credit(ex) * sets)
        .sum()
}

/// The sets the weekly landmarks judge for `muscle`: the back budget's for
/// the back's two muscles ([`BACK`]), the muscle's own fractional sets for
/// every other one.
pub fn landmark_sets(muscle: Muscle, muscle_sets: &BTreeMap<Muscle, f64>, back_sets: f64) -> f64 {
    if BACK.contains(&muscle) {
        back_sets
    } else {
        muscle_sets.get(&muscle).copied().unwrap_or(0.0)
    }
}

/// Whether an exercise's sets count toward its muscles' weekly volume:
/// everything but conditioning and mobility.
pub fn counts_as_hard_sets(ex: &Exercise) -> bool {
    !matches!(
        ex.movement_pattern,
        crate::MovementPattern::Conditioning | crate::MovementPattern::Mobility
    )
}

/// Scales a weekly figure to a microcycle of `length_days`.
pub fn per_microcycle(weekly: f64, length_days: u32) -> f64 {
    weekly * f64::from(length_days) / 7.0
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
    fn table_rows() {
        assert_eq!(landmarks(Muscle::Lats), landmarks(Muscle::UpperBack));
        assert_eq!(landmarks(Muscle::SideDelts), landmarks(Muscle::RearDelts));
        assert_eq!(landmarks(Muscle::Chest).mrv, 22.0);
        for m in Muscle::ALL {
            let l = landmarks(*m);
            assert!(
                l.mv <= l.mev.max(l.mv)
                    && l.mev <= l.mav_low
                    && l.mav_low <= l.mav_high
                    && l.mav_high <= l.mrv,
                "{m}"
            );
        }
    }

    #[test]
    fn targets() {
        let hyp = goals(&[(Goal::Hypertrophy, 10.0)]);
        assert_eq!(
            weekly_target(Muscle::Chest, Experience::Intermediate, &hyp),
            16.0
        );
        assert_eq!(
            weekly_target(Muscle::Chest, Experience::Advanced, &hyp),
            22.0
        );
        let str_ = goals(&[(Goal::Strength, 10.0)]);
        let s = weekly_target(Muscle::Chest, Experience::Intermediate, &str_);
        assert!((s - 11.2).abs() < 1e-9);
        let mix = goals(&[(Goal::Strength, 5.0), (Goal::Hypertrophy, 5.0)]);
        let m = weekly_target(Muscle::Chest, Experience::Intermediate, &mix);
        assert!(m > s && m < 16.0);
        // Beginners near MEV, never below it.
        let b = weekly_target(
            Muscle::Quads,
            Experience::Beginner,
            &goals(&[(Goal::Mobility, 10.0)]),
        );
        assert!((b - 6.4).abs() < 1e-9);
        assert_eq!(per_microcycle(14.0, 14), 28.0);
        let bench = crate::rules::tests::ex(
            1,
            crate::MovementPattern::HorizontalPush,
            &[Muscle::Chest],
            &[Muscle::Triceps, Muscle::FrontDelts],
        );
        let sets = muscle_sets([(&bench, 4.0), (&bench, -1.0)]);
        assert_eq!(sets[&Muscle::Chest], 4.0);
        assert_eq!(sets[&Muscle::Triceps], 2.0);
        assert_eq!(sets.len(), 3);
    }

    #[test]
    fn a_back_set_counts_once_at_its_larger_credit() {
        let by = |slug| crate::catalog::by_slug(slug).unwrap();
        let (row, pull_up, curl) = (
            by("barbell-bent-over-row"),
            by("pull-up"),
            by("dumbbell-curl"),
        );
        // A row credits both muscles fully, a pull-up the lats fully and
        // the upper back half: one back set each.
        assert_eq!(back_credit(row), 1.0);
        assert_eq!(back_credit(pull_up), 1.0);
        assert_eq!(back_credit(curl), 0.0);
        let work = [(row, 3.0), (pull_up, 3.0), (curl, 2.0), (row, -1.0)];
        let back = back_sets(work);
        assert_eq!(back, 6.0);
        let sets = muscle_sets(work);
        assert_eq!((sets[&Muscle::Lats], sets[&Muscle::UpperBack]), (6.0, 4.5));
        for m in BACK {
            assert_eq!(landmark_sets(m, &sets, back), 6.0);
        }
        assert_eq!(
            landmark_sets(Muscle::Biceps, &sets, back),
            sets[&Muscle::Biceps]
        );
        assert_eq!(landmark_sets(Muscle::Calves, &sets, back), 0.0);
    }
}
