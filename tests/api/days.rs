//! Day plans and adaptation: idempotence, concurrency, constraints, signals, SSE, LLM.

use std::time::Duration;

use futures_util::StreamExt;
use gainsly_llm::LlmMode;
use gainsly_tests::llm_stub::{LlmStub, StubMode};
use gainsly_tests::{TestApp, assert_error};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::programs::program_body;

/// The fixture program ([`program_body`]) is upper/lower, 4 days a week,
/// from today (a Monday, `TEST_NOW`): training on days 0 (upper), 1
/// (lower), 3 (upper) and 5 (lower) of each week.
pub(crate) fn upper_day(app: &TestApp) -> String {
    app.day(0)
}

/// The fixture program's first lower day: tomorrow.
pub(crate) fn lower_day(app: &TestApp) -> String {
    app.day(1)
}

/// The fixture program's first rest day.
fn rest_day(app: &TestApp) -> String {
    app.day(2)
}

pub(crate) async fn with_program(app: &TestApp, email: &str) -> (String, i64) {
    let token = app.user_token(email).await;
    let (status, p) = app
        .post("/api/programs", &token, program_body(app, "Block"))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    (token, p["id"].as_i64().unwrap())
}

fn exercise_ids(session: &Value) -> Vec<i64> {
    session["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["exercise_id"].as_i64().unwrap())
        .collect()
}

/// Every hard limit a client can see: time within the target, muscle totals
/// equal to the exercises' credits, nothing off the program's equipment.
pub(crate) fn assert_session_sound(s: &Value) {
    let target = s["target_minutes"].as_u64().unwrap();
    let estimated = s["estimated_minutes"].as_u64().unwrap();
    assert!(
        estimated <= target,
        "estimated {estimated} > target {target}: {s}"
    );
    let mut totals = std::collections::BTreeMap::<String, f64>::new();
    for e in s["exercises"].as_array().unwrap() {
        let ex = gainsly_domain::catalog::exercise(gainsly_domain::ExerciseId(
            e["exercise_id"].as_i64().unwrap(),
        ))
        .unwrap();
        let sets = e["sets"].as_f64().unwrap();
        assert!(sets >= 1.0);
        assert!(e["reps_min"].as_u64().unwrap() <= e["reps_max"].as_u64().unwrap());
        for (m, credit) in ex.muscle_credits() {
            *totals.entry(m.as_str().to_owned()).or_default() += credit * sets;
        }
    }
    let reported: std::collections::BTreeMap<String, f64> =
        serde_json::from_value(s["muscle_sets"].clone()).unwrap();
    assert_eq!(reported.len(), totals.len(), "{s}");
    for (m, v) in totals {
        assert!(
            (reported[&m] - v).abs() < 1e-9,
            "{m}: {} vs {v}",
            reported[&m]
        );
    }
}

#[tokio::test]
async fn plan_is_generated_once_and_then_read() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let (token, program_id) = with_program(&app, "plan@example.com").await;
    let (status, first) = app.get(&format!("/api/days/{upper}/plan"), &token).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(first["program_id"], program_id);
    assert_eq!(first["date"], upper);
    assert_eq!(first["kind"], "training");
    assert_eq!(first["status"], "planned");
    assert_eq!(first["source"], "builtin");
    assert_eq!(first["microcycle_index"], 0);
    assert_eq!(first["day_index"], 1);
    assert!(
        !first["exercises"].as_array().unwrap().is_empty(),
        "{first}"
    );
    assert!(first["rationale"].as_str().unwrap().len() > 10);
    assert_session_sound(&first);
    let (_, second) = app.get(&format!("/api/days/{upper}/plan"), &token).await;
    assert_eq!(first, second);
}

#[tokio::test]
async fn concurrent_first_requests_store_one_session() {
    let app = TestApp::spawn().await;
    let lower = lower_day(&app);
    let (token, _) = with_program(&app, "race@example.com").await;
    let path = format!("/api/days/{lower}/plan");
    let requests = (0..20).map(|_| app.get(&path, &token));
    let answers = futures_util::future::join_all(requests).await;
    let ids: std::collections::BTreeSet<i64> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, StatusCode::OK, "{body}");
            body["id"].as_i64().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 1, "one session for 20 parallel first requests");
}

