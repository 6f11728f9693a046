//! Test support: a fresh database per test (a temporary SQLite file, or a new
//! PostgreSQL database when `GAINSLY_TEST_DATABASE_URL` is set), seeding
//! helpers, a fake pre-generator that stores real session rows, and a stub
//! Ollama server.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::entities::{programs, sessions};
use gainsly_db::repo::profiles::{self, Profile};
use gainsly_db::{Db, DbError};
use gainsly_worker::{
    BoxError, BoxFuture, Pregenerated, Pregenerator, QueueTuning, Schedules, WorkerDeps,
    WorkerOptions,
};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Where a test's database lives; dropping it drops a PostgreSQL database.
pub enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(db) = Db::connect(&admin_url, &Default::default()).await {
                        let _ = db
                            .conn()
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

pub fn is_postgres() -> bool {
    std::env::var("GAINSLY_TEST_DATABASE_URL").is_ok_and(|v| !v.trim().is_empty())
}

/// A fresh, migrated database and its URL.
pub async fn fresh_db() -> (Db, String, DbGuard) {
    let (url, guard) = match std::env::var("GAINSLY_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.trim().is_empty() => {
            let name = format!("gainsly_worker_test_{:016x}", rand::random::<u64>());
            let admin = Db::connect(&admin_url, &Default::default())
                .await
                .expect("admin connect");
            admin
                .conn()
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create database");
            admin.close().await.ok();
            let url = replace_db_name(&admin_url, &name);
            (url, DbGuard::Postgres { admin_url, name })
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/gainsly.db?mode=rwc", dir.path().display());
            (url, DbGuard::Sqlite(dir))
        }
    };
    let db = Db::connect_and_migrate(&url, &Default::default())
        .await
        .expect("connect and migrate");
    (db, url, guard)
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let host_part = match base[scheme_end..].find('/') {
        Some(i) => &base[..i + scheme_end],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

/// Fast queue timings for tests.
pub fn fast_tuning() -> QueueTuning {
    QueueTuning {
        poll_interval: Duration::from_millis(50),
        heartbeat_interval: Duration::from_secs(1),
        missed_heartbeats: 2,
        retry_backoff: Duration::from_millis(50),
        max_attempts: 3,
        concurrency: 4,
        catch_up: Duration::from_secs(0),
        shutdown_grace: Duration::from_secs(10),
        llm_check_interval: Duration::from_secs(60),
    }
}

pub fn fast_options() -> WorkerOptions {
    WorkerOptions {
        schedules: Schedules::none(),
        tuning: fast_tuning(),
    }
}

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().to_utc()
}

/// A user with a profile in `tz`; returns the id.
pub async fn user(db: &Db, email: &str, tz: &str) -> i64 {
    let u = gainsly_db::repo::users::create(db, email, "Test", "x")
        .await
        .unwrap();
    let profile = Profile {
        timezone: tz.to_owned(),
        ..Profile::default()
    };
    profiles::upsert(db, u.id, &profile).await.unwrap();
    u.id
}

/// A program for `user_id` running `start..=end`.
pub async fn program(db: &Db, user_id: i64, active: bool, start: &str, end: &str) -> i64 {
    let now = Utc::now();
    let m = programs::ActiveModel {
        user_id: Set(user_id),
        name: Set("Test program".into()),
        goals: Set("[]".into()),
        split_template: Set("full_body".into()),
        days_per_week: Set(3),
        microcycle_length_days: Set(7),
        duration_weeks: Set(8),
        start_date: Set(date(start)),
        end_date: Set(date(end)),
        session_minutes: Set(60),
        progression_style: Set("linear".into()),
        deload_every_n_microcycles: Set(4),
        equipment: Set(None),
        microcycle_days: Set("[]".into()),
        is_active: Set(active),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db.conn())
    .await
    .unwrap();
    m.id
}

/// Sessions of `program_id`: their dates.
pub async fn session_dates(db: &Db, program_id: i64) -> Vec<NaiveDate> {
    let mut v: Vec<NaiveDate> = sessions::Entity::find()
        .filter(sessions::Column::ProgramId.eq(program_id))
        .all(db.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.date)
        .collect();
    v.sort();
    v
}

pub async fn session_count(db: &Db) -> usize {
    sessions::Entity::find().all(db.conn()).await.unwrap().len()
}

/// A stand-in for the planner: plans "tomorrow in the user's time zone"
/// by inserting a bare session row (the unique program/date index makes a
/// second insert a no-op), counting calls per user, optionally failing the
/// first `fail_first` calls per user, or blocking forever.
pub struct FakePlanner {
    pub db: Db,
    pub calls: Mutex<HashMap<i64, usize>>,
    pub total: AtomicUsize,
    pub fail_first: usize,
    pub delay: Duration,
    /// Never returns (the job stays in flight until the process dies).
    pub block_forever: bool,
    /// Called once the job started (before blocking).
    pub on_start: Option<Box<dyn Fn(i64) + Send + Sync>>,
}

impl FakePlanner {
    pub fn new(db: &Db) -> FakePlanner {
        FakePlanner {
            db: db.clone(),
            calls: Mutex::new(HashMap::new()),
            total: AtomicUsize::new(0),
            fail_first: 0,
            delay: Duration::ZERO,
            block_forever: false,
            on_start: None,
        }
    }

    pub fn calls_for(&self, user_id: i64) -> usize {
        self.calls
            .lock()
            .unwrap()
            .get(&user_id)
            .copied()
            .unwrap_or(0)
    }

    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }

    async fn plan(&self, user_id: i64, now: DateTime<Utc>) -> Result<Pregenerated, BoxError> {
        let call = {
            let mut calls = self.calls.lock().unwrap();
            let c = calls.entry(user_id).or_insert(0);
            *c += 1;
            *c
        };
        self.total.fetch_add(1, Ordering::SeqCst);
        if let Some(f) = &self.on_start {
            f(user_id);
        }
        if self.block_forever {
            std::future::pending::<()>().await;
        }
        if !self.delay.is_zero() {
            tokio::time::sleep(self.delay).await;
        }
        if call <= self.fail_first {
            return Err(format!("planned failure {call} for user {user_id}").into());
        }
        let Some(p) = programs::Entity::find()
            .filter(programs::Column::UserId.eq(user_id))
            .filter(programs::Column::IsActive.eq(true))
            .one(self.db.conn())
            .await?
        else {
            return Ok(Pregenerated::NoActiveProgram);
        };
        let tz = profiles::get(&self.db, user_id).await?.tz();
        let tomorrow = now.with_timezone(&tz).date_naive() + chrono::Duration::days(1);
        if tomorrow < p.start_date || tomorrow > p.end_date {
            return Ok(Pregenerated::OutsideProgram);
        }
        let ts = Utc::now();
        let res = sessions::ActiveModel {
            user_id: Set(user_id),
            program_id: Set(p.id),
            date: Set(tomorrow),
            microcycle_index: Set(0),
            day_index: Set(0),
            kind: Set("training".into()),
            focus: Set(None),
            is_deload: Set(false),
            status: Set("planned".into()),
            source: Set("planner".into()),
            fallback: Set(true),
            target_minutes: Set(60),
            estimated_minutes: Set(55),
            body: Set("{}".into()),
            created_at: Set(ts),
            updated_at: Set(ts),
            ..Default::default()
        }
        .insert(self.db.conn())
        .await;
        match res.map_err(DbError::from) {
            Ok(_) => Ok(Pregenerated::Created),
            Err(DbError::Conflict(_)) => Ok(Pregenerated::AlreadyPlanned),
            Err(e) => Err(e.into()),
        }
    }
}

