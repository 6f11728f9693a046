//! The neutral, validated result of parsing: workouts, exercises and sets.
//!
//! Every value here went through a constructor that normalises it (trimmed
//! text, kilograms rounded to the gram, metres to the centimetre, RPE to the
//! half point, zero measurements as "not recorded") and checks its range, so
//! whoever stores an import never sees an unchecked value. Constructors are
//! idempotent: rebuilding a value from its own fields gives it back, which is
//! what lets the Strong writer round-trip exactly.

use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;
use thiserror::Error;

/// The heaviest load a set may carry (the domain's limit for e1RM input).
pub const MAX_WEIGHT_KG: f64 = gainsly_domain::e1rm::MAX_WEIGHT_KG;
/// More reps than this in one set is a data error, not a set.
pub const MAX_REPS: f64 = 1_000.0;
/// The longest distance one set may cover (1,000 km).
pub const MAX_DISTANCE_M: f64 = 1_000_000.0;
/// The longest time one set may last (a day).
pub const MAX_SECONDS: f64 = 86_400.0;
/// Names longer than this (in characters) are cut, as the API limits workout names.
pub const MAX_NAME_CHARS: usize = 100;
/// Notes longer than this (in characters) are cut, as the API limits notes.
pub const MAX_NOTES_CHARS: usize = 2_000;
/// The name of a workout whose export has none.
pub const DEFAULT_WORKOUT_NAME: &str = "Workout";

/// What kind of set a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    Normal,
    /// Counts toward neither volume nor e1RM.
    Warmup,
    Drop,
    Failure,
}

impl SetKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SetKind::Normal => "normal",
            SetKind::Warmup => "warmup",
            SetKind::Drop => "drop",
            SetKind::Failure => "failure",
        }
    }
}

/// A set's measurements as read from a file, already in kilograms, metres
/// and seconds, before normalisation. `None` is an empty field.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct SetMeasures {
    pub weight_kg: Option<f64>,
    pub reps: Option<f64>,
    pub rpe: Option<f64>,
    pub distance_m: Option<f64>,
    pub seconds: Option<f64>,
}

/// Why a row's measurements are not a set.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SetRejection {
    /// No weight, reps, distance or time: nothing was recorded.
    #[error("no weight, reps, distance or time")]
    NoValues,
    /// A negative load (some apps log assistance so); not importable as a set.
    #[error("negative weight {0} kg")]
    NegativeWeight(f64),
    /// A value outside what any real set can hold.
    #[error("{field} {value} is outside {min}–{max}")]
    OutOfRange {
        field: &'static str,
        value: f64,
        min: f64,
        max: f64,
    },
    /// A fractional rep count.
    #[error("reps {0} is not a whole number")]
    FractionalReps(f64),
}

/// One set of an imported exercise.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedSet {
    kind: SetKind,
    weight_kg: Option<f64>,
    reps: Option<u32>,
    rpe: Option<f64>,
    distance_m: Option<f64>,
    seconds: Option<u32>,
    notes: Option<String>,
}

