//! The recovery model: soreness decay and training fatigue → `recovery_pct` per muscle.
//!
//! * Soreness (0–10) decays as `level · (1 − rate)^days` (coaching.md; rate 0.35).
//!   The latest report at or before the date counts (a new report replaces older ones).
//! * Training fatigue: every logged set gives its muscles their set credit
//!   (primary 1, secondary 0.5; extra loads such as a run give legs set-equivalents).
//!   Each load decays with the muscle's half-life (24 h small muscles, 36 h
//!   chest/back, 48 h legs and lower back — coaching.md). To make a muscle
//!   *fully* recovered within [`FULL_RECOVERY_DAYS`] (the Fitbod model), the
//!   exponential is shifted so it reaches 0 at day 7:
//!   `residual(t) = (2^(−t/h) − 2^(−T/h)) / (1 − 2^(−T/h))`, 0 for t ≥ T.
//! * Fatigue maps to a percentage against a per-muscle saturation of
//!   [`FATIGUE_SATURATION_SETS`] fractional sets (a maximal single-session dose,
//!   ~MRV per session): `fatigue_pct = min(1, fatigue / saturation) · 100`.
//!   So 10 quad sets today → 0 % recovered; after 48 h ≈ 55 %, after 72 h ≈ 71 %;
//!   a typical 6 sets are ≥ 60 % (ready) after 48 h.
//! * `recovery_pct = 100 − max(fatigue_pct, soreness · 10)`: the worse of the two
//!   limits readiness. `ready` when `recovery_pct ≥ threshold` (default 60 %).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::activity::RegularActivity;
use crate::catalog;
use crate::exercise::{Exercise, ExerciseId};
use crate::muscle::Muscle;

/// Default soreness decay per day, in `level · (1 − rate)^days`: 0.35
/// (coaching.md: delayed-onset soreness peaks at 24–72 h and resolves within
/// 3–5 days, Cheung, Hume & Maxwell 2003, *Sports Med* 33:145; with 0.35 a
/// 7/10 report is 3/10 two days later and under 1/10 on day 5, where the
/// seed's 0.1 kept a muscle blocked for six days).
pub const DEFAULT_SORENESS_DECAY_RATE: f64 = 0.35;
/// Default readiness threshold, percent recovered (coaching.md, api.md).
pub const DEFAULT_READY_THRESHOLD_PCT: f64 = 60.0;
/// A muscle is fully recovered this many days after its last load (coaching.md: Fitbod model).
pub const FULL_RECOVERY_DAYS: f64 = 7.0;
/// Fractional sets that exhaust a muscle for the day (≈ the per-session cap of 8–10 hard sets).
pub const FATIGUE_SATURATION_SETS: f64 = 10.0;
/// Highest soreness level.
pub const MAX_SORENESS: f64 = 10.0;

/// Fatigue half-life in hours per muscle (coaching.md, "Recovery").
pub const fn fatigue_half_life_hours(muscle: Muscle) -> f64 {
    match muscle {
        Muscle::Quads
        | Muscle::Hamstrings
        | Muscle::Glutes
        | Muscle::LowerBack
        | Muscle::Adductors => 48.0,
        Muscle::Chest | Muscle::Lats | Muscle::UpperBack | Muscle::Traps => 36.0,
        Muscle::FrontDelts
        | Muscle::SideDelts
        | Muscle::RearDelts
        | Muscle::Biceps
        | Muscle::Triceps
        | Muscle::Forearms
        | Muscle::Abs
        | Muscle::Obliques
        | Muscle::Calves => 24.0,
    }
}

/// Tunable parameters of the recovery model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RecoveryConfig {
    /// Soreness decay per day, 0–1.
    pub soreness_decay_rate: f64,
    /// Percent recovered at or above which a muscle is ready.
    pub ready_threshold_pct: f64,
    /// Fractional sets that count as fully fatigued.
    pub saturation_sets: f64,
    /// Days after which a load no longer counts.
    pub full_recovery_days: f64,
}

