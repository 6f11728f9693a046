//! One CSV record → one neutral [`Row`], per format.
//!
//! Each format module turns its header into a layout (column indices and
//! where each unit comes from) once, then reads every record with it. The
//! reader groups rows into workouts; nothing here keeps state across rows
//! except the weight units seen, for the report.

pub(crate) mod fitnotes;
pub(crate) mod hevy;
pub(crate) mod strong;

use std::borrow::Cow;

use chrono::NaiveDateTime;
use csv::StringRecord;

use crate::error::{ImportError, RowError};
use crate::format::{Dialect, Header, Source};
use crate::model::{ImportedSet, SetKind, SetMeasures, SetRejection};
use crate::skipped::SkipReason;
use crate::units::{
    DisplayUnits, DistanceUnit, UnitsSeen, WeightUnit, parse_number, to_kg, to_metres,
};

/// What identifies one workout's rows: its local start and, for Hevy, its title.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct WorkoutKey {
    pub(crate) local: NaiveDateTime,
    pub(crate) title: String,
}

/// One record, read.
#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) key: WorkoutKey,
    pub(crate) workout_name: String,
    pub(crate) workout_notes: String,
    pub(crate) duration_minutes: Option<u32>,
    /// FitNotes' category, which names a workout that has no name.
    pub(crate) category: String,
    pub(crate) exercise: String,
    pub(crate) exercise_notes: String,
    pub(crate) entry: Entry,
}

/// What a row holds for its exercise.
#[derive(Debug)]
pub(crate) enum Entry {
    Set(ImportedSet),
    /// Strong's `Note` row: a note on the exercise.
    Note(String),
    /// Strong's `Rest Timer` row (and a `Note` row without text): not a set, nothing to keep.
    NotASet,
    Skip(SkipReason),
}

/// A format's layout, built from its header.
#[derive(Debug)]
pub(crate) enum Layout {
    Strong(strong::StrongLayout),
    Hevy(hevy::HevyLayout),
    FitNotes(fitnotes::FitNotesLayout),
}

impl Layout {
    /// The layout for `header`, which is `source`'s.
    pub(crate) fn new(
        source: Source,
        header: &Header,
        display: DisplayUnits,
    ) -> Result<(Layout, Dialect), ImportError> {
        Ok(match source {
            Source::Strong => {
                let (l, d) = strong::StrongLayout::new(header, display)?;
                (Layout::Strong(l), d)
            }
            Source::Hevy => {
                let (l, d) = hevy::HevyLayout::new(header)?;
                (Layout::Hevy(l), d)
            }
            Source::FitNotes => {
                let (l, d) = fitnotes::FitNotesLayout::new(header, display)?;
                (Layout::FitNotes(l), d)
            }
        })
    }

    pub(crate) fn read(
        &self,
        record: &StringRecord,
        header: &Header,
        units: &mut UnitsSeen,
    ) -> Result<Row, RowError> {
        match self {
            Layout::Strong(l) => l.read(&Fields::exact(record, header)?, header, units),
            Layout::Hevy(l) => l.read(&Fields::exact(record, header)?, header, units),
            Layout::FitNotes(l) => l.read(record, header, units),
        }
    }

    /// The weight unit a file without per-row units is in.
    pub(crate) fn default_weight_unit(&self) -> WeightUnit {
        match self {
            Layout::Strong(l) => l.default_weight_unit(),
            Layout::Hevy(l) => l.default_weight_unit(),
            Layout::FitNotes(l) => l.default_weight_unit(),
        }
    }
}

/// A record's fields by header column. FitNotes' unquoted commas are undone
/// here: `name_extra` more fields belong to the name column, and whatever is
/// left over past the columns belongs to `rest` (the last column, if set).
#[derive(Debug)]
pub(crate) struct Fields<'a> {
    record: &'a StringRecord,
    name: usize,
    name_extra: usize,
    rest: Option<usize>,
}

impl<'a> Fields<'a> {
    /// Fields one per column; more fields than the header is an error, fewer
    /// are empty trailing columns.
    pub(crate) fn exact(record: &'a StringRecord, header: &Header) -> Result<Self, RowError> {
        if record.len() > header.len() {
            return Err(RowError::TooManyFields {
                found: record.len(),
                expected: header.len(),
            });
        }
        Ok(Fields {
            record,
            name: usize::MAX,
            name_extra: 0,
            rest: None,
        })
    }