#[tokio::test]
async fn rest_days_are_sessions_without_exercises() {
    let app = TestApp::spawn().await;
    let rest = rest_day(&app);
    let (token, _) = with_program(&app, "rest@example.com").await;
    let (status, s) = app.get(&format!("/api/days/{rest}/plan"), &token).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_ne!(s["kind"], "training");
    assert_eq!(s["exercises"], json!([]));
    assert!(s["focus"].is_null());
    assert!(s["recommended_activity"].is_null());
}

#[tokio::test]
async fn dates_outside_the_program_or_without_one_are_not_found() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let lonely = app.user_token("lonely@example.com").await;
    let (status, body) = app.get(&format!("/api/days/{upper}/plan"), &lonely).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, "NOT_FOUND");
    let (token, _) = with_program(&app, "outside@example.com").await;
    // The day before the program, the day after its last, years later.
    for date in [app.day(-1), app.day(28), app.day(3650)] {
        let (status, _) = app.get(&format!("/api/days/{date}/plan"), &token).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{date}");
    }
    let (status, body) = app.get("/api/days/2030-13-45/plan", &token).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_error(&body, "BAD_REQUEST");
}

#[tokio::test]
async fn every_planned_day_of_a_program_is_sound() {
    let app = TestApp::spawn().await;
    let (token, _) = with_program(&app, "sound@example.com").await;
    let start = app.today();
    let mut training = 0;
    for offset in 0..28 {
        let date = start + chrono::Days::new(offset);
        let (status, s) = app.get(&format!("/api/days/{date}/plan"), &token).await;
        assert_eq!(status, StatusCode::OK, "{date}: {s}");
        assert_session_sound(&s);
        if s["kind"] == "training" {
            training += 1;
            assert!(
                !s["exercises"].as_array().unwrap().is_empty(),
                "{date}: {s}"
            );
        }
        // The fourth microcycle is a deload (every 4 by default).
        assert_eq!(s["is_deload"], offset >= 21, "{date}");
    }
    assert_eq!(training, 16);
}

#[tokio::test]
async fn soreness_removes_direct_work_and_is_recorded() {
    let app = TestApp::spawn().await;
    let lower = lower_day(&app);
    let (token, _) = with_program(&app, "sore@example.com").await;
    let (status, s) = app
        .post(
            &format!("/api/days/{lower}/adapt"),
            &token,
            json!({"soreness": {"quads": 8}}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["status"], "adapted");
    assert_session_sound(&s);
    for e in s["exercises"].as_array().unwrap() {
        let primary: Vec<&str> = e["primary_muscles"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap())
            .collect();
        assert!(
            !primary.contains(&"quads"),
            "direct quad work despite soreness 8: {e}"
        );
    }
    assert!(!s["adaptations"].as_array().unwrap().is_empty());
    // The same date's plan is now the adapted session.
    let (_, plan) = app.get(&format!("/api/days/{lower}/plan"), &token).await;
    assert_eq!(plan["id"], s["id"]);
    assert_eq!(plan["status"], "adapted");
    // Soreness was recorded for that date.
    let me = app.get("/api/auth/me", &token).await.1;
    let logged =
        gainsly_db::repo::soreness::since(&app.db, me["id"].as_i64().unwrap(), app.date(-1))
            .await
            .unwrap();
    assert!(
        logged
            .iter()
            .any(|(d, m, l)| d.to_string() == lower && m.as_str() == "quads" && *l == 8)
    );
}

#[tokio::test]
async fn twenty_minutes_give_a_twenty_minute_session() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "short@example.com").await;
    let (status, s) = app
        .post(
            &format!("/api/days/{upper}/adapt"),
            &token,
            json!({"available_minutes": 20}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["target_minutes"], 20);
    assert!(s["estimated_minutes"].as_u64().unwrap() <= 20, "{s}");
    assert!(!s["exercises"].as_array().unwrap().is_empty(), "{s}");
    assert_session_sound(&s);
}

