//! Weekly summaries of old training detail (the cleanup job's roll-up).
//!
//! Detail older than the retention window is replaced by one summary per
//! ISO week (Monday): the workouts logged, the sets and load per muscle
//! (fractional credit, [`crate::volume::muscle_sets`]), the best reliable
//! e1RM set per exercise, and the soreness reported per muscle. Pure
//! arithmetic over rows the caller read; `gainsly-db` does the SQL.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::catalog;
use crate::exercise::ExerciseId;
use crate::muscle::Muscle;
use crate::volume::muscle_sets;

/// Sets and load of one muscle in one week (fractional set credit: primary 1, secondary 0.5).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct MuscleVolume {
    pub sets: f64,
    /// Σ credit × reps × weight over weighted sets.
    pub volume_kg: f64,
}

/// The best (highest reliable e1RM) set of one exercise in one week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BestSet {
    pub e1rm_kg: f64,
    pub weight_kg: f64,
    pub reps: i32,
    pub rpe: Option<f64>,
    pub date: NaiveDate,
}

/// Soreness reports of one muscle in one week.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SorenessSummary {
    pub max: i32,
    pub mean: f64,
    pub count: u32,
}

/// One user's rolled-up week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklySummary {
    /// Monday of the week.
    pub week_start: NaiveDate,
    pub workouts: i32,
    pub muscle_volume: BTreeMap<Muscle, MuscleVolume>,
    /// Keyed by exercise id.
    pub best_e1rm: BTreeMap<i64, BestSet>,
    pub soreness: BTreeMap<Muscle, SorenessSummary>,
}

/// One logged set, as stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SetRow {
    pub date: NaiveDate,
    pub exercise_id: i64,
    pub reps: Option<i32>,
    pub weight_kg: Option<f64>,
    pub rpe: Option<f64>,
    pub e1rm_kg: Option<f64>,
    /// `None` for rows written before reliability was stored (they count).
    pub e1rm_reliable: Option<bool>,
}

/// One soreness report, as stored.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SorenessRow {
    pub date: NaiveDate,
    pub muscle: Muscle,
    pub level: i32,
}

/// Monday of `date`'s ISO week.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
}

impl WeeklySummary {
    /// An empty week.
    pub fn empty(week_start: NaiveDate) -> Self {
        WeeklySummary {
            week_start,
            workouts: 0,
            muscle_volume: BTreeMap::new(),
            best_e1rm: BTreeMap::new(),
            soreness: BTreeMap::new(),
        }
    }

    /// Adds `other` (a later roll-up of the same week) into `self`: volumes
    /// add up, the best e1RM is the maximum, soreness merges count-weighted.
    pub fn merge(&mut self, other: &WeeklySummary) {
        self.workouts += other.workouts;
        for (m, v) in &other.muscle_volume {
            let e = self.muscle_volume.entry(*m).or_default();
            e.sets += v.sets;
            e.volume_kg += v.volume_kg;
        }
        for (id, best) in &other.best_e1rm {
            keep_best(&mut self.best_e1rm, *id, *best);
        }
        for (m, s) in &other.soreness {
            let e = self.soreness.entry(*m).or_default();
            let total = e.count + s.count;
            if total > 0 {
                e.mean =
                    (e.mean * f64::from(e.count) + s.mean * f64::from(s.count)) / f64::from(total);
            }
            e.max = Ord::max(e.max, s.max);
            e.count = total;
        }
    }
}

fn keep_best(best: &mut BTreeMap<i64, BestSet>, id: i64, candidate: BestSet) {
    best.entry(id)
        .and_modify(|b| {
            if candidate.e1rm_kg > b.e1rm_kg {
                *b = candidate;
            }
        })
        .or_insert(candidate);
}

