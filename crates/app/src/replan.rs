//! The one "planning inputs changed" path.
//!
//! Whatever planning reads — a program's fields or microcycle, the movement
//! rules, the profile's equipment, experience, body weight and units, the
//! enjoyable activities — changes through a use-case that calls
//! `App::planning_inputs_changed` inside its transaction: the user's
//! still-`planned` sessions from today on (in the user's time zone, by the
//! [`crate::Clock`]) are deleted with the change, so the next read plans
//! them again under the new inputs; `adapted` and `completed` sessions
//! stay. After the commit, `Replan::after_commit` asks the
//! [`crate::JobSink`] to pre-generate tomorrow (an idempotent job).

use gainsly_db::Tx;
use gainsly_db::repo::sessions;

use crate::App;
use crate::error::AppResult;

/// Which stored plans a change makes stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stale {
    /// One program's (its settings or microcycle changed).
    Program(i64),
    /// Every program of the user's (a setting every plan reads changed).
    AllPrograms,
}

/// The follow-up of a change: pre-generating tomorrow, once the change is
/// committed.
#[derive(Debug)]
#[must_use = "call `after_commit` once the transaction has committed"]
pub(crate) struct Replan {
    user_id: i64,
}

impl Replan {
    /// A follow-up for a change that left no stale plan (a new program).
    pub(crate) fn new(user_id: i64) -> Self {
        Replan { user_id }
    }

    /// Enqueues tomorrow's pre-generation. A queue that refuses is logged,
    /// not an error: the change is committed and on-demand planning (and
    /// the nightly run) cover the day.
    pub(crate) async fn after_commit(self, app: &App) {
        if let Err(e) = app.jobs.pregenerate(self.user_id, app.now()).await {
            tracing::warn!(
                user_id = self.user_id,
                error = %crate::error::chain(e.as_ref()),
                "could not enqueue the pre-generation; tomorrow is planned on demand"
            );
        }
    }
}

impl App {
    /// Planning inputs of `user_id` changed in `tx`: deletes the `stale`
    /// still-`planned` sessions dated today (the user's time zone) or later,
    /// in the same transaction. Call [`Replan::after_commit`] after the commit.
    pub(crate) async fn planning_inputs_changed(
        &self,
        tx: &Tx,
        user_id: i64,
        stale: Stale,
    ) -> AppResult<Replan> {
        let today = self.today_in(tx, user_id).await?;
        let program_id = match stale {
            Stale::Program(id) => Some(id),
            Stale::AllPrograms => None,
        };
        let deleted = sessions::delete_planned_from(tx, user_id, program_id, today).await?;
        tracing::debug!(user_id, ?stale, %today, deleted, "planning inputs changed");
        Ok(Replan { user_id })
    }
}
