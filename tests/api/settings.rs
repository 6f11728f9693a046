//! `/api/settings`: profile, movement rules, enjoyable activities.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::logs::{BENCH, user};

fn fields(err: &Value) -> Vec<String> {
    err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn new_users_have_the_default_profile() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "profile@example.com").await;
    let (status, p) = app.get("/api/settings/profile", &token).await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["name"], "Test User");
    assert_eq!(p["email"], "profile@example.com");
    assert_eq!(p["training_experience"], "intermediate");
    assert_eq!(p["units"], "kg");
    assert_eq!(p["e1rm_formula"], "brzycki");
    assert_eq!(p["session_minutes"], 60);
    assert_eq!(p["timezone"], "UTC");
    assert_eq!(p["age"], Value::Null);
    assert_eq!(p["sex"], Value::Null);
    assert_eq!(p["body_weight_kg"], Value::Null);
    assert_eq!(p["height_cm"], Value::Null);
    assert_eq!(
        p["equipment"].as_array().unwrap().len(),
        17,
        "full commercial gym"
    );
    assert!(p["updated_at"].is_string());
}

#[tokio::test]
async fn profile_partial_update_and_clearing() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "update@example.com").await;
    let (status, p) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"name": "  Ada  ", "age": 36, "sex": "female", "body_weight_kg": 61.5, "height_cm": 168,
                   "training_experience": "advanced", "equipment": ["dumbbell", "bench", "dumbbell", "bodyweight"],
                   "units": "lb", "e1rm_formula": "wathan", "session_minutes": 45, "timezone": "Europe/Paris"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{p}");
    assert_eq!(p["name"], "Ada");
    assert_eq!(p["age"], 36);
    assert_eq!(p["sex"], "female");
    assert_eq!(p["body_weight_kg"], 61.5);
    assert_eq!(p["height_cm"], 168.0);
    assert_eq!(p["training_experience"], "advanced");
    assert_eq!(p["equipment"], json!(["dumbbell", "bench", "bodyweight"]));
    assert_eq!(p["units"], "lb");
    assert_eq!(p["e1rm_formula"], "wathan");
    assert_eq!(p["session_minutes"], 45);
    assert_eq!(p["timezone"], "Europe/Paris");
    // The account's name changed too.
    let (_, me) = app.get("/api/auth/me", &token).await;
    assert_eq!(me["name"], "Ada");
    // A subset leaves the rest alone; null clears an optional field.
    let (status, q) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"session_minutes": 90, "age": null}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(q["session_minutes"], 90);
    assert_eq!(q["age"], Value::Null);
    assert_eq!(q["sex"], "female");
    assert_eq!(q["timezone"], "Europe/Paris");
    let (_, got) = app.get("/api/settings/profile", &token).await;
    assert_eq!(got, q);
    // An empty body changes nothing.
    let (status, same) = app.put("/api/settings/profile", &token, json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(same["session_minutes"], 90);
}

#[tokio::test]
async fn profile_validation() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "pval@example.com").await;
    let cases = [
        (json!({"timezone": "Mars/Olympus"}), "timezone"),
        (json!({"timezone": ""}), "timezone"),
        (json!({"age": 12}), "age"),
        (json!({"age": 101}), "age"),
        (json!({"body_weight_kg": 19.9}), "body_weight_kg"),
        (json!({"body_weight_kg": 401}), "body_weight_kg"),
        (json!({"height_cm": 99}), "height_cm"),
        (json!({"height_cm": 251}), "height_cm"),
        (json!({"session_minutes": 14}), "session_minutes"),
        (json!({"session_minutes": 241}), "session_minutes"),
        (json!({"name": ""}), "name"),
        (json!({"equipment": []}), "equipment"),
        (json!({"equipment": ["spaceship"]}), "equipment[0]"),
        (json!({"sex": "robot"}), "sex"),
        (json!({"units": "stone"}), "units"),
        (json!({"e1rm_formula": "guess"}), "e1rm_formula"),
        (
            json!({"training_experience": "expert"}),
            "training_experience",
        ),
        (json!({"email": "new@example.com"}), "email"),
    ];
    for (body, field) in cases {
        let (status, err) = app.put("/api/settings/profile", &token, body.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {err}");
        assert_error(&err, "VALIDATION_ERROR");
        assert_eq!(fields(&err), [field], "{body}: {err}");
    }
    // Several at once are all named, and nothing is written.
    let (status, err) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"age": 12, "timezone": "Mars/Olympus", "session_minutes": 60}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["age", "timezone"]);
    let (_, p) = app.get("/api/settings/profile", &token).await;
    assert_eq!(p["timezone"], "UTC");
    assert_eq!(p["age"], Value::Null);
}

