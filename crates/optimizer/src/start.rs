//! A greedy plan improved by local search: the MIP start (incumbent) handed
//! to HiGHS. A strong incumbent matters more than anything else for speed:
//! with it, HiGHS's reduced-cost fixing removes most candidates at the root.
//!
//! Plain arithmetic over the usable candidates: first reach the lower
//! limits (required groups, compound, minimum sets and exercises, balance
//! floor) with the most valuable moves that cut the shortfall, then hill-climb on the
//! objective with first-improvement over these moves: add a candidate (any
//! set count), drop one, change one's sets, swap one for another (any set
//! count), move a set from one pick to another. Deterministic (fixed order).
//! May fail on tight problems; the solver then starts without an incumbent.

use gainsly_domain::Equipment;

use crate::model::{Layout, Prepared};

/// Slack when comparing float sums against bounds.
const EPS: f64 = 1e-9;

/// Sets per usable item (`0`: not picked), in `Prepared::items` order.
pub(crate) type Plan = Vec<u32>;

/// Per-item data in flat arrays, so a plan is scored without map lookups.
struct Scorer<'p> {
    prep: &'p Prepared<'p>,
    /// Muscle slot (index into `muscles`) and credit per item.
    credits: Vec<Vec<(usize, f64)>>,
    /// The muscles that matter: targets first (slot, weight, full-value
    /// sets), then capped ones.
    targets: Vec<(usize, f64, f64)>,
    caps: Vec<(usize, f64)>,
    slots: usize,
    equipment: Vec<u64>,
    pattern: Vec<usize>,
    pattern_limit: Vec<u32>,
    compound: Vec<bool>,
    /// Bit g set: the item is in required group g (groups past 64 are checked slowly).
    groups: Vec<u128>,
    bonus: Vec<f64>,
    fatigue: Vec<f64>,
    minutes: Vec<f64>,
}

impl<'p> Scorer<'p> {
    fn new(prep: &'p Prepared<'p>) -> Self {
        let c = &prep.problem.constraints;
        let w = &prep.problem.weights;
        let mut slot_of = [usize::MAX; 64];
        let mut slots = 0;
        let mut slot = |m: gainsly_domain::Muscle| {
            let i = m as usize;
            if slot_of[i] == usize::MAX {
                slot_of[i] = slots;
                slots += 1;
            }
            slot_of[i]
        };
        let targets: Vec<(usize, f64, f64)> = c
            .target_muscles
            .iter()
            .map(|(m, wt)| (slot(*m), *wt, c.full_value(*m, w.full_value_sets)))
            .collect();
        let caps: Vec<(usize, f64)> = c
            .muscle_caps
            .iter()
            .map(|(m, cap)| (slot(*m), *cap))
            .collect();
        let credits = prep
            .items
            .iter()
            .map(|it| {
                prep.candidate(it)
                    .muscles
                    .iter()
                    .filter(|(m, cr)| slot_of[**m as usize] != usize::MAX && **cr != 0.0)
                    .map(|(m, cr)| (slot_of[*m as usize], *cr))
                    .collect()
            })
            .collect();
        let groups = prep
            .items
            .iter()
            .map(|it| {
                let id = prep.candidate(it).exercise_id;
                c.required_groups
                    .iter()
                    .take(128)
                    .enumerate()
                    .filter(|(_, g)| g.contains(&id))
                    .fold(0u128, |acc, (g, _)| acc | (1u128 << g))
            })
            .collect();
        let cands: Vec<_> = prep.items.iter().map(|it| prep.candidate(it)).collect();
        Scorer {
            prep,
            credits,
            targets,
            caps,
            slots,
            equipment: cands
                .iter()
                .map(|cand| {
                    cand.equipment
                        .iter()
                        .filter(|e| **e != Equipment::Bodyweight)
                        .fold(0u64, |acc, e| acc | (1u64 << (*e as u32)))
                })
                .collect(),
            pattern: cands.iter().map(|cand| cand.pattern as usize).collect(),
            pattern_limit: cands
                .iter()
                .map(|cand| prep.pattern_limit(cand.pattern))
                .collect(),
            compound: cands.iter().map(|cand| cand.compound).collect(),
            groups,
            bonus: cands.iter().map(|cand| cand.bonus(w)).collect(),
            fatigue: cands.iter().map(|cand| cand.fatigue).collect(),
            minutes: cands.iter().map(|cand| cand.minutes_per_set).collect(),
        }
    }

