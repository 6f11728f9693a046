//! Enjoyable activities: what the user likes doing on rest days.

use chrono::{DateTime, Utc};
use gainsly_domain::{ActivityKind, Intensity};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::Executor;
use crate::entities::enjoyable_activities as a;
use crate::error::{DbError, DbResult};
use crate::repo::profiles::{corrupt, parse_stored};

/// A new activity (validated by the caller: name 1–100 chars, sessions 0–14, minutes 5–600).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewActivity {
    pub name: String,
    pub kind: ActivityKind,
    pub sessions_per_week: Option<u32>,
    pub minutes: Option<u32>,
    pub intensity: Intensity,
}

/// A stored activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredActivity {
    pub id: i64,
    pub name: String,
    pub kind: ActivityKind,
    pub sessions_per_week: Option<u32>,
    pub minutes: Option<u32>,
    pub intensity: Intensity,
    pub created_at: DateTime<Utc>,
}

fn opt_u32(what: &str, v: Option<i32>) -> DbResult<Option<u32>> {
    v.map(|x| u32::try_from(x).map_err(|_| corrupt(what, &x.to_string())))
        .transpose()
}

impl TryFrom<a::Model> for StoredActivity {
    type Error = DbError;
    fn try_from(m: a::Model) -> DbResult<Self> {
        Ok(StoredActivity {
            id: m.id,
            kind: parse_stored("activity kind", &m.kind)?,
            intensity: parse_stored("intensity", &m.intensity)?,
            sessions_per_week: opt_u32("sessions_per_week", m.sessions_per_week)?,
            minutes: opt_u32("minutes", m.minutes)?,
            name: m.name,
            created_at: m.created_at,
        })
    }
}

/// The user's activities, oldest first.
pub async fn list(db: &impl Executor, user_id: i64) -> DbResult<Vec<StoredActivity>> {
    a::Entity::find()
        .filter(a::Column::UserId.eq(user_id))
        .order_by_asc(a::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(StoredActivity::try_from)
        .collect()
}

/// Stores an activity.
pub async fn create(
    db: &impl Executor,
    user_id: i64,
    new: NewActivity,
) -> DbResult<StoredActivity> {
    let to_i32 = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    let model = a::ActiveModel {
        user_id: Set(user_id),
        name: Set(new.name),
        kind: Set(new.kind.as_str().to_owned()),
        sessions_per_week: Set(new.sessions_per_week.map(to_i32)),
        minutes: Set(new.minutes.map(to_i32)),
        intensity: Set(new.intensity.as_str().to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    model.try_into()
}

/// Deletes the user's activity; `false` when it does not exist or is someone else's.
pub async fn delete(db: &impl Executor, user_id: i64, id: i64) -> DbResult<bool> {
    let res = a::Entity::delete_many()
        .filter(a::Column::Id.eq(id))
        .filter(a::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected > 0)
}
