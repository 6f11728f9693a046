//! Workout logs: custom workouts (which complete the session they name),
//! top sets with their e1RM and PR detection, and reading and deleting
//! logs. Each log is checked against its exercises' tracking and stored
//! with its sets in one transaction.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::repo::profiles;
use gainsly_db::repo::workouts::{
    self, ExerciseSets, LogFilter, NewWorkoutLog, SetTag, WorkoutLog,
};
use gainsly_db::{DbError, Executor};
use gainsly_domain::{E1rmFormula, Exercise, ExerciseId, Muscle, Tracking, catalog, e1rm, volume};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::validate::{
    FieldErrors, Page, check_dates, check_name, check_range_f, check_text, checked,
};

pub use gainsly_db::repo::workouts::{LogKind, WorkoutSet};

/// One set as sent. Each set needs the fields its exercise's `tracking`
/// implies: `weight_reps` → `reps` and `weight_kg`; `reps` → `reps`;
/// `time` → `duration_seconds`; `distance` → `distance_m`.
#[derive(Debug, Clone, Copy, Default)]
pub struct SetInput {
    pub reps: Option<u32>,
    pub weight_kg: Option<f64>,
    pub rpe: Option<f64>,
    pub duration_seconds: Option<u32>,
    pub distance_m: Option<f64>,
}

/// One exercise of a custom workout, as sent.
#[derive(Debug, Clone)]
pub struct ExerciseInput {
    pub exercise_id: i64,
    pub sets: Vec<SetInput>,
}

/// A custom workout, as sent.
#[derive(Debug, Clone)]
pub struct NewCustomWorkout {
    pub date: NaiveDate,
    pub name: String,
    pub duration_minutes: Option<u32>,
    /// One of the user's sessions, which the log marks completed.
    pub session_id: Option<i64>,
    pub session_rpe: Option<f64>,
    pub notes: Option<String>,
    pub exercises: Vec<ExerciseInput>,
}

/// A top set, as sent.
#[derive(Debug, Clone, Copy)]
pub struct NewTopSet {
    pub date: NaiveDate,
    pub exercise_id: i64,
    pub weight_kg: f64,
    pub reps: u32,
    pub rpe: Option<f64>,
    /// One of the user's sessions (a top set does not complete it).
    pub session_id: Option<i64>,
}

/// A logged exercise with its name and best reliable e1RM.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedExercise {
    pub exercise_id: ExerciseId,
    /// The catalog's name, or the user's custom exercise's; empty for an
    /// id in neither.
    pub name: String,
    pub sets: Vec<WorkoutSet>,
    pub best_e1rm_kg: Option<f64>,
}

/// A stored log with what follows from it.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutView {
    pub id: i64,
    pub kind: LogKind,
    pub date: NaiveDate,
    pub name: String,
    pub duration_minutes: Option<u32>,
    pub session_id: Option<i64>,
    pub notes: Option<String>,
    pub exercises: Vec<LoggedExercise>,
    pub e1rm_kg: Option<f64>,
    pub e1rm_formula: E1rmFormula,
    pub is_pr: Option<bool>,
    pub previous_best_e1rm_kg: Option<f64>,
    /// Σ weight × reps over the sets that have both.
    pub total_volume_kg: f64,
    /// Fractional sets per muscle ([`volume::muscle_sets`]).
    pub muscle_sets: BTreeMap<Muscle, f64>,
    pub created_at: DateTime<Utc>,
}

impl From<WorkoutLog> for WorkoutView {
    fn from(log: WorkoutLog) -> Self {
        // Warm-ups (imported) count toward neither volume nor muscle sets.
        let working = |s: &&WorkoutSet| s.tag != Some(SetTag::Warmup);
        let total_volume_kg = log
            .exercises
            .iter()
            .flat_map(|ex| ex.sets.iter().filter(working))
            .filter_map(|s| Some(s.weight_kg? * f64::from(s.reps?)))
            .sum();
        let muscle_sets = volume::muscle_sets(log.exercises.iter().filter_map(|ex| {
            catalog::exercise(ex.exercise_id)
                .map(|e| (e, ex.sets.iter().filter(working).count() as f64))
        }));
        let exercises = log
            .exercises
            .into_iter()
            .map(|ex| LoggedExercise {
                exercise_id: ex.exercise_id,
                name: catalog::exercise(ex.exercise_id)
                    .map(|e| e.name.clone())
                    .unwrap_or_default(),
                best_e1rm_kg: ex
                    .sets
                    .iter()
                    .filter(|s| s.e1rm_reliable)
                    .filter_map(|s| s.e1rm_kg)
                    .max_by(f64::total_cmp),
                sets: ex.sets,
            })
            .collect();
        WorkoutView {
            id: log.id,
            kind: log.kind,
            date: log.date,
            name: log.name,
            duration_minutes: log.duration_minutes,
            session_id: log.session_id,
            notes: log.notes,
            exercises,
            e1rm_kg: log.e1rm_kg,
            e1rm_formula: log.e1rm_formula,
            is_pr: log.is_pr,
            previous_best_e1rm_kg: log.previous_best_e1rm_kg,
            total_volume_kg,
            muscle_sets,
            created_at: log.created_at,
        }
    }
}

