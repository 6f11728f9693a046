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
    if token.starts_with(TOKEN_PREFIX) {
        // Deleted accounts take their tokens with them (cascade).
        let caller = state.app.authenticate_token(token).await?;
        return Ok(AuthUser {
            id: caller.user_id,
            credential: Credential::PersonalToken {
                token_id: caller.token_id,
                can_write: caller.can_write,
            },
        });
    }
    let id = state
        .jwt
        .verify(token)
        .ok_or_else(|| ApiError::Unauthorized("Invalid or expired token".into()))?;
    // A token outlives nothing: a deleted user's tokens stop working at once.
    state.app.verify_account(id).await?;
    Ok(AuthUser {
        id,
        credential: Credential::Session,
    })
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let reads_only = matches!(*req.method(), Method::GET | Method::HEAD);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("AppState missing"))?;
            let token = token.ok_or_else(|| {
                ApiError::Unauthorized("Missing or malformed bearer token".into())
            })?;
            let user = authenticate(&state, &token).await?;
            if !user.can_write() && !reads_only {
                return Err(ApiError::Forbidden(
                    "This token has the read scope only: GET requests".into(),
                ));
            }
            Ok(user)
        })
    }
}
