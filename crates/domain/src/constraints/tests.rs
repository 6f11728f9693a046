use chrono::Days;
use proptest::prelude::*;

use super::*;
use crate::catalog::catalog;
use crate::goal::{Goal, GoalWeight, GoalWeights};
use crate::pattern::MovementPattern;
use crate::program::{ProgramSettingsInput, ProgressionStyle};
use crate::recovery::{LoadEntry, RecoveryModel};
use crate::role::Role;
use crate::signals::AdaptationInput;
use crate::slots::Slot;
use crate::split::{DayFocus, SplitTemplate};
use crate::volume::SESSION_SET_CAP;

pub(crate) fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

pub(crate) fn settings(minutes: u32) -> ProgramSettings {
    ProgramSettings::new(ProgramSettingsInput {
        goals: GoalWeights::new(vec![
            GoalWeight {
                goal: Goal::Hypertrophy,
                weight: 7.0,
            },
            GoalWeight {
                goal: Goal::Strength,
                weight: 3.0,
            },
        ])
        .unwrap(),
        split: SplitTemplate::Ppl,
        days_per_week: 4,
        microcycle_length_days: 7,
        duration_weeks: 8,
        start_date: date(),
        session_minutes: minutes,
        progression: ProgressionStyle::Double,
        deload_every_n: 4,
        equipment: Equipment::commercial_gym(),
    })
    .unwrap()
}

/// Owned inputs for a `ConstraintInput`.
pub(crate) struct Fixture {
    pub settings: ProgramSettings,
    pub microcycle: Microcycle,
    pub rules: Vec<MovementRule>,
    pub recovery: RecoveryState,
    pub volume: BTreeMap<Muscle, f64>,
    /// The back budget's sets so far ([`ConstraintInput::back_so_far`]).
    pub back: f64,
    pub done: BTreeSet<ExerciseId>,
    pub signals: AdaptationSignals,
    pub day_index: u32,
    pub deload: bool,
}

impl Fixture {
    pub(crate) fn new(template: SplitTemplate) -> Self {
        Fixture {
            settings: settings(60),
            microcycle: Microcycle::generate(template, 3, 7).unwrap(),
            rules: Vec::new(),
            recovery: RecoveryState::fresh(date()),
            volume: BTreeMap::new(),
            back: 0.0,
            done: BTreeSet::new(),
            signals: AdaptationSignals::default(),
            day_index: 1,
            deload: false,
        }
    }

    /// The microcycle's training days, in order.
    pub(crate) fn training_days(&self) -> Vec<u32> {
        self.microcycle
            .days()
            .iter()
            .filter(|d| d.is_training())
            .map(|d| d.day_index)
            .collect()
    }

    pub(crate) fn build(&self) -> DayConstraints {
        build_constraints(&self.input())
    }

    pub(crate) fn input(&self) -> ConstraintInput<'_> {
        ConstraintInput {
            date: date(),
            day: self.microcycle.day(self.day_index).unwrap(),
            microcycle: &self.microcycle,
            is_deload: self.deload,
            microcycle_index: 0,
            settings: &self.settings,
            experience: Experience::Intermediate,
            profile_equipment: &[],
            rules: &self.rules,
            recovery: &self.recovery,
            ready_threshold_pct: 60.0,
            volume_so_far: &self.volume,
            back_so_far: self.back,
            done_this_microcycle: &self.done,
            signals: &self.signals,
            catalog: catalog(),
        }
    }
}

fn ex(id: ExerciseId) -> &'static Exercise {
    crate::catalog::exercise(id).unwrap()
}

