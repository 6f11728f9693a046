//! Enjoyable activities on the microcycle's off days, at the weekly frequency
//! the user gave.
//!
//! Each activity gets `sessions_per_week` (scaled to the microcycle's length,
//! one a week when not given) of the rest and active-recovery days, spread
//! evenly, whatever its intensity: a user who enjoys running twice a week is
//! told to run twice a week. The one exception is a demanding activity
//! (moderate or high intensity, loading muscles) on the day before a training
//! day that targets the muscles it loads: no run the day before a lower day
//! (interference between endurance and strength work is largest for the same
//! muscles within about a day: Wilson et al. 2012, *J Strength Cond Res*
//! 26:2293; Sporer & Wenger 2003).

use std::collections::{BTreeMap, BTreeSet};

use crate::activity::{ActivityKind, Intensity};
use crate::microcycle::Microcycle;

/// One activity as the scheduler sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActivityToPlace {
    pub id: i64,
    pub kind: ActivityKind,
    pub intensity: Intensity,
    pub sessions_per_week: Option<u32>,
}

impl ActivityToPlace {
    /// Whether it is demanding enough to keep off the day before a session
    /// training the same muscles.
    pub fn demanding(&self) -> bool {
        self.intensity != Intensity::Low && !self.kind.muscles().is_empty()
    }
}

/// Which activity goes on which off day: 1-based day index → activity id.
pub fn schedule(microcycle: &Microcycle, activities: &[ActivityToPlace]) -> BTreeMap<u32, i64> {
    let days = microcycle.days();
    let len = microcycle.length_days();
    let mut taken: BTreeMap<u32, i64> = BTreeMap::new();
    for a in activities {
        let per_week = a.sessions_per_week.unwrap_or(1);
        let wanted = (f64::from(per_week) * f64::from(len) / 7.0).round() as usize;
        if wanted == 0 {
            continue;
        }
        let loads: BTreeSet<_> = a.kind.muscles().iter().map(|(m, _)| *m).collect();
        let eligible: Vec<u32> = days
            .iter()
            .filter(|d| !d.is_training() && !taken.contains_key(&d.day_index))
            .filter(|d| {
                if !a.demanding() {
                    return true;
                }
                // The next day, wrapping into the next microcycle.
                let next = days.iter().find(|n| n.day_index == d.day_index % len + 1);
                !next.is_some_and(|n| {
                    n.is_training() && n.effective_targets().iter().any(|m| loads.contains(m))
                })
            })
            .map(|d| d.day_index)
            .collect();
        let n = wanted.min(eligible.len());
        for i in 0..n {
            let day = eligible[i * eligible.len() / n];
            taken.insert(day, a.id);
        }
    }
    taken
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::split::{DayKind, SplitTemplate};

    fn run(per_week: u32, intensity: Intensity) -> ActivityToPlace {
        ActivityToPlace {
            id: 7,
            kind: ActivityKind::Running,
            intensity,
            sessions_per_week: Some(per_week),
        }
    }

    #[test]
    fn a_twice_weekly_run_gets_two_off_days_and_never_the_eve_of_a_lower_day() {
        let m = Microcycle::generate(SplitTemplate::UpperLower, 4, 7).unwrap();
        let placed = schedule(&m, &[run(2, Intensity::Moderate)]);
        assert_eq!(placed.len(), 2, "{placed:?}");
        for day in placed.keys() {
            let d = &m.days()[(*day - 1) as usize];
            assert_ne!(d.kind, DayKind::Training);
            let next = &m.days()[(*day % 7) as usize];
            assert!(
                !(next.is_training() && next.effective_targets().contains(&crate::Muscle::Quads)),
                "day {day} is the eve of a lower day"
            );
        }
    }

    #[test]
    fn easy_activities_go_anywhere_and_never_on_training_days() {
        let m = Microcycle::generate(SplitTemplate::FullBody, 3, 7).unwrap();
        let placed = schedule(&m, &[run(3, Intensity::Low)]);
        assert_eq!(placed.len(), 3);
        assert!(
            placed
                .keys()
                .all(|d| !m.days()[(*d - 1) as usize].is_training())
        );
    }
}
