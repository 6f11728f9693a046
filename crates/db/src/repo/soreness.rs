//! Soreness logs: one report per user, date and muscle (a new one replaces it).

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_domain::Muscle;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::Executor;
use crate::entities::soreness_logs as s;
use crate::error::{DbError, DbResult};
use crate::repo::profiles::{corrupt, parse_stored};

/// A stored soreness report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SorenessLog {
    pub id: i64,
    pub date: NaiveDate,
    pub muscle: Muscle,
    /// 0–10.
    pub level: u8,
    pub notes: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SorenessFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub muscle: Option<Muscle>,
    pub limit: u64,
}

fn level_of(v: i32) -> DbResult<u8> {
    u8::try_from(v).map_err(|_| corrupt("soreness level", &v.to_string()))
}

impl TryFrom<s::Model> for SorenessLog {
    type Error = DbError;
    fn try_from(m: s::Model) -> DbResult<Self> {
        Ok(SorenessLog {
            id: m.id,
            date: m.date,
            muscle: parse_stored("muscle", &m.muscle)?,
            level: level_of(m.level)?,
            notes: m.notes,
            created_at: m.created_at,
        })
    }
}

/// Every report dated `from` or later, as `(date, muscle, level)`, oldest first.
pub async fn since(
    db: &impl Executor,
    user_id: i64,
    from: NaiveDate,
) -> DbResult<Vec<(NaiveDate, Muscle, u8)>> {
    s::Entity::find()
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::Date.gte(from))
        .order_by_asc(s::Column::Date)
        .order_by_asc(s::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(|m| {
            Ok((
                m.date,
                parse_stored("muscle", &m.muscle)?,
                level_of(m.level)?,
            ))
        })
        .collect()
}

/// Records a report; a report for the same date and muscle is replaced
/// (same id, new level, notes and `created_at`). Race-free: one upsert.
pub async fn upsert(
    db: &impl Executor,
    user_id: i64,
    date: NaiveDate,
    muscle: Muscle,
    level: u8,
    notes: Option<String>,
) -> DbResult<SorenessLog> {
    let model = s::ActiveModel {
        user_id: Set(user_id),
        date: Set(date),
        muscle: Set(muscle.as_str().to_owned()),
        level: Set(i32::from(level)),
        notes: Set(notes),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    s::Entity::insert(model)
        .on_conflict(
            OnConflict::columns([s::Column::UserId, s::Column::Date, s::Column::Muscle])
                .update_columns([s::Column::Level, s::Column::Notes, s::Column::CreatedAt])
                .to_owned(),
        )
        .exec_without_returning(db.conn())
        .await?;
    s::Entity::find()
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::Date.eq(date))
        .filter(s::Column::Muscle.eq(muscle.as_str()))
        .one(db.conn())
        .await?
        .ok_or(DbError::NotFound)?
        .try_into()
}

/// Reports matching the filter, newest first (by date, then most recently written).
pub async fn list(
    db: &impl Executor,
    user_id: i64,
    filter: &SorenessFilter,
) -> DbResult<Vec<SorenessLog>> {
    let mut q = s::Entity::find().filter(s::Column::UserId.eq(user_id));
    if let Some(from) = filter.from {
        q = q.filter(s::Column::Date.gte(from));
    }
    if let Some(to) = filter.to {
        q = q.filter(s::Column::Date.lte(to));
    }
    if let Some(m) = filter.muscle {
        q = q.filter(s::Column::Muscle.eq(m.as_str()));
    }
    q.order_by_desc(s::Column::Date)
        .order_by_desc(s::Column::Id)
        .limit(filter.limit)
        .all(db.conn())
        .await?
        .into_iter()
        .map(SorenessLog::try_from)
        .collect()
}
