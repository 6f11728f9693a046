//! Dominance pruning: drop candidates an optimal plan never needs.
//!
//! Candidate `j` dominates `i` when swapping `i` for `j` (same sets) in any
//! feasible plan keeps it feasible and does not lower the objective:
//! - same movement pattern, `j` compound if `i` is, `j` in every required
//!   group `i` is in;
//! - `j`'s set range contains `i`'s, `j` takes no more minutes per set;
//! - per muscle: `j` credits each target (and balance-floor) muscle at least
//!   as much, and each capped muscle at most as much (so a muscle that is
//!   both needs equal credit);
//! - the objective gain `bonus_j − bonus_i + fatigue_cost·(fatigue_i − fatigue_j)·s
//!   − equipment_cost·|pieces j needs and i does not|` is ≥ 0 for every
//!   allowed `s` (checked at both ends of `i`'s range; it is linear in `s`).
//!
//! If a plan uses `i`, at most `limit − 1` other picks share its pattern
//! (`limit` = 1 or 2 for main patterns, `max_exercises` otherwise), so if
//! `limit` remaining candidates dominate `i`, one of them is free to take
//! its place: removing `i` keeps the optimum. Candidates are removed one at
//! a time, counting only dominators still present, with ties (mutual
//! dominance) broken by candidate order, so the result is exact and
//! deterministic.

use gainsly_domain::Equipment;

use crate::model::{Item, Prepared};

/// Whether `j` dominates `i` (see the module doc).
fn dominates(prep: &Prepared<'_>, j: &Item, i: &Item) -> bool {
    let problem = prep.problem;
    let c = &problem.constraints;
    let w = &problem.weights;
    let (cj, ci) = (prep.candidate(j), prep.candidate(i));
    if cj.pattern != ci.pattern
        || (ci.compound && !cj.compound)
        || j.lo > i.lo
        || j.hi < i.hi
        || cj.minutes_per_set > ci.minutes_per_set
    {
        return false;
    }
    let groups_ok = c
        .required_groups
        .iter()
        .all(|g| !g.contains(&ci.exercise_id) || g.contains(&cj.exercise_id));
    if !groups_ok {
        return false;
    }
    let credit = |cand: &gainsly_domain::selection::Candidate, m| {
        cand.muscles.get(m).copied().unwrap_or(0.0)
    };
    for m in c.target_muscles.keys() {
        if credit(cj, m) < credit(ci, m) {
            return false;
        }
    }
    for m in c.muscle_caps.keys() {
        if credit(cj, m) > credit(ci, m) {
            return false;
        }
    }
    let extra_pieces = cj
        .equipment
        .iter()
        .filter(|e| **e != Equipment::Bodyweight && !ci.equipment.contains(e))
        .count() as f64;
    let base = cj.bonus(w) - ci.bonus(w) - w.equipment_cost * extra_pieces;
    let per_set = w.fatigue_cost * (ci.fatigue - cj.fatigue);
    base + per_set * f64::from(i.lo) >= 0.0 && base + per_set * f64::from(i.hi) >= 0.0
}

/// Removes dominated items in place; returns how many were removed.
pub(crate) fn prune(prep: &mut Prepared<'_>) -> usize {
    let n = prep.items.len();
    let mut alive = vec![true; n];
    // dom[a][b]: a dominates b.
    let dom: Vec<Vec<bool>> = (0..n)
        .map(|a| {
            (0..n)
                .map(|b| a != b && dominates(prep, &prep.items[a], &prep.items[b]))
                .collect()
        })
        .collect();
    let mut removed = 0;
    // Worst first: the item dominated by the most others goes first, ties to
    // the later candidate; repeat until nothing can go.
    loop {
        let mut victim = None;
        for i in (0..n).rev() {
            if !alive[i] {
                continue;
            }
            let limit = prep.pattern_limit(prep.candidate(&prep.items[i]).pattern) as usize;
            let dominators = (0..n)
                .filter(|&j| alive[j] && dom[j][i] && (!dom[i][j] || j < i))
                .count();
            if limit > 0 && dominators >= limit {
                victim = Some(i);
                break;
            }
        }
        match victim {
            Some(i) => {
                alive[i] = false;
                removed += 1;
            }
            None => break,
        }
    }
    let mut k = 0;
    prep.items.retain(|_| {
        k += 1;
        alive[k - 1]
    });
    removed
}
