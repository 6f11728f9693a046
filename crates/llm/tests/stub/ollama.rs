//! Ollama wire format: `/api/chat` (JSON and NDJSON), `/api/tags`, `/api/pull`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use gainsly_domain::ExerciseId;
use gainsly_llm::{HealthStatus, LlmClient, LlmConfig, LlmError, LlmEvent, Usage};
use serde_json::json;
use tokio::sync::mpsc;

use crate::server::{Reply, Stub, closed_port_url};
use crate::{
    GOOD, GOOD_RATIONALE, TOKEN_LIMIT, by_attempt, drain, events, fast, odd_chunks, ollama_answer,
    ollama_ndjson, ollama_ndjson_lines, prompt,
};

fn client(stub: &Stub) -> LlmClient {
    LlmClient::new(fast(LlmConfig::ollama(stub.url(), "test-model"))).unwrap()
}

fn answer(content: &str) -> Reply {
    Reply::json(200, ollama_answer(content))
}

#[tokio::test]
async fn good_answer_and_request_shape() {
    let stub = Stub::start(|_, _| answer(GOOD)).await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();

    assert_eq!(proposal.attempts, 1);
    assert!(proposal.issues.is_empty(), "{:?}", proposal.issues);
    let ids: Vec<ExerciseId> = proposal.picks.iter().map(|p| p.exercise_id).collect();
    assert_eq!(ids, [ExerciseId(101), ExerciseId(102), ExerciseId(104)]);
    assert_eq!(proposal.picks[0].sets, 4);
    assert_eq!(proposal.rationale, GOOD_RATIONALE);

    let requests = stub.requests();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/api/chat"));
    let body = r.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], false);
    assert_eq!(body["keep_alive"], "10m");
    assert_eq!(body["options"]["seed"], 42);
    assert_eq!(body["options"]["num_predict"], TOKEN_LIMIT);
    assert!(body["options"]["temperature"].is_number());
    assert_eq!(body["format"]["type"], "object");
    assert_eq!(
        body["format"]["properties"]["exercises"]["items"]["properties"]["id"]["enum"],
        json!([101, 102, 103, 104])
    );
    assert_eq!(body["format"]["properties"]["rationale"]["maxLength"], 100);
    let messages = body["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 2);
    assert_eq!(messages[0]["role"], "system");
    assert_eq!(messages[1]["role"], "user");
    let user = messages[1]["content"].as_str().unwrap();
    assert!(
        user.contains("\nvertical_pull:\n102 Lat Pulldown (lats)\n"),
        "{user}"
    );
    assert!(
        user.contains("<<<ATHLETE_NOTE\nSlept badly, elbows fine.\nATHLETE_NOTE>>>"),
        "{user}"
    );
}

#[tokio::test]
async fn the_default_config_streams_without_a_token_channel() {
    let stub = Stub::start(|_, _| Reply::Chunks {
        content_type: "application/x-ndjson",
        chunks: vec![ollama_ndjson(GOOD)],
        pause: Duration::ZERO,
    })
    .await;
    let mut config = LlmConfig::ollama(stub.url(), "test-model");
    config.backoff = Duration::from_millis(10);
    assert!(config.always_stream);
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap();
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
    assert_eq!(stub.requests()[0].json()["stream"], true);
}

#[tokio::test]
async fn fenced_json() {
    let stub = Stub::start(|_, _| answer(&format!("```json\n{GOOD}\n```"))).await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.picks.len(), 3);
    assert_eq!(proposal.attempts, 1);
}

