//! The report facts of a dry run over fixture files.

#![allow(clippy::unwrap_used, clippy::expect_used)] // test helpers fail loudly

use gainsly_domain::catalog::by_slug;
use gainsly_import::{
    DisplayUnits, ImportOptions, MatchMethod, Matcher, SkipReason, Source, Units, summarise,
};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn a_hevy_dry_run_counts_sets_and_resolves_names() {
    let options = ImportOptions {
        time_zone: chrono_tz::Asia::Tokyo,
        ..ImportOptions::default()
    };
    let summary = summarise(
        &fixture("hevy_kg.csv")[..],
        &options,
        &mut Matcher::default(),
    )
    .unwrap();
    assert_eq!((summary.source, summary.units), (Source::Hevy, Units::Kg));
    assert_eq!(
        (summary.workouts, summary.sets, summary.warmup_sets),
        (2, 6, 1)
    );
    assert_eq!(
        summary.first_started_at.unwrap().to_rfc3339(),
        "2025-12-02T22:05:00+00:00"
    );
    assert_eq!(
        summary.last_started_at.unwrap().to_rfc3339(),
        "2025-12-05T02:37:00+00:00"
    );
    let matched: Vec<(&str, &str, usize)> = summary
        .matched
        .iter()
        .map(|m| {
            let slug = gainsly_domain::catalog::exercise(m.exercise_id).unwrap();
            (m.name.as_str(), slug.slug.as_str(), m.sets)
        })
        .collect();
    // By name; the bench press's two runs add up.
    assert_eq!(
        matched,
        [
            ("Bench Press (Barbell)", "barbell-bench-press", 3),
            ("Lat Pulldown (Cable)", "lat-pulldown", 2),
            ("Treadmill", "treadmill-run", 1),
        ]
    );
    // `Bench Press (Barbell)` is the catalog's `Barbell Bench Press` reordered; the others are aliases.
    let methods: Vec<MatchMethod> = summary.matched.iter().map(|m| m.method).collect();
    assert_eq!(
        methods,
        [MatchMethod::Catalog, MatchMethod::Alias, MatchMethod::Alias]
    );
    assert!(summary.matched.iter().all(|m| m.confidence == 1.0));
    assert!(summary.unmatched.is_empty());
    assert_eq!(summary.skipped_rows.total(), 1);
    assert_eq!(
        summary.skipped_rows.listed()[0].reason,
        SkipReason::NoValues
    );
}

#[test]
fn unmatched_names_are_listed_with_suggestions_and_user_aliases_apply() {
    let text = "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
                2025-01-01 10:00:00,A,Zercher Carry Walk,1,60,1\n\
                2025-01-01 10:00:00,A,Gironda Dip,1,0,8\n\
                2025-01-01 10:00:00,A,Gironda Dip,2,0,8\n";
    let mut matcher = Matcher::default();
    let summary = summarise(text.as_bytes(), &ImportOptions::default(), &mut matcher).unwrap();
    assert_eq!(summary.matched.len(), 0);
    let unmatched: Vec<(&str, usize)> = summary
        .unmatched
        .iter()
        .map(|u| (u.name.as_str(), u.sets))
        .collect();
    assert_eq!(unmatched, [("Gironda Dip", 2), ("Zercher Carry Walk", 1)]);
    assert_eq!(summary.unmatched[1].suggestions.len(), 3);
    assert_eq!(
        summary.unmatched[1].suggestions[0].exercise_id,
        by_slug("barbell-zercher-carry").unwrap().id
    );

    let dip = by_slug("chest-dip").unwrap().id;
    let mut matcher = Matcher::new([("Gironda Dip", dip)]);
    let summary = summarise(text.as_bytes(), &ImportOptions::default(), &mut matcher).unwrap();
    assert_eq!(summary.matched.len(), 1);
    assert_eq!(summary.matched[0].exercise_id, dip);
    assert_eq!(summary.matched[0].method, MatchMethod::UserAlias);
}

#[test]
fn a_strong_dry_run_in_pounds_reports_its_units() {
    let options = ImportOptions {
        units: DisplayUnits::imperial(),
        ..ImportOptions::default()
    };
    let summary = summarise(
        &fixture("strong_comma_duration.csv")[..],
        &options,
        &mut Matcher::default(),
    )
    .unwrap();
    assert_eq!(summary.units, Units::Lb);
    assert_eq!(
        (summary.workouts, summary.sets, summary.warmup_sets),
        (2, 9, 1)
    );
    // "Running" is an alias; every name of the file resolves.
    assert_eq!(summary.unmatched.len(), 0, "{:?}", summary.unmatched);
}
