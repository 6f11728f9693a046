//! A user's own custom exercises: the names an import could not match to
//! the catalog, one row per distinct name per user.
//!
//! Their exercise id (in `workout_sets.exercise_id` and on the wire) is
//! [`CUSTOM_ID_BASE`] + the row's id: catalog ids are far below it, so the
//! two id spaces never meet and a set's exercise id alone says which it is.

use chrono::{DateTime, Utc};
use gainsly_domain::{ExerciseId, Tracking};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::Executor;
use crate::entities::{custom_exercises as ce, workout_logs as l, workout_sets as s};
use crate::error::DbResult;
use crate::repo::profiles::parse_stored;

/// The exercise id of custom exercise row 1 is `CUSTOM_ID_BASE + 1`.
pub const CUSTOM_ID_BASE: i64 = 1_000_000;

/// Whether `id` names a custom exercise (rather than a catalog one).
pub fn is_custom(id: ExerciseId) -> bool {
    id.0 > CUSTOM_ID_BASE
}

/// A stored custom exercise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomExercise {
    /// `CUSTOM_ID_BASE` + the row id.
    pub id: ExerciseId,
    pub name: String,
    pub tracking: Tracking,
    /// The import that created it, or an import still using it once that
    /// one is undone.
    pub import_id: Option<i64>,
    pub created_at: DateTime<Utc>,
}

fn of(m: ce::Model) -> DbResult<CustomExercise> {
    Ok(CustomExercise {
        id: ExerciseId(CUSTOM_ID_BASE + m.id),
        tracking: parse_stored("custom exercise tracking", &m.tracking)?,
        name: m.name,
        import_id: m.import_id,
        created_at: m.created_at,
    })
}

/// The user's custom exercises, oldest first.
pub async fn list(db: &impl Executor, user_id: i64) -> DbResult<Vec<CustomExercise>> {
    ce::Entity::find()
        .filter(ce::Column::UserId.eq(user_id))
        .order_by_asc(ce::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(of)
        .collect()
}

/// The user's custom exercise `id`; `None` when it is not a custom id, does
/// not exist or is someone else's.
pub async fn get(
    db: &impl Executor,
    user_id: i64,
    id: ExerciseId,
) -> DbResult<Option<CustomExercise>> {
    if !is_custom(id) {
        return Ok(None);
    }
    ce::Entity::find_by_id(id.0 - CUSTOM_ID_BASE)
        .filter(ce::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?
        .map(of)
        .transpose()
}

/// The user's custom exercise named exactly `name`, if any.
pub async fn find_by_name(
    db: &impl Executor,
    user_id: i64,
    name: &str,
) -> DbResult<Option<CustomExercise>> {
    ce::Entity::find()
        .filter(ce::Column::UserId.eq(user_id))
        .filter(ce::Column::Name.eq(name))
        .one(db.conn())
        .await?
        .map(of)
        .transpose()
}

/// Stores a custom exercise created by `import_id`.
pub async fn insert(
    db: &impl Executor,
    user_id: i64,
    name: &str,
    tracking: Tracking,
    import_id: Option<i64>,
    now: DateTime<Utc>,
) -> DbResult<CustomExercise> {
    let m = ce::ActiveModel {
        user_id: Set(user_id),
        name: Set(name.to_owned()),
        tracking: Set(tracking.as_str().to_owned()),
        import_id: Set(import_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    of(m)
}

/// Deletes the custom exercises import `import_id` created that no set of
/// the user uses any more. One still in use passes to an import whose log
/// uses it (so undoing that one removes it in turn), or to none (`import_id`
/// NULL). Returns how many were deleted. Run after the import's logs are
/// gone, in the same transaction.
pub async fn delete_unused_of_import(
    db: &impl Executor,
    user_id: i64,
    import_id: i64,
) -> DbResult<u64> {
    let created = ce::Entity::find()
        .filter(ce::Column::UserId.eq(user_id))
        .filter(ce::Column::ImportId.eq(import_id))
        .all(db.conn())
        .await?;
    let mut deleted = 0;
    for m in created {
        let user_log = s::Entity::find()
            .filter(s::Column::UserId.eq(user_id))
            .filter(s::Column::ExerciseId.eq(CUSTOM_ID_BASE + m.id))
            .one(db.conn())
            .await?
            .map(|set| set.log_id);
        if let Some(log_id) = user_log {
            let heir = l::Entity::find_by_id(log_id)
                .one(db.conn())
                .await?
                .and_then(|log| log.import_id);
            ce::Entity::update_many()
                .col_expr(ce::Column::ImportId, Expr::value(heir))
                .filter(ce::Column::Id.eq(m.id))
                .exec(db.conn())
                .await?;
        } else {
            ce::Entity::delete_by_id(m.id).exec(db.conn()).await?;
            deleted += 1;
        }
    }
    Ok(deleted)
}
