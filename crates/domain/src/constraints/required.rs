//! Required groups from `require` rules (section 5 of [`crate::constraints`]).

use std::collections::{BTreeMap, BTreeSet};

use super::ConstraintInput;
use crate::exercise::{Exercise, ExerciseId};
use crate::muscle::Muscle;
use crate::rules::{MovementRule, RuleType};

/// One group per `require` rule in force and not yet met this microcycle, when
/// today's targets fit it or today is the microcycle's last training day. A
/// rule no allowed exercise can meet is skipped with a note.
pub(super) fn required_groups(
    input: &ConstraintInput<'_>,
    rules: &[&MovementRule],
    allowed: &BTreeSet<ExerciseId>,
    targets: &BTreeMap<Muscle, f64>,
    notes: &mut Vec<String>,
) -> Vec<Vec<ExerciseId>> {
    let by_id: BTreeMap<ExerciseId, &Exercise> = input.catalog.iter().map(|e| (e.id, e)).collect();
    let last_chance = input
        .microcycle
        .remaining_training_days(input.day.day_index)
        <= 1;
    let mut groups = Vec::new();
    for rule in rules.iter().filter(|r| r.rule_type == RuleType::Require) {
        let met = input
            .done_this_microcycle
            .iter()
            .filter_map(|id| by_id.get(id))
            .any(|ex| rule.matches(ex));
        if met {
            continue;
        }
        let group: Vec<&Exercise> = input
            .catalog
            .iter()
            .filter(|ex| allowed.contains(&ex.id) && rule.matches(ex))
            .collect();
        if group.is_empty() {
            notes.push(format!(
                "Required {} is not possible today (equipment, rules or recovery)",
                rule.target.describe()
            ));
            continue;
        }
        let fits = group
            .iter()
            .any(|ex| ex.primary_muscles.iter().any(|m| targets.contains_key(m)));
        if fits || last_chance {
            groups.push(group.iter().map(|ex| ex.id).collect());
            notes.push(format!("Including required {}", rule.target.describe()));
        }
    }
    groups
}
