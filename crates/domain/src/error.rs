//! The domain's typed errors: every constructor that can reject a value says why.

use thiserror::Error;

/// Why a value was rejected by the domain.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DomainError {
    /// A name that is not one of an enumeration's wire names.
    #[error("unknown {kind} `{value}`")]
    UnknownName { kind: &'static str, value: String },
    /// A number outside its allowed range.
    #[error("{field} must be between {min} and {max}, got {value}")]
    OutOfRange {
        field: &'static str,
        min: f64,
        max: f64,
        value: f64,
    },
    /// A value that breaks a rule other than a simple range.
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
}

impl DomainError {
    /// Shorthand for [`DomainError::Invalid`].
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        DomainError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }

    /// Checks `min <= value <= max` (and finiteness), naming the field on failure.
    pub fn check_range(field: &'static str, value: f64, min: f64, max: f64) -> Result<f64, Self> {
        if value.is_finite() && value >= min && value <= max {
            Ok(value)
        } else {
            Err(DomainError::OutOfRange {
                field,
                min,
                max,
                value,
            })
        }
    }
}
