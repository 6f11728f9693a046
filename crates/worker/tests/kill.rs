//! A worker process killed (SIGKILL) in the middle of a job loses nothing:
//! after the job's heartbeat window, a live worker takes the job back and
//! completes it exactly once.
//!
//! The killed worker is this test binary run again as a child process in
//! "child mode" (`child_worker_blocks_in_a_job`, a no-op unless
//! `GAINSLY_WORKER_CHILD_URL` is set).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use gainsly_worker::{CancellationToken, JobQueue, PREGENERATE_QUEUE, PregenerateJob, spawn_with};

const CHILD_URL: &str = "GAINSLY_WORKER_CHILD_URL";
const CHILD_MARKER: &str = "GAINSLY_WORKER_CHILD_MARKER";

/// Child mode: runs a worker whose planner blocks forever once a job starts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_worker_blocks_in_a_job() {
    let (Ok(url), Ok(marker)) = (std::env::var(CHILD_URL), std::env::var(CHILD_MARKER)) else {
        return;
    };
    let db = gainsly_db::Db::connect(&url, &Default::default())
        .await
        .unwrap();
    let mut fake = FakePlanner::new(&db);
    fake.block_forever = true;
    fake.on_start = Some(Box::new(move |user_id| {
        std::fs::write(&marker, user_id.to_string()).unwrap();
    }));
    let token = CancellationToken::new();
    let handle = spawn_with(db, deps(Arc::new(fake)), fast_options(), token);
    let _ = handle.await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_survives_its_worker_being_killed() {
    let (db, url, _guard) = fresh_db().await;
    let u = user(&db, "killed@example.com", "UTC").await;
    let p = program(&db, u, true, "2026-01-01", "2027-12-31").await;
    let queue = JobQueue::open(&db).await.unwrap();
    queue
        .push(&PregenerateJob::User {
            user_id: u,
            at: at("2026-06-01T02:00:00Z"),
        })
        .await
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let marker = dir.path().join("started");
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "child_worker_blocks_in_a_job",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD_URL, &url)
        .env(CHILD_MARKER, &marker)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    wait_for(
        Duration::from_secs(30),
        "the child to start the job",
        || {
            let exists = marker.exists();
            async move { exists }
        },
    )
    .await;
    child.kill().unwrap(); // SIGKILL: no shutdown, no clean-up
    child.wait().unwrap();

    let stats = queue.stats(PREGENERATE_QUEUE).await.unwrap();
    assert_eq!(stats.done, 0);
    assert_eq!(
        stats.unfinished(),
        1,
        "the job is still marked in flight: {stats:?}"
    );
    assert_eq!(session_count(&db).await, 0);

    // A new worker takes the orphaned job back once the dead worker missed
    // its heartbeats (1 s × 2 here) and completes it once.
    let planner = Arc::new(FakePlanner::new(&db));
    let token = CancellationToken::new();
    let handle = spawn_with(
        db.clone(),
        deps(planner.clone()),
        fast_options(),
        token.clone(),
    );
    wait_for(
        Duration::from_secs(30),
        "the orphaned job to complete",
        || async { queue.stats(PREGENERATE_QUEUE).await.unwrap().done == 1 },
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    token.cancel();
    handle.await.unwrap().unwrap();
    assert_eq!(planner.calls_for(u), 1);
    assert_eq!(session_dates(&db, p).await, vec![date("2026-06-02")]);
    let stats = queue.stats(PREGENERATE_QUEUE).await.unwrap();
    assert_eq!(
        (stats.done, stats.unfinished(), stats.failed),
        (1, 0, 0),
        "{stats:?}"
    );
}
