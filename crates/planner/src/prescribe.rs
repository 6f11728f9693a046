//! Step 6 of the loop: reps, RPE, rest and suggested loads for the chosen
//! exercises, and the session's time and muscle totals.

use std::collections::{BTreeMap, BTreeSet};

use gainsly_domain::constraints::DayConstraints;
use gainsly_domain::increment::Implement;
use gainsly_domain::prescription::{self, DELOAD_RPE_DROP, DELOAD_SET_FACTOR, MIN_TARGET_RPE};
use gainsly_domain::progression::{self, LoadGrid, RepTarget};
use gainsly_domain::role::{MAIN_LIFT_PLACE, session_place};
use gainsly_domain::selection::Pick;
use gainsly_domain::session::SessionExercise;
use gainsly_domain::set_plan::{self, SetKind};
use gainsly_domain::{
    Exercise, ExerciseId, Mechanics, Muscle, ProgressionStyle, Role, Tracking, catalog,
    coarse_grid, superset, timing, variations, volume, working,
};

use crate::context::DayContext;

/// What step 6 prescribes: the exercises with their set plans, the minutes
/// they take, and notes for the session's adaptations.
#[derive(Debug, Clone, PartialEq)]
pub struct Prescribed {
    pub exercises: Vec<SessionExercise>,
    /// Warm-up + every planned set (ramps included) + transitions.
    pub minutes: f64,
    pub notes: Vec<String>,
}

