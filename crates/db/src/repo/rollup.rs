//! Retention of workout and soreness detail: detail older than
//! [`DETAIL_RETENTION_DAYS`] is rolled into one `workout_weekly_summaries`
//! row per user and ISO week (Monday), keeping volume per muscle, the best
//! e1RM set per exercise and a soreness summary; summaries older than
//! [`SUMMARY_RETENTION_DAYS`] are deleted.
//!
//! The aggregation is the pure [`gainsly_domain::rollup::summarize`]; this
//! module reads the rows and writes the result. Each user's roll-up is one
//! transaction (upsert the summaries, delete the detail), so a crash leaves either the detail or the summary, never both
//! or neither; running it again finds nothing left to roll. A week rolled in
//! two runs (the cutoff fell inside it) is merged: volumes add up, the best
//! e1RM is the maximum, soreness is merged count-weighted.
//!
//! A week keeps one row per import its logs came from (`import_id`; 0 for
//! logged workouts and soreness), so undoing an import deletes exactly its
//! share ([`delete_summaries_of_import`]); readers ([`summaries`]) see one
//! merged summary per week.
//!
//! The recovery model reads 14 days back and never sees summaries. e1RM
//! history keeps its best through [`best_e1rms_from_summaries`] and
//! [`e1rm_points_from_summaries`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, NaiveDate, Utc};
use gainsly_domain::Muscle;
use gainsly_domain::rollup::{SetRow, SorenessRow, summarize};
use sea_orm::sea_query::{Alias, Cond, Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};

use crate::Executor;
use crate::error::{DbError, DbResult};

pub use gainsly_domain::rollup::{
    BestSet, MuscleVolume, SorenessSummary, WeeklySummary, week_start,
};

/// Workout and soreness detail older than this many days is rolled up.
pub const DETAIL_RETENTION_DAYS: i64 = 90;
/// Weekly summaries older than this many days are deleted.
pub const SUMMARY_RETENTION_DAYS: i64 = 365;

const SUMMARIES: &str = "workout_weekly_summaries";
const LOGS: &str = "workout_logs";
const SETS: &str = "workout_sets";
const SORENESS: &str = "soreness_logs";
/// `import_id` of summary rows that hold no import's logs.
const NOT_IMPORTED: i64 = 0;

/// What one roll-up did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RollupCounts {
    pub workouts: u64,
    pub sets: u64,
    pub soreness: u64,
    pub summaries: u64,
}

impl std::ops::AddAssign for RollupCounts {
    fn add_assign(&mut self, o: Self) {
        self.workouts += o.workouts;
        self.sets += o.sets;
        self.soreness += o.soreness;
        self.summaries += o.summaries;
    }
}

/// The first day whose detail is kept when cleaning up on `today`.
pub fn detail_cutoff(today: NaiveDate) -> NaiveDate {
    today - Duration::days(DETAIL_RETENTION_DAYS)
}

/// Summaries of weeks starting before this day are deleted when cleaning up on `today`.
pub fn summary_cutoff(today: NaiveDate) -> NaiveDate {
    today - Duration::days(SUMMARY_RETENTION_DAYS)
}

fn json_err(e: serde_json::Error) -> DbError {
    DbError::Other(DbErr::Json(e.to_string()))
}

fn corrupt(e: serde_json::Error) -> DbError {
    DbError::corrupt("weekly summary", e)
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, col: &str) -> DbResult<T> {
    Ok(row.try_get::<T>("", col)?)
}

/// Users who have workout or soreness detail dated before `cutoff`.
pub async fn users_with_detail_before(db: &impl Executor, cutoff: NaiveDate) -> DbResult<Vec<i64>> {
    let mut users = BTreeSet::new();
    for table in [LOGS, SORENESS] {
        let q = Query::select()
            .distinct()
            .column(Alias::new("user_id"))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new("date")).lt(cutoff))
            .to_owned();
        for row in db.conn().query_all(&q).await? {
            users.insert(get::<i64>(&row, "user_id")?);
        }
    }
    Ok(users.into_iter().collect())
}

