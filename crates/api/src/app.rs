//! Building and running the HTTP server.

use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::{Next, from_fn};
use actix_web::{App, HttpMessage, HttpRequest, HttpResponse, HttpServer, web};
use gainsly_app::settings::RateLimitStore;
use gainsly_app::{Clock, Settings, SystemClock};
use gainsly_llm::LlmMode;
use tracing_actix_web::{RequestId, TracingLogger};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::auth::JwtKeys;
use crate::auth::rate_limit::RateLimiter;
use crate::error::ApiError;
use crate::extract::BodyLimit;
use crate::metrics::Metrics;
use crate::openapi::{self, ApiDoc};
use crate::routes;
use crate::secret::{self, SecretError};
use crate::state::AppState;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("application")]
    App(#[from] gainsly_app::AppError),
    #[error("signing secret")]
    Secret(#[from] SecretError),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: SocketAddr,
        #[source]
        source: std::io::Error,
    },
}

/// A started server: await `server` to run it; `addr` is where it listens.
pub struct Running {
    pub addr: SocketAddr,
    pub server: Server,
    pub state: AppState,
    /// The in-process background workers (embedded mode).
    pub workers: Option<EmbeddedWorkers>,
}

/// Background workers running inside the API process.
#[derive(Debug)]
pub struct EmbeddedWorkers {
    shutdown: gainsly_worker::CancellationToken,
    handle: tokio::task::JoinHandle<Result<(), gainsly_worker::WorkerError>>,
}

impl EmbeddedWorkers {
    /// Stops taking jobs and waits for the ones in flight.
    pub async fn stop(self) {
        self.shutdown.cancel();
        match self.handle.await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(
                error = %gainsly_app::error::chain(&e),
                "background workers stopped with an error"
            ),
            Err(e) => tracing::warn!(error = %e, "background workers task failed"),
        }
    }
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running")
            .field("addr", &self.addr)
            .finish_non_exhaustive()
    }
}

/// Installs the aws-lc-rs rustls provider. Two rustls backends are linked
/// (sqlx brings ring, reqwest aws-lc-rs); without a process default,
/// `sslmode=verify-*` connections panic.
pub fn install_crypto_provider() {
    // Err means one is installed already, which is what we want.
    let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
}

/// [`build_with`] on the system clock.
pub async fn build(settings: Settings) -> Result<Running, StartError> {
    build_with(settings, Arc::new(SystemClock)).await
}

