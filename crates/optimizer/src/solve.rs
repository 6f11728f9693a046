//! The public entry point: validate, relax in order until feasible, solve.

use std::time::{Duration, Instant};

use gainsly_domain::selection::{Pick, Relaxation, Selection, SelectionProblem};
use good_lp::solvers::highs::HighsOptionValue;

use crate::error::OptimizerError;
use crate::model::{self, EquipmentRows, Prepared, SetsEncoding};
use crate::{prune, relax, start};

/// How to run the solver. `SolveOptions::default()` is what the planner uses.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    /// Wall-clock budget of the whole solve (default 200 ms), shared by the
    /// relaxation levels (a level reached after the budget still gets a
    /// tenth of it). When it hits, the best plan found so far is returned
    /// with its gap.
    pub time_limit: Duration,
    /// Relative gap at which HiGHS stops and calls the plan optimal (default
    /// 1e-4, HiGHS's own default).
    pub mip_rel_gap: f64,
    /// Drop dominated candidates before the solve (exact; default on).
    pub prune: bool,
    /// Hand HiGHS a greedy plan as its first incumbent (default on).
    pub warm_start: bool,
    /// Drop candidates whose LP reduced-cost bound is below the greedy
    /// plan's value before the MIP (exact; default on).
    pub lp_fixing: bool,
    /// With `lp_fixing`: size of the kernel MIP solved first to sharpen the
    /// incumbent (items beyond the LP's own and the incumbent's, by best
    /// bound; 0: no kernel MIP). Default 4: with the small cut pool, 4
    /// beat 2, 6 and 8 on the tail (`docs/performance.md`).
    pub kernel: usize,
    /// How equipment indicators are linked to picks.
    pub equipment_rows: EquipmentRows,
    /// How set counts are encoded.
    pub sets_encoding: SetsEncoding,
    /// HiGHS `mip_allow_restart` (default off: a restart re-runs presolve
    /// and the root cut loop, which on these small models costs more than
    /// it saves).
    pub allow_restart: bool,
    /// Keep HiGHS's primal heuristics (feasibility jump, RENS, RINS,
    /// shifting, ZI rounding, root reduced-cost) when a start is given
    /// (default off: with the greedy/LP start they rarely improve the
    /// incumbent and cost half the median solve; without a start they stay on).
    pub primal_heuristics: bool,
    /// HiGHS `mip_pool_soft_limit` (default 30, HiGHS's own 10 000): once
    /// the cut pool holds this many cuts, HiGHS's tableau separator stops.
    /// On these ~80-row models that separator made over a thousand cuts at
    /// the root of the slow instances and took ~40 % of their time
    /// (`docs/performance.md`, "Cut pool limit").
    pub cut_pool_soft_limit: i32,
    /// HiGHS `mip_allow_cut_separation_at_nodes` (default off: the trees
    /// here are tens of nodes, and separating at each cost more than the
    /// bound it gained).
    pub node_cuts: bool,
    /// Order interchangeable candidates (equal in everything but the id:
    /// the planner's candidate lists hold such pairs) so that HiGHS does not
    /// explore their permutations (default on; real planner sessions: 252
    /// instead of 243 of 259 proven within 100 ms).
    pub symmetry_rows: bool,
    /// Strong-branch a variable this many times before trusting its
    /// pseudocost (HiGHS `mip_pscost_minreliable`; default 0, HiGHS's own
    /// 8). Strong branching took three quarters of the LP iterations of
    /// the slowest planner sessions; without it they branch more but
    /// finish sooner (`docs/performance.md`, "Real planner sessions").
    pub pseudocost_min_reliable: i32,
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
            lp_fixing: true,
            kernel: 4,
            equipment_rows: EquipmentRows::PerPair,
            sets_encoding: SetsEncoding::Offset,
            allow_restart: false,
            primal_heuristics: false,
            cut_pool_soft_limit: 30,
            node_cuts: false,
            pseudocost_min_reliable: 0,
            symmetry_rows: true,
            highs_options: Vec::new(),
        }
    }
}

