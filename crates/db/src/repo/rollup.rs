//! Retention of workout and soreness detail: detail older than
//! [`DETAIL_RETENTION_DAYS`] is rolled into one `workout_weekly_summaries`
//! row per user and ISO week (Monday), keeping volume per muscle, the best
//! e1RM set per exercise and a soreness summary; summaries older than
//! [`SUMMARY_RETENTION_DAYS`] are deleted.
//!
//! Each user's roll-up is one transaction (upsert the summaries, delete the
//! detail), so a crash leaves either the detail or the summary, never both
//! or neither; running it again finds nothing left to roll. A week rolled in
//! two runs (the cutoff fell inside it) is merged: volumes add up, the best
//! e1RM is the maximum, soreness is merged count-weighted.
//!
//! The recovery model reads 14 days back and never sees summaries. e1RM
//! history keeps its best through [`best_e1rms_from_summaries`] and
//! [`e1rm_points_from_summaries`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Duration, NaiveDate, Utc};
use gainsly_domain::{ExerciseId, Muscle, catalog};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use serde::{Deserialize, Serialize};

use crate::Db;
use crate::error::{DbError, DbResult};

/// Workout and soreness detail older than this many days is rolled up.
pub const DETAIL_RETENTION_DAYS: i64 = 90;
/// Weekly summaries older than this many days are deleted.
pub const SUMMARY_RETENTION_DAYS: i64 = 365;

const SUMMARIES: &str = "workout_weekly_summaries";
const LOGS: &str = "workout_logs";
const SETS: &str = "workout_sets";
const SORENESS: &str = "soreness_logs";

/// Sets and load of one muscle in one week (fractional set credit: primary 1, secondary 0.5).
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct MuscleVolume {
    pub sets: f64,
    /// Σ credit × reps × weight over weighted sets.
    pub volume_kg: f64,
}

/// The best (highest reliable e1RM) set of one exercise in one week.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BestSet {
    pub e1rm_kg: f64,
    pub weight_kg: f64,
    pub reps: i32,
    pub rpe: Option<f64>,
    pub date: NaiveDate,
}

/// Soreness reports of one muscle in one week.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct SorenessSummary {
    pub max: i32,
    pub mean: f64,
    pub count: u32,
}

/// One user's rolled-up week.
#[derive(Debug, Clone, PartialEq)]
pub struct WeeklySummary {
    pub user_id: i64,
    /// Monday of the week.
    pub week_start: NaiveDate,
    pub workouts: i32,
    pub muscle_volume: BTreeMap<Muscle, MuscleVolume>,
    pub best_e1rm: BTreeMap<i64, BestSet>,
    pub soreness: BTreeMap<Muscle, SorenessSummary>,
}

impl WeeklySummary {
    fn empty(user_id: i64, week_start: NaiveDate) -> Self {
        WeeklySummary {
            user_id,
            week_start,
            workouts: 0,
            muscle_volume: BTreeMap::new(),
            best_e1rm: BTreeMap::new(),
            soreness: BTreeMap::new(),
        }
    }

    /// Adds `other` (a later roll-up of the same week) into `self`.
    fn merge(&mut self, other: &WeeklySummary) {
        self.workouts += other.workouts;
        for (m, v) in &other.muscle_volume {
            let e = self.muscle_volume.entry(*m).or_default();
            e.sets += v.sets;
            e.volume_kg += v.volume_kg;
        }
        for (id, best) in &other.best_e1rm {
            self.best_e1rm
                .entry(*id)
                .and_modify(|b| {
                    if best.e1rm_kg > b.e1rm_kg {
                        *b = *best;
                    }
                })
                .or_insert(*best);
        }
        for (m, s) in &other.soreness {
            let e = self.soreness.entry(*m).or_default();
            let total = e.count + s.count;
            if total > 0 {
                e.mean =
                    (e.mean * f64::from(e.count) + s.mean * f64::from(s.count)) / f64::from(total);
            }
            e.max = Ord::max(e.max, s.max);
            e.count = total;
        }
    }
}

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

