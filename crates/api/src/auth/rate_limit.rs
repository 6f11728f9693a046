//! A fixed-window limiter: per client IP on the auth routes, per user on
//! adaptation (each adapt is a full re-plan: LLM call and MILP).
//!
//! The windows live in this process (`RateLimitStore::Memory`, the
//! default on SQLite, a single instance) or in the database
//! (`RateLimitStore::Database`, the default on PostgreSQL, through
//! `App::count_hit`), where every API instance on that database counts
//! against the same limit.

use std::collections::HashMap;
use std::fmt::Display;
use std::hash::Hash;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use gainsly_app::App;

use crate::error::{ApiError, ApiResult};

/// Where one limiter's windows are.
#[derive(Debug)]
enum Windows<K> {
    /// Per key: the start of its window and the attempts in it.
    Memory(Mutex<HashMap<K, (Instant, u32)>>),
    /// In the database, under keys `<scope>:<key>`.
    Database { app: App, scope: &'static str },
}

/// Entries kept before stale windows are swept.
const SWEEP_AT: usize = 10_000;

/// Counts attempts per key (an IP by default) in one-minute windows.
#[derive(Debug)]
pub struct RateLimiter<K = IpAddr> {
    per_minute: u32,
    window: Duration,
    windows: Windows<K>,
}

impl<K: Eq + Hash + Display> RateLimiter<K> {
    /// A limiter allowing `per_minute` attempts per key per minute, kept in
    /// this process.
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            window: Duration::from_secs(60),
            windows: Windows::Memory(Mutex::new(HashMap::new())),
        }
    }

    /// The same limiter with its windows in the application database,
    /// under keys `<scope>:<key>`, so every instance on it shares them.
    pub fn shared(per_minute: u32, app: App, scope: &'static str) -> Self {
        RateLimiter {
            windows: Windows::Database { app, scope },
            ..RateLimiter::new(per_minute)
        }
    }

    /// Records an attempt; 429 `RATE_LIMITED` with the seconds to wait
    /// (`Retry-After`) when over the limit. A database that cannot be
    /// reached is a 503, like every route that needs it.
    pub async fn check(&self, key: K) -> ApiResult<()> {
        let verdict = match &self.windows {
            Windows::Memory(state) => self.check_at(state, key, Instant::now()),
            Windows::Database { app, scope } => {
                let window = i64::try_from(self.window.as_secs()).unwrap_or(60);
                // Elapsed real time, not the application's "today": the
                // system clock.
                let now = chrono::Utc::now().timestamp();
                let (start, hits) = app
                    .count_hit(&format!("{scope}:{key}"), window, now)
                    .await?;
                if hits > i64::from(self.per_minute) {
                    Err(u64::try_from(start + window - now).unwrap_or(0).max(1))
                } else {
                    Ok(())
                }
            }
        };
        verdict.map_err(|retry_after_secs| ApiError::RateLimited { retry_after_secs })
    }

    /// Records an attempt at `now` in the in-process windows `state`;
    /// `Err(seconds)` to wait when over the limit.
    fn check_at(
        &self,
        state: &Mutex<HashMap<K, (Instant, u32)>>,
        key: K,
        now: Instant,
    ) -> Result<(), u64> {
        let mut state = match state.lock() {
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
        let Windows::Memory(state) = &rl.windows else {
            panic!("new() keeps its windows in memory");
        };
        let a: IpAddr = [10, 0, 0, 1].into();
        let b: IpAddr = [10, 0, 0, 2].into();
        let t0 = Instant::now();
        assert!(rl.check_at(state, a, t0).is_ok());
        assert!(rl.check_at(state, a, t0).is_ok());
        let wait = rl
            .check_at(state, a, t0 + Duration::from_secs(10))
            .unwrap_err();
        assert_eq!(wait, 50);
        assert!(rl.check_at(state, b, t0).is_ok());
        assert!(rl.check_at(state, a, t0 + Duration::from_secs(61)).is_ok());
    }
}
