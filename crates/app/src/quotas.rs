//! How many of each thing a user may hold. The lists of them are answered
//! whole (not paged), so each is bounded here, where it grows (OWASP API4:
//! no request may make the server do unbounded work). The OpenAPI document
//! states the same numbers as the lists' `maxItems`. Creating one more is a
//! 409 `CONFLICT` (the request is fine; the user's state refuses it).
//!
//! The count is read just before the insert. On SQLite writes are
//! serialized, so the bound is exact; on PostgreSQL two creations racing at
//! the bound can both pass, leaving the list one or two over it.

use crate::error::{AppError, AppResult};

/// Programs per user (a program is months of training; 50 is years of them).
pub const MAX_PROGRAMS: usize = 50;
/// Movement rules per user.
pub const MAX_MOVEMENT_RULES: usize = 200;
/// Enjoyable activities per user.
pub const MAX_ACTIVITIES: usize = 50;
/// Personal access tokens per user.
pub const MAX_TOKENS: usize = 50;

/// A list answered whole, and its bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quota {
    Programs,
    MovementRules,
    Activities,
    Tokens,
}

impl Quota {
    /// How many the user may hold.
    pub const fn max(self) -> usize {
        match self {
            Quota::Programs => MAX_PROGRAMS,
            Quota::MovementRules => MAX_MOVEMENT_RULES,
            Quota::Activities => MAX_ACTIVITIES,
            Quota::Tokens => MAX_TOKENS,
        }
    }

    /// What the client is told when the bound is reached.
    const fn message(self) -> &'static str {
        match self {
            Quota::Programs => "A user holds at most 50 programs; delete one to add another",
            Quota::MovementRules => {
                "A user holds at most 200 movement rules; delete one to add another"
            }
            Quota::Activities => {
                "A user holds at most 50 enjoyable activities; delete one to add another"
            }
            Quota::Tokens => {
                "A user holds at most 50 personal access tokens; revoke one to add another"
            }
        }
    }

    /// Refuses one more when the user already holds `held`.
    pub(crate) fn check(self, held: usize) -> AppResult<()> {
        if held < self.max() {
            return Ok(());
        }
        Err(AppError::Conflict {
            message: self.message(),
            source: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn under_the_bound_passes_at_it_is_a_conflict() {
        for q in [
            Quota::Programs,
            Quota::MovementRules,
            Quota::Activities,
            Quota::Tokens,
        ] {
            assert!(q.check(q.max() - 1).is_ok());
            assert!(matches!(q.check(q.max()), Err(AppError::Conflict { .. })));
            assert!(
                q.message().contains(&format!("at most {} ", q.max())),
                "{q:?}: the message states the bound"
            );
        }
    }
}
