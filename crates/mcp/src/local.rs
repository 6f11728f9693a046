//! The in-process backend: the tools' use-cases on the application layer
//! (`gainsly-app`) for one authenticated [`Caller`], rendered by the serving
//! shell ([`Shell`], `gainsly-api`) exactly as the REST routes render them.

use std::sync::Arc;

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use gainsly_app::{App, AppError, Events};
use serde_json::Value;

use crate::args::{
    AdaptationRequest, CustomWorkoutCreate, ExerciseQuery, MovementRuleCreate, ProgramCreate,
    SorenessLogCreate, TopSetLogCreate,
};
use crate::backend::{Backend, Reply};
use crate::caller::Caller;
use crate::error::{Refusal, Rendered};
use crate::outcome::Outcome;
use crate::shell::Shell;

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

    fn adapt_day(&self, date: NaiveDate, request: AdaptationRequest) -> Reply<'_> {
        Box::pin(async move {
            // The REST route's parse: the same domain type, the same messages.
            let (program_id, signals) = request
                .into_signals()
                .map_err(|e| self.shell.render(Refusal::from(e)))?;
            self.shell.admit_adaptation(self.user()).await?;
            let r = self
                .app
                .adapt_day(self.user(), program_id, date, signals, Events::none())
                .await;
            self.answer(r.map(|s| Outcome::Session(Box::new(s))))
        })
    }

    fn log_workout(&self, workout: CustomWorkoutCreate) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .log_custom_workout(self.user(), workout.into())
                .await;
            self.answer(r.map(|w| Outcome::Workout(Box::new(w))))
        })
    }

    fn log_top_set(&self, set: TopSetLogCreate) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.log_top_set(self.user(), set.into()).await;
            self.answer(r.map(|w| Outcome::Workout(Box::new(w))))
        })
    }

    fn log_soreness(&self, report: SorenessLogCreate) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.report_soreness(self.user(), report.into()).await;
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

    fn search(&self, query: ExerciseQuery) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.exercises(&query.into());
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

    fn create_program(&self, program: ProgramCreate) -> Reply<'_> {
        Box::pin(async move {
            let r = self.app.create_program(self.user(), program.into()).await;
            self.answer(r.map(|p| Outcome::Program(Box::new(p))))
        })
    }

    fn add_rule(&self, rule: MovementRuleCreate) -> Reply<'_> {
        Box::pin(async move {
            let r = self
                .app
                .create_movement_rule(self.user(), rule.into())
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
