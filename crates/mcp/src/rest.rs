//! The REST backend: the tools' use-cases as calls to a Gainsly server's
//! documented REST routes, with a personal access token
//! (`Authorization: Bearer gsk_…`). The `gainsly-mcp` stdio binary serves
//! the tools on it, so it needs no database. A non-2xx answer becomes the
//! tool's error result with the API's own error body and message.

use std::time::Duration;

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use gainsly_domain::naming::{self, Candidate};
use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Url};
use serde::Serialize;
use serde_json::{Value, json};

use crate::args::{
    AdaptationRequest, CustomWorkoutCreate, ExerciseQuery, MovementRuleCreate, ProgramCreate,
    SorenessLogCreate, TopSetLogCreate,
};
use crate::backend::{Backend, Reply};
use crate::error::{Refusal, Rendered};

/// How long one request may take (an adaptation re-plans with the solver
/// and maybe an LLM).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);

/// Catalog exercises read to resolve a name (the list's page limit).
const NAME_CANDIDATES: &str = "200";

/// Why the REST backend could not start.
#[derive(Debug, thiserror::Error)]
pub enum RestError {
    #[error("GAINSLY_URL is not an http(s) URL: {0}")]
    BadUrl(String),
    #[error("GAINSLY_TOKEN is not a valid header value")]
    BadToken,
    #[error("HTTP client")]
    Client(#[source] reqwest::Error),
    #[error("the Gainsly server refused the credential: {0}")]
    Refused(String),
}

/// A Gainsly server, as one personal access token may use it.
#[derive(Debug, Clone)]
pub struct RestBackend {
    client: reqwest::Client,
    base: Url,
    authorization: HeaderValue,
    can_write: bool,
}

impl RestBackend {
    /// The server at `base_url` (`https://gainsly.example.com`) as `token`
    /// may use it: asks the server what the token may do
    /// (`GET /api/tokens/current`), so a `read` token is listed the read
    /// tools only.
    pub async fn connect(base_url: &str, token: &str) -> Result<RestBackend, RestError> {
        let trimmed = base_url.trim().trim_end_matches('/');
        if !(trimmed.starts_with("http://") || trimmed.starts_with("https://")) {
            return Err(RestError::BadUrl(base_url.to_owned()));
        }
        let base = Url::parse(&format!("{trimmed}/"))
            .map_err(|_| RestError::BadUrl(base_url.to_owned()))?;
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.trim()))
            .map_err(|_| RestError::BadToken)?;
        authorization.set_sensitive(true);
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(RestError::Client)?;
        let mut backend = RestBackend {
            client,
            base,
            authorization,
            can_write: false,
        };
        let current = backend
            .get("api/tokens/current", &[])
            .await
            .map_err(|r| RestError::Refused(r.text))?;
        backend.can_write = current
            .get("scopes")
            .and_then(Value::as_array)
            .is_some_and(|s| s.iter().any(|s| s == "write"));
        Ok(backend)
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> Result<Url, Rendered> {
        let mut url = self
            .base
            .join(path)
            .map_err(|e| unreachable_server(&format!("bad path {path}: {e}")))?;
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (k, v) in query {
                pairs.append_pair(k, v);
            }
        }
        Ok(url)
    }

    fn request(&self, method: Method, url: Url) -> RequestBuilder {
        self.client
            .request(method, url)
            .header(AUTHORIZATION, self.authorization.clone())
    }

    async fn get(&self, path: &str, query: &[(&str, String)]) -> Result<Value, Rendered> {
        let url = self.url(path, query)?;
        send(self.request(Method::GET, url)).await
    }

    /// Posts the REST request `body` (its null members left out: absent
    /// is the default, as the API reads it).
    async fn post(&self, path: &str, body: &impl Serialize) -> Result<Value, Rendered> {
        let body = serde_json::to_value(body)
            .map_err(|e| unreachable_server(&format!("encoding the request: {e}")))?;
        let url = self.url(path, &[])?;
        send(self.request(Method::POST, url).json(&compact(body))).await
    }
}

/// Sends a request; a 2xx answer's JSON, else the API's error rendered
/// (its body, its message, `Retry-After`).
async fn send(request: RequestBuilder) -> Result<Value, Rendered> {
    let response = request
        .send()
        .await
        .map_err(|e| unreachable_server(&e.to_string()))?;
    let status = response.status();
    let retry_after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let text = response
        .text()
        .await
        .map_err(|e| unreachable_server(&format!("reading the answer: {e}")))?;
    let body: Option<Value> = serde_json::from_str(&text).ok();
    match body {
        Some(v) if status.is_success() => Ok(v),
        Some(v) if v.get("error_code").is_some() => Err(Rendered::of_body(v, retry_after)),
        _ => {
            tracing::warn!(%status, "the Gainsly server answered without an API body");
            Err(unreachable_server(&format!("the server answered {status}")))
        }
    }
}

