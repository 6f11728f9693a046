//! Sessions: one per program and date, with the plan stored as JSON.

use chrono::{NaiveDate, Utc};
use gainsly_domain::session::{Session, SessionPlan, SessionStatus};
use gainsly_domain::{DayFocus, DayKind, ExerciseId};
use std::sync::OnceLock;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, FromQueryResult,
    IdenStatic, Iterable, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};
use serde::{Deserialize, Serialize};

use crate::Executor;
use crate::entities::programs as prog;
use crate::entities::sessions as s;
use crate::error::{DbError, DbResult};

/// The shape of the body column's JSON. Bodies written at this format start
/// with [`BODY_PREFIX`] and are served as stored ([`StoredSession::to_json`]
/// splices them into the answer without building domain types); bodies of
/// an older format (none before 1) are parsed, serde's defaults filling
/// what they lack, and serialized again.
///
/// Bump it whenever the serialized shape of [`Body`]'s fields changes (a
/// field added to `SessionExercise`, an enum value renamed, ...), or stored
/// bodies would be served in the old shape. `tests/api/openapi.rs` holds the
/// schemas of those fields per format and fails when they change.
pub const BODY_FORMAT: u32 = 1;

/// How a body of the current format starts (`{"format":1,`): the field
/// `format` is serialized first.
const BODY_PREFIX: &str = "{\"format\":1,";

/// The JSON body column: the parts of a plan that have no column of their own.
#[derive(Serialize, Deserialize)]
struct Body {
    /// [`BODY_FORMAT`] when written; absent (0) in older rows.
    #[serde(default)]
    format: u32,
    exercises: Vec<gainsly_domain::SessionExercise>,
    muscle_sets: std::collections::BTreeMap<gainsly_domain::Muscle, f64>,
    recommended_activity: Option<gainsly_domain::session::RecommendedActivity>,
    adaptations: Vec<String>,
    rationale: String,
}

/// Where a new session sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub user_id: i64,
    pub program_id: i64,
    pub date: NaiveDate,
    pub microcycle_index: u32,
    pub day_index: u32,
}

fn corrupt(e: impl Into<crate::error::BoxError>) -> DbError {
    DbError::corrupt("session", e)
}

fn from_model(m: s::Model) -> DbResult<Session> {
    let body: Body = serde_json::from_str(&m.body).map_err(corrupt)?;
    let h = Head::of(&m)?;
    Ok(Session {
        id: h.id,
        program_id: h.program_id,
        date: h.date,
        microcycle_index: h.microcycle_index,
        day_index: h.day_index,
        kind: h.kind,
        focus: h.focus,
        is_deload: h.is_deload,
        status: h.status,
        source: h.source,
        fallback: h.fallback,
        target_minutes: h.target_minutes,
        estimated_minutes: h.estimated_minutes,
        exercises: body.exercises,
        muscle_sets: body.muscle_sets,
        recommended_activity: body.recommended_activity,
        adaptations: body.adaptations,
        rationale: body.rationale,
        created_at: h.created_at,
        updated_at: h.updated_at,
    })
}

/// A stored session as read, its plan still the stored JSON text.
#[derive(Debug, Clone)]
pub struct StoredSession(s::Model);

/// The columns of a session, serialized as the domain [`Session`]'s first
/// fields are (same names, same types): the head of a spliced answer.
#[derive(Serialize)]
struct Head {
    id: i64,
    program_id: i64,
    date: NaiveDate,
    microcycle_index: u32,
    day_index: u32,
    kind: DayKind,
    focus: Option<DayFocus>,
    is_deload: bool,
    status: SessionStatus,
    source: gainsly_domain::session::SessionSource,
    fallback: bool,
    target_minutes: u32,
    estimated_minutes: u32,
    created_at: chrono::DateTime<Utc>,
    updated_at: chrono::DateTime<Utc>,
}

