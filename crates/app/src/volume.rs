//! A week's training volume ([`gainsly_domain::week`]): the week's workout
//! logs and, for detail older than 90 days, the week's roll-up, read from
//! the database, against the user's experience.

use chrono::NaiveDate;
use gainsly_db::repo::{profiles, rollup};
pub use gainsly_domain::week::{MuscleVolume, VolumeZone, WeeklyVolume};

use crate::App;
use crate::error::{AppError, AppResult};

/// Logs read for one week (the list's page limit; a week has far fewer).
pub const LOGS_PER_WEEK: u32 = 200;

impl App {
    /// The volume of the week (Monday to Sunday) containing `week_of`
    /// (default: today in the user's time zone).
    pub async fn weekly_volume(
        &self,
        user_id: i64,
        week_of: Option<NaiveDate>,
    ) -> AppResult<WeeklyVolume> {
        let day = match week_of {
            Some(d) => d,
            None => self.today(user_id).await?,
        };
        let (week_start, week_end) =
            WeeklyVolume::bounds(day).ok_or_else(|| AppError::field("week_of", "out of range"))?;
        let logs = self
            .workouts(
                user_id,
                Some(week_start),
                Some(week_end),
                Some(LOGS_PER_WEEK),
                None,
            )
            .await?;
        // Detail older than 90 days is kept as its week's roll-up.
        let rolled = rollup::summary_of_week(&self.db, user_id, week_start).await?;
        let experience = profiles::get(&self.db, user_id).await?.experience;
        Ok(WeeklyVolume::new(
            week_start,
            week_end,
            logs.iter().map(|log| &log.muscle_sets),
            rolled.as_ref(),
            experience,
        ))
    }
}
