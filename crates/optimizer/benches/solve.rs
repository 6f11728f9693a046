//! Solve time over instances built from the real exercise catalog, at 20,
//! 40, 60, 80 and 160 candidates.
//!
//! Criterion measures the mean time of a solve cycling through 50 seeded
//! instances per size; before that, one pass over the same instances prints
//! the median, p99 and worst optimality gap (criterion has no p99). The full
//! 200-instance table in `docs/performance.md` comes from
//! `cargo run --release -p gainsly-optimizer --example measure -- 200 catalog`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};
use gainsly_optimizer::generate::catalog_problem;
use gainsly_optimizer::{SelectionProblem, SolveOptions, solve};

const INSTANCES: u64 = 50;

fn instances(n: usize) -> Vec<SelectionProblem> {
    let catalog = gainsly_domain::catalog::catalog();
    (0..INSTANCES)
        .map(|seed| catalog_problem(catalog, n, seed))
        .collect()
}

fn summary(n: usize, problems: &[SelectionProblem], options: &SolveOptions) {
    let mut times = Vec::new();
    let (mut worst_gap, mut optimal) = (0.0_f64, 0);
    for p in problems {
        let t = Instant::now();
        let r = solve(p, options);
        times.push(t.elapsed().as_secs_f64() * 1e3);
        if let Ok(s) = r {
            worst_gap = worst_gap.max(s.gap);
            optimal += usize::from(s.proven_optimal);
        }
    }
    times.sort_by(f64::total_cmp);
    let q = |f: f64| times[((times.len() as f64 * f).ceil() as usize).clamp(1, times.len()) - 1];
    println!(
        "solve/{n}: median {:.1} ms, p99 {:.1} ms, proven optimal {optimal}/{}, worst gap {:.3}%",
        q(0.5),
        q(0.99),
        problems.len(),
        worst_gap * 100.0
    );
}

fn bench(c: &mut Criterion) {
    let options = SolveOptions::default();
    let mut group = c.benchmark_group("solve");
    group.sample_size(20);
    for n in [20, 40, 60, 80, 160] {
        let problems = instances(n);
        summary(n, &problems, &options);
        let mut next = 0;
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                let p = &problems[next % problems.len()];
                next += 1;
                black_box(solve(black_box(p), &options))
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
