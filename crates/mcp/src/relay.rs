//! The stdio transport for desktop MCP clients: every JSON-RPC message read
//! from stdin (one per line) is posted to a Gainsly server's `/mcp` with
//! the user's personal access token, and every message the server answers
//! is written to stdout, one per line. The tools themselves run on the
//! server, so the stdio binary needs no database and has no tool code of
//! its own to drift from the server's.

use std::time::Duration;

use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWrite, AsyncWriteExt, BufReader};

/// The session and protocol headers of Streamable HTTP.
const SESSION_HEADER: &str = "mcp-session-id";
const VERSION_HEADER: &str = "mcp-protocol-version";
/// The routing headers of the current revision (SEP-2243): the method, and
/// for `tools/call` and `prompts/get` the name, repeated from the body.
const METHOD_HEADER: &str = "mcp-method";
const NAME_HEADER: &str = "mcp-name";
/// Where a request of the current revision (2026-07-28) states its
/// protocol version; over HTTP the header must repeat it.
const META_VERSION_KEY: &str = "io.modelcontextprotocol/protocolVersion";

/// How long one request may take (an adaptation re-plans with the solver
/// and maybe an LLM).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);

/// JSON-RPC error codes the relay answers with itself.
const PARSE_ERROR: i64 = -32700;
const SERVER_UNREACHABLE: i64 = -32000;

