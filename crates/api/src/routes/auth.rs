//! `/api/auth`: register, login, refresh, logout, me.

use std::net::IpAddr;

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use gainsly_app::auth::{Account, Registration, SignedIn};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::Json;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(register)
        .service(login)
        .service(refresh_session)
        .service(logout)
        .service(me)
        .service(delete_me);
}

/// The password that confirms an account deletion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteAccountRequest {
    pub password: String,
}

/// New account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterRequest {
    /// At most 254 characters; stored lower-cased.
    #[schema(example = "ada@example.com", format = Email, max_length = 254)]
    pub email: String,
    /// 8 to 128 characters.
    #[schema(example = "correct horse battery", min_length = 8, max_length = 128)]
    pub password: String,
    /// 1–100 characters, not blank, no control characters (stored trimmed).
    #[schema(
        example = "Ada",
        min_length = 1,
        max_length = 100,
        pattern = r"^[^\x00-\x1f\x7f-\x9f]*[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\x00-\x1f\x7f-\x9f]*$"
    )]
    pub name: String,
}

/// Credentials.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// A refresh token to rotate or revoke.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

/// A user as clients see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserResponse {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
}

impl From<Account> for UserResponse {
    fn from(u: Account) -> Self {
        UserResponse {
            id: u.id,
            email: u.email,
            name: u.name,
            created_at: u.created_at,
        }
    }
}

/// Tokens issued on register, login and refresh.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Opaque; send it to `/api/auth/refresh` for a new pair. Single use.
    pub refresh_token: String,
    #[schema(example = "Bearer")]
    pub token_type: &'static str,
    /// Access-token lifetime in seconds.
    #[schema(example = 900)]
    pub expires_in: i64,
    pub user: UserResponse,
}

fn client_ip(req: &HttpRequest, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        let info = req.connection_info();
        if let Some(ip) = info.realip_remote_addr().and_then(|s| {
            s.parse::<IpAddr>()
                .ok()
                .or_else(|| s.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
        }) {
            return Some(ip);
        }
    }
    req.peer_addr().map(|a| a.ip())
}

async fn rate_limit(state: &AppState, req: &HttpRequest) -> ApiResult<()> {
    let Some(ip) = client_ip(req, state.settings.trust_proxy_headers) else {
        return Ok(());
    };
    state.auth_limiter.check(ip).await
}

/// The answer to a sign-in: an access token for the account and the
/// application's refresh token.
fn tokens(state: &AppState, signed: SignedIn) -> ApiResult<TokenResponse> {
    Ok(TokenResponse {
        access_token: state.jwt.issue(signed.account.id)?,
        refresh_token: signed.refresh_token,
        token_type: "Bearer",
        expires_in: state.jwt.access_ttl_secs(),
        user: signed.account.into(),
    })
}

/// Create an account and sign in.
///
/// Answers a token pair (201). An email already registered (case-insensitive) is a
/// 409; the route is rate-limited per client IP (429 with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "The account is created; a token pair for it", body = TokenResponse),
        (status = 400, body = ErrorBody), (status = 409, description = "Email already registered", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)
    )
)]
#[post("/register")]
async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    rate_limit(&state, &req).await?;
    let body = body.into_inner();
    let signed = state
        .app
        .register(Registration {
            email: body.email,
            password: body.password,
            name: body.name,
        })
        .await?;
    Ok(HttpResponse::Created().json(tokens(&state, signed)?))
}

/// Sign in with email and password.
///
/// Answers a new access and refresh token pair. A wrong email or password is the
/// same 401 (no account enumeration); the route is rate-limited per client IP (429
/// with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "A new token pair", body = TokenResponse),
        (status = 401, description = "Unknown email or wrong password (one message for both)", body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)
    )
)]
#[post("/login")]
async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    rate_limit(&state, &req).await?;
    let body = body.into_inner();
    let signed = state.app.login(&body.email, body.password).await?;
    Ok(web::Json(tokens(&state, signed)?))
}

/// Exchange a refresh token for a new pair.
///
/// The presented token stops working; presenting an already-rotated token revokes
/// its whole family.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair; the presented refresh token no longer works", body = TokenResponse),
        (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)
    )
)]
#[post("/refresh")]
async fn refresh_session(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Json<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    rate_limit(&state, &req).await?;
    let signed = state.app.refresh(&body.into_inner().refresh_token).await?;
    Ok(web::Json(tokens(&state, signed)?))
}

/// Revoke a refresh token.
///
/// 204 whether or not the token was live; a value longer than any refresh token
/// (over 256 characters) is a 422.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Revoked"), (status = 422, body = ErrorBody))
)]
#[post("/logout")]
async fn logout(state: web::Data<AppState>, body: Json<RefreshRequest>) -> ApiResult<HttpResponse> {
    state.app.logout(&body.into_inner().refresh_token).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user.
///
/// The account behind the access token or personal access token: id, email, name
/// and creation time.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The account", body = UserResponse),
        (status = 401, description = "Missing, invalid or expired access token", body = ErrorBody),
        (status = 403, description = "A personal access token: account routes need a signed-in session", body = ErrorBody)
    )
)]
#[get("/me")]
async fn me(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<UserResponse>> {
    let user = user.require_session()?;
    Ok(web::Json(state.app.me(user.id).await?.into()))
}

/// Delete the signed-in account and all of its data.
///
/// GDPR art. 17, in one transaction: every log, session, program, setting, import,
/// token and rate-limit window of it. Every token of the account is a 401
/// afterwards. Needs the password, and an access token (not a personal access
/// token).
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    request_body = DeleteAccountRequest,
    responses(
        (status = 204, description = "The account and all its data are gone"),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing or invalid access token, or a wrong password", body = ErrorBody),
        (status = 403, description = "A personal access token: only a signed-in session may delete the account", body = ErrorBody),
        (status = 422, description = "No password field", body = ErrorBody)
    )
)]
#[delete("/me")]
async fn delete_me(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<DeleteAccountRequest>,
) -> ApiResult<HttpResponse> {
    let user = user.require_session()?;
    state
        .app
        .delete_account(user.id, body.into_inner().password)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
