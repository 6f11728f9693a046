//! # gainsly-api
//!
//! The HTTP shell of Gainsly: actix-web handlers for the contract in
//! `api.md`, authentication (Argon2id passwords, HS256 access tokens,
//! rotating opaque refresh tokens), the single error mapping, Prometheus
//! metrics, and the OpenAPI document (served at `/openapi.json`, browsable
//! at `/docs`). The binary `gainsly-api` serves it, migrates the database, or
//! writes the OpenAPI document.
//!
//! Tests and embedders start it with [`app::build`] and a [`config::Settings`].

pub mod app;
pub mod auth;
pub mod config;
pub mod error;
pub mod extract;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod secret;
pub mod state;
pub mod telemetry;