/// Opens the database (migrating it), builds the application on `clock`,
/// starts the embedded workers when configured, warms the LLM up in the
/// background when it is on, resolves the signing secret and binds the
/// listener. Nothing is served until `server` is awaited.
pub async fn build_with(settings: Settings, clock: Arc<dyn Clock>) -> Result<Running, StartError> {
    install_crypto_provider();
    let db = gainsly_app::open_database(&settings).await?;
    let secret = secret::resolve(&settings)?;
    let metrics = Metrics::new();
    let jobs = match gainsly_worker::JobQueue::open(&db).await {
        Ok(q) => Some(q),
        Err(e) => {
            tracing::warn!(
                error = %gainsly_app::error::chain(&e),
                "job queue unavailable; pre-generation happens on demand only"
            );
            None
        }
    };
    let mut application = gainsly_app::App::new(db.clone(), &settings)?
        .with_clock(clock)
        .with_observer(Arc::new(metrics.clone()));
    if let Some(queue) = &jobs {
        application = application.with_jobs(Arc::new(queue.clone()));
    }
    let workers = if settings.embedded_worker_enabled() {
        let deps = gainsly_worker::WorkerDeps::with_app(application.clone());
        let shutdown = gainsly_worker::CancellationToken::new();
        let handle = gainsly_worker::spawn_with(
            db.clone(),
            deps,
            gainsly_worker::WorkerOptions::from_settings(&settings),
            shutdown.clone(),
        );
        tracing::info!("background workers running in-process");
        Some(EmbeddedWorkers { shutdown, handle })
    } else {
        None
    };
    if settings.llm_mode != LlmMode::Off {
        tokio::spawn(follow_llm_health(application.clone()));
        // In the background: serving does not wait for a model to load.
        let warming = application.clone();
        tokio::spawn(async move { warming.warm_up_llm().await });
    }
    let auth_limiter = limiter(
        &settings,
        &application,
        settings.auth_rate_limit_per_minute,
        "auth",
    );
    let adapt_limiter = limiter(
        &settings,
        &application,
        settings.adapt_rate_limit_per_minute,
        "adapt",
    );
    let state = AppState {
        jobs,
        app: application,
        jwt: JwtKeys::new(&secret, settings.access_token_minutes),
        auth_limiter: Arc::new(auth_limiter),
        adapt_limiter: Arc::new(adapt_limiter),
        metrics,
        settings: Arc::new(settings),
    };
    let addr = state.settings.bind;
    let listener = TcpListener::bind(addr).map_err(|source| StartError::Bind { addr, source })?;
    let addr = listener
        .local_addr()
        .map_err(|source| StartError::Bind { addr, source })?;
    let app_state = state.clone();
    let server = HttpServer::new(move || app(app_state.clone()))
        .listen(listener)
        .map_err(|source| StartError::Bind { addr, source })?
        .shutdown_timeout(30)
        // A client that closes its side has gone (no client of this API
        // half-closes): drop the connection at once, which cancels its
        // handler and ends a streamed adaptation's work. With half-closures
        // allowed, a silent SSE response (waiting on the LLM) noticed the
        // hang-up only at its next failed write, 15-30 s later.
        .h1_allow_half_closed(false)
        .run();
    tracing::info!(%addr, "gainsly-api listening");
    Ok(Running {
        addr,
        server,
        state,
        workers,
    })
}

/// How often the API re-reads the LLM state the workers record.
const LLM_FOLLOW_EVERY: Duration = Duration::from_secs(60);

/// Keeps the planner's "LLM is up" flag on what the workers last recorded.
async fn follow_llm_health(app: gainsly_app::App) {
    let mut every = tokio::time::interval(LLM_FOLLOW_EVERY);
    loop {
        every.tick().await;
        if let Err(e) = app.follow_recorded_llm_health().await {
            tracing::debug!(error = %gainsly_app::error::chain(&e), "reading the LLM state");
        }
    }
}

/// The application: documented routes, docs, error handlers and middleware.
pub fn app(
    state: AppState,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, api) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    let known_paths = KnownPaths::from_spec(&api);
    let document = openapi::complete(api);
    let limit = state.settings.body_limit_bytes;
    let mcp = web::Data::new(crate::mcp::McpEndpoint::new(&state));
    app.app_data(web::Data::new(state))
        .app_data(mcp)
        .app_data(web::Data::new(known_paths))
        .app_data(web::Data::new(BodyLimit(limit)))
        .app_data(web::PathConfig::default().error_handler(|err, req| {
            // A documented literal path (`/api/tokens/current`) that a
            // templated route of another method took (`DELETE
            // /api/tokens/{token_id}`): the method is what is wrong.
            let literal = req
                .app_data::<web::Data<KnownPaths>>()
                .and_then(|k| k.literal_allow(req.path()).map(str::to_owned));
            match literal {
                Some(allow) => ApiError::MethodNotAllowed { allow }.into(),
                None => ApiError::BadRequest(format!("invalid path: {err}")).into(),
            }
        }))
        .app_data(
            web::QueryConfig::default().error_handler(|err, _| {
                ApiError::BadRequest(format!("invalid query: {err}")).into()
            }),
        )
        .app_data(
            web::JsonConfig::default()
                .limit(limit)
                .error_handler(|err, _| {
                    ApiError::BadRequest(format!("invalid JSON: {err}")).into()
                }),
        )
        .configure(crate::mcp::configure)
        .service(web::redirect("/docs", "/docs/"))
        .service(SwaggerUi::new("/docs/{_:.*}").external_url_unchecked("/openapi.json", document))
        .default_service(web::to(unrouted))
        .wrap(from_fn(observe))
        .wrap(TracingLogger::<crate::telemetry::RequestSpan>::new())
}

