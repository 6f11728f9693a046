//! Step 1 of the loop, the signals: everything known about the user and the
//! day, loaded from the database into domain values.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use gainsly_db::Executor;
use gainsly_db::repo::activities::StoredActivity;
use gainsly_db::repo::profiles::Profile;
use gainsly_db::repo::programs::Program;
use gainsly_db::repo::{activities, movement_rules, profiles, sessions, soreness, workouts};
use gainsly_domain::increment::Implement;
use gainsly_domain::recovery::{RecoveryModel, RecoveryState, SorenessEntry};
use gainsly_domain::variations::{self, RepsExposure};
use gainsly_domain::working::{self, PlannedTarget, SetRecord, WorkingExposure};
use gainsly_domain::{
    ExerciseId, MicrocycleDay, MovementRule, Muscle, ProgramDay, RegularActivity, Tracking,
    catalog, volume,
};

use crate::error::{PlanResult, PlannerError};

/// Days of history the recovery model looks at (design.md: the last 14 days).
pub const HISTORY_DAYS: u64 = 14;
/// Days of sessions whose exercises count as "recent" for variety.
pub const VARIETY_DAYS: u64 = 7;
/// Days of logs the working e1RMs look at: the 6-week window plus long
/// layoffs (older history decays to its cap anyway).
pub const LOAD_HISTORY_DAYS: u64 = 180;

/// Everything the planner knows about one user's day.
#[derive(Debug, Clone)]
pub struct DayContext {
    pub user_id: i64,
    pub program: Program,
    pub profile: Profile,
    pub date: NaiveDate,
    pub slot: ProgramDay,
    pub day: MicrocycleDay,
    pub is_deload: bool,
    /// Rules in force on the date.
    pub rules: Vec<MovementRule>,
    pub activities: Vec<StoredActivity>,
    pub recovery: RecoveryState,
    /// Fractional sets per muscle already planned or logged this microcycle.
    pub volume_so_far: BTreeMap<Muscle, f64>,
    /// The back budget's sets already planned or logged this microcycle
    /// ([`volume::back_sets`]).
    pub back_so_far: f64,
    /// Exercises planned or logged this microcycle (for `require` rules).
    pub done_this_microcycle: BTreeSet<ExerciseId>,
    /// Exercises of the last week's sessions, newest first (for variety).
    pub recent_sessions: Vec<Vec<ExerciseId>>,
    /// Each loaded exercise's exposures before the date, oldest first, with
    /// total loads (body weight added for weighted calisthenics): what the
    /// working e1RM and the progression read.
    pub loads: BTreeMap<ExerciseId, Vec<WorkingExposure>>,
    /// The user's training days before the date (any exercise, oldest
    /// first): what breaks up a layoff ([`working::estimate_after`]).
    pub training_days: Vec<NaiveDate>,
    /// Each bodyweight (rep-tracked) exercise's exposures before the date,
    /// oldest first: what its reps and its harder variation follow
    /// ([`gainsly_domain::variations`]).
    pub reps: BTreeMap<ExerciseId, Vec<RepsExposure>>,
}

/// The exposures planning reads, from one query of the logged sets and one
/// of the stored prescriptions behind them.
#[derive(Debug, Clone, Default)]
pub struct Exposures {
    /// Loaded exercises ([`DayContext::loads`]).
    pub loads: BTreeMap<ExerciseId, Vec<WorkingExposure>>,
    /// Rep-tracked exercises ([`DayContext::reps`]).
    pub reps: BTreeMap<ExerciseId, Vec<RepsExposure>>,
    /// Training days ([`DayContext::training_days`]).
    pub training_days: Vec<NaiveDate>,
}

fn days_before(date: NaiveDate, n: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(n))
        .unwrap_or(NaiveDate::MIN)
}

/// What recovery is computed from: the last 14 days of soreness and logged
/// sets up to a date, and the user's enjoyable activities.
#[derive(Debug, Clone)]
pub struct History {
    pub soreness: Vec<SorenessEntry>,
    pub sets: Vec<workouts::LoggedSet>,
    pub activities: Vec<StoredActivity>,
}

