//! Training goals and the "ten-dollar" goal weighting.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::macros::wire_enum;

wire_enum! {
    /// What a program trains for.
    pub enum Goal {
        Strength => "strength",
        Hypertrophy => "hypertrophy",
        Endurance => "endurance",
        FatLoss => "fat_loss",
        Mobility => "mobility",
        Explosiveness => "explosiveness",
        Speed => "speed",
    }
}

/// One goal with its weight (0–10).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GoalWeight {
    pub goal: Goal,
    /// 0 to 10; the weights of a program sum to exactly 10.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10))]
    pub weight: f64,
}

/// The total every program's goal weights add up to: the "ten-dollar" split.
pub const GOAL_WEIGHT_TOTAL: f64 = 10.0;

/// A program's goals: 1–3 distinct goals whose weights (each 0–10) sum to 10.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct GoalWeights(Vec<GoalWeight>);

impl GoalWeights {
    /// Parses goal weights, naming the offending field (`goals[1].weight`) on error.
    pub fn new(goals: Vec<GoalWeight>) -> Result<Self, DomainError> {
        if goals.is_empty() || goals.len() > 3 {
            return Err(DomainError::invalid("goals", "must have 1 to 3 entries"));
        }
        let mut seen = BTreeSet::new();
        for (i, g) in goals.iter().enumerate() {
            if !(g.weight.is_finite() && (0.0..=GOAL_WEIGHT_TOTAL).contains(&g.weight)) {
                return Err(DomainError::invalid(
                    format!("goals[{i}].weight"),
                    "must be between 0 and 10",
                ));
            }
            if !seen.insert(g.goal) {
                return Err(DomainError::invalid(
                    format!("goals[{i}].goal"),
                    "goals must be distinct",
                ));
            }
        }
        let sum: f64 = goals.iter().map(|g| g.weight).sum();
        if (sum - GOAL_WEIGHT_TOTAL).abs() > 1e-9 {
            return Err(DomainError::invalid(
                "goals",
                "weights must sum to exactly 10",
            ));
        }
        Ok(GoalWeights(goals))
    }

    /// The goals with their weights.
    pub fn as_slice(&self) -> &[GoalWeight] {
        &self.0
    }

    /// Each goal's share of the total (weights / 10), for blending.
    pub fn shares(&self) -> impl Iterator<Item = (Goal, f64)> + '_ {
        self.0
            .iter()
            .map(|g| (g.goal, g.weight / GOAL_WEIGHT_TOTAL))
    }

    /// The share (0–1) of one goal.
    pub fn share_of(&self, goal: Goal) -> f64 {
        self.shares()
            .filter(|(g, _)| *g == goal)
            .map(|(_, s)| s)
            .sum()
    }
}

impl<'de> Deserialize<'de> for GoalWeights {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Vec::<GoalWeight>::deserialize(d)?;
        GoalWeights::new(raw).map_err(serde::de::Error::custom)
    }
}
