//! What the MCP server needs from the shell that serves it: the one mapping
//! of failures to the API's error bodies, and the per-user rate limit on
//! adaptation, both of which live with the HTTP API (`gainsly-api`).

use futures_util::future::BoxFuture;

use crate::error::{Refusal, Rendered};
use crate::outcome::Outcome;

/// The serving shell's side of the tools.
pub trait Shell: Send + Sync + 'static {
    /// The API's error body for a refusal (logging what the API logs).
    fn render(&self, refusal: Refusal) -> Rendered;

    /// The body the REST route answers for the same result.
    fn present(&self, outcome: Outcome) -> serde_json::Value;

    /// Counts an adaptation by `user_id` against the per-user limit; the
    /// rendered 429 when over it.
    fn admit_adaptation(&self, user_id: i64) -> BoxFuture<'_, Result<(), Rendered>>;
}
