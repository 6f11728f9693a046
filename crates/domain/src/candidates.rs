//! Candidate generation: rank the allowed catalog exercises for a day into the
//! list the optimizer (and the LLM) choose from.
//!
//! Each allowed exercise gets a score in 0–1, a weighted sum of
//! ([`ScoreWeights`], our choices):
//! * coverage — set credit on the day's target muscles, weighted by priority;
//! * role — compounds first on training days;
//! * variety — exercises from the last sessions are pushed down (most recent most);
//! * skill — above the user's comfortable skill level is penalised;
//! * loadability — exercises that can be progressively loaded (weight × reps)
//!   beat bodyweight regressions for trained lifters (a hard bodyweight move
//!   such as a pull-up or dip counts almost fully);
//! * fatigue — low-fatigue exercises are favoured, more so on deloads or low energy;
//!
//! plus a bonus for `prefer` rules. Conditioning and mobility drills are
//! damped unless the goals include endurance, fat loss or mobility. The list
//! first takes, round-robin over the target muscles, the best few exercises
//! and the best few isolation exercises training each as a primary muscle (so
//! every target can be served), then fills up by score. Excluded exercises
//! never appear.

use std::collections::{BTreeMap, BTreeSet};

use crate::constraints::DayConstraints;
use crate::exercise::{Exercise, ExerciseId};
use crate::goal::{Goal, GoalWeights};
use crate::pattern::{MovementPattern, Tracking};
use crate::profile::Experience;
use crate::selection::Candidate;
use crate::timing::exercise_set_minutes;

/// Default candidate list size (issue 3).
pub const DEFAULT_CANDIDATES: usize = 40;
/// Default number of best exercises guaranteed per target muscle.
pub const DEFAULT_PER_TARGET: usize = 3;
/// Default number of best isolation exercises guaranteed per target muscle.
pub const DEFAULT_ISOLATION_PER_TARGET: usize = 2;

/// Weights of the score components (they sum to 1; the preference bonus is on top, capped at 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreWeights {
    /// Weight of target-muscle coverage.
    pub coverage: f64,
    /// Weight of the exercise role (compound first).
    pub role: f64,
    /// Weight of variety against recent sessions.
    pub variety: f64,
    /// Weight of the skill fit for the user's experience.
    pub skill: f64,
    /// Weight of progressive loadability.
    pub loadability: f64,
    /// Weight of low systemic fatigue.
    pub fatigue: f64,
    /// Bonus for exercises a `prefer` rule names.
    pub preferred_bonus: f64,
}

impl Default for ScoreWeights {
    fn default() -> Self {
        ScoreWeights {
            coverage: 0.40,
            role: 0.15,
            variety: 0.15,
            skill: 0.10,
            loadability: 0.15,
            fatigue: 0.05,
            preferred_bonus: 0.15,
        }
    }
}

/// How many candidates to produce and how.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CandidateConfig {
    /// Size of the list (default 40).
    pub size: usize,
    /// Best exercises taken first for each target muscle (default 3).
    pub per_target: usize,
    /// Best isolation exercises taken first for each target muscle (default 2).
    pub isolation_per_target: usize,
    /// Score weights.
    pub weights: ScoreWeights,
}

impl Default for CandidateConfig {
    fn default() -> Self {
        CandidateConfig {
            size: DEFAULT_CANDIDATES,
            per_target: DEFAULT_PER_TARGET,
            isolation_per_target: DEFAULT_ISOLATION_PER_TARGET,
            weights: ScoreWeights::default(),
        }
    }
}

/// What the generator looks at besides the day's constraints.
#[derive(Debug, Clone, Copy)]
pub struct CandidateInput<'a> {
    /// The day's constraints (allowed exercises, targets, prescriptions).
    pub constraints: &'a DayConstraints,
    /// The user's training experience.
    pub experience: Experience,
    /// The program's goal weights.
    pub goals: &'a GoalWeights,
    /// Exercise ids of the last sessions, most recent session first.
    pub recent_sessions: &'a [Vec<ExerciseId>],
    /// The exercise catalog.
    pub catalog: &'a [Exercise],
}

/// Loadability of rep-only isolation work and the easy movements when a
/// loaded exercise of the same pattern is allowed today ([`score`]).
pub const REP_ONLY_ISOLATION_LOADABILITY: f64 = 0.5;

/// Damping of conditioning/mobility drills when no goal asks for them.
const DRILL_DAMPING: f64 = 0.3;
/// Coverage that counts as full (a compound crediting 2.5 target-weighted sets per set).
const FULL_COVERAGE: f64 = 2.5;

