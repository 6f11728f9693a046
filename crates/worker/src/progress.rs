//! Progress reporting for `run-once`: an indicatif bar on a terminal, plain
//! log lines otherwise, nothing inside the queue workers.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

/// Receives a job's progress.
pub trait Progress: Send + Sync {
    /// A step of `len` units begins.
    fn start(&self, len: u64, what: &str);
    /// `n` more units are done.
    fn inc(&self, n: u64);
    /// The step is over.
    fn finish(&self, summary: &str);
}

/// Reports nothing (queue workers, tests).
#[derive(Debug, Default, Clone, Copy)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn start(&self, _: u64, _: &str) {}
    fn inc(&self, _: u64) {}
    fn finish(&self, _: &str) {}
}

/// An indicatif bar on a terminal, log lines (every 10 %) otherwise.
#[derive(Debug)]
pub struct ConsoleProgress {
    bar: Mutex<Option<ProgressBar>>,
    terminal: bool,
    len: AtomicU64,
    done: AtomicU64,
}

impl ConsoleProgress {
    /// Chooses the bar when stderr is a terminal.
    pub fn new() -> ConsoleProgress {
        ConsoleProgress::with_terminal(std::io::stderr().is_terminal())
    }

    /// Forces the bar (`true`) or log lines (`false`).
    pub fn with_terminal(terminal: bool) -> ConsoleProgress {
        ConsoleProgress {
            bar: Mutex::new(None),
            terminal,
            len: AtomicU64::new(0),
            done: AtomicU64::new(0),
        }
    }
}

impl Default for ConsoleProgress {
    fn default() -> Self {
        ConsoleProgress::new()
    }
}

impl Progress for ConsoleProgress {
    fn start(&self, len: u64, what: &str) {
        self.len.store(len, Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
        if self.terminal {
            let bar = ProgressBar::new(len);
            if let Ok(style) =
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({per_sec}, eta {eta})")
            {
                bar.set_style(style.progress_chars("=> "));
            }
            bar.set_message(what.to_owned());
            if let Ok(mut slot) = self.bar.lock() {
                *slot = Some(bar);
            }
        } else {
            tracing::info!(total = len, "{what}");
        }
    }

    fn inc(&self, n: u64) {
        let done = self.done.fetch_add(n, Ordering::Relaxed) + n;
        if self.terminal {
            if let Ok(slot) = self.bar.lock()
                && let Some(bar) = slot.as_ref()
            {
                bar.inc(n);
            }
        } else {
            let len = self.len.load(Ordering::Relaxed).max(1);
            let step = (len / 10).max(1);
            if done.is_multiple_of(step) || done == len {
                tracing::info!(done, total = len, "progress");
            }
        }
    }

    fn finish(&self, summary: &str) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_with_message(summary.to_owned());
        }
        tracing::info!("{summary}");
    }
}