impl Pregenerator for FakePlanner {
    fn pregenerate(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> BoxFuture<'_, Result<Pregenerated, BoxError>> {
        Box::pin(self.plan(user_id, now))
    }
}

pub fn deps(planner: Arc<FakePlanner>) -> WorkerDeps {
    WorkerDeps::new(planner, None)
}

/// Polls `cond` every 50 ms until it holds or `timeout` passes.
pub async fn wait_for<F, Fut>(timeout: Duration, what: &str, mut cond: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if cond().await {
            return;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A stub Ollama answering `GET /api/tags` with `models` and `POST
/// /api/chat` with a one-token streamed answer (a warm-up); returns its base
/// URL and the number of chat requests so far.
pub async fn stub_ollama(models: Vec<&'static str>) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let chats = Arc::new(AtomicUsize::new(0));
    let counter = chats.clone();
    let body = serde_json::json!({
        "models": models.iter().map(|m| serde_json::json!({"name": m, "model": m})).collect::<Vec<_>>()
    })
    .to_string();
    let one_token = format!(
        "{}\n",
        serde_json::json!({
            "message": {"role": "assistant", "content": "{"},
            "done": true, "done_reason": "length", "prompt_eval_count": 230, "eval_count": 1
        })
    );
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            let (body, one_token, counter) = (body.clone(), one_token.clone(), counter.clone());
            tokio::spawn(async move {
                let req = read_whole_request(&mut sock).await;
                let (status, body) = if req.starts_with("GET /api/tags") {
                    ("200 OK", body)
                } else if req.starts_with("POST /api/chat") {
                    counter.fetch_add(1, Ordering::SeqCst);
                    ("200 OK", one_token)
                } else {
                    ("404 Not Found", "{\"error\":\"not found\"}".to_owned())
                };
                let resp = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                    body.len()
                );
                let _ = sock.write_all(resp.as_bytes()).await;
                let _ = sock.shutdown().await;
            });
        }
    });
    (format!("http://{addr}"), chats)
}

/// The request's head and body (as far as `content-length` says), read
/// whole so that closing the socket does not reset an unread body.
async fn read_whole_request(sock: &mut tokio::net::TcpStream) -> String {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    loop {
        let n = sock.read(&mut chunk).await.unwrap_or(0);
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&buf);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if buf.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&buf).into_owned()
}

/// A loopback URL nothing listens on.
pub async fn closed_port_url() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}")
}
