//! A week's training volume: fractional sets per muscle summed over the
//! week's workout logs, against each muscle's landmarks scaled to the
//! user's experience ([`scaled_landmarks`]). Pure: the application layer
//! reads the logs from the database, the MCP stdio binary from the REST API,
//! and both build the same [`WeeklyVolume`].

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::muscle::Muscle;
use crate::profile::Experience;
use crate::rollup::WeeklySummary;
use crate::volume::{Landmarks, scaled_landmarks};

/// Where a week's sets fall against a muscle's landmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VolumeZone {
    /// Under maintenance volume (MV).
    BelowMaintenance,
    /// MV up to the minimum effective volume (MEV).
    Maintenance,
    /// MEV up to the maximum adaptive range (MAV).
    Effective,
    /// Inside the MAV range.
    Adaptive,
    /// Above MAV, up to the maximum recoverable volume (MRV).
    High,
    /// Over MRV.
    OverMrv,
}

impl VolumeZone {
    /// The zone of `sets` against `l`.
    pub fn of(sets: f64, l: &Landmarks) -> VolumeZone {
        if sets < l.mv {
            VolumeZone::BelowMaintenance
        } else if sets < l.mev {
            VolumeZone::Maintenance
        } else if sets < l.mav_low {
            VolumeZone::Effective
        } else if sets <= l.mav_high {
            VolumeZone::Adaptive
        } else if sets <= l.mrv {
            VolumeZone::High
        } else {
            VolumeZone::OverMrv
        }
    }

    /// Its wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            VolumeZone::BelowMaintenance => "below_maintenance",
            VolumeZone::Maintenance => "maintenance",
            VolumeZone::Effective => "effective",
            VolumeZone::Adaptive => "adaptive",
            VolumeZone::High => "high",
            VolumeZone::OverMrv => "over_mrv",
        }
    }
}

/// One muscle's week.
#[derive(Debug, Clone, PartialEq)]
pub struct MuscleVolume {
    pub muscle: Muscle,
    /// Fractional hard sets (primary 1, secondary 0.5).
    pub sets: f64,
    pub landmarks: Landmarks,
    pub zone: VolumeZone,
}

/// A week (Monday to Sunday) of volume, every muscle.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklyVolume {
    pub week_start: NaiveDate,
    pub week_end: NaiveDate,
    pub workouts: usize,
    pub muscles: Vec<MuscleVolume>,
}

impl WeeklyVolume {
    /// Monday and Sunday of the week containing `day`; None at the ends of
    /// the calendar.
    pub fn bounds(day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let since_monday = u64::from(day.weekday().num_days_from_monday());
        let start = day.checked_sub_days(Days::new(since_monday))?;
        let end = start.checked_add_days(Days::new(6))?;
        Some((start, end))
    }

