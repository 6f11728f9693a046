//! Every muscle's recovery on a date, computed exactly as the planner
//! computes it: the same history, the same configured model
//! ([`gainsly_domain::RecoveryModel::from_history`]).

use chrono::NaiveDate;
use gainsly_domain::RecoveryState;
use gainsly_planner::context::History;

use crate::App;
use crate::error::AppResult;

impl App {
    /// The recovery state on `date` (default: today in the user's time zone).
    pub async fn recovery_state(
        &self,
        user_id: i64,
        date: Option<NaiveDate>,
    ) -> AppResult<RecoveryState> {
        let as_of = match date {
            Some(d) => d,
            None => self.today(user_id).await?,
        };
        let history = History::load(&self.db, user_id, as_of).await?;
        Ok(history.recovery(as_of, &self.planner.config().recovery))
    }
}
