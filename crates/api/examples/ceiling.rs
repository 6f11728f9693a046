//! The HTTP ceiling of this machine: a bare actix-web `GET /` that answers a
//! small JSON body, with nothing else (no middleware, no database, no auth).
//!
//! `scripts/load.sh` runs it under the same load tool and settings as the API
//! and reports it as the first row of its table, so the API's numbers can be
//! read against what actix-web and the load tool alone reach on these cores.
//!
//! `cargo run --release -p gainsly-api --example ceiling -- [ADDR]`
//! (default `127.0.0.1:8089`). The worker count is actix-web's default, as in
//! `gainsly-api` (one per available CPU), unless `CEILING_WORKERS` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;

use actix_web::{App, HttpResponse, HttpServer, web};

async fn index() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok", "version": "ceiling"}))
}

fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8089".to_owned());
    let workers: Option<usize> = std::env::var("CEILING_WORKERS")
        .ok()
        .and_then(|w| w.parse().ok());
    // The same runtime set-up as `gainsly-api`'s `main`: a multi-thread Tokio
    // runtime that drives actix-web's own per-worker threads.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let listener = TcpListener::bind(&addr)?;
        println!("ceiling listening on {}", listener.local_addr()?);
        let mut server = HttpServer::new(|| App::new().route("/", web::get().to(index)))
            .listen(listener)?
            .shutdown_timeout(1);
        if let Some(n) = workers {
            server = server.workers(n);
        }
        server.run().await
    })
}
