//! Units of the files and the one place where they become kilograms and metres.
//!
//! Exports write weights in kilograms or pounds and distances in metres,
//! kilometres, miles, feet or yards; where the unit comes from differs by
//! format (the header, a column on every row, or the user's display unit).
//! Whatever the source, a value is converted by [`to_kg`] or [`to_metres`]
//! exactly once, in the row parsers, and nowhere else.

use std::fmt;

use gainsly_domain::load::KG_PER_LB;
use serde::Serialize;

/// Metres per international mile.
pub const METRES_PER_MILE: f64 = 1_609.344;
/// Metres per international foot.
pub const METRES_PER_FOOT: f64 = 0.304_8;
/// Metres per international yard.
pub const METRES_PER_YARD: f64 = 0.914_4;

/// A weight unit as written in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightUnit {
    Kg,
    Lb,
}

impl WeightUnit {
    /// Reads a unit as the apps write it (`kg`, `kgs`, `lb`, `lbs`, …; any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "kg" | "kgs" | "kilogram" | "kilograms" => Some(WeightUnit::Kg),
            "lb" | "lbs" | "pound" | "pounds" => Some(WeightUnit::Lb),
            _ => None,
        }
    }

    pub const fn as_str(self) -> &'static str {
        match self {
            WeightUnit::Kg => "kg",
            WeightUnit::Lb => "lb",
        }
    }
}

/// A distance unit as written in an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DistanceUnit {
    M,
    Km,
    Mi,
    Ft,
    Yd,
}

impl DistanceUnit {
    /// Reads a unit as the apps write it (`m`, `meters`, `km`, `mi`, `miles`, `ft`, …; any case).
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "m" | "meter" | "meters" | "metre" | "metres" => Some(DistanceUnit::M),
            "km" | "kms" | "kilometer" | "kilometers" | "kilometre" | "kilometres" => {
                Some(DistanceUnit::Km)
            }
            "mi" | "mile" | "miles" => Some(DistanceUnit::Mi),
            "ft" | "foot" | "feet" => Some(DistanceUnit::Ft),
            "yd" | "yds" | "yard" | "yards" => Some(DistanceUnit::Yd),
            _ => None,
        }
    }
}

/// The units a user sees in their app: Strong's plain comma dialect writes
/// values in them without saying which, so the caller passes them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisplayUnits {
    pub weight: WeightUnit,
    pub distance: DistanceUnit,
}

impl DisplayUnits {
    /// Kilograms and kilometres.
    pub const fn metric() -> Self {
        DisplayUnits {
            weight: WeightUnit::Kg,
            distance: DistanceUnit::Km,
        }
    }

    /// Pounds and miles.
    pub const fn imperial() -> Self {
        DisplayUnits {
            weight: WeightUnit::Lb,
            distance: DistanceUnit::Mi,
        }
    }
}

impl Default for DisplayUnits {
    fn default() -> Self {
        DisplayUnits::metric()
    }
}

impl From<gainsly_domain::Units> for DisplayUnits {
    /// A profile's `kg` user sees kilometres, its `lb` user miles (the apps pair them so).
    fn from(units: gainsly_domain::Units) -> Self {
        match units {
            gainsly_domain::Units::Kg => DisplayUnits::metric(),
            gainsly_domain::Units::Lb => DisplayUnits::imperial(),
        }
    }
}

/// The weight units a file used, as the import report states them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Units {
    Kg,
    Lb,
    /// Rows in kilograms and rows in pounds (formats with a unit on every row).
    Mixed,
}

impl Units {
    pub const fn as_str(self) -> &'static str {
        match self {
            Units::Kg => "kg",
            Units::Lb => "lb",
            Units::Mixed => "mixed",
        }
    }
}

impl fmt::Display for Units {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which weight units the rows read so far were in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct UnitsSeen {
    kg: bool,
    lb: bool,
}

impl UnitsSeen {
    pub(crate) fn record(&mut self, unit: WeightUnit) {
        match unit {
            WeightUnit::Kg => self.kg = true,
            WeightUnit::Lb => self.lb = true,
        }
    }

