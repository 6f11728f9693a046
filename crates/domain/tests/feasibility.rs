//! Integration test: the constraints and candidates the domain builds are
//! satisfiable. A simple greedy planner (not the MILP) must find a plan that
//! meets every hard constraint, including the minimums, for random realistic
//! days over the real catalog — so the optimizer never has to relax on an
//! ordinary day.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use gainsly_domain::candidates::{CandidateConfig, CandidateInput, rank_candidates};
use gainsly_domain::catalog::catalog;
use gainsly_domain::constraints::{ConstraintInput, build_constraints};
use gainsly_domain::microcycle::Microcycle;
use gainsly_domain::program::{ProgramSettings, ProgramSettingsInput, ProgressionStyle};
use gainsly_domain::recovery::{RecoveryModel, RecoveryState, SorenessEntry};
use gainsly_domain::signals::{AdaptationInput, AdaptationSignals};
use gainsly_domain::split::SplitTemplate;
use gainsly_domain::{
    Candidate, Equipment, Experience, Goal, GoalWeight, GoalWeights, Muscle, SessionConstraints,
};
use proptest::prelude::*;

const EPS: f64 = 1e-9;

struct Plan<'a> {
    c: &'a SessionConstraints,
    cands: &'a [Candidate],
    picks: Vec<(usize, u32)>,
    sets: BTreeMap<Muscle, f64>,
    minutes: f64,
}

impl<'a> Plan<'a> {
    fn new(c: &'a SessionConstraints, cands: &'a [Candidate]) -> Self {
        Plan {
            c,
            cands,
            picks: Vec::new(),
            sets: BTreeMap::new(),
            minutes: c.warmup_minutes,
        }
    }
    fn total(&self) -> u32 {
        self.picks.iter().map(|p| p.1).sum()
    }
    fn fits(&self, i: usize, extra_sets: u32, new_pick: bool) -> bool {
        let cand = &self.cands[i];
        if self.c.excluded.contains(&cand.exercise_id) {
            return false;
        }
        if new_pick {
            if self.picks.iter().any(|p| p.0 == i)
                || self.picks.len() as u32 + 1 > self.c.max_exercises
            {
                return false;
            }
            if cand.pattern.is_main() {
                let same = self
                    .picks
                    .iter()
                    .filter(|p| self.cands[p.0].pattern == cand.pattern)
                    .count();
                let allowed = if self.c.patterns_allowing_two.contains(&cand.pattern) {
                    2
                } else {
                    1
                };
                if same >= allowed {
                    return false;
                }
            }
        }
        if self.total() + extra_sets > self.c.max_total_sets {
            return false;
        }
        let transition = if new_pick {
            self.c.transition_minutes
        } else {
            0.0
        };
        if self.minutes + f64::from(extra_sets) * cand.minutes_per_set + transition
            > self.c.available_minutes + EPS
        {
            return false;
        }
        cand.muscles.iter().all(|(m, credit)| {
            let cap = self.c.muscle_caps.get(m).copied().unwrap_or(f64::INFINITY);
            self.sets.get(m).copied().unwrap_or(0.0) + credit * f64::from(extra_sets) <= cap + EPS
        })
    }
    fn add(&mut self, i: usize, sets: u32, new_pick: bool) {
        let cand = &self.cands[i];
        for (m, credit) in &cand.muscles {
            *self.sets.entry(*m).or_insert(0.0) += credit * f64::from(sets);
        }
        self.minutes += f64::from(sets) * cand.minutes_per_set
            + if new_pick {
                self.c.transition_minutes
            } else {
                0.0
            };
        if new_pick {
            self.picks.push((i, sets));
        } else if let Some(p) = self.picks.iter_mut().find(|p| p.0 == i) {
            p.1 += sets;
        }
    }
    fn try_pick(&mut self, pred: impl Fn(&Candidate) -> bool) -> bool {
        for i in 0..self.cands.len() {
            let min = self.cands[i].min_sets.max(1);
            if pred(&self.cands[i]) && self.fits(i, min, true) {
                self.add(i, min, true);
                return true;
            }
        }
        false
    }
    /// A new pick training `m`, preferring the one that also trains the most
    /// target muscles still under the floor.
    fn pick_covering(&mut self, m: Muscle) -> bool {
        let under: Vec<Muscle> = self
            .c
            .target_muscles
            .keys()
            .copied()
            .filter(|t| self.sets.get(t).copied().unwrap_or(0.0) + EPS < self.c.min_target_sets)
            .collect();
        let best = (0..self.cands.len())
            .filter(|&i| self.cands[i].muscles.contains_key(&m))
            .filter(|&i| self.fits(i, self.cands[i].min_sets.max(1), true))
            .max_by(|&a, &b| {
                let cover = |i: usize| -> f64 {
                    under
                        .iter()
                        .map(|t| self.cands[i].muscles.get(t).copied().unwrap_or(0.0))
                        .sum()
                };
                cover(a).total_cmp(&cover(b)).then(b.cmp(&a))
            });
        match best {
            Some(i) => {
                self.add(i, self.cands[i].min_sets.max(1), true);
                true
            }
            None => false,
        }
    }

