//! A day's session: planned (stored, or generated and stored), adapted to
//! today's signals, or pre-generated for tomorrow by the background job.

use chrono::{DateTime, NaiveDate, Utc};
use gainsly_db::DbError;
use gainsly_db::repo::programs::{self, Program};
use gainsly_db::repo::sessions::{ProgramChoice, StoredSession};
use gainsly_db::repo::{profiles, sessions, soreness};
use gainsly_domain::AdaptationSignals;
use gainsly_domain::session::{Session, SessionStatus};
use gainsly_planner::{Events, Stage};

use crate::App;
use crate::error::{AppError, AppResult};

/// What pre-generating one user's tomorrow did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Pregenerated {
    /// A session was planned and stored.
    Created,
    /// Tomorrow already had a session (the unique program/date index made it a no-op).
    AlreadyPlanned,
    /// The user has no active program.
    NoActiveProgram,
    /// Tomorrow is before the program's start or after its end.
    OutsideProgram,
}

/// A day's session as [`App::read_day`] found or planned it.
#[derive(Debug, Clone)]
pub enum DayPlan {
    /// Stored before the read, its plan still the stored JSON.
    Stored(StoredSession),
    /// Planned by the read (or by a concurrent first read of that date).
    Planned(Session),
}

impl DayPlan {
    /// The domain session.
    pub fn into_session(self) -> AppResult<Session> {
        match self {
            DayPlan::Stored(stored) => Ok(stored.into_session()?),
            DayPlan::Planned(session) => Ok(session),
        }
    }

    /// The session as its JSON document (the serde form of [`Session`]).
    pub fn to_json(&self) -> AppResult<String> {
        match self {
            DayPlan::Stored(stored) => Ok(stored.to_json()?),
            DayPlan::Planned(session) => serde_json::to_string(session)
                .map_err(|e| AppError::internal("serialize session", e)),
        }
    }
}

/// The date is not a day of the program.
const OUTSIDE: AppError = AppError::NotFound("date outside the program");

impl App {
    /// The program a request names, or the user's active one.
    async fn program_for(&self, user_id: i64, program_id: Option<i64>) -> AppResult<Program> {
        let found = match program_id {
            Some(id) => programs::get(&self.db, user_id, id).await?,
            None => programs::active(&self.db, user_id).await?,
        };
        found.ok_or(AppError::NotFound("program"))
    }

    /// The program whose `date` an adaptation would re-plan (its id), or
    /// not found: lets a streamed adaptation answer 404 before it streams.
    pub async fn adaptation_target(
        &self,
        user_id: i64,
        program_id: Option<i64>,
        date: NaiveDate,
    ) -> AppResult<i64> {
        let program = self.program_for(user_id, program_id).await?;
        program
            .settings
            .locate(date)
            .map(|_| program.id)
            .ok_or(OUTSIDE)
    }

    /// The session of `date`: the stored one, or a new one generated and
    /// stored. The same date twice gives the same session; concurrent first
    /// requests store exactly one (the unique program/date index decides).
    pub async fn plan_day(
        &self,
        user_id: i64,
        program_id: Option<i64>,
        date: NaiveDate,
    ) -> AppResult<Session> {
        self.read_day(user_id, program_id, date)
            .await?
            .into_session()
    }

