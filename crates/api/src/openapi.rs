//! The OpenAPI 3.1 document, collected from the handlers' `#[utoipa::path]`s.

use actix_web::App;
use utoipa::openapi::link::LinkBuilder;
use utoipa::openapi::path::{Operation, PathItem};
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
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
        components.add_security_scheme("bearer", SecurityScheme::Http(http));
    }
}

/// The error answers that whole classes of operations can give, shared as
/// `#/components/responses/*`: (status, component name, description).
const SHARED_ERRORS: [(&str, &str, &str); 5] = [
    (
        "400",
        "BadRequest",
        "BAD_REQUEST: the body is not JSON or not `application/json`, or a path or query parameter does not parse",
    ),
    (
        "401",
        "Unauthorized",
        "UNAUTHORIZED: missing, expired or invalid access token (`WWW-Authenticate: Bearer`)",
    ),
    (
        "403",
        "Forbidden",
        "FORBIDDEN: a personal access token with only the `read` scope (it may only GET)",
    ),
    (
        "413",
        "PayloadTooLarge",
        "PAYLOAD_TOO_LARGE: the body is over the configured limit (default 256 KiB)",
    ),
    (
        "422",
        "ValidationError",
        "VALIDATION_ERROR: well-formed JSON that breaks a field rule; `errors` names each field",
    ),
];

/// Which shared errors an operation can answer: parameters can fail to parse
/// (400); a body can fail to parse (400), be too large (413) or break a rule
/// (422); a secured operation can be refused (401).
fn shared_errors_of(op: &Operation) -> Vec<&'static str> {
    let body = op.request_body.is_some();
    let params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    [
        ("400", body || params),
        ("401", secured),
        ("413", body),
        ("422", body),
    ]
    .into_iter()
    .filter_map(|(status, applies)| applies.then_some(status))
    .collect()
}

/// Every operation of a path, mutably.
fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.options,
        &mut item.head,
        &mut item.patch,
        &mut item.trace,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

/// Adds the shared error answers to every operation that can give them and
/// does not already document them with a more specific description.
fn add_shared_errors(api: &mut utoipa::openapi::OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    for (_, name, description) in SHARED_ERRORS {
        let content = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ErrorBody")))
            .build();
        let response = ResponseBuilder::new()
            .description(description)
            .content("application/json", content)
            .build();
        components
            .responses
            .insert(name.to_owned(), RefOr::T(response));
    }
    for item in api.paths.paths.values_mut() {
        for op in operations_mut(item) {
            for status in shared_errors_of(op) {
                let Some((_, name, _)) = SHARED_ERRORS.iter().find(|(s, _, _)| *s == status) else {
                    continue;
                };
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(*name)));
            }
        }
        // A read-only personal access token may only GET (and HEAD).
        for op in [
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ]
        .into_iter()
        .filter_map(Option::as_mut)
        {
            if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                op.responses
                    .responses
                    .entry("403".to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name("Forbidden")));
            }
        }
    }
}

/// OpenAPI links from a creating operation's answer to the operations that
/// take the created resource's `id`: (creating operationId, status, path
/// parameter, operations it feeds). Stateful fuzzing chains along them.
const LINKS: &[(&str, &str, &str, &[&str])] = &[
    (
        "create_program",
        "201",
        "program_id",
        &[
            "get_program",
            "update_program",
            "delete_program",
            "get_microcycle",
            "put_microcycle",
        ],
    ),
    (
        "create_custom",
        "201",
        "log_id",
        &["get_workout", "delete_workout"],
    ),
    (
        "create_top_set",
        "201",
        "log_id",
        &["get_workout", "delete_workout"],
    ),
    ("create_rule", "201", "rule_id", &["delete_rule"]),
    ("create_token", "201", "token_id", &["revoke_token"]),
    (
        "create_import",
        "201",
        "import_id",
        &["get_import", "undo_import"],
    ),
    (
        "create_activity",
        "201",
        "activity_id",
        &["delete_activity"],
    ),
];

fn add_links(api: &mut utoipa::openapi::OpenApi) {
    for item in api.paths.paths.values_mut() {
        for op in operations_mut(item) {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            for (_, status, param, targets) in LINKS.iter().filter(|(from, ..)| *from == id) {
                let Some(RefOr::T(response)) = op.responses.responses.get_mut(*status) else {
                    continue;
                };
                for target in *targets {
                    let link = LinkBuilder::new()
                        .operation_id(*target)
                        .parameter(*param, "$response.body#/id")
                        .description(format!("`{param}` is the created resource's `id`"))
                        .build();
                    response.links.insert((*target).to_owned(), RefOr::T(link));
                }
            }
        }
    }
}

/// What the routes' own annotations cannot say once per operation: the
/// shared error answers and the links between operations.
pub fn complete(api: &mut utoipa::openapi::OpenApi) {
    add_shared_errors(api);
    add_links(api);
}

/// The full document, as served at `/openapi.json`.
pub fn spec() -> utoipa::openapi::OpenApi {
    let (_, mut api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    complete(&mut api);
    api
}

/// The document as pretty JSON with a trailing newline (the committed file's form).
pub fn spec_json() -> Result<String, serde_json::Error> {
    spec().to_pretty_json().map(|mut s| {
        s.push('\n');
        s
    })
}
