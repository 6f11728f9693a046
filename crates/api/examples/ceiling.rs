//! The HTTP ceilings of this machine, read against the API's numbers:
//!
//! - `GET /`: a bare actix-web handler that answers a small JSON body, with
//!   nothing else (no middleware, no database, no auth): `ceiling` in
//!   `scripts/load.sh`.
//! - `GET /db/{id}`: the same plus one single-row query (a user by primary
//!   key) through the pool the API uses (`gainsly_db::Db`, sea-orm over
//!   sqlx, its default of 16 connections or `GAINSLY_DB_MAX_CONNECTIONS` as
//!   for the API), answered as JSON: `ceiling_db`. Served
//!   when `CEILING_DATABASE_URL` names a database (SQLite or PostgreSQL)
//!   that the API has migrated.
//!
//! `scripts/load.sh` runs both under the same load tool and settings as the
//! API, so every run shows what share of the hardware's limit a route
//! reaches.
//!
//! `cargo run --release -p gainsly-api --example ceiling -- [ADDR]`
//! (default `127.0.0.1:8089`). The worker count is actix-web's default, as in
//! `gainsly-api` (one per available CPU), unless `CEILING_WORKERS` is set.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::net::TcpListener;

use actix_web::{App, HttpResponse, HttpServer, web};
use gainsly_db::Db;
use gainsly_db::connection::DbOptions;

async fn index() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok", "version": "ceiling"}))
}

async fn one_row(db: web::Data<Db>, id: web::Path<i64>) -> HttpResponse {
    match gainsly_db::repo::users::find_by_id(db.get_ref(), id.into_inner()).await {
        Ok(Some(user)) => HttpResponse::Ok().json(serde_json::json!({
            "id": user.id,
            "email": user.email,
            "name": user.name,
        })),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(e) => HttpResponse::InternalServerError().body(e.to_string()),
    }
}

fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8089".to_owned());
    let workers: Option<usize> = std::env::var("CEILING_WORKERS")
        .ok()
        .and_then(|w| w.parse().ok());
    let database_url = std::env::var("CEILING_DATABASE_URL").ok();
    let mut options = DbOptions::default();
    if let Some(n) = std::env::var("GAINSLY_DB_MAX_CONNECTIONS")
        .ok()
        .and_then(|n| n.parse().ok())
    {
        options.max_connections = n;
    }
    // The same runtime set-up as `gainsly-api`'s `main`: a multi-thread Tokio
    // runtime that drives actix-web's own per-worker threads.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let db = match database_url {
            Some(url) => Some(
                Db::connect(&url, &options)
                    .await
                    .map_err(std::io::Error::other)?,
            ),
            None => None,
        };
        let listener = TcpListener::bind(&addr)?;
        println!("ceiling listening on {}", listener.local_addr()?);
        let mut server = HttpServer::new(move || {
            let app = App::new().route("/", web::get().to(index));
            match &db {
                Some(db) => app
                    .app_data(web::Data::new(db.clone()))
                    .route("/db/{id}", web::get().to(one_row)),
                None => app,
            }
        })
        .listen(listener)?
        .shutdown_timeout(1);
        if let Some(n) = workers {
            server = server.workers(n);
        }
        server.run().await
    })
}
