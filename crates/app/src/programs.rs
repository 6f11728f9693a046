//! Programs and their microcycles: create, list, read, change, delete.
//!
//! A change that affects planning (goals, duration, session length,
//! progression, deloads, equipment, the microcycle) is saved together with
//! the deletion of the program's stale plans ([`crate::replan`]), and
//! tomorrow is pre-generated after the commit; so is a new or newly
//! activated program.

use chrono::NaiveDate;
use gainsly_db::repo::profiles;
use gainsly_db::repo::programs::{self, ProgramDraft};
use gainsly_domain::{
    DomainError, Equipment, GoalWeight, GoalWeights, Microcycle, MicrocycleDay, ProgramSettings,
    ProgramSettingsInput, ProgressionStyle, SplitTemplate, program as program_defaults,
};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::quotas::Quota;
use crate::replan::{Replan, Stale};
use crate::validate::{FieldErrors, check_name, checked};

pub use gainsly_db::repo::programs::Program;

/// A new program, as sent; absent fields take their defaults.
#[derive(Debug, Clone)]
pub struct NewProgram {
    pub name: String,
    pub goals: Vec<GoalWeight>,
    pub split_template: SplitTemplate,
    /// Default 4.
    pub days_per_week: Option<u32>,
    /// Default 7.
    pub microcycle_length_days: Option<u32>,
    /// Default 8.
    pub duration_weeks: Option<u32>,
    /// Default: today in the profile's time zone.
    pub start_date: Option<NaiveDate>,
    /// Default: the profile's.
    pub session_minutes: Option<u32>,
    pub progression_style: Option<ProgressionStyle>,
    /// Default 4.
    pub deload_every_n_microcycles: Option<u32>,
    /// Overrides the profile's equipment.
    pub equipment: Option<Vec<Equipment>>,
    /// Required iff the split is `custom`.
    pub custom_days: Option<Vec<MicrocycleDay>>,
    /// Default true (making it active deactivates the user's others).
    pub is_active: Option<bool>,
}

/// Changes to a program; any subset.
#[derive(Debug, Clone, Default)]
pub struct ProgramChanges {
    pub name: Option<String>,
    pub goals: Option<Vec<GoalWeight>>,
    pub duration_weeks: Option<u32>,
    pub session_minutes: Option<u32>,
    pub progression_style: Option<ProgressionStyle>,
    pub deload_every_n_microcycles: Option<u32>,
    pub equipment: Option<Vec<Equipment>>,
    pub is_active: Option<bool>,
}

impl ProgramChanges {
    /// Whether the changes alter what planning reads.
    fn affect_planning(&self) -> bool {
        self.goals.is_some()
            || self.duration_weeks.is_some()
            || self.session_minutes.is_some()
            || self.progression_style.is_some()
            || self.deload_every_n_microcycles.is_some()
            || self.equipment.is_some()
    }
}

/// Where today falls in a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MicrocyclePosition {
    /// 0-based number of the microcycle that contains today.
    pub index: u32,
    pub is_deload: bool,
}

/// A program as shown to its owner.
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramView {
    pub program: Program,
    /// The program's equipment, or the profile's when it sets none.
    pub equipment: Vec<Equipment>,
    pub today: MicrocyclePosition,
}

/// A program's microcycle and where today falls.
#[derive(Debug, Clone, PartialEq)]
pub struct MicrocycleView {
    pub program_id: i64,
    pub microcycle: Microcycle,
    pub today: MicrocyclePosition,
}

fn position(p: &Program, today: NaiveDate) -> MicrocyclePosition {
    let len = i64::from(p.microcycle.length_days().max(1));
    let elapsed = (today - p.settings.start_date()).num_days().max(0);
    let index = u32::try_from(elapsed / len).unwrap_or(u32::MAX);
    MicrocyclePosition {
        index,
        is_deload: p.settings.is_deload(index),
    }
}

fn view(program: Program, profile_equipment: &[Equipment], today: NaiveDate) -> ProgramView {
    ProgramView {
        equipment: program
            .equipment
            .clone()
            .unwrap_or_else(|| profile_equipment.to_vec()),
        today: position(&program, today),
        program,
    }
}

