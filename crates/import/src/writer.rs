//! Workouts → Strong's comma layout, so tools that read Strong exports read ours.
//!
//! `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE`,
//! one row per set, times local to the given zone, weights in kilograms and
//! distances in kilometres (read it back with [`DisplayUnits::metric`]).
//! Like Strong, unused measurements are `0` and a missing RPE is empty; an
//! exercise's note is a `Note` row before its sets. Reading the output with
//! the same zone gives the same workouts back, except a start inside the
//! hour repeated when DST ends, which reads as its first occurrence (the
//! layout has no offset to tell them apart).
//!
//! The layout groups rows into workouts by `Date`, so workouts must start at
//! different seconds to come back apart: two written with one start read
//! as one workout (or, if others come between them, fail as not contiguous).
//! An exporter of logs that carry only a date should give each its own time.
//!
//! [`DisplayUnits::metric`]: crate::units::DisplayUnits::metric

use std::io::Write;

use chrono_tz::Tz;
use csv::WriterBuilder;

use crate::error::WriteError;
use crate::model::{ImportedExercise, ImportedSet, ImportedWorkout, SetKind};

/// The header row.
pub const STRONG_HEADER: [&str; 12] = [
    "Date",
    "Workout Name",
    "Duration",
    "Exercise Name",
    "Set Order",
    "Weight",
    "Reps",
    "Distance",
    "Seconds",
    "Notes",
    "Workout Notes",
    "RPE",
];

/// Writes workouts one at a time (an export streams as it reads its rows).
#[derive(Debug)]
pub struct StrongCsvWriter<W: Write> {
    csv: csv::Writer<W>,
    time_zone: Tz,
}

impl<W: Write> StrongCsvWriter<W> {
    /// Writes the header.
    pub fn new(out: W, time_zone: Tz) -> Result<Self, WriteError> {
        let mut csv = WriterBuilder::new().from_writer(out);
        csv.write_record(STRONG_HEADER)?;
        Ok(StrongCsvWriter { csv, time_zone })
    }

    pub fn write(&mut self, workout: &ImportedWorkout) -> Result<(), WriteError> {
        let date = workout
            .started_at()
            .with_timezone(&self.time_zone)
            .format("%Y-%m-%d %H:%M:%S")
            .to_string();
        let duration = workout
            .duration_minutes()
            .map(duration_text)
            .unwrap_or_default();
        let workout_notes = workout.notes().unwrap_or("");
        for exercise in workout.exercises() {
            let row = |set_order: &str, measures: [String; 5], notes: &str| {
                let [weight, reps, distance, seconds, rpe] = measures;
                [
                    date.clone(),
                    workout.name().to_owned(),
                    duration.clone(),
                    exercise.name().to_owned(),
                    set_order.to_owned(),
                    weight,
                    reps,
                    distance,
                    seconds,
                    notes.to_owned(),
                    workout_notes.to_owned(),
                    rpe,
                ]
            };
            if let Some(note) = exercise.notes() {
                let zeros = ["0", "0", "0", "0", ""].map(str::to_owned);
                self.csv.write_record(row("Note", zeros, note))?;
            }
            for (set, order) in exercise.sets().iter().zip(set_orders(exercise)) {
                self.csv
                    .write_record(row(&order, measures(set), set.notes().unwrap_or("")))?;
            }
        }
        Ok(())
    }

    /// Flushes and gives the output back.
    pub fn finish(self) -> Result<W, WriteError> {
        self.csv
            .into_inner()
            .map_err(|e| WriteError::Io(e.into_error()))
    }
}

/// Writes `workouts` in Strong's comma layout, then gives the output back.
pub fn write_strong_csv<'a, W: Write>(
    out: W,
    workouts: impl IntoIterator<Item = &'a ImportedWorkout>,
    time_zone: Tz,
) -> Result<W, WriteError> {
    let mut writer = StrongCsvWriter::new(out, time_zone)?;
    for workout in workouts {
        writer.write(workout)?;
    }
    writer.finish()
}

/// `W`, `D`, `F`, or the running number of the exercise's normal sets.
fn set_orders(exercise: &ImportedExercise) -> impl Iterator<Item = String> + '_ {
    let mut normal = 0u32;
    exercise.sets().iter().map(move |s| match s.kind() {
        SetKind::Warmup => "W".to_owned(),
        SetKind::Drop => "D".to_owned(),
        SetKind::Failure => "F".to_owned(),
        SetKind::Normal => {
            normal += 1;
            normal.to_string()
        }
    })
}