#[test]
fn plain_full_body_day() {
    let c = Fixture::new(SplitTemplate::FullBody).build();
    let s = &c.session;
    // Its accessories are supersetted (half their rests), so the hour holds
    // more sets than the 8–16 of accessories done apart.
    assert!(c.supersets);
    assert_eq!((s.min_total_sets, s.max_total_sets), (9, 18));
    assert!(s.min_exercises >= 1 && s.min_exercises <= s.max_exercises);
    assert_eq!(s.available_minutes, 60.0);
    // A full-body day starts with a loaded main lift: a short general
    // warm-up, then the ramp (3 + 4.0 minutes).
    assert_eq!(
        s.warmup_minutes,
        crate::timing::GENERAL_WARMUP_BEFORE_RAMP_MINUTES + crate::set_plan::ramp_minutes()
    );
    assert!((s.warmup_minutes - 7.025).abs() < 1e-9);
    assert!(s.require_compound);
    assert!(s.target_muscles.contains_key(&Muscle::Chest));
    assert!(s.protected_muscles.is_empty());
    assert_eq!(s.allowed_count(), c.allowed.len());
    assert_eq!(c.allowed.len() + s.excluded.len(), catalog().len());
    for m in Muscle::ALL {
        let cap = s.muscle_caps[m];
        assert!((0.0..=SESSION_SET_CAP).contains(&cap), "{m} {cap}");
    }
    // Chest: 16 · 0.7 + 11.2 · 0.3 … spread over 3 full-body days, ×1.5.
    assert!(s.muscle_caps[&Muscle::Chest] >= 5.0);
    assert!(c.notes.is_empty(), "{:?}", c.notes);
}

trait AllowedCount {
    fn allowed_count(&self) -> usize;
}
impl AllowedCount for SessionConstraints {
    fn allowed_count(&self) -> usize {
        catalog().len() - self.excluded.len()
    }
}

#[test]
fn sore_lower_back_drops_direct_work() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    let mut input = AdaptationInput::default();
    input.soreness.insert(Muscle::LowerBack, 7.0);
    f.signals = AdaptationSignals::new(input).unwrap();
    let c = f.build();
    assert!(
        c.notes
            .iter()
            .any(|n| n == "Dropped direct work on lower_back: soreness 7/10"),
        "{:?}",
        c.notes
    );
    assert!(c.session.protected_muscles.contains(&Muscle::LowerBack));
    assert_eq!(
        c.session.muscle_caps[&Muscle::LowerBack],
        INDIRECT_ALLOWANCE_SETS
    );
    for id in &c.allowed {
        assert!(!ex(*id).primary_muscles.contains(&Muscle::LowerBack));
    }
    // Soreness 9 → exhausted: no exercise touching it at all.
    let mut input = AdaptationInput::default();
    input.soreness.insert(Muscle::LowerBack, 9.0);
    f.signals = AdaptationSignals::new(input).unwrap();
    let c = f.build();
    assert_eq!(c.session.muscle_caps[&Muscle::LowerBack], 0.0);
    for id in &c.allowed {
        assert_eq!(ex(*id).set_credit(Muscle::LowerBack), 0.0);
    }
}

#[test]
fn fatigue_from_yesterday_protects_muscle() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    let squat = crate::catalog::by_slug("barbell-back-squat").unwrap();
    let loads = [LoadEntry::from_exercise(date() - Days::new(1), squat, 10.0)];
    f.recovery = RecoveryModel::default().state(date(), &[], &loads);
    let c = f.build();
    assert!(c.session.protected_muscles.contains(&Muscle::Quads));
    assert!(!c.session.target_muscles.contains_key(&Muscle::Quads));
    assert!(
        c.notes
            .iter()
            .any(|n| n.starts_with("Dropped direct work on quads:") && n.contains("% recovered")),
        "{:?}",
        c.notes
    );
}

#[test]
fn equipment_rules_and_exclusions() {
    let mut f = Fixture::new(SplitTemplate::Ppl);
    let bench = crate::catalog::by_slug("barbell-bench-press").map(|e| e.id);
    f.rules = vec![
        MovementRule {
            rule_type: RuleType::Avoid,
            target: RuleTarget::Pattern(MovementPattern::VerticalPush),
            expires_on: None,
        },
        MovementRule {
            rule_type: RuleType::Avoid,
            target: RuleTarget::Muscle(Muscle::Triceps),
            expires_on: None,
        },
        // Expired: ignored.
        MovementRule {
            rule_type: RuleType::Avoid,
            target: RuleTarget::Muscle(Muscle::Chest),
            expires_on: Some(date() - Days::new(1)),
        },
    ];
    let input = AdaptationInput {
        equipment: Some(vec![Equipment::Dumbbell, Equipment::Bench]),
        avoid_exercises: bench.into_iter().collect(),
        ..Default::default()
    };
    f.signals = AdaptationSignals::new(input).unwrap();
    let c = f.build();
    assert_eq!(
        c.equipment,
        vec![Equipment::Dumbbell, Equipment::Bench, Equipment::Bodyweight]
    );
    assert!(!c.allowed.is_empty());
    for id in &c.allowed {
        let e = ex(*id);
        assert!(e.possible_with(&c.equipment));
        assert_ne!(e.movement_pattern, MovementPattern::VerticalPush);
        assert!(!e.primary_muscles.contains(&Muscle::Triceps));
        assert_ne!(Some(e.id), bench);
    }
    assert!(c.session.protected_muscles.contains(&Muscle::Triceps));
    assert!(
        c.allowed
            .iter()
            .any(|id| ex(*id).primary_muscles.contains(&Muscle::Chest))
    );
}