impl ImportedSet {
    /// Normalises and checks a set.
    ///
    /// Zero is "not recorded" for every measurement (the apps write `0` in
    /// unused columns); the weight is rounded to the gram (which also removes
    /// float noise such as `74.99999999999999`), the distance to the
    /// centimetre, seconds to the whole second and RPE to the half point.
    /// A set must record at least one of weight, reps, distance or time.
    pub fn new(
        kind: SetKind,
        measures: SetMeasures,
        notes: Option<&str>,
    ) -> Result<Self, SetRejection> {
        let weight_kg = match measures.weight_kg {
            Some(w) if w < 0.0 => return Err(SetRejection::NegativeWeight(w)),
            Some(w) => nonzero(round_to(check("weight_kg", w, MAX_WEIGHT_KG)?, 1e3)),
            None => None,
        };
        let reps = match measures.reps {
            Some(r) => {
                let r = check("reps", r, MAX_REPS)?;
                if (r - r.round()).abs() > 1e-9 {
                    return Err(SetRejection::FractionalReps(r));
                }
                whole(r)
            }
            None => None,
        };
        let rpe = match measures.rpe {
            Some(0.0) => None,
            Some(r) if (1.0..=10.0).contains(&r) => Some(round_to(r, 2.0)),
            Some(r) => {
                return Err(SetRejection::OutOfRange {
                    field: "rpe",
                    value: r,
                    min: 1.0,
                    max: 10.0,
                });
            }
            None => None,
        };
        let distance_m = match measures.distance_m {
            Some(d) => nonzero(round_to(check("distance_m", d, MAX_DISTANCE_M)?, 1e2)),
            None => None,
        };
        let seconds = match measures.seconds {
            Some(s) => whole(check("seconds", s, MAX_SECONDS)?),
            None => None,
        };
        if weight_kg.is_none() && reps.is_none() && distance_m.is_none() && seconds.is_none() {
            return Err(SetRejection::NoValues);
        }
        Ok(ImportedSet {
            kind,
            weight_kg,
            reps,
            rpe,
            distance_m,
            seconds,
            notes: clean_text(notes.unwrap_or(""), MAX_NOTES_CHARS),
        })
    }

    pub fn kind(&self) -> SetKind {
        self.kind
    }
    pub fn weight_kg(&self) -> Option<f64> {
        self.weight_kg
    }
    pub fn reps(&self) -> Option<u32> {
        self.reps
    }
    pub fn rpe(&self) -> Option<f64> {
        self.rpe
    }
    pub fn distance_m(&self) -> Option<f64> {
        self.distance_m
    }
    pub fn seconds(&self) -> Option<u32> {
        self.seconds
    }
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }

    /// The measurements again, for rebuilding or writing the set.
    pub fn measures(&self) -> SetMeasures {
        SetMeasures {
            weight_kg: self.weight_kg,
            reps: self.reps.map(f64::from),
            rpe: self.rpe,
            distance_m: self.distance_m,
            seconds: self.seconds.map(f64::from),
        }
    }
}

/// One exercise of an imported workout: a contiguous run of rows with one name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedExercise {
    name: String,
    notes: Option<String>,
    sets: Vec<ImportedSet>,
}

impl ImportedExercise {
    /// An exercise with a non-empty name (trimmed, at most 100 characters)
    /// and at least one set; `None` otherwise.
    pub fn new(name: &str, notes: Option<&str>, sets: Vec<ImportedSet>) -> Option<Self> {
        let name = clean_text(name, MAX_NAME_CHARS)?;
        if sets.is_empty() {
            return None;
        }
        Some(ImportedExercise {
            name,
            notes: clean_text(notes.unwrap_or(""), MAX_NOTES_CHARS),
            sets,
        })
    }

    /// The name exactly as the export spelled it (trimmed).
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
    pub fn sets(&self) -> &[ImportedSet] {
        &self.sets
    }
}

/// One imported workout.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImportedWorkout {
    started_at: DateTime<Utc>,
    name: String,
    duration_minutes: Option<u32>,
    notes: Option<String>,
    exercises: Vec<ImportedExercise>,
}

