//! Strong: one row per set, a workout is the rows sharing one `Date`.
//!
//! All four dialects are one layout read from the header by column name:
//! where the weight unit comes from (a `Weight Unit` column, `Weight (kg)`
//! in the header, or the user's display unit) and whether a `Duration`
//! (`1h 2m`) or `Duration (sec)` column exists decide the dialect. The
//! delimiter is detected separately, so any of them may use either.

use crate::error::{ImportError, RowError};
use crate::format::{Dialect, Header, Source};
use crate::model::{SetKind, SetMeasures};
use crate::parse::{
    Entry, Fields, Row, UnitSpec, WorkoutKey, distance_column, distance_m, number, required,
    set_entry, weight_column, weight_kg,
};
use crate::time::{minutes_from_seconds, parse_duration_text, parse_strong_datetime};
use crate::units::{DisplayUnits, DistanceUnit, UnitsSeen, WeightUnit};

#[derive(Debug, Clone, Copy)]
enum DurationStyle {
    /// `56m`, `1h 2m`.
    Text,
    /// `Duration (sec)`: a number of seconds.
    Seconds,
}

#[derive(Debug)]
pub(crate) struct StrongLayout {
    date: usize,
    workout_name: usize,
    duration: Option<(usize, DurationStyle)>,
    exercise: usize,
    set_order: usize,
    weight: Option<usize>,
    weight_unit: UnitSpec<WeightUnit>,
    reps: Option<usize>,
    rpe: Option<usize>,
    distance: Option<usize>,
    distance_unit: UnitSpec<DistanceUnit>,
    seconds: Option<usize>,
    notes: Option<usize>,
    workout_notes: Option<usize>,
}

impl StrongLayout {
    pub(crate) fn new(
        header: &Header,
        display: DisplayUnits,
    ) -> Result<(Self, Dialect), ImportError> {
        let (weight, weight_unit, unit_in_header) = weight_column(header, display.weight)?;
        let (distance, distance_unit) = distance_column(header, display.distance)?;
        let duration = match header.find_with_unit("Duration") {
            Some((i, unit)) => match unit.to_ascii_lowercase().as_str() {
                "sec" | "secs" | "seconds" | "s" => Some((i, DurationStyle::Seconds)),
                _ => {
                    return Err(ImportError::HeaderUnit {
                        column: header.name(i).to_owned(),
                    });
                }
            },
            None => header.find("Duration").map(|i| (i, DurationStyle::Text)),
        };
        let dialect = match (weight_unit, unit_in_header, duration) {
            (UnitSpec::Column(..), _, _) => Dialect::StrongSemicolonRowUnits,
            (_, true, _) => Dialect::StrongSemicolonHeaderUnits,
            (_, false, Some(_)) => Dialect::StrongCommaDuration,
            (_, false, None) => Dialect::StrongComma,
        };
        let layout = StrongLayout {
            date: required(header, Source::Strong, "Date")?,
            workout_name: required(header, Source::Strong, "Workout Name")?,
            duration,
            exercise: required(header, Source::Strong, "Exercise Name")?,
            set_order: required(header, Source::Strong, "Set Order")?,
            weight,
            weight_unit,
            reps: header.find("Reps"),
            rpe: header.find("RPE"),
            distance,
            distance_unit,
            seconds: header.find("Seconds"),
            notes: header.find("Notes"),
            workout_notes: header.find("Workout Notes"),
        };
        Ok((layout, dialect))
    }

    pub(crate) fn default_weight_unit(&self) -> WeightUnit {
        self.weight_unit.default_unit()
    }

    pub(crate) fn read(
        &self,
        f: &Fields<'_>,
        header: &Header,
        units: &mut UnitsSeen,
    ) -> Result<Row, RowError> {
        let date = f.get(self.date);
        let local = parse_strong_datetime(&date).ok_or_else(|| RowError::BadValue {
            column: header.name(self.date).to_owned(),
            value: date.trim().to_owned(),
            expected: "a date and time like 2025-12-05 11:37:02",
        })?;
        let exercise = f.get(self.exercise).trim().to_owned();
        let set_order = f.get(self.set_order);
        let set_order = set_order.trim();
        let notes = f.opt(self.notes);
        let entry = if set_order.eq_ignore_ascii_case("rest timer") {
            Entry::NotASet
        } else if set_order.eq_ignore_ascii_case("note") {
            match notes.trim() {
                "" => Entry::NotASet,
                text => Entry::Note(text.to_owned()),
            }
        } else {
            let kind = set_kind(set_order).ok_or_else(|| RowError::BadValue {
                column: header.name(self.set_order).to_owned(),
                value: set_order.to_owned(),
                expected: "a set number, W, D, F, Rest Timer or Note",
            })?;
            if exercise.is_empty() {
                return Err(RowError::Empty {
                    column: header.name(self.exercise).to_owned(),
                });
            }
            let measures = SetMeasures {
                weight_kg: weight_kg(f, self.weight, self.weight_unit, header, units)?,
                reps: number(f, self.reps, header)?,
                rpe: number(f, self.rpe, header)?,
                distance_m: distance_m(f, self.distance, self.distance_unit, header)?,
                seconds: number(f, self.seconds, header)?,
            };
            set_entry(kind, measures, &notes)?
        };
        Ok(Row {
            key: WorkoutKey {
                local,
                title: String::new(),
            },
            workout_name: f.get(self.workout_name).into_owned(),
            workout_notes: f.opt(self.workout_notes).into_owned(),
            duration_minutes: self.duration(f, header)?,
            category: String::new(),
            exercise,
            exercise_notes: String::new(),
            entry,
        })
    }

