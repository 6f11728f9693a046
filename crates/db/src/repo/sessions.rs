//! Planned sessions: one per program and date.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::entities::sessions as s;
use crate::error::DbResult;
use crate::Db;

/// Session status values as stored.
pub mod status {
    pub const PLANNED: &str = "planned";
    pub const ADAPTED: &str = "adapted";
    pub const COMPLETED: &str = "completed";
}

/// Whether `session_id` exists and belongs to `user_id`.
pub async fn belongs_to(db: &Db, user_id: i64, session_id: i64) -> DbResult<bool> {
    Ok(s::Entity::find_by_id(session_id)
        .filter(s::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?
        .is_some())
}

/// Marks the user's session completed (a custom log named it). Returns whether it existed.
pub async fn mark_completed(db: &Db, user_id: i64, session_id: i64) -> DbResult<bool> {
    let res = s::Entity::update_many()
        .col_expr(s::Column::Status, Expr::value(status::COMPLETED))
        .col_expr(s::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(s::Column::Id.eq(session_id))
        .filter(s::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected > 0)
}