#[test]
fn time_energy_and_deload_scale_volume() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.signals = AdaptationSignals::new(AdaptationInput {
        available_minutes: Some(45.0),
        ..Default::default()
    })
    .unwrap();
    let c = f.build();
    // (Supersetted accessories: 13 sets, not the 12 of accessories apart.)
    assert_eq!(
        (c.session.min_total_sets, c.session.max_total_sets),
        (6, 13)
    );
    assert_eq!(c.session.available_minutes, 45.0);
    f.signals = AdaptationSignals::new(AdaptationInput {
        available_minutes: Some(45.0),
        energy: Some(2.0),
        ..Default::default()
    })
    .unwrap();
    let low = f.build();
    assert_eq!(low.session.max_total_sets, 9);
    assert!(low.compound.sets_max < c.compound.sets_max);
    assert_eq!(low.rpe_drop, 1.0);
    assert_eq!(low.compound.target_rpe, c.compound.target_rpe - 1.0);
    f.signals = AdaptationSignals::new(AdaptationInput {
        available_minutes: Some(45.0),
        ..Default::default()
    })
    .unwrap();
    f.deload = true;
    let d = f.build();
    assert_eq!(d.session.max_total_sets, 6);
    // The deload takes RPE −2 off the goal's RPE once (no ramp in a deload).
    let goal_rpe = prescribe(f.settings.goals(), Mechanics::Compound, false).target_rpe;
    assert!(d.compound.target_rpe <= goal_rpe - 2.0);
    assert!(d.session.muscle_caps[&Muscle::Chest] < c.session.muscle_caps[&Muscle::Chest]);
}

#[test]
fn weekly_volume_closes_muscles() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.volume.insert(Muscle::Chest, 30.0);
    let c = f.build();
    assert_eq!(c.session.muscle_caps[&Muscle::Chest], 0.0);
    assert!(!c.session.target_muscles.contains_key(&Muscle::Chest));
    assert!(c.notes.iter().any(|n| n.contains("chest")));
    assert!(!c.session.protected_muscles.contains(&Muscle::Chest));
}

#[test]
fn the_lats_and_upper_back_are_judged_by_the_backs_one_budget() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    // Their own credit past the back's MRV does not close them while the
    // back's sets are few ...
    f.volume.insert(Muscle::Lats, 30.0);
    f.volume.insert(Muscle::UpperBack, 30.0);
    let fresh = f.build();
    for m in crate::volume::BACK {
        assert!(fresh.session.muscle_caps[&m] > 0.0, "{m}");
        assert!(fresh.session.target_muscles.contains_key(&m), "{m}");
    }
    // ... the back's sets past its MRV do, for both muscles.
    f.volume.clear();
    f.back = 30.0;
    let closed = f.build();
    for m in crate::volume::BACK {
        assert_eq!(closed.session.muscle_caps[&m], 0.0, "{m}");
        assert!(!closed.session.target_muscles.contains_key(&m), "{m}");
    }
    // A back target met halves both muscles' priority.
    f.back = 20.0;
    let met = f.build();
    f.back = 0.0;
    let under = f.build();
    for m in crate::volume::BACK {
        assert!(
            met.session.target_muscles[&m] < under.session.target_muscles[&m],
            "{m}"
        );
    }
}

