//! Logging set-up: `tracing` to stdout, pretty or JSON; level from
//! `RUST_LOG`; the root span of each request.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

use gainsly_app::settings::LogFormat;

/// Installs the global subscriber (call once, in `main`).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    let result = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.try_init(),
    };
    if let Err(e) = result {
        eprintln!("logging already initialised: {e}");
    }
}

/// The root span of every request: its method, path, request id and, at
/// the end, its status. Events logged while serving a request carry these.
///
/// Lean on purpose. tracing-actix-web's default builder records about a
/// dozen fields (connection info, user agent, OpenTelemetry names, the
/// error's `Debug`), each formatted by the fmt layer when the span is made:
/// about 6 % of the server's CPU on a stored-plan read
/// (`docs/performance.md`, "Reads at the limit"). Errors are logged where
/// they are mapped to HTTP (`ApiError`), so the span does not repeat them.
#[derive(Debug)]
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(|id| tracing::field::display(*id));
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = request.path(),
            request_id,
            status = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        let status = match outcome {
            Ok(response) => response.status(),
            Err(error) => error.as_response_error().status_code(),
        };
        span.record("status", status.as_u16());
    }
}