impl Head {
    /// The columns of a row, parsed (a value that does not parse is a
    /// corrupt row).
    fn of(m: &s::Model) -> DbResult<Head> {
        let u = |v: i32| u32::try_from(v).unwrap_or_default();
        Ok(Head {
            id: m.id,
            program_id: m.program_id,
            date: m.date,
            microcycle_index: u(m.microcycle_index),
            day_index: u(m.day_index),
            kind: m.kind.parse::<DayKind>().map_err(corrupt)?,
            focus: m
                .focus
                .as_deref()
                .map(str::parse::<DayFocus>)
                .transpose()
                .map_err(corrupt)?,
            is_deload: m.is_deload,
            status: m.status.parse::<SessionStatus>().map_err(corrupt)?,
            source: m.source.parse().map_err(corrupt)?,
            fallback: m.fallback,
            target_minutes: u(m.target_minutes),
            estimated_minutes: u(m.estimated_minutes),
            created_at: m.created_at,
            updated_at: m.updated_at,
        })
    }
}

impl StoredSession {
    /// The domain session (parses the body).
    pub fn into_session(self) -> DbResult<Session> {
        from_model(self.0)
    }

    /// The session as a JSON document, exactly the domain [`Session`]'s
    /// serde form (field order aside). A body of the current
    /// [`BODY_FORMAT`] is checked to be well-formed JSON and spliced after
    /// the columns, without building the exercises; an older body is
    /// parsed and serialized again.
    pub fn to_json(&self) -> DbResult<String> {
        let m = &self.0;
        let Some(rest) = m.body.strip_prefix(BODY_PREFIX) else {
            let session = from_model(m.clone())?;
            return serde_json::to_string(&session).map_err(corrupt);
        };
        let head = Head::of(m)?;
        let mut out = serde_json::to_string(&head).map_err(corrupt)?;
        // `{…}` + `,` + `"exercises":…}`.
        out.pop();
        out.push(',');
        out.push_str(rest);
        // The whole answer is well-formed JSON, or the row is corrupt.
        serde_json::from_str::<serde::de::IgnoredAny>(&out).map_err(corrupt)?;
        Ok(out)
    }
}

fn plan_columns(plan: &SessionPlan, status: SessionStatus) -> DbResult<s::ActiveModel> {
    let body = Body {
        format: BODY_FORMAT,
        exercises: plan.exercises.clone(),
        muscle_sets: plan.muscle_sets.clone(),
        recommended_activity: plan.recommended_activity.clone(),
        adaptations: plan.adaptations.clone(),
        rationale: plan.rationale.clone(),
    };
    let body =
        serde_json::to_string(&body).map_err(|e| DbError::Other(DbErr::Json(e.to_string())))?;
    let i = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    Ok(s::ActiveModel {
        kind: Set(plan.kind.as_str().to_owned()),
        focus: Set(plan.focus.map(|f| f.as_str().to_owned())),
        is_deload: Set(plan.is_deload),
        status: Set(status.as_str().to_owned()),
        source: Set(plan.source.as_str().to_owned()),
        fallback: Set(plan.fallback),
        target_minutes: Set(i(plan.target_minutes)),
        estimated_minutes: Set(i(plan.estimated_minutes)),
        body: Set(body),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
}

/// Which of the user's programs a day read names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProgramChoice {
    /// This one (if it is the user's).
    Id(i64),
    /// The active one (the newest, should there ever be two).
    Active,
}

/// What a day read finds: the chosen program's id and dates, and the
/// session stored on that date, if any.
#[derive(Debug, Clone)]
pub struct DayRead {
    pub program_id: i64,
    pub start_date: NaiveDate,
    pub duration_weeks: u32,
    pub session: Option<StoredSession>,
}

impl DayRead {
    /// Whether `date` falls in the program (the same rule as
    /// [`gainsly_domain::ProgramSettings::locate`]).
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.start_date <= date
            && date <= gainsly_domain::program::end_date(self.start_date, self.duration_weeks)
    }
}

