//! Programs and settings: `list_programs`, `get_program`, `create_program`,
//! `add_movement_rule`.

use gainsly_app::App;
use gainsly_app::programs::{NewProgram, ProgramView};
use gainsly_app::rules::NewMovementRule;

use super::Answer;
use super::exercises::resolve;
use crate::args::{CreateProgramArgs, ListProgramsArgs, MovementRuleArgs, ProgramIdArgs};
use crate::error::Refusal;
use crate::outcome::Outcome;
use crate::views;

pub(super) async fn list(app: &App, user: i64, args: ListProgramsArgs) -> Result<Answer, Refusal> {
    let programs = app
        .list_programs(user, args.active_only.unwrap_or(false))
        .await?;
    let text = if programs.is_empty() {
        "No programs yet.".to_owned()
    } else {
        programs
            .iter()
            .map(views::program_line)
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Answer {
        text,
        outcome: Outcome::Programs(programs),
    })
}

pub(super) async fn get(app: &App, user: i64, args: ProgramIdArgs) -> Result<Answer, Refusal> {
    let program = app.program(user, args.id).await?;
    Ok(one(program))
}

pub(super) async fn create(
    app: &App,
    user: i64,
    args: CreateProgramArgs,
) -> Result<Answer, Refusal> {
    let program = app
        .create_program(
            user,
            NewProgram {
                name: args.name,
                goals: args.goals,
                split_template: args.split_template,
                days_per_week: args.days_per_week,
                microcycle_length_days: args.microcycle_length_days,
                duration_weeks: args.duration_weeks,
                start_date: args.start_date,
                session_minutes: args.session_minutes,
                progression_style: args.progression_style,
                deload_every_n_microcycles: args.deload_every_n_microcycles,
                equipment: args.equipment,
                custom_days: args.custom_days,
                is_active: args.is_active,
            },
        )
        .await?;
    Ok(one(program))
}

fn one(program: ProgramView) -> Answer {
    Answer {
        text: views::program_line(&program),
        outcome: Outcome::Program(Box::new(program)),
    }
}

pub(super) async fn add_rule(
    app: &App,
    user: i64,
    args: MovementRuleArgs,
) -> Result<Answer, Refusal> {
    let exercise_id = match &args.exercise {
        Some(e) => Some(resolve(app, user, "exercise", e).await?),
        None => None,
    };
    let rule = app
        .create_movement_rule(
            user,
            NewMovementRule {
                rule_type: args.rule_type,
                exercise_id,
                movement_pattern: args.movement_pattern,
                muscle: args.muscle,
                reason: args.reason,
                expires_on: args.expires_on,
            },
        )
        .await?;
    Ok(Answer {
        text: views::rule_text(&rule),
        outcome: Outcome::Rule(rule),
    })
}
