//! The API's side of the MCP tools: a refusal renders as the REST error
//! body (through [`ApiError`], the one mapping), a result as the REST
//! response body, and adaptations count against the same per-user limit
//! as `POST /api/days/{date}/adapt`.

use futures_util::future::BoxFuture;
use gainsly_mcp::{Outcome, Refusal, Rendered, Shell};
use serde_json::Value;

use crate::error::{ApiError, FieldError};
use crate::extract::data_error;
use crate::routes::logs::e1rm::E1rmSeriesResponse;
use crate::routes::logs::soreness::SorenessLogResponse;
use crate::routes::logs::volume::WeeklyVolumeResponse;
use crate::routes::logs::workouts::WorkoutLogResponse;
use crate::routes::programs::ProgramResponse;
use crate::routes::settings::MovementRuleResponse;
use crate::state::AppState;

/// The shell over the API's state.
#[derive(Debug)]
pub(super) struct ApiShell {
    state: AppState,
}

impl ApiShell {
    pub(super) fn new(state: AppState) -> Self {
        ApiShell { state }
    }
}

/// An [`ApiError`] as a tool sees it: the REST body, and its text.
fn rendered(error: &ApiError) -> Rendered {
    error.log();
    let retry_after = match error {
        ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
        _ => None,
    };
    Rendered::of_body(
        serde_json::to_value(error.body()).unwrap_or(Value::Null),
        retry_after,
    )
}

fn json(value: impl serde::Serialize) -> Value {
    // The REST response types always serialize (plain data, string keys).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

impl Shell for ApiShell {
    fn render(&self, refusal: Refusal) -> Rendered {
        let error = match refusal {
            Refusal::App(e) => ApiError::from(e),
            Refusal::Arguments { path, message } => {
                ApiError::Validation(vec![data_error(&path, &message)])
            }
            Refusal::Field { field, message } => {
                ApiError::Validation(vec![FieldError::new(field, message)])
            }
            Refusal::ReadOnly => ApiError::Forbidden(gainsly_mcp::fields::READ_ONLY.into()),
        };
        rendered(&error)
    }

    fn present(&self, outcome: Outcome) -> Value {
        match outcome {
            Outcome::Session(s) => json(s),
            Outcome::Workout(w) => json(WorkoutLogResponse::from(*w)),
            Outcome::Soreness(s) => json(SorenessLogResponse::from(s)),
            Outcome::Recovery(r) => json(r),
            Outcome::E1rm(s) => json(E1rmSeriesResponse::from(*s)),
            Outcome::Exercises(list) => json(list),
            Outcome::Programs(list) => json(
                list.into_iter()
                    .map(ProgramResponse::from)
                    .collect::<Vec<_>>(),
            ),
            Outcome::Program(p) => json(ProgramResponse::from(*p)),
            Outcome::Rule(r) => json(MovementRuleResponse::from(r)),
            Outcome::Volume(w) => json(WeeklyVolumeResponse::from(w)),
        }
    }

    fn admit_adaptation(&self, user_id: i64) -> BoxFuture<'_, Result<(), Rendered>> {
        Box::pin(async move {
            self.state
                .adapt_limiter
                .check(user_id)
                .await
                .map_err(|e| rendered(&e))
        })
    }
}