/// The documented methods of every path template, so that an undeclared
/// method on a known path is a 405 with `Allow`, not a 404.
#[derive(Debug, Default)]
pub struct KnownPaths(Vec<(Vec<String>, String)>);

impl KnownPaths {
    /// The paths and methods of an OpenAPI document.
    pub fn from_spec(api: &utoipa::openapi::OpenApi) -> Self {
        let paths = api
            .paths
            .paths
            .iter()
            .map(|(template, item)| {
                let methods: Vec<&str> = [
                    ("GET", item.get.is_some()),
                    ("HEAD", item.head.is_some()),
                    ("POST", item.post.is_some()),
                    ("PUT", item.put.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("OPTIONS", item.options.is_some()),
                    ("TRACE", item.trace.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, declared)| declared.then_some(m))
                .collect();
                (
                    segments(template).map(str::to_owned).collect(),
                    methods.join(", "),
                )
            })
            .collect();
        KnownPaths(paths)
    }

    /// The `Allow` value of the documented path `path` matches, if any: a
    /// literal template (`/api/tokens/current`) before a templated one
    /// (`/api/tokens/{token_id}`).
    pub fn allow(&self, path: &str) -> Option<&str> {
        if let Some(allow) = self.literal_allow(path) {
            return Some(allow);
        }
        let wanted: Vec<&str> = segments(path).collect();
        self.0
            .iter()
            .find(|(template, _)| {
                template.len() == wanted.len()
                    && template.iter().zip(&wanted).all(|(t, w)| {
                        t == w || (t.starts_with('{') && t.ends_with('}') && !w.is_empty())
                    })
            })
            .map(|(_, allow)| allow.as_str())
    }

    /// The `Allow` value of the documented template that is exactly `path`
    /// (no parameters), if any.
    pub fn literal_allow(&self, path: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(template, _)| {
                template.iter().all(|t| !t.starts_with('{'))
                    && template.iter().map(String::as_str).eq(segments(path))
            })
            .map(|(_, allow)| allow.as_str())
    }
}

fn segments(path: &str) -> impl Iterator<Item = &str> {
    path.strip_prefix('/').unwrap_or(path).split('/')
}

/// What no route took: 405 with `Allow` on a documented path, else 404.
async fn unrouted(req: HttpRequest, known: Option<web::Data<KnownPaths>>) -> HttpResponse {
    let error = match known.as_ref().and_then(|k| k.allow(req.path())) {
        Some(allow) => ApiError::MethodNotAllowed {
            allow: allow.to_owned(),
        },
        None => ApiError::NotFound,
    };
    actix_web::ResponseError::error_response(&error)
}

/// Records request metrics and echoes the request id as `X-Request-Id`.
async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let start = Instant::now();
    let method = req.method().to_string();
    let metrics = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.metrics.clone());
    let request_id = req.extensions().get::<RequestId>().map(|id| id.to_string());
    let mut res = next.call(req).await?;
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_owned());
    if let Some(m) = metrics {
        m.observe_http(
            &method,
            &route,
            res.status().as_u16(),
            start.elapsed().as_secs_f64(),
        );
    }
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        res.headers_mut()
            .insert(HeaderName::from_static("x-request-id"), id);
    }
    Ok(res)
}

/// A rate limiter kept where the settings say (`rate_limit_store`).
fn limiter<K: Eq + std::hash::Hash + std::fmt::Display>(
    settings: &Settings,
    app: &gainsly_app::App,
    per_minute: u32,
    scope: &'static str,
) -> RateLimiter<K> {
    match settings.rate_limit_store() {
        RateLimitStore::Memory => RateLimiter::new(per_minute),
        RateLimitStore::Database => RateLimiter::shared(per_minute, app.clone(), scope),
    }
}
