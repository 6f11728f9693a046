//! Adaptation signals: what the user tells the planner about today (api.md `AdaptationRequest`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::equipment::Equipment;
use crate::error::DomainError;
use crate::exercise::ExerciseId;
use crate::limits;
use crate::muscle::Muscle;

/// Longest `notes` (characters; api.md).
pub const MAX_NOTES_CHARS: usize = 1000;

/// The raw request fields (every one optional); validate with [`AdaptationSignals::new`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields, default)]
pub struct AdaptationInput {
    /// Soreness per muscle, 0–10.
    pub soreness: BTreeMap<Muscle, f64>,
    /// Minutes available today, 10–240.
    pub available_minutes: Option<f64>,
    /// Equipment available today (overrides the program's).
    pub equipment: Option<Vec<Equipment>>,
    /// Energy, 1–10.
    pub energy: Option<f64>,
    /// Hours slept, 0–24.
    pub sleep_hours: Option<f64>,
    /// Exercises to leave out today.
    pub avoid_exercises: Vec<ExerciseId>,
    /// Muscles to emphasise today.
    pub focus_muscles: Vec<Muscle>,
    /// Free text for the LLM, ≤ 1000 characters.
    pub notes: Option<String>,
}

/// Today's signals, validated. `Default` is "nothing reported".
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct AdaptationSignals {
    input: AdaptationInput,
}

fn whole_in(field: &str, v: f64, lo: f64, hi: f64) -> Result<(), DomainError> {
    if v.is_finite() && (lo..=hi).contains(&v) && v.fract() == 0.0 {
        Ok(())
    } else {
        Err(DomainError::invalid(
            field,
            format!("must be a whole number between {lo} and {hi}"),
        ))
    }
}

impl AdaptationSignals {
    /// Validates: soreness levels 0–10 (`soreness.<muscle>`), `available_minutes`
    /// 10–240, `energy` 1–10, `sleep_hours` 0–24, positive `avoid_exercises[i]`,
    /// `notes` ≤ 1000 characters; lists no longer than [`limits`] allows.
    /// Lists are deduplicated.
    pub fn new(mut input: AdaptationInput) -> Result<Self, DomainError> {
        for (m, level) in &input.soreness {
            whole_in(&format!("soreness.{m}"), *level, 0.0, 10.0)?;
        }
        if let Some(v) = input.available_minutes {
            whole_in("available_minutes", v, 10.0, 240.0)?;
        }
        if let Some(v) = input.energy {
            whole_in("energy", v, 1.0, 10.0)?;
        }
        if let Some(v) = input.sleep_hours
            && (!v.is_finite() || !(0.0..=24.0).contains(&v))
        {
            return Err(DomainError::invalid(
                "sleep_hours",
                "must be between 0 and 24",
            ));
        }
        limits::check_items(
            "avoid_exercises",
            input.avoid_exercises.len(),
            limits::MAX_AVOID_EXERCISES,
        )?;
        limits::check_items(
            "focus_muscles",
            input.focus_muscles.len(),
            limits::MAX_MUSCLE_ITEMS,
        )?;
        if let Some(eq) = &input.equipment {
            limits::check_items("equipment", eq.len(), limits::MAX_EQUIPMENT_ITEMS)?;
        }
        for (i, id) in input.avoid_exercises.iter().enumerate() {
            if id.0 <= 0 {
                return Err(DomainError::invalid(
                    format!("avoid_exercises[{i}]"),
                    "must be a positive id",
                ));
            }
        }
        if let Some(n) = &input.notes
            && n.chars().count() > MAX_NOTES_CHARS
        {
            return Err(DomainError::invalid(
                "notes",
                "must be at most 1000 characters",
            ));
        }
        input.avoid_exercises.sort();
        input.avoid_exercises.dedup();
        input.focus_muscles.sort();
        input.focus_muscles.dedup();
        if let Some(eq) = input.equipment.as_mut() {
            eq.sort();
            eq.dedup();
        }
        Ok(AdaptationSignals { input })
    }

    /// Reported soreness per muscle (0–10).
    pub fn soreness(&self) -> &BTreeMap<Muscle, f64> {
        &self.input.soreness
    }
    /// Minutes available today (10–240), if given.
    pub fn available_minutes(&self) -> Option<f64> {
        self.input.available_minutes
    }
    /// Equipment available today, overriding the program's, if given.
    pub fn equipment(&self) -> Option<&[Equipment]> {
        self.input.equipment.as_deref()
    }
    /// Energy 1–10, if given.
    pub fn energy(&self) -> Option<f64> {
        self.input.energy
    }
    /// Hours slept 0–24, if given.
    pub fn sleep_hours(&self) -> Option<f64> {
        self.input.sleep_hours
    }
    /// Exercises to leave out today.
    pub fn avoid_exercises(&self) -> &[ExerciseId] {
        &self.input.avoid_exercises
    }
    /// Muscles the user wants emphasised today.
    pub fn focus_muscles(&self) -> &[Muscle] {
        &self.input.focus_muscles
    }
    /// Free-text notes for the LLM.
    pub fn notes(&self) -> Option<&str> {
        self.input.notes.as_deref()
    }
    /// The validated fields.
    pub fn as_input(&self) -> &AdaptationInput {
        &self.input
    }
}

impl<'de> Deserialize<'de> for AdaptationSignals {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        AdaptationSignals::new(AdaptationInput::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<AdaptationSignals, DomainError>) -> String {
        match r {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn validation() {
        assert!(AdaptationSignals::new(AdaptationInput::default()).is_ok());
        let mut i = AdaptationInput::default();
        i.soreness.insert(Muscle::LowerBack, 11.0);
        assert_eq!(field(AdaptationSignals::new(i)), "soreness.lower_back");
        let i = AdaptationInput {
            available_minutes: Some(5.0),
            ..Default::default()
        };
        assert_eq!(field(AdaptationSignals::new(i)), "available_minutes");
        let i = AdaptationInput {
            energy: Some(0.0),
            ..Default::default()
        };
        assert_eq!(field(AdaptationSignals::new(i)), "energy");
        let i = AdaptationInput {
            sleep_hours: Some(25.0),
            ..Default::default()
        };
        assert_eq!(field(AdaptationSignals::new(i)), "sleep_hours");
        let i = AdaptationInput {
            avoid_exercises: vec![ExerciseId(3), ExerciseId(0)],
            ..Default::default()
        };
        assert_eq!(field(AdaptationSignals::new(i)), "avoid_exercises[1]");
        let i = AdaptationInput {
            notes: Some("x".repeat(1001)),
            ..Default::default()
        };
        assert_eq!(field(AdaptationSignals::new(i)), "notes");
        let s: AdaptationSignals = serde_json::from_str(
            r#"{"energy":3,"sleep_hours":5.5,"focus_muscles":["chest","chest"]}"#,
        )
        .unwrap();
        assert_eq!(s.energy(), Some(3.0));
        assert_eq!(s.focus_muscles(), &[Muscle::Chest]);
        assert!(serde_json::from_str::<AdaptationSignals>(r#"{"mood":3}"#).is_err());
    }
}
