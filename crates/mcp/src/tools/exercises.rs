//! `search_exercises` (`GET /api/exercises`), and naming an exercise by id
//! or name in any tool.

use std::sync::Arc;

use gainsly_domain::{Equipment, MovementPattern, Muscle};
use rmcp::model::JsonObject;
use serde_json::Value;

use super::{Answer, arguments_of};
use crate::args::{ExerciseQuery, ExerciseRef};
use crate::backend::Backend;
use crate::error::{Refusal, Rendered};
use crate::schema::ToolSchema;
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

/// The tool's name for the query's text filter `q`.
const QUERY: &str = "query";

/// `search_exercises`: the REST `ExerciseQuery`, its `q` called `query`.
pub(super) fn search_schema() -> Arc<JsonObject> {
    ToolSchema::query::<ExerciseQuery>()
        .def::<Muscle>()
        .def::<Equipment>()
        .def::<MovementPattern>()
        .rename("q", QUERY)
        .build()
}

pub(super) async fn search(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let mut args = arguments_of(b, arguments)?;
    args.rename(QUERY, "q");
    let query: ExerciseQuery = args.parse_query().map_err(|r| {
        b.render(match r {
            Refusal::Arguments { path, message } if path == "q" => Refusal::Arguments {
                path: QUERY.into(),
                message,
            },
            other => other,
        })
    })?;
    let found = b.search(query).await?;
    Ok(Answer {
        text: views::exercises_text(&found),
        value: serde_json::json!({ "exercises": found }),
    })
}
