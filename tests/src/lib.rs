//! # gainsly-tests
//!
//! The black-box test harness: [`TestApp::spawn`] starts the real
//! `gainsly-api` on a random loopback port with a fresh database — a temporary
//! SQLite file by default, or a new PostgreSQL database per test when
//! `GAINSLY_TEST_DATABASE_URL` is set (e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`) — and talks to it over HTTP.
//!
//! Every server runs on a [`FixedClock`] that starts at [`TEST_NOW`], so no
//! test depends on the real date: dates are written relative to
//! [`TestApp::today`] ([`TestApp::day`]), and a test that needs time to pass
//! moves [`TestApp::clock`].

#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod llm_stub;
pub mod tcp_proxy;

use std::net::SocketAddr;

use chrono::{DateTime, Days, NaiveDate, Utc};
use gainsly_app::settings::{Secret, Settings};
use gainsly_app::{Clock, FixedClock};
use gainsly_db::Db;
use gainsly_llm::LlmMode;
use rand::RngCore;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::tcp_proxy::TcpProxy;

/// Secret used by every test server (≥ 32 bytes).
pub const TEST_JWT_SECRET: &str = "test-secret-test-secret-test-secret-0123456789";

/// Where every test server's clock starts: a Monday morning (UTC), far
/// from the date the suite was written, so that a date hard-coded in a
/// test instead of derived from [`TestApp::today`] shows up.
pub const TEST_NOW: &str = "2030-06-03T09:00:00Z";

/// [`TEST_NOW`] as an instant.
pub fn test_now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(TEST_NOW).unwrap().to_utc()
}

/// Where a test's database lives, and how to drop it.
enum DbGuard {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres {
        admin_url: String,
        name: String,
    },
    /// Another app's database ([`TestApp::spawn_sibling`]): that app drops it.
    Borrowed,
}

impl Drop for DbGuard {
    fn drop(&mut self) {
        if let DbGuard::Postgres { admin_url, name } = self {
            let (admin_url, name) = (admin_url.clone(), name.clone());
            // Drop runs inside the test's runtime; use a thread with its own.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok(db) = Db::connect(&admin_url, &Default::default()).await {
                        let _ = exec(
                            &db,
                            &format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
                        )
                        .await;
                    }
                });
            })
            .join();
        }
    }
}

async fn exec(db: &Db, sql: &str) -> Result<(), gainsly_db::DbError> {
    use sea_orm::ConnectionTrait;
    db.conn()
        .execute_unprepared(sql)
        .await
        .map(|_| ())
        .map_err(Into::into)
}

/// A running server with its own database.
pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    /// The app's database, for arranging state and inspecting what was stored.
    pub db: Db,
    pub settings: Settings,
    /// The TCP proxy between the server and its database, when spawned with
    /// [`TestApp::spawn_behind_db_proxy`] (PostgreSQL only).
    pub db_proxy: Option<TcpProxy>,
    /// The server's clock (starts at [`TEST_NOW`]); move it to let time pass.
    pub clock: FixedClock,
    _guard: DbGuard,
    server: actix_web::dev::ServerHandle,
}

impl std::fmt::Debug for TestApp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestApp")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let handle = self.server.clone();
        // Fire-and-forget: stop accepting and close connections.
        drop(handle.stop(false));
    }
}

async fn fresh_db() -> (String, DbGuard) {
    match std::env::var("GAINSLY_TEST_DATABASE_URL") {
        Ok(admin_url) if !admin_url.trim().is_empty() => {
            let name = format!("gainsly_test_{:016x}", rand::rng().next_u64());
            let admin = Db::connect(&admin_url, &Default::default())
                .await
                .expect("connect to GAINSLY_TEST_DATABASE_URL");
            exec(&admin, &format!("CREATE DATABASE \"{name}\""))
                .await
                .expect("create test database");
            admin.close().await.ok();
            let url = replace_db_name(&admin_url, &name);
            (url, DbGuard::Postgres { admin_url, name })
        }
        _ => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = format!("sqlite://{}/gainsly.db?mode=rwc", dir.path().display());
            (url, DbGuard::Sqlite(dir))
        }
    }
}