impl ImportedWorkout {
    /// A workout with at least one exercise; `None` otherwise.
    ///
    /// The start is truncated to the second; an empty name becomes
    /// [`DEFAULT_WORKOUT_NAME`]; a zero duration is "not recorded".
    /// Adjacent exercises with the same name are one run of rows, so they are
    /// merged into one exercise (the formats cannot tell them apart).
    pub fn new(
        started_at: DateTime<Utc>,
        name: &str,
        duration_minutes: Option<u32>,
        notes: Option<&str>,
        exercises: Vec<ImportedExercise>,
    ) -> Option<Self> {
        let mut merged: Vec<ImportedExercise> = Vec::with_capacity(exercises.len());
        for exercise in exercises {
            match merged.last_mut() {
                Some(last) if last.name == exercise.name => {
                    last.notes = match (last.notes.take(), exercise.notes) {
                        (Some(a), Some(b)) if a != b => {
                            clean_text(&format!("{a}\n{b}"), MAX_NOTES_CHARS)
                        }
                        (a, b) => a.or(b),
                    };
                    last.sets.extend(exercise.sets);
                }
                _ => merged.push(exercise),
            }
        }
        if merged.is_empty() {
            return None;
        }
        Some(ImportedWorkout {
            started_at: started_at.trunc_subsecs(0),
            name: clean_text(name, MAX_NAME_CHARS)
                .unwrap_or_else(|| DEFAULT_WORKOUT_NAME.to_owned()),
            duration_minutes: duration_minutes.filter(|m| *m > 0),
            notes: clean_text(notes.unwrap_or(""), MAX_NOTES_CHARS),
            exercises: merged,
        })
    }

    pub fn started_at(&self) -> DateTime<Utc> {
        self.started_at
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn duration_minutes(&self) -> Option<u32> {
        self.duration_minutes
    }
    pub fn notes(&self) -> Option<&str> {
        self.notes.as_deref()
    }
    pub fn exercises(&self) -> &[ImportedExercise] {
        &self.exercises
    }

    /// How many sets the workout holds.
    pub fn set_count(&self) -> usize {
        self.exercises.iter().map(|e| e.sets.len()).sum()
    }
}

/// Trims, drops empty text and cuts it to `max_chars` characters.
pub(crate) fn clean_text(text: &str, max_chars: usize) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let cut = match text.char_indices().nth(max_chars) {
        Some((end, _)) => text[..end].trim_end(),
        None => text,
    };
    Some(cut.to_owned())
}

fn check(field: &'static str, value: f64, max: f64) -> Result<f64, SetRejection> {
    if value.is_finite() && (0.0..=max).contains(&value) {
        Ok(value)
    } else {
        Err(SetRejection::OutOfRange {
            field,
            value,
            min: 0.0,
            max,
        })
    }
}

/// Rounds to the nearest `1 / per_unit` (idempotent on its own results).
fn round_to(value: f64, per_unit: f64) -> f64 {
    (value * per_unit).round() / per_unit
}

fn nonzero(value: f64) -> Option<f64> {
    (value != 0.0).then_some(value)
}

