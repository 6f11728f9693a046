//! After the cleanup job rolls old detail into weekly summaries, e1RM history,
//! PR detection and suggested loads still see the old best.

use gainsly_tests::TestApp;
use gainsly_worker::jobs::CleanupReport;
use reqwest::StatusCode;
use serde_json::json;

/// Runs the cleanup job at `TEST_NOW`: detail older than 90 days is rolled
/// into its week's summary.
pub(crate) async fn roll_up(app: &TestApp) -> CleanupReport {
    gainsly_worker::jobs::cleanup(
        &app.db,
        None,
        gainsly_tests::test_now(),
        &gainsly_worker::NoProgress,
    )
    .await
    .unwrap()
}

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
    let report = roll_up(&app).await;
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

#[tokio::test]
async fn undoing_an_import_removes_its_share_of_rolled_up_weeks() {
    let app = TestApp::spawn().await;
    let token = app.user_token("rollup-undo@example.com").await;
    let old = app.date(-120);
    // Logged by hand in the old week: squat 100 kg × 5 (Brzycki 112.5 kg).
    let (status, _) = app
        .post(
            "/api/logs/top-set",
            &token,
            json!({"date": old, "exercise_id": 1, "weight_kg": 100, "reps": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    // Imported into the same week: squat 120 kg × 5 (135 kg) and a bench press.
    let csv = format!(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
         {old} 10:00:00,Old,Squat (Barbell),1,120,5\n\
         {old} 10:00:00,Old,Bench Press (Barbell),1,80,5\n\
         {recent} 10:00:00,Recent,Squat (Barbell),1,100,5\n",
        recent = app.day(-2)
    );
    let (status, r) = crate::imports::import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let import_id = r["id"].as_i64().unwrap();
    let bench = r["matched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Bench Press (Barbell)")
        .unwrap()["exercise_id"]
        .as_i64()
        .unwrap();
    roll_up(&app).await;
    let (_, series) = app.get("/api/logs/e1rm?exercise_id=1", &token).await;
    assert_eq!(series["best_e1rm_kg"], 135.0, "{series}");
    let (_, logs) = app.get("/api/logs/workouts", &token).await;
    assert_eq!(logs.as_array().unwrap().len(), 1, "old detail rolled up");

    let (status, _) = app
        .delete(&format!("/api/imports/{import_id}"), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    // Only what was logged by hand is left of the old week.
    let (_, series) = app.get("/api/logs/e1rm?exercise_id=1", &token).await;
    assert_eq!(series["best_e1rm_kg"], 112.5, "{series}");
    assert_eq!(series["points"].as_array().unwrap().len(), 1, "{series}");
    let (_, series) = app
        .get(&format!("/api/logs/e1rm?exercise_id={bench}"), &token)
        .await;
    assert_eq!(series["points"], json!([]), "{series}");
    let summaries = gainsly_db::repo::rollup::summaries(&app.db, user_id(&app, &token).await)
        .await
        .unwrap();
    assert_eq!(summaries.len(), 1, "{summaries:?}");
    assert_eq!(summaries[0].workouts, 1, "{summaries:?}");
}

async fn user_id(app: &TestApp, token: &str) -> i64 {
    let (status, me) = app.get("/api/auth/me", token).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    me["id"].as_i64().unwrap()
}
