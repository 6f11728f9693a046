use proptest::prelude::*;

use super::*;
use crate::catalog::{catalog, exercise};
use crate::constraints::tests::Fixture;
use crate::muscle::Muscle;
use crate::rules::{MovementRule, RuleTarget, RuleType};
use crate::split::SplitTemplate;

fn input<'a>(
    c: &'a DayConstraints,
    f: &'a Fixture,
    recent: &'a [Vec<ExerciseId>],
) -> CandidateInput<'a> {
    CandidateInput {
        constraints: c,
        experience: Experience::Intermediate,
        goals: f.settings.goals(),
        recent_sessions: recent,
        catalog: catalog(),
    }
}

#[test]
fn push_day_candidates() {
    let f = Fixture::new(SplitTemplate::Ppl);
    let c = f.build();
    let list = rank_candidates(&input(&c, &f, &[]), &CandidateConfig::default());
    assert_eq!(list.len(), DEFAULT_CANDIDATES);
    let ids: BTreeSet<_> = list.iter().map(|c| c.exercise_id).collect();
    assert_eq!(ids.len(), list.len(), "no duplicates");
    for w in list.windows(2) {
        assert!(w[0].score >= w[1].score);
    }
    for cand in &list {
        assert!((0.0..=1.0).contains(&cand.score));
        assert!(cand.min_sets >= 1 && cand.min_sets <= cand.max_sets);
        assert!(
            cand.minutes_per_set > 0.5 && cand.minutes_per_set < 8.0,
            "{}",
            cand.minutes_per_set
        );
        assert!(!cand.llm_pick);
        assert!(c.allowed.contains(&cand.exercise_id));
    }
    // Every target muscle has a candidate training it as primary.
    for m in c.session.target_muscles.keys() {
        assert!(
            list.iter().any(|cand| cand.muscles.get(m) == Some(&1.0)),
            "{m}"
        );
    }
    // The best candidates are push compounds.
    let top = exercise(list[0].exercise_id).unwrap();
    assert!(
        top.primary_muscles
            .iter()
            .any(|m| c.session.target_muscles.contains_key(m)),
        "{}",
        top.slug
    );
    // Credits and time come from the catalog and the prescription.
    let bench = list.iter().find(|c| c.compound).unwrap();
    let ex = exercise(bench.exercise_id).unwrap();
    assert_eq!(bench.muscles, ex.muscle_credits().collect());
}

#[test]
fn variety_and_preferences_move_exercises() {
    let mut f = Fixture::new(SplitTemplate::Ppl);
    let c = f.build();
    let base = rank_candidates(&input(&c, &f, &[]), &CandidateConfig::default());
    let top = base[0].exercise_id;
    let recent = vec![vec![top]];
    let after = rank_candidates(&input(&c, &f, &recent), &CandidateConfig::default());
    let pos = after.iter().position(|x| x.exercise_id == top);
    assert!(pos.is_none_or(|p| p > 0));
    // A preferred exercise is marked and rises.
    let last = base[base.len() - 1].exercise_id;
    f.rules = vec![MovementRule {
        rule_type: RuleType::Prefer,
        target: RuleTarget::Exercise(last),
        expires_on: None,
    }];
    let c = f.build();
    let pref = rank_candidates(&input(&c, &f, &[]), &CandidateConfig::default());
    let found = pref.iter().position(|x| x.exercise_id == last).unwrap();
    assert!(pref[found].preferred);
    assert!(found < base.len() - 1);
}

#[test]
fn size_is_configurable_and_muscle_sets_count() {
    let f = Fixture::new(SplitTemplate::FullBody);
    let c = f.build();
    let cfg = CandidateConfig {
        size: 5,
        ..Default::default()
    };
    let list = rank_candidates(&input(&c, &f, &[]), &cfg);
    assert_eq!(list.len(), 5);
    let sets = muscle_sets(&[(&list[0], 3)]);
    let ex = exercise(list[0].exercise_id).unwrap();
    assert_eq!(sets[&ex.primary_muscles[0]], 3.0);
    // Beginners get simpler exercises than advanced lifters at the top.
    let mut inp = input(&c, &f, &[]);
    inp.experience = Experience::Beginner;
    let beginner = rank_candidates(&inp, &CandidateConfig::default());
    let mean_skill = |l: &[Candidate]| {
        l.iter()
            .take(10)
            .map(|c| f64::from(exercise(c.exercise_id).unwrap().skill))
            .sum::<f64>()
    };
    inp.experience = Experience::Advanced;
    let advanced = rank_candidates(&inp, &CandidateConfig::default());
    assert!(mean_skill(&beginner) <= mean_skill(&advanced));
}

