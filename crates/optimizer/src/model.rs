//! The MILP for one (possibly relaxed) selection problem, built with good_lp.
//!
//! Variables, in column order (the order [`Layout`] records, which the warm
//! start relies on):
//! - per usable candidate `i`: `use_i ∈ {0,1}` and integer `sets_i ∈ [0, hi_i]`,
//!   linked by `lo_i·use_i ≤ sets_i ≤ hi_i·use_i`;
//! - per piece of equipment `k` some candidate needs (bodyweight excluded):
//!   `eq_k ∈ [0,1]`, continuous with per-pair rows `eq_k ≥ use_i` (then it is
//!   1 in every optimum where a pick needs `k`, because it only costs), binary
//!   with the aggregated row `Σ_{i needs k} use_i ≤ n_k·eq_k`;
//! - per target muscle `m`: the full-value part `f_m ∈ [0, F]` and the
//!   diminished part `d_m ≥ 0` of its fractional sets, `f_m + d_m ≤ S_m`;
//! - the balance variable `z ≥ 0`, `w_m·z ≤ S_m` for every target muscle.
//!
//! Rows: the hard constraints of `SessionConstraints` (see the crate doc).

use std::collections::BTreeSet;

use gainsly_domain::selection::{Candidate, SelectionProblem};
use gainsly_domain::{Equipment, MovementPattern, Muscle};
use good_lp::solvers::highs::HighsProblem;
use good_lp::{Expression, ProblemVariables, SolverModel, Variable, highs, variable};

/// Slack for floor() of bounds computed from floats.
const EPS: f64 = 1e-9;

/// How "a pick needs equipment k" becomes rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EquipmentRows {
    /// One row `eq_k ≥ use_i` per (candidate, piece) pair: the tight form,
    /// faster here (measured, `docs/performance.md`).
    #[default]
    PerPair,
    /// One row `Σ_{i needs k} use_i ≤ n_k·eq_k` per piece (`eq_k` binary):
    /// fewer rows, a weaker LP.
    Aggregated,
}

/// How an item's set count is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SetsEncoding {
    /// Integer `sets_i` with `lo·use_i ≤ sets_i ≤ hi·use_i`.
    Integer,
    /// One binary `y_it` per allowed count `t ∈ lo..=hi`, `Σ_t y_it = use_i`,
    /// `sets_i = Σ_t t·y_it`.
    Binary,
    /// Integer extra sets `e_i ∈ [0, hi−lo]` above the minimum, `e_i ≤
    /// (hi−lo)·use_i`, `sets_i = lo·use_i + e_i`: the same LP as `Integer`
    /// with narrower integer domains (none when `lo = hi`), which shortens
    /// HiGHS's root cut loop; faster here (measured in `docs/performance.md`).
    #[default]
    Offset,
}

/// A candidate the model may pick, with its set bounds tightened by the
/// problem's other limits (total sets, time, muscle caps).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Item {
    /// Index into `problem.candidates`.
    pub index: usize,
    /// Sets when picked: `lo..=hi`, `1 ≤ lo ≤ hi`.
    pub lo: u32,
    pub hi: u32,
}

/// The usable candidates of a problem.
#[derive(Debug, Clone)]
pub(crate) struct Prepared<'a> {
    pub problem: &'a SelectionProblem,
    pub items: Vec<Item>,
}

impl<'a> Prepared<'a> {
    /// Drops excluded candidates and those that cannot fit one set (or their
    /// minimum sets) into the time cap, a muscle cap or the total sets.
    pub fn new(problem: &'a SelectionProblem) -> Self {
        let c = &problem.constraints;
        let budget = c.available_minutes - c.warmup_minutes - c.transition_minutes;
        let items = problem
            .candidates
            .iter()
            .enumerate()
            .filter(|(_, cand)| !c.excluded.contains(&cand.exercise_id))
            .filter_map(|(index, cand)| {
                let lo = cand.min_sets.max(1);
                let mut hi = f64::from(cand.max_sets.min(c.max_total_sets));
                if budget < -EPS {
                    hi = 0.0;
                } else if cand.minutes_per_set > 0.0 {
                    hi = hi.min((budget / cand.minutes_per_set + EPS).floor());
                }
                for (m, cap) in &c.muscle_caps {
                    let credit = cand.muscles.get(m).copied().unwrap_or(0.0);
                    if credit > 0.0 {
                        hi = hi.min((cap / credit + EPS).floor());
                    }
                }
                // hi is a whole number in [0, max_sets]: the cast is exact.
                let hi = hi.max(0.0) as u32;
                (hi >= lo).then_some(Item { index, lo, hi })
            })
            .collect();
        Prepared { problem, items }
    }

