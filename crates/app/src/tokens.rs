//! Personal access tokens for integrations: create (the secret is shown
//! once), list (never the secret), revoke, and authenticate one presented
//! as a bearer credential.
//!
//! A token is `gsk_` followed by 256 random bits (43 URL-safe base64
//! characters); only its SHA-256 is stored (a fast hash suffices at that
//! entropy). Its scopes are `read` (GET only) or `read` and `write`. Tokens
//! are deleted with their account (foreign key, cascading), so a deleted
//! account's tokens are unknown tokens.

use chrono::{DateTime, Duration, Utc};
use gainsly_db::repo::personal_tokens::{self, NewPersonalToken, PersonalToken};

use crate::App;
use crate::auth::tokens;
use crate::error::{AppError, AppResult};
use crate::quotas::Quota;
use crate::validate::{FieldErrors, check_name, checked};

/// The prefix of every personal access token (so scanners and people can tell them apart).
pub const TOKEN_PREFIX: &str = "gsk_";
/// Longest lifetime a token can be given, in days (10 years).
pub const MAX_EXPIRES_IN_DAYS: u32 = 3650;
/// Uses closer together than this do not rewrite `last_used_at` (one write per minute at most).
const TOUCH_EVERY_SECS: i64 = 60;
/// The one answer to every refused personal access token.
const INVALID_TOKEN: &str = "Invalid or expired token";

/// What a token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    /// GET (and HEAD) requests.
    Read,
    /// Every other method.
    Write,
}

impl Scope {
    /// The wire and stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Write => "write",
        }
    }

    fn parse(s: &str) -> Option<Scope> {
        match s {
            "read" => Some(Scope::Read),
            "write" => Some(Scope::Write),
            _ => None,
        }
    }
}

/// A token to create, as sent.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub scopes: Vec<String>,
    pub expires_in_days: Option<u32>,
}

/// A stored token as the shells see it (never the secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<Scope>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A token just created, with its secret (shown once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedToken {
    pub view: TokenView,
    pub token: String,
}

/// The caller behind a valid personal access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenCaller {
    pub user_id: i64,
    pub token_id: i64,
    /// Whether the token has the `write` scope.
    pub can_write: bool,
}

fn scopes_of(stored: &str) -> AppResult<Vec<Scope>> {
    stored
        .split(',')
        .map(|s| {
            Scope::parse(s)
                .ok_or_else(|| AppError::internal("token scopes", "unknown stored scope"))
        })
        .collect()
}

fn view_of(t: PersonalToken) -> AppResult<TokenView> {
    Ok(TokenView {
        id: t.id,
        scopes: scopes_of(&t.scopes)?,
        name: t.name,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
        created_at: t.created_at,
    })
}

/// Checks the scopes: `["read"]` or `["read","write"]` (any order, no repeats).
fn check_scopes(errors: &mut FieldErrors, raw: &[String]) -> Option<Vec<Scope>> {
    let mut scopes = Vec::new();
    for (i, s) in raw.iter().enumerate() {
        match Scope::parse(s) {
            Some(scope) if !scopes.contains(&scope) => scopes.push(scope),
            Some(_) => errors.push(format!("scopes[{i}]"), "is repeated"),
            None => errors.push(format!("scopes[{i}]"), "must be `read` or `write`"),
        }
    }
    scopes.sort();
    match scopes.as_slice() {
        [Scope::Read] | [Scope::Read, Scope::Write] => Some(scopes),
        _ => {
            errors.push("scopes", "must be [\"read\"] or [\"read\", \"write\"]");
            None
        }
    }
}

impl App {
    /// Creates a personal access token; the answer holds its secret, which
    /// is never shown again.
    pub async fn create_token(&self, user_id: i64, new: NewToken) -> AppResult<CreatedToken> {
        let mut errors = FieldErrors::default();
        let name = check_name(&mut errors, &new.name);
        let scopes = check_scopes(&mut errors, &new.scopes);
        if let Some(days) = new.expires_in_days
            && !(1..=MAX_EXPIRES_IN_DAYS).contains(&days)
        {
            errors.push(
                "expires_in_days",
                format!("must be between 1 and {MAX_EXPIRES_IN_DAYS}"),
            );
        }
        errors.finish()?;
        let (name, scopes) = (checked(name)?, checked(scopes)?);
        let held = personal_tokens::list(&self.db, user_id).await?.len();
        Quota::Tokens.check(held)?;
        let token = format!("{TOKEN_PREFIX}{}", tokens::new_token());
        let now = self.now();
        let stored_scopes: Vec<&str> = scopes.iter().map(|s| s.as_str()).collect();
        let stored = personal_tokens::insert(
            &self.db,
            user_id,
            NewPersonalToken {
                name: &name,
                token_hash: &tokens::hash(&token),
                scopes: &stored_scopes.join(","),
                expires_at: new
                    .expires_in_days
                    .map(|d| now + Duration::days(i64::from(d))),
                created_at: now,
            },
        )
        .await?;
        Ok(CreatedToken {
            view: view_of(stored)?,
            token,
        })
    }

    /// The user's tokens, newest first, without secrets.
    pub async fn list_tokens(&self, user_id: i64) -> AppResult<Vec<TokenView>> {
        personal_tokens::list(&self.db, user_id)
            .await?
            .into_iter()
            .map(view_of)
            .collect()
    }

    /// Revokes (deletes) one of the user's tokens.
    pub async fn revoke_token(&self, user_id: i64, id: i64) -> AppResult<()> {
        if personal_tokens::delete(&self.db, user_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("token"))
        }
    }

    /// The caller behind a presented `gsk_` token: unknown, revoked and
    /// expired tokens (and those of deleted accounts) are refused alike.
    /// Records the use (`last_used_at`, at most once a minute).
    pub async fn authenticate_token(&self, presented: &str) -> AppResult<TokenCaller> {
        if !presented.starts_with(TOKEN_PREFIX) {
            return Err(AppError::Unauthorized(INVALID_TOKEN));
        }
        let now = self.now();
        let Some(found) = personal_tokens::find_by_hash(&self.db, &tokens::hash(presented)).await?
        else {
            return Err(AppError::Unauthorized(INVALID_TOKEN));
        };
        if found.expires_at.is_some_and(|at| at <= now) {
            return Err(AppError::Unauthorized(INVALID_TOKEN));
        }
        let scopes = scopes_of(&found.scopes)?;
        let stale = found
            .last_used_at
            .is_none_or(|at| (now - at).num_seconds() >= TOUCH_EVERY_SECS);
        if stale {
            personal_tokens::touch(&self.db, found.id, now).await?;
        }
        Ok(TokenCaller {
            user_id: found.user_id,
            token_id: found.id,
            can_write: scopes.contains(&Scope::Write),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scopes(raw: &[&str]) -> Option<Vec<Scope>> {
        let raw: Vec<String> = raw.iter().map(|s| (*s).to_owned()).collect();
        check_scopes(&mut FieldErrors::default(), &raw)
    }

    #[test]
    fn only_read_or_read_and_write_are_scopes() {
        assert_eq!(scopes(&["read"]), Some(vec![Scope::Read]));
        assert_eq!(
            scopes(&["write", "read"]),
            Some(vec![Scope::Read, Scope::Write])
        );
        assert_eq!(scopes(&["write"]), None);
        assert_eq!(scopes(&[]), None);
        assert_eq!(scopes(&["admin"]), None);
    }
}
