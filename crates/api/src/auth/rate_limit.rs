//! A fixed-window limiter: per client IP on the auth routes, per user on
//! adaptation (each adapt is a full re-plan: LLM call and MILP).
//!
//! In-process state: with several API instances each enforces its own limit,
//! which still bounds guessing to N × limit per minute per IP.

use std::collections::HashMap;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::{ApiError, ApiResult};

/// Entries kept before stale windows are swept.
const SWEEP_AT: usize = 10_000;

/// Counts attempts per key (an IP by default) in one-minute windows.
#[derive(Debug)]
pub struct RateLimiter<K = IpAddr> {
    per_minute: u32,
    window: Duration,
    state: Mutex<HashMap<K, (Instant, u32)>>,
}

impl<K: Eq + Hash> RateLimiter<K> {
    /// A limiter allowing `per_minute` attempts per key per minute.
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            window: Duration::from_secs(60),
            state: Mutex::new(HashMap::new()),
        }
    }

    /// Records an attempt; 429 `RATE_LIMITED` with the seconds to wait
    /// (`Retry-After`) when over the limit.
    pub fn check(&self, key: K) -> ApiResult<()> {
        self.check_at(key, Instant::now())
            .map_err(|retry_after_secs| ApiError::RateLimited { retry_after_secs })
    }

    /// Records an attempt at `now`; `Err(seconds)` to wait when over the limit.
    fn check_at(&self, key: K, now: Instant) -> Result<(), u64> {
        let mut state = match self.state.lock() {
            Ok(s) => s,
            Err(poisoned) => poisoned.into_inner(),
        };
        if state.len() >= SWEEP_AT {
            let window = self.window;
            state.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = state.entry(key).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.per_minute {
            let wait = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(wait.as_secs().max(1));
        }
        entry.1 += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_ip_and_resets_after_the_window() {
        let rl: RateLimiter = RateLimiter::new(2);
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let t0 = Instant::now();
        assert!(rl.check_at(a, t0).is_ok());
        assert!(rl.check_at(a, t0).is_ok());
        let wait = rl.check_at(a, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, 50);
        assert!(rl.check_at(b, t0).is_ok());
        assert!(rl.check_at(a, t0 + Duration::from_secs(61)).is_ok());
    }
}
