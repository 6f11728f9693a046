//! Carries one request from actix-web (on http 0.2) to rmcp's Streamable
//! HTTP Tower service (on http 1) and its answer back, streamed: the
//! method, URI, headers and body go over as they came, plus the
//! authenticated [`Caller`] in the request's extensions.

use actix_web::http::StatusCode;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use gainsly_mcp::{Caller, McpService};
use http_body_util::{BodyExt, Full};
use tower_service::Service;

use crate::error::ApiError;

pub(super) async fn serve(
    mut service: McpService,
    req: &HttpRequest,
    body: web::Bytes,
    caller: Caller,
) -> HttpResponse {
    let mut request = http::Request::builder()
        .method(req.method().as_str())
        .uri(req.uri().to_string());
    for (name, value) in req.headers() {
        request = request.header(name.as_str(), value.as_bytes());
    }
    let mut request = match request.body(Full::new(body)) {
        Ok(r) => r,
        Err(e) => {
            return actix_web::ResponseError::error_response(&ApiError::BadRequest(format!(
                "invalid request: {e}"
            )));
        }
    };
    request.extensions_mut().insert(caller);
    let response = match service.call(request).await {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let (parts, body) = response.into_parts();
    let status =
        StatusCode::from_u16(parts.status.as_u16()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut out = HttpResponse::build(status);
    for (name, value) in &parts.headers {
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.as_str().as_bytes()),
            HeaderValue::from_bytes(value.as_bytes()),
        ) {
            out.append_header((name, value));
        }
    }
    out.streaming(body.into_data_stream())
}
