//! The facts of an import report that the file alone gives.
//!
//! The storing layer adds what needs the database (the import's id and the
//! workouts skipped as duplicates of the user's existing logs). Per-name set
//! counts are kept in a map of the distinct names, not per set.

use std::collections::BTreeMap;
use std::io::Read;

use chrono::{DateTime, Utc};
use gainsly_domain::ExerciseId;
use serde::Serialize;

use crate::error::ImportError;
use crate::format::{Dialect, Source};
use crate::matching::{MatchMethod, Matcher, NameMatch, Suggestion};
use crate::model::{ImportedWorkout, SetKind};
use crate::reader::{ImportOptions, WorkoutReader};
use crate::skipped::SkippedRows;
use crate::units::Units;

/// What a file holds, and how its exercise names resolve.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportSummary {
    pub source: Source,
    pub dialect: Dialect,
    pub units: Units,
    pub workouts: usize,
    /// Every set, warm-ups included.
    pub sets: usize,
    pub warmup_sets: usize,
    /// The earliest workout start (the report's `date_from`, in UTC).
    pub first_started_at: Option<DateTime<Utc>>,
    /// The latest workout start (the report's `date_to`, in UTC).
    pub last_started_at: Option<DateTime<Utc>>,
    /// Names that resolved to a catalog exercise, by name.
    pub matched: Vec<MatchedName>,
    /// Names that did not (they become the user's custom exercises), by name.
    pub unmatched: Vec<UnmatchedName>,
    pub skipped_rows: SkippedRows,
}

/// An exercise name of the file and the catalog exercise it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MatchedName {
    pub name: String,
    pub exercise_id: ExerciseId,
    pub method: MatchMethod,
    pub confidence: f64,
    pub sets: usize,
}

/// An exercise name of the file that matched no catalog exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedName {
    pub name: String,
    pub sets: usize,
    pub suggestions: Vec<Suggestion>,
}

/// Counts workouts as they stream past.
#[derive(Debug, Clone, Default)]
pub struct SummaryBuilder {
    workouts: usize,
    sets: usize,
    warmup_sets: usize,
    first: Option<DateTime<Utc>>,
    last: Option<DateTime<Utc>>,
    sets_by_name: BTreeMap<String, usize>,
}

impl SummaryBuilder {
    pub fn add(&mut self, workout: &ImportedWorkout) {
        self.workouts += 1;
        let at = workout.started_at();
        self.first = Some(self.first.map_or(at, |f| f.min(at)));
        self.last = Some(self.last.map_or(at, |l| l.max(at)));
        for exercise in workout.exercises() {
            let sets = exercise.sets();
            self.sets += sets.len();
            self.warmup_sets += sets.iter().filter(|s| s.kind() == SetKind::Warmup).count();
            match self.sets_by_name.get_mut(exercise.name()) {
                Some(n) => *n += sets.len(),
                None => {
                    self.sets_by_name
                        .insert(exercise.name().to_owned(), sets.len());
                }
            }
        }
    }

    /// The summary, once `reader` has been read to the end.
    pub fn finish<R: Read>(
        self,
        reader: &WorkoutReader<R>,
        matcher: &mut Matcher,
    ) -> ImportSummary {
        self.finish_with(
            (reader.source(), reader.dialect(), reader.units()),
            reader.skipped().clone(),
            matcher,
        )
    }

    /// [`SummaryBuilder::finish`] for a reader already dropped: its
    /// source, dialect and units, and its skipped rows (a caller that
    /// leaves some workouts out, such as duplicates, adds only the others).
    pub fn finish_with(
        self,
        (source, dialect, units): (Source, Dialect, Units),
        skipped_rows: SkippedRows,
        matcher: &mut Matcher,
    ) -> ImportSummary {
        let mut matched = Vec::new();
        let mut unmatched = Vec::new();
        for (name, sets) in self.sets_by_name {
            match matcher.resolve(&name).clone() {
                NameMatch::Matched {
                    exercise_id,
                    method,
                    confidence,
                } => matched.push(MatchedName {
                    name,
                    exercise_id,
                    method,
                    confidence,
                    sets,
                }),
                NameMatch::Unmatched { suggestions } => unmatched.push(UnmatchedName {
                    name,
                    sets,
                    suggestions,
                }),
            }
        }
        ImportSummary {
            source,
            dialect,
            units,
            workouts: self.workouts,
            sets: self.sets,
            warmup_sets: self.warmup_sets,
            first_started_at: self.first,
            last_started_at: self.last,
            matched,
            unmatched,
            skipped_rows,
        }
    }
}

/// Reads a whole file and summarises it, keeping no workout: a dry run.
pub fn summarise<R: Read>(
    input: R,
    options: &ImportOptions,
    matcher: &mut Matcher,
) -> Result<ImportSummary, ImportError> {
    let mut reader = WorkoutReader::new(input, options)?;
    let mut builder = SummaryBuilder::default();
    for workout in reader.by_ref() {
        builder.add(&workout?);
    }
    Ok(builder.finish(&reader, matcher))
}
