//! Soreness reports: one per user, date and muscle (a new one replaces it).

use chrono::NaiveDate;
use gainsly_db::repo::soreness::{self, SorenessFilter};
use gainsly_domain::Muscle;

use crate::App;
use crate::error::AppResult;
use crate::validate::{FieldErrors, Page, check_dates, check_text};

pub use gainsly_db::repo::soreness::SorenessLog;

/// A soreness report, as sent.
#[derive(Debug, Clone)]
pub struct NewSoreness {
    pub date: NaiveDate,
    pub muscle: Muscle,
    /// 0–10.
    pub level: u8,
    /// At most 1000 characters.
    pub notes: Option<String>,
}

impl App {
    /// The user's reports matching the filter, newest first.
    pub async fn soreness_logs(
        &self,
        user_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        muscle: Option<Muscle>,
        limit: Option<u32>,
    ) -> AppResult<Vec<SorenessLog>> {
        let mut errors = FieldErrors::default();
        let page = Page::check(&mut errors, limit, None);
        check_dates(&mut errors, from, to);
        errors.finish()?;
        let filter = SorenessFilter {
            from,
            to,
            muscle,
            limit: page.limit,
        };
        Ok(soreness::list(&self.db, user_id, &filter).await?)
    }

    /// Records a report; a second one for the same date and muscle replaces
    /// the first (same id).
    pub async fn report_soreness(&self, user_id: i64, new: NewSoreness) -> AppResult<SorenessLog> {
        let mut errors = FieldErrors::default();
        if new.level > 10 {
            errors.push("level", "must be between 0 and 10");
        }
        let notes = check_text(&mut errors, "notes", new.notes, 1000);
        errors.finish()?;
        Ok(soreness::upsert(&self.db, user_id, new.date, new.muscle, new.level, notes).await?)
    }
}
