//! `/api/logs`: custom workouts, top sets and e1RM, soreness, recovery state.

use chrono::{Days, Utc};
use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

pub const SQUAT: i64 = 1;
pub const BENCH: i64 = 67;
pub const PUSH_UP: i64 = 80;
pub const PLANK: i64 = 154;
pub const ROWER: i64 = 301;

fn close(a: &Value, b: f64) -> bool {
    a.as_f64().is_some_and(|a| (a - b).abs() < 1e-6)
}

/// Registers a user; returns `(token, user_id)`.
pub async fn user(app: &TestApp, email: &str) -> (String, i64) {
    let body = app.register(email).await;
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["user"]["id"].as_i64().unwrap(),
    )
}

/// Stores a program and one planned session for `user_id` directly in the
/// database (independent of the programs API); returns the session id.
pub async fn arrange_session(app: &TestApp, user_id: i64) -> i64 {
    use gainsly_db::entities::{programs, sessions};
    use sea_orm::{ActiveModelTrait, Set};
    let now = Utc::now();
    let start = app.date(0);
    let program = programs::ActiveModel {
        user_id: Set(user_id),
        name: Set("Arranged".into()),
        goals: Set(r#"[{"goal":"strength","weight":10}]"#.into()),
        split_template: Set("full_body".into()),
        days_per_week: Set(3),
        microcycle_length_days: Set(7),
        duration_weeks: Set(4),
        start_date: Set(start),
        end_date: Set(start + Days::new(27)),
        session_minutes: Set(60),
        progression_style: Set("double".into()),
        deload_every_n_microcycles: Set(4),
        equipment: Set(None),
        microcycle_days: Set("[]".into()),
        is_active: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db.conn())
    .await
    .unwrap();
    let session = sessions::ActiveModel {
        user_id: Set(user_id),
        program_id: Set(program.id),
        date: Set(start),
        microcycle_index: Set(0),
        day_index: Set(1),
        kind: Set("training".into()),
        focus: Set(Some("full_body".into())),
        is_deload: Set(false),
        status: Set("planned".into()),
        source: Set("builtin".into()),
        fallback: Set(false),
        target_minutes: Set(60),
        estimated_minutes: Set(55),
        body: Set("{}".into()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(app.db.conn())
    .await
    .unwrap();
    session.id
}

pub async fn session_status(app: &TestApp, id: i64) -> String {
    use gainsly_db::entities::sessions;
    use sea_orm::EntityTrait;
    sessions::Entity::find_by_id(id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
        .status
}

pub fn top_set(date: &str, exercise_id: i64, weight: f64, reps: u32, rpe: Option<f64>) -> Value {
    let mut body =
        json!({"date": date, "exercise_id": exercise_id, "weight_kg": weight, "reps": reps});
    if let Some(r) = rpe {
        body["rpe"] = json!(r);
    }
    body
}

pub fn custom_body(app: &TestApp) -> Value {
    json!({
        "date": app.day(18),
        "name": "Push day",
        "duration_minutes": 55,
        "session_rpe": 8,
        "notes": "felt strong",
        "exercises": [
            {"exercise_id": BENCH, "sets": [
                {"reps": 5, "weight_kg": 100, "rpe": 8},
                {"reps": 5, "weight_kg": 100},
                {"reps": 20, "weight_kg": 60}
            ]},
            {"exercise_id": PUSH_UP, "sets": [{"reps": 15}, {"reps": 12}]},
            {"exercise_id": PLANK, "sets": [{"duration_seconds": 60}]},
            {"exercise_id": ROWER, "sets": [{"distance_m": 2000, "duration_seconds": 480}]}
        ]
    })
}

#[tokio::test]
async fn custom_workout_is_stored_with_volume_muscle_sets_and_best_e1rm() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "custom@example.com").await;
    let (status, log) = app
        .post("/api/logs/custom", &token, custom_body(&app))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{log}");
    assert_eq!(log["kind"], "custom");
    assert_eq!(log["name"], "Push day");
    assert_eq!(log["date"], app.day(18));
    assert_eq!(log["duration_minutes"], 55);
    assert_eq!(log["notes"], "felt strong");
    assert_eq!(log["session_id"], Value::Null);
    assert_eq!(log["e1rm_formula"], "brzycki");
    assert_eq!(log["e1rm_kg"], Value::Null);
    assert_eq!(log["is_pr"], Value::Null);
    // 100·5 + 100·5 + 60·20
    assert!(close(&log["total_volume_kg"], 2200.0), "{log}");
    let bench = &log["exercises"][0];
    assert_eq!(bench["exercise_id"], BENCH);
    assert_eq!(bench["name"], "Barbell Bench Press");
    assert_eq!(bench["sets"].as_array().unwrap().len(), 3);
    // RPE 8 → 7 effective reps: 100·36/30 = 120 beats the 112.5 of the plain set;
    // the 20-rep set is unreliable and never the best.
    assert!(close(&bench["best_e1rm_kg"], 120.0), "{bench}");
    assert!(close(&bench["sets"][1]["e1rm_kg"], 112.5));
    assert_eq!(bench["sets"][2]["e1rm_reliable"], false);
    assert_eq!(log["exercises"][1]["best_e1rm_kg"], Value::Null);
    assert_eq!(log["exercises"][1]["sets"][0]["e1rm_kg"], Value::Null);
    assert_eq!(log["exercises"][2]["sets"][0]["duration_seconds"], 60);
    assert!(close(&log["exercises"][3]["sets"][0]["distance_m"], 2000.0));
    // Chest: 3 bench + 2 push-up sets (primary); triceps 0.5 each; abs: push-ups 0.5 + plank 1.
    let ms = &log["muscle_sets"];
    assert!(close(&ms["chest"], 5.0), "{ms}");
    assert!(close(&ms["triceps"], 2.5), "{ms}");
    assert!(close(&ms["abs"], 2.0), "{ms}");
    // The 2 km of conditioning earns no hard sets (docs/coaching.md).
    assert_eq!(ms.get("quads"), None, "{ms}");

    let id = log["id"].as_i64().unwrap();
    let (status, got) = app.get(&format!("/api/logs/workouts/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, log);
}

#[tokio::test]
async fn custom_sets_need_the_fields_their_tracking_implies() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "tracking@example.com").await;
    let body = json!({
        "date": app.day(18), "name": "Bad",
        "exercises": [
            {"exercise_id": BENCH, "sets": [{"reps": 5, "weight_kg": 100}, {"reps": 5}, {"reps": 5, "weight_kg": 80, "rpe": 10.3}]},
            {"exercise_id": PLANK, "sets": [{"reps": 3}]},
            {"exercise_id": ROWER, "sets": [{"duration_seconds": 30}]},
            {"exercise_id": PUSH_UP, "sets": [{"weight_kg": 10}]},
            {"exercise_id": 99999, "sets": [{"reps": 1}]}
        ]
    });
    let (status, err) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_error(&err, "VALIDATION_ERROR");
    let fields: Vec<&str> = err["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "exercises[0].sets[1].weight_kg",
        "exercises[0].sets[2].rpe",
        "exercises[1].sets[0].duration_seconds",
        "exercises[2].sets[0].distance_m",
        "exercises[3].sets[0].reps",
        "exercises[4].exercise_id",
    ] {
        assert!(fields.contains(&f), "{f} missing from {fields:?}");
    }
    // Nothing was stored.
    let (_, list) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn custom_workout_field_rules() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "rules@example.com").await;
    let cases = [
        (json!({"name": ""}), "name"),
        (json!({"name": "x".repeat(101)}), "name"),
        (json!({"duration_minutes": 0}), "duration_minutes"),
        (json!({"duration_minutes": 601}), "duration_minutes"),
        (json!({"session_rpe": 11}), "session_rpe"),
        (json!({"notes": "x".repeat(2001)}), "notes"),
        (json!({"exercises": []}), "exercises"),
        (json!({"unknown": 1}), "unknown"),
    ];
    for (patch, field) in cases {
        let mut body = custom_body(&app);
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, err) = app.post("/api/logs/custom", &token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {err}");
        assert_eq!(err["errors"][0]["field"], field, "{err}");
    }
    let mut body = custom_body(&app);
    body["exercises"][0]["sets"][0]["reps"] = json!(101);
    let (status, err) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "exercises[0].sets[0].reps");
    let mut body = custom_body(&app);
    body["exercises"][0]["sets"] = json!([]);
    let (status, err) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "exercises[0].sets");
    let mut body = custom_body(&app);
    body["exercises"][0]["sets"][0]["weight_kg"] = json!(1000.5);
    let (status, err) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "exercises[0].sets[0].weight_kg");
}

