//! A user's own custom exercises: the names an import could not match to
//! the catalog become one each (created once per distinct name per user;
//! later imports of the same name reuse it), so nothing of a file is
//! dropped.
//!
//! - Their exercise id is `1_000_000 + row id` ([`CUSTOM_ID_BASE`]): it
//!   never collides with a catalog id, so a logged set's exercise id alone
//!   says which kind it is.
//! - Their tracking is inferred from the imported sets ([`infer_tracking`]).
//! - Workout logs, the export and the e1RM history read them by id; the
//!   planner never plans them and weekly volume does not count them (they
//!   have no muscle data).
//! - Mapping the name to a catalog exercise later (`PUT
//!   /api/settings/exercise-aliases`) applies to later imports only: sets
//!   already imported stay on the custom exercise.
//! - Undoing the import that created one deletes it unless a log of
//!   another import still uses it; then it passes to that import.

use gainsly_db::repo::custom_exercises;
use gainsly_domain::{ExerciseId, Tracking};
use gainsly_import::ImportedSet;

use crate::App;
use crate::error::{AppError, AppResult};
use crate::workouts::WorkoutView;

pub use gainsly_db::repo::custom_exercises::{CUSTOM_ID_BASE, CustomExercise, is_custom};

/// A custom exercise's name holds at most this many characters (an
/// imported exercise name's bound).
pub const MAX_CUSTOM_NAME_CHARS: usize = gainsly_import::model::MAX_NAME_CHARS;

/// The tracking imported sets imply: `weight_reps` when a set has a load
/// and reps, else `reps` when one has reps, else `distance` when one has a
/// distance, else `time` when one has a duration; `reps` for sets with
/// nothing.
pub fn infer_tracking<'a>(sets: impl IntoIterator<Item = &'a ImportedSet>) -> Tracking {
    let (mut load, mut reps, mut distance, mut time) = (false, false, false, false);
    for s in sets {
        let has_reps = s.reps().is_some_and(|r| r > 0);
        load |= has_reps && s.weight_kg().is_some_and(|w| w > 0.0);
        reps |= has_reps;
        distance |= s.distance_m().is_some_and(|d| d > 0.0);
        time |= s.seconds().is_some_and(|t| t > 0);
    }
    if load {
        Tracking::WeightReps
    } else if reps {
        Tracking::Reps
    } else if distance {
        Tracking::Distance
    } else if time {
        Tracking::Time
    } else {
        Tracking::Reps
    }
}

/// The stored name of a file's exercise name (trimmed, at most 100 characters).
pub fn custom_name(name: &str) -> String {
    name.trim().chars().take(MAX_CUSTOM_NAME_CHARS).collect()
}

impl App {
    /// The user's custom exercises, oldest first.
    pub async fn custom_exercises(&self, user_id: i64) -> AppResult<Vec<CustomExercise>> {
        Ok(custom_exercises::list(&self.db, user_id).await?)
    }

    /// One of the user's custom exercises (another user's is not found).
    pub async fn custom_exercise(&self, user_id: i64, id: i64) -> AppResult<CustomExercise> {
        custom_exercises::get(&self.db, user_id, ExerciseId(id))
            .await?
            .ok_or(AppError::NotFound("exercise"))
    }

    /// Names the custom exercises of logs (the catalog names the others).
    pub(crate) async fn name_custom_exercises(
        &self,
        user_id: i64,
        views: &mut [WorkoutView],
    ) -> AppResult<()> {
        let needs = views
            .iter()
            .flat_map(|v| &v.exercises)
            .any(|e| is_custom(e.exercise_id));
        if !needs {
            return Ok(());
        }
        let names: std::collections::HashMap<ExerciseId, String> = self
            .custom_exercises(user_id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        for e in views.iter_mut().flat_map(|v| v.exercises.iter_mut()) {
            if let Some(name) = names.get(&e.exercise_id) {
                e.name.clone_from(name);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use gainsly_import::{SetKind, SetMeasures};

    fn set(
        weight_kg: Option<f64>,
        reps: Option<f64>,
        distance_m: Option<f64>,
        seconds: Option<f64>,
    ) -> ImportedSet {
        let measures = SetMeasures {
            weight_kg,
            reps,
            rpe: None,
            distance_m,
            seconds,
        };
        match ImportedSet::new(SetKind::Normal, measures, None) {
            Ok(s) => s,
            Err(e) => panic!("test set: {e}"),
        }
    }

    #[test]
    fn tracking_follows_what_the_sets_hold() {
        let loaded = set(Some(50.0), Some(5.0), None, None);
        let bodyweight = set(Some(0.0), Some(12.0), None, None);
        let run = set(None, None, Some(5000.0), Some(1500.0));
        let plank = set(None, None, None, Some(60.0));
        assert_eq!(infer_tracking([&bodyweight, &loaded]), Tracking::WeightReps);
        assert_eq!(infer_tracking([&bodyweight]), Tracking::Reps);
        assert_eq!(infer_tracking([&run]), Tracking::Distance);
        assert_eq!(infer_tracking([&plank]), Tracking::Time);
        assert_eq!(infer_tracking([]), Tracking::Reps);
    }

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(custom_name("  Cable Woodchop "), "Cable Woodchop");
        assert_eq!(custom_name(&"é".repeat(300)).chars().count(), 100);
    }
}
