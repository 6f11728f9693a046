//! One attempt of a call: the request, the limits that judge its progress,
//! and the tokens it forwards.
//!
//! A streamed attempt is judged by progress, not by length: its first token
//! must arrive within the first-token limit, and each later token within the
//! idle limit of the one before. A stream that keeps producing tokens runs
//! until it ends, bounded only by the call's deadline. A non-streamed
//! attempt shows no progress, so its total length is limited instead.

use std::time::Duration;

use serde_json::Value;
use tokio::sync::mpsc;
use tokio::time::{Instant, sleep_until, timeout_at};

use crate::error::LlmError;
use crate::event::LlmEvent;
use crate::provider::{ChatAnswer, ChatMessage, ChatRequest, LlmProvider};

/// Pieces buffered between the provider and the attempt's watch loop.
const PIECE_BUFFER: usize = 64;

/// The limits of one attempt.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Request sent → first token (streamed).
    pub first_token: Duration,
    /// Token → next token (streamed).
    pub idle: Duration,
    /// Request sent → whole answer (not streamed).
    pub whole_answer: Duration,
    /// The call's deadline: ends the attempt whatever else happens.
    pub deadline: Instant,
}

/// What to send.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Request<'a> {
    pub messages: &'a [ChatMessage],
    pub schema: Option<&'a Value>,
    pub max_tokens: u32,
    pub stream: bool,
}

/// How an attempt ended when it gave no answer.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The call's deadline passed during the attempt.
    Deadline,
    /// The attempt failed (transport, status, first-token or idle limit,
    /// whole-answer limit).
    Error(LlmError),
}

/// What was seen of an attempt, whatever its outcome.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Progress {
    /// Request sent → first token (streamed attempts that got one).
    pub first_token: Option<Duration>,
    /// Non-empty pieces received (about one per token).
    pub pieces: u32,
    /// Request sent → end of the attempt.
    pub elapsed: Duration,
}

/// Sends `event` to the listener, waiting for room at most until `deadline`.
/// A listener that has gone is dropped (the call goes on without it).
/// `Err` when the deadline passed while waiting.
pub(crate) async fn notify(
    listener: &mut Option<mpsc::Sender<LlmEvent>>,
    event: LlmEvent,
    deadline: Instant,
) -> Result<(), Failure> {
    let Some(tx) = listener else {
        return Ok(());
    };
    match timeout_at(deadline, tx.send(event)).await {
        Ok(Ok(())) => Ok(()),
        Ok(Err(_)) => {
            tracing::debug!("LLM event listener dropped; the call goes on");
            *listener = None;
            Ok(())
        }
        Err(_) => Err(Failure::Deadline),
    }
}

/// Runs one attempt: sends `request`, forwards each streamed piece to
/// `listener` as [`LlmEvent::Token`], and cuts the attempt when a limit of
/// `limits` passes. Dropping the future cancels the request.
pub(crate) async fn run(
    provider: &dyn LlmProvider,
    request: Request<'_>,
    limits: Limits,
    listener: &mut Option<mpsc::Sender<LlmEvent>>,
) -> (Result<ChatAnswer, Failure>, Progress) {
    let started = Instant::now();
    let mut progress = Progress::default();
    let result = if request.stream {
        streamed(provider, request, limits, listener, started, &mut progress).await
    } else {
        whole(provider, request, limits, started).await
    };
    progress.elapsed = started.elapsed();
    (result, progress)
}

async fn whole(
    provider: &dyn LlmProvider,
    request: Request<'_>,
    limits: Limits,
    started: Instant,
) -> Result<ChatAnswer, Failure> {
    let cap = started + limits.whole_answer;
    let chat = provider.chat(ChatRequest {
        messages: request.messages,
        schema: request.schema,
        max_tokens: request.max_tokens,
        stream_to: None,
    });
    match timeout_at(cap.min(limits.deadline), chat).await {
        Ok(answer) => answer.map_err(Failure::Error),
        Err(_) if cap < limits.deadline => {
            Err(Failure::Error(LlmError::Timeout(limits.whole_answer)))
        }
        Err(_) => Err(Failure::Deadline),
    }
}

async fn streamed(
    provider: &dyn LlmProvider,
    request: Request<'_>,
    limits: Limits,
    listener: &mut Option<mpsc::Sender<LlmEvent>>,
    started: Instant,
    progress: &mut Progress,
) -> Result<ChatAnswer, Failure> {
    let (tx, mut pieces) = mpsc::channel::<String>(PIECE_BUFFER);
    let mut chat = provider.chat(ChatRequest {
        messages: request.messages,
        schema: request.schema,
        max_tokens: request.max_tokens,
        stream_to: Some(tx),
    });
    // The next token is due by `due`: the first-token limit until one
    // arrives, then the idle limit after each.
    let mut due = started + limits.first_token;
    let mut pieces_open = true;
    loop {
        let wake = due.min(limits.deadline);
        tokio::select! {
            // Pieces first: a piece that has arrived is progress, even when
            // the answer's end or a limit is ready in the same poll.
            biased;
            piece = pieces.recv(), if pieces_open => match piece {
                Some(piece) => {
                    let now = Instant::now();
                    progress.first_token.get_or_insert(now - started);
                    progress.pieces += 1;
                    due = now + limits.idle;
                    notify(listener, LlmEvent::Token(piece), limits.deadline).await?;
                }
                None => pieces_open = false,
            },
            answer = &mut chat => {
                // Pieces sent just before the end are still buffered.
                while let Ok(piece) = pieces.try_recv() {
                    progress.first_token.get_or_insert(started.elapsed());
                    progress.pieces += 1;
                    notify(listener, LlmEvent::Token(piece), limits.deadline).await?;
                }
                return answer.map_err(Failure::Error);
            }
            () = sleep_until(wake) => {
                return Err(if wake >= limits.deadline {
                    Failure::Deadline
                } else if progress.first_token.is_some() {
                    Failure::Error(LlmError::Stalled(limits.idle))
                } else {
                    Failure::Error(LlmError::FirstTokenTimeout(limits.first_token))
                });
            }
        }
    }
}