    pub fn candidate(&self, item: &Item) -> &'a Candidate {
        &self.problem.candidates[item.index]
    }

    /// A reason the problem is infeasible that needs no solver, if any.
    pub fn obviously_infeasible(&self) -> Option<String> {
        let c = &self.problem.constraints;
        if self.items.is_empty() {
            return Some("no usable candidate".to_owned());
        }
        for group in &c.required_groups {
            let met = self
                .items
                .iter()
                .any(|it| group.contains(&self.candidate(it).exercise_id));
            if !met {
                return Some(format!("no usable candidate for required group {group:?}"));
            }
        }
        if c.require_compound && !self.items.iter().any(|it| self.candidate(it).compound) {
            return Some("no usable compound candidate".to_owned());
        }
        if (self.items.len() as u64) < u64::from(c.min_exercises) {
            return Some(format!(
                "{} usable candidates, {} exercises needed",
                self.items.len(),
                c.min_exercises
            ));
        }
        if c.min_exercises > c.max_exercises || c.min_total_sets > c.max_total_sets {
            return Some("empty exercise or set range".to_owned());
        }
        None
    }

    /// Equipment pieces that cost (bodyweight is free), in a fixed order.
    pub fn equipment(&self) -> Vec<Equipment> {
        let set: BTreeSet<Equipment> = self
            .items
            .iter()
            .flat_map(|it| self.candidate(it).equipment.iter().copied())
            .filter(|e| *e != Equipment::Bodyweight)
            .collect();
        set.into_iter().collect()
    }

    /// Whether swapping `a` and `b` in any plan changes nothing the model
    /// sees: same set range, pattern, compound flag, credits, equipment,
    /// minutes per set, fatigue, bonus and required groups.
    pub fn interchangeable(&self, a: &Item, b: &Item) -> bool {
        let (ca, cb) = (self.candidate(a), self.candidate(b));
        let w = &self.problem.weights;
        let same_pieces = ca.equipment.iter().all(|e| cb.equipment.contains(e))
            && cb.equipment.iter().all(|e| ca.equipment.contains(e));
        a.lo == b.lo
            && a.hi == b.hi
            && ca.pattern == cb.pattern
            && ca.compound == cb.compound
            && ca.muscles == cb.muscles
            && same_pieces
            && ca.minutes_per_set == cb.minutes_per_set
            && ca.fatigue == cb.fatigue
            && ca.bonus(w) == cb.bonus(w)
            && self
                .problem
                .constraints
                .required_groups
                .iter()
                .all(|g| g.contains(&ca.exercise_id) == g.contains(&cb.exercise_id))
    }

    /// How many exercises of `pattern` a plan may hold.
    pub fn pattern_limit(&self, pattern: MovementPattern) -> u32 {
        let c = &self.problem.constraints;
        if !pattern.is_main() {
            c.max_exercises
        } else if c.patterns_allowing_two.contains(&pattern) {
            2
        } else {
            1
        }
    }
}

/// Column indices of the model's variables (see the module doc).
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub use_: Vec<usize>,
    /// The sets column: `sets_i = offset_i·use_i + x[sets_i]`.
    pub sets: Vec<usize>,
    /// Per item, the sets implied by `use_i` alone (`lo` with
    /// [`SetsEncoding::Offset`], else 0).
    pub offset: Vec<u32>,
    pub equipment: Vec<(Equipment, usize)>,
    /// Per target muscle: (muscle, weight, full-value column, diminished column).
    pub targets: Vec<(Muscle, f64, usize, usize)>,
    pub balance: Option<usize>,
    /// Per item, `(t, column of y_it)` with the binary set encoding.
    pub choices: Vec<Vec<(u32, usize)>>,
    pub columns: usize,
}

impl Layout {
    /// Item `k`'s sets in the column values `x`: `offset·use + x[sets]`.
    pub fn sets_value(&self, k: usize, x: &[f64]) -> f64 {
        f64::from(self.offset[k]) * x[self.use_[k]] + x[self.sets[k]]
    }
}

struct Columns {
    vars: ProblemVariables,
    count: usize,
}

impl Columns {
    fn add(&mut self, def: good_lp::VariableDefinition) -> (Variable, usize) {
        let v = self.vars.add(def);
        self.count += 1;
        (v, self.count - 1)
    }
}

