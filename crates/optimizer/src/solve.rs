//! The public entry point: validate, relax in order until feasible, solve.

use std::time::{Duration, Instant};

use gainsly_domain::selection::{Pick, Relaxation, Selection, SelectionProblem};
use good_lp::solvers::highs::HighsOptionValue;

use crate::error::OptimizerError;
use crate::model::{self, EquipmentRows, Prepared};
use crate::{prune, relax, start};

/// How to run the solver. `SolveOptions::default()` is what the planner uses.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Wall-clock limit of one HiGHS run (default 200 ms). When it hits, the
    /// best plan found so far is returned with its gap.
    pub time_limit: Duration,
    /// Relative gap at which HiGHS stops and calls the plan optimal (default
    /// 1e-4, HiGHS's own default).
    pub mip_rel_gap: f64,
    /// Drop dominated candidates before the solve (exact; default on).
    pub prune: bool,
    /// Hand HiGHS a greedy plan as its first incumbent (default on).
    pub warm_start: bool,
    /// How equipment indicators are linked to picks.
    pub equipment_rows: EquipmentRows,
    /// Further HiGHS options (name, value), applied last; see
    /// <https://ergo-code.github.io/HiGHS/dev/options/definitions/>.
    pub highs_options: Vec<(String, HighsOptionValue)>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: Duration::from_millis(200),
            mip_rel_gap: 1e-4,
            prune: true,
            warm_start: true,
            equipment_rows: EquipmentRows::PerPair,
            highs_options: Vec::new(),
        }
    }
}

/// The result of one solve of one (relaxed) problem.
enum Outcome {
    Plan(Selection),
    Infeasible(String),
}

/// Picks the session: the best plan under `problem.weights` that meets every
/// hard constraint, relaxing in [`Relaxation::ORDER`] when it must.
///
/// # Errors
/// [`OptimizerError::InvalidProblem`] for malformed input,
/// [`OptimizerError::Infeasible`] when not even the fully relaxed problem has
/// a plan, [`OptimizerError::Solver`] when HiGHS fails.
pub fn solve(
    problem: &SelectionProblem,
    options: &SolveOptions,
) -> Result<Selection, OptimizerError> {
    crate::validate::validate(problem)?;
    let selection = solve_relaxing(problem, options)?;
    // The independent checker, against the original problem: a plan that
    // breaks a hard constraint is a bug, never an answer.
    let violations = selection.violations(problem, &selection.relaxations);
    if let Some(first) = violations.first() {
        return Err(OptimizerError::Internal(format!(
            "{} ({} violations)",
            first.0,
            violations.len()
        )));
    }
    Ok(selection)
}

fn solve_relaxing(
    problem: &SelectionProblem,
    options: &SolveOptions,
) -> Result<Selection, OptimizerError> {
    let mut applied: Vec<Relaxation> = Vec::new();
    let mut current = problem.clone();
    let mut last_reason = match solve_level(&current, options, &applied)? {
        Outcome::Plan(selection) => return Ok(selection),
        Outcome::Infeasible(reason) => reason,
    };
    for r in Relaxation::ORDER {
        let next = relax::apply(&current, r);
        if next == current {
            continue;
        }
        current = next;
        applied.push(r);
        match solve_level(&current, options, &applied)? {
            Outcome::Plan(selection) => {
                return minimise_relaxations(problem, options, applied, selection);
            }
            Outcome::Infeasible(reason) => last_reason = reason,
        }
    }
    Err(OptimizerError::Infeasible(last_reason))
}

/// Takes back relaxations the plan turns out not to need (the last one is
/// needed: the level before it was infeasible).
fn minimise_relaxations(
    problem: &SelectionProblem,
    options: &SolveOptions,
    mut applied: Vec<Relaxation>,
    mut best: Selection,
) -> Result<Selection, OptimizerError> {
    let mut k = 0;
    while k + 1 < applied.len() {
        let mut fewer = applied.clone();
        fewer.remove(k);
        let relaxed = relax::apply_all(problem, &fewer);
        match solve_level(&relaxed, options, &fewer)? {
            Outcome::Plan(selection) => {
                applied = fewer;
                best = selection;
            }
            Outcome::Infeasible(_) => k += 1,
        }
    }
    Ok(best)
}

