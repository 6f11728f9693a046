//! Logs and what follows from them: `log_workout` (`POST /api/logs/custom`),
//! `log_top_set` (`POST /api/logs/top-set`), `log_soreness`
//! (`POST /api/logs/soreness`), `get_recovery_state`, `get_e1rm_history`,
//! `weekly_volume`. Exercises named by name are resolved after the rest of
//! the arguments parsed ([`super::exercises::resolve`]).

use std::sync::Arc;

use chrono::NaiveDate;
use rmcp::model::JsonObject;
use serde_json::{Value, json};

use super::exercises::resolve;
use super::{Answer, arguments_of, date_or_today};
use crate::args::{
    CustomWorkoutCreate, DEFAULT_WORKOUT_NAME, E1rmArgs, ExerciseRef, PLACEHOLDER_DATE,
    PLACEHOLDER_ID, RecoveryArgs, SorenessLogCreate, TopSetLogCreate, WeeklyVolumeArgs,
};
use crate::backend::Backend;
use crate::error::{Refusal, Rendered};
use crate::schema::ToolSchema;
use crate::views;

/// The note on a date the tool defaults.
const TODAY: &str = "Default: today in the user's time zone.";

/// `log_workout`: the REST `CustomWorkoutCreate`, its name optional and
/// each exercise by id or name.
pub(super) fn workout_schema() -> Arc<JsonObject> {
    ToolSchema::body::<CustomWorkoutCreate>()
        .optional("name", "Default \"Workout\".")
        .exercise_by_name(Some("CustomExerciseCreate"), "exercise_id", "exercise")
        .rename_in(Some("SetCreate"), "duration_seconds", SECONDS)
        .build()
}

/// The tool's name for a set's `duration_seconds` (the issue's
/// `sets[{weight_kg?, reps?, rpe?, seconds?}]`).
const SECONDS: &str = "seconds";

pub(super) async fn workout(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let mut args = arguments_of(b, arguments)?;
    let named: Vec<ExerciseRef> = args
        .take_each("exercises", "exercise")
        .map_err(|r| b.render(r))?;
    args.fill_each("exercises", "exercise_id", json!(PLACEHOLDER_ID));
    args.default_to("name", json!(DEFAULT_WORKOUT_NAME));
    args.rename_nested("exercises", "sets", SECONDS, "duration_seconds");
    let mut workout: CustomWorkoutCreate = args.parse().map_err(|r| {
        b.render(match r {
            Refusal::Arguments { path, message } => Refusal::Arguments {
                path: path.replace(".duration_seconds", &format!(".{SECONDS}")),
                message: message.replace("duration_seconds", SECONDS),
            },
            other => other,
        })
    })?;
    for (i, (exercise, name)) in workout.exercises.iter_mut().zip(&named).enumerate() {
        exercise.exercise_id = resolve(b, &format!("exercises[{i}].exercise"), name).await?;
    }
    let log = b.log_workout(workout).await?;
    Ok(Answer {
        text: views::workout_text(&log),
        value: log,
    })
}

/// `log_top_set`: the REST `TopSetLogCreate`, its date optional and its
/// exercise by id or name.
pub(super) fn top_set_schema() -> Arc<JsonObject> {
    ToolSchema::body::<TopSetLogCreate>()
        .optional("date", TODAY)
        .exercise_by_name(None, "exercise_id", "exercise")
        .build()
}

pub(super) async fn top_set(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let mut args = arguments_of(b, arguments)?;
    let date: Option<NaiveDate> = args.take("date").map_err(|r| b.render(r))?;
    let exercise: ExerciseRef = args.take_required("exercise").map_err(|r| b.render(r))?;
    args.fill("date", json!(PLACEHOLDER_DATE));
    args.fill("exercise_id", json!(PLACEHOLDER_ID));
    let mut set: TopSetLogCreate = args.parse().map_err(|r| b.render(r))?;
    set.exercise_id = resolve(b, "exercise", &exercise).await?;
    set.date = date_or_today(b, date).await?;
    let log = b.log_top_set(set).await?;
    Ok(Answer {
        text: views::workout_text(&log),
        value: log,
    })
}

/// `log_soreness`: the REST `SorenessLogCreate`, its date optional.
pub(super) fn soreness_schema() -> Arc<JsonObject> {
    ToolSchema::body::<SorenessLogCreate>()
        .optional("date", TODAY)
        .build()
}

pub(super) async fn soreness(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let mut args = arguments_of(b, arguments)?;
    let date: Option<NaiveDate> = args.take("date").map_err(|r| b.render(r))?;
    args.fill("date", json!(PLACEHOLDER_DATE));
    let mut report: SorenessLogCreate = args.parse().map_err(|r| b.render(r))?;
    report.date = date_or_today(b, date).await?;
    let log = b.log_soreness(report).await?;
    Ok(Answer {
        text: views::soreness_text(&log),
        value: log,
    })
}

pub(super) async fn recovery(b: &dyn Backend, args: RecoveryArgs) -> Result<Answer, Rendered> {
    let state = b.recovery(args.date).await?;
    Ok(Answer {
        text: views::recovery_text(&state),
        value: state,
    })
}

pub(super) async fn e1rm(b: &dyn Backend, args: E1rmArgs) -> Result<Answer, Rendered> {
    let id = resolve(b, "exercise", &args.exercise).await?;
    let series = b.e1rm(id, args.from, args.to).await?;
    Ok(Answer {
        text: views::e1rm_text(&series),
        value: series,
    })
}

pub(super) async fn volume(b: &dyn Backend, args: WeeklyVolumeArgs) -> Result<Answer, Rendered> {
    let week_of = date_or_today(b, args.week_of).await?;
    let week = b.weekly_volume(week_of).await?;
    Ok(Answer {
        text: views::volume_text(&week),
        value: week,
    })
}
