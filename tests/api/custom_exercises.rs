//! Names an import cannot match become the user's own custom exercises:
//! every set is stored, the exercise is readable by id (by its owner only),
//! logs, the export and the e1RM history name it, and undo removes what the
//! import created.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::imports::{import, strong_csv};
use crate::logs::{BENCH, user};

const CUSTOM_ID_BASE: i64 = 1_000_000;

async fn logs(app: &TestApp, token: &str) -> Vec<Value> {
    let (status, body) = app.get("/api/logs/workouts?limit=200", token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body.as_array().unwrap().clone()
}

/// Every stored set of the user's logs.
async fn stored_sets(app: &TestApp, token: &str) -> usize {
    logs(app, token)
        .await
        .iter()
        .flat_map(|l| l["exercises"].as_array().unwrap().clone())
        .map(|e| e["sets"].as_array().unwrap().len())
        .sum()
}

/// The custom exercise id the report gives `name`.
fn custom_id(report: &Value, name: &str) -> i64 {
    report["unmatched"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("{name} unmatched: {report}"))["custom_exercise_id"]
        .as_i64()
        .unwrap_or_else(|| panic!("{name} has a custom exercise: {report}"))
}

/// One workout `days` ago with one unknown weighted exercise and a known one.
fn file_with(app: &TestApp, days: i64, unknown: &str) -> String {
    format!(
        "Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n\
         {d} 09:00:00,Extra,{unknown},1,20,12\n\
         {d} 09:00:00,Extra,{unknown},2,22.5,10\n\
         {d} 09:00:00,Extra,Bench Press (Barbell),1,80,5\n",
        d = app.day(days)
    )
}

#[tokio::test]
async fn unknown_names_become_custom_exercises_and_no_set_is_dropped() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "custom@example.com").await;
    let csv = strong_csv(&app);

    // A dry run names no custom exercise yet (it would create one).
    let (status, dry) = import(&app, &token, "?dry_run=true", &csv).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["unmatched"][0]["custom_exercise_id"], Value::Null);

    let (status, r) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    assert_eq!(r["sets"], 6);
    assert_eq!(stored_sets(&app, &token).await, 6, "every set is stored");
    let cid = custom_id(&r, "Underwater Basket Weaving");
    assert!(cid > CUSTOM_ID_BASE, "{cid}");
    assert!(r["unmatched"][0]["suggestions"].is_array(), "{r}");

    // The log names it; the exercise reads by id.
    let push = logs(&app, &token)
        .await
        .into_iter()
        .find(|l| l["name"] == "Push")
        .unwrap();
    let custom = push["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["exercise_id"] == cid)
        .cloned()
        .unwrap_or_else(|| panic!("{push}"));
    assert_eq!(custom["name"], "Underwater Basket Weaving");
    assert_eq!(custom["sets"].as_array().unwrap().len(), 1);
    let (status, ex) = app.get(&format!("/api/exercises/{cid}"), &token).await;
    assert_eq!(status, StatusCode::OK, "{ex}");
    assert_eq!(ex["id"], cid);
    assert_eq!(ex["name"], "Underwater Basket Weaving");
    assert_eq!(ex["tracking"], "weight_reps");
    assert_eq!(ex["custom"], true);
    assert_eq!(ex["import_id"], r["id"]);
    // The catalog list does not hold it.
    let (_, list) = app.get("/api/exercises?limit=200", &token).await;
    assert!(list.as_array().unwrap().iter().all(|e| e["id"] != cid));

    // Its e1RM history: 10 kg × 10 (Brzycki 13.3 kg).
    let (status, series) = app
        .get(&format!("/api/logs/e1rm?exercise_id={cid}"), &token)
        .await;
    assert_eq!(status, StatusCode::OK, "{series}");
    assert_eq!(series["points"].as_array().unwrap().len(), 1, "{series}");
    assert!(series["best_e1rm_kg"].as_f64().unwrap() > 10.0, "{series}");

    // Importing the file again adds nothing; a dry run now names the exercise.
    let (status, again) = import(&app, &token, "", &csv).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(
        (again["workouts"].as_u64(), again["sets"].as_u64()),
        (Some(0), Some(0))
    );
    assert_eq!(stored_sets(&app, &token).await, 6);
    let (_, dry) = import(
        &app,
        &token,
        "?dry_run=true",
        &file_with(&app, -10, "Underwater Basket Weaving"),
    )
    .await;
    assert_eq!(custom_id(&dry, "Underwater Basket Weaving"), cid);

    // A later file with the same name reuses the exercise.
    let (status, later) = import(
        &app,
        &token,
        "",
        &file_with(&app, -10, "Underwater Basket Weaving"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{later}");
    assert_eq!(custom_id(&later, "Underwater Basket Weaving"), cid);
    assert_eq!(stored_sets(&app, &token).await, 9);
    let (_, doc) = app.get("/api/export", &token).await;
    assert_eq!(
        doc["custom_exercises"].as_array().unwrap().len(),
        1,
        "{doc}"
    );

    // Mapping the name to the catalog applies to later imports; the sets
    // already imported stay on the custom exercise.
    let (status, _) = app
        .put(
            "/api/settings/exercise-aliases",
            &token,
            json!({"Underwater Basket Weaving": BENCH}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, mapped) = import(
        &app,
        &token,
        "",
        &file_with(&app, -12, "Underwater Basket Weaving"),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{mapped}");
    assert_eq!(mapped["unmatched"], json!([]), "{mapped}");
    let (_, series) = app
        .get(&format!("/api/logs/e1rm?exercise_id={cid}"), &token)
        .await;
    assert_eq!(series["points"].as_array().unwrap().len(), 2, "{series}");
}

#[tokio::test]
async fn undo_removes_the_custom_exercises_the_import_created() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "undo-custom@example.com").await;
    let (status, first) = import(&app, &token, "", &file_with(&app, -3, "Sled Drag Thing")).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let cid = custom_id(&first, "Sled Drag Thing");
    let (status, second) = import(&app, &token, "", &file_with(&app, -6, "Sled Drag Thing")).await;
    assert_eq!(status, StatusCode::CREATED, "{second}");
    assert_eq!(custom_id(&second, "Sled Drag Thing"), cid);

    // Undoing the creating import keeps the exercise the other import still uses…
    let (status, _) = app
        .delete(&format!("/api/imports/{}", first["id"]), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, ex) = app.get(&format!("/api/exercises/{cid}"), &token).await;
    assert_eq!(status, StatusCode::OK, "{ex}");
    assert_eq!(
        ex["import_id"], second["id"],
        "it passes to the import using it"
    );
    assert_eq!(stored_sets(&app, &token).await, 3);
    // …and undoing the last one that uses it removes it.
    let (status, _) = app
        .delete(&format!("/api/imports/{}", second["id"]), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = app.get(&format!("/api/exercises/{cid}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_error(&body, "NOT_FOUND");
    let (_, doc) = app.get("/api/export", &token).await;
    assert_eq!(doc["custom_exercises"], json!([]), "{doc}");
    assert_eq!(doc["workout_logs"], json!([]));

    // A fresh import of one file creates it again, and its undo removes it.
    let (_, third) = import(&app, &token, "", &file_with(&app, -3, "Sled Drag Thing")).await;
    let again = custom_id(&third, "Sled Drag Thing");
    let (status, _) = app
        .delete(&format!("/api/imports/{}", third["id"]), &token)
        .await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = app.get(&format!("/api/exercises/{again}"), &token).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn custom_exercise_bola_another_users_id_is_not_found() {
    let app = TestApp::spawn().await;
    let (alice, _) = user(&app, "alice-custom@example.com").await;
    let (bob, _) = user(&app, "bob-custom@example.com").await;
    let (status, r) = import(&app, &alice, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED, "{r}");
    let cid = custom_id(&r, "Underwater Basket Weaving");
    let (_, missing) = app
        .get(
            &format!("/api/exercises/{}", CUSTOM_ID_BASE + 999_999),
            &bob,
        )
        .await;
    for path in [
        format!("/api/exercises/{cid}"),
        format!("/api/logs/e1rm?exercise_id={cid}"),
    ] {
        let (status, body) = app.get(&path, &bob).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "GET {path}: {body}");
        assert_error(&body, "NOT_FOUND");
        if path.starts_with("/api/exercises/") {
            assert_eq!(body, missing, "same as a missing id");
        }
    }
    // Bob's import of the same name gets his own exercise.
    let (status, own) = import(&app, &bob, "", &strong_csv(&app)).await;
    assert_eq!(status, StatusCode::CREATED, "{own}");
    assert_ne!(custom_id(&own, "Underwater Basket Weaving"), cid);
    let (_, doc) = app.get("/api/export", &bob).await;
    assert_eq!(doc["custom_exercises"].as_array().unwrap().len(), 1);
    let (status, _) = app.get(&format!("/api/exercises/{cid}"), &alice).await;
    assert_eq!(status, StatusCode::OK);
}
