//! Properties: the Strong writer round-trips exactly; no input makes the
//! reader or the matcher panic.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use chrono::{DateTime, LocalResult, TimeZone, Utc};
use chrono_tz::Tz;
use gainsly_import::{
    DisplayUnits, ImportOptions, ImportedExercise, ImportedSet, ImportedWorkout, Matcher,
    NameMatch, SetKind, SetMeasures, Source, WorkoutReader, summarise, write_strong_csv,
};
use proptest::prelude::*;
use proptest::sample::select;

const ZONES: &[Tz] = &[
    chrono_tz::UTC,
    chrono_tz::Europe::Berlin,
    chrono_tz::America::New_York,
    chrono_tz::Asia::Kolkata,
    chrono_tz::Australia::Lord_Howe,
    chrono_tz::Pacific::Chatham,
];

/// Text with what CSV has to quote: commas, quotes, semicolons, line ends, emoji.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 ,;\"'()\\-\r\n💪éß]{0,24}"
}

fn kind() -> impl Strategy<Value = SetKind> {
    select(vec![
        SetKind::Normal,
        SetKind::Warmup,
        SetKind::Drop,
        SetKind::Failure,
    ])
}

fn set() -> impl Strategy<Value = ImportedSet> {
    (
        kind(),
        proptest::option::of(0.0..=1_000.0f64),
        proptest::option::of(0u32..=1_000),
        proptest::option::of(2u32..=20),
        proptest::option::of(0.0..=1_000_000.0f64),
        proptest::option::of(0u32..=86_400),
        proptest::option::of(text()),
    )
        .prop_filter_map(
            "a set records something",
            |(kind, weight, reps, rpe, distance, seconds, notes)| {
                ImportedSet::new(
                    kind,
                    SetMeasures {
                        weight_kg: weight,
                        reps: reps.map(f64::from),
                        rpe: rpe.map(|r| f64::from(r) / 2.0),
                        distance_m: distance,
                        seconds: seconds.map(f64::from),
                    },
                    notes.as_deref(),
                )
                .ok()
            },
        )
}

fn exercise() -> impl Strategy<Value = ImportedExercise> {
    (
        text(),
        proptest::option::of(text()),
        prop::collection::vec(set(), 1..5),
    )
        .prop_filter_map("an exercise has a name", |(name, notes, sets)| {
            ImportedExercise::new(&name, notes.as_deref(), sets)
        })
}

/// Workouts with distinct starts (one workout per `Date`), in file order.
fn workouts() -> impl Strategy<Value = Vec<ImportedWorkout>> {
    prop::collection::btree_set(946_684_800i64..1_893_456_000, 1..4).prop_flat_map(|starts| {
        let n = starts.len();
        (
            Just(starts.into_iter().collect::<Vec<_>>()),
            prop::collection::vec(
                (
                    text(),
                    proptest::option::of(0u32..2_000),
                    proptest::option::of(text()),
                    prop::collection::vec(exercise(), 1..5),
                ),
                n,
            ),
        )
            .prop_map(|(starts, parts)| {
                starts
                    .into_iter()
                    .zip(parts)
                    .filter_map(|(start, (name, duration, notes, exercises))| {
                        let at = DateTime::<Utc>::from_timestamp(start, 0)?;
                        ImportedWorkout::new(at, &name, duration, notes.as_deref(), exercises)
                    })
                    .collect()
            })
    })
}

