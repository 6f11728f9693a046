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
    AdaptDayArgs, CreateProgramArgs, LogSorenessArgs, LogTopSetArgs, LogWorkoutArgs,
    MovementRuleArgs, SearchArgs,
};
use crate::error::{Refusal, Rendered};

/// A use-case's answer: the REST body, or the API's error for it.
pub type Reply<'a> = BoxFuture<'a, Result<Value, Rendered>>;

/// The use-cases the tools call. Exercise names are resolved before a call
/// ([`Backend::resolve_exercise`]); the ids are passed beside the arguments.
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
    fn adapt_day(&self, date: NaiveDate, args: AdaptDayArgs) -> Reply<'_>;

    /// `POST /api/logs/custom`; `ids[i]` is `args.exercises[i]`'s id.
    fn log_workout(&self, args: LogWorkoutArgs, ids: Vec<i64>) -> Reply<'_>;

    /// `POST /api/logs/top-set`.
    fn log_top_set(&self, date: NaiveDate, exercise_id: i64, args: LogTopSetArgs) -> Reply<'_>;

    /// `POST /api/logs/soreness`.
    fn log_soreness(&self, date: NaiveDate, args: LogSorenessArgs) -> Reply<'_>;

    /// `GET /api/logs/recovery-state`.
    fn recovery(&self, date: Option<NaiveDate>) -> Reply<'_>;

    /// `GET /api/logs/e1rm`.
    fn e1rm(&self, exercise_id: i64, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Reply<'_>;

    /// `GET /api/exercises` (primary movers): a list.
    fn search(&self, args: SearchArgs) -> Reply<'_>;

    /// `GET /api/programs`: a list.
    fn list_programs(&self, active_only: bool) -> Reply<'_>;

    /// `GET /api/programs/{id}`.
    fn program(&self, id: i64) -> Reply<'_>;

    /// `POST /api/programs`.
    fn create_program(&self, args: CreateProgramArgs) -> Reply<'_>;

    /// `POST /api/settings/movement-rules`.
    fn add_rule(&self, exercise_id: Option<i64>, args: MovementRuleArgs) -> Reply<'_>;

    /// The week containing `week_of` ([`gainsly_domain::week::WeeklyVolume`],
    /// as [`crate::views::volume`] renders it); no REST route answers it.
    fn weekly_volume(&self, week_of: NaiveDate) -> Reply<'_>;
}