/// The weekly summaries of some detail: `log_dates` has one date per
/// workout log, `sets` and `soreness` one row each. Sets of exercises not in
/// the catalog still count as sets of their week (and their e1RM), not as
/// muscle volume.
pub fn summarize(
    log_dates: &[NaiveDate],
    sets: &[SetRow],
    soreness: &[SorenessRow],
) -> BTreeMap<NaiveDate, WeeklySummary> {
    let mut weeks: BTreeMap<NaiveDate, WeeklySummary> = BTreeMap::new();
    let mut week = |date: NaiveDate| {
        let w = week_start(date);
        weeks
            .entry(w)
            .or_insert_with(|| WeeklySummary::empty(w))
            .week_start
    };
    let log_weeks: Vec<NaiveDate> = log_dates.iter().map(|d| week(*d)).collect();
    let set_weeks: Vec<NaiveDate> = sets.iter().map(|s| week(s.date)).collect();
    let sore_weeks: Vec<NaiveDate> = soreness.iter().map(|s| week(s.date)).collect();

    for w in log_weeks {
        if let Some(summary) = weeks.get_mut(&w) {
            summary.workouts += 1;
        }
    }
    for (row, w) in sets.iter().zip(set_weeks) {
        let Some(summary) = weeks.get_mut(&w) else {
            continue;
        };
        if let Some(ex) = catalog::exercise(ExerciseId(row.exercise_id)) {
            let load = match (row.reps, row.weight_kg) {
                (Some(r), Some(kg)) => f64::from(r) * kg,
                _ => 0.0,
            };
            for (muscle, sets) in muscle_sets([(ex, 1.0)]) {
                summary.muscle_volume.entry(muscle).or_default().sets += sets;
            }
            for (muscle, kg) in muscle_sets([(ex, load)]) {
                summary.muscle_volume.entry(muscle).or_default().volume_kg += kg;
            }
        }
        if let (Some(e1rm_kg), Some(weight_kg), Some(reps)) = (row.e1rm_kg, row.weight_kg, row.reps)
            && row.e1rm_reliable != Some(false)
        {
            let best = BestSet {
                e1rm_kg,
                weight_kg,
                reps,
                rpe: row.rpe,
                date: row.date,
            };
            keep_best(&mut summary.best_e1rm, row.exercise_id, best);
        }
    }
    // Per week and muscle: (max, sum, count).
    let mut sore: BTreeMap<(NaiveDate, Muscle), (i32, f64, u32)> = BTreeMap::new();
    for (row, w) in soreness.iter().zip(sore_weeks) {
        let e = sore.entry((w, row.muscle)).or_insert((0, 0.0, 0));
        e.0 = Ord::max(e.0, row.level);
        e.1 += f64::from(row.level);
        e.2 += 1;
    }
    for ((w, muscle), (max, sum, count)) in sore {
        if let Some(summary) = weeks.get_mut(&w) {
            summary.soreness.insert(
                muscle,
                SorenessSummary {
                    max,
                    mean: sum / f64::from(Ord::max(count, 1)),
                    count,
                },
            );
        }
    }
    weeks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
    }

    #[test]
    fn week_starts_on_monday() {
        assert_eq!(week_start(d(2026, 11, 26)), d(2026, 11, 23)); // Thursday
        assert_eq!(week_start(d(2026, 11, 23)), d(2026, 11, 23)); // Monday
        assert_eq!(week_start(d(2026, 11, 29)), d(2026, 11, 23)); // Sunday
    }

    #[test]
    fn a_week_sums_sets_and_keeps_the_best_reliable_e1rm() {
        let squat = catalog::catalog()[0].clone();
        let muscle = squat.primary_muscles[0];
        let set = |date, reps, kg, e1rm, reliable| SetRow {
            date,
            exercise_id: squat.id.0,
            reps: Some(reps),
            weight_kg: Some(kg),
            rpe: None,
            e1rm_kg: Some(e1rm),
            e1rm_reliable: Some(reliable),
        };
        let weeks = summarize(
            &[d(2026, 6, 2), d(2026, 6, 4)],
            &[
                set(d(2026, 6, 2), 5, 100.0, 112.5, true),
                set(d(2026, 6, 4), 3, 110.0, 116.0, true),
                // Unreliable: never a best, however high.
                set(d(2026, 6, 4), 20, 100.0, 160.0, false),
            ],
            &[
                SorenessRow {
                    date: d(2026, 6, 3),
                    muscle,
                    level: 6,
                },
                SorenessRow {
                    date: d(2026, 6, 5),
                    muscle,
                    level: 2,
                },
            ],
        );
        assert_eq!(weeks.len(), 1);
        let w = &weeks[&d(2026, 6, 1)];
        assert_eq!(w.workouts, 2);
        assert_eq!(w.muscle_volume[&muscle].sets, 3.0);
        assert!((w.muscle_volume[&muscle].volume_kg - (500.0 + 330.0 + 2000.0)).abs() < 1e-9);
        assert_eq!(w.best_e1rm[&squat.id.0].e1rm_kg, 116.0);
        let s = w.soreness[&muscle];
        assert_eq!((s.max, s.count), (6, 2));
        assert!((s.mean - 4.0).abs() < 1e-9);
    }

    #[test]
    fn merge_adds_volume_and_keeps_the_best() {
        let w = d(2026, 1, 5);
        let m = Muscle::ALL[0];
        let mut a = WeeklySummary::empty(w);
        a.workouts = 1;
        a.muscle_volume.insert(
            m,
            MuscleVolume {
                sets: 3.0,
                volume_kg: 300.0,
            },
        );
        let best = |e1rm_kg| BestSet {
            e1rm_kg,
            weight_kg: 90.0,
            reps: 3,
            rpe: None,
            date: w,
        };
        a.best_e1rm.insert(7, best(100.0));
        a.soreness.insert(
            m,
            SorenessSummary {
                max: 4,
                mean: 4.0,
                count: 1,
            },
        );
        let mut b = a.clone();
        b.best_e1rm.insert(7, best(110.0));
        b.soreness.insert(
            m,
            SorenessSummary {
                max: 8,
                mean: 6.0,
                count: 3,
            },
        );
        a.merge(&b);
        assert_eq!(a.workouts, 2);
        assert_eq!(a.muscle_volume[&m].sets, 6.0);
        assert_eq!(a.best_e1rm[&7].e1rm_kg, 110.0);
        let s = a.soreness[&m];
        assert_eq!((s.max, s.count), (8, 4));
        assert!((s.mean - 5.5).abs() < 1e-9);
    }
}
