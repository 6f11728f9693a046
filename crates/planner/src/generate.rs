//! Steps 2–6 of the loop for one day: recovery (already in the context) →
//! constraints → candidates → [`consult_llm`] → [`solve`] → [`assemble`]
//! (prescription). Each step takes what the one before it gave and returns
//! what it decided, with the notes (`adaptations`) it adds and whether it
//! fell back.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use chrono::Datelike;
use gainsly_domain::activity_schedule::{self, ActivityToPlace};
use gainsly_domain::candidates::drop_near_duplicates;
use gainsly_domain::constraints::{ConstraintInput, DayConstraints, build_constraints};
use gainsly_domain::selection::{ObjectiveWeights, Pick, Relaxation, Selection, SelectionProblem};
use gainsly_domain::session::{SessionPlan, SessionSource};
use gainsly_domain::{
    AdaptationSignals, Candidate, CandidateInput, DayKind, ExerciseId, catalog, rank_candidates,
};
use gainsly_llm::{LlmClient, LlmMode, PlanPrompt, PromptCandidate};
use gainsly_optimizer::OptimizerError;
use tokio::sync::Semaphore;

use crate::context::DayContext;
use crate::error::{PlanResult, PlannerError};
use crate::events::{Events, Stage};
use crate::{PlannerConfig, PlannerObserver, prescribe, rest_day};

/// Plans the day of `ctx` under `signals`.
pub async fn plan(
    ctx: &DayContext,
    signals: &AdaptationSignals,
    config: &PlannerConfig,
    llm: Option<&Arc<LlmClient>>,
    observer: &dyn PlannerObserver,
    events: &Events,
    solver_slots: &Arc<Semaphore>,
) -> PlanResult<SessionPlan> {
    let target_minutes = signals
        .available_minutes()
        .map(|m| m.floor() as u32)
        .unwrap_or_else(|| ctx.program.settings.session_minutes());
    if !ctx.day.is_training() {
        return Ok(off_day(ctx, target_minutes));
    }

    events
        .status(Stage::Constraints, "Building today's constraints")
        .await;
    let constraints = build_constraints(&ConstraintInput {
        date: ctx.date,
        day: &ctx.day,
        microcycle: &ctx.program.microcycle,
        is_deload: ctx.is_deload,
        microcycle_index: ctx.slot.microcycle_index,
        settings: &ctx.program.settings,
        experience: ctx.profile.experience,
        profile_equipment: &ctx.profile.equipment,
        rules: &ctx.rules,
        recovery: &ctx.recovery,
        ready_threshold_pct: config.recovery.config.ready_threshold_pct,
        volume_so_far: &ctx.volume_so_far,
        back_so_far: ctx.back_so_far,
        done_this_microcycle: &ctx.done_this_microcycle,
        signals,
        catalog: catalog::catalog(),
    });
    let candidate_input = CandidateInput {
        constraints: &constraints,
        experience: ctx.profile.experience,
        goals: ctx.program.settings.goals(),
        recent_sessions: &ctx.recent_sessions,
        catalog: catalog::catalog(),
    };
    let candidates = rank_candidates(&candidate_input, &config.candidates);
    let consulted = consult_llm(
        ctx,
        signals,
        &constraints,
        candidates,
        target_minutes,
        config.llm_mode,
        llm,
        observer,
        events,
    )
    .await?;
    // Slot members and preferred exercises are kept first, so a slot never
    // loses its last candidate and a `prefer` rule wins over an equal.
    let slot_members: BTreeSet<ExerciseId> = constraints
        .slots
        .iter()
        .flat_map(|g| g.members.iter().copied())
        .chain(constraints.preferred.iter().copied())
        .collect();
    let consulted = Consulted {
        candidates: drop_near_duplicates(consulted.candidates, &slot_members),
        ..consulted
    };
    let solved = solve(
        &constraints,
        &consulted.candidates,
        config,
        observer,
        events,
        solver_slots,
    )
    .await?;
    Ok(assemble(
        ctx,
        &constraints,
        consulted,
        solved,
        target_minutes,
    ))
}