    fn duration(&self, f: &Fields<'_>, header: &Header) -> Result<Option<u32>, RowError> {
        let Some((column, style)) = self.duration else {
            return Ok(None);
        };
        let text = f.get(column);
        let bad = || RowError::BadValue {
            column: header.name(column).to_owned(),
            value: text.trim().to_owned(),
            expected: match style {
                DurationStyle::Text => "a duration like 1h 2m",
                DurationStyle::Seconds => "a number of seconds",
            },
        };
        match style {
            DurationStyle::Text => parse_duration_text(&text).map_err(|()| bad()),
            DurationStyle::Seconds => match number(f, Some(column), header)? {
                None => Ok(None),
                Some(s) if s.is_sign_negative() => Err(bad()),
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                // non-negative and finite; `as` saturates above u64::MAX
                Some(s) => minutes_from_seconds(s.round() as u64)
                    .map(Some)
                    .map_err(|()| bad()),
            },
        }
    }
}

/// `Set Order`: a number is a normal set, `W` a warm-up, `D` a drop set, `F` a failure set.
fn set_kind(text: &str) -> Option<SetKind> {
    match text {
        "W" | "w" => Some(SetKind::Warmup),
        "D" | "d" => Some(SetKind::Drop),
        "F" | "f" => Some(SetKind::Failure),
        _ if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => Some(SetKind::Normal),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_order_gives_the_kind() {
        assert_eq!(set_kind("1"), Some(SetKind::Normal));
        assert_eq!(set_kind("12"), Some(SetKind::Normal));
        assert_eq!(set_kind("W"), Some(SetKind::Warmup));
        assert_eq!(set_kind("D"), Some(SetKind::Drop));
        assert_eq!(set_kind("F"), Some(SetKind::Failure));
        assert_eq!(set_kind("X"), None);
        assert_eq!(set_kind(""), None);
        assert_eq!(set_kind("1.5"), None);
    }

    fn layout(line: &str, delimiter: char) -> Result<(StrongLayout, Dialect), ImportError> {
        let header = Header::new(line.split(delimiter).map(|f| f.trim_matches('"')));
        StrongLayout::new(&header, DisplayUnits::imperial())
    }

    #[test]
    fn the_header_decides_the_dialect() {
        let d = |line, delimiter| layout(line, delimiter).map(|(_, d)| d).unwrap();
        assert_eq!(
            d(
                "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
                ','
            ),
            Dialect::StrongCommaDuration
        );
        assert_eq!(
            d(
                "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
                ','
            ),
            Dialect::StrongComma
        );
        assert_eq!(
            d(
                r#""Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes""#,
                ';'
            ),
            Dialect::StrongSemicolonHeaderUnits
        );
        assert_eq!(
            d(
                "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes",
                ';'
            ),
            Dialect::StrongSemicolonRowUnits
        );
    }

    #[test]
    fn a_header_without_a_needed_column_or_with_an_unknown_unit_is_refused() {
        assert!(matches!(
            layout("Date,Exercise Name,Set Order,Weight,Reps", ','),
            Err(ImportError::MissingColumn {
                column: "Workout Name",
                ..
            })
        ));
        assert!(matches!(
            layout(
                "Date,Workout Name,Exercise Name,Set Order,Weight (stone),Reps",
                ','
            ),
            Err(ImportError::HeaderUnit { .. })
        ));
        assert!(matches!(
            layout(
                "Date,Workout Name,Duration (fortnights),Exercise Name,Set Order",
                ','
            ),
            Err(ImportError::HeaderUnit { .. })
        ));
    }
}