    fn muscle_sets(&self, plan: &[(usize, u32)]) -> Vec<f64> {
        let mut sets = vec![0.0; self.slots];
        for &(k, s) in plan {
            for &(slot, credit) in &self.credits[k] {
                sets[slot] += credit * f64::from(s);
            }
        }
        sets
    }

    fn objective(&self, plan: &[(usize, u32)]) -> f64 {
        let w = &self.prep.problem.weights;
        let sets = self.muscle_sets(plan);
        let mut equipment = 0u64;
        let mut value = 0.0;
        for &(k, s) in plan {
            value += self.bonus[k] - w.fatigue_cost * self.fatigue[k] * f64::from(s);
            equipment |= self.equipment[k];
        }
        value -= w.equipment_cost * f64::from(equipment.count_ones());
        let mut least = f64::INFINITY;
        for &(slot, weight, full_value) in &self.targets {
            let s = sets[slot];
            let full = s.min(full_value).max(0.0);
            value += w.stimulus * weight * (full + w.diminishing_factor * (s - full));
            least = least.min(s / weight);
        }
        if least.is_finite() {
            value += w.balance * least;
        }
        value
    }

    /// Upper limits (which adding only makes worse) and per-pick set bounds.
    fn within_limits(&self, plan: &[(usize, u32)]) -> bool {
        let c = &self.prep.problem.constraints;
        let (mut sets, mut minutes) = (0u32, c.warmup_minutes);
        let mut patterns = [0u32; 64];
        for &(k, s) in plan {
            let it = &self.prep.items[k];
            if s < it.lo || s > it.hi {
                return false;
            }
            sets += s;
            minutes += f64::from(s) * self.minutes[k] + c.transition_minutes;
            let p = self.pattern[k];
            patterns[p] += 1;
            if patterns[p] > self.pattern_limit[k] {
                return false;
            }
        }
        if sets > c.max_total_sets
            || plan.len() as u64 > u64::from(c.max_exercises)
            || minutes > c.available_minutes + EPS
        {
            return false;
        }
        let muscle = self.muscle_sets(plan);
        self.caps
            .iter()
            .all(|&(slot, cap)| muscle[slot] <= cap + EPS)
    }

    /// How far a plan is from the lower limits (0: met).
    fn shortfall(&self, plan: &[(usize, u32)]) -> f64 {
        let c = &self.prep.problem.constraints;
        let sets: u32 = plan.iter().map(|(_, s)| s).sum();
        let mut short = f64::from(c.min_total_sets.saturating_sub(sets))
            + f64::from(c.min_exercises.max(1).saturating_sub(plan.len() as u32));
        if c.require_compound && !plan.iter().any(|(k, _)| self.compound[*k]) {
            short += 1.0;
        }
        let met = plan.iter().fold(0u128, |acc, (k, _)| acc | self.groups[*k]);
        for (g, group) in c.required_groups.iter().enumerate() {
            let ok = if g < 128 {
                met & (1u128 << g) != 0
            } else {
                plan.iter().any(|(k, _)| {
                    group.contains(&self.prep.candidate(&self.prep.items[*k]).exercise_id)
                })
            };
            if !ok {
                short += 1.0;
            }
        }
        if c.min_target_sets > 0.0 {
            let muscle = self.muscle_sets(plan);
            for &(slot, _, _) in &self.targets {
                short += (c.min_target_sets - muscle[slot]).max(0.0);
            }
        }
        short
    }