    /// The week from `week_start` to `week_end` with the logs whose sets
    /// per muscle are `logs` (each log's `muscle_sets`) and, for the part of
    /// the week older than the detail kept, its weekly roll-up `rolled`
    /// (its workouts and sets, computed by the same `volume::muscle_sets`);
    /// every muscle listed in [`Muscle::ALL`] order.
    pub fn new<'a>(
        week_start: NaiveDate,
        week_end: NaiveDate,
        logs: impl IntoIterator<Item = &'a BTreeMap<Muscle, f64>>,
        rolled: Option<&WeeklySummary>,
        experience: Experience,
    ) -> WeeklyVolume {
        let mut sets: BTreeMap<Muscle, f64> = BTreeMap::new();
        let mut workouts = 0;
        if let Some(summary) = rolled {
            workouts += usize::try_from(summary.workouts).unwrap_or(0);
            for (muscle, v) in &summary.muscle_volume {
                *sets.entry(*muscle).or_default() += v.sets;
            }
        }
        for log in logs {
            workouts += 1;
            for (muscle, n) in log {
                *sets.entry(*muscle).or_default() += n;
            }
        }
        let muscles = Muscle::ALL
            .iter()
            .map(|&muscle| {
                let n = sets.get(&muscle).copied().unwrap_or(0.0);
                let landmarks = scaled_landmarks(muscle, experience);
                MuscleVolume {
                    muscle,
                    sets: n,
                    landmarks,
                    zone: VolumeZone::of(n, &landmarks),
                }
            })
            .collect();
        WeeklyVolume {
            week_start,
            week_end,
            workouts,
            muscles,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_follow_the_landmarks_in_order() {
        let l = scaled_landmarks(Muscle::Chest, Experience::Intermediate);
        assert_eq!(VolumeZone::of(0.0, &l), VolumeZone::BelowMaintenance);
        assert_eq!(VolumeZone::of(l.mv, &l), VolumeZone::Maintenance);
        assert_eq!(VolumeZone::of(l.mev, &l), VolumeZone::Effective);
        assert_eq!(VolumeZone::of(l.mav_low, &l), VolumeZone::Adaptive);
        assert_eq!(VolumeZone::of(l.mav_high, &l), VolumeZone::Adaptive);
        assert_eq!(VolumeZone::of(l.mrv, &l), VolumeZone::High);
        assert_eq!(VolumeZone::of(l.mrv + 0.5, &l), VolumeZone::OverMrv);
    }

    #[test]
    fn zones_serialize_as_their_wire_names() {
        for z in [
            VolumeZone::BelowMaintenance,
            VolumeZone::Maintenance,
            VolumeZone::Effective,
            VolumeZone::Adaptive,
            VolumeZone::High,
            VolumeZone::OverMrv,
        ] {
            assert_eq!(
                serde_json::to_value(z).ok(),
                Some(serde_json::Value::from(z.as_str()))
            );
        }
    }

    #[test]
    fn a_week_runs_monday_to_sunday_and_sums_every_log() {
        let wed = NaiveDate::from_ymd_opt(2030, 6, 5).unwrap_or_default();
        let (start, end) = WeeklyVolume::bounds(wed).unwrap_or((wed, wed));
        assert_eq!(start.weekday(), chrono::Weekday::Mon);
        assert_eq!(end.weekday(), chrono::Weekday::Sun);
        assert!(start <= wed && wed <= end);
        let a = BTreeMap::from([(Muscle::Chest, 3.0), (Muscle::Triceps, 1.5)]);
        let b = BTreeMap::from([(Muscle::Chest, 2.0)]);
        let week = WeeklyVolume::new(start, end, [&a, &b], None, Experience::Intermediate);
        assert_eq!(week.workouts, 2);
        assert_eq!(week.muscles.len(), Muscle::ALL.len());
        let chest = week.muscles.iter().find(|m| m.muscle == Muscle::Chest);
        assert_eq!(chest.map(|m| m.sets), Some(5.0));
    }

    #[test]
    fn a_rolled_up_part_of_the_week_counts_with_the_detail() {
        use crate::rollup::MuscleVolume as Rolled;
        let mon = NaiveDate::from_ymd_opt(2030, 6, 3).unwrap_or_default();
        let sun = NaiveDate::from_ymd_opt(2030, 6, 9).unwrap_or_default();
        let rolled = WeeklySummary {
            week_start: mon,
            workouts: 2,
            muscle_volume: BTreeMap::from([(
                Muscle::Quads,
                Rolled {
                    sets: 8.0,
                    volume_kg: 4000.0,
                },
            )]),
            best_e1rm: BTreeMap::new(),
            soreness: BTreeMap::new(),
        };
        let detail = BTreeMap::from([(Muscle::Quads, 4.0), (Muscle::Glutes, 2.0)]);
        let week = WeeklyVolume::new(mon, sun, [&detail], Some(&rolled), Experience::Beginner);
        assert_eq!(week.workouts, 3);
        let sets = |m: Muscle| week.muscles.iter().find(|v| v.muscle == m).map(|v| v.sets);
        assert_eq!(sets(Muscle::Quads), Some(12.0));
        assert_eq!(sets(Muscle::Glutes), Some(2.0));
        let quads = week.muscles.iter().find(|v| v.muscle == Muscle::Quads);
        assert!(quads.is_some_and(|q| q.zone == VolumeZone::of(12.0, &q.landmarks)));
    }
}
