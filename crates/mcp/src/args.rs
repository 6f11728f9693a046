//! The tools' arguments. A tool that does what a REST request does takes
//! that request's type from `gainsly-contract` (the type the REST API
//! validates with, its bounds and messages), reshaped where the tool takes
//! a field differently: an exercise by id or name (`exercise` for
//! `exercise_id`), a date that defaults to today, a workout name that
//! defaults to "Workout". [`Arguments`] does the reshaping of a call's
//! arguments, `crate::schema::ToolSchema` the same to the type's schema.
//! The tools without a REST body (the reads by path or query) take the
//! small types below.

use chrono::NaiveDate;
pub use gainsly_contract::{
    AdaptationRequest, CustomWorkoutCreate, ExerciseQuery, MovementRuleCreate, ProgramCreate,
    SorenessLogCreate, TopSetLogCreate,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use crate::error::Refusal;

/// What an exercise id is parsed as before the tool resolves the
/// exercise the call named ([`Arguments::fill`]).
pub const PLACEHOLDER_ID: i64 = 0;

/// What a date is parsed as before the tool sets the call's date or today.
pub const PLACEHOLDER_DATE: &str = "2000-01-01";

/// A custom workout's name when the call gives none.
pub const DEFAULT_WORKOUT_NAME: &str = "Workout";

/// An exercise by catalog id, or by name: a catalog name or slug, or one of
/// the user's aliases (an ambiguous name is an error listing candidates).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum ExerciseRef {
    /// A catalog id.
    Id(i64),
    /// A name, e.g. "bench press".
    Name(String),
}

/// `get_day_plan`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DayPlanArgs {
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
    /// Default: the active program.
    pub program_id: Option<i64>,
}

/// `get_recovery_state`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecoveryArgs {
    /// YYYY-MM-DD; default today in the user's time zone.
    pub date: Option<NaiveDate>,
}

/// `get_e1rm_history`.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct E1rmArgs {
    pub exercise: ExerciseRef,
    /// YYYY-MM-DD, inclusive.
    pub from: Option<NaiveDate>,
    /// YYYY-MM-DD, inclusive.
    pub to: Option<NaiveDate>,
}

/// `list_programs`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ListProgramsArgs {
    /// Only the active program.
    pub active_only: Option<bool>,
}

/// `get_program`.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgramIdArgs {
    pub id: i64,
}

/// `weekly_volume`.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WeeklyVolumeArgs {
    /// Any day of the week (Monday to Sunday); default today.
    pub week_of: Option<NaiveDate>,
}

/// A call's arguments (a JSON object), reshaped into a REST request type:
/// the fields a tool takes differently are taken out ([`Arguments::take`]),
/// the fields it fills in later get a placeholder ([`Arguments::fill`]),
/// and the rest is parsed as the REST API parses a body
/// ([`Arguments::parse`]) or a query string ([`Arguments::parse_query`]).
#[derive(Debug, Default)]
pub struct Arguments(Map<String, Value>);

impl Arguments {
    /// A call's arguments; absent arguments are an empty object.
    pub fn new(arguments: Value) -> Result<Arguments, Refusal> {
        match arguments {
            Value::Null => Ok(Arguments::default()),
            Value::Object(map) => Ok(Arguments(map)),
            other => Err(Refusal::Arguments {
                path: ".".into(),
                message: format!("invalid type: {}, expected an object", kind(&other)),
            }),
        }
    }

    /// Takes `field` out, as `T`; absent or null is `None`. An error names
    /// the field (and the path inside it).
    pub fn take<T: DeserializeOwned>(&mut self, field: &str) -> Result<Option<T>, Refusal> {
        take_from(&mut self.0, field, field)
    }

    /// Takes the required `field` out, as `T`.
    pub fn take_required<T: DeserializeOwned>(&mut self, field: &str) -> Result<T, Refusal> {
        self.take(field)?.ok_or_else(|| missing(".", field))
    }

    /// Takes the required `field` out of each object of the array
    /// `array` (`exercises[i].exercise`); another shape is left for
    /// [`Arguments::parse`] to name.
    pub fn take_each<T: DeserializeOwned>(
        &mut self,
        array: &str,
        field: &str,
    ) -> Result<Vec<T>, Refusal> {
        let Some(Value::Array(items)) = self.0.get_mut(array) else {
            return Ok(Vec::new());
        };
        let mut taken = Vec::with_capacity(items.len());
        for (i, item) in items.iter_mut().enumerate() {
            let Value::Object(map) = item else {
                return Ok(Vec::new());
            };
            let at = format!("{array}[{i}]");
            let value = take_from(map, field, &format!("{at}.{field}"))?
                .ok_or_else(|| missing(&at, field))?;
            taken.push(value);
        }
        Ok(taken)
    }

    /// Sets `field` to a placeholder the tool replaces after parsing (an
    /// exercise id it resolves, a date it defaults), so that parsing checks
    /// every other field first.
    pub fn fill(&mut self, field: &str, placeholder: Value) {
        self.0.insert(field.to_owned(), placeholder);
    }

    /// Sets `field` in each object of the array `array` (see [`Arguments::fill`]).
    pub fn fill_each(&mut self, array: &str, field: &str, placeholder: Value) {
        if let Some(Value::Array(items)) = self.0.get_mut(array) {
            for item in items {
                if let Value::Object(map) = item {
                    map.insert(field.to_owned(), placeholder.clone());
                }
            }
        }
    }