    /// Greedy: requirements, a compound, the balance floor, then volume.
    fn build(mut self) -> Result<Vec<(usize, u32)>, String> {
        for group in &self.c.required_groups {
            if !self.try_pick(|c| group.contains(&c.exercise_id)) {
                return Err(format!("required group {group:?} cannot be placed"));
            }
        }
        if self.c.require_compound
            && !self.picks.iter().any(|p| self.cands[p.0].compound)
            && !self.try_pick(|c| c.compound)
        {
            return Err(format!(
                "no compound fits (max {} sets, {:.1}/{} min; compounds {:?}; caps {:?})",
                self.c.max_total_sets,
                self.minutes,
                self.c.available_minutes,
                self.cands
                    .iter()
                    .filter(|c| c.compound)
                    .map(|c| (c.exercise_id.0, c.min_sets, c.minutes_per_set, &c.muscles))
                    .take(3)
                    .collect::<Vec<_>>(),
                self.c.muscle_caps,
            ));
        }
        for m in self.c.target_muscles.keys() {
            while self.sets.get(m).copied().unwrap_or(0.0) + EPS < self.c.min_target_sets {
                // More sets of a pick that trains it, else a new pick; a
                // set more only while the exercises still to come keep a
                // set each (a deload with as many sets as exercises).
                let to_come = self
                    .c
                    .min_exercises
                    .saturating_sub(u32::try_from(self.picks.len()).unwrap_or(u32::MAX));
                let room = self.total() + 1 + to_come <= self.c.max_total_sets;
                let grow = self.picks.iter().map(|p| p.0).find(|&i| {
                    room && self.cands[i].muscles.contains_key(m)
                        && self
                            .picks
                            .iter()
                            .any(|p| p.0 == i && p.1 < self.cands[i].max_sets)
                        && self.fits(i, 1, false)
                });
                match grow {
                    Some(i) => self.add(i, 1, false),
                    None => {
                        if !self.pick_covering(*m) {
                            return Err(format!(
                                "floor for {m} cannot be met (floor {}, max {} sets, {} exercises, {:.1}/{} min; picks {:?}; sets {:?}; caps {:?}; {} candidates)",
                                self.c.min_target_sets,
                                self.c.max_total_sets,
                                self.c.max_exercises,
                                self.minutes,
                                self.c.available_minutes,
                                self.picks
                                    .iter()
                                    .map(|p| (
                                        self.cands[p.0].exercise_id.0,
                                        self.cands[p.0].pattern,
                                        p.1,
                                        self.cands[p.0].min_sets
                                    ))
                                    .collect::<Vec<_>>(),
                                self.sets,
                                self.c.muscle_caps,
                                self.cands.len(),
                            ));
                        }
                    }
                }
            }
        }
        while (self.picks.len() as u32) < self.c.min_exercises {
            // The cheapest exercise that fits (a greedy that fills the count
            // with long compounds can miss a feasible plan).
            let cheapest = (0..self.cands.len())
                .filter(|&i| !self.picks.iter().any(|p| p.0 == i))
                .filter(|&i| self.fits(i, self.cands[i].min_sets.max(1), true))
                .min_by(|&a, &b| {
                    let cost = |i: usize| {
                        f64::from(self.cands[i].min_sets.max(1)) * self.cands[i].minutes_per_set
                    };
                    cost(a).total_cmp(&cost(b)).then(a.cmp(&b))
                });
            if let Some(i) = cheapest {
                self.add(i, self.cands[i].min_sets.max(1), true);
            } else if !self.try_pick(|_| true) {
                return Err(format!(
                    "min exercises cannot be met ({} of {}; picks {:?}; {:.1}/{} min; {} of {} sets; caps {:?}; {} candidates)",
                    self.picks.len(),
                    self.c.min_exercises,
                    self.picks
                        .iter()
                        .map(|p| (self.cands[p.0].exercise_id.0, self.cands[p.0].pattern, p.1))
                        .collect::<Vec<_>>(),
                    self.minutes,
                    self.c.available_minutes,
                    self.total(),
                    self.c.max_total_sets,
                    self.c.muscle_caps,
                    self.cands.len(),
                ));
            }
        }
        while self.total() < self.c.min_total_sets {
            let grow = self.picks.iter().map(|p| p.0).find(|&i| {
                self.picks
                    .iter()
                    .any(|p| p.0 == i && p.1 < self.cands[i].max_sets)
                    && self.fits(i, 1, false)
            });
            match grow {
                Some(i) => self.add(i, 1, false),
                None => {
                    if !self.try_pick(|_| true) {
                        return Err(format!(
                            "min total sets {} cannot be met (got {}; max {} sets, {}..{} exercises, {:.1}/{} min; picks {:?}; sets {:?}; caps {:?})",
                            self.c.min_total_sets,
                            self.total(),
                            self.c.max_total_sets,
                            self.c.min_exercises,
                            self.c.max_exercises,
                            self.minutes,
                            self.c.available_minutes,
                            self.picks
                                .iter()
                                .map(|p| (
                                    self.cands[p.0].exercise_id.0,
                                    self.cands[p.0].pattern,
                                    p.1,
                                    self.cands[p.0].max_sets
                                ))
                                .collect::<Vec<_>>(),
                            self.sets,
                            self.c.muscle_caps,
                        ));
                    }
                }
            }
        }
        Ok(self.picks)
    }
}

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

