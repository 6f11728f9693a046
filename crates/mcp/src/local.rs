//! The in-process backend: the tools' use-cases on the application layer
//! (`gainsly-app`) for one authenticated [`Caller`], rendered by the serving
//! shell ([`Shell`], `gainsly-api`) exactly as the REST routes render them.

use std::sync::Arc;

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use gainsly_app::exercises::{ExerciseFilter, MuscleRole};
use gainsly_app::programs::NewProgram;
use gainsly_app::rules::NewMovementRule;
use gainsly_app::soreness::NewSoreness;
use gainsly_app::workouts::{ExerciseInput, NewCustomWorkout, NewTopSet, SetInput};
use gainsly_app::{App, AppError, Events};
use gainsly_domain::{AdaptationInput, AdaptationSignals};
use serde_json::Value;

use crate::args::{
    AdaptDayArgs, CreateProgramArgs, LogSorenessArgs, LogTopSetArgs, LogWorkoutArgs,
    MovementRuleArgs, SearchArgs,
};
use crate::backend::{Backend, Reply};
use crate::caller::Caller;
use crate::error::{Refusal, Rendered};
use crate::outcome::Outcome;
use crate::shell::Shell;

/// A custom workout's name when the caller gives none.
pub const DEFAULT_WORKOUT_NAME: &str = "Workout";

/// The application, as one caller may use it.
#[derive(Clone)]
pub struct AppBackend {
    app: App,
    shell: Arc<dyn Shell>,
    caller: Caller,
}

impl std::fmt::Debug for AppBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppBackend")
            .field("caller", &self.caller)
            .finish_non_exhaustive()
    }
}

impl AppBackend {
    pub fn new(app: App, shell: Arc<dyn Shell>, caller: Caller) -> Self {
        AppBackend { app, shell, caller }
    }

    fn user(&self) -> i64 {
        self.caller.user_id
    }

    fn fail(&self, e: AppError) -> Rendered {
        self.shell.render(Refusal::App(e))
    }

    /// A use-case's result as the REST route's body, or its error.
    fn answer(&self, result: Result<Outcome, AppError>) -> Result<Value, Rendered> {
        match result {
            Ok(outcome) => Ok(self.shell.present(outcome)),
            Err(e) => Err(self.fail(e)),
        }
    }
}

impl Backend for AppBackend {
    fn can_write(&self) -> bool {
        self.caller.can_write
    }

    fn render(&self, refusal: Refusal) -> Rendered {
        self.shell.render(refusal)
    }

    fn today(&self) -> BoxFuture<'_, Result<NaiveDate, Rendered>> {
        Box::pin(async move { self.app.today(self.user()).await.map_err(|e| self.fail(e)) })
    }

    fn resolve_exercise<'a>(
        &'a self,
        field: &'a str,
        name: &'a str,
    ) -> BoxFuture<'a, Result<i64, Rendered>> {
        Box::pin(async move {
            self.app
                .resolve_exercise(self.user(), field, name)
                .await
                .map(|id| id.0)
                .map_err(|e| self.fail(e))
        })
    }

    fn plan_day(&self, date: NaiveDate, program_id: Option<i64>) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.plan_day(self.user(), program_id, date).await;
            self.answer(r.map(|s| Outcome::Session(Box::new(s))))
        })
    }

    fn adapt_day(&self, date: NaiveDate, args: AdaptDayArgs) -> Reply<'_> {
        Box::pin(async move {
            // The REST route's parse: the same domain type, the same messages.
            let signals = AdaptationSignals::new(AdaptationInput {
                soreness: args.soreness.unwrap_or_default(),
                available_minutes: args.available_minutes,
                equipment: args.equipment,
                energy: args.energy,
                sleep_hours: args.sleep_hours,
                avoid_exercises: args.avoid_exercises.unwrap_or_default(),
                focus_muscles: args.focus_muscles.unwrap_or_default(),
                notes: args.notes,
            })
            .map_err(|e| self.shell.render(Refusal::from(e)))?;
            self.shell.admit_adaptation(self.user()).await?;
            let r = self
                .app
                .adapt_day(self.user(), args.program_id, date, signals, Events::none())
                .await;
            self.answer(r.map(|s| Outcome::Session(Box::new(s))))
        })
    }

    fn log_workout(&self, args: LogWorkoutArgs, ids: Vec<i64>) -> Reply<'_> {
        Box::pin(async move {
            let exercises = args
                .exercises
                .into_iter()
                .zip(ids)
                .map(|(ex, exercise_id)| ExerciseInput {
                    exercise_id,
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
                })
                .collect();
            let r = self
                .app
                .log_custom_workout(
                    self.user(),
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
                .await;
            self.answer(r.map(|w| Outcome::Workout(Box::new(w))))
        })
    }

    fn log_top_set(&self, date: NaiveDate, exercise_id: i64, args: LogTopSetArgs) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .log_top_set(
                    self.user(),
                    NewTopSet {
                        date,
                        exercise_id,
                        weight_kg: args.weight_kg,
                        reps: args.reps,
                        rpe: args.rpe,
                        session_id: args.session_id,
                    },
                )
                .await;
            self.answer(r.map(|w| Outcome::Workout(Box::new(w))))
        })
    }

    fn log_soreness(&self, date: NaiveDate, args: LogSorenessArgs) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .report_soreness(
                    self.user(),
                    NewSoreness {
                        date,
                        muscle: args.muscle,
                        level: args.level,
                        notes: args.notes,
                    },
                )
                .await;
            self.answer(r.map(Outcome::Soreness))
        })
    }

    fn recovery(&self, date: Option<NaiveDate>) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.recovery_state(self.user(), date).await;
            self.answer(r.map(Outcome::Recovery))
        })
    }

    fn e1rm(&self, exercise_id: i64, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .e1rm_series(self.user(), exercise_id, from, to)
                .await;
            self.answer(r.map(|s| Outcome::E1rm(Box::new(s))))
        })
    }

    fn search(&self, args: SearchArgs) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.exercises(&ExerciseFilter {
                muscle: args.muscle,
                muscle_role: MuscleRole::Primary,
                equipment: args.equipment,
                pattern: args.pattern,
                text: args.query,
                limit: args.limit,
                offset: None,
            });
            self.answer(r.map(Outcome::Exercises))
        })
    }

    fn list_programs(&self, active_only: bool) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.list_programs(self.user(), active_only).await;
            self.answer(r.map(Outcome::Programs))
        })
    }

    fn program(&self, id: i64) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.program(self.user(), id).await;
            self.answer(r.map(|p| Outcome::Program(Box::new(p))))
        })
    }

    fn create_program(&self, args: CreateProgramArgs) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .create_program(
                    self.user(),
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
                .await;
            self.answer(r.map(|p| Outcome::Program(Box::new(p))))
        })
    }

    fn add_rule(&self, exercise_id: Option<i64>, args: MovementRuleArgs) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .create_movement_rule(
                    self.user(),
                    NewMovementRule {
                        rule_type: args.rule_type,
                        exercise_id,
                        movement_pattern: args.movement_pattern,
                        muscle: args.muscle,
                        reason: args.reason,
                        expires_on: args.expires_on,
                    },
                )
                .await;
            self.answer(r.map(Outcome::Rule))
        })
    }

    fn weekly_volume(&self, week_of: NaiveDate) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.weekly_volume(self.user(), Some(week_of)).await;
            self.answer(r.map(Outcome::Volume))
        })
    }
}
