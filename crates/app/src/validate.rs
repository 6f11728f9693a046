//! Field rules shared by the use-cases: each check records a
//! [`FieldError`] and the use-case answers them all at once.

use chrono::NaiveDate;
use gainsly_domain::DomainError;
use gainsly_domain::account::is_valid_name;

use crate::error::{AppError, AppResult, FieldError, field_error_of};

/// Default page size of list use-cases.
pub const DEFAULT_LIMIT: u32 = 50;
/// Largest page size (a larger `limit` is invalid, not clamped).
pub const MAX_LIMIT: u32 = 200;

/// Collects field errors from several checks into one [`AppError::Invalid`].
#[derive(Debug, Default)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    /// Records the error of `r` (if any) and returns its value.
    pub fn check<T>(&mut self, r: Result<T, DomainError>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(e) => {
                self.0.push(field_error_of(e));
                None
            }
        }
    }

    /// Records a field error.
    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    /// `Ok(())` when nothing was recorded, else the error (each field error once).
    pub fn finish(mut self) -> AppResult<()> {
        let mut seen = std::collections::HashSet::new();
        self.0
            .retain(|e| seen.insert((e.field.clone(), e.message.clone())));
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self.0))
        }
    }
}

/// A value every check passed, or the bug of a check that let it through.
pub(crate) fn checked<T>(value: Option<T>) -> AppResult<T> {
    value.ok_or_else(|| AppError::internal("validation", "a checked value is missing"))
}

/// A page of a list: at most `limit` items after skipping `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    pub limit: u64,
    pub offset: u64,
}

impl Page {
    /// Checks `limit` (1–200, default 50); `offset` defaults to 0.
    pub fn check(errors: &mut FieldErrors, limit: Option<u32>, offset: Option<u32>) -> Page {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            errors.push("limit", format!("must be between 1 and {MAX_LIMIT}"));
        }
        Page {
            limit: u64::from(limit),
            offset: u64::from(offset.unwrap_or(0)),
        }
    }
}

/// Checks an optional free text against `max` characters; blank text is `None`.
pub fn check_text(
    errors: &mut FieldErrors,
    field: &str,
    text: Option<String>,
    max: usize,
) -> Option<String> {
    let text = text.filter(|t| !t.trim().is_empty())?;
    if text.chars().count() > max {
        errors.push(field, format!("must be at most {max} characters"));
    }
    Some(text)
}

/// Checks a `name` field as sent (see [`is_valid_name`]); returns it trimmed.
pub fn check_name(errors: &mut FieldErrors, raw: &str) -> Option<String> {
    if is_valid_name(raw) {
        Some(raw.trim().to_owned())
    } else {
        errors.push(
            "name",
            "must be 1 to 100 characters, not blank, without control characters",
        );
        None
    }
}

/// `from` must not be after `to`.
pub fn check_dates(errors: &mut FieldErrors, from: Option<NaiveDate>, to: Option<NaiveDate>) {
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        errors.push("from", "must not be after to");
    }
}

/// A finite float within `min..=max`.
pub fn check_range_f(errors: &mut FieldErrors, field: &str, v: f64, min: f64, max: f64) -> bool {
    let ok = v.is_finite() && (min..=max).contains(&v);
    if !ok {
        errors.push(field, format!("must be between {min} and {max}"));
    }
    ok
}

/// An integer within `min..=max`.
pub fn check_range_u(errors: &mut FieldErrors, field: &str, v: u32, min: u32, max: u32) -> bool {
    let ok = (min..=max).contains(&v);
    if !ok {
        errors.push(field, format!("must be between {min} and {max}"));
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_collected_once_each() {
        let mut errors = FieldErrors::default();
        let page = Page::check(&mut errors, Some(201), None);
        assert_eq!(page.limit, 201);
        check_dates(
            &mut errors,
            NaiveDate::from_ymd_opt(2026, 11, 5),
            NaiveDate::from_ymd_opt(2026, 11, 1),
        );
        errors.push("limit", "must be between 1 and 200");
        assert!(check_name(&mut errors, "  ").is_none());
        match errors.finish() {
            Err(AppError::Invalid(list)) => {
                let fields: Vec<&str> = list.iter().map(|e| e.field.as_str()).collect();
                assert_eq!(fields, ["limit", "from", "name"]);
            }
            other => panic!("{other:?}"),
        }
        assert!(FieldErrors::default().finish().is_ok());
    }
}
