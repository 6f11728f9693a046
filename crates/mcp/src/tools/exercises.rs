//! `search_exercises`, and naming an exercise by id or name in any tool.

use super::Answer;
use crate::args::{ExerciseRef, SearchArgs};
use crate::backend::Backend;
use crate::error::Rendered;
use crate::views;

/// The catalog id an argument names; names resolve through the backend
/// ([`Backend::resolve_exercise`]); an error names `field`.
pub(super) async fn resolve(
    b: &dyn Backend,
    field: &str,
    exercise: &ExerciseRef,
) -> Result<i64, Rendered> {
    match exercise {
        ExerciseRef::Id(id) => Ok(*id),
        ExerciseRef::Name(name) => b.resolve_exercise(field, name).await,
    }
}

pub(super) async fn search(b: &dyn Backend, args: SearchArgs) -> Result<Answer, Rendered> {
    let found = b.search(args).await?;
    Ok(Answer {
        text: views::exercises_text(&found),
        value: serde_json::json!({ "exercises": found }),
    })
}
