#![doc = include_str!("../README.md")]

pub mod days;
pub mod exercises;
pub mod logs;
pub mod programs;
pub mod rules;
pub mod whole;

pub use days::AdaptationRequest;
pub use exercises::{ExerciseQuery, MuscleRoleParam};
pub use logs::{
    CustomExerciseCreate, CustomWorkoutCreate, SetCreate, SorenessLogCreate, TopSetLogCreate,
};
pub use programs::ProgramCreate;
pub use rules::MovementRuleCreate;
