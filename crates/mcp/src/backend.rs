//! What the tools run on: a [`Backend`] answers each use-case with the body
//! the REST route answers for it (or the API's error body), so the tool
//! layer above it (`tools`) is one, whichever backend serves it:
//!
//! - `local::AppBackend` (feature `app`): the application layer in process,
//!   for one authenticated caller; `gainsly-api` serves it at `/mcp`.
//! - [`crate::rest::RestBackend`]: a Gainsly server's REST API with a
//!   personal access token; the `gainsly-mcp` stdio binary serves it.

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use serde_json::Value;

use crate::args::{
    AdaptationRequest, CustomWorkoutCreate, ExerciseQuery, MovementRuleCreate, ProgramCreate,
    SorenessLogCreate, TopSetLogCreate,
};
use crate::error::{Refusal, Rendered};

/// A use-case's answer: the REST body, or the API's error for it.
pub type Reply<'a> = BoxFuture<'a, Result<Value, Rendered>>;

/// The use-cases the tools call, each with the REST request it is
/// (`gainsly-contract`'s types). Exercise names are resolved before a call
/// ([`Backend::resolve_exercise`]): the requests carry ids.
pub trait Backend: Send + Sync {
    /// Whether the credential may call write tools (a `read` token may not;
    /// it is listed the read tools only).
    fn can_write(&self) -> bool;

    /// A refusal of the tool layer as the API renders it.
    fn render(&self, refusal: Refusal) -> Rendered;

    /// Today in the user's time zone.
    fn today(&self) -> BoxFuture<'_, Result<NaiveDate, Rendered>>;

    /// The catalog id `name` names (through the catalog, and the user's
    /// aliases where the backend can read them); an ambiguous name is a
    /// 422 on `field` listing candidates.
    fn resolve_exercise<'a>(
        &'a self,
        field: &'a str,
        name: &'a str,
    ) -> BoxFuture<'a, Result<i64, Rendered>>;

    /// `GET /api/days/{date}/plan`.
    fn plan_day(&self, date: NaiveDate, program_id: Option<i64>) -> Reply<'_>;

    /// `POST /api/days/{date}/adapt` (rate-limited per user).
    fn adapt_day(&self, date: NaiveDate, request: AdaptationRequest) -> Reply<'_>;

    /// `POST /api/logs/custom`.
    fn log_workout(&self, workout: CustomWorkoutCreate) -> Reply<'_>;

    /// `POST /api/logs/top-set`.
    fn log_top_set(&self, set: TopSetLogCreate) -> Reply<'_>;

    /// `POST /api/logs/soreness`.
    fn log_soreness(&self, report: SorenessLogCreate) -> Reply<'_>;

    /// `GET /api/logs/recovery-state`.
    fn recovery(&self, date: Option<NaiveDate>) -> Reply<'_>;

    /// `GET /api/logs/e1rm`.
    fn e1rm(&self, exercise_id: i64, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Reply<'_>;

    /// `GET /api/exercises`: a list.
    fn search(&self, query: ExerciseQuery) -> Reply<'_>;

    /// `GET /api/programs`: a list.
    fn list_programs(&self, active_only: bool) -> Reply<'_>;

    /// `GET /api/programs/{id}`.
    fn program(&self, id: i64) -> Reply<'_>;

    /// `POST /api/programs`.
    fn create_program(&self, program: ProgramCreate) -> Reply<'_>;

    /// `POST /api/settings/movement-rules`.
    fn add_rule(&self, rule: MovementRuleCreate) -> Reply<'_>;

    /// `GET /api/logs/weekly-volume`: the week containing `week_of`.
    fn weekly_volume(&self, week_of: NaiveDate) -> Reply<'_>;
}
