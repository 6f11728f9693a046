//! Service routes: health, readiness, metrics, docs.

use gainsly_tests::TestApp;
use reqwest::StatusCode;

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
        at: chrono::Utc::now(),
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
