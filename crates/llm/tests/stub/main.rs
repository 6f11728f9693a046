//! The LLM adapter against a local stub server speaking the Ollama and
//! OpenAI wire formats (streaming and not). No real model is involved.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod ollama;
mod openai;
mod progress;
mod server;

use std::time::Duration;

use gainsly_domain::{Equipment, ExerciseId, MovementPattern, Muscle};
use gainsly_llm::{LlmConfig, LlmEvent, PlanPrompt, PromptCandidate};
use serde_json::json;

/// A realistic prompt with four candidates (ids 101–104, 2–5 sets each).
pub fn prompt() -> PlanPrompt {
    let c = |id: i64, name: &str, pattern, primary: Vec<Muscle>, equipment: Vec<Equipment>| {
        PromptCandidate {
            id: ExerciseId(id),
            name: name.to_owned(),
            pattern,
            primary,
            equipment,
            min_sets: 2,
            max_sets: 5,
        }
    };
    PlanPrompt {
        date_label: "Tuesday 2026-11-24".into(),
        focus_label: "Upper body A".into(),
        target_muscles: vec![Muscle::Chest, Muscle::Lats],
        recovery: vec![(Muscle::Chest, 90.0), (Muscle::Lats, 75.0)],
        available_minutes: 60,
        total_sets: (10, 18),
        rep_range: (6, 12),
        rpe_range: (7.0, 8.5),
        is_deload: false,
        notes: Some("Slept badly, elbows fine.".into()),
        candidates: vec![
            c(
                101,
                "Barbell Bench Press",
                MovementPattern::HorizontalPush,
                vec![Muscle::Chest],
                vec![Equipment::Barbell, Equipment::Bench],
            ),
            c(
                102,
                "Lat Pulldown",
                MovementPattern::VerticalPull,
                vec![Muscle::Lats],
                vec![Equipment::Cable],
            ),
            c(
                103,
                "Dumbbell Fly",
                MovementPattern::HorizontalPush,
                vec![Muscle::Chest],
                vec![Equipment::Dumbbell, Equipment::Bench],
            ),
            c(
                104,
                "Seated Cable Row",
                MovementPattern::HorizontalPull,
                vec![Muscle::UpperBack],
                vec![Equipment::Cable],
            ),
        ],
    }
}

/// A usable answer (with multi-byte characters in the rationale).
pub const GOOD: &str = r#"{"exercises":[{"id":101,"sets":4},{"id":102,"sets":3},{"id":104,"sets":3}],"rationale":"Heavy press first, then pulls — Übung macht den Meister 💪"}"#;
pub const GOOD_RATIONALE: &str = "Heavy press first, then pulls — Übung macht den Meister 💪";

/// The answer token limit of [`prompt`] (4 candidates): 24 + 4 × 18 + 36.
pub const TOKEN_LIMIT: u64 = 132;

/// Fast settings for tests: short timeouts, tiny back-off, and non-streamed
/// answers unless an event channel is given (tests pick the wire format).
pub fn fast(mut config: LlmConfig) -> LlmConfig {
    config.always_stream = false;
    config.first_token_timeout = Duration::from_millis(1_500);
    config.idle_timeout = Duration::from_millis(1_500);
    config.attempt_timeout = Duration::from_millis(1_500);
    config.deadline = Duration::from_secs(4);
    config.backoff = Duration::from_millis(10);
    config.connect_timeout = Duration::from_millis(500);
    config.seed = Some(42);
    config.keep_alive = Some("10m".into());
    config
}

/// Splits `text` into pieces of a few characters (as a model streams tokens).
pub fn tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(5).map(|c| c.iter().collect()).collect()
}

/// Splits bytes at odd, irregular boundaries (1, 2, 3, 5, 7, 11, 13 bytes, …),
/// so lines and UTF-8 characters are cut mid-way.
pub fn odd_chunks(bytes: &[u8]) -> Vec<Vec<u8>> {
    let sizes = [1usize, 2, 3, 5, 7, 11, 13, 17];
    let mut out = Vec::new();
    let mut i = 0;
    let mut k = 0;
    while i < bytes.len() {
        let end = (i + sizes[k % sizes.len()]).min(bytes.len());
        out.push(bytes[i..end].to_vec());
        i = end;
        k += 1;
    }
    out
}

