//! FitNotes: one row per set; a workout is the rows sharing one `Date`.
//!
//! FitNotes records a date without a time, so a workout starts at
//! [`crate::time::DATE_ONLY_START`] local time; it has no workout name, so
//! the workout is named after its categories (`Chest, Triceps`). Newer
//! exports have `Weight` and `Weight Unit` columns; older ones `Weight (kgs)`
//! or `Weight (lbs)`. Some newer exports leave commas inside exercise names
//! (and comments) unquoted: a row with more fields than the header gives the
//! extra fields to the exercise name first, then to the trailing `Comment`,
//! taking the first split whose numbers and units all read.

use csv::StringRecord;

use crate::error::{ImportError, RowError};
use crate::format::{Dialect, Header, Source};
use crate::model::{SetKind, SetMeasures};
use crate::parse::{
    Fields, Row, UnitSpec, WorkoutKey, distance_column, distance_m, number, required, set_entry,
    weight_column, weight_kg,
};
use crate::time::{DATE_ONLY_START, parse_clock_duration, parse_date};
use crate::units::{DisplayUnits, DistanceUnit, UnitsSeen, WeightUnit};

#[derive(Debug)]
pub(crate) struct FitNotesLayout {
    date: usize,
    exercise: usize,
    category: Option<usize>,
    weight: Option<usize>,
    weight_unit: UnitSpec<WeightUnit>,
    reps: Option<usize>,
    distance: Option<usize>,
    distance_unit: UnitSpec<DistanceUnit>,
    time: Option<usize>,
    comment: Option<usize>,
}

impl FitNotesLayout {
    pub(crate) fn new(
        header: &Header,
        display: DisplayUnits,
    ) -> Result<(Self, Dialect), ImportError> {
        let (weight, weight_unit, unit_in_header) = weight_column(header, display.weight)?;
        let (distance, distance_unit) = distance_column(header, display.distance)?;
        let layout = FitNotesLayout {
            date: required(header, Source::FitNotes, "Date")?,
            exercise: required(header, Source::FitNotes, "Exercise")?,
            category: header.find("Category"),
            weight,
            weight_unit,
            reps: header.find("Reps"),
            distance,
            distance_unit,
            time: header.find("Time"),
            comment: header.find("Comment"),
        };
        let dialect = if unit_in_header {
            Dialect::FitNotesHeaderUnits
        } else {
            Dialect::FitNotes
        };
        Ok((layout, dialect))
    }

    pub(crate) fn default_weight_unit(&self) -> WeightUnit {
        self.weight_unit.default_unit()
    }

    pub(crate) fn read(
        &self,
        record: &StringRecord,
        header: &Header,
        units: &mut UnitsSeen,
    ) -> Result<Row, RowError> {
        let extra = record.len().saturating_sub(header.len());
        if extra == 0 {
            return self.read_fields(&Fields::exact(record, header)?, header, units);
        }
        // The comment can take extra fields only if it is the last column.
        let rest = self.comment.filter(|c| c + 1 == header.len());
        let splits: Vec<usize> = if rest.is_some() {
            (0..=extra).rev().collect()
        } else {
            vec![extra]
        };
        for name_extra in splits {
            let fields = Fields::shifted(record, self.exercise, name_extra, rest);
            let mut trial_units = *units;
            if let Ok(row) = self.read_fields(&fields, header, &mut trial_units) {
                *units = trial_units;
                return Ok(row);
            }
        }
        Err(RowError::UnplaceableCommas {
            found: record.len(),
            expected: header.len(),
        })
    }

