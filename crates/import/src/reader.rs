//! The streaming reader: a file in, one [`ImportedWorkout`] at a time out.
//!
//! The header is read first (BOM stripped, delimiter and format detected);
//! then rows are read one by one with the `csv` crate (quoted fields, CRLF or
//! LF) into one reused record, and grouped into the current workout. Only
//! that workout is buffered. A workout ends when a row of another workout
//! comes; the rows of one workout must be contiguous, which is how every app
//! writes them. If a finished workout's rows turn up again later (a file
//! sorted by something else), the reader stops with an error naming the
//! line rather than importing a workout in two halves; to notice that it
//! keeps the key (start and title) of each finished workout, a few dozen
//! bytes per workout. It also keeps the distinct exercise names, at most
//! [`MAX_EXERCISE_NAMES`] of them.

use std::collections::HashSet;
use std::fmt;
use std::io::{BufRead, BufReader, Chain, Cursor, Read};

use chrono_tz::Tz;
use csv::{ReaderBuilder, StringRecord};

use crate::error::{ImportError, RowError};
use crate::format::{Dialect, Header, Source};
use crate::lines::LineCounter;
use crate::model::{ImportedExercise, ImportedSet, ImportedWorkout};
use crate::parse::{Entry, Layout, Row, WorkoutKey};
use crate::skipped::{SkipReason, SkippedRows};
use crate::time::local_to_utc;
use crate::units::{DisplayUnits, Units, UnitsSeen};

/// A first line longer than this is no export header.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// More different exercise names than this is no workout history (years of
/// real exports have a few hundred); the cap also bounds the work of
/// matching names, which grows with the number of different names.
pub const MAX_EXERCISE_NAMES: usize = 2_000;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// How to read a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImportOptions {
    /// The app the file comes from; `None` detects it from the header (`?source=auto`).
    pub source: Option<Source>,
    /// The zone the file's local times are in (the profile's, or `?tz=`).
    pub time_zone: Tz,
    /// The user's display units, for Strong's plain dialect that writes no unit.
    pub units: DisplayUnits,
}

impl Default for ImportOptions {
    fn default() -> Self {
        ImportOptions {
            source: None,
            time_zone: chrono_tz::UTC,
            units: DisplayUnits::metric(),
        }
    }
}

type Input<R> = LineCounter<Chain<Cursor<Vec<u8>>, BufReader<R>>>;

/// Reads workouts from an export, one at a time: an iterator of
/// `Result<ImportedWorkout, ImportError>` that ends after the first error.
pub struct WorkoutReader<R: Read> {
    csv: csv::Reader<Input<R>>,
    header: Header,
    layout: Layout,
    source: Source,
    dialect: Dialect,
    time_zone: Tz,
    record: StringRecord,
    current: Option<WorkoutBuilder>,
    finished: HashSet<WorkoutKey>,
    exercise_names: HashSet<String>,
    skipped: SkippedRows,
    units: UnitsSeen,
    done: bool,
}