impl History {
    /// Loads the history that ends on `date` (inclusive).
    pub async fn load(db: &impl Executor, user_id: i64, date: NaiveDate) -> PlanResult<History> {
        let from = days_before(date, HISTORY_DAYS);
        let soreness = soreness::since(db, user_id, from)
            .await?
            .into_iter()
            .filter(|(d, _, _)| *d <= date)
            .map(|(date, muscle, level)| SorenessEntry {
                date,
                muscle,
                level: f64::from(level),
            })
            .collect();
        let sets = workouts::sets_since(db, user_id, from)
            .await?
            .into_iter()
            .filter(|s| s.date <= date)
            .collect();
        let activities = activities::list(db, user_id).await?;
        Ok(History {
            soreness,
            sets,
            activities,
        })
    }

    /// Every muscle's recovery on `date` under `model`
    /// ([`RecoveryModel::from_history`]).
    pub fn recovery(&self, date: NaiveDate, model: &RecoveryModel) -> RecoveryState {
        let sets: Vec<(NaiveDate, ExerciseId)> =
            self.sets.iter().map(|s| (s.date, s.exercise_id)).collect();
        let activities: Vec<RegularActivity> = self
            .activities
            .iter()
            .map(|a| RegularActivity {
                kind: a.kind,
                intensity: a.intensity,
                sessions_per_week: a.sessions_per_week,
                minutes: a.minutes,
            })
            .collect();
        model.from_history(date, &self.soreness, &sets, &activities)
    }
}

/// Loads the context of `date` in `program`. [`PlannerError::NotFound`] when
/// the date is outside the program.
pub async fn load(
    db: &impl Executor,
    user_id: i64,
    mut program: Program,
    date: NaiveDate,
    model: &RecoveryModel,
) -> PlanResult<DayContext> {
    let slot = program
        .settings
        .locate(date)
        .ok_or(PlannerError::NotFound("date outside the program"))?;
    // The foci carry on across microcycles (Microcycle::rotated).
    program.microcycle = program
        .microcycle
        .rotated(program.settings.split().rotation(), slot.microcycle_index);
    let day = program
        .microcycle
        .day(slot.day_index)
        .cloned()
        .ok_or(PlannerError::NotFound("microcycle day"))?;
    let is_deload = program.settings.is_deload(slot.microcycle_index);
    let microcycle_start = program
        .settings
        .microcycle_start(slot.microcycle_index)
        .unwrap_or(date);

    let profile = profiles::get(db, user_id).await?;
    let rules = movement_rules::list(db, user_id)
        .await?
        .into_iter()
        .map(|r| r.rule)
        .filter(|r| r.in_force(date))
        .collect();

    let history = History::load(db, user_id, date).await?;
    let recovery = history.recovery(date, model);
    let sets = history.sets;
    let activities = history.activities;

    // Volume and exercises so far this microcycle: planned sessions and logged sets.
    let mut volume_so_far: BTreeMap<Muscle, f64> = BTreeMap::new();
    let mut done_this_microcycle: BTreeSet<ExerciseId> = BTreeSet::new();
    let planned = sessions::exercises_between(db, user_id, microcycle_start, date).await?;
    for (_, ids) in &planned {
        done_this_microcycle.extend(ids.iter().copied());
    }
    let logged: Vec<_> = sets
        .iter()
        .filter(|s| s.date >= microcycle_start && s.date < date)
        .collect();
    done_this_microcycle.extend(logged.iter().map(|s| s.exercise_id));
    let logged_work = || {
        logged
            .iter()
            .filter_map(|s| catalog::exercise(s.exercise_id).map(|ex| (ex, 1.0)))
    };
    for (m, v) in volume::muscle_sets(logged_work()) {
        *volume_so_far.entry(m).or_default() += v;
    }
    let planned_volume =
        sessions::planned_volume_between(db, user_id, microcycle_start, date).await?;
    for (m, v) in planned_volume.muscle_sets {
        *volume_so_far.entry(m).or_default() += v;
    }
    let back_so_far = volume::back_sets(logged_work()) + planned_volume.back_sets;

    let recent_sessions =
        sessions::exercises_between(db, user_id, days_before(date, VARIETY_DAYS), date)
            .await?
            .into_iter()
            .map(|(_, ids)| ids)
            .collect();
    let Exposures {
        loads,
        reps,
        training_days,
    } = load_exposures(db, user_id, date, profile.body_weight_kg).await?;

    Ok(DayContext {
        user_id,
        program,
        profile,
        date,
        slot,
        day,
        is_deload,
        rules,
        activities,
        recovery,
        volume_so_far,
        back_so_far,
        done_this_microcycle,
        recent_sessions,
        loads,
        training_days,
        reps,
    })
}