/// The error a tool answers when the server cannot be reached or answers
/// something that is not the API's.
fn unreachable_server(reason: &str) -> Rendered {
    Rendered::of_body(
        json!({
            "detail": format!("Cannot reach the Gainsly server: {reason}"),
            "error_code": "SERVICE_UNAVAILABLE",
            "errors": [],
        }),
        None,
    )
}

/// The API's 422 body for field errors.
fn validation(errors: Vec<(String, String)>) -> Rendered {
    let errors: Vec<Value> = errors
        .into_iter()
        .map(|(field, message)| json!({"field": field, "message": message}))
        .collect();
    Rendered::of_body(
        json!({"detail": "Validation failed", "error_code": "VALIDATION_ERROR", "errors": errors}),
        None,
    )
}

/// A body without its null members (absent = default, as the API reads it).
fn compact(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, compact(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(compact).collect()),
        other => other,
    }
}

/// A REST query as its query string's pairs (null members left out).
fn query_pairs(query: &impl Serialize) -> Result<Vec<(String, String)>, Rendered> {
    let value = serde_json::to_value(query)
        .map_err(|e| unreachable_server(&format!("encoding the query: {e}")))?;
    let Value::Object(map) = value else {
        return Ok(Vec::new());
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| {
            let text = match v {
                Value::Null => return None,
                Value::String(s) => s,
                other => other.to_string(),
            };
            Some((k, text))
        })
        .collect())
}

/// A catalog exercise of the REST API as a name's candidate.
fn candidate(exercise: &Value) -> Option<Candidate> {
    Some(Candidate {
        id: exercise.get("id")?.as_i64()?,
        name: exercise.get("name")?.as_str()?.to_owned(),
        slug: exercise.get("slug")?.as_str()?.to_owned(),
    })
}

