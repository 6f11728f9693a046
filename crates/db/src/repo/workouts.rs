//! Workout logs (custom workouts and top sets) with their sets, and the
//! history queries the planner and the e1RM series use.
//!
//! Every set is stored with its log's user and date, so history queries read
//! one table. Weight×reps sets carry their e1RM (with the log's formula,
//! computed by the caller) and whether it is reliable; only reliable
//! estimates ever count as a best.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_domain::{E1rmFormula, ExerciseId, SessionStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use crate::Executor;
use crate::entities::{sessions, workout_logs as l, workout_sets as s};
use crate::error::{DbError, DbResult};
use crate::repo::profiles::{corrupt, parse_stored};

/// Set rows per INSERT statement (13 parameters each).
const INSERT_BATCH_ROWS: usize = 500;

/// What kind of log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogKind {
    /// A whole workout with any number of exercises and sets.
    Custom,
    /// One heavy set of one exercise, for e1RM tracking.
    TopSet,
}

impl LogKind {
    /// The stored and wire name.
    pub const fn as_str(self) -> &'static str {
        match self {
            LogKind::Custom => "custom",
            LogKind::TopSet => "top_set",
        }
    }
}

impl std::str::FromStr for LogKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "custom" => Ok(LogKind::Custom),
            "top_set" => Ok(LogKind::TopSet),
            _ => Err(()),
        }
    }
}

/// The kind of a set that is not a normal working set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SetTag {
    /// Counts toward neither volume, fatigue nor e1RM.
    Warmup,
    Dropset,
    Failure,
}

impl SetTag {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            SetTag::Warmup => "warmup",
            SetTag::Dropset => "dropset",
            SetTag::Failure => "failure",
        }
    }

    fn parse(s: &str) -> Option<SetTag> {
        match s {
            "warmup" => Some(SetTag::Warmup),
            "dropset" => Some(SetTag::Dropset),
            "failure" => Some(SetTag::Failure),
            _ => None,
        }
    }
}

/// The stored name of warm-up sets (queries leave them out of history).
pub const WARMUP: &str = "warmup";

/// One set (validated by the caller).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct WorkoutSet {
    pub reps: Option<u32>,
    pub weight_kg: Option<f64>,
    pub rpe: Option<f64>,
    pub duration_seconds: Option<u32>,
    pub distance_m: Option<f64>,
    /// e1RM of a weight×reps set with the log's formula.
    pub e1rm_kg: Option<f64>,
    /// Whether `e1rm_kg` came from at most 12 effective reps.
    pub e1rm_reliable: bool,
    /// `None`: a normal working set.
    pub tag: Option<SetTag>,
}

/// One exercise of a log with its sets, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseSets {
    pub exercise_id: ExerciseId,
    pub sets: Vec<WorkoutSet>,
}

/// A log to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewWorkoutLog {
    pub kind: LogKind,
    pub date: NaiveDate,
    pub name: String,
    pub duration_minutes: Option<u32>,
    /// Must be one of the user's sessions; a custom log marks it completed.
    pub session_id: Option<i64>,
    pub session_rpe: Option<f64>,
    pub notes: Option<String>,
    /// The formula the estimates were computed with.
    pub e1rm_formula: E1rmFormula,
    /// Top sets: the set's e1RM.
    pub e1rm_kg: Option<f64>,
    /// Top sets: whether it beat `previous_best_e1rm_kg` (reliable estimates only).
    pub is_pr: Option<bool>,
    /// Top sets: the best reliable e1RM before this set.
    pub previous_best_e1rm_kg: Option<f64>,
    pub exercises: Vec<ExerciseSets>,
    /// When the workout started, where known (imports).
    pub started_at: Option<DateTime<Utc>>,
    /// The import writing this log.
    pub import_id: Option<i64>,
}

/// A stored log with its sets.
#[derive(Debug, Clone, PartialEq)]
pub struct WorkoutLog {
    pub id: i64,
    pub kind: LogKind,
    pub date: NaiveDate,
    pub name: String,
    pub duration_minutes: Option<u32>,
    pub session_id: Option<i64>,
    pub session_rpe: Option<f64>,
    pub notes: Option<String>,
    pub e1rm_formula: E1rmFormula,
    pub e1rm_kg: Option<f64>,
    pub is_pr: Option<bool>,
    pub previous_best_e1rm_kg: Option<f64>,
    pub exercises: Vec<ExerciseSets>,
    pub created_at: DateTime<Utc>,
    /// When the workout started, where known (imports).
    pub started_at: Option<DateTime<Utc>>,
}

