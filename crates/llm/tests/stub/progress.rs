//! Attempts judged by progress: the first-token and idle limits, what is
//! retried and what is not, the attempt markers, and the warm-up.

use std::time::Duration;

use gainsly_llm::{LlmClient, LlmConfig, LlmError, LlmEvent};
use serde_json::json;
use tokio::sync::mpsc;

use crate::server::{Reply, Stub};
use crate::{
    GOOD, GOOD_RATIONALE, by_attempt, events, fast, ollama_answer, ollama_ndjson,
    ollama_ndjson_lines, openai_sse, prompt,
};

/// Streamed answers with short progress limits, and a deadline far away.
fn streaming(mut config: LlmConfig, first_token: Duration, idle: Duration) -> LlmConfig {
    config = fast(config);
    config.always_stream = true;
    config.first_token_timeout = first_token;
    config.idle_timeout = idle;
    config.attempt_timeout = first_token.min(idle);
    config.deadline = Duration::from_secs(10);
    config
}

fn ndjson(chunks: Vec<Vec<u8>>, pause: Duration) -> Reply {
    Reply::Chunks {
        content_type: "application/x-ndjson",
        chunks,
        pause,
    }
}

#[tokio::test]
async fn a_steady_stream_longer_than_every_limit_completes_in_one_attempt() {
    // 31 lines, 50 ms apart: ~1.5 s in all, three times each limit.
    let lines = ollama_ndjson_lines(GOOD, "stop");
    assert!(lines.len() > 30);
    let stub = Stub::start(move |_, _| ndjson(lines.clone(), Duration::from_millis(50))).await;
    let limit = Duration::from_millis(500);
    let config = streaming(LlmConfig::ollama(stub.url(), "test-model"), limit, limit);
    let (tx, rx) = mpsc::channel(8);
    let collected = tokio::spawn(events(rx));
    let started = tokio::time::Instant::now();
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), Some(tx))
        .await
        .unwrap();
    assert!(
        started.elapsed() > 3 * limit,
        "the stream must outlast the limits for this test to mean anything"
    );
    assert_eq!(proposal.attempts, 1);
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
    assert_eq!(stub.requests_to("/api/chat").len(), 1);
    assert_eq!(
        by_attempt(&collected.await.unwrap()),
        [LlmEvent::Attempt(1), LlmEvent::Token(GOOD.into())]
    );
}

#[tokio::test]
async fn a_stalled_stream_is_cut_by_the_idle_limit_and_retried() {
    let (closed_tx, mut closed_rx) = mpsc::unbounded_channel();
    let stub = Stub::start(move |_, n| {
        if n == 0 {
            // A few tokens, then silence with the connection open.
            Reply::Hang {
                content_type: "application/x-ndjson",
                chunks: ollama_ndjson_lines(GOOD, "stop")[..4].to_vec(),
                closed: closed_tx.clone(),
            }
        } else {
            ndjson(vec![ollama_ndjson(GOOD)], Duration::ZERO)
        }
    })
    .await;
    let config = streaming(
        LlmConfig::ollama(stub.url(), "test-model"),
        Duration::from_secs(5),
        Duration::from_millis(300),
    );
    let (tx, rx) = mpsc::channel(64);
    let collected = tokio::spawn(events(rx));
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), Some(tx))
        .await
        .unwrap();
    assert_eq!(proposal.attempts, 2);
    assert_eq!(
        by_attempt(&collected.await.unwrap()),
        [
            LlmEvent::Attempt(1),
            LlmEvent::Token(GOOD[..20].into()),
            LlmEvent::Attempt(2),
            LlmEvent::Token(GOOD.into()),
        ]
    );
    tokio::time::timeout(Duration::from_secs(2), closed_rx.recv())
        .await
        .expect("the stalled request is closed")
        .unwrap();
    let chats = stub.requests_to("/api/chat");
    assert_eq!(
        chats[1].json()["messages"],
        chats[0].json()["messages"],
        "a transport retry asks the same question"
    );
}

#[tokio::test]
async fn a_stall_ends_the_call_with_stalled_when_no_attempt_is_left() {
    let (closed_tx, _closed_rx) = mpsc::unbounded_channel();
    let stub = Stub::start(move |_, _| Reply::Hang {
        content_type: "application/x-ndjson",
        chunks: ollama_ndjson_lines(GOOD, "stop")[..4].to_vec(),
        closed: closed_tx.clone(),
    })
    .await;
    let mut config = streaming(
        LlmConfig::ollama(stub.url(), "test-model"),
        Duration::from_secs(5),
        Duration::from_millis(200),
    );
    config.max_attempts = 2;
    let err = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap_err();
    assert_eq!(err, LlmError::Stalled(Duration::from_millis(200)));
    assert_eq!(stub.requests_to("/api/chat").len(), 2);
}

#[tokio::test]
async fn no_first_token_is_cut_by_the_first_token_limit() {
    // Headers and keep-alives arrive, but never a token (a wedged server).
    let (closed_tx, mut closed_rx) = mpsc::unbounded_channel();
    let stub = Stub::start(move |_, _| Reply::Hang {
        content_type: "text/event-stream",
        chunks: vec![b": keep-alive\n\n".to_vec(), b": keep-alive\n\n".to_vec()],
        closed: closed_tx.clone(),
    })
    .await;
    let mut config = streaming(
        LlmConfig::openai(stub.url(), "test-model"),
        Duration::from_millis(200),
        Duration::from_secs(5),
    );
    config.max_attempts = 2;
    let (tx, rx) = mpsc::channel(8);
    let collected = tokio::spawn(events(rx));
    let err = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), Some(tx))
        .await
        .unwrap_err();
    assert_eq!(err, LlmError::FirstTokenTimeout(Duration::from_millis(200)));
    assert_eq!(
        collected.await.unwrap(),
        [LlmEvent::Attempt(1), LlmEvent::Attempt(2)],
        "retried once, no token either time"
    );
    assert_eq!(stub.requests_to("/chat/completions").len(), 2);
    for _ in 0..2 {
        tokio::time::timeout(Duration::from_secs(2), closed_rx.recv())
            .await
            .expect("each cut request is closed")
            .unwrap();
    }
}