/// Sets HiGHS options on a model (a macro: the `highs` model type good_lp
/// hands out is not nameable without depending on the `highs` crate).
macro_rules! apply_options {
    ($model:expr, $options:expr) => {
        for (name, value) in &$options {
            let result = match value {
                HighsOptionValue::String(v) => $model.try_set_option(name.as_str(), v.as_str()),
                HighsOptionValue::Bool(v) => $model.try_set_option(name.as_str(), *v),
                HighsOptionValue::Int(v) => $model.try_set_option(name.as_str(), *v),
                HighsOptionValue::Float(v) => $model.try_set_option(name.as_str(), *v),
            };
            result.map_err(|_| OptimizerError::Solver(format!("HiGHS rejected option {name}")))?;
        }
    };
}

/// Silent, one thread, fixed seed, the time limit and gap, then the caller's extras.
fn base_options(options: &SolveOptions) -> Vec<(String, HighsOptionValue)> {
    let mut list = vec![
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
        (
            "mip_allow_restart".to_owned(),
            HighsOptionValue::Bool(options.allow_restart),
        ),
        (
            "mip_pool_soft_limit".to_owned(),
            HighsOptionValue::Int(options.cut_pool_soft_limit),
        ),
        (
            "mip_allow_cut_separation_at_nodes".to_owned(),
            HighsOptionValue::Bool(options.node_cuts),
        ),
        (
            "mip_pscost_minreliable".to_owned(),
            HighsOptionValue::Int(options.pseudocost_min_reliable),
        ),
    ];
    list.extend(options.highs_options.iter().cloned());
    list
}

/// HiGHS's switchable primal heuristics (all `bool` options).
const PRIMAL_HEURISTICS: &[&str] = &[
    "mip_heuristic_run_feasibility_jump",
    "mip_heuristic_run_rens",
    "mip_heuristic_run_rins",
    "mip_heuristic_run_shifting",
    "mip_heuristic_run_zi_round",
    "mip_heuristic_run_root_reduced_cost",
];

/// Below this many (unfixed) items LP fixing and the kernel MIP cost more
/// than they save.
const KERNEL_WORTHWHILE: usize = 24;

