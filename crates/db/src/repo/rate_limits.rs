//! Fixed one-minute rate-limit windows kept in the database, so every API
//! instance on it counts against the same limit. One upsert per hit: the
//! row's window restarts when it is older than the window length.

use sea_orm::{ConnectionTrait, Statement, Value};

use crate::error::DbResult;
use crate::{Backend, Executor};

/// Records a hit on `key` at `now` (Unix seconds) in windows of
/// `window_secs`; returns the start of the key's current window and the hits
/// in it, this one included.
pub async fn hit(
    db: &impl Executor,
    key: &str,
    window_secs: i64,
    now: i64,
) -> DbResult<(i64, i64)> {
    // Both engines evaluate the SET expressions on the old row.
    let sql = "INSERT INTO rate_limits (\"key\", window_start, hits) VALUES ($1, $2, 1) \
         ON CONFLICT (\"key\") DO UPDATE SET \
         hits = CASE WHEN rate_limits.window_start <= $3 THEN 1 ELSE rate_limits.hits + 1 END, \
         window_start = CASE WHEN rate_limits.window_start <= $3 THEN $2 ELSE rate_limits.window_start END \
         RETURNING window_start, hits";
    let row = db
        .conn()
        .query_one_raw(statement(
            db,
            sql,
            vec![key.into(), now.into(), (now - window_secs).into()],
        ))
        .await?;
    let Some(row) = row else {
        return Err(
            sea_orm::DbErr::RecordNotFound("rate limit upsert returned no row".into()).into(),
        );
    };
    Ok((row.try_get("", "window_start")?, row.try_get("", "hits")?))
}

/// Deletes windows that started before `before` (Unix seconds); returns how many.
pub async fn purge(db: &impl Executor, before: i64) -> DbResult<u64> {
    let res = db
        .conn()
        .execute_raw(statement(
            db,
            "DELETE FROM rate_limits WHERE window_start < $1",
            vec![before.into()],
        ))
        .await?;
    Ok(res.rows_affected())
}

/// Deletes the window of `key` (an account's own windows go with the account).
pub async fn delete_key(db: &impl Executor, key: &str) -> DbResult<()> {
    db.conn()
        .execute_raw(statement(
            db,
            "DELETE FROM rate_limits WHERE \"key\" = $1",
            vec![key.into()],
        ))
        .await?;
    Ok(())
}

/// `$n` placeholders as each engine spells them.
fn statement(db: &impl Executor, sql: &str, values: Vec<Value>) -> Statement {
    let sql = match db.backend() {
        Backend::Postgres => sql.to_owned(),
        Backend::Sqlite => sql.replace('$', "?"),
    };
    Statement::from_sql_and_values(db.conn().get_database_backend(), sql, values)
}