/// One logged set with its date and exercise (history for fatigue, volume and progression).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LoggedSet {
    pub log_id: i64,
    pub date: NaiveDate,
    pub exercise_id: ExerciseId,
    pub reps: Option<u32>,
    pub weight_kg: Option<f64>,
    pub rpe: Option<f64>,
    pub duration_seconds: Option<u32>,
    pub distance_m: Option<f64>,
    pub e1rm_kg: Option<f64>,
    pub e1rm_reliable: bool,
}

/// One point of an exercise's e1RM history: the best set of one log.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct E1rmPoint {
    pub log_id: i64,
    pub date: NaiveDate,
    pub e1rm_kg: f64,
    pub reliable: bool,
    pub weight_kg: f64,
    pub reps: u32,
    pub rpe: Option<f64>,
}

/// Filters for [`list`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogFilter {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub limit: u64,
    pub offset: u64,
}

fn opt_u32(what: &str, v: Option<i32>) -> DbResult<Option<u32>> {
    v.map(|x| u32::try_from(x).map_err(|_| corrupt(what, &x.to_string())))
        .transpose()
}

fn to_i32(v: u32) -> i32 {
    i32::try_from(v).unwrap_or(i32::MAX)
}

fn set_of(m: &s::Model) -> DbResult<WorkoutSet> {
    Ok(WorkoutSet {
        reps: opt_u32("reps", m.reps)?,
        weight_kg: m.weight_kg,
        rpe: m.rpe,
        duration_seconds: opt_u32("duration_seconds", m.duration_seconds)?,
        distance_m: m.distance_m,
        e1rm_kg: m.e1rm_kg,
        e1rm_reliable: m.e1rm_reliable.unwrap_or(false),
        tag: match m.kind.as_deref() {
            None => None,
            Some(k) => Some(SetTag::parse(k).ok_or_else(|| corrupt("set kind", k))?),
        },
    })
}

/// Groups a log's set rows (ordered by exercise position, then set position).
fn group_sets(rows: &[s::Model]) -> DbResult<Vec<ExerciseSets>> {
    let mut out: Vec<ExerciseSets> = Vec::new();
    let mut current: Option<i32> = None;
    for row in rows {
        let set = set_of(row)?;
        match out.last_mut() {
            Some(last) if current == Some(row.exercise_position) => last.sets.push(set),
            _ => {
                current = Some(row.exercise_position);
                out.push(ExerciseSets {
                    exercise_id: ExerciseId(row.exercise_id),
                    sets: vec![set],
                });
            }
        }
    }
    Ok(out)
}

fn log_of(m: l::Model, sets: &[s::Model]) -> DbResult<WorkoutLog> {
    Ok(WorkoutLog {
        id: m.id,
        kind: m.kind.parse().map_err(|()| corrupt("log kind", &m.kind))?,
        date: m.date,
        name: m.name,
        duration_minutes: opt_u32("duration_minutes", m.duration_minutes)?,
        session_id: m.session_id,
        session_rpe: m.session_rpe,
        notes: m.notes,
        e1rm_formula: parse_stored("e1rm_formula", &m.e1rm_formula)?,
        e1rm_kg: m.e1rm_kg,
        is_pr: m.is_pr,
        previous_best_e1rm_kg: m.previous_best_e1rm_kg,
        exercises: group_sets(sets)?,
        created_at: m.created_at,
        started_at: m.started_at,
    })
}

