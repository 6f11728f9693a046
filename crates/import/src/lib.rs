//! # gainsly-import (docs to come)

pub mod error;
pub mod format;
mod lines;
pub mod matching;
pub mod model;
mod parse;
pub mod reader;
pub mod skipped;
pub mod summary;
pub mod time;
pub mod units;
pub mod writer;

pub use error::{ImportError, RowError, WriteError};
pub use format::{Dialect, FORMATS_UNDERSTOOD, Source};
pub use matching::{MatchMethod, Matcher, NameMatch, Suggestion};
pub use model::{ImportedExercise, ImportedSet, ImportedWorkout, SetKind, SetMeasures};
pub use reader::{ImportOptions, WorkoutReader};
pub use skipped::{SkipReason, SkippedRow, SkippedRows};
pub use summary::{ImportSummary, MatchedName, SummaryBuilder, UnmatchedName, summarise};
pub use units::{DisplayUnits, DistanceUnit, Units, WeightUnit};
pub use writer::{StrongCsvWriter, write_strong_csv};
