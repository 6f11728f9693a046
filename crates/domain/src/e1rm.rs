//! Estimated one-rep max (e1RM) from a set's weight, reps and RPE.
//!
//! Formulas and limits are those of coaching.md ("e1RM formulas"). With an
//! RPE, the reps counted are `reps + (10 - rpe)` (reps in reserve added back).
//! Reps outside 1–30 are rejected; estimates from more than 12 effective reps
//! are flagged unreliable (they must never raise the user's best).
//!
//! Every result is finite: Brzycki is undefined at r ≥ 37, so effective reps
//! are clamped to [`FORMULA_MAX_REPS`] (30) before any formula is applied — at
//! that point the estimate is flagged unreliable anyway. A true single
//! (effective reps ≤ 1) is the 1RM by definition, for every formula.

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::profile::E1rmFormula;

/// Fewest reps a logged set may have (api.md: reps 1–30).
pub const MIN_REPS: u32 = 1;
/// Most reps a logged set may have (api.md: reps 1–30).
pub const MAX_REPS: u32 = 30;
/// Lowest RPE accepted (api.md: 1–10, step 0.5).
pub const MIN_RPE: f64 = 1.0;
/// Highest RPE accepted: a set to failure.
pub const MAX_RPE: f64 = 10.0;
/// Estimates from more effective reps than this are unreliable (coaching.md; Reynolds 2006).
pub const RELIABLE_MAX_EFFECTIVE_REPS: f64 = 12.0;
/// Effective reps are clamped here before a formula is applied (Brzycki diverges at 37).
pub const FORMULA_MAX_REPS: f64 = 30.0;
/// Heaviest weight accepted, kg (api.md: `weight_kg` ≤ 1000).
pub const MAX_WEIGHT_KG: f64 = 1000.0;

/// An e1RM estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct E1rmEstimate {
    /// The estimated one-rep max in kilograms.
    pub e1rm_kg: f64,
    /// The reps counted: reps + (10 − RPE).
    pub effective_reps: f64,
    /// False when the estimate came from more than 12 effective reps.
    pub reliable: bool,
    /// The formula used.
    pub formula: E1rmFormula,
}

/// Checks an RPE: 1–10 in steps of 0.5.
pub fn validate_rpe(rpe: f64) -> Result<f64, DomainError> {
    if rpe.is_finite() && (MIN_RPE..=MAX_RPE).contains(&rpe) && (rpe * 2.0).fract() == 0.0 {
        Ok(rpe)
    } else {
        Err(DomainError::invalid(
            "rpe",
            "must be between 1 and 10 in steps of 0.5",
        ))
    }
}

/// Checks reps against 1–30.
pub fn validate_reps(reps: u32) -> Result<u32, DomainError> {
    if (MIN_REPS..=MAX_REPS).contains(&reps) {
        Ok(reps)
    } else {
        Err(DomainError::OutOfRange {
            field: "reps",
            min: f64::from(MIN_REPS),
            max: f64::from(MAX_REPS),
            value: f64::from(reps),
        })
    }
}

/// Effective reps: `reps + (10 - rpe)`; `reps` when there is no RPE.
pub fn effective_reps(reps: u32, rpe: Option<f64>) -> Result<f64, DomainError> {
    let reps = f64::from(validate_reps(reps)?);
    match rpe {
        None => Ok(reps),
        Some(r) => Ok(reps + (MAX_RPE - validate_rpe(r)?)),
    }
}

/// The raw formula: 1RM from `weight` and (possibly fractional) `reps`.
///
/// Reps are clamped to 1..=[`FORMULA_MAX_REPS`]; `reps <= 1` gives `weight`.
/// Non-finite or negative weights give 0. Always finite.
pub fn one_rep_max(formula: E1rmFormula, weight: f64, reps: f64) -> f64 {
    if !weight.is_finite() || weight <= 0.0 {
        return 0.0;
    }
    let r = if reps.is_finite() { reps } else { 1.0 }.clamp(1.0, FORMULA_MAX_REPS);
    if r <= 1.0 {
        return weight;
    }
    let w = weight;
    let est = match formula {
        // Brzycki 1993: w · 36 / (37 − r)
        E1rmFormula::Brzycki => w * 36.0 / (37.0 - r),
        // Epley 1985: w · (1 + r/30)
        E1rmFormula::Epley => w * (1.0 + r / 30.0),
        // Lombardi 1989: w · r^0.10
        E1rmFormula::Lombardi => w * r.powf(0.10),
        // O'Conner et al. 1989: w · (1 + 0.025 r)
        E1rmFormula::Oconner => w * (1.0 + 0.025 * r),
        // Mayhew et al. 1992: 100 w / (52.2 + 41.9 e^(−0.055 r))
        E1rmFormula::Mayhew => 100.0 * w / (52.2 + 41.9 * (-0.055 * r).exp()),
        // Wathan 1994: 100 w / (48.8 + 53.8 e^(−0.075 r))
        E1rmFormula::Wathan => 100.0 * w / (48.8 + 53.8 * (-0.075 * r).exp()),
    };
    // Guard: a true single is the floor of every estimate.
    est.max(w)
}