    /// Sets `field` to `value` unless the call gave it.
    pub fn default_to(&mut self, field: &str, value: Value) {
        match self.0.get(field) {
            None | Some(Value::Null) => {
                self.0.insert(field.to_owned(), value);
            }
            Some(_) => {}
        }
    }

    /// In each object of `inner` in each object of `outer`
    /// (`exercises[].sets[]`), moves `from` to `to` (a tool's name for a
    /// body field).
    pub fn rename_nested(&mut self, outer: &str, inner: &str, from: &str, to: &str) {
        let Some(Value::Array(items)) = self.0.get_mut(outer) else {
            return;
        };
        for item in items {
            let Some(Value::Array(nested)) = item.get_mut(inner) else {
                continue;
            };
            for value in nested {
                if let Value::Object(map) = value
                    && let Some(v) = map.remove(from)
                {
                    map.insert(to.to_owned(), v);
                }
            }
        }
    }

    /// Moves `from` to `to` (a tool's name for a query parameter).
    pub fn rename(&mut self, from: &str, to: &str) {
        if let Some(v) = self.0.remove(from) {
            self.0.insert(to.to_owned(), v);
        }
    }

    /// The rest as the REST body `T`, parsed as the REST API parses a body
    /// (whole numbers such as `5.0` are integers; the path of a field that
    /// does not fit).
    pub fn parse<T: DeserializeOwned>(self) -> Result<T, Refusal> {
        let mut value = Value::Object(self.0);
        gainsly_contract::whole::whole_numbers_as_integers(&mut value);
        deserialize(value)
    }

    /// The rest as the REST query `T`: each value read as the query
    /// string's text (`limit: 10` is `?limit=10`); null is absent.
    pub fn parse_query<T: DeserializeOwned>(self) -> Result<T, Refusal> {
        let map: Map<String, Value> = self
            .0
            .into_iter()
            .filter_map(|(k, v)| {
                let text = match v {
                    Value::Null => return None,
                    Value::String(s) => Value::String(s),
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::Bool(b) => Value::String(b.to_string()),
                    other => other,
                };
                Some((k, text))
            })
            .collect();
        deserialize(Value::Object(map))
    }
}

fn take_from<T: DeserializeOwned>(
    map: &mut Map<String, Value>,
    field: &str,
    path: &str,
) -> Result<Option<T>, Refusal> {
    match map.remove(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_path_to_error::deserialize::<_, T>(v)
            .map(Some)
            .map_err(|err| {
                let inner = err.path().to_string();
                Refusal::Arguments {
                    path: if inner == "." {
                        path.to_owned()
                    } else {
                        format!("{path}.{inner}")
                    },
                    message: err.into_inner().to_string(),
                }
            }),
    }
}

fn deserialize<T: DeserializeOwned>(value: Value) -> Result<T, Refusal> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|err| Refusal::Arguments {
        path: err.path().to_string(),
        message: err.into_inner().to_string(),
    })
}

/// serde's refusal of a missing field, at the object `at`.
fn missing(at: &str, field: &str) -> Refusal {
    Refusal::Arguments {
        path: at.to_owned(),
        message: format!("missing field `{field}`"),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "sequence",
        Value::Object(_) => "map",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn args(v: Value) -> Arguments {
        Arguments::new(v).unwrap_or_default()
    }

    #[test]
    fn a_taken_field_is_not_parsed_again_and_a_bad_one_is_named() {
        let mut a = args(json!({"date": "2030-01-02", "muscle": "quads", "level": 3}));
        let date: Option<NaiveDate> = a.take("date").ok().flatten();
        assert_eq!(date, NaiveDate::from_ymd_opt(2030, 1, 2));
        a.fill("date", json!("2030-01-01"));
        let body: Result<SorenessLogCreate, _> = a.parse();
        assert!(body.is_ok_and(|b| b.level == 3));

        let mut bad = args(json!({"date": "soon"}));
        match bad.take::<NaiveDate>("date") {
            Err(Refusal::Arguments { path, .. }) => assert_eq!(path, "date"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn nested_fields_are_taken_from_each_item_with_their_path() {
        let mut a = args(json!({"exercises": [{"exercise": "squat"}, {"sets": []}]}));
        match a.take_each::<ExerciseRef>("exercises", "exercise") {
            Err(Refusal::Arguments { path, message }) => {
                assert_eq!(
                    crate::fields::data_error(&path, &message).0,
                    "exercises[1].exercise"
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_rest_is_parsed_as_the_rest_body_with_its_paths_and_whole_numbers() {
        let mut a = args(json!({
            "date": "2030-01-01",
            "exercises": [{"exercise": 1, "sets": [{"reps": 5.0}, {"reps": "five"}]}]
        }));
        let refs: Vec<ExerciseRef> = a.take_each("exercises", "exercise").unwrap_or_default();
        assert_eq!(refs.len(), 1);
        a.fill_each("exercises", "exercise_id", json!(0));
        a.default_to("name", json!("Workout"));
        match a.parse::<CustomWorkoutCreate>() {
            Err(Refusal::Arguments { path, .. }) => assert_eq!(path, "exercises[0].sets[1].reps"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn query_arguments_read_as_query_text() {
        let mut a = args(json!({"query": "row", "limit": 3, "muscle": "lats", "role": null}));
        a.rename("query", "q");
        let q: Result<ExerciseQuery, _> = a.parse_query();
        assert!(q.is_ok_and(|q| q.q.as_deref() == Some("row") && q.limit == Some(3)));
    }

    #[test]
    fn arguments_must_be_an_object() {
        assert!(Arguments::new(json!([1])).is_err());
        assert!(Arguments::new(Value::Null).is_ok());
    }
}
