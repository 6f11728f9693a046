use std::collections::HashMap;

use gainsly_domain::catalog::by_slug;

use super::*;

fn id(slug: &str) -> ExerciseId {
    by_slug(slug)
        .unwrap_or_else(|| panic!("no catalog slug {slug}"))
        .id
}

fn resolve(name: &str) -> NameMatch {
    Matcher::default().resolve(name).clone()
}

#[test]
fn every_alias_names_a_catalog_exercise_and_no_name_names_two() {
    let entries = alias_entries();
    let names: usize = entries.iter().map(|e| e.names.len()).sum();
    assert!(names >= 150, "only {names} alias names");
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut slugs = std::collections::HashSet::new();
    for entry in &entries {
        assert!(
            by_slug(&entry.slug).is_some(),
            "alias target {} is not a catalog slug",
            entry.slug
        );
        assert!(
            slugs.insert(&entry.slug),
            "slug {} listed twice",
            entry.slug
        );
        for name in &entry.names {
            let k = key(name);
            assert!(!k.is_empty(), "alias {name:?} normalises to nothing");
            // No catalog name takes the alias's place with another exercise.
            assert_eq!(
                resolve(name).exercise_id(),
                by_slug(&entry.slug).map(|e| e.id),
                "{name}"
            );
            if let Some(other) = seen.insert(k.clone(), &entry.slug) {
                assert_eq!(
                    other, entry.slug,
                    "{name:?} ({k}) maps to {other} and {}",
                    entry.slug
                );
            }
        }
    }
}

#[test]
fn the_apps_common_names_map_to_the_right_exercises() {
    for (name, slug) in [
        ("Squat (Barbell)", "barbell-back-squat"),
        ("Bench Press (Dumbbell)", "dumbbell-bench-press"),
        ("Lat Pulldown (Cable)", "lat-pulldown"),
        ("Romanian Deadlift (Barbell)", "barbell-romanian-deadlift"),
        ("Pull Up", "pull-up"),
        ("Deadlift (Barbell)", "barbell-deadlift"),
        ("Overhead Press (Barbell)", "barbell-overhead-press"),
        ("Bent Over One Arm Row (Dumbbell)", "one-arm-dumbbell-row"),
        (
            "Triceps Pushdown (Cable - Straight Bar)",
            "straight-bar-triceps-pushdown",
        ),
        ("Leg Extension (Machine)", "leg-extension"),
        ("Seated Row (Cable)", "seated-cable-row"),
        ("Hip Thrust (Barbell)", "barbell-hip-thrust"),
        ("Butterfly (Pec Deck)", "pec-deck"),
        ("Flat Barbell Bench Press", "barbell-bench-press"),
        ("Rope Push Down", "rope-triceps-pushdown"),
        ("EZ-Bar Skullcrusher", "ez-bar-skull-crusher"),
        ("Lateral Dumbbell Raise", "dumbbell-lateral-raise"),
        ("Running (Treadmill)", "treadmill-run"),
        // Spelling variants reach the same entries.
        ("squat (barbell)", "barbell-back-squat"),
        ("Pull-Ups", "pull-up"),
        ("Dumbbell Bench Press", "dumbbell-bench-press"),
        ("Lat Pull-Down (Cable)", "lat-pulldown"),
    ] {
        let answer = resolve(name);
        assert_eq!(answer.exercise_id(), Some(id(slug)), "{name}: {answer:?}");
    }
    assert!(matches!(
        resolve("Squat (Barbell)"),
        NameMatch::Matched {
            method: MatchMethod::Alias,
            confidence: 1.0,
            ..
        }
    ));
}

#[test]
fn catalog_names_match_their_exercise_exactly() {
    // So a file Gainsly wrote comes back as the same exercises.
    for exercise in catalog() {
        assert_eq!(
            resolve(&exercise.name),
            NameMatch::Matched {
                exercise_id: exercise.id,
                method: MatchMethod::Catalog,
                confidence: 1.0
            },
            "{}",
            exercise.name
        );
    }
    // Slugs too, unless an app's name is spelt the same and means another
    // exercise (Hevy's `Bulgarian Split Squat` is the dumbbell one).
    let mut claimed = Vec::new();
    for exercise in catalog() {
        let answer = resolve(&exercise.slug);
        if answer.exercise_id() != Some(exercise.id) {
            assert!(
                matches!(
                    answer,
                    NameMatch::Matched {
                        method: MatchMethod::Alias,
                        ..
                    }
                ),
                "{}: {answer:?}",
                exercise.slug
            );
            claimed.push(exercise.slug.as_str());
        }
    }
    assert!(claimed.len() < 10, "slugs claimed by aliases: {claimed:?}");
    assert!(matches!(
        resolve("Kettlebell Windmill"),
        NameMatch::Matched {
            method: MatchMethod::Catalog,
            confidence: 1.0,
            ..
        }
    ));
    // The name without its parenthetical is exact too.
    assert_eq!(
        resolve("Incline Push-Up").exercise_id(),
        Some(id("incline-push-up"))
    );
}

