//! `/api/tokens`: personal access tokens for integrations. Only a signed-in
//! session (not a personal access token) may manage them.

use actix_web::{HttpResponse, delete, get, post, web};
use chrono::{DateTime, Utc};
use gainsly_app::tokens::{NewToken, Scope, TokenView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::AuthUser;
use crate::auth::extractor::Credential;
use crate::error::{ApiResult, ErrorBody};
use crate::extract::{Json, PathId};
use crate::routes::SuccessResponse;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(create_token)
        .service(list_tokens)
        .service(current_credential)
        .service(revoke_token);
}

/// A new personal access token.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonalTokenCreate {
    /// 1–100 characters, e.g. the integration it is for.
    #[schema(example = "MCP on my laptop", min_length = 1, max_length = 100)]
    pub name: String,
    /// `["read"]` (GET requests only) or `["read","write"]`.
    #[schema(example = json!(["read"]))]
    pub scopes: Vec<String>,
    /// 1–3650; the token never expires when absent.
    #[schema(minimum = 1, maximum = 3650)]
    pub expires_in_days: Option<u32>,
}

/// A personal access token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalTokenResponse {
    pub id: i64,
    pub name: String,
    #[schema(example = json!(["read", "write"]))]
    pub scopes: Vec<String>,
    /// Null: never expires.
    pub expires_at: Option<DateTime<Utc>>,
    /// The last request made with it (to the minute); null if never used.
    pub last_used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// A personal access token just created, with its secret (shown only now).
#[derive(Debug, Serialize, ToSchema)]
pub struct PersonalTokenCreated {
    pub id: i64,
    pub name: String,
    pub scopes: Vec<String>,
    /// The secret: `gsk_` and 43 URL-safe characters (256 random bits). Stored only as a hash.
    #[schema(example = "gsk_3q2-7wE0vW9mZkq8u0S1YxH4cJpN6rT5aLbV2dFgK8M")]
    pub token: String,
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

fn scope_names(scopes: &[Scope]) -> Vec<String> {
    scopes.iter().map(|s| s.as_str().to_owned()).collect()
}

impl From<TokenView> for PersonalTokenResponse {
    fn from(t: TokenView) -> Self {
        PersonalTokenResponse {
            id: t.id,
            scopes: scope_names(&t.scopes),
            name: t.name,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            created_at: t.created_at,
        }
    }
}

/// Create a personal access token.
///
/// Its secret is in this answer only.
#[utoipa::path(
    tag = "tokens",
    security(("bearer" = [])),
    request_body = PersonalTokenCreate,
    responses(
        (status = 201, description = "Created; `token` is shown this once", body = PersonalTokenCreated),
        (status = 400, description = "Malformed JSON", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired access token", body = ErrorBody),
        (status = 403, description = "A personal access token cannot create tokens", body = ErrorBody),
        (status = 422, description = "A field breaks its rule", body = ErrorBody),
        (status = 409, description = "CONFLICT: the user already holds 50 personal access tokens (revoke one first)", body = ErrorBody)
    )
)]
#[post("")]
async fn create_token(
    state: web::Data<AppState>,
    user: AuthUser,
    body: Json<PersonalTokenCreate>,
) -> ApiResult<HttpResponse> {
    let user = user.require_session()?;
    let body = body.into_inner();
    let created = state
        .app
        .create_token(
            user.id,
            NewToken {
                name: body.name,
                scopes: body.scopes,
                expires_in_days: body.expires_in_days,
            },
        )
        .await?;
    let v = created.view;
    Ok(HttpResponse::Created().json(PersonalTokenCreated {
        id: v.id,
        scopes: scope_names(&v.scopes),
        name: v.name,
        token: created.token,
        expires_at: v.expires_at,
        created_at: v.created_at,
    }))
}

/// The user's personal access tokens, newest first.
///
/// Names, scopes, expiry and last use; never the secrets, which are shown once at
/// creation and stored only as SHA-256 hashes.
#[utoipa::path(
    tag = "tokens",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tokens", body = Vec<PersonalTokenResponse>),
        (status = 401, description = "Missing, invalid or expired access token", body = ErrorBody),
        (status = 403, description = "A personal access token cannot list tokens", body = ErrorBody)
    )
)]
#[get("")]
async fn list_tokens(
    state: web::Data<AppState>,
    user: AuthUser,
) -> ApiResult<web::Json<Vec<PersonalTokenResponse>>> {
    let user = user.require_session()?;
    let tokens = state.app.list_tokens(user.id).await?;
    Ok(web::Json(tokens.into_iter().map(Into::into).collect()))
}

/// How a request authenticated.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CredentialKind {
    /// An access token from sign-in.
    Session,
    /// A personal access token (`gsk_…`).
    PersonalAccessToken,
}

/// How the caller of a request authenticated, and what it may do.
#[derive(Debug, Serialize, ToSchema)]
pub struct CurrentCredential {
    pub kind: CredentialKind,
    /// What the credential allows: `["read"]` (GET requests only) or
    /// `["read","write"]` (a sign-in is always both).
    #[schema(example = json!(["read"]))]
    pub scopes: Vec<String>,
}

/// The credential of this request.
///
/// Its kind and scopes, so that an integration holding a personal access
/// token (the `gainsly-mcp` stdio binary) can tell what it may do. Any valid
/// credential may ask, a `read` token included.
#[utoipa::path(
    tag = "tokens",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The credential's kind and scopes", body = CurrentCredential),
        (status = 401, description = "Missing, invalid or expired credential", body = ErrorBody)
    )
)]
#[get("/current")]
async fn current_credential(user: AuthUser) -> web::Json<CurrentCredential> {
    let kind = match user.credential {
        Credential::Session => CredentialKind::Session,
        Credential::PersonalToken { .. } => CredentialKind::PersonalAccessToken,
    };
    let scopes = if user.can_write() {
        vec!["read".to_owned(), "write".to_owned()]
    } else {
        vec!["read".to_owned()]
    };
    web::Json(CurrentCredential { kind, scopes })
}

/// Revoke a personal access token.
///
/// The token answers 401 from now on. 404 for a token that is not the caller's.
#[utoipa::path(
    tag = "tokens",
    security(("bearer" = [])),
    params(("token_id" = i64, Path, description = "Token id")),
    responses(
        (status = 200, description = "Revoked", body = SuccessResponse),
        (status = 400, description = "The id is not a positive integer", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired access token", body = ErrorBody),
        (status = 403, description = "A personal access token cannot revoke tokens", body = ErrorBody),
        (status = 404, description = "No such token of this user", body = ErrorBody)
    )
)]
#[delete("/{token_id}")]
async fn revoke_token(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<PathId>,
) -> ApiResult<web::Json<SuccessResponse>> {
    let user = user.require_session()?;
    state.app.revoke_token(user.id, path.into_inner().0).await?;
    Ok(SuccessResponse::ok())
}
