//! Logging set-up: `tracing` to stdout, pretty or JSON; level from `RUST_LOG`.

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
