//! Why an import or an export failed. Each message says what to fix in the file.

use thiserror::Error;

use crate::format::{FORMATS_UNDERSTOOD, Source};
use crate::model::SetRejection;

/// Why a file cannot be imported. Nothing of a failed file should be stored.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("the file is empty")]
    Empty,
    /// The first line ran past [`crate::reader::MAX_HEADER_BYTES`]: not a CSV export.
    #[error("the first line is longer than {max} bytes, so it is no export header")]
    HeaderTooLong { max: usize },
    /// The header is none of the formats understood (listed in the message).
    #[error("unknown format: the header matches none of the formats understood: {}", FORMATS_UNDERSTOOD.join("; "))]
    UnknownFormat,
    /// The caller asked for one source and the header is another one's (or none).
    #[error("not a {} export: {}", expected.name(), match found {
        Some(found) => format!("the header is {}'s", found.name()),
        None => format!("the header matches none of the formats understood: {}", FORMATS_UNDERSTOOD.join("; ")),
    })]
    WrongSource {
        expected: Source,
        found: Option<Source>,
    },
    /// A recognised header without a column its format needs.
    #[error("the {} header has no `{column}` column", format.name())]
    MissingColumn {
        format: Source,
        column: &'static str,
    },
    /// A unit in a header column (`Weight (stone)`) that is not understood.
    #[error("the header column `{column}` names a unit that is not understood")]
    HeaderUnit { column: String },
    /// A row that cannot be read: the line it starts on and why.
    #[error("line {line}: {reason}")]
    Row {
        line: u64,
        #[source]
        reason: RowError,
    },
    #[error("reading the file failed")]
    Read(#[source] std::io::Error),
}

impl ImportError {
    /// The line of the row at fault, when a row is.
    pub fn line(&self) -> Option<u64> {
        match self {
            ImportError::Row { line, .. } => Some(*line),
            _ => None,
        }
    }
}

/// What is wrong with one row.
#[derive(Debug, Error)]
pub enum RowError {
    #[error("{found} fields where the header has {expected}")]
    TooManyFields { found: usize, expected: usize },
    /// FitNotes: more fields than the header, and no way to give the extra
    /// commas to the exercise name or the comment that leaves a valid row.
    #[error(
        "{found} fields where the header has {expected}, and the extra commas fit neither the exercise name nor the comment"
    )]
    UnplaceableCommas { found: usize, expected: usize },
    #[error("`{column}` is empty")]
    Empty { column: String },
    #[error("`{column}`: `{value}` is not a number")]
    NotANumber { column: String, value: String },
    /// A value of the wrong shape; `expected` says which shape.
    #[error("`{column}`: `{value}` is not {expected}")]
    BadValue {
        column: String,
        value: String,
        expected: &'static str,
    },
    /// Measurements no real set can have (out of range, fractional reps).
    #[error(transparent)]
    Set(#[from] SetRejection),
    /// Rows of one workout (one date) reappear after another workout's rows.
    #[error(
        "the rows of the workout of {started} are not together: another workout's rows come between them (sort the file by date)"
    )]
    WorkoutNotContiguous { started: String },
    /// A new exercise name past [`crate::reader::MAX_EXERCISE_NAMES`].
    #[error("more than {max} different exercise names; no workout history has that many")]
    TooManyExerciseNames { max: usize },
    #[error("the text is not valid UTF-8")]
    NotUtf8,
    #[error("malformed CSV")]
    Csv(#[source] csv::Error),
}

/// Why writing a CSV export failed.
#[derive(Debug, Error)]
pub enum WriteError {
    #[error("writing the CSV failed")]
    Csv(#[from] csv::Error),
    #[error("writing the CSV failed")]
    Io(#[from] std::io::Error),
}