#[test]
fn focus_muscles_are_weighted() {
    let mut f = Fixture::new(SplitTemplate::Ppl);
    f.signals = AdaptationSignals::new(AdaptationInput {
        focus_muscles: vec![Muscle::Calves],
        ..Default::default()
    })
    .unwrap();
    let c = f.build();
    assert_eq!(
        c.session.target_muscles[&Muscle::Calves],
        FOCUS_MUSCLE_WEIGHT
    );
    // Push is chest's only day this microcycle and nothing is done yet: a
    // major group under MEV on its last day comes first.
    assert_eq!(
        c.session.target_muscles[&Muscle::Chest],
        DAY_TARGET_WEIGHT * caps::MAJOR_UNDER_MEV_WEIGHT_FACTOR * caps::LAST_DAY_UNDER_MEV_FACTOR
    );
    assert!(c.session.muscle_caps[&Muscle::Calves] >= 4.0);
    assert!(
        c.session
            .patterns_allowing_two
            .contains(&MovementPattern::HorizontalPush)
    );
}

#[test]
fn require_rules() {
    let mut f = Fixture::new(SplitTemplate::Ppl);
    // Day 1 is push; a required hinge does not fit and it is not the last day.
    f.rules = vec![MovementRule {
        rule_type: RuleType::Require,
        target: RuleTarget::Pattern(MovementPattern::Hinge),
        expires_on: None,
    }];
    assert!(f.build().session.required_groups.is_empty());
    // Day 5 is legs: it fits.
    f.day_index = 5;
    let c = f.build();
    assert_eq!(c.session.required_groups.len(), 1);
    for id in &c.session.required_groups[0] {
        assert_eq!(ex(*id).movement_pattern, MovementPattern::Hinge);
        assert!(c.allowed.contains(id));
    }
    // Already met this microcycle: not required again.
    f.done.insert(c.session.required_groups[0][0]);
    assert!(f.build().session.required_groups.is_empty());
    // Last training day: required even off-focus.
    f.done.clear();
    f.rules = vec![MovementRule {
        rule_type: RuleType::Require,
        target: RuleTarget::Pattern(MovementPattern::VerticalPull),
        expires_on: None,
    }];
    assert_eq!(f.build().session.required_groups.len(), 1);
}

#[test]
fn rest_day_has_no_sets() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.day_index = 2;
    let c = f.build();
    assert_eq!(c.session.max_total_sets, 0);
    assert!(!c.session.require_compound);
    assert!(c.session.target_muscles.is_empty());
    let input = crate::candidates::CandidateInput {
        constraints: &c,
        experience: Experience::Intermediate,
        goals: f.settings.goals(),
        recent_sessions: &[],
        catalog: catalog(),
    };
    assert!(crate::candidates::rank_candidates(&input, &Default::default()).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// The minimum session fits the time budget even if it were all compound sets.
    #[test]
    fn minimum_fits_the_time(minutes in 15u32..=240, goal in 0usize..7, today in prop::option::of(10u32..=240)) {
        let mut f = Fixture::new(SplitTemplate::FullBody);
        let mut input = crate::program::tests::input();
        input.goals = GoalWeights::new(vec![GoalWeight { goal: Goal::ALL[goal], weight: 10.0 }]).unwrap();
        input.session_minutes = minutes;
        input.microcycle_length_days = 7;
        f.settings = ProgramSettings::new(input).unwrap();
        f.signals = AdaptationSignals::new(AdaptationInput { available_minutes: today.map(f64::from), ..Default::default() }).unwrap();
        let c = f.build();
        let s = &c.session;
        let worst = crate::timing::minutes_per_set(c.compound.reps_mid(), f64::from(c.compound.rest_seconds))
            .max(crate::timing::minutes_per_set(c.isolation.reps_mid(), f64::from(c.isolation.rest_seconds)));
        let needed = f64::from(s.min_total_sets) * worst + s.warmup_minutes + f64::from(s.min_exercises) * s.transition_minutes;
        prop_assert!(needed <= s.available_minutes + 1e-9, "{needed} > {}", s.available_minutes);
        prop_assert!(s.available_minutes <= f64::from(minutes));
    }
}

