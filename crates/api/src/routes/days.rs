//! `/api/days/{date}`: the day's plan, adaptation, and adaptation streamed as SSE.

use std::time::Duration;

use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use gainsly_app::{Events, PlanEvent, Stage, attempt_message};
pub use gainsly_contract::AdaptationRequest;
use gainsly_domain::session::Session;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::mpsc;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::auth::{AuthUser, ClaimedUser};
use crate::error::{ApiError, ApiResult, ErrorBody};
use crate::extract::{Json, whole_opt};
use crate::metrics::GaugeGuard;
use crate::state::AppState;

pub(crate) fn configure(cfg: &mut ServiceConfig) {
    cfg.service(plan).service(adapt).service(adapt_stream);
}

/// `?program_id=` (default: the active program).
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PlanQuery {
    #[serde(default, deserialize_with = "whole_opt")]
    pub program_id: Option<i64>,
}

/// The session planned for a date.
///
/// The stored one, or a new one generated and stored (the same date twice gives the
/// same session, also under concurrent first requests). Rest and active-recovery
/// days are sessions without exercises. 404 without an active program (or for
/// another user's `program_id`).
#[utoipa::path(
    tag = "days",
    security(("bearer" = [])),
    params(("date" = String, Path, description = "YYYY-MM-DD", format = Date), PlanQuery),
    responses(
        (status = 200, description = "The day's session: the stored one, or the one generated and stored now", body = Session),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 404, description = "No active program, or the date is outside it", body = ErrorBody),
        (status = 503, description = "GENERATION_FAILED (LLM required) or SERVICE_UNAVAILABLE", body = ErrorBody)
    )
)]
#[get("/{date}/plan")]
async fn plan(
    state: web::Data<AppState>,
    user: ClaimedUser,
    path: web::Path<NaiveDate>,
    query: web::Query<PlanQuery>,
) -> ApiResult<HttpResponse> {
    let read = state
        .app
        .read_day(user.id(), query.program_id, path.into_inner())
        .await;
    // A stored plan goes out as stored: its body is not parsed and
    // serialized again (`docs/performance.md`, "Reads at the limit").
    let json = user.confirm(&state, read).await?.to_json()?;
    Ok(HttpResponse::Ok()
        .content_type(header::ContentType::json())
        .body(json))
}

/// Re-plan a date from today's signals.
///
/// Soreness, minutes available, energy, equipment at hand, exercises to avoid and
/// muscles to focus on reshape the day; the result is stored with status `adapted`
/// and replaces the day's session. Rate-limited per user (429 with `Retry-After`);
/// 503 `GENERATION_FAILED` only when the LLM is required and fails.
#[utoipa::path(
    tag = "days",
    security(("bearer" = [])),
    params(("date" = String, Path, description = "YYYY-MM-DD", format = Date)),
    request_body = AdaptationRequest,
    responses(
        (status = 200, description = "The day's session, stored with status `adapted`", body = Session),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "More adaptations this minute than the per-user limit (`Retry-After` says when to retry)", body = ErrorBody),
        (status = 503, description = "GENERATION_FAILED (LLM required) or SERVICE_UNAVAILABLE", body = ErrorBody)
    )
)]
#[post("/{date}/adapt")]
async fn adapt(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<NaiveDate>,
    body: Json<AdaptationRequest>,
) -> ApiResult<web::Json<Session>> {
    let (program_id, signals) = body.into_inner().into_signals()?;
    state.adapt_limiter.check(user.id).await?;
    let session = state
        .app
        .adapt_day(
            user.id,
            program_id,
            path.into_inner(),
            signals,
            Events::none(),
        )
        .await?;
    Ok(web::Json(session))
}

/// Keep-alive comment interval while waiting (api.md).
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The SSE payload of a progress event.
fn event_json(event: PlanEvent) -> serde_json::Value {
    match event {
        PlanEvent::Status { stage, message } => {
            json!({"type": "status", "stage": stage.as_str(), "message": message})
        }
        PlanEvent::Attempt(n) => json!({
            "type": "status",
            "stage": Stage::Generating.as_str(),
            "message": attempt_message(n),
        }),
        PlanEvent::Token(content) => json!({"type": "token", "content": content}),
    }
}

fn frame(value: &serde_json::Value) -> Bytes {
    Bytes::from(format!("data: {value}\n\n"))
}

