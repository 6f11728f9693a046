//! # gainsly-optimizer
//!
//! Picks the exercises and sets of one session: a mixed-integer program over
//! the candidates of a [`SelectionProblem`], solved with HiGHS through
//! good_lp. Whatever the LLM or the candidate generator proposed, the
//! [`Selection`] returned obeys every hard constraint (checked again by the
//! solver-independent [`Selection::violations`] before it is returned) and
//! is the best plan under the objective (proven, or with the remaining gap
//! reported when the time limit hits).
//!
//! TODO: full doc.

mod error;
pub mod generate;
mod model;
mod prune;
mod relax;
mod solve;
mod start;
mod validate;

pub use error::OptimizerError;
pub use gainsly_domain::selection::{
    Candidate, ObjectiveWeights, Pick, Relaxation, Selection, SelectionProblem, SessionConstraints,
    Violation,
};
pub use model::EquipmentRows;
pub use solve::{SolveOptions, solve};