/// Rolls `user_id`'s detail dated before `cutoff` into weekly summaries
/// ([`gainsly_domain::rollup::summarize`]) and deletes it, in one transaction.
pub async fn roll_up_user(
    db: &impl Executor,
    user_id: i64,
    cutoff: NaiveDate,
) -> DbResult<RollupCounts> {
    let txn = db.begin_write().await?;
    let user_col = || Expr::col(Alias::new("user_id")).eq(user_id);
    let before = || Expr::col(Alias::new("date")).lt(cutoff);
    let mut counts = RollupCounts::default();

    let logs = Query::select()
        .columns(["id", "date", "import_id"].map(Alias::new))
        .from(Alias::new(LOGS))
        .and_where(user_col())
        .and_where(before())
        .to_owned();
    // Per import (0: not imported), the dates of its logs.
    let mut import_of_log: BTreeMap<i64, i64> = BTreeMap::new();
    let mut log_dates: BTreeMap<i64, Vec<NaiveDate>> = BTreeMap::new();
    for row in txn.conn().query_all(&logs).await? {
        let import = get::<Option<i64>>(&row, "import_id")?.unwrap_or(NOT_IMPORTED);
        import_of_log.insert(get(&row, "id")?, import);
        log_dates
            .entry(import)
            .or_default()
            .push(get::<NaiveDate>(&row, "date")?);
        counts.workouts += 1;
    }

    let sets = Query::select()
        .columns(
            [
                "log_id",
                "date",
                "exercise_id",
                "reps",
                "weight_kg",
                "rpe",
                "e1rm_kg",
                "e1rm_reliable",
            ]
            .map(Alias::new),
        )
        .from(Alias::new(SETS))
        .and_where(user_col())
        .and_where(before())
        // Warm-ups count toward neither volume nor e1RM.
        .cond_where(
            Cond::any()
                .add(Expr::col(Alias::new("kind")).is_null())
                .add(Expr::col(Alias::new("kind")).ne(super::workouts::WARMUP)),
        )
        .to_owned();
    let mut set_rows: BTreeMap<i64, Vec<SetRow>> = BTreeMap::new();
    for row in txn.conn().query_all(&sets).await? {
        let log_id: i64 = get(&row, "log_id")?;
        let import = import_of_log.get(&log_id).copied().unwrap_or(NOT_IMPORTED);
        set_rows.entry(import).or_default().push(SetRow {
            date: get(&row, "date")?,
            exercise_id: get(&row, "exercise_id")?,
            reps: get(&row, "reps")?,
            weight_kg: get(&row, "weight_kg")?,
            rpe: get(&row, "rpe")?,
            e1rm_kg: get(&row, "e1rm_kg")?,
            e1rm_reliable: get(&row, "e1rm_reliable")?,
        });
        counts.sets += 1;
    }

    let soreness = Query::select()
        .columns(["date", "muscle", "level"].map(Alias::new))
        .from(Alias::new(SORENESS))
        .and_where(user_col())
        .and_where(before())
        .to_owned();
    let mut sore_rows = Vec::new();
    for row in txn.conn().query_all(&soreness).await? {
        counts.soreness += 1;
        let muscle: String = get(&row, "muscle")?;
        let Ok(muscle) = muscle.parse::<Muscle>() else {
            tracing::warn!(user_id, %muscle, "soreness log with an unknown muscle dropped in roll-up");
            continue;
        };
        sore_rows.push(SorenessRow {
            date: get(&row, "date")?,
            muscle,
            level: get(&row, "level")?,
        });
    }

    // One summary per week and import; soreness belongs to no import.
    let imports: BTreeSet<i64> = log_dates
        .keys()
        .chain(set_rows.keys())
        .copied()
        .chain(std::iter::once(NOT_IMPORTED))
        .collect();
    let mut weeks: BTreeMap<(i64, NaiveDate), WeeklySummary> = BTreeMap::new();
    for import in imports {
        let sore: &[SorenessRow] = if import == NOT_IMPORTED {
            &sore_rows
        } else {
            &[]
        };
        let dates = log_dates.get(&import).map_or(&[][..], Vec::as_slice);
        let sets = set_rows.get(&import).map_or(&[][..], Vec::as_slice);
        for (week, summary) in summarize(dates, sets, sore) {
            weeks.insert((import, week), summary);
        }
    }
    if weeks.is_empty() {
        txn.commit().await?;
        return Ok(counts);
    }

    // Merge into what earlier roll-ups stored for the same weeks and imports.
    let week_starts: BTreeSet<NaiveDate> = weeks.keys().map(|(_, w)| *w).collect();
    let existing = Query::select()
        .columns(
            [
                "import_id",
                "week_start",
                "workouts",
                "muscle_volume",
                "best_e1rm",
                "soreness",
            ]
            .map(Alias::new),
        )
        .from(Alias::new(SUMMARIES))
        .and_where(user_col())
        .and_where(Expr::col(Alias::new("week_start")).is_in(week_starts))
        .to_owned();
    for row in txn.conn().query_all(&existing).await? {
        let import: i64 = get(&row, "import_id")?;
        let mut old = summary_from_row(&row)?;
        if let Some(new) = weeks.get(&(import, old.week_start)) {
            old.merge(new);
            weeks.insert((import, old.week_start), old);
        }
    }

    let now = Utc::now();
    for ((import, _), s) in &weeks {
        let insert = Query::insert()
            .into_table(Alias::new(SUMMARIES))
            .columns(
                [
                    "user_id",
                    "import_id",
                    "week_start",
                    "workouts",
                    "muscle_volume",
                    "best_e1rm",
                    "soreness",
                    "created_at",
                    "updated_at",
                ]
                .map(Alias::new),
            )
            .values([
                user_id.into(),
                (*import).into(),
                s.week_start.into(),
                s.workouts.into(),
                serde_json::to_string(&s.muscle_volume)
                    .map_err(json_err)?
                    .into(),
                serde_json::to_string(&s.best_e1rm)
                    .map_err(json_err)?
                    .into(),
                serde_json::to_string(&s.soreness).map_err(json_err)?.into(),
                now.into(),
                now.into(),
            ])
            .map_err(|e| DbError::Other(DbErr::Custom(e.to_string())))?
            .on_conflict(
                OnConflict::columns(["user_id", "week_start", "import_id"].map(Alias::new))
                    .update_columns(
                        [
                            "workouts",
                            "muscle_volume",
                            "best_e1rm",
                            "soreness",
                            "updated_at",
                        ]
                        .map(Alias::new),
                    )
                    .to_owned(),
            )
            .to_owned();
        txn.conn().execute(&insert).await?;
        counts.summaries += 1;
    }

    // Sets first (they reference the logs), then logs, then soreness.
    for table in [SETS, LOGS, SORENESS] {
        let delete = Query::delete()
            .from_table(Alias::new(table))
            .and_where(user_col())
            .and_where(before())
            .to_owned();
        txn.conn().execute(&delete).await?;
    }
    txn.commit().await?;
    Ok(counts)
}