fn wants_drills(goals: &GoalWeights) -> bool {
    goals
        .share_of(Goal::Endurance)
        .max(goals.share_of(Goal::FatLoss))
        .max(goals.share_of(Goal::Mobility))
        > 0.0
}

fn wants_power(goals: &GoalWeights) -> bool {
    goals
        .share_of(Goal::Explosiveness)
        .max(goals.share_of(Goal::Speed))
        > 0.0
}

/// Whether `ex` is rep-only isolation (a sphinx push-up, a band pushdown)
/// or an easy movement (a bodyweight squat,
/// [`crate::rep_limits::EASY_MOVEMENTS`]) while an allowed exercise of the
/// same pattern can be loaded: it can only add reps, and where a cable or a
/// dumbbell is at hand a coach loads the arms' isolation work and the
/// squat, so it scores [`REP_ONLY_ISOLATION_LOADABILITY`]. Without the
/// load (the bodyweight week) it keeps its rep-only score.
fn unloaded_for_want_of_nothing(input: &CandidateInput<'_>, ex: &Exercise) -> bool {
    let rep_only = ex.tracking == Tracking::Reps && (!ex.is_compound() || ex.is_easy_movement());
    rep_only
        && input.catalog.iter().any(|other| {
            other.movement_pattern == ex.movement_pattern
                && other.tracking == Tracking::WeightReps
                && input.constraints.allowed.contains(&other.id)
        })
}

/// How well an exercise can be progressively loaded, 0–1: weight × reps 1.0;
/// rep-only moves 0.9 for beginners, else
/// `0.4 + 0.2 · max(skill, fatigue)` (a knee push-up 0.6, a pull-up 1.0);
/// timed or distance work 0.5.
pub fn loadability(ex: &Exercise, experience: Experience) -> f64 {
    match ex.tracking {
        Tracking::WeightReps => 1.0,
        Tracking::Reps if experience == Experience::Beginner => 0.9,
        Tracking::Reps => (0.4 + 0.2 * f64::from(ex.skill.max(ex.fatigue))).min(1.0),
        Tracking::Time | Tracking::Distance => 0.5,
    }
}

