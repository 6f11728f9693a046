//! Prometheus metrics: request counts and latency by route and status, plus
//! the planner's, LLM's and solver's own series, and the job queue's depth
//! by state (read from the shared queue at each scrape, so it covers every
//! worker process). Served at `/metrics`.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

/// Labels of the HTTP series. `route` is the matched pattern (`/api/programs/{program_id}`),
/// never the raw path, so cardinality stays bounded.
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

/// Labels of per-outcome series (`ok`, `fallback`, `error`, …).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutcomeLabels {
    pub outcome: String,
}

/// Labels of the job-queue series: the queue (`gainsly.pregenerate`, …)
/// and the state (`pending`, `queued`, `running`, `done`, `failed`,
/// `killed`).
#[derive(Debug, Clone, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub queue: String,
    pub state: String,
}

/// Holds a gauge one higher until dropped (also when the task holding it is
/// cancelled).
#[derive(Debug)]
pub struct GaugeGuard(Gauge);

impl GaugeGuard {
    /// Increments `gauge` until the guard is dropped.
    pub fn new(gauge: &Gauge) -> Self {
        gauge.inc();
        GaugeGuard(gauge.clone())
    }
}

impl Drop for GaugeGuard {
    fn drop(&mut self) {
        self.0.dec();
    }
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    // 1 ms … ~33 s
    Histogram::new(exponential_buckets(0.001, 2.0, 16))
}

/// Every series the API exposes.
#[derive(Debug, Clone)]
pub struct Metrics {
    registry: Arc<Registry>,
    pub http_requests: Family<HttpLabels, Counter>,
    pub http_latency: HistogramFamily<HttpLabels>,
    pub plan_generation: HistogramFamily<OutcomeLabels>,
    pub llm_calls: Family<OutcomeLabels, Counter>,
    pub solver_seconds: Histogram,
    /// Jobs in the shared queue by queue and state, set by [`Metrics::set_jobs`].
    pub jobs: Family<JobLabels, Gauge>,
    /// Session generations running now (plan, adapt, streamed adapt,
    /// pre-generation); a cancelled one leaves at once.
    pub generations_in_flight: Gauge,
    /// `/adapt/stream` responses whose forwarding task is still running.
    pub sse_streams_open: Gauge,
    /// When the job series were last read from the queue.
    jobs_read_at: Arc<Mutex<Option<Instant>>>,
}

/// The job series are read from the queue at most this often, however often
/// `/metrics` is scraped (it needs no credentials).
pub const JOBS_REFRESH: Duration = Duration::from_secs(5);

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// Registers every series.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("gainsly");
        let http_requests = Family::<HttpLabels, Counter>::default();
        let http_latency: HistogramFamily<HttpLabels> =
            Family::new_with_constructor(latency_histogram);
        let plan_generation: HistogramFamily<OutcomeLabels> =
            Family::new_with_constructor(latency_histogram);
        let llm_calls = Family::<OutcomeLabels, Counter>::default();
        let solver_seconds = latency_histogram();
        let jobs = Family::<JobLabels, Gauge>::default();
        let generations_in_flight = Gauge::default();
        let sse_streams_open = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests by method, route and status",
            http_requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by method, route and status",
            http_latency.clone(),
        );
        registry.register(
            "plan_generation_seconds",
            "Session generation latency by outcome",
            plan_generation.clone(),
        );
        registry.register(
            "llm_calls",
            "LLM proposal calls by outcome (ok, failed)",
            llm_calls.clone(),
        );
        registry.register("solver_seconds", "MILP solve time", solver_seconds.clone());
        registry.register(
            "jobs",
            "Background jobs in the shared queue by queue and state (read at scrape time)",
            jobs.clone(),
        );
        registry.register(
            "generations_in_flight",
            "Session generations in progress (cancelled ones leave at once)",
            generations_in_flight.clone(),
        );
        registry.register(
            "sse_streams_open",
            "Streamed adaptations whose server-side task is still running",
            sse_streams_open.clone(),
        );
        Metrics {
            registry: Arc::new(registry),
            http_requests,
            http_latency,
            plan_generation,
            llm_calls,
            solver_seconds,
            jobs,
            generations_in_flight,
            sse_streams_open,
            jobs_read_at: Arc::new(Mutex::new(None)),
        }
    }

    /// Records one finished HTTP request.
    pub fn observe_http(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let labels = HttpLabels {
            method: method.to_owned(),
            route: route.to_owned(),
            status,
        };
        self.http_requests.get_or_create(&labels).inc();
        self.http_latency.get_or_create(&labels).observe(seconds);
    }

    /// Whether the job series are due for a read from the queue (at most
    /// once per [`JOBS_REFRESH`]); a `true` claims that read.
    pub fn claim_jobs_read(&self) -> bool {
        let Ok(mut last) = self.jobs_read_at.lock() else {
            return false;
        };
        let due = last.is_none_or(|t| t.elapsed() >= JOBS_REFRESH);
        if due {
            *last = Some(Instant::now());
        }
        due
    }

    /// Sets the job-queue series of `queue` from its current counts.
    pub fn set_jobs(&self, queue: &str, stats: &gainsly_worker::QueueStats) {
        let states = [
            ("pending", stats.pending),
            ("queued", stats.queued),
            ("running", stats.running),
            ("done", stats.done),
            ("failed", stats.failed),
            ("killed", stats.killed),
        ];
        for (state, n) in states {
            let labels = JobLabels {
                queue: queue.to_owned(),
                state: state.to_owned(),
            };
            self.jobs
                .get_or_create(&labels)
                .set(i64::try_from(n).unwrap_or(i64::MAX));
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)?;
        Ok(out)
    }
}

impl gainsly_app::PlannerObserver for Metrics {
    fn generated(&self, outcome: &'static str, seconds: f64) {
        self.plan_generation
            .get_or_create(&OutcomeLabels {
                outcome: outcome.to_owned(),
            })
            .observe(seconds);
    }

    fn llm_call(&self, ok: bool) {
        self.llm_calls
            .get_or_create(&OutcomeLabels {
                outcome: if ok { "ok" } else { "failed" }.to_owned(),
            })
            .inc();
    }

    fn solved(&self, seconds: f64) {
        self.solver_seconds.observe(seconds);
    }

    fn generation_started(&self) {
        self.generations_in_flight.inc();
    }

    fn generation_ended(&self) {
        self.generations_in_flight.dec();
    }
}
