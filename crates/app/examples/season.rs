//! A window on the coach: plans N weeks for a profile and a program against a
//! fresh SQLite database, logs every planned session as done (the prescribed
//! sets at the suggested load, or a light default without history), and prints
//! each session and each week's sets per muscle against its landmarks.
//!
//! ```text
//! cargo run -p gainsly-app --example season -- [PROFILE|all] [WEEKS]
//! ```
//!
//! PROFILE is one of `gym-ul` (intermediate, commercial gym, upper/lower
//! 4 × 60 min), `home-fb` (beginner, dumbbells, bench, pull-up bar and bands,
//! full body 3 × 45), `gym-fb` (beginner, commercial gym, full body 3 × 60),
//! `ppl-adv` (advanced, commercial gym, PPL 6 × 75) and `bw-fb` (bodyweight
//! and a pull-up bar, full body 3 × 30; `gym-ul` also enjoys an easy run
//! twice a week); `all` (the default) runs the five. WEEKS defaults to 8.

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use gainsly_app::activities::NewActivity;
use gainsly_app::auth::Registration;
use gainsly_app::profile::ProfileChanges;
use gainsly_app::programs::NewProgram;
use gainsly_app::workouts::{ExerciseInput, NewCustomWorkout, SetInput};
use gainsly_app::{App, FixedClock, Settings};
use gainsly_domain::set_plan::SetKind;
use gainsly_domain::volume::{self, BACK, scaled_landmarks, weekly_cap};
use gainsly_domain::{
    ActivityKind, Equipment, Experience, Goal, GoalWeight, Intensity, MovementPattern, Muscle,
    SplitTemplate, Tracking, catalog,
};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// One simulated user.
struct Profile {
    key: &'static str,
    title: &'static str,
    experience: Experience,
    equipment: Vec<Equipment>,
    split: SplitTemplate,
    days_per_week: u32,
    minutes: u32,
    goals: Vec<(Goal, u32)>,
}

fn profiles() -> Vec<Profile> {
    use Equipment::*;
    let gym = vec![
        Barbell,
        Dumbbell,
        Kettlebell,
        Bench,
        Rack,
        Cable,
        Machine,
        PullupBar,
        DipStation,
        EzBar,
        TrapBar,
        SmithMachine,
        CardioMachine,
        Bands,
    ];
    vec![
        Profile {
            key: "gym-ul",
            title: "intermediate, commercial gym, upper/lower 4 × 60 min, hypertrophy 7 + strength 3",
            experience: Experience::Intermediate,
            equipment: gym.clone(),
            split: SplitTemplate::UpperLower,
            days_per_week: 4,
            minutes: 60,
            goals: vec![(Goal::Hypertrophy, 7), (Goal::Strength, 3)],
        },
        Profile {
            key: "home-fb",
            title: "beginner, home (dumbbells, bench, pull-up bar, bands), full body 3 × 45 min",
            experience: Experience::Beginner,
            equipment: vec![Dumbbell, Bench, PullupBar, Bands],
            split: SplitTemplate::FullBody,
            days_per_week: 3,
            minutes: 45,
            goals: vec![(Goal::Hypertrophy, 6), (Goal::Strength, 4)],
        },
        Profile {
            key: "gym-fb",
            title: "beginner, commercial gym, full body 3 × 60 min, strength 5 + hypertrophy 5",
            experience: Experience::Beginner,
            equipment: gym.clone(),
            split: SplitTemplate::FullBody,
            days_per_week: 3,
            minutes: 60,
            goals: vec![(Goal::Strength, 5), (Goal::Hypertrophy, 5)],
        },
        Profile {
            key: "ppl-adv",
            title: "advanced, commercial gym, push/pull/legs 6 × 75 min, strength 6 + hypertrophy 4",
            experience: Experience::Advanced,
            equipment: gym,
            split: SplitTemplate::Ppl,
            days_per_week: 6,
            minutes: 75,
            goals: vec![(Goal::Strength, 6), (Goal::Hypertrophy, 4)],
        },
        Profile {
            key: "bw-fb",
            title: "beginner, bodyweight and a pull-up bar, full body 3 × 30 min",
            experience: Experience::Beginner,
            equipment: vec![PullupBar],
            split: SplitTemplate::FullBody,
            days_per_week: 3,
            minutes: 30,
            goals: vec![(Goal::Hypertrophy, 5), (Goal::Endurance, 5)],
        },
    ]
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), BoxError> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let which = args.first().map(String::as_str).unwrap_or("all");
    let weeks: u32 = match args.get(1) {
        Some(w) => w.parse()?,
        None => 8,
    };
    let chosen: Vec<Profile> = profiles()
        .into_iter()
        .filter(|p| which == "all" || p.key == which)
        .collect();
    if chosen.is_empty() {
        return Err(
            format!("unknown profile {which}: gym-ul, home-fb, ppl-adv, bw-fb or all").into(),
        );
    }
    for p in &chosen {
        season(p, weeks).await?;
    }
    Ok(())
}

