//! `POST /api/days/{date}/adapt`: today's signals ([`AdaptationRequest`]).

use std::collections::BTreeMap;

use gainsly_domain::{
    AdaptationInput, AdaptationSignals, DomainError, Equipment, ExerciseId, Muscle,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::schema::{
    AdditionalProperties, Array, ArrayBuilder, KnownFormat, Object, ObjectBuilder, SchemaFormat,
    SchemaType, Type,
};

/// Today's signals; every field optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdaptationRequest {
    /// Default: the active program.
    pub program_id: Option<i64>,
    /// Soreness per muscle, 0–10; also recorded as soreness logs for the date.
    #[schema(schema_with = soreness_schema, example = json!({"quads": 7}))]
    pub soreness: Option<BTreeMap<Muscle, f64>>,
    /// 10–240 whole minutes available today (the session's hard cap).
    #[schema(value_type = Option<u32>, minimum = 10, maximum = 240)]
    pub available_minutes: Option<f64>,
    /// Equipment available today (replaces the program's for this day).
    pub equipment: Option<Vec<Equipment>>,
    /// 1–10, whole.
    #[schema(value_type = Option<u32>, minimum = 1, maximum = 10)]
    pub energy: Option<f64>,
    /// 0–24.
    #[schema(minimum = 0, maximum = 24)]
    pub sleep_hours: Option<f64>,
    /// Exercises to leave out today (positive ids).
    #[schema(schema_with = positive_ids_schema)]
    pub avoid_exercises: Option<Vec<ExerciseId>>,
    /// Muscles to emphasise today.
    pub focus_muscles: Option<Vec<Muscle>>,
    /// Free text for the coach model, ≤ 1000 characters.
    #[schema(max_length = 1000)]
    pub notes: Option<String>,
}

/// `soreness`: null, or an object whose keys are muscles and whose values are
/// whole numbers 0–10.
fn soreness_schema() -> Object {
    let level = ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
        .minimum(Some(0))
        .maximum(Some(10))
        .build();
    Muscle::ALL
        .iter()
        .fold(
            ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::Object, Type::Null])),
            |o, m| o.property(m.as_str(), level.clone()),
        )
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .description(Some(
            "Soreness per muscle, 0–10; also recorded as soreness logs for the date.",
        ))
        .build()
}

/// `avoid_exercises`: null, or a list of positive exercise ids.
fn positive_ids_schema() -> Array {
    ArrayBuilder::new()
        .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
        .items(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
                .minimum(Some(1)),
        )
        .description(Some("Exercises to leave out today (positive ids)."))
        .build()
}

impl AdaptationRequest {
    /// The program it names (default: the active one) and the signals,
    /// parsed: the same checks and messages on every shell.
    pub fn into_signals(self) -> Result<(Option<i64>, AdaptationSignals), DomainError> {
        let program_id = self.program_id;
        let signals = AdaptationSignals::new(AdaptationInput {
            soreness: self.soreness.unwrap_or_default(),
            available_minutes: self.available_minutes,
            equipment: self.equipment,
            energy: self.energy,
            sleep_hours: self.sleep_hours,
            avoid_exercises: self.avoid_exercises.unwrap_or_default(),
            focus_muscles: self.focus_muscles.unwrap_or_default(),
            notes: self.notes,
        })?;
        Ok((program_id, signals))
    }
}