/// What asking the LLM decided.
#[derive(Debug, Clone)]
pub struct Consulted {
    /// The ranked candidates, the LLM's picks marked (`llm_pick`).
    pub candidates: Vec<Candidate>,
    /// `Llm` when at least one of its picks is a candidate.
    pub source: SessionSource,
    /// The LLM's own rationale, when its picks are used.
    pub rationale: Option<String>,
    /// The LLM was wanted but gave nothing usable.
    pub fallback: bool,
    /// Notes for the session's `adaptations`.
    pub notes: Vec<String>,
}

/// Step 4b: shows the LLM the day's constraints and candidates and marks its
/// picks. In `auto` mode a missing or failing LLM is a fallback; in
/// `required` mode it is [`PlannerError::GenerationFailed`].
#[allow(clippy::too_many_arguments)]
pub async fn consult_llm(
    ctx: &DayContext,
    signals: &AdaptationSignals,
    constraints: &DayConstraints,
    mut candidates: Vec<Candidate>,
    target_minutes: u32,
    llm_mode: LlmMode,
    llm: Option<&Arc<LlmClient>>,
    observer: &dyn PlannerObserver,
    events: &Events,
) -> PlanResult<Consulted> {
    let mut consulted = Consulted {
        candidates: Vec::new(),
        source: SessionSource::Builtin,
        rationale: None,
        fallback: false,
        notes: Vec::new(),
    };
    if llm_mode == LlmMode::Off || candidates.is_empty() {
        consulted.candidates = candidates;
        return Ok(consulted);
    }
    match llm {
        None => {
            events
                .status(
                    Stage::Generating,
                    "The coach model is unavailable: using the built-in generator",
                )
                .await;
            if llm_mode == LlmMode::Required {
                return Err(PlannerError::GenerationFailed { source: None });
            }
            consulted.fallback = true;
            consulted
                .notes
                .push("Coach model unreachable: planned with the built-in generator".into());
        }
        Some(client) => {
            // Each attempt announces itself (`PlanEvent::Attempt`, a
            // `generating` status on the stream), the first one included.
            let prompt = prompt_for(ctx, signals, constraints, &candidates, target_minutes);
            let sink = events.token_sink();
            let (tokens, forward) = match sink {
                Some((tx, handle)) => (Some(tx), Some(handle)),
                None => (None, None),
            };
            let result = client.propose(&prompt, tokens).await;
            if let Some(handle) = forward {
                let _ = handle.await;
            }
            observer.llm_call(result.is_ok());
            match result {
                Ok(proposal) => {
                    let picked: BTreeSet<_> =
                        proposal.picks.iter().map(|p| p.exercise_id).collect();
                    for c in candidates.iter_mut() {
                        c.llm_pick = picked.contains(&c.exercise_id);
                    }
                    if candidates.iter().any(|c| c.llm_pick) {
                        consulted.source = SessionSource::Llm;
                        consulted.rationale = Some(proposal.rationale);
                    } else {
                        consulted.fallback = true;
                    }
                }
                Err(e) => {
                    tracing::warn!(error = %e, "LLM proposal failed");
                    if llm_mode == LlmMode::Required {
                        return Err(PlannerError::GenerationFailed { source: Some(e) });
                    }
                    consulted.fallback = true;
                    consulted.notes.push(
                        "Coach model unavailable: planned with the built-in generator".into(),
                    );
                }
            }
        }
    }
    consulted.candidates = candidates;
    Ok(consulted)
}

/// What the optimizer decided.
#[derive(Debug, Clone, Default)]
pub struct Solved {
    /// The chosen exercises and sets (empty: take the day off).
    pub picks: Vec<Pick>,
    /// Relaxations the optimizer had to apply.
    pub relaxations: Vec<Relaxation>,
    /// No plan, or a relaxed one.
    pub fallback: bool,
    /// Notes for the session's `adaptations`.
    pub notes: Vec<String>,
}

