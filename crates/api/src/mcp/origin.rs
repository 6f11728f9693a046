//! The `Origin` check of the MCP endpoint (the transport's spec asks for
//! it against DNS rebinding): a request from a browser page of another
//! origin is a 403. Requests without `Origin` (every non-browser client)
//! pass; so does the server's own origin.

use actix_web::HttpRequest;
use actix_web::http::header::ORIGIN;

use super::metadata::base_url;
use crate::error::ApiError;

/// Ok when the request has no `Origin` or this server's.
pub(super) fn check(req: &HttpRequest) -> Result<(), ApiError> {
    let Some(origin) = req.headers().get(ORIGIN) else {
        return Ok(());
    };
    let own = base_url(req);
    match origin.to_str() {
        Ok(o) if same_origin(o, &own) => Ok(()),
        _ => Err(ApiError::Forbidden(
            "Origin not allowed: the MCP endpoint serves its own origin only".into(),
        )),
    }
}

/// `scheme://host[:port]` equal, with default ports made explicit.
fn same_origin(a: &str, b: &str) -> bool {
    normalize(a).is_some_and(|a| Some(a) == normalize(b))
}

fn normalize(origin: &str) -> Option<(String, String, u16)> {
    let (scheme, rest) = origin.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    let authority = rest.trim_end_matches('/');
    if authority.is_empty() || authority.contains('/') {
        return None;
    }
    let default = match scheme.as_str() {
        "http" => 80,
        "https" => 443,
        _ => return None,
    };
    // `[::1]:8080`, `host:8080` or `host`.
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') => match p.parse() {
            Ok(port) if !p.is_empty() && !h.is_empty() => (h, port),
            _ if authority.ends_with(']') => (authority, default),
            _ => return None,
        },
        _ => (authority, default),
    };
    Some((scheme, host.to_ascii_lowercase(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_ports_and_case_do_not_matter() {
        assert!(same_origin("http://Example.com", "http://example.com:80"));
        assert!(same_origin("https://a.example:443/", "https://a.example"));
        assert!(same_origin(
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080"
        ));
        assert!(same_origin("http://[::1]:8080", "http://[::1]:8080"));
    }

    #[test]
    fn another_scheme_host_or_port_is_foreign() {
        assert!(!same_origin("https://example.com", "http://example.com"));
        assert!(!same_origin("http://evil.example", "http://example.com"));
        assert!(!same_origin(
            "http://example.com:8081",
            "http://example.com:8080"
        ));
        assert!(!same_origin("null", "http://example.com"));
    }
}
