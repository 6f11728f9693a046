//! A greedy plan plus local search: the MIP start (incumbent) handed to HiGHS.
//!
//! Plain arithmetic over the usable candidates: meet the required groups and
//! the compound requirement with the best fitting candidate, add exercises
//! while that raises the objective (or a minimum is not met yet), add or drop
//! single sets, then swap picks while that helps. Deterministic (fixed order,
//! ties to the lower index). May fail on tight problems; the solver then
//! starts without an incumbent.

use gainsly_domain::Equipment;

use crate::model::{Layout, Prepared};

/// Slack when comparing float sums against bounds (well inside HiGHS's 1e-7
/// feasibility tolerance is not needed: the checker allows 1e-6).
const EPS: f64 = 1e-9;

/// Sets per usable item (`0`: not picked), in `Prepared::items` order.
pub(crate) type Plan = Vec<u32>;

/// The objective of a plan (the same formula as `SelectionProblem::objective`).
pub(crate) fn objective(prep: &Prepared<'_>, plan: &[u32]) -> f64 {
    let w = &prep.problem.weights;
    let mut muscles = [0.0_f64; 32];
    let mut equipment = 0_u64;
    let mut value = 0.0;
    for (it, &s) in prep.items.iter().zip(plan) {
        if s == 0 {
            continue;
        }
        let c = prep.candidate(it);
        let s = f64::from(s);
        for (m, credit) in &c.muscles {
            muscles[*m as usize] += credit * s;
        }
        for e in &c.equipment {
            if *e != Equipment::Bodyweight {
                equipment |= 1 << (*e as u32);
            }
        }
        value += c.bonus(w) - w.fatigue_cost * c.fatigue * s;
    }
    value -= w.equipment_cost * f64::from(equipment.count_ones());
    let mut least = f64::INFINITY;
    for (m, weight) in &prep.problem.constraints.target_muscles {
        let s = muscles[*m as usize];
        let full = s.min(w.full_value_sets).max(0.0);
        value += w.stimulus * weight * (full + w.diminishing_factor * (s - full));
        least = least.min(s / weight);
    }
    if least.is_finite() {
        value += w.balance * least;
    }
    value
}

/// Whether a plan keeps every upper limit (adding picks or sets can only
/// break these) and has each pick within its set bounds.
fn within_limits(prep: &Prepared<'_>, plan: &[u32]) -> bool {
    let c = &prep.problem.constraints;
    let mut muscles = [0.0_f64; 32];
    let (mut sets, mut count, mut minutes) = (0_u32, 0_u32, c.warmup_minutes);
    let mut patterns = [0_u32; 32];
    for (it, &s) in prep.items.iter().zip(plan) {
        if s == 0 {
            continue;
        }
        if s < it.lo || s > it.hi {
            return false;
        }
        let cand = prep.candidate(it);
        for (m, credit) in &cand.muscles {
            muscles[*m as usize] += credit * f64::from(s);
        }
        sets += s;
        count += 1;
        minutes += f64::from(s) * cand.minutes_per_set + c.transition_minutes;
        let p = cand.pattern;
        patterns[p as usize] += 1;
        if p.is_main() && patterns[p as usize] > prep.pattern_limit(p) {
            return false;
        }
    }
    sets <= c.max_total_sets
        && count <= c.max_exercises
        && minutes <= c.available_minutes + EPS
        && c.muscle_caps
            .iter()
            .all(|(m, cap)| muscles[*m as usize] <= cap + EPS)
}

/// Whether a plan meets every hard constraint of the prepared problem.
pub(crate) fn feasible(prep: &Prepared<'_>, plan: &[u32]) -> bool {
    if !within_limits(prep, plan) {
        return false;
    }
    let c = &prep.problem.constraints;
    let picked = || prep.items.iter().zip(plan).filter(|(_, s)| **s > 0);
    let sets: u32 = plan.iter().sum();
    let count = picked().count() as u64;
    if sets < c.min_total_sets || count < u64::from(c.min_exercises) {
        return false;
    }
    if c.require_compound && !picked().any(|(it, _)| prep.candidate(it).compound) {
        return false;
    }
    let groups_met = c
        .required_groups
        .iter()
        .all(|g| picked().any(|(it, _)| g.contains(&prep.candidate(it).exercise_id)));
    if !groups_met {
        return false;
    }
    if c.min_target_sets > 0.0 {
        let mut muscles = [0.0_f64; 32];
        for (it, s) in picked() {
            for (m, credit) in &prep.candidate(it).muscles {
                muscles[*m as usize] += credit * f64::from(*s);
            }
        }
        if c.target_muscles
            .keys()
            .any(|m| muscles[*m as usize] + EPS < c.min_target_sets)
        {
            return false;
        }
    }
    true
}