/// Scores one exercise for the day (0–1).
pub fn score(input: &CandidateInput<'_>, w: &ScoreWeights, ex: &Exercise) -> f64 {
    let c = input.constraints;
    let targets = &c.session.target_muscles;
    let max_w = targets.values().copied().fold(0.0_f64, f64::max);
    let coverage = if max_w > 0.0 {
        let raw: f64 = ex
            .muscle_credits()
            .map(|(m, credit)| credit * targets.get(&m).copied().unwrap_or(0.0) / max_w)
            .sum();
        (raw / FULL_COVERAGE).min(1.0)
    } else {
        0.0
    };
    let role = if ex.is_compound() { 1.0 } else { 0.6 };
    let variety = input
        .recent_sessions
        .iter()
        .position(|s| s.contains(&ex.id))
        .map_or(1.0, |k| 1.0 - 1.0 / (k as f64 + 1.0));
    let comfortable = input.experience.comfortable_skill();
    let skill = if ex.skill <= comfortable {
        1.0
    } else {
        (1.0 - 0.35 * f64::from(ex.skill - comfortable)).max(0.0)
    };
    let sensitivity = if c.is_deload || c.volume_factor < 1.0 {
        1.0
    } else {
        0.5
    };
    let fatigue = 1.0 - sensitivity * (f64::from(ex.fatigue.clamp(1, 5)) - 1.0) / 4.0;
    let loadability = if unloaded_for_want_of_nothing(input, ex) {
        REP_ONLY_ISOLATION_LOADABILITY
    } else {
        loadability(ex, input.experience)
    };
    let mut s = w.coverage * coverage
        + w.role * role
        + w.variety * variety
        + w.skill * skill
        + w.fatigue * fatigue
        + w.loadability * loadability;
    let drill = matches!(
        ex.movement_pattern,
        MovementPattern::Conditioning | MovementPattern::Mobility
    );
    if drill && !wants_drills(input.goals) {
        s *= DRILL_DAMPING;
    }
    // Jumps, throws and cleans are for athletes who train power.
    if crate::role::is_power(ex) && !wants_power(input.goals) {
        s *= DRILL_DAMPING;
    }
    if c.preferred.contains(&ex.id) {
        s += w.preferred_bonus;
    }
    if s.is_finite() {
        s.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

/// Whether a compound's minimum sets fit under every muscle cap of the day.
fn fits_caps(c: &DayConstraints, ex: &Exercise) -> bool {
    let sets = f64::from(c.prescription(ex.mechanics).sets_min);
    ex.is_compound()
        && ex.muscle_credits().all(|(m, credit)| {
            credit * sets
                <= c.session
                    .muscle_caps
                    .get(&m)
                    .copied()
                    .unwrap_or(f64::INFINITY)
                    + 1e-9
        })
}

/// Builds the optimizer's candidate for an exercise with a given score.
pub fn to_candidate(
    c: &DayConstraints,
    goals: &GoalWeights,
    ex: &Exercise,
    score: f64,
) -> Candidate {
    let p = c.prescription(ex.mechanics);
    // A set takes what the exercise's role prescription (reps and rest,
    // set_plan) says, so the plan the optimizer fits in the time is the one
    // prescribed (the day's blended rest overstated assistance work's rests).
    let rx = crate::set_plan::role_rx_for(ex, goals, c.experience);
    // Unilateral work takes each side in turn: twice the work time.
    let minutes_per_set = exercise_set_minutes(ex, f64::from(rx.reps), f64::from(rx.rest_seconds));
    // A beginner's main lifts keep three sets when the day has the time.
    // On a full-body day with accessories the other compounds (the second
    // lower-body lift, a face pull) may be two sets, like the accessories:
    // the main lifts keep theirs and the minutes go to the accessory slots.
    let min_sets = if c.takes_main_lift_sets(ex) {
        p.sets_min.max(c.main_lift_min_sets)
    } else if c.supersets && !c.is_deload {
        p.sets_min.clamp(1, crate::constraints::MIN_SETS_WHEN_SHORT)
    } else {
        p.sets_min
    };
    // A Nordic curl is never five sets (`Exercise::set_ceiling`).
    let ceiling = ex.set_ceiling().unwrap_or(u32::MAX).max(1);
    // A full-body day's accessories are supersetted: half of each set's
    // rest is the partner's work, and a pair is set up once (`superset`).
    let minutes_per_set = if c.supersets && crate::superset::can_superset(ex) {
        crate::superset::superset_set_minutes(
            minutes_per_set,
            f64::from(rx.rest_seconds),
            c.session.transition_minutes,
            min_sets.min(ceiling),
        )
    } else {
        minutes_per_set
    };
    Candidate {
        exercise_id: ex.id,
        pattern: ex.movement_pattern,
        compound: ex.is_compound(),
        // Conditioning earns no hard sets (`volume::muscle_sets`): the
        // optimizer never picks a burpee for the quads' or chest's volume.
        muscles: if crate::volume::counts_as_hard_sets(ex) {
            ex.muscle_credits().collect()
        } else {
            BTreeMap::new()
        },
        equipment: ex.equipment.clone(),
        min_sets: min_sets.min(ceiling),
        max_sets: p.sets_max.max(min_sets).min(ceiling),
        minutes_per_set,
        fatigue: f64::from(ex.fatigue),
        preferred: c.preferred.contains(&ex.id),
        llm_pick: false,
        score,
    }
}

/// The candidate for one exercise (e.g. an LLM proposal outside the list), or
/// `None` when it is unknown or not allowed today.
pub fn candidate_for(
    input: &CandidateInput<'_>,
    config: &CandidateConfig,
    id: ExerciseId,
) -> Option<Candidate> {
    let c = input.constraints;
    if !c.allowed.contains(&id) || c.session.excluded.contains(&id) {
        return None;
    }
    let ex = input.catalog.iter().find(|e| e.id == id)?;
    Some(to_candidate(
        c,
        input.goals,
        ex,
        score(input, &config.weights, ex),
    ))
}

/// Ranks the allowed exercises into at most `config.size` candidates, best
/// first: the best member of each required group and the best compound (when
/// one is required), then round-robin per target muscle, then by score. Empty on days without sets (rest, active recovery).
pub fn rank_candidates(input: &CandidateInput<'_>, config: &CandidateConfig) -> Vec<Candidate> {
    let c = input.constraints;
    if c.session.max_total_sets == 0 {
        // Rest and active-recovery days select nothing.
        return Vec::new();
    }
    let mut scored: Vec<(f64, &Exercise)> = input
        .catalog
        .iter()
        .filter(|ex| c.allowed.contains(&ex.id) && !c.session.excluded.contains(&ex.id))
        .map(|ex| (score(input, &config.weights, ex), ex))
        .collect();
    // Best first; ties by id for determinism.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));

    let mut chosen: BTreeSet<ExerciseId> = BTreeSet::new();
    let mut order: Vec<(f64, &Exercise)> = Vec::new();
    // The best member of every required group comes first, so requirements can be met.
    for group in &c.session.required_groups {
        if order.len() >= config.size || group.iter().any(|id| chosen.contains(id)) {
            continue;
        }
        if let Some(&(s, ex)) = scored.iter().find(|(_, ex)| group.contains(&ex.id)) {
            chosen.insert(ex.id);
            order.push((s, ex));
        }
    }
    // So is the best member of every movement slot (the main lift's slot holds one).
    for group in &c.slots {
        if order.len() >= config.size || group.members.iter().any(|id| chosen.contains(id)) {
            continue;
        }
        if let Some(&(s, ex)) = scored.iter().find(|(_, ex)| group.members.contains(&ex.id)) {
            chosen.insert(ex.id);
            order.push((s, ex));
        }
    }
    // A compound is required on training days: the best one is always listed.
    let has_compound = order.iter().any(|(_, ex)| ex.is_compound());
    if c.session.require_compound
        && !has_compound
        && order.len() < config.size
        && let Some(&(s, ex)) = scored.iter().find(|(_, ex)| fits_caps(c, ex))
    {
        chosen.insert(ex.id);
        order.push((s, ex));
    }
    // Target muscles by priority (heaviest first, then name order).
    let mut targets: Vec<_> = c.session.target_muscles.iter().collect();
    targets.sort_by(|a, b| b.1.total_cmp(a.1).then(a.0.cmp(b.0)));
    // Round-robin over the targets so every one is served before the list fills.
    let rounds = config.per_target.max(config.isolation_per_target);
    for round in 0..rounds {
        for (muscle, _) in &targets {
            let kinds = [
                (round < config.per_target, false),
                (round < config.isolation_per_target, true),
            ];
            for (wanted, isolation_only) in kinds {
                if !wanted || order.len() >= config.size {
                    continue;
                }
                let next = scored.iter().find(|(_, ex)| {
                    ex.primary_muscles.contains(muscle)
                        && !chosen.contains(&ex.id)
                        && (!isolation_only || !ex.is_compound())
                });
                if let Some(&(s, ex)) = next {
                    chosen.insert(ex.id);
                    order.push((s, ex));
                }
            }
        }
    }
    for (s, ex) in &scored {
        if order.len() >= config.size {
            break;
        }
        if chosen.insert(ex.id) {
            order.push((*s, ex));
        }
    }
    order.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.id.cmp(&b.1.id)));
    order
        .into_iter()
        .map(|(s, ex)| to_candidate(c, input.goals, ex, s))
        .collect()
}