/// The prescription of the chosen picks, in the order given: reps, RPE and
/// rest by role, loads from the working e1RM and the program's progression
/// style, and each exercise's `set_plan`. When the set plans (warm-up ramps
/// included) overrun `target_minutes`, rests are first shortened to the low
/// end of their goal's range, then working sets are taken off the last
/// exercises first (never below one per exercise), then the ramps, and
/// `picks` follow so that the muscle totals stay true. A reactive deload
/// (the working e1RM of two or more main lifts fell ≥ 5 % over 3 exposures)
/// halves the sets and lowers the RPE by 2 like a planned one.
pub fn session(
    ctx: &DayContext,
    constraints: &DayConstraints,
    picks: &mut [Pick],
    target_minutes: u32,
) -> Prescribed {
    let goals = ctx.program.settings.goals();
    let mut notes = Vec::new();
    let falling: Vec<&str> = ctx
        .loads
        .iter()
        .filter_map(|(id, ex)| catalog::exercise(*id).map(|e| (e, ex)))
        .filter(|(e, ex)| e.role() == Role::Main && working::falling(ex))
        .map(|(e, _)| e.name.as_str())
        .collect();
    let reactive = !constraints.is_deload && falling.len() >= working::FALLING_LIFTS_FOR_DELOAD;
    if reactive {
        notes.push(format!(
            "Reactive deload: the working e1RM of {} fell 5 % or more over 3 exposures",
            falling.join(", ")
        ));
        for p in picks.iter_mut() {
            p.sets = ((f64::from(p.sets) * DELOAD_SET_FACTOR).round() as u32).max(1);
        }
    }
    let deload = constraints.is_deload || reactive;
    // The day's RPE adjustments (deload, low energy) as the constraints made
    // them for compounds, applied to every role's RPE once.
    let mut rpe_shift = constraints.compound.target_rpe
        - prescription::prescribe(goals, Mechanics::Compound, false).target_rpe;
    if reactive {
        rpe_shift -= DELOAD_RPE_DROP;
    }
    let mut planned: Vec<Planned> = picks
        .iter()
        .filter_map(|p| plan_one(ctx, p, rpe_shift, deload))
        .collect();
    // One warm-up ramp a session: the first exercise's, when it is a main
    // lift. A later main lift starts warm from the work before it (the
    // optimizer's warm-up time holds one ramp), and assistance work never
    // ramps.
    for (i, p) in planned.iter_mut().enumerate() {
        if !p.out.set_plan.iter().any(|s| s.kind == SetKind::Warmup) {
            continue;
        }
        if i > 0 {
            p.out.set_plan.retain(|s| s.kind != SetKind::Warmup);
            p.out.notes = p
                .out
                .notes
                .as_ref()
                .map(|n| n.replace(RAMP_NOTE, WARM_MAIN_NOTE));
        }
    }
    // A full-body day's accessories in pairs (`superset`): the optimizer
    // counted half their rests; the pair shares one rest per round.
    let supersets: Vec<(usize, usize)> = if constraints.supersets {
        let exercises: Vec<&Exercise> = planned
            .iter()
            .filter_map(|p| catalog::exercise(p.out.exercise_id))
            .collect();
        if exercises.len() == planned.len() {
            superset::pairs(&exercises)
        } else {
            Vec::new()
        }
    } else {
        Vec::new()
    };
    for &(a, b) in &supersets {
        let note = |p: &Planned, other: &Planned| {
            format!(
                "Superset with {}: alternate their sets, {} s rest after each pair",
                other.out.name, p.out.rest_seconds
            )
        };
        let (na, nb) = (
            note(&planned[a], &planned[b]),
            note(&planned[b], &planned[a]),
        );
        planned[a].add_note(na);
        planned[b].add_note(nb);
    }
    // The general warm-up (shorter before a ramp); the ramp is in the set
    // plans (the optimizer's warm-up held both).
    let transition = constraints.session.transition_minutes;
    let total = |planned: &[Planned]| {
        let saved: f64 = supersets
            .iter()
            .map(|&(a, b)| {
                superset::saved_minutes(
                    planned[a].out.sets,
                    planned[b].out.sets,
                    planned[a].out.rest_seconds.min(planned[b].out.rest_seconds),
                    transition,
                )
            })
            .sum();
        let ramp = planned
            .iter()
            .any(|p| p.out.set_plan.iter().any(|s| s.kind == SetKind::Warmup));
        let warmup = if ramp {
            timing::GENERAL_WARMUP_BEFORE_RAMP_MINUTES
        } else {
            timing::WARMUP_MINUTES
        };
        warmup
            + planned
                .iter()
                .map(|p| transition + p.minutes())
                .sum::<f64>()
            - saved
    };
    let cap = f64::from(target_minutes);
    let mut trimmed = 0;
    if total(&planned) > cap {
        for p in &mut planned {
            p.out.rest_seconds = p.out.rest_seconds.min(p.rest_min);
        }
    }
    // Then working sets off the last accessory first, main lifts last, down
    // to two sets each (a coach's floor; one in a deload); then the ramp;
    // then down to one set.
    let floor = if deload { 1 } else { 2 };
    while total(&planned) > cap {
        let victim = |least: u32| {
            planned
                .iter()
                .enumerate()
                .rev()
                .filter(|(_, p)| p.out.sets > least)
                .min_by_key(|(_, p)| p.main)
                .map(|(i, _)| i)
        };
        if let Some(i) = victim(floor) {
            planned[i].drop_working_set();
            trimmed += 1;
            continue;
        }
        let ramp = planned
            .iter()
            .position(|p| p.out.set_plan.iter().any(|s| s.kind == SetKind::Warmup));
        if let Some(i) = ramp {
            planned[i]
                .out
                .set_plan
                .retain(|s| s.kind != SetKind::Warmup);
            continue;
        }
        match victim(1) {
            Some(i) => {
                planned[i].drop_working_set();
                trimmed += 1;
            }
            None => break,
        }
    }
    if trimmed > 0 {
        notes.push(format!(
            "{trimmed} working set(s) fewer so that warm-up ramps fit in {target_minutes} minutes"
        ));
    }
    // A deload's single working set, two RPE points easier, is itself
    // about as light as the ramp's last set: no ramp before it.
    if deload {
        for p in &mut planned {
            if p.out.sets <= 1 {
                p.out.set_plan.retain(|s| s.kind != SetKind::Warmup);
            }
        }
    }
    for p in picks.iter_mut() {
        if let Some(done) = planned.iter().find(|x| x.out.exercise_id == p.exercise_id) {
            p.sets = done.out.sets;
        }
    }
    let minutes = if planned.is_empty() {
        0.0
    } else {
        total(&planned)
    };
    let exercises = planned
        .into_iter()
        .enumerate()
        .map(|(i, p)| SessionExercise {
            order: u32::try_from(i + 1).unwrap_or(u32::MAX),
            ..p.out
        })
        .collect();
    Prescribed {
        exercises,
        minutes,
        notes,
    }
}