#[allow(clippy::too_many_arguments)]
fn scenario(
    template: SplitTemplate,
    days_per_week: u32,
    day_index: u32,
    goals: Vec<(Goal, f64)>,
    minutes: u32,
    equipment: Vec<Equipment>,
    signals: AdaptationInput,
    soreness_history: Vec<SorenessEntry>,
    deload: bool,
    experience: Experience,
) -> Result<usize, String> {
    let settings = ProgramSettings::new(ProgramSettingsInput {
        goals: GoalWeights::new(
            goals
                .into_iter()
                .map(|(goal, weight)| GoalWeight { goal, weight })
                .collect(),
        )
        .unwrap(),
        split: template,
        days_per_week,
        microcycle_length_days: 7,
        duration_weeks: 8,
        start_date: start(),
        session_minutes: minutes,
        progression: ProgressionStyle::Double,
        deload_every_n: 4,
        equipment,
    })
    .unwrap();
    let microcycle = Microcycle::generate(template, days_per_week, 7).unwrap();
    let Some(day) = microcycle.day(day_index).filter(|d| d.is_training()) else {
        return Ok(0);
    };
    let date = start() + Days::new(u64::from(day_index - 1));
    let recovery: RecoveryState = RecoveryModel::default().state(date, &soreness_history, &[]);
    let signals = AdaptationSignals::new(signals).unwrap();
    let volume = BTreeMap::new();
    let done = BTreeSet::new();
    let input = ConstraintInput {
        date,
        day,
        microcycle: &microcycle,
        is_deload: deload,
        microcycle_index: 0,
        settings: &settings,
        experience,
        profile_equipment: &[],
        rules: &[],
        recovery: &recovery,
        ready_threshold_pct: 60.0,
        volume_so_far: &volume,
        back_so_far: 0.0,
        done_this_microcycle: &done,
        signals: &signals,
        catalog: catalog(),
    };
    let dc = build_constraints(&input);
    let cands = rank_candidates(
        &CandidateInput {
            constraints: &dc,
            experience,
            goals: settings.goals(),
            recent_sessions: &[],
            catalog: catalog(),
        },
        &CandidateConfig::default(),
    );
    let plan = Plan::new(&dc.session, &cands).build().map_err(|e| {
        format!(
            "{e}\nconstraints: {:#?}\nnotes {:?}",
            dc.session.target_muscles, dc.notes
        )
    })?;
    Ok(plan.len())
}

