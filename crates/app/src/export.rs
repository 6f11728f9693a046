//! The user's data, out: everything as one document ([`App::export_data`])
//! and the workout logs in Strong's comma layout
//! ([`App::export_strong_csv`]), which Gainsly's own importer (and tools
//! that read Strong exports) read back as the same workouts and sets.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Utc};
use gainsly_db::repo::soreness::{self, SorenessFilter};
use gainsly_db::repo::workouts::{self, LogFilter, SetTag, WorkoutLog};
use gainsly_db::repo::{profiles, sessions};
use gainsly_domain::session::Session;
use gainsly_domain::{ExerciseId, catalog};
use gainsly_import::{ImportedExercise, ImportedSet, ImportedWorkout, SetKind, SetMeasures};

use crate::App;
use crate::activities::StoredActivity;
use crate::custom_exercises::CustomExercise;
use crate::error::{AppError, AppResult};
use crate::imports::ImportReport;
use crate::profile::ProfileView;
use crate::programs::ProgramView;
use crate::rules::StoredRule;
use crate::soreness::SorenessLog;
use crate::workouts::WorkoutView;

/// Everything a user has.
#[derive(Debug, Clone)]
pub struct DataExport {
    pub exported_at: DateTime<Utc>,
    pub profile: ProfileView,
    pub movement_rules: Vec<StoredRule>,
    pub activities: Vec<StoredActivity>,
    /// Newest first, each with its microcycle.
    pub programs: Vec<ProgramView>,
    /// By date.
    pub sessions: Vec<Session>,
    /// Newest first, with their sets.
    pub workouts: Vec<WorkoutView>,
    /// Newest first.
    pub soreness: Vec<SorenessLog>,
    /// Newest first.
    pub imports: Vec<ImportReport>,
    /// The user's own exercises (names imports could not match), oldest first.
    pub custom_exercises: Vec<CustomExercise>,
}

/// No page limit: every row.
const ALL: u64 = i64::MAX as u64;

/// Noon local time keeps a log without a known start on its calendar day
/// (offsets −12 h to +12 h), as the FitNotes importer does.
fn noon() -> NaiveTime {
    NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN)
}

/// A stored log as a workout of the Strong layout; sets that hold nothing
/// are left out, exercises are named by their catalog names or (custom
/// exercises) by the user's names in `custom`.
fn as_imported(
    log: &WorkoutLog,
    tz: chrono_tz::Tz,
    custom: &HashMap<ExerciseId, String>,
) -> Option<ImportedWorkout> {
    let started_at = log.started_at.or_else(|| {
        tz.from_local_datetime(&log.date.and_time(noon()))
            .earliest()
            .map(|t| t.with_timezone(&Utc))
    })?;
    let exercises = log
        .exercises
        .iter()
        .filter_map(|ex| {
            let name = match catalog::exercise(ex.exercise_id) {
                Some(e) => e.name.as_str(),
                None => custom.get(&ex.exercise_id)?.as_str(),
            };
            let sets = ex
                .sets
                .iter()
                .filter_map(|s| {
                    let kind = match s.tag {
                        None => SetKind::Normal,
                        Some(SetTag::Warmup) => SetKind::Warmup,
                        Some(SetTag::Dropset) => SetKind::Drop,
                        Some(SetTag::Failure) => SetKind::Failure,
                    };
                    let measures = SetMeasures {
                        weight_kg: s.weight_kg,
                        reps: s.reps.map(f64::from),
                        rpe: s.rpe,
                        distance_m: s.distance_m,
                        seconds: s.duration_seconds.map(f64::from),
                    };
                    ImportedSet::new(kind, measures, None).ok()
                })
                .collect();
            ImportedExercise::new(name, None, sets)
        })
        .collect();
    ImportedWorkout::new(
        started_at,
        &log.name,
        log.duration_minutes,
        log.notes.as_deref(),
        exercises,
    )
}

impl App {
    /// Everything the user has, read in one snapshot of the database.
    pub async fn export_data(&self, user_id: i64) -> AppResult<DataExport> {
        let exported_at = self.now();
        let profile = self.profile(user_id).await?;
        let movement_rules = self.movement_rules(user_id).await?;
        let activities = self.activities(user_id).await?;
        let programs = self.list_programs(user_id, false).await?;
        let sessions = sessions::list_for_user(&self.db, user_id).await?;
        let filter = LogFilter {
            from: None,
            to: None,
            limit: ALL,
            offset: 0,
        };
        let mut workouts: Vec<WorkoutView> = workouts::list(&self.db, user_id, &filter)
            .await?
            .into_iter()
            .map(Into::into)
            .collect();
        self.name_custom_exercises(user_id, &mut workouts).await?;
        let soreness = soreness::list(
            &self.db,
            user_id,
            &SorenessFilter {
                from: None,
                to: None,
                muscle: None,
                limit: ALL,
            },
        )
        .await?;
        let imports = self.list_imports(user_id).await?;
        let custom_exercises = self.custom_exercises(user_id).await?;
        Ok(DataExport {
            exported_at,
            profile,
            movement_rules,
            activities,
            programs,
            sessions,
            workouts,
            soreness,
            imports,
            custom_exercises,
        })
    }

    /// The user's workout logs, oldest first, in Strong's comma layout
    /// (kilograms, kilometres, local times in the profile's time zone).
    pub async fn export_strong_csv(&self, user_id: i64) -> AppResult<Vec<u8>> {
        let tz = profiles::get(&self.db, user_id).await?.tz();
        let filter = LogFilter {
            from: None,
            to: None,
            limit: ALL,
            offset: 0,
        };
        let mut logs = workouts::list(&self.db, user_id, &filter).await?;
        logs.reverse();
        let custom: HashMap<ExerciseId, String> = self
            .custom_exercises(user_id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        // Strong's layout tells workouts apart by their start: two logs
        // starting together (a top set and a workout on one day, both
        // without a known start) get starts two minutes apart.
        let mut used = std::collections::HashSet::new();
        let workouts: Vec<ImportedWorkout> = logs
            .iter()
            .filter_map(|l| {
                let mut log = l.clone();
                let mut w = as_imported(&log, tz, &custom)?;
                while !used.insert(w.started_at().timestamp() / 60) {
                    log.started_at = Some(w.started_at() + Duration::minutes(2));
                    w = as_imported(&log, tz, &custom)?;
                }
                Some(w)
            })
            .collect();
        gainsly_import::write_strong_csv(Vec::new(), &workouts, tz)
            .map_err(|e| AppError::internal("Strong CSV export", e))
    }
}
