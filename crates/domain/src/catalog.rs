//! The built-in exercise catalog.
//!
//! The catalog lives in `data/catalog.json`, one [`Exercise`] per line, and is
//! compiled into the crate with `include_str!`: no file is read at run time.
//! It is parsed once, on first use, and shared for the life of the process.
//!
//! # Stability
//! Ids are `1..=N` in file order and never change: workout logs, movement
//! rules and seeded databases refer to them. New exercises are appended at the
//! end; an exercise that should no longer be suggested is kept (its id stays
//! taken). A test pins a few ids so an accidental reordering fails the build.
//!
//! # Conventions of the data
//! - `equipment` lists every piece an exercise needs, all of which must be
//!   present ([`Exercise::possible_with`]). Exercises that need nothing but the
//!   floor, a wall and a door frame list exactly `["bodyweight"]`; the
//!   `bodyweight` tag never appears next to other equipment.
//! - `machine` covers selectorized and plate-loaded machines and also the
//!   sled, hyperextension bench and glute-ham developer of a commercial gym.
//!   A landmine is a barbell wedged in a corner, so it needs only `barbell`.
//! - The pattern list has no chest-fly, scapular-elevation or wrist pattern:
//!   single-joint shoulder movements (flys, raises, straight-arm pulldowns,
//!   pullovers, shrugs) are `shoulder_isolation`; wrist curls are filed with
//!   the arm accessories under `elbow_flexion`; hip thrusts and bridges (hip
//!   extension with a fixed knee) are `hip_isolation`. The main patterns
//!   (squat, hinge, lunge, pushes and pulls) hold compound lifts, plus the
//!   45-degree back extension under `hinge`.
//! - Mobility drills list the muscles they lengthen as primary.
//! - `tracking`: `weight_reps` for externally loaded lifts, `reps` for
//!   bodyweight, band and assisted work, `time` for holds, mobility and most
//!   conditioning, `distance` for carries, sleds, runs and the rower.

use std::sync::OnceLock;

use crate::{Equipment, Exercise, ExerciseId};

/// The catalog source, compiled into the crate.
const CATALOG_JSON: &str = include_str!("../data/catalog.json");

/// The parsed catalog, filled on first use.
static CATALOG: OnceLock<Vec<Exercise>> = OnceLock::new();

/// Parses catalog JSON (the compiled-in file or, in tests, any other text).
fn parse(json: &str) -> Result<Vec<Exercise>, serde_json::Error> {
    serde_json::from_str(json)
}

/// Every catalog exercise, in id order (`catalog()[i].id == i + 1`).
///
/// # Panics
/// Only if the compiled-in `data/catalog.json` does not parse, which is a
/// build bug, not a run-time condition: the text is a compile-time constant
/// and this module's tests parse and validate it. Falling back to an empty
/// catalog would hide the bug and silently plan sessions with no exercises.
#[allow(clippy::expect_used)] // compile-time constant data, covered by tests
pub fn catalog() -> &'static [Exercise] {
    CATALOG.get_or_init(|| {
        parse(CATALOG_JSON).expect("data/catalog.json is compiled in and validated by tests")
    })
}

/// The exercise with this id, if the catalog has one.
pub fn exercise(id: ExerciseId) -> Option<&'static Exercise> {
    let all = catalog();
    // Ids are contiguous from 1 (tested), so the id is an index; the linear
    // search only guards against a file edited without running the tests.
    let index = usize::try_from(id.0.checked_sub(1)?).ok()?;
    all.get(index)
        .filter(|e| e.id == id)
        .or_else(|| all.iter().find(|e| e.id == id))
}

/// The exercise with this slug, if the catalog has one (exact match).
pub fn by_slug(slug: &str) -> Option<&'static Exercise> {
    catalog().iter().find(|e| e.slug == slug)
}

