//! Load and latency measurement of the planning routes over real HTTP.
//!
//! Starts the real server (SQLite in a temp dir by default, PostgreSQL with
//! `GAINSLY_TEST_DATABASE_URL`), registers a user with a 52-week program, then
//!
//! 1. generates `N` sessions one after another through `POST /api/days/{date}/adapt`
//!    (no LLM) and reports p50/p99 of the plan-generation latency, and
//! 2. reads stored sessions through `GET /api/days/{date}/plan` from `C`
//!    concurrent clients for `S` seconds and reports throughput and p50/p99.
//!
//! `cargo run --release -p gainsly-tests --example plan_load -- [N] [C] [S]`
//! (defaults 200, 16, 10). Bounded in count and time; loopback only.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::time::{Duration, Instant};

use gainsly_tests::TestApp;
use serde_json::json;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(200);
    let concurrency = args.get(1).copied().unwrap_or(16);
    let seconds = args.get(2).copied().unwrap_or(10) as u64;

    // One user re-plans hundreds of dates: above the per-user adapt limit.
    let app = TestApp::spawn_with(|s| s.adapt_rate_limit_per_minute = 1_000_000).await;
    let token = app.user_token("load@example.com").await;
    let (status, program) = app
        .post(
            "/api/programs",
            &token,
            json!({"name": "Load", "goals": [{"goal": "hypertrophy", "weight": 10}],
                   "split_template": "ppl", "days_per_week": 6, "duration_weeks": 52,
                   "start_date": "2026-01-05"}),
        )
        .await;
    assert!(status.is_success(), "{program}");
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    let dates: Vec<String> = (0..364u64)
        .map(|d| (start + chrono::Days::new(d)).to_string())
        .collect();

    // 1. Generation latency (each adapt re-plans the day from scratch).
    let mut timed: Vec<(f64, &str)> = Vec::with_capacity(n);
    let mut training = 0usize;
    let mut fallbacks = 0usize;
    for i in 0..n {
        let date = &dates[i % dates.len()];
        let t = Instant::now();
        let (status, s) = app
            .post(&format!("/api/days/{date}/adapt"), &token, json!({}))
            .await;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        assert!(status.is_success(), "{s}");
        if s["kind"] == "training" {
            training += 1;
            if s["fallback"] == true {
                fallbacks += 1;
            }
            timed.push((ms, date.as_str()));
        }
    }
    timed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let gen_ms: Vec<f64> = timed.iter().map(|(ms, _)| *ms).collect();
    println!(
        "plan generation over HTTP (training days, no LLM): n={} (relaxed: {}) p50={:.1} ms p99={:.1} ms max={:.1} ms",
        training,
        fallbacks,
        percentile(&gen_ms, 0.5),
        percentile(&gen_ms, 0.99),
        gen_ms.last().copied().unwrap_or(f64::NAN)
    );
    // The tail by date (a microcycle's first day, a deload…).
    let tail: Vec<String> = timed
        .iter()
        .rev()
        .take(4)
        .map(|(ms, date)| format!("{date} {ms:.1} ms"))
        .collect();
    let over = |limit: f64| gen_ms.iter().filter(|ms| **ms > limit).count();
    println!(
        "slowest: {}; over 30 ms: {}, over 60 ms: {}",
        tail.join(", "),
        over(30.0),
        over(60.0)
    );

    // Where generation time goes, from the server's own histograms.
    let metrics = app.metrics_text().await;
    let series = |name: &str| -> f64 {
        metrics
            .lines()
            .filter(|l| l.starts_with(name))
            .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
            .sum()
    };
    let (solve_sum, solve_n) = (
        series("gainsly_solver_seconds_sum"),
        series("gainsly_solver_seconds_count"),
    );
    let (plan_sum, plan_n) = (
        series("gainsly_plan_generation_seconds_sum"),
        series("gainsly_plan_generation_seconds_count"),
    );
    println!(
        "server side: plan generation mean {:.1} ms over {plan_n} plans (incl. rest days), MILP solve mean {:.1} ms over {solve_n} solves",
        plan_sum / plan_n.max(1.0) * 1000.0,
        solve_sum / solve_n.max(1.0) * 1000.0
    );

    // 2. Stored-session reads under concurrency.
    let stored: Vec<String> = dates.iter().take(n.min(dates.len())).cloned().collect();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for c in 0..concurrency {
        let client = app.client.clone();
        let base = app.base.clone();
        let token = token.clone();
        let stored = stored.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let mut errors = 0usize;
            let mut i = c;
            while Instant::now() < deadline {
                let date = &stored[i % stored.len()];
                i += concurrency;
                let t = Instant::now();
                let res = client
                    .get(format!("{base}/api/days/{date}/plan"))
                    .bearer_auth(&token)
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        lat.push(t.elapsed().as_secs_f64() * 1000.0);
                    }
                    _ => errors += 1,
                }
            }
            (lat, errors)
        }));
    }
    let mut all = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (lat, e) = t.await.unwrap();
        all.extend(lat);
        errors += e;
    }
    all.sort_by(f64::total_cmp);
    println!(
        "GET plan (stored) with {concurrency} clients for {seconds} s: {} requests, {:.0} req/s, p50={:.2} ms p99={:.2} ms, errors={errors}",
        all.len(),
        all.len() as f64 / seconds as f64,
        percentile(&all, 0.5),
        percentile(&all, 0.99)
    );
}
