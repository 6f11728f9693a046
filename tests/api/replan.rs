//! The one "planning inputs changed" path, input by input: tomorrow's
//! session is stored, an input planning reads changes, and tomorrow is
//! planned again under the new input (and obeys it). Adapted sessions stay.

use chrono::{DateTime, Utc};
use gainsly_domain::increment::Implement;
use gainsly_domain::{ExerciseId, Tracking, Units, catalog};
use gainsly_tests::TestApp;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::programs::program_body;

/// A user with the fixture program starting `start` days from today (0:
/// tomorrow is a lower day; -1: tomorrow is a rest day).
async fn user_with_program(app: &TestApp, email: &str, start: i64) -> (String, i64) {
    let token = app.user_token(email).await;
    let mut body = program_body(app, "Block");
    body["start_date"] = json!(app.day(start));
    let (status, p) = app.post("/api/programs", &token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    (token, p["id"].as_i64().unwrap())
}

/// Tomorrow's session (stored, or planned and stored).
async fn tomorrow(app: &TestApp, token: &str) -> Value {
    let (status, s) = app
        .get(&format!("/api/days/{}/plan", app.day(1)), token)
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    s
}

fn created_at(s: &Value) -> DateTime<Utc> {
    serde_json::from_value(s["created_at"].clone()).unwrap()
}

/// `after` is a new session for the same day, planned (not the stored `before`).
fn assert_replanned(before: &Value, after: &Value) {
    assert_eq!(before["date"], after["date"]);
    assert_eq!(after["status"], "planned", "{after}");
    assert!(
        created_at(after) > created_at(before),
        "tomorrow was not planned again: {after}"
    );
}

fn exercise_ids(s: &Value) -> Vec<i64> {
    s["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["exercise_id"].as_i64().unwrap())
        .collect()
}

fn primary_muscles(s: &Value) -> Vec<String> {
    s["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|e| e["primary_muscles"].as_array().unwrap().clone())
        .map(|m| m.as_str().unwrap().to_owned())
        .collect()
}

async fn pending_pregenerations(app: &TestApp) -> u64 {
    let queue = gainsly_worker::JobQueue::open(&app.db).await.unwrap();
    queue
        .stats(gainsly_worker::PREGENERATE_QUEUE)
        .await
        .unwrap()
        .pending
}

#[tokio::test]
async fn program_fields_replan_tomorrow() {
    let app = TestApp::spawn().await;
    let (token, id) = user_with_program(&app, "fields@example.com", 0).await;
    let before = tomorrow(&app, &token).await;
    assert_eq!(before["target_minutes"], 60);
    let (status, body) = app
        .put(
            &format!("/api/programs/{id}"),
            &token,
            json!({"session_minutes": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert_eq!(after["target_minutes"], 30, "{after}");
    assert!(after["estimated_minutes"].as_u64().unwrap() <= 30);
    // A change planning does not read (the name) leaves the plan alone.
    app.put(
        &format!("/api/programs/{id}"),
        &token,
        json!({"name": "Renamed"}),
    )
    .await;
    assert_eq!(tomorrow(&app, &token).await, after);
}

#[tokio::test]
async fn the_microcycle_replans_tomorrow() {
    let app = TestApp::spawn().await;
    let (token, id) = user_with_program(&app, "cycle@example.com", 0).await;
    let before = tomorrow(&app, &token).await;
    assert_eq!(before["kind"], "training");
    // Day 2 of the microcycle (tomorrow) becomes a rest day.
    let days: Vec<Value> = (1..=7)
        .map(|i| {
            if i == 2 || i > 4 {
                json!({"day_index": i, "kind": "rest", "label": "Rest"})
            } else {
                json!({"day_index": i, "kind": "training", "focus": "full_body", "label": "FB"})
            }
        })
        .collect();
    let (status, body) = app
        .put(
            &format!("/api/programs/{id}/microcycle"),
            &token,
            json!({"length_days": 7, "days": days}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert_eq!(after["kind"], "rest", "{after}");
    assert_eq!(after["exercises"], json!([]));
}

#[tokio::test]
async fn an_avoid_rule_replans_tomorrow_without_the_exercise() {
    let app = TestApp::spawn().await;
    let (token, _) = user_with_program(&app, "avoid@example.com", 0).await;
    let before = tomorrow(&app, &token).await;
    let avoided = exercise_ids(&before)[0];
    let queued = pending_pregenerations(&app).await;
    let (status, rule) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "avoid", "exercise_id": avoided, "reason": "elbow"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");
    // Tomorrow's pre-generation was handed to the job queue after the commit.
    assert_eq!(pending_pregenerations(&app).await, queued + 1);
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert!(
        !exercise_ids(&after).contains(&avoided),
        "{avoided} is avoided but planned: {after}"
    );
    assert!(!exercise_ids(&after).is_empty(), "{after}");
}

#[tokio::test]
async fn deleting_a_rule_replans_tomorrow_with_what_it_forbade() {
    let app = TestApp::spawn().await;
    let (token, _) = user_with_program(&app, "unavoid@example.com", 0).await;
    let (status, rule) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "avoid", "muscle": "quads"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");
    // The lower day without direct quad work.
    let before = tomorrow(&app, &token).await;
    assert!(
        !primary_muscles(&before).contains(&"quads".to_owned()),
        "{before}"
    );
    let (status, _) = app
        .delete(
            &format!("/api/settings/movement-rules/{}", rule["id"]),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert!(
        primary_muscles(&after).contains(&"quads".to_owned()),
        "a lower day without the rule trains quads: {after}"
    );
}

#[tokio::test]
async fn profile_equipment_replans_tomorrow_with_bodyweight_only() {
    let app = TestApp::spawn().await;
    let (token, _) = user_with_program(&app, "home@example.com", 0).await;
    let before = tomorrow(&app, &token).await;
    let equipment = |s: &Value| -> Vec<String> {
        s["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|e| e["equipment"].as_array().unwrap().clone())
            .map(|q| q.as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        equipment(&before).iter().any(|q| q != "bodyweight"),
        "the gym plan uses equipment: {before}"
    );
    let (status, body) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"equipment": ["bodyweight"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert!(!exercise_ids(&after).is_empty(), "{after}");
    assert!(
        equipment(&after).iter().all(|q| q == "bodyweight"),
        "only bodyweight work: {after}"
    );
}

/// Experience sets the volume landmarks and the skill the candidates are
/// ranked by; no single session shows it for certain (plans of equal value
/// may tie-break differently when the solver's time budget is hit), so the
/// test holds the re-plan, its soundness and the stored experience.
#[tokio::test]
async fn profile_experience_replans_tomorrow() {
    let app = TestApp::spawn().await;
    let (token, _) = user_with_program(&app, "grows@example.com", 0).await;
    let before = tomorrow(&app, &token).await;
    let (status, body) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"training_experience": "beginner"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["training_experience"], "beginner");
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert!(!exercise_ids(&after).is_empty(), "{after}");
    crate::days::assert_session_sound(&after);
}

/// Nothing in planning reads the body weight yet; a change still re-plans
/// (it is a planning input by contract).
#[tokio::test]
async fn profile_body_weight_replans_tomorrow() {
    let app = TestApp::spawn().await;
    let (token, _) = user_with_program(&app, "weight@example.com", 0).await;
    let before = tomorrow(&app, &token).await;
    let (status, body) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"body_weight_kg": 82.5}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    // The same weight again changes nothing: no re-plan.
    app.put(
        "/api/settings/profile",
        &token,
        json!({"body_weight_kg": 82.5}),
    )
    .await;
    assert_eq!(tomorrow(&app, &token).await, after);
}

/// Suggested loads are rounded to the step of the exercise's equipment in
/// the user's units (barbell 2.5 kg, dumbbell 2 kg, stack 5 kg …), or in
/// pounds (5 lb plates, 10 lb stacks) once the profile says pounds.
#[tokio::test]
async fn profile_units_replan_tomorrow_with_pound_plates() {
    let app = TestApp::spawn().await;
    let (token, _) = user_with_program(&app, "pounds@example.com", 0).await;
    // A best e1RM for every loaded lift a lower day may plan (a month ago:
    // no fatigue left).
    let lifts: Vec<i64> = catalog::catalog()
        .iter()
        .filter(|e| e.tracking == Tracking::WeightReps)
        .map(|e| e.id.0)
        .collect();
    for id in &lifts {
        let (status, body) = app
            .post(
                "/api/logs/top-set",
                &token,
                json!({"date": app.day(-30), "exercise_id": id, "weight_kg": 83, "reps": 5}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    // (load, the exercise's equipment)
    let loads = |s: &Value| -> Vec<(f64, Implement)> {
        s["exercises"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| {
                let ex = catalog::exercise(ExerciseId(e["exercise_id"].as_i64()?))?;
                Some((e["suggested_load_kg"].as_f64()?, Implement::of(ex)?))
            })
            .collect()
    };
    let multiple_of = |load: f64, step: f64| {
        let n = load / step;
        (n - n.round()).abs() < 1e-6
    };
    let before = tomorrow(&app, &token).await;
    assert!(!loads(&before).is_empty(), "{before}");
    assert!(
        loads(&before)
            .iter()
            .all(|(l, i)| multiple_of(*l, i.step_kg(Units::Kg))),
        "{before}"
    );
    let (status, body) = app
        .put("/api/settings/profile", &token, json!({"units": "lb"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = tomorrow(&app, &token).await;
    assert_replanned(&before, &after);
    assert!(!loads(&after).is_empty(), "{after}");
    assert!(
        loads(&after)
            .iter()
            .all(|(l, i)| multiple_of(*l, i.step_kg(Units::Lb))),
        "pound plates: {after}"
    );
    assert!(
        exercise_ids(&after)
            .iter()
            .all(|id| catalog::exercise(ExerciseId(*id)).is_some())
    );
}

#[tokio::test]
async fn an_activity_replans_tomorrows_rest_day_and_its_deletion_too() {
    let app = TestApp::spawn().await;
    // The program began yesterday: tomorrow is its first rest day.
    let (token, _) = user_with_program(&app, "walker@example.com", -1).await;
    let before = tomorrow(&app, &token).await;
    assert_eq!(before["kind"], "rest", "{before}");
    assert_eq!(before["recommended_activity"], Value::Null);
    let (status, walk) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "Walking", "kind": "hiking", "minutes": 30, "intensity": "low"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{walk}");
    let with = tomorrow(&app, &token).await;
    assert_replanned(&before, &with);
    assert_eq!(with["recommended_activity"]["activity_id"], walk["id"]);
    assert_eq!(with["recommended_activity"]["name"], "Walking");
    let (status, _) = app
        .delete(
            &format!("/api/settings/enjoyable-activities/{}", walk["id"]),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let without = tomorrow(&app, &token).await;
    assert_replanned(&with, &without);
    assert_eq!(without["recommended_activity"], Value::Null);
}

/// Only still-`planned` sessions are re-planned: an adapted day stays as
/// adapted, whatever changes.
#[tokio::test]
async fn an_adapted_tomorrow_stays() {
    let app = TestApp::spawn().await;
    let (token, id) = user_with_program(&app, "kept@example.com", 0).await;
    let (status, adapted) = app
        .post(
            &format!("/api/days/{}/adapt", app.day(1)),
            &token,
            json!({"energy": 6}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{adapted}");
    let avoided = exercise_ids(&adapted)[0];
    app.post(
        "/api/settings/movement-rules",
        &token,
        json!({"rule_type": "avoid", "exercise_id": avoided}),
    )
    .await;
    app.put(
        "/api/settings/profile",
        &token,
        json!({"equipment": ["bodyweight"]}),
    )
    .await;
    app.put(
        &format!("/api/programs/{id}"),
        &token,
        json!({"session_minutes": 30}),
    )
    .await;
    assert_eq!(tomorrow(&app, &token).await, adapted);
}
