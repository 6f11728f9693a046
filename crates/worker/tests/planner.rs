//! Pre-generation with the real planner (no LLM) through the queue, and the
//! throughput benchmark (`--ignored`): 2,000 users, two worker instances.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use gainsly_app::App;
use gainsly_app::settings::Settings;
use gainsly_db::Db;
use gainsly_db::repo::programs::{self, ProgramDraft};
use gainsly_domain::{
    Equipment, Goal, GoalWeight, GoalWeights, Microcycle, ProgramSettings, ProgramSettingsInput,
    ProgressionStyle, SplitTemplate,
};
use gainsly_worker::{
    CancellationToken, JobQueue, PREGENERATE_QUEUE, PregenerateJob, WorkerDeps, spawn_with,
};

/// A real full-body program, 7 days a week, starting `start`.
async fn real_program(db: &Db, user_id: i64, start: &str) -> i64 {
    let goals = GoalWeights::new(vec![GoalWeight {
        goal: Goal::Hypertrophy,
        weight: 10.0,
    }])
    .unwrap();
    let equipment = vec![
        Equipment::Barbell,
        Equipment::Dumbbell,
        Equipment::Bench,
        Equipment::Rack,
        Equipment::Bodyweight,
        Equipment::Cable,
        Equipment::Machine,
        Equipment::PullupBar,
    ];
    let settings = ProgramSettings::new(ProgramSettingsInput {
        goals,
        split: SplitTemplate::FullBody,
        days_per_week: 7,
        microcycle_length_days: 7,
        duration_weeks: 12,
        start_date: date(start),
        session_minutes: 60,
        progression: ProgressionStyle::Double,
        deload_every_n: 4,
        equipment: equipment.clone(),
    })
    .unwrap();
    let microcycle = Microcycle::generate(SplitTemplate::FullBody, 7, 7).unwrap();
    let draft = ProgramDraft {
        name: "Real".into(),
        settings,
        microcycle,
        equipment: Some(equipment),
        is_active: true,
    };
    programs::create(db, user_id, &draft).await.unwrap().id
}

fn real_deps(db: &Db) -> WorkerDeps {
    let settings = Settings {
        llm_mode: gainsly_llm::LlmMode::Off,
        ..Settings::default()
    };
    WorkerDeps::with_app(App::new(db.clone(), &settings).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_planner_pregenerates_tomorrow_once() {
    let (db, _url, _guard) = fresh_db().await;
    let nz = user(&db, "nz@example.com", "Pacific/Auckland").await;
    let la = user(&db, "la@example.com", "America/Los_Angeles").await;
    let p_nz = real_program(&db, nz, "2026-11-01").await;
    let p_la = real_program(&db, la, "2026-11-01").await;
    let token = CancellationToken::new();
    let handle = spawn_with(db.clone(), real_deps(&db), fast_options(), token.clone());
    let queue = JobQueue::open(&db).await.unwrap();
    let tick = at("2026-11-26T02:00:00Z");
    for round in 1..=2u64 {
        queue
            .push(&PregenerateJob::FanOut { at: tick })
            .await
            .unwrap();
        wait_for(Duration::from_secs(60), "pre-generation", || async {
            let s = queue.stats(PREGENERATE_QUEUE).await.unwrap();
            s.unfinished() == 0 && s.done + s.failed >= 3 * round
        })
        .await;
    }
    token.cancel();
    handle.await.unwrap().unwrap();
    let stats = queue.stats(PREGENERATE_QUEUE).await.unwrap();
    assert_eq!((stats.done, stats.failed), (6, 0), "{stats:?}");
    assert_eq!(session_dates(&db, p_nz).await, vec![date("2026-11-27")]);
    assert_eq!(session_dates(&db, p_la).await, vec![date("2026-11-26")]);
}

/// `cargo test -p gainsly-worker --release --test planner -- --ignored --nocapture`
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "benchmark: 2,000 users, takes a while"]
async fn bench_pregeneration_throughput_two_workers() {
    let users: usize = std::env::var("GAINSLY_BENCH_USERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    let (db, _url, _guard) = fresh_db().await;
    for i in 0..users {
        let u = user(&db, &format!("bench{i}@example.com"), "UTC").await;
        real_program(&db, u, "2026-11-01").await;
    }
    let queue = JobQueue::open(&db).await.unwrap();
    let token = CancellationToken::new();
    let mut options = fast_options();
    options.tuning.concurrency = std::env::var("GAINSLY_BENCH_CONCURRENCY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    // GAINSLY_BENCH_FAKE=1 measures the queue alone (a planner that only inserts a row).
    let fake = std::env::var("GAINSLY_BENCH_FAKE").is_ok_and(|v| v == "1");
    let deps = || {
        if fake {
            common::deps(std::sync::Arc::new(FakePlanner::new(&db)))
        } else {
            real_deps(&db)
        }
    };
    let options_concurrency = options.tuning.concurrency;
    let h1 = spawn_with(db.clone(), deps(), options.clone(), token.clone());
    let h2 = spawn_with(db.clone(), deps(), options, token.clone());
    let started = Instant::now();
    queue
        .push(&PregenerateJob::FanOut {
            at: at("2026-11-26T02:00:00Z"),
        })
        .await
        .unwrap();
    wait_for(Duration::from_secs(3600), "the benchmark", || async {
        let s = queue.stats(PREGENERATE_QUEUE).await.unwrap();
        s.unfinished() == 0 && s.done + s.failed > users as u64
    })
    .await;
    let elapsed = started.elapsed();
    token.cancel();
    h1.await.unwrap().unwrap();
    h2.await.unwrap().unwrap();
    let sessions = session_count(&db).await;
    let stats = queue.stats(PREGENERATE_QUEUE).await.unwrap();
    println!(
        "BENCH concurrency={} planner={} backend={} users={users} sessions={sessions} failed={} elapsed={:.2}s throughput={:.1} sessions/s",
        options_concurrency,
        if fake { "fake" } else { "real" },
        if is_postgres() { "postgres" } else { "sqlite" },
        stats.failed,
        elapsed.as_secs_f64(),
        sessions as f64 / elapsed.as_secs_f64()
    );
    assert_eq!(sessions, users);
}
