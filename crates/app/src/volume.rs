//! A week's training volume: fractional sets per muscle from the week's
//! workout logs ([`gainsly_domain::volume::muscle_sets`], summed as each log
//! stored them) against that muscle's landmarks, scaled to the user's
//! experience ([`gainsly_domain::volume::scaled_landmarks`]).

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate};
use gainsly_db::repo::profiles;
use gainsly_domain::Muscle;
use gainsly_domain::volume::{Landmarks, scaled_landmarks};

use crate::App;
use crate::error::{AppError, AppResult};

/// Logs read for one week (the list's page limit; a week has far fewer).
const LOGS_PER_WEEK: u32 = 200;

/// Where a week's sets fall against a muscle's landmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

impl App {
    /// The volume of the week (Monday to Sunday) containing `week_of`
    /// (default: today in the user's time zone).
    pub async fn weekly_volume(
        &self,
        user_id: i64,
        week_of: Option<NaiveDate>,
    ) -> AppResult<WeeklyVolume> {
        let day = match week_of {
            Some(d) => d,
            None => self.today(user_id).await?,
        };
        let since_monday = u64::from(day.weekday().num_days_from_monday());
        let week_start = day
            .checked_sub_days(Days::new(since_monday))
            .ok_or_else(|| AppError::field("week_of", "out of range"))?;
        let week_end = week_start
            .checked_add_days(Days::new(6))
            .ok_or_else(|| AppError::field("week_of", "out of range"))?;
        let logs = self
            .workouts(
                user_id,
                Some(week_start),
                Some(week_end),
                Some(LOGS_PER_WEEK),
                None,
            )
            .await?;
        let mut sets: BTreeMap<Muscle, f64> = BTreeMap::new();
        for log in &logs {
            for (muscle, n) in &log.muscle_sets {
                *sets.entry(*muscle).or_default() += n;
            }
        }
        let experience = profiles::get(&self.db, user_id).await?.experience;
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
        Ok(WeeklyVolume {
            week_start,
            week_end,
            workouts: logs.len(),
            muscles,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gainsly_domain::profile::Experience;

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
}
