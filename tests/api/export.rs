//! `/api/export`: the JSON document of everything, the Strong-layout CSV,
//! and the round trip export → import into a new account.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::imports::{import, strong_csv};
use crate::logs::{BENCH, SQUAT, user};
use crate::programs::program_body;

async fn csv_of(app: &TestApp, token: &str) -> String {
    let res = app
        .client
        .get(app.url("/api/export/workouts.csv"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ct = res.headers()["content-type"].to_str().unwrap().to_owned();
    assert!(ct.starts_with("text/csv"), "{ct}");
    res.text().await.unwrap()
}

/// Workouts as comparable facts: date, name, and per exercise the sets.
async fn workouts(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, logs) = app.get("/api/logs/workouts?limit=200", token).await;
    assert_eq!(status, StatusCode::OK);
    let mut out: Vec<Value> = logs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            json!({
                "date": l["date"], "name": l["name"], "duration_minutes": l["duration_minutes"],
                // By name: a custom exercise's id differs between accounts.
                "exercises": l["exercises"].as_array().unwrap().iter().map(|e| json!({
                    "name": e["name"], "sets": e["sets"],
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    out.sort_by_key(|v| v.to_string());
    out
}

#[tokio::test]
async fn the_json_export_holds_everything_of_the_user() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "export@example.com").await;
    let (other, _) = user(&app, "other-export@example.com").await;
    let (status, _) = app
        .post("/api/programs", &token, program_body(&app, "Mine"))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .post(
            "/api/logs/soreness",
            &token,
            json!({"date": app.day(0), "muscle": "quads", "level": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "prefer", "exercise_id": SQUAT}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "Swim", "kind": "swimming", "intensity": "low"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, _) = import(&app, &token, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED);
    // Planned last: rule and activity changes re-plan planned sessions.
    let (status, _) = app
        .get(&format!("/api/days/{}/plan", app.day(0)), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app
        .post("/api/programs", &other, program_body(&app, "Theirs"))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, doc) = app.get("/api/export", &token).await;
    assert_eq!(status, StatusCode::OK, "{doc}");
    assert_eq!(doc["format_version"], 1);
    assert_eq!(doc["profile"]["email"], "export@example.com");
    assert_eq!(doc["programs"].as_array().unwrap().len(), 1);
    assert_eq!(doc["programs"][0]["name"], "Mine");
    assert!(doc["programs"][0]["microcycle"]["days"].is_array());
    assert_eq!(doc["sessions"].as_array().unwrap().len(), 1);
    assert_eq!(doc["sessions"][0]["date"], app.day(0));
    assert_eq!(doc["workout_logs"].as_array().unwrap().len(), 2);
    assert!(doc["workout_logs"][0]["exercises"][0]["sets"].is_array());
    assert_eq!(doc["soreness"].as_array().unwrap().len(), 1);
    assert_eq!(doc["movement_rules"].as_array().unwrap().len(), 1);
    assert_eq!(doc["enjoyable_activities"].as_array().unwrap().len(), 1);
    assert_eq!(doc["imports"].as_array().unwrap().len(), 1);
    assert_eq!(
        doc["custom_exercises"].as_array().unwrap().len(),
        1,
        "{doc}"
    );
    assert_eq!(
        doc["custom_exercises"][0]["name"],
        "Underwater Basket Weaving"
    );
    assert!(
        !doc.to_string().contains("Theirs"),
        "nothing of another user"
    );
    assert!(!doc.to_string().contains("password"), "no secrets");

    let (status, body) = app.get("/api/export", "not-a-token").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, "UNAUTHORIZED");
}

#[tokio::test]
async fn export_then_import_into_a_new_account_round_trips() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "source@example.com").await;
    let (status, _) = import(&app, &token, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED);
    // Logged by hand: a custom workout with a timed set and a top set on the same day.
    let (status, body) = app
        .post(
            "/api/logs/custom",
            &token,
            json!({"date": app.day(-5), "name": "Mixed", "duration_minutes": 40, "exercises": [
                {"exercise_id": BENCH, "sets": [{"reps": 8, "weight_kg": 62.5, "rpe": 7.5}, {"reps": 6, "weight_kg": 65}]},
                {"exercise_id": SQUAT, "sets": [{"reps": 5, "weight_kg": 120}]}
            ]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let (status, _) = app
        .post(
            "/api/logs/top-set",
            &token,
            json!({"date": app.day(-5), "exercise_id": SQUAT, "weight_kg": 140, "reps": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let original = workouts(&app, &token).await;
    assert_eq!(original.len(), 4);

    let csv = csv_of(&app, &token).await;
    assert!(
        csv.starts_with(
            "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE"
        ),
        "{csv}"
    );

    let (fresh, _) = user(&app, "target@example.com").await;
    let (status, r) = import(&app, &fresh, "?source=strong", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["workouts"], 4, "{r}");
    let unmatched: Vec<&Value> = r["unmatched"].as_array().unwrap().iter().collect();
    assert_eq!(
        unmatched.len(),
        1,
        "catalog names come back as themselves: {r}"
    );
    assert_eq!(
        unmatched[0]["name"], "Underwater Basket Weaving",
        "the custom exercise keeps its name"
    );
    assert!(csv.contains("Underwater Basket Weaving"), "{csv}");
    let copied = workouts(&app, &fresh).await;
    // Top sets come back as custom workouts; compare what was lifted.
    assert_eq!(copied, original, "{csv}");
}