/// Deletes summaries of weeks starting before `before`; returns how many.
pub async fn delete_summaries_before(db: &impl Executor, before: NaiveDate) -> DbResult<u64> {
    let delete = Query::delete()
        .from_table(Alias::new(SUMMARIES))
        .and_where(Expr::col(Alias::new("week_start")).lt(before))
        .to_owned();
    Ok(db.conn().execute(&delete).await?.rows_affected())
}

fn summary_from_row(row: &QueryResult) -> DbResult<WeeklySummary> {
    let text = |c: &str| -> DbResult<String> { get::<String>(row, c) };
    Ok(WeeklySummary {
        week_start: get(row, "week_start")?,
        workouts: get(row, "workouts")?,
        muscle_volume: serde_json::from_str(&text("muscle_volume")?).map_err(corrupt)?,
        best_e1rm: serde_json::from_str(&text("best_e1rm")?).map_err(corrupt)?,
        soreness: serde_json::from_str(&text("soreness")?).map_err(corrupt)?,
    })
}

/// Deletes `user_id`'s summary rows of import `import_id` (its rolled-up
/// share of each week); returns how many.
pub async fn delete_summaries_of_import(
    db: &impl Executor,
    user_id: i64,
    import_id: i64,
) -> DbResult<u64> {
    let delete = Query::delete()
        .from_table(Alias::new(SUMMARIES))
        .and_where(Expr::col(Alias::new("user_id")).eq(user_id))
        .and_where(Expr::col(Alias::new("import_id")).eq(import_id))
        .to_owned();
    Ok(db.conn().execute(&delete).await?.rows_affected())
}