/// Every loaded exercise's exposures in the [`LOAD_HISTORY_DAYS`] before
/// `date` (the day's own logs excluded: a plan is prescribed from what came
/// before it). Weighted calisthenics count the body weight (when the profile
/// has one) plus the added load; each exposure carries what its stored
/// session prescribed (one more query for all of them). Also the user's training days before
/// `date` (any exercise, oldest first), which break up a layoff.
pub async fn load_exposures(
    db: &impl Executor,
    user_id: i64,
    date: NaiveDate,
    body_weight_kg: Option<f64>,
) -> PlanResult<Exposures> {
    let sets = workouts::sets_since(db, user_id, days_before(date, LOAD_HISTORY_DAYS)).await?;
    let training_days: Vec<NaiveDate> = sets
        .iter()
        .map(|s| s.date)
        .filter(|d| *d < date)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut per_exercise: BTreeMap<ExerciseId, Vec<SetRecord>> = BTreeMap::new();
    let mut per_bodyweight: BTreeMap<ExerciseId, Vec<variations::RepsSet>> = BTreeMap::new();
    for s in sets.iter().filter(|s| s.date < date) {
        if let (Some(ex), Some(reps)) = (catalog::exercise(s.exercise_id), s.reps)
            && ex.tracking == Tracking::Reps
        {
            per_bodyweight
                .entry(ex.id)
                .or_default()
                .push((s.log_id, s.date, reps, s.rpe));
            continue;
        }
        let (Some(ex), Some(weight), Some(reps)) =
            (catalog::exercise(s.exercise_id), s.weight_kg, s.reps)
        else {
            continue;
        };
        let Some(implement) = Implement::of(ex) else {
            continue;
        };
        let body = match implement {
            Implement::BeltPlates => body_weight_kg.unwrap_or(0.0),
            _ => 0.0,
        };
        per_exercise.entry(ex.id).or_default().push(SetRecord {
            log_id: s.log_id,
            date: s.date,
            load_kg: weight + body,
            reps,
            rpe: s.rpe,
        });
    }
    // What the logged sessions prescribed, for the failure path (the
    // trailing run of misses is what counts, so the 6-week window will do).
    let planned: BTreeMap<(i64, ExerciseId), PlannedTarget> = sessions::planned_targets_since(
        db,
        user_id,
        days_before(date, working::WINDOW_DAYS.unsigned_abs()),
    )
    .await?
    .into_iter()
    .map(|(log, id, t)| ((log, id), t))
    .collect();
    let exposures = per_exercise
        .into_iter()
        .map(|(id, sets)| {
            let mut e = working::exposures(&sets);
            working::attach_planned(&mut e, |log| planned.get(&(log, id)).copied());
            (id, e)
        })
        .filter(|(_, e)| !e.is_empty())
        .collect();
    let reps = per_bodyweight
        .into_iter()
        .map(|(id, sets)| {
            let mut e = variations::reps_exposures(&sets);
            for x in &mut e {
                x.planned = planned.get(&(x.log_id, id)).copied();
            }
            (id, e)
        })
        .filter(|(_, e)| !e.is_empty())
        .collect();
    Ok(Exposures {
        loads: exposures,
        reps,
        training_days,
    })
}