#[tokio::test]
async fn custom_workout_completes_the_callers_session() {
    let app = TestApp::spawn().await;
    let (token, user_id) = user(&app, "session@example.com").await;
    let session = arrange_session(&app, user_id).await;
    let mut body = custom_body(&app);
    body["session_id"] = json!(session);
    let (status, log) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{log}");
    assert_eq!(log["session_id"], session);
    assert_eq!(session_status(&app, session).await, "completed");

    // A session that does not exist is a 422 on session_id, and nothing is stored.
    let mut body = custom_body(&app);
    body["session_id"] = json!(session + 1000);
    let (status, err) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "session_id");
    let (_, list) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn top_set_e1rm_known_values_and_formula_from_the_profile() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "e1rm@example.com").await;
    // Brzycki 100 × 5 = 112.5
    let (status, log) = app
        .post(
            "/api/logs/top-set",
            &token,
            top_set(&app.day(-1), BENCH, 100.0, 5, None),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{log}");
    assert_eq!(log["kind"], "top_set");
    assert_eq!(log["name"], "Barbell Bench Press");
    assert!(close(&log["e1rm_kg"], 112.5), "{log}");
    assert_eq!(log["e1rm_formula"], "brzycki");
    assert_eq!(log["is_pr"], true);
    assert_eq!(log["previous_best_e1rm_kg"], Value::Null);
    assert!(close(&log["total_volume_kg"], 500.0));
    assert!(close(&log["muscle_sets"]["chest"], 1.0));
    assert!(close(&log["muscle_sets"]["triceps"], 0.5));
    assert_eq!(log["exercises"][0]["sets"][0]["reps"], 5);
    // With RPE 8: 5 reps count as 7 → 100·36/30 = 120.
    let (_, log) = app
        .post(
            "/api/logs/top-set",
            &token,
            top_set(&app.day(0), BENCH, 100.0, 5, Some(8.0)),
        )
        .await;
    assert!(close(&log["e1rm_kg"], 120.0), "{log}");
    assert_eq!(log["is_pr"], true);
    assert!(close(&log["previous_best_e1rm_kg"], 112.5));
    // A single is the weight itself.
    let (_, log) = app
        .post(
            "/api/logs/top-set",
            &token,
            top_set(&app.day(1), SQUAT, 140.0, 1, None),
        )
        .await;
    assert!(close(&log["e1rm_kg"], 140.0), "{log}");
    // Epley from the profile: 100 × (1 + 5/30).
    let (status, _) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"e1rm_formula": "epley"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, log) = app
        .post(
            "/api/logs/top-set",
            &token,
            top_set(&app.day(2), SQUAT, 100.0, 5, None),
        )
        .await;
    assert_eq!(log["e1rm_formula"], "epley");
    assert!(close(&log["e1rm_kg"], 100.0 * (1.0 + 5.0 / 30.0)), "{log}");
}