#[tokio::test]
async fn adaptations_are_limited_per_user() {
    let app = TestApp::spawn_with(|s| s.adapt_rate_limit_per_minute = 2).await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "eager@example.com").await;
    let adapt = format!("/api/days/{upper}/adapt");
    for _ in 0..2 {
        let (status, s) = app.post(&adapt, &token, json!({})).await;
        assert_eq!(status, StatusCode::OK, "{s}");
    }
    // The third this minute, blocking or streamed, is refused before planning.
    for path in [adapt.clone(), format!("{adapt}/stream")] {
        let res = app
            .send(reqwest::Method::POST, &path, Some(&token), Some(&json!({})))
            .await;
        assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS, "{path}");
        let retry: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&retry));
        assert_error(&res.json::<Value>().await.unwrap(), "RATE_LIMITED");
    }
    // Another user has a limit of their own; reading a plan is not limited.
    let (other, _) = with_program(&app, "calm@example.com").await;
    let (status, s) = app.post(&adapt, &other, json!({})).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    let (status, s) = app.get(&format!("/api/days/{upper}/plan"), &token).await;
    assert_eq!(status, StatusCode::OK, "{s}");
}

#[tokio::test]
async fn avoided_exercises_and_equipment_are_respected() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "avoid@example.com").await;
    let (_, planned) = app.get(&format!("/api/days/{upper}/plan"), &token).await;
    let avoid = exercise_ids(&planned);
    let (status, s) = app
        .post(
            &format!("/api/days/{upper}/adapt"),
            &token,
            json!({"avoid_exercises": avoid, "equipment": ["dumbbell", "bench"]}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    for e in s["exercises"].as_array().unwrap() {
        assert!(!avoid.contains(&e["exercise_id"].as_i64().unwrap()), "{e}");
        for eq in e["equipment"].as_array().unwrap() {
            assert!(
                ["dumbbell", "bench", "bodyweight"].contains(&eq.as_str().unwrap()),
                "{e}"
            );
        }
    }
}

#[tokio::test]
async fn adaptation_signals_are_validated() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "badsignals@example.com").await;
    for body in [
        json!({"available_minutes": 5}),
        json!({"energy": 11}),
        json!({"soreness": {"quads": 12}}),
        json!({"sleep_hours": 25}),
        json!({"notes": "x".repeat(1001)}),
        json!({"soreness": {"wings": 3}}),
        json!({"unknown": true}),
    ] {
        let (status, res) = app
            .post(&format!("/api/days/{upper}/adapt"), &token, body.clone())
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {res}");
        assert_error(&res, "VALIDATION_ERROR");
        let res = app
            .send(
                reqwest::Method::POST,
                &format!("/api/days/{upper}/adapt/stream"),
                Some(&token),
                Some(&body),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "stream {body}"
        );
    }
}

