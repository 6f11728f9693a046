//! `service_status`: small key/value facts the background workers record for
//! every API instance: the LLM state (and model) that `/health/ready`
//! reports (`gainsly_app::health`).

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};

use crate::Executor;
use crate::error::{DbError, DbResult};

/// Key of the LLM state: `ok`, `unreachable`, `model_missing` or `disabled`.
pub const LLM_STATUS: &str = "llm.status";
/// Key of the LLM model name the status was checked for.
pub const LLM_MODEL: &str = "llm.model";

/// A stored value with the time it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusValue {
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

/// Stores `value` under `key` (insert or replace).
pub async fn set(db: &impl Executor, key: &str, value: &str) -> DbResult<()> {
    let now = Utc::now();
    let stmt = Query::insert()
        .into_table(Alias::new("service_status"))
        .columns(["key", "value", "updated_at"].map(Alias::new))
        .values([key.into(), value.into(), now.into()])
        .map_err(|e| DbError::Other(sea_orm::DbErr::Custom(e.to_string())))?
        .on_conflict(
            OnConflict::column(Alias::new("key"))
                .update_columns(["value", "updated_at"].map(Alias::new))
                .to_owned(),
        )
        .to_owned();
    db.conn().execute(&stmt).await?;
    Ok(())
}

/// The value stored under `key`, if any.
pub async fn get(db: &impl Executor, key: &str) -> DbResult<Option<StatusValue>> {
    let q = Query::select()
        .columns(["value", "updated_at"].map(Alias::new))
        .from(Alias::new("service_status"))
        .and_where(Expr::col(Alias::new("key")).eq(key))
        .to_owned();
    match db.conn().query_one(&q).await? {
        Some(row) => Ok(Some(StatusValue {
            value: row.try_get("", "value")?,
            updated_at: row.try_get("", "updated_at")?,
        })),
        None => Ok(None),
    }
}