#[test]
fn user_aliases_come_first_exact_then_normalised() {
    let squat = id("barbell-back-squat");
    let box_squat = id("barbell-box-squat");
    let mut m = Matcher::new([("Squat (Barbell)", box_squat), ("My Squat", squat)]);
    assert_eq!(
        m.resolve("Squat (Barbell)"),
        &NameMatch::Matched {
            exercise_id: box_squat,
            method: MatchMethod::UserAlias,
            confidence: 1.0
        }
    );
    assert_eq!(m.resolve("my squat").exercise_id(), Some(squat));
    // Two aliases that normalise alike: the lower id wins whatever the order.
    let a = Matcher::new([("Row A", ExerciseId(50)), ("row-a", ExerciseId(40))])
        .resolve("ROW A")
        .clone();
    let b = Matcher::new([("row-a", ExerciseId(40)), ("Row A", ExerciseId(50))])
        .resolve("ROW A")
        .clone();
    assert_eq!(a.exercise_id(), Some(ExerciseId(40)));
    assert_eq!(a, b);
}

#[test]
fn a_close_name_matches_fuzzily_with_its_score() {
    match resolve("Seated Lateral Raise (Dumbbell)") {
        NameMatch::Matched {
            exercise_id,
            method: MatchMethod::Fuzzy,
            confidence,
        } => {
            assert_eq!(exercise_id, id("dumbbell-lateral-raise"));
            assert!((FUZZY_THRESHOLD..1.0).contains(&confidence), "{confidence}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn exercises_added_to_the_catalog_are_matched() {
    for (name, slug) in [
        (
            "Decline Bench Press (Barbell)",
            "decline-barbell-bench-press",
        ),
        ("Box Jump", "box-jump"),
    ] {
        let NameMatch::Matched { exercise_id, .. } = resolve(name) else {
            panic!("{name:?} did not match: {:?}", resolve(name));
        };
        let ex = gainsly_domain::catalog::exercise(exercise_id);
        assert_eq!(ex.map(|e| e.slug.as_str()), Some(slug), "{name}");
    }
}

#[test]
fn other_exercises_and_ambiguous_names_stay_unmatched_with_suggestions() {
    // Each of these once matched a different exercise: a modifier or grip
    // differs, the equipment differs, or several exercises fit equally.
    for name in [
        "Bench Press - Wide Grip (Barbell)",
        "Reverse Curl (Barbell)",
        "Reverse Grip Lat Pulldown (Cable)",
        "Seated Overhead Press (Barbell)",
        "Single Leg Standing Calf Raise (Machine)",
        "Overhead Tricep Extension",
        "Clean and Jerk",
        "Zumba 💃",
        "",
    ] {
        let NameMatch::Unmatched { suggestions } = resolve(name) else {
            panic!("{name:?} matched: {:?}", resolve(name));
        };
        assert!(suggestions.len() <= SUGGESTIONS, "{name}");
        assert!(
            suggestions.windows(2).all(|w| w[0].score >= w[1].score),
            "{name}: {suggestions:?}"
        );
        assert!(
            suggestions.iter().all(|s| (0.0..=1.0).contains(&s.score)),
            "{name}"
        );
    }
    let NameMatch::Unmatched { suggestions } = resolve("Bench Press - Wide Grip (Barbell)") else {
        unreachable!()
    };
    assert!(
        suggestions
            .iter()
            .any(|s| s.exercise_id == id("barbell-bench-press")),
        "{suggestions:?}"
    );
}

#[test]
fn answers_are_deterministic_and_remembered() {
    let mut a = Matcher::default();
    let mut b = Matcher::default();
    for name in [
        "Overhead Tricep Extension",
        "Squat (Barbell)",
        "Yoga",
        "Clean",
    ] {
        let first = a.resolve(name).clone();
        assert_eq!(a.resolve(name), &first);
        assert_eq!(b.resolve(name), &first);
    }
}

#[test]
fn parentheticals_are_removed() {
    assert_eq!(
        without_parentheticals("Bulgarian Split Squat (bodyweight)"),
        "Bulgarian Split Squat "
    );
    assert_eq!(without_parentheticals("A (b (c)) d"), "A  d");
    assert_eq!(without_parentheticals("A) b"), "A b");
}