#[test]
fn required_groups_and_single_lookups() {
    let mut f = Fixture::new(SplitTemplate::Ppl);
    // Day 1 is push: a required chest isolation fits it and must be in a tiny list.
    f.rules = vec![MovementRule {
        rule_type: RuleType::Require,
        target: RuleTarget::Exercise(crate::catalog::by_slug("cable-crossover").unwrap().id),
        expires_on: None,
    }];
    let c = f.build();
    assert_eq!(c.session.required_groups.len(), 1);
    let cfg = CandidateConfig {
        size: 3,
        ..Default::default()
    };
    let list = rank_candidates(&input(&c, &f, &[]), &cfg);
    assert!(
        list.iter()
            .any(|cand| c.session.required_groups[0].contains(&cand.exercise_id))
    );
    // Lookups: allowed → Some, excluded → None.
    let inp = input(&c, &f, &[]);
    let allowed = *c.allowed.iter().next().unwrap();
    assert_eq!(
        candidate_for(&inp, &cfg, allowed).unwrap().exercise_id,
        allowed
    );
    if let Some(excluded) = c.session.excluded.iter().next() {
        assert!(candidate_for(&inp, &cfg, *excluded).is_none());
    }
    assert!(candidate_for(&inp, &cfg, ExerciseId(999_999)).is_none());
}

#[test]
fn bodyweight_only_targets_are_trainable() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.signals = crate::signals::AdaptationSignals::new(crate::signals::AdaptationInput {
        equipment: Some(crate::Equipment::bodyweight_only()),
        ..Default::default()
    })
    .unwrap();
    let c = f.build();
    let list = rank_candidates(&input(&c, &f, &[]), &CandidateConfig::default());
    assert!(!list.is_empty());
    for m in c.session.target_muscles.keys() {
        assert!(
            list.iter().any(|cand| cand.muscles.get(m) == Some(&1.0)),
            "{m}"
        );
    }
    for cand in &list {
        assert_eq!(cand.equipment, vec![crate::Equipment::Bodyweight]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn candidates_never_excluded(
        avoid in prop::collection::vec((0usize..3, 0usize..400, 0usize..18), 0..6),
        template in 0usize..3,
        day in 1u32..=7,
        size in 1usize..80,
    ) {
        let mut f = Fixture::new(SplitTemplate::ALL[template]);
        f.day_index = day;
        f.rules = avoid.iter().map(|(k, e, m)| MovementRule {
            rule_type: RuleType::Avoid,
            target: match k {
                0 => RuleTarget::Exercise(catalog()[e % catalog().len()].id),
                1 => RuleTarget::Pattern(crate::pattern::MovementPattern::ALL[m % 18]),
                _ => RuleTarget::Muscle(Muscle::ALL[*m]),
            },
            expires_on: None,
        }).collect();
        let c = f.build();
        let cfg = CandidateConfig { size, ..Default::default() };
        let list = rank_candidates(&input(&c, &f, &[]), &cfg);
        prop_assert!(list.len() <= size);
        for cand in &list {
            prop_assert!(!c.session.excluded.contains(&cand.exercise_id));
            let ex = exercise(cand.exercise_id).unwrap();
            for r in &f.rules {
                prop_assert!(!r.matches(ex));
            }
        }
    }
}

#[test]
fn near_duplicates_keep_one_vertical_pull_and_one_flat_press() {
    let f = Fixture::new(SplitTemplate::Ppl);
    let c = f.build();
    let named = |name: &str, score: f64| {
        let ex = catalog()
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("{name}"));
        to_candidate(&c, f.settings.goals(), ex, score)
    };
    let list = vec![
        named("Pull-Up", 0.9),
        named("Weighted Chin-Up", 0.8),
        named("Barbell Bench Press", 0.7),
        named("Kettlebell Floor Press", 0.75),
        named("Incline Dumbbell Bench Press", 0.6),
    ];
    let bench = list[2].exercise_id;
    let kept: Vec<ExerciseId> = drop_near_duplicates(list, &BTreeSet::from([bench]))
        .iter()
        .map(|c| c.exercise_id)
        .collect();
    let name = |id: &ExerciseId| exercise(*id).unwrap().name.clone();
    let names: Vec<String> = kept.iter().map(name).collect();
    // The best vertical pull, the slot's bench over the better-scored floor
    // press, and the incline press (another angle).
    assert_eq!(
        names,
        [
            "Pull-Up",
            "Barbell Bench Press",
            "Incline Dumbbell Bench Press"
        ]
    );
}

#[test]
fn a_nordic_curl_candidate_never_holds_more_than_three_sets() {
    let f = Fixture::new(SplitTemplate::UpperLower);
    let c = f.build();
    let nordic = catalog()
        .iter()
        .find(|e| e.slug == "nordic-hamstring-curl")
        .unwrap();
    let cand = to_candidate(&c, f.settings.goals(), nordic, 0.5);
    assert!(cand.max_sets <= 3, "{cand:?}");
    assert!(cand.min_sets <= cand.max_sets);
    // Other exercises keep the role's sets.
    let curl = catalog()
        .iter()
        .find(|e| e.slug == "lying-leg-curl")
        .unwrap();
    let cand = to_candidate(&c, f.settings.goals(), curl, 0.5);
    assert_eq!(cand.max_sets, c.isolation.sets_max.max(cand.min_sets));
}
