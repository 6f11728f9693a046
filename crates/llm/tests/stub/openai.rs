//! OpenAI-compatible wire format: `/v1/chat/completions` (JSON and SSE), `/v1/models`.

use std::time::Duration;

use gainsly_llm::{ApiKey, HealthStatus, LlmClient, LlmConfig, LlmError, LlmEvent, Usage};
use serde_json::json;
use tokio::sync::mpsc;

use crate::server::{Reply, Stub, closed_port_url};
use crate::{
    GOOD, GOOD_RATIONALE, TOKEN_LIMIT, by_attempt, drain, events, fast, odd_chunks, openai_answer,
    openai_sse, prompt,
};

fn config(stub: &Stub) -> LlmConfig {
    fast(LlmConfig::openai(stub.url(), "test-model"))
}

fn client(stub: &Stub) -> LlmClient {
    LlmClient::new(config(stub)).unwrap()
}

fn answer(content: &str) -> Reply {
    Reply::json(200, openai_answer(content))
}

fn sse(chunks: Vec<Vec<u8>>) -> Reply {
    Reply::Chunks {
        content_type: "text/event-stream",
        chunks,
        pause: Duration::ZERO,
    }
}

#[tokio::test]
async fn good_answer_request_shape_and_bearer_key() {
    let stub = Stub::start(|_, _| answer(GOOD)).await;
    let mut cfg = config(&stub);
    cfg.api_key = Some(ApiKey::new("sk-test-secret"));
    let client = LlmClient::new(cfg).unwrap();
    assert!(!format!("{client:?}").contains("sk-test-secret"));

    let proposal = client.propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.picks.len(), 3);
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
    assert_eq!(proposal.attempts, 1);

    let r = &stub.requests()[0];
    assert_eq!(
        (r.method.as_str(), r.path.as_str()),
        ("POST", "/v1/chat/completions")
    );
    assert_eq!(r.header("authorization"), Some("Bearer sk-test-secret"));
    let body = r.json();
    assert_eq!(body["model"], "test-model");
    assert_eq!(body["stream"], false);
    assert_eq!(body["max_tokens"], TOKEN_LIMIT);
    assert_eq!(body.get("stream_options"), None, "only when streamed");
    assert_eq!(body["seed"], 42);
    assert_eq!(body["response_format"]["type"], "json_schema");
    assert_eq!(body["response_format"]["json_schema"]["strict"], true);
    assert_eq!(
        body["response_format"]["json_schema"]["name"],
        "gainsly_session_plan"
    );
    assert_eq!(
        body["response_format"]["json_schema"]["schema"]["required"],
        json!(["exercises", "rationale"])
    );
    assert_eq!(body["messages"][0]["role"], "system");
    let schema = &body["response_format"]["json_schema"]["schema"];
    assert_eq!(
        schema["properties"]["rationale"],
        json!({"type": "string", "pattern": "^.{0,100}$"}),
        "strict mode: maxLength becomes a pattern"
    );
    assert_eq!(schema["properties"]["exercises"]["maxItems"], 4);
}

#[tokio::test]
async fn base_url_with_v1_is_not_doubled_and_no_key_no_header() {
    let stub = Stub::start(|_, _| answer(GOOD)).await;
    let client = LlmClient::new(fast(LlmConfig::openai(
        format!("{}/v1/", stub.url()),
        "test-model",
    )))
    .unwrap();
    client.propose(&prompt(), None).await.unwrap();
    let r = &stub.requests()[0];
    assert_eq!(r.path, "/v1/chat/completions");
    assert_eq!(r.header("authorization"), None);
}

#[tokio::test]
async fn fenced_json_and_prose() {
    let stub = Stub::start(|_, n| {
        if n == 0 {
            answer(&format!("```json\n{GOOD}\n```"))
        } else {
            answer(&format!("Plan below.\n{GOOD}\nGood luck!"))
        }
    })
    .await;
    let client = client(&stub);
    assert_eq!(
        client.propose(&prompt(), None).await.unwrap().picks.len(),
        3
    );
    assert_eq!(
        client.propose(&prompt(), None).await.unwrap().picks.len(),
        3
    );
}

#[tokio::test]
async fn sse_stream_split_at_odd_byte_boundaries() {
    let stub = Stub::start(|_, _| sse(odd_chunks(&openai_sse(GOOD)))).await;
    let (tx, rx) = mpsc::channel(4);
    let collected = tokio::spawn(drain(rx));
    let proposal = client(&stub).propose(&prompt(), Some(tx)).await.unwrap();
    assert_eq!(proposal.rationale, GOOD_RATIONALE);
    assert_eq!(collected.await.unwrap(), GOOD);
    let body = stub.requests()[0].json();
    assert_eq!(body["stream"], true);
    assert_eq!(body["stream_options"], json!({"include_usage": true}));
    assert_eq!(
        proposal.usage,
        Usage {
            prompt_tokens: Some(500),
            cached_prompt_tokens: Some(310),
            answer_tokens: Some(120)
        },
        "usage and llama.cpp timings of the last event"
    );
}

#[tokio::test]
async fn sse_with_crlf_lines() {
    let body = String::from_utf8(openai_sse(GOOD))
        .unwrap()
        .replace('\n', "\r\n");
    let stub = Stub::start(move |_, _| sse(odd_chunks(body.as_bytes()))).await;
    let (tx, rx) = mpsc::channel(4);
    let collected = tokio::spawn(drain(rx));
    let proposal = client(&stub).propose(&prompt(), Some(tx)).await.unwrap();
    assert_eq!(proposal.picks.len(), 3);
    assert_eq!(collected.await.unwrap(), GOOD);
}