/// `postgres://u@h:p/db?x` with `db` replaced by `name`.
fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let path_start = base[scheme_end..].find('/').map(|i| i + scheme_end);
    let host_part = match path_start {
        Some(i) => &base[..i],
        None => base,
    };
    match query {
        Some(q) => format!("{host_part}/{name}?{q}"),
        None => format!("{host_part}/{name}"),
    }
}

/// The authority part of `scheme://user@authority/db?x`: `(userinfo@, host:port)` span.
fn authority_span(url: &str) -> (usize, usize) {
    let start = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[start..]
        .find(['/', '?'])
        .map(|i| i + start)
        .unwrap_or(url.len());
    let host_start = url[start..end]
        .rfind('@')
        .map(|i| start + i + 1)
        .unwrap_or(start);
    (host_start, end)
}

/// `host:port` of a PostgreSQL URL (port 5432 when absent).
fn host_port(url: &str) -> String {
    let (start, end) = authority_span(url);
    let host = &url[start..end];
    let has_port = host
        .rsplit_once(':')
        .is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()));
    if has_port {
        host.to_owned()
    } else {
        format!("{host}:5432")
    }
}

/// The URL with its `host:port` replaced by `addr`.
fn replace_host_port(url: &str, addr: &str) -> String {
    let (start, end) = authority_span(url);
    format!("{}{addr}{}", &url[..start], &url[end..])
}

/// Settings every test server starts from.
pub fn test_settings(database_url: String, data_dir: std::path::PathBuf) -> Settings {
    Settings {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir,
        database_url,
        jwt_secret: Some(Secret::new(TEST_JWT_SECRET)),
        auth_rate_limit_per_minute: 10_000,
        llm_mode: LlmMode::Off,
        embedded_worker: Some(false),
        ..Settings::default()
    }
}

