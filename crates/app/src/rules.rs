//! Movement rules: the user's standing `avoid`, `prefer` and `require`
//! choices. Adding or deleting one re-plans the user's planned days from
//! today on ([`crate::replan`]).

use chrono::NaiveDate;
use gainsly_db::repo::movement_rules;
use gainsly_domain::{
    ExerciseId, MovementPattern, MovementRule, Muscle, RuleTarget, RuleType, catalog,
};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::quotas::Quota;
use crate::replan::Stale;
use crate::validate::{FieldErrors, check_text};

pub use gainsly_db::repo::movement_rules::StoredRule;

/// A new rule, as sent: exactly one of `exercise_id`, `movement_pattern`, `muscle`.
#[derive(Debug, Clone)]
pub struct NewMovementRule {
    pub rule_type: RuleType,
    pub exercise_id: Option<i64>,
    pub movement_pattern: Option<MovementPattern>,
    pub muscle: Option<Muscle>,
    /// At most 500 characters.
    pub reason: Option<String>,
    /// Last day the rule applies (inclusive).
    pub expires_on: Option<NaiveDate>,
}

impl App {
    /// The user's rules, oldest first (expired ones included).
    pub async fn movement_rules(&self, user_id: i64) -> AppResult<Vec<StoredRule>> {
        Ok(movement_rules::list(&self.db, user_id).await?)
    }

    /// Adds a rule and re-plans the user's planned days from today on.
    pub async fn create_movement_rule(
        &self,
        user_id: i64,
        new: NewMovementRule,
    ) -> AppResult<StoredRule> {
        let mut errors = FieldErrors::default();
        let set: Vec<&str> = [
            ("exercise_id", new.exercise_id.is_some()),
            ("movement_pattern", new.movement_pattern.is_some()),
            ("muscle", new.muscle.is_some()),
        ]
        .into_iter()
        .filter_map(|(f, on)| on.then_some(f))
        .collect();
        let message = "exactly one of exercise_id, movement_pattern or muscle is required";
        match set.len() {
            0 => {
                for f in ["exercise_id", "movement_pattern", "muscle"] {
                    errors.push(f, message);
                }
            }
            1 => {}
            _ => {
                for f in &set {
                    errors.push(*f, message);
                }
            }
        }
        if let Some(id) = new.exercise_id
            && set.len() == 1
            && catalog::exercise(ExerciseId(id)).is_none()
        {
            errors.push("exercise_id", "no catalog exercise has this id");
        }
        let reason = check_text(&mut errors, "reason", new.reason, 500);
        errors.finish()?;
        let target = RuleTarget::from_fields(
            new.exercise_id.map(ExerciseId),
            new.movement_pattern,
            new.muscle,
        )?;
        let rule = MovementRule {
            rule_type: new.rule_type,
            target,
            expires_on: new.expires_on,
        };
        let tx = self.db.begin_write().await?;
        let held = movement_rules::list(&tx, user_id).await?.len();
        Quota::MovementRules.check(held)?;
        let stored = movement_rules::create(&tx, user_id, rule, reason).await?;
        let replan = self
            .planning_inputs_changed(&tx, user_id, Stale::AllPrograms)
            .await?;
        tx.commit().await?;
        replan.after_commit(self).await;
        Ok(stored)
    }

    /// Deletes one of the user's rules and re-plans the user's planned days
    /// from today on.
    pub async fn delete_movement_rule(&self, user_id: i64, id: i64) -> AppResult<()> {
        let tx = self.db.begin_write().await?;
        if !movement_rules::delete(&tx, user_id, id).await? {
            return Err(AppError::NotFound("movement rule"));
        }
        let replan = self
            .planning_inputs_changed(&tx, user_id, Stale::AllPrograms)
            .await?;
        tx.commit().await?;
        replan.after_commit(self).await;
        Ok(())
    }
}
