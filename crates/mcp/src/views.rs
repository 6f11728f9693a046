//! The short human-readable text each tool answers beside its structured
//! content, and the JSON of the one answer no REST route gives
//! (`weekly_volume`).

use gainsly_app::e1rm::E1rmSeries;
use gainsly_app::programs::ProgramView;
use gainsly_app::rules::StoredRule;
use gainsly_app::volume::WeeklyVolume;
use gainsly_app::workouts::{LogKind, WorkoutView};
use gainsly_domain::session::Session;
use gainsly_domain::{RecoveryState, RuleTarget, catalog};
use serde_json::{Value, json};

/// Weights and e1RMs in texts: one decimal.
fn kg(v: f64) -> String {
    format!("{:.1} kg", v)
}

/// "2030-06-03: upper training day, 5 exercises, ~55 min: Bench Press 3×6–8 @ 80.0 kg, …"
pub fn session_text(s: &Session) -> String {
    let focus = s
        .focus
        .map(|f| format!("{} ", f.as_str()))
        .unwrap_or_default();
    if s.exercises.is_empty() {
        let activity = s
            .recommended_activity
            .as_ref()
            .map(|a| format!(" Suggested: {}.", a.name))
            .unwrap_or_default();
        return format!(
            "{}: {focus}{} day, no lifting (session {}).{activity}",
            s.date,
            s.kind.as_str(),
            s.id
        );
    }
    let lines: Vec<String> = s
        .exercises
        .iter()
        .map(|e| {
            let load = e
                .suggested_load_kg
                .map(|l| format!(" @ {}", kg(l)))
                .unwrap_or_default();
            format!(
                "{} {}×{}–{} RPE {}{load}",
                e.name, e.sets, e.reps_min, e.reps_max, e.target_rpe
            )
        })
        .collect();
    format!(
        "{}: {focus}{} day ({}), {} exercises, ~{} min (session {}): {}.",
        s.date,
        s.kind.as_str(),
        s.status.as_str(),
        s.exercises.len(),
        s.estimated_minutes,
        s.id,
        lines.join("; ")
    )
}

/// "Logged top set: Bench Press 100.0 kg × 5, e1RM 112.5 kg (PR)." or a workout's summary.
pub fn workout_text(w: &WorkoutView) -> String {
    match w.kind {
        LogKind::TopSet => {
            let set = w.exercises.first().and_then(|e| e.sets.first());
            let what = match set {
                Some(s) => format!(
                    "{} × {}",
                    s.weight_kg.map(kg).unwrap_or_default(),
                    s.reps.unwrap_or(0)
                ),
                None => String::new(),
            };
            let e1rm = w
                .e1rm_kg
                .map(|e| format!(", e1RM {}", kg(e)))
                .unwrap_or_default();
            let pr = if w.is_pr == Some(true) { " (PR)" } else { "" };
            format!(
                "Logged top set {} on {}: {what}{e1rm}{pr} (log {}).",
                w.name, w.date, w.id
            )
        }
        LogKind::Custom => {
            let sets: usize = w.exercises.iter().map(|e| e.sets.len()).sum();
            let names: Vec<&str> = w.exercises.iter().map(|e| e.name.as_str()).collect();
            format!(
                "Logged \"{}\" on {}: {} exercises, {sets} sets, {} volume ({}) (log {}).",
                w.name,
                w.date,
                w.exercises.len(),
                kg(w.total_volume_kg),
                names.join(", "),
                w.id
            )
        }
    }
}

/// Muscles not ready, or "every muscle is ready".
pub fn recovery_text(r: &RecoveryState) -> String {
    let not_ready: Vec<String> = r
        .muscles
        .iter()
        .filter(|m| !m.ready)
        .map(|m| format!("{} {:.0}%", m.muscle.as_str(), m.recovery_pct))
        .collect();
    if not_ready.is_empty() {
        format!("{}: every muscle is ready.", r.as_of)
    } else {
        format!("{}: not ready: {}.", r.as_of, not_ready.join(", "))
    }
}

pub fn e1rm_text(s: &E1rmSeries) -> String {
    let name = catalog::exercise(s.exercise_id).map_or("exercise", |e| e.name.as_str());
    let best = s
        .best_e1rm_kg
        .map_or("no reliable e1RM yet".to_owned(), |b| {
            format!("best e1RM {}", kg(b))
        });
    let working = s
        .working
        .as_ref()
        .map(|w| format!(", working e1RM {} today", kg(w.e1rm_kg)))
        .unwrap_or_default();
    format!("{name}: {} points, {best}{working}.", s.points.len())
}

/// The JSON of `weekly_volume`.
pub fn volume(w: &WeeklyVolume) -> Value {
    json!({
        "week_start": w.week_start,
        "week_end": w.week_end,
        "workouts": w.workouts,
        "muscles": w.muscles.iter().map(|m| json!({
            "muscle": m.muscle,
            "sets": m.sets,
            "mv": m.landmarks.mv,
            "mev": m.landmarks.mev,
            "mav_low": m.landmarks.mav_low,
            "mav_high": m.landmarks.mav_high,
            "mrv": m.landmarks.mrv,
            "zone": m.zone.as_str(),
        })).collect::<Vec<_>>(),
    })
}

pub fn volume_text(w: &WeeklyVolume) -> String {
    let trained: Vec<String> = w
        .muscles
        .iter()
        .filter(|m| m.sets > 0.0)
        .map(|m| {
            format!(
                "{} {:.1} sets ({}, MEV {:.0}, MRV {:.0})",
                m.muscle.as_str(),
                m.sets,
                m.zone.as_str(),
                m.landmarks.mev,
                m.landmarks.mrv
            )
        })
        .collect();
    if trained.is_empty() {
        format!("Week {} to {}: no sets logged.", w.week_start, w.week_end)
    } else {
        format!(
            "Week {} to {}, {} workouts: {}.",
            w.week_start,
            w.week_end,
            w.workouts,
            trained.join("; ")
        )
    }
}

/// "Program 3 \"Strength block\" (active): upper_lower, 4 days/week, 2030-06-03 to 2030-07-28."
pub fn program_line(v: &ProgramView) -> String {
    let p = &v.program;
    let s = &p.settings;
    format!(
        "Program {} \"{}\"{}: {}, {} days/week, {} to {}.",
        p.id,
        p.name,
        if p.is_active { " (active)" } else { "" },
        s.split().as_str(),
        s.days_per_week(),
        s.start_date(),
        s.end_date()
    )
}

pub fn rule_text(r: &StoredRule) -> String {
    let target = match r.rule.target {
        RuleTarget::Exercise(id) => {
            catalog::exercise(id).map_or_else(|| format!("exercise {}", id.0), |e| e.name.clone())
        }
        RuleTarget::Pattern(p) => format!("the {} pattern", p.as_str()),
        RuleTarget::Muscle(m) => m.as_str().to_owned(),
    };
    let until = r
        .rule
        .expires_on
        .map(|d| format!(" until {d}"))
        .unwrap_or_default();
    format!(
        "Rule {}: {} {target}{until}; planned days from today are re-planned.",
        r.id,
        r.rule.rule_type.as_str()
    )
}
