//! Load prescription: %1RM from reps and RPE (RTS chart), suggested load from
//! an e1RM, rounded down to the plate increment.
//!
//! The chart (coaching.md, "RPE → %1RM", after Tuchscherer's RTS table) gives
//! rows for RPE 10 and 9.5 over reps 1–12; each full RPE point lower shifts
//! one column to the right, so 5 reps @ RPE 8 = 7 reps @ RPE 10 = 81.1 %.
//! Values outside the chart (fractional reps or RPE, or shifted past 12
//! columns) use the smooth form of coaching.md.

use crate::profile::Units;

/// RTS chart, RPE 10, reps 1–12 (coaching.md).
pub const RTS_RPE_10: [f64; 12] = [
    100.0, 95.5, 92.2, 89.2, 86.3, 83.7, 81.1, 78.6, 76.2, 73.9, 70.7, 68.0,
];
/// RTS chart, RPE 9.5, reps 1–12 (coaching.md).
pub const RTS_RPE_9_5: [f64; 12] = [
    97.8, 93.9, 90.7, 87.8, 85.0, 82.4, 79.9, 77.4, 75.1, 72.3, 69.4, 66.7,
];
/// The smooth form is floored here (coaching.md).
pub const MIN_PERCENT_1RM: f64 = 50.0;
/// Plate increment for kilogram users (coaching.md).
pub const PLATE_INCREMENT_KG: f64 = 2.5;
/// Plate increment for pound users, in pounds (coaching.md).
pub const PLATE_INCREMENT_LB: f64 = 5.0;
/// Kilograms per pound (international avoirdupois pound).
pub const KG_PER_LB: f64 = 0.453_592_37;

/// Smooth %1RM (coaching.md): x = (10 − RPE) + (reps − 1);
/// 0.347619x² − 4.60714x + 99.9667 for x ≤ 2.92, else −2.64249x + 97.0955,
/// floored at 50 % (and capped at 100 %).
pub fn percent_1rm_smooth(reps: f64, rpe: f64) -> f64 {
    let x = ((10.0 - rpe) + (reps - 1.0)).max(0.0);
    let p = if x <= 2.92 {
        0.347_619 * x * x - 4.607_14 * x + 99.966_7
    } else {
        -2.642_49 * x + 97.095_5
    };
    if p.is_finite() {
        p.clamp(MIN_PERCENT_1RM, 100.0)
    } else {
        MIN_PERCENT_1RM
    }
}

/// The chart value for integer `reps` 1–12 and a half-point `rpe`, if in the chart.
pub fn percent_1rm_chart(reps: f64, rpe: f64) -> Option<f64> {
    if reps.fract() != 0.0 || !(1.0..=12.0).contains(&reps) || (rpe * 2.0).fract() != 0.0 {
        return None;
    }
    if !(1.0..=10.0).contains(&rpe) {
        return None;
    }
    let (row, shift) = if rpe.fract() == 0.0 {
        (&RTS_RPE_10, 10.0 - rpe)
    } else {
        (&RTS_RPE_9_5, 9.5 - rpe)
    };
    let col = (reps - 1.0 + shift) as usize;
    row.get(col).copied()
}

/// %1RM (0–100) for `reps` at `rpe`: the RTS chart where it applies, else the smooth form.
pub fn percent_1rm(reps: f64, rpe: f64) -> f64 {
    percent_1rm_chart(reps, rpe).unwrap_or_else(|| percent_1rm_smooth(reps, rpe))
}

/// The plate increment in kilograms for a profile's units (5 lb = 2.26796 kg).
pub fn plate_increment_kg(units: Units) -> f64 {
    match units {
        Units::Kg => PLATE_INCREMENT_KG,
        Units::Lb => PLATE_INCREMENT_LB * KG_PER_LB,
    }
}

/// Rounds a load (kg) down to the plate increment: 2.5 kg, or for lb users 5 lb
/// (rounded in pounds, then converted back to kg). Non-finite or negative → 0.
pub fn round_down_to_plate(load_kg: f64, units: Units) -> f64 {
    if !load_kg.is_finite() || load_kg <= 0.0 {
        return 0.0;
    }
    // A tiny epsilon so that 80.0 / 2.5 = 31.999999… still floors to 32.
    const EPS: f64 = 1e-9;
    match units {
        Units::Kg => (load_kg / PLATE_INCREMENT_KG + EPS).floor() * PLATE_INCREMENT_KG,
        Units::Lb => {
            let lb = load_kg / KG_PER_LB;
            (lb / PLATE_INCREMENT_LB + EPS).floor() * PLATE_INCREMENT_LB * KG_PER_LB
        }
    }
}

/// Suggested working load in kg: e1RM × %1RM(reps, RPE), rounded down to the plate increment.
pub fn suggested_load(e1rm_kg: f64, reps: f64, rpe: f64, units: Units) -> f64 {
    round_down_to_plate(e1rm_kg * percent_1rm(reps, rpe) / 100.0, units)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_values() {
        assert_eq!(percent_1rm(5.0, 8.0), 81.1);
        assert_eq!(percent_1rm(7.0, 10.0), 81.1);
        assert_eq!(percent_1rm(1.0, 10.0), 100.0);
        assert_eq!(percent_1rm(3.0, 9.5), 90.7);
        assert_eq!(percent_1rm(4.0, 8.5), 85.0);
        assert_eq!(percent_1rm(12.0, 10.0), 68.0);
        // Shifted past the chart: smooth form.
        assert_eq!(percent_1rm(12.0, 8.0), percent_1rm_smooth(12.0, 8.0));
    }

    #[test]
    fn smooth_form() {
        assert!((percent_1rm_smooth(1.0, 10.0) - 99.9667).abs() < 1e-9);
        // x = 6 → −2.64249·6 + 97.0955 = 81.24
        assert!((percent_1rm_smooth(5.0, 8.0) - 81.24056).abs() < 1e-4);
        assert_eq!(percent_1rm_smooth(30.0, 1.0), MIN_PERCENT_1RM);
        assert!(percent_1rm(5.5, 7.75) > 50.0);
    }

    #[test]
    fn rounding() {
        assert_eq!(round_down_to_plate(82.4, Units::Kg), 80.0);
        assert_eq!(round_down_to_plate(82.5, Units::Kg), 82.5);
        assert_eq!(round_down_to_plate(-3.0, Units::Kg), 0.0);
        // 82.4 kg = 181.66 lb → 180 lb = 81.6466 kg
        assert!((round_down_to_plate(82.4, Units::Lb) - 180.0 * KG_PER_LB).abs() < 1e-9);
        assert!((plate_increment_kg(Units::Lb) - 2.26796).abs() < 1e-5);
    }

    #[test]
    fn suggested_loads() {
        // 100 kg e1RM, 5 @ 8 → 81.1 kg → 80 kg
        assert_eq!(suggested_load(100.0, 5.0, 8.0, Units::Kg), 80.0);
        // 140 kg × 0.811 = 113.54 → 112.5
        assert_eq!(suggested_load(140.0, 5.0, 8.0, Units::Kg), 112.5);
        // lb: 113.54 kg = 250.3 lb → 250 lb
        assert!((suggested_load(140.0, 5.0, 8.0, Units::Lb) - 250.0 * KG_PER_LB).abs() < 1e-9);
        assert_eq!(suggested_load(f64::NAN, 5.0, 8.0, Units::Kg), 0.0);
    }
}
