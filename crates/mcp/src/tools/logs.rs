//! Logs and what follows from them: `log_workout`, `log_top_set`,
//! `log_soreness`, `get_recovery_state`, `get_e1rm_history`,
//! `weekly_volume`. Exercises named by name are resolved first
//! ([`super::exercises::resolve`]).

use gainsly_app::App;
use gainsly_app::soreness::NewSoreness;
use gainsly_app::workouts::{ExerciseInput, NewCustomWorkout, NewTopSet, SetInput};

use super::Answer;
use super::exercises::resolve;
use crate::args::{
    E1rmArgs, LogSorenessArgs, LogTopSetArgs, LogWorkoutArgs, RecoveryArgs, WeeklyVolumeArgs,
};
use crate::error::Refusal;
use crate::outcome::Outcome;
use crate::views;

/// A custom workout's name when the caller gives none.
const DEFAULT_WORKOUT_NAME: &str = "Workout";

pub(super) async fn workout(app: &App, user: i64, args: LogWorkoutArgs) -> Result<Answer, Refusal> {
    let mut exercises = Vec::with_capacity(args.exercises.len());
    for (i, ex) in args.exercises.into_iter().enumerate() {
        let id = resolve(app, user, &format!("exercises[{i}].exercise"), &ex.exercise).await?;
        exercises.push(ExerciseInput {
            exercise_id: id,
            sets: ex
                .sets
                .into_iter()
                .map(|s| SetInput {
                    reps: s.reps,
                    weight_kg: s.weight_kg,
                    rpe: s.rpe,
                    duration_seconds: s.seconds,
                    distance_m: s.distance_m,
                })
                .collect(),
        });
    }
    let log = app
        .log_custom_workout(
            user,
            NewCustomWorkout {
                date: args.date,
                name: args.name.unwrap_or_else(|| DEFAULT_WORKOUT_NAME.to_owned()),
                duration_minutes: args.duration_minutes,
                session_id: args.session_id,
                session_rpe: args.session_rpe,
                notes: args.notes,
                exercises,
            },
        )
        .await?;
    Ok(Answer {
        text: views::workout_text(&log),
        outcome: Outcome::Workout(Box::new(log)),
    })
}

pub(super) async fn top_set(app: &App, user: i64, args: LogTopSetArgs) -> Result<Answer, Refusal> {
    let exercise_id = resolve(app, user, "exercise", &args.exercise).await?;
    let date = match args.date {
        Some(d) => d,
        None => app.today(user).await?,
    };
    let log = app
        .log_top_set(
            user,
            NewTopSet {
                date,
                exercise_id,
                weight_kg: args.weight_kg,
                reps: args.reps,
                rpe: args.rpe,
                session_id: args.session_id,
            },
        )
        .await?;
    Ok(Answer {
        text: views::workout_text(&log),
        outcome: Outcome::Workout(Box::new(log)),
    })
}

pub(super) async fn soreness(
    app: &App,
    user: i64,
    args: LogSorenessArgs,
) -> Result<Answer, Refusal> {
    let date = match args.date {
        Some(d) => d,
        None => app.today(user).await?,
    };
    let log = app
        .report_soreness(
            user,
            NewSoreness {
                date,
                muscle: args.muscle,
                level: args.level,
                notes: args.notes,
            },
        )
        .await?;
    Ok(Answer {
        text: format!(
            "Soreness {}/10 in {} recorded for {}.",
            log.level,
            log.muscle.as_str(),
            log.date
        ),
        outcome: Outcome::Soreness(log),
    })
}

pub(super) async fn recovery(app: &App, user: i64, args: RecoveryArgs) -> Result<Answer, Refusal> {
    let state = app.recovery_state(user, args.date).await?;
    Ok(Answer {
        text: views::recovery_text(&state),
        outcome: Outcome::Recovery(state),
    })
}

pub(super) async fn e1rm(app: &App, user: i64, args: E1rmArgs) -> Result<Answer, Refusal> {
    let id = resolve(app, user, "exercise", &args.exercise).await?;
    let series = app.e1rm_series(user, id, args.from, args.to).await?;
    Ok(Answer {
        text: views::e1rm_text(&series),
        outcome: Outcome::E1rm(Box::new(series)),
    })
}

pub(super) async fn volume(
    app: &App,
    user: i64,
    args: WeeklyVolumeArgs,
) -> Result<Answer, Refusal> {
    let week = app.weekly_volume(user, args.week_of).await?;
    Ok(Answer {
        text: views::volume_text(&week),
        outcome: Outcome::Volume(week),
    })
}
