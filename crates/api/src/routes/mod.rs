//! HTTP handlers, one module per resource, each with its `#[utoipa::path]`.

pub mod auth;
pub mod days;
pub mod exercises;
pub mod health;
pub mod logs;
pub mod programs;
pub mod settings;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every documented route (service routes and `/api/**`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(health::configure);
    cfg.service(utoipa_actix_web::scope("/api/auth").configure(auth::configure));
    cfg.service(utoipa_actix_web::scope("/api/exercises").configure(exercises::configure));
    cfg.service(utoipa_actix_web::scope("/api/logs").configure(logs::configure));
    cfg.service(utoipa_actix_web::scope("/api/settings").configure(settings::configure));
    cfg.service(utoipa_actix_web::scope("/api/programs").configure(programs::configure));
    cfg.service(utoipa_actix_web::scope("/api/days").configure(days::configure));
}