#[tokio::test]
async fn program_changes_replan_days_from_today() {
    let app = TestApp::spawn().await;
    let token = app.user_token("replan@example.com").await;
    let mut body = program_body(&app, "Now");
    body.as_object_mut().unwrap().remove("start_date");
    let (_, p) = app.post("/api/programs", &token, body).await;
    let today = p["start_date"].as_str().unwrap().to_owned();
    let (_, before) = app.get(&format!("/api/days/{today}/plan"), &token).await;
    assert_eq!(before["target_minutes"], 60);
    let (status, _) = app
        .put(
            &format!("/api/programs/{}", p["id"]),
            &token,
            json!({"session_minutes": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, after) = app.get(&format!("/api/days/{today}/plan"), &token).await;
    assert_eq!(after["target_minutes"], 30, "{after}");
    assert!(after["estimated_minutes"].as_u64().unwrap() <= 30);
}

#[tokio::test]
async fn deleting_a_program_deletes_its_sessions() {
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let (token, id) = with_program(&app, "delete@example.com").await;
    let (_, s) = app.get(&format!("/api/days/{upper}/plan"), &token).await;
    assert!(s["id"].as_i64().is_some());
    app.delete(&format!("/api/programs/{id}"), &token).await;
    let left = gainsly_db::repo::sessions::find(&app.db, id, app.date(0))
        .await
        .unwrap();
    assert!(left.is_none());
}

/// Reads SSE `data:` payloads until `[DONE]`.
pub(crate) async fn read_events(res: reqwest::Response) -> Vec<String> {
    let mut events = Vec::new();
    let mut buf = String::new();
    let mut body = res.bytes_stream();
    while let Some(chunk) = body.next().await {
        buf.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        while let Some(end) = buf.find("\n\n") {
            let frame: String = buf.drain(..end + 2).collect();
            for line in frame.lines() {
                if let Some(data) = line.strip_prefix("data: ") {
                    events.push(data.to_owned());
                }
            }
        }
        if events.last().is_some_and(|e| e == "[DONE]") {
            break;
        }
    }
    events
}

#[tokio::test]
async fn stream_sends_status_then_session_then_done() {
    let app = TestApp::spawn().await;
    let lower = lower_day(&app);
    let (token, _) = with_program(&app, "sse@example.com").await;
    let res = app
        .send(
            reqwest::Method::POST,
            &format!("/api/days/{lower}/adapt/stream"),
            Some(&token),
            Some(&json!({"energy": 4})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "text/event-stream");
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(res.headers()["x-accel-buffering"], "no");
    let events = read_events(res).await;
    assert_eq!(events.last().unwrap(), "[DONE]");
    let parsed: Vec<Value> = events[..events.len() - 1]
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    assert_eq!(parsed[0]["type"], "status");
    let stages: Vec<&str> = parsed
        .iter()
        .filter(|e| e["type"] == "status")
        .map(|e| e["stage"].as_str().unwrap())
        .collect();
    assert!(
        stages.contains(&"optimizing") && stages.contains(&"saving"),
        "{stages:?}"
    );
    let last = parsed.last().unwrap();
    assert_eq!(last["type"], "session", "{last}");
    assert_eq!(last["session"]["status"], "adapted");
    assert_eq!(
        parsed
            .iter()
            .filter(|e| e["type"] == "session" || e["type"] == "error")
            .count(),
        1
    );
}

async fn llm_app(mode: StubMode, llm_mode: LlmMode) -> (TestApp, LlmStub) {
    let stub = LlmStub::start(mode).await;
    let url = stub.url();
    let app = TestApp::spawn_with(move |s| {
        s.llm_mode = llm_mode;
        s.llm_url = url;
    })
    .await;
    (app, stub)
}

#[tokio::test]
async fn llm_picks_are_used() {
    let (app, stub) = llm_app(StubMode::Good, LlmMode::Auto).await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "llm@example.com").await;
    let (status, s) = app
        .post(&format!("/api/days/{upper}/adapt"), &token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["source"], "llm", "{s}");
    assert_eq!(s["fallback"], false);
    assert_eq!(s["rationale"], "Stub coach: the top candidates");
    assert!(stub.chats.load(std::sync::atomic::Ordering::SeqCst) >= 1);
    assert_session_sound(&s);
}

#[tokio::test]
async fn llm_tokens_are_streamed() {
    let (app, _stub) = llm_app(StubMode::Good, LlmMode::Auto).await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "llmsse@example.com").await;
    let res = app
        .send(
            reqwest::Method::POST,
            &format!("/api/days/{upper}/adapt/stream"),
            Some(&token),
            Some(&json!({})),
        )
        .await;
    let events = read_events(res).await;
    let parsed: Vec<Value> = events[..events.len() - 1]
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect();
    let text: String = parsed
        .iter()
        .filter(|e| e["type"] == "token")
        .map(|e| e["content"].as_str().unwrap())
        .collect();
    assert!(text.contains("Stub coach"), "{parsed:?}");
    let first_token = parsed.iter().position(|e| e["type"] == "token").unwrap();
    let session = parsed.iter().position(|e| e["type"] == "session").unwrap();
    assert!(first_token < session);
    assert_eq!(parsed[session]["session"]["source"], "llm");
}

#[tokio::test]
async fn garbage_from_the_llm_falls_back_in_auto_mode() {
    let (app, _stub) = llm_app(StubMode::Garbage, LlmMode::Auto).await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "garbage@example.com").await;
    let (status, s) = app
        .post(&format!("/api/days/{upper}/adapt"), &token, json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert_eq!(s["source"], "builtin");
    assert_eq!(s["fallback"], true);
    assert!(!s["exercises"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn garbage_from_a_required_llm_is_generation_failed() {
    let (app, _stub) = llm_app(StubMode::Garbage, LlmMode::Required).await;
    let upper = upper_day(&app);
    let (token, _) = with_program(&app, "required@example.com").await;
    let (status, body) = app
        .post(&format!("/api/days/{upper}/adapt"), &token, json!({}))
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&body, "GENERATION_FAILED");
}

/// The value of an unlabelled series in a Prometheus text exposition.
pub(crate) fn gauge(metrics: &str, name: &str) -> Option<f64> {
    metrics.lines().find_map(|line| {
        let (series, value) = line.split_once(' ')?;
        (series == name).then(|| value.trim().parse().ok())?
    })
}

/// Polls `cond` every 50 ms until it holds; false if it did not within `bound`.
pub(crate) async fn eventually<F, Fut>(bound: Duration, mut cond: F) -> bool
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + bound;
    loop {
        if cond().await {
            return true;
        }
        if tokio::time::Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A client that hangs up mid-generation cancels it: the generation stops
/// and nothing is stored. Once the server has noticed the hang-up, the LLM
/// is made to answer at once, so a generation that was not cancelled would
/// finish and store the session (and the request's soreness) right away;
/// the test fails then, and also if the hang-up is never noticed.
#[tokio::test]
async fn a_client_that_disconnects_cancels_and_stores_nothing() {
    let (app, stub) = llm_app(StubMode::Slow, LlmMode::Auto).await;
    let upper = upper_day(&app);
    let (token, program_id) = with_program(&app, "gone@example.com").await;
    let res = app
        .send(
            reqwest::Method::POST,
            &format!("/api/days/{upper}/adapt/stream"),
            Some(&token),
            Some(&json!({"soreness": {"chest": 3}})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut body = res.bytes_stream();
    let first = body.next().await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&first).starts_with("data: "));
    assert!(
        eventually(Duration::from_secs(10), || async {
            stub.chats.load(std::sync::atomic::Ordering::SeqCst) > 0
        })
        .await,
        "the LLM was never asked"
    );
    drop(body);
    // The server notices the hang-up: the stream's task ends.
    assert!(
        eventually(Duration::from_secs(10), || async {
            gauge(&app.metrics_text().await, "gainsly_sse_streams_open") == Some(0.0)
        })
        .await,
        "the hang-up was not noticed"
    );
    // From now on the LLM answers at once: an uncancelled generation ends now.
    stub.set_token_delay(Duration::ZERO);
    assert!(
        eventually(Duration::from_secs(10), || async {
            gauge(&app.metrics_text().await, "gainsly_generations_in_flight") == Some(0.0)
                && stub.open_chats.load(std::sync::atomic::Ordering::SeqCst) == 0
        })
        .await,
        "the generation did not end"
    );
    let me = app.get("/api/auth/me", &token).await.1;
    let user_id = me["id"].as_i64().unwrap();
    // A generation that ran on would store within milliseconds of its LLM
    // answer; look for a few seconds.
    let stored = eventually(Duration::from_secs(3), || async {
        let session = gainsly_db::repo::sessions::find(&app.db, program_id, app.date(0))
            .await
            .unwrap();
        let soreness = gainsly_db::repo::soreness::since(&app.db, user_id, app.date(0))
            .await
            .unwrap();
        session.is_some() || !soreness.is_empty()
    })
    .await;
    assert!(
        !stored,
        "a cancelled adaptation stored its session or soreness"
    );
}

/// A new program's tomorrow is planned by the background workers (the job
/// the program's creation enqueues), not by the request: with the embedded
/// workers off the job stays queued and this test fails.
#[tokio::test]
async fn creating_a_program_pregenerates_tomorrow_in_the_background() {
    let app = TestApp::spawn_with(|s| {
        s.embedded_worker = Some(true);
        s.worker_poll_ms = 50;
    })
    .await;
    let token = app.user_token("pregen@example.com").await;
    let mut body = program_body(&app, "Tomorrow");
    body.as_object_mut().unwrap().remove("start_date");
    let (status, p) = app.post("/api/programs", &token, body).await;
    assert_eq!(status, StatusCode::CREATED, "{p}");
    let program_id = p["id"].as_i64().unwrap();
    // The profile's time zone is UTC by default; "today" is the test clock's.
    let tomorrow = app.date(1);
    let mut found = None;
    for _ in 0..100 {
        found = gainsly_db::repo::sessions::find(&app.db, program_id, tomorrow)
            .await
            .unwrap();
        if found.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let session = found.expect("the embedded worker planned tomorrow");
    let (_, via_api) = app.get(&format!("/api/days/{tomorrow}/plan"), &token).await;
    assert_eq!(
        via_api["id"], session.id,
        "the API returns the pre-generated session"
    );
}

#[tokio::test]
async fn a_required_exercise_appears_every_microcycle() {
    let app = TestApp::spawn().await;
    let (token, _) = with_program(&app, "require@example.com").await;
    // Cable Y-raise (id 228): not one the generator favours on its own.
    let (status, rule) = app
        .post(
            "/api/settings/movement-rules",
            &token,
            json!({"rule_type": "require", "exercise_id": 228, "reason": "shoulder health"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");
    let start = app.today();
    for microcycle in 0..2u64 {
        let mut seen = 0;
        for day in 0..7u64 {
            let date = start + chrono::Days::new(microcycle * 7 + day);
            let (status, s) = app.get(&format!("/api/days/{date}/plan"), &token).await;
            assert_eq!(status, StatusCode::OK, "{s}");
            seen += exercise_ids(&s).iter().filter(|id| **id == 228).count();
        }
        assert!(
            seen >= 1,
            "microcycle {microcycle} lacks the required exercise"
        );
    }
}

/// `prefer` tips a choice between equals: an exercise with the same pattern,
/// mechanics, muscles and fatigue as one the plan holds takes a place in
/// the same day's plan once it is preferred.
#[tokio::test]
async fn a_preferred_exercise_is_chosen_over_its_equal() {
    use std::collections::BTreeSet;

    use gainsly_domain::{ExerciseId, catalog};
    let app = TestApp::spawn().await;
    let upper = upper_day(&app);
    let (plain, _) = with_program(&app, "plain@example.com").await;
    let (status, s) = app.get(&format!("/api/days/{upper}/plan"), &plain).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    let chosen = exercise_ids(&s);
    let muscles = |e: &gainsly_domain::Exercise| {
        (
            e.primary_muscles.iter().copied().collect::<BTreeSet<_>>(),
            e.secondary_muscles.iter().copied().collect::<BTreeSet<_>>(),
        )
    };
    let equal = chosen
        .iter()
        .filter_map(|id| catalog::exercise(ExerciseId(*id)))
        .find_map(|e| {
            catalog::catalog().iter().find(|x| {
                !chosen.contains(&x.id.0)
                    && x.movement_pattern == e.movement_pattern
                    && x.mechanics == e.mechanics
                    && x.fatigue == e.fatigue
                    && muscles(x) == muscles(e)
            })
        })
        .expect("the catalog holds an equal of a planned exercise");

    let (prefers, _) = with_program(&app, "prefers@example.com").await;
    let (status, rule) = app
        .post(
            "/api/settings/movement-rules",
            &prefers,
            json!({"rule_type": "prefer", "exercise_id": equal.id.0}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{rule}");
    let (status, s) = app.get(&format!("/api/days/{upper}/plan"), &prefers).await;
    assert_eq!(status, StatusCode::OK, "{s}");
    assert!(
        exercise_ids(&s).contains(&equal.id.0),
        "{} ({}) is preferred but not planned: {s}",
        equal.name,
        equal.id
    );
}

#[tokio::test]
async fn frequent_activities_count_as_leg_fatigue() {
    let app = TestApp::spawn().await;
    let token = app.user_token("runner@example.com").await;
    let path = format!("/api/logs/recovery-state?date={}", app.day(8));
    let path = path.as_str();
    let (_, before) = app.get(path, &token).await;
    let quads = |state: &Value| {
        state["muscles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["muscle"] == "quads")
            .unwrap()["fatigue"]
            .as_f64()
            .unwrap()
    };
    assert_eq!(quads(&before), 0.0);
    let (status, a) = app
        .post(
            "/api/settings/enjoyable-activities",
            &token,
            json!({"name": "Trail running", "kind": "running", "sessions_per_week": 5, "minutes": 60, "intensity": "high"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{a}");
    let (_, after) = app.get(path, &token).await;
    assert!(quads(&after) > 0.0, "{after}");
}