/// Step 5: the MILP over the candidates under the day's hard constraints,
/// on the blocking pool (one solve per core at a time). The optimizer
/// re-checks its own answer against every hard constraint before it returns
/// it (`Selection::violations`).
///
/// The day's movement slots ([`DayConstraints::slots`]) are asked for as
/// required groups next to the `require` rules. When the optimizer can only
/// answer by relaxing more than the balance floor and the total-set range
/// ([`slots_held`]), the last slot is given up and the solve repeated (at
/// most once per slot), so a short or restricted day keeps its most
/// important movements at proper sets.
pub async fn solve(
    constraints: &DayConstraints,
    candidates: &[Candidate],
    config: &PlannerConfig,
    observer: &dyn PlannerObserver,
    events: &Events,
    solver_slots: &Arc<Semaphore>,
) -> PlanResult<Solved> {
    events
        .status(
            Stage::Optimizing,
            "Choosing exercises and sets under every constraint",
        )
        .await;
    let mut solved = Solved::default();
    if candidates.is_empty() {
        solved
            .notes
            .push("No exercise fits today's constraints: take the day off".into());
        solved.fallback = true;
        return Ok(solved);
    }
    let listed: BTreeSet<ExerciseId> = candidates.iter().map(|c| c.exercise_id).collect();
    let slots: Vec<(&'static str, Vec<ExerciseId>)> = constraints
        .slots
        .iter()
        .map(|g| {
            let members: Vec<ExerciseId> = g
                .members
                .iter()
                .copied()
                .filter(|id| listed.contains(id))
                .collect();
            (g.slot.name(), members)
        })
        .filter(|(_, members)| !members.is_empty())
        .collect();
    let mut kept = slots.len();
    let selection = loop {
        let mut session = constraints.session.clone();
        session
            .required_groups
            .extend(slots[..kept].iter().map(|(_, m)| m.clone()));
        let problem = SelectionProblem {
            candidates: candidates.to_vec(),
            constraints: session,
            weights: ObjectiveWeights::default(),
        };
        match solve_once(problem, config, observer, solver_slots).await? {
            // The slots held at the usual sets (at most the balance floor
            // and the total-set range gave way): keep this plan.
            Some(sel) if slots_held(&sel.relaxations) || kept == 0 => break Some(sel),
            None if kept == 0 => break None,
            _ => {
                kept -= 1;
                if let Some((name, _)) = slots.get(kept) {
                    solved
                        .notes
                        .push(format!("No room today for the {name} slot"));
                }
            }
        }
    };
    match selection {
        None => {
            solved
                .notes
                .push("No plan fits today's hard limits: take the day off".into());
            solved.fallback = true;
        }
        Some(Selection {
            picks, relaxations, ..
        }) => {
            if !relaxations.is_empty() {
                solved.fallback = !benign(&relaxations);
                for r in &relaxations {
                    solved.notes.push(format!("Relaxed: {}", describe(*r)));
                }
            }
            solved.picks = picks;
            solved.relaxations = relaxations;
        }
    }
    Ok(solved)
}

/// Whether a plan's relaxations leave every hard limit and the day's
/// structure intact: only the balance floor (a soft wish that every target
/// muscle gets a set, which the movement slots already look after) was dropped.
fn benign(relaxations: &[Relaxation]) -> bool {
    relaxations
        .iter()
        .all(|r| *r == Relaxation::DropBalanceFloor)
}

/// Whether a plan with these relaxations kept the slots at their usual sets:
/// only the balance floor or the total-set range gave way, not the required
/// groups, the sets per exercise, the pattern limits or the caps.
fn slots_held(relaxations: &[Relaxation]) -> bool {
    relaxations
        .iter()
        .all(|r| matches!(r, Relaxation::DropBalanceFloor | Relaxation::WidenSetRange))
}

/// One optimizer run on the blocking pool; `None` when the problem is
/// infeasible even relaxed.
async fn solve_once(
    problem: SelectionProblem,
    config: &PlannerConfig,
    observer: &dyn PlannerObserver,
    solver_slots: &Arc<Semaphore>,
) -> PlanResult<Option<Selection>> {
    // The instance the optimizer gets, for replaying a real plan with
    // the optimizer's `solve_instance` and `measure` examples
    // (`RUST_LOG=gainsly_planner::problem=trace`).
    if tracing::enabled!(target: "gainsly_planner::problem", tracing::Level::TRACE) {
        match serde_json::to_string(&problem) {
            Ok(json) => tracing::trace!(
                target: "gainsly_planner::problem",
                problem = %json,
                "selection problem"
            ),
            Err(e) => tracing::warn!(error = %e, "serializing the selection problem"),
        }
    }
    let options = config.solve.clone();
    // The permit moves into the blocking task: a solve keeps its core
    // until it ends, even when the request that asked has gone.
    let permit = solver_slots
        .clone()
        .acquire_owned()
        .await
        .map_err(PlannerError::SolverSlots)?;
    let started = Instant::now();
    let result = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        gainsly_optimizer::solve(&problem, &options)
    })
    .await
    .map_err(PlannerError::SolverTask)?;
    observer.solved(started.elapsed().as_secs_f64());
    match result {
        Ok(sel) => Ok(Some(sel)),
        Err(OptimizerError::Infeasible(_)) => Ok(None),
        Err(e) => Err(PlannerError::Optimizer(e)),
    }
}