/// Stores a log with its sets in one transaction. With a `session_id`, the
/// session must be the user's ([`DbError::NotFound`] otherwise, nothing
/// stored); a custom log marks it completed in the same transaction.
pub async fn create(db: &impl Executor, user_id: i64, new: NewWorkoutLog) -> DbResult<WorkoutLog> {
    let txn = db.begin_write().await?;
    if let Some(session_id) = new.session_id {
        let owned = match new.kind {
            LogKind::Custom => {
                sessions::Entity::update_many()
                    .col_expr(
                        sessions::Column::Status,
                        Expr::value(SessionStatus::Completed.as_str()),
                    )
                    .col_expr(sessions::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(sessions::Column::Id.eq(session_id))
                    .filter(sessions::Column::UserId.eq(user_id))
                    .exec(txn.conn())
                    .await?
                    .rows_affected
                    > 0
            }
            LogKind::TopSet => sessions::Entity::find_by_id(session_id)
                .filter(sessions::Column::UserId.eq(user_id))
                .one(txn.conn())
                .await?
                .is_some(),
        };
        if !owned {
            txn.rollback().await?;
            return Err(DbError::NotFound);
        }
    }
    let log = l::ActiveModel {
        user_id: Set(user_id),
        kind: Set(new.kind.as_str().to_owned()),
        date: Set(new.date),
        name: Set(new.name.clone()),
        duration_minutes: Set(new.duration_minutes.map(to_i32)),
        session_id: Set(new.session_id),
        session_rpe: Set(new.session_rpe),
        notes: Set(new.notes.clone()),
        e1rm_formula: Set(new.e1rm_formula.as_str().to_owned()),
        e1rm_kg: Set(new.e1rm_kg),
        is_pr: Set(new.is_pr),
        previous_best_e1rm_kg: Set(new.previous_best_e1rm_kg),
        created_at: Set(Utc::now()),
        import_id: Set(new.import_id),
        started_at: Set(new.started_at),
        ..Default::default()
    }
    .insert(txn.conn())
    .await?;
    let mut rows = Vec::new();
    for (ei, ex) in new.exercises.iter().enumerate() {
        for (si, set) in ex.sets.iter().enumerate() {
            rows.push(s::ActiveModel {
                log_id: Set(log.id),
                user_id: Set(user_id),
                date: Set(new.date),
                exercise_id: Set(ex.exercise_id.0),
                exercise_position: Set(i32::try_from(ei).unwrap_or(i32::MAX)),
                position: Set(i32::try_from(si).unwrap_or(i32::MAX)),
                reps: Set(set.reps.map(to_i32)),
                weight_kg: Set(set.weight_kg),
                rpe: Set(set.rpe),
                duration_seconds: Set(set.duration_seconds.map(to_i32)),
                distance_m: Set(set.distance_m),
                e1rm_kg: Set(set.e1rm_kg),
                e1rm_reliable: Set(set.e1rm_kg.map(|_| set.e1rm_reliable)),
                kind: Set(set.tag.map(|t| t.as_str().to_owned())),
                ..Default::default()
            });
        }
    }
    // Batches keep every statement far below SQLite's 32 766 bound parameters.
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let batch: Vec<s::ActiveModel> = rows.by_ref().take(INSERT_BATCH_ROWS).collect();
        s::Entity::insert_many(batch)
            .exec_without_returning(txn.conn())
            .await?;
    }
    txn.commit().await?;
    Ok(WorkoutLog {
        id: log.id,
        kind: new.kind,
        date: new.date,
        name: new.name,
        duration_minutes: new.duration_minutes,
        session_id: new.session_id,
        session_rpe: new.session_rpe,
        notes: new.notes,
        e1rm_formula: new.e1rm_formula,
        e1rm_kg: new.e1rm_kg,
        is_pr: new.is_pr,
        previous_best_e1rm_kg: new.previous_best_e1rm_kg,
        exercises: new.exercises,
        created_at: log.created_at,
        started_at: new.started_at,
    })
}

async fn with_sets(db: &impl Executor, logs: Vec<l::Model>) -> DbResult<Vec<WorkoutLog>> {
    if logs.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<i64> = logs.iter().map(|m| m.id).collect();
    let rows = s::Entity::find()
        .filter(s::Column::LogId.is_in(ids))
        .order_by_asc(s::Column::LogId)
        .order_by_asc(s::Column::ExercisePosition)
        .order_by_asc(s::Column::Position)
        .all(db.conn())
        .await?;
    let mut by_log: BTreeMap<i64, Vec<s::Model>> = BTreeMap::new();
    for row in rows {
        by_log.entry(row.log_id).or_default().push(row);
    }
    logs.into_iter()
        .map(|m| {
            let sets = by_log.remove(&m.id).unwrap_or_default();
            log_of(m, &sets)
        })
        .collect()
}

/// The user's logs matching the filter, newest first (by date, then id).
pub async fn list(
    db: &impl Executor,
    user_id: i64,
    filter: &LogFilter,
) -> DbResult<Vec<WorkoutLog>> {
    let mut q = l::Entity::find().filter(l::Column::UserId.eq(user_id));
    if let Some(from) = filter.from {
        q = q.filter(l::Column::Date.gte(from));
    }
    if let Some(to) = filter.to {
        q = q.filter(l::Column::Date.lte(to));
    }
    let logs = q
        .order_by_desc(l::Column::Date)
        .order_by_desc(l::Column::Id)
        .limit(filter.limit)
        .offset(filter.offset)
        .all(db.conn())
        .await?;
    with_sets(db, logs).await
}

