//! The rows of the background-job queue that belong to one user. The queue
//! is apalis' storage in this same database (`gainsly-worker` owns it):
//! table `Jobs` on SQLite, `apalis.jobs` on PostgreSQL, the payload in
//! column `job` as JSON bytes (BLOB / `bytea`). A job that concerns one
//! user carries a top-level `"user_id"` in its payload
//! (`{"kind":"user","user_id":7,"at":…}`); account deletion removes those
//! rows in its own transaction. An API run without the queue's tables (no
//! worker ever opened it) has nothing to remove.

use sea_orm::{ConnectionTrait, Statement};

use crate::error::DbResult;
use crate::{Backend, Executor};

/// Whether the queue's table exists (it does once a worker or the API opened the queue).
async fn table_exists(db: &impl Executor) -> DbResult<bool> {
    let sql = match db.backend() {
        Backend::Sqlite => {
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'Jobs'"
        }
        Backend::Postgres => {
            "SELECT count(*) AS n FROM information_schema.tables \
             WHERE table_schema = 'apalis' AND table_name = 'jobs'"
        }
    };
    let row = db
        .conn()
        .query_one_raw(Statement::from_string(
            db.conn().get_database_backend(),
            sql.to_owned(),
        ))
        .await?;
    let n: i64 = match row {
        Some(r) => r.try_get("", "n")?,
        None => 0,
    };
    Ok(n > 0)
}

/// Deletes every queued job (in any state) whose payload names `user_id`;
/// returns how many. Nothing to do (0) when the queue's table does not exist.
pub async fn delete_of_user(db: &impl Executor, user_id: i64) -> DbResult<u64> {
    if !table_exists(db).await? {
        return Ok(0);
    }
    // Payloads are ours and JSON; the guards keep a foreign payload from
    // failing the statement (and with it the deletion's transaction).
    let stmt = match db.backend() {
        Backend::Sqlite => Statement::from_sql_and_values(
            db.conn().get_database_backend(),
            "DELETE FROM Jobs WHERE CASE WHEN json_valid(CAST(job AS TEXT)) \
             THEN json_extract(CAST(job AS TEXT), '$.user_id') END = ?",
            [user_id.into()],
        ),
        Backend::Postgres => Statement::from_sql_and_values(
            db.conn().get_database_backend(),
            "DELETE FROM apalis.jobs WHERE CASE \
             WHEN position('\"user_id\"' in encode(job, 'escape')) > 0 \
             THEN (convert_from(job, 'UTF8')::jsonb ->> 'user_id') END = $1",
            [user_id.to_string().into()],
        ),
    };
    Ok(db.conn().execute_raw(stmt).await?.rows_affected())
}
