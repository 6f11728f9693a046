//! # gainsly-optimizer
//!
//! Picks the exercises and sets of one session: a mixed-integer program over
//! the candidates of a [`SelectionProblem`], solved with HiGHS through
//! good_lp. Whatever the LLM or the candidate generator proposed, the
//! [`Selection`] returned obeys every hard constraint (checked again by the
//! solver-independent [`Selection::violations`] before it is returned: a
//! plan that fails it is an [`OptimizerError::Internal`], never an answer)
//! and is the best plan under the objective: proven optimal
//! (`proven_optimal`, relative gap ≤ `mip_rel_gap`), or, when the time limit
//! hits, the best plan found with its remaining `gap`.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use gainsly_optimizer::{SolveOptions, solve};
//! let problem = serde_json::from_str(&std::fs::read_to_string("instance.json")?)?;
//! let selection = solve(&problem, &SolveOptions::default())?;
//! for pick in &selection.picks {
//!     println!("{} × {} sets", pick.exercise_id, pick.sets);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! `solve` is synchronous and CPU-bound (one HiGHS thread, 200 ms limit by
//! default): call it from `spawn_blocking` on an async runtime.
//!
//! ## The model
//!
//! Per usable candidate `i` (not excluded, and able to fit its minimum sets
//! into the time, total-sets and muscle caps): `use_i ∈ {0,1}` and its sets
//! `sets_i ∈ {0} ∪ [lo_i, hi_i]` (`lo_i = max(min_sets, 1)`, `hi_i` =
//! `max_sets` tightened by those caps), written `sets_i = lo_i·use_i + e_i`
//! with an integer `e_i ≤ (hi_i − lo_i)·use_i` ([`SetsEncoding::Offset`],
//! default; or an integer `sets_i` with `lo_i·use_i ≤ sets_i ≤ hi_i·use_i`,
//! or one binary per allowed count). Per piece of
//! equipment `k` (bodyweight is free) an indicator `eq_k ≥ use_i` for every
//! pick `i` that needs it. With `S_m = Σ_i credit_im · sets_i`:
//!
//! - hard constraints: `min_total_sets ≤ Σ sets_i ≤ max_total_sets`;
//!   `min_exercises ≤ Σ use_i ≤ max_exercises`; `S_m ≤ cap_m`;
//!   `warmup + Σ minutes_per_set_i · sets_i + transition · Σ use_i ≤
//!   available_minutes`; excluded candidates never in the model; each
//!   required group `Σ_{i∈g} use_i ≥ 1`; each main pattern
//!   `Σ_{i∈p} use_i ≤ 1` (2 if in `patterns_allowing_two`); `Σ_{compound}
//!   use_i ≥ 1` when `require_compound`; `S_m ≥ min_target_sets` for target
//!   muscles (the balance floor).
//! - objective (maximised; each weight is documented on
//!   [`ObjectiveWeights`]): per target muscle `S_m` is split into a
//!   full-value part `f_m ≤ F_m` (`full_value_sets`, or the constraints'
//!   larger `full_value_sets[m]` for a muscle under its MEV) and a
//!   diminished part `d_m`
//!   (`f_m + d_m ≤ S_m`, concave so no binaries are needed), worth
//!   `stimulus · w_m · (f_m + diminishing_factor · d_m)`; minus
//!   `fatigue_cost · fatigue_i` per set; minus `equipment_cost` per `eq_k`;
//!   plus `balance · z` with `w_m · z ≤ S_m` for every target (the
//!   least-served target muscle); plus per pick
//!   `preference_bonus · preferred + llm_bonus · llm_pick + score_bonus ·
//!   score` (the formula of [`ObjectiveWeights`]; the tests evaluate it on
//!   plans without a solver).
//!
//! ## Relaxation
//!
//! An infeasible problem is relaxed in the fixed order of
//! [`Relaxation::ORDER`] (balance floor, set range, per-exercise minimum
//! sets, repeated patterns, compound requirement, volume caps,
//! requirements), each step keeping the previous ones; once a level has a
//! plan, steps it turns out not to need are taken back, and
//! `Selection::relaxations` lists those applied (non-empty = the session is
//! a fallback). A level where HiGHS finds no plan within its share of the
//! time budget counts as infeasible. Exclusions, caps of `protected_muscles` and the time cap are
//! never relaxed; when not even one set of one allowed candidate fits them,
//! the answer is [`OptimizerError::Infeasible`] (an empty session is not a
//! plan).
//!
//! ## Speed
//!
//! Before HiGHS runs: exact dominance pruning ([`SolveOptions::prune`]); a
//! greedy plan improved by local search as the MIP start
//! ([`SolveOptions::warm_start`]); the LP relaxation's reduced costs bound
//! every candidate, a small kernel MIP sharpens the incumbent, and
//! candidates whose bound is below it are dropped
//! ([`SolveOptions::lp_fixing`], [`SolveOptions::kernel`]). HiGHS runs with
//! one thread, a fixed seed, no restarts, its primal heuristics off when it
//! has our start, a small cut pool, no cuts below the root and no strong
//! branching ([`SolveOptions::cut_pool_soft_limit`],
//! [`SolveOptions::node_cuts`], [`SolveOptions::pseudocost_min_reliable`]).
//! Interchangeable candidates (equal in everything but the id) are ordered
//! by symmetry rows `use_a ≥ use_b`, `sets_a ≥ sets_b`
//! ([`SolveOptions::symmetry_rows`]).
//! Measurements: `docs/performance.md` ("Optimizer").
//!
//! HiGHS's word is checked too: a plan worth less than HiGHS reports means
//! it misvalued our start after presolve (seen with HiGHS 1.16), so that
//! answer is dropped and the MIP solved again without the start. HiGHS's
//! presolve can also call a feasible model infeasible (or fail on one), so
//! "infeasible" only counts once a solve without presolve agrees: a
//! relaxation is never applied to a problem that needs none.
//!
//! ## Determinism
//!
//! Everything before HiGHS is deterministic (fixed orders, ties to the lower
//! index), and single-threaded HiGHS with a fixed seed is deterministic: the
//! same problem gives the same selection whenever the solve finishes within
//! its time limit. When the limit hits, the plan is the best found in that
//! wall-clock time and can differ between runs on a loaded machine.
//!
//! ## Instance JSON (the example binary's input)
//!
//! A serialized [`SelectionProblem`]; `examples/instance.json` is one.
//!
//! ```text
//! {
//!   "candidates": [{
//!     "exercise_id": 12,               // unique per problem
//!     "pattern": "horizontal_push",    // MovementPattern, snake_case
//!     "compound": true,
//!     "muscles": {"chest": 1.0, "triceps": 0.5},  // set credit per muscle
//!     "equipment": ["barbell", "bench"],          // every piece needed
//!     "min_sets": 2, "max_sets": 5,    // sets when picked
//!     "minutes_per_set": 3.0,          // work + rest, minutes
//!     "fatigue": 4.0,                  // 1–5
//!     "preferred": false, "llm_pick": true,
//!     "score": 0.8                     // generator rank score, 0–1
//!   }],
//!   "constraints": {
//!     "target_muscles": {"chest": 1.5, "triceps": 1.0},  // focus weight > 0
//!     "muscle_caps": {"chest": 10.0},  // fractional sets today
//!     "protected_muscles": ["lower_back"],  // caps never relaxed
//!     "min_total_sets": 12, "max_total_sets": 18,
//!     "min_exercises": 3, "max_exercises": 6,
//!     "available_minutes": 60.0, "warmup_minutes": 5.0, "transition_minutes": 1.0,
//!     "excluded": [7],                 // exercise ids
//!     "required_groups": [[3, 4]],     // at least one of each group
//!     "patterns_allowing_two": ["squat"],
//!     "require_compound": true,
//!     "min_target_sets": 0.0           // optional balance floor
//!   },
//!   "weights": {"stimulus": 10.0, ...} // optional; ObjectiveWeights defaults
//! }
//! ```

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
pub use model::{EquipmentRows, SetsEncoding};
pub use solve::{SolveOptions, solve};
