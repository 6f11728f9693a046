//! Seeded instances for tests, benchmarks and experiments (no I/O, no
//! dependencies: a SplitMix64 generator, so an instance is the same on every
//! machine and every run).
//!
//! [`random_problem`] draws synthetic candidates over all 18 muscles, the
//! shape of the probe; [`catalog_problem`] draws candidates from
//! real exercises (credits from primary/secondary muscles, equipment and
//! fatigue from the exercise). Both draw day constraints the planner would
//! plausibly produce: 3–5 target muscles, per-muscle caps, 45–75 minutes.

use std::collections::{BTreeMap, BTreeSet};

use gainsly_domain::selection::{
    Candidate, ObjectiveWeights, SelectionProblem, SessionConstraints,
};
use gainsly_domain::{Equipment, Exercise, ExerciseId, MovementPattern, Muscle};

/// SplitMix64: tiny, fast, good enough for instance generation.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `lo..hi` (`lo` when the range is empty).
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.next_u64() % (hi - lo)
        }
    }

    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.range(0, items.len() as u64) as usize)
        }
    }
}

/// Day constraints over `candidates`, drawn from `rng`.
fn day_constraints(rng: &mut Rng, candidates: &[Candidate]) -> SessionConstraints {
    let mut target_muscles = BTreeMap::new();
    let n_targets = rng.range(3, 6);
    while (target_muscles.len() as u64) < n_targets {
        if let Some(m) = rng.pick(Muscle::ALL) {
            let w = [1.0, 1.0, 1.5, 2.0][rng.range(0, 4) as usize];
            target_muscles.insert(*m, w);
        }
    }
    let mut muscle_caps = BTreeMap::new();
    for m in Muscle::ALL {
        // 4–12 fractional sets, in halves.
        muscle_caps.insert(*m, (rng.range(8, 25) as f64) / 2.0);
    }
    let mut protected_muscles = BTreeSet::new();
    for _ in 0..rng.range(0, 3) {
        if let Some(m) = rng.pick(Muscle::ALL) {
            protected_muscles.insert(*m);
            muscle_caps.insert(*m, rng.range(0, 9) as f64 / 2.0);
        }
    }
    let excluded: BTreeSet<ExerciseId> = candidates
        .iter()
        .filter(|_| rng.chance(0.05))
        .map(|c| c.exercise_id)
        .collect();
    let mut required_groups = Vec::new();
    if rng.chance(0.3) && !candidates.is_empty() {
        let size = rng.range(1, 4);
        let group: Vec<ExerciseId> = (0..size)
            .filter_map(|_| rng.pick(candidates).map(|c| c.exercise_id))
            .collect();
        required_groups.push(group);
    }
    let mains: Vec<MovementPattern> = MovementPattern::ALL
        .iter()
        .copied()
        .filter(|p| p.is_main())
        .collect();
    let mut patterns_allowing_two = BTreeSet::new();
    if rng.chance(0.3)
        && let Some(p) = rng.pick(&mains)
    {
        patterns_allowing_two.insert(*p);
    }
    let min_total_sets = rng.range(10, 15) as u32;
    SessionConstraints {
        target_muscles,
        muscle_caps,
        protected_muscles,
        min_total_sets,
        max_total_sets: min_total_sets + rng.range(4, 9) as u32,
        min_exercises: 3,
        max_exercises: rng.range(6, 9) as u32,
        available_minutes: 45.0 + 5.0 * rng.range(0, 7) as f64,
        warmup_minutes: 5.0,
        transition_minutes: 1.0,
        excluded,
        required_groups,
        patterns_allowing_two,
        require_compound: rng.chance(0.8),
        min_target_sets: if rng.chance(0.2) { 2.0 } else { 0.0 },
        full_value_sets: Default::default(),
    }
}

fn candidate_flags(rng: &mut Rng, c: &mut Candidate) {
    c.min_sets = 2;
    c.max_sets = rng.range(3, 6) as u32;
    c.minutes_per_set = 2.0 + rng.range(0, 7) as f64 / 4.0;
    c.preferred = rng.chance(0.1);
    c.llm_pick = rng.chance(0.15);
    c.score = (rng.unit() * 100.0).round() / 100.0;
}

/// `n` synthetic candidates over the 18 muscles and a day's constraints.
pub fn random_problem(n: usize, seed: u64) -> SelectionProblem {
    let mut rng = Rng::new(seed);
    let candidates: Vec<Candidate> = (0..n)
        .map(|i| {
            let pattern = *rng
                .pick(MovementPattern::ALL)
                .unwrap_or(&MovementPattern::Core);
            let mut muscles = BTreeMap::new();
            for _ in 0..rng.range(0, 4) {
                if let Some(m) = rng.pick(Muscle::ALL) {
                    muscles.insert(*m, 0.5);
                }
            }
            for _ in 0..rng.range(1, 3) {
                if let Some(m) = rng.pick(Muscle::ALL) {
                    muscles.insert(*m, 1.0);
                }
            }
            let mut equipment: Vec<Equipment> = Vec::new();
            for _ in 0..rng.range(1, 3) {
                if let Some(e) = rng.pick(Equipment::ALL)
                    && !equipment.contains(e)
                {
                    equipment.push(*e);
                }
            }
            let mut c = Candidate {
                exercise_id: ExerciseId(i as i64 + 1),
                pattern,
                compound: pattern.is_main() || rng.chance(0.2),
                muscles,
                equipment,
                min_sets: 2,
                max_sets: 5,
                minutes_per_set: 2.5,
                fatigue: rng.range(1, 6) as f64,
                preferred: false,
                llm_pick: false,
                score: 0.5,
            };
            candidate_flags(&mut rng, &mut c);
            c
        })
        .collect();
    let constraints = day_constraints(&mut rng, &candidates);
    SelectionProblem {
        candidates,
        constraints,
        weights: ObjectiveWeights::default(),
    }
}

/// `n` candidates drawn without repetition from `exercises` (all of them
/// when there are fewer), and a day's constraints.
pub fn catalog_problem(exercises: &[Exercise], n: usize, seed: u64) -> SelectionProblem {
    let mut rng = Rng::new(seed);
    let mut pool: Vec<&Exercise> = exercises.iter().collect();
    let mut candidates = Vec::with_capacity(n.min(pool.len()));
    while candidates.len() < n && !pool.is_empty() {
        let k = rng.range(0, pool.len() as u64) as usize;
        let e = pool.swap_remove(k);
        let mut c = Candidate {
            exercise_id: e.id,
            pattern: e.movement_pattern,
            compound: e.is_compound(),
            muscles: e.muscle_credits().collect(),
            equipment: e.equipment.clone(),
            min_sets: 2,
            max_sets: 5,
            minutes_per_set: 2.5,
            fatigue: f64::from(e.fatigue),
            preferred: false,
            llm_pick: false,
            score: 0.5,
        };
        candidate_flags(&mut rng, &mut c);
        candidates.push(c);
    }
    let constraints = day_constraints(&mut rng, &candidates);
    SelectionProblem {
        candidates,
        constraints,
        weights: ObjectiveWeights::default(),
    }
}
