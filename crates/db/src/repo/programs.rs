//! Programs: settings and microcycle, one active per user.

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_domain::{
    Equipment, GoalWeights, Microcycle, MicrocycleDay, ProgramSettings, ProgramSettingsInput,
    ProgressionStyle, SplitTemplate,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, IdenStatic,
    Iterable, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use std::sync::OnceLock;

use crate::Executor;
use crate::entities::programs as p;
use crate::entities::user_profiles as up;
use crate::error::{DbError, DbResult};
use crate::repo::profiles::{Profile, time_zone};

/// A stored program with its validated settings and microcycle.
#[derive(Debug, Clone, PartialEq)]
pub struct Program {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub settings: ProgramSettings,
    pub microcycle: Microcycle,
    /// The program's own equipment; `None` means "the profile's".
    pub equipment: Option<Vec<Equipment>>,
    pub is_active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What is needed to store a program.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramDraft {
    pub name: String,
    pub settings: ProgramSettings,
    pub microcycle: Microcycle,
    pub equipment: Option<Vec<Equipment>>,
    pub is_active: bool,
}

fn corrupt(what: &str, e: impl Into<crate::error::BoxError>) -> DbError {
    DbError::corrupt(format!("program {what}"), e)
}

fn to_json<T: serde::Serialize>(v: &T) -> DbResult<String> {
    serde_json::to_string(v).map_err(|e| DbError::Other(DbErr::Json(e.to_string())))
}

pub(crate) fn from_model(m: p::Model) -> DbResult<Program> {
    let goals: GoalWeights = serde_json::from_str(&m.goals).map_err(|e| corrupt("goals", e))?;
    let equipment: Option<Vec<Equipment>> = match &m.equipment {
        Some(text) => Some(serde_json::from_str(text).map_err(|e| corrupt("equipment", e))?),
        None => None,
    };
    let days: Vec<MicrocycleDay> =
        serde_json::from_str(&m.microcycle_days).map_err(|e| corrupt("microcycle", e))?;
    let u = |v: i32| u32::try_from(v).unwrap_or_default();
    let settings = ProgramSettings::new(ProgramSettingsInput {
        goals,
        split: m
            .split_template
            .parse::<SplitTemplate>()
            .map_err(|e| corrupt("split", e))?,
        days_per_week: u(m.days_per_week),
        microcycle_length_days: u(m.microcycle_length_days),
        duration_weeks: u(m.duration_weeks),
        start_date: m.start_date,
        session_minutes: u(m.session_minutes),
        progression: m
            .progression_style
            .parse::<ProgressionStyle>()
            .map_err(|e| corrupt("progression", e))?,
        deload_every_n: u(m.deload_every_n_microcycles),
        equipment: equipment.clone().unwrap_or_default(),
    })
    .map_err(|e| corrupt("settings", e))?;
    let microcycle =
        Microcycle::new(u(m.microcycle_length_days), days).map_err(|e| corrupt("microcycle", e))?;
    Ok(Program {
        id: m.id,
        user_id: m.user_id,
        name: m.name,
        settings,
        microcycle,
        equipment,
        is_active: m.is_active,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn columns(draft: &ProgramDraft) -> DbResult<p::ActiveModel> {
    let s = &draft.settings;
    let i = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    Ok(p::ActiveModel {
        name: Set(draft.name.clone()),
        goals: Set(to_json(s.goals())?),
        split_template: Set(s.split().as_str().to_owned()),
        days_per_week: Set(i(s.days_per_week())),
        microcycle_length_days: Set(i(draft.microcycle.length_days())),
        duration_weeks: Set(i(s.duration_weeks())),
        start_date: Set(s.start_date()),
        end_date: Set(s.end_date()),
        session_minutes: Set(i(s.session_minutes())),
        progression_style: Set(s.progression().as_str().to_owned()),
        deload_every_n_microcycles: Set(i(s.deload_every_n())),
        equipment: Set(match &draft.equipment {
            Some(e) => Some(to_json(e)?),
            None => None,
        }),
        microcycle_days: Set(to_json(&draft.microcycle.days())?),
        is_active: Set(draft.is_active),
        ..Default::default()
    })
}

async fn deactivate_others<C: ConnectionTrait>(
    conn: &C,
    user_id: i64,
    keep: Option<i64>,
) -> DbResult<()> {
    let mut q = p::Entity::update_many()
        .col_expr(p::Column::IsActive, Expr::value(false))
        .filter(p::Column::UserId.eq(user_id))
        .filter(p::Column::IsActive.eq(true));
    if let Some(id) = keep {
        q = q.filter(p::Column::Id.ne(id));
    }
    q.exec(conn).await?;
    Ok(())
}

/// Stores a new program; making it active deactivates the user's others (one transaction).
pub async fn create(db: &impl Executor, user_id: i64, draft: &ProgramDraft) -> DbResult<Program> {
    let now = Utc::now();
    let mut am = columns(draft)?;
    am.user_id = Set(user_id);
    am.created_at = Set(now);
    am.updated_at = Set(now);
    let txn = db.begin_write().await?;
    if draft.is_active {
        deactivate_others(txn.conn(), user_id, None).await?;
    }
    let model = am.insert(txn.conn()).await?;
    txn.commit().await?;
    from_model(model)
}

/// Replaces a program's stored fields (same rules for `is_active`).
pub async fn save(
    db: &impl Executor,
    user_id: i64,
    id: i64,
    draft: &ProgramDraft,
) -> DbResult<Program> {
    let mut am = columns(draft)?;
    am.id = Set(id);
    am.user_id = Set(user_id);
    am.updated_at = Set(Utc::now());
    let txn = db.begin_write().await?;
    if draft.is_active {
        deactivate_others(txn.conn(), user_id, Some(id)).await?;
    }
    let model = am.update(txn.conn()).await?;
    txn.commit().await?;
    from_model(model)
}

/// The user's programs, newest first.
pub async fn list(db: &impl Executor, user_id: i64, active_only: bool) -> DbResult<Vec<Program>> {
    let mut q = p::Entity::find().filter(p::Column::UserId.eq(user_id));
    if active_only {
        q = q.filter(p::Column::IsActive.eq(true));
    }
    q.order_by_desc(p::Column::CreatedAt)
        .order_by_desc(p::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

/// One of the user's programs.
pub async fn get(db: &impl Executor, user_id: i64, id: i64) -> DbResult<Option<Program>> {
    p::Entity::find_by_id(id)
        .filter(p::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?
        .map(from_model)
        .transpose()
}

/// What a program's view needs of its owner's profile: the equipment a
/// program without its own uses, and the time zone that dates "today".
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramOwner {
    pub equipment: Vec<Equipment>,
    /// IANA time-zone name (e.g. `Europe/Paris`).
    pub timezone: String,
}

impl ProgramOwner {
    /// The date at `now` in the owner's time zone (as [`Profile::date_at`]).
    pub fn date_at(&self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&time_zone(&self.timezone)).date_naive()
    }
}

/// One of the user's programs and what its view needs of the user's
/// profile ([`ProgramOwner`]), in one query (a left join: a user without a
/// stored profile gets the default one's). The program row also proves the
/// account exists: a deleted user's programs are gone with it (cascade), so
/// a hit needs no separate account check.
///
/// The read behind `GET /api/programs/{id}`: like the day read
/// ([`crate::repo::sessions::find_for_day`]) its SQL text is written once
/// per backend ([`program_read_sql`]), and the row is read by position
/// (a named read formats every prefixed column name and searches for it).
pub async fn get_with_owner(
    db: &impl Executor,
    user_id: i64,
    id: i64,
) -> DbResult<Option<(Program, ProgramOwner)>> {
    let conn = db.conn();
    let backend = conn.get_database_backend();
    let stmt = Statement::from_sql_and_values(
        backend,
        program_read_sql(backend),
        [id.into(), user_id.into()],
    );
    let Some(row) = conn.query_one_raw(stmt).await? else {
        return Ok(None);
    };
    // In `program_read_sql`'s order: the program's columns in the model's
    // field order (the order `p::Column::iter` yields), then the owner's.
    let program = p::Model {
        id: row.try_get_by_index(0)?,
        user_id: row.try_get_by_index(1)?,
        name: row.try_get_by_index(2)?,
        goals: row.try_get_by_index(3)?,
        split_template: row.try_get_by_index(4)?,
        days_per_week: row.try_get_by_index(5)?,
        microcycle_length_days: row.try_get_by_index(6)?,
        duration_weeks: row.try_get_by_index(7)?,
        start_date: row.try_get_by_index(8)?,
        end_date: row.try_get_by_index(9)?,
        session_minutes: row.try_get_by_index(10)?,
        progression_style: row.try_get_by_index(11)?,
        deload_every_n_microcycles: row.try_get_by_index(12)?,
        equipment: row.try_get_by_index(13)?,
        microcycle_days: row.try_get_by_index(14)?,
        is_active: row.try_get_by_index(15)?,
        created_at: row.try_get_by_index(16)?,
        updated_at: row.try_get_by_index(17)?,
    };
    let owner_at = p::Column::iter().len();
    let equipment: Option<String> = row.try_get_by_index(owner_at)?;
    let timezone: Option<String> = row.try_get_by_index(owner_at + 1)?;
    let owner = match (equipment, timezone) {
        (Some(equipment), Some(timezone)) => ProgramOwner {
            equipment: serde_json::from_str(&equipment)
                .map_err(|e| DbError::corrupt("equipment", e))?,
            timezone,
        },
        _ => {
            let defaults = Profile::default();
            ProgramOwner {
                equipment: defaults.equipment,
                timezone: defaults.timezone,
            }
        }
    };
    Ok(Some((from_model(program)?, owner)))
}

/// The program read's SQL for a backend, written on first use: `$1` the
/// program, `$2` the user; every program column in the model's field order,
/// then the profile's equipment and time zone.
fn program_read_sql(backend: DbBackend) -> &'static str {
    static SQL: OnceLock<[String; 2]> = OnceLock::new();
    let all = SQL.get_or_init(|| {
        let write = |postgres: bool| {
            let (first, second) = if postgres { ("$1", "$2") } else { ("?", "?") };
            let program: Vec<String> = p::Column::iter()
                .map(|c| format!("p.{}", c.as_str()))
                .collect();
            format!(
                "SELECT {}, u.{}, u.{} FROM programs p LEFT JOIN user_profiles u \
                 ON u.user_id = p.user_id WHERE p.id = {first} AND p.user_id = {second}",
                program.join(", "),
                up::Column::Equipment.as_str(),
                up::Column::Timezone.as_str(),
            )
        };
        [write(true), write(false)]
    });
    &all[usize::from(!matches!(backend, DbBackend::Postgres))]
}

/// The user's active program (the newest, should there ever be two).
pub async fn active(db: &impl Executor, user_id: i64) -> DbResult<Option<Program>> {
    p::Entity::find()
        .filter(p::Column::UserId.eq(user_id))
        .filter(p::Column::IsActive.eq(true))
        .order_by_desc(p::Column::CreatedAt)
        .order_by_desc(p::Column::Id)
        .one(db.conn())
        .await?
        .map(from_model)
        .transpose()
}

/// Deletes a program (its sessions go by cascade; logs stay). Returns whether it existed.
pub async fn delete(db: &impl Executor, user_id: i64, id: i64) -> DbResult<bool> {
    let res = p::Entity::delete_many()
        .filter(p::Column::Id.eq(id))
        .filter(p::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected > 0)
}

/// Users that have an active program (the nightly pre-generation fan-out).
pub async fn active_user_ids(db: &impl Executor) -> DbResult<Vec<i64>> {
    let ids: Vec<i64> = p::Entity::find()
        .select_only()
        .column(p::Column::UserId)
        .filter(p::Column::IsActive.eq(true))
        .distinct()
        .order_by_asc(p::Column::UserId)
        .into_tuple()
        .all(db.conn())
        .await?;
    Ok(ids)
}