/// The chosen program of the user (its id and dates) and its session on
/// `date` if one is stored, in one statement: the program left-joined to
/// the session of that date. `None` when the user has no such program; a
/// program row also proves the account exists (a deleted user's programs
/// are gone with it).
///
/// The hottest read of the API: its SQL text is written once per backend
/// and choice ([`day_read_sql`]) rather than built per request, and the
/// program's settings are not parsed (a stored day needs only its dates).
pub async fn find_for_day(
    db: &impl Executor,
    user_id: i64,
    choice: ProgramChoice,
    date: NaiveDate,
) -> DbResult<Option<DayRead>> {
    let conn = db.conn();
    let backend = conn.get_database_backend();
    // In the order the placeholders appear (SQLite's `?` are positional).
    let mut values: Vec<sea_orm::Value> = vec![date.into(), user_id.into()];
    match choice {
        ProgramChoice::Id(id) => values.push(id.into()),
        ProgramChoice::Active => values.push(true.into()),
    }
    let sql = day_read_sql(backend, choice);
    let stmt = Statement::from_sql_and_values(backend, sql, values);
    let Some(row) = conn.query_one_raw(stmt).await? else {
        return Ok(None);
    };
    let session = s::Model::from_query_result_optional(&row, SESSION_PREFIX)?;
    let duration_weeks: i32 = row.try_get(PROGRAM_PREFIX, prog::Column::DurationWeeks.as_str())?;
    Ok(Some(DayRead {
        program_id: row.try_get(PROGRAM_PREFIX, prog::Column::Id.as_str())?,
        start_date: row.try_get(PROGRAM_PREFIX, prog::Column::StartDate.as_str())?,
        duration_weeks: u32::try_from(duration_weeks).map_err(corrupt)?,
        session: session.map(StoredSession),
    }))
}

const PROGRAM_PREFIX: &str = "p_";
const SESSION_PREFIX: &str = "s_";

/// The day read's SQL for a backend and a choice, written on first use:
/// `$1` the date, `$2` the user, `$3` the program id (or `true`, for the
/// active one), appearing in that order.
fn day_read_sql(backend: DbBackend, choice: ProgramChoice) -> &'static str {
    static SQL: OnceLock<[String; 4]> = OnceLock::new();
    let all = SQL.get_or_init(|| {
        let write = |postgres: bool, by_id: bool| {
            let p = |n: usize| {
                if postgres {
                    format!("${n}")
                } else {
                    "?".to_owned()
                }
            };
            let program: Vec<String> = [
                prog::Column::Id,
                prog::Column::StartDate,
                prog::Column::DurationWeeks,
            ]
            .iter()
            .map(|c| format!("p.{0} AS {PROGRAM_PREFIX}{0}", c.as_str()))
            .collect();
            let session: Vec<String> = s::Column::iter()
                .map(|c| format!("s.{0} AS {SESSION_PREFIX}{0}", c.as_str()))
                .collect();
            let tail = if by_id {
                format!("AND p.id = {}", p(3))
            } else {
                format!(
                    "AND p.is_active = {} ORDER BY p.created_at DESC, p.id DESC LIMIT 1",
                    p(3)
                )
            };
            format!(
                "SELECT {}, {} FROM programs p LEFT JOIN sessions s \
                 ON s.program_id = p.id AND s.date = {} WHERE p.user_id = {} {tail}",
                program.join(", "),
                session.join(", "),
                p(1),
                p(2),
            )
        };
        [
            write(true, true),
            write(true, false),
            write(false, true),
            write(false, false),
        ]
    });
    let postgres = matches!(backend, DbBackend::Postgres);
    let index = match (postgres, choice) {
        (true, ProgramChoice::Id(_)) => 0,
        (true, ProgramChoice::Active) => 1,
        (false, ProgramChoice::Id(_)) => 2,
        (false, ProgramChoice::Active) => 3,
    };
    &all[index]
}

