//! The error contract: 400 / 404 / 413 / 422 bodies as api.md specifies.

use gainsly_tests::{TestApp, assert_error, into_parts};
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn malformed_json_is_bad_request() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\": ")
        .send()
        .await
        .unwrap();
    let (status, body) = into_parts(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "BAD_REQUEST");
}

#[tokio::test]
async fn wrong_content_type_is_bad_request() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "text/plain")
        .body(r#"{"email":"a@b.co","password":"12345678"}"#)
        .send()
        .await
        .unwrap();
    let (status, body) = into_parts(res).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "BAD_REQUEST");
}

#[tokio::test]
async fn unknown_fields_are_rejected_with_the_field_named() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "a@b.co", "password": "12345678", "admin": true}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&body, "VALIDATION_ERROR");
    assert_eq!(body["errors"][0]["field"], "admin");
}

#[tokio::test]
async fn wrong_types_and_missing_fields_are_validation_errors() {
    let app = TestApp::spawn().await;
    let (status, body) = app
        .post_anon("/api/auth/login", json!({"email": 5, "password": "x"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "email");
    let (status, body) = app
        .post_anon("/api/auth/login", json!({"email": "a@b.co"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "password");
}

#[tokio::test]
async fn oversized_body_is_payload_too_large() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(300 * 1024);
    let (status, body) = app
        .post_anon(
            "/api/auth/login",
            json!({"email": "a@b.co", "password": big}),
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&body, "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn unknown_route_is_not_found_json() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    let (status, body) = into_parts(res).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NOT_FOUND");
}

#[tokio::test]
async fn responses_carry_a_request_id() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/health")).send().await.unwrap();
    assert!(res.headers().get("x-request-id").is_some());
}
