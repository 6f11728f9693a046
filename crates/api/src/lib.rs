//! # gainsly-api
//!
//! The HTTP shell of Gainsly: actix-web handlers for the contract in
//! `api.md`, HS256 access tokens, the per-IP and per-user rate limits, the
//! single error mapping, Prometheus metrics, and the OpenAPI document
//! (served at `/openapi.json`, browsable at `/docs`). The binary
//! `gainsly-api` serves it, migrates the database, or writes the OpenAPI
//! document.
//!
//! Handlers parse the request into the application's input, authorize, call
//! one use-case of [`gainsly_app::App`] and map its answer to wire types and
//! its errors to [`error::ApiError`]. They never touch the database: this
//! crate depends on neither sea-orm nor `gainsly-db`.
//!
//! Tests and embedders start it with [`app::build`] (or [`app::build_with`]
//! and their own clock) and a [`gainsly_app::Settings`].

pub mod app;
pub mod auth;
pub mod error;
pub mod extract;
pub mod mcp;
pub mod metrics;
pub mod openapi;
pub mod routes;
pub mod secret;
pub mod state;
pub mod telemetry;
