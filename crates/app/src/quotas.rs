//! How many of each thing a user may hold. The lists of them are answered
//! whole (not paged), so each is bounded here, where it grows (OWASP API4:
//! no request may make the server do unbounded work). The OpenAPI document
//! states the same numbers as the lists' `maxItems`.
//!
//! The count is read in the creating transaction. On SQLite writes are
//! serialized, so the bound is exact; on PostgreSQL two creations racing at
//! the bound can both pass, leaving the list one or two over it.

use crate::error::AppResult;
use crate::validate::FieldErrors;

/// Programs per user (a program is months of training; 50 is years of them).
pub const MAX_PROGRAMS: usize = 50;
/// Movement rules per user.
pub const MAX_MOVEMENT_RULES: usize = 200;
/// Enjoyable activities per user.
pub const MAX_ACTIVITIES: usize = 50;
/// Personal access tokens per user.
pub const MAX_TOKENS: usize = 50;

/// A 422 naming `what` when the user already holds `max` of it.
pub(crate) fn check(what: &str, held: usize, max: usize) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    if held >= max {
        errors.push(
            what,
            format!("at most {max} per user; delete one to add another"),
        );
    }
    errors.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;

    #[test]
    fn under_the_bound_passes_at_it_fails() {
        assert!(check("programs", MAX_PROGRAMS - 1, MAX_PROGRAMS).is_ok());
        assert!(matches!(
            check("programs", MAX_PROGRAMS, MAX_PROGRAMS),
            Err(AppError::Invalid(_))
        ));
    }
}