impl Default for RecoveryConfig {
    fn default() -> Self {
        RecoveryConfig {
            soreness_decay_rate: DEFAULT_SORENESS_DECAY_RATE,
            ready_threshold_pct: DEFAULT_READY_THRESHOLD_PCT,
            saturation_sets: FATIGUE_SATURATION_SETS,
            full_recovery_days: FULL_RECOVERY_DAYS,
        }
    }
}

/// A soreness report.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SorenessEntry {
    /// Date of the report.
    pub date: NaiveDate,
    /// The sore muscle.
    pub muscle: Muscle,
    /// 0–10 (clamped).
    pub level: f64,
}

/// A training load: `sets` of work crediting each muscle its credit per set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LoadEntry {
    /// Date of the work.
    pub date: NaiveDate,
    /// Credit per set per muscle (1 primary, 0.5 secondary).
    pub credits: BTreeMap<Muscle, f64>,
    /// Number of sets (or set-equivalents for activities).
    pub sets: f64,
}

impl LoadEntry {
    /// `sets` sets of an exercise on `date`.
    pub fn from_exercise(date: NaiveDate, exercise: &Exercise, sets: f64) -> Self {
        LoadEntry {
            date,
            credits: exercise.muscle_credits().collect(),
            sets,
        }
    }

    /// A generic extra load on the lower body (see [`crate::activity`] for activities):
    /// quads, hamstrings, glutes and calves get `set_equivalents` each; adductors half.
    pub fn legs(date: NaiveDate, set_equivalents: f64) -> Self {
        let credits = [
            (Muscle::Quads, 1.0),
            (Muscle::Hamstrings, 1.0),
            (Muscle::Glutes, 1.0),
            (Muscle::Calves, 1.0),
            (Muscle::Adductors, 0.5),
        ]
        .into_iter()
        .collect();
        LoadEntry {
            date,
            credits,
            sets: set_equivalents,
        }
    }
}

/// One muscle's recovery state (api.md `RecoveryStateResponse.muscles[]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MuscleRecovery {
    /// The muscle.
    pub muscle: Muscle,
    /// Decayed soreness 0–10.
    pub soreness: f64,
    /// Residual fatigue in fractional sets.
    pub fatigue: f64,
    /// 0–100.
    pub recovery_pct: f64,
    /// Date of the latest load crediting this muscle, at or before the date.
    pub last_trained: Option<NaiveDate>,
    /// `recovery_pct` at or above the threshold.
    pub ready: bool,
}

/// Every muscle's recovery as of a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryState {
    /// The date the state is computed for.
    pub as_of: NaiveDate,
    /// One entry per [`Muscle`], in `Muscle::ALL` order.
    pub muscles: Vec<MuscleRecovery>,
}

impl RecoveryState {
    /// A fully recovered state (no history).
    pub fn fresh(as_of: NaiveDate) -> Self {
        RecoveryModel::default().state(as_of, &[], &[])
    }

    /// The state of one muscle.
    pub fn get(&self, muscle: Muscle) -> Option<&MuscleRecovery> {
        self.muscles.iter().find(|m| m.muscle == muscle)
    }

    /// `recovery_pct` of one muscle (100 if absent).
    pub fn recovery_pct(&self, muscle: Muscle) -> f64 {
        self.get(muscle).map_or(100.0, |m| m.recovery_pct)
    }
}

/// The recovery model with its configuration.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RecoveryModel {
    /// Parameters.
    pub config: RecoveryConfig,
}

/// `level · (1 − rate)^days` for `days ≥ 0` (negative days count as 0).
pub fn decayed_soreness(level: f64, rate: f64, days: f64) -> f64 {
    let level = if level.is_finite() {
        level.clamp(0.0, MAX_SORENESS)
    } else {
        0.0
    };
    let rate = if rate.is_finite() {
        rate.clamp(0.0, 1.0)
    } else {
        DEFAULT_SORENESS_DECAY_RATE
    };
    let days = if days.is_finite() { days.max(0.0) } else { 0.0 };
    level * (1.0 - rate).powf(days)
}