#[tokio::test]
async fn garbage_then_good_over_sse() {
    let stub = Stub::start(|_, n| {
        if n == 0 {
            sse(vec![openai_sse("Sorry, I cannot help with that.")])
        } else {
            sse(vec![openai_sse(GOOD)])
        }
    })
    .await;
    let (tx, rx) = mpsc::channel(64);
    let collected = tokio::spawn(events(rx));
    let proposal = client(&stub).propose(&prompt(), Some(tx)).await.unwrap();
    assert_eq!(proposal.attempts, 2);
    assert_eq!(
        by_attempt(&collected.await.unwrap()),
        [
            LlmEvent::Attempt(1),
            LlmEvent::Token("Sorry, I cannot help with that.".into()),
            LlmEvent::Attempt(2),
            LlmEvent::Token(GOOD.into()),
        ]
    );
    let second = stub.requests_to("/chat/completions")[1].json();
    assert_eq!(
        second["messages"][2]["content"],
        "Sorry, I cannot help with that."
    );
    assert!(
        second["messages"][3]["content"]
            .as_str()
            .unwrap()
            .contains("no complete JSON object")
    );
}

#[tokio::test]
async fn server_errors_then_success() {
    let stub = Stub::start(|_, n| match n {
        0 => Reply::json(
            502,
            r#"{"error":{"message":"bad gateway","type":"server_error"}}"#,
        ),
        _ => answer(GOOD),
    })
    .await;
    let proposal = client(&stub).propose(&prompt(), None).await.unwrap();
    assert_eq!(proposal.attempts, 2);
}

#[tokio::test]
async fn model_missing_and_unauthorized_are_not_retried() {
    let stub = Stub::start(|_, _| {
        Reply::json(
            404,
            r#"{"error":{"message":"The model `test-model` does not exist","type":"invalid_request_error","code":"model_not_found"}}"#,
        )
    })
    .await;
    let err = client(&stub).propose(&prompt(), None).await.unwrap_err();
    assert_eq!(
        err,
        LlmError::ModelMissing {
            model: "test-model".into()
        }
    );
    assert_eq!(stub.requests().len(), 1);

    let stub = Stub::start(|_, _| {
        Reply::json(
            401,
            r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error"}}"#,
        )
    })
    .await;
    let err = client(&stub).propose(&prompt(), None).await.unwrap_err();
    assert_eq!(
        err,
        LlmError::Status {
            code: 401,
            message: "Incorrect API key provided".into()
        }
    );
    assert_eq!(stub.requests().len(), 1);
}

#[tokio::test]
async fn timeout_then_connection_refused() {
    let stub =
        Stub::start(|_, _| Reply::After(Duration::from_secs(3), Box::new(answer(GOOD)))).await;
    let mut cfg = config(&stub);
    cfg.attempt_timeout = Duration::from_millis(200);
    cfg.max_attempts = 1;
    let err = LlmClient::new(cfg)
        .unwrap()
        .propose(&prompt(), None)
        .await
        .unwrap_err();
    assert_eq!(err, LlmError::Timeout(Duration::from_millis(200)));

    let refused = LlmClient::new(fast(LlmConfig::openai(closed_port_url().await, "m"))).unwrap();
    let err = refused.propose(&prompt(), None).await.unwrap_err();
    assert!(matches!(err, LlmError::Unreachable(_)), "{err:?}");
}

#[tokio::test]
async fn cancellation_mid_stream_closes_the_connection() {
    let (closed_tx, mut closed_rx) = mpsc::unbounded_channel();
    let stub = Stub::start(move |_, _| {
        let mut head = openai_sse(GOOD);
        head.truncate(400);
        Reply::Hang {
            content_type: "text/event-stream",
            chunks: vec![head],
            closed: closed_tx.clone(),
        }
    })
    .await;
    let client = client(&stub);
    let (tx, mut rx) = mpsc::channel(64);
    let call = async move { client.propose(&prompt(), Some(tx)).await };
    let first_token = async move {
        while let Some(event) = rx.recv().await {
            if matches!(event, LlmEvent::Token(_)) {
                return;
            }
        }
        panic!("the events ended before a token");
    };
    // Drive the call until the first token, then drop the future itself.
    tokio::select! {
        _ = call => panic!("the stream never ends; the call cannot finish"),
        () = first_token => {}
    }
    tokio::time::timeout(Duration::from_secs(2), closed_rx.recv())
        .await
        .expect("the stub should see the connection closed")
        .unwrap();
}

#[tokio::test]
async fn health_ok_model_missing_unreachable_and_no_pull() {
    let stub = Stub::start(|_, _| {
        Reply::json(
            200,
            r#"{"object":"list","data":[{"id":"test-model","object":"model","owned_by":"me"}]}"#,
        )
    })
    .await;
    assert_eq!(client(&stub).check().await, HealthStatus::Ok);
    assert_eq!(stub.requests()[0].path, "/v1/models");
    let other = LlmClient::new(fast(LlmConfig::openai(stub.url(), "gpt-x"))).unwrap();
    assert_eq!(other.check().await, HealthStatus::ModelMissing);
    let gone = LlmClient::new(fast(LlmConfig::openai(closed_port_url().await, "m"))).unwrap();
    assert_eq!(gone.check().await, HealthStatus::Unreachable);

    let mut cfg = fast(LlmConfig::openai(stub.url(), "gpt-x"));
    cfg.pull_missing_model = true;
    let err = LlmClient::new(cfg)
        .unwrap()
        .ensure_model()
        .await
        .unwrap_err();
    assert!(matches!(err, LlmError::Unsupported(_)), "{err:?}");
}
