//! What a tool answers, before the shell renders it: the use-case's own
//! result, which the shell turns into the body the REST route answers, so
//! a tool's structured content is the REST answer for the same thing.

use gainsly_app::e1rm::E1rmSeries;
use gainsly_app::programs::ProgramView;
use gainsly_app::rules::StoredRule;
use gainsly_app::soreness::SorenessLog;
use gainsly_app::workouts::WorkoutView;
use gainsly_domain::session::Session;
use gainsly_domain::week::WeeklyVolume;
use gainsly_domain::{Exercise, RecoveryState};

/// A use-case's answer.
#[derive(Debug, Clone)]
pub enum Outcome {
    Session(Box<Session>),
    Workout(Box<WorkoutView>),
    Soreness(SorenessLog),
    Recovery(RecoveryState),
    E1rm(Box<E1rmSeries>),
    Exercises(Vec<&'static Exercise>),
    Programs(Vec<ProgramView>),
    Program(Box<ProgramView>),
    Rule(StoredRule),
    /// `GET /api/logs/weekly-volume`.
    Volume(WeeklyVolume),
}