/// The session of a program on a date.
pub async fn find(
    db: &impl Executor,
    program_id: i64,
    date: NaiveDate,
) -> DbResult<Option<Session>> {
    s::Entity::find()
        .filter(s::Column::ProgramId.eq(program_id))
        .filter(s::Column::Date.eq(date))
        .one(db.conn())
        .await?
        .map(from_model)
        .transpose()
}

/// Stores a new session. [`DbError::Conflict`] when that program and date has one
/// already (two first requests raced): read it with [`find`].
pub async fn insert(
    db: &impl Executor,
    slot: Slot,
    plan: &SessionPlan,
    status: SessionStatus,
) -> DbResult<Session> {
    let mut am = plan_columns(plan, status)?;
    let i = |v: u32| i32::try_from(v).unwrap_or(i32::MAX);
    am.user_id = Set(slot.user_id);
    am.program_id = Set(slot.program_id);
    am.date = Set(slot.date);
    am.microcycle_index = Set(i(slot.microcycle_index));
    am.day_index = Set(i(slot.day_index));
    am.created_at = Set(Utc::now());
    from_model(am.insert(db.conn()).await?)
}

/// Stores `plan` for the slot, replacing the session there if any (adaptation).
pub async fn upsert(
    db: &impl Executor,
    slot: Slot,
    plan: &SessionPlan,
    status: SessionStatus,
) -> DbResult<Session> {
    match find(db, slot.program_id, slot.date).await? {
        Some(existing) => {
            let mut am = plan_columns(plan, status)?;
            am.id = Set(existing.id);
            from_model(am.update(db.conn()).await?)
        }
        None => match insert(db, slot, plan, status).await {
            // Raced with a first plan: replace that one.
            Err(DbError::Conflict(_)) => Box::pin(upsert(db, slot, plan, status)).await,
            other => other,
        },
    }
}

/// Deletes the user's still-`planned` sessions dated `from` or later, of
/// one program or (`None`) of all the user's programs; adapted and
/// completed sessions stay. Returns how many went.
pub async fn delete_planned_from(
    db: &impl Executor,
    user_id: i64,
    program_id: Option<i64>,
    from: NaiveDate,
) -> DbResult<u64> {
    let mut q = s::Entity::delete_many()
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::Date.gte(from))
        .filter(s::Column::Status.eq(SessionStatus::Planned.as_str()));
    if let Some(id) = program_id {
        q = q.filter(s::Column::ProgramId.eq(id));
    }
    Ok(q.exec(db.conn()).await?.rows_affected)
}

/// The exercises of the user's sessions in `[from, to)`, newest first, one list per session.
pub async fn exercises_between(
    db: &impl Executor,
    user_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<Vec<(NaiveDate, Vec<ExerciseId>)>> {
    let rows: Vec<(NaiveDate, String)> = s::Entity::find()
        .select_only()
        .column(s::Column::Date)
        .column(s::Column::Body)
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::Date.gte(from))
        .filter(s::Column::Date.lt(to))
        .order_by_desc(s::Column::Date)
        .into_tuple()
        .all(db.conn())
        .await?;
    rows.into_iter()
        .map(|(date, body)| {
            let body: Body = serde_json::from_str(&body).map_err(corrupt)?;
            Ok((date, body.exercises.iter().map(|e| e.exercise_id).collect()))
        })
        .collect()
}

/// The volume of planned (not completed) sessions ([`planned_volume_between`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlannedVolume {
    /// Fractional sets per muscle (each session's `muscle_sets`).
    pub muscle_sets: std::collections::BTreeMap<gainsly_domain::Muscle, f64>,
    /// The back budget's sets ([`gainsly_domain::volume::back_sets`]).
    pub back_sets: f64,
}