/// Monday of `date`'s ISO week.
pub fn week_start(date: NaiveDate) -> NaiveDate {
    date - Duration::days(i64::from(date.weekday().num_days_from_monday()))
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

fn get<T: sea_orm::TryGetable>(row: &QueryResult, col: &str) -> DbResult<T> {
    Ok(row.try_get::<T>("", col)?)
}

/// Users who have workout or soreness detail dated before `cutoff`.
pub async fn users_with_detail_before(db: &Db, cutoff: NaiveDate) -> DbResult<Vec<i64>> {
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

/// Rolls `user_id`'s detail dated before `cutoff` into weekly summaries and
/// deletes it, in one transaction.
pub async fn roll_up_user(db: &Db, user_id: i64, cutoff: NaiveDate) -> DbResult<RollupCounts> {
    let by_id: BTreeMap<ExerciseId, &gainsly_domain::Exercise> =
        catalog().iter().map(|e| (e.id, e)).collect();
    let txn = db.begin_write().await?;
    let user_col = || Expr::col(Alias::new("user_id")).eq(user_id);
    let before = || Expr::col(Alias::new("date")).lt(cutoff);
    let mut weeks: BTreeMap<NaiveDate, WeeklySummary> = BTreeMap::new();
    let mut counts = RollupCounts::default();

    let logs = Query::select()
        .column(Alias::new("date"))
        .from(Alias::new(LOGS))
        .and_where(user_col())
        .and_where(before())
        .to_owned();
    for row in txn.query_all(&logs).await? {
        let date: NaiveDate = get(&row, "date")?;
        let w = week_start(date);
        weeks
            .entry(w)
            .or_insert_with(|| WeeklySummary::empty(user_id, w))
            .workouts += 1;
        counts.workouts += 1;
    }

    let sets = Query::select()
        .columns(
            [
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
        .to_owned();
    for row in txn.query_all(&sets).await? {
        let date: NaiveDate = get(&row, "date")?;
        let exercise_id: i64 = get(&row, "exercise_id")?;
        let reps: Option<i32> = get(&row, "reps")?;
        let weight: Option<f64> = get(&row, "weight_kg")?;
        let rpe: Option<f64> = get(&row, "rpe")?;
        let e1rm: Option<f64> = get(&row, "e1rm_kg")?;
        let reliable: Option<bool> = get(&row, "e1rm_reliable")?;
        counts.sets += 1;
        let w = week_start(date);
        let summary = weeks
            .entry(w)
            .or_insert_with(|| WeeklySummary::empty(user_id, w));
        if let Some(ex) = by_id.get(&ExerciseId(exercise_id)) {
            let load = match (reps, weight) {
                (Some(r), Some(kg)) => f64::from(r) * kg,
                _ => 0.0,
            };
            for (muscle, credit) in ex.muscle_credits() {
                let v = summary.muscle_volume.entry(muscle).or_default();
                v.sets += credit;
                v.volume_kg += credit * load;
            }
        }
        if let (Some(e1rm_kg), Some(weight_kg), Some(reps)) = (e1rm, weight, reps)
            && reliable != Some(false)
        {
            let candidate = BestSet {
                e1rm_kg,
                weight_kg,
                reps,
                rpe,
                date,
            };
            summary
                .best_e1rm
                .entry(exercise_id)
                .and_modify(|b| {
                    if candidate.e1rm_kg > b.e1rm_kg {
                        *b = candidate;
                    }
                })
                .or_insert(candidate);
        }
    }

    let soreness = Query::select()
        .columns(["date", "muscle", "level"].map(Alias::new))
        .from(Alias::new(SORENESS))
        .and_where(user_col())
        .and_where(before())
        .to_owned();
    // Per week and muscle: (max, sum, count).
    let mut sore: BTreeMap<(NaiveDate, Muscle), (i32, f64, u32)> = BTreeMap::new();
    for row in txn.query_all(&soreness).await? {
        let date: NaiveDate = get(&row, "date")?;
        let muscle: String = get(&row, "muscle")?;
        let level: i32 = get(&row, "level")?;
        counts.soreness += 1;
        let w = week_start(date);
        weeks
            .entry(w)
            .or_insert_with(|| WeeklySummary::empty(user_id, w));
        let Ok(muscle) = muscle.parse::<Muscle>() else {
            tracing::warn!(user_id, %muscle, "soreness log with an unknown muscle dropped in roll-up");
            continue;
        };
        let e = sore.entry((w, muscle)).or_insert((0, 0.0, 0));
        e.0 = Ord::max(e.0, level);
        e.1 += f64::from(level);
        e.2 += 1;
    }
    for ((w, muscle), (max, sum, count)) in sore {
        if let Some(summary) = weeks.get_mut(&w) {
            summary.soreness.insert(
                muscle,
                SorenessSummary {
                    max,
                    mean: sum / f64::from(Ord::max(count, 1)),
                    count,
                },
            );
        }
    }

    if weeks.is_empty() {
        txn.commit().await?;
        return Ok(counts);
    }

    // Merge into what earlier roll-ups stored for the same weeks.
    let existing = Query::select()
        .columns(
            [
                "user_id",
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
        .and_where(Expr::col(Alias::new("week_start")).is_in(weeks.keys().copied()))
        .to_owned();
    for row in txn.query_all(&existing).await? {
        let mut old = summary_from_row(&row)?;
        if let Some(new) = weeks.get(&old.week_start) {
            old.merge(new);
            weeks.insert(old.week_start, old);
        }
    }

    let now = Utc::now();
    for s in weeks.values() {
        let insert = Query::insert()
            .into_table(Alias::new(SUMMARIES))
            .columns(
                [
                    "user_id",
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
                s.user_id.into(),
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
                OnConflict::columns([Alias::new("user_id"), Alias::new("week_start")])
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
        txn.execute(&insert).await?;
        counts.summaries += 1;
    }

    // Sets first (they reference the logs), then logs, then soreness.
    for table in [SETS, LOGS, SORENESS] {
        let delete = Query::delete()
            .from_table(Alias::new(table))
            .and_where(user_col())
            .and_where(before())
            .to_owned();
        txn.execute(&delete).await?;
    }
    txn.commit().await?;
    Ok(counts)
}

/// Deletes summaries of weeks starting before `before`; returns how many.
pub async fn delete_summaries_before(db: &Db, before: NaiveDate) -> DbResult<u64> {
    let delete = Query::delete()
        .from_table(Alias::new(SUMMARIES))
        .and_where(Expr::col(Alias::new("week_start")).lt(before))
        .to_owned();
    Ok(db.conn().execute(&delete).await?.rows_affected())
}

fn summary_from_row(row: &QueryResult) -> DbResult<WeeklySummary> {
    let text = |c: &str| -> DbResult<String> { get::<String>(row, c) };
    Ok(WeeklySummary {
        user_id: get(row, "user_id")?,
        week_start: get(row, "week_start")?,
        workouts: get(row, "workouts")?,
        muscle_volume: serde_json::from_str(&text("muscle_volume")?).map_err(json_err)?,
        best_e1rm: serde_json::from_str(&text("best_e1rm")?).map_err(json_err)?,
        soreness: serde_json::from_str(&text("soreness")?).map_err(json_err)?,
    })
}

/// `user_id`'s weekly summaries, oldest first.
pub async fn summaries(db: &Db, user_id: i64) -> DbResult<Vec<WeeklySummary>> {
    let q = Query::select()
        .columns(
            [
                "user_id",
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
    db.conn()
        .query_all(&q)
        .await?
        .iter()
        .map(summary_from_row)
        .collect()
}

/// The best rolled-up set per exercise over all of `user_id`'s summaries
/// (to combine with the best from live `workout_sets` for e1RM history).
pub async fn best_e1rms_from_summaries(db: &Db, user_id: i64) -> DbResult<BTreeMap<i64, BestSet>> {
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
    db: &Db,
    user_id: i64,
    exercise_id: i64,
) -> DbResult<Vec<BestSet>> {
    Ok(summaries(db, user_id)
        .await?
        .into_iter()
        .filter_map(|s| s.best_e1rm.get(&exercise_id).copied())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn week_starts_on_monday() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default();
        assert_eq!(week_start(d(2026, 11, 26)), d(2026, 11, 23)); // Thursday
        assert_eq!(week_start(d(2026, 11, 23)), d(2026, 11, 23)); // Monday
        assert_eq!(week_start(d(2026, 11, 29)), d(2026, 11, 23)); // Sunday
    }

    #[test]
    fn merge_adds_volume_and_keeps_the_best() {
        let w = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
        let mut a = WeeklySummary::empty(1, w);
        a.workouts = 1;
        a.muscle_volume.insert(
            Muscle::ALL[0],
            MuscleVolume {
                sets: 3.0,
                volume_kg: 300.0,
            },
        );
        a.best_e1rm.insert(
            7,
            BestSet {
                e1rm_kg: 100.0,
                weight_kg: 90.0,
                reps: 3,
                rpe: None,
                date: w,
            },
        );
        a.soreness.insert(
            Muscle::ALL[0],
            SorenessSummary {
                max: 4,
                mean: 4.0,
                count: 1,
            },
        );
        let mut b = a.clone();
        b.best_e1rm.insert(
            7,
            BestSet {
                e1rm_kg: 110.0,
                weight_kg: 100.0,
                reps: 3,
                rpe: None,
                date: w,
            },
        );
        b.soreness.insert(
            Muscle::ALL[0],
            SorenessSummary {
                max: 8,
                mean: 6.0,
                count: 3,
            },
        );
        a.merge(&b);
        assert_eq!(a.workouts, 2);
        assert_eq!(a.muscle_volume[&Muscle::ALL[0]].sets, 6.0);
        assert_eq!(a.best_e1rm[&7].e1rm_kg, 110.0);
        let s = a.soreness[&Muscle::ALL[0]];
        assert_eq!((s.max, s.count), (8, 4));
        assert!((s.mean - 5.5).abs() < 1e-9);
    }
}