/// The exercises that need nothing beyond `equipment`, in id order.
///
/// Like [`Exercise::possible_with`], `bodyweight` is equipment too: a list
/// without it excludes exercises tagged `["bodyweight"]`. The presets
/// ([`Equipment::bodyweight_only`], [`Equipment::home_gym`],
/// [`Equipment::commercial_gym`]) all include it.
pub fn possible_with(equipment: &[Equipment]) -> impl Iterator<Item = &'static Exercise> {
    catalog().iter().filter(move |e| e.possible_with(equipment))
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, HashSet};

    use super::*;
    use crate::{MovementPattern, Muscle, Tracking};

    /// The muscles every equipment setting must be able to train directly.
    const MAJOR_MUSCLES: &[Muscle] = &[
        Muscle::Chest,
        Muscle::Lats,
        Muscle::UpperBack,
        Muscle::Quads,
        Muscle::Hamstrings,
        Muscle::Glutes,
        Muscle::Triceps,
        Muscle::Biceps,
        Muscle::Abs,
        Muscle::Calves,
    ];
    const DELTS: &[Muscle] = &[Muscle::FrontDelts, Muscle::SideDelts, Muscle::RearDelts];

    /// Equipment whose load can be read off in kilograms.
    const LOADABLE: &[Equipment] = &[
        Equipment::Barbell,
        Equipment::Dumbbell,
        Equipment::Kettlebell,
        Equipment::Cable,
        Equipment::Machine,
        Equipment::SmithMachine,
        Equipment::EzBar,
        Equipment::TrapBar,
        Equipment::MedicineBall,
    ];

    fn primary_count(exercises: &[&Exercise], muscle: Muscle) -> usize {
        exercises
            .iter()
            .filter(|e| e.primary_muscles.contains(&muscle))
            .count()
    }

    /// Panics naming every major muscle (and the delts as "shoulders") that no
    /// exercise in `exercises` trains as a primary mover.
    fn assert_covers_major_muscles(label: &str, exercises: &[&Exercise]) {
        let missing: Vec<&str> = MAJOR_MUSCLES
            .iter()
            .filter(|m| primary_count(exercises, **m) == 0)
            .map(|m| m.as_str())
            .collect();
        assert!(missing.is_empty(), "{label}: no exercise for {missing:?}");
        assert!(
            DELTS.iter().any(|m| primary_count(exercises, *m) > 0),
            "{label}: no exercise for the shoulders"
        );
    }

    #[test]
    fn catalog_parses_and_is_large_enough() {
        let parsed = parse(CATALOG_JSON).expect("catalog.json parses");
        assert!(parsed.len() >= 200, "only {} exercises", parsed.len());
        assert_eq!(catalog(), parsed.as_slice());
    }

    #[test]
    fn catalog_rejects_unknown_fields_and_names() {
        let good = r#"[{"id": 1, "slug": "a", "name": "A", "movement_pattern": "squat",
            "mechanics": "compound", "primary_muscles": ["quads"], "secondary_muscles": [],
            "equipment": ["bodyweight"], "unilateral": false, "fatigue": 1, "skill": 1,
            "tracking": "reps"}]"#;
        assert!(parse(good).is_ok());
        assert!(parse(&good.replace(r#""skill": 1"#, r#""skill": 1, "extra": 0"#)).is_err());
        assert!(parse(&good.replace(r#"["quads"]"#, r#"["quadriceps"]"#)).is_err());
    }

    #[test]
    fn catalog_ids_are_contiguous_from_one_and_slugs_unique() {
        let mut slugs = HashSet::new();
        for (index, e) in catalog().iter().enumerate() {
            assert_eq!(e.id.0, i64::try_from(index).unwrap() + 1, "{}", e.slug);
            assert!(slugs.insert(e.slug.as_str()), "duplicate slug {}", e.slug);
        }
    }

    #[test]
    fn catalog_ids_are_stable() {
        // Logs and rules store these ids: reordering the file must fail here.
        for (id, slug) in [
            (1, "barbell-back-squat"),
            (25, "barbell-deadlift"),
            (67, "barbell-bench-press"),
            (80, "push-up"),
            (133, "pull-up"),
            (154, "plank"),
            (190, "dumbbell-curl"),
            (301, "rowing-machine"),
            (322, "worlds-greatest-stretch"),
        ] {
            assert_eq!(
                exercise(ExerciseId(id)).map(|e| e.slug.as_str()),
                Some(slug)
            );
        }
    }

    #[test]
    fn catalog_fields_are_valid() {
        let names: HashSet<&str> = catalog().iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names.len(), catalog().len(), "names must be unique too");
        for e in catalog() {
            let s = &e.slug;
            let kebab = !s.is_empty()
                && s.split('-').all(|part| {
                    !part.is_empty()
                        && part
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
                });
            assert!(kebab, "slug {s:?} is not kebab-case");
            assert!(
                !e.name.trim().is_empty() && e.name.chars().count() <= 100,
                "{s}: name"
            );
            assert!((1..=5).contains(&e.fatigue), "{s}: fatigue {}", e.fatigue);
            assert!((1..=5).contains(&e.skill), "{s}: skill {}", e.skill);
            assert!(!e.primary_muscles.is_empty(), "{s}: no primary muscle");
            for m in &e.secondary_muscles {
                assert!(
                    !e.primary_muscles.contains(m),
                    "{s}: {m} primary and secondary"
                );
            }
            let primary: HashSet<_> = e.primary_muscles.iter().collect();
            let secondary: HashSet<_> = e.secondary_muscles.iter().collect();
            assert_eq!(
                primary.len(),
                e.primary_muscles.len(),
                "{s}: repeated primary"
            );
            assert_eq!(
                secondary.len(),
                e.secondary_muscles.len(),
                "{s}: repeated secondary"
            );
            assert!(!e.equipment.is_empty(), "{s}: no equipment");
            let equipment: HashSet<_> = e.equipment.iter().collect();
            assert_eq!(
                equipment.len(),
                e.equipment.len(),
                "{s}: repeated equipment"
            );
            if e.equipment.contains(&Equipment::Bodyweight) {
                assert_eq!(
                    e.equipment,
                    [Equipment::Bodyweight],
                    "{s}: bodyweight plus gear"
                );
            }
        }
    }

    #[test]
    fn catalog_tracking_fits_the_exercise() {
        for e in catalog() {
            let s = &e.slug;
            // No exceptions: every weight_reps exercise has an implement whose
            // load is a number of kilograms (bands and bodyweight are logged as reps).
            if e.tracking == Tracking::WeightReps {
                assert!(
                    e.equipment.iter().any(|q| LOADABLE.contains(q)),
                    "{s}: weight_reps without a loadable implement"
                );
            }
            if matches!(
                e.movement_pattern,
                MovementPattern::Conditioning | MovementPattern::Mobility
            ) {
                assert!(
                    matches!(e.tracking, Tracking::Time | Tracking::Distance),
                    "{s}: conditioning and mobility are tracked by time or distance"
                );
            }
            if e.equipment.contains(&Equipment::CardioMachine) {
                assert_eq!(e.movement_pattern, MovementPattern::Conditioning, "{s}");
            }
        }
    }

    #[test]
    fn catalog_covers_every_muscle_and_pattern() {
        let all: Vec<&Exercise> = catalog().iter().collect();
        for m in Muscle::ALL {
            let n = primary_count(&all, *m);
            assert!(n >= 4, "{m} is primary in only {n} exercises");
        }
        let mut per_pattern: BTreeMap<MovementPattern, usize> = BTreeMap::new();
        for e in catalog() {
            *per_pattern.entry(e.movement_pattern).or_default() += 1;
        }
        for p in MovementPattern::ALL {
            let n = per_pattern.get(p).copied().unwrap_or(0);
            assert!(n >= 3, "pattern {p} has only {n} exercises");
        }
        for q in Equipment::ALL {
            assert!(
                catalog().iter().any(|e| e.equipment.contains(q)),
                "no exercise uses {q}"
            );
        }
    }

    #[test]
    fn catalog_serves_bodyweight_only_users() {
        let bodyweight: Vec<&Exercise> = possible_with(&Equipment::bodyweight_only()).collect();
        assert!(
            bodyweight.len() >= 30,
            "only {} bodyweight exercises",
            bodyweight.len()
        );
        // Strength work alone, without counting stretches and cardio.
        let strength: Vec<&Exercise> = bodyweight
            .iter()
            .copied()
            .filter(|e| {
                !matches!(
                    e.movement_pattern,
                    MovementPattern::Conditioning | MovementPattern::Mobility
                )
            })
            .collect();
        assert!(
            strength.len() >= 30,
            "only {} bodyweight strength exercises",
            strength.len()
        );
        assert_covers_major_muscles("bodyweight only", &strength);
        assert!(
            bodyweight
                .iter()
                .all(|e| e.equipment == [Equipment::Bodyweight])
        );
    }

    #[test]
    fn catalog_serves_home_gyms() {
        let home: Vec<&Exercise> = possible_with(&Equipment::home_gym()).collect();
        assert!(home.len() >= 100, "only {} home-gym exercises", home.len());
        assert_covers_major_muscles("home gym", &home);
        for m in Muscle::ALL {
            assert!(primary_count(&home, *m) > 0, "home gym: nothing for {m}");
        }
    }

    #[test]
    fn catalog_is_all_possible_in_a_commercial_gym() {
        let gym: Vec<&Exercise> = possible_with(&Equipment::commercial_gym()).collect();
        assert_eq!(gym.len(), catalog().len());
        assert_covers_major_muscles("commercial gym", &gym);
        for m in Muscle::ALL {
            assert!(
                primary_count(&gym, *m) >= 4,
                "commercial gym: too little for {m}"
            );
        }
    }

    #[test]
    fn catalog_lookups() {
        let squat = by_slug("barbell-back-squat").expect("back squat exists");
        assert_eq!(exercise(squat.id), Some(squat));
        assert_eq!(by_slug("Barbell-Back-Squat"), None);
        assert_eq!(by_slug(""), None);
        assert_eq!(exercise(ExerciseId(0)), None);
        assert_eq!(exercise(ExerciseId(-1)), None);
        assert_eq!(exercise(ExerciseId(i64::MIN)), None);
        let len = i64::try_from(catalog().len()).unwrap();
        assert!(exercise(ExerciseId(len)).is_some());
        assert_eq!(exercise(ExerciseId(len + 1)), None);
        for e in catalog() {
            assert_eq!(exercise(e.id), Some(e));
            assert_eq!(by_slug(&e.slug), Some(e));
        }
    }

    #[test]
    fn shin_work_is_in_the_catalog_and_credits_no_muscle() {
        for slug in crate::exercise::SHIN_WORK {
            let ex = by_slug(slug).unwrap_or_else(|| panic!("{slug}"));
            assert!(ex.is_shin_work());
            // Filed under the lower leg, so a search for calf work finds it…
            assert_eq!(ex.primary_muscles, [Muscle::Calves]);
            // …but no calf set: no volume, no fatigue, no slot.
            assert_eq!(ex.muscle_credits().count(), 0);
            assert_eq!(ex.set_credit(Muscle::Calves), 0.0);
            assert!(crate::volume::muscle_sets([(ex, 3.0)]).is_empty());
            assert!(!crate::slots::Slot::Calves.fits(ex));
            assert_eq!(ex.rep_limits().floor, 15);
        }
        let calf = by_slug("standing-calf-raise-machine").unwrap();
        assert!(!calf.is_shin_work());
        assert!(crate::slots::Slot::Calves.fits(calf));
    }

    #[test]
    fn catalog_possible_with_needs_every_piece() {
        assert_eq!(possible_with(&[]).count(), 0);
        let bench = by_slug("barbell-bench-press").unwrap();
        let without_rack = [Equipment::Barbell, Equipment::Bench];
        assert!(possible_with(&without_rack).all(|e| e.id != bench.id));
        let with_rack = [Equipment::Barbell, Equipment::Bench, Equipment::Rack];
        assert!(possible_with(&with_rack).any(|e| e.id == bench.id));
        // Results come in id order.
        let ids: Vec<i64> = possible_with(&Equipment::home_gym())
            .map(|e| e.id.0)
            .collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]));
    }
}