impl<R: Read> fmt::Debug for WorkoutReader<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WorkoutReader")
            .field("dialect", &self.dialect)
            .field("line", &self.csv.position().line())
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R: Read> WorkoutReader<R> {
    /// Reads the header and decides the format; rows are read as the iterator advances.
    pub fn new(input: R, options: &ImportOptions) -> Result<Self, ImportError> {
        let mut input = BufReader::new(input);
        let (prefix, header_line) = read_header_line(&mut input)?;
        let delimiter = detect_delimiter(&prefix[header_line..]);
        let mut csv = ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(true)
            .from_reader(LineCounter::new(Cursor::new(prefix).chain(input)));
        let header = match csv.headers() {
            Ok(names) => Header::new(names.iter()),
            Err(e) => return Err(csv_error(e, csv.get_mut())),
        };
        let source = match (options.source, header.detect()) {
            (None, Some(found)) => found,
            (None, None) => return Err(ImportError::UnknownFormat),
            (Some(expected), Some(found)) if expected == found => expected,
            (Some(expected), found) => return Err(ImportError::WrongSource { expected, found }),
        };
        let (layout, dialect) = Layout::new(source, &header, options.units)?;
        Ok(WorkoutReader {
            csv,
            header,
            layout,
            source,
            dialect,
            time_zone: options.time_zone,
            record: StringRecord::new(),
            current: None,
            finished: HashSet::new(),
            exercise_names: HashSet::new(),
            skipped: SkippedRows::default(),
            units: UnitsSeen::default(),
            done: false,
        })
    }

    pub fn source(&self) -> Source {
        self.source
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The weight units of the rows read so far (the header's or display
    /// unit when no row carried a weight).
    pub fn units(&self) -> Units {
        self.units.units(self.layout.default_weight_unit())
    }

    /// The rows skipped so far.
    pub fn skipped(&self) -> &SkippedRows {
        &self.skipped
    }

    fn fail(&mut self, error: ImportError) -> Option<Result<ImportedWorkout, ImportError>> {
        self.done = true;
        self.current = None;
        Some(Err(error))
    }

    /// Ends the current workout; `None` if it held no set.
    fn finish_current(&mut self) -> Option<ImportedWorkout> {
        let builder = self.current.take()?;
        let key = builder.key.clone();
        let workout = builder.finish(self.time_zone, &mut self.skipped);
        self.finished.insert(key);
        workout
    }
}

impl<R: Read> Iterator for WorkoutReader<R> {
    type Item = Result<ImportedWorkout, ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            match self.csv.read_record(&mut self.record) {
                Err(e) => {
                    let error = csv_error(e, self.csv.get_mut());
                    return self.fail(error);
                }
                Ok(false) => {
                    self.done = true;
                    return self.finish_current().map(Ok);
                }
                Ok(true) => {}
            }
            let byte = self.record.position().map_or(0, csv::Position::byte);
            let line = self.csv.get_mut().line_of_record_at(byte);
            if self.record.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            let row = match self
                .layout
                .read(&self.record, &self.header, &mut self.units)
            {
                Ok(row) => row,
                Err(reason) => return self.fail(ImportError::Row { line, reason }),
            };
            let names_exercise = matches!(row.entry, Entry::Set(_) | Entry::Note(_));
            if names_exercise && !self.exercise_names.contains(&row.exercise) {
                if self.exercise_names.len() == MAX_EXERCISE_NAMES {
                    return self.fail(ImportError::Row {
                        line,
                        reason: RowError::TooManyExerciseNames {
                            max: MAX_EXERCISE_NAMES,
                        },
                    });
                }
                self.exercise_names.insert(row.exercise.clone());
            }
            if self.current.as_ref().is_some_and(|c| c.key == row.key) {
                if let Some(current) = self.current.as_mut() {
                    current.add(row, line, &mut self.skipped);
                }
                continue;
            }
            if self.finished.contains(&row.key) {
                let started = row.key.local.format("%Y-%m-%d %H:%M:%S").to_string();
                return self.fail(ImportError::Row {
                    line,
                    reason: RowError::WorkoutNotContiguous { started },
                });
            }
            let finished = self.finish_current();
            let mut builder = WorkoutBuilder::new(&row, line);
            builder.add(row, line, &mut self.skipped);
            self.current = Some(builder);
            if let Some(workout) = finished {
                return Some(Ok(workout));
            }
        }
        None
    }
}

/// The workout being read.
#[derive(Debug)]
struct WorkoutBuilder {
    key: WorkoutKey,
    first_line: u64,
    name: String,
    notes: String,
    duration_minutes: Option<u32>,
    categories: Vec<String>,
    exercises: Vec<ImportedExercise>,
    run: Option<ExerciseRun>,
}

/// The contiguous rows of one exercise being read.
#[derive(Debug)]
struct ExerciseRun {
    name: String,
    notes: String,
    sets: Vec<ImportedSet>,
    note_lines: Vec<u64>,
}

impl WorkoutBuilder {
    fn new(first: &Row, line: u64) -> Self {
        WorkoutBuilder {
            key: first.key.clone(),
            first_line: line,
            name: first.workout_name.clone(),
            notes: String::new(),
            duration_minutes: None,
            categories: Vec::new(),
            exercises: Vec::new(),
            run: None,
        }
    }

    fn add(&mut self, row: Row, line: u64, skipped: &mut SkippedRows) {
        if self.notes.trim().is_empty() && !row.workout_notes.trim().is_empty() {
            self.notes = row.workout_notes;
        }
        self.duration_minutes = self.duration_minutes.or(row.duration_minutes);
        if !row.category.is_empty() && !self.categories.contains(&row.category) {
            self.categories.push(row.category);
        }
        let run = match &row.entry {
            Entry::NotASet => return,
            Entry::Skip(reason) => {
                skipped.push(line, *reason);
                return;
            }
            Entry::Set(_) | Entry::Note(_) => self.run_for(&row.exercise, skipped),
        };
        if run.notes.trim().is_empty() && !row.exercise_notes.trim().is_empty() {
            run.notes = row.exercise_notes;
        }
        match row.entry {
            Entry::Set(set) => run.sets.push(set),
            Entry::Note(text) => {
                if run.notes.trim().is_empty() {
                    run.notes = text;
                } else if run.notes != text {
                    run.notes.push('\n');
                    run.notes.push_str(&text);
                }
                run.note_lines.push(line);
            }
            Entry::NotASet | Entry::Skip(_) => {}
        }
    }

    /// The run of `exercise`, closing the current run if it is another exercise's.
    fn run_for(&mut self, exercise: &str, skipped: &mut SkippedRows) -> &mut ExerciseRun {
        if self.run.as_ref().is_some_and(|r| r.name != exercise) {
            self.close_run(skipped);
        }
        self.run.get_or_insert_with(|| ExerciseRun {
            name: exercise.to_owned(),
            notes: String::new(),
            sets: Vec::new(),
            note_lines: Vec::new(),
        })
    }