    fn feasible(&self, plan: &[(usize, u32)]) -> bool {
        self.within_limits(plan) && self.shortfall(plan) <= EPS
    }

    /// Every plan one move away (see the module doc), in a fixed order.
    fn neighbours(&self, plan: &[(usize, u32)], out: &mut Vec<Vec<(usize, u32)>>) {
        out.clear();
        let items = &self.prep.items;
        let with = |base: &[(usize, u32)], k: usize, s: u32| {
            let mut p: Vec<(usize, u32)> = base.iter().copied().filter(|(j, _)| *j != k).collect();
            if s > 0 {
                let pos = p.partition_point(|(j, _)| *j < k);
                p.insert(pos, (k, s));
            }
            p
        };
        // Change the sets of a pick, or drop it.
        for &(k, s) in plan {
            for t in std::iter::once(0).chain(items[k].lo..=items[k].hi) {
                if t != s {
                    out.push(with(plan, k, t));
                }
            }
        }
        // Move one set from a pick to another.
        for &(a, sa) in plan {
            for &(b, sb) in plan {
                if a != b && sa > items[a].lo && sb < items[b].hi {
                    let p = with(&with(plan, a, sa - 1), b, sb + 1);
                    out.push(p);
                }
            }
        }
        // Add a candidate, or swap a pick for it.
        for (k, it) in items.iter().enumerate() {
            if plan.iter().any(|(j, _)| *j == k) {
                continue;
            }
            for t in it.lo..=it.hi {
                out.push(with(plan, k, t));
                for &(j, _) in plan {
                    out.push(with(&with(plan, j, 0), k, t));
                }
            }
        }
    }
}

/// A feasible plan found greedily, or `None`: first reaching the lower
/// limits with the most valuable moves, and when that gets stuck (it can
/// spend the time or a cap on one floor and miss another), with the moves
/// that cut the shortfall most.
pub(crate) fn greedy(prep: &Prepared<'_>) -> Option<Plan> {
    climb(prep, Vec::new(), Reach::ByValue).or_else(|| climb(prep, Vec::new(), Reach::ByShortfall))
}

/// How phase 1 of [`climb`] chooses among the moves that cut the shortfall.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// The most valuable one (ties: the larger cut).
    ByValue,
    /// The one that cuts most (ties: the more valuable).
    ByShortfall,
}

/// A feasible plan from rounding an LP solution (`use`, `sets` per item)
/// and climbing from there, or `None`.
pub(crate) fn from_lp(prep: &Prepared<'_>, lp: &[(f64, f64)]) -> Option<Plan> {
    let scorer = Scorer::new(prep);
    // Items the LP uses most, rounded down to a whole number of sets.
    let mut order: Vec<usize> = (0..prep.items.len()).filter(|&k| lp[k].0 >= 0.5).collect();
    order.sort_by(|a, b| lp[*b].0.total_cmp(&lp[*a].0).then(a.cmp(b)));
    let mut plan: Vec<(usize, u32)> = Vec::new();
    for k in order {
        let item = &prep.items[k];
        // Whole sets within the item's bounds (the cast is exact after clamp).
        let sets = lp[k]
            .1
            .floor()
            .clamp(f64::from(item.lo), f64::from(item.hi)) as u32;
        let pos = plan.partition_point(|(j, _)| *j < k);
        plan.insert(pos, (k, sets));
        if !scorer.within_limits(&plan) {
            plan.remove(pos);
        }
    }
    climb(prep, plan.clone(), Reach::ByValue).or_else(|| climb(prep, plan, Reach::ByShortfall))
}

