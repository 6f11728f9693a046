//! Imports of workout history from Strong, Hevy and FitNotes CSV exports
//! (parsed by `gainsly-import`): a dry run (the report only), an import
//! (the report and every new workout, in one transaction), the list of
//! imports, and undo. Also the user's exercise-name aliases, which later
//! imports use first.
//!
//! - Local times are read in `?tz=` or else the profile's time zone;
//!   values without units in the file are in the profile's display units.
//! - A workout that starts within one minute of one of the user's logs with
//!   a known start (an earlier import) is a duplicate and is skipped, so a
//!   file imported twice adds nothing the second time. So is a workout
//!   older than the detail retention (90 days) in a week the cleanup job
//!   has already rolled up: that week's summary counts it already.
//! - Undo removes the workout logs and sets the import stored, its share
//!   of the weekly summaries the cleanup job has since rolled its old
//!   detail into (summaries are kept per import), and the custom exercises
//!   it created that no other log uses.
//! - Exercise names resolve through the user's aliases, the built-in alias
//!   table and a fuzzy match. A name that resolves to no catalog exercise
//!   becomes the user's own custom exercise ([`crate::custom_exercises`];
//!   one per distinct name, reused by later imports) and its sets are
//!   stored against it: nothing is dropped. The report lists those names
//!   with suggestions and the custom exercise's id. Mapping a name with
//!   [`App::put_exercise_aliases`] applies to later imports; sets already
//!   imported stay on the custom exercise (undo the import and import again
//!   to move them).
//! - Warm-up sets are stored as warm-ups: no e1RM, left out of volume and
//!   fatigue. Drop and failure sets keep their kind.
//! - Imported logs are ordinary custom workout logs: e1RM series and bests,
//!   recovery, weekly volume and suggested loads read them.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;
use gainsly_db::repo::workouts::{self, ExerciseSets, LogKind, NewWorkoutLog, SetTag, WorkoutSet};
use gainsly_db::repo::{custom_exercises, exercise_aliases, imports, profiles, rollup, users};
use gainsly_domain::rollup::week_start;
use gainsly_domain::{ExerciseId, Tracking, catalog, e1rm};
use gainsly_import::{
    DisplayUnits, ImportError, ImportOptions, ImportedWorkout, Matcher, SetKind, Source,
    SummaryBuilder, WorkoutReader,
};
use serde::{Deserialize, Serialize};

use crate::App;
use crate::custom_exercises::{CustomExercise, custom_name, infer_tracking};
use crate::error::{AppError, AppResult, FieldError};
use crate::validate::FieldErrors;

/// Largest import body in bytes (20 MiB).
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// Two workouts starting closer than this are the same workout.
const DUPLICATE_WINDOW_SECS: i64 = 60;
/// `workout_logs.name` holds at most this many characters.
const MAX_NAME_CHARS: usize = 100;
/// Notes are kept up to this many characters.
const MAX_NOTES_CHARS: usize = 2000;

/// How to read a file, as sent (`?source=`, `?dry_run=`, `?tz=`).
#[derive(Debug, Clone, Default)]
pub struct ImportRequest {
    /// `auto` (or `None`), `strong`, `hevy` or `fitnotes`.
    pub source: Option<String>,
    pub dry_run: bool,
    /// An IANA time-zone name; the profile's when `None`.
    pub tz: Option<String>,
}

/// A name that resolved to a catalog exercise.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedReport {
    pub name: String,
    pub exercise_id: i64,
    pub sets: u64,
}

/// A catalog exercise an unmatched name might be.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SuggestionReport {
    pub exercise_id: i64,
    pub name: String,
    pub score: f64,
}

/// A name that resolved to no catalog exercise: its sets are stored
/// against the user's custom exercise of that name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnmatchedReport {
    pub name: String,
    pub sets: u64,
    pub suggestions: Vec<SuggestionReport>,
    /// The custom exercise holding the sets (for a dry run: the existing
    /// one of that name, `None` when the import would create it).
    #[serde(default)]
    pub custom_exercise_id: Option<i64>,
}