/// Ollama: a non-streamed `/api/chat` answer.
pub fn ollama_answer(content: &str) -> String {
    json!({
        "model": "test-model",
        "created_at": "2026-11-24T07:00:00Z",
        "message": {"role": "assistant", "content": content},
        "done_reason": "stop",
        "done": true,
        "total_duration": 123_456_789u64,
        "eval_count": 120
    })
    .to_string()
}

/// Ollama: a streamed `/api/chat` answer as NDJSON bytes.
pub fn ollama_ndjson(content: &str) -> Vec<u8> {
    ollama_ndjson_lines(content, "stop").concat()
}

/// Ollama: a streamed `/api/chat` answer, one NDJSON line per token, the
/// last (`done`) with `done_reason` and token counts.
pub fn ollama_ndjson_lines(content: &str, done_reason: &str) -> Vec<Vec<u8>> {
    let line = |v: serde_json::Value| format!("{v}\n").into_bytes();
    let mut out: Vec<Vec<u8>> = tokens(content)
        .into_iter()
        .map(|piece| {
            line(json!({
                "model": "test-model",
                "created_at": "2026-11-24T07:00:00Z",
                "message": {"role": "assistant", "content": piece},
                "done": false
            }))
        })
        .collect();
    out.push(line(json!({
        "model": "test-model",
        "created_at": "2026-11-24T07:00:01Z",
        "message": {"role": "assistant", "content": ""},
        "done_reason": done_reason,
        "done": true,
        "prompt_eval_count": 480,
        "eval_count": 120
    })));
    out
}

/// OpenAI: a non-streamed chat completion.
pub fn openai_answer(content: &str) -> String {
    json!({
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "created": 1_764_000_000,
        "model": "test-model",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 500, "completion_tokens": 120, "total_tokens": 620}
    })
    .to_string()
}

/// OpenAI: a streamed chat completion as SSE bytes (CRLF-free, blank line
/// between events, a keep-alive comment, a usage event, `data: [DONE]` at
/// the end).
pub fn openai_sse(content: &str) -> Vec<u8> {
    let event = |delta: serde_json::Value, finish: serde_json::Value| {
        format!(
            "data: {}\n\n",
            json!({
                "id": "chatcmpl-1",
                "object": "chat.completion.chunk",
                "created": 1_764_000_000,
                "model": "test-model",
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]
            })
        )
    };
    let mut out = String::from(": keep-alive\n\n");
    out.push_str(&event(
        json!({"role": "assistant", "content": ""}),
        json!(null),
    ));
    for piece in tokens(content) {
        out.push_str(&event(json!({"content": piece}), json!(null)));
    }
    out.push_str(&event(json!({}), json!("stop")));
    // The usage event (`stream_options.include_usage`), with llama.cpp's timings.
    out.push_str(&format!(
        "data: {}\n\n",
        json!({
            "id": "chatcmpl-1",
            "object": "chat.completion.chunk",
            "created": 1_764_000_000,
            "model": "test-model",
            "choices": [],
            "usage": {"prompt_tokens": 500, "completion_tokens": 120, "total_tokens": 620},
            "timings": {"cache_n": 310, "prompt_n": 190, "predicted_n": 120}
        })
    ));
    out.push_str("data: [DONE]\n\n");
    out.into_bytes()
}

/// Collects the text of every token an event channel received.
pub async fn drain(rx: tokio::sync::mpsc::Receiver<LlmEvent>) -> String {
    text(&events(rx).await)
}

/// Collects every event a channel received, until it closes.
pub async fn events(mut rx: tokio::sync::mpsc::Receiver<LlmEvent>) -> Vec<LlmEvent> {
    let mut all = Vec::new();
    while let Some(e) = rx.recv().await {
        all.push(e);
    }
    all
}

/// The text of the tokens among `events`.
pub fn text(events: &[LlmEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            LlmEvent::Token(t) => Some(t.as_str()),
            _ => None,
        })
        .collect()
}

/// `events` with each attempt's tokens joined: `[Attempt(1), Token(all of
/// attempt 1), Attempt(2), …]` (a `Token` only when the attempt had any).
pub fn by_attempt(events: &[LlmEvent]) -> Vec<LlmEvent> {
    let mut out: Vec<LlmEvent> = Vec::new();
    for e in events {
        match (e, out.last_mut()) {
            (LlmEvent::Token(t), Some(LlmEvent::Token(acc))) => acc.push_str(t),
            _ => out.push(e.clone()),
        }
    }
    out
}
