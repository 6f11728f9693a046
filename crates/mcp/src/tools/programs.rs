//! Programs and settings: `list_programs`, `get_program`, `create_program`,
//! `add_movement_rule`.

use super::Answer;
use super::exercises::resolve;
use crate::args::{CreateProgramArgs, ListProgramsArgs, MovementRuleArgs, ProgramIdArgs};
use crate::backend::Backend;
use crate::error::Rendered;
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

pub(super) async fn create(b: &dyn Backend, args: CreateProgramArgs) -> Result<Answer, Rendered> {
    Ok(one(b.create_program(args).await?))
}

fn one(program: serde_json::Value) -> Answer {
    Answer {
        text: views::program_line(&program),
        value: program,
    }
}

pub(super) async fn add_rule(b: &dyn Backend, args: MovementRuleArgs) -> Result<Answer, Rendered> {
    let exercise_id = match &args.exercise {
        Some(e) => Some(resolve(b, "exercise", e).await?),
        None => None,
    };
    let rule = b.add_rule(exercise_id, args).await?;
    Ok(Answer {
        text: views::rule_text(&rule),
        value: rule,
    })
}
