//! The requests of `gainsly-contract` (what the REST API and the MCP tools
//! take) as the use-cases' commands: the one mapping every shell uses.

use gainsly_contract::{
    CustomWorkoutCreate, ExerciseQuery, MovementRuleCreate, MuscleRoleParam, ProgramCreate,
    SorenessLogCreate, TopSetLogCreate,
};

use crate::exercises::{ExerciseFilter, MuscleRole};
use crate::programs::NewProgram;
use crate::rules::NewMovementRule;
use crate::soreness::NewSoreness;
use crate::workouts::{ExerciseInput, NewCustomWorkout, NewTopSet, SetInput};

impl From<ProgramCreate> for NewProgram {
    fn from(b: ProgramCreate) -> Self {
        NewProgram {
            name: b.name,
            goals: b.goals,
            split_template: b.split_template,
            days_per_week: b.days_per_week,
            microcycle_length_days: b.microcycle_length_days,
            duration_weeks: b.duration_weeks,
            start_date: b.start_date,
            session_minutes: b.session_minutes,
            progression_style: b.progression_style,
            deload_every_n_microcycles: b.deload_every_n_microcycles,
            equipment: b.equipment,
            custom_days: b.custom_days,
            is_active: b.is_active,
        }
    }
}

impl From<MovementRuleCreate> for NewMovementRule {
    fn from(b: MovementRuleCreate) -> Self {
        NewMovementRule {
            rule_type: b.rule_type,
            exercise_id: b.exercise_id,
            movement_pattern: b.movement_pattern,
            muscle: b.muscle,
            reason: b.reason,
            expires_on: b.expires_on,
        }
    }
}

impl From<SorenessLogCreate> for NewSoreness {
    fn from(b: SorenessLogCreate) -> Self {
        NewSoreness {
            date: b.date,
            muscle: b.muscle,
            level: b.level,
            notes: b.notes,
        }
    }
}

impl From<TopSetLogCreate> for NewTopSet {
    fn from(b: TopSetLogCreate) -> Self {
        NewTopSet {
            date: b.date,
            exercise_id: b.exercise_id,
            weight_kg: b.weight_kg,
            reps: b.reps,
            rpe: b.rpe,
            session_id: b.session_id,
        }
    }
}

impl From<CustomWorkoutCreate> for NewCustomWorkout {
    fn from(b: CustomWorkoutCreate) -> Self {
        NewCustomWorkout {
            date: b.date,
            name: b.name,
            duration_minutes: b.duration_minutes,
            session_id: b.session_id,
            session_rpe: b.session_rpe,
            notes: b.notes,
            exercises: b
                .exercises
                .into_iter()
                .map(|e| ExerciseInput {
                    exercise_id: e.exercise_id,
                    sets: e
                        .sets
                        .into_iter()
                        .map(|s| SetInput {
                            reps: s.reps,
                            weight_kg: s.weight_kg,
                            rpe: s.rpe,
                            duration_seconds: s.duration_seconds,
                            distance_m: s.distance_m,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

impl From<MuscleRoleParam> for MuscleRole {
    fn from(role: MuscleRoleParam) -> Self {
        match role {
            MuscleRoleParam::Primary => MuscleRole::Primary,
            MuscleRoleParam::Any => MuscleRole::Any,
        }
    }
}

impl From<ExerciseQuery> for ExerciseFilter {
    fn from(q: ExerciseQuery) -> Self {
        ExerciseFilter {
            muscle: q.muscle,
            muscle_role: q.role.unwrap_or_default().into(),
            equipment: q.equipment,
            pattern: q.pattern,
            text: q.q,
            limit: q.limit,
            offset: q.offset,
        }
    }
}
