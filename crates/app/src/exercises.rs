//! The built-in exercise catalog (read-only; compiled into `gainsly-domain`).

use gainsly_domain::naming::{self, Candidate};
use gainsly_domain::{Equipment, Exercise, ExerciseId, MovementPattern, Muscle, catalog};

use crate::App;
use crate::error::{AppError, AppResult};
use crate::validate::{FieldErrors, Page};

/// The name search `q` is at most this long (a longer one matches nothing
/// anyway: no name is over 100 characters).
pub const MAX_QUERY_CHARS: usize = 100;

/// How `muscle` matches an exercise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MuscleRole {
    /// The muscle is one of the exercise's primary movers (the default).
    #[default]
    Primary,
    /// The muscle is worked at all: a primary or a secondary mover.
    Any,
}

impl MuscleRole {
    /// Whether `exercise` works `muscle` in this role.
    pub fn matches(self, exercise: &Exercise, muscle: Muscle) -> bool {
        exercise.primary_muscles.contains(&muscle)
            || (self == MuscleRole::Any && exercise.secondary_muscles.contains(&muscle))
    }
}

/// Catalog filters; all of them must match.
#[derive(Debug, Clone, Default)]
pub struct ExerciseFilter {
    /// Works this muscle, in `muscle_role`.
    pub muscle: Option<Muscle>,
    /// How `muscle` matches: as a primary mover (default) or at all.
    pub muscle_role: MuscleRole,
    /// Uses this piece of equipment.
    pub equipment: Option<Equipment>,
    pub pattern: Option<MovementPattern>,
    /// Case-insensitive text in the name or the slug.
    pub text: Option<String>,
    /// 1–200, default 50.
    pub limit: Option<u32>,
    pub offset: Option<u32>,
}

impl App {
    /// Catalog exercises in id order, filtered and paged.
    pub fn exercises(&self, filter: &ExerciseFilter) -> AppResult<Vec<&'static Exercise>> {
        let mut errors = FieldErrors::default();
        let page = Page::check(&mut errors, filter.limit, filter.offset);
        if let Some(q) = &filter.text
            && q.chars().count() > MAX_QUERY_CHARS
        {
            errors.push("q", format!("must be at most {MAX_QUERY_CHARS} characters"));
        }
        errors.finish()?;
        let needle = filter
            .text
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_lowercase);
        Ok(catalog()
            .iter()
            .filter(|e| {
                filter
                    .muscle
                    .is_none_or(|m| filter.muscle_role.matches(e, m))
            })
            .filter(|e| filter.equipment.is_none_or(|q| e.equipment.contains(&q)))
            .filter(|e| filter.pattern.is_none_or(|p| e.movement_pattern == p))
            .filter(|e| {
                needle.as_deref().is_none_or(|n| {
                    e.name.to_lowercase().contains(n) || e.slug.to_lowercase().contains(n)
                })
            })
            .skip(usize::try_from(page.offset).unwrap_or(usize::MAX))
            .take(usize::try_from(page.limit).unwrap_or(usize::MAX))
            .collect())
    }

    /// One catalog exercise.
    pub fn exercise(&self, id: i64) -> AppResult<&'static Exercise> {
        catalog::exercise(ExerciseId(id)).ok_or(AppError::NotFound("exercise"))
    }
}

impl App {
    /// The catalog exercise a person names: the user's aliases first (exact,
    /// case-insensitive), then a catalog name or slug (exact), then the one
    /// exercise whose name (or alias) contains every word of `name`
    /// ([`gainsly_domain::naming::resolve`]). No match, or more than one, is
    /// a 422-style error on `field`; an ambiguous name lists its candidates
    /// with their ids.
    pub async fn resolve_exercise(
        &self,
        user_id: i64,
        field: &str,
        name: &str,
    ) -> AppResult<ExerciseId> {
        if name.trim().is_empty() {
            return Err(AppError::field(field, naming::EMPTY));
        }
        let aliases = self.exercise_aliases(user_id).await?;
        let everything: Vec<Candidate> = catalog()
            .iter()
            .map(|e| Candidate {
                id: e.id.0,
                name: e.name.clone(),
                slug: e.slug.clone(),
            })
            .collect();
        naming::resolve(name, &aliases, &everything)
            .map(ExerciseId)
            .map_err(|message| AppError::field(field, message))
    }
}
