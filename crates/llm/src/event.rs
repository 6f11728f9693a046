//! What [`crate::LlmClient::propose`] tells a listener while it works.

/// One step of a proposal's progress. A listener receives, in order,
/// `Attempt(1)`, that attempt's `Token`s, then — only when the answer was
/// unusable or the transport failed — `Attempt(2)` and its tokens, and so on.
/// An answer that is merely slow is never retried, so most proposals show a
/// single `Attempt(1)`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LlmEvent {
    /// Attempt `n` (1-based) starts: the tokens that follow are its answer.
    /// From `n` = 2 on, the previous attempt's text was discarded; a client
    /// showing the text should start over.
    Attempt(u32),
    /// A piece of the current attempt's answer, as the server streamed it
    /// (about one token; never empty).
    Token(String),
}
