//! Programs and settings: `list_programs`, `get_program`, `create_program`
//! (`POST /api/programs`), `add_movement_rule`
//! (`POST /api/settings/movement-rules`).

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde_json::{Value, json};

use super::exercises::resolve;
use super::{Answer, arguments_of};
use crate::args::{
    ExerciseRef, ListProgramsArgs, MovementRuleCreate, PLACEHOLDER_ID, ProgramCreate, ProgramIdArgs,
};
use crate::backend::Backend;
use crate::error::Rendered;
use crate::schema::ToolSchema;
use crate::views;

pub(super) async fn list(b: &dyn Backend, args: ListProgramsArgs) -> Result<Answer, Rendered> {
    let programs = b.list_programs(args.active_only.unwrap_or(false)).await?;
    let lines: Vec<String> = programs
        .as_array()
        .map(|list| list.iter().map(views::program_line).collect())
        .unwrap_or_default();
    let text = if lines.is_empty() {
        "No programs yet.".to_owned()
    } else {
        lines.join("\n")
    };
    Ok(Answer {
        text,
        value: serde_json::json!({ "programs": programs }),
    })
}

pub(super) async fn get(b: &dyn Backend, args: ProgramIdArgs) -> Result<Answer, Rendered> {
    Ok(one(b.program(args.id).await?))
}

/// `create_program`: the REST `ProgramCreate` as it is.
pub(super) fn create_schema() -> Arc<JsonObject> {
    ToolSchema::body::<ProgramCreate>().build()
}

pub(super) async fn create(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let program: ProgramCreate = arguments_of(b, arguments)?
        .parse()
        .map_err(|r| b.render(r))?;
    Ok(one(b.create_program(program).await?))
}

fn one(program: serde_json::Value) -> Answer {
    Answer {
        text: views::program_line(&program),
        value: program,
    }
}

/// `add_movement_rule`: the REST `MovementRuleCreate`, its exercise by id
/// or name.
pub(super) fn rule_schema() -> Arc<JsonObject> {
    ToolSchema::body::<MovementRuleCreate>()
        .exercise_by_name(None, "exercise_id", "exercise")
        .build()
}

pub(super) async fn add_rule(b: &dyn Backend, arguments: Value) -> Result<Answer, Rendered> {
    let mut args = arguments_of(b, arguments)?;
    let exercise: Option<ExerciseRef> = args.take("exercise").map_err(|r| b.render(r))?;
    if exercise.is_some() {
        args.fill("exercise_id", json!(PLACEHOLDER_ID));
    }
    let mut rule: MovementRuleCreate = args.parse().map_err(|r| b.render(r))?;
    if let Some(e) = &exercise {
        rule.exercise_id = Some(resolve(b, "exercise", e).await?);
    }
    let stored = b.add_rule(rule).await?;
    Ok(Answer {
        text: views::rule_text(&stored),
        value: stored,
    })
}
