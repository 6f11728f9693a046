//! Each format, dialect and quirk, read from fixture files written for it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use gainsly_import::{
    Dialect, DisplayUnits, ImportError, ImportOptions, ImportedWorkout, RowError, SetKind,
    SkipReason, Source, Units, WorkoutReader,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct Read {
    workouts: Vec<ImportedWorkout>,
    source: Source,
    dialect: Dialect,
    units: Units,
    skipped: Vec<(u64, SkipReason)>,
}

fn options(tz: Tz, units: DisplayUnits) -> ImportOptions {
    ImportOptions {
        source: None,
        time_zone: tz,
        units,
    }
}

fn read_with(name: &str, options: ImportOptions) -> Result<Read, ImportError> {
    let bytes = fixture(name);
    let mut reader = WorkoutReader::new(&bytes[..], &options)?;
    let workouts = reader.by_ref().collect::<Result<Vec<_>, _>>()?;
    Ok(Read {
        workouts,
        source: reader.source(),
        dialect: reader.dialect(),
        units: reader.units(),
        skipped: reader
            .skipped()
            .listed()
            .iter()
            .map(|s| (s.line, s.reason))
            .collect(),
    })
}

fn read(name: &str, tz: Tz) -> Read {
    read_with(name, options(tz, DisplayUnits::metric())).unwrap()
}

