//! Programs: lifecycle, validation, microcycle, one active per user, BOLA.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Upper/lower, 4 weeks, from today by the app's clock (a Monday).
pub fn program_body(app: &TestApp, name: &str) -> Value {
    json!({
        "name": name,
        "goals": [{"goal": "hypertrophy", "weight": 7}, {"goal": "strength", "weight": 3}],
        "split_template": "upper_lower",
        "start_date": app.day(0),
        "duration_weeks": 4
    })
}

fn fields(body: &Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn program_lifecycle() {
    let app = TestApp::spawn().await;
    let token = app.user_token("prog@example.com").await;

    let (status, created) = app
        .post("/api/programs", &token, program_body(&app, "Block A"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["days_per_week"], 4);
    assert_eq!(created["microcycle_length_days"], 7);
    assert_eq!(created["session_minutes"], 60);
    assert_eq!(created["progression_style"], "double");
    assert_eq!(created["deload_every_n_microcycles"], 4);
    // The last day of the program (inclusive): 4 weeks from its first.
    assert_eq!(created["end_date"], app.day(27));
    assert_eq!(created["is_active"], true);
    assert!(created["custom_days"].is_null());
    let days = created["microcycle"]["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days.iter().filter(|d| d["kind"] == "training").count(), 4);
    assert_eq!(created["microcycle"]["program_id"], id);

    let (status, got) = app.get(&format!("/api/programs/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got["name"], "Block A");

    let (status, updated) = app
        .put(
            &format!("/api/programs/{id}"),
            &token,
            json!({"name": "Block B", "session_minutes": 45}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{updated}");
    assert_eq!(updated["name"], "Block B");
    assert_eq!(updated["session_minutes"], 45);

    let (status, list) = app.get("/api/programs", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 1);

    let (status, body) = app.delete(&format!("/api/programs/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"success": true}));
    let (status, body) = app.get(&format!("/api/programs/{id}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NOT_FOUND");
}

#[tokio::test]
async fn only_one_program_is_active() {
    let app = TestApp::spawn().await;
    let token = app.user_token("active@example.com").await;
    let (_, a) = app
        .post("/api/programs", &token, program_body(&app, "A"))
        .await;
    let (_, b) = app
        .post("/api/programs", &token, program_body(&app, "B"))
        .await;
    let (_, list) = app.get("/api/programs", &token).await;
    let list = list.as_array().unwrap();
    assert_eq!(list[0]["id"], b["id"], "newest first");
    assert_eq!(list[0]["is_active"], true);
    assert_eq!(list[1]["is_active"], false);
    let (_, active) = app.get("/api/programs?active_only=true", &token).await;
    assert_eq!(active.as_array().unwrap().len(), 1);
    assert_eq!(active[0]["id"], b["id"]);
    // Re-activating A deactivates B.
    let (status, _) = app
        .put(
            &format!("/api/programs/{}", a["id"]),
            &token,
            json!({"is_active": true}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, active) = app.get("/api/programs?active_only=true", &token).await;
    assert_eq!(active[0]["id"], a["id"]);
}

#[tokio::test]
async fn goal_weights_follow_the_ten_dollar_rule() {
    let app = TestApp::spawn().await;
    let token = app.user_token("goals@example.com").await;
    let mut body = program_body(&app, "X");
    body["goals"] =
        json!([{"goal": "strength", "weight": 5}, {"goal": "hypertrophy", "weight": 4}]);
    let (status, res) = app.post("/api/programs", &token, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&res, "VALIDATION_ERROR");
    assert_eq!(fields(&res), ["goals"]);
    body["goals"] = json!([{"goal": "strength", "weight": 11}]);
    let (_, res) = app.post("/api/programs", &token, body.clone()).await;
    assert_eq!(fields(&res), ["goals[0].weight"]);
    body["goals"] = json!([{"goal": "strength", "weight": 5}, {"goal": "strength", "weight": 5}]);
    let (_, res) = app.post("/api/programs", &token, body.clone()).await;
    assert_eq!(fields(&res), ["goals[1].goal"]);
    body["goals"] = json!([{"goal": "strength", "weight": 5}, {"goal": "flying", "weight": 5}]);
    let (status, res) = app.post("/api/programs", &token, body.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&res), ["goals[1].goal"]);
}

#[tokio::test]
async fn program_fields_are_validated() {
    let app = TestApp::spawn().await;
    let token = app.user_token("fields@example.com").await;
    for (field, value) in [
        ("days_per_week", json!(8)),
        ("microcycle_length_days", json!(15)),
        ("duration_weeks", json!(53)),
        ("session_minutes", json!(10)),
        ("deload_every_n_microcycles", json!(1)),
        ("name", json!("")),
    ] {
        let mut body = program_body(&app, "X");
        body[field] = value;
        let (status, res) = app.post("/api/programs", &token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {res}");
        assert_eq!(fields(&res), [field], "{res}");
    }
    let mut body = program_body(&app, "X");
    body["split_template"] = json!("custom");
    let (_, res) = app.post("/api/programs", &token, body).await;
    assert_eq!(fields(&res), ["custom_days"]);
    let mut body = program_body(&app, "X");
    body["bogus"] = json!(1);
    let (status, res) = app.post("/api/programs", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&res), ["bogus"]);
}

#[tokio::test]
async fn custom_split_and_microcycle_rules() {
    let app = TestApp::spawn().await;
    let token = app.user_token("custom@example.com").await;
    let mut days: Vec<Value> = (1..=7)
        .map(|i| json!({"day_index": i, "kind": "rest", "focus": null, "target_muscles": [], "label": "Rest"}))
        .collect();
    days[0] = json!({"day_index": 1, "kind": "training", "focus": "custom", "target_muscles": ["chest", "biceps"], "label": "Arms & chest"});
    days[3] = json!({"day_index": 4, "kind": "training", "focus": "lower", "target_muscles": [], "label": "Legs"});
    let mut body = program_body(&app, "Custom");
    body["split_template"] = json!("custom");
    body["custom_days"] = json!(days);
    let (status, created) = app.post("/api/programs", &token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["custom_days"].as_array().unwrap().len(), 7);
    let id = created["id"].as_i64().unwrap();
    let path = format!("/api/programs/{id}/microcycle");

    let (status, micro) = app.get(&path, &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(micro["length_days"], 7);
    assert!(micro["current_index"].as_u64().is_some());
    assert!(micro["current_is_deload"].is_boolean());

    // A missing index, no training day, focus on a rest day, custom without targets.
    let mut missing = days.clone();
    missing.pop();
    let (status, res) = app
        .put(&path, &token, json!({"length_days": 7, "days": missing}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{res}");
    let rest_only: Vec<Value> = (1..=7)
        .map(|i| json!({"day_index": i, "kind": "rest", "focus": null, "target_muscles": [], "label": "Rest"}))
        .collect();
    let (status, _) = app
        .put(&path, &token, json!({"length_days": 7, "days": rest_only}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut focus_on_rest = days.clone();
    focus_on_rest[1]["focus"] = json!("upper");
    let (status, res) = app
        .put(
            &path,
            &token,
            json!({"length_days": 7, "days": focus_on_rest}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(fields(&res)[0].starts_with("days[1]"), "{res}");
    let mut no_targets = days.clone();
    no_targets[0]["target_muscles"] = json!([]);
    let (status, _) = app
        .put(&path, &token, json!({"length_days": 7, "days": no_targets}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    // A valid 8-day microcycle replaces it.
    let mut eight = days.clone();
    eight.push(json!({"day_index": 8, "kind": "training", "focus": "upper", "target_muscles": [], "label": "Upper"}));
    let (status, micro) = app
        .put(&path, &token, json!({"length_days": 8, "days": eight}))
        .await;
    assert_eq!(status, StatusCode::OK, "{micro}");
    assert_eq!(micro["length_days"], 8);
    let (_, program) = app.get(&format!("/api/programs/{id}"), &token).await;
    assert_eq!(program["microcycle_length_days"], 8);
}

#[tokio::test]
async fn another_users_program_is_not_found() {
    let app = TestApp::spawn().await;
    let alice = app.user_token("alice@example.com").await;
    let bob = app.user_token("bob@example.com").await;
    let (_, created) = app
        .post("/api/programs", &alice, program_body(&app, "Mine"))
        .await;
    let id = created["id"].as_i64().unwrap();
    let base = format!("/api/programs/{id}");
    assert_eq!(app.get(&base, &bob).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.put(&base, &bob, json!({"name": "x"})).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.delete(&base, &bob).await.0, StatusCode::NOT_FOUND);
    assert_eq!(
        app.get(&format!("{base}/microcycle"), &bob).await.0,
        StatusCode::NOT_FOUND
    );
    let days: Vec<Value> = (1..=7)
        .map(|i| json!({"day_index": i, "kind": "training", "focus": "full_body", "target_muscles": [], "label": "FB"}))
        .collect();
    assert_eq!(
        app.put(
            &format!("{base}/microcycle"),
            &bob,
            json!({"length_days": 7, "days": days})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(
            &format!("/api/days/{}/plan?program_id={id}", app.day(1)),
            &bob
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post(
            &format!("/api/days/{}/adapt", app.day(1)),
            &bob,
            json!({"program_id": id})
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = app.get("/api/programs", &bob).await;
    assert_eq!(list, json!([]));
    // Alice still has it.
    assert_eq!(app.get(&base, &alice).await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_program_reads_alone_as_in_the_list_with_the_profiles_equipment_and_date() {
    let app = TestApp::spawn().await;
    let token = app.user_token("owner@example.com").await;
    let (status, created) = app
        .post("/api/programs", &token, program_body(&app, "Block A"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let path = format!("/api/programs/{}", created["id"]);
    // GET one program reads the program and its owner's profile in one
    // statement of its own; listing goes the general way. Both agree.
    let read = || async {
        let (status, one) = app.get(&path, &token).await;
        assert_eq!(status, StatusCode::OK, "{one}");
        let (status, list) = app.get("/api/programs", &token).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        assert_eq!(one, list[0]);
        one
    };
    // No profile written: the default profile's equipment and time zone.
    assert_eq!(read().await, created);
    let (status, profile) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"equipment": ["dumbbell", "bench"], "timezone": "Pacific/Kiritimati"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    // 23:00 UTC on the program's seventh day is 13:00 on its eighth in
    // Kiritimati (UTC+14): the second microcycle there.
    app.clock
        .set(gainsly_tests::test_now() + chrono::Duration::hours(6 * 24 + 11));
    let got = read().await;
    assert_eq!(got["equipment"], profile["equipment"]);
    assert_ne!(got["equipment"], created["equipment"]);
    assert_eq!(created["microcycle"]["current_index"], 0);
    assert_eq!(got["microcycle"]["current_index"], 1, "{got}");
}