fn check_set(errors: &mut FieldErrors, path: &str, tracking: Option<Tracking>, set: &SetInput) {
    let field = |f: &str| format!("{path}.{f}");
    if let Some(r) = set.reps
        && !(1..=100).contains(&r)
    {
        errors.push(field("reps"), "must be between 1 and 100");
    }
    if let Some(w) = set.weight_kg {
        check_range_f(errors, &field("weight_kg"), w, 0.0, e1rm::MAX_WEIGHT_KG);
    }
    if let Some(r) = set.rpe
        && e1rm::validate_rpe(r).is_err()
    {
        errors.push(field("rpe"), "must be between 1 and 10 in steps of 0.5");
    }
    if let Some(d) = set.duration_seconds
        && !(1..=86_400).contains(&d)
    {
        errors.push(field("duration_seconds"), "must be between 1 and 86400");
    }
    if let Some(d) = set.distance_m
        && !(d.is_finite() && d > 0.0 && d <= 1_000_000.0)
    {
        errors.push(
            field("distance_m"),
            "must be more than 0 and at most 1000000",
        );
    }
    let required: &[(&str, bool)] = match tracking {
        Some(Tracking::WeightReps) => &[
            ("reps", set.reps.is_some()),
            ("weight_kg", set.weight_kg.is_some()),
        ],
        Some(Tracking::Reps) => &[("reps", set.reps.is_some())],
        Some(Tracking::Time) => &[("duration_seconds", set.duration_seconds.is_some())],
        Some(Tracking::Distance) => &[("distance_m", set.distance_m.is_some())],
        None => &[],
    };
    for (name, present) in required {
        if !present {
            let t = tracking.map(|t| t.as_str()).unwrap_or_default();
            errors.push(field(name), format!("is required for a {t} exercise"));
        }
    }
}

/// The e1RM of a weight×reps set, when it has one (weight above 0, 1–30 reps).
fn set_e1rm(
    formula: E1rmFormula,
    tracking: Tracking,
    set: &SetInput,
) -> Option<e1rm::E1rmEstimate> {
    if tracking != Tracking::WeightReps {
        return None;
    }
    match (set.weight_kg, set.reps) {
        (Some(w), Some(r)) if w > 0.0 => e1rm::estimate(formula, w, r, set.rpe).ok(),
        _ => None,
    }
}

/// Stores a log; a session that is not the user's is a field error on `session_id`.
async fn store(db: &impl Executor, user_id: i64, new: NewWorkoutLog) -> AppResult<WorkoutLog> {
    match workouts::create(db, user_id, new).await {
        Err(DbError::NotFound) => Err(AppError::field("session_id", "no such session")),
        other => Ok(other?),
    }
}

