//! Object-level authorization: another user's logs, rules, activities and
//! sessions answer exactly like missing ones.

use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::json;

use crate::logs::{BENCH, arrange_session, custom_body, session_status, top_set, user};

#[tokio::test]
async fn another_users_ids_are_not_found_on_every_id_route() {
    let app = TestApp::spawn().await;
    let (a, a_id) = user(&app, "alice@example.com").await;
    let (b, _) = user(&app, "bob@example.com").await;

    let (_, log) = app.post("/api/logs/custom", &a, custom_body(&app)).await;
    let (_, top) = app
        .post(
            "/api/logs/top-set",
            &a,
            top_set(&app.day(-1), BENCH, 100.0, 5, None),
        )
        .await;
    let (_, rule) = app
        .post(
            "/api/settings/movement-rules",
            &a,
            json!({"rule_type": "avoid", "muscle": "chest"}),
        )
        .await;
    let (_, activity) = app
        .post(
            "/api/settings/enjoyable-activities",
            &a,
            json!({"name": "Run", "kind": "running", "intensity": "low"}),
        )
        .await;
    let log_paths = [
        format!("/api/logs/workouts/{}", log["id"]),
        format!("/api/logs/workouts/{}", top["id"]),
    ];
    let missing = "/api/logs/workouts/999999".to_owned();

    // GET: B sees 404, with the same body as a missing id.
    let (_, missing_body) = app.get(&missing, &b).await;
    for path in &log_paths {
        let (status, body) = app.get(path, &b).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "GET {path}");
        assert_eq!(body, missing_body, "GET {path}");
    }
    // DELETE: 404 for each id-taking route, and nothing goes.
    let deletes = [
        log_paths[0].clone(),
        log_paths[1].clone(),
        format!("/api/settings/movement-rules/{}", rule["id"]),
        format!("/api/settings/enjoyable-activities/{}", activity["id"]),
    ];
    for path in &deletes {
        let (status, body) = app.delete(path, &b).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "DELETE {path}");
        assert_error(&body, "NOT_FOUND");
    }
    // B's lists do not show A's data.
    for path in [
        "/api/logs/workouts",
        "/api/logs/soreness",
        "/api/settings/movement-rules",
        "/api/settings/enjoyable-activities",
    ] {
        let (status, list) = app.get(path, &b).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list, json!([]), "{path}");
    }
    let (_, series) = app
        .get(&format!("/api/logs/e1rm?exercise_id={BENCH}"), &b)
        .await;
    assert_eq!(series["points"], json!([]));
    // A still has everything.
    for path in &log_paths {
        let (status, _) = app.get(path, &a).await;
        assert_eq!(status, StatusCode::OK, "{path}");
    }
    let (_, rules) = app.get("/api/settings/movement-rules", &a).await;
    assert_eq!(rules.as_array().unwrap().len(), 1);
    let (_, acts) = app.get("/api/settings/enjoyable-activities", &a).await;
    assert_eq!(acts.as_array().unwrap().len(), 1);

    // B can never attach A's session to a log (custom or top set): 422 on session_id,
    // the same answer as for a session that does not exist; A's session is untouched.
    let session = arrange_session(&app, a_id).await;
    let mut body = custom_body(&app);
    body["session_id"] = json!(session);
    let (status, err) = app.post("/api/logs/custom", &b, body).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["errors"][0]["field"], "session_id");
    let mut top = top_set(&app.day(0), BENCH, 100.0, 5, None);
    top["session_id"] = json!(session);
    let (status, err) = app.post("/api/logs/top-set", &b, top).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
    assert_eq!(err["errors"][0]["field"], "session_id");
    assert_eq!(session_status(&app, session).await, "planned");
    let (_, list) = app.get("/api/logs/workouts", &b).await;
    assert_eq!(list, json!([]));
}