/// Re-prefixes a microcycle error's field (`days[2].focus` → `custom_days[2].focus`).
fn prefixed(e: DomainError, prefix: &str) -> DomainError {
    match e {
        DomainError::Invalid { field, message } if field.starts_with("days") => {
            DomainError::Invalid {
                field: format!("{prefix}{}", &field["days".len()..]),
                message,
            }
        }
        other => other,
    }
}

impl App {
    /// Creates a program (deactivating the user's others when it is active)
    /// and pre-generates tomorrow after the commit.
    pub async fn create_program(&self, user_id: i64, new: NewProgram) -> AppResult<ProgramView> {
        let profile = profiles::get(&self.db, user_id).await?;
        let today = profile.date_at(self.now());
        let mut errors = FieldErrors::default();
        let name = check_name(&mut errors, &new.name);
        let goals = errors.check(GoalWeights::new(new.goals));
        let days_per_week = new
            .days_per_week
            .unwrap_or(program_defaults::DEFAULT_DAYS_PER_WEEK);
        let len = new
            .microcycle_length_days
            .unwrap_or(program_defaults::DEFAULT_MICROCYCLE_LENGTH_DAYS);
        let microcycle = match (new.split_template, new.custom_days) {
            (SplitTemplate::Custom, Some(days)) => {
                errors.check(Microcycle::new(len, days).map_err(|e| prefixed(e, "custom_days")))
            }
            (SplitTemplate::Custom, None) => {
                errors.push("custom_days", "is required when split_template is custom");
                None
            }
            (_, Some(_)) => {
                errors.push(
                    "custom_days",
                    "is only allowed when split_template is custom",
                );
                None
            }
            (split, None) => errors.check(Microcycle::generate(split, days_per_week, len)),
        };
        let Some(goals) = goals else {
            // The settings cannot be checked without goals.
            errors.finish()?;
            return Err(AppError::internal("validation", "goals missing"));
        };
        let settings = errors.check(ProgramSettings::new(ProgramSettingsInput {
            goals,
            split: new.split_template,
            days_per_week,
            microcycle_length_days: len,
            duration_weeks: new
                .duration_weeks
                .unwrap_or(program_defaults::DEFAULT_DURATION_WEEKS),
            start_date: new.start_date.unwrap_or(today),
            session_minutes: new.session_minutes.unwrap_or(profile.session_minutes),
            progression: new.progression_style.unwrap_or_default(),
            deload_every_n: new
                .deload_every_n_microcycles
                .unwrap_or(program_defaults::DEFAULT_DELOAD_EVERY_N),
            equipment: new.equipment.clone().unwrap_or_default(),
        }));
        errors.finish()?;
        let draft = ProgramDraft {
            name: checked(name)?,
            settings: checked(settings)?,
            microcycle: checked(microcycle)?,
            equipment: new.equipment,
            is_active: new.is_active.unwrap_or(true),
        };
        let held = programs::list(&self.db, user_id, false).await?.len();
        Quota::Programs.check(held)?;
        let program = programs::create(&self.db, user_id, &draft).await?;
        Replan::new(user_id).after_commit(self).await;
        Ok(view(program, &profile.equipment, today))
    }

    /// The user's programs, newest first.
    pub async fn list_programs(
        &self,
        user_id: i64,
        active_only: bool,
    ) -> AppResult<Vec<ProgramView>> {
        let profile = profiles::get(&self.db, user_id).await?;
        let today = profile.date_at(self.now());
        let list = programs::list(&self.db, user_id, active_only).await?;
        Ok(list
            .into_iter()
            .map(|p| view(p, &profile.equipment, today))
            .collect())
    }

    /// One of the user's programs, read with the profile in one query. A
    /// found program proves the account exists (see
    /// [`App::verify_account`] for callers that must tell a deleted account
    /// from a missing program).
    pub async fn program(&self, user_id: i64, id: i64) -> AppResult<ProgramView> {
        let (program, owner) = programs::get_with_owner(&self.db, user_id, id)
            .await?
            .ok_or(AppError::NotFound("program"))?;
        let today = owner.date_at(self.now());
        Ok(view(program, &owner.equipment, today))
    }

    async fn owned_program(&self, user_id: i64, id: i64) -> AppResult<Program> {
        programs::get(&self.db, user_id, id)
            .await?
            .ok_or(AppError::NotFound("program"))
    }

