//! The coach model's attempts over HTTP, against the stub LLM server: the
//! progress limits set through the settings (first token, idle, deadline)
//! judge each attempt, and `adapt/stream` marks each attempt with a
//! `generating` status, so a client can tell a retry's tokens from the
//! first attempt's. The start-up warm-up is here too.

use std::sync::atomic::Ordering;
use std::time::Duration;

use gainsly_llm::LlmMode;
use gainsly_tests::TestApp;
use gainsly_tests::llm_stub::{LlmStub, StubMode};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::days::{assert_session_sound, eventually, read_events, upper_day, with_program};

/// Limits in whole seconds, as the settings take them.
struct Limits {
    first_token: u64,
    idle: u64,
    deadline: u64,
}

/// A server in `auto` mode on a stub in `mode`, with `limits`. The
/// whole-answer limit of non-streamed answers is 1 s: streamed attempts
/// (every attempt here) must not be judged by it.
async fn app_with(mode: StubMode, limits: Limits) -> (TestApp, LlmStub) {
    let stub = LlmStub::start(mode).await;
    let url = stub.url();
    let app = TestApp::spawn_with(move |s| {
        s.llm_mode = LlmMode::Auto;
        s.llm_url = url;
        s.llm_attempt_timeout_secs = 1;
        s.llm_first_token_timeout_secs = limits.first_token;
        s.llm_idle_timeout_secs = limits.idle;
        s.llm_deadline_secs = limits.deadline;
    })
    .await;
    (app, stub)
}

/// The JSON events of an adaptation of today streamed (`[DONE]` checked and left out).
async fn stream_today(app: &TestApp, email: &str) -> Vec<Value> {
    let (token, _) = with_program(app, email).await;
    let res = app
        .send(
            reqwest::Method::POST,
            &format!("/api/days/{}/adapt/stream", upper_day(app)),
            Some(&token),
            Some(&json!({"energy": 7})),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let events = read_events(res).await;
    assert_eq!(events.last().map(String::as_str), Some("[DONE]"));
    events[..events.len() - 1]
        .iter()
        .map(|e| serde_json::from_str(e).unwrap())
        .collect()
}

/// What the stream showed of the coach model: for each attempt, in order,
/// its number (read from its `generating` status) and the text of the
/// tokens that followed it.
fn attempts(events: &[Value]) -> Vec<(u32, String)> {
    let mut attempts: Vec<(u32, String)> = Vec::new();
    for e in events {
        if e["type"] == "status" && e["stage"] == "generating" {
            let message = e["message"].as_str().unwrap();
            let number = message
                .strip_prefix("Attempt ")
                .and_then(|rest| rest.split_once(':'))
                .and_then(|(n, _)| n.parse().ok())
                .unwrap_or_else(|| panic!("a generating status without its attempt: {e}"));
            attempts.push((number, String::new()));
        } else if e["type"] == "token" {
            let (_, text) = attempts.last_mut().expect("a token before any attempt");
            text.push_str(e["content"].as_str().unwrap());
        }
    }
    attempts
}

/// Every event is one of the contract's shapes: `status` with a known
/// stage and a message, `token` with content, one `session` last.
fn assert_contract_shapes(events: &[Value]) {
    for e in events {
        let keys: Vec<&String> = e.as_object().unwrap().keys().collect();
        match e["type"].as_str().unwrap() {
            "status" => {
                assert_eq!(keys, ["message", "stage", "type"], "{e}");
                assert!(
                    [
                        "recovery",
                        "constraints",
                        "generating",
                        "optimizing",
                        "saving"
                    ]
                    .contains(&e["stage"].as_str().unwrap()),
                    "{e}"
                );
            }
            "token" => assert_eq!(keys, ["content", "type"], "{e}"),
            "session" => assert_eq!(keys, ["session", "type"], "{e}"),
            other => panic!("unexpected event {other}: {e}"),
        }
    }
    assert_eq!(events.last().unwrap()["type"], "session");
}

fn session(events: &[Value]) -> &Value {
    &events.last().unwrap()["session"]
}

#[tokio::test]
async fn a_steady_slow_stream_completes_in_one_attempt() {
    // One token every 300 ms, ~10 of them: the answer takes about three
    // times each limit (1 s to the first token, 1 s idle, 1 s for a whole
    // non-streamed answer), and is never cut, as tokens keep coming.
    let (app, stub) = app_with(
        StubMode::Slow,
        Limits {
            first_token: 1,
            idle: 1,
            deadline: 60,
        },
    )
    .await;
    stub.set_token_delay(Duration::from_millis(300));
    let events = stream_today(&app, "steady@example.com").await;
    assert_contract_shapes(&events);
    let attempts = attempts(&events);
    assert_eq!(attempts.len(), 1, "{events:?}");
    assert_eq!(attempts[0].0, 1);
    let answer: Value = serde_json::from_str(&attempts[0].1).unwrap();
    assert!(
        answer["exercises"].as_array().unwrap().len() >= 2,
        "{answer}"
    );
    assert_eq!(stub.chats.load(Ordering::SeqCst), 1);
    let s = session(&events);
    assert_eq!(s["source"], "llm", "{s}");
    assert_eq!(s["fallback"], false, "{s}");
    assert_session_sound(s);
}

#[tokio::test]
async fn a_stalled_stream_is_cut_by_the_idle_limit_and_retried() {
    // Three tokens, then silence. Cut after 1 s of it, each attempt; with
    // a stall left uncut, the 30 s deadline would end the call after one.
    let (app, stub) = app_with(
        StubMode::Stall,
        Limits {
            first_token: 5,
            idle: 1,
            deadline: 30,
        },
    )
    .await;
    let events = stream_today(&app, "stall@example.com").await;
    assert_contract_shapes(&events);
    let attempts = attempts(&events);
    let numbers: Vec<u32> = attempts.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, [1, 2, 3], "{events:?}");
    for (n, text) in &attempts {
        assert!(
            text.starts_with("{\"exercises\""),
            "attempt {n} showed its tokens: {text:?}"
        );
    }
    assert_eq!(stub.chats.load(Ordering::SeqCst), 3);
    let s = session(&events);
    assert_eq!(
        (&s["source"], &s["fallback"]),
        (&json!("builtin"), &json!(true))
    );
    assert_session_sound(s);
    assert!(
        eventually(Duration::from_secs(10), || async {
            stub.open_chats.load(Ordering::SeqCst) == 0
        })
        .await,
        "a stalled request was left open"
    );
}