    /// What the report says; `default` when no row carried a weight.
    pub(crate) fn units(self, default: WeightUnit) -> Units {
        match (self.kg, self.lb) {
            (true, true) => Units::Mixed,
            (true, false) => Units::Kg,
            (false, true) => Units::Lb,
            (false, false) => match default {
                WeightUnit::Kg => Units::Kg,
                WeightUnit::Lb => Units::Lb,
            },
        }
    }
}

/// The one conversion of a weight to kilograms (pounds × 0.45359237).
pub fn to_kg(value: f64, unit: WeightUnit) -> f64 {
    match unit {
        WeightUnit::Kg => value,
        WeightUnit::Lb => value * KG_PER_LB,
    }
}

/// The one conversion of a distance to metres.
pub fn to_metres(value: f64, unit: DistanceUnit) -> f64 {
    match unit {
        DistanceUnit::M => value,
        DistanceUnit::Km => value * 1_000.0,
        DistanceUnit::Mi => value * METRES_PER_MILE,
        DistanceUnit::Ft => value * METRES_PER_FOOT,
        DistanceUnit::Yd => value * METRES_PER_YARD,
    }
}

/// Reads a number as the apps write it: empty is `None`; `72.5`, `72,5`
/// (decimal comma, from locales that separate fields with semicolons) and
/// float noise such as `74.99999999999999` are numbers (the noise is rounded
/// away later, by the set's constructor). `NaN`, infinities and anything
/// else are `Err(())`.
#[allow(clippy::result_unit_err)] // the caller names the column and value
pub fn parse_number(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let ok = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-' | b'+' | b'e' | b'E'));
    if !ok {
        return Err(());
    }
    let value = if text.contains(',') {
        if text.contains('.') || text.matches(',').count() > 1 {
            return Err(());
        }
        text.replacen(',', ".", 1).parse::<f64>()
    } else {
        text.parse::<f64>()
    };
    match value {
        Ok(v) if v.is_finite() => Ok(Some(v)),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_become_kilograms_by_the_international_pound() {
        assert_eq!(to_kg(100.0, WeightUnit::Kg), 100.0);
        assert!((to_kg(225.0, WeightUnit::Lb) - 102.058_283_25).abs() < 1e-9);
    }

    #[test]
    fn distances_become_metres() {
        assert_eq!(to_metres(5.0, DistanceUnit::Km), 5_000.0);
        assert_eq!(to_metres(1.0, DistanceUnit::Mi), 1_609.344);
        assert_eq!(to_metres(400.0, DistanceUnit::M), 400.0);
        assert!((to_metres(100.0, DistanceUnit::Ft) - 30.48).abs() < 1e-9);
        assert!((to_metres(100.0, DistanceUnit::Yd) - 91.44).abs() < 1e-9);
    }

    #[test]
    fn units_are_read_as_the_apps_write_them() {
        assert_eq!(WeightUnit::parse("kgs"), Some(WeightUnit::Kg));
        assert_eq!(WeightUnit::parse(" LBS "), Some(WeightUnit::Lb));
        assert_eq!(WeightUnit::parse("stone"), None);
        assert_eq!(DistanceUnit::parse("Miles"), Some(DistanceUnit::Mi));
        assert_eq!(DistanceUnit::parse("meters"), Some(DistanceUnit::M));
        assert_eq!(DistanceUnit::parse("km"), Some(DistanceUnit::Km));
        assert_eq!(DistanceUnit::parse("leagues"), None);
    }

    #[test]
    fn numbers_accept_noise_and_decimal_commas_but_not_garbage() {
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("  "), Ok(None));
        assert_eq!(parse_number("80"), Ok(Some(80.0)));
        assert_eq!(parse_number("72,5"), Ok(Some(72.5)));
        assert_eq!(
            parse_number("74.99999999999999"),
            Ok(Some(74.999_999_999_999_99))
        );
        assert_eq!(parse_number("-5"), Ok(Some(-5.0)));
        for bad in ["abc", "NaN", "inf", "1,2,3", "1.5,2", "1e999", "12kg"] {
            assert_eq!(parse_number(bad), Err(()), "{bad}");
        }
    }

    #[test]
    fn the_report_names_the_units_seen() {
        let mut seen = UnitsSeen::default();
        assert_eq!(seen.units(WeightUnit::Lb), Units::Lb);
        seen.record(WeightUnit::Kg);
        assert_eq!(seen.units(WeightUnit::Lb), Units::Kg);
        seen.record(WeightUnit::Lb);
        assert_eq!(seen.units(WeightUnit::Kg), Units::Mixed);
    }

    #[test]
    fn profile_units_pair_weight_and_distance() {
        assert_eq!(
            DisplayUnits::from(gainsly_domain::Units::Lb),
            DisplayUnits::imperial()
        );
        assert_eq!(DisplayUnits::default(), DisplayUnits::metric());
    }
}