    /// Fields where column `name` spans `1 + name_extra` fields and column
    /// `rest` (the last) takes every field after its own start.
    pub(crate) fn shifted(
        record: &'a StringRecord,
        name: usize,
        name_extra: usize,
        rest: Option<usize>,
    ) -> Self {
        Fields {
            record,
            name,
            name_extra,
            rest,
        }
    }

    pub(crate) fn get(&self, column: usize) -> Cow<'a, str> {
        let field = |i: usize| self.record.get(i).unwrap_or("");
        if column < self.name || self.name == usize::MAX {
            return Cow::Borrowed(field(column));
        }
        if column == self.name {
            return join(self.record, column, column + self.name_extra + 1);
        }
        let start = column + self.name_extra;
        if Some(column) == self.rest {
            return join(self.record, start, self.record.len().max(start + 1));
        }
        Cow::Borrowed(field(start))
    }

    pub(crate) fn opt(&self, column: Option<usize>) -> Cow<'a, str> {
        column.map_or(Cow::Borrowed(""), |c| self.get(c))
    }
}

/// Fields `from..to` joined by commas (borrowed when it is one field).
fn join(record: &StringRecord, from: usize, to: usize) -> Cow<'_, str> {
    if to <= from + 1 {
        return Cow::Borrowed(record.get(from).unwrap_or(""));
    }
    let parts: Vec<&str> = (from..to).filter_map(|i| record.get(i)).collect();
    Cow::Owned(parts.join(","))
}

/// Where a column's unit comes from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum UnitSpec<U> {
    /// The header's unit, or the user's display unit.
    Fixed(U),
    /// A column on every row; empty means the display unit.
    Column(usize, U),
}

/// A number from a column, naming it on failure.
pub(crate) fn number(
    fields: &Fields<'_>,
    column: Option<usize>,
    header: &Header,
) -> Result<Option<f64>, RowError> {
    let Some(column) = column else {
        return Ok(None);
    };
    let text = fields.get(column);
    parse_number(&text).map_err(|()| RowError::NotANumber {
        column: header.name(column).to_owned(),
        value: text.trim().to_owned(),
    })
}

/// A weight from a column, in kilograms (the one conversion), recording its unit.
pub(crate) fn weight_kg(
    fields: &Fields<'_>,
    column: Option<usize>,
    unit: UnitSpec<WeightUnit>,
    header: &Header,
    seen: &mut UnitsSeen,
) -> Result<Option<f64>, RowError> {
    let Some(value) = number(fields, column, header)? else {
        return Ok(None);
    };
    let unit = match unit {
        UnitSpec::Fixed(u) => u,
        UnitSpec::Column(c, default) => {
            let text = fields.get(c);
            if text.trim().is_empty() {
                default
            } else {
                WeightUnit::parse(&text).ok_or_else(|| RowError::BadValue {
                    column: header.name(c).to_owned(),
                    value: text.trim().to_owned(),
                    expected: "a weight unit (kg, kgs, lb, lbs)",
                })?
            }
        }
    };
    seen.record(unit);
    Ok(Some(to_kg(value, unit)))
}

/// A distance from a column, in metres (the one conversion).
pub(crate) fn distance_m(
    fields: &Fields<'_>,
    column: Option<usize>,
    unit: UnitSpec<DistanceUnit>,
    header: &Header,
) -> Result<Option<f64>, RowError> {
    let Some(value) = number(fields, column, header)? else {
        return Ok(None);
    };
    let unit = match unit {
        UnitSpec::Fixed(u) => u,
        UnitSpec::Column(c, default) => {
            let text = fields.get(c);
            if text.trim().is_empty() {
                default
            } else {
                DistanceUnit::parse(&text).ok_or_else(|| RowError::BadValue {
                    column: header.name(c).to_owned(),
                    value: text.trim().to_owned(),
                    expected: "a distance unit (m, km, mi, ft, yd)",
                })?
            }
        }
    };
    Ok(Some(to_metres(value, unit)))
}