    /// Changes a program. Changes that affect planning delete its
    /// still-`planned` sessions from today on in the same transaction;
    /// those and an activation pre-generate tomorrow after the commit.
    pub async fn update_program(
        &self,
        user_id: i64,
        id: i64,
        changes: ProgramChanges,
    ) -> AppResult<ProgramView> {
        let program = self.owned_program(user_id, id).await?;
        let profile = profiles::get(&self.db, user_id).await?;
        let s = &program.settings;
        let mut errors = FieldErrors::default();
        let name = match &changes.name {
            Some(raw) => check_name(&mut errors, raw),
            None => Some(program.name.clone()),
        };
        let goals = match changes.goals.clone() {
            Some(g) => errors.check(GoalWeights::new(g)),
            None => Some(s.goals().clone()),
        };
        let equipment = changes
            .equipment
            .clone()
            .or_else(|| program.equipment.clone());
        let settings = goals.and_then(|goals| {
            errors.check(ProgramSettings::new(ProgramSettingsInput {
                goals,
                duration_weeks: changes.duration_weeks.unwrap_or(s.duration_weeks()),
                session_minutes: changes.session_minutes.unwrap_or(s.session_minutes()),
                progression: changes.progression_style.unwrap_or(s.progression()),
                deload_every_n: changes
                    .deload_every_n_microcycles
                    .unwrap_or(s.deload_every_n()),
                equipment: equipment.clone().unwrap_or_default(),
                ..s.to_input()
            }))
        });
        errors.finish()?;
        let draft = ProgramDraft {
            name: checked(name)?,
            settings: checked(settings)?,
            microcycle: program.microcycle.clone(),
            equipment,
            is_active: changes.is_active.unwrap_or(program.is_active),
        };
        let activated = draft.is_active && !program.is_active;
        let tx = self.db.begin_write().await?;
        let saved = programs::save(&tx, user_id, program.id, &draft).await?;
        let replan = if changes.affect_planning() {
            Some(
                self.planning_inputs_changed(&tx, user_id, Stale::Program(program.id))
                    .await?,
            )
        } else {
            activated.then(|| Replan::new(user_id))
        };
        tx.commit().await?;
        if let Some(replan) = replan {
            replan.after_commit(self).await;
        }
        Ok(view(saved, &profile.equipment, profile.date_at(self.now())))
    }

    /// Deletes a program with its sessions (workout logs stay).
    pub async fn delete_program(&self, user_id: i64, id: i64) -> AppResult<()> {
        if programs::delete(&self.db, user_id, id).await? {
            Ok(())
        } else {
            Err(AppError::NotFound("program"))
        }
    }

    /// A program's microcycle and where today falls.
    pub async fn microcycle(&self, user_id: i64, id: i64) -> AppResult<MicrocycleView> {
        let program = self.owned_program(user_id, id).await?;
        let today = self.today(user_id).await?;
        Ok(MicrocycleView {
            program_id: program.id,
            today: position(&program, today),
            microcycle: program.microcycle,
        })
    }

    /// Replaces a program's microcycle (`days` covers every index once, has
    /// a training day, …); its planned sessions from today on are re-planned.
    pub async fn replace_microcycle(
        &self,
        user_id: i64,
        id: i64,
        length_days: u32,
        days: Vec<MicrocycleDay>,
    ) -> AppResult<MicrocycleView> {
        let program = self.owned_program(user_id, id).await?;
        let microcycle = Microcycle::new(length_days, days)?;
        let settings = ProgramSettings::new(ProgramSettingsInput {
            microcycle_length_days: microcycle.length_days(),
            ..program.settings.to_input()
        })?;
        let draft = ProgramDraft {
            name: program.name.clone(),
            settings,
            microcycle,
            equipment: program.equipment.clone(),
            is_active: program.is_active,
        };
        let tx = self.db.begin_write().await?;
        let saved = programs::save(&tx, user_id, program.id, &draft).await?;
        let replan = self
            .planning_inputs_changed(&tx, user_id, Stale::Program(program.id))
            .await?;
        let today = self.today_in(&tx, user_id).await?;
        tx.commit().await?;
        replan.after_commit(self).await;
        Ok(MicrocycleView {
            program_id: saved.id,
            today: position(&saved, today),
            microcycle: saved.microcycle,
        })
    }
}