/// LP-based reduced-cost fixing, with a kernel MIP to sharpen the incumbent.
///
/// Solves the LP relaxation once. For an item at zero in it, any plan that
/// picks it is worth at most `z_LP + rc(use) + rc(sets)·lo` (LP duality:
/// reduced costs are ≤ 0 at the lower bound of a maximisation). Then, if
/// `options.kernel > 0`, solves the MIP restricted to a kernel (the items the
/// LP uses, the incumbent's picks and the `kernel` items with the best
/// bounds) to improve the incumbent. Finally drops every item whose bound is
/// below the incumbent's value: it cannot be in a better plan. Returns the
/// incumbent re-indexed to the remaining items and how many were dropped.
fn lp_fixing(
    prep: &mut Prepared<'_>,
    greedy: Option<start::Plan>,
    options: &SolveOptions,
    deadline: Instant,
) -> Result<(Option<start::Plan>, usize), OptimizerError> {
    let (highs_problem, layout) = model::build(
        prep,
        options.equipment_rows,
        options.sets_encoding,
        options.symmetry_rows,
    );
    let mut model = highs_problem
        .try_into_inner()
        .map_err(|e| OptimizerError::Solver(e.to_string()))?;
    let mut list = base_options(options);
    list.push(("solve_relaxation".to_owned(), HighsOptionValue::Bool(true)));
    apply_options!(model, list);
    let solved = model
        .try_solve()
        .map_err(|e| OptimizerError::Solver(format!("{e:?}")))?;
    if format!("{:?}", solved.status()) != "Optimal" {
        return Ok((greedy, 0));
    }
    let bound = solved.objective_value();
    let solution = solved.get_solution();
    let (x, rc) = (solution.columns(), solution.dual_columns());
    let n = prep.items.len();
    let mut support = vec![false; n];
    let ub: Vec<f64> = (0..n)
        .map(|k| {
            let (u, s) = (layout.use_[k], layout.sets[k]);
            if x[u] > 1e-9 || x[s] > 1e-9 {
                support[k] = true;
                return f64::INFINITY;
            }
            // At the lower bound sets_i = lo: the sets column holds lo − offset.
            let column_lo = prep.items[k].lo - layout.offset[k];
            bound + rc[u].min(0.0) + rc[s].min(0.0) * f64::from(column_lo)
        })
        .collect();

    // A second start from the LP's own solution, rounded and climbed.
    let lp: Vec<(f64, f64)> = (0..n)
        .map(|k| (x[layout.use_[k]], layout.sets_value(k, x)))
        .collect();
    // When the greedy start failed, it is the only start.
    let mut plan = match (greedy, start::from_lp(prep, &lp)) {
        (Some(g), Some(r)) if start::objective(prep, &r) > start::objective(prep, &g) => r,
        (Some(g), _) => g,
        (None, Some(r)) => r,
        (None, None) => return Ok((None, 0)),
    };
    // Only worth it when the incumbent leaves many items unfixed.
    let greedy_value = start::objective(prep, &plan);
    let unfixed = (0..n)
        .filter(|&k| plan[k] > 0 || ub[k] >= greedy_value)
        .count();
    if options.kernel > 0 && unfixed > KERNEL_WORTHWHILE {
        let mut order: Vec<usize> = (0..n).filter(|&k| !support[k] && plan[k] == 0).collect();
        order.sort_by(|a, b| ub[*b].total_cmp(&ub[*a]).then(a.cmp(b)));
        let mut in_kernel = support.clone();
        for k in 0..n {
            in_kernel[k] |= plan[k] > 0;
        }
        for k in order.into_iter().take(options.kernel) {
            in_kernel[k] = true;
        }
        if in_kernel.iter().any(|k| !k) {
            let kernel = Prepared {
                problem: prep.problem,
                items: (0..n)
                    .filter(|&k| in_kernel[k])
                    .map(|k| prep.items[k])
                    .collect(),
            };
            let start: Vec<u32> = (0..n).filter(|&k| in_kernel[k]).map(|k| plan[k]).collect();
            // Half the budget: with a quarter, hard instances stopped the
            // kernel short of its optimum and the main MIP could not close
            // the gap (docs/performance.md: 196-199 -> 200/200 proven at 60).
            let limit = (options.time_limit / 2).min(time_left(options, deadline));
            // A kernel may well be infeasible (it is a subset): no second
            // solve to confirm it.
            if let Some(mip) = run_mip(&kernel, Some(&start), options, limit, Verdict::Trust)?
                && start::objective(&kernel, &mip.plan) > start::objective(&kernel, &start)
            {
                let mut it = mip.plan.into_iter();
                for (k, sets) in plan.iter_mut().enumerate() {
                    *sets = if in_kernel[k] {
                        it.next().unwrap_or(0)
                    } else {
                        0
                    };
                }
            }
        }
    }

    let incumbent = start::objective(prep, &plan);
    let margin = 1e-6 * incumbent.abs().max(1.0);
    let keep: Vec<bool> = (0..n)
        .map(|k| plan[k] > 0 || ub[k] >= incumbent - margin)
        .collect();
    let dropped = keep.iter().filter(|k| !**k).count();
    if dropped == 0 {
        return Ok((Some(plan), 0));
    }
    let mut k = 0;
    prep.items.retain(|_| {
        k += 1;
        keep[k - 1]
    });
    let plan = plan
        .into_iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(s, _)| s)
        .collect();
    Ok((Some(plan), dropped))
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
    let deadline = Instant::now() + options.time_limit;
    let selection = solve_relaxing(problem, options, deadline)?;
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
    deadline: Instant,
) -> Result<Selection, OptimizerError> {
    let mut applied: Vec<Relaxation> = Vec::new();
    let mut current = problem.clone();
    let mut last_reason = match solve_level(&current, options, &applied, deadline)? {
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
        match solve_level(&current, options, &applied, deadline)? {
            Outcome::Plan(selection) => {
                return minimise_relaxations(problem, options, applied, selection, deadline);
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
    deadline: Instant,
) -> Result<Selection, OptimizerError> {
    let mut k = 0;
    while k + 1 < applied.len() {
        let mut fewer = applied.clone();
        fewer.remove(k);
        let relaxed = relax::apply_all(problem, &fewer);
        match solve_level(&relaxed, options, &fewer, deadline)? {
            Outcome::Plan(selection) => {
                applied = fewer;
                best = selection;
            }
            Outcome::Infeasible(_) => k += 1,
        }
    }
    Ok(best)
}

/// Time left before `deadline`, but at least a tenth of the limit (a level
/// reached late still gets a real try).
fn time_left(options: &SolveOptions, deadline: Instant) -> Duration {
    deadline
        .saturating_duration_since(Instant::now())
        .max(options.time_limit / 10)
}

fn solve_level(
    problem: &SelectionProblem,
    options: &SolveOptions,
    applied: &[Relaxation],
    deadline: Instant,
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
    let mut incumbent = if options.warm_start {
        start::greedy(&prep)
    } else {
        None
    };
    let mut fixed = 0;
    // Small models solve faster than the LP and kernel solves would take.
    if options.warm_start && options.lp_fixing && prep.items.len() > KERNEL_WORTHWHILE {
        let (plan, n) = lp_fixing(&mut prep, incumbent.take(), options, deadline)?;
        incumbent = plan;
        fixed = n;
    }
    let mip = run_mip(
        &prep,
        incumbent.as_deref(),
        options,
        time_left(options, deadline),
        Verdict::Confirm,
    )?;
    let Some(mip) = mip else {
        return Ok(Outcome::Infeasible("the solver found no plan".into()));
    };
    let mut picks: Vec<(usize, Pick)> = prep
        .items
        .iter()
        .zip(&mip.plan)
        .filter(|(_, s)| **s > 0)
        .map(|(item, &sets)| {
            let exercise_id = problem.candidates[item.index].exercise_id;
            (item.index, Pick { exercise_id, sets })
        })
        .collect();
    picks.sort_by_key(|(index, _)| *index);
    let selection = Selection {
        picks: picks.into_iter().map(|(_, p)| p).collect(),
        objective: start::objective(&prep, &mip.plan),
        relaxations: applied.to_vec(),
        gap: mip.gap,
        proven_optimal: mip.proven_optimal,
    };
    tracing::debug!(
        candidates = problem.candidates.len(),
        usable = prep.items.len() + pruned + fixed,
        pruned,
        fixed,
        warm_start = incumbent.is_some(),
        status = mip.status.as_str(),
        gap = mip.gap,
        micros = started.elapsed().as_micros() as u64,
        "optimizer level solved"
    );
    Ok(Outcome::Plan(selection))
}

/// Whether the caller's options already switch HiGHS's presolve off.
fn presolve_off(options: &SolveOptions) -> bool {
    options.highs_options.iter().any(|(name, value)| {
        name == "presolve" && matches!(value, HighsOptionValue::String(v) if v == "off")
    })
}

/// [`run_mip`] again with HiGHS's presolve off, in what is left of
/// `time_limit` ([`rest_of`]).
fn run_mip_without_presolve(
    prep: &Prepared<'_>,
    incumbent: Option<&[u32]>,
    options: &SolveOptions,
    time_limit: Duration,
    started: Instant,
    verdict: Verdict,
) -> Result<Option<Mip>, OptimizerError> {
    let mut without = options.clone();
    without.highs_options.push((
        "presolve".to_owned(),
        HighsOptionValue::String("off".into()),
    ));
    run_mip(
        prep,
        incumbent,
        &without,
        rest_of(time_limit, started),
        verdict,
    )
}

/// What is left of a solve's `time_limit` since `started`, but at least a
/// tenth of it: the budget of a second solve of the same model.
fn rest_of(time_limit: Duration, started: Instant) -> Duration {
    time_limit
        .saturating_sub(started.elapsed())
        .max(time_limit / 10)
}

/// Whether [`run_mip`] takes HiGHS's "infeasible" as it comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Yes: a sub-model (the kernel) that is infeasible only costs the
    /// incumbent a chance to improve.
    Trust,
    /// Only once a solve without presolve agrees: a level called infeasible
    /// is relaxed, so a wrong verdict costs the plan a constraint.
    Confirm,
}

/// A MIP answer over `Prepared::items`.
struct Mip {
    plan: start::Plan,
    status: String,
    gap: f64,
    proven_optimal: bool,
}

/// Builds and solves the MIP over `prep`'s items, from `incumbent` if any.
/// `Ok(None)`: proven infeasible, or no plan within the time limit.
fn run_mip(
    prep: &Prepared<'_>,
    incumbent: Option<&[u32]>,
    options: &SolveOptions,
    time_limit: Duration,
    verdict: Verdict,
) -> Result<Option<Mip>, OptimizerError> {
    let started = Instant::now();
    let (highs_problem, layout) = model::build(
        prep,
        options.equipment_rows,
        options.sets_encoding,
        options.symmetry_rows,
    );
    let mut model = highs_problem
        .try_into_inner()
        .map_err(|e| OptimizerError::Solver(e.to_string()))?;
    let mut list = base_options(options);
    list.push((
        "time_limit".to_owned(),
        HighsOptionValue::Float(time_limit.as_secs_f64()),
    ));
    if incumbent.is_some() && !options.primal_heuristics {
        // With our start HiGHS's own primal heuristics rarely find better
        // and cost most of the root's time (see `primal_heuristics`).
        for name in PRIMAL_HEURISTICS {
            list.push(((*name).to_owned(), HighsOptionValue::Bool(false)));
        }
        list.extend(options.highs_options.iter().cloned());
    }
    apply_options!(model, list);
    if let Some(plan) = incumbent {
        let x = start::columns(prep, &layout, plan);
        model
            .try_set_solution(Some(&x), None, None, None)
            .map_err(|e| OptimizerError::Solver(format!("setting the start: {e:?}")))?;
    }
    let solved = match model.try_solve() {
        Ok(solved) => solved,
        // HiGHS 1.16's presolve can reduce a model to empty with a
        // solution that postsolve finds violating a row, and then answers
        // a solve error although the model (and our start) is feasible
        // (seen: `optimizer.proptest-regressions`, n = 5). Solving again
        // without presolve gets the optimum.
        Err(e) if !presolve_off(options) => {
            tracing::warn!(error = ?e, "HiGHS failed; solving again without presolve");
            return run_mip_without_presolve(
                prep, incumbent, options, time_limit, started, verdict,
            );
        }
        Err(e) => return Err(OptimizerError::Solver(format!("{e:?}"))),
    };
    let status = format!("{:?}", solved.status());
    // primal_solution_status: 2 = feasible (HiGHS kSolutionStatusFeasible).
    let has_solution = solved
        .int_info_value(c"primal_solution_status")
        .map_err(|e| OptimizerError::Solver(format!("{e:?}")))?
        == 2;
    if !has_solution {
        return match status.as_str() {
            // HiGHS 1.16's presolve can also call a feasible model
            // infeasible (seen: `optimizer.proptest-regressions`, n = 9: a
            // five-set plan of two exercises exists, presolve answers
            // "Infeasible"). An infeasible answer only counts when it holds
            // without presolve; a relaxation would otherwise be applied to a
            // problem that needs none. Infeasible levels are rare and these
            // models small, so the second solve costs little (a kernel's
            // verdict is trusted: kernels are often infeasible).
            "Infeasible" | "UnboundedOrInfeasible"
                if verdict == Verdict::Confirm && !presolve_off(options) =>
            {
                tracing::debug!(
                    status,
                    "HiGHS presolve called the model infeasible; checking without presolve"
                );
                run_mip_without_presolve(prep, incumbent, options, time_limit, started, verdict)
            }
            "Infeasible" | "UnboundedOrInfeasible" | "ReachedTimeLimit" => Ok(None),
            other => Err(OptimizerError::Solver(format!("HiGHS status {other}"))),
        };
    }
    let gap = solved.mip_gap();
    let gap = if gap.is_finite() { gap.max(0.0) } else { 0.0 };
    let solution = solved.get_solution();
    let x = solution.columns();
    let mut plan = vec![0_u32; prep.items.len()];
    for (k, item) in prep.items.iter().enumerate() {
        if x[layout.use_[k]] > 0.5 {
            // Rounded integer in [lo, hi] (a u32): the cast is exact.
            plan[k] = layout
                .sets_value(k, x)
                .round()
                .clamp(f64::from(item.lo), f64::from(item.hi)) as u32;
        }
    }
    // HiGHS can misvalue a MIP start after presolve (seen: a start worth
    // -6.34 taken as -5.34 "in the reduced space", then "proven" optimal
    // against that value while a -5.88 plan existed). A plan can only be
    // worth more than HiGHS reports (its continuous columns may be short of
    // their best), never less: if it is worth less, the start was misvalued
    // and the answer is not trusted; solve again without the start.
    if let Some(start) = incumbent {
        let reported = solved.objective_value();
        let actual = start::objective(prep, &plan);
        if reported > actual + 1e-6 * actual.abs().max(1.0) {
            tracing::warn!(
                reported,
                actual,
                start = start::objective(prep, start),
                "HiGHS misvalued the MIP start; solving again without it"
            );
            return run_mip(prep, None, options, rest_of(time_limit, started), verdict);
        }
    }
    Ok(Some(Mip {
        plan,
        proven_optimal: status == "Optimal",
        status,
        gap,
    }))
}