/// Share (0–1) of a load still felt `hours` later, for a half-life, reaching 0 at `full_days`.
pub fn residual_fraction(hours: f64, half_life_hours: f64, full_days: f64) -> f64 {
    let t = hours.max(0.0);
    let horizon = full_days.max(0.0) * 24.0;
    if t >= horizon || half_life_hours <= 0.0 {
        return 0.0;
    }
    let floor = (-horizon / half_life_hours).exp2();
    let raw = (-t / half_life_hours).exp2();
    ((raw - floor) / (1.0 - floor)).clamp(0.0, 1.0)
}

impl RecoveryModel {
    /// A model with the given configuration.
    pub fn new(config: RecoveryConfig) -> Self {
        RecoveryModel { config }
    }

    /// Every muscle's recovery on `as_of` from a user's history: soreness
    /// reports, logged sets (`(date, exercise)`, one per set: one load per
    /// date and exercise) and the enjoyable activities done most days,
    /// counted as done the day before (api.md: their leg and cardio load
    /// counts the day after). The one recovery computation: the planner and
    /// `GET /api/logs/recovery-state` both call it.
    pub fn from_history(
        &self,
        as_of: NaiveDate,
        soreness: &[SorenessEntry],
        sets: &[(NaiveDate, ExerciseId)],
        activities: &[RegularActivity],
    ) -> RecoveryState {
        let mut per_day_exercise: BTreeMap<(NaiveDate, ExerciseId), f64> = BTreeMap::new();
        for key in sets {
            *per_day_exercise.entry(*key).or_default() += 1.0;
        }
        let mut loads: Vec<LoadEntry> = per_day_exercise
            .iter()
            .filter_map(|((d, id), n)| {
                catalog::exercise(*id).map(|ex| LoadEntry::from_exercise(*d, ex, *n))
            })
            .collect();
        if let Some(yesterday) = as_of.pred_opt() {
            loads.extend(activities.iter().filter_map(|a| a.daily_load(yesterday)));
        }
        self.state(as_of, soreness, &loads)
    }

    /// Recovery of every muscle as of `as_of`. Entries after `as_of` are ignored.
    pub fn state(
        &self,
        as_of: NaiveDate,
        soreness: &[SorenessEntry],
        loads: &[LoadEntry],
    ) -> RecoveryState {
        let muscles = Muscle::ALL
            .iter()
            .map(|&m| self.muscle(as_of, m, soreness, loads))
            .collect();
        RecoveryState { as_of, muscles }
    }

    fn muscle(
        &self,
        as_of: NaiveDate,
        muscle: Muscle,
        soreness: &[SorenessEntry],
        loads: &[LoadEntry],
    ) -> MuscleRecovery {
        let c = &self.config;
        // Latest report wins; on the same date the higher level.
        let latest = soreness
            .iter()
            .filter(|s| s.muscle == muscle && s.date <= as_of)
            .max_by(|a, b| a.date.cmp(&b.date).then(a.level.total_cmp(&b.level)));
        let sore = latest.map_or(0.0, |s| {
            decayed_soreness(s.level, c.soreness_decay_rate, days_between(s.date, as_of))
        });

        let half_life = fatigue_half_life_hours(muscle);
        let mut fatigue = 0.0;
        let mut last_trained: Option<NaiveDate> = None;
        for load in loads.iter().filter(|l| l.date <= as_of) {
            let credit = load.credits.get(&muscle).copied().unwrap_or(0.0);
            let sets = if load.sets.is_finite() {
                load.sets.max(0.0)
            } else {
                0.0
            };
            let dose = if credit.is_finite() {
                credit.max(0.0)
            } else {
                0.0
            } * sets;
            if dose <= 0.0 {
                continue;
            }
            last_trained = Some(last_trained.map_or(load.date, |d| d.max(load.date)));
            let hours = days_between(load.date, as_of) * 24.0;
            fatigue += dose * residual_fraction(hours, half_life, c.full_recovery_days);
        }

        let saturation = if c.saturation_sets > 0.0 {
            c.saturation_sets
        } else {
            FATIGUE_SATURATION_SETS
        };
        let fatigue_pct = (fatigue / saturation).min(1.0) * 100.0;
        let soreness_pct = sore / MAX_SORENESS * 100.0;
        let recovery_pct = (100.0 - fatigue_pct.max(soreness_pct)).clamp(0.0, 100.0);
        MuscleRecovery {
            muscle,
            soreness: sore,
            fatigue,
            recovery_pct,
            last_trained,
            ready: recovery_pct >= c.ready_threshold_pct,
        }
    }
}