/// Why the relay stopped.
#[derive(Debug, thiserror::Error)]
pub enum RelayError {
    #[error("GAINSLY_URL is not an http(s) URL: {0}")]
    BadUrl(String),
    #[error("GAINSLY_TOKEN is not a valid header value")]
    BadToken,
    #[error("HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("stdio")]
    Io(#[from] std::io::Error),
}

/// Where the relay sends messages, and as whom.
#[derive(Debug)]
pub struct Relay {
    client: reqwest::Client,
    endpoint: String,
    authorization: HeaderValue,
    session: Option<HeaderValue>,
    protocol_version: Option<HeaderValue>,
}

impl Relay {
    /// A relay to `base_url` (`https://gainsly.example.com`; `/mcp` is
    /// appended) with the personal access token `token`.
    pub fn new(base_url: &str, token: &str) -> Result<Relay, RelayError> {
        let base = base_url.trim().trim_end_matches('/');
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(RelayError::BadUrl(base_url.to_owned()));
        }
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.trim()))
            .map_err(|_| RelayError::BadToken)?;
        authorization.set_sensitive(true);
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(RelayError::Client)?;
        Ok(Relay {
            client,
            endpoint: format!("{base}/mcp"),
            authorization,
            session: None,
            protocol_version: None,
        })
    }

    /// Relays until `input` ends.
    pub async fn run(
        &mut self,
        input: impl tokio::io::AsyncRead + Unpin,
        mut output: impl AsyncWrite + Unpin,
    ) -> Result<(), RelayError> {
        let mut lines = BufReader::new(input).lines();
        while let Some(line) = lines.next_line().await? {
            if line.trim().is_empty() {
                continue;
            }
            for answer in self.relay(&line).await {
                output.write_all(answer.to_string().as_bytes()).await?;
                output.write_all(b"\n").await?;
                output.flush().await?;
            }
        }
        Ok(())
    }

    /// The messages the server answers to one message (none for a
    /// notification); transport failures become JSON-RPC errors of the
    /// request.
    pub async fn relay(&mut self, line: &str) -> Vec<Value> {
        let message: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                return vec![error(
                    Value::Null,
                    PARSE_ERROR,
                    &format!("parse error: {e}"),
                )];
            }
        };
        let id = message.get("id").cloned();
        let is_request = id.is_some() && message.get("method").is_some();
        let version = message
            .pointer("/params/_meta")
            .and_then(|m| m.get(META_VERSION_KEY))
            .and_then(Value::as_str)
            .and_then(|v| HeaderValue::from_str(v).ok());
        let routing = routing_headers(&message);
        match self.post(line, version, routing).await {
            Ok(answers) => {
                self.remember_version(&message, &answers);
                answers
            }
            Err(reason) if is_request => {
                tracing::warn!(%reason, "relaying a request failed");
                vec![error(
                    id.unwrap_or(Value::Null),
                    SERVER_UNREACHABLE,
                    &reason,
                )]
            }
            Err(reason) => {
                tracing::warn!(%reason, "relaying a message failed");
                vec![]
            }
        }
    }

    /// Posts one message; `version` is the protocol version the message
    /// itself states, else the one `initialize` negotiated is sent.
    async fn post(
        &mut self,
        body: &str,
        version: Option<HeaderValue>,
        routing: Vec<(&'static str, HeaderValue)>,
    ) -> Result<Vec<Value>, String> {
        let mut request = self
            .client
            .post(&self.endpoint)
            .header(AUTHORIZATION, self.authorization.clone())
            .header(CONTENT_TYPE, "application/json")
            .header(ACCEPT, "application/json, text/event-stream")
            .body(body.to_owned());
        if let Some(session) = &self.session {
            request = request.header(SESSION_HEADER, session.clone());
        }
        if let Some(version) = version.or_else(|| self.protocol_version.clone()) {
            request = request.header(VERSION_HEADER, version);
        }
        for (name, value) in routing {
            request = request.header(name, value);
        }
        let response = request
            .send()
            .await
            .map_err(|e| format!("cannot reach {}: {e}", self.endpoint))?;
        if let Some(session) = response.headers().get(SESSION_HEADER) {
            self.session = Some(session.clone());
        }
        let status = response.status();
        let content_type = response
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        if status == StatusCode::UNAUTHORIZED {
            return Err("the Gainsly server refused GAINSLY_TOKEN (401)".to_owned());
        }
        if !status.is_success() {
            let text = response.text().await.unwrap_or_default();
            // A JSON-RPC error answered with an HTTP error status is still an answer.
            if let Ok(v) = serde_json::from_str::<Value>(&text)
                && v.get("jsonrpc").is_some()
            {
                return Ok(vec![v]);
            }
            return Err(format!("the Gainsly server answered {status}: {text}"));
        }
        if content_type.starts_with("text/event-stream") {
            let mut answers = Vec::new();
            let mut stream = response.bytes_stream();
            let mut buffer = String::new();
            while let Some(chunk) = stream.next().await {
                let chunk = chunk.map_err(|e| format!("reading the server's stream: {e}"))?;
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = event_end(&buffer) {
                    let event: String = buffer.drain(..end.1).collect();
                    if let Some(v) = sse_data(&event[..end.0]) {
                        answers.push(v);
                    }
                }
            }
            if let Some(v) = sse_data(&buffer) {
                answers.push(v);
            }
            Ok(answers)
        } else {
            let text = response
                .text()
                .await
                .map_err(|e| format!("reading the server's answer: {e}"))?;
            if text.trim().is_empty() {
                return Ok(vec![]);
            }
            serde_json::from_str(&text)
                .map(|v| vec![v])
                .map_err(|e| format!("the server's answer is not JSON: {e}"))
        }
    }

    /// After `initialize`, later requests carry the negotiated version.
    fn remember_version(&mut self, message: &Value, answers: &[Value]) {
        if message.get("method").and_then(Value::as_str) != Some("initialize") {
            return;
        }
        let version = answers
            .iter()
            .find_map(|a| a.pointer("/result/protocolVersion").and_then(Value::as_str));
        if let Some(v) = version.and_then(|v| HeaderValue::from_str(v).ok()) {
            self.protocol_version = Some(v);
        }
    }
}

