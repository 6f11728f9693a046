//! Imports: one row per stored import with its report (JSON, opaque here).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::Executor;
use crate::entities::imports as im;
use crate::error::DbResult;

/// A stored import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredImport {
    pub id: i64,
    pub source: String,
    pub dialect: String,
    pub workouts: i64,
    pub sets: i64,
    /// The report as JSON text.
    pub report: String,
    pub created_at: DateTime<Utc>,
}

impl From<im::Model> for StoredImport {
    fn from(m: im::Model) -> Self {
        StoredImport {
            id: m.id,
            source: m.source,
            dialect: m.dialect,
            workouts: m.workouts,
            sets: m.sets,
            report: m.report,
            created_at: m.created_at,
        }
    }
}

/// Stores an import row (the report is written by [`set_report`] once the id is known).
pub async fn insert(
    db: &impl Executor,
    user_id: i64,
    source: &str,
    dialect: &str,
    now: DateTime<Utc>,
) -> DbResult<i64> {
    let m = im::ActiveModel {
        user_id: Set(user_id),
        source: Set(source.to_owned()),
        dialect: Set(dialect.to_owned()),
        workouts: Set(0),
        sets: Set(0),
        report: Set("{}".to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    Ok(m.id)
}

/// Writes the counts and the report of import `id`.
pub async fn set_report(
    db: &impl Executor,
    id: i64,
    workouts: i64,
    sets: i64,
    report: String,
) -> DbResult<()> {
    im::ActiveModel {
        id: Set(id),
        workouts: Set(workouts),
        sets: Set(sets),
        report: Set(report),
        ..Default::default()
    }
    .update(db.conn())
    .await?;
    Ok(())
}

/// The user's imports, newest first.
pub async fn list(db: &impl Executor, user_id: i64) -> DbResult<Vec<StoredImport>> {
    Ok(im::Entity::find()
        .filter(im::Column::UserId.eq(user_id))
        .order_by_desc(im::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(StoredImport::from)
        .collect())
}

/// The user's import, or `None` when it does not exist or is someone else's.
pub async fn get(db: &impl Executor, user_id: i64, id: i64) -> DbResult<Option<StoredImport>> {
    Ok(im::Entity::find_by_id(id)
        .filter(im::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?
        .map(StoredImport::from))
}

/// Deletes the import row; `false` when it does not exist or is someone else's.
pub async fn delete(db: &impl Executor, user_id: i64, id: i64) -> DbResult<bool> {
    let res = im::Entity::delete_many()
        .filter(im::Column::Id.eq(id))
        .filter(im::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected > 0)
}
