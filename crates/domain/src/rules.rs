//! Movement rules: the user's standing `avoid` / `prefer` / `require` choices.
//!
//! A rule targets one exercise, one movement pattern or one muscle. A muscle
//! target matches exercises that train it as a *primary* muscle (so avoiding
//! `lower_back` removes back extensions, not squats). A rule is in force up to
//! and including its `expires_on` date.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::exercise::{Exercise, ExerciseId};
use crate::macros::wire_enum;
use crate::muscle::Muscle;
use crate::pattern::MovementPattern;

wire_enum! {
    /// What a movement rule asks for.
    pub enum RuleType {
        Avoid => "avoid",
        Prefer => "prefer",
        Require => "require",
    }
}

/// What a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RuleTarget {
    /// One catalog exercise.
    Exercise(ExerciseId),
    /// Every exercise of a movement pattern.
    Pattern(MovementPattern),
    /// Every exercise with this primary muscle.
    Muscle(Muscle),
}

impl RuleTarget {
    /// Builds a target from api.md's three optional fields: exactly one must be set.
    pub fn from_fields(
        exercise_id: Option<ExerciseId>,
        movement_pattern: Option<MovementPattern>,
        muscle: Option<Muscle>,
    ) -> Result<Self, DomainError> {
        match (exercise_id, movement_pattern, muscle) {
            (Some(id), None, None) if id.0 > 0 => Ok(RuleTarget::Exercise(id)),
            (Some(_), None, None) => Err(DomainError::invalid("exercise_id", "must be positive")),
            (None, Some(p), None) => Ok(RuleTarget::Pattern(p)),
            (None, None, Some(m)) => Ok(RuleTarget::Muscle(m)),
            _ => Err(DomainError::invalid(
                "exercise_id",
                "exactly one of exercise_id, movement_pattern or muscle is required",
            )),
        }
    }

    /// Whether an exercise matches the target.
    pub fn matches(&self, exercise: &Exercise) -> bool {
        match *self {
            RuleTarget::Exercise(id) => exercise.id == id,
            RuleTarget::Pattern(p) => exercise.movement_pattern == p,
            RuleTarget::Muscle(m) => exercise.is_major_mover(m),
        }
    }

    /// A short human description ("exercise 12", "pattern hinge", "muscle chest").
    pub fn describe(&self) -> String {
        match self {
            RuleTarget::Exercise(id) => format!("exercise {id}"),
            RuleTarget::Pattern(p) => format!("pattern {p}"),
            RuleTarget::Muscle(m) => format!("muscle {m}"),
        }
    }
}

/// A movement rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MovementRule {
    /// Avoid, prefer or require.
    pub rule_type: RuleType,
    /// What the rule applies to.
    pub target: RuleTarget,
    /// Last day the rule applies; `None` = indefinitely.
    pub expires_on: Option<NaiveDate>,
}

impl MovementRule {
    /// Whether the rule applies on `date` (through `expires_on` inclusive).
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.expires_on.is_none_or(|e| date <= e)
    }

    /// Whether the rule's target matches an exercise.
    pub fn matches(&self, exercise: &Exercise) -> bool {
        self.target.matches(exercise)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::{Equipment, Mechanics, Tracking};

    pub(crate) fn ex(
        id: i64,
        pattern: MovementPattern,
        primary: &[Muscle],
        secondary: &[Muscle],
    ) -> Exercise {
        Exercise {
            id: ExerciseId(id),
            slug: format!("ex-{id}"),
            name: format!("Exercise {id}"),
            movement_pattern: pattern,
            mechanics: if pattern.is_main() {
                Mechanics::Compound
            } else {
                Mechanics::Isolation
            },
            primary_muscles: primary.to_vec(),
            secondary_muscles: secondary.to_vec(),
            equipment: vec![Equipment::Barbell],
            unilateral: false,
            fatigue: 3,
            skill: 2,
            tracking: Tracking::WeightReps,
        }
    }

    #[test]
    fn matching_and_expiry() {
        let squat = ex(
            1,
            MovementPattern::Squat,
            &[Muscle::Quads],
            &[Muscle::LowerBack],
        );
        let d = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let r = MovementRule {
            rule_type: RuleType::Avoid,
            target: RuleTarget::Muscle(Muscle::LowerBack),
            expires_on: Some(d),
        };
        assert!(!r.matches(&squat));
        assert!(r.in_force(d));
        assert!(!r.in_force(d.succ_opt().unwrap()));
        assert!(RuleTarget::Pattern(MovementPattern::Squat).matches(&squat));
        assert!(RuleTarget::Muscle(Muscle::Quads).matches(&squat));
        assert!(RuleTarget::Exercise(ExerciseId(1)).matches(&squat));
        assert!(
            RuleTarget::from_fields(Some(ExerciseId(1)), Some(MovementPattern::Squat), None)
                .is_err()
        );
        assert!(RuleTarget::from_fields(None, None, None).is_err());
        assert_eq!(
            RuleTarget::from_fields(None, None, Some(Muscle::Chest)).unwrap(),
            RuleTarget::Muscle(Muscle::Chest)
        );
        assert_eq!(
            serde_json::to_string(&RuleTarget::Pattern(MovementPattern::Hinge)).unwrap(),
            r#"{"pattern":"hinge"}"#
        );
    }
}
