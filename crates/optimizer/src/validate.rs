//! Input checks: a malformed problem is an error, never a panic or a silent
//! wrong plan.

use std::collections::BTreeSet;

use gainsly_domain::selection::SelectionProblem;

use crate::error::OptimizerError;

fn finite_nonneg(what: &str, v: f64) -> Result<(), OptimizerError> {
    if v.is_finite() && v >= 0.0 {
        Ok(())
    } else {
        Err(OptimizerError::InvalidProblem(format!(
            "{what} must be a finite number ≥ 0, got {v}"
        )))
    }
}

/// Rejects non-finite or negative numbers, non-positive target weights, a
/// diminishing factor outside 0–1 and duplicated candidates.
pub(crate) fn validate(problem: &SelectionProblem) -> Result<(), OptimizerError> {
    let c = &problem.constraints;
    let w = &problem.weights;
    let mut ids = BTreeSet::new();
    for cand in &problem.candidates {
        let id = cand.exercise_id;
        if !ids.insert(id) {
            return Err(OptimizerError::InvalidProblem(format!(
                "candidate {id} listed twice"
            )));
        }
        finite_nonneg(&format!("minutes_per_set of {id}"), cand.minutes_per_set)?;
        finite_nonneg(&format!("fatigue of {id}"), cand.fatigue)?;
        if !cand.score.is_finite() {
            return Err(OptimizerError::InvalidProblem(format!(
                "score of {id} is not finite"
            )));
        }
        for (m, credit) in &cand.muscles {
            finite_nonneg(&format!("credit of {id} for {m}"), *credit)?;
        }
    }
    for (m, weight) in &c.target_muscles {
        if !(weight.is_finite() && *weight > 0.0) {
            return Err(OptimizerError::InvalidProblem(format!(
                "target weight of {m} must be finite and > 0, got {weight}"
            )));
        }
    }
    for (m, cap) in &c.muscle_caps {
        finite_nonneg(&format!("cap of {m}"), *cap)?;
    }
    finite_nonneg("available_minutes", c.available_minutes)?;
    finite_nonneg("warmup_minutes", c.warmup_minutes)?;
    finite_nonneg("transition_minutes", c.transition_minutes)?;
    finite_nonneg("min_target_sets", c.min_target_sets)?;
    for (name, v) in [
        ("stimulus", w.stimulus),
        ("full_value_sets", w.full_value_sets),
        ("fatigue_cost", w.fatigue_cost),
        ("equipment_cost", w.equipment_cost),
        ("balance", w.balance),
        ("preference_bonus", w.preference_bonus),
        ("llm_bonus", w.llm_bonus),
        ("score_bonus", w.score_bonus),
    ] {
        finite_nonneg(name, v)?;
    }
    if !(0.0..=1.0).contains(&w.diminishing_factor) {
        return Err(OptimizerError::InvalidProblem(format!(
            "diminishing_factor must be within 0–1, got {}",
            w.diminishing_factor
        )));
    }
    Ok(())
}
