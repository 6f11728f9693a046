//! Steps 2–6 of the loop for one day: recovery (already in the context) →
//! constraints → candidates (+ LLM) → solve → prescription.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Instant;

use chrono::Datelike;
use gainsly_domain::constraints::{ConstraintInput, DayConstraints, build_constraints};
use gainsly_domain::selection::{ObjectiveWeights, Relaxation, Selection, SelectionProblem};
use gainsly_domain::session::{SessionPlan, SessionSource};
use gainsly_domain::{
    AdaptationSignals, Candidate, CandidateInput, DayKind, catalog, rank_candidates,
};
use gainsly_llm::{LlmClient, PlanPrompt, PromptCandidate};
use gainsly_optimizer::OptimizerError;
use tokio::sync::Semaphore;

use crate::context::DayContext;
use crate::error::{PlanResult, PlannerError};
use crate::events::{Events, Stage};
use crate::{LlmMode, PlannerConfig, PlannerObserver, prescribe, rest_day};

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
        settings: &ctx.program.settings,
        experience: ctx.profile.experience,
        profile_equipment: &ctx.profile.equipment,
        rules: &ctx.rules,
        recovery: &ctx.recovery,
        ready_threshold_pct: config.recovery.config.ready_threshold_pct,
        volume_so_far: &ctx.volume_so_far,
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
    let mut candidates = rank_candidates(&candidate_input, &config.candidates);
    let mut adaptations = constraints.notes.clone();
    let mut fallback = false;
    let mut source = SessionSource::Builtin;
    let mut llm_rationale: Option<String> = None;

    if config.llm_mode != LlmMode::Off && !candidates.is_empty() {
        events
            .status(Stage::Generating, "Asking the coach model for a session")
            .await;
        match llm {
            None => {
                if config.llm_mode == LlmMode::Required {
                    return Err(PlannerError::GenerationFailed("no LLM available".into()));
                }
                fallback = true;
                adaptations
                    .push("Coach model unreachable: planned with the built-in generator".into());
            }
            Some(client) => {
                let prompt = prompt_for(ctx, signals, &constraints, &candidates, target_minutes);
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
                            source = SessionSource::Llm;
                            llm_rationale = Some(proposal.rationale);
                        } else {
                            fallback = true;
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "LLM proposal failed");
                        if config.llm_mode == LlmMode::Required {
                            return Err(PlannerError::GenerationFailed(e.to_string()));
                        }
                        fallback = true;
                        adaptations.push(
                            "Coach model unavailable: planned with the built-in generator".into(),
                        );
                    }
                }
            }
        }
    }

    events
        .status(
            Stage::Optimizing,
            "Choosing exercises and sets under every constraint",
        )
        .await;
    let selection = if candidates.is_empty() {
        adaptations.push("No exercise fits today's constraints: take the day off".into());
        fallback = true;
        None
    } else {
        let problem = SelectionProblem {
            candidates: candidates.clone(),
            constraints: constraints.session.clone(),
            weights: ObjectiveWeights::default(),
        };
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
            .map_err(|e| PlannerError::Internal(format!("solver slots: {e}")))?;
        let started = Instant::now();
        let solved = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            gainsly_optimizer::solve(&problem, &options)
        })
        .await
        .map_err(|e| PlannerError::Internal(format!("solver task: {e}")))?;
        observer.solved(started.elapsed().as_secs_f64());
        match solved {
            Ok(sel) => Some(sel),
            Err(OptimizerError::Infeasible(_)) => {
                adaptations.push("No plan fits today's hard limits: take the day off".into());
                fallback = true;
                None
            }
            Err(e) => return Err(PlannerError::Internal(format!("optimizer: {e}"))),
        }
    };

    let (picks, relaxations) = match selection {
        Some(Selection {
            picks, relaxations, ..
        }) => (picks, relaxations),
        None => (Vec::new(), Vec::new()),
    };
    if !relaxations.is_empty() {
        fallback = true;
        for r in &relaxations {
            adaptations.push(format!("Relaxed: {}", describe(*r)));
        }
    }
    let mut picks = picks;
    prescribe::order_picks(&mut picks, &candidates);
    let exercises = prescribe::exercises(&picks, &constraints, &ctx.best_e1rms, ctx.profile.units);
    let estimated = prescribe::estimated_minutes(&picks, &candidates, &constraints.session);
    let muscle_sets = prescribe::muscle_sets(&picks);
    let rationale =
        llm_rationale.unwrap_or_else(|| builtin_rationale(ctx, &constraints, &candidates, &picks));
    Ok(SessionPlan {
        kind: ctx.day.kind,
        focus: ctx.day.focus,
        is_deload: ctx.is_deload,
        source,
        fallback,
        target_minutes,
        // The optimizer keeps the total within the cap; ceil stays within an integer cap.
        estimated_minutes: (estimated.ceil() as u32).min(target_minutes),
        exercises,
        muscle_sets,
        recommended_activity: None,
        adaptations,
        rationale,
    })
}

fn off_day(ctx: &DayContext, target_minutes: u32) -> SessionPlan {
    let recommended = rest_day::recommend(ctx.day.kind, &ctx.activities, ctx.date.ordinal());
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
    picks: &[gainsly_domain::selection::Pick],
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
