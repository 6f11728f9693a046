//! An exercise's e1RM history: one point per log (its best set), weeks
//! rolled up by the cleanup job included.

use chrono::NaiveDate;
use gainsly_db::repo::workouts;
use gainsly_domain::{ExerciseId, catalog};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::validate::{FieldErrors, check_dates};

pub use gainsly_db::repo::workouts::E1rmPoint;

/// An exercise's e1RM series.
#[derive(Debug, Clone, PartialEq)]
pub struct E1rmSeries {
    pub exercise_id: ExerciseId,
    /// The highest reliable e1RM among the points.
    pub best_e1rm_kg: Option<f64>,
    /// Oldest first.
    pub points: Vec<E1rmPoint>,
}

impl App {
    /// The e1RM series of a catalog exercise between `from` and `to`
    /// (inclusive); an id not in the catalog is not found.
    pub async fn e1rm_series(
        &self,
        user_id: i64,
        exercise_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> AppResult<E1rmSeries> {
        let mut errors = FieldErrors::default();
        check_dates(&mut errors, from, to);
        errors.finish()?;
        let exercise =
            catalog::exercise(ExerciseId(exercise_id)).ok_or(AppError::NotFound("exercise"))?;
        let points = workouts::e1rm_history(&self.db, user_id, exercise.id, from, to).await?;
        let best_e1rm_kg = points
            .iter()
            .filter(|p| p.reliable)
            .map(|p| p.e1rm_kg)
            .max_by(f64::total_cmp);
        Ok(E1rmSeries {
            exercise_id: exercise.id,
            best_e1rm_kg,
            points,
        })
    }
}