fn days_between(from: NaiveDate, to: NaiveDate) -> f64 {
    (to - from).num_days().max(0) as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn quads(date: NaiveDate, sets: f64) -> LoadEntry {
        LoadEntry {
            date,
            credits: [(Muscle::Quads, 1.0), (Muscle::Glutes, 0.5)]
                .into_iter()
                .collect(),
            sets,
        }
    }

    #[test]
    fn soreness_decays() {
        let expected = 8.0 * 0.9f64.powi(3);
        assert!((decayed_soreness(8.0, 0.1, 3.0) - expected).abs() < 1e-12);
        // The default rate: 8/10 a day ago is 8 · 0.65 = 5.2 today (not ready).
        let expected = 8.0 * (1.0 - DEFAULT_SORENESS_DECAY_RATE);
        let s = RecoveryModel::default().state(
            d(2),
            &[SorenessEntry {
                date: d(1),
                muscle: Muscle::Chest,
                level: 8.0,
            }],
            &[],
        );
        let chest = s.get(Muscle::Chest).unwrap();
        assert!((chest.soreness - expected).abs() < 1e-12);
        assert!((chest.recovery_pct - (100.0 - expected * 10.0)).abs() < 1e-9);
        assert!(!chest.ready);
        assert!(s.get(Muscle::Biceps).unwrap().ready);
    }

    #[test]
    fn latest_soreness_report_wins() {
        let entries = [
            SorenessEntry {
                date: d(1),
                muscle: Muscle::Lats,
                level: 9.0,
            },
            SorenessEntry {
                date: d(2),
                muscle: Muscle::Lats,
                level: 2.0,
            },
        ];
        let s = RecoveryModel::default().state(d(2), &entries, &[]);
        assert_eq!(s.get(Muscle::Lats).unwrap().soreness, 2.0);
    }

    #[test]
    fn fatigue_recovers_within_a_week() {
        let m = RecoveryModel::default();
        let loads = [quads(d(1), 10.0)];
        let pct = |day| m.state(d(day), &[], &loads).recovery_pct(Muscle::Quads);
        assert_eq!(pct(1), 0.0);
        assert!(pct(3) > 50.0 && pct(3) < 60.0, "{}", pct(3));
        assert!(pct(4) >= 60.0);
        assert_eq!(pct(8), 100.0);
        let s = m.state(d(3), &[], &loads);
        assert_eq!(s.get(Muscle::Quads).unwrap().last_trained, Some(d(1)));
        assert_eq!(s.get(Muscle::Chest).unwrap().last_trained, None);
        // Typical work (6 sets) is ready after 48 h.
        let typical = [quads(d(1), 6.0)];
        assert!(
            m.state(d(3), &[], &typical)
                .get(Muscle::Quads)
                .unwrap()
                .ready
        );
        // Future entries are ignored.
        assert_eq!(
            m.state(d(1), &[], &[quads(d(2), 10.0)])
                .recovery_pct(Muscle::Quads),
            100.0
        );
    }

    #[test]
    fn half_lives() {
        assert_eq!(fatigue_half_life_hours(Muscle::Biceps), 24.0);
        assert_eq!(fatigue_half_life_hours(Muscle::Chest), 36.0);
        assert_eq!(fatigue_half_life_hours(Muscle::Hamstrings), 48.0);
        assert_eq!(residual_fraction(0.0, 24.0, 7.0), 1.0);
        assert_eq!(residual_fraction(168.0, 24.0, 7.0), 0.0);
    }

    #[test]
    fn history_counts_sets_and_regular_activities() {
        use crate::activity::{ActivityKind, Intensity};
        let m = RecoveryModel::default();
        let squat = catalog::catalog()
            .iter()
            .find(|e| e.primary_muscles.contains(&Muscle::Quads))
            .unwrap();
        let sets = vec![(d(1), squat.id); 10];
        let direct = m.state(d(2), &[], &[LoadEntry::from_exercise(d(1), squat, 10.0)]);
        assert_eq!(m.from_history(d(2), &[], &sets, &[]), direct);
        let run = |sessions_per_week| RegularActivity {
            kind: ActivityKind::Running,
            intensity: Intensity::High,
            sessions_per_week: Some(sessions_per_week),
            minutes: Some(60),
        };
        // Done most days: legs carry yesterday's run.
        let ran = m.from_history(d(5), &[], &[], &[run(5)]);
        assert!(ran.get(Muscle::Quads).unwrap().fatigue > 0.0);
        assert_eq!(ran.recovery_pct(Muscle::Chest), 100.0);
        // Now and then: no load.
        let rarely = m.from_history(d(5), &[], &[], &[run(2)]);
        assert_eq!(rarely.get(Muscle::Quads).unwrap().fatigue, 0.0);
    }

    #[test]
    fn activities_load_legs() {
        let run = LoadEntry::legs(d(1), 6.0);
        let s = RecoveryModel::default().state(d(1), &[], &[run]);
        assert!(s.recovery_pct(Muscle::Quads) < 100.0);
        assert_eq!(s.recovery_pct(Muscle::Chest), 100.0);
        assert_eq!(s.muscles.len(), Muscle::ALL.len());
    }

    proptest! {
        #[test]
        fn recovery_bounded_and_monotonic(
            loads in prop::collection::vec((0u32..10, 0usize..18, 0.0f64..30.0), 0..12),
            sores in prop::collection::vec((0u32..10, 0usize..18, 0.0f64..10.0), 0..6),
            extra in 0u32..10,
        ) {
            let base = d(1);
            let loads: Vec<LoadEntry> = loads.iter().map(|(o, m, s)| LoadEntry {
                date: base + chrono::Days::new(u64::from(*o)),
                credits: [(Muscle::ALL[*m], 1.0), (Muscle::ALL[(*m + 1) % 18], 0.5)].into_iter().collect(),
                sets: *s,
            }).collect();
            let sores: Vec<SorenessEntry> = sores.iter().map(|(o, m, l)| SorenessEntry {
                date: base + chrono::Days::new(u64::from(*o)), muscle: Muscle::ALL[*m], level: *l,
            }).collect();
            let model = RecoveryModel::default();
            // After the last entry, recovery never goes down with time.
            let last = base + chrono::Days::new(9);
            let a = model.state(last, &sores, &loads);
            let b = model.state(last + chrono::Days::new(u64::from(extra)), &sores, &loads);
            for (x, y) in a.muscles.iter().zip(&b.muscles) {
                prop_assert!((0.0..=100.0).contains(&x.recovery_pct));
                prop_assert!((0.0..=100.0).contains(&y.recovery_pct));
                prop_assert!(y.recovery_pct >= x.recovery_pct - 1e-9);
            }
        }
    }
}
