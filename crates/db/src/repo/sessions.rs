//! Sessions: one per program and date, with the plan stored as JSON.

use chrono::{NaiveDate, Utc};
use gainsly_domain::session::{Session, SessionPlan, SessionStatus};
use gainsly_domain::{DayFocus, DayKind, ExerciseId};
use sea_orm::sea_query::{Condition, Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, JoinType, QueryFilter, QueryOrder,
    QuerySelect, RelationDef, Set,
};
use serde::{Deserialize, Serialize};

use crate::Executor;
use crate::entities::programs as prog;
use crate::entities::sessions as s;
use crate::error::{DbError, DbResult};
use crate::repo::programs::{self, Program};

/// The JSON body column: the parts of a plan that have no column of their own.
#[derive(Serialize, Deserialize)]
struct Body {
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
    let u = |v: i32| u32::try_from(v).unwrap_or_default();
    Ok(Session {
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
        exercises: body.exercises,
        muscle_sets: body.muscle_sets,
        recommended_activity: body.recommended_activity,
        adaptations: body.adaptations,
        rationale: body.rationale,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

fn plan_columns(plan: &SessionPlan, status: SessionStatus) -> DbResult<s::ActiveModel> {
    let body = Body {
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

/// The chosen program of the user and its session on `date` if one is
/// stored, in one query (the program left-joined to the session of that
/// date). `None` when the user has no such program; a program row also
/// proves the account exists (a deleted user's programs are gone with it).
pub async fn find_with_program(
    db: &impl Executor,
    user_id: i64,
    choice: ProgramChoice,
    date: NaiveDate,
) -> DbResult<Option<(Program, Option<Session>)>> {
    // programs → sessions of that date: the sessions → programs key,
    // reversed, with the date in the ON clause.
    let on_date: RelationDef = s::Entity::belongs_to(prog::Entity)
        .from(s::Column::ProgramId)
        .to(prog::Column::Id)
        .on_condition(move |_, _| {
            Condition::all().add(Expr::col((s::Entity, s::Column::Date)).eq(date))
        })
        .into();
    let on_date = on_date.rev();
    let query = prog::Entity::find()
        .filter(prog::Column::UserId.eq(user_id))
        .join(JoinType::LeftJoin, on_date)
        .select_also(s::Entity);
    let query = match choice {
        ProgramChoice::Id(id) => query.filter(prog::Column::Id.eq(id)),
        ProgramChoice::Active => query
            .filter(prog::Column::IsActive.eq(true))
            .order_by_desc(prog::Column::CreatedAt)
            .order_by_desc(prog::Column::Id),
    };
    let Some((program, session)) = query.one(db.conn()).await? else {
        return Ok(None);
    };
    Ok(Some((
        programs::from_model(program)?,
        session.map(from_model).transpose()?,
    )))
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

/// Fractional sets per muscle of the user's planned (not completed) sessions in
/// `[from, to)`; completed sessions are counted through their logs instead.
pub async fn muscle_sets_between(
    db: &impl Executor,
    user_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> DbResult<std::collections::BTreeMap<gainsly_domain::Muscle, f64>> {
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
    let mut total = std::collections::BTreeMap::new();
    for body in rows {
        let body: Body = serde_json::from_str(&body).map_err(corrupt)?;
        for (m, v) in body.muscle_sets {
            *total.entry(m).or_insert(0.0) += v;
        }
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