    fn close_run(&mut self, skipped: &mut SkippedRows) {
        let Some(run) = self.run.take() else {
            return;
        };
        match ImportedExercise::new(&run.name, Some(&run.notes), run.sets) {
            Some(exercise) => self.exercises.push(exercise),
            None => {
                for line in run.note_lines {
                    skipped.push(line, SkipReason::NoteWithoutSets);
                }
            }
        }
    }

    fn finish(mut self, tz: Tz, skipped: &mut SkippedRows) -> Option<ImportedWorkout> {
        self.close_run(skipped);
        let name = if self.name.trim().is_empty() {
            self.categories.join(", ")
        } else {
            self.name
        };
        let workout = ImportedWorkout::new(
            local_to_utc(self.key.local, tz),
            &name,
            self.duration_minutes,
            Some(&self.notes),
            self.exercises,
        );
        if workout.is_none() {
            skipped.push(self.first_line, SkipReason::WorkoutWithoutSets);
        }
        workout
    }
}

/// Reads up to the end of the first non-blank line, strips a UTF-8 BOM, and
/// returns the bytes read and where the header line starts in them.
fn read_header_line<R: Read>(input: &mut BufReader<R>) -> Result<(Vec<u8>, usize), ImportError> {
    let mut bytes = Vec::new();
    loop {
        let start = bytes.len();
        let limit = u64::try_from(MAX_HEADER_BYTES + 1).unwrap_or(u64::MAX);
        let read = input
            .by_ref()
            .take(limit)
            .read_until(b'\n', &mut bytes)
            .map_err(ImportError::Read)?;
        if read == 0 {
            return Err(ImportError::Empty);
        }
        if start == 0 && bytes.starts_with(UTF8_BOM) {
            bytes.drain(..UTF8_BOM.len());
        }
        let line = &bytes[start.min(bytes.len())..];
        if line.len() > MAX_HEADER_BYTES {
            return Err(ImportError::HeaderTooLong {
                max: MAX_HEADER_BYTES,
            });
        }
        if !line.iter().all(u8::is_ascii_whitespace) {
            return Ok((bytes.clone(), start));
        }
        if bytes.len() > MAX_HEADER_BYTES {
            return Err(ImportError::HeaderTooLong {
                max: MAX_HEADER_BYTES,
            });
        }
    }
}

/// `;` when the header has more semicolons than commas outside quotes, else `,`.
fn detect_delimiter(header: &[u8]) -> u8 {
    let (mut commas, mut semicolons, mut quoted) = (0usize, 0usize, false);
    for &b in header {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semicolons += 1,
            _ => {}
        }
    }
    if semicolons > commas { b';' } else { b',' }
}

fn csv_error<R: Read>(error: csv::Error, lines: &mut LineCounter<R>) -> ImportError {
    let line = lines.line_of_record_at(error.position().map_or(0, csv::Position::byte));
    match error.kind() {
        csv::ErrorKind::Utf8 { .. } => ImportError::Row {
            line,
            reason: RowError::NotUtf8,
        },
        csv::ErrorKind::Io(_) => ImportError::Read(std::io::Error::other(error)),
        _ => ImportError::Row {
            line,
            reason: RowError::Csv(error),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_delimiter_is_the_more_frequent_one_outside_quotes() {
        assert_eq!(detect_delimiter(b"a,b,c"), b',');
        assert_eq!(detect_delimiter(br#""a;x";"b";"c""#), b';');
        assert_eq!(detect_delimiter(br#""a,b,c";d"#), b';');
        assert_eq!(detect_delimiter(b"abc"), b',');
    }

    #[test]
    fn the_header_line_skips_a_bom_and_blank_lines() {
        let mut input = BufReader::new(&b"\xEF\xBB\xBF\r\n\nDate,Exercise\r\nrest"[..]);
        let (bytes, start) = read_header_line(&mut input).unwrap();
        assert_eq!(&bytes[start..], b"Date,Exercise\r\n");
        assert_eq!(&bytes[..start], b"\r\n\n");
    }

    #[test]
    fn an_empty_or_endless_first_line_is_refused() {
        let mut empty = BufReader::new(&b""[..]);
        assert!(matches!(
            read_header_line(&mut empty),
            Err(ImportError::Empty)
        ));
        let mut blank = BufReader::new(&b"\n\n  \n"[..]);
        assert!(matches!(
            read_header_line(&mut blank),
            Err(ImportError::Empty)
        ));
        let long = vec![b'a'; MAX_HEADER_BYTES + 10];
        let mut long = BufReader::new(&long[..]);
        assert!(matches!(
            read_header_line(&mut long),
            Err(ImportError::HeaderTooLong { .. })
        ));
    }
}