/// `user_id`'s weekly summaries, oldest first: one per week (the rows of
/// its imports and of everything else merged).
pub async fn summaries(db: &impl Executor, user_id: i64) -> DbResult<Vec<WeeklySummary>> {
    merged(db, user_id, None).await
}

/// `user_id`'s summary of the week starting on `week_start` (a Monday),
/// merged like [`summaries`]; `None` when none of it is rolled up.
pub async fn summary_of_week(
    db: &impl Executor,
    user_id: i64,
    week_start: NaiveDate,
) -> DbResult<Option<WeeklySummary>> {
    Ok(merged(db, user_id, Some(week_start)).await?.pop())
}

async fn merged(
    db: &impl Executor,
    user_id: i64,
    week: Option<NaiveDate>,
) -> DbResult<Vec<WeeklySummary>> {
    let mut q = Query::select()
        .columns(
            [
                "week_start",
                "workouts",
                "muscle_volume",
                "best_e1rm",
                "soreness",
            ]
            .map(Alias::new),
        )
        .from(Alias::new(SUMMARIES))
        .and_where(Expr::col(Alias::new("user_id")).eq(user_id))
        .order_by(Alias::new("week_start"), Order::Asc)
        .to_owned();
    if let Some(week_start) = week {
        q.and_where(Expr::col(Alias::new("week_start")).eq(week_start));
    }
    let mut weeks: Vec<WeeklySummary> = Vec::new();
    for row in db.conn().query_all(&q).await? {
        let s = summary_from_row(&row)?;
        match weeks.last_mut() {
            Some(last) if last.week_start == s.week_start => last.merge(&s),
            _ => weeks.push(s),
        }
    }
    Ok(weeks)
}

/// The best rolled-up set per exercise over all of `user_id`'s summaries
/// (to combine with the best from live `workout_sets` for e1RM history).
pub async fn best_e1rms_from_summaries(
    db: &impl Executor,
    user_id: i64,
) -> DbResult<BTreeMap<i64, BestSet>> {
    let mut best: BTreeMap<i64, BestSet> = BTreeMap::new();
    for s in summaries(db, user_id).await? {
        for (id, b) in s.best_e1rm {
            best.entry(id)
                .and_modify(|cur| {
                    if b.e1rm_kg > cur.e1rm_kg {
                        *cur = b;
                    }
                })
                .or_insert(b);
        }
    }
    Ok(best)
}

/// One point per rolled-up week for `exercise_id` (the week's best set),
/// oldest first, for the e1RM history of dates older than the detail.
pub async fn e1rm_points_from_summaries(
    db: &impl Executor,
    user_id: i64,
    exercise_id: i64,
) -> DbResult<Vec<BestSet>> {
    Ok(summaries(db, user_id)
        .await?
        .into_iter()
        .filter_map(|s| s.best_e1rm.get(&exercise_id).copied())
        .collect())
}
