//! Movement rules: the user's standing avoid / prefer / require choices.

use chrono::{DateTime, Utc};
use gainsly_domain::{ExerciseId, MovementRule, RuleTarget};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::Executor;
use crate::entities::movement_rules as r;
use crate::error::{DbError, DbResult};
use crate::repo::profiles::{corrupt, parse_stored};

/// A stored rule.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRule {
    pub id: i64,
    /// Type, target and expiry, as the planner uses them.
    pub rule: MovementRule,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl TryFrom<r::Model> for StoredRule {
    type Error = DbError;
    fn try_from(m: r::Model) -> DbResult<Self> {
        let target = match (
            m.exercise_id,
            m.movement_pattern.as_deref(),
            m.muscle.as_deref(),
        ) {
            (Some(id), None, None) => RuleTarget::Exercise(ExerciseId(id)),
            (None, Some(p), None) => RuleTarget::Pattern(parse_stored("movement_pattern", p)?),
            (None, None, Some(mu)) => RuleTarget::Muscle(parse_stored("muscle", mu)?),
            _ => return Err(corrupt("movement rule target", &m.id.to_string())),
        };
        Ok(StoredRule {
            id: m.id,
            rule: MovementRule {
                rule_type: parse_stored("rule_type", &m.rule_type)?,
                target,
                expires_on: m.expires_on,
            },
            reason: m.reason,
            created_at: m.created_at,
        })
    }
}

/// The user's rules, oldest first (expired ones included; see [`MovementRule::in_force`]).
pub async fn list(db: &impl Executor, user_id: i64) -> DbResult<Vec<StoredRule>> {
    r::Entity::find()
        .filter(r::Column::UserId.eq(user_id))
        .order_by_asc(r::Column::Id)
        .all(db.conn())
        .await?
        .into_iter()
        .map(StoredRule::try_from)
        .collect()
}

/// Stores a rule.
pub async fn create(
    db: &impl Executor,
    user_id: i64,
    rule: MovementRule,
    reason: Option<String>,
) -> DbResult<StoredRule> {
    let (exercise_id, pattern, muscle) = match rule.target {
        RuleTarget::Exercise(id) => (Some(id.0), None, None),
        RuleTarget::Pattern(p) => (None, Some(p.as_str().to_owned()), None),
        RuleTarget::Muscle(m) => (None, None, Some(m.as_str().to_owned())),
    };
    let model = r::ActiveModel {
        user_id: Set(user_id),
        rule_type: Set(rule.rule_type.as_str().to_owned()),
        exercise_id: Set(exercise_id),
        movement_pattern: Set(pattern),
        muscle: Set(muscle),
        reason: Set(reason),
        expires_on: Set(rule.expires_on),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db.conn())
    .await?;
    model.try_into()
}

/// Deletes the user's rule; `false` when it does not exist or is someone else's.
pub async fn delete(db: &impl Executor, user_id: i64, id: i64) -> DbResult<bool> {
    let res = r::Entity::delete_many()
        .filter(r::Column::Id.eq(id))
        .filter(r::Column::UserId.eq(user_id))
        .exec(db.conn())
        .await?;
    Ok(res.rows_affected > 0)
}