fn arb_rule(n: usize) -> impl Strategy<Value = MovementRule> {
    (
        0usize..3,
        0usize..n,
        0usize..18,
        0usize..18,
        0u32..4,
        any::<bool>(),
    )
        .prop_map(move |(kind, e, p, m, t, expires)| {
            let target = match kind {
                0 => RuleTarget::Exercise(catalog()[e].id),
                1 => RuleTarget::Pattern(MovementPattern::ALL[p]),
                _ => RuleTarget::Muscle(Muscle::ALL[m]),
            };
            let rule_type = [
                RuleType::Avoid,
                RuleType::Avoid,
                RuleType::Prefer,
                RuleType::Require,
            ][t as usize];
            MovementRule {
                rule_type,
                target,
                expires_on: expires.then(|| date() + Days::new(u64::from(t))),
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn avoided_never_allowed(
        rules in prop::collection::vec(arb_rule(catalog().len()), 0..8),
        template in 0usize..3,
        day in 1u32..=7,
        sore in prop::collection::btree_map(0usize..18, 0u32..=10, 0..4),
        avoid_ids in prop::collection::vec(0usize..300, 0..5),
        bodyweight_only in any::<bool>(),
    ) {
        let mut f = Fixture::new(SplitTemplate::ALL[template]);
        f.day_index = day;
        f.rules = rules;
        let input = AdaptationInput {
            soreness: sore.iter().map(|(m, l)| (Muscle::ALL[*m], f64::from(*l))).collect(),
            avoid_exercises: avoid_ids.iter().map(|i| catalog()[i % catalog().len()].id).collect(),
            equipment: bodyweight_only.then(Equipment::bodyweight_only),
            ..Default::default()
        };
        f.signals = AdaptationSignals::new(input).unwrap();
        let c = f.build();
        let s = &c.session;
        prop_assert!(s.min_total_sets <= s.max_total_sets);
        prop_assert!(s.min_exercises <= s.max_exercises);
        for ex in catalog() {
            let allowed = c.allowed.contains(&ex.id);
            prop_assert_eq!(allowed, !s.excluded.contains(&ex.id));
            if !allowed {
                continue;
            }
            for r in f.rules.iter().filter(|r| r.rule_type == RuleType::Avoid && r.in_force(date())) {
                prop_assert!(!r.matches(ex), "{} allowed despite {:?}", ex.slug, r);
            }
            prop_assert!(!f.signals.avoid_exercises().contains(&ex.id));
            prop_assert!(ex.possible_with(&c.equipment));
            for m in &ex.primary_muscles {
                prop_assert!(f.signals.soreness().get(m).is_none_or(|l| *l < 5.0), "{} with sore {}", ex.slug, m);
            }
        }
        for m in s.target_muscles.keys() {
            prop_assert!(
                catalog().iter().any(|ex| c.allowed.contains(&ex.id) && ex.primary_muscles.contains(m)),
                "target {} has no allowed exercise", m
            );
        }
        for group in &s.required_groups {
            for id in group {
                prop_assert!(c.allowed.contains(id));
            }
        }
    }
}

fn slug(id: ExerciseId) -> &'static str {
    ex(id).slug.as_str()
}

#[test]
fn a_gym_upper_day_has_its_slots_and_starts_from_the_bench_press() {
    let f = Fixture::new(SplitTemplate::UpperLower);
    let c = f.build();
    let slots: Vec<Slot> = c.slots.iter().map(|g| g.slot).collect();
    // An hour: the four upper slots and, on the first upper day, the side delts'.
    assert_eq!(slots, DayFocus::Upper.day_slots(60.0, 0));
    assert_eq!(slots.last(), Some(&Slot::SideDelts));
    let first = &c.slots[0];
    assert!(first.main_lift);
    assert_eq!(first.members.len(), 1);
    assert_eq!(slug(first.members[0]), "barbell-bench-press");
    // The other compound slots hold staples only.
    for g in &c.slots[1..4] {
        assert!(!g.main_lift);
        assert!(
            g.members.iter().all(|id| ex(*id).role() == Role::Main),
            "{g:?}"
        );
    }
}

#[test]
fn full_body_days_ask_for_their_accessories_in_turn() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.settings = settings(45);
    let training = f.training_days();
    let mut week = Vec::new();
    for (ordinal, day) in training.iter().enumerate() {
        f.day_index = *day;
        let c = f.build();
        let slots: Vec<Slot> = c.slots.iter().map(|g| g.slot).collect();
        assert_eq!(
            slots,
            DayFocus::FullBody.day_slots(45.0, ordinal),
            "day {day}"
        );
        week.extend(slots[4..].iter().copied());
        // Calves and rear delts are targets of every full-body day.
        for m in [Muscle::Calves, Muscle::RearDelts] {
            assert!(c.session.target_muscles.contains_key(&m), "day {day}: {m}");
        }
    }
    for slot in crate::slots::FULL_BODY_ACCESSORIES {
        assert!(week.contains(&slot), "{slot:?}");
    }
}

#[test]
fn a_half_hour_full_body_day_holds_no_exercise_over_three_sets() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.settings = settings(30);
    let c = f.build();
    assert!(c.compound.sets_max <= SHORT_FULL_BODY_MAX_SETS);
    assert!(c.isolation.sets_max <= SHORT_FULL_BODY_MAX_SETS);
    // An hour's full-body day keeps the goal's sets.
    let c = Fixture::new(SplitTemplate::FullBody).build();
    assert!(c.compound.sets_max > SHORT_FULL_BODY_MAX_SETS);
}