    /// [`App::plan_day`], with a stored session left as stored: what the
    /// HTTP read serves ([`DayPlan::to_json`] splices the stored plan into
    /// the answer without parsing it).
    pub async fn read_day(
        &self,
        user_id: i64,
        program_id: Option<i64>,
        date: NaiveDate,
    ) -> AppResult<DayPlan> {
        let choice = match program_id {
            Some(id) => ProgramChoice::Id(id),
            None => ProgramChoice::Active,
        };
        // One statement for the program's dates and a stored session: a
        // stored day (the common read) costs one round trip.
        let read = sessions::find_for_day(&self.db, user_id, choice, date)
            .await?
            .ok_or(AppError::NotFound("program"))?;
        if !read.covers(date) {
            return Err(OUTSIDE);
        }
        if let Some(stored) = read.session {
            return Ok(DayPlan::Stored(stored));
        }
        let program = programs::get(&self.db, user_id, read.program_id)
            .await?
            .ok_or(AppError::NotFound("program"))?;
        let (slot, plan) = self
            .planner
            .generate(
                user_id,
                program,
                date,
                &AdaptationSignals::default(),
                &Events::none(),
            )
            .await?;
        let session = match sessions::insert(&self.db, slot, &plan, SessionStatus::Planned).await {
            Err(DbError::Conflict(_)) => sessions::find(&self.db, slot.program_id, date)
                .await?
                .ok_or_else(|| {
                    AppError::internal("plan_day", "the session vanished after a conflict")
                })?,
            other => other?,
        };
        Ok(DayPlan::Planned(session))
    }

    /// Re-plans `date` from today's signals and stores it as `adapted`,
    /// replacing the session there; the signals' soreness is recorded as
    /// soreness logs of that date. Nothing is written until the plan is
    /// ready; then the soreness and the session are written in one
    /// transaction, in a task of their own, so a caller that goes away
    /// mid-way leaves either nothing or everything written.
    pub async fn adapt_day(
        &self,
        user_id: i64,
        program_id: Option<i64>,
        date: NaiveDate,
        signals: AdaptationSignals,
        events: Events,
    ) -> AppResult<Session> {
        let program = self.program_for(user_id, program_id).await?;
        if program.settings.locate(date).is_none() {
            return Err(OUTSIDE);
        }
        let (slot, plan) = self
            .planner
            .generate(user_id, program, date, &signals, &events)
            .await?;
        events.status(Stage::Saving, "Saving the session").await;
        let db = self.db.clone();
        let soreness_levels: Vec<_> = signals
            .soreness()
            .iter()
            .map(|(m, level)| (*m, level.round().clamp(0.0, 10.0) as u8))
            .collect();
        let save = tokio::spawn(async move {
            let tx = db.begin_write().await?;
            for (muscle, level) in soreness_levels {
                soreness::upsert(&tx, user_id, date, muscle, level, None).await?;
            }
            let session = sessions::upsert(&tx, slot, &plan, SessionStatus::Adapted).await?;
            tx.commit().await?;
            Ok::<_, DbError>(session)
        });
        let saved = save
            .await
            .map_err(|e| AppError::internal("adaptation save task", e))?;
        Ok(saved?)
    }

    /// Plans tomorrow (in the user's time zone, as of `at`) for the user's
    /// active program unless it has a session already. Idempotent: the job
    /// behind the nightly run and every planning-input change.
    pub async fn pregenerate_tomorrow(
        &self,
        user_id: i64,
        at: DateTime<Utc>,
    ) -> AppResult<Pregenerated> {
        let Some(program) = programs::active(&self.db, user_id).await? else {
            return Ok(Pregenerated::NoActiveProgram);
        };
        let profile = profiles::get(&self.db, user_id).await?;
        let Some(tomorrow) = profile.date_at(at).succ_opt() else {
            return Ok(Pregenerated::OutsideProgram);
        };
        if program.settings.locate(tomorrow).is_none() {
            return Ok(Pregenerated::OutsideProgram);
        }
        if sessions::find(&self.db, program.id, tomorrow)
            .await?
            .is_some()
        {
            return Ok(Pregenerated::AlreadyPlanned);
        }
        let (slot, plan) = self
            .planner
            .generate(
                user_id,
                program,
                tomorrow,
                &AdaptationSignals::default(),
                &Events::none(),
            )
            .await?;
        match sessions::insert(&self.db, slot, &plan, SessionStatus::Planned).await {
            Ok(_) => Ok(Pregenerated::Created),
            Err(DbError::Conflict(_)) => Ok(Pregenerated::AlreadyPlanned),
            Err(e) => Err(e.into()),
        }
    }
}