    fn read_fields(
        &self,
        f: &Fields<'_>,
        header: &Header,
        units: &mut UnitsSeen,
    ) -> Result<Row, RowError> {
        let date = f.get(self.date);
        let day = parse_date(&date).ok_or_else(|| RowError::BadValue {
            column: header.name(self.date).to_owned(),
            value: date.trim().to_owned(),
            expected: "a date like 2025-12-05",
        })?;
        let exercise = f.get(self.exercise).trim().to_owned();
        if exercise.is_empty() {
            return Err(RowError::Empty {
                column: header.name(self.exercise).to_owned(),
            });
        }
        let seconds = match self.time {
            Some(c) => {
                let text = f.get(c);
                parse_clock_duration(&text).map_err(|()| RowError::BadValue {
                    column: header.name(c).to_owned(),
                    value: text.trim().to_owned(),
                    expected: "a time like 0:01:30",
                })?
            }
            None => None,
        };
        let measures = SetMeasures {
            weight_kg: weight_kg(f, self.weight, self.weight_unit, header, units)?,
            reps: number(f, self.reps, header)?,
            rpe: None,
            distance_m: distance_m(f, self.distance, self.distance_unit, header)?,
            seconds,
        };
        let entry = set_entry(SetKind::Normal, measures, &f.opt(self.comment))?;
        Ok(Row {
            key: WorkoutKey {
                local: day.and_time(DATE_ONLY_START),
                title: String::new(),
            },
            workout_name: String::new(),
            workout_notes: String::new(),
            duration_minutes: None,
            category: f.opt(self.category).trim().to_owned(),
            exercise,
            exercise_notes: String::new(),
            entry,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::Entry;

    fn header(line: &str) -> Header {
        Header::new(line.split(','))
    }

    fn read(header_line: &str, row: &[&str]) -> Result<Row, RowError> {
        let header = header(header_line);
        let (layout, _) = FitNotesLayout::new(&header, DisplayUnits::metric()).unwrap();
        layout.read(
            &StringRecord::from(row.to_vec()),
            &header,
            &mut UnitsSeen::default(),
        )
    }

    fn set(row: &Row) -> &crate::model::ImportedSet {
        match &row.entry {
            Entry::Set(s) => s,
            other => panic!("not a set: {other:?}"),
        }
    }

    const NEW: &str = "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time";
    const WITH_COMMENT: &str =
        "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment";

    #[test]
    fn unquoted_commas_go_to_the_exercise_name() {
        let row = read(
            NEW,
            &[
                "2025-01-03",
                "Curl",
                " Hammer",
                " Seated",
                "Biceps",
                "20",
                "lbs",
                "10",
                "",
                "",
                "",
            ],
        )
        .unwrap();
        assert_eq!(row.exercise, "Curl, Hammer, Seated");
        assert_eq!(row.category, "Biceps");
        assert_eq!(set(&row).weight_kg(), Some(9.072));
    }

    #[test]
    fn unquoted_commas_go_to_the_comment_when_the_name_cannot_take_them() {
        let row = read(
            WITH_COMMENT,
            &[
                "2025-01-03",
                "Squat",
                "Legs",
                "100",
                "kgs",
                "5",
                "",
                "",
                "",
                "felt good",
                " depth ok",
            ],
        )
        .unwrap();
        assert_eq!(row.exercise, "Squat");
        assert_eq!(set(&row).notes(), Some("felt good, depth ok"));
    }

    #[test]
    fn extra_commas_that_fit_nowhere_are_an_error() {
        let err = read(
            NEW,
            &[
                "2025-01-03",
                "Squat",
                "Legs",
                "100",
                "kgs",
                "5",
                "",
                "",
                "",
                "x",
            ],
        )
        .unwrap_err();
        assert!(matches!(
            err,
            RowError::UnplaceableCommas {
                found: 10,
                expected: 9
            }
        ));
    }

    #[test]
    fn older_exports_put_the_unit_in_the_header() {
        let header = header("Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time");
        let (layout, dialect) = FitNotesLayout::new(&header, DisplayUnits::metric()).unwrap();
        assert_eq!(dialect, Dialect::FitNotesHeaderUnits);
        assert_eq!(layout.default_weight_unit(), WeightUnit::Lb);
    }

    #[test]
    fn time_is_read_into_seconds_and_distance_into_metres() {
        let row = read(
            NEW,
            &[
                "2025-01-03",
                "Treadmill",
                "Cardio",
                "",
                "",
                "",
                "2.5",
                "km",
                "0:15:00",
            ],
        )
        .unwrap();
        assert_eq!(set(&row).distance_m(), Some(2_500.0));
        assert_eq!(set(&row).seconds(), Some(900));
    }
}