/// The model, ready for HiGHS, and where its variables are.
pub(crate) fn build(
    prep: &Prepared<'_>,
    equipment_rows: EquipmentRows,
    encoding: SetsEncoding,
    symmetry_rows: bool,
) -> (HighsProblem, Layout) {
    let problem = prep.problem;
    let c = &problem.constraints;
    let w = &problem.weights;
    let mut cols = Columns {
        vars: ProblemVariables::new(),
        count: 0,
    };
    let mut objective = Expression::with_capacity(prep.items.len() * 2 + 8);

    let mut use_v = Vec::with_capacity(prep.items.len());
    // sets_i as an expression; `extra_v[k]` is its column.
    let mut sets_v: Vec<Expression> = Vec::with_capacity(prep.items.len());
    let mut extra_v = Vec::with_capacity(prep.items.len());
    let mut layout = Layout {
        use_: Vec::new(),
        sets: Vec::new(),
        offset: Vec::new(),
        equipment: Vec::new(),
        targets: Vec::new(),
        balance: None,
        choices: Vec::new(),
        columns: 0,
    };
    let mut choice_v: Vec<Vec<(u32, Variable)>> = Vec::new();
    for it in &prep.items {
        let cand = prep.candidate(it);
        let (u, ui, s, si) = match encoding {
            SetsEncoding::Integer => {
                let (u, ui) = cols.add(variable().binary());
                let (s, si) = cols.add(variable().integer().clamp(0, it.hi));
                (u, ui, s, si)
            }
            SetsEncoding::Offset => {
                let (u, ui) = cols.add(variable().binary());
                let (s, si) = cols.add(variable().integer().clamp(0, it.hi - it.lo));
                (u, ui, s, si)
            }
            SetsEncoding::Binary => {
                let (u, ui) = cols.add(variable().clamp(0, 1));
                let (s, si) = cols.add(variable().clamp(0, it.hi));
                let mut ys = Vec::new();
                let mut yi = Vec::new();
                for t in it.lo..=it.hi {
                    let (y, c) = cols.add(variable().binary());
                    ys.push((t, y));
                    yi.push((t, c));
                }
                choice_v.push(ys);
                layout.choices.push(yi);
                (u, ui, s, si)
            }
        };
        let offset = if encoding == SetsEncoding::Offset {
            it.lo
        } else {
            0
        };
        let mut sets = Expression::from(s);
        sets.add_mul(f64::from(offset), u);
        objective.add_mul(cand.bonus(w), u);
        objective.add_mul(-w.fatigue_cost * cand.fatigue, sets.clone());
        use_v.push(u);
        sets_v.push(sets);
        extra_v.push(s);
        layout.use_.push(ui);
        layout.sets.push(si);
        layout.offset.push(offset);
    }
    let pieces = prep.equipment();
    let mut eq_v = Vec::with_capacity(pieces.len());
    for piece in &pieces {
        // Per-pair rows force eq_k to max(use_i), integral by itself; the
        // aggregated row only to an average, so it needs eq_k binary.
        let def = match equipment_rows {
            EquipmentRows::PerPair => variable().clamp(0, 1),
            EquipmentRows::Aggregated => variable().binary(),
        };
        let (e, ei) = cols.add(def);
        objective.add_mul(-w.equipment_cost, e);
        eq_v.push(e);
        layout.equipment.push((*piece, ei));
    }
    // Fractional sets of a muscle as an expression over sets_i.
    let muscle_sets = |m: &Muscle| -> Expression {
        let mut e = Expression::with_capacity(8);
        for (k, it) in prep.items.iter().enumerate() {
            let credit = prep.candidate(it).muscles.get(m).copied().unwrap_or(0.0);
            if credit != 0.0 {
                e.add_mul(credit, sets_v[k].clone());
            }
        }
        e
    };
    let mut target_rows = Vec::new();
    for (m, weight) in &c.target_muscles {
        let (f, fi) = cols.add(variable().clamp(0, c.full_value(*m, w.full_value_sets)));
        let (d, di) = cols.add(variable().min(0));
        objective.add_mul(w.stimulus * weight, f);
        objective.add_mul(w.stimulus * weight * w.diminishing_factor, d);
        layout.targets.push((*m, *weight, fi, di));
        target_rows.push((*m, *weight, f, d));
    }
    let z = if w.balance > 0.0 && !c.target_muscles.is_empty() {
        let (z, zi) = cols.add(variable().min(0));
        objective.add_mul(w.balance, z);
        layout.balance = Some(zi);
        Some(z)
    } else {
        None
    };
    layout.columns = cols.count;

    let mut model = cols.vars.maximise(objective).using(highs);

    // Per-candidate set bounds.
    for (k, it) in prep.items.iter().enumerate() {
        let (u, s) = (use_v[k], extra_v[k]);
        match encoding {
            SetsEncoding::Integer => {
                model.add_constraint((s - f64::from(it.hi) * u).leq(0.0));
                model.add_constraint((s - f64::from(it.lo) * u).geq(0.0));
            }
            SetsEncoding::Offset => {
                if it.hi > it.lo {
                    model.add_constraint((s - f64::from(it.hi - it.lo) * u).leq(0.0));
                }
            }
            SetsEncoding::Binary => {
                let mut pick = Expression::from(u);
                let mut count = Expression::from(s);
                for (t, y) in &choice_v[k] {
                    pick -= *y;
                    count.add_mul(-f64::from(*t), *y);
                }
                model.add_constraint(pick.eq(0.0));
                model.add_constraint(count.eq(0.0));
            }
        }
    }
    // Totals.
    let total_sets: Expression = sets_v.iter().cloned().sum();
    let count: Expression = use_v.iter().sum();
    model.add_constraint(total_sets.clone().geq(f64::from(c.min_total_sets)));
    model.add_constraint(total_sets.leq(f64::from(c.max_total_sets)));
    // A plan has at least one exercise (an empty session is not a plan).
    model.add_constraint(count.clone().geq(f64::from(c.min_exercises.max(1))));
    model.add_constraint(count.leq(f64::from(c.max_exercises)));
    // Time.
    let mut time = Expression::with_capacity(prep.items.len() * 2);
    for (k, it) in prep.items.iter().enumerate() {
        time.add_mul(prep.candidate(it).minutes_per_set, sets_v[k].clone());
        time.add_mul(c.transition_minutes, use_v[k]);
    }
    model.add_constraint(time.leq(c.available_minutes - c.warmup_minutes));
    // Muscle caps (only those a plan could reach).
    for (m, cap) in &c.muscle_caps {
        let reach: f64 = prep
            .items
            .iter()
            .map(|it| prep.candidate(it).muscles.get(m).copied().unwrap_or(0.0) * f64::from(it.hi))
            .sum();
        if reach > *cap {
            model.add_constraint(muscle_sets(m).leq(*cap));
        }
    }
    // Stimulus split, balance, balance floor.
    for (m, weight, f, d) in &target_rows {
        let s = muscle_sets(m);
        model.add_constraint((s.clone() - *f - *d).geq(0.0));
        if let Some(z) = z {
            model.add_constraint((s.clone() - *weight * z).geq(0.0));
        }
        if c.min_target_sets > 0.0 {
            model.add_constraint(s.geq(c.min_target_sets));
        }
    }
    // Requirements.
    for group in &c.required_groups {
        let e: Expression = prep
            .items
            .iter()
            .zip(&use_v)
            .filter(|(it, _)| group.contains(&prep.candidate(it).exercise_id))
            .map(|(_, u)| *u)
            .sum();
        model.add_constraint(e.geq(1.0));
    }
    // Patterns.
    let patterns: BTreeSet<MovementPattern> = prep
        .items
        .iter()
        .map(|it| prep.candidate(it).pattern)
        .filter(|p| p.is_main())
        .collect();
    for p in patterns {
        let members: Vec<Variable> = prep
            .items
            .iter()
            .zip(&use_v)
            .filter(|(it, _)| prep.candidate(it).pattern == p)
            .map(|(_, u)| *u)
            .collect();
        let limit = prep.pattern_limit(p);
        if members.len() as u64 > u64::from(limit) {
            let e: Expression = members.into_iter().sum();
            model.add_constraint(e.leq(f64::from(limit)));
        }
    }
    // Compound.
    if c.require_compound {
        let e: Expression = prep
            .items
            .iter()
            .zip(&use_v)
            .filter(|(it, _)| prep.candidate(it).compound)
            .map(|(_, u)| *u)
            .sum();
        model.add_constraint(e.geq(1.0));
    }
    // Symmetry: interchangeable candidates (equal in everything but the
    // id) are ordered, `use_a ≥ use_b` and `sets_a ≥ sets_b` for consecutive
    // members `a < b` of each class: any plan can be permuted to meet this.
    if symmetry_rows {
        for a in 0..prep.items.len() {
            let next = (a + 1..prep.items.len())
                .find(|&b| prep.interchangeable(&prep.items[a], &prep.items[b]));
            if let Some(b) = next {
                model.add_constraint((use_v[a] - use_v[b]).geq(0.0));
                model.add_constraint((sets_v[a].clone() - sets_v[b].clone()).geq(0.0));
            }
        }
    }
    // Equipment.
    for (piece, e) in pieces.iter().zip(&eq_v) {
        let needers: Vec<Variable> = prep
            .items
            .iter()
            .zip(&use_v)
            .filter(|(it, _)| prep.candidate(it).equipment.contains(piece))
            .map(|(_, u)| *u)
            .collect();
        match equipment_rows {
            EquipmentRows::PerPair => {
                for u in needers {
                    model.add_constraint((*e - u).geq(0.0));
                }
            }
            EquipmentRows::Aggregated => {
                let n = needers.len() as f64;
                let sum: Expression = needers.into_iter().sum();
                model.add_constraint((sum - n * *e).leq(0.0));
            }
        }
    }
    (model, layout)
}
