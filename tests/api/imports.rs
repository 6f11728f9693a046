//! `/api/imports`: dry run, import, duplicates, undo, the 413, malformed
//! files, exercise matching and aliases, effects on e1RM and recovery.

use gainsly_tests::{TestApp, assert_error, into_parts};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::logs::{BENCH, SQUAT, user};

/// POSTs a raw CSV body to `/api/imports{query}`.
pub async fn import(app: &TestApp, token: &str, query: &str, csv: &str) -> (StatusCode, Value) {
    let res = app
        .client
        .post(app.url(&format!("/api/imports{query}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    into_parts(res).await
}

/// A Strong export (comma, with `Duration`): two workouts 3 and 1 days ago,
/// a warm-up, a rest timer, float noise, emoji and one unknown exercise.
pub fn strong_csv(app: &TestApp) -> String {
    let (d1, d2) = (app.date(-3), app.date(-1));
    format!(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\r\n\
         {d1} 18:00:00,Legs 🦵,56m,Squat (Barbell),W,60,5,0,0,,,\r\n\
         {d1} 18:00:00,Legs 🦵,56m,Squat (Barbell),1,100,5,0,0,,,8\r\n\
         {d1} 18:00:00,Legs 🦵,56m,Squat (Barbell),2,100,5,0,0,,,\r\n\
         {d1} 18:00:00,Legs 🦵,56m,Squat (Barbell),Rest Timer,0,0,0,90,,,\r\n\
         {d2} 07:30:00,Push,1h 2m,Bench Press (Barbell),1,80,5,0,0,,,\r\n\
         {d2} 07:30:00,Push,1h 2m,Bench Press (Barbell),D,74.99999999999999,8,0,0,,,\r\n\
         {d2} 07:30:00,Push,1h 2m,Underwater Basket Weaving,1,10,10,0,0,,,\r\n"
    )
}

async fn logs(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app.get("/api/logs/workouts?limit=200", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

#[tokio::test]
async fn a_dry_run_reports_and_stores_nothing() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "dry@example.com").await;
    let (status, r) = import(&app, &token, "?dry_run=true", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["id"], Value::Null);
    assert_eq!(r["source"], "strong");
    assert_eq!(r["dialect"], "strong_comma_duration");
    assert_eq!(r["workouts"], 2);
    assert_eq!(r["sets"], 6, "{r}");
    assert_eq!(r["warmup_sets"], 1);
    assert_eq!(r["duplicates"], 0);
    assert_eq!(r["date_from"], app.day(-3));
    assert_eq!(r["date_to"], app.day(-1));
    assert_eq!(r["units"], "kg");
    let matched = r["matched"].as_array().unwrap();
    let by_name = |n: &str| matched.iter().find(|m| m["name"] == n).cloned();
    assert_eq!(by_name("Squat (Barbell)").unwrap()["exercise_id"], SQUAT);
    assert_eq!(by_name("Squat (Barbell)").unwrap()["sets"], 3);
    assert_eq!(
        by_name("Bench Press (Barbell)").unwrap()["exercise_id"],
        BENCH
    );
    let unmatched = r["unmatched"].as_array().unwrap();
    assert_eq!(unmatched.len(), 1, "{r}");
    assert_eq!(unmatched[0]["name"], "Underwater Basket Weaving");
    assert_eq!(unmatched[0]["sets"], 1);
    assert!(unmatched[0]["suggestions"].is_array());
    assert!(r["skipped_rows"].is_array());

    assert!(
        logs(&app, &token).await.is_empty(),
        "a dry run stores nothing"
    );
    let (status, list) = app.get("/api/imports", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn importing_twice_adds_nothing_and_undo_restores_the_previous_state() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "twice@example.com").await;
    // A workout logged by hand stays through the import and its undo.
    let (status, own) = app
        .post(
            "/api/logs/top-set",
            &token,
            json!({"date": app.day(-2), "exercise_id": BENCH, "weight_kg": 70, "reps": 5}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    let before = logs(&app, &token).await;

    let csv = strong_csv(&app);
    let (status, first) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let id = first["id"].as_i64().expect("an id");
    assert_eq!(first["workouts"], 2);
    assert!(first["created_at"].is_string());
    let after = logs(&app, &token).await;
    assert_eq!(after.len(), before.len() + 2);
    let legs = after.iter().find(|l| l["name"] == "Legs 🦵").unwrap();
    assert_eq!(legs["date"], app.day(-3));
    assert_eq!(legs["duration_minutes"], 56);
    assert_eq!(legs["kind"], "custom");
    let legs_sets = legs["exercises"][0]["sets"].as_array().unwrap();
    let kinds: Vec<&str> = legs_sets
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["warmup", "normal", "normal"]);
    assert_eq!(
        legs_sets[0]["e1rm_kg"],
        Value::Null,
        "a warm-up has no e1RM"
    );
    assert_eq!(legs["total_volume_kg"], 1000.0, "warm-ups are no volume");
    assert_eq!(
        legs["muscle_sets"]["quads"], 2.0,
        "warm-ups are no sets: {legs}"
    );
    let push = after.iter().find(|l| l["name"] == "Push").unwrap();
    let push_sets = push["exercises"][0]["sets"].as_array().unwrap();
    assert_eq!(push_sets.len(), 2);
    assert_eq!(
        push["exercises"][1]["name"], "Underwater Basket Weaving",
        "the unmatched exercise is stored as a custom exercise: {push}"
    );
    assert_eq!(push_sets[1]["kind"], "dropset");
    assert_eq!(push_sets[1]["weight_kg"], 75.0, "float noise rounded");

    let (status, again) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["workouts"], 0);
    assert_eq!(again["sets"], 0);
    assert_eq!(again["duplicates"], 2);
    assert_eq!(logs(&app, &token).await.len(), after.len(), "nothing added");

    let (status, list) = app.get("/api/imports", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert_eq!(list[1]["id"], id, "newest first");
    let (status, got) = app.get(&format!("/api/imports/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, first);

    let (status, body) = app.delete(&format!("/api/imports/{id}"), &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"success": true}));
    assert_eq!(
        logs(&app, &token).await,
        before,
        "undo restores the previous state"
    );
    let custom = first["unmatched"][0]["custom_exercise_id"]
        .as_i64()
        .unwrap();
    let (status, _) = app.get(&format!("/api/exercises/{custom}"), &token).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "the import's custom exercise went too"
    );
    let (status, body) = app.get(&format!("/api/imports/{id}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NOT_FOUND");
    let (status, _) = app.delete(&format!("/api/imports/{id}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // After the undo the same file imports again.
    let (status, third) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(third["workouts"], 2);
}

#[tokio::test]
async fn imported_history_feeds_e1rm_and_recovery_but_warmups_do_not() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "feeds@example.com").await;
    let (status, _) = import(&app, &token, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, e) = app
        .get(&format!("/api/logs/e1rm?exercise_id={SQUAT}"), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{e}");
    let points = e["points"].as_array().unwrap();
    assert_eq!(points.len(), 1, "{e}");
    // Brzycki with RPE 8: 5 + 2 reps = 100 * 36 / 30.
    let best = e["best_e1rm_kg"].as_f64().unwrap();
    assert!((best - 120.0).abs() < 1e-6, "{e}");
    assert_eq!(
        points[0]["weight_kg"], 100.0,
        "the warm-up never is the best set"
    );

    let (status, rec) = app
        .get(
            &format!("/api/logs/recovery-state?date={}", app.day(0)),
            &token,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{rec}");
    let quads = rec["muscles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["muscle"] == "quads")
        .unwrap()
        .clone();
    assert_eq!(quads["last_trained"], app.day(-3), "{quads}");
    assert!(quads["fatigue"].as_f64().unwrap() > 0.0, "{quads}");
}

#[tokio::test]
async fn hevy_and_fitnotes_exports_import_with_their_counts_and_units() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "apps@example.com").await;
    let hevy = include_str!("../../crates/import/tests/fixtures/hevy_lbs.csv");
    let (status, r) = import(&app, &token, "?source=hevy", hevy).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["source"], "hevy");
    assert_eq!(r["units"], "lb");
    assert!(r["workouts"].as_u64().unwrap() >= 1);
    let stored = logs(&app, &token).await;
    assert_eq!(stored.len() as u64, r["workouts"].as_u64().unwrap(), "{r}");
    let squat = stored
        .iter()
        .flat_map(|l| l["exercises"].as_array().unwrap().clone())
        .find(|e| e["exercise_id"] == SQUAT)
        .expect("the squat is stored");
    // 225 lb, converted exactly once.
    let kg = squat["sets"][0]["weight_kg"].as_f64().unwrap();
    assert!((kg - 102.058).abs() < 0.001, "{kg}");

    let fitnotes = include_str!("../../crates/import/tests/fixtures/fitnotes.csv");
    let (status, r) = import(&app, &token, "?source=auto&tz=Europe/Berlin", fitnotes).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["source"], "fitnotes");
    assert_eq!(r["dialect"], "fitnotes");
    assert!(r["workouts"].as_u64().unwrap() >= 1);
}

#[tokio::test]
async fn a_body_over_20_mib_is_413() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "big@example.com").await;
    let mut csv = strong_csv(&app);
    csv.push_str(&"x".repeat(20 * 1024 * 1024));
    let (status, body) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_error(&body, "PAYLOAD_TOO_LARGE");
    assert!(logs(&app, &token).await.is_empty());
}

#[tokio::test]
async fn malformed_and_unknown_files_are_422_and_store_nothing() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "bad@example.com").await;
    let (status, body) = import(&app, &token, "", "Day,Lift,Kilos\nMonday,Squat,100\n").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_error(&body, "VALIDATION_ERROR");
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("Strong") && message.contains("Hevy") && message.contains("FitNotes"),
        "{message}"
    );

    // A bad number on line 3, after a good workout: nothing of the file is stored.
    let d = app.day(-2);
    let csv = format!(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
         {d} 10:00:00,A,Squat (Barbell),1,100,5\n\
         {d} 11:00:00,B,Squat (Barbell),1,lots,5\n"
    );
    let (status, body) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "body (line 3)", "{body}");
    assert!(
        body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 3")
    );
    assert!(logs(&app, &token).await.is_empty());
    let (_, list) = app.get("/api/imports", &token).await;
    assert_eq!(list, json!([]));

    let (status, body) = import(&app, &token, "?source=hevy", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = import(&app, &token, "?source=garmin", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "source");
    let (status, body) = import(&app, &token, "?tz=Mars/Olympus", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["errors"][0]["field"], "tz");
    let (status, body) = import(&app, &token, "?dry_run=maybe", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
}

#[tokio::test]
async fn aliases_map_unmatched_names_for_later_imports() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "alias@example.com").await;
    let (status, body) = app
        .put(
            "/api/settings/exercise-aliases",
            &token,
            json!({"Underwater Basket Weaving": BENCH}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body, json!({"Underwater Basket Weaving": BENCH}));
    let (status, r) = import(&app, &token, "?dry_run=true", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(r["unmatched"], json!([]), "{r}");
    let mapped = r["matched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["name"] == "Underwater Basket Weaving")
        .cloned()
        .unwrap();
    assert_eq!(mapped["exercise_id"], BENCH);

    let (status, body) = app
        .put(
            "/api/settings/exercise-aliases",
            &token,
            json!({"X": 999_999}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn imports_are_private_to_their_user() {
    let app = TestApp::spawn().await;
    let (alice, _) = user(&app, "alice-imp@example.com").await;
    let (bob, _) = user(&app, "bob-imp@example.com").await;
    let (status, r) = import(&app, &alice, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = r["id"].as_i64().unwrap();
    let (status, _) = app.get(&format!("/api/imports/{id}"), &bob).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app.delete(&format!("/api/imports/{id}"), &bob).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (_, list) = app.get("/api/imports", &bob).await;
    assert_eq!(list, json!([]));
    // Bob's import of the same file is no duplicate of Alice's workouts.
    let (status, r) = import(&app, &bob, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(r["workouts"], 2);
    assert_eq!(logs(&app, &alice).await.len(), 2);
    let (status, _) = app.get(&format!("/api/imports/{id}"), &alice).await;
    assert_eq!(status, StatusCode::OK);
}

/// A Strong export of `sets` sets: 5 exercises × 5 sets a workout, one
/// workout a day going back from yesterday.
pub fn big_strong_csv(app: &TestApp, sets: usize) -> String {
    let names = [
        "Squat (Barbell)",
        "Bench Press (Barbell)",
        "Deadlift (Barbell)",
        "Overhead Press (Barbell)",
        "Lat Pulldown (Cable)",
    ];
    let mut csv = String::from(
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE\n",
    );
    for i in 0..sets {
        let workout = i / 25;
        let day = app.date(-1 - workout as i64);
        let name = names[(i / 5) % 5];
        let order = i % 5 + 1;
        let weight = 60 + (i % 7) * 5;
        csv.push_str(&format!(
            "{day} 18:00:00,Day {workout},1h 2m,{name},{order},{weight},5,0,0,,,8\n"
        ));
    }
    csv
}

/// Not a pass/fail test: prints how long a 10,000-set import takes here
/// (`cargo test [--release] -p gainsly-tests --test api imports::timing -- --ignored --nocapture`).
#[tokio::test]
#[ignore = "a measurement, run by hand"]
async fn timing_of_a_10000_set_import() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "timing@example.com").await;
    let csv = big_strong_csv(&app, 10_000);
    let mut times = Vec::new();
    for round in 0..3 {
        let started = std::time::Instant::now();
        let (status, r) = import(&app, &token, "", &csv).await;
        let elapsed = started.elapsed();
        assert_eq!(status, StatusCode::CREATED, "{r}");
        assert_eq!(r["sets"], 10_000);
        times.push(elapsed);
        let (status, _) = app
            .delete(&format!("/api/imports/{}", r["id"]), &token)
            .await;
        assert_eq!(status, StatusCode::OK);
        println!(
            "round {round}: 10,000 sets ({} bytes) imported in {elapsed:?}",
            csv.len()
        );
    }
    times.sort();
    println!("median {:?}", times[1]);
}

#[tokio::test]
async fn every_format_and_dialect_reads_with_its_workout_and_set_counts() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "formats@example.com").await;
    macro_rules! fixture {
        ($name:literal) => {
            include_str!(concat!("../../crates/import/tests/fixtures/", $name))
        };
    }
    let cases = [
        (fixture!("strong_comma.csv"), "strong", "strong_comma", 2, 5),
        (
            fixture!("strong_semicolon_header_units.csv"),
            "strong",
            "strong_semicolon_header_units",
            2,
            4,
        ),
        (
            fixture!("strong_semicolon_row_units.csv"),
            "strong",
            "strong_semicolon_row_units",
            1,
            4,
        ),
        (fixture!("hevy_kg.csv"), "hevy", "hevy", 2, 6),
        (fixture!("hevy_lbs.csv"), "hevy", "hevy", 1, 2),
        (fixture!("fitnotes.csv"), "fitnotes", "fitnotes", 2, 5),
        (
            fixture!("fitnotes_unquoted_commas.csv"),
            "fitnotes",
            "fitnotes",
            1,
            3,
        ),
        (
            fixture!("fitnotes_header_units.csv"),
            "fitnotes",
            "fitnotes_header_units",
            1,
            2,
        ),
    ];
    for (csv, source, dialect, workouts, sets) in cases {
        let (status, r) = import(&app, &token, "?dry_run=true", csv).await;
        assert_eq!(status, StatusCode::OK, "{dialect}: {r}");
        assert_eq!(
            (r["source"].as_str(), r["dialect"].as_str()),
            (Some(source), Some(dialect)),
            "{r}"
        );
        assert_eq!(
            (r["workouts"].as_u64(), r["sets"].as_u64()),
            (Some(workouts), Some(sets)),
            "{dialect}: {r}"
        );
    }

    // Strong's comma layout has no units: values are in the profile's display unit.
    let (status, _) = app
        .put("/api/settings/profile", &token, json!({"units": "lb"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let csv = fixture!("strong_comma_duration.csv");
    let (status, r) = import(&app, &token, "", csv).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(
        (r["workouts"].as_u64(), r["sets"].as_u64()),
        (Some(2), Some(9)),
        "{r}"
    );
    assert_eq!(r["dialect"], "strong_comma_duration");
    let (_, logs) = app.get("/api/logs/workouts", &token).await;
    let bench = logs
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|l| l["exercises"].as_array().unwrap().clone())
        .find(|e| e["exercise_id"] == BENCH)
        .expect("bench stored");
    // 185 lb, converted once.
    let kg = bench["sets"][1]["weight_kg"].as_f64().unwrap();
    assert!((kg - 83.915).abs() < 0.001, "{bench}");
}

#[tokio::test]
async fn workouts_of_weeks_already_rolled_up_are_duplicates() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "rolled@example.com").await;
    let old = app.date(-120);
    let csv = format!(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
         {old} 10:00:00,Old,Squat (Barbell),1,100,5\n\
         {recent} 10:00:00,Recent,Squat (Barbell),1,100,5\n",
        recent = app.day(-2)
    );
    let (status, r) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["workouts"], 2);
    // The cleanup job rolls the 120-day-old workout into its week's summary.
    crate::rollup::roll_up(&app).await;
    assert_eq!(logs(&app, &token).await.len(), 1, "old detail rolled up");
    // Importing the file again adds neither workout: the old one is in its summary.
    let (status, r) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(
        (r["workouts"].as_u64(), r["duplicates"].as_u64()),
        (Some(0), Some(2)),
        "{r}"
    );
    let (_, series) = app
        .get(&format!("/api/logs/e1rm?exercise_id={SQUAT}"), &token)
        .await;
    assert_eq!(series["points"].as_array().unwrap().len(), 2, "{series}");
}

#[tokio::test]
async fn two_imports_of_one_file_at_once_store_it_once() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "double-click@example.com").await;
    let csv = strong_csv(&app);
    let (a, b) = tokio::join!(
        import(&app, &token, "", &csv),
        import(&app, &token, "", &csv)
    );
    assert_eq!(
        (a.0, b.0),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{} {}",
        a.1,
        b.1
    );
    let mut stored = [a.1["workouts"].as_u64(), b.1["workouts"].as_u64()];
    stored.sort();
    assert_eq!(stored, [Some(0), Some(2)], "{} {}", a.1, b.1);
    assert_eq!(logs(&app, &token).await.len(), 2);
}
