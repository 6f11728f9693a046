//! The OpenAPI 3.1 document, collected from the handlers' `#[utoipa::path]`s
//! and completed here with what annotations cannot say once per operation:
//! the shared error answers ([`errors`]), the links between operations
//! ([`links`]) and the bounds of every value ([`bounds`]). The result
//! validates with openapi-spec-validator and passes Spectral's OpenAPI and
//! OWASP rulesets (`scripts/spec-lint.sh`; the few exceptions are justified
//! in docs/security.md).

mod bounds;
mod errors;
mod links;

use actix_web::App;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::server::ServerBuilder;
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::AppExt;

use crate::error::{ErrorBody, FieldError};
use crate::routes;

/// Gainsly's own `info`, tags and shared components.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Gainsly API",
        description = "Adaptive workout coach: programs, daily sessions planned by an LLM and a MILP optimizer, adaptation from today's signals, workout logs and a per-muscle recovery model.\n\nErrors: every non-2xx answer is an `ErrorBody`. Authenticate `/api/**` (except `/api/auth/*`) with `Authorization: Bearer <access_token>`, or with a personal access token (`gsk_…`, from `POST /api/tokens`): a `read` token may only GET (else 403 `FORBIDDEN`), and no personal access token may use the token or account routes.",
        license(name = "MIT OR Apache-2.0"),
        contact(name = "Gainsly maintainers")
    ),
    modifiers(&BearerScheme, &ThisServer),
    components(schemas(ErrorBody, FieldError)),
    tags(
        (name = "service", description = "Health, readiness, metrics"),
        (name = "auth", description = "Accounts and tokens"),
        (name = "exercises", description = "The built-in exercise catalog"),
        (name = "logs", description = "Workout, top-set and soreness logs, e1RM history, recovery state"),
        (name = "settings", description = "Profile, movement rules, enjoyable activities"),
        (name = "programs", description = "Programs and their microcycles"),
        (name = "days", description = "Day plans and adaptation (blocking and streamed)"),
        (name = "imports", description = "Workout history from Strong, Hevy and FitNotes CSV exports: dry run, duplicates, undo"),
        (name = "export", description = "All of a user's data as JSON; workout logs as Strong-layout CSV"),
        (name = "tokens", description = "Personal access tokens for integrations (`gsk_…`, scopes read or read+write)"),
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
        http.description = Some(
            "A JWT access token (HS256, 15 minutes by default) from `/api/auth/*`, following RFC8725: \
             the algorithm is pinned (no `none`, no other), and `exp`, `iss`, `aud` and `typ` are \
             verified. Or a personal access token (`gsk_…`, from `POST /api/tokens`)."
                .into(),
        );
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The one server: the one serving this document (relative, so it is true
/// wherever Gainsly runs).
struct ThisServer;

impl Modify for ThisServer {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let mut extensions = utoipa::openapi::extensions::Extensions::default();
        extensions.insert("x-internal".to_owned(), serde_json::Value::Bool(false));
        let server = ServerBuilder::new()
            .url("/")
            .description(Some(
                "This server: the Gainsly instance serving this document (local, staging or production)",
            ))
            .extensions(Some(extensions))
            .build();
        openapi.servers = Some(vec![server]);
    }
}

/// Every operation of a path, mutably, with whether its method writes.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&mut Operation, bool)> {
    [
        (&mut item.get, false),
        (&mut item.put, true),
        (&mut item.post, true),
        (&mut item.delete, true),
        (&mut item.options, false),
        (&mut item.head, false),
        (&mut item.patch, true),
        (&mut item.trace, false),
    ]
    .into_iter()
    .filter_map(|(op, writes)| op.as_mut().map(|op| (op, writes)))
}

/// What the routes' own annotations cannot say once per operation: the
/// shared error answers, the links between operations and the bounds. The
/// bounds are added to the document as JSON (utoipa's typed model has no
/// place for some of them, such as `const`), so the result is JSON.
pub fn complete(mut api: utoipa::openapi::OpenApi) -> serde_json::Value {
    errors::add_shared_errors(&mut api);
    links::add_links(&mut api);
    let mut doc = serde_json::to_value(&api).unwrap_or_else(|e| {
        // Serializing the code's own document cannot fail but by a bug,
        // which the committed-spec test catches.
        tracing::error!(error = %e, "serializing the OpenAPI document");
        serde_json::Value::Null
    });
    let missing = bounds::apply(&mut doc);
    if !missing.is_empty() {
        tracing::error!(
            ?missing,
            "OpenAPI bounds name places the document does not have"
        );
    }
    doc
}

/// The routes' own document, before [`complete`].
fn annotated() -> utoipa::openapi::OpenApi {
    let (_, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    api
}

/// The full document, as served at `/openapi.json`.
pub fn spec() -> serde_json::Value {
    complete(annotated())
}

/// The document as pretty JSON with a trailing newline (the committed file's form).
pub fn spec_json() -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(&spec()).map(|mut s| {
        s.push('\n');
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bound_names_a_place_in_the_document() {
        let mut doc = serde_json::to_value(annotated()).unwrap();
        assert_eq!(bounds::apply(&mut doc), Vec::<String>::new());
    }
}
