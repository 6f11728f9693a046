//! What time it is: the application asks its [`Clock`], never the system
//! directly, so that "today" (in each user's time zone) can be set in tests.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, Utc};

/// The application's source of the current time.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;
}

/// The system's clock (production).
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still at an instant until it is set or advanced
/// (tests; a replay). Clones share the instant.
#[derive(Debug, Clone)]
pub struct FixedClock(Arc<Mutex<DateTime<Utc>>>);

impl FixedClock {
    /// A clock showing `at`.
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Arc::new(Mutex::new(at)))
    }

    /// Shows `at` from now on.
    pub fn set(&self, at: DateTime<Utc>) {
        match self.0.lock() {
            Ok(mut g) => *g = at,
            Err(p) => *p.into_inner() = at,
        }
    }

    /// Moves the clock forward by `by`.
    pub fn advance(&self, by: Duration) {
        let now = self.now();
        self.set(now + by);
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        match self.0.lock() {
            Ok(g) => *g,
            Err(p) => *p.into_inner(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_until_moved() {
        let at = DateTime::parse_from_rfc3339("2026-11-02T09:00:00Z")
            .map(|t| t.to_utc())
            .unwrap_or_default();
        let clock = FixedClock::new(at);
        let shared = clock.clone();
        assert_eq!(clock.now(), at);
        shared.advance(Duration::days(1));
        assert_eq!(clock.now(), at + Duration::days(1));
        clock.set(at);
        assert_eq!(shared.now(), at);
    }
}
