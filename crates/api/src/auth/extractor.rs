//! `AuthUser`: the authenticated caller, from `Authorization: Bearer
//! <credential>`, where the credential is an access token (a JWT from
//! sign-in) or a personal access token (`gsk_…`, for integrations).
//!
//! A personal access token with only the `read` scope may make GET (and
//! HEAD) requests; any other method is a 403 `FORBIDDEN`. Routes that
//! manage tokens, passwords or the account call
//! [`AuthUser::require_session`]: personal access tokens are refused there
//! (403), so a leaked token can neither mint more tokens nor delete the
//! account.

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use gainsly_app::AppError;
use gainsly_app::tokens::TOKEN_PREFIX;

use crate::error::ApiError;
use crate::state::AppState;

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credential {
    /// An access token from sign-in.
    Session,
    /// A personal access token (its id).
    PersonalToken { token_id: i64, can_write: bool },
}

/// The caller, verified: a valid credential of a user that still exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthUser {
    pub id: i64,
    pub credential: Credential,
}

impl AuthUser {
    /// Whether the credential may write: a sign-in, or a `write` token.
    pub fn can_write(self) -> bool {
        match self.credential {
            Credential::Session => true,
            Credential::PersonalToken { can_write, .. } => can_write,
        }
    }

    /// The caller, if it signed in with a password (not a personal access
    /// token): token, password and account routes demand it.
    pub fn require_session(self) -> Result<AuthUser, ApiError> {
        match self.credential {
            Credential::Session => Ok(self),
            Credential::PersonalToken { .. } => Err(ApiError::Forbidden(
                "Personal access tokens cannot manage tokens or the account".into(),
            )),
        }
    }
}

/// The credential of `Authorization: Bearer <credential>`, if well formed.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("bearer") {
        return None;
    }
    let token = token.trim();
    (!token.is_empty()).then(|| token.to_owned())
}

/// The caller a bearer credential stands for, whatever the request's
/// method: a personal access token (its scopes in [`Credential`]) or an
/// access token from sign-in, of a user that still exists. The MCP
/// endpoint authenticates with it and applies scopes per tool.
pub async fn authenticate(state: &AppState, token: &str) -> Result<AuthUser, ApiError> {
    claim(state, token).await?.verified(state).await
}

/// The caller a credential claims to be. A personal access token is looked
/// up in the database, and its row proves the account exists (tokens go
/// with the account, by cascade); an access token is only verified
/// (signature and expiry), so its account is not checked yet.
async fn claim(state: &AppState, token: &str) -> Result<ClaimedUser, ApiError> {
    if token.starts_with(TOKEN_PREFIX) {
        let caller = state.app.authenticate_token(token).await?;
        return Ok(ClaimedUser {
            user: AuthUser {
                id: caller.user_id,
                credential: Credential::PersonalToken {
                    token_id: caller.token_id,
                    can_write: caller.can_write,
                },
            },
            account_checked: true,
        });
    }
    let id = state
        .jwt
        .verify(token)
        .ok_or_else(|| ApiError::Unauthorized("Invalid or expired token".into()))?;
    Ok(ClaimedUser {
        user: AuthUser {
            id,
            credential: Credential::Session,
        },
        account_checked: false,
    })
}

/// The caller of a read whose own query proves the account exists, so the
/// separate account check of [`AuthUser`] (one database round trip) is
/// skipped on the hot read paths (a stored plan, a program).
///
/// The rule that makes this sound: every row such a read finds belongs to
/// the user and is deleted with the account (foreign keys with cascade), so
/// a hit proves the account exists *in the same snapshot*, and there is no
/// cache to go stale. A miss may mean a deleted account:
/// [`ClaimedUser::confirm`] checks the account then, so a deleted user's
/// token still gets its 401, never a 404.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimedUser {
    pub user: AuthUser,
    /// Whether the credential's lookup already proved the account exists
    /// (a personal access token's row).
    account_checked: bool,
}

impl ClaimedUser {
    /// The caller's id, as claimed by a verified credential.
    pub fn id(self) -> i64 {
        self.user.id
    }

    /// The caller, once its account is known to exist: a token outlives
    /// nothing, so a deleted user's tokens stop working at once.
    async fn verified(self, state: &AppState) -> Result<AuthUser, ApiError> {
        if !self.account_checked {
            state.app.verify_account(self.user.id).await?;
        }
        Ok(self.user)
    }

    /// The answer of a read made with this claim: a hit as it is; a miss
    /// (or any error) after checking that the account still exists, so a
    /// deleted account is a 401 whatever the read found.
    pub async fn confirm<T>(
        self,
        state: &AppState,
        read: Result<T, AppError>,
    ) -> Result<T, ApiError> {
        match read {
            Ok(found) => Ok(found),
            Err(error) => {
                self.verified(state).await?;
                Err(error.into())
            }
        }
    }
}

/// The verified credential of a request, scopes applied: a read-only token
/// may only read.
async fn claim_request(
    state: Option<web::Data<AppState>>,
    token: Option<String>,
    reads_only: bool,
) -> Result<(web::Data<AppState>, ClaimedUser), ApiError> {
    let state = state.ok_or_else(|| ApiError::internal("AppState missing"))?;
    let token =
        token.ok_or_else(|| ApiError::Unauthorized("Missing or malformed bearer token".into()))?;
    let claim = claim(&state, &token).await?;
    if !claim.user.can_write() && !reads_only {
        return Err(ApiError::Forbidden(
            "This token has the read scope only: GET requests".into(),
        ));
    }
    Ok((state, claim))
}

/// What both extractors take from a request.
fn request_parts(req: &HttpRequest) -> (Option<web::Data<AppState>>, Option<String>, bool) {
    (
        req.app_data::<web::Data<AppState>>().cloned(),
        bearer(req),
        matches!(*req.method(), Method::GET | Method::HEAD),
    )
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (state, token, reads_only) = request_parts(req);
        Box::pin(async move {
            let (state, claim) = claim_request(state, token, reads_only).await?;
            claim.verified(&state).await
        })
    }
}

impl FromRequest for ClaimedUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let (state, token, reads_only) = request_parts(req);
        Box::pin(async move { Ok(claim_request(state, token, reads_only).await?.1) })
    }
}
