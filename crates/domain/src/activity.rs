//! Enjoyable activities (api.md `ActivityCreate`) and the training load they add.
//!
//! An activity counts as fatigue like hard sets (api.md: "their leg and cardio
//! load counts as fatigue"): an hour is worth [`sets_per_hour`] set-equivalents
//! by intensity, spread over the muscles the activity loads (our estimates).

use chrono::NaiveDate;

use crate::macros::wire_enum;
use crate::muscle::Muscle;
use crate::recovery::LoadEntry;

wire_enum! {
    /// What kind of activity.
    pub enum ActivityKind {
        Running => "running",
        Cycling => "cycling",
        Swimming => "swimming",
        Hiking => "hiking",
        Climbing => "climbing",
        Yoga => "yoga",
        TeamSport => "team_sport",
        RacketSport => "racket_sport",
        MartialArts => "martial_arts",
        Dance => "dance",
        Other => "other",
    }
}

wire_enum! {
    /// How hard an activity is.
    pub enum Intensity {
        Low => "low",
        Moderate => "moderate",
        High => "high",
    }
}

/// Sessions a week from which an activity counts as training load
/// (api.md: activities done most days add their leg and cardio load).
pub const REGULAR_SESSIONS_PER_WEEK: u32 = 4;
/// Minutes assumed for a regular activity that gives none (our choice).
pub const DEFAULT_ACTIVITY_MINUTES: u32 = 45;

/// One of the user's enjoyable activities, as recovery sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegularActivity {
    pub kind: ActivityKind,
    pub intensity: Intensity,
    pub sessions_per_week: Option<u32>,
    pub minutes: Option<u32>,
}

impl RegularActivity {
    /// The load it adds on `date` when done most days (at least
    /// [`REGULAR_SESSIONS_PER_WEEK`] sessions a week); `None` otherwise.
    pub fn daily_load(&self, date: NaiveDate) -> Option<LoadEntry> {
        (self.sessions_per_week.unwrap_or(0) >= REGULAR_SESSIONS_PER_WEEK).then(|| {
            let minutes = f64::from(self.minutes.unwrap_or(DEFAULT_ACTIVITY_MINUTES));
            self.kind.load(date, minutes, self.intensity)
        })
    }
}

/// Set-equivalents per hour by intensity (our estimate: a moderate hour of
/// running ≈ 4 hard leg sets).
pub const fn sets_per_hour(intensity: Intensity) -> f64 {
    match intensity {
        Intensity::Low => 2.0,
        Intensity::Moderate => 4.0,
        Intensity::High => 6.0,
    }
}

const LEGS: &[(Muscle, f64)] = &[
    (Muscle::Quads, 1.0),
    (Muscle::Hamstrings, 1.0),
    (Muscle::Glutes, 1.0),
    (Muscle::Calves, 1.0),
    (Muscle::Adductors, 0.5),
];

impl ActivityKind {
    /// The muscles an activity loads, with a credit per set-equivalent.
    pub const fn muscles(self) -> &'static [(Muscle, f64)] {
        match self {
            ActivityKind::Running
            | ActivityKind::TeamSport
            | ActivityKind::RacketSport
            | ActivityKind::Dance => LEGS,
            ActivityKind::Cycling => &[
                (Muscle::Quads, 1.0),
                (Muscle::Glutes, 0.5),
                (Muscle::Hamstrings, 0.5),
                (Muscle::Calves, 0.5),
            ],
            ActivityKind::Hiking => &[
                (Muscle::Quads, 1.0),
                (Muscle::Glutes, 1.0),
                (Muscle::Hamstrings, 0.5),
                (Muscle::Calves, 1.0),
            ],
            ActivityKind::Swimming => &[
                (Muscle::Lats, 1.0),
                (Muscle::UpperBack, 0.5),
                (Muscle::FrontDelts, 0.5),
                (Muscle::SideDelts, 0.5),
                (Muscle::Triceps, 0.5),
            ],
            ActivityKind::Climbing => &[
                (Muscle::Lats, 1.0),
                (Muscle::Biceps, 1.0),
                (Muscle::Forearms, 1.0),
                (Muscle::UpperBack, 0.5),
            ],
            ActivityKind::MartialArts => &[
                (Muscle::Quads, 0.5),
                (Muscle::Glutes, 0.5),
                (Muscle::Calves, 0.5),
                (Muscle::Obliques, 0.5),
                (Muscle::Abs, 0.5),
            ],
            ActivityKind::Other => &[
                (Muscle::Quads, 0.5),
                (Muscle::Glutes, 0.5),
                (Muscle::Calves, 0.5),
            ],
            ActivityKind::Yoga => &[],
        }
    }

    /// The load of `minutes` of this activity on `date` (0 sets for non-positive minutes).
    pub fn load(self, date: NaiveDate, minutes: f64, intensity: Intensity) -> LoadEntry {
        let sets = if minutes.is_finite() && minutes > 0.0 {
            sets_per_hour(intensity) * minutes / 60.0
        } else {
            0.0
        };
        LoadEntry {
            date,
            credits: self.muscles().iter().copied().collect(),
            sets,
        }
    }

    /// Whether the activity suits an active-recovery day at this intensity
    /// (anything but high intensity; yoga and low-intensity work always do).
    pub fn suits_active_recovery(self, intensity: Intensity) -> bool {
        self == ActivityKind::Yoga || intensity != Intensity::High
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recovery::RecoveryModel;

    #[test]
    fn running_loads_legs() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let run = ActivityKind::Running.load(d, 60.0, Intensity::High);
        assert_eq!(run.sets, 6.0);
        let s = RecoveryModel::default().state(d, &[], &[run]);
        assert!(s.recovery_pct(Muscle::Quads) < 100.0);
        assert_eq!(s.recovery_pct(Muscle::Chest), 100.0);
        assert_eq!(
            ActivityKind::Yoga
                .load(d, 60.0, Intensity::Low)
                .credits
                .len(),
            0
        );
        assert_eq!(
            ActivityKind::Cycling.load(d, -5.0, Intensity::Low).sets,
            0.0
        );
        assert!(!ActivityKind::Running.suits_active_recovery(Intensity::High));
        assert_eq!(
            "team_sport".parse::<ActivityKind>().unwrap(),
            ActivityKind::TeamSport
        );
    }
}
