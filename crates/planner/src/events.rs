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
    /// LLM text as it arrives.
    Token(String),
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

    /// An LLM event channel that forwards LLM text as [`PlanEvent::Token`]s.
    /// (Attempt markers are not forwarded yet: issue 20 turns them into
    /// `generating` status events with the attempt number.)
    pub fn token_sink(&self) -> Option<(mpsc::Sender<LlmEvent>, tokio::task::JoinHandle<()>)> {
        let tx = self.0.clone()?;
        let (token_tx, mut token_rx) = mpsc::channel::<LlmEvent>(256);
        let forward = tokio::spawn(async move {
            while let Some(event) = token_rx.recv().await {
                let LlmEvent::Token(t) = event else {
                    continue;
                };
                if tx.send(PlanEvent::Token(t)).await.is_err() {
                    break;
                }
            }
        });
        Some((token_tx, forward))
    }
}
