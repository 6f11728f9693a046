//! The error contract: 400 / 404 / 405 / 413 / 422 bodies as api.md specifies.

use gainsly_tests::{TestApp, assert_error, into_parts};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

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

/// Sends `method` to `path` without a token; returns status, `Allow` and body.
async fn ask(app: &TestApp, method: &str, path: &str) -> (StatusCode, Option<String>, Value) {
    let method = Method::from_bytes(method.as_bytes()).unwrap();
    let res = app
        .client
        .request(method, app.url(path))
        .send()
        .await
        .unwrap();
    let allow = res
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_owned());
    let (status, body) = into_parts(res).await;
    (status, allow, body)
}

#[tokio::test]
async fn undeclared_method_on_a_known_path_is_405_with_allow() {
    let app = TestApp::spawn().await;
    for (method, path, allowed) in [
        ("DELETE", "/api/programs", "GET, POST"),
        ("PATCH", "/api/programs/7", "GET, PUT, DELETE"),
        ("POST", "/api/programs/7/microcycle", "GET, PUT"),
        ("GET", "/api/auth/login", "POST"),
        ("OPTIONS", "/api/logs/soreness", "GET, POST"),
        ("TRACE", "/health", "GET"),
        ("PUT", &format!("/api/days/{}/plan", app.day(24)), "GET"),
    ] {
        let (status, allow, body) = ask(&app, method, path).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        assert_eq!(allow.as_deref(), Some(allowed), "{method} {path}");
        assert_error(&body, "METHOD_NOT_ALLOWED");
    }
}

/// A documented literal path beside a templated one of another method
/// (`GET /api/tokens/current`, `DELETE /api/tokens/{token_id}`): the
/// templated route takes the request, and its path parameter fails to
/// parse, but the answer is the 405 of the literal path (after the token
/// check, like every route).
#[tokio::test]
async fn an_undeclared_method_on_a_literal_path_beside_a_template_is_405() {
    let app = TestApp::spawn().await;
    let token = app.user_token("literal@example.com").await;
    let res = app
        .send(Method::DELETE, "/api/tokens/current", Some(&token), None)
        .await;
    let allow = res
        .headers()
        .get("allow")
        .map(|v| v.to_str().unwrap().to_owned());
    let (status, body) = into_parts(res).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{body}");
    assert_eq!(allow.as_deref(), Some("GET"));
    assert_error(&body, "METHOD_NOT_ALLOWED");
    // A real id still reaches the route.
    let (status, body) = app.delete("/api/tokens/999999", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn unknown_paths_stay_not_found_whatever_the_method() {
    let app = TestApp::spawn().await;
    for (method, path) in [
        ("PATCH", "/api/nothing-here"),
        ("GET", "/api/programs/7/extra"),
        ("DELETE", "/api/programs/"),
        ("GET", "/api/programs//microcycle"),
    ] {
        let (status, allow, body) = ask(&app, method, path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{method} {path}");
        assert_eq!(allow, None, "{method} {path}");
        assert_error(&body, "NOT_FOUND");
    }
}

/// JSON has one number type: `5.0` is the integer 5, as the spec's JSON Schema
/// says, in bodies, paths and query strings; a fraction is still refused where
/// an integer is wanted.
#[tokio::test]
async fn whole_numbers_written_with_a_fraction_are_integers() {
    let app = TestApp::spawn().await;
    let token = app.user_token("numbers@example.com").await;
    let (status, body) = app
        .post(
            "/api/logs/soreness",
            &token,
            json!({"date": app.day(24), "muscle": "quads", "level": 5.0}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["level"], 5);
    let (status, body) = app
        .post(
            "/api/logs/soreness",
            &token,
            json!({"date": app.day(24), "muscle": "quads", "level": 5.5}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "level");
    // The same in paths and query strings.
    for (path, expected) in [
        ("/api/exercises/1.0", StatusCode::OK),
        ("/api/exercises/1.5", StatusCode::BAD_REQUEST),
        ("/api/exercises?limit=2.0&offset=1.0", StatusCode::OK),
        ("/api/logs/e1rm?exercise_id=1.0", StatusCode::OK),
        ("/api/logs/e1rm?exercise_id=1.5", StatusCode::BAD_REQUEST),
    ] {
        let (status, _) = app.get(path, &token).await;
        assert_eq!(status, expected, "{path}");
    }
}

/// Every name field follows the spec's rule: 1–100 characters as sent, no
/// control character, not blank; it is stored trimmed.
#[tokio::test]
async fn names_are_checked_as_sent_and_stored_trimmed() {
    let app = TestApp::spawn().await;
    let token = app.user_token("names@example.com").await;
    let activity = |name: &str| json!({"name": name, "kind": "running", "intensity": "low"});
    let long = format!(" {}", "x".repeat(100));
    for bad in ["", "   ", "\u{3000}", "Trail\trun", "Run\n", long.as_str()] {
        let (status, body) = app
            .post("/api/settings/enjoyable-activities", &token, activity(bad))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}");
        assert_eq!(body["errors"][0]["field"], "name", "{bad:?}");
    }
    let (status, body) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            activity("  Trail run "),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["name"], "Trail run");
    let (status, _) = app
        .post_anon(
            "/api/auth/register",
            json!({"email": "tab@example.com", "password": "long-enough-1", "name": "A\tB"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, body) = app
        .put("/api/settings/profile", &token, json!({"name": "\u{1}"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["errors"][0]["field"], "name");
}

#[tokio::test]
async fn responses_carry_a_request_id() {
    let app = TestApp::spawn().await;
    let res = app.client.get(app.url("/health")).send().await.unwrap();
    assert!(res.headers().get("x-request-id").is_some());
}

/// A stored value that does not parse is a 500 that leaks nothing (the
/// server logs it as corrupt data, apart from other internal errors).
#[tokio::test]
async fn corrupt_stored_data_is_a_500_that_leaks_nothing() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let (token, _) = crate::days::with_program(&app, "corrupt@example.com").await;
    let path = format!("/api/days/{}/plan", app.day(0));
    let (status, _) = app.get(&path, &token).await;
    assert_eq!(status, StatusCode::OK);
    app.db
        .conn()
        .execute_unprepared("UPDATE sessions SET body = '{not json'")
        .await
        .unwrap();
    let (status, body) = app.get(&path, &token).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, "INTERNAL");
    assert_eq!(body["detail"], "Internal server error");
    let text = body.to_string();
    assert!(
        !text.contains("corrupt") && !text.contains("json"),
        "{text}"
    );
    // A body of the current format is served as stored, but checked first:
    // a broken one is the same 500, never a malformed 200.
    app.db
        .conn()
        .execute_unprepared(r#"UPDATE sessions SET body = '{"format":1,"exercises":[}'"#)
        .await
        .unwrap();
    let (status, body) = app.get(&path, &token).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_error(&body, "INTERNAL");
}