/// Weight (kg), reps, distance (km), seconds, RPE: `0` for unused, RPE empty.
fn measures(set: &ImportedSet) -> [String; 5] {
    let zero_or = |v: Option<String>| v.unwrap_or_else(|| "0".to_owned());
    [
        zero_or(set.weight_kg().map(|w| w.to_string())),
        zero_or(set.reps().map(|r| r.to_string())),
        zero_or(set.distance_m().map(|m| (m / 1_000.0).to_string())),
        zero_or(set.seconds().map(|s| s.to_string())),
        set.rpe().map(|r| r.to_string()).unwrap_or_default(),
    ]
}

/// Strong's duration: `56m`, `1h 2m`.
fn duration_text(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, m) => format!("{h}h {m}m"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::model::SetMeasures;
    use crate::reader::{ImportOptions, WorkoutReader};

    fn set(kind: SetKind, weight: f64, reps: f64, notes: Option<&str>) -> ImportedSet {
        ImportedSet::new(
            kind,
            SetMeasures {
                weight_kg: Some(weight),
                reps: Some(reps),
                ..SetMeasures::default()
            },
            notes,
        )
        .unwrap()
    }

    fn sample() -> ImportedWorkout {
        let bench = ImportedExercise::new(
            "Bench Press (Barbell)",
            Some("Pause, then press"),
            vec![
                set(SetKind::Warmup, 40.0, 10.0, None),
                set(SetKind::Normal, 80.0, 5.0, Some("easy")),
                set(SetKind::Normal, 82.5, 5.0, None),
                set(SetKind::Drop, 60.0, 8.0, None),
            ],
        )
        .unwrap();
        let run = ImportedExercise::new(
            "Running",
            None,
            vec![
                ImportedSet::new(
                    SetKind::Normal,
                    SetMeasures {
                        distance_m: Some(5_000.0),
                        seconds: Some(1_500.0),
                        ..SetMeasures::default()
                    },
                    None,
                )
                .unwrap(),
            ],
        )
        .unwrap();
        ImportedWorkout::new(
            Utc.with_ymd_and_hms(2025, 7, 1, 16, 5, 0).unwrap(),
            "Push, \"heavy\" 💪",
            Some(62),
            Some("line one\nline two"),
            vec![bench, run],
        )
        .unwrap()
    }

    #[test]
    fn the_output_is_strongs_comma_layout() {
        let out = write_strong_csv(Vec::new(), [&sample()], chrono_tz::Europe::Berlin).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], STRONG_HEADER.join(","));
        assert_eq!(
            lines[1],
            r#"2025-07-01 18:05:00,"Push, ""heavy"" 💪",1h 2m,Bench Press (Barbell),Note,0,0,0,0,"Pause, then press","line one"#
        );
        assert_eq!(
            lines[3],
            r#"2025-07-01 18:05:00,"Push, ""heavy"" 💪",1h 2m,Bench Press (Barbell),W,40,10,0,0,,"line one"#
        );
        assert!(lines[5].contains(",1,80,5,0,0,easy,"), "{}", lines[5]);
        assert!(lines[7].contains(",2,82.5,5,0,0,,"), "{}", lines[7]);
        assert!(lines[9].contains(",D,60,8,0,0,,"), "{}", lines[9]);
        assert!(
            lines[11].contains(",Running,1,0,0,5,1500,,"),
            "{}",
            lines[11]
        );
    }

    #[test]
    fn reading_the_output_gives_the_workout_back() {
        let tz = chrono_tz::America::New_York;
        let out = write_strong_csv(Vec::new(), [&sample()], tz).unwrap();
        let options = ImportOptions {
            time_zone: tz,
            ..ImportOptions::default()
        };
        let read: Vec<_> = WorkoutReader::new(&out[..], &options)
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(read, [sample()]);
    }

    #[test]
    fn durations_read_like_strongs() {
        assert_eq!(duration_text(56), "56m");
        assert_eq!(duration_text(60), "1h 0m");
        assert_eq!(duration_text(62), "1h 2m");
        assert_eq!(duration_text(600), "10h 0m");
    }
}
