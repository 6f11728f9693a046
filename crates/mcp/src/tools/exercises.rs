//! `search_exercises`, and naming an exercise by id or name in any tool.

use gainsly_app::App;
use gainsly_app::exercises::{ExerciseFilter, MuscleRole};

use super::Answer;
use crate::args::{ExerciseRef, SearchArgs};
use crate::error::Refusal;
use crate::outcome::Outcome;

/// The catalog id an argument names; names resolve through the catalog and
/// the user's aliases ([`App::resolve_exercise`]); an error names `field`.
pub(super) async fn resolve(
    app: &App,
    user: i64,
    field: &str,
    exercise: &ExerciseRef,
) -> Result<i64, Refusal> {
    match exercise {
        ExerciseRef::Id(id) => Ok(*id),
        ExerciseRef::Name(name) => Ok(app.resolve_exercise(user, field, name).await?.0),
    }
}

pub(super) fn search(app: &App, args: SearchArgs) -> Result<Answer, Refusal> {
    let found = app.exercises(&ExerciseFilter {
        muscle: args.muscle,
        muscle_role: MuscleRole::Primary,
        equipment: args.equipment,
        pattern: args.pattern,
        text: args.query,
        limit: args.limit,
        offset: None,
    })?;
    let names: Vec<String> = found
        .iter()
        .take(20)
        .map(|e| format!("{} (id {})", e.name, e.id.0))
        .collect();
    let text = match found.len() {
        0 => "No exercise matches.".to_owned(),
        n if n > names.len() => format!("{n} exercises: {}, …", names.join(", ")),
        n => format!("{n} exercises: {}.", names.join(", ")),
    };
    Ok(Answer {
        text,
        outcome: Outcome::Exercises(found),
    })
}
