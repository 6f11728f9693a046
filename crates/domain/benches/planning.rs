//! Planning benchmarks over the real catalog: constraint building and candidate
//! ranking for a typical day (run: `cargo bench -p gainsly-domain --bench planning`).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use gainsly_domain::candidates::{CandidateConfig, CandidateInput, rank_candidates};
use gainsly_domain::catalog::{by_slug, catalog};
use gainsly_domain::constraints::{ConstraintInput, build_constraints};
use gainsly_domain::microcycle::Microcycle;
use gainsly_domain::profile::Experience;
use gainsly_domain::program::{ProgramSettings, ProgramSettingsInput, ProgressionStyle};
use gainsly_domain::recovery::{LoadEntry, RecoveryModel, SorenessEntry};
use gainsly_domain::rules::{MovementRule, RuleTarget, RuleType};
use gainsly_domain::signals::{AdaptationInput, AdaptationSignals};
use gainsly_domain::split::SplitTemplate;
use gainsly_domain::{Equipment, Goal, GoalWeight, GoalWeights, MovementPattern, Muscle};

fn bench_planning(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let date = start + Days::new(3);
    let settings = ProgramSettings::new(ProgramSettingsInput {
        goals: GoalWeights::new(vec![
            GoalWeight {
                goal: Goal::Hypertrophy,
                weight: 6.0,
            },
            GoalWeight {
                goal: Goal::Strength,
                weight: 4.0,
            },
        ])
        .unwrap(),
        split: SplitTemplate::UpperLower,
        days_per_week: 4,
        microcycle_length_days: 7,
        duration_weeks: 8,
        start_date: start,
        session_minutes: 60,
        progression: ProgressionStyle::Double,
        deload_every_n: 4,
        equipment: Equipment::commercial_gym(),
    })
    .unwrap();
    let microcycle = Microcycle::generate(SplitTemplate::UpperLower, 4, 7).unwrap();
    // Day 4 of upper/lower 4×/week (T T R T R T R) is an upper day.
    let day = microcycle.day(4).unwrap();
    assert!(day.is_training());
    let rules = vec![
        MovementRule {
            rule_type: RuleType::Avoid,
            target: RuleTarget::Pattern(MovementPattern::VerticalPush),
            expires_on: None,
        },
        MovementRule {
            rule_type: RuleType::Prefer,
            target: RuleTarget::Muscle(Muscle::RearDelts),
            expires_on: None,
        },
        MovementRule {
            rule_type: RuleType::Require,
            target: RuleTarget::Pattern(MovementPattern::VerticalPull),
            expires_on: None,
        },
    ];
    // Two earlier sessions this week.
    let squat = by_slug("barbell-back-squat").unwrap();
    let bench = by_slug("barbell-bench-press").unwrap();
    let loads = vec![
        LoadEntry::from_exercise(start, bench, 4.0),
        LoadEntry::from_exercise(start + Days::new(1), squat, 4.0),
        LoadEntry::legs(start + Days::new(2), 4.0),
    ];
    let soreness = vec![SorenessEntry {
        date: start + Days::new(3),
        muscle: Muscle::Chest,
        level: 4.0,
    }];
    let recovery = RecoveryModel::default().state(date, &soreness, &loads);
    let volume: BTreeMap<Muscle, f64> = [
        (Muscle::Chest, 6.0),
        (Muscle::Quads, 5.0),
        (Muscle::Triceps, 3.0),
    ]
    .into_iter()
    .collect();
    let done: BTreeSet<_> = [bench.id, squat.id].into_iter().collect();
    let mut sore = BTreeMap::new();
    sore.insert(Muscle::LowerBack, 6.0);
    let signals = AdaptationSignals::new(AdaptationInput {
        soreness: sore,
        available_minutes: Some(45.0),
        energy: Some(6.0),
        ..Default::default()
    })
    .unwrap();
    let input = ConstraintInput {
        date,
        day,
        microcycle: &microcycle,
        is_deload: false,
        microcycle_index: 0,
        settings: &settings,
        experience: Experience::Intermediate,
        profile_equipment: &[],
        rules: &rules,
        recovery: &recovery,
        ready_threshold_pct: 60.0,
        volume_so_far: &volume,
        back_so_far: 0.0,
        done_this_microcycle: &done,
        signals: &signals,
        catalog: catalog(),
    };
    c.bench_function("recovery_state_18_muscles", |b| {
        b.iter(|| {
            RecoveryModel::default().state(black_box(date), black_box(&soreness), black_box(&loads))
        })
    });
    c.bench_function("build_constraints", |b| {
        b.iter(|| build_constraints(black_box(&input)))
    });
    let constraints = build_constraints(&input);
    let recent = vec![vec![bench.id], vec![squat.id]];
    let cand_input = CandidateInput {
        constraints: &constraints,
        experience: Experience::Intermediate,
        goals: settings.goals(),
        recent_sessions: &recent,
        catalog: catalog(),
    };
    let config = CandidateConfig::default();
    assert_eq!(rank_candidates(&cand_input, &config).len(), 40);
    assert!(constraints.session.max_total_sets > 0);
    c.bench_function("rank_candidates_40", |b| {
        b.iter(|| rank_candidates(black_box(&cand_input), black_box(&config)))
    });
    c.bench_function("constraints_plus_candidates", |b| {
        b.iter(|| {
            let dc = build_constraints(black_box(&input));
            let ci = CandidateInput {
                constraints: &dc,
                ..cand_input
            };
            rank_candidates(&ci, &config).len()
        })
    });
}

criterion_group!(benches, bench_planning);
criterion_main!(benches);