#[tokio::test]
async fn no_first_token_is_cut_by_the_first_token_limit_and_retried() {
    // Requests accepted and never answered: each attempt is cut 1 s after
    // it was sent; left uncut, the 30 s deadline would end the call after one.
    let (app, stub) = app_with(
        StubMode::Hang,
        Limits {
            first_token: 1,
            idle: 5,
            deadline: 30,
        },
    )
    .await;
    let events = stream_today(&app, "silent@example.com").await;
    assert_contract_shapes(&events);
    let attempts = attempts(&events);
    assert_eq!(
        attempts,
        [(1, String::new()), (2, String::new()), (3, String::new())],
        "{events:?}"
    );
    assert_eq!(stub.chats.load(Ordering::SeqCst), 3);
    let s = session(&events);
    assert_eq!(
        (&s["source"], &s["fallback"]),
        (&json!("builtin"), &json!(true))
    );
    assert_session_sound(s);
}

#[tokio::test]
async fn attempt_markers_tell_a_retry_from_the_first_answer() {
    let (app, stub) = app_with(
        StubMode::GarbageFirst,
        Limits {
            first_token: 5,
            idle: 5,
            deadline: 30,
        },
    )
    .await;
    let events = stream_today(&app, "markers@example.com").await;
    assert_contract_shapes(&events);
    let attempts = attempts(&events);
    assert_eq!(attempts.len(), 2, "{events:?}");
    let ((first, garbage), (second, answer)) = (&attempts[0], &attempts[1]);
    assert_eq!((*first, *second), (1, 2));
    // The first attempt's text, then the retry's: a client that starts
    // over at each marker shows exactly the answer that was used.
    assert_eq!(garbage, "I think you should do some squats!");
    let answer: Value = serde_json::from_str(answer).unwrap();
    assert_eq!(answer["rationale"], "Stub coach: the top candidates");
    // The markers come in order with the other stages: generating before
    // optimizing, and nothing of the model after it.
    let stage_at = |stage: &str| {
        events
            .iter()
            .position(|e| e["stage"] == stage)
            .unwrap_or_else(|| panic!("no {stage} status: {events:?}"))
    };
    let last_token = events.iter().rposition(|e| e["type"] == "token").unwrap();
    assert!(stage_at("constraints") < stage_at("generating"));
    assert!(last_token < stage_at("optimizing"));
    assert_eq!(events[0]["stage"], "recovery");
    assert_eq!(stub.chats.load(Ordering::SeqCst), 2);
    let s = session(&events);
    assert_eq!(s["source"], "llm", "{s}");
    assert_eq!(s["rationale"], "Stub coach: the top candidates");
}

#[tokio::test]
async fn the_llm_is_warmed_up_at_start_up() {
    let (app, stub) = app_with(
        StubMode::Good,
        Limits {
            first_token: 5,
            idle: 5,
            deadline: 30,
        },
    )
    .await;
    // Nobody has asked for anything yet.
    assert!(
        eventually(Duration::from_secs(10), || async {
            stub.warm_ups.load(Ordering::SeqCst) == 1
        })
        .await,
        "no warm-up at start-up"
    );
    assert_eq!(stub.chats.load(Ordering::SeqCst), 0);
    // And the first adaptation is an ordinary proposal after it.
    let events = stream_today(&app, "warm@example.com").await;
    assert_eq!(session(&events)["source"], "llm");
    assert_eq!(stub.warm_ups.load(Ordering::SeqCst), 1);
}