/// Whether every start is one unambiguous local time in `tz` (the layout has no offset).
fn unambiguous(workouts: &[ImportedWorkout], tz: Tz) -> bool {
    workouts.iter().all(|w| {
        let local = w.started_at().with_timezone(&tz).naive_local();
        matches!(tz.from_local_datetime(&local), LocalResult::Single(_))
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn strong_csv_round_trips_exactly(workouts in workouts(), tz in select(ZONES.to_vec())) {
        prop_assume!(unambiguous(&workouts, tz));
        let csv = write_strong_csv(Vec::new(), &workouts, tz).unwrap();
        let options = ImportOptions {
            source: Some(Source::Strong),
            time_zone: tz,
            units: DisplayUnits::metric(),
        };
        let read: Vec<ImportedWorkout> = WorkoutReader::new(&csv[..], &options)
            .unwrap()
            .collect::<Result<_, _>>()
            .map_err(|e| TestCaseError::fail(format!("{e}\n{}", String::from_utf8_lossy(&csv))))?;
        prop_assert_eq!(read, workouts);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_000)) {
        for source in [None, Some(Source::Strong), Some(Source::Hevy), Some(Source::FitNotes)] {
            let options = ImportOptions { source, ..ImportOptions::default() };
            if let Ok(reader) = WorkoutReader::new(&bytes[..], &options) {
                for _ in reader {}
            }
        }
    }

    #[test]
    fn csv_like_files_of_every_format_never_panic(
        header in select(HEADERS.to_vec()),
        rows in prop::collection::vec(prop::collection::vec(field(), 0..16), 0..12),
        crlf in any::<bool>(),
        bom in any::<bool>(),
        tz in select(ZONES.to_vec()),
    ) {
        let delimiter = if header.contains(';') { ";" } else { "," };
        let end = if crlf { "\r\n" } else { "\n" };
        let mut file = String::from(if bom { "\u{feff}" } else { "" });
        file.push_str(header);
        file.push_str(end);
        for row in &rows {
            file.push_str(&row.join(delimiter));
            file.push_str(end);
        }
        let options = ImportOptions { time_zone: tz, units: DisplayUnits::imperial(), source: None };
        match summarise(file.as_bytes(), &options, &mut Matcher::default()) {
            Ok(summary) => {
                prop_assert!(summary.warmup_sets <= summary.sets);
                prop_assert!(summary.first_started_at <= summary.last_started_at);
            }
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }

    #[test]
    fn matching_any_name_is_deterministic_and_scores_stay_in_range(name in "\\PC{0,40}") {
        let first = Matcher::default().resolve(&name).clone();
        let again = Matcher::default().resolve(&name).clone();
        prop_assert_eq!(&again, &first);
        match first {
            NameMatch::Matched { confidence, .. } => prop_assert!((0.0..=1.0).contains(&confidence)),
            NameMatch::Unmatched { suggestions } => {
                prop_assert!(suggestions.len() <= 3);
                prop_assert!(suggestions.iter().all(|s| (0.0..=1.0).contains(&s.score)));
            }
        }
    }
}

const HEADERS: &[&str] = &[
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
    "Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE",
    r#""Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes""#,
    "Date;Workout Name;Exercise Name;Set Order;Weight;Weight Unit;Reps;RPE;Distance;Distance Unit;Seconds;Notes;Workout Notes",
    r#""title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_lbs","reps","distance_km","duration_seconds","rpe""#,
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment",
    "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time",
    "Date,Exercise,Category,Weight (lbs),Reps,Distance,Distance Unit,Time",
];

/// A field: mostly values some format accepts somewhere, sometimes anything.
fn field() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => select(vec![
            "2025-01-01 10:00:00", "2025-01-02 10:00:00", "2025-03-30 02:30:00",
            "5 Dec 2025, 11:37", "5 Dec 2025, 12:49", "2025-01-01", "2025-01-02",
            "1", "2", "W", "D", "F", "Rest Timer", "Note", "normal", "warmup", "dropset",
            "Squat (Barbell)", "Bench Press", "Curl", " Hammer", "80", "0", "-20", "8.5",
            "74.99999999999999", "72,5", "1e300", "kg", "kgs", "lbs", "km", "mi", "stone",
            "1h 2m", "56m", "0:01:30", "3725", "", "💪", "\"quoted, with comma\"", "\"",
        ]).prop_map(str::to_owned),
        1 => "\\PC{0,12}",
    ]
}
