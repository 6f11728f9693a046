//! The tools: their names, descriptions, scopes and input schemas
//! ([`TOOLS`]), and [`call`], which parses a call's arguments, resolves the
//! exercises they name and runs the tool's use-case on a [`Backend`]. One
//! module per area: `days`, `logs`, `programs`, `exercises`.

mod days;
mod exercises;
mod logs;
mod programs;

use std::sync::Arc;

use rmcp::model::JsonObject;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::args::{
    Arguments, DayPlanArgs, E1rmArgs, ListProgramsArgs, ProgramIdArgs, RecoveryArgs,
    WeeklyVolumeArgs,
};
use crate::backend::Backend;
use crate::error::{Refusal, Rendered};
use crate::schema::input_schema;

/// What a tool needs of its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Any token (the `read` scope).
    Read,
    /// A `write` token or a sign-in access token.
    Write,
}

/// One tool as listed.
#[derive(Debug, Clone, Copy)]
pub struct ToolSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub access: Access,
    pub schema: fn() -> Arc<JsonObject>,
}

/// Every tool, in the order they are listed.
pub const TOOLS: &[ToolSpec] = &[
    ToolSpec {
        name: "get_day_plan",
        title: "Get a day's plan",
        description: "The session planned for a date (default today): exercises, sets, reps, RPE, loads and rest. Plans and stores it on first request; rest days have no exercises.",
        access: Access::Read,
        schema: input_schema::<DayPlanArgs>,
    },
    ToolSpec {
        name: "adapt_day",
        title: "Adapt a day to today's signals",
        description: "Re-plans a date (default today) from today's signals: soreness per muscle, minutes available, equipment at hand, energy, sleep, notes. Stores the adapted session (and the soreness) and returns it. Rate-limited per user.",
        access: Access::Write,
        schema: days::adapt_schema,
    },
    ToolSpec {
        name: "log_workout",
        title: "Log a workout",
        description: "Logs a workout: exercises (by id or name) with their sets (weight_kg and reps, reps, seconds or distance_m, optional RPE). A session_id marks that planned session completed.",
        access: Access::Write,
        schema: logs::workout_schema,
    },
    ToolSpec {
        name: "log_top_set",
        title: "Log a top set",
        description: "Logs one heavy set of a weight × reps exercise: its e1RM with the user's formula, whether it is a PR and the previous best.",
        access: Access::Write,
        schema: logs::top_set_schema,
    },
    ToolSpec {
        name: "log_soreness",
        title: "Log soreness",
        description: "Records how sore a muscle is (0–10) on a date (default today); a second report for the same date and muscle replaces the first. Planning reads it.",
        access: Access::Write,
        schema: logs::soreness_schema,
    },
    ToolSpec {
        name: "get_recovery_state",
        title: "Get the recovery state",
        description: "Every muscle's recovery on a date (default today): soreness, training fatigue, recovery percentage, last trained, and whether it is ready for direct work.",
        access: Access::Read,
        schema: input_schema::<RecoveryArgs>,
    },
    ToolSpec {
        name: "get_e1rm_history",
        title: "Get an exercise's e1RM history",
        description: "An exercise's (by id or name) estimated one-rep max over time, its best, and the working e1RM loads are prescribed from today.",
        access: Access::Read,
        schema: input_schema::<E1rmArgs>,
    },
    ToolSpec {
        name: "search_exercises",
        title: "Search the exercise catalog",
        description: "Catalog exercises matching text, a muscle (a primary mover, or any with role=any), equipment and/or a movement pattern, with their ids.",
        access: Access::Read,
        schema: exercises::search_schema,
    },
    ToolSpec {
        name: "list_programs",
        title: "List programs",
        description: "The user's training programs, newest first, each with its microcycle.",
        access: Access::Read,
        schema: input_schema::<ListProgramsArgs>,
    },
    ToolSpec {
        name: "get_program",
        title: "Get a program",
        description: "One of the user's programs by id, with its microcycle and where today falls.",
        access: Access::Read,
        schema: input_schema::<ProgramIdArgs>,
    },
    ToolSpec {
        name: "create_program",
        title: "Create a program",
        description: "Creates a training program: goals (weights summing to 10), split, days per week, duration, session length, progression; active by default.",
        access: Access::Write,
        schema: programs::create_schema,
    },
    ToolSpec {
        name: "add_movement_rule",
        title: "Add a movement rule",
        description: "Tells the planner to avoid, prefer or require an exercise (by id or name), a movement pattern or a muscle (e.g. avoid lunges for a sore knee), optionally until a date. Re-plans planned days.",
        access: Access::Write,
        schema: programs::rule_schema,
    },
    ToolSpec {
        name: "weekly_volume",
        title: "Weekly volume",
        description: "Sets per muscle in a week (Monday to Sunday, default this week) from the logged workouts, against each muscle's landmarks (MV, MEV, MAV, MRV) for the user's experience.",
        access: Access::Read,
        schema: input_schema::<WeeklyVolumeArgs>,
    },
];