/// Keeps one candidate per near-duplicate key ([`crate::near_duplicate`]:
/// same pattern and primary muscles, arm synergists aside, and one vertical
/// pull: Dumbbell and Kettlebell Floor Press, Weighted Chin-Up and Pull-Up):
/// the ones in `keep` (the day's slot members) first, then the LLM's picks,
/// then the best scored. A
/// coach never writes two of the same movement into one session.
pub fn drop_near_duplicates(
    candidates: Vec<Candidate>,
    keep: &BTreeSet<ExerciseId>,
) -> Vec<Candidate> {
    let key = |c: &Candidate| {
        crate::near_duplicate::movement_key(
            c.pattern,
            c.muscles
                .iter()
                .filter(|(_, credit)| **credit >= crate::exercise::PRIMARY_SET_CREDIT)
                .map(|(m, _)| *m),
        )
    };
    let mut ranked: Vec<(usize, &Candidate)> = candidates.iter().enumerate().collect();
    ranked.sort_by(|(ia, a), (ib, b)| {
        keep.contains(&b.exercise_id)
            .cmp(&keep.contains(&a.exercise_id))
            .then(b.llm_pick.cmp(&a.llm_pick))
            .then(b.score.total_cmp(&a.score))
            .then(ia.cmp(ib))
    });
    let mut seen = BTreeSet::new();
    let kept: BTreeSet<usize> = ranked
        .into_iter()
        .filter(|(_, c)| seen.insert(key(c)))
        .map(|(i, _)| i)
        .collect();
    candidates
        .into_iter()
        .enumerate()
        .filter(|(i, _)| kept.contains(i))
        .map(|(_, c)| c)
        .collect()
}

/// Fractional sets per muscle of candidates picked with their set counts
/// (api.md `muscle_sets`: 1 per primary, 0.5 per secondary).
pub fn muscle_sets(picks: &[(&Candidate, u32)]) -> BTreeMap<crate::Muscle, f64> {
    let mut out = BTreeMap::new();
    for (cand, sets) in picks {
        for (m, credit) in &cand.muscles {
            *out.entry(*m).or_insert(0.0) += credit * f64::from(*sets);
        }
    }
    out
}

#[cfg(test)]
mod tests;
