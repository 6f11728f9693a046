//! Progress events for streaming clients (the SSE endpoint).

use gainsly_llm::LlmEvent;
use tokio::sync::mpsc;

/// A stage of the adaptive loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Recovery,
    Constraints,
    Generating,
    Optimizing,
    Saving,
}

impl Stage {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Recovery => "recovery",
            Stage::Constraints => "constraints",
            Stage::Generating => "generating",
            Stage::Optimizing => "optimizing",
            Stage::Saving => "saving",
        }
    }
}

/// One progress event.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanEvent {
    Status {
        stage: Stage,
        message: String,
    },
    /// Attempt `n` (1-based) of the coach model starts: the tokens that
    /// follow are its answer. From `n` = 2 on, the previous attempt's text
    /// was discarded (the answer was unusable or the transport failed).
    /// Streamed as a `generating` status whose message is
    /// [`attempt_message`].
    Attempt(u32),
    /// LLM text as it arrives.
    Token(String),
}

/// The message of attempt `n`'s `generating` status: it begins with
/// `Attempt n:`, so a client reading only the wire format can tell which
/// attempt the tokens after it belong to.
pub fn attempt_message(n: u32) -> String {
    if n <= 1 {
        format!("Attempt {n}: asking the coach model for a session")
    } else {
        format!("Attempt {n}: the previous answer could not be used; asking the coach model again")
    }
}

/// Where progress goes; silent when nobody listens.
#[derive(Debug, Clone, Default)]
pub struct Events(Option<mpsc::Sender<PlanEvent>>);

impl Events {
    /// Events sent to `tx`.
    pub fn to(tx: mpsc::Sender<PlanEvent>) -> Self {
        Events(Some(tx))
    }

    /// Nobody listens.
    pub fn none() -> Self {
        Events(None)
    }

    /// Reports a stage (dropped if the listener is gone or slow).
    pub async fn status(&self, stage: Stage, message: impl Into<String>) {
        if let Some(tx) = &self.0 {
            let _ = tx
                .send(PlanEvent::Status {
                    stage,
                    message: message.into(),
                })
                .await;
        }
    }

    /// An LLM event channel that forwards the coach model's attempt markers
    /// as [`PlanEvent::Attempt`] and its text as [`PlanEvent::Token`]s, in
    /// order. `None` when nobody listens.
    pub fn token_sink(&self) -> Option<(mpsc::Sender<LlmEvent>, tokio::task::JoinHandle<()>)> {
        let tx = self.0.clone()?;
        let (token_tx, mut token_rx) = mpsc::channel::<LlmEvent>(256);
        let forward = tokio::spawn(async move {
            while let Some(event) = token_rx.recv().await {
                let event = match event {
                    LlmEvent::Attempt(n) => PlanEvent::Attempt(n),
                    LlmEvent::Token(t) => PlanEvent::Token(t),
                    // LlmEvent is non-exhaustive: later kinds are not streamed.
                    _ => continue,
                };
                if tx.send(event).await.is_err() {
                    break;
                }
            }
        });
        Some((token_tx, forward))
    }
}
