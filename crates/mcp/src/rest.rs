//! The REST backend: the tools' use-cases as calls to a Gainsly server's
//! documented REST routes, with a personal access token
//! (`Authorization: Bearer gsk_…`). The `gainsly-mcp` stdio binary serves
//! the tools on it, so it needs no database. A non-2xx answer becomes the
//! tool's error result with the API's own error body and message.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use gainsly_domain::Muscle;
use gainsly_domain::profile::Experience;
use gainsly_domain::week::WeeklyVolume;
use reqwest::header::{AUTHORIZATION, HeaderValue, RETRY_AFTER};
use reqwest::{Method, RequestBuilder, Url};
use serde_json::{Value, json};

use crate::args::{
    AdaptDayArgs, CreateProgramArgs, LogSorenessArgs, LogTopSetArgs, LogWorkoutArgs,
    MovementRuleArgs, SearchArgs,
};
use crate::backend::{Backend, Reply};
use crate::error::{Refusal, Rendered};
use crate::resolve;
use crate::views;

/// How long one request may take (an adaptation re-plans with the solver
/// and maybe an LLM).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(180);

/// A custom workout's name when the caller gives none.
const DEFAULT_WORKOUT_NAME: &str = "Workout";

/// Logs read for one week (the list's page limit; a week has far fewer).
const LOGS_PER_WEEK: &str = "200";

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

    async fn post(&self, path: &str, body: Value) -> Result<Value, Rendered> {
        let url = self.url(path, &[])?;
        send(self.request(Method::POST, url).json(&compact(body))).await
    }

    async fn profile(&self) -> Result<Value, Rendered> {
        self.get("api/settings/profile", &[]).await
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

    fn resolve_exercise<'a>(
        &'a self,
        field: &'a str,
        name: &'a str,
    ) -> BoxFuture<'a, Result<i64, Rendered>> {
        Box::pin(async move {
            let needle = name.trim();
            if needle.is_empty() {
                return Err(validation(vec![(
                    field.to_owned(),
                    resolve::EMPTY.to_owned(),
                )]));
            }
            // The catalog's search matches text inside a name or slug; a
            // name of several words is looked up by its longest word and
            // filtered by all of them (`resolve::pick`).
            let mut found = self
                .get(
                    "api/exercises",
                    &[("q", needle.to_owned()), ("limit", NAME_CANDIDATES.into())],
                )
                .await?;
            let words: Vec<&str> = needle.split_whitespace().collect();
            if found.as_array().is_none_or(Vec::is_empty)
                && words.len() > 1
                && let Some(longest) = words.iter().max_by_key(|w| w.len())
            {
                found = self
                    .get(
                        "api/exercises",
                        &[
                            ("q", (*longest).to_owned()),
                            ("limit", NAME_CANDIDATES.into()),
                        ],
                    )
                    .await?;
            }
            let candidates: Vec<resolve::Candidate> = found
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|e| {
                            Some(resolve::Candidate {
                                id: e.get("id")?.as_i64()?,
                                name: e.get("name")?.as_str()?.to_owned(),
                                slug: e.get("slug")?.as_str()?.to_owned(),
                            })
                        })
                        .collect()
                })
                .unwrap_or_default();
            resolve::pick(needle, &candidates)
                .map_err(|message| validation(vec![(field.to_owned(), message)]))
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

    fn adapt_day(&self, date: NaiveDate, args: AdaptDayArgs) -> Reply<'_> {
        Box::pin(async move {
            let mut body = serde_json::to_value(&args)
                .map_err(|e| unreachable_server(&format!("encoding the request: {e}")))?;
            if let Some(map) = body.as_object_mut() {
                map.remove("date");
            }
            self.post(&format!("api/days/{}/adapt", date_path(date)), body)
                .await
        })
    }

    fn log_workout(&self, args: LogWorkoutArgs, ids: Vec<i64>) -> Reply<'_> {
        Box::pin(async move {
            let exercises: Vec<Value> = args
                .exercises
                .iter()
                .zip(ids)
                .map(|(ex, id)| {
                    json!({
                        "exercise_id": id,
                        "sets": ex.sets.iter().map(|s| json!({
                            "reps": s.reps,
                            "weight_kg": s.weight_kg,
                            "rpe": s.rpe,
                            "duration_seconds": s.seconds,
                            "distance_m": s.distance_m,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let body = json!({
                "date": args.date,
                "name": args.name.unwrap_or_else(|| DEFAULT_WORKOUT_NAME.to_owned()),
                "duration_minutes": args.duration_minutes,
                "session_id": args.session_id,
                "session_rpe": args.session_rpe,
                "notes": args.notes,
                "exercises": exercises,
            });
            self.post("api/logs/custom", body).await
        })
    }

    fn log_top_set(&self, date: NaiveDate, exercise_id: i64, args: LogTopSetArgs) -> Reply<'_> {
        Box::pin(async move {
            let body = json!({
                "date": date,
                "exercise_id": exercise_id,
                "weight_kg": args.weight_kg,
                "reps": args.reps,
                "rpe": args.rpe,
                "session_id": args.session_id,
            });
            self.post("api/logs/top-set", body).await
        })
    }

    fn log_soreness(&self, date: NaiveDate, args: LogSorenessArgs) -> Reply<'_> {
        Box::pin(async move {
            let body = json!({
                "date": date,
                "muscle": args.muscle,
                "level": args.level,
                "notes": args.notes,
            });
            self.post("api/logs/soreness", body).await
        })
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

    fn search(&self, args: SearchArgs) -> Reply<'_> {
        Box::pin(async move {
            let mut query: Vec<(&str, String)> = Vec::new();
            if let Some(q) = args.query {
                query.push(("q", q));
            }
            if let Some(m) = args.muscle {
                query.push(("muscle", m.as_str().to_owned()));
            }
            if let Some(e) = args.equipment {
                query.push(("equipment", e.as_str().to_owned()));
            }
            if let Some(p) = args.pattern {
                query.push(("pattern", p.as_str().to_owned()));
            }
            if let Some(l) = args.limit {
                query.push(("limit", l.to_string()));
            }
            self.get("api/exercises", &query).await
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

    fn create_program(&self, args: CreateProgramArgs) -> Reply<'_> {
        Box::pin(async move {
            let body = serde_json::to_value(&args)
                .map_err(|e| unreachable_server(&format!("encoding the request: {e}")))?;
            self.post("api/programs", body).await
        })
    }

    fn add_rule(&self, exercise_id: Option<i64>, args: MovementRuleArgs) -> Reply<'_> {
        Box::pin(async move {
            let body = json!({
                "rule_type": args.rule_type,
                "exercise_id": exercise_id,
                "movement_pattern": args.movement_pattern,
                "muscle": args.muscle,
                "reason": args.reason,
                "expires_on": args.expires_on,
            });
            self.post("api/settings/movement-rules", body).await
        })
    }

    /// No REST route answers a week's volume: it is built from
    /// `GET /api/logs/workouts` (each log's `muscle_sets`) and the profile's
    /// experience, as the application builds it from the same logs.
    fn weekly_volume(&self, week_of: NaiveDate) -> Reply<'_> {
        Box::pin(async move {
            let Some((start, end)) = WeeklyVolume::bounds(week_of) else {
                return Err(validation(vec![(
                    "week_of".to_owned(),
                    "out of range".to_owned(),
                )]));
            };
            let logs = self
                .get(
                    "api/logs/workouts",
                    &[
                        ("from", date_path(start)),
                        ("to", date_path(end)),
                        ("limit", LOGS_PER_WEEK.into()),
                    ],
                )
                .await?;
            let profile = self.profile().await?;
            let experience: Experience = profile
                .get("training_experience")
                .cloned()
                .and_then(|v| serde_json::from_value(v).ok())
                .ok_or_else(|| unreachable_server("the profile has no training experience"))?;
            let sets: Vec<BTreeMap<Muscle, f64>> = logs
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|log| {
                            serde_json::from_value(log.get("muscle_sets")?.clone()).ok()
                        })
                        .collect()
                })
                .unwrap_or_default();
            let week = WeeklyVolume::new(start, end, sets.iter(), experience);
            Ok(views::volume(&week))
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