/// One exercise's prescription while the session is being fitted.
struct Planned {
    out: SessionExercise,
    main: bool,
    rest_min: u32,
}

impl Planned {
    /// Minutes the set plan takes (unilateral work twice over).
    fn minutes(&self) -> f64 {
        match catalog::exercise(self.out.exercise_id) {
            Some(ex) => {
                set_plan::exercise_plan_minutes(ex, &self.out.set_plan, self.out.rest_seconds)
            }
            None => set_plan::plan_minutes(&self.out.set_plan, self.out.rest_seconds),
        }
    }

    fn add_note(&mut self, note: String) {
        self.out.notes = Some(match self.out.notes.take() {
            Some(n) if !n.is_empty() => format!("{n}. {note}"),
            _ => note,
        });
    }

    fn drop_working_set(&mut self) {
        if let Some(i) = self
            .out
            .set_plan
            .iter()
            .rposition(|s| s.kind != SetKind::Warmup)
        {
            self.out.set_plan.remove(i);
            self.out.sets = self.out.sets.saturating_sub(1).max(1);
        }
    }
}

/// The note of the session's first main lift.
const RAMP_NOTE: &str = "Ramp 40/60/80 % × 5/3/1, one top set, then back-off sets 9 % lighter";
/// The note of a unilateral rep-tracked exercise.
pub const UNILATERAL_NOTE: &str = "Reps per side: one side, then the other";
/// The note of a main lift too light for a ramp (its first sets warm it).
const TOP_SET_NOTE: &str = "One top set, then back-off sets 9 % lighter";
/// The note of a later main lift (already warm).
const WARM_MAIN_NOTE: &str =
    "One top set, then back-off sets 9 % lighter (warm from the lift before)";

