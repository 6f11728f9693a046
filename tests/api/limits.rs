//! The bounds the spec states on input (OWASP API4), enforced by the server:
//! list lengths, text lengths, per-user quotas on the lists answered whole,
//! and the cap on field errors in one answer.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::programs::program_body;

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

/// The spec's `maxItems`/`maxLength` of a place in the served document.
async fn spec_bound(app: &TestApp, pointer: &str) -> u64 {
    let spec: Value = app
        .client
        .get(app.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    spec.pointer(pointer)
        .and_then(Value::as_u64)
        .unwrap_or_else(|| panic!("no bound at {pointer}"))
}

#[tokio::test]
async fn lists_longer_than_the_spec_states_are_refused() {
    let app = TestApp::spawn().await;
    let token = app.user_token("lists@example.com").await;
    let max_equipment = spec_bound(
        &app,
        "/components/schemas/ProgramCreate/properties/equipment/maxItems",
    )
    .await as usize;
    // Lists are deduplicated, so a list over the bound repeats itself.
    let too_many: Vec<&str> = std::iter::repeat_n("barbell", max_equipment + 1).collect();

    let mut body = program_body(&app, "Too much kit");
    body["equipment"] = json!(too_many);
    let (status, err) = app.post("/api/programs", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert!(fields(&err).contains(&"equipment".to_owned()), "{err}");

    let (status, err) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"equipment": too_many}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(fields(&err), ["equipment"]);

    let (status, program) = app
        .post("/api/programs", &token, program_body(&app, "Block"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{program}");
    let muscles: Vec<&str> = std::iter::repeat_n("quads", 19).collect();
    let (status, err) = app
        .post(
            &format!("/api/days/{}/adapt", app.day(0)),
            &token,
            json!({"focus_muscles": muscles}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(fields(&err), ["focus_muscles"]);

    // A microcycle day's label is at most 100 characters.
    let path = format!("/api/programs/{}/microcycle", program["id"]);
    let (_, micro) = app.get(&path, &token).await;
    let mut days = micro["days"].as_array().unwrap().clone();
    days[0]["label"] = json!("x".repeat(101));
    let (status, err) = app
        .put(&path, &token, json!({"length_days": 7, "days": days}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(fields(&err), ["days[0].label"]);
    days[0]["label"] = json!("x".repeat(100));
    let (status, err) = app
        .put(&path, &token, json!({"length_days": 7, "days": days}))
        .await;
    assert_eq!(status, StatusCode::OK, "{err}");

    // The exercise search is at most 100 characters.
    let q = "a".repeat(101);
    let (status, err) = app.get(&format!("/api/exercises?q={q}"), &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(fields(&err), ["q"]);
}

#[tokio::test]
async fn a_user_holds_at_most_the_quota_of_what_lists_answer_whole() {
    let app = TestApp::spawn().await;
    let token = app.user_token("quota@example.com").await;
    let max = spec_bound(
        &app,
        "/paths/~1api~1settings~1enjoyable-activities/get/responses/200/content/application~1json/schema/maxItems",
    )
    .await;
    for i in 0..max {
        let (status, body) = app
            .post(
                "/api/settings/enjoyable-activities",
                &token,
                json!({"name": format!("Walk {i}"), "kind": "hiking", "intensity": "low"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{i}: {body}");
    }
    let (status, err) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "One too many", "kind": "hiking", "intensity": "low"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{err}");
    assert_error(&err, "CONFLICT");
    assert!(
        err["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("at most {max} ")),
        "{err}"
    );
    let (_, list) = app.get("/api/settings/enjoyable-activities", &token).await;
    assert_eq!(list.as_array().unwrap().len() as u64, max);

    // Deleting one makes room again.
    let id = list[0]["id"].as_i64().unwrap();
    let (status, _) = app
        .delete(&format!("/api/settings/enjoyable-activities/{id}"), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "Room again", "kind": "hiking", "intensity": "low"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);

    // Another user's quota is their own.
    let other = app.user_token("quota2@example.com").await;
    let (status, _) = app
        .post(
            "/api/settings/enjoyable-activities",
            &other,
            json!({"name": "Walk", "kind": "hiking", "intensity": "low"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_refresh_token_longer_than_any_is_refused_before_any_lookup() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(257);
    for path in ["/api/auth/refresh", "/api/auth/logout"] {
        let (status, err) = app.post_anon(path, json!({"refresh_token": long})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {err}");
        assert_eq!(fields(&err), ["refresh_token"]);
    }
    let (status, _) = app
        .post_anon(
            "/api/auth/logout",
            json!({"refresh_token": "a".repeat(256)}),
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "an unknown token is still a 204"
    );
}

#[tokio::test]
async fn an_answer_names_at_most_the_first_hundred_field_errors() {
    let app = TestApp::spawn().await;
    let token = app.user_token("errors@example.com").await;
    let max = spec_bound(
        &app,
        "/components/schemas/ErrorBody/properties/errors/maxItems",
    )
    .await;
    // 300 aliases to exercises that do not exist: one error each.
    let aliases: serde_json::Map<String, Value> = (0..300)
        .map(|i| (format!("Mystery lift {i}"), json!(100_000 + i)))
        .collect();
    let (status, err) = app
        .put(
            "/api/settings/exercise-aliases",
            &token,
            Value::Object(aliases),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"].as_array().unwrap().len() as u64, max);
}