/// How far a plan is from meeting the lower limits (0: met).
fn shortfall(prep: &Prepared<'_>, plan: &[u32]) -> f64 {
    let c = &prep.problem.constraints;
    let picked = || prep.items.iter().zip(plan).filter(|(_, s)| **s > 0);
    let sets: u32 = plan.iter().sum();
    let count = picked().count() as u32;
    let mut short = f64::from(c.min_total_sets.saturating_sub(sets))
        + f64::from(c.min_exercises.saturating_sub(count));
    if c.require_compound && !picked().any(|(it, _)| prep.candidate(it).compound) {
        short += 1.0;
    }
    for g in &c.required_groups {
        if !picked().any(|(it, _)| g.contains(&prep.candidate(it).exercise_id)) {
            short += 1.0;
        }
    }
    if c.min_target_sets > 0.0 {
        let mut muscles = [0.0_f64; 32];
        for (it, s) in picked() {
            for (m, credit) in &prep.candidate(it).muscles {
                muscles[*m as usize] += credit * f64::from(*s);
            }
        }
        for m in c.target_muscles.keys() {
            short += (c.min_target_sets - muscles[*m as usize]).max(0.0);
        }
    }
    short
}

/// Every plan one move away: add a pick (at its minimum sets), one set more
/// or less, drop a pick, or swap a pick for an unpicked candidate.
fn neighbours(prep: &Prepared<'_>, plan: &[u32], swaps: bool) -> Vec<Plan> {
    let mut out = Vec::new();
    for (k, it) in prep.items.iter().enumerate() {
        let s = plan[k];
        let mut next = plan.to_vec();
        if s == 0 {
            next[k] = it.lo;
            out.push(next);
            if swaps {
                for (j, &t) in plan.iter().enumerate() {
                    if t > 0 {
                        let mut swapped = plan.to_vec();
                        swapped[j] = 0;
                        swapped[k] = t.clamp(it.lo, it.hi);
                        out.push(swapped);
                    }
                }
            }
        } else {
            if s < it.hi {
                next[k] = s + 1;
                out.push(next.clone());
            }
            next[k] = if s > it.lo { s - 1 } else { 0 };
            out.push(next);
        }
    }
    out
}

/// A feasible plan found greedily, or `None`.
pub(crate) fn greedy(prep: &Prepared<'_>) -> Option<Plan> {
    let n = prep.items.len();
    let mut plan: Plan = vec![0; n];
    // Phase 1: reach the lower limits, preferring the move that cuts the
    // shortfall most, then the best objective.
    let mut short = shortfall(prep, &plan);
    let mut guard = 0;
    while short > 0.0 {
        guard += 1;
        if guard > 4 * n + 64 {
            return None;
        }
        let best = neighbours(prep, &plan, false)
            .into_iter()
            .filter(|p| within_limits(prep, p))
            .map(|p| {
                let s = shortfall(prep, &p);
                let v = objective(prep, &p);
                (p, s, v)
            })
            .filter(|(_, s, _)| *s < short - EPS)
            .fold(None::<(Plan, f64, f64)>, |best, cur| match &best {
                Some((_, bs, bv)) if (*bs, -*bv) <= (cur.1, -cur.2) => best,
                _ => Some(cur),
            });
        let (p, s, _) = best?;
        plan = p;
        short = s;
    }
    // Phase 2: hill-climb on the objective among feasible plans.
    let mut value = objective(prep, &plan);
    for swaps in [false, true] {
        let mut steps = 0;
        loop {
            steps += 1;
            if steps > 8 * n + 64 {
                break;
            }
            let mut best: Option<(Plan, f64)> = None;
            for p in neighbours(prep, &plan, swaps) {
                if !feasible(prep, &p) {
                    continue;
                }
                let v = objective(prep, &p);
                if v > value + 1e-9 && best.as_ref().is_none_or(|(_, bv)| v > *bv) {
                    best = Some((p, v));
                }
            }
            match best {
                Some((p, v)) => {
                    plan = p;
                    value = v;
                }
                None => break,
            }
        }
    }
    feasible(prep, &plan).then_some(plan)
}

/// The column values of a plan, for HiGHS's `setSolution`.
pub(crate) fn columns(prep: &Prepared<'_>, layout: &Layout, plan: &[u32]) -> Vec<f64> {
    let w = &prep.problem.weights;
    let mut x = vec![0.0; layout.columns];
    let mut muscles = [0.0_f64; 32];
    for (k, (it, &s)) in prep.items.iter().zip(plan).enumerate() {
        if s == 0 {
            continue;
        }
        let c = prep.candidate(it);
        x[layout.use_[k]] = 1.0;
        x[layout.sets[k]] = f64::from(s);
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
        let full = s.min(w.full_value_sets).max(0.0);
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