/// Step 6: the session from the chosen picks: order, prescription, time and
/// muscle totals, rationale and notes.
pub fn assemble(
    ctx: &DayContext,
    constraints: &DayConstraints,
    consulted: Consulted,
    solved: Solved,
    target_minutes: u32,
) -> SessionPlan {
    let candidates = &consulted.candidates;
    let mut picks = solved.picks;
    let main_lifts: BTreeSet<ExerciseId> = constraints
        .slots
        .iter()
        .filter(|g| g.main_lift)
        .flat_map(|g| g.members.iter().copied())
        .collect();
    let stepped_up = prescribe::step_up_variations(ctx, constraints, &mut picks);
    prescribe::order_picks(&mut picks, &main_lifts);
    let prescribed = prescribe::session(ctx, constraints, &mut picks, target_minutes);
    let (exercises, estimated) = (prescribed.exercises, prescribed.minutes);
    let muscle_sets = prescribe::muscle_sets(&picks);
    let rationale = consulted
        .rationale
        .unwrap_or_else(|| builtin_rationale(ctx, constraints, candidates, &picks));
    let mut adaptations = constraints.notes.clone();
    adaptations.extend(consulted.notes);
    adaptations.extend(solved.notes);
    adaptations.extend(stepped_up);
    adaptations.extend(prescribed.notes);
    SessionPlan {
        kind: ctx.day.kind,
        focus: ctx.day.focus,
        is_deload: ctx.is_deload,
        source: consulted.source,
        fallback: consulted.fallback || solved.fallback,
        target_minutes,
        // The optimizer keeps the total within the cap; ceil stays within an integer cap.
        estimated_minutes: (estimated.ceil() as u32).min(target_minutes),
        exercises,
        muscle_sets,
        recommended_activity: None,
        adaptations,
        rationale,
    }
}