/// Phase 1 (reach the lower limits) and phase 2 (hill-climb) from `plan`,
/// which must keep the upper limits.
fn climb(prep: &Prepared<'_>, mut plan: Vec<(usize, u32)>, reach: Reach) -> Option<Plan> {
    let scorer = Scorer::new(prep);
    let n = prep.items.len();
    if !scorer.within_limits(&plan) {
        return None;
    }
    let mut moves = Vec::new();
    // Phase 1: reach the lower limits, preferring the move that cuts the
    // shortfall most, then the best objective.
    let mut short = scorer.shortfall(&plan);
    let mut guard = 0;
    while short > EPS {
        guard += 1;
        if guard > 2 * n + 64 {
            return None;
        }
        scorer.neighbours(&plan, &mut moves);
        let mut best: Option<(usize, f64, f64)> = None;
        for (i, p) in moves.iter().enumerate() {
            if !scorer.within_limits(p) {
                continue;
            }
            let s = scorer.shortfall(p);
            if s >= short - EPS {
                continue;
            }
            let v = scorer.objective(p);
            let better = |(_, bs, bv): (usize, f64, f64)| match reach {
                Reach::ByValue => v > bv + 1e-9 || (v >= bv - 1e-9 && s < bs - EPS),
                Reach::ByShortfall => s < bs - EPS || (s <= bs + EPS && v > bv + 1e-9),
            };
            if best.is_none_or(better) {
                best = Some((i, s, v));
            }
        }
        let (i, s, _) = best?;
        plan = moves.swap_remove(i);
        short = s;
    }
    // Phase 2: steepest ascent among feasible plans.
    let mut value = scorer.objective(&plan);
    for _ in 0..(4 * n + 64) {
        scorer.neighbours(&plan, &mut moves);
        let mut best: Option<(usize, f64)> = None;
        for (i, p) in moves.iter().enumerate() {
            let v = scorer.objective(p);
            if v > value + 1e-9 && best.is_none_or(|(_, bv)| v > bv) && scorer.feasible(p) {
                best = Some((i, v));
            }
        }
        match best {
            Some((i, v)) => {
                plan = moves.swap_remove(i);
                value = v;
            }
            None => break,
        }
    }
    if !scorer.feasible(&plan) {
        return None;
    }
    let mut dense = vec![0; n];
    for (k, s) in plan {
        dense[k] = s;
    }
    Some(dense)
}

/// The objective of a plan (the formula of `ObjectiveWeights`).
pub(crate) fn objective(prep: &Prepared<'_>, plan: &[u32]) -> f64 {
    let sparse: Vec<(usize, u32)> = plan
        .iter()
        .enumerate()
        .filter(|(_, s)| **s > 0)
        .map(|(k, s)| (k, *s))
        .collect();
    Scorer::new(prep).objective(&sparse)
}

/// The column values of a plan, for HiGHS's `setSolution`.
pub(crate) fn columns(prep: &Prepared<'_>, layout: &Layout, plan: &[u32]) -> Vec<f64> {
    let w = &prep.problem.weights;
    let mut x = vec![0.0; layout.columns];
    let mut muscles = [0.0_f64; 64];
    for (k, (it, &s)) in prep.items.iter().zip(plan).enumerate() {
        if s == 0 {
            continue;
        }
        let c = prep.candidate(it);
        x[layout.use_[k]] = 1.0;
        x[layout.sets[k]] = f64::from(s - layout.offset[k]);
        if let Some(choices) = layout.choices.get(k) {
            for (t, col) in choices {
                if *t == s {
                    x[*col] = 1.0;
                }
            }
        }
        for (m, credit) in &c.muscles {
            muscles[*m as usize] += credit * f64::from(s);
        }
        for (piece, col) in &layout.equipment {
            if c.equipment.contains(piece) {
                x[*col] = 1.0;
            }
        }
    }
    let mut least = f64::INFINITY;
    for (m, weight, f, d) in &layout.targets {
        let s = muscles[*m as usize];
        let full = s
            .min(prep.problem.constraints.full_value(*m, w.full_value_sets))
            .max(0.0);
        x[*f] = full;
        x[*d] = (s - full).max(0.0);
        least = least.min(s / weight);
    }
    if let Some(z) = layout.balance {
        x[z] = if least.is_finite() {
            least.max(0.0)
        } else {
            0.0
        };
    }
    x
}
