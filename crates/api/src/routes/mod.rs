//! HTTP handlers, one module per resource, each with its `#[utoipa::path]`.
//! A handler parses the request, authorizes the caller (`AuthUser`), calls
//! one use-case of [`gainsly_app::App`] and maps its answer to wire types.

pub mod auth;
pub mod days;
pub mod exercises;
pub mod export;
pub mod health;
pub mod imports;
pub mod logs;
pub mod programs;
pub mod settings;
pub mod tokens;

use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

/// `{"success": true}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuccessResponse {
    pub success: bool,
}

impl SuccessResponse {
    /// The one success answer of deletions.
    pub fn ok() -> actix_web::web::Json<SuccessResponse> {
        actix_web::web::Json(SuccessResponse { success: true })
    }
}

/// Registers every documented route (service routes and `/api/**`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(utoipa_actix_web::scope("/api/auth").configure(auth::configure));
    cfg.service(utoipa_actix_web::scope("/api/exercises").configure(exercises::configure));
    cfg.service(utoipa_actix_web::scope("/api/logs").configure(logs::configure));
    cfg.service(utoipa_actix_web::scope("/api/settings").configure(settings::configure));
    cfg.service(utoipa_actix_web::scope("/api/programs").configure(programs::configure));
    cfg.service(utoipa_actix_web::scope("/api/days").configure(days::configure));
    cfg.service(utoipa_actix_web::scope("/api/imports").configure(imports::configure));
    cfg.service(utoipa_actix_web::scope("/api/tokens").configure(tokens::configure));
    cfg.service(utoipa_actix_web::scope("/api/export").configure(export::configure));
}
