//! Incremental decoding of streamed bodies: bytes arrive in arbitrary chunks
//! (split mid-line and mid-UTF-8 character); lines come out whole.
//!
//! Ollama streams NDJSON (one JSON object per line); OpenAI-compatible servers
//! stream Server-Sent Events (`data: {...}` lines, blank line between events,
//! `data: [DONE]` at the end). Both are line-based, so one decoder serves both.

/// Splits a byte stream into lines. A line is complete when its `\n` has
/// arrived; bytes are kept until then, so a multi-byte UTF-8 character split
/// across chunks is reassembled before decoding (`\n` never occurs inside a
/// UTF-8 sequence). A trailing `\r` is removed (CRLF).
#[derive(Debug, Default)]
pub struct LineDecoder {
    buf: Vec<u8>,
}

/// A body line longer than this is a protocol error (no real token event is near it).
pub const MAX_LINE_BYTES: usize = 4 * 1024 * 1024;

impl LineDecoder {
    /// A decoder with an empty buffer.
    pub fn new() -> Self {
        LineDecoder::default()
    }

    /// Adds a chunk and returns every line it completes, in order.
    /// Invalid UTF-8 is replaced (U+FFFD) rather than failing the stream.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<String> {
        let mut lines = Vec::new();
        let mut rest = chunk;
        while let Some(pos) = rest.iter().position(|b| *b == b'\n') {
            let (head, tail) = rest.split_at(pos);
            self.buf.extend_from_slice(head);
            lines.push(take_line(&mut self.buf));
            rest = tail.get(1..).unwrap_or_default();
        }
        self.buf.extend_from_slice(rest);
        lines
    }

    /// Bytes buffered for the line not yet complete.
    pub fn pending(&self) -> usize {
        self.buf.len()
    }

    /// Ends the stream: the last line if it had no final `\n`.
    pub fn finish(&mut self) -> Option<String> {
        if self.buf.is_empty() {
            None
        } else {
            Some(take_line(&mut self.buf))
        }
    }
}

fn take_line(buf: &mut Vec<u8>) -> String {
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    let line = String::from_utf8_lossy(buf).into_owned();
    buf.clear();
    line
}

/// What one SSE line means for a chat stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SseLine<'a> {
    /// A `data:` field's value (one event's payload).
    Data(&'a str),
    /// `data: [DONE]`: the stream is complete.
    Done,
    /// A blank line, comment, or another field (`event:`, `id:`, `retry:`).
    Other,
}

/// Classifies one SSE line.
pub fn sse_line(line: &str) -> SseLine<'_> {
    match line.strip_prefix("data:") {
        Some(value) => {
            // The spec removes exactly one leading space.
            let value = value.strip_prefix(' ').unwrap_or(value);
            if value.trim() == "[DONE]" {
                SseLine::Done
            } else {
                SseLine::Data(value)
            }
        }
        None => SseLine::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "{\"a\":\"Übung 💪 Kniebeuge\"}\n\r\n{\"b\":\"ß€\"}\r\ndata: [DONE]\nlast";

    fn expected() -> Vec<String> {
        vec![
            "{\"a\":\"Übung 💪 Kniebeuge\"}".to_owned(),
            String::new(),
            "{\"b\":\"ß€\"}".to_owned(),
            "data: [DONE]".to_owned(),
            "last".to_owned(),
        ]
    }

    fn decode(chunks: &[&[u8]]) -> Vec<String> {
        let mut d = LineDecoder::new();
        let mut out = Vec::new();
        for c in chunks {
            out.extend(d.push(c));
        }
        out.extend(d.finish());
        out
    }

    #[test]
    fn every_single_split_point() {
        let bytes = SAMPLE.as_bytes();
        for i in 0..=bytes.len() {
            let (a, b) = bytes.split_at(i);
            assert_eq!(decode(&[a, b]), expected(), "split at byte {i}");
        }
    }

    #[test]
    fn every_pair_of_split_points() {
        let bytes = SAMPLE.as_bytes();
        for i in 0..=bytes.len() {
            for j in i..=bytes.len() {
                let chunks = [&bytes[..i], &bytes[i..j], &bytes[j..]];
                assert_eq!(decode(&chunks), expected(), "split at {i} and {j}");
            }
        }
    }

    #[test]
    fn one_byte_at_a_time() {
        let chunks: Vec<&[u8]> = SAMPLE.as_bytes().chunks(1).collect();
        assert_eq!(decode(&chunks), expected());
    }

    #[test]
    fn invalid_utf8_is_replaced_not_fatal() {
        assert_eq!(decode(&[b"a\xffb\n"]), vec!["a\u{fffd}b".to_owned()]);
    }

    #[test]
    fn pending_and_finish() {
        let mut d = LineDecoder::new();
        assert!(d.push(b"abc").is_empty());
        assert_eq!(d.pending(), 3);
        assert_eq!(d.finish(), Some("abc".to_owned()));
        assert_eq!(d.finish(), None);
    }

    #[test]
    fn sse_lines() {
        assert_eq!(sse_line("data: {\"x\":1}"), SseLine::Data("{\"x\":1}"));
        assert_eq!(sse_line("data:{\"x\":1}"), SseLine::Data("{\"x\":1}"));
        assert_eq!(sse_line("data: [DONE]"), SseLine::Done);
        assert_eq!(sse_line(""), SseLine::Other);
        assert_eq!(sse_line(": keep-alive"), SseLine::Other);
        assert_eq!(sse_line("event: message"), SseLine::Other);
    }
}