impl TestApp {
    /// Starts a server with the default test settings.
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(|_| {}).await
    }

    /// Starts a server after `adjust` edits the test settings.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let (url, guard) = fresh_db().await;
        TestApp::start(url, guard, None, adjust).await
    }

    /// Starts a server whose database connections go through a [`TcpProxy`]
    /// (`app.db_proxy`), so that a test can cut the database away and bring
    /// it back. PostgreSQL only: `None` on SQLite, whose database is a file.
    pub async fn spawn_behind_db_proxy(adjust: impl FnOnce(&mut Settings)) -> Option<TestApp> {
        let (url, guard) = fresh_db().await;
        if !matches!(guard, DbGuard::Postgres { .. }) {
            return None;
        }
        let upstream = host_port(&url);
        let proxy = TcpProxy::start_to(upstream).await;
        let proxied = replace_host_port(&url, &proxy.addr.to_string());
        Some(TestApp::start(proxied, guard, Some(proxy), adjust).await)
    }

    /// Starts a second server on this app's database with the same
    /// settings: two API instances behind one load balancer. Drop it before
    /// this app (declare it after).
    pub async fn spawn_sibling(&self) -> TestApp {
        let settings = self.settings.clone();
        TestApp::start_at(
            settings.database_url.clone(),
            DbGuard::Borrowed,
            None,
            self.clock.clone(),
            |s| {
                *s = settings;
            },
        )
        .await
    }

    async fn start(
        url: String,
        guard: DbGuard,
        db_proxy: Option<TcpProxy>,
        adjust: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let clock = FixedClock::new(test_now());
        TestApp::start_at(url, guard, db_proxy, clock, adjust).await
    }

    async fn start_at(
        url: String,
        guard: DbGuard,
        db_proxy: Option<TcpProxy>,
        clock: FixedClock,
        adjust: impl FnOnce(&mut Settings),
    ) -> TestApp {
        let data_dir =
            std::env::temp_dir().join(format!("gainsly-test-{:016x}", rand::rng().next_u64()));
        let mut settings = test_settings(url, data_dir);
        adjust(&mut settings);
        let running =
            gainsly_api::app::build_with(settings.clone(), std::sync::Arc::new(clock.clone()))
                .await
                .expect("server starts");
        let handle = running.server.handle();
        tokio::spawn(running.server);
        let addr = running.addr;
        TestApp {
            addr,
            base: format!("http://{addr}"),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(3))
                .build()
                .unwrap(),
            db: running.state.app.db().clone(),
            settings,
            db_proxy,
            clock,
            _guard: guard,
            server: handle,
        }
    }

    /// Today by the server's clock, in UTC (the default profile time zone).
    pub fn today(&self) -> NaiveDate {
        self.clock.now().date_naive()
    }

    /// The date `offset` days from [`TestApp::today`] (negative: before).
    pub fn date(&self, offset: i64) -> NaiveDate {
        let today = self.today();
        if offset >= 0 {
            today + Days::new(offset.unsigned_abs())
        } else {
            today - Days::new(offset.unsigned_abs())
        }
    }

    /// [`TestApp::date`] as `YYYY-MM-DD`.
    pub fn day(&self, offset: i64) -> String {
        self.date(offset).to_string()
    }

    /// The Prometheus text served at `/metrics`.
    pub async fn metrics_text(&self) -> String {
        self.client
            .get(self.url("/metrics"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Sends a request with an optional bearer token and JSON body.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Response {
        let mut req = self.client.request(method, self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(b);
        }
        req.send().await.expect("request sent")
    }

    /// GET with a token; returns status and JSON body (Null when empty).
    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        into_parts(self.send(Method::GET, path, Some(token), None).await).await
    }

    /// POST JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        into_parts(
            self.send(Method::POST, path, Some(token), Some(&body))
                .await,
        )
        .await
    }

    /// PUT JSON with a token.
    pub async fn put(&self, path: &str, token: &str, body: Value) -> (StatusCode, Value) {
        into_parts(self.send(Method::PUT, path, Some(token), Some(&body)).await).await
    }

    /// DELETE with a token.
    pub async fn delete(&self, path: &str, token: &str) -> (StatusCode, Value) {
        into_parts(self.send(Method::DELETE, path, Some(token), None).await).await
    }

    /// POST JSON without a token.
    pub async fn post_anon(&self, path: &str, body: Value) -> (StatusCode, Value) {
        into_parts(self.send(Method::POST, path, None, Some(&body)).await).await
    }

    /// Registers a user; returns the token response.
    pub async fn register(&self, email: &str) -> Value {
        let (status, body) = self
            .post_anon(
                "/api/auth/register",
                json!({"email": email, "password": "correct horse battery", "name": "Test User"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "register failed: {body}");
        body
    }

    /// Registers a user and returns just the access token.
    pub async fn user_token(&self, email: &str) -> String {
        self.register(email).await["access_token"]
            .as_str()
            .unwrap()
            .to_owned()
    }
}

/// Splits a response into status and JSON (Null for empty bodies).
pub async fn into_parts(res: Response) -> (StatusCode, Value) {
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or(Value::String(text))
    };
    (status, body)
}

/// Asserts the api.md error body shape and code.
pub fn assert_error(body: &Value, code: &str) {
    assert_eq!(body["error_code"], code, "unexpected body: {body}");
    assert!(body["detail"].is_string(), "detail missing: {body}");
    assert!(body["errors"].is_array(), "errors missing: {body}");
}

#[cfg(test)]
mod tests {
    use super::{host_port, replace_db_name, replace_host_port};

    #[test]
    fn host_and_port_are_found_and_replaced() {
        let url = "postgres://postgres@127.0.0.1:5432/gainsly_test_1?sslmode=disable";
        assert_eq!(host_port(url), "127.0.0.1:5432");
        assert_eq!(
            replace_host_port(url, "127.0.0.1:40000"),
            "postgres://postgres@127.0.0.1:40000/gainsly_test_1?sslmode=disable"
        );
        assert_eq!(host_port("postgres://u:p@db/x"), "db:5432");
        assert_eq!(
            replace_host_port("postgres://db/x", "127.0.0.1:1"),
            "postgres://127.0.0.1:1/x"
        );
    }

    #[test]
    fn database_name_is_replaced() {
        assert_eq!(
            replace_db_name("postgres://postgres@127.0.0.1:5432/postgres", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            replace_db_name("postgres://u:p@h/db?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            replace_db_name("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}