#[tokio::test]
async fn movement_rules_crud() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "rules@example.com").await;
    let (status, r1) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "avoid", "movement_pattern": "hinge", "reason": "lower back tweak", "expires_on": app.day(200)}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{r1}");
    assert_eq!(r1["rule_type"], "avoid");
    assert_eq!(r1["movement_pattern"], "hinge");
    assert_eq!(r1["exercise_id"], Value::Null);
    assert_eq!(r1["muscle"], Value::Null);
    assert_eq!(r1["reason"], "lower back tweak");
    assert_eq!(r1["expires_on"], app.day(200));
    assert!(r1["id"].as_i64().unwrap() > 0);
    assert!(r1["created_at"].is_string());
    let (_, r2) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "prefer", "exercise_id": BENCH}),
        )
        .await;
    assert_eq!(r2["exercise_id"], BENCH);
    assert_eq!(r2["expires_on"], Value::Null);
    let (_, r3) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "require", "muscle": "rear_delts"}),
        )
        .await;
    assert_eq!(r3["muscle"], "rear_delts");

    let (status, list) = app.get("/api/settings/movement-rules", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([r1, r2, r3]));

    let (status, body) = app
        .delete(
            &format!("/api/settings/movement-rules/{}", r2["id"]),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"success": true}));
    let (status, _) = app
        .delete(
            &format!("/api/settings/movement-rules/{}", r2["id"]),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.get("/api/settings/movement-rules", &token).await;
    assert_eq!(list, json!([r1, r3]));
}

#[tokio::test]
async fn movement_rule_validation() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "ruleval@example.com").await;
    let post = |body: Value| app.post("/api/settings/movement-rules", &token, body);
    let (status, err) =
        post(json!({"rule_type": "avoid", "exercise_id": BENCH, "muscle": "chest"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&err, "VALIDATION_ERROR");
    assert_eq!(fields(&err), ["exercise_id", "muscle"]);
    let (status, err) = post(json!({"rule_type": "avoid", "exercise_id": BENCH, "movement_pattern": "squat", "muscle": "chest"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["exercise_id", "movement_pattern", "muscle"]);
    let (status, err) = post(json!({"rule_type": "avoid"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["exercise_id", "movement_pattern", "muscle"]);
    let (status, err) = post(json!({"rule_type": "avoid", "exercise_id": 99999})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["exercise_id"]);
    let (status, err) = post(json!({"rule_type": "avoid", "exercise_id": 0})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["exercise_id"]);
    let (status, err) =
        post(json!({"rule_type": "avoid", "muscle": "chest", "reason": "x".repeat(501)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["reason"]);
    let (status, err) = post(json!({"rule_type": "ban", "muscle": "chest"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["rule_type"]);
    let (status, err) =
        post(json!({"rule_type": "avoid", "muscle": "chest", "expires_on": "soon"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["expires_on"]);
    let (status, err) = post(json!({"rule_type": "avoid", "muscle": "chest", "id": 5})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fields(&err), ["id"]);
    let (_, list) = app.get("/api/settings/movement-rules", &token).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn enjoyable_activities_crud_and_validation() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "acts@example.com").await;
    let (status, a1) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "Trail running", "kind": "running", "sessions_per_week": 2, "minutes": 45, "intensity": "moderate"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{a1}");
    assert_eq!(a1["name"], "Trail running");
    assert_eq!(a1["kind"], "running");
    assert_eq!(a1["sessions_per_week"], 2);
    assert_eq!(a1["minutes"], 45);
    assert_eq!(a1["intensity"], "moderate");
    assert!(a1["created_at"].is_string());
    let (status, a2) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "Yoga", "kind": "yoga", "intensity": "low"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(a2["sessions_per_week"], Value::Null);
    assert_eq!(a2["minutes"], Value::Null);
    let (_, list) = app.get("/api/settings/enjoyable-activities", &token).await;
    assert_eq!(list, json!([a1, a2]));
    let (status, body) = app
        .delete(
            &format!("/api/settings/enjoyable-activities/{}", a1["id"]),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"success": true}));
    let (_, list) = app.get("/api/settings/enjoyable-activities", &token).await;
    assert_eq!(list, json!([a2]));
    let (status, _) = app
        .delete(
            &format!("/api/settings/enjoyable-activities/{}", a1["id"]),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    let base = json!({"name": "Tennis", "kind": "racket_sport", "intensity": "high"});
    let cases = [
        (json!({"name": ""}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (json!({"kind": "chess"}), "kind"),
        (json!({"intensity": "extreme"}), "intensity"),
        (json!({"sessions_per_week": 15}), "sessions_per_week"),
        (json!({"sessions_per_week": -1}), "sessions_per_week"),
        (json!({"minutes": 4}), "minutes"),
        (json!({"minutes": 601}), "minutes"),
    ];
    for (patch, field) in cases {
        let mut body = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, err) = app
            .post("/api/settings/enjoyable-activities", &token, body)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {err}");
        assert_eq!(fields(&err), [field], "{err}");
    }
    let mut edge = base.clone();
    edge["sessions_per_week"] = json!(0);
    edge["minutes"] = json!(5);
    let (status, _) = app
        .post("/api/settings/enjoyable-activities", &token, edge)
        .await;
    assert_eq!(status, StatusCode::CREATED);
}