impl App {
    /// Logs a custom workout: the log, its sets and the completion of the
    /// session it names, in one transaction.
    pub async fn log_custom_workout(
        &self,
        user_id: i64,
        new: NewCustomWorkout,
    ) -> AppResult<WorkoutView> {
        let mut errors = FieldErrors::default();
        let name = check_name(&mut errors, &new.name);
        if let Some(d) = new.duration_minutes
            && !(1..=600).contains(&d)
        {
            errors.push("duration_minutes", "must be between 1 and 600");
        }
        if let Some(r) = new.session_rpe {
            check_range_f(&mut errors, "session_rpe", r, 1.0, 10.0);
        }
        let notes = check_text(&mut errors, "notes", new.notes, 2000);
        if !(1..=50).contains(&new.exercises.len()) {
            errors.push("exercises", "must list 1 to 50 exercises");
        }
        let mut found: Vec<Option<&'static Exercise>> = Vec::with_capacity(new.exercises.len());
        for (i, ex) in new.exercises.iter().enumerate() {
            let path = format!("exercises[{i}]");
            let exercise = catalog::exercise(ExerciseId(ex.exercise_id));
            if exercise.is_none() {
                errors.push(
                    format!("{path}.exercise_id"),
                    "no catalog exercise has this id",
                );
            }
            if !(1..=50).contains(&ex.sets.len()) {
                errors.push(format!("{path}.sets"), "must list 1 to 50 sets");
            }
            for (j, set) in ex.sets.iter().enumerate() {
                check_set(
                    &mut errors,
                    &format!("{path}.sets[{j}]"),
                    exercise.map(|e| e.tracking),
                    set,
                );
            }
            found.push(exercise);
        }
        errors.finish()?;
        let name = checked(name)?;
        let tx = self.db.begin_write().await?;
        let formula = profiles::get(&tx, user_id).await?.e1rm_formula;
        let mut exercises = Vec::with_capacity(new.exercises.len());
        for (ex, exercise) in new.exercises.into_iter().zip(found) {
            let exercise = checked(exercise)?;
            let sets = ex
                .sets
                .iter()
                .map(|s| {
                    let est = set_e1rm(formula, exercise.tracking, s);
                    WorkoutSet {
                        reps: s.reps,
                        weight_kg: s.weight_kg,
                        rpe: s.rpe,
                        duration_seconds: s.duration_seconds,
                        distance_m: s.distance_m,
                        e1rm_kg: est.map(|e| e.e1rm_kg),
                        e1rm_reliable: est.is_some_and(|e| e.reliable),
                        tag: None,
                    }
                })
                .collect();
            exercises.push(ExerciseSets {
                exercise_id: exercise.id,
                sets,
            });
        }
        let log = store(
            &tx,
            user_id,
            NewWorkoutLog {
                kind: LogKind::Custom,
                date: new.date,
                name,
                duration_minutes: new.duration_minutes,
                session_id: new.session_id,
                session_rpe: new.session_rpe,
                notes,
                e1rm_formula: formula,
                e1rm_kg: None,
                is_pr: None,
                previous_best_e1rm_kg: None,
                exercises,
                started_at: None,
                import_id: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(log.into())
    }

    /// Logs a top set: its e1RM with the profile's formula (RPE adds reps in
    /// reserve), whether it beats every earlier reliable e1RM of the
    /// exercise (a PR) and that previous best. The read of the previous best
    /// and the write are one transaction.
    pub async fn log_top_set(&self, user_id: i64, new: NewTopSet) -> AppResult<WorkoutView> {
        let mut errors = FieldErrors::default();
        let exercise = catalog::exercise(ExerciseId(new.exercise_id));
        match exercise {
            None => errors.push("exercise_id", "no catalog exercise has this id"),
            Some(e) if e.tracking != Tracking::WeightReps => errors.push(
                "exercise_id",
                "a top set needs an exercise tracked by weight and reps",
            ),
            Some(_) => {}
        }
        if !(new.weight_kg.is_finite()
            && new.weight_kg > 0.0
            && new.weight_kg <= e1rm::MAX_WEIGHT_KG)
        {
            errors.push("weight_kg", "must be more than 0 and at most 1000");
        }
        if e1rm::validate_reps(new.reps).is_err() {
            errors.push("reps", "must be between 1 and 30");
        }
        if let Some(r) = new.rpe
            && e1rm::validate_rpe(r).is_err()
        {
            errors.push("rpe", "must be between 1 and 10 in steps of 0.5");
        }
        errors.finish()?;
        let exercise = checked(exercise)?;
        let tx = self.db.begin_write().await?;
        let formula = profiles::get(&tx, user_id).await?.e1rm_formula;
        let est = e1rm::estimate(formula, new.weight_kg, new.reps, new.rpe)?;
        let previous = workouts::best_e1rm(&tx, user_id, exercise.id, Some(new.date)).await?;
        let log = store(
            &tx,
            user_id,
            NewWorkoutLog {
                kind: LogKind::TopSet,
                date: new.date,
                name: exercise.name.clone(),
                duration_minutes: None,
                session_id: new.session_id,
                session_rpe: None,
                notes: None,
                e1rm_formula: formula,
                e1rm_kg: Some(est.e1rm_kg),
                is_pr: Some(e1rm::is_pr(&est, previous)),
                previous_best_e1rm_kg: previous,
                exercises: vec![ExerciseSets {
                    exercise_id: exercise.id,
                    sets: vec![WorkoutSet {
                        reps: Some(new.reps),
                        weight_kg: Some(new.weight_kg),
                        rpe: new.rpe,
                        duration_seconds: None,
                        distance_m: None,
                        e1rm_kg: Some(est.e1rm_kg),
                        e1rm_reliable: est.reliable,
                        tag: None,
                    }],
                }],
                started_at: None,
                import_id: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(log.into())
    }

    /// The user's workout logs between `from` and `to` (inclusive), newest first.
    pub async fn workouts(
        &self,
        user_id: i64,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        limit: Option<u32>,
        offset: Option<u32>,
    ) -> AppResult<Vec<WorkoutView>> {
        let mut errors = FieldErrors::default();
        let page = Page::check(&mut errors, limit, offset);
        check_dates(&mut errors, from, to);
        errors.finish()?;
        let filter = LogFilter {
            from,
            to,
            limit: page.limit,
            offset: page.offset,
        };
        let logs = workouts::list(&self.db, user_id, &filter).await?;
        let mut views: Vec<WorkoutView> = logs.into_iter().map(Into::into).collect();
        self.name_custom_exercises(user_id, &mut views).await?;
        Ok(views)
    }

    /// One of the user's workout logs.
    pub async fn workout(&self, user_id: i64, id: i64) -> AppResult<WorkoutView> {
        let mut view: WorkoutView = workouts::get(&self.db, user_id, id)
            .await?
            .map(Into::into)
            .ok_or(AppError::NotFound("workout log"))?;
        self.name_custom_exercises(user_id, std::slice::from_mut(&mut view))
            .await?;
        Ok(view)
    }

    /// Deletes one of the user's workout logs with its sets (a session it
    /// completed stays completed).
    pub async fn delete_workout(&self, user_id: i64, id: i64) -> AppResult<()> {
        if workouts::delete(&self.db, user_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("workout log"))
        }
    }
}