fn plan_one(ctx: &DayContext, pick: &Pick, rpe_shift: f64, deload: bool) -> Option<Planned> {
    let ex = catalog::exercise(pick.exercise_id)?;
    let goals = ctx.program.settings.goals();
    let units = ctx.profile.units;
    let rx = set_plan::role_rx_for(ex, goals, ctx.profile.experience);
    let target_rpe = (((rx.target_rpe + rpe_shift) * 2.0).round() / 2.0).max(MIN_TARGET_RPE);
    let mut target = RepTarget {
        reps_min: rx.reps_min,
        reps_max: rx.reps_max,
        reps: rx.reps,
        target_rpe,
    };
    let main = ex.role() == Role::Main;
    let mut notes: Vec<String> = Vec::new();
    // Bodyweight work progresses by reps (then by a harder variation:
    // [`step_up_variations`]).
    if ex.tracking == Tracking::Reps
        && let Some(history) = ctx.reps.get(&ex.id)
    {
        target.reps = variations::next_reps(history, &target);
        if target.reps >= target.reps_max
            && let Some(h) = variations::harder(ex)
        {
            notes.push(format!(
                "At the top of the range: twice at RPE {} or under and {} comes next",
                target.target_rpe, h.name
            ));
        }
    }
    let mut load_kg = None;
    let implement = Implement::of(ex);
    let mut grid = None;
    if let Some(implement) = implement {
        let body_kg = match implement {
            Implement::BeltPlates => ctx.profile.body_weight_kg.unwrap_or(0.0),
            _ => 0.0,
        };
        let g = LoadGrid {
            implement,
            units,
            body_kg,
        };
        grid = Some(g);
        let history = ctx.loads.get(&ex.id).map_or(&[][..], Vec::as_slice);
        let trained = Some(ctx.training_days.as_slice());
        let working_now = working::estimate_after(history, ctx.date, trained);
        // The layoff since the last exposure, counted or not (an exercise
        // whose sets were all blind detrains too).
        let decay = history.last().map_or(0.0, |last| {
            working::layoff_decay(working::layoff_days(
                last.date,
                ctx.date,
                &ctx.training_days,
            ))
        });
        let counted = working_now.map(|w| w.e1rm_kg);
        let floor = working::easy_floor(history, ctx.date, trained);
        let estimate = match (counted, floor) {
            (Some(e), Some(f)) => Some(e.max(f)),
            (e, f) => e.or(f),
        };
        let style = if deload {
            // A deload's load follows from the lower RPE, whatever the style.
            ProgressionStyle::Rpe
        } else {
            ctx.program.settings.progression()
        };
        // A step over 5 % of the load: the reps carry the progression over
        // an opened range, then the load steps ([`coarse_grid`]).
        let coarse = estimate.is_some_and(|e| coarse_grid::is_coarse(e, &target, &g));
        if let Some(e) = estimate.filter(|_| coarse) {
            (target.reps_min, target.reps_max) =
                coarse_grid::coarse_range(ex, goals, e, target.target_rpe, &g);
        }
        let next = if coarse {
            coarse_grid::next(style, history, &target, estimate, decay, &g)
                .or_else(|| progression::next(style, history, &target, estimate, &g))
        } else {
            progression::next(style, history, &target, estimate, &g)
        };
        if let Some(mut next) = next {
            // Back from a layoff: no increment, and under the last load by
            // at least the layoff's decay (one step when it rounds away).
            if let Some(last) = history.last().filter(|_| decay > 0.0) {
                let step = g.implement.step_kg(units);
                let decayed = g.round_down(last.load_kg * (1.0 - decay));
                let below_last = g.round_down(last.load_kg - step);
                let held = next.load_kg;
                next.load_kg = next
                    .load_kg
                    .min(decayed.min(below_last.max(0.0)).max(body_kg));
                // On a coarse grid the step down is big: the reps the
                // (decayed) estimate allows at the lighter load.
                if let Some(e) = estimate.filter(|_| coarse && next.load_kg < held) {
                    next.reps = progression::reps_at(e, next.load_kg, target.target_rpe);
                }
            }
            target.reps = next.reps.clamp(target.reps_min, target.reps_max);
            let added = next.load_kg - body_kg;
            if implement == Implement::BeltPlates && added <= 0.0 {
                load_kg = Some(0.0);
                notes.push(
                    "Body weight alone reaches the target: no added load (a band if the reps are out of reach)"
                        .to_owned(),
                );
            } else if added > 0.0 {
                load_kg = Some(added);
            }
        }
    }
    let set_plan = set_plan::plan_sets(
        ex,
        main,
        pick.sets,
        (target.reps, target.target_rpe),
        load_kg,
        grid.map(|g| (g.implement, units)),
    );
    if deload {
        notes.push("Deload: half the sets, RPE 2 lower; the load follows from the RPE".to_owned());
    } else if set_plan.iter().any(|s| s.kind == SetKind::Warmup) {
        notes.push(RAMP_NOTE.to_owned());
    } else if set_plan.iter().any(|s| s.kind == SetKind::Top) {
        notes.push(TOP_SET_NOTE.to_owned());
    }
    // Unilateral work is done each side in turn: the reps, seconds or
    // metres are per side (and the time estimate counts both).
    let per = if ex.unilateral { "per side" } else { "per set" };
    match ex.tracking {
        Tracking::Time => notes.push(format!("{} s {per}", set_plan::TIMED_SET_SECONDS)),
        Tracking::Distance => notes.push(format!("{} m {per}", set_plan::set_metres(ex))),
        _ if ex.unilateral => notes.push(UNILATERAL_NOTE.to_owned()),
        _ => {}
    }
    Some(Planned {
        out: SessionExercise {
            order: 0,
            exercise_id: ex.id,
            name: ex.name.clone(),
            sets: pick.sets,
            reps_min: target.reps_min,
            reps_max: target.reps_max,
            target_rpe: target.target_rpe,
            rest_seconds: rx.rest_seconds,
            suggested_load_kg: load_kg,
            primary_muscles: ex.primary_muscles.clone(),
            equipment: ex.equipment.clone(),
            notes: (!notes.is_empty()).then(|| notes.join(". ")),
            set_plan,
        },
        main,
        rest_min: rx.rest_min_seconds,
    })
}