fn date_path(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

impl Backend for RestBackend {
    fn can_write(&self) -> bool {
        self.can_write
    }

    fn render(&self, refusal: Refusal) -> Rendered {
        match refusal {
            Refusal::Arguments { path, message } => {
                validation(vec![crate::fields::data_error(&path, &message)])
            }
            Refusal::Field { field, message } => validation(vec![(field, message)]),
            Refusal::ReadOnly => Rendered::of_body(
                json!({
                    "detail": crate::fields::READ_ONLY,
                    "error_code": "FORBIDDEN",
                    "errors": [],
                }),
                None,
            ),
            #[cfg(feature = "app")]
            Refusal::App(e) => {
                // Only the in-process backend produces these.
                tracing::error!(error = %e, "application error on the REST backend");
                unreachable_server("internal error")
            }
        }
    }

    /// Today by the server's clock in the user's time zone: the `as_of` of
    /// `GET /api/logs/recovery-state` without a date (no route answers the
    /// date alone; the server's clock, not this machine's, is the one every
    /// other default uses).
    fn today(&self) -> BoxFuture<'_, Result<NaiveDate, Rendered>> {
        Box::pin(async move {
            let state = self.get("api/logs/recovery-state", &[]).await?;
            state
                .get("as_of")
                .and_then(Value::as_str)
                .and_then(|d| d.parse::<NaiveDate>().ok())
                .ok_or_else(|| unreachable_server("the recovery state has no date"))
        })
    }

    /// The user's aliases (`GET /api/settings/exercise-aliases`) and the
    /// catalog exercises the server's search finds for the name's longest
    /// word (`GET /api/exercises?q=`: every name holding all its words is
    /// among them), plus the exercises of aliases holding all its words,
    /// resolved as the application resolves a name
    /// ([`gainsly_domain::naming::resolve`]).
    fn resolve_exercise<'a>(
        &'a self,
        field: &'a str,
        name: &'a str,
    ) -> BoxFuture<'a, Result<i64, Rendered>> {
        Box::pin(async move {
            let refuse = |message: String| validation(vec![(field.to_owned(), message)]);
            let needle = name.trim();
            let Some(longest) = needle
                .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
                .max_by_key(|w| w.chars().count())
                .filter(|w| !w.is_empty())
            else {
                return Err(refuse(naming::EMPTY.to_owned()));
            };
            let aliases: Vec<(String, i64)> = self
                .get("api/settings/exercise-aliases", &[])
                .await?
                .as_object()
                .map(|map| {
                    map.iter()
                        .filter_map(|(alias, id)| Some((alias.clone(), id.as_i64()?)))
                        .collect()
                })
                .unwrap_or_default();
            let found = self
                .get(
                    "api/exercises",
                    &[("q", longest.to_owned()), ("limit", NAME_CANDIDATES.into())],
                )
                .await?;
            let mut candidates: Vec<Candidate> = found
                .as_array()
                .map(|list| list.iter().filter_map(candidate).collect())
                .unwrap_or_default();
            let words: Vec<String> = needle
                .to_lowercase()
                .split_whitespace()
                .map(str::to_owned)
                .collect();
            for (alias, id) in &aliases {
                let alias = alias.to_lowercase();
                if words.iter().all(|w| alias.contains(w.as_str()))
                    && !candidates.iter().any(|c| c.id == *id)
                    && let Some(c) =
                        candidate(&self.get(&format!("api/exercises/{id}"), &[]).await?)
                {
                    candidates.push(c);
                }
            }
            naming::resolve(needle, &aliases, &candidates).map_err(refuse)
        })
    }

    fn plan_day(&self, date: NaiveDate, program_id: Option<i64>) -> Reply<'_> {
        Box::pin(async move {
            let query: Vec<(&str, String)> = program_id
                .map(|id| vec![("program_id", id.to_string())])
                .unwrap_or_default();
            self.get(&format!("api/days/{}/plan", date_path(date)), &query)
                .await
        })
    }

    fn adapt_day(&self, date: NaiveDate, request: AdaptationRequest) -> Reply<'_> {
        Box::pin(async move {
            self.post(&format!("api/days/{}/adapt", date_path(date)), &request)
                .await
        })
    }

    fn log_workout(&self, workout: CustomWorkoutCreate) -> Reply<'_> {
        Box::pin(async move { self.post("api/logs/custom", &workout).await })
    }

    fn log_top_set(&self, set: TopSetLogCreate) -> Reply<'_> {
        Box::pin(async move { self.post("api/logs/top-set", &set).await })
    }

    fn log_soreness(&self, report: SorenessLogCreate) -> Reply<'_> {
        Box::pin(async move { self.post("api/logs/soreness", &report).await })
    }

    fn recovery(&self, date: Option<NaiveDate>) -> Reply<'_> {
        Box::pin(async move {
            let query: Vec<(&str, String)> = date
                .map(|d| vec![("date", date_path(d))])
                .unwrap_or_default();
            self.get("api/logs/recovery-state", &query).await
        })
    }

    fn e1rm(&self, exercise_id: i64, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Reply<'_> {
        Box::pin(async move {
            let mut query = vec![("exercise_id", exercise_id.to_string())];
            if let Some(d) = from {
                query.push(("from", date_path(d)));
            }
            if let Some(d) = to {
                query.push(("to", date_path(d)));
            }
            self.get("api/logs/e1rm", &query).await
        })
    }

    fn search(&self, query: ExerciseQuery) -> Reply<'_> {
        Box::pin(async move {
            let pairs = query_pairs(&query)?;
            let pairs: Vec<(&str, String)> =
                pairs.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            self.get("api/exercises", &pairs).await
        })
    }

    fn list_programs(&self, active_only: bool) -> Reply<'_> {
        Box::pin(async move {
            let query: Vec<(&str, String)> = if active_only {
                vec![("active_only", "true".to_owned())]
            } else {
                vec![]
            };
            self.get("api/programs", &query).await
        })
    }

    fn program(&self, id: i64) -> Reply<'_> {
        Box::pin(async move { self.get(&format!("api/programs/{id}"), &[]).await })
    }

    fn create_program(&self, program: ProgramCreate) -> Reply<'_> {
        Box::pin(async move { self.post("api/programs", &program).await })
    }

    fn add_rule(&self, rule: MovementRuleCreate) -> Reply<'_> {
        Box::pin(async move { self.post("api/settings/movement-rules", &rule).await })
    }

    fn weekly_volume(&self, week_of: NaiveDate) -> Reply<'_> {
        Box::pin(async move {
            self.get("api/logs/weekly-volume", &[("week_of", date_path(week_of))])
                .await
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_members_are_left_out_of_bodies() {
        let body = compact(json!({"a": null, "b": [{"c": null, "d": 1}], "e": 2}));
        assert_eq!(body, json!({"b": [{"d": 1}], "e": 2}));
    }

    #[tokio::test]
    async fn only_http_urls_are_accepted() {
        assert!(matches!(
            RestBackend::connect("gainsly.example.com", "gsk_x").await,
            Err(RestError::BadUrl(_))
        ));
    }

    #[tokio::test]
    async fn an_unreachable_server_is_a_start_up_error() {
        // Port 9 (discard) on loopback: refused at once.
        assert!(matches!(
            RestBackend::connect("http://127.0.0.1:9", "gsk_x").await,
            Err(RestError::Refused(_))
        ));
    }
}