#[tokio::test]
async fn pr_detection_previous_best_and_unreliable_estimates() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "pr@example.com").await;
    let post = |body| app.post("/api/logs/top-set", &token, body);
    let (_, first) = post(top_set(&app.day(-1), BENCH, 100.0, 5, None)).await;
    assert_eq!(first["is_pr"], true);
    // Lower: not a PR, previous best named.
    let (_, lower) = post(top_set(&app.day(0), BENCH, 95.0, 5, None)).await;
    assert_eq!(lower["is_pr"], false);
    assert!(close(&lower["previous_best_e1rm_kg"], 112.5));
    // Equal is not a PR either.
    let (_, equal) = post(top_set(&app.day(1), BENCH, 100.0, 5, None)).await;
    assert_eq!(equal["is_pr"], false);
    // 90 × 20 estimates 180 but from 20 reps: stored, flagged, never a best or a PR.
    let (status, high) = post(top_set(&app.day(2), BENCH, 90.0, 20, None)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(high["e1rm_kg"].as_f64().unwrap() > 150.0);
    assert_eq!(high["is_pr"], false);
    assert_eq!(high["exercises"][0]["sets"][0]["e1rm_reliable"], false);
    assert_eq!(high["exercises"][0]["best_e1rm_kg"], Value::Null);
    // 5 reps at RPE 3 count as 12: still reliable (> 12 is not).
    let (_, rpe) = post(top_set(&app.day(3), BENCH, 60.0, 5, Some(3.0))).await;
    assert_eq!(rpe["exercises"][0]["sets"][0]["e1rm_reliable"], true);
    let (_, rpe) = post(top_set(&app.day(3), BENCH, 60.0, 5, Some(2.5))).await;
    assert_eq!(rpe["exercises"][0]["sets"][0]["e1rm_reliable"], false);
    // The previous best still ignores the unreliable 180.
    let (_, pr) = post(top_set(&app.day(4), BENCH, 105.0, 5, None)).await;
    assert_eq!(pr["is_pr"], true);
    assert!(close(&pr["previous_best_e1rm_kg"], 112.5), "{pr}");
    // A best from a custom workout counts too.
    let body = json!({"date": app.day(5), "name": "Heavy", "exercises": [
        {"exercise_id": BENCH, "sets": [{"reps": 3, "weight_kg": 120}]}]});
    let (status, _) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::CREATED);
    let (_, after) = post(top_set(&app.day(6), BENCH, 105.0, 5, None)).await;
    assert_eq!(after["is_pr"], false);
    assert!(
        close(&after["previous_best_e1rm_kg"], 120.0 * 36.0 / 34.0),
        "{after}"
    );
    // Other exercises are independent.
    let (_, squat) = post(top_set(&app.day(6), SQUAT, 60.0, 5, None)).await;
    assert_eq!(squat["is_pr"], true);
    assert_eq!(squat["previous_best_e1rm_kg"], Value::Null);
}