/// A row of the file that held nothing importable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedReport {
    pub line: u64,
    pub reason: String,
}

/// What an import read and did (stored with the import as JSON).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportReport {
    /// `None` for a dry run.
    pub id: Option<i64>,
    pub source: String,
    pub dialect: String,
    /// New workouts (duplicates not counted).
    pub workouts: u64,
    /// Sets of the new workouts, warm-ups included.
    pub sets: u64,
    pub warmup_sets: u64,
    /// Workouts skipped as duplicates of logs already stored.
    pub duplicates: u64,
    /// Local date of the first and last new workout.
    pub date_from: Option<NaiveDate>,
    pub date_to: Option<NaiveDate>,
    /// `kg`, `lb` or `mixed`: the units the file's weights were in.
    pub units: String,
    pub matched: Vec<MatchedReport>,
    pub unmatched: Vec<UnmatchedReport>,
    pub skipped_rows: Vec<SkippedReport>,
    /// When the import was stored (`None` for a dry run).
    pub created_at: Option<DateTime<Utc>>,
}

/// The 422 of a file that cannot be imported: the line and the reason.
fn file_error(e: &ImportError) -> AppError {
    let field = match e.line() {
        Some(line) => format!("body (line {line})"),
        None => "body".to_owned(),
    };
    AppError::Invalid(vec![FieldError::new(field, e.to_string())])
}

