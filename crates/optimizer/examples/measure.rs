//! Solve-time distribution over seeded instances (what `docs/performance.md`
//! reports): for each size, p50 / p90 / p99 / max wall time of `solve`, how
//! many were proven optimal and the worst gap.
//!
//! ```text
//! cargo run --release -p gainsly-optimizer --example measure -- [instances per size] [catalog|random] [sizes...]
//! ```
//!
//! `VARIANT=a,b,…` changes the options (see `options_for`; `plain` is the
//! issue's formulation, `planner` the planner's gap and budget);
//! `PAIR=<variant>` also solves every instance with that variant right after
//! the default, so both see the same machine load. `DIR=<dir>` replays the
//! instance JSON files of a directory (sorted by name) instead of generating
//! instances.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use gainsly_optimizer::generate::{catalog_problem, random_problem};
use gainsly_optimizer::{SelectionProblem, SolveOptions, solve};

fn instance(kind: &str, n: usize, seed: u64) -> SelectionProblem {
    match kind {
        "catalog" => catalog_problem(gainsly_domain::catalog::catalog(), n, seed),
        _ => random_problem(n, seed),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count: u64 = args.first().map_or(200, |a| a.parse().expect("a count"));
    let first_seed: u64 = std::env::var("SEED").map_or(0, |s| s.parse().expect("a seed"));
    let kind = args.get(1).map_or("random", String::as_str).to_owned();
    let sizes: Vec<usize> = if args.len() > 2 {
        args[2..]
            .iter()
            .map(|a| a.parse().expect("a size"))
            .collect()
    } else {
        vec![20, 40, 60, 80, 160]
    };
    let files: Option<Vec<SelectionProblem>> = std::env::var("DIR").ok().map(|dir| {
        let mut paths: Vec<_> = std::fs::read_dir(&dir)
            .expect("a readable DIR")
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| {
                serde_json::from_str(&std::fs::read_to_string(p).expect("a file"))
                    .expect("an instance")
            })
            .collect()
    });
    let sizes = if files.is_some() { vec![0] } else { sizes };
    let variant = std::env::var("VARIANT").unwrap_or_default();
    let use_cpu = std::env::var("CPU").is_ok();
    let options = options_for(&variant);
    let weights = std::env::var("WEIGHTS").unwrap_or_default();
    println!("instances: {kind}, {count} per size, variant '{variant}'");
    println!(
        "| N | p50 ms | p90 ms | p99 ms | max ms | proven optimal | worst gap | relaxed | infeasible |"
    );
    println!("|---|---|---|---|---|---|---|---|---|");
    // PAIR=<variant>: also solve each instance with that variant right after,
    // so both see the same machine load (a paired comparison).
    let pair = std::env::var("PAIR")
        .ok()
        .map(|v| (v.clone(), options_for(&v)));
    for n in sizes {
        let mut times = Vec::new();
        let (mut pair_times, mut pair_optimal) = (Vec::new(), 0);
        let (mut optimal, mut worst_gap, mut relaxed, mut infeasible) = (0, 0.0_f64, 0, 0);
        for seed in first_seed..first_seed + count {
            let mut p = match &files {
                Some(files) => match usize::try_from(seed).ok().and_then(|i| files.get(i)) {
                    Some(p) => p.clone(),
                    None => break,
                },
                None => instance(&kind, n, seed),
            };
            for part in weights.split(',').filter(|p| !p.is_empty()) {
                match part {
                    "nobalance" => p.weights.balance = 0.0,
                    "nodim" => p.weights.diminishing_factor = 1.0,
                    "noequip" => p.weights.equipment_cost = 0.0,
                    "nobonus" => {
                        p.weights.llm_bonus = 0.0;
                        p.weights.preference_bonus = 0.0;
                        p.weights.score_bonus = 0.0;
                    }
                    "nocaps" => p.constraints.muscle_caps.clear(),
                    "notime" => p.constraints.available_minutes = 1000.0,
                    other => panic!("unknown weights part {other}"),
                }
            }
            let (t, cpu) = (Instant::now(), thread_cpu_ms());
            let r = solve(&p, &options);
            times.push(if use_cpu {
                thread_cpu_ms() - cpu
            } else {
                t.elapsed().as_secs_f64() * 1e3
            });
            if std::env::var("SHOW").is_ok() {
                println!(
                    "seed {seed}: {:.1} ms {:?}",
                    times[times.len() - 1],
                    r.as_ref().map(|s| (s.objective, s.gap, s.picks.len()))
                );
            }
            if let Some((_, pair_options)) = &pair {
                let (t, cpu) = (Instant::now(), thread_cpu_ms());
                let r = solve(&p, pair_options);
                pair_times.push(if use_cpu {
                    thread_cpu_ms() - cpu
                } else {
                    t.elapsed().as_secs_f64() * 1e3
                });
                pair_optimal += usize::from(r.as_ref().is_ok_and(|s| s.proven_optimal));
            }
            match r {
                Ok(s) => {
                    optimal += usize::from(s.proven_optimal);
                    worst_gap = worst_gap.max(s.gap);
                    relaxed += usize::from(!s.relaxations.is_empty());
                    assert!(s.violations(&p, &s.relaxations).is_empty());
                }
                Err(_) => infeasible += 1,
            }
        }
        if let Some((name, _)) = &pair {
            pair_times.sort_by(f64::total_cmp);
            let q = |f: f64| {
                pair_times
                    [((pair_times.len() as f64 * f).ceil() as usize).clamp(1, pair_times.len()) - 1]
            };
            println!(
                "| {n} ({name}) | {:.1} | {:.1} | {:.1} | {:.1} | {pair_optimal}/{} | | | |",
                q(0.5),
                q(0.9),
                q(0.99),
                pair_times[pair_times.len() - 1],
                pair_times.len()
            );
        }
        times.sort_by(f64::total_cmp);
        let q =
            |f: f64| times[((times.len() as f64 * f).ceil() as usize).clamp(1, times.len()) - 1];
        println!(
            "| {n} | {:.1} | {:.1} | {:.1} | {:.1} | {optimal}/{} | {:.3}% | {relaxed} | {infeasible} |",
            q(0.5),
            q(0.9),
            q(0.99),
            times[times.len() - 1],
            times.len(),
            worst_gap * 100.0
        );
    }
}

