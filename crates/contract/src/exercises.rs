//! `GET /api/exercises`: the catalog query ([`ExerciseQuery`]).

use gainsly_domain::{Equipment, MovementPattern, Muscle};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::whole::whole_opt;

/// Catalog filters; all of them must match. An unknown enumeration value is a 400.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExerciseQuery {
    /// Exercises that train this muscle: as a primary mover, or at all with
    /// `role=any`.
    pub muscle: Option<Muscle>,
    /// How `muscle` matches: `primary` (the default) keeps exercises where it
    /// is a primary mover; `any` also those where it is a secondary mover.
    /// Without `muscle` it has no effect.
    #[param(inline)]
    pub role: Option<MuscleRoleParam>,
    /// Exercises that use this piece of equipment.
    pub equipment: Option<Equipment>,
    /// Exercises of this movement pattern.
    pub pattern: Option<MovementPattern>,
    /// Case-insensitive text contained in the name or the slug.
    pub q: Option<String>,
    /// 1–200, default 50 (201 or more is a 422, not clamped).
    #[param(minimum = 1, maximum = 200)]
    #[serde(default, deserialize_with = "whole_opt")]
    pub limit: Option<u32>,
    /// Exercises to skip, 0–4294967295, default 0.
    #[param(value_type = Option<i64>, minimum = 0, maximum = 4294967295_i64)]
    #[serde(default, deserialize_with = "whole_opt")]
    pub offset: Option<u32>,
}

/// `?role=`: how `?muscle=` matches an exercise.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MuscleRoleParam {
    /// A primary mover (the default).
    #[default]
    Primary,
    /// A primary or a secondary mover.
    Any,
}