/// A checked, non-negative value below `u32::MAX`, rounded; zero is `None`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // range checked by `check`
fn whole(value: f64) -> Option<u32> {
    let n = value.round() as u32;
    (n > 0).then_some(n)
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn set(measures: SetMeasures) -> Result<ImportedSet, SetRejection> {
        ImportedSet::new(SetKind::Normal, measures, None)
    }

    fn weight_reps(w: f64, r: f64) -> SetMeasures {
        SetMeasures {
            weight_kg: Some(w),
            reps: Some(r),
            ..SetMeasures::default()
        }
    }

    #[test]
    fn float_noise_is_rounded_to_the_gram() {
        let s = set(weight_reps(74.999_999_999_999_99, 5.0)).unwrap();
        assert_eq!(s.weight_kg(), Some(75.0));
        let s = set(weight_reps(102.058_283_25, 5.0)).unwrap();
        assert_eq!(s.weight_kg(), Some(102.058));
    }

    #[test]
    fn zero_means_not_recorded() {
        let s = set(SetMeasures {
            weight_kg: Some(0.0),
            reps: Some(10.0),
            rpe: Some(0.0),
            distance_m: Some(0.0),
            seconds: Some(0.0),
        })
        .unwrap();
        assert_eq!(
            (
                s.weight_kg(),
                s.reps(),
                s.rpe(),
                s.distance_m(),
                s.seconds()
            ),
            (None, Some(10), None, None, None)
        );
    }

    #[test]
    fn a_set_without_any_measurement_is_rejected() {
        assert_eq!(set(SetMeasures::default()), Err(SetRejection::NoValues));
        assert_eq!(set(weight_reps(0.0, 0.0)), Err(SetRejection::NoValues));
    }

    #[test]
    fn negative_weight_and_impossible_values_are_rejected() {
        assert_eq!(
            set(weight_reps(-20.0, 8.0)),
            Err(SetRejection::NegativeWeight(-20.0))
        );
        assert!(matches!(
            set(weight_reps(1_500.0, 1.0)),
            Err(SetRejection::OutOfRange {
                field: "weight_kg",
                ..
            })
        ));
        assert_eq!(
            set(weight_reps(50.0, 8.5)),
            Err(SetRejection::FractionalReps(8.5))
        );
        assert!(matches!(
            set(SetMeasures {
                reps: Some(5.0),
                rpe: Some(11.0),
                ..SetMeasures::default()
            }),
            Err(SetRejection::OutOfRange { field: "rpe", .. })
        ));
        assert!(matches!(
            set(SetMeasures {
                seconds: Some(-1.0),
                ..SetMeasures::default()
            }),
            Err(SetRejection::OutOfRange {
                field: "seconds",
                ..
            })
        ));
    }

    #[test]
    fn rpe_is_rounded_to_the_half_point() {
        let s = set(SetMeasures {
            reps: Some(5.0),
            rpe: Some(8.3),
            ..SetMeasures::default()
        })
        .unwrap();
        assert_eq!(s.rpe(), Some(8.5));
    }

    #[test]
    fn rebuilding_a_set_from_its_measures_gives_it_back() {
        let s = ImportedSet::new(
            SetKind::Drop,
            SetMeasures {
                weight_kg: Some(33.333_33),
                reps: Some(12.0),
                rpe: Some(9.5),
                distance_m: Some(12.345),
                seconds: Some(30.4),
            },
            Some("  grip gave out "),
        )
        .unwrap();
        assert_eq!(s.notes(), Some("grip gave out"));
        let again = ImportedSet::new(s.kind(), s.measures(), s.notes()).unwrap();
        assert_eq!(again, s);
    }

    #[test]
    fn text_is_trimmed_and_cut_by_characters() {
        assert_eq!(clean_text("  ", 5), None);
        assert_eq!(clean_text(" 💪 Push ", 100).as_deref(), Some("💪 Push"));
        assert_eq!(clean_text("ab cdef", 3).as_deref(), Some("ab"));
        assert_eq!(clean_text("💪💪💪💪", 2).as_deref(), Some("💪💪"));
    }

    #[test]
    fn a_workout_merges_adjacent_runs_of_one_exercise_and_needs_one() {
        let s = || set(weight_reps(60.0, 5.0)).unwrap();
        let ex = |name: &str| ImportedExercise::new(name, None, vec![s()]).unwrap();
        let at = Utc.with_ymd_and_hms(2025, 1, 2, 10, 0, 0).unwrap();
        let w = ImportedWorkout::new(
            at,
            "  ",
            Some(0),
            None,
            vec![ex("Squat"), ex("Squat"), ex("Bench"), ex("Squat")],
        )
        .unwrap();
        let names: Vec<_> = w.exercises().iter().map(|e| e.name()).collect();
        assert_eq!(names, ["Squat", "Bench", "Squat"]);
        assert_eq!(w.exercises()[0].sets().len(), 2);
        assert_eq!(w.name(), DEFAULT_WORKOUT_NAME);
        assert_eq!(w.duration_minutes(), None);
        assert_eq!(w.set_count(), 4);
        assert!(ImportedWorkout::new(at, "Empty", None, None, vec![]).is_none());
        assert!(ImportedExercise::new(" ", None, vec![s()]).is_none());
        assert!(ImportedExercise::new("Squat", None, vec![]).is_none());
    }
}
