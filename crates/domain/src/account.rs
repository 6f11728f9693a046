//! Account values parsed at the edge: an email, a password, a display name.

use crate::error::DomainError;

/// A syntactically plausible email address, trimmed and lower-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

/// Longest email accepted (RFC 5321 path limit).
pub const EMAIL_MAX_LEN: usize = 254;

impl Email {
    /// Parses an email: one `@`, a non-empty local part, a dotted domain, no
    /// spaces or control characters, at most 254 characters. Lower-cases it so
    /// that uniqueness is case-insensitive.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let value = raw.trim().to_lowercase();
        let bad = || DomainError::invalid("email", "must be a valid email address");
        if value.is_empty() || value.chars().count() > EMAIL_MAX_LEN {
            return Err(bad());
        }
        if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(bad());
        }
        let (local, domain) = value.split_once('@').ok_or_else(bad)?;
        if local.is_empty() || local.len() > 64 || domain.contains('@') {
            return Err(bad());
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2
            || labels
                .iter()
                .any(|l| l.is_empty() || l.starts_with('-') || l.ends_with('-'))
        {
            return Err(bad());
        }
        Ok(Email(value))
    }

    /// The normalised address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the length policy (8–128 characters, no composition rules,
/// per NIST SP 800-63B). Its `Debug` never shows the text.
#[derive(Clone)]
pub struct Password(String);

/// Shortest password accepted (NIST SP 800-63B).
pub const PASSWORD_MIN_CHARS: usize = 8;
/// Longest password accepted (bounds hashing work).
pub const PASSWORD_MAX_CHARS: usize = 128;

impl Password {
    /// Checks the length policy.
    pub fn parse(raw: String) -> Result<Self, DomainError> {
        let n = raw.chars().count();
        if !(PASSWORD_MIN_CHARS..=PASSWORD_MAX_CHARS).contains(&n) {
            return Err(DomainError::invalid(
                "password",
                "must be between 8 and 128 characters",
            ));
        }
        Ok(Password(raw))
    }

    /// The secret text, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

/// Longest name (characters) of a user, program, workout or activity.
pub const NAME_MAX_CHARS: usize = 100;

/// The rule of every name field: 1–100 characters as sent, none a control
/// character, at least one not white space. Names are stored trimmed.
pub fn is_valid_name(raw: &str) -> bool {
    let n = raw.chars().count();
    (1..=NAME_MAX_CHARS).contains(&n)
        && !raw.chars().any(char::is_control)
        && !raw.trim().is_empty()
}

/// A user's display name: see [`is_valid_name`]; stored trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    /// Checks the name as sent: 1–100 characters, no control characters, not
    /// only white space (the API spec's `pattern`); keeps it trimmed.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        if !is_valid_name(raw) {
            return Err(DomainError::invalid(
                "name",
                "must be 1 to 100 characters, not blank, without control characters",
            ));
        }
        Ok(DisplayName(raw.trim().to_owned()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_lower_cased_and_trimmed() {
        let e = Email::parse("  Alice@Example.COM ").unwrap();
        assert_eq!(e.as_str(), "alice@example.com");
    }

    #[test]
    fn email_rejects_malformed() {
        for bad in [
            "", "a", "a@", "@b.c", "a@b", "a b@c.d", "a@b..c", "a@@b.c", "a@-b.c",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn password_length_policy() {
        assert!(Password::parse("1234567".into()).is_err());
        assert!(Password::parse("12345678".into()).is_ok());
        assert!(Password::parse("x".repeat(128)).is_ok());
        assert!(Password::parse("x".repeat(129)).is_err());
        assert_eq!(
            format!("{:?}", Password::parse("secret-pass".into()).unwrap()),
            "Password(***)"
        );
    }

    #[test]
    fn display_name_bounds() {
        assert!(DisplayName::parse("  ").is_err());
        assert_eq!(DisplayName::parse(" Bo ").unwrap().as_str(), "Bo");
        assert!(DisplayName::parse(&"x".repeat(101)).is_err());
        // The length is the name as sent, and no character may be a control one.
        assert!(DisplayName::parse(&format!(" {}", "x".repeat(100))).is_err());
        assert!(DisplayName::parse("Bo\tB").is_err());
        assert!(DisplayName::parse("\u{3000}").is_err());
    }
}
