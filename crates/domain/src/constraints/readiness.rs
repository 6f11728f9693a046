//! Readiness: energy/sleep adjustments and which muscles are ready for work today.

use std::collections::{BTreeMap, BTreeSet};

use super::ConstraintInput;
use crate::muscle::Muscle;
use crate::recovery::DEFAULT_READY_THRESHOLD_PCT;

/// Volume factor and RPE drop from energy (1–10) and sleep hours (our choice:
/// energy ≤ 3 → ×0.7 and −1 RPE, ≤ 5 → ×0.85; sleep < 5 h → ×0.7 and −1 RPE,
/// < 6 h → ×0.85; combined multiplicatively, not below ×0.5, drop at most 1.5).
pub fn readiness_adjustment(energy: Option<f64>, sleep_hours: Option<f64>) -> (f64, f64) {
    let (mut factor, mut drop) = (1.0_f64, 0.0_f64);
    match energy {
        Some(e) if e <= 3.0 => {
            factor *= 0.7;
            drop += 1.0;
        }
        Some(e) if e <= 5.0 => factor *= 0.85,
        _ => {}
    }
    match sleep_hours {
        Some(s) if s < 5.0 => {
            factor *= 0.7;
            drop += 1.0;
        }
        Some(s) if s < 6.0 => factor *= 0.85,
        _ => {}
    }
    (factor.max(0.5), drop.min(1.5))
}

/// Today's effective recovery per muscle and the muscles it rules out.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Readiness {
    /// Percent recovered: the recovery state, worsened by today's reported soreness.
    pub recovery: BTreeMap<Muscle, f64>,
    /// Under the threshold: no direct (primary) work.
    pub not_ready: BTreeSet<Muscle>,
    /// Under half the threshold: no work at all.
    pub exhausted: BTreeSet<Muscle>,
}

impl Readiness {
    /// Assesses every muscle and explains each one dropped in `notes`.
    pub fn assess(input: &ConstraintInput<'_>, notes: &mut Vec<String>) -> Self {
        let threshold = if input.ready_threshold_pct.is_finite() {
            input.ready_threshold_pct.clamp(0.0, 100.0)
        } else {
            DEFAULT_READY_THRESHOLD_PCT
        };
        let sore_today = input.signals.soreness();
        let recovery: BTreeMap<Muscle, f64> = Muscle::ALL
            .iter()
            .map(|&m| {
                let state = input.recovery.recovery_pct(m);
                let today = sore_today.get(&m).map_or(100.0, |l| 100.0 - l * 10.0);
                (m, state.min(today).clamp(0.0, 100.0))
            })
            .collect();
        let below = |limit: f64| -> BTreeSet<Muscle> {
            recovery
                .iter()
                .filter(|(_, r)| **r < limit)
                .map(|(m, _)| *m)
                .collect()
        };
        let not_ready = below(threshold);
        let exhausted = below(threshold / 2.0);
        for m in &not_ready {
            let pct = recovery.get(m).copied().unwrap_or(0.0);
            let why = match (sore_today.get(m), input.recovery.get(*m)) {
                (Some(level), _) if 100.0 - level * 10.0 <= pct + 1e-9 => {
                    format!("soreness {level:.0}/10")
                }
                (_, Some(s)) if s.soreness >= 0.5 && s.soreness * 10.0 >= 100.0 - pct - 1e-9 => {
                    format!("soreness {:.0}/10", s.soreness)
                }
                _ => format!("{pct:.0} % recovered"),
            };
            let what = if exhausted.contains(m) {
                "all work"
            } else {
                "direct work"
            };
            notes.push(format!("Dropped {what} on {m}: {why}"));
        }
        Readiness {
            recovery,
            not_ready,
            exhausted,
        }
    }
}