fn utc(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

fn kinds(workout: &ImportedWorkout, exercise: usize) -> Vec<SetKind> {
    workout.exercises()[exercise]
        .sets()
        .iter()
        .map(|s| s.kind())
        .collect()
}

fn names(workout: &ImportedWorkout) -> Vec<&str> {
    workout.exercises().iter().map(|e| e.name()).collect()
}

fn set_count(read: &Read) -> usize {
    read.workouts.iter().map(ImportedWorkout::set_count).sum()
}

#[test]
fn strong_comma_with_duration_in_display_pounds() {
    let r = read_with(
        "strong_comma_duration.csv",
        options(chrono_tz::America::New_York, DisplayUnits::imperial()),
    )
    .unwrap();
    assert_eq!(
        (r.source, r.dialect, r.units),
        (Source::Strong, Dialect::StrongCommaDuration, Units::Lb)
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (2, 9));

    let push = &r.workouts[0];
    assert_eq!(push.started_at(), utc("2025-03-04T23:05:10Z"));
    assert_eq!(push.name(), "Push Day 💪");
    assert_eq!(push.duration_minutes(), Some(62));
    assert_eq!(push.notes(), Some("Felt strong, slept well"));
    assert_eq!(
        names(push),
        ["Bench Press (Barbell)", "Lateral Raise (Dumbbell)"]
    );
    // The Rest Timer row is not a set; W and F keep their kinds.
    assert_eq!(
        kinds(push, 0),
        [
            SetKind::Warmup,
            SetKind::Normal,
            SetKind::Normal,
            SetKind::Failure
        ]
    );
    let bench = &push.exercises()[0].sets();
    assert_eq!(bench[0].weight_kg(), Some(43.091)); // 95 lb
    assert_eq!(bench[1].weight_kg(), Some(83.915)); // 185 lb
    assert_eq!((bench[1].reps(), bench[1].rpe()), (Some(5), Some(8.0)));
    assert_eq!(bench[2].rpe(), Some(8.5));
    // The Note row is the exercise's note, not a set; D is a drop set.
    assert_eq!(push.exercises()[1].notes(), Some("Slow eccentrics"));
    assert_eq!(kinds(push, 1), [SetKind::Normal, SetKind::Drop]);

    let legs = &r.workouts[1];
    assert_eq!(legs.started_at(), utc("2025-03-06T12:30:00Z"));
    assert_eq!(legs.duration_minutes(), Some(56));
    assert_eq!(legs.notes(), None);
    let squat = legs.exercises()[0].sets();
    // 74.99999999999999 lb is 75 lb, converted once: 34.019 kg.
    assert_eq!(squat[0].weight_kg(), Some(34.019));
    assert_eq!(squat[1].weight_kg(), Some(102.058));
    assert_eq!(squat[1].notes(), Some("belt"));
    let run = &legs.exercises()[1].sets()[0];
    // Distance in display miles, zeros as "not recorded".
    assert_eq!(
        (run.weight_kg(), run.reps(), run.distance_m(), run.seconds()),
        (None, None, Some(2_414.02), Some(720))
    );
    assert!(r.skipped.is_empty());
}

#[test]
fn strong_comma_without_duration_with_bom_and_crlf() {
    let r = read("strong_comma.csv", chrono_tz::Europe::Berlin);
    assert_eq!(
        (r.source, r.dialect, r.units),
        (Source::Strong, Dialect::StrongComma, Units::Kg)
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (2, 5));
    let full = &r.workouts[0];
    assert_eq!(full.started_at(), utc("2024-11-30T08:00:00Z"));
    assert_eq!(full.duration_minutes(), None);
    assert_eq!(names(full), ["Deadlift (Barbell)", "Pull Up", "Plank"]);
    let pull_up = &full.exercises()[1].sets()[0];
    assert_eq!((pull_up.weight_kg(), pull_up.reps()), (None, Some(10)));
    assert_eq!(full.exercises()[2].sets()[0].seconds(), Some(60));
    let upper = &r.workouts[1];
    assert_eq!(upper.name(), "Upper, heavy");
    assert_eq!(upper.started_at(), utc("2024-12-02T16:45:00Z"));
    assert_eq!(upper.exercises()[0].sets()[0].rpe(), Some(8.0));
}

#[test]
fn strong_semicolon_with_units_in_the_header() {
    let r = read("strong_semicolon_header_units.csv", chrono_tz::UTC);
    assert_eq!(
        (r.source, r.dialect, r.units),
        (
            Source::Strong,
            Dialect::StrongSemicolonHeaderUnits,
            Units::Kg
        )
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (2, 4));
    let morning = &r.workouts[0];
    assert_eq!(morning.started_at(), utc("2025-06-01T10:00:00Z"));
    // 3725 s is 62 minutes.
    assert_eq!(morning.duration_minutes(), Some(62));
    assert_eq!(kinds(morning, 0), [SetKind::Warmup, SetKind::Normal]);
    // A decimal comma, as semicolon exports from such locales write it.
    assert_eq!(morning.exercises()[0].sets()[1].weight_kg(), Some(102.5));
    let row = &morning.exercises()[1].sets()[0];
    assert_eq!(
        (row.distance_m(), row.seconds()),
        (Some(2_000.0), Some(480))
    );
    let evening = &r.workouts[1];
    assert_eq!(evening.duration_minutes(), Some(30));
    assert_eq!(evening.notes(), Some("quick one"));
}

#[test]
fn strong_semicolon_with_a_unit_on_every_row() {
    let r = read("strong_semicolon_row_units.csv", chrono_tz::UTC);
    assert_eq!(
        (r.source, r.dialect, r.units),
        (
            Source::Strong,
            Dialect::StrongSemicolonRowUnits,
            Units::Mixed
        )
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (1, 4));
    let gym = &r.workouts[0];
    assert_eq!(gym.started_at(), utc("2025-02-10T06:15:00Z"));
    let bench = gym.exercises()[0].sets();
    assert_eq!(bench[0].weight_kg(), Some(30.0));
    assert_eq!(bench[1].weight_kg(), Some(29.484)); // 65 lb
    assert_eq!(gym.exercises()[1].sets()[0].distance_m(), Some(10_000.0));
    assert_eq!(gym.exercises()[2].sets()[0].distance_m(), Some(3_218.69)); // 2 mi
}

#[test]
fn hevy_in_kilograms_with_repeated_exercises_and_set_types() {
    let r = read("hevy_kg.csv", chrono_tz::Asia::Tokyo);
    assert_eq!(
        (r.source, r.dialect, r.units),
        (Source::Hevy, Dialect::Hevy, Units::Kg)
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (2, 6));
    let upper = &r.workouts[0];
    assert_eq!(upper.name(), "Upper 🔥");
    assert_eq!(upper.started_at(), utc("2025-12-05T02:37:00Z"));
    assert_eq!(upper.duration_minutes(), Some(72));
    assert_eq!(upper.notes(), Some("Good session"));
    // The bench press comes back after the pulldowns: three runs, not two exercises.
    assert_eq!(
        names(upper),
        [
            "Bench Press (Barbell)",
            "Lat Pulldown (Cable)",
            "Bench Press (Barbell)"
        ]
    );
    assert_eq!(kinds(upper, 0), [SetKind::Warmup, SetKind::Normal]);
    assert_eq!(kinds(upper, 1), [SetKind::Normal, SetKind::Drop]);
    assert_eq!(kinds(upper, 2), [SetKind::Failure]);
    assert_eq!(upper.exercises()[0].notes(), Some("Pause reps"));
    assert_eq!(upper.exercises()[2].notes(), None);
    assert_eq!(upper.exercises()[2].sets()[0].rpe(), Some(10.0));

    let cardio = &r.workouts[1];
    assert_eq!(cardio.started_at(), utc("2025-12-02T22:05:00Z"));
    assert_eq!(cardio.duration_minutes(), Some(35));
    let run = &cardio.exercises()[0].sets()[0];
    assert_eq!(
        (run.distance_m(), run.seconds()),
        (Some(5_200.0), Some(1_800))
    );
    // The empty bench set is skipped and listed, not an error.
    assert_eq!(names(cardio), ["Treadmill"]);
    assert_eq!(r.skipped, [(8, SkipReason::NoValues)]);
}

#[test]
fn hevy_in_pounds_and_miles_with_bom() {
    let r = read("hevy_lbs.csv", chrono_tz::America::Los_Angeles);
    assert_eq!(r.units, Units::Lb);
    assert_eq!((r.workouts.len(), set_count(&r)), (1, 2));
    let legs = &r.workouts[0];
    assert_eq!(legs.started_at(), utc("2025-11-15T02:00:00Z"));
    assert_eq!(legs.duration_minutes(), Some(61));
    assert_eq!(legs.exercises()[0].sets()[0].weight_kg(), Some(102.058));
    assert_eq!(legs.exercises()[1].sets()[0].distance_m(), Some(4_988.97));
}

#[test]
fn fitnotes_with_unit_and_comment_columns() {
    let r = read("fitnotes.csv", chrono_tz::Europe::London);
    assert_eq!(
        (r.source, r.dialect, r.units),
        (Source::FitNotes, Dialect::FitNotes, Units::Kg)
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (2, 5));
    let chest = &r.workouts[0];
    // A date without a time starts at noon local time.
    assert_eq!(chest.started_at(), utc("2025-01-06T12:00:00Z"));
    assert_eq!(chest.name(), "Chest, Triceps");
    assert_eq!(
        chest.exercises()[0].sets()[1].notes(),
        Some("last rep slow, grinder")
    );
    let legs = &r.workouts[1];
    assert_eq!(legs.name(), "Legs, Cardio");
    let run = &legs.exercises()[1].sets()[0];
    assert_eq!(
        (run.distance_m(), run.seconds()),
        (Some(5_000.0), Some(1_500))
    );
}

#[test]
fn fitnotes_without_comment_and_with_unquoted_commas_in_names() {
    let r = read("fitnotes_unquoted_commas.csv", chrono_tz::UTC);
    assert_eq!((r.dialect, r.units), (Dialect::FitNotes, Units::Mixed));
    assert_eq!((r.workouts.len(), set_count(&r)), (1, 3));
    assert_eq!(
        names(&r.workouts[0]),
        ["Curl, Hammer (Dumbbell)", "Press, Overhead, Seated"]
    );
    assert_eq!(
        r.workouts[0].exercises()[1].sets()[0].weight_kg(),
        Some(18.144)
    );
}

#[test]
fn older_fitnotes_with_the_unit_in_the_header() {
    let r = read("fitnotes_header_units.csv", chrono_tz::UTC);
    assert_eq!(
        (r.dialect, r.units),
        (Dialect::FitNotesHeaderUnits, Units::Lb)
    );
    assert_eq!((r.workouts.len(), set_count(&r)), (1, 2));
    assert_eq!(
        r.workouts[0].exercises()[0].sets()[0].weight_kg(),
        Some(142.882)
    );
}

#[test]
fn an_unknown_header_lists_the_formats_understood() {
    let err = read_with("unknown_format.csv", ImportOptions::default())
        .err()
        .unwrap();
    assert!(matches!(err, ImportError::UnknownFormat));
    let message = err.to_string();
    for format in ["Strong", "Hevy", "FitNotes"] {
        assert!(message.contains(format), "{message}");
    }
}

#[test]
fn a_requested_source_must_match_the_header() {
    let hevy = ImportOptions {
        source: Some(Source::Hevy),
        ..ImportOptions::default()
    };
    let err = read_with("strong_comma.csv", hevy).err().unwrap();
    assert!(matches!(
        err,
        ImportError::WrongSource {
            expected: Source::Hevy,
            found: Some(Source::Strong)
        }
    ));
    assert_eq!(err.to_string(), "not a Hevy export: the header is Strong's");
    let strong = ImportOptions {
        source: Some(Source::Strong),
        ..ImportOptions::default()
    };
    assert!(read_with("strong_comma.csv", strong).is_ok());
}

#[test]
fn a_bad_date_fails_naming_the_line() {
    let err = read_with("strong_bad_date.csv", ImportOptions::default())
        .err()
        .unwrap();
    assert_eq!(err.line(), Some(3));
    assert_eq!(
        err.to_string(),
        "line 3: `Date`: `2025-13-45 10:00:00` is not a date and time like 2025-12-05 11:37:02"
    );
}

#[test]
fn a_bad_number_fails_naming_the_line_after_a_multi_line_field() {
    let err = read_with("strong_bad_number.csv", ImportOptions::default())
        .err()
        .unwrap();
    // Lines 3–4 are one row (a quoted newline); the bad weight is on line 5.
    assert_eq!(err.to_string(), "line 5: `Weight`: `heavy` is not a number");
}

#[test]
fn a_workout_whose_rows_are_not_together_fails() {
    let err = read_with("strong_not_contiguous.csv", ImportOptions::default())
        .err()
        .unwrap();
    assert_eq!(err.line(), Some(4));
    assert!(matches!(
        err,
        ImportError::Row {
            reason: RowError::WorkoutNotContiguous { .. },
            ..
        }
    ));
}

#[test]
fn workouts_stream_one_at_a_time_and_the_first_comes_before_the_end() {
    // The first workout is yielded as soon as the second one's first row is
    // read, even though a later row is malformed.
    let text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
                2025-01-01 10:00:00,A,Squat,1,100,5\n\
                2025-01-02 10:00:00,B,Squat,1,100,5\n\
                2025-01-02 10:00:00,B,Squat,x,100,5\n";
    let mut reader = WorkoutReader::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    let first = reader.next().unwrap().unwrap();
    assert_eq!(first.set_count(), 1);
    let err = reader.next().unwrap().unwrap_err();
    assert_eq!(err.line(), Some(4));
    assert!(reader.next().is_none());
}

#[test]
fn an_empty_file_and_a_header_only_file() {
    let err = WorkoutReader::new(&b""[..], &ImportOptions::default()).unwrap_err();
    assert!(matches!(err, ImportError::Empty));
    let header = b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\r\n";
    let mut reader = WorkoutReader::new(&header[..], &ImportOptions::default()).unwrap();
    assert!(reader.next().is_none());
}

#[test]
fn not_utf8_fails_naming_the_line() {
    let mut bytes = b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n".to_vec();
    bytes.extend_from_slice(b"2025-01-01 10:00:00,A,Squat,1,100,5\n");
    bytes.extend_from_slice(b"2025-01-01 10:00:00,A,Squ\xFFat,2,100,5\n");
    let mut reader = WorkoutReader::new(&bytes[..], &ImportOptions::default()).unwrap();
    let err = reader.next().unwrap().unwrap_err();
    assert_eq!(err.to_string(), "line 3: the text is not valid UTF-8");
}

#[test]
fn rows_of_only_rest_timers_and_notes_make_no_workout() {
    let text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n\
                2025-01-01 10:00:00,A,Squat,Rest Timer,0,0,\n\
                2025-01-01 10:00:00,A,Squat,Note,0,0,knees out\n\
                2025-01-02 10:00:00,B,Squat,1,100,5,\n";
    let mut reader = WorkoutReader::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    let workouts: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(workouts.len(), 1);
    assert_eq!(workouts[0].name(), "B");
    let skipped: Vec<_> = reader
        .skipped()
        .listed()
        .iter()
        .map(|s| (s.line, s.reason))
        .collect();
    assert_eq!(
        skipped,
        [
            (3, SkipReason::NoteWithoutSets),
            (2, SkipReason::WorkoutWithoutSets)
        ]
    );
}

#[test]
fn a_negative_weight_is_skipped_and_an_impossible_one_fails() {
    let head = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n";
    let negative = format!(
        "{head}2025-01-01 10:00:00,A,Pull Up (Assisted),1,-20,8\n2025-01-01 10:00:00,A,Pull Up,1,0,8\n"
    );
    let mut reader = WorkoutReader::new(negative.as_bytes(), &ImportOptions::default()).unwrap();
    let workouts: Vec<_> = reader.by_ref().collect::<Result<_, _>>().unwrap();
    assert_eq!(workouts[0].set_count(), 1);
    assert_eq!(
        reader.skipped().listed()[0].reason,
        SkipReason::NegativeWeight
    );

    let impossible = format!("{head}2025-01-01 10:00:00,A,Squat,1,5000,1\n");
    let mut reader = WorkoutReader::new(impossible.as_bytes(), &ImportOptions::default()).unwrap();
    let err = reader.next().unwrap().unwrap_err();
    assert_eq!(err.to_string(), "line 2: weight_kg 5000 is outside 0–1000");
}

#[test]
fn a_local_time_in_a_dst_gap_moves_to_the_first_valid_minute() {
    let text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
                2025-03-30 02:30:00,Night,Squat,1,100,5\n";
    let options = ImportOptions {
        time_zone: chrono_tz::Europe::Berlin,
        ..ImportOptions::default()
    };
    let workouts: Vec<_> = WorkoutReader::new(text.as_bytes(), &options)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(workouts[0].started_at(), utc("2025-03-30T01:00:00Z"));
}

#[test]
fn line_numbers_count_crlf_line_ends_and_blank_lines() {
    let text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\r\n\
                2025-01-01 10:00:00,A,Squat,1,100,5\r\n\
                \r\n\
                2025-01-01 10:00:00,A,\"Squat\r\nwide\",1,100,5\r\n\
                2025-01-01 10:00:00,A,Squat,2,100,five\r\n";
    let mut reader = WorkoutReader::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    let err = reader.next().unwrap().unwrap_err();
    assert_eq!(err.to_string(), "line 6: `Reps`: `five` is not a number");
}

#[test]
fn more_exercise_names_than_any_history_has_fail() {
    use std::fmt::Write as _;
    let mut text = String::from("Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n");
    for i in 0..=gainsly_import::reader::MAX_EXERCISE_NAMES {
        writeln!(text, "2025-01-01 10:00:00,A,Lift {i},1,100,5").unwrap();
    }
    let mut reader = WorkoutReader::new(text.as_bytes(), &ImportOptions::default()).unwrap();
    let err = reader.next().unwrap().unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 2002: more than 2000 different exercise names; no workout history has that many"
    );
}
