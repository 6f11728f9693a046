//! Hevy: one row per set; a workout is the rows sharing `start_time` and `title`.
//!
//! Units are in the column names (`weight_kg` or `weight_lbs`,
//! `distance_km` or `distance_miles`); dates look like `5 Dec 2025, 11:37`;
//! the duration is `end_time − start_time`; `set_type` is `normal`,
//! `warmup`, `dropset` or `failure` (empty reads as `normal`).

use crate::error::{ImportError, RowError};
use crate::format::{Dialect, Header, Source};
use crate::model::{SetKind, SetMeasures};
use crate::parse::{
    Entry, Fields, Row, UnitSpec, WorkoutKey, distance_m, number, required, set_entry, weight_kg,
};
use crate::time::parse_hevy_datetime;
use crate::units::{DistanceUnit, UnitsSeen, WeightUnit};

#[derive(Debug)]
pub(crate) struct HevyLayout {
    title: usize,
    start_time: usize,
    end_time: Option<usize>,
    description: Option<usize>,
    exercise_title: usize,
    exercise_notes: Option<usize>,
    set_type: Option<usize>,
    weight: Option<(usize, WeightUnit)>,
    reps: Option<usize>,
    distance: Option<(usize, DistanceUnit)>,
    duration_seconds: Option<usize>,
    rpe: Option<usize>,
}

impl HevyLayout {
    pub(crate) fn new(header: &Header) -> Result<(Self, Dialect), ImportError> {
        let weight = [
            ("weight_kg", WeightUnit::Kg),
            ("weight_lbs", WeightUnit::Lb),
        ]
        .into_iter()
        .find_map(|(name, unit)| header.find(name).map(|i| (i, unit)));
        let distance = [
            ("distance_km", DistanceUnit::Km),
            ("distance_miles", DistanceUnit::Mi),
            ("distance_meters", DistanceUnit::M),
        ]
        .into_iter()
        .find_map(|(name, unit)| header.find(name).map(|i| (i, unit)));
        let layout = HevyLayout {
            title: required(header, Source::Hevy, "title")?,
            start_time: required(header, Source::Hevy, "start_time")?,
            end_time: header.find("end_time"),
            description: header.find("description"),
            exercise_title: required(header, Source::Hevy, "exercise_title")?,
            exercise_notes: header.find("exercise_notes"),
            set_type: header.find("set_type"),
            weight,
            reps: header.find("reps"),
            distance,
            duration_seconds: header.find("duration_seconds"),
            rpe: header.find("rpe"),
        };
        Ok((layout, Dialect::Hevy))
    }

    pub(crate) fn default_weight_unit(&self) -> WeightUnit {
        self.weight.map_or(WeightUnit::Kg, |(_, u)| u)
    }

    pub(crate) fn read(
        &self,
        f: &Fields<'_>,
        header: &Header,
        units: &mut UnitsSeen,
    ) -> Result<Row, RowError> {
        let time = |column: usize| {
            let text = f.get(column);
            parse_hevy_datetime(&text).ok_or_else(|| RowError::BadValue {
                column: header.name(column).to_owned(),
                value: text.trim().to_owned(),
                expected: "a date and time like 5 Dec 2025, 11:37",
            })
        };
        let start = time(self.start_time)?;
        let end = match self.end_time {
            Some(c) if !f.get(c).trim().is_empty() => Some(time(c)?),
            _ => None,
        };
        let duration_minutes = end
            .map(|end| (end - start).num_seconds())
            .filter(|s| *s > 0)
            .and_then(|s| u64::try_from(s).ok())
            .and_then(|s| crate::time::minutes_from_seconds(s).ok());
        let exercise = f.get(self.exercise_title).trim().to_owned();
        if exercise.is_empty() {
            return Err(RowError::Empty {
                column: header.name(self.exercise_title).to_owned(),
            });
        }
        let set_type = f.opt(self.set_type);
        let kind = set_kind(&set_type).ok_or_else(|| RowError::BadValue {
            column: header.name(self.set_type.unwrap_or_default()).to_owned(),
            value: set_type.trim().to_owned(),
            expected: "normal, warmup, dropset or failure",
        })?;
        let measures = SetMeasures {
            weight_kg: weight_kg(
                f,
                self.weight.map(|(c, _)| c),
                UnitSpec::Fixed(self.default_weight_unit()),
                header,
                units,
            )?,
            reps: number(f, self.reps, header)?,
            rpe: number(f, self.rpe, header)?,
            distance_m: match self.distance {
                Some((c, unit)) => distance_m(f, Some(c), UnitSpec::Fixed(unit), header)?,
                None => None,
            },
            seconds: number(f, self.duration_seconds, header)?,
        };
        let entry: Entry = set_entry(kind, measures, "")?;
        Ok(Row {
            key: WorkoutKey {
                local: start,
                title: f.get(self.title).into_owned(),
            },
            workout_name: f.get(self.title).into_owned(),
            workout_notes: f.opt(self.description).into_owned(),
            duration_minutes,
            category: String::new(),
            exercise,
            exercise_notes: f.opt(self.exercise_notes).into_owned(),
            entry,
        })
    }
}

fn set_kind(text: &str) -> Option<SetKind> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "normal" => Some(SetKind::Normal),
        "warmup" | "warm_up" | "warm-up" => Some(SetKind::Warmup),
        "dropset" | "drop_set" | "drop" => Some(SetKind::Drop),
        "failure" => Some(SetKind::Failure),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_type_gives_the_kind() {
        assert_eq!(set_kind("normal"), Some(SetKind::Normal));
        assert_eq!(set_kind(""), Some(SetKind::Normal));
        assert_eq!(set_kind("warmup"), Some(SetKind::Warmup));
        assert_eq!(set_kind("dropset"), Some(SetKind::Drop));
        assert_eq!(set_kind("failure"), Some(SetKind::Failure));
        assert_eq!(set_kind("superset"), None);
    }

    #[test]
    fn units_come_from_the_column_names() {
        let header = Header::new([
            "title",
            "start_time",
            "exercise_title",
            "weight_lbs",
            "distance_miles",
        ]);
        let (layout, dialect) = HevyLayout::new(&header).unwrap();
        assert_eq!(dialect, Dialect::Hevy);
        assert_eq!(layout.default_weight_unit(), WeightUnit::Lb);
        assert_eq!(layout.distance, Some((4, DistanceUnit::Mi)));
        let missing = Header::new(["title", "start_time", "weight_kg"]);
        assert!(matches!(
            HevyLayout::new(&missing),
            Err(ImportError::MissingColumn {
                column: "exercise_title",
                ..
            })
        ));
    }
}