/// The user's log, or `None` when it does not exist or is someone else's.
pub async fn get(db: &impl Executor, user_id: i64, id: i64) -> DbResult<Option<WorkoutLog>> {
    let Some(log) = l::Entity::find_by_id(id)
        .filter(l::Column::UserId.eq(user_id))
        .one(db.conn())
        .await?
    else {
        return Ok(None);
    };
    Ok(with_sets(db, vec![log]).await?.pop())
}

/// Deletes the user's log and its sets; `false` when it does not exist or is someone else's.
pub async fn delete(db: &impl Executor, user_id: i64, id: i64) -> DbResult<bool> {
    let txn = db.begin_write().await?;
    let owned = l::Entity::find_by_id(id)
        .filter(l::Column::UserId.eq(user_id))
        .one(txn.conn())
        .await?
        .is_some();
    if owned {
        s::Entity::delete_many()
            .filter(s::Column::LogId.eq(id))
            .exec(txn.conn())
            .await?;
        l::Entity::delete_by_id(id).exec(txn.conn()).await?;
    }
    txn.commit().await?;
    Ok(owned)
}

/// Every working set the user logged on `from` or later, oldest first, one
/// row per set. Warm-up sets are left out: they count toward neither
/// volume nor fatigue.
pub async fn sets_since(
    db: &impl Executor,
    user_id: i64,
    from: NaiveDate,
) -> DbResult<Vec<LoggedSet>> {
    s::Entity::find()
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::Date.gte(from))
        .filter(
            sea_orm::Condition::any()
                .add(s::Column::Kind.is_null())
                .add(s::Column::Kind.ne(WARMUP)),
        )
        .order_by_asc(s::Column::Date)
        .order_by_asc(s::Column::LogId)
        .order_by_asc(s::Column::ExercisePosition)
        .order_by_asc(s::Column::Position)
        .all(db.conn())
        .await?
        .iter()
        .map(|m| {
            let set = set_of(m)?;
            Ok(LoggedSet {
                log_id: m.log_id,
                date: m.date,
                exercise_id: ExerciseId(m.exercise_id),
                reps: set.reps,
                weight_kg: set.weight_kg,
                rpe: set.rpe,
                duration_seconds: set.duration_seconds,
                distance_m: set.distance_m,
                e1rm_kg: set.e1rm_kg,
                e1rm_reliable: set.e1rm_reliable,
            })
        })
        .collect()
}

/// The best reliable e1RM per exercise over the user's whole history (for suggested loads).
pub async fn best_e1rms(db: &impl Executor, user_id: i64) -> DbResult<BTreeMap<ExerciseId, f64>> {
    let rows: Vec<(i64, Option<f64>)> = s::Entity::find()
        .select_only()
        .column(s::Column::ExerciseId)
        .column_as(s::Column::E1rmKg.max(), "best")
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::E1rmReliable.eq(true))
        .group_by(s::Column::ExerciseId)
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut best: BTreeMap<ExerciseId, f64> = rows
        .into_iter()
        .filter_map(|(id, best)| best.map(|b| (ExerciseId(id), b)))
        .collect();
    // Detail older than 90 days lives on in the weekly summaries.
    for (id, set) in super::rollup::best_e1rms_from_summaries(db, user_id).await? {
        let slot = best.entry(ExerciseId(id)).or_insert(set.e1rm_kg);
        *slot = slot.max(set.e1rm_kg);
    }
    Ok(best)
}

/// The best reliable e1RM of one exercise, from sets dated `up_to` or earlier
/// (all history when `None`).
pub async fn best_e1rm(
    db: &impl Executor,
    user_id: i64,
    exercise_id: ExerciseId,
    up_to: Option<NaiveDate>,
) -> DbResult<Option<f64>> {
    let mut q = s::Entity::find()
        .select_only()
        .column_as(s::Column::E1rmKg.max(), "best")
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::ExerciseId.eq(exercise_id.0))
        .filter(s::Column::E1rmReliable.eq(true));
    if let Some(to) = up_to {
        q = q.filter(s::Column::Date.lte(to));
    }
    let best: Option<Option<f64>> = q.into_tuple().one(db.conn()).await?;
    let rolled = super::rollup::e1rm_points_from_summaries(db, user_id, exercise_id.0)
        .await?
        .into_iter()
        .filter(|b| up_to.is_none_or(|to| b.date <= to))
        .map(|b| b.e1rm_kg)
        .fold(None, |acc: Option<f64>, v| {
            Some(acc.map_or(v, |a| a.max(v)))
        });
    Ok(match (best.flatten(), rolled) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    })
}