#[tokio::test]
async fn top_set_validation() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "topval@example.com").await;
    let cases = [
        (top_set(&app.day(-1), BENCH, 0.0, 5, None), "weight_kg"),
        (top_set(&app.day(-1), BENCH, -5.0, 5, None), "weight_kg"),
        (top_set(&app.day(-1), BENCH, 1000.5, 5, None), "weight_kg"),
        (top_set(&app.day(-1), BENCH, 100.0, 31, None), "reps"),
        (top_set(&app.day(-1), BENCH, 100.0, 0, None), "reps"),
        (top_set(&app.day(-1), BENCH, 100.0, 5, Some(10.3)), "rpe"),
        (top_set(&app.day(-1), BENCH, 100.0, 5, Some(0.5)), "rpe"),
        (top_set(&app.day(-1), 99999, 100.0, 5, None), "exercise_id"),
        (top_set(&app.day(-1), PLANK, 100.0, 5, None), "exercise_id"),
    ];
    for (body, field) in cases {
        let (status, err) = app.post("/api/logs/top-set", &token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {err}");
        assert_error(&err, "VALIDATION_ERROR");
        assert_eq!(err["errors"][0]["field"], field, "{err}");
    }
    let (status, err) = app
        .post(
            "/api/logs/top-set",
            &token,
            json!({"date": "2026-13-01", "exercise_id": BENCH, "weight_kg": 100, "reps": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["errors"][0]["field"], "date");
    let (_, list) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn workouts_list_newest_first_with_dates_and_paging_then_delete() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "list@example.com").await;
    for day in 1..=5 {
        let (status, _) = app
            .post(
                "/api/logs/top-set",
                &token,
                top_set(&app.day(day - 2), BENCH, 100.0, 5, None),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let dates = |v: &Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|l| l["date"].as_str().unwrap().to_owned())
            .collect()
    };
    let (status, all) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        dates(&all),
        [app.day(3), app.day(2), app.day(1), app.day(0), app.day(-1)]
    );
    let (_, page) = app.get("/api/logs/workouts?limit=2&offset=1", &token).await;
    assert_eq!(dates(&page), [app.day(2), app.day(1)]);
    let (_, range) = app
        .get(
            &format!("/api/logs/workouts?from={}&to={}", app.day(0), app.day(1)),
            &token,
        )
        .await;
    assert_eq!(dates(&range), [app.day(1), app.day(0)]);

    let (status, err) = app.get("/api/logs/workouts?from=2026-11-31", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, "BAD_REQUEST");
    let (status, _) = app.get("/api/logs/workouts?from=yesterday", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, err) = app.get("/api/logs/workouts?limit=201", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "limit");
    let (status, _) = app.get("/api/logs/workouts?limit=0", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, _) = app
        .get(
            &format!("/api/logs/workouts?from={}&to={}", app.day(3), app.day(-1)),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let id = all[0]["id"].as_i64().unwrap();
    let (status, body) = app
        .delete(&format!("/api/logs/workouts/{id}"), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"success": true}));
    let (status, err) = app.get(&format!("/api/logs/workouts/{id}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&err, "NOT_FOUND");
    let (status, _) = app
        .delete(&format!("/api/logs/workouts/{id}"), &token)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, err) = app.get("/api/logs/workouts/abc", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, "BAD_REQUEST");
    // The deleted top set no longer counts as a best.
    let (_, series) = app
        .get(&format!("/api/logs/e1rm?exercise_id={BENCH}"), &token)
        .await;
    assert_eq!(series["points"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn e1rm_series_points_and_best() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "series@example.com").await;
    app.post(
        "/api/logs/top-set",
        &token,
        top_set(&app.day(-1), BENCH, 100.0, 5, None),
    )
    .await;
    app.post(
        "/api/logs/top-set",
        &token,
        top_set(&app.day(1), BENCH, 100.0, 5, Some(8.0)),
    )
    .await;
    app.post(
        "/api/logs/top-set",
        &token,
        top_set(&app.day(2), BENCH, 90.0, 20, None),
    )
    .await;
    app.post(
        "/api/logs/top-set",
        &token,
        top_set(&app.day(2), SQUAT, 150.0, 3, None),
    )
    .await;
    // A custom workout gives one point: its best set.
    let body = json!({"date": app.day(0), "name": "Bench", "exercises": [
        {"exercise_id": BENCH, "sets": [{"reps": 8, "weight_kg": 80}, {"reps": 3, "weight_kg": 105}, {"reps": 10, "weight_kg": 70}]}]});
    app.post("/api/logs/custom", &token, body).await;

    let (status, s) = app
        .get(&format!("/api/logs/e1rm?exercise_id={BENCH}"), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["exercise_id"], BENCH);
    let points = s["points"].as_array().unwrap();
    assert_eq!(points.len(), 4, "{s}");
    let dates: Vec<&str> = points.iter().map(|p| p["date"].as_str().unwrap()).collect();
    assert_eq!(dates, [app.day(-1), app.day(0), app.day(1), app.day(2)]);
    assert!(close(&points[0]["e1rm_kg"], 112.5));
    assert!(close(&points[0]["weight_kg"], 100.0));
    assert_eq!(points[0]["reps"], 5);
    assert_eq!(points[0]["rpe"], Value::Null);
    assert!(close(&points[1]["weight_kg"], 105.0), "{s}");
    assert!(close(&points[1]["e1rm_kg"], 105.0 * 36.0 / 34.0));
    assert!(close(&points[2]["rpe"], 8.0));
    // The best is the highest reliable point, not the 20-rep estimate.
    assert!(close(&s["best_e1rm_kg"], 120.0), "{s}");

    let (_, ranged) = app
        .get(
            &format!(
                "/api/logs/e1rm?exercise_id={BENCH}&from={}&to={}",
                app.day(0),
                app.day(0)
            ),
            &token,
        )
        .await;
    assert_eq!(ranged["points"].as_array().unwrap().len(), 1);
    assert!(close(&ranged["best_e1rm_kg"], 105.0 * 36.0 / 34.0));
    let (_, empty) = app
        .get(&format!("/api/logs/e1rm?exercise_id={PUSH_UP}"), &token)
        .await;
    assert_eq!(
        empty,
        json!({"exercise_id": PUSH_UP, "best_e1rm_kg": null, "points": [],
            "working_e1rm_kg": null, "working_as_of": app.day(0), "layoff_decay": 0.0,
            "working_exposures": []})
    );

    let (status, err) = app.get("/api/logs/e1rm", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, "BAD_REQUEST");
    let (status, _) = app.get("/api/logs/e1rm?exercise_id=bench", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, err) = app.get("/api/logs/e1rm?exercise_id=99999", &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&err, "NOT_FOUND");
}

#[tokio::test]
async fn soreness_replaces_same_date_and_muscle_and_lists_newest_first() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "sore@example.com").await;
    let (status, first) = app
        .post(
            "/api/logs/soreness",
            &token,
            json!({"date": app.day(18), "muscle": "quads", "level": 7, "notes": "squats"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_eq!(first["level"], 7);
    assert_eq!(first["muscle"], "quads");
    assert_eq!(first["notes"], "squats");
    assert!(first["id"].as_i64().unwrap() > 0);
    assert!(first["created_at"].is_string());
    let (status, second) = app
        .post(
            "/api/logs/soreness",
            &token,
            json!({"date": app.day(18), "muscle": "quads", "level": 3}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(second["id"], first["id"]);
    assert_eq!(second["level"], 3);
    assert_eq!(second["notes"], Value::Null);
    app.post(
        "/api/logs/soreness",
        &token,
        json!({"date": app.day(19), "muscle": "chest", "level": 5}),
    )
    .await;
    app.post(
        "/api/logs/soreness",
        &token,
        json!({"date": app.day(17), "muscle": "quads", "level": 2}),
    )
    .await;

    let (status, list) = app.get("/api/logs/soreness", &token).await;
    assert_eq!(status, StatusCode::OK);
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 3);
    assert_eq!(list[0]["date"], app.day(19));
    assert_eq!(list[1]["date"], app.day(18));
    assert_eq!(list[1]["level"], 3);
    assert_eq!(list[2]["date"], app.day(17));
    let (_, quads) = app.get("/api/logs/soreness?muscle=quads", &token).await;
    assert_eq!(quads.as_array().unwrap().len(), 2);
    let (_, one) = app.get("/api/logs/soreness?limit=1", &token).await;
    assert_eq!(one.as_array().unwrap().len(), 1);
    assert_eq!(one[0]["date"], app.day(19));
    let (_, ranged) = app
        .get(
            &format!("/api/logs/soreness?from={}&to={}", app.day(18), app.day(18)),
            &token,
        )
        .await;
    assert_eq!(ranged.as_array().unwrap().len(), 1);

    for (body, field) in [
        (
            json!({"date": app.day(18), "muscle": "quads", "level": 11}),
            "level",
        ),
        (
            json!({"date": app.day(18), "muscle": "quads", "level": -1}),
            "level",
        ),
        (
            json!({"date": app.day(18), "muscle": "wings", "level": 1}),
            "muscle",
        ),
        (
            json!({"date": app.day(18), "muscle": "quads", "level": 1, "notes": "x".repeat(1001)}),
            "notes",
        ),
    ] {
        let (status, err) = app.post("/api/logs/soreness", &token, body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(err["errors"][0]["field"], field, "{err}");
    }
    let (status, _) = app.get("/api/logs/soreness?muscle=wings", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = app.get("/api/logs/soreness?limit=201", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

fn muscle<'a>(state: &'a Value, name: &str) -> &'a Value {
    state["muscles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["muscle"] == name)
        .unwrap()
}

#[tokio::test]
async fn recovery_state_decays_soreness_and_fatigue_over_days() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "recovery@example.com").await;
    app.post(
        "/api/logs/soreness",
        &token,
        json!({"date": app.day(17), "muscle": "chest", "level": 8}),
    )
    .await;
    // Ten sets of squats on the 18th.
    let sets: Vec<Value> = (0..10)
        .map(|_| json!({"reps": 5, "weight_kg": 100}))
        .collect();
    let (status, _) = app
        .post("/api/logs/custom", &token, json!({"date": app.day(18), "name": "Legs", "exercises": [{"exercise_id": SQUAT, "sets": sets}]}))
        .await;
    assert_eq!(status, StatusCode::CREATED);

    let (status, s) = app
        .get(
            &format!("/api/logs/recovery-state?date={}", app.day(18)),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["as_of"], app.day(18));
    assert_eq!(s["muscles"].as_array().unwrap().len(), 18);
    // Soreness 8 a day ago at the default decay rate 0.35: 8 · 0.65.
    let chest = muscle(&s, "chest");
    let expected = 8.0 * 0.65;
    assert!(close(&chest["soreness"], expected), "{chest}");
    assert!(
        close(&chest["recovery_pct"], 100.0 - expected * 10.0),
        "{chest}"
    );
    assert_eq!(chest["ready"], false);
    assert_eq!(chest["last_trained"], Value::Null);
    // Ten quad sets today: fully fatigued.
    let quads = muscle(&s, "quads");
    assert!(close(&quads["fatigue"], 10.0), "{quads}");
    assert!(close(&quads["recovery_pct"], 0.0));
    assert_eq!(quads["ready"], false);
    assert_eq!(quads["last_trained"], app.day(18));
    // Secondary muscles get half.
    assert!(close(&muscle(&s, "adductors")["fatigue"], 5.0));
    assert_eq!(muscle(&s, "biceps")["ready"], true);
    assert!(close(&muscle(&s, "biceps")["recovery_pct"], 100.0));

    // Days later both have decayed.
    let (_, later) = app
        .get(
            &format!("/api/logs/recovery-state?date={}", app.day(21)),
            &token,
        )
        .await;
    let chest = muscle(&later, "chest");
    assert!(close(&chest["soreness"], 8.0 * 0.65f64.powi(4)), "{chest}");
    let quads = muscle(&later, "quads");
    let pct = quads["recovery_pct"].as_f64().unwrap();
    assert!(pct > 60.0 && pct < 100.0, "{quads}");
    assert_eq!(quads["ready"], true);
    let (_, week) = app
        .get(
            &format!("/api/logs/recovery-state?date={}", app.day(26)),
            &token,
        )
        .await;
    assert!(close(&muscle(&week, "quads")["recovery_pct"], 100.0));
    // Before the workout nothing had happened yet.
    let (_, before) = app
        .get(
            &format!("/api/logs/recovery-state?date={}", app.day(17)),
            &token,
        )
        .await;
    assert!(close(&muscle(&before, "quads")["fatigue"], 0.0));

    let (status, _) = app
        .get("/api/logs/recovery-state?date=20261120", &token)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn recovery_state_defaults_to_today_in_the_profile_time_zone() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "tz@example.com").await;
    let (status, _) = app
        .put(
            "/api/settings/profile",
            &token,
            json!({"timezone": "Pacific/Kiritimati"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    // Noon in UTC is 02:00 the next day in Kiritimati (UTC+14).
    app.clock
        .set(gainsly_tests::test_now() + chrono::Duration::hours(3));
    let (status, s) = app.get("/api/logs/recovery-state", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(s["as_of"], app.day(1), "{s}");
}

#[tokio::test]
async fn logs_routes_require_a_token() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/logs/workouts",
        "/api/logs/e1rm?exercise_id=1",
        "/api/logs/soreness",
        "/api/logs/recovery-state",
        "/api/settings/profile",
        "/api/settings/movement-rules",
        "/api/settings/enjoyable-activities",
        "/api/exercises",
        "/api/exercises/1",
    ] {
        let res = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
    }
}

#[tokio::test]
async fn schema_goes_down_and_up_again_with_data() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "migrate@example.com").await;
    let (status, _) = app
        .post("/api/logs/custom", &token, custom_body(&app))
        .await;
    assert_eq!(status, StatusCode::CREATED);
    app.post(
        "/api/logs/soreness",
        &token,
        json!({"date": app.day(18), "muscle": "quads", "level": 4}),
    )
    .await;
    app.put("/api/settings/profile", &token, json!({"age": 30}))
        .await;
    app.db.migrate_down_all().await.unwrap();
    app.db.migrate().await.unwrap();
}

#[tokio::test]
async fn the_largest_custom_workout_is_stored_in_one_piece() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "large@example.com").await;
    let sets: Vec<Value> = (0..50)
        .map(|i| json!({"reps": 1 + i % 30, "weight_kg": 50 + i, "rpe": 8}))
        .collect();
    let exercises: Vec<Value> = (0..50)
        .map(|i| json!({"exercise_id": if i % 2 == 0 { BENCH } else { SQUAT }, "sets": sets}))
        .collect();
    let (status, log) = app
        .post(
            "/api/logs/custom",
            &token,
            json!({"date": app.day(18), "name": "Marathon", "exercises": exercises}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{log}");
    let id = log["id"].as_i64().unwrap();
    let (_, got) = app.get(&format!("/api/logs/workouts/{id}"), &token).await;
    assert_eq!(got, log);
    let total: usize = got["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["sets"].as_array().unwrap().len())
        .sum();
    assert_eq!(total, 2500);
    assert!(close(&got["muscle_sets"]["chest"], 1250.0));
    // 51 exercises or 51 sets are too many.
    let mut body = json!({"date": app.day(18), "name": "Too much", "exercises": exercises});
    body["exercises"]
        .as_array_mut()
        .unwrap()
        .push(json!({"exercise_id": BENCH, "sets": [{"reps": 1, "weight_kg": 1}]}));
    let (status, err) = app.post("/api/logs/custom", &token, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "exercises");
}