/// The set of a row, a skipped row, or the error that fails the import.
///
/// Empty sets and negative weights are skipped (the file is sound, the row
/// holds nothing importable); impossible values fail the import.
pub(crate) fn set_entry(
    kind: SetKind,
    measures: SetMeasures,
    notes: &str,
) -> Result<Entry, RowError> {
    match ImportedSet::new(kind, measures, Some(notes)) {
        Ok(set) => Ok(Entry::Set(set)),
        Err(SetRejection::NoValues) => Ok(Entry::Skip(SkipReason::NoValues)),
        Err(SetRejection::NegativeWeight(_)) => Ok(Entry::Skip(SkipReason::NegativeWeight)),
        Err(other) => Err(RowError::Set(other)),
    }
}

/// A required column's index, or the error naming it.
pub(crate) fn required(
    header: &Header,
    source: Source,
    column: &'static str,
) -> Result<usize, ImportError> {
    header.find(column).ok_or(ImportError::MissingColumn {
        format: source,
        column,
    })
}

/// A weight column: `Weight` with a `Weight Unit` column, `Weight (kg)`, or
/// plain `Weight` in `display` units. Returns the index, the unit spec and
/// whether the unit came from the header.
pub(crate) fn weight_column(
    header: &Header,
    display: WeightUnit,
) -> Result<(Option<usize>, UnitSpec<WeightUnit>, bool), ImportError> {
    if let Some((i, unit)) = header.find_with_unit("Weight") {
        let unit = WeightUnit::parse(unit).ok_or_else(|| ImportError::HeaderUnit {
            column: header.name(i).to_owned(),
        })?;
        return Ok((Some(i), UnitSpec::Fixed(unit), true));
    }
    let column = header.find("Weight");
    let unit = match header.find("Weight Unit") {
        Some(u) => UnitSpec::Column(u, display),
        None => UnitSpec::Fixed(display),
    };
    Ok((column, unit, false))
}

/// A distance column, like [`weight_column`].
pub(crate) fn distance_column(
    header: &Header,
    display: DistanceUnit,
) -> Result<(Option<usize>, UnitSpec<DistanceUnit>), ImportError> {
    if let Some((i, unit)) = header.find_with_unit("Distance") {
        let unit = DistanceUnit::parse(unit).ok_or_else(|| ImportError::HeaderUnit {
            column: header.name(i).to_owned(),
        })?;
        return Ok((Some(i), UnitSpec::Fixed(unit)));
    }
    let column = header.find("Distance");
    let unit = match header.find("Distance Unit") {
        Some(u) => UnitSpec::Column(u, display),
        None => UnitSpec::Fixed(display),
    };
    Ok((column, unit))
}

impl<U: Copy> UnitSpec<U> {
    pub(crate) fn default_unit(self) -> U {
        match self {
            UnitSpec::Fixed(u) | UnitSpec::Column(_, u) => u,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_fields_give_extra_commas_to_the_name_and_the_rest() {
        let record = StringRecord::from(vec![
            "2025-01-01",
            "Curl",
            " Hammer",
            "Biceps",
            "20",
            "kgs",
            "note",
            " more",
        ]);
        let f = Fields::shifted(&record, 1, 1, Some(5));
        assert_eq!(f.get(0), "2025-01-01");
        assert_eq!(f.get(1), "Curl, Hammer");
        assert_eq!(f.get(2), "Biceps");
        assert_eq!(f.get(3), "20");
        assert_eq!(f.get(4), "kgs");
        assert_eq!(f.get(5), "note, more");
        assert_eq!(f.get(9), "");
    }

    #[test]
    fn exact_fields_refuse_extra_fields_and_pad_missing_ones() {
        let header = Header::new(["a", "b"]);
        let long = StringRecord::from(vec!["1", "2", "3"]);
        assert!(matches!(
            Fields::exact(&long, &header),
            Err(RowError::TooManyFields {
                found: 3,
                expected: 2
            })
        ));
        let short = StringRecord::from(vec!["1"]);
        let f = Fields::exact(&short, &header).unwrap();
        assert_eq!((f.get(0).as_ref(), f.get(1).as_ref()), ("1", ""));
    }
}
