//! Rest and active-recovery days: no exercises, an enjoyable activity instead.

use gainsly_db::repo::activities::StoredActivity;
use gainsly_domain::session::RecommendedActivity;
use gainsly_domain::{DayKind, Intensity};

/// The activity the week's schedule puts on this off day
/// ([`gainsly_domain::activity_schedule`]), at its own minutes; else
/// [`recommend`]'s optional suggestion.
pub fn for_day(
    kind: DayKind,
    activities: &[StoredActivity],
    scheduled: Option<i64>,
    day_of_year: u32,
) -> Option<RecommendedActivity> {
    let Some(pick) = scheduled.and_then(|id| activities.iter().find(|a| a.id == id)) else {
        return recommend(kind, activities, day_of_year);
    };
    let per_week = pick
        .sessions_per_week
        .map(|n| format!(", {n}× a week"))
        .unwrap_or_default();
    Some(RecommendedActivity {
        activity_id: pick.id,
        name: pick.name.clone(),
        kind: pick.kind,
        intensity: pick.intensity,
        minutes: pick.minutes,
        reason: format!(
            "Scheduled: your {}{per_week}, on a day that does not take from tomorrow's training",
            pick.name
        ),
    })
}

/// Picks the activity to recommend: on active-recovery days one that suits
/// recovery (low intensity, or a kind that is gentle at moderate intensity);
/// on rest days only low-intensity ones. The day of the year rotates between
/// equals so the same one is not always shown.
pub fn recommend(
    kind: DayKind,
    activities: &[StoredActivity],
    day_of_year: u32,
) -> Option<RecommendedActivity> {
    let suitable: Vec<&StoredActivity> = activities
        .iter()
        .filter(|a| match kind {
            DayKind::ActiveRecovery => a.kind.suits_active_recovery(a.intensity),
            DayKind::Rest => a.intensity == Intensity::Low,
            DayKind::Training => false,
        })
        .collect();
    if suitable.is_empty() {
        return None;
    }
    let pick = suitable[day_of_year as usize % suitable.len()];
    let minutes = match kind {
        // Keep recovery work easy: at most 45 minutes.
        DayKind::ActiveRecovery => Some(pick.minutes.unwrap_or(30).min(45)),
        _ => Some(pick.minutes.unwrap_or(20).min(30)),
    };
    let reason = match kind {
        DayKind::ActiveRecovery => format!(
            "Active recovery: easy {} keeps blood flowing without adding training stress",
            pick.name
        ),
        _ => format!(
            "Rest day: optional, relaxed {} if you feel like moving",
            pick.name
        ),
    };
    Some(RecommendedActivity {
        activity_id: pick.id,
        name: pick.name.clone(),
        kind: pick.kind,
        intensity: pick.intensity,
        minutes,
        reason,
    })
}
