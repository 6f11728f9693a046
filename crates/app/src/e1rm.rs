//! An exercise's e1RM history: one point per log (its best set), weeks
//! rolled up by the cleanup job included; and the working e1RM loads are
//! prescribed from today ([`gainsly_domain::working`]), with the exposures
//! it came from.

use chrono::NaiveDate;
use gainsly_db::repo::{profiles, workouts};
use gainsly_domain::increment::Implement;
use gainsly_domain::working::{self, WorkingEstimate};
use gainsly_domain::{ExerciseId, catalog};
use gainsly_planner::context::load_exposures;

use crate::App;
use crate::error::AppResult;
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
    /// The date the working estimate is for (the user's today).
    pub as_of: NaiveDate,
    /// The working estimate today; `None` without a counted set in the
    /// last 180 days.
    pub working: Option<WorkingEstimate>,
    /// Body weight counted in the estimate's loads (weighted calisthenics).
    pub body_weight_kg: f64,
}

impl App {
    /// The e1RM series of a catalog exercise or of one of the user's custom
    /// exercises between `from` and `to` (inclusive); any other id is not
    /// found. A custom exercise has no working estimate (the planner never
    /// prescribes it); only one tracked by weight×reps has points.
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
        let Some(exercise) = catalog::exercise(ExerciseId(exercise_id)) else {
            return self
                .custom_e1rm_series(user_id, exercise_id, from, to)
                .await;
        };
        let points = workouts::e1rm_history(&self.db, user_id, exercise.id, from, to).await?;
        let best_e1rm_kg = points
            .iter()
            .filter(|p| p.reliable)
            .map(|p| p.e1rm_kg)
            .max_by(f64::total_cmp);
        let as_of = self.today(user_id).await?;
        let profile = profiles::get(&self.db, user_id).await?;
        let body_weight_kg = match Implement::of(exercise) {
            Some(Implement::BeltPlates) => profile.body_weight_kg.unwrap_or(0.0),
            _ => 0.0,
        };
        let tomorrow = as_of.succ_opt().unwrap_or(as_of);
        let mut exposures =
            load_exposures(&self.db, user_id, tomorrow, profile.body_weight_kg).await?;
        let training_days = exposures.training_days;
        let working = exposures
            .loads
            .remove(&exercise.id)
            .and_then(|e| working::estimate_after(&e, as_of, Some(&training_days)));
        Ok(E1rmSeries {
            exercise_id: exercise.id,
            best_e1rm_kg,
            points,
            as_of,
            working,
            body_weight_kg,
        })
    }
}

impl App {
    async fn custom_e1rm_series(
        &self,
        user_id: i64,
        exercise_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> AppResult<E1rmSeries> {
        let custom = self.custom_exercise(user_id, exercise_id).await?;
        let points = workouts::e1rm_history(&self.db, user_id, custom.id, from, to).await?;
        let best_e1rm_kg = points
            .iter()
            .filter(|p| p.reliable)
            .map(|p| p.e1rm_kg)
            .max_by(f64::total_cmp);
        Ok(E1rmSeries {
            exercise_id: custom.id,
            best_e1rm_kg,
            points,
            as_of: self.today(user_id).await?,
            working: None,
            body_weight_kg: 0.0,
        })
    }
}
