//! The error answers, shared as `#/components/responses/*`.
//!
//! Every error answer is an `ErrorBody` (api.md). An operation documents the
//! errors only it gives with its own description in its annotation; an
//! annotation that names only a status and `ErrorBody` gets the shared answer
//! of that status here, and so do the classes of errors that whole groups of
//! operations can give (a parameter that does not parse, a refused token, a
//! body over the limit, the database down, a bug).

use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::path::Operation;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

use super::operations_mut;

/// (status, component name, description) of every shared error answer.
pub(super) const SHARED_ERRORS: [(&str, &str, &str); 9] = [
    (
        "400",
        "BadRequest",
        "BAD_REQUEST: the body is not JSON or not of the operation's content type, or a path or query parameter does not parse",
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
        "404",
        "NotFound",
        "NOT_FOUND: no such resource for this user (another user's answers exactly the same)",
    ),
    (
        "413",
        "PayloadTooLarge",
        "PAYLOAD_TOO_LARGE: the body is over the configured limit (default 256 KiB)",
    ),
    (
        "422",
        "ValidationError",
        "VALIDATION_ERROR: well-formed input that breaks a field rule; `errors` names each field (the first 100)",
    ),
    (
        "429",
        "RateLimited",
        "RATE_LIMITED: over this route's rate limit; `Retry-After` gives the seconds to wait",
    ),
    (
        "500",
        "InternalError",
        "INTERNAL: a bug. The body says `Internal server error` and nothing else; the cause is logged with the request id",
    ),
    (
        "503",
        "ServiceUnavailable",
        "SERVICE_UNAVAILABLE: the database cannot be reached; retry shortly (the server recovers by itself)",
    ),
];

fn shared(status: &str) -> Option<&'static str> {
    SHARED_ERRORS
        .iter()
        .find(|(s, _, _)| *s == status)
        .map(|(_, name, _)| *name)
}

/// Which shared errors an operation can answer beyond those its annotation
/// names: parameters can fail to parse (400); a body can fail to parse (400),
/// be too large (413) or break a rule (422); a secured operation can be
/// refused (401) and, when it writes, refused to a read-only token (403);
/// an operation under `/api` reads the database (503); any can fail (500).
fn shared_errors_of(path: &str, method_writes: bool, op: &Operation) -> Vec<&'static str> {
    let body = op.request_body.is_some();
    let params = op.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    [
        ("400", body || params),
        ("401", secured),
        ("403", secured && method_writes),
        ("413", body),
        ("422", body),
        ("500", true),
        ("503", path.starts_with("/api/")),
    ]
    .into_iter()
    .filter_map(|(status, applies)| applies.then_some(status))
    .collect()
}

fn component(description: &str, status: &str) -> Response {
    let content = ContentBuilder::new()
        .schema(Some(Ref::from_schema_name("ErrorBody")))
        .build();
    let mut response = ResponseBuilder::new()
        .description(description)
        .content("application/json", content);
    if status == "429" {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(
                    ObjectBuilder::new()
                        .schema_type(Type::Integer)
                        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                            utoipa::openapi::KnownFormat::Int64,
                        )))
                        .minimum(Some(1))
                        .maximum(Some(86_400))
                        .build(),
                ))
                .description(Some("Seconds until the limit's window resets"))
                .build(),
        );
    }
    response.build()
}

/// An inline answer with an `ErrorBody` and no description of its own.
fn is_bare_error(response: &RefOr<Response>) -> bool {
    match response {
        RefOr::T(r) => r.description.is_empty(),
        RefOr::Ref(_) => false,
    }
}

/// Adds the shared error answers as components, points bare error answers
/// at them and adds the shared errors every operation can give.
pub(super) fn add_shared_errors(api: &mut OpenApi) {
    let components = api.components.get_or_insert_with(Default::default);
    for (status, name, description) in SHARED_ERRORS {
        components
            .responses
            .insert(name.to_owned(), RefOr::T(component(description, status)));
    }
    for (path, item) in api.paths.paths.iter_mut() {
        for (op, method_writes) in operations_mut(item) {
            for (status, response) in op.responses.responses.iter_mut() {
                if let Some(name) = shared(status)
                    && is_bare_error(response)
                {
                    *response = RefOr::Ref(Ref::from_response_name(name));
                }
            }
            for status in shared_errors_of(path, method_writes, op) {
                let Some(name) = shared(status) else {
                    continue;
                };
                op.responses
                    .responses
                    .entry(status.to_owned())
                    .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
            }
        }
    }
}
