//! After the cleanup job rolls old detail into weekly summaries, e1RM history,
//! PR detection and suggested loads still see the old best.

use gainsly_tests::TestApp;
use reqwest::StatusCode;
use serde_json::json;

#[tokio::test]
async fn e1rm_history_survives_the_roll_up() {
    let app = TestApp::spawn().await;
    let token = app.user_token("rollup@example.com").await;
    let old = app.day(-120);
    // Barbell back squat (id 1): 100 kg × 5 → Brzycki 112.5 kg, 120 days ago.
    let (status, log) = app
        .post(
            "/api/logs/top-set",
            &token,
            json!({"date": old, "exercise_id": 1, "weight_kg": 100, "reps": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{log}");
    let report = gainsly_worker::jobs::cleanup(
        &app.db,
        None,
        gainsly_tests::test_now(),
        &gainsly_worker::NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(report.users, 1, "{report:?}");
    // The detail is gone…
    let (_, logs) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(logs, json!([]), "old detail was rolled up");
    // …but its best lives on.
    let (status, series) = app.get("/api/logs/e1rm?exercise_id=1", &token).await;
    assert_eq!(status, StatusCode::OK, "{series}");
    assert_eq!(series["best_e1rm_kg"], 112.5, "{series}");
    assert_eq!(series["points"].as_array().unwrap().len(), 1);
    // A lighter top set today is not a PR against the rolled-up best.
    let today = app.day(0);
    let (_, top) = app
        .post(
            "/api/logs/top-set",
            &token,
            json!({"date": today, "exercise_id": 1, "weight_kg": 90, "reps": 5}),
        )
        .await;
    assert_eq!(top["is_pr"], false, "{top}");
    assert_eq!(top["previous_best_e1rm_kg"], 112.5);
}