/// `Mcp-Method` (and `Mcp-Name`) of a request, as the current revision
/// asks of HTTP clients; earlier revisions ignore them. A name that is not
/// a plain header value is left out (Gainsly's tool names all are).
fn routing_headers(message: &Value) -> Vec<(&'static str, HeaderValue)> {
    let Some(method) = message.get("method").and_then(Value::as_str) else {
        return vec![];
    };
    let mut headers = Vec::new();
    if let Ok(v) = HeaderValue::from_str(method) {
        headers.push((METHOD_HEADER, v));
    }
    if matches!(method, "tools/call" | "prompts/get")
        && let Some(name) = message.pointer("/params/name").and_then(Value::as_str)
        && name.bytes().all(|b| b.is_ascii_graphic())
        && let Ok(v) = HeaderValue::from_str(name)
    {
        headers.push((NAME_HEADER, v));
    }
    headers
}

/// The end of the first complete SSE event in `buffer`: (end of its
/// text, end including the blank line).
fn event_end(buffer: &str) -> Option<(usize, usize)> {
    ["\r\n\r\n", "\n\n", "\r\r"]
        .iter()
        .filter_map(|sep| buffer.find(sep).map(|i| (i, i + sep.len())))
        .min()
}

/// The JSON message an SSE event carries, if any (priming and keep-alive
/// events carry none).
fn sse_data(event: &str) -> Option<Value> {
    let data: Vec<&str> = event
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .map(|d| d.strip_prefix(' ').unwrap_or(d))
        .collect();
    if data.is_empty() {
        return None;
    }
    serde_json::from_str(&data.join("\n")).ok()
}

fn error(id: Value, code: i64, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sse_events_yield_their_json_data_only() {
        let stream =
            "id: 0\nretry: 3000\ndata:\n\ndata: {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}\n\n";
        let first = event_end(stream).unwrap_or((0, 0));
        assert_eq!(sse_data(&stream[..first.0]), None);
        let rest = &stream[first.1..];
        let second = event_end(rest).unwrap_or((0, 0));
        assert_eq!(
            sse_data(&rest[..second.0]),
            Some(json!({"jsonrpc": "2.0", "id": 1, "result": {}}))
        );
    }

    #[test]
    fn tool_calls_name_their_method_and_tool_in_headers() {
        let call = json!({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                          "params": {"name": "adapt_day", "arguments": {}}});
        let headers: Vec<(&str, String)> = routing_headers(&call)
            .into_iter()
            .map(|(n, v)| (n, v.to_str().unwrap_or_default().to_owned()))
            .collect();
        assert_eq!(
            headers,
            vec![
                (METHOD_HEADER, "tools/call".to_owned()),
                (NAME_HEADER, "adapt_day".to_owned())
            ]
        );
        let list = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/list"});
        assert_eq!(routing_headers(&list).len(), 1);
        assert!(routing_headers(&json!({"jsonrpc": "2.0", "id": 2, "result": {}})).is_empty());
    }

    #[test]
    fn only_http_urls_are_accepted() {
        assert!(matches!(
            Relay::new("gainsly.example.com", "gsk_x"),
            Err(RelayError::BadUrl(_))
        ));
        assert!(Relay::new("https://gainsly.example.com/", "gsk_x").is_ok());
    }

    #[tokio::test]
    async fn an_unreachable_server_answers_requests_with_errors() {
        // Port 9 (discard) on loopback: refused at once.
        let mut relay = Relay::new("http://127.0.0.1:9", "gsk_x").unwrap_or_else(|e| panic!("{e}"));
        let answers = relay
            .relay(r#"{"jsonrpc":"2.0","id":7,"method":"tools/list"}"#)
            .await;
        assert_eq!(answers.len(), 1);
        assert_eq!(answers[0]["id"], 7);
        assert_eq!(answers[0]["error"]["code"], SERVER_UNREACHABLE);
        let none = relay
            .relay(r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
            .await;
        assert!(none.is_empty());
        let bad = relay.relay("{not json").await;
        assert_eq!(bad[0]["error"]["code"], PARSE_ERROR);
    }
}
