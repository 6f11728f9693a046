//! A user's exercise-name aliases: a name from another app → a catalog exercise.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::Executor;
use crate::entities::exercise_aliases as ea;
use crate::error::DbResult;

/// The user's aliases, by name.
pub async fn list(db: &impl Executor, user_id: i64) -> DbResult<Vec<(String, i64)>> {
    Ok(ea::Entity::find()
        .filter(ea::Column::UserId.eq(user_id))
        .order_by_asc(ea::Column::Name)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| (m.name, m.exercise_id))
        .collect())
}

/// Adds or replaces the given aliases in one transaction.
pub async fn upsert(db: &impl Executor, user_id: i64, aliases: &[(String, i64)]) -> DbResult<()> {
    let txn = db.begin_write().await?;
    for (name, exercise_id) in aliases {
        ea::Entity::delete_many()
            .filter(ea::Column::UserId.eq(user_id))
            .filter(ea::Column::Name.eq(name.as_str()))
            .exec(txn.conn())
            .await?;
        ea::Entity::insert(ea::ActiveModel {
            user_id: Set(user_id),
            name: Set(name.clone()),
            exercise_id: Set(*exercise_id),
        })
        .exec_without_returning(txn.conn())
        .await?;
    }
    txn.commit().await?;
    Ok(())
}