#[test]
fn pressing_and_pulling_days_leave_front_raises_and_carries_out() {
    let f = Fixture::new(SplitTemplate::Ppl);
    let push = f.build();
    assert!(
        push.allowed
            .iter()
            .all(|id| !crate::day_fit::is_front_raise(ex(*id)))
    );
    let mut f = Fixture::new(SplitTemplate::Ppl);
    f.day_index = f
        .microcycle
        .days()
        .iter()
        .find(|d| d.focus == Some(DayFocus::Pull))
        .unwrap()
        .day_index;
    let pull = f.build();
    assert!(
        pull.allowed
            .iter()
            .all(|id| ex(*id).movement_pattern != MovementPattern::Carry)
    );
}

#[test]
fn an_hour_asks_for_five_to_eight_exercises_and_half_an_hour_for_three_to_five() {
    let f = Fixture::new(SplitTemplate::UpperLower);
    let s = f.build().session;
    assert_eq!((s.min_exercises, s.max_exercises), (5, 8));
    let mut f = Fixture::new(SplitTemplate::UpperLower);
    f.settings = settings(30);
    let c = f.build();
    assert_eq!(c.session.min_exercises, 3);
    assert!(c.session.max_exercises <= 5);
    // Three exercises fit half an hour: two sets each at the least.
    assert!(c.compound.sets_min <= caps::MIN_SETS_WHEN_SHORT);
}

#[test]
fn an_avoided_lower_back_keeps_out_deadlifts_cleans_and_rows() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.rules = vec![MovementRule {
        rule_type: RuleType::Avoid,
        target: RuleTarget::Muscle(Muscle::LowerBack),
        expires_on: None,
    }];
    let c = f.build();
    for id in &c.allowed {
        assert!(
            !crate::movers::LOWER_BACK_MAJOR_SLUGS.contains(&slug(*id)),
            "{}",
            slug(*id)
        );
        assert!(!ex(*id).is_major_mover(Muscle::LowerBack));
    }
    // The hip-dominant slot is filled without them (hip thrusts, bridges).
    let hip = c.slots.iter().find(|g| g.slot == Slot::HipDominant);
    assert!(hip.is_some_and(|g| !g.members.is_empty()));
}

#[test]
fn mobility_drills_are_never_working_exercises() {
    let c = Fixture::new(SplitTemplate::FullBody).build();
    assert!(
        c.allowed
            .iter()
            .all(|id| ex(*id).movement_pattern != MovementPattern::Mobility)
    );
}

#[test]
fn effort_ramps_from_rpe_7_to_9_across_the_block() {
    // Deload every 4th: RPE 7, 8, 9, then the deload (no ramp).
    let rpes: Vec<Option<f64>> = (0..8).map(|i| mesocycle_rpe(i, 4)).collect();
    assert_eq!(
        rpes,
        vec![
            Some(7.0),
            Some(8.0),
            Some(9.0),
            None,
            Some(7.0),
            Some(8.0),
            Some(9.0),
            None
        ]
    );
    assert_eq!(mesocycle_rpe(3, 0), None);
    assert_eq!(mesocycle_rpe(0, 2), None);
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.settings = settings(60);
    let c = f.build();
    assert_eq!(c.compound.target_rpe, 7.0);
}

