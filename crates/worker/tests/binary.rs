//! The `gainsly-worker` binary: `run-once`, and a graceful stop on SIGTERM.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use gainsly_db::repo::service_status;

const BIN: &str = env!("CARGO_BIN_EXE_gainsly-worker");

fn worker(url: &str) -> Command {
    let mut cmd = Command::new(BIN);
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("GAINSLY_DATABASE_URL", url)
        .env("GAINSLY_LLM_MODE", "off")
        .env("GAINSLY_SCHEDULE_PREGENERATE", "off")
        .env("RUST_LOG", "info");
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_once_model_refresh_records_the_state_without_a_terminal() {
    let (db, url, _guard) = fresh_db().await;
    let out = worker(&url)
        .args(["run-once", "model-refresh"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Not a terminal: plain log lines, no bar.
    assert!(stderr.contains("exercises seeded"), "{stderr}");
    let status = service_status::get(&db, service_status::LLM_STATUS)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(status.value, "disabled");

    let out = worker(&url).args(["run-once", "cleanup"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = worker(&url)
        .args(["run-once", "pregenerate"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_the_worker_cleanly() {
    let (_db, url, _guard) = fresh_db().await;
    let mut child = worker(&url)
        .arg("--concurrency=2")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(
        child.try_wait().unwrap().is_none(),
        "the worker keeps running"
    );
    let pid = child.id().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the worker did not stop"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "exit status {status:?}");
}
