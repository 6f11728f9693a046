//! Service routes: health, readiness, metrics, docs.

use std::time::Duration;

use gainsly_llm::{HealthStatus, LlmMode};
use gainsly_tests::TestApp;
use gainsly_tests::llm_stub::{LlmStub, StubMode};
use reqwest::StatusCode;
use serde_json::Value;

use crate::days::eventually;

async fn ready(app: &TestApp) -> (StatusCode, Value) {
    let res = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    (res.status(), res.json().await.unwrap())
}

#[tokio::test]
async fn health_reports_ok_and_version() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/health")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["version"], env!("CARGO_PKG_VERSION"));
}

#[tokio::test]
async fn readiness_checks_the_database() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    assert_eq!(body["database"], "ok");
    assert_eq!(body["llm"], "disabled");
    assert!(body["llm_model"].is_string());
}

/// `/health/ready` reports the LLM state the workers recorded in the
/// database, so every API instance shows what the workers last saw (these
/// instances run no worker and never ask the LLM themselves).
#[tokio::test]
async fn readiness_reports_the_llm_state_the_workers_recorded() {
    let app = TestApp::spawn_with(|s| {
        s.llm_mode = LlmMode::Auto;
        s.llm_url = "http://127.0.0.1:9".into();
    })
    .await;
    let sibling = app.spawn_sibling().await;
    // Not known to answer until a worker has checked.
    let (status, body) = ready(&app).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["llm"], "unreachable", "{body}");
    assert_eq!(body["status"], "degraded");
    // A worker (in another process) records what it found.
    gainsly_app::health::record_llm_health(&app.db, HealthStatus::ModelMissing, "qwen:0.5b")
        .await
        .unwrap();
    for instance in [&app, &sibling] {
        let (status, body) = ready(instance).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body["llm"], "model_missing", "{body}");
        assert_eq!(body["llm_model"], "qwen:0.5b", "{body}");
        assert_eq!(body["status"], "degraded");
    }
    gainsly_app::health::record_llm_health(&app.db, HealthStatus::Ok, "qwen:0.5b")
        .await
        .unwrap();
    let (_, body) = ready(&sibling).await;
    assert_eq!(
        (&body["llm"], &body["status"]),
        (&"ok".into(), &"ok".into())
    );
}

/// The embedded workers check the LLM at start and record the state that
/// `/health/ready` reports.
#[tokio::test]
async fn the_workers_record_the_llm_state_readiness_reports() {
    let stub = LlmStub::start(StubMode::Good).await;
    let url = stub.url();
    let app = TestApp::spawn_with(move |s| {
        s.llm_mode = LlmMode::Auto;
        s.llm_url = url;
        s.embedded_worker = Some(true);
    })
    .await;
    assert!(
        eventually(Duration::from_secs(20), || async {
            ready(&app).await.1["llm"] == "ok"
        })
        .await,
        "{}",
        ready(&app).await.1
    );
    let recorded = gainsly_app::health::recorded_llm_health(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(recorded.health, HealthStatus::Ok);
}

#[tokio::test]
async fn readiness_is_503_when_the_database_is_gone() {
    let app = TestApp::spawn_with(|s| s.db_acquire_timeout_secs = 1).await;
    app.db.clone().close().await.unwrap();
    let res = app
        .client
        .get(app.url("/health/ready"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
    assert_eq!(body["database"], "error");
    // Authenticated routes answer 503 SERVICE_UNAVAILABLE rather than hanging or 500.
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .json(&serde_json::json!({"email": "a@b.co", "password": "12345678"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error_code"], "SERVICE_UNAVAILABLE");
}

/// The job series come from the shared queue at scrape time: a job pushed
/// by any process shows up as pending in its queue.
#[tokio::test]
async fn metrics_count_queued_jobs_by_queue_and_state() {
    let app = TestApp::spawn().await;
    let queue = gainsly_worker::JobQueue::open(&app.db).await.unwrap();
    let job = gainsly_worker::PregenerateJob::User {
        user_id: 1,
        at: gainsly_tests::test_now(),
    };
    queue.push_all(&[job.clone(), job]).await.unwrap();
    let text = app.metrics_text().await;
    assert!(
        text.contains("gainsly_jobs{queue=\"gainsly.pregenerate\",state=\"pending\"} 2"),
        "{text}"
    );
    assert!(
        text.contains("gainsly_jobs{queue=\"gainsly.cleanup\",state=\"pending\"} 0"),
        "{text}"
    );
}

#[tokio::test]
async fn metrics_are_prometheus_text_by_route() {
    let app = TestApp::spawn().await;
    app.client.get(app.url("/health")).send().await.unwrap();
    let res = app.client.get(app.url("/metrics")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = res.text().await.unwrap();
    assert!(
        text.contains(
            "gainsly_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"
        ),
        "{text}"
    );
    assert!(text.contains("gainsly_http_request_duration_seconds_bucket"));
    assert!(text.contains("gainsly_solver_seconds"));
}

#[tokio::test]
async fn docs_are_served_offline() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/docs/")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("swagger"), "{html}");
    let res = app.client.get(app.url("/docs")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