/// The tool named `name`.
pub fn spec(name: &str) -> Option<&'static ToolSpec> {
    TOOLS.iter().find(|t| t.name == name)
}

/// A tool's answer: the structured content (the REST body, a list wrapped
/// in an object) and a short text for people.
#[derive(Debug)]
pub struct Answer {
    pub value: Value,
    pub text: String,
}

/// Runs the tool `spec` with `arguments` on `backend`; a refusal is the
/// API's error body for it.
pub async fn call(
    backend: &dyn Backend,
    spec: &ToolSpec,
    arguments: Value,
) -> Result<Answer, Rendered> {
    if spec.access == Access::Write && !backend.can_write() {
        return Err(backend.render(Refusal::ReadOnly));
    }
    let b = backend;
    match spec.name {
        "get_day_plan" => days::plan(b, parse(b, arguments)?).await,
        "adapt_day" => days::adapt(b, arguments).await,
        "log_workout" => logs::workout(b, arguments).await,
        "log_top_set" => logs::top_set(b, arguments).await,
        "log_soreness" => logs::soreness(b, arguments).await,
        "get_recovery_state" => logs::recovery(b, parse(b, arguments)?).await,
        "get_e1rm_history" => logs::e1rm(b, parse(b, arguments)?).await,
        "weekly_volume" => logs::volume(b, parse(b, arguments)?).await,
        "search_exercises" => exercises::search(b, arguments).await,
        "list_programs" => programs::list(b, parse(b, arguments)?).await,
        "get_program" => programs::get(b, parse(b, arguments)?).await,
        "create_program" => programs::create(b, arguments).await,
        "add_movement_rule" => programs::add_rule(b, arguments).await,
        other => {
            // TOOLS and this match list the same names (tested).
            tracing::error!(tool = other, "listed tool without an implementation");
            Err(b.render(Refusal::Field {
                field: "name".into(),
                message: format!("unknown tool `{other}`"),
            }))
        }
    }
}

/// The date a tool was given, else today in the user's time zone.
async fn date_or_today(
    backend: &dyn Backend,
    date: Option<chrono::NaiveDate>,
) -> Result<chrono::NaiveDate, Rendered> {
    match date {
        Some(d) => Ok(d),
        None => backend.today().await,
    }
}

/// A call's arguments as `T`, rendered by `backend` when they do not fit.
fn parse<T: DeserializeOwned>(backend: &dyn Backend, arguments: Value) -> Result<T, Rendered> {
    parse_args(arguments).map_err(|r| backend.render(r))
}

/// A call's arguments as `T` (a tool's own arguments type); absent
/// arguments are an empty object.
fn parse_args<T: DeserializeOwned>(arguments: Value) -> Result<T, Refusal> {
    Arguments::new(arguments)?.parse()
}

/// A call's arguments to reshape, rendered by `backend` when they are no object.
fn arguments_of(backend: &dyn Backend, arguments: Value) -> Result<Arguments, Rendered> {
    Arguments::new(arguments).map_err(|r| backend.render(r))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tool_names_are_unique() {
        let mut names: Vec<_> = TOOLS.iter().map(|t| t.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TOOLS.len());
    }

    #[test]
    fn missing_arguments_read_as_an_empty_object() {
        let args: RecoveryArgs = parse_args(Value::Null).unwrap_or_default();
        assert!(args.date.is_none());
    }

    #[test]
    fn a_bad_argument_names_its_path() {
        let err = parse_args::<E1rmArgs>(serde_json::json!({
            "exercise": 1, "from": "yesterday"
        }))
        .err();
        match err {
            Some(Refusal::Arguments { path, .. }) => assert_eq!(path, "from"),
            other => panic!("{other:?}"),
        }
    }
}