fn off_day(ctx: &DayContext, target_minutes: u32) -> SessionPlan {
    let to_place: Vec<ActivityToPlace> = ctx
        .activities
        .iter()
        .map(|a| ActivityToPlace {
            id: a.id,
            kind: a.kind,
            intensity: a.intensity,
            sessions_per_week: a.sessions_per_week,
        })
        .collect();
    let scheduled = activity_schedule::schedule(&ctx.program.microcycle, &to_place)
        .get(&ctx.day.day_index)
        .copied();
    let recommended =
        rest_day::for_day(ctx.day.kind, &ctx.activities, scheduled, ctx.date.ordinal());
    let rationale = match ctx.day.kind {
        DayKind::ActiveRecovery => "Active recovery: light movement only, no hard sets",
        _ => "Rest day: recovery is when the adaptation happens",
    };
    SessionPlan {
        kind: ctx.day.kind,
        focus: None,
        is_deload: ctx.is_deload,
        source: SessionSource::Builtin,
        fallback: false,
        target_minutes,
        estimated_minutes: recommended
            .as_ref()
            .and_then(|a| a.minutes)
            .unwrap_or(0)
            .min(target_minutes),
        exercises: Vec::new(),
        muscle_sets: Default::default(),
        recommended_activity: recommended,
        adaptations: Vec::new(),
        rationale: rationale.to_owned(),
    }
}

fn describe(r: Relaxation) -> &'static str {
    match r {
        Relaxation::DropBalanceFloor => "dropped the per-muscle minimum",
        Relaxation::DropRequirements => "a required exercise did not fit today",
        Relaxation::WidenSetRange => "fewer total sets than planned",
        Relaxation::ShrinkMinimumSets => "single sets allowed per exercise",
        Relaxation::AllowRepeatedPatterns => "a movement pattern appears twice",
        Relaxation::DropCompoundRequirement => "no compound movement fits today",
        Relaxation::LiftVolumeCaps => "weekly volume caps lifted",
    }
}

fn prompt_for(
    ctx: &DayContext,
    signals: &AdaptationSignals,
    constraints: &DayConstraints,
    candidates: &[Candidate],
    target_minutes: u32,
) -> PlanPrompt {
    let targets: Vec<_> = constraints.session.target_muscles.keys().copied().collect();
    PlanPrompt {
        date_label: ctx.date.format("%A %Y-%m-%d").to_string(),
        focus_label: ctx.day.label.clone(),
        recovery: targets
            .iter()
            .map(|m| (*m, ctx.recovery.recovery_pct(*m)))
            .collect(),
        target_muscles: targets,
        available_minutes: target_minutes,
        total_sets: (
            constraints.session.min_total_sets,
            constraints.session.max_total_sets,
        ),
        rep_range: (
            constraints
                .compound
                .reps_min
                .min(constraints.isolation.reps_min),
            constraints
                .compound
                .reps_max
                .max(constraints.isolation.reps_max),
        ),
        rpe_range: (
            constraints
                .compound
                .target_rpe
                .min(constraints.isolation.target_rpe)
                - 1.0,
            constraints
                .compound
                .target_rpe
                .max(constraints.isolation.target_rpe),
        ),
        is_deload: ctx.is_deload,
        notes: signals.notes().map(str::to_owned),
        candidates: candidates
            .iter()
            .filter_map(|c| {
                catalog::exercise(c.exercise_id).map(|ex| PromptCandidate {
                    id: ex.id,
                    name: ex.name.clone(),
                    pattern: ex.movement_pattern,
                    primary: ex.primary_muscles.clone(),
                    equipment: ex.equipment.clone(),
                    min_sets: c.min_sets,
                    max_sets: c.max_sets,
                })
            })
            .collect(),
    }
}

fn builtin_rationale(
    ctx: &DayContext,
    constraints: &DayConstraints,
    candidates: &[Candidate],
    picks: &[Pick],
) -> String {
    let targets: Vec<&str> = constraints
        .session
        .target_muscles
        .keys()
        .map(|m| m.as_str())
        .collect();
    let sets: u32 = picks.iter().map(|p| p.sets).sum();
    let mut text = format!(
        "{}: {} sets over {} exercises for {}, chosen from {} candidates to fit {} minutes",
        ctx.day.label,
        sets,
        picks.len(),
        targets.join(", "),
        candidates.len(),
        constraints.session.available_minutes.floor()
    );
    if ctx.is_deload {
        text.push_str("; deload week: about half the sets at lower effort");
    }
    text
}