fn truncate(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

/// The set's stored form: its kind, and an e1RM for working weight×reps sets.
fn stored_set(
    formula: gainsly_domain::E1rmFormula,
    tracking: Tracking,
    set: &gainsly_import::ImportedSet,
) -> WorkoutSet {
    let tag = match set.kind() {
        SetKind::Normal => None,
        SetKind::Warmup => Some(SetTag::Warmup),
        SetKind::Drop => Some(SetTag::Dropset),
        SetKind::Failure => Some(SetTag::Failure),
    };
    let est = match (tag, tracking, set.weight_kg(), set.reps()) {
        (Some(SetTag::Warmup), ..) => None,
        (_, Tracking::WeightReps, Some(w), Some(r)) if w > 0.0 => {
            e1rm::estimate(formula, w, r, set.rpe()).ok()
        }
        _ => None,
    };
    WorkoutSet {
        reps: set.reps(),
        weight_kg: set.weight_kg(),
        rpe: set.rpe(),
        duration_seconds: set.seconds(),
        distance_m: set.distance_m(),
        e1rm_kg: est.map(|e| e.e1rm_kg),
        e1rm_reliable: est.is_some_and(|e| e.reliable),
        tag,
    }
}

/// Whether `at` is within the duplicate window of a start in `sorted`.
fn is_duplicate(sorted: &[DateTime<Utc>], at: DateTime<Utc>) -> bool {
    let window = Duration::seconds(DUPLICATE_WINDOW_SECS);
    let i = sorted.partition_point(|t| *t < at - window);
    sorted.get(i).is_some_and(|t| *t <= at + window)
}

impl App {
    /// Reads an export file and, unless it is a dry run, stores its new
    /// workouts with the import in one transaction (a failure stores
    /// nothing). A malformed file is [`AppError::Invalid`] naming the line.
    pub async fn import_workouts(
        &self,
        user_id: i64,
        body: Vec<u8>,
        request: ImportRequest,
    ) -> AppResult<ImportReport> {
        let mut errors = FieldErrors::default();
        let source = match request.source.as_deref() {
            None | Some("auto") => None,
            Some(s) => {
                let parsed = Source::parse(s);
                if parsed.is_none() {
                    errors.push("source", "must be auto, strong, hevy or fitnotes");
                }
                parsed
            }
        };
        let tz_override: Option<Tz> = match request.tz.as_deref() {
            None => None,
            Some(name) => {
                let parsed = name.parse::<Tz>().ok();
                if parsed.is_none() {
                    errors.push("tz", "must be an IANA time-zone name");
                }
                parsed
            }
        };
        errors.finish()?;
        let profile = profiles::get(&self.db, user_id).await?;
        let tz = tz_override.unwrap_or_else(|| profile.tz());
        let options = ImportOptions {
            source,
            time_zone: tz,
            units: DisplayUnits::from(profile.units),
        };
        let aliases = exercise_aliases::list(&self.db, user_id).await?;
        let matcher = Matcher::new(
            aliases
                .iter()
                .map(|(name, id)| (name.as_str(), ExerciseId(*id))),
        );
        // Parsing is CPU work on at most 20 MiB: off the async threads.
        let (parsed, mut matcher) = tokio::task::spawn_blocking(move || {
            let result = read_all(&body, &options);
            (result, matcher)
        })
        .await
        .map_err(|e| AppError::internal("import parsing task", e))?;
        let (workouts, source, dialect, units, skipped) = parsed?;

        // An import decides what is a duplicate inside its own transaction,
        // holding the user's write lock, so two imports of one file at once
        // (a double click) cannot both store it.
        let tx = if request.dry_run {
            None
        } else {
            let tx = self.db.begin_write().await?;
            users::lock(&tx, user_id).await?;
            Some(tx)
        };
        let window = Duration::seconds(DUPLICATE_WINDOW_SECS);
        let starts = workouts.iter().map(ImportedWorkout::started_at);
        let mut existing = match (starts.clone().min(), starts.max(), &tx) {
            (Some(first), Some(last), Some(tx)) => {
                workouts::started_between(tx, user_id, first - window, last + window).await?
            }
            (Some(first), Some(last), None) => {
                workouts::started_between(&self.db, user_id, first - window, last + window).await?
            }
            _ => Vec::new(),
        };
        existing.sort();
        // Detail older than the retention window is rolled up into weekly
        // summaries and deleted: a workout of a rolled-up week is already
        // counted there (importing it again would count it twice).
        let cutoff = rollup::detail_cutoff(profile.date_at(self.now()));
        let rolled: HashSet<NaiveDate> = rollup::summaries(&self.db, user_id)
            .await?
            .into_iter()
            .map(|s| s.week_start)
            .collect();
        let local_date = |at: DateTime<Utc>| at.with_timezone(&tz).date_naive();
        let mut seen_in_file: HashSet<i64> = HashSet::new();
        let mut duplicates = 0u64;
        let mut fresh = Vec::with_capacity(workouts.len());
        for w in workouts {
            let at = w.started_at();
            let day = local_date(at);
            let rolled_up = day < cutoff && rolled.contains(&week_start(day));
            if rolled_up || is_duplicate(&existing, at) || !seen_in_file.insert(at.timestamp()) {
                duplicates += 1;
            } else {
                fresh.push(w);
            }
        }
        let mut summary = SummaryBuilder::default();
        for w in &fresh {
            summary.add(w);
        }
        let facts = summary.finish_with((source, dialect, units), skipped, &mut matcher);
        let mut report = ImportReport {
            id: None,
            source: facts.source.as_str().to_owned(),
            dialect: facts.dialect.as_str().to_owned(),
            workouts: facts.workouts as u64,
            sets: facts.sets as u64,
            warmup_sets: facts.warmup_sets as u64,
            duplicates,
            date_from: facts.first_started_at.map(local_date),
            date_to: facts.last_started_at.map(local_date),
            units: facts.units.as_str().to_owned(),
            matched: facts
                .matched
                .iter()
                .map(|m| MatchedReport {
                    name: m.name.clone(),
                    exercise_id: m.exercise_id.0,
                    sets: m.sets as u64,
                })
                .collect(),
            unmatched: facts
                .unmatched
                .iter()
                .map(|u| UnmatchedReport {
                    name: u.name.clone(),
                    sets: u.sets as u64,
                    suggestions: u
                        .suggestions
                        .iter()
                        .map(|s| SuggestionReport {
                            exercise_id: s.exercise_id.0,
                            name: s.name.to_owned(),
                            score: s.score,
                        })
                        .collect(),
                    custom_exercise_id: None,
                })
                .collect(),
            skipped_rows: facts
                .skipped_rows
                .listed()
                .iter()
                .map(|r| SkippedReport {
                    line: r.line,
                    reason: r.reason.message().to_owned(),
                })
                .collect(),
            created_at: None,
        };
        let Some(tx) = tx else {
            for u in &mut report.unmatched {
                u.custom_exercise_id =
                    custom_exercises::find_by_name(&self.db, user_id, &custom_name(&u.name))
                        .await?
                        .map(|c| c.id.0);
            }
            return Ok(report);
        };

        let now = self.now();
        let formula = profile.e1rm_formula;
        let import_id = imports::insert(&tx, user_id, &report.source, &report.dialect, now).await?;
        // Every unmatched name gets its custom exercise: the user's existing
        // one of that name, or a new one created by this import.
        let mut by_stored_name: HashMap<String, CustomExercise> = HashMap::new();
        let mut custom: HashMap<String, CustomExercise> = HashMap::new();
        for u in &mut report.unmatched {
            let name = custom_name(&u.name);
            let exercise = match by_stored_name.get(&name) {
                Some(c) => c.clone(),
                None => match custom_exercises::find_by_name(&tx, user_id, &name).await? {
                    Some(c) => c,
                    None => {
                        let sets = fresh
                            .iter()
                            .flat_map(ImportedWorkout::exercises)
                            .filter(|e| e.name() == u.name)
                            .flat_map(|e| e.sets());
                        custom_exercises::insert(
                            &tx,
                            user_id,
                            &name,
                            infer_tracking(sets),
                            Some(import_id),
                            now,
                        )
                        .await?
                    }
                },
            };
            u.custom_exercise_id = Some(exercise.id.0);
            by_stored_name.insert(name, exercise.clone());
            custom.insert(u.name.clone(), exercise);
        }
        for w in &fresh {
            let mut exercises = Vec::with_capacity(w.exercises().len());
            for ex in w.exercises() {
                let resolved = match matcher
                    .resolve(ex.name())
                    .exercise_id()
                    .and_then(catalog::exercise)
                {
                    Some(e) => Some((e.id, e.tracking)),
                    None => custom.get(ex.name()).map(|c| (c.id, c.tracking)),
                };
                let Some((exercise_id, tracking)) = resolved else {
                    // Every name of `fresh` is matched or unmatched.
                    tracing::warn!(user_id, "imported exercise name resolved to nothing");
                    continue;
                };
                exercises.push(ExerciseSets {
                    exercise_id,
                    sets: ex
                        .sets()
                        .iter()
                        .map(|s| stored_set(formula, tracking, s))
                        .collect(),
                });
            }
            if exercises.is_empty() {
                continue;
            }
            let name = truncate(w.name().trim(), MAX_NAME_CHARS);
            workouts::create(
                &tx,
                user_id,
                NewWorkoutLog {
                    kind: LogKind::Custom,
                    date: local_date(w.started_at()),
                    name: if name.is_empty() {
                        "Imported workout".to_owned()
                    } else {
                        name
                    },
                    duration_minutes: w.duration_minutes(),
                    session_id: None,
                    session_rpe: None,
                    notes: w.notes().map(|n| truncate(n, MAX_NOTES_CHARS)),
                    e1rm_formula: formula,
                    e1rm_kg: None,
                    is_pr: None,
                    previous_best_e1rm_kg: None,
                    exercises,
                    started_at: Some(w.started_at()),
                    import_id: Some(import_id),
                },
            )
            .await?;
        }
        report.id = Some(import_id);
        report.created_at = Some(now);
        let json =
            serde_json::to_string(&report).map_err(|e| AppError::internal("import report", e))?;
        imports::set_report(
            &tx,
            import_id,
            report.workouts as i64,
            report.sets as i64,
            json,
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// The user's imports, newest first.
    pub async fn list_imports(&self, user_id: i64) -> AppResult<Vec<ImportReport>> {
        imports::list(&self.db, user_id)
            .await?
            .iter()
            .map(report_of)
            .collect()
    }

    /// One of the user's imports.
    pub async fn get_import(&self, user_id: i64, id: i64) -> AppResult<ImportReport> {
        imports::get(&self.db, user_id, id)
            .await?
            .as_ref()
            .map(report_of)
            .unwrap_or(Err(AppError::NotFound("import")))
    }

    /// Undoes an import, in one transaction: deletes exactly the workout
    /// logs and sets it wrote, its share of the weekly summaries (detail of
    /// it the cleanup job rolled up), the custom exercises it created that
    /// no other log uses, and the import.
    pub async fn undo_import(&self, user_id: i64, id: i64) -> AppResult<()> {
        let tx = self.db.begin_write().await?;
        if imports::get(&tx, user_id, id).await?.is_none() {
            return Err(AppError::NotFound("import"));
        }
        workouts::delete_by_import(&tx, user_id, id).await?;
        rollup::delete_summaries_of_import(&tx, user_id, id).await?;
        custom_exercises::delete_unused_of_import(&tx, user_id, id).await?;
        imports::delete(&tx, user_id, id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The user's exercise-name aliases (`name → exercise_id`).
    pub async fn exercise_aliases(&self, user_id: i64) -> AppResult<Vec<(String, i64)>> {
        Ok(exercise_aliases::list(&self.db, user_id).await?)
    }

    /// Adds or replaces exercise-name aliases; each id must be a catalog
    /// exercise. Answers all of the user's aliases.
    pub async fn put_exercise_aliases(
        &self,
        user_id: i64,
        aliases: Vec<(String, i64)>,
    ) -> AppResult<Vec<(String, i64)>> {
        let mut errors = FieldErrors::default();
        let mut clean = Vec::with_capacity(aliases.len());
        if aliases.len() > 500 {
            errors.push("", "at most 500 aliases at once");
        }
        for (name, id) in aliases {
            let trimmed = name.trim().to_owned();
            if trimmed.is_empty() || trimmed.chars().count() > 200 {
                errors.push(name.clone(), "names are 1 to 200 characters");
            }
            if catalog::exercise(ExerciseId(id)).is_none() {
                errors.push(name.clone(), "no catalog exercise has this id");
            }
            clean.push((trimmed, id));
        }
        errors.finish()?;
        exercise_aliases::upsert(&self.db, user_id, &clean).await?;
        self.exercise_aliases(user_id).await
    }
}

type Parsed = (
    Vec<ImportedWorkout>,
    Source,
    gainsly_import::Dialect,
    gainsly_import::Units,
    gainsly_import::SkippedRows,
);

/// Reads every workout of the file (the first bad row fails the whole file).
fn read_all(body: &[u8], options: &ImportOptions) -> AppResult<Parsed> {
    let mut reader = WorkoutReader::new(body, options).map_err(|e| file_error(&e))?;
    let mut workouts = Vec::new();
    for w in reader.by_ref() {
        workouts.push(w.map_err(|e| file_error(&e))?);
    }
    Ok((
        workouts,
        reader.source(),
        reader.dialect(),
        reader.units(),
        reader.skipped().clone(),
    ))
}

fn report_of(stored: &imports::StoredImport) -> AppResult<ImportReport> {
    serde_json::from_str(&stored.report).map_err(|e| AppError::internal("stored import report", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicates_are_starts_within_a_minute() {
        let t = |s: i64| DateTime::<Utc>::from_timestamp(1_700_000_000 + s, 0).unwrap_or_default();
        let existing = vec![t(0), t(3600)];
        assert!(is_duplicate(&existing, t(0)));
        assert!(is_duplicate(&existing, t(60)));
        assert!(is_duplicate(&existing, t(-60)));
        assert!(is_duplicate(&existing, t(3559)));
        assert!(!is_duplicate(&existing, t(61)));
        assert!(!is_duplicate(&existing, t(-61)));
        assert!(!is_duplicate(&[], t(0)));
    }
}