/// Estimates the e1RM of a set: validates weight (0–1000 kg), reps (1–30) and
/// RPE (1–10, step 0.5), adds reps in reserve back and applies the formula.
pub fn estimate(
    formula: E1rmFormula,
    weight_kg: f64,
    reps: u32,
    rpe: Option<f64>,
) -> Result<E1rmEstimate, DomainError> {
    DomainError::check_range("weight_kg", weight_kg, 0.0, MAX_WEIGHT_KG)?;
    let eff = effective_reps(reps, rpe)?;
    Ok(E1rmEstimate {
        e1rm_kg: one_rep_max(formula, weight_kg, eff),
        effective_reps: eff,
        reliable: eff <= RELIABLE_MAX_EFFECTIVE_REPS,
        formula,
    })
}

/// The best e1RM among estimates, ignoring unreliable ones (> 12 effective
/// reps never raise the user's best; coaching.md).
pub fn best_reliable<'a>(estimates: impl IntoIterator<Item = &'a E1rmEstimate>) -> Option<f64> {
    estimates
        .into_iter()
        .filter(|e| e.reliable && e.e1rm_kg.is_finite())
        .map(|e| e.e1rm_kg)
        .max_by(f64::total_cmp)
}

/// Whether a new estimate is a personal record over `previous_best`: only a
/// reliable estimate strictly above the previous best (or the first one) counts.
pub fn is_pr(estimate: &E1rmEstimate, previous_best: Option<f64>) -> bool {
    estimate.reliable && previous_best.is_none_or(|b| estimate.e1rm_kg > b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.01
    }

    #[test]
    fn known_values() {
        use E1rmFormula::*;
        assert!(close(one_rep_max(Brzycki, 100.0, 5.0), 112.5));
        assert!(close(one_rep_max(Epley, 100.0, 5.0), 116.67));
        assert!(close(one_rep_max(Lombardi, 100.0, 5.0), 117.46));
        assert!(close(one_rep_max(Oconner, 100.0, 5.0), 112.5));
        assert!(close(
            one_rep_max(Mayhew, 100.0, 5.0),
            100.0 / (0.522 + 0.419 * (-0.275f64).exp())
        ));
        assert!(close(
            one_rep_max(Wathan, 100.0, 10.0),
            100.0 / (0.488 + 0.538 * (-0.75f64).exp())
        ));
        for f in E1rmFormula::ALL {
            assert_eq!(one_rep_max(*f, 140.0, 1.0), 140.0, "{f}");
        }
    }

    #[test]
    fn rpe_adds_reps_in_reserve() {
        assert_eq!(effective_reps(5, Some(8.0)).unwrap(), 7.0);
        assert_eq!(effective_reps(5, None).unwrap(), 5.0);
        let e = estimate(E1rmFormula::Brzycki, 100.0, 3, Some(8.0)).unwrap();
        assert!(close(e.e1rm_kg, 112.5));
        assert!(e.reliable);
    }

    #[test]
    fn rejects_bad_input() {
        assert!(estimate(E1rmFormula::Brzycki, 100.0, 0, None).is_err());
        assert!(estimate(E1rmFormula::Brzycki, 100.0, 31, None).is_err());
        assert!(estimate(E1rmFormula::Brzycki, 100.0, 5, Some(8.3)).is_err());
        assert!(estimate(E1rmFormula::Brzycki, 100.0, 5, Some(0.5)).is_err());
        assert!(estimate(E1rmFormula::Brzycki, f64::NAN, 5, None).is_err());
        assert!(estimate(E1rmFormula::Brzycki, -1.0, 5, None).is_err());
    }

    #[test]
    fn high_reps_unreliable_and_finite() {
        let e = estimate(E1rmFormula::Brzycki, 50.0, 30, Some(1.0)).unwrap();
        assert!(!e.reliable);
        assert!(e.e1rm_kg.is_finite());
        assert_eq!(e.effective_reps, 39.0);
        let e = estimate(E1rmFormula::Epley, 50.0, 13, None).unwrap();
        assert!(!e.reliable);
        let e = estimate(E1rmFormula::Epley, 50.0, 12, None).unwrap();
        assert!(e.reliable);
    }

    #[test]
    fn best_ignores_unreliable() {
        let good = estimate(E1rmFormula::Brzycki, 100.0, 5, None).unwrap();
        let high = estimate(E1rmFormula::Brzycki, 90.0, 20, None).unwrap();
        assert!(high.e1rm_kg > good.e1rm_kg);
        assert_eq!(best_reliable([&good, &high]), Some(good.e1rm_kg));
        assert_eq!(best_reliable([&high]), None);
        assert!(is_pr(&good, None));
        assert!(is_pr(&good, Some(110.0)));
        assert!(!is_pr(&good, Some(112.5)));
        assert!(!is_pr(&high, Some(10.0)));
    }

    proptest! {
        #[test]
        fn finite_and_monotonic(
            f in 0usize..6,
            w in 0.0f64..1000.0,
            dw in 0.0f64..100.0,
            reps in 1u32..=30,
            rpe2 in 2u32..=20,
        ) {
            let formula = E1rmFormula::ALL[f];
            let rpe = Some(f64::from(rpe2) / 2.0);
            let a = estimate(formula, w, reps, rpe).unwrap().e1rm_kg;
            prop_assert!(a.is_finite() && a >= 0.0);
            let heavier = estimate(formula, (w + dw).min(MAX_WEIGHT_KG), reps, rpe).unwrap().e1rm_kg;
            prop_assert!(heavier >= a - 1e-9);
            if reps < MAX_REPS {
                let more = estimate(formula, w, reps + 1, rpe).unwrap().e1rm_kg;
                prop_assert!(more >= a - 1e-9);
            }
        }
    }
}