#[tokio::test]
async fn no_answer_at_all_is_cut_by_the_first_token_limit_too() {
    // Not even the response headers.
    let stub = Stub::start(|_, _| {
        Reply::After(
            Duration::from_secs(3),
            Box::new(Reply::json(200, ollama_answer(GOOD))),
        )
    })
    .await;
    let mut config = streaming(
        LlmConfig::ollama(stub.url(), "test-model"),
        Duration::from_millis(200),
        Duration::from_secs(5),
    );
    config.max_attempts = 1;
    let err = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap_err();
    assert_eq!(err, LlmError::FirstTokenTimeout(Duration::from_millis(200)));
}

#[tokio::test]
async fn a_slow_first_token_within_the_limit_is_waited_for() {
    // Prompt evaluation takes 600 ms, longer than the idle limit: only the
    // first-token limit applies before the first token.
    let stub = Stub::start(|_, _| {
        Reply::After(
            Duration::from_millis(600),
            Box::new(ndjson(vec![ollama_ndjson(GOOD)], Duration::ZERO)),
        )
    })
    .await;
    let config = streaming(
        LlmConfig::ollama(stub.url(), "test-model"),
        Duration::from_secs(3),
        Duration::from_millis(200),
    );
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap();
    assert_eq!(proposal.attempts, 1);
    assert_eq!(stub.requests_to("/api/chat").len(), 1);
}

#[tokio::test]
async fn an_invalid_streamed_answer_is_retried_with_its_errors_and_markers() {
    let stub = Stub::start(|_, n| {
        let content = if n == 0 {
            r#"{"exercises":[{"id":999,"sets":3}],"rationale":"x"}"#
        } else {
            GOOD
        };
        Reply::Chunks {
            content_type: "text/event-stream",
            chunks: vec![openai_sse(content)],
            pause: Duration::ZERO,
        }
    })
    .await;
    let config = streaming(
        LlmConfig::openai(stub.url(), "test-model"),
        Duration::from_secs(2),
        Duration::from_secs(2),
    );
    let (tx, rx) = mpsc::channel(64);
    let collected = tokio::spawn(events(rx));
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), Some(tx))
        .await
        .unwrap();
    assert_eq!(proposal.attempts, 2);
    let markers: Vec<LlmEvent> = collected
        .await
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e, LlmEvent::Attempt(_)))
        .collect();
    assert_eq!(markers, [LlmEvent::Attempt(1), LlmEvent::Attempt(2)]);
    let second = stub.requests_to("/chat/completions")[1].json();
    let feedback = second["messages"][3]["content"].as_str().unwrap();
    assert!(
        feedback.contains("no exercise of the answer is in the candidate list"),
        "{feedback}"
    );
    assert!(feedback.contains("exercise id 999"), "{feedback}");
}

#[tokio::test]
async fn a_listener_that_hangs_up_does_not_stop_the_call() {
    let stub = Stub::start(|_, _| ndjson(vec![ollama_ndjson(GOOD)], Duration::ZERO)).await;
    let config = streaming(
        LlmConfig::ollama(stub.url(), "test-model"),
        Duration::from_secs(2),
        Duration::from_secs(2),
    );
    let (tx, rx) = mpsc::channel(1);
    drop(rx);
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), Some(tx))
        .await
        .unwrap();
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
}

#[tokio::test]
async fn warm_up_sends_the_shared_system_prompt_for_one_token() {
    let stub = Stub::start(|_, _| {
        let done = json!({
            "model": "test-model",
            "message": {"role": "assistant", "content": "{"},
            "done": true,
            "done_reason": "length",
            "prompt_eval_count": 230,
            "eval_count": 1
        });
        ndjson(vec![format!("{done}\n").into_bytes()], Duration::ZERO)
    })
    .await;
    let config = streaming(
        LlmConfig::ollama(stub.url(), "test-model"),
        Duration::from_secs(2),
        Duration::from_secs(2),
    );
    let client = LlmClient::new(config).unwrap();
    let warm = client.warm_up().await.unwrap();
    assert_eq!(warm.usage.prompt_tokens, Some(230));
    assert_eq!(warm.usage.answer_tokens, Some(1));

    // A proposal afterwards starts with the very same system message.
    let _ = client.propose(&prompt(), None).await;
    let chats = stub.requests_to("/api/chat");
    let (warm_up, propose) = (chats[0].json(), chats[1].json());
    assert_eq!(warm_up["options"]["num_predict"], 1);
    assert_eq!(warm_up["stream"], true);
    assert_eq!(warm_up.get("format"), None, "no schema to compile");
    assert_eq!(warm_up["messages"][0], propose["messages"][0]);
    assert_eq!(warm_up["messages"][0]["role"], "system");
    assert!(
        warm_up["messages"][1]["content"].as_str().unwrap().len() < 40,
        "the warm-up's own question is tiny"
    );
}

#[tokio::test]
async fn warm_up_reports_an_unreachable_server() {
    let url = crate::server::closed_port_url().await;
    let client = LlmClient::new(fast(LlmConfig::ollama(url, "m"))).unwrap();
    let err = client.warm_up().await.unwrap_err();
    assert!(matches!(err, LlmError::Unreachable(_)), "{err:?}");
}
