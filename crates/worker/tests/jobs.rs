//! The worker's jobs against a real database (SQLite, or PostgreSQL with
//! `GAINSLY_TEST_DATABASE_URL`): through the apalis queue where it matters.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use gainsly_db::repo::{rollup, service_status};
use gainsly_llm::HealthStatus;
use gainsly_worker::{
    CancellationToken, CleanupJob, JobQueue, NoProgress, PREGENERATE_QUEUE, PregenerateJob,
    Schedule, Schedules, WorkerOptions, catch_up, jobs, spawn_with,
};
use sea_orm::{ConnectionTrait, Statement};

const WAIT: Duration = Duration::from_secs(30);

async fn wait_queue_drained(queue: &JobQueue, name: &str, done_at_least: u64) {
    wait_for(WAIT, &format!("{name} to drain"), || async {
        let s = queue.stats(name).await.unwrap();
        s.unfinished() == 0 && s.done + s.failed >= done_at_least
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pregeneration_plans_tomorrow_in_each_users_time_zone_once() {
    let (db, _url, _guard) = fresh_db().await;
    // 2026-11-26T02:00Z is 15:00 on the 26th in Auckland (UTC+13) and
    // 18:00 on the 25th in Los Angeles (UTC-8).
    let auckland = user(&db, "nz@example.com", "Pacific/Auckland").await;
    let la = user(&db, "la@example.com", "America/Los_Angeles").await;
    let utc = user(&db, "utc@example.com", "UTC").await;
    let idle = user(&db, "idle@example.com", "UTC").await;
    let p_nz = program(&db, auckland, true, "2026-11-01", "2026-12-31").await;
    let p_la = program(&db, la, true, "2026-11-01", "2026-12-31").await;
    let p_utc = program(&db, utc, true, "2026-11-01", "2026-12-31").await;
    let p_idle = program(&db, idle, false, "2026-11-01", "2026-12-31").await;

    let planner = Arc::new(FakePlanner::new(&db));
    let token = CancellationToken::new();
    let handle = spawn_with(
        db.clone(),
        deps(planner.clone()),
        fast_options(),
        token.clone(),
    );
    let queue = JobQueue::open(&db).await.unwrap();
    let tick = at("2026-11-26T02:00:00Z");
    queue
        .push(&PregenerateJob::FanOut { at: tick })
        .await
        .unwrap();
    wait_queue_drained(&queue, PREGENERATE_QUEUE, 4).await;

    assert_eq!(session_dates(&db, p_nz).await, vec![date("2026-11-27")]);
    assert_eq!(session_dates(&db, p_la).await, vec![date("2026-11-26")]);
    assert_eq!(session_dates(&db, p_utc).await, vec![date("2026-11-27")]);
    assert!(session_dates(&db, p_idle).await.is_empty());
    assert_eq!(
        planner.calls_for(idle),
        0,
        "inactive programs are not fanned out"
    );

    // Running it again creates nothing.
    queue
        .push(&PregenerateJob::FanOut { at: tick })
        .await
        .unwrap();
    wait_queue_drained(&queue, PREGENERATE_QUEUE, 8).await;
    assert_eq!(session_count(&db).await, 3);
    assert_eq!(planner.total(), 6);

    // The API's enqueue after a program change.
    gainsly_worker::enqueue_pregenerate(&queue, utc, tick)
        .await
        .unwrap();
    wait_queue_drained(&queue, PREGENERATE_QUEUE, 9).await;
    assert_eq!(planner.calls_for(utc), 3);
    let stats = queue.stats(PREGENERATE_QUEUE).await.unwrap();
    assert_eq!((stats.done, stats.failed), (9, 0), "{stats:?}");

    token.cancel();
    handle.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_attempts_are_retried_up_to_three_times() {
    let (db, _url, _guard) = fresh_db().await;
    let flaky = user(&db, "flaky@example.com", "UTC").await;
    let p_flaky = program(&db, flaky, true, "2026-01-01", "2027-12-31").await;
    let mut fake = FakePlanner::new(&db);
    fake.fail_first = 2;
    let planner = Arc::new(fake);
    let token = CancellationToken::new();
    let handle = spawn_with(
        db.clone(),
        deps(planner.clone()),
        fast_options(),
        token.clone(),
    );
    let queue = JobQueue::open(&db).await.unwrap();
    let now = at("2026-06-01T02:00:00Z");
    queue
        .push(&PregenerateJob::User {
            user_id: flaky,
            at: now,
        })
        .await
        .unwrap();
    wait_queue_drained(&queue, PREGENERATE_QUEUE, 1).await;
    assert_eq!(planner.calls_for(flaky), 3, "two failures, then success");
    assert_eq!(session_dates(&db, p_flaky).await, vec![date("2026-06-02")]);
    assert_eq!(queue.stats(PREGENERATE_QUEUE).await.unwrap().done, 1);
    token.cancel();
    handle.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_that_keeps_failing_stops_after_three_attempts() {
    let (db, _url, _guard) = fresh_db().await;
    let u = user(&db, "broken@example.com", "UTC").await;
    program(&db, u, true, "2026-01-01", "2027-12-31").await;
    let mut fake = FakePlanner::new(&db);
    fake.fail_first = usize::MAX;
    let planner = Arc::new(fake);
    let token = CancellationToken::new();
    let handle = spawn_with(
        db.clone(),
        deps(planner.clone()),
        fast_options(),
        token.clone(),
    );
    let queue = JobQueue::open(&db).await.unwrap();
    queue
        .push(&PregenerateJob::User {
            user_id: u,
            at: at("2026-06-01T02:00:00Z"),
        })
        .await
        .unwrap();
    wait_for(WAIT, "the job to fail", || async {
        queue.stats(PREGENERATE_QUEUE).await.unwrap().failed == 1
    })
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(planner.calls_for(u), 3);
    assert_eq!(session_count(&db).await, 0);
    token.cancel();
    handle.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cron_tick_is_enqueued_once_across_workers() {
    let (db, _url, _guard) = fresh_db().await;
    let q1 = JobQueue::open(&db).await.unwrap();
    let q2 = JobQueue::open(&db).await.unwrap();
    let tick = at("2026-11-29T04:00:00Z");
    let job = CleanupJob { at: tick };
    let (a, b) = tokio::join!(
        q1.push_for_tick("cleanup", tick, &job),
        q2.push_for_tick("cleanup", tick, &job)
    );
    assert!(
        a.unwrap() ^ b.unwrap(),
        "exactly one process enqueues the tick"
    );
    assert_eq!(
        q1.stats(gainsly_worker::CLEANUP_QUEUE)
            .await
            .unwrap()
            .pending,
        1
    );

    // Start-up catch-up: the 04:00 Sunday tick, seen at 05:00, is the same
    // tick and is not enqueued again; the 02:00 pre-generation tick is.
    let schedules = Schedules {
        pregenerate: Some(Schedule::parse("pregenerate", "0 2 * * *").unwrap()),
        cleanup: Some(Schedule::parse("cleanup", "0 4 * * Sun").unwrap()),
        model_refresh: None,
    };
    let now = at("2026-11-29T05:00:00Z");
    let fired = catch_up(&q1, &schedules, Duration::from_secs(6 * 3600), now)
        .await
        .unwrap();
    assert_eq!(fired, 1);
    let fired = catch_up(&q2, &schedules, Duration::from_secs(6 * 3600), now)
        .await
        .unwrap();
    assert_eq!(fired, 0);
    assert_eq!(q1.stats(PREGENERATE_QUEUE).await.unwrap().pending, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cron_worker_enqueues_and_runs_a_scheduled_job() {
    let (db, _url, _guard) = fresh_db().await;
    let planner = Arc::new(FakePlanner::new(&db));
    let mut options = fast_options();
    // Every second: two workers share the schedule, each tick runs once.
    options.schedules.model_refresh =
        Some(Schedule::parse("model_refresh", "* * * * * *").unwrap());
    let token = CancellationToken::new();
    let h1 = spawn_with(
        db.clone(),
        deps(planner.clone()),
        options.clone(),
        token.clone(),
    );
    let h2 = spawn_with(db.clone(), deps(planner.clone()), options, token.clone());
    let queue = JobQueue::open(&db).await.unwrap();
    wait_for(WAIT, "a model refresh", || async {
        queue
            .stats(gainsly_worker::MODEL_REFRESH_QUEUE)
            .await
            .unwrap()
            .done
            >= 2
    })
    .await;
    token.cancel();
    h1.await.unwrap().unwrap();
    h2.await.unwrap().unwrap();
    let stats = queue
        .stats(gainsly_worker::MODEL_REFRESH_QUEUE)
        .await
        .unwrap();
    let ticks = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.conn().get_database_backend(),
            "SELECT COUNT(*) AS n FROM cron_ticks WHERE job = 'model_refresh'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(
        (stats.done + stats.unfinished() + stats.failed) as i64,
        ticks,
        "one job per tick, whatever the number of workers"
    );
    let status = service_status::get(&db, service_status::LLM_STATUS)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.value, "disabled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn model_refresh_records_the_llm_state_and_reseeds_the_catalog() {
    let (db, _url, _guard) = fresh_db().await;
    let client = |url: String| {
        let mut cfg = gainsly_llm::LlmConfig::ollama(url, "llama3.2:3b");
        cfg.connect_timeout = Duration::from_secs(2);
        cfg.attempt_timeout = Duration::from_secs(3);
        gainsly_llm::LlmClient::new(cfg).unwrap()
    };
    let status = || async {
        (
            service_status::get(&db, service_status::LLM_STATUS)
                .await
                .unwrap()
                .unwrap()
                .value,
            service_status::get(&db, service_status::LLM_MODEL)
                .await
                .unwrap()
                .unwrap()
                .value,
        )
    };

    let (url, chats) = stub_ollama(vec!["llama3.2:3b"]).await;
    let ok = client(url);
    let r = jobs::model_refresh(&db, Some(&ok), &NoProgress)
        .await
        .unwrap();
    assert_eq!(r.llm, HealthStatus::Ok);
    // The model that is there is warmed up: one one-token chat.
    assert!(r.warm_up.is_some(), "{r:?}");
    assert_eq!(chats.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(r.exercises_seeded, gainsly_domain::catalog().len());
    assert_eq!(status().await, ("ok".to_owned(), "llama3.2:3b".to_owned()));

    let (url, chats) = stub_ollama(vec!["qwen2.5:0.5b"]).await;
    let missing = client(url);
    let r = jobs::model_refresh(&db, Some(&missing), &NoProgress)
        .await
        .unwrap();
    assert_eq!(r.llm, HealthStatus::ModelMissing);
    // A missing model is not warmed up (nothing to load).
    assert_eq!(r.warm_up, None);
    assert_eq!(chats.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert_eq!(status().await.0, "model_missing");

    let closed = client(closed_port_url().await);
    assert_eq!(
        jobs::model_refresh(&db, Some(&closed), &NoProgress)
            .await
            .unwrap()
            .llm,
        HealthStatus::Unreachable
    );
    assert_eq!(status().await.0, "unreachable");

    assert_eq!(
        jobs::model_refresh(&db, None, &NoProgress)
            .await
            .unwrap()
            .llm,
        HealthStatus::Disabled
    );
    assert_eq!(status().await.0, "disabled");

    // The re-seed is idempotent: one row per catalog exercise.
    let n = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.conn().get_database_backend(),
            "SELECT COUNT(*) AS n FROM exercises",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(n as usize, gainsly_domain::catalog().len());
}

async fn exec(db: &gainsly_db::Db, sql: &str) {
    db.conn().execute_unprepared(sql).await.unwrap();
}

async fn count(db: &gainsly_db::Db, table: &str) -> i64 {
    db.conn()
        .query_one_raw(Statement::from_string(
            db.conn().get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap()
}

/// A workout log dated `d` with one set of `exercise_id`.
async fn log_with_set(
    db: &gainsly_db::Db,
    user_id: i64,
    d: &str,
    exercise_id: i64,
    reps: i32,
    kg: f64,
    e1rm: f64,
) {
    let t = if common::is_postgres() { "TRUE" } else { "1" };
    exec(
        db,
        &format!(
            "INSERT INTO workout_logs (user_id, kind, date, name, e1rm_formula, created_at) \
             VALUES ({user_id}, 'custom', '{d}', 'log {d}', 'brzycki', '2026-01-01T00:00:00+00:00')"
        ),
    )
    .await;
    let log_id = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.conn().get_database_backend(),
            "SELECT MAX(id) AS id FROM workout_logs".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "id")
        .unwrap();
    exec(
        db,
        &format!(
            "INSERT INTO workout_sets (log_id, user_id, date, exercise_id, exercise_position, position, reps, weight_kg, e1rm_kg, e1rm_reliable) \
             VALUES ({log_id}, {user_id}, '{d}', {exercise_id}, 0, 0, {reps}, {kg}, {e1rm}, {t})"
        ),
    )
    .await;
}

async fn soreness(db: &gainsly_db::Db, user_id: i64, d: &str, muscle: &str, level: i32) {
    exec(
        db,
        &format!(
            "INSERT INTO soreness_logs (user_id, date, muscle, level, created_at) \
             VALUES ({user_id}, '{d}', '{muscle}', {level}, '2026-01-01T00:00:00+00:00')"
        ),
    )
    .await;
}

/// Rate-limit windows: one upsert counts hits in the current window, a new
/// window restarts the count, and cleanup deletes windows over a day old.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_windows_count_restart_and_are_purged() {
    use gainsly_db::repo::rate_limits;
    let (db, _url, _guard) = fresh_db().await;
    let now = at("2026-11-29T04:00:00Z").timestamp();
    assert_eq!(
        rate_limits::hit(&db, "auth:10.0.0.1", 60, now)
            .await
            .unwrap(),
        (now, 1)
    );
    assert_eq!(
        rate_limits::hit(&db, "auth:10.0.0.1", 60, now + 59)
            .await
            .unwrap(),
        (now, 2)
    );
    assert_eq!(
        rate_limits::hit(&db, "auth:10.0.0.2", 60, now + 59)
            .await
            .unwrap(),
        (now + 59, 1)
    );
    // The first key's window ends: the count starts again.
    assert_eq!(
        rate_limits::hit(&db, "auth:10.0.0.1", 60, now + 60)
            .await
            .unwrap(),
        (now + 60, 1)
    );
    // Two days later, cleanup removes both windows.
    let later = at("2026-12-01T04:00:00Z");
    let r = jobs::cleanup(&db, None, later, &NoProgress).await.unwrap();
    assert_eq!(r.rate_limits_purged, 2, "{r:?}");
    assert_eq!(count(&db, "rate_limits").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_rolls_old_detail_into_weekly_summaries_and_keeps_recent_detail() {
    let (db, _url, _guard) = fresh_db().await;
    let u = user(&db, "old@example.com", "UTC").await;
    let ex = gainsly_domain::catalog()[0].clone();
    let muscle = ex.primary_muscles[0];
    // Cleanup on Sunday 2026-11-29: detail before 2026-08-31 (90 days) goes.
    let now = at("2026-11-29T04:00:00Z");
    log_with_set(&db, u, "2026-06-02", ex.id.0, 5, 100.0, 112.5).await; // week of 2026-06-01
    log_with_set(&db, u, "2026-06-04", ex.id.0, 3, 110.0, 116.0).await; // same week, better
    log_with_set(&db, u, "2026-11-20", ex.id.0, 5, 120.0, 135.0).await; // recent: kept
    soreness(&db, u, "2026-06-03", muscle.as_str(), 6).await;
    soreness(&db, u, "2026-06-05", muscle.as_str(), 2).await;
    soreness(&db, u, "2026-11-27", muscle.as_str(), 3).await; // recent: kept
    // A summary older than a year is deleted.
    exec(
        &db,
        &format!(
            "INSERT INTO workout_weekly_summaries (user_id, week_start, workouts, muscle_volume, best_e1rm, soreness, created_at, updated_at) \
             VALUES ({u}, '2025-10-06', 1, '{{}}', '{{}}', '{{}}', '2025-10-12T00:00:00+00:00', '2025-10-12T00:00:00+00:00')"
        ),
    )
    .await;

    let queue = JobQueue::open(&db).await.unwrap();
    let r = jobs::cleanup(&db, Some(&queue), now, &NoProgress)
        .await
        .unwrap();
    assert_eq!(
        (r.rolled.workouts, r.rolled.sets, r.rolled.soreness),
        (2, 2, 2),
        "{r:?}"
    );
    assert_eq!(r.summaries_deleted, 1);
    assert_eq!(count(&db, "workout_logs").await, 1);
    assert_eq!(count(&db, "workout_sets").await, 1);
    assert_eq!(count(&db, "soreness_logs").await, 1);

    let summaries = rollup::summaries(&db, u).await.unwrap();
    assert_eq!(summaries.len(), 1);
    let s = &summaries[0];
    assert_eq!(s.week_start, date("2026-06-01"));
    assert_eq!(s.workouts, 2);
    let v = s.muscle_volume[&muscle];
    assert_eq!(v.sets, 2.0);
    assert!((v.volume_kg - (500.0 + 330.0)).abs() < 1e-9);
    assert_eq!(s.best_e1rm[&ex.id.0].e1rm_kg, 116.0);
    let sore = s.soreness[&muscle];
    assert_eq!((sore.max, sore.count), (6, 2));
    assert!((sore.mean - 4.0).abs() < 1e-9);
    let best = rollup::best_e1rms_from_summaries(&db, u).await.unwrap();
    assert_eq!(best[&ex.id.0].weight_kg, 110.0);

    // Running it again changes nothing.
    let again = jobs::cleanup(&db, Some(&queue), now, &NoProgress)
        .await
        .unwrap();
    assert_eq!(again.rolled, rollup::RollupCounts::default());
    assert_eq!(rollup::summaries(&db, u).await.unwrap(), summaries);

    // A later cleanup rolls the rest of a partly rolled week into the same row.
    log_with_set(&db, u, "2026-06-06", ex.id.0, 1, 125.0, 125.0).await;
    jobs::cleanup(&db, Some(&queue), now, &NoProgress)
        .await
        .unwrap();
    let merged = rollup::summaries(&db, u).await.unwrap();
    assert_eq!(merged.len(), 1);
    assert_eq!(merged[0].workouts, 3);
    assert_eq!(merged[0].best_e1rm[&ex.id.0].e1rm_kg, 125.0);

    // Through the queue as well.
    let token = CancellationToken::new();
    let handle = spawn_with(
        db.clone(),
        deps(Arc::new(FakePlanner::new(&db))),
        fast_options(),
        token.clone(),
    );
    queue.push(&CleanupJob { at: now }).await.unwrap();
    wait_queue_drained(&queue, gainsly_worker::CLEANUP_QUEUE, 1).await;
    assert_eq!(
        queue
            .stats(gainsly_worker::CLEANUP_QUEUE)
            .await
            .unwrap()
            .done,
        1
    );
    token.cancel();
    handle.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_finishes_the_jobs_in_flight() {
    let (db, _url, _guard) = fresh_db().await;
    let u = user(&db, "slow@example.com", "UTC").await;
    let p = program(&db, u, true, "2026-01-01", "2027-12-31").await;
    let mut fake = FakePlanner::new(&db);
    fake.delay = Duration::from_millis(1500);
    let planner = Arc::new(fake);
    let token = CancellationToken::new();
    let handle = spawn_with(
        db.clone(),
        deps(planner.clone()),
        fast_options(),
        token.clone(),
    );
    let queue = JobQueue::open(&db).await.unwrap();
    queue
        .push(&PregenerateJob::User {
            user_id: u,
            at: at("2026-06-01T12:00:00Z"),
        })
        .await
        .unwrap();
    wait_for(WAIT, "the job to start", || async { planner.total() == 1 }).await;
    token.cancel();
    handle.await.unwrap().unwrap();
    assert_eq!(session_dates(&db, p).await, vec![date("2026-06-02")]);
    let stats = queue.stats(PREGENERATE_QUEUE).await.unwrap();
    assert_eq!(stats.done, 1, "{stats:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_workers_process_each_job_exactly_once() {
    let (db, _url, _guard) = fresh_db().await;
    let n = 120;
    let mut users = Vec::new();
    for i in 0..n {
        let u = user(&db, &format!("u{i}@example.com"), "UTC").await;
        program(&db, u, true, "2026-01-01", "2027-12-31").await;
        users.push(u);
    }
    let planner = Arc::new(FakePlanner::new(&db));
    let token = CancellationToken::new();
    let mut options: WorkerOptions = fast_options();
    options.tuning.concurrency = 2;
    let h1 = spawn_with(
        db.clone(),
        deps(planner.clone()),
        options.clone(),
        token.clone(),
    );
    let h2 = spawn_with(db.clone(), deps(planner.clone()), options, token.clone());
    let queue = JobQueue::open(&db).await.unwrap();
    let at = at("2026-06-01T02:00:00Z");
    let jobs: Vec<_> = users
        .iter()
        .map(|&user_id| PregenerateJob::User { user_id, at })
        .collect();
    queue.push_all(&jobs).await.unwrap();
    wait_queue_drained(&queue, PREGENERATE_QUEUE, n as u64).await;
    token.cancel();
    h1.await.unwrap().unwrap();
    h2.await.unwrap().unwrap();
    for u in &users {
        assert_eq!(planner.calls_for(*u), 1, "user {u}");
    }
    assert_eq!(session_count(&db).await, n);
    assert_eq!(queue.stats(PREGENERATE_QUEUE).await.unwrap().done, n as u64);
}
