//! The short human-readable text each tool answers beside its structured
//! content, read from that content (the REST body), so both backends say
//! the same.

use gainsly_domain::{ExerciseId, catalog};
use serde_json::Value;

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v.get(key).and_then(Value::as_str).unwrap_or("")
}

fn f(v: &Value, key: &str) -> Option<f64> {
    v.get(key).and_then(Value::as_f64)
}

fn n(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Weights and e1RMs in texts: one decimal.
fn kg(v: f64) -> String {
    format!("{v:.1} kg")
}

/// A number as people write it: `8`, `7.5`.
fn num(v: f64) -> String {
    format!("{v}")
}

/// "2030-06-03: upper training day (planned), 5 exercises, ~55 min (session 7): Bench Press 3×6–8 RPE 8 @ 80.0 kg; …"
pub fn session_text(v: &Value) -> String {
    let focus = match s(v, "focus") {
        "" => String::new(),
        f => format!("{f} "),
    };
    let exercises = list(v, "exercises");
    if exercises.is_empty() {
        let activity = v
            .get("recommended_activity")
            .map(|a| s(a, "name"))
            .filter(|n| !n.is_empty())
            .map(|n| format!(" Suggested: {n}."))
            .unwrap_or_default();
        return format!(
            "{}: {focus}{} day, no lifting (session {}).{activity}",
            s(v, "date"),
            s(v, "kind"),
            n(v, "id")
        );
    }
    let lines: Vec<String> = exercises
        .iter()
        .map(|e| {
            let load = f(e, "suggested_load_kg")
                .map(|l| format!(" @ {}", kg(l)))
                .unwrap_or_default();
            format!(
                "{} {}×{}–{} RPE {}{load}",
                s(e, "name"),
                n(e, "sets"),
                n(e, "reps_min"),
                n(e, "reps_max"),
                num(f(e, "target_rpe").unwrap_or(0.0))
            )
        })
        .collect();
    format!(
        "{}: {focus}{} day ({}), {} exercises, ~{} min (session {}): {}.",
        s(v, "date"),
        s(v, "kind"),
        s(v, "status"),
        exercises.len(),
        n(v, "estimated_minutes"),
        n(v, "id"),
        lines.join("; ")
    )
}

/// "Logged top set Bench Press on 2030-06-03: 100.0 kg × 5, e1RM 112.5 kg (PR) (log 4)." or a workout's summary.
pub fn workout_text(v: &Value) -> String {
    let exercises = list(v, "exercises");
    if s(v, "kind") == "top_set" {
        let set = exercises.first().and_then(|e| list(e, "sets").first());
        let what = set
            .map(|st| {
                format!(
                    "{} × {}",
                    f(st, "weight_kg").map(kg).unwrap_or_default(),
                    n(st, "reps")
                )
            })
            .unwrap_or_default();
        let e1rm = f(v, "e1rm_kg")
            .map(|e| format!(", e1RM {}", kg(e)))
            .unwrap_or_default();
        let pr = if v.get("is_pr") == Some(&Value::Bool(true)) {
            " (PR)"
        } else {
            ""
        };
        return format!(
            "Logged top set {} on {}: {what}{e1rm}{pr} (log {}).",
            s(v, "name"),
            s(v, "date"),
            n(v, "id")
        );
    }
    let sets: usize = exercises.iter().map(|e| list(e, "sets").len()).sum();
    let names: Vec<&str> = exercises.iter().map(|e| s(e, "name")).collect();
    format!(
        "Logged \"{}\" on {}: {} exercises, {sets} sets, {} volume ({}) (log {}).",
        s(v, "name"),
        s(v, "date"),
        exercises.len(),
        kg(f(v, "total_volume_kg").unwrap_or(0.0)),
        names.join(", "),
        n(v, "id")
    )
}

/// "Soreness 4/10 in quads recorded for 2030-06-03."
pub fn soreness_text(v: &Value) -> String {
    format!(
        "Soreness {}/10 in {} recorded for {}.",
        n(v, "level"),
        s(v, "muscle"),
        s(v, "date")
    )
}

/// Muscles not ready, or "every muscle is ready".
pub fn recovery_text(v: &Value) -> String {
    let not_ready: Vec<String> = list(v, "muscles")
        .iter()
        .filter(|m| m.get("ready") == Some(&Value::Bool(false)))
        .map(|m| {
            format!(
                "{} {:.0}%",
                s(m, "muscle"),
                f(m, "recovery_pct").unwrap_or(0.0)
            )
        })
        .collect();
    if not_ready.is_empty() {
        format!("{}: every muscle is ready.", s(v, "as_of"))
    } else {
        format!("{}: not ready: {}.", s(v, "as_of"), not_ready.join(", "))
    }
}

pub fn e1rm_text(v: &Value) -> String {
    let name =
        catalog::exercise(ExerciseId(n(v, "exercise_id"))).map_or("exercise", |e| e.name.as_str());
    let best = f(v, "best_e1rm_kg").map_or("no reliable e1RM yet".to_owned(), |b| {
        format!("best e1RM {}", kg(b))
    });
    let working = f(v, "working_e1rm_kg")
        .map(|w| format!(", working e1RM {} today", kg(w)))
        .unwrap_or_default();
    format!(
        "{name}: {} points, {best}{working}.",
        list(v, "points").len()
    )
}

/// "3 exercises: Barbell Bench Press (id 67), …"
pub fn exercises_text(found: &Value) -> String {
    let all = found.as_array().map(Vec::as_slice).unwrap_or(&[]);
    let names: Vec<String> = all
        .iter()
        .take(20)
        .map(|e| format!("{} (id {})", s(e, "name"), n(e, "id")))
        .collect();
    match all.len() {
        0 => "No exercise matches.".to_owned(),
        k if k > names.len() => format!("{k} exercises: {}, …", names.join(", ")),
        k => format!("{k} exercises: {}.", names.join(", ")),
    }
}

pub fn volume_text(v: &Value) -> String {
    let trained: Vec<String> = list(v, "muscles")
        .iter()
        .filter(|m| f(m, "sets").unwrap_or(0.0) > 0.0)
        .map(|m| {
            format!(
                "{} {:.1} sets ({}, MEV {:.0}, MRV {:.0})",
                s(m, "muscle"),
                f(m, "sets").unwrap_or(0.0),
                s(m, "zone"),
                f(m, "mev").unwrap_or(0.0),
                f(m, "mrv").unwrap_or(0.0)
            )
        })
        .collect();
    if trained.is_empty() {
        format!(
            "Week {} to {}: no sets logged.",
            s(v, "week_start"),
            s(v, "week_end")
        )
    } else {
        format!(
            "Week {} to {}, {} workouts: {}.",
            s(v, "week_start"),
            s(v, "week_end"),
            n(v, "workouts"),
            trained.join("; ")
        )
    }
}

/// "Program 3 \"Strength block\" (active): upper_lower, 4 days/week, 2030-06-03 to 2030-07-28."
pub fn program_line(v: &Value) -> String {
    format!(
        "Program {} \"{}\"{}: {}, {} days/week, {} to {}.",
        n(v, "id"),
        s(v, "name"),
        if v.get("is_active") == Some(&Value::Bool(true)) {
            " (active)"
        } else {
            ""
        },
        s(v, "split_template"),
        n(v, "days_per_week"),
        s(v, "start_date"),
        s(v, "end_date")
    )
}

pub fn rule_text(v: &Value) -> String {
    let target = if let Some(id) = v.get("exercise_id").and_then(Value::as_i64) {
        catalog::exercise(ExerciseId(id))
            .map_or_else(|| format!("exercise {id}"), |e| e.name.clone())
    } else if let Some(p) = v.get("movement_pattern").and_then(Value::as_str) {
        format!("the {p} pattern")
    } else {
        s(v, "muscle").to_owned()
    };
    let until = v
        .get("expires_on")
        .and_then(Value::as_str)
        .map(|d| format!(" until {d}"))
        .unwrap_or_default();
    format!(
        "Rule {}: {} {target}{until}; planned days from today are re-planned.",
        n(v, "id"),
        s(v, "rule_type")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_top_set_reads_its_set_and_pr() {
        let log = json!({"id": 4, "kind": "top_set", "name": "Bench Press", "date": "2030-06-03",
            "e1rm_kg": 112.5, "is_pr": true,
            "exercises": [{"name": "Bench Press", "sets": [{"weight_kg": 100.0, "reps": 5}]}]});
        assert_eq!(
            workout_text(&log),
            "Logged top set Bench Press on 2030-06-03: 100.0 kg × 5, e1RM 112.5 kg (PR) (log 4)."
        );
    }

    #[test]
    fn a_rest_day_says_so() {
        let day = json!({"id": 9, "date": "2030-06-04", "kind": "rest", "exercises": []});
        assert_eq!(
            session_text(&day),
            "2030-06-04: rest day, no lifting (session 9)."
        );
    }
}