#[test]
fn volume_ramps_from_mev_to_the_mav_target_across_the_block() {
    use crate::volume::{scaled_landmarks, weekly_target};
    let shares: Vec<Option<f64>> = (0..8).map(|i| mesocycle_volume(i, 4)).collect();
    assert_eq!(
        shares,
        vec![
            Some(0.0),
            Some(0.5),
            Some(1.0),
            None,
            Some(0.0),
            Some(0.5),
            Some(1.0),
            None
        ]
    );
    assert_eq!(mesocycle_volume(2, 0), None);
    assert_eq!(mesocycle_volume(0, 2), None);
    let goals = GoalWeights::new(vec![GoalWeight {
        goal: Goal::Hypertrophy,
        weight: 10.0,
    }])
    .unwrap();
    let (m, x) = (Muscle::Chest, Experience::Intermediate);
    let mev = scaled_landmarks(m, x).mev;
    let full = weekly_target(m, x, &goals);
    assert_eq!(ramped_target(m, x, &goals, 0, 4), mev);
    assert_eq!(ramped_target(m, x, &goals, 1, 4), (mev + full) / 2.0);
    assert_eq!(ramped_target(m, x, &goals, 2, 4), full);
    // No ramp: the goal-blended target throughout.
    assert_eq!(ramped_target(m, x, &goals, 0, 0), full);
}

proptest::proptest! {
    #[test]
    fn ramped_target_stays_between_mev_and_the_target(index in 0u32..40, every_n in 0u32..8) {
        use crate::volume::{scaled_landmarks, weekly_target};
        let goals = GoalWeights::new(vec![GoalWeight { goal: Goal::Strength, weight: 10.0 }]).unwrap();
        for m in Muscle::ALL {
            for x in [Experience::Beginner, Experience::Intermediate, Experience::Advanced] {
                let t = ramped_target(*m, x, &goals, index, every_n);
                let next = ramped_target(*m, x, &goals, index + 1, every_n);
                let mev = scaled_landmarks(*m, x).mev;
                proptest::prop_assert!(t >= mev - 1e-9 && t <= weekly_target(*m, x, &goals) + 1e-9);
                // Non-decreasing inside a block (the deload and the next block restart it).
                if every_n >= 3 && (index % every_n) + 2 < every_n {
                    proptest::prop_assert!(next >= t - 1e-9);
                }
            }
        }
    }
}

#[test]
fn full_body_days_give_the_heavy_sets_to_the_squat_and_the_hinge_in_turn() {
    let mut f = Fixture::new(SplitTemplate::FullBody);
    f.settings = ProgramSettings::new(ProgramSettingsInput {
        equipment: vec![
            Equipment::Dumbbell,
            Equipment::Bench,
            Equipment::PullupBar,
            Equipment::Bands,
        ],
        ..settings(45).to_input()
    })
    .unwrap();
    let by_slug = |s: &str| catalog().iter().find(|e| e.slug == s).unwrap();
    let (squat, hinge) = (
        by_slug("dumbbell-goblet-squat"),
        by_slug("dumbbell-romanian-deadlift"),
    );
    let training = f.training_days();
    for (ordinal, day) in training.iter().enumerate() {
        f.day_index = *day;
        let c = f.build();
        assert!(c.supersets, "day {day}");
        let squat_day = ordinal % 2 == 0;
        let lead = &c.slots[0];
        assert!(lead.main_lift, "day {day}");
        if squat_day {
            // No staple squat at home: the slot's squats lead, a goblet squat among them.
            assert_eq!(lead.slot, Slot::KneeDominant);
            assert!(lead.members.contains(&squat.id));
        } else {
            assert_eq!(lead.slot, Slot::HipDominant);
            assert_eq!(lead.members, [hinge.id]);
        }
        assert_eq!(c.takes_main_lift_sets(squat), squat_day, "day {day}");
        assert_eq!(c.takes_main_lift_sets(hinge), !squat_day, "day {day}");
        // The press and the row are staples on every day; curls never lead.
        assert!(c.takes_main_lift_sets(by_slug("dumbbell-bench-press")));
        assert!(!c.takes_main_lift_sets(by_slug("dumbbell-curl")));
    }
}