/// An exercise's e1RM history between `from` and `to` (inclusive, each
/// optional), oldest first: one point per log — its best set (a reliable
/// estimate is preferred over a higher unreliable one).
pub async fn e1rm_history(
    db: &impl Executor,
    user_id: i64,
    exercise_id: ExerciseId,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> DbResult<Vec<E1rmPoint>> {
    let mut q = s::Entity::find()
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::ExerciseId.eq(exercise_id.0))
        .filter(s::Column::E1rmKg.is_not_null());
    if let Some(from) = from {
        q = q.filter(s::Column::Date.gte(from));
    }
    if let Some(to) = to {
        q = q.filter(s::Column::Date.lte(to));
    }
    let rows = q
        .order_by_asc(s::Column::Date)
        .order_by_asc(s::Column::LogId)
        .order_by_asc(s::Column::ExercisePosition)
        .order_by_asc(s::Column::Position)
        .all(db.conn())
        .await?;
    // Weeks rolled up by the cleanup job keep their best set (reliable estimates only).
    let mut points: Vec<E1rmPoint> =
        super::rollup::e1rm_points_from_summaries(db, user_id, exercise_id.0)
            .await?
            .into_iter()
            .filter(|b| from.is_none_or(|f| b.date >= f) && to.is_none_or(|t| b.date <= t))
            .map(|b| E1rmPoint {
                log_id: 0,
                date: b.date,
                e1rm_kg: b.e1rm_kg,
                reliable: true,
                weight_kg: b.weight_kg,
                reps: u32::try_from(b.reps).unwrap_or(0),
                rpe: b.rpe,
            })
            .collect();
    points.sort_by_key(|p| p.date);
    for row in &rows {
        let (Some(e1rm_kg), Some(weight_kg), Some(reps)) = (row.e1rm_kg, row.weight_kg, row.reps)
        else {
            continue;
        };
        let point = E1rmPoint {
            log_id: row.log_id,
            date: row.date,
            e1rm_kg,
            reliable: row.e1rm_reliable.unwrap_or(false),
            weight_kg,
            reps: u32::try_from(reps).map_err(|_| corrupt("reps", &reps.to_string()))?,
            rpe: row.rpe,
        };
        match points.last_mut() {
            Some(last) if last.log_id == point.log_id => {
                let better = (point.reliable, point.e1rm_kg) > (last.reliable, last.e1rm_kg);
                if better {
                    *last = point;
                }
            }
            _ => points.push(point),
        }
    }
    Ok(points)
}

/// Start times of the user's logs that started within `[from, to]`
/// (logs without a known start are not listed), for duplicate detection.
pub async fn started_between(
    db: &impl Executor,
    user_id: i64,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> DbResult<Vec<DateTime<Utc>>> {
    let rows: Vec<Option<DateTime<Utc>>> = l::Entity::find()
        .select_only()
        .column(l::Column::StartedAt)
        .filter(l::Column::UserId.eq(user_id))
        .filter(l::Column::StartedAt.gte(from))
        .filter(l::Column::StartedAt.lte(to))
        .into_tuple()
        .all(db.conn())
        .await?;
    Ok(rows.into_iter().flatten().collect())
}

/// Deletes every log (and its sets) that import `import_id` of the user
/// wrote; returns how many logs went.
pub async fn delete_by_import(db: &impl Executor, user_id: i64, import_id: i64) -> DbResult<u64> {
    let txn = db.begin_write().await?;
    let ids: Vec<i64> = l::Entity::find()
        .select_only()
        .column(l::Column::Id)
        .filter(l::Column::UserId.eq(user_id))
        .filter(l::Column::ImportId.eq(import_id))
        .into_tuple()
        .all(txn.conn())
        .await?;
    for chunk in ids.chunks(INSERT_BATCH_ROWS) {
        s::Entity::delete_many()
            .filter(s::Column::LogId.is_in(chunk.to_vec()))
            .exec(txn.conn())
            .await?;
        l::Entity::delete_many()
            .filter(l::Column::Id.is_in(chunk.to_vec()))
            .exec(txn.conn())
            .await?;
    }
    txn.commit().await?;
    Ok(ids.len() as u64)
}
