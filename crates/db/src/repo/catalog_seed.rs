//! Idempotent seeding of the `exercises` table from
//! [`gainsly_domain::catalog::catalog`]: every catalog exercise is upserted
//! by its stable id, so running it again changes nothing and a catalog
//! update reaches the table on the next start or model refresh.

use gainsly_domain::catalog;
use sea_orm::sea_query::{Alias, OnConflict, Query};
use sea_orm::{ConnectionTrait, DbErr};

use crate::Executor;
use crate::error::{DbError, DbResult};

const COLUMNS: [&str; 12] = [
    "id",
    "slug",
    "name",
    "movement_pattern",
    "mechanics",
    "primary_muscles",
    "secondary_muscles",
    "equipment",
    "unilateral",
    "fatigue",
    "skill",
    "tracking",
];

fn json<T: serde::Serialize>(v: &T) -> DbResult<String> {
    serde_json::to_string(v).map_err(|e| DbError::Other(DbErr::Json(e.to_string())))
}

fn wire<T: serde::Serialize>(v: &T) -> DbResult<String> {
    match serde_json::to_value(v).map_err(|e| DbError::Other(DbErr::Json(e.to_string())))? {
        serde_json::Value::String(s) => Ok(s),
        other => Ok(other.to_string()),
    }
}

/// Upserts every catalog exercise by id in one transaction; returns how many.
pub async fn seed(db: &impl Executor) -> DbResult<usize> {
    let exercises = catalog::catalog();
    let txn = db.begin_write().await?;
    for chunk in exercises.chunks(100) {
        let mut insert = Query::insert();
        insert
            .into_table(Alias::new("exercises"))
            .columns(COLUMNS.map(Alias::new));
        for e in chunk {
            insert
                .values([
                    e.id.0.into(),
                    e.slug.clone().into(),
                    e.name.clone().into(),
                    wire(&e.movement_pattern)?.into(),
                    wire(&e.mechanics)?.into(),
                    json(&e.primary_muscles)?.into(),
                    json(&e.secondary_muscles)?.into(),
                    json(&e.equipment)?.into(),
                    e.unilateral.into(),
                    i16::from(e.fatigue).into(),
                    i16::from(e.skill).into(),
                    wire(&e.tracking)?.into(),
                ])
                .map_err(|e| DbError::Other(DbErr::Custom(e.to_string())))?;
        }
        insert.on_conflict(
            OnConflict::column(Alias::new("id"))
                .update_columns(COLUMNS[1..].iter().map(|c| Alias::new(*c)))
                .to_owned(),
        );
        txn.conn().execute(&insert).await?;
    }
    txn.commit().await?;
    Ok(exercises.len())
}
