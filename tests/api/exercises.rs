//! `/api/exercises`: the catalog with filters and paging.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::Value;

use crate::logs::user;

fn ids(v: &Value) -> Vec<i64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn catalog_lists_pages_and_filters() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "catalog@example.com").await;
    let (status, page) = app.get("/api/exercises", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        ids(&page),
        (1..=50).collect::<Vec<_>>(),
        "default limit 50, id order"
    );
    let (_, page) = app.get("/api/exercises?limit=3&offset=66", &token).await;
    assert_eq!(ids(&page), [67, 68, 69]);
    let (_, all) = app.get("/api/exercises?limit=200&offset=200", &token).await;
    assert_eq!(all.as_array().unwrap().len(), 151, "351 exercises in all");
    let (_, none) = app.get("/api/exercises?offset=1000", &token).await;
    assert_eq!(none, serde_json::json!([]));

    let (_, chest) = app
        .get("/api/exercises?muscle=chest&limit=200", &token)
        .await;
    let chest = chest.as_array().unwrap();
    assert!(!chest.is_empty());
    assert!(chest.iter().all(|e| {
        e["primary_muscles"]
            .as_array()
            .unwrap()
            .contains(&"chest".into())
    }));
    let (_, primary) = app
        .get(
            "/api/exercises?muscle=triceps&role=primary&limit=200",
            &token,
        )
        .await;
    let (_, default_role) = app
        .get("/api/exercises?muscle=triceps&limit=200", &token)
        .await;
    assert_eq!(primary, default_role, "role defaults to primary");
    let (_, any) = app
        .get("/api/exercises?muscle=triceps&role=any&limit=200", &token)
        .await;
    let has = |e: &Value, key: &str| e[key].as_array().unwrap().contains(&Value::from("triceps"));
    let any = any.as_array().unwrap();
    assert!(
        any.iter()
            .all(|e| has(e, "primary_muscles") || has(e, "secondary_muscles")),
        "role=any: every exercise works the muscle"
    );
    assert!(
        ids(&Value::Array(any.clone())).contains(&67),
        "role=any: the bench press (triceps secondary)"
    );
    assert!(
        !ids(&primary).contains(&67),
        "role=primary: not the bench press"
    );
    let primary_ids = ids(&primary);
    assert!(
        primary_ids
            .iter()
            .all(|id| ids(&Value::Array(any.clone())).contains(id)),
        "role=any includes every primary match"
    );
    let (status, err) = app
        .get("/api/exercises?muscle=triceps&role=some", &token)
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, "BAD_REQUEST");
    let (_, hinge) = app
        .get(
            "/api/exercises?pattern=hinge&equipment=barbell&limit=200",
            &token,
        )
        .await;
    let hinge = hinge.as_array().unwrap();
    assert!(
        ids(&Value::Array(hinge.clone())).contains(&25),
        "barbell deadlift"
    );
    assert!(hinge.iter().all(|e| {
        e["movement_pattern"] == "hinge"
            && e["equipment"]
                .as_array()
                .unwrap()
                .contains(&"barbell".into())
    }));
    let (_, q) = app
        .get("/api/exercises?q=BENCH%20press&muscle=chest", &token)
        .await;
    assert!(ids(&q).contains(&67));
    assert!(q.as_array().unwrap().iter().all(|e| {
        e["name"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("bench press")
    }));
    let (_, slug) = app.get("/api/exercises?q=barbell-back-squat", &token).await;
    assert_eq!(ids(&slug), [1, 4], "slug substring: the paused variant too");

    let (status, err) = app.get("/api/exercises?limit=201", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["errors"][0]["field"], "limit");
    let (status, _) = app.get("/api/exercises?limit=0", &token).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (status, err) = app.get("/api/exercises?muscle=wings", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&err, "BAD_REQUEST");
    let (status, _) = app.get("/api/exercises?offset=-1", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn one_exercise_by_id() {
    let app = TestApp::spawn().await;
    let (token, _) = user(&app, "exercise@example.com").await;
    let (status, e) = app.get("/api/exercises/67", &token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(e["id"], 67);
    assert_eq!(e["slug"], "barbell-bench-press");
    assert_eq!(e["name"], "Barbell Bench Press");
    assert_eq!(e["movement_pattern"], "horizontal_push");
    assert_eq!(e["mechanics"], "compound");
    assert_eq!(e["primary_muscles"], serde_json::json!(["chest"]));
    assert_eq!(e["tracking"], "weight_reps");
    for key in [
        "secondary_muscles",
        "equipment",
        "unilateral",
        "fatigue",
        "skill",
    ] {
        assert!(!e[key].is_null(), "{key}");
    }
    assert_eq!(e.as_object().unwrap().len(), 12);
    for missing in [
        "/api/exercises/0",
        "/api/exercises/352",
        "/api/exercises/-1",
    ] {
        let (status, err) = app.get(missing, &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{missing}");
        assert_error(&err, "NOT_FOUND");
    }
    let (status, _) = app.get("/api/exercises/bench", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}
