//! Solve one instance and print the plan, the objective and the solve time.
//!
//! ```text
//! cargo run --release -p gainsly-optimizer --example solve_instance -- \
//!     crates/optimizer/examples/instance.json [--time-limit-ms 200] [--no-prune] [--no-warm-start]
//! ```
//!
//! The instance is a serialized `SelectionProblem` (schema in the crate doc).
//! `solve_instance --generate N SEED` prints a seeded instance with `N`
//! candidates drawn from the real catalog instead (how `instance.json` was made).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use gainsly_optimizer::{SelectionProblem, SolveOptions, solve};

fn main() {
    let mut args = std::env::args().skip(1);
    let mut path = None;
    let mut options = SolveOptions::default();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--time-limit-ms" => {
                let ms: u64 = args
                    .next()
                    .expect("--time-limit-ms needs a value")
                    .parse()
                    .expect("milliseconds");
                options.time_limit = Duration::from_millis(ms);
            }
            "--generate" => {
                let n: usize = args
                    .next()
                    .expect("--generate N SEED")
                    .parse()
                    .expect("a count");
                let seed: u64 = args
                    .next()
                    .expect("--generate N SEED")
                    .parse()
                    .expect("a seed");
                let catalog = gainsly_domain::catalog::catalog();
                let problem = gainsly_optimizer::generate::catalog_problem(catalog, n, seed);
                println!(
                    "{}",
                    serde_json::to_string_pretty(&problem).expect("serializable")
                );
                return;
            }
            "--no-prune" => options.prune = false,
            "--no-warm-start" => options.warm_start = false,
            other => path = Some(other.to_owned()),
        }
    }
    let path = path.expect(
        "usage: solve_instance <instance.json> [--time-limit-ms N] [--no-prune] [--no-warm-start]",
    );
    let text = std::fs::read_to_string(&path).expect("readable instance file");
    let problem: SelectionProblem =
        serde_json::from_str(&text).expect("a SelectionProblem as JSON");

    let started = Instant::now();
    let result = solve(&problem, &options);
    let elapsed = started.elapsed();
    match result {
        Ok(selection) => {
            println!("plan ({} exercises):", selection.picks.len());
            for pick in &selection.picks {
                let c = problem
                    .candidate(pick.exercise_id)
                    .expect("picks are candidates");
                // The catalog name when the id is a catalog exercise.
                let name = gainsly_domain::catalog::exercise(pick.exercise_id)
                    .map_or("", |e| e.name.as_str());
                println!(
                    "  exercise {:>5}  {} sets  {:<18} {:.1} min/set  {name}",
                    pick.exercise_id.0,
                    pick.sets,
                    c.pattern.as_str(),
                    c.minutes_per_set
                );
            }
            println!(
                "minutes:        {:.1} of {:.1}",
                problem.minutes(&selection.picks),
                problem.constraints.available_minutes
            );
            println!("objective:      {:.4}", selection.objective);
            println!(
                "proven optimal: {} (gap {:.4}%)",
                selection.proven_optimal,
                selection.gap * 100.0
            );
            println!("relaxations:    {:?}", selection.relaxations);
            let violations = selection.violations(&problem, &selection.relaxations);
            println!("violations:     {}", violations.len());
        }
        Err(e) => println!("no plan: {e}"),
    }
    println!("solve time:     {:.2} ms", elapsed.as_secs_f64() * 1e3);
}