fn goal_sets() -> Vec<Vec<(Goal, f64)>> {
    vec![
        vec![(Goal::Hypertrophy, 10.0)],
        vec![(Goal::Strength, 10.0)],
        vec![(Goal::Strength, 6.0), (Goal::Hypertrophy, 4.0)],
        vec![
            (Goal::FatLoss, 5.0),
            (Goal::Hypertrophy, 3.0),
            (Goal::Endurance, 2.0),
        ],
        vec![
            (Goal::Explosiveness, 5.0),
            (Goal::Speed, 3.0),
            (Goal::Strength, 2.0),
        ],
        vec![(Goal::Mobility, 10.0)],
    ]
}

#[test]
fn ordinary_days_are_feasible() {
    let mut checked = 0;
    for template in [
        SplitTemplate::FullBody,
        SplitTemplate::UpperLower,
        SplitTemplate::Ppl,
    ] {
        for dpw in [2, 3, 4, 6] {
            for day in 1..=7 {
                for goals in goal_sets() {
                    for minutes in [20, 45, 60, 90] {
                        for eq in [
                            Equipment::commercial_gym(),
                            Equipment::home_gym(),
                            Equipment::bodyweight_only(),
                        ] {
                            let n = scenario(
                                template,
                                dpw,
                                day,
                                goals.clone(),
                                minutes,
                                eq,
                                AdaptationInput::default(),
                                vec![],
                                false,
                                Experience::Intermediate,
                            )
                            .unwrap_or_else(|e| {
                                panic!("{template} {dpw}/wk day {day} {goals:?} {minutes} min: {e}")
                            });
                            checked += usize::from(n > 0);
                        }
                    }
                }
            }
        }
    }
    assert!(checked > 500, "{checked}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn adapted_days_are_feasible(
        template in 0usize..3,
        dpw in 1u32..=7,
        day in 1u32..=7,
        goals in 0usize..6,
        minutes in 15u32..=240,
        today in prop::option::of(10u32..=240),
        eq in 0usize..3,
        sore in prop::collection::btree_map(0usize..18, 0u32..=10, 0..5),
        old_sore in prop::collection::vec((0usize..18, 0u32..=10), 0..4),
        energy in prop::option::of(1u32..=10),
        sleep in prop::option::of(0u32..=12),
        deload in any::<bool>(),
        exp in 0usize..3,
    ) {
        let equipment = [Equipment::commercial_gym(), Equipment::home_gym(), Equipment::bodyweight_only()][eq].clone();
        let signals = AdaptationInput {
            soreness: sore.iter().map(|(m, l)| (Muscle::ALL[*m], f64::from(*l))).collect(),
            available_minutes: today.map(f64::from),
            energy: energy.map(f64::from),
            sleep_hours: sleep.map(f64::from),
            ..Default::default()
        };
        let history = old_sore.iter().map(|(m, l)| SorenessEntry { date: start(), muscle: Muscle::ALL[*m], level: f64::from(*l) }).collect();
        let r = scenario(
            SplitTemplate::ALL[template], dpw, day, goal_sets()[goals].clone(), minutes, equipment, signals, history, deload,
            Experience::ALL[exp],
        );
        if let Err(e) = r {
            prop_assert!(false, "{}", e);
        }
    }
}
