//! Rows that were read but hold nothing importable, and why.

use std::fmt;

use serde::Serialize;

/// At most this many skipped rows are listed; the rest are only counted.
pub const MAX_SKIPPED_LISTED: usize = 1_000;

/// Why a well-formed row was skipped rather than failing the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SkipReason {
    /// A set row with no weight, reps, distance or time (an unfinished set).
    NoValues,
    /// A set with a negative weight (some apps log assistance so).
    NegativeWeight,
    /// An exercise note (Strong `Note` row) of an exercise that has no sets.
    NoteWithoutSets,
    /// A workout none of whose rows is a set; reported at its first row.
    WorkoutWithoutSets,
}

impl SkipReason {
    /// The sentence a report shows.
    pub const fn message(self) -> &'static str {
        match self {
            SkipReason::NoValues => "a set with no weight, reps, distance or time",
            SkipReason::NegativeWeight => {
                "a set with a negative weight (assistance is not imported)"
            }
            SkipReason::NoteWithoutSets => "an exercise note of an exercise with no sets",
            SkipReason::WorkoutWithoutSets => "a workout with no sets",
        }
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// One skipped row: the line it starts on and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    pub line: u64,
    pub reason: SkipReason,
}

/// The skipped rows of a file: the first [`MAX_SKIPPED_LISTED`] and how many in all.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SkippedRows {
    listed: Vec<SkippedRow>,
    total: usize,
}

impl SkippedRows {
    pub(crate) fn push(&mut self, line: u64, reason: SkipReason) {
        self.total += 1;
        if self.listed.len() < MAX_SKIPPED_LISTED {
            self.listed.push(SkippedRow { line, reason });
        }
    }

    /// The listed rows, in file order.
    pub fn listed(&self) -> &[SkippedRow] {
        &self.listed
    }

    /// How many rows were skipped, listed or not.
    pub fn total(&self) -> usize {
        self.total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_first_thousand_are_listed_but_all_are_counted() {
        let mut rows = SkippedRows::default();
        for line in 0..1_500 {
            rows.push(line, SkipReason::NoValues);
        }
        assert_eq!(rows.total(), 1_500);
        assert_eq!(rows.listed().len(), MAX_SKIPPED_LISTED);
        assert_eq!(rows.listed()[999].line, 999);
    }
}