/// Named option sets for the experiments in `docs/performance.md`.
fn options_for(variant: &str) -> SolveOptions {
    use gainsly_optimizer::EquipmentRows;
    use good_lp::solvers::highs::HighsOptionValue as V;
    let mut o = SolveOptions::default();
    for part in variant.split(',').filter(|p| !p.is_empty()) {
        match part {
            "plain" => {
                // The issue's formulation as first written: no pruning, no
                // start, per-pair equipment rows, integer sets, restarts on.
                o.prune = false;
                o.warm_start = false;
                o.lp_fixing = false;
                o.equipment_rows = EquipmentRows::PerPair;
                o.sets_encoding = gainsly_optimizer::SetsEncoding::Integer;
                o.allow_restart = true;
                o.primal_heuristics = true;
                o.cut_pool_soft_limit = 10_000;
                o.node_cuts = true;
                o.pseudocost_min_reliable = 8;
                o.symmetry_rows = false;
            }
            "noprune" => o.prune = false,
            "nostart" => o.warm_start = false,
            "nofix" => o.lp_fixing = false,
            "k0" => o.kernel = 0,
            "k2" => o.kernel = 2,
            "k4" => o.kernel = 4,
            "k6" => o.kernel = 6,
            "k8" => o.kernel = 8,
            "k12" => o.kernel = 12,
            "k20" => o.kernel = 20,
            "intsets" => o.sets_encoding = gainsly_optimizer::SetsEncoding::Integer,
            "binsets" => o.sets_encoding = gainsly_optimizer::SetsEncoding::Binary,
            "offsets" => o.sets_encoding = gainsly_optimizer::SetsEncoding::Offset,
            "aggregated" => o.equipment_rows = EquipmentRows::Aggregated,
            "perpair" => o.equipment_rows = EquipmentRows::PerPair,
            "restart" => o.allow_restart = true,
            // What the planner runs (gainsly-planner's PlannerConfig).
            "planner" => {
                o.mip_rel_gap = 0.01;
                o.time_limit = std::time::Duration::from_millis(100);
            }
            "nodecuts" => o.node_cuts = true,
            "strongbranch" => o.pseudocost_min_reliable = 8,
            "nosymmetry" => o.symmetry_rows = false,
            // The defaults before the cut-pool limit, the offset encoding
            // and the kernel of 4.
            "previous" => {
                o.kernel = 8;
                o.sets_encoding = gainsly_optimizer::SetsEncoding::Integer;
                o.cut_pool_soft_limit = 10_000;
                o.node_cuts = true;
                o.pseudocost_min_reliable = 8;
                o.symmetry_rows = false;
            }
            "norestart" => o
                .highs_options
                .push(("mip_allow_restart".into(), V::Bool(false))),
            "nopresolve" => o
                .highs_options
                .push(("presolve".into(), V::String("off".into()))),
            "heur0" => o
                .highs_options
                .push(("mip_heuristic_effort".into(), V::Float(0.0))),
            "heur02" => o
                .highs_options
                .push(("mip_heuristic_effort".into(), V::Float(0.2))),
            "gap1" => o.mip_rel_gap = 0.01,
            "heuristics" => o.primal_heuristics = true,
            "verbose" => {
                o.highs_options.push(("output_flag".into(), V::Bool(true)));
                o.highs_options
                    .push(("log_to_console".into(), V::Bool(true)));
            }
            "long" => o.time_limit = std::time::Duration::from_secs(10),
            other => {
                // Any HiGHS option as name=value.
                let (name, value) = other.split_once('=').expect("a variant part or name=value");
                let value = if let Ok(b) = value.parse::<bool>() {
                    V::Bool(b)
                } else if let Ok(i) = value.parse::<i32>() {
                    V::Int(i)
                } else if let Ok(f) = value.parse::<f64>() {
                    V::Float(f)
                } else {
                    V::String(value.into())
                };
                o.highs_options.push((name.into(), value));
            }
        }
    }
    o
}

/// CPU time of the calling thread in milliseconds (Linux schedstat: the
/// first field is nanoseconds on a CPU).
fn thread_cpu_ms() -> f64 {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").expect("schedstat");
    let ns: f64 = text
        .split_whitespace()
        .next()
        .and_then(|f| f.parse().ok())
        .expect("a number");
    ns / 1e6
}
