//! A local stub LLM server speaking the Ollama wire format (`/api/tags`,
//! `/api/chat`, streamed as NDJSON or not), for tests of the LLM path,
//! including its faults (garbage, a hung server, a connection cut
//! mid-stream, a stalled stream).
//!
//! A warm-up (a chat request without a `format` schema, asking for one
//! token) is answered at once with one token in every mode, like a loaded
//! model would, and counted in [`LlmStub::warm_ups`], not in
//! [`LlmStub::chats`].

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the stub answers `/api/chat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StubMode {
    /// A valid proposal naming the first candidates of the request's schema.
    Good,
    /// Text that is not JSON, every time.
    Garbage,
    /// A valid proposal, one token every 500 ms (or [`LlmStub::set_token_delay`])
    /// (for disconnect tests).
    Slow,
    /// `/api/chat` is accepted and read, and never answered (a wedged server).
    /// `/api/tags` still answers, so the server keeps trying the LLM.
    Hang,
    /// `/api/chat` starts a chunked NDJSON answer, sends a few tokens of a
    /// valid proposal, then closes the connection without finishing it.
    CloseMidStream,
    /// A streamed answer that sends a few tokens of a valid proposal, then
    /// nothing more while keeping the connection open (a stalled server).
    Stall,
    /// The first `/api/chat` proposal request is answered with text that is
    /// not JSON, every later one with a valid proposal.
    GarbageFirst,
}

/// What the running stub does; changeable while it runs.
#[derive(Debug)]
struct Control {
    mode: Mutex<StubMode>,
    token_delay: Mutex<Duration>,
}

/// A running stub; it stops when dropped.
#[derive(Debug)]
pub struct LlmStub {
    pub addr: SocketAddr,
    /// `/api/chat` proposal requests received (warm-ups not included).
    pub chats: Arc<AtomicUsize>,
    /// Warm-up requests received.
    pub warm_ups: Arc<AtomicUsize>,
    /// `/api/chat` connections open right now (the client has not gone and
    /// the answer is not finished).
    pub open_chats: Arc<AtomicUsize>,
    control: Arc<Control>,
    task: tokio::task::JoinHandle<()>,
}

/// The stub's request counters.
#[derive(Debug, Clone)]
struct Counters {
    chats: Arc<AtomicUsize>,
    warm_ups: Arc<AtomicUsize>,
    open: Arc<AtomicUsize>,
}

/// Decrements a counter when dropped.
struct OpenGuard(Arc<AtomicUsize>);

impl Drop for OpenGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Drop for LlmStub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl LlmStub {
    /// Starts a stub on a random loopback port.
    pub async fn start(mode: StubMode) -> LlmStub {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let chats = Arc::new(AtomicUsize::new(0));
        let warm_ups = Arc::new(AtomicUsize::new(0));
        let open_chats = Arc::new(AtomicUsize::new(0));
        let control = Arc::new(Control {
            mode: Mutex::new(mode),
            token_delay: Mutex::new(Duration::from_millis(500)),
        });
        let counters = Counters {
            chats: chats.clone(),
            warm_ups: warm_ups.clone(),
            open: open_chats.clone(),
        };
        let shared = control.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (counters, control) = (counters.clone(), shared.clone());
                tokio::spawn(async move {
                    let _ = serve(stream, &control, counters).await;
                });
            }
        });
        LlmStub {
            addr,
            chats,
            warm_ups,
            open_chats,
            control,
            task,
        }
    }

    /// Answers later requests in `mode`.
    pub fn set_mode(&self, mode: StubMode) {
        *self.control.mode.lock().unwrap() = mode;
    }

    /// The pause between tokens in [`StubMode::Slow`] (default 500 ms),
    /// from the next token on (also of answers under way).
    pub fn set_token_delay(&self, delay: Duration) {
        *self.control.token_delay.lock().unwrap() = delay;
    }

    /// Base URL for `GAINSLY_LLM_URL`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

async fn read_request(stream: &mut TcpStream) -> std::io::Result<(String, Value)> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(pos) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let length = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    while buf.len() < header_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = serde_json::from_slice(&buf[header_end..]).unwrap_or(Value::Null);
    Ok((path, body))
}

/// A valid answer to the request's schema: its first three candidate ids,
/// each with exactly the fields the schema requires (`id`, `sets`, and
/// `reps_min`/`reps_max` where a schema asks for them), at their minimum.
fn proposal(request: &Value) -> String {
    let item = &request["format"]["properties"]["exercises"]["items"];
    let ids: Vec<i64> = item["properties"]["id"]["enum"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default();
    let fields: Vec<&str> = item["required"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let picks: Vec<Value> = ids
        .iter()
        .take(3)
        .map(|id| {
            let mut pick = serde_json::Map::new();
            for field in &fields {
                let value = match *field {
                    "id" => json!(id),
                    "sets" => json!(
                        item["properties"]["sets"]["minimum"]
                            .as_i64()
                            .unwrap_or(2)
                            .max(2)
                    ),
                    other => json!(item["properties"][other]["minimum"].as_i64().unwrap_or(8)),
                };
                pick.insert((*field).to_owned(), value);
            }
            Value::Object(pick)
        })
        .collect();
    json!({"exercises": picks, "rationale": "Stub coach: the top candidates"}).to_string()
}

async fn serve(
    mut stream: TcpStream,
    control: &Control,
    counters: Counters,
) -> std::io::Result<()> {
    let (path, request) = read_request(&mut stream).await?;
    let mode = *control.mode.lock().unwrap();
    if path.starts_with("/api/tags") {
        let body =
            json!({"models": [{"name": "stub:latest"}, {"name": "llama3.2:3b"}]}).to_string();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        return stream.shutdown().await;
    }
    if request.get("format").is_none() {
        counters.warm_ups.fetch_add(1, Ordering::SeqCst);
        return one_token(stream).await;
    }
    let nth = counters.chats.fetch_add(1, Ordering::SeqCst) + 1;
    counters.open.fetch_add(1, Ordering::SeqCst);
    let _open = OpenGuard(counters.open);
    let content = match mode {
        StubMode::Garbage => GARBAGE.to_owned(),
        StubMode::GarbageFirst if nth == 1 => GARBAGE.to_owned(),
        StubMode::Hang => {
            // Never answer; notice the client hanging up (EOF) and stop.
            let mut sink = [0u8; 1024];
            while stream.read(&mut sink).await? > 0 {}
            return Ok(());
        }
        StubMode::CloseMidStream => return close_mid_stream(stream, &request).await,
        StubMode::Stall => return stall(stream, &request).await,
        StubMode::Good | StubMode::Slow | StubMode::GarbageFirst => proposal(&request),
    };
    let streamed = request["stream"].as_bool().unwrap_or(false);
    if !streamed {
        let body = json!({"model": "stub", "message": {"role": "assistant", "content": content}, "done": true}).to_string();
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        return stream.shutdown().await;
    }
    stream
        .write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n",
        )
        .await?;
    let pieces: Vec<String> = content
        .as_bytes()
        .chunks(12)
        .map(|c| String::from_utf8_lossy(c).to_string())
        .collect();
    for piece in pieces {
        let line = json!({"model": "stub", "message": {"role": "assistant", "content": piece}, "done": false});
        stream.write_all(format!("{line}\n").as_bytes()).await?;
        stream.flush().await?;
        if mode == StubMode::Slow {
            // Pause (as long as the delay says now: a test may change it
            // mid-answer), but notice at once when the client hangs up.
            let token_delay = *control.token_delay.lock().unwrap();
            let mut sink = [0u8; 64];
            tokio::select! {
                _ = tokio::time::sleep(token_delay) => {}
                read = stream.read(&mut sink) => {
                    if matches!(read, Ok(0) | Err(_)) {
                        return Ok(());
                    }
                }
            }
        }
    }
    let done =
        json!({"model": "stub", "message": {"role": "assistant", "content": ""}, "done": true});
    stream.write_all(format!("{done}\n").as_bytes()).await?;
    stream.shutdown().await
}

/// The answer of [`StubMode::Garbage`]: not JSON.
const GARBAGE: &str = "I think you should do some squats!";

/// A one-token streamed answer (to a warm-up), at once.
async fn one_token(mut stream: TcpStream) -> std::io::Result<()> {
    let done = json!({"model": "stub", "message": {"role": "assistant", "content": "{"},
        "done": true, "done_reason": "length", "prompt_eval_count": 200, "eval_count": 1});
    let body = format!("{done}\n");
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body.as_bytes()).await?;
    stream.shutdown().await
}

/// Three tokens of a valid proposal, then silence on an open connection
/// until the client hangs up.
async fn stall(mut stream: TcpStream, request: &Value) -> std::io::Result<()> {
    stream
        .write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n",
        )
        .await?;
    let content = proposal(request);
    for piece in content.as_bytes().chunks(12).take(3) {
        let piece = String::from_utf8_lossy(piece);
        let line = json!({"model": "stub", "message": {"role": "assistant", "content": piece}, "done": false});
        stream.write_all(format!("{line}\n").as_bytes()).await?;
        stream.flush().await?;
    }
    let mut sink = [0u8; 1024];
    while stream.read(&mut sink).await? > 0 {}
    Ok(())
}

/// A chunked NDJSON answer cut off after a few tokens of a valid proposal:
/// no `done` line and no terminating chunk, so the client sees the body end
/// mid-stream.
async fn close_mid_stream(mut stream: TcpStream, request: &Value) -> std::io::Result<()> {
    stream
        .write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n",
        )
        .await?;
    let content = proposal(request);
    for piece in content.as_bytes().chunks(12).take(3) {
        let piece = String::from_utf8_lossy(piece);
        let line = json!({"model": "stub", "message": {"role": "assistant", "content": piece}, "done": false});
        let data = format!("{line}\n");
        stream
            .write_all(format!("{:x}\r\n{data}\r\n", data.len()).as_bytes())
            .await?;
        stream.flush().await?;
    }
    // Hang up without the final `0\r\n\r\n` chunk.
    drop(stream);
    Ok(())
}
