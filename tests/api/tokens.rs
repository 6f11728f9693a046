//! `/api/tokens`: personal access tokens, their scopes, revocation, and
//! their use as bearer credentials (BOLA across users included).

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::imports::{import, strong_csv};
use crate::logs::{BENCH, user};

/// Creates a token with `scopes`; returns the whole answer.
async fn create(app: &TestApp, session: &str, scopes: Value) -> Value {
    let (status, body) = app
        .post(
            "/api/tokens",
            session,
            json!({"name": "integration", "scopes": scopes}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body
}

fn secret(created: &Value) -> String {
    created["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_token_is_shown_once_and_listed_without_its_secret() {
    let app = TestApp::spawn().await;
    let (session, _) = user(&app, "pat@example.com").await;
    let (status, created) = app
        .post(
            "/api/tokens",
            &session,
            json!({"name": "MCP", "scopes": ["read", "write"], "expires_in_days": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let token = secret(&created);
    assert!(token.starts_with("gsk_"), "{token}");
    assert_eq!(token.len(), 4 + 43, "256 bits, base64url");
    assert_eq!(created["name"], "MCP");
    assert_eq!(created["scopes"], json!(["read", "write"]));
    assert!(created["expires_at"].is_string());
    assert!(created["created_at"].is_string());

    let (status, list) = app.get("/api/tokens", &session).await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], created["id"]);
    assert_eq!(list[0]["last_used_at"], Value::Null);
    assert!(list[0].get("token").is_none(), "no secret in the list");
    assert!(!list[0].to_string().contains(&token[4..]));

    // Used once: last_used_at is set.
    let (status, _) = app.get("/api/programs", &token).await;
    assert_eq!(status, StatusCode::OK);
    let (_, list) = app.get("/api/tokens", &session).await;
    assert!(list[0]["last_used_at"].is_string(), "{list}");

    // A second token never has the same secret.
    let other = create(&app, &session, json!(["read"])).await;
    assert_ne!(secret(&other), token);
}

#[tokio::test]
async fn a_read_token_only_gets_and_a_write_token_writes() {
    let app = TestApp::spawn().await;
    let (session, _) = user(&app, "scopes@example.com").await;
    let read = secret(&create(&app, &session, json!(["read"])).await);
    let write = secret(&create(&app, &session, json!(["write", "read"])).await);

    let top_set = json!({"date": app.day(-1), "exercise_id": BENCH, "weight_kg": 80, "reps": 5});
    let (status, body) = app.post("/api/logs/top-set", &read, top_set.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_error(&body, "FORBIDDEN");
    let (status, body) = app.delete("/api/logs/workouts/1", &read).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = import(&app, &read, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");

    let (status, log) = app.post("/api/logs/top-set", &write, top_set).await;
    assert_eq!(status, StatusCode::CREATED, "{log}");
    let (status, logs) = app.get("/api/logs/workouts", &read).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(logs[0]["id"], log["id"]);
    let (status, r) = import(&app, &write, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
}

#[tokio::test]
async fn tokens_cannot_manage_tokens_or_the_account() {
    let app = TestApp::spawn().await;
    let (session, _) = user(&app, "mint@example.com").await;
    let write = create(&app, &session, json!(["read", "write"])).await;
    let token = secret(&write);
    let (status, body) = app
        .post(
            "/api/tokens",
            &token,
            json!({"name": "more", "scopes": ["read"]}),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert_error(&body, "FORBIDDEN");
    let (status, _) = app.get("/api/tokens", &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app
        .delete(&format!("/api/tokens/{}", write["id"]), &token)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = app.get("/api/auth/me", &token).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, list) = app.get("/api/tokens", &session).await;
    assert_eq!(list.as_array().unwrap().len(), 1, "nothing minted");
}

#[tokio::test]
async fn a_revoked_token_is_401_and_other_users_tokens_are_404() {
    let app = TestApp::spawn().await;
    let (alice, _) = user(&app, "alice-pat@example.com").await;
    let (bob, _) = user(&app, "bob-pat@example.com").await;
    let created = create(&app, &alice, json!(["read"])).await;
    let (id, token) = (created["id"].as_i64().unwrap(), secret(&created));

    // Bob can neither see nor revoke Alice's token.
    let (_, list) = app.get("/api/tokens", &bob).await;
    assert_eq!(list, json!([]));
    let (status, body) = app.delete(&format!("/api/tokens/{id}"), &bob).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_error(&body, "NOT_FOUND");

    // Alice's token reads Alice's data only.
    let (status, logs) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(logs, json!([]));
    let (status, log) = app
        .post(
            "/api/logs/top-set",
            &bob,
            json!({"date": app.day(-1), "exercise_id": BENCH, "weight_kg": 80, "reps": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .get(&format!("/api/logs/workouts/{}", log["id"]), &token)
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "BOLA: Bob's log is not Alice's"
    );

    let (status, body) = app.delete(&format!("/api/tokens/{id}"), &alice).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"success": true}));
    let (status, body) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "UNAUTHORIZED");
    let (status, _) = app.delete(&format!("/api/tokens/{id}"), &alice).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // A made-up token of the right shape is refused the same way.
    let fake = format!("gsk_{}", "A".repeat(43));
    let (status, _) = app.get("/api/logs/workouts", &fake).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn token_fields_are_validated() {
    let app = TestApp::spawn().await;
    let (session, _) = user(&app, "fields@example.com").await;
    for (body, field) in [
        (json!({"name": "x", "scopes": ["write"]}), "scopes"),
        (json!({"name": "x", "scopes": []}), "scopes"),
        (json!({"name": "x", "scopes": ["admin"]}), "scopes[0]"),
        (json!({"name": "", "scopes": ["read"]}), "name"),
        (
            json!({"name": "x", "scopes": ["read"], "expires_in_days": 0}),
            "expires_in_days",
        ),
        (
            json!({"name": "x", "scopes": ["read"], "expires_in_days": 3651}),
            "expires_in_days",
        ),
        (
            json!({"name": "x", "scopes": ["read"], "admin": true}),
            "admin",
        ),
    ] {
        let (status, err) = app.post("/api/tokens", &session, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} -> {err}");
        assert_error(&err, "VALIDATION_ERROR");
        let fields: Vec<&str> = err["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["field"].as_str().unwrap())
            .collect();
        assert!(fields.contains(&field), "{body} -> {err}");
    }
}

#[tokio::test]
async fn an_expired_token_is_401() {
    let app = TestApp::spawn().await;
    let (session, _) = user(&app, "expiry@example.com").await;
    let (status, created) = app
        .post(
            "/api/tokens",
            &session,
            json!({"name": "short", "scopes": ["read"], "expires_in_days": 1}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let token = secret(&created);
    let (status, _) = app.get("/api/programs", &token).await;
    assert_eq!(status, StatusCode::OK);
    app.clock
        .advance(chrono::Duration::days(1) + chrono::Duration::seconds(1));
    let (status, body) = app.get("/api/programs", &token).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{body}");
    assert_error(&body, "UNAUTHORIZED");
}