fn solve_level(
    problem: &SelectionProblem,
    options: &SolveOptions,
    applied: &[Relaxation],
) -> Result<Outcome, OptimizerError> {
    let started = Instant::now();
    let mut prep = Prepared::new(problem);
    if let Some(reason) = prep.obviously_infeasible() {
        return Ok(Outcome::Infeasible(reason));
    }
    let pruned = if options.prune {
        prune::prune(&mut prep)
    } else {
        0
    };
    let incumbent = if options.warm_start {
        start::greedy(&prep)
    } else {
        None
    };
    let (highs_problem, layout) = model::build(&prep, options.equipment_rows);
    let mut model = highs_problem
        .try_into_inner()
        .map_err(|e| OptimizerError::Solver(e.to_string()))?;
    let mut highs_options = vec![
        ("threads".to_owned(), HighsOptionValue::Int(1)),
        (
            "parallel".to_owned(),
            HighsOptionValue::String("off".into()),
        ),
        ("random_seed".to_owned(), HighsOptionValue::Int(0)),
        (
            "time_limit".to_owned(),
            HighsOptionValue::Float(options.time_limit.as_secs_f64()),
        ),
        (
            "mip_rel_gap".to_owned(),
            HighsOptionValue::Float(options.mip_rel_gap),
        ),
    ];
    highs_options.extend(options.highs_options.iter().cloned());
    for (name, value) in &highs_options {
        // The `highs` model type is not nameable without depending on the
        // `highs` crate itself, so the option setter is called inline.
        let result = match value {
            HighsOptionValue::String(v) => model.try_set_option(name.as_str(), v.as_str()),
            HighsOptionValue::Bool(v) => model.try_set_option(name.as_str(), *v),
            HighsOptionValue::Int(v) => model.try_set_option(name.as_str(), *v),
            HighsOptionValue::Float(v) => model.try_set_option(name.as_str(), *v),
        };
        result.map_err(|_| OptimizerError::Solver(format!("HiGHS rejected option {name}")))?;
    }
    if let Some(plan) = &incumbent {
        let x = start::columns(&prep, &layout, plan);
        model
            .try_set_solution(Some(&x), None, None, None)
            .map_err(|e| OptimizerError::Solver(format!("setting the start: {e:?}")))?;
    }
    let solved = model
        .try_solve()
        .map_err(|e| OptimizerError::Solver(format!("{e:?}")))?;
    let status = format!("{:?}", solved.status());
    // primal_solution_status: 2 = feasible (HiGHS kSolutionStatusFeasible).
    let has_solution = solved
        .int_info_value(c"primal_solution_status")
        .map_err(|e| OptimizerError::Solver(format!("{e:?}")))?
        == 2;
    if !has_solution {
        return match status.as_str() {
            "Infeasible" | "UnboundedOrInfeasible" => Ok(Outcome::Infeasible(
                "the solver proved it infeasible".into(),
            )),
            "ReachedTimeLimit" => Ok(Outcome::Infeasible(
                "no plan found within the time limit".into(),
            )),
            other => Err(OptimizerError::Solver(format!("HiGHS status {other}"))),
        };
    }
    let proven_optimal = status == "Optimal";
    let gap = solved.mip_gap();
    let gap = if gap.is_finite() { gap.max(0.0) } else { 0.0 };
    let solution = solved.get_solution();
    let x = solution.columns();
    let mut plan = vec![0_u32; prep.items.len()];
    for (k, item) in prep.items.iter().enumerate() {
        if x[layout.use_[k]] > 0.5 {
            // Rounded integer in [lo, hi] (a u32): the cast is exact.
            plan[k] = x[layout.sets[k]]
                .round()
                .clamp(f64::from(item.lo), f64::from(item.hi)) as u32;
        }
    }
    let mut picks: Vec<(usize, Pick)> = prep
        .items
        .iter()
        .zip(&plan)
        .filter(|(_, s)| **s > 0)
        .map(|(item, &sets)| {
            let exercise_id = problem.candidates[item.index].exercise_id;
            (item.index, Pick { exercise_id, sets })
        })
        .collect();
    picks.sort_by_key(|(index, _)| *index);
    let selection = Selection {
        picks: picks.into_iter().map(|(_, p)| p).collect(),
        objective: start::objective(&prep, &plan),
        relaxations: applied.to_vec(),
        gap,
        proven_optimal,
    };
    tracing::debug!(
        candidates = problem.candidates.len(),
        usable = prep.items.len() + pruned,
        pruned,
        warm_start = incumbent.is_some(),
        status = status.as_str(),
        gap,
        micros = started.elapsed().as_micros() as u64,
        "optimizer level solved"
    );
    Ok(Outcome::Plan(selection))
}
