//! Accounts and sign-in: register, login, refresh-token rotation with
//! family revocation, logout, and the account behind an access token.
//!
//! The shell issues its own access credential (the API: a short-lived JWT)
//! for the [`SignedIn`] account; what the application keeps is the
//! password hash (Argon2id) and the refresh tokens (opaque, single use,
//! stored as SHA-256, one family per sign-in).

mod password;
pub(crate) mod tokens;

use chrono::{DateTime, Duration, Utc};
use gainsly_db::repo::refresh_tokens::{self, Rotation};
use gainsly_db::repo::users::{self, User};
use gainsly_db::{DbError, Executor};
use gainsly_domain::account::{DisplayName, Email, Password};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::validate::{FieldErrors, checked};

/// An account as the shells see it (never its password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    /// Lower-cased.
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

impl From<User> for Account {
    fn from(u: User) -> Self {
        Account {
            id: u.id,
            email: u.email,
            name: u.name,
            created_at: u.created_at,
        }
    }
}

/// A signed-in account and its new refresh token (opaque, single use).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub account: Account,
    pub refresh_token: String,
}

/// A new account, as sent.
#[derive(Debug, Clone)]
pub struct Registration {
    pub email: String,
    pub password: String,
    pub name: String,
}

/// The one answer to every refused refresh token.
const INVALID_REFRESH: &str = "Invalid refresh token";
/// The one answer to an access token whose account is gone.
const INVALID_TOKEN: &str = "Invalid or expired token";

impl App {
    /// Creates an account and signs it in: the user and its first refresh
    /// token in one transaction. An email already registered is a conflict.
    pub async fn register(&self, r: Registration) -> AppResult<SignedIn> {
        let mut errors = FieldErrors::default();
        let email = errors.check(Email::parse(&r.email));
        let pw = errors.check(Password::parse(r.password));
        let name = errors.check(DisplayName::parse(&r.name));
        errors.finish()?;
        let (email, pw, name) = (checked(email)?, checked(pw)?, checked(name)?);
        let hash = password::hash(pw.expose().to_owned()).await?;
        let tx = self.db.begin_write().await?;
        let user = match users::create(&tx, email.as_str(), name.as_str(), &hash).await {
            Err(e @ DbError::Conflict(_)) => {
                return Err(AppError::Conflict {
                    message: "Email is already registered",
                    source: Some(e),
                });
            }
            other => other?,
        };
        let refresh_token = self.issue_refresh_token(&tx, user.id).await?;
        tx.commit().await?;
        Ok(SignedIn {
            account: user.into(),
            refresh_token,
        })
    }

    /// Signs in with email and password. An unknown email and a wrong
    /// password get the same answer after the same work.
    pub async fn login(&self, email: &str, password: String) -> AppResult<SignedIn> {
        // Malformed emails cannot exist; answer like any unknown account.
        let user = match Email::parse(email) {
            Ok(email) => users::find_by_email(&self.db, email.as_str()).await?,
            Err(_) => None,
        };
        let ok = password::verify(password, user.as_ref().map(|u| u.password_hash.clone())).await?;
        match user {
            Some(user) if ok => {
                let refresh_token = self.issue_refresh_token(&self.db, user.id).await?;
                Ok(SignedIn {
                    account: user.into(),
                    refresh_token,
                })
            }
            _ => Err(AppError::Unauthorized("Invalid email or password")),
        }
    }

    /// Exchanges a refresh token for a new one of the same family. The
    /// presented token stops working; presenting one already rotated (or
    /// revoked) revokes its whole family: someone else has a copy.
    pub async fn refresh(&self, presented: &str) -> AppResult<SignedIn> {
        check_refresh_token(presented)?;
        let new_token = tokens::new_token();
        let now = self.now();
        let rotation = refresh_tokens::rotate(
            &self.db,
            &tokens::hash(presented),
            &tokens::hash(&new_token),
            now,
            now + Duration::days(self.refresh_token_days),
        )
        .await?;
        match rotation {
            Rotation::Rotated { user_id } => {
                let user = users::find_by_id(&self.db, user_id)
                    .await?
                    .ok_or(AppError::Unauthorized(INVALID_REFRESH))?;
                Ok(SignedIn {
                    account: user.into(),
                    refresh_token: new_token,
                })
            }
            Rotation::Reused { user_id } => {
                tracing::warn!(
                    user_id,
                    "refresh token reuse detected; token family revoked"
                );
                Err(AppError::Unauthorized(INVALID_REFRESH))
            }
            Rotation::Invalid => Err(AppError::Unauthorized(INVALID_REFRESH)),
        }
    }

    /// Revokes a refresh token; an unknown or dead token is no error.
    pub async fn logout(&self, presented: &str) -> AppResult<()> {
        check_refresh_token(presented)?;
        refresh_tokens::revoke(&self.db, &tokens::hash(presented), self.now()).await?;
        Ok(())
    }

    /// The account behind an access token; a deleted account is refused.
    pub async fn me(&self, user_id: i64) -> AppResult<Account> {
        users::find_by_id(&self.db, user_id)
            .await?
            .map(Account::from)
            .ok_or(AppError::Unauthorized(INVALID_TOKEN))
    }

    /// Whether the account of a verified access token still exists (a
    /// deleted user's tokens stop working at once).
    pub async fn verify_account(&self, user_id: i64) -> AppResult<()> {
        self.me(user_id).await.map(|_| ())
    }

    /// Deletes the account and everything of it in one transaction, after
    /// checking its password: logs and sets, sessions, programs, settings,
    /// soreness, imports, aliases, refresh and personal access tokens (all
    /// by cascade from the user row), its rate-limit windows and its queued
    /// jobs (payloads naming the user in the job queue's tables). Every
    /// credential of the account is refused from then on.
    pub async fn delete_account(&self, user_id: i64, password: String) -> AppResult<()> {
        let user = users::find_by_id(&self.db, user_id).await?;
        if user.is_none() {
            return Err(AppError::Unauthorized(INVALID_TOKEN));
        }
        let ok = password::verify(password, user.map(|u| u.password_hash)).await?;
        if !ok {
            return Err(AppError::Unauthorized("Wrong password"));
        }
        let tx = self.db.begin_write().await?;
        gainsly_db::repo::rate_limits::delete_key(&tx, &format!("adapt:{user_id}")).await?;
        // Queued jobs live in the queue's own tables (no foreign key).
        let jobs = gainsly_db::repo::queued_jobs::delete_of_user(&tx, user_id).await?;
        users::delete(&tx, user_id).await?;
        tx.commit().await?;
        tracing::info!(user_id, jobs, "account deleted");
        Ok(())
    }

    /// A refresh token of a new family.
    async fn issue_refresh_token(&self, db: &impl Executor, user_id: i64) -> AppResult<String> {
        let token = tokens::new_token();
        let now = self.now();
        refresh_tokens::insert(
            db,
            user_id,
            &tokens::new_family(),
            &tokens::hash(&token),
            now,
            now + Duration::days(self.refresh_token_days),
        )
        .await?;
        Ok(token)
    }
}

/// A presented refresh token is at most this long (ours are 43 characters).
pub const MAX_REFRESH_TOKEN_CHARS: usize = 256;

/// A value longer than any refresh token is not one: 422, before any lookup.
fn check_refresh_token(presented: &str) -> AppResult<()> {
    let mut errors = FieldErrors::default();
    if presented.chars().count() > MAX_REFRESH_TOKEN_CHARS {
        errors.push(
            "refresh_token",
            format!("must be at most {MAX_REFRESH_TOKEN_CHARS} characters"),
        );
    }
    errors.finish()
}
