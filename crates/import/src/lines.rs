//! True line numbers for the records the `csv` crate reads.
//!
//! `csv::Position::line` is the line where the reader *began looking* for a
//! record: before the `\n` of a CRLF line end and before any blank lines.
//! In a CRLF file every record would be reported one line early. So the
//! input passes through [`LineCounter`], which notes each run of line-end
//! bytes (`\r`, `\n`) and the number of `\n` up to its end; a record's line
//! is then the line of its first byte that is not a line end. Records are
//! asked for in file order, so runs before the asked byte are dropped:
//! memory stays within the `csv` reader's read-ahead.

use std::collections::VecDeque;
use std::io::{self, Read};

/// A run of line-end bytes `start..end`, with the `\n` count of the input up to `end`.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: u64,
    end: u64,
    newlines_through: u64,
}

/// Reads through `inner`, indexing line ends.
#[derive(Debug)]
pub(crate) struct LineCounter<R> {
    inner: R,
    offset: u64,
    newlines: u64,
    runs: VecDeque<Run>,
    /// `\n` count up to the last dropped run.
    newlines_before: u64,
}

impl<R: Read> LineCounter<R> {
    pub(crate) fn new(inner: R) -> Self {
        LineCounter {
            inner,
            offset: 0,
            newlines: 0,
            runs: VecDeque::new(),
            newlines_before: 0,
        }
    }

    /// The 1-based line of the record whose `csv` position is `byte`.
    /// Calls must come with non-decreasing `byte`.
    pub(crate) fn line_of_record_at(&mut self, byte: u64) -> u64 {
        while let Some(run) = self.runs.front() {
            if run.end > byte {
                break;
            }
            self.newlines_before = run.newlines_through;
            self.runs.pop_front();
        }
        match self.runs.front() {
            // The record starts after this run of line ends.
            Some(run) if run.start <= byte => run.newlines_through + 1,
            _ => self.newlines_before + 1,
        }
    }
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for (i, &b) in buf[..n].iter().enumerate() {
            if b != b'\n' && b != b'\r' {
                continue;
            }
            let at = self.offset + i as u64;
            if b == b'\n' {
                self.newlines += 1;
            }
            match self.runs.back_mut() {
                Some(run) if run.end == at => {
                    run.end = at + 1;
                    run.newlines_through = self.newlines;
                }
                _ => self.runs.push_back(Run {
                    start: at,
                    end: at + 1,
                    newlines_through: self.newlines,
                }),
            }
        }
        self.offset += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The lines of each record of `data` (header included), as the reader reports them.
    fn lines(data: &str) -> Vec<u64> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(LineCounter::new(data.as_bytes()));
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            out.push(reader.get_mut().line_of_record_at(byte));
        }
        out
    }

    #[test]
    fn lf_crlf_blank_lines_and_quoted_newlines_give_true_lines() {
        assert_eq!(lines("h\na\nb\n"), [1, 2, 3]);
        assert_eq!(lines("h\r\na\r\nb\r\n"), [1, 2, 3]);
        assert_eq!(lines("h\n\n\na\n\nb"), [1, 4, 6]);
        assert_eq!(lines("h\r\n\r\n\r\na\r\n"), [1, 4]);
        assert_eq!(lines("h\r\n\"a\r\nx\",1\r\nb\r\n"), [1, 2, 4]);
        assert_eq!(lines("\n\nh\na"), [3, 4]);
    }

    #[test]
    fn line_ends_split_across_reads_are_one_run() {
        // A reader that hands out one byte at a time.
        struct Trickle<'a>(&'a [u8]);
        impl Read for Trickle<'_> {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                match (self.0.split_first(), buf.first_mut()) {
                    (Some((b, rest)), Some(slot)) => {
                        *slot = *b;
                        self.0 = rest;
                        Ok(1)
                    }
                    _ => Ok(0),
                }
            }
        }
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(LineCounter::new(Trickle(b"h\r\n\r\na\r\nb")));
        let mut record = csv::StringRecord::new();
        let mut out = Vec::new();
        while reader.read_record(&mut record).unwrap() {
            let byte = record.position().unwrap().byte();
            out.push(reader.get_mut().line_of_record_at(byte));
        }
        assert_eq!(out, [1, 3, 4]);
    }
}
