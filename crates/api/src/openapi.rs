//! The OpenAPI 3.1 document, collected from the handlers' `#[utoipa::path]`s.

use actix_web::App;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::{ErrorBody, FieldError};
use crate::routes;

/// Gainsly's own `info`, tags and shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gainsly API",
        description = "Adaptive workout coach: programs, daily sessions planned by an LLM and a MILP optimizer, adaptation from today's signals, workout logs and a per-muscle recovery model.\n\nErrors: every non-2xx answer is an `ErrorBody`. Authenticate `/api/**` (except `/api/auth/*`) with `Authorization: Bearer <access_token>`.",
        license(name = "MIT OR Apache-2.0")
    ),
    modifiers(&BearerScheme),
    components(schemas(ErrorBody, FieldError)),
    tags(
        (name = "service", description = "Health, readiness, metrics"),
        (name = "auth", description = "Accounts and tokens"),
        (name = "exercises", description = "The built-in exercise catalog"),
        (name = "logs", description = "Workout, top-set and soreness logs, e1RM history, recovery state"),
        (name = "settings", description = "Profile, movement rules, enjoyable activities"),
        (name = "programs", description = "Programs and their microcycles"),
        (name = "days", description = "Day plans and adaptation (blocking and streamed)"),
    )
)]
#[derive(Debug)]
pub struct ApiDoc;

struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut http = Http::new(HttpAuthScheme::Bearer);
        http.bearer_format = Some("JWT".into());
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The full document, as served at `/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    api
}

/// The document as pretty JSON with a trailing newline (the committed file's form).
pub fn spec_json() -> Result<String, serde_json::Error> {
    spec().to_pretty_json().map(|mut s| {
        s.push('\n');
        s
    })
}