/// The volume of the user's planned (not completed) sessions in `[from, to)`;
/// completed sessions are counted through their logs instead.
pub async fn planned_volume_between(
    db: &impl Executor,
    user_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<PlannedVolume> {
    let rows: Vec<String> = s::Entity::find()
        .select_only()
        .column(s::Column::Body)
        .filter(s::Column::UserId.eq(user_id))
        .filter(s::Column::Date.gte(from))
        .filter(s::Column::Date.lt(to))
        .filter(s::Column::Status.ne(SessionStatus::Completed.as_str()))
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut total = PlannedVolume::default();
    for body in rows {
        let body: Body = serde_json::from_str(&body).map_err(corrupt)?;
        for (m, v) in body.muscle_sets {
            *total.muscle_sets.entry(m).or_insert(0.0) += v;
        }
        total.back_sets +=
            gainsly_domain::volume::back_sets(gainsly_domain::session::work(&body.exercises));
    }
    Ok(total)
}

/// Every session of the user, by date then id (the data export).
pub async fn list_for_user(db: &impl Executor, user_id: i64) -> DbResult<Vec<Session>> {
    s::Entity::find()
        .filter(s::Column::UserId.eq(user_id))
        .order_by_asc(s::Column::Date)
        .order_by_asc(s::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(from_model)
        .collect()
}

/// The light view of a stored body that [`planned_targets_since`] reads:
/// each exercise's rep floor and working sets (other fields are skipped).
#[derive(Deserialize)]
struct TargetsBody {
    exercises: Vec<TargetsExercise>,
}

#[derive(Deserialize)]
struct TargetsExercise {
    exercise_id: ExerciseId,
    reps_min: u32,
    reps_max: u32,
    target_rpe: f64,
    #[serde(default)]
    set_plan: Vec<gainsly_domain::set_plan::PlannedSet>,
}

/// What the stored sessions behind the user's logs dated `from` or later
/// prescribed: per (log id, exercise), `reps_min` and the first working
/// set's reps and RPE. One query (logs joined to their sessions), so a plan
/// reads every exercise's stored prescriptions at once.
pub async fn planned_targets_since(
    db: &impl Executor,
    user_id: i64,
    from: NaiveDate,
) -> DbResult<Vec<(i64, ExerciseId, gainsly_domain::working::PlannedTarget)>> {
    use crate::entities::workout_logs as l;
    use sea_orm::JoinType;
    let relation = l::Entity::belongs_to(s::Entity)
        .from(l::Column::SessionId)
        .to(s::Column::Id)
        .into();
    let rows: Vec<(i64, String)> = l::Entity::find()
        .select_only()
        .column(l::Column::Id)
        .column_as(s::Column::Body, "body")
        .join(JoinType::InnerJoin, relation)
        .filter(l::Column::UserId.eq(user_id))
        .filter(l::Column::Date.gte(from))
        .filter(s::Column::UserId.eq(user_id))
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut out = Vec::new();
    for (log_id, body) in rows {
        let body: TargetsBody = serde_json::from_str(&body).map_err(corrupt)?;
        for e in body.exercises {
            let first = e
                .set_plan
                .iter()
                .find(|p| p.kind != gainsly_domain::set_plan::SetKind::Warmup);
            let reps = first.and_then(|p| p.reps).unwrap_or(e.reps_min);
            let target_rpe = first.and_then(|p| p.target_rpe).unwrap_or(e.target_rpe);
            out.push((
                log_id,
                e.exercise_id,
                gainsly_domain::working::PlannedTarget {
                    reps_min: e.reps_min,
                    reps_max: e.reps_max,
                    reps,
                    target_rpe,
                },
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_prefix_names_the_body_format() {
        assert_eq!(BODY_PREFIX, format!("{{\"format\":{BODY_FORMAT},"));
        let body = Body {
            format: BODY_FORMAT,
            exercises: Vec::new(),
            muscle_sets: Default::default(),
            recommended_activity: None,
            adaptations: Vec::new(),
            rationale: String::new(),
        };
        let text = serde_json::to_string(&body).unwrap_or_default();
        assert!(text.starts_with(BODY_PREFIX), "{text}");
    }
}
