//! Rate-limit windows kept in the database, so that every API instance on
//! it counts against the same limit (the shell decides what to limit).

use crate::App;
use crate::error::AppResult;

impl App {
    /// Records a hit on `key` at `now` (Unix seconds) in fixed windows of
    /// `window_secs`; returns the start of the key's window and its hits so
    /// far, this one included.
    pub async fn count_hit(&self, key: &str, window_secs: i64, now: i64) -> AppResult<(i64, i64)> {
        Ok(gainsly_db::repo::rate_limits::hit(&self.db, key, window_secs, now).await?)
    }
}
