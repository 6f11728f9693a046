//! Request extractors that answer in Gainsly's error format.
//!
//! [`Json`] replaces actix's JSON extractor so that a malformed body is 400,
//! a well-formed body that breaks a field rule (wrong type, unknown field,
//! missing field) is 422 naming the field path (`goals[1].weight`), and a body
//! over the limit is 413.

use actix_web::dev::Payload;
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;
use futures_util::future::LocalBoxFuture;
use gainsly_contract::whole::whole_numbers_as_integers;
pub use gainsly_contract::whole::{parse_whole, whole, whole_opt};
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer};

use crate::error::{ApiError, FieldError};

/// The request body limit in bytes (app data; default 256 KiB).
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// A JSON request body, deserialized with field paths in its errors.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The inner value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

fn is_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|essence| {
            let essence = essence.trim().to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
        .unwrap_or(false)
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req
            .app_data::<web::Data<BodyLimit>>()
            .map(|l| l.0)
            .unwrap_or(256 * 1024);
        let json = is_json(req);
        let declared: Option<usize> = req
            .headers()
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let mut payload = payload.take();
        Box::pin(async move {
            if declared.is_some_and(|n| n > limit) {
                return Err(ApiError::PayloadTooLarge);
            }
            if !json {
                return Err(ApiError::BadRequest(
                    "Content-Type must be application/json".into(),
                ));
            }
            let mut body = web::BytesMut::new();
            while let Some(chunk) = payload.next().await {
                let chunk =
                    chunk.map_err(|e| ApiError::BadRequest(format!("unreadable body: {e}")))?;
                if body.len() + chunk.len() > limit {
                    return Err(ApiError::PayloadTooLarge);
                }
                body.extend_from_slice(&chunk);
            }
            parse_json(&body).map(Json)
        })
    }
}

/// Parses a JSON document into `T`, classifying errors as 400 (syntax) or 422 (data).
///
/// JSON has one number type, so `5.0` is the integer 5 (as JSON Schema says):
/// whole numbers written with a fraction are read as integers first.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("malformed JSON: {e}")))?;
    whole_numbers_as_integers(&mut value);
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| {
        let path = err.path().to_string();
        let inner = err.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => {
                ApiError::Validation(vec![data_error(&path, &inner.to_string())])
            }
            _ => ApiError::BadRequest(format!("malformed JSON: {inner}")),
        }
    })
}

/// A resource id from the path (`/api/programs/{program_id}`), see [`parse_whole`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathId(pub i64);

impl<'de> Deserialize<'de> for PathId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        parse_whole(&raw)
            .map(PathId)
            .ok_or_else(|| D::Error::custom(format!("`{raw}` is not an integer in range")))
    }
}

/// Names the field of a serde data error: a missing field is reported at its
/// own path, not its parent's.
pub(crate) fn data_error(path: &str, message: &str) -> FieldError {
    // One mapping for REST bodies and MCP tool arguments on either backend.
    let (field, message) = gainsly_mcp::fields::data_error(path, message);
    FieldError::new(field, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Goal {
        goal: String,
        weight: f64,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        goals: Vec<Goal>,
    }

    fn field_of(body: &str) -> String {
        match parse_json::<Body>(body.as_bytes()) {
            Err(ApiError::Validation(errs)) => errs[0].field.clone(),
            other => panic!("expected 422, got {other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_nested_path() {
        assert_eq!(
            field_of(
                r#"{"name":"a","goals":[{"goal":"x","weight":1},{"goal":"y","weight":"heavy"}]}"#
            ),
            "goals[1].weight"
        );
    }

    #[test]
    fn unknown_and_missing_fields_are_named() {
        assert_eq!(field_of(r#"{"name":"a","goals":[],"extra":1}"#), "extra");
        assert_eq!(field_of(r#"{"goals":[]}"#), "name");
        assert_eq!(
            field_of(r#"{"name":"a","goals":[{"goal":"x"}]}"#),
            "goals[0].weight"
        );
    }

    #[test]
    fn whole_numbers_with_a_fraction_are_integers() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Ints {
            small: u8,
            id: i64,
            ids: Vec<u32>,
            weight: f64,
        }
        let ok: Ints =
            parse_json(br#"{"small":5.0,"id":-3.0,"ids":[1.0,2],"weight":7.0}"#).unwrap();
        assert_eq!(
            (ok.small, ok.id, ok.ids, ok.weight),
            (5, -3, vec![1, 2], 7.0)
        );
        assert!(matches!(
            parse_json::<Ints>(br#"{"small":5.5,"id":1,"ids":[],"weight":1}"#),
            Err(ApiError::Validation(_))
        ));
    }

    #[test]
    fn syntax_errors_are_bad_requests() {
        assert!(matches!(
            parse_json::<Body>(b"{\"name\":"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            parse_json::<Body>(br#"{"name":"a","goals":[]} trailing"#),
            Err(ApiError::BadRequest(_))
        ));
    }
}
