//! Enjoyable activities: what the user likes doing on rest days (and, done
//! most days, training load). Adding or deleting one re-plans the user's
//! planned days from today on ([`crate::replan`]).

use gainsly_db::repo::activities::{self, NewActivity as StoredNew};
use gainsly_domain::{ActivityKind, Intensity};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::quotas::Quota;
use crate::replan::Stale;
use crate::validate::{FieldErrors, check_name, check_range_u, checked};

pub use gainsly_db::repo::activities::StoredActivity;

/// A new activity, as sent.
#[derive(Debug, Clone)]
pub struct NewActivity {
    pub name: String,
    pub kind: ActivityKind,
    /// 0–14.
    pub sessions_per_week: Option<u32>,
    /// 5–600 minutes per session.
    pub minutes: Option<u32>,
    pub intensity: Intensity,
}

impl App {
    /// The user's activities, oldest first.
    pub async fn activities(&self, user_id: i64) -> AppResult<Vec<StoredActivity>> {
        Ok(activities::list(&self.db, user_id).await?)
    }

    /// Adds an activity and re-plans the user's planned days from today on.
    pub async fn create_activity(
        &self,
        user_id: i64,
        new: NewActivity,
    ) -> AppResult<StoredActivity> {
        let mut errors = FieldErrors::default();
        let name = check_name(&mut errors, &new.name);
        if let Some(s) = new.sessions_per_week {
            check_range_u(&mut errors, "sessions_per_week", s, 0, 14);
        }
        if let Some(m) = new.minutes {
            check_range_u(&mut errors, "minutes", m, 5, 600);
        }
        errors.finish()?;
        let tx = self.db.begin_write().await?;
        let held = activities::list(&tx, user_id).await?.len();
        Quota::Activities.check(held)?;
        let stored = activities::create(
            &tx,
            user_id,
            StoredNew {
                name: checked(name)?,
                kind: new.kind,
                sessions_per_week: new.sessions_per_week,
                minutes: new.minutes,
                intensity: new.intensity,
            },
        )
        .await?;
        let replan = self
            .planning_inputs_changed(&tx, user_id, Stale::AllPrograms)
            .await?;
        tx.commit().await?;
        replan.after_commit(self).await;
        Ok(stored)
    }

    /// Deletes one of the user's activities and re-plans the user's planned
    /// days from today on.
    pub async fn delete_activity(&self, user_id: i64, id: i64) -> AppResult<()> {
        let tx = self.db.begin_write().await?;
        if !activities::delete(&tx, user_id, id).await? {
            return Err(AppError::NotFound("activity"));
        }
        let replan = self
            .planning_inputs_changed(&tx, user_id, Stale::AllPrograms)
            .await?;
        tx.commit().await?;
        replan.after_commit(self).await;
        Ok(())
    }
}
