//! # gainsly-import
//!
//! Workout history from other apps: parsers for Strong, Hevy and FitNotes
//! CSV exports, the mapping of their exercise names to Gainsly's catalog,
//! and the writer of Strong's CSV layout. Pure: no database, no HTTP, no
//! async; the input is any [`std::io::Read`] and the output validated values
//! ([`ImportedWorkout`] → [`ImportedExercise`] → [`ImportedSet`]) plus the
//! facts of an import report ([`ImportSummary`]).
//!
//! ## Using it
//!
//! ```
//! use gainsly_import::{DisplayUnits, ImportOptions, Matcher, SummaryBuilder, WorkoutReader};
//!
//! # fn main() -> Result<(), gainsly_import::ImportError> {
//! let body = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
//!             2025-12-05 18:00:00,Legs,Squat (Barbell),1,100,5\n";
//! let options = ImportOptions {
//!     source: None, // ?source=auto: detect from the header
//!     time_zone: chrono_tz::Europe::Berlin,
//!     units: DisplayUnits::from(gainsly_domain::Units::Kg),
//! };
//! let mut matcher = Matcher::new([("My Squat", gainsly_domain::ExerciseId(1))]);
//! let mut reader = WorkoutReader::new(body.as_bytes(), &options)?;
//! let mut summary = SummaryBuilder::default();
//! for workout in reader.by_ref() {
//!     let workout = workout?; // the first bad row ends the import: store nothing
//!     summary.add(&workout);
//!     for exercise in workout.exercises() {
//!         let exercise_id = matcher.resolve(exercise.name()).exercise_id();
//!         // … store the workout; `None` becomes the user's custom exercise
//!     }
//! }
//! let report = summary.finish(&reader, &mut matcher);
//! assert_eq!((report.workouts, report.sets, report.matched.len()), (1, 1, 1));
//! # Ok(())
//! # }
//! ```
//!
//! [`summarise`] is the same loop keeping no workout (a dry run);
//! [`write_strong_csv`] or [`StrongCsvWriter`] write workouts back out.
//!
//! ## Formats
//!
//! The header decides the format ([`Source`], `?source=auto`) and the
//! dialect ([`Dialect`]); columns are found by name, so their order does not
//! matter. A header that is none of them is [`ImportError::UnknownFormat`],
//! whose message lists [`FORMATS_UNDERSTOOD`].
//!
//! | source | dialect | header | units |
//! |---|---|---|---|
//! | Strong | `strong_comma_duration` | `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE` | the user's display units, passed in ([`DisplayUnits`]) |
//! | Strong | `strong_comma` | the same without `Duration` | display units |
//! | Strong | `strong_semicolon_header_units` | `"Workout #";"Date";…;"Duration (sec)";…;"Weight (kg)";…;"Distance (meters)";…` | in the header |
//! | Strong | `strong_semicolon_row_units` | `Date;…;Weight;Weight Unit;…;Distance;Distance Unit;…` | on every row |
//! | Hevy | `hevy` | `title,start_time,end_time,description,exercise_title,…,set_type,weight_kg\|weight_lbs,reps,distance_km\|distance_miles,duration_seconds,rpe` | in the column names |
//! | FitNotes | `fitnotes` | `Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time[,Comment]` | on every row |
//! | FitNotes | `fitnotes_header_units` | `…,Weight (kgs)\|Weight (lbs),…` (older exports) | in the header |
//!
//! A Strong workout is the rows sharing one `Date`; a Hevy workout the rows
//! sharing `start_time` and `title`; a FitNotes workout the rows sharing one
//! `Date`. Within a workout an exercise is a contiguous run of rows with one
//! name, so an exercise done twice (Hevy: bench, rows, bench) is two
//! exercises.
//!
//! ## Quirks handled
//!
//! - UTF-8 with or without a BOM; CRLF or LF (line numbers in errors are the
//!   file's true lines, also across blank lines and quoted line breaks);
//!   quoted fields with commas, quotes and line breaks; emoji anywhere.
//! - `,` or `;` as the delimiter, whichever the header uses more outside
//!   quotes; decimal commas (`72,5`).
//! - Float noise (`74.99999999999999`): weights are rounded to the gram,
//!   distances to the centimetre, RPE to the half point.
//! - Strong's `Set Order`: a number is a normal set, `W` a warm-up, `D` a
//!   drop set, `F` a failure set; `Rest Timer` rows are not sets and are
//!   ignored; a `Note` row's text becomes the exercise's note.
//! - Strong's `Duration` (`56m`, `1h 2m`, `45s`) or `Duration (sec)`;
//!   Hevy's duration is `end_time − start_time`.
//! - Hevy dates like `5 Dec 2025, 11:37`; `set_type` `normal`, `warmup`,
//!   `dropset`, `failure`.
//! - FitNotes has dates without times: a workout starts at 12:00 local time,
//!   which keeps its calendar day in UTC for offsets −12 h to +12 h. It has no
//!   workout names: a workout is named after its categories (`Chest,
//!   Triceps`). Older exports put the unit in the header. Newer ones may lack
//!   `Comment` and leave commas in exercise names unquoted: a row with more
//!   fields than the header gives the extra fields to the exercise name,
//!   else to a trailing `Comment`, taking the first split whose numbers and
//!   units all read.
//! - Units: pounds become kilograms exactly once ([`units::to_kg`],
//!   0.45359237 kg/lb, in the row parsers only); distances become metres.
//! - Times: local times are read in the given IANA zone ([`chrono_tz::Tz`])
//!   and stored in UTC. A time repeated when DST ends reads as its first
//!   occurrence; a time skipped when DST starts as the first valid minute
//!   after it.
//!
//! ## What fails and what is skipped
//!
//! A malformed file fails with an [`ImportError`] naming the line and the
//! reason, so nothing of it is stored. Rows that are well-formed but hold
//! nothing importable are skipped and listed ([`SkippedRows`]: line and
//! [`SkipReason`]; the first 1,000 are listed, all are counted).
//!
//! | case | outcome |
//! |---|---|
//! | empty file, a first line over 64 KiB, an unknown header | error |
//! | `?source=` names another app than the header | error ([`ImportError::WrongSource`]) |
//! | a required column missing, a unit in a header column not understood | error |
//! | a date, number, duration, `Set Order`, `set_type` or unit that does not read | error (column, value, expected shape) |
//! | a set row without an exercise name | error |
//! | more fields than the header (Strong, Hevy), or FitNotes commas that fit nowhere | error |
//! | values no set can have: weight over 1,000 kg, reps fractional or over 1,000, RPE outside 1–10, distance over 1,000 km, time over 24 h | error |
//! | rows of one workout that reappear after another workout's rows | error (sort the file) |
//! | text that is not UTF-8 | error |
//! | more than 2,000 different exercise names | error (no history has that many; bounds matching work) |
//! | a set with no weight, reps, distance or time (zeros count as none) | skipped |
//! | a set with a negative weight (assistance) | skipped |
//! | a `Note` row of an exercise that has no sets | skipped |
//! | a workout none of whose rows is a set | skipped (at its first line) |
//! | `Rest Timer` rows, `Note` rows without text, blank lines | ignored |
//! | fewer fields than the header | the missing trailing columns are empty |
//!
//! ## Streaming and memory
//!
//! [`WorkoutReader`] is an iterator: it buffers only the workout being read
//! and yields it when the next workout's first row arrives. Besides that it
//! keeps the key of each finished workout (to refuse a file whose workouts
//! are not contiguous, rather than import one workout in two halves) and
//! the distinct exercise names (at most 2,000). A 100,000-set file streamed
//! from disk leaves the peak memory unchanged (docs/performance.md,
//! "Imports").
//!
//! ## Exercise names → catalog
//!
//! [`Matcher::resolve`], the first rule that answers wins:
//! 1. the user's aliases (exact name, then normalised name);
//! 2. a catalog exercise's full name, normalised (so Gainsly's own export
//!    comes back as the same exercises);
//! 3. the alias table `data/aliases.json`: the built-in names of Strong,
//!    Hevy and FitNotes (375 names) mapped to catalog slugs;
//! 4. a catalog name without its parenthetical, or a slug, normalised;
//! 5. the most similar catalog exercise, if its score (0–1) reaches
//!    [`matching::FUZZY_THRESHOLD`] (0.85) and beats the next exercise by
//!    [`matching::FUZZY_MARGIN`] (0.03).
//!
//! Normalised: lower case, punctuation to spaces, plurals singular, common
//! spellings unified (`DB` → dumbbell, `pull-up`/`pull up`/`pullups`),
//! filler words dropped, words sorted: `Bench Press (Dumbbell)` is
//! `dumbbell bench press`. The score is the mean of the Sørensen–Dice
//! coefficients of the word sets and of the character bigrams, ×0.5 when
//! the name names equipment the exercise does not use, ×0.8 when one name
//! has a modifier the other lacks (`decline`, `reverse`, `single`, …) or
//! they differ in posture or direction (`seated`/`standing`,
//! `front`/`lateral`). Anything else is unmatched, with the 3 most similar
//! exercises as suggestions. Aliases and exact names have confidence 1.
//! Ties go to the lower exercise id: answers are deterministic.
//!
//! ## Writing Strong's layout
//!
//! [`write_strong_csv`] writes `Date,Workout Name,Duration,Exercise
//! Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE` in
//! kilograms and kilometres with local times; reading it back with the same
//! zone and [`DisplayUnits::metric`] gives the same workouts (a property
//! test), except a start inside an hour repeated at the end of DST.

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