#[tokio::test]
async fn prose_around_json() {
    let stub = Stub::start(|_, _| {
        answer(&format!(
            "Here is a session for {{you}}:\n{GOOD}\nTrain hard, rest well."
        ))
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.picks.len(), 3);
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
}

#[tokio::test]
async fn garbage_then_good_feeds_the_errors_back() {
    let stub = Stub::start(|_, n| {
        if n == 0 {
            answer("I recommend bench pressing today. Have fun!")
        } else {
            answer(GOOD)
        }
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.attempts, 2);

    let chats = stub.requests_to("/api/chat");
    assert_eq!(chats.len(), 2);
    let first = chats[0].json();
    let second = chats[1].json();
    let messages = second["messages"].as_array().unwrap();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert_eq!(messages[..2], first["messages"].as_array().unwrap()[..]);
    assert_eq!(messages[2]["role"], "assistant");
    assert_eq!(
        messages[2]["content"],
        "I recommend bench pressing today. Have fun!"
    );
    assert_eq!(messages[3]["role"], "user");
    let feedback = messages[3]["content"].as_str().unwrap();
    assert!(feedback.contains("could not be used"), "{feedback}");
    assert!(feedback.contains("no complete JSON object"), "{feedback}");
}

#[tokio::test]
async fn schema_errors_are_fed_back_precisely() {
    let stub = Stub::start(|_, n| {
        if n == 0 {
            answer(r#"{"exercises":[{"id":101,"sets":"three"}]}"#)
        } else {
            answer(GOOD)
        }
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.attempts, 2);
    let second = stub.requests_to("/api/chat")[1].json();
    let feedback = second["messages"][3]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        feedback.contains("exercises[0].sets must be an integer"),
        "{feedback}"
    );
    assert!(
        feedback.contains("missing field \"rationale\""),
        "{feedback}"
    );
}

#[tokio::test]
async fn always_unusable_gives_up_after_three_attempts() {
    let stub = Stub::start(|_, _| answer("no idea")).await;
    let err = client(&stub).propose(&prompt(), None).await.unwrap_err();
    match err {
        LlmError::Unusable { errors, attempts } => {
            assert_eq!(attempts, 3);
            assert!(errors[0].contains("no complete JSON object"));
        }
        other => panic!("expected Unusable, got {other:?}"),
    }
    assert_eq!(stub.requests_to("/api/chat").len(), 3);
}

#[tokio::test]
async fn unknown_ids_are_dropped_and_reported() {
    let stub = Stub::start(|_, _| {
        answer(r#"{"exercises":[{"id":777,"sets":3},{"id":103,"sets":3},{"id":5,"sets":3}],"rationale":"ok"}"#)
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.picks.len(), 1);
    assert_eq!(proposal.picks[0].exercise_id, ExerciseId(103));
    let issues = proposal.issues.join("\n");
    assert!(
        issues.contains("exercise id 777 is not in the candidate list; dropped"),
        "{issues}"
    );
    assert!(
        issues.contains("exercise id 5 is not in the candidate list; dropped"),
        "{issues}"
    );
}

#[tokio::test]
async fn only_unknown_ids_is_retried() {
    let stub = Stub::start(|_, n| {
        if n == 0 {
            answer(r#"{"exercises":[{"id":999,"sets":3}],"rationale":"ok"}"#)
        } else {
            answer(GOOD)
        }
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.attempts, 2);
    let second = stub.requests_to("/api/chat")[1].json();
    let feedback = second["messages"][3]["content"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(feedback.contains("id 999"), "{feedback}");
}

#[tokio::test]
async fn out_of_range_sets_are_clamped_and_reported() {
    let stub = Stub::start(|_, _| {
        answer(r#"{"exercises":[{"id":101,"sets":10},{"id":102,"sets":0}],"rationale":"ok"}"#)
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    let sets: Vec<u32> = proposal.picks.iter().map(|p| p.sets).collect();
    assert_eq!(sets, [5, 2]);
    let issues = proposal.issues.join("\n");
    assert!(
        issues.contains("exercise 101: sets 10 clamped to 5 (allowed 2-5)"),
        "{issues}"
    );
    assert!(
        issues.contains("exercise 102: sets 0 clamped to 2"),
        "{issues}"
    );
}

#[tokio::test]
async fn a_slow_whole_answer_is_cut_by_the_attempt_timeout_and_not_retried() {
    let stub =
        Stub::start(|_, _| Reply::After(Duration::from_secs(3), Box::new(answer(GOOD)))).await;
    let mut config = fast(LlmConfig::ollama(stub.url(), "test-model"));
    config.attempt_timeout = Duration::from_millis(200);
    assert_eq!(config.max_attempts, 3);
    let err = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap_err();
    assert_eq!(err, LlmError::Timeout(Duration::from_millis(200)));
    assert_eq!(
        stub.requests_to("/api/chat").len(),
        1,
        "a merely slow answer is not asked again"
    );
    assert_eq!(stub.requests_to("/api/chat")[0].json()["stream"], false);
}

#[tokio::test]
async fn the_deadline_bounds_the_whole_call() {
    // Nothing ever arrives: the first attempt is cut by the first-token
    // limit (200 ms) and retried; the retry is cut by the deadline (300 ms).
    let stub =
        Stub::start(|_, _| Reply::After(Duration::from_secs(3), Box::new(answer(GOOD)))).await;
    let mut config = fast(LlmConfig::ollama(stub.url(), "test-model"));
    config.always_stream = true;
    config.first_token_timeout = Duration::from_millis(200);
    config.deadline = Duration::from_millis(300);
    let started = Instant::now();
    let err = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap_err();
    match &err {
        LlmError::DeadlineExceeded { after, last_error } => {
            assert_eq!(*after, Duration::from_millis(300));
            assert!(last_error.contains("no first token"), "{last_error}");
            assert!(
                last_error.contains("attempt 2 cut by the deadline"),
                "{last_error}"
            );
        }
        other => panic!("expected DeadlineExceeded, got {other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_millis(1_000),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(stub.requests_to("/api/chat").len(), 2);
}

#[tokio::test]
async fn server_errors_are_retried_then_succeed() {
    let stub = Stub::start(|_, n| match n {
        0 => Reply::json(500, r#"{"error":"llama runner crashed"}"#),
        1 => Reply::json(503, r#"{"error":"server busy"}"#),
        _ => answer(GOOD),
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.attempts, 3);
    assert_eq!(stub.requests_to("/api/chat").len(), 3);
}

#[tokio::test]
async fn persistent_server_errors_give_the_status() {
    let stub = Stub::start(|_, _| Reply::json(500, r#"{"error":"llama runner crashed"}"#)).await;
    let err = client(&stub).propose(&prompt(), None).await.unwrap_err();
    assert_eq!(
        err,
        LlmError::Status {
            code: 500,
            message: "llama runner crashed".into()
        }
    );
    assert_eq!(stub.requests_to("/api/chat").len(), 3);
}

#[tokio::test]
async fn connection_refused_is_unreachable() {
    let url = closed_port_url().await;
    let started = Instant::now();
    let client = LlmClient::new(fast(LlmConfig::ollama(url, "test-model"))).unwrap();
    let err = client.propose(&prompt(), None).await.unwrap_err();
    assert!(matches!(err, LlmError::Unreachable(_)), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(client.check().await, HealthStatus::Unreachable);
}

#[tokio::test]
async fn a_bad_base_url_is_a_config_error_not_retried() {
    let client = LlmClient::new(fast(LlmConfig::ollama("not a url", "m"))).unwrap();
    let err = client.propose(&prompt(), None).await.unwrap_err();
    assert!(matches!(err, LlmError::Config(_)), "{err:?}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn model_missing_is_not_retried() {
    let stub =
        Stub::start(|_, _| Reply::json(404, r#"{"error":"model 'test-model' not found"}"#)).await;
    let err = client(&stub).propose(&prompt(), None).await.unwrap_err();
    assert_eq!(
        err,
        LlmError::ModelMissing {
            model: "test-model".into()
        }
    );
    assert_eq!(stub.requests_to("/api/chat").len(), 1);
}

#[tokio::test]
async fn streamed_tokens_are_forwarded() {
    let stub = Stub::start(|_, _| Reply::Chunks {
        content_type: "application/x-ndjson",
        chunks: vec![ollama_ndjson(GOOD)],
        pause: Duration::ZERO,
    })
    .await;
    let (tx, rx) = mpsc::channel(8);
    let collected = tokio::spawn(events(rx));
    let proposal = client(&stub).propose(&prompt(), Some(tx)).await.unwrap();
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
    assert_eq!(
        by_attempt(&collected.await.unwrap()),
        [LlmEvent::Attempt(1), LlmEvent::Token(GOOD.into())]
    );
    assert_eq!(stub.requests()[0].json()["stream"], true);
    assert_eq!(
        proposal.usage,
        Usage {
            prompt_tokens: Some(480),
            cached_prompt_tokens: None,
            answer_tokens: Some(120)
        },
        "the counts of the final NDJSON line"
    );
}

#[tokio::test]
async fn whole_answers_report_their_token_counts() {
    let stub = Stub::start(|_, _| answer(GOOD)).await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.usage.answer_tokens, Some(120));
}

#[tokio::test]
async fn an_answer_cut_at_the_token_limit_is_retried_with_that_reason() {
    let stub = Stub::start(|_, n| {
        let lines = if n == 0 {
            ollama_ndjson_lines(&GOOD[..60], "length")
        } else {
            ollama_ndjson_lines(GOOD, "stop")
        };
        Reply::Chunks {
            content_type: "application/x-ndjson",
            chunks: lines,
            pause: Duration::ZERO,
        }
    })
    .await;
    let mut config = fast(LlmConfig::ollama(stub.url(), "test-model"));
    config.always_stream = true;
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap();
    assert_eq!(proposal.attempts, 2);
    let second = stub.requests_to("/api/chat")[1].json();
    assert_eq!(second["messages"][2]["content"], &GOOD[..60]);
    let feedback = second["messages"][3]["content"].as_str().unwrap();
    assert!(
        feedback.contains(&format!(
            "the answer was cut off at its limit of {TOKEN_LIMIT} tokens"
        )),
        "{feedback}"
    );
}

#[tokio::test]
async fn stream_split_at_odd_byte_boundaries() {
    let stub = Stub::start(|_, _| Reply::Chunks {
        content_type: "application/x-ndjson",
        chunks: odd_chunks(&ollama_ndjson(GOOD)),
        pause: Duration::ZERO,
    })
    .await;
    let (tx, rx) = mpsc::channel(4);
    let collected = tokio::spawn(drain(rx));
    let proposal = client(&stub).propose(&prompt(), Some(tx)).await.unwrap();
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
    assert_eq!(proposal.picks.len(), 3);
    assert_eq!(collected.await.unwrap(), GOOD);
}

#[tokio::test]
async fn error_line_mid_stream_is_retried() {
    let stub = Stub::start(|_, n| {
        let body = if n == 0 {
            let mut b = ollama_ndjson(GOOD);
            b.truncate(150);
            b.extend_from_slice(b"\n{\"error\":\"out of memory\"}\n");
            b
        } else {
            ollama_ndjson(GOOD)
        };
        Reply::Chunks {
            content_type: "application/x-ndjson",
            chunks: vec![body],
            pause: Duration::ZERO,
        }
    })
    .await;
    let mut config = fast(LlmConfig::ollama(stub.url(), "test-model"));
    config.always_stream = true;
    let proposal = LlmClient::new(config)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap();
    assert_eq!(proposal.attempts, 2);
}

#[tokio::test]
async fn cancellation_mid_stream_closes_the_connection() {
    let (closed_tx, mut closed_rx) = mpsc::unbounded_channel();
    let stub = Stub::start(move |_, _| {
        let mut head = ollama_ndjson(GOOD);
        head.truncate(200);
        Reply::Hang {
            content_type: "application/x-ndjson",
            chunks: vec![head],
            closed: closed_tx.clone(),
        }
    })
    .await;
    let client = client(&stub);
    let (tx, mut rx) = mpsc::channel(64);
    let call = tokio::spawn(async move { client.propose(&prompt(), Some(tx)).await });
    // Wait until tokens flow, then drop the call.
    let first = tokio::time::timeout(Duration::from_secs(2), rx.recv())
        .await
        .unwrap();
    assert_eq!(first, Some(LlmEvent::Attempt(1)));
    let token = tokio::time::timeout(Duration::from_secs(2), rx.recv())
        .await
        .unwrap();
    assert!(matches!(token, Some(LlmEvent::Token(_))), "{token:?}");
    assert!(
        closed_rx.try_recv().is_err(),
        "still streaming before the cancel"
    );
    call.abort();
    tokio::time::timeout(Duration::from_secs(2), closed_rx.recv())
        .await
        .expect("the stub should see the connection closed")
        .unwrap();
    assert!(call.await.unwrap_err().is_cancelled());
}

fn tags(names: &[&str]) -> Reply {
    let models: Vec<_> = names
        .iter()
        .map(|n| json!({"name": n, "model": n, "size": 1, "details": {"family": "llama"}}))
        .collect();
    Reply::json(200, json!({ "models": models }).to_string())
}

#[tokio::test]
async fn health_ok_model_missing_unreachable() {
    let stub = Stub::start(|_, _| tags(&["llama3.2:3b", "qwen2.5-coder:latest"])).await;
    let check = |model: &str| LlmClient::new(fast(LlmConfig::ollama(stub.url(), model))).unwrap();
    assert_eq!(check("llama3.2:3b").check().await, HealthStatus::Ok);
    assert_eq!(
        check("qwen2.5-coder").check().await,
        HealthStatus::Ok,
        ":latest suffix"
    );
    assert_eq!(check("mistral").check().await, HealthStatus::ModelMissing);
    assert_eq!(stub.requests()[0].path, "/api/tags");
    assert_eq!(stub.requests()[0].method, "GET");

    let broken = Stub::start(|_, _| Reply::json(500, "{}")).await;
    let client = LlmClient::new(fast(LlmConfig::ollama(broken.url(), "m"))).unwrap();
    assert_eq!(client.check().await, HealthStatus::Unreachable);
    let gone = LlmClient::new(fast(LlmConfig::ollama(closed_port_url().await, "m"))).unwrap();
    assert_eq!(gone.check().await, HealthStatus::Unreachable);
}

#[tokio::test]
async fn ensure_model_pulls_when_configured() {
    let pulled = Arc::new(AtomicBool::new(false));
    let flag = pulled.clone();
    let stub = Stub::start(move |req, _| match req.path.as_str() {
        "/api/pull" => {
            flag.store(true, Ordering::SeqCst);
            Reply::json(200, r#"{"status":"success"}"#)
        }
        _ if flag.load(Ordering::SeqCst) => tags(&["test-model:latest"]),
        _ => tags(&[]),
    })
    .await;
    let mut config = fast(LlmConfig::ollama(stub.url(), "test-model"));
    assert_eq!(
        LlmClient::new(config.clone())
            .unwrap()
            .ensure_model()
            .await
            .unwrap(),
        HealthStatus::ModelMissing,
        "no pull unless configured"
    );
    assert!(!pulled.load(Ordering::SeqCst));
    config.pull_missing_model = true;
    assert_eq!(
        LlmClient::new(config)
            .unwrap()
            .ensure_model()
            .await
            .unwrap(),
        HealthStatus::Ok
    );
    let pull = &stub.requests_to("/api/pull")[0];
    assert_eq!(pull.json(), json!({"model": "test-model", "stream": false}));
}