/// Swaps each bodyweight pick whose user reached the top of its rep range at
/// or under the target RPE in the last two exposures for its harder
/// variation ([`variations::step_up`]), step after step while the harder
/// one is earned too, when the harder one is allowed today, has the same
/// role and is not picked already. Returns a note per swap.
pub fn step_up_variations(
    ctx: &DayContext,
    constraints: &DayConstraints,
    picks: &mut [Pick],
) -> Vec<String> {
    let goals = ctx.program.settings.goals();
    let mut notes = Vec::new();
    for i in 0..picks.len() {
        let Some(from) = catalog::exercise(picks[i].exercise_id) else {
            continue;
        };
        let mut at = from;
        for _ in 0..variations::HARDER_VARIATIONS.len() {
            let rx = set_plan::role_rx(at, goals);
            let target = RepTarget {
                reps_min: rx.reps_min,
                reps_max: rx.reps_max,
                reps: rx.reps,
                target_rpe: rx.target_rpe,
            };
            let history = ctx.reps.get(&at.id).map_or(&[][..], Vec::as_slice);
            let next = variations::step_up(at, history, &target, |h| {
                constraints.allowed.contains(&h.id)
                    && h.role() == at.role()
                    && !picks.iter().any(|p| p.exercise_id == h.id)
            });
            match next {
                Some(h) => at = h,
                None => break,
            }
        }
        if at.id != from.id {
            picks[i].exercise_id = at.id;
            notes.push(format!(
                "{} instead of {}: the top of the rep range at or under the target RPE twice",
                at.name, from.name
            ));
        }
    }
    notes
}

/// Orders picks as a coach would ([`session_place`]): power and technical
/// lifts, the day's main lift, other main lifts, secondary compounds,
/// isolation, core and carries, conditioning; heavier fatigue first within a place.
/// The day's main lift takes a main lift's place even when it is not a
/// staple (a home full-body day's goblet squat leads its squat day).
pub fn order_picks(picks: &mut [Pick], main_lifts: &BTreeSet<ExerciseId>) {
    let key = |p: &Pick| {
        let ex = catalog::exercise(p.exercise_id);
        let place = ex.map_or(u8::MAX, session_place);
        let main = main_lifts.contains(&p.exercise_id);
        (
            if main {
                place.min(MAIN_LIFT_PLACE)
            } else {
                place
            },
            !main,
            std::cmp::Reverse(ex.map_or(0, |e| e.fatigue)),
            p.exercise_id,
        )
    };
    picks.sort_by_key(key);
}

/// Fractional sets per muscle of the picks ([`volume::muscle_sets`]).
pub fn muscle_sets(picks: &[Pick]) -> BTreeMap<Muscle, f64> {
    volume::muscle_sets(
        picks
            .iter()
            .filter_map(|p| catalog::exercise(p.exercise_id).map(|ex| (ex, f64::from(p.sets)))),
    )
}
