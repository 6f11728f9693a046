//! The one-round-trip reads (a stored plan, a program): they skip the
//! separate account check because the row they find proves the account,
//! and they cache nothing, so every instance reads what any instance wrote.

use gainsly_tests::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::programs::program_body;

fn exercise_ids(session: &Value) -> Vec<i64> {
    session["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["exercise_id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_write_on_one_instance_is_read_at_once_on_another() {
    let app = TestApp::spawn().await;
    let sibling = app.spawn_sibling().await;
    let token = app.user_token("two@example.com").await;
    let (status, program) = app
        .post("/api/programs", &token, program_body(&app, "Block"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{program}");
    let id = program["id"].as_i64().unwrap();
    let plan = format!("/api/days/{}/plan", app.day(1));

    // Both instances read the stored session and the program (warm: any
    // per-instance state would hold these now).
    let (status, first) = sibling.get(&plan, &token).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (_, same) = app.get(&plan, &token).await;
    assert_eq!(same, first);
    // Each date reads its own stored session (the join is by date).
    for offset in [0, 1, 2, 3] {
        let (status, day) = sibling
            .get(&format!("/api/days/{}/plan", app.day(offset)), &token)
            .await;
        assert_eq!(status, StatusCode::OK, "{day}");
        assert_eq!(day["date"], app.day(offset), "{day}");
    }
    let (status, read) = sibling.get(&format!("/api/programs/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK, "{read}");

    // A program change on one instance is what the other reads next.
    let (status, changed) = app
        .put(
            &format!("/api/programs/{id}"),
            &token,
            json!({"name": "Renamed"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{changed}");
    let (_, read) = sibling.get(&format!("/api/programs/{id}"), &token).await;
    assert_eq!(read["name"], "Renamed", "{read}");

    // An avoid rule written on one instance re-plans the day the other
    // serves: the stored session it read before is gone.
    let avoided = exercise_ids(&first)[0];
    let (status, rule) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "avoid", "exercise_id": avoided}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");
    let (status, after) = sibling.get(&plan, &token).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_ne!(after["created_at"], first["created_at"], "{after}");
    assert!(!exercise_ids(&after).contains(&avoided), "{after}");

    // An adaptation on the other instance is what the first one serves.
    let (status, adapted) = sibling
        .post(
            &format!("/api/days/{}/adapt", app.day(1)),
            &token,
            json!({"available_minutes": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{adapted}");
    let (_, read) = app.get(&plan, &token).await;
    assert_eq!(read["status"], "adapted", "{read}");
    assert_eq!(read, adapted);
}

#[tokio::test]
async fn the_fast_reads_answer_401_for_a_deleted_account_and_404_for_a_missing_row() {
    let app = TestApp::spawn().await;
    let token = app.user_token("fast@example.com").await;
    let plan = format!("/api/days/{}/plan", app.day(1));

    // A live account without a program: the miss is a 404.
    let (status, body) = app.get(&plan, &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    let (status, body) = app.get("/api/programs/999999", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");

    let (status, program) = app
        .post("/api/programs", &token, program_body(&app, "Block"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{program}");
    let id = program["id"].as_i64().unwrap();
    let (status, _) = app.get(&plan, &token).await;
    assert_eq!(status, StatusCode::OK);

    let deleted = app
        .send(
            reqwest::Method::DELETE,
            "/api/auth/me",
            Some(&token),
            Some(&json!({"password": "correct horse battery"})),
        )
        .await;
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);

    // The access token still verifies (signature, expiry), but its account
    // is gone: a 401 on both reads, not a 404.
    for path in [plan.clone(), format!("/api/programs/{id}")] {
        let (status, body) = app.get(&path, &token).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{path}: {body}");
        gainsly_tests::assert_error(&body, "UNAUTHORIZED");
    }
}

/// A stored plan is served as stored (its body spliced into the answer,
/// not parsed): the answer is the same document the first read (which
/// planned it) gave, for the current body format and for a body written
/// before formats existed (parsed, defaults filled, serialized again).
#[tokio::test]
async fn a_stored_plan_reads_as_the_session_it_was_planned_as() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    let token = app.user_token("stored@example.com").await;
    let (status, program) = app
        .post("/api/programs", &token, program_body(&app, "Block"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{program}");
    // Day 1 was stored when the program was created; day 9 is planned by
    // this first read (serialized from the domain session).
    let later = format!("/api/days/{}/plan", app.day(9));
    let (status, planned) = app.get(&later, &token).await;
    assert_eq!(status, StatusCode::OK, "{planned}");
    let (status, stored) = app.get(&later, &token).await;
    assert_eq!(status, StatusCode::OK, "{stored}");
    assert_eq!(
        stored, planned,
        "a stored read answers what the planning read did"
    );
    let res = app
        .client
        .get(app.url(&later))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );

    // A body from before the format marker: the same answer, by parsing.
    let (status, first) = app
        .get(&format!("/api/days/{}/plan", app.day(1)), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{first}");
    // `{"format":1,` is 12 characters.
    let strip =
        r#"UPDATE sessions SET body = '{' || substr(body, 13) WHERE body LIKE '{"format":1,%'"#;
    let changed = app.db.conn().execute_unprepared(strip).await.unwrap();
    assert!(
        changed.rows_affected() >= 2,
        "bodies carry the format marker"
    );
    let (status, old) = app
        .get(&format!("/api/days/{}/plan", app.day(1)), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{old}");
    assert_eq!(old, first);
    let (_, old_later) = app.get(&later, &token).await;
    assert_eq!(old_later, planned);
}
