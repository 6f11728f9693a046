//! `POST /api/settings/movement-rules`: a new movement rule ([`MovementRuleCreate`]).

use chrono::NaiveDate;
use gainsly_domain::{MovementPattern, Muscle, RuleType};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A new movement rule: exactly one of `exercise_id`, `movement_pattern`, `muscle`.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MovementRuleCreate {
    pub rule_type: RuleType,
    /// A catalog exercise id (ids run from 1 to the catalog's size, 351).
    #[schema(minimum = 1, maximum = 351)]
    pub exercise_id: Option<i64>,
    pub movement_pattern: Option<MovementPattern>,
    /// Matches exercises that train it as a primary muscle.
    pub muscle: Option<Muscle>,
    /// At most 500 characters (e.g. the injury).
    #[schema(max_length = 500)]
    pub reason: Option<String>,
    /// Last day the rule applies (inclusive); absent = indefinitely.
    pub expires_on: Option<NaiveDate>,
}
