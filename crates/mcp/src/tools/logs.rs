//! Logs and what follows from them: `log_workout`, `log_top_set`,
//! `log_soreness`, `get_recovery_state`, `get_e1rm_history`,
//! `weekly_volume`. Exercises named by name are resolved first
//! ([`super::exercises::resolve`]).

use super::exercises::resolve;
use super::{Answer, date_or_today};
use crate::args::{
    E1rmArgs, LogSorenessArgs, LogTopSetArgs, LogWorkoutArgs, RecoveryArgs, WeeklyVolumeArgs,
};
use crate::backend::Backend;
use crate::error::Rendered;
use crate::views;

pub(super) async fn workout(b: &dyn Backend, args: LogWorkoutArgs) -> Result<Answer, Rendered> {
    let mut ids = Vec::with_capacity(args.exercises.len());
    for (i, ex) in args.exercises.iter().enumerate() {
        ids.push(resolve(b, &format!("exercises[{i}].exercise"), &ex.exercise).await?);
    }
    let log = b.log_workout(args, ids).await?;
    Ok(Answer {
        text: views::workout_text(&log),
        value: log,
    })
}

pub(super) async fn top_set(b: &dyn Backend, args: LogTopSetArgs) -> Result<Answer, Rendered> {
    let exercise_id = resolve(b, "exercise", &args.exercise).await?;
    let date = date_or_today(b, args.date).await?;
    let log = b.log_top_set(date, exercise_id, args).await?;
    Ok(Answer {
        text: views::workout_text(&log),
        value: log,
    })
}

pub(super) async fn soreness(b: &dyn Backend, args: LogSorenessArgs) -> Result<Answer, Rendered> {
    let date = date_or_today(b, args.date).await?;
    let log = b.log_soreness(date, args).await?;
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