/// Re-plan a date like `adapt`, streaming progress as server-sent events.
///
/// `status` events (the first at once), `token` events with the coach model's text
/// as it arrives, then exactly one `session` or `error` event, then `data: [DONE]`.
/// Each attempt of the coach model begins with a `generating` status whose message
/// starts with `Attempt n:`; the tokens after attempt 2 or later replace those
/// before it (the earlier answer was unusable or cut off). A `: keep-alive` comment
/// is sent every 15 s. Validation errors are answered before the stream opens. A
/// client that disconnects cancels the generation and nothing half-written is
/// stored.
#[utoipa::path(
    tag = "days",
    security(("bearer" = [])),
    params(("date" = String, Path, description = "YYYY-MM-DD", format = Date)),
    request_body = AdaptationRequest,
    responses(
        (status = 200, description = "Server-sent events: `data: {\"type\":\"status\"|\"token\"|\"session\"|\"error\",...}` lines, ending with `data: [DONE]`. Each attempt of the coach model begins with a `generating` status whose message starts with `Attempt n:`; tokens after a later attempt's status replace the earlier ones.", content_type = "text/event-stream", body = String),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "More adaptations this minute than the per-user limit (`Retry-After` says when to retry)", body = ErrorBody)
    )
)]
#[post("/{date}/adapt/stream")]
async fn adapt_stream(
    state: web::Data<AppState>,
    user: AuthUser,
    path: web::Path<NaiveDate>,
    body: Json<AdaptationRequest>,
) -> ApiResult<HttpResponse> {
    let date = path.into_inner();
    let (program_id, signals) = body.into_inner().into_signals()?;
    state.adapt_limiter.check(user.id).await?;
    // Answer "not found" before the stream opens, like validation errors.
    let program_id = state
        .app
        .adaptation_target(user.id, program_id, date)
        .await?;

    let (frames_tx, mut frames_rx) = mpsc::channel::<Bytes>(64);
    let (events_tx, mut events_rx) = mpsc::channel::<PlanEvent>(64);
    let app = state.app.clone();
    let user_id = user.id;
    let open = GaugeGuard::new(&state.metrics.sse_streams_open);
    let mut work = tokio::spawn(async move {
        app.adapt_day(
            user_id,
            Some(program_id),
            date,
            signals,
            Events::to(events_tx),
        )
        .await
    });
    tokio::spawn(async move {
        let _open = open;
        let first = json!({"type": "status", "stage": "recovery", "message": "Adapting your day"});
        if frames_tx.send(frame(&first)).await.is_err() {
            work.abort();
            return;
        }
        let mut keep_alive = tokio::time::interval(KEEP_ALIVE);
        keep_alive.tick().await;
        let outcome = loop {
            tokio::select! {
                biased;
                _ = frames_tx.closed() => {
                    // The client went away: cancel the generation.
                    work.abort();
                    return;
                }
                Some(event) = events_rx.recv() => {
                    if frames_tx.send(frame(&event_json(event))).await.is_err() {
                        work.abort();
                        return;
                    }
                }
                joined = &mut work => break joined,
                _ = keep_alive.tick() => {
                    if frames_tx.send(Bytes::from_static(b": keep-alive\n\n")).await.is_err() {
                        work.abort();
                        return;
                    }
                }
            }
        };
        // Flush events sent just before the work finished.
        while let Ok(event) = events_rx.try_recv() {
            let _ = frames_tx.send(frame(&event_json(event))).await;
        }
        let last = match outcome {
            Ok(Ok(session)) => json!({"type": "session", "session": session}),
            Ok(Err(e)) => {
                let api: ApiError = e.into();
                api.log();
                let body = api.body();
                json!({"type": "error", "detail": body.detail, "error_code": body.error_code})
            }
            Err(join) => {
                tracing::error!(error = %join, "adaptation task failed");
                json!({"type": "error", "detail": "Internal server error", "error_code": "INTERNAL"})
            }
        };
        let _ = frames_tx.send(frame(&last)).await;
        let _ = frames_tx
            .send(Bytes::from_static(b"data: [DONE]\n\n"))
            .await;
    });
    let stream = futures_util::stream::poll_fn(move |cx| {
        frames_rx
            .poll_recv(cx)
            .map(|o| o.map(Ok::<_, actix_web::Error>))
    });
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/event-stream"))
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(stream))
}