/// A plausible first working load without history, by what is lifted: a
/// barbell 60 kg for a main lift and 40 kg otherwise, a dumbbell or
/// kettlebell 16 kg (8 kg for isolation work), 5 kg added to a weighted
/// calisthenic, a machine or cable 30 kg (15 kg for isolation work).
fn starting_load(id: gainsly_domain::ExerciseId) -> f64 {
    use gainsly_domain::Equipment::*;
    let Some(e) = catalog::exercise(id) else {
        return 10.0;
    };
    let has = |q| e.equipment.contains(&q);
    if e.slug.starts_with("weighted-") {
        5.0
    } else if has(Barbell) || has(TrapBar) || has(EzBar) || has(SmithMachine) {
        if e.role() == gainsly_domain::Role::Main {
            60.0
        } else {
            40.0
        }
    } else if has(Dumbbell) || has(Kettlebell) {
        if e.is_compound() { 16.0 } else { 8.0 }
    } else if e.is_compound() {
        30.0
    } else {
        15.0
    }
}

async fn season(p: &Profile, weeks: u32) -> Result<(), BoxError> {
    let dir = tempfile::tempdir()?;
    let settings = Settings {
        llm_mode: gainsly_planner::LlmMode::Off,
        database_url: format!("sqlite://{}/season.db?mode=rwc", dir.path().display()),
        ..Settings::default()
    };
    let db = gainsly_app::open_database(&settings).await?;
    // A Monday; the clock follows the simulated days.
    let start = NaiveDate::from_ymd_opt(2030, 6, 3).ok_or("date")?;
    let clock = FixedClock::new(Utc.from_utc_datetime(&start.and_hms_opt(6, 0, 0).ok_or("time")?));
    let app = App::new(db, &settings)?.with_clock(Arc::new(clock.clone()));
    let user = app
        .register(Registration {
            email: format!("{}@season.example", p.key),
            password: "a long enough password".into(),
            name: p.key.into(),
        })
        .await?
        .account
        .id;
    app.update_profile(
        user,
        ProfileChanges {
            training_experience: Some(p.experience),
            equipment: Some(p.equipment.clone()),
            body_weight_kg: Some(Some(80.0)),
            ..ProfileChanges::default()
        },
    )
    .await?;
    app.create_program(
        user,
        NewProgram {
            name: p.key.into(),
            goals: p
                .goals
                .iter()
                .map(|(goal, weight)| GoalWeight {
                    goal: *goal,
                    weight: f64::from(*weight),
                })
                .collect(),
            split_template: p.split,
            days_per_week: Some(p.days_per_week),
            microcycle_length_days: Some(7),
            duration_weeks: Some(weeks),
            start_date: Some(start),
            session_minutes: Some(p.minutes),
            progression_style: None,
            deload_every_n_microcycles: None,
            equipment: None,
            custom_days: None,
            is_active: Some(true),
        },
    )
    .await?;

    if p.key == "gym-ul" {
        // Enjoys running twice a week: the schedule places it.
        app.create_activity(
            user,
            NewActivity {
                name: "Easy run".into(),
                kind: ActivityKind::Running,
                sessions_per_week: Some(2),
                minutes: Some(40),
                intensity: Intensity::Moderate,
            },
        )
        .await?;
    }
    println!("\n## {} — {}\n", p.key, p.title);
    let mut summary = Vec::new();
    for week in 0..weeks {
        let mut sets: BTreeMap<Muscle, f64> = BTreeMap::new();
        // The back budget's sets (lats and upper back are judged by it).
        let mut back = 0.0;
        let mut exercise_counts = Vec::new();
        // Sets of pushing (horizontal and vertical presses) and pulling (rows, pull-ups).
        let mut pattern_sets = [0.0_f64; 2];
        let mut deload = false;
        println!("### week {}", week + 1);
        for d in 0..7 {
            let date = start + Duration::days(i64::from(week * 7 + d));
            clock.set(Utc.from_utc_datetime(&date.and_hms_opt(6, 0, 0).ok_or("time")?));
            let s = app.plan_day(user, None, date).await?;
            deload |= s.is_deload;
            if s.exercises.is_empty() {
                let act = s
                    .recommended_activity
                    .as_ref()
                    .map(|a| format!(" — {} ({})", a.name, a.reason))
                    .unwrap_or_default();
                println!("{date} {}{act}", s.kind);
                continue;
            }
            exercise_counts.push(s.exercises.len());
            println!(
                "{date} {} {} ({} of {} min{}{})",
                s.kind,
                s.focus.map(|f| f.as_str()).unwrap_or("-"),
                s.estimated_minutes,
                s.target_minutes,
                if s.is_deload { ", deload" } else { "" },
                if s.fallback { ", FALLBACK" } else { "" },
            );
            if std::env::var_os("SEASON_NOTES").is_some() || s.fallback {
                println!("    adaptations: {:?}", s.adaptations);
            }
            let mut logged = Vec::new();
            for e in &s.exercises {
                let (pattern, tracking) = catalog::exercise(e.exercise_id)
                    .map(|x| (x.movement_pattern, x.tracking))
                    .unwrap_or((MovementPattern::Core, Tracking::Reps));
                let load = e
                    .suggested_load_kg
                    .map(|l| format!(" @ {l} kg"))
                    .unwrap_or_default();
                let ramp = e
                    .set_plan
                    .iter()
                    .filter(|p| p.kind == SetKind::Warmup)
                    .count();
                let load = if ramp > 0 {
                    format!("{load} after a {ramp}-set ramp")
                } else {
                    load
                };
                // Timed and distance work shows its seconds or metres (the
                // set plan's), unilateral work "per side".
                let unilateral = catalog::exercise(e.exercise_id).is_some_and(|x| x.unilateral);
                let side = if unilateral { " per side" } else { "" };
                let first = e.set_plan.iter().find(|p| p.kind != SetKind::Warmup);
                let dose = match (tracking, first) {
                    (Tracking::Time, Some(p)) => format!("{} s{side}", p.seconds.unwrap_or(0)),
                    (Tracking::Distance, Some(p)) => {
                        format!("{} m{side}", p.distance_m.unwrap_or(0))
                    }
                    _ => format!("{}–{}{side}", e.reps_min, e.reps_max),
                };
                println!(
                    "    {}. {} — {}×{dose} RPE {}{load} [{}]",
                    e.order, e.name, e.sets, e.target_rpe, pattern
                );
                match pattern {
                    MovementPattern::HorizontalPush | MovementPattern::VerticalPush => {
                        pattern_sets[0] += f64::from(e.sets)
                    }
                    MovementPattern::HorizontalPull | MovementPattern::VerticalPull => {
                        pattern_sets[1] += f64::from(e.sets)
                    }
                    _ => {}
                }
                // Done as prescribed: every working set of the set plan.
                logged.push(ExerciseInput {
                    exercise_id: e.exercise_id.0,
                    sets: e
                        .set_plan
                        .iter()
                        .filter(|p| p.kind != SetKind::Warmup)
                        .map(|p| SetInput {
                            reps: p.reps,
                            weight_kg: match tracking {
                                Tracking::WeightReps => {
                                    Some(p.load_kg.unwrap_or(starting_load(e.exercise_id)))
                                }
                                _ => None,
                            },
                            duration_seconds: p.seconds,
                            distance_m: p.distance_m.map(f64::from),
                            rpe: p.target_rpe,
                        })
                        .collect(),
                });
            }
            for (m, v) in &s.muscle_sets {
                *sets.entry(*m).or_default() += v;
            }
            back += volume::back_sets(gainsly_domain::session::work(&s.exercises));
            app.log_custom_workout(
                user,
                NewCustomWorkout {
                    date,
                    name: format!("{} {}", s.kind, date),
                    duration_minutes: Some(s.estimated_minutes),
                    session_id: Some(s.id),
                    session_rpe: None,
                    notes: None,
                    exercises: logged,
                },
            )
            .await?;
        }
        let mut inside = 0;
        let mut judged = 0;
        let mut line = Vec::new();
        for m in Muscle::ALL {
            let lm = scaled_landmarks(*m, p.experience);
            let cap = weekly_cap(*m, p.experience);
            // The back's two muscles are shown as credited and judged once,
            // as the back budget, after the upper back.
            if BACK.contains(m) {
                line.push(format!("{m} {:.1}", sets.get(m).copied().unwrap_or(0.0)));
                if *m != Muscle::UpperBack {
                    continue;
                }
            }
            let name = if BACK.contains(m) {
                "back".to_owned()
            } else {
                m.to_string()
            };
            let v = volume::landmark_sets(*m, &sets, back);
            let mark = if v < lm.mev {
                "↓"
            } else if v > cap {
                "↑"
            } else {
                inside += 1;
                ""
            };
            judged += 1;
            line.push(format!("{name} {v:.1}{mark} ({:.0}–{cap:.0})", lm.mev));
        }
        let (push, pull) = (pattern_sets[0], pattern_sets[1]);
        println!("  sets/muscle: {}", line.join(", "));
        println!(
            "  push:pull {push:.1}:{pull:.1}; exercises per session {:?}",
            exercise_counts
        );
        summary.push(format!(
            "week {}{}: {inside}/{judged} muscles inside MEV–MRV, push:pull {push:.1}:{pull:.1}, exercises {:?}",
            week + 1,
            if deload { " (deload)" } else { "" },
            exercise_counts
        ));
    }
    println!("\n### {} summary", p.key);
    for s in summary {
        println!("{s}");
    }
    Ok(())
}
