//! Whole numbers as the API reads them: in a query string or path (`10`,
//! `10.0`, `1e1`) and in a JSON body (`7.0` where an integer goes). JSON
//! Schema's integers include numbers written with a zero fraction, so every
//! reader of a request (the REST extractors, the MCP tools) accepts them.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};

/// An integer as a path segment or query value: `10`, or a whole number
/// written like `10.0` or `1e1` (JSON Schema's integers include those).
pub fn parse_whole(raw: &str) -> Option<i64> {
    if let Ok(n) = raw.parse::<i64>() {
        return Some(n);
    }
    let f: f64 = raw.parse().ok()?;
    // -2^63 and 2^63 are exact in f64; inside them the cast is exact too.
    (f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f))
        .then_some(f as i64)
}

fn whole_from<'de, D: Deserializer<'de>, T: TryFrom<i64>>(raw: &str) -> Result<T, D::Error> {
    parse_whole(raw)
        .and_then(|n| T::try_from(n).ok())
        .ok_or_else(|| D::Error::custom(format!("`{raw}` is not an integer in range")))
}

/// `deserialize_with` for a required integer query parameter (see [`parse_whole`]).
pub fn whole<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<T, D::Error> {
    let raw = String::deserialize(d)?;
    whole_from::<D, T>(&raw)
}

/// `deserialize_with` for an optional integer query parameter (with `#[serde(default)]`).
pub fn whole_opt<'de, D: Deserializer<'de>, T: TryFrom<i64>>(d: D) -> Result<Option<T>, D::Error> {
    Option::<String>::deserialize(d)?
        .map(|raw| whole_from::<D, T>(&raw))
        .transpose()
}

/// Rewrites every number with a zero fraction (`7.0`) that fits a 64-bit
/// integer as that integer; integer fields then take it, float fields still do.
pub fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::{Number, Value};
    match value {
        Value::Number(n) => {
            let Some(f) = n.as_f64().filter(|f| n.is_f64() && f.fract() == 0.0) else {
                return;
            };
            // 2^64 and -2^63 are exact in f64; inside them the cast is exact too.
            if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
                *n = Number::from(f as u64);
            } else if (-9_223_372_036_854_775_808.0..0.0).contains(&f) {
                *n = Number::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(fields) => fields.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_and_query_integers_may_be_written_as_whole_numbers() {
        assert_eq!(parse_whole("10"), Some(10));
        assert_eq!(parse_whole("10.0"), Some(10));
        assert_eq!(parse_whole("-3e0"), Some(-3));
        assert_eq!(parse_whole("9223372036854775807"), Some(i64::MAX));
        for bad in ["10.5", "abc", "", " 1", "NaN", "inf", "1e19"] {
            assert_eq!(parse_whole(bad), None, "{bad}");
        }
    }

    #[test]
    fn body_numbers_with_a_zero_fraction_become_integers() {
        let mut v = serde_json::json!({"a": 5.0, "b": [-3.0, 2.5], "c": 7});
        whole_numbers_as_integers(&mut v);
        assert_eq!(v, serde_json::json!({"a": 5, "b": [-3, 2.5], "c": 7}));
        assert!(v["a"].is_u64() && v["b"][0].is_i64());
    }
}
