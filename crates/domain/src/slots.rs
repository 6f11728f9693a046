//! Movement slots: the places a coach fills on a day of each focus, in the
//! order they matter (NSCA's program-design order: a lower day needs a
//! knee-dominant and a hip-dominant lift before knee flexion and calves; an
//! upper day a horizontal press and a row before the vertical pair).
//!
//! The constraint builder turns each slot into the allowed exercises that fill
//! it ([`crate::DayConstraints::slots`]); the planner asks the optimizer for
//! at least one exercise of every slot and, when the day cannot hold them
//! all, gives up the last slots first. The first slot of a focus is its main
//! lift's: with a main-lift eligible exercise at hand ([`crate::Role::Main`])
//! only that one lift fills it, so the same main lift recurs through the
//! mesocycle and its progress can be tracked.

use crate::{DayFocus, Exercise, MovementPattern, Muscle};

/// One slot of a focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Slot {
    /// Squat, leg press, lunge, split squat.
    KneeDominant,
    /// Hinge (deadlift, RDL, good morning, swing) or hip thrust / bridge.
    HipDominant,
    /// Knee- or hip-dominant: the one lower-body slot of a short full-body day.
    LowerBody,
    /// Leg curls, Nordics, glute-ham raises.
    KneeFlexion,
    /// Calf raises.
    Calves,
    /// Bench, push-up, floor press (not dips).
    HorizontalPush,
    /// Overhead press, landmine press, pike push-up.
    VerticalPush,
    /// Any press, horizontal or vertical (full-body days).
    Press,
    /// Rows.
    HorizontalPull,
    /// Pull-ups, chin-ups, pulldowns.
    VerticalPull,
    /// Any row or pull-up (full-body days).
    Pull,
    /// Triceps work.
    Triceps,
    /// Biceps work.
    Biceps,
    /// Lateral raises.
    SideDelts,
    /// Rear-delt flys, face pulls.
    RearDelts,
}

impl Slot {
    /// A short name for notes ("knee-dominant").
    pub const fn name(self) -> &'static str {
        match self {
            Slot::KneeDominant => "knee-dominant",
            Slot::HipDominant => "hip-dominant",
            Slot::LowerBody => "lower-body",
            Slot::KneeFlexion => "knee flexion",
            Slot::Calves => "calves",
            Slot::HorizontalPush => "horizontal push",
            Slot::VerticalPush => "vertical push",
            Slot::Press => "press",
            Slot::HorizontalPull => "horizontal pull",
            Slot::VerticalPull => "vertical pull",
            Slot::Pull => "pull",
            Slot::Triceps => "triceps",
            Slot::Biceps => "biceps",
            Slot::SideDelts => "side delts",
            Slot::RearDelts => "rear delts",
        }
    }

    /// Whether `ex` fills this slot.
    pub fn fits(self, ex: &Exercise) -> bool {
        use MovementPattern as P;
        let p = ex.movement_pattern;
        let primary = |m: Muscle| ex.primary_muscles.contains(&m);
        let press = |p: MovementPattern| ex.movement_pattern == p && !is_dip(ex);
        match self {
            Slot::KneeDominant => {
                matches!(p, P::Squat | P::Lunge)
                    && ex.is_compound()
                    && !crate::role::is_power(ex)
                    && !is_thruster(ex)
            }
            Slot::HipDominant => {
                (p == P::Hinge && ex.is_compound() && !crate::role::is_power(ex))
                    || (p == P::HipIsolation && is_thrust_or_bridge(ex))
            }
            Slot::LowerBody => Slot::KneeDominant.fits(ex) || Slot::HipDominant.fits(ex),
            Slot::KneeFlexion => p == P::KneeFlexion,
            Slot::Calves => p == P::CalfRaise && !crate::role::is_power(ex),
            Slot::HorizontalPush => press(P::HorizontalPush),
            Slot::VerticalPush => press(P::VerticalPush),
            Slot::Press => press(P::HorizontalPush) || press(P::VerticalPush),
            Slot::HorizontalPull => p == P::HorizontalPull && !primary(Muscle::RearDelts),
            Slot::VerticalPull => p == P::VerticalPull,
            Slot::Pull => {
                (p == P::HorizontalPull && !primary(Muscle::RearDelts)) || p == P::VerticalPull
            }
            Slot::Triceps => p == P::ElbowExtension,
            Slot::Biceps => p == P::ElbowFlexion && primary(Muscle::Biceps),
            Slot::SideDelts => p == P::ShoulderIsolation && primary(Muscle::SideDelts),
            Slot::RearDelts => {
                matches!(p, P::ShoulderIsolation | P::HorizontalPull) && primary(Muscle::RearDelts)
            }
        }
    }
}

impl DayFocus {
    /// The focus's slots, most important first (the first is the main lift's).
    pub const fn slots(self) -> &'static [Slot] {
        match self {
            DayFocus::Upper => &[
                Slot::HorizontalPush,
                Slot::HorizontalPull,
                Slot::VerticalPull,
                Slot::VerticalPush,
            ],
            DayFocus::Lower | DayFocus::Legs => &[
                Slot::KneeDominant,
                Slot::HipDominant,
                Slot::KneeFlexion,
                Slot::Calves,
            ],
            DayFocus::Push => &[
                Slot::HorizontalPush,
                Slot::VerticalPush,
                Slot::Triceps,
                Slot::SideDelts,
            ],
            DayFocus::Pull => &[
                Slot::VerticalPull,
                Slot::HorizontalPull,
                Slot::Biceps,
                Slot::RearDelts,
            ],
            // A row, not any pull: rows train the upper back as well as the
            // lats (a pull-up only half), and a full-body week has three
            // pulls to reach the upper back's MEV with.
            DayFocus::FullBody => &[
                Slot::KneeDominant,
                Slot::Press,
                Slot::HorizontalPull,
                Slot::HipDominant,
            ],
            DayFocus::Custom => &[],
        }
    }
}

/// Minutes from which an upper day also has a side-delt slot.
pub const LONG_UPPER_MINUTES: f64 = 52.5;

/// Minutes under which a full-body day has three slots, not four.
pub const SHORT_FULL_BODY_MINUTES: f64 = 37.5;

impl DayFocus {
    /// The focus's slots for a session of `minutes`: a short full-body day
    /// (under [`SHORT_FULL_BODY_MINUTES`]) has one lower-body slot instead of
    /// a knee- and a hip-dominant one (the squat and the hinge alternate
    /// across sessions, as in an A/B full-body template); an upper day of
    /// [`LONG_UPPER_MINUTES`] or more adds a side-delt slot.
    pub fn slots_for(self, minutes: f64) -> &'static [Slot] {
        match self {
            DayFocus::FullBody if minutes < SHORT_FULL_BODY_MINUTES => {
                &[Slot::LowerBody, Slot::Press, Slot::Pull]
            }
            // An hour's upper day has room for the delts' accessory too
            // (side and rear delts get no compound credit worth the name).
            DayFocus::Upper if minutes >= LONG_UPPER_MINUTES => &[
                Slot::HorizontalPush,
                Slot::HorizontalPull,
                Slot::VerticalPull,
                Slot::VerticalPush,
                Slot::SideDelts,
            ],
            _ => self.slots(),
        }
    }
}

/// Dips have their own place: they are not the press of a pressing slot.
pub fn is_dip(ex: &Exercise) -> bool {
    ex.slug.contains("dip")
}

/// A thruster (a front squat into a push press) is a power and
/// conditioning compound: it does not fill the squat slot (its load is what
/// the arms can press overhead, far under what the legs can squat).
pub fn is_thruster(ex: &Exercise) -> bool {
    ex.slug.contains("thruster")
}

fn is_thrust_or_bridge(ex: &Exercise) -> bool {
    ex.slug.contains("thrust") || ex.slug.contains("bridge") || ex.slug == "reverse-hyperextension"
}

/// The exercises filling one slot of a day, as the constraint builder found them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SlotGroup {
    pub slot: Slot,
    /// Allowed exercises that fill it and fit today's caps (never empty).
    pub members: Vec<crate::ExerciseId>,
    /// Whether `members` is the day's single main lift.
    pub main_lift: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn by_slug(slug: &str) -> &'static Exercise {
        catalog()
            .iter()
            .find(|e| e.slug == slug)
            .unwrap_or_else(|| panic!("{slug}"))
    }

    #[test]
    fn slots_are_filled_by_what_a_coach_would_put_there() {
        assert!(Slot::KneeDominant.fits(by_slug("barbell-back-squat")));
        assert!(Slot::KneeDominant.fits(by_slug("dumbbell-bulgarian-split-squat")));
        // Thrusters, jumps and plyometric lunges are not the squat of a day.
        assert!(!Slot::KneeDominant.fits(by_slug("dumbbell-thruster")));
        assert!(!Slot::KneeDominant.fits(by_slug("box-jump")));
        assert!(!Slot::KneeDominant.fits(by_slug("jump-squat")));
        assert!(!Slot::KneeDominant.fits(by_slug("jumping-lunge")));
        assert!(!Slot::LowerBody.fits(by_slug("dumbbell-thruster")));
        assert!(Slot::HipDominant.fits(by_slug("barbell-romanian-deadlift")));
        assert!(Slot::HipDominant.fits(by_slug("barbell-hip-thrust")));
        assert!(!Slot::HipDominant.fits(by_slug("back-extension")));
        assert!(!Slot::HipDominant.fits(by_slug("clamshell")));
        assert!(Slot::HorizontalPush.fits(by_slug("barbell-bench-press")));
        assert!(!Slot::HorizontalPush.fits(by_slug("chest-dip")));
        assert!(Slot::HorizontalPull.fits(by_slug("barbell-bent-over-row")));
        assert!(!Slot::HorizontalPull.fits(by_slug("cable-face-pull")));
        assert!(Slot::RearDelts.fits(by_slug("cable-face-pull")));
        assert!(Slot::VerticalPull.fits(by_slug("pull-up")));
        assert!(Slot::SideDelts.fits(by_slug("dumbbell-lateral-raise")));
    }

    #[test]
    fn every_focus_but_custom_has_four_slots_and_each_can_be_filled_in_a_gym() {
        for focus in DayFocus::ALL.iter().filter(|f| **f != DayFocus::Custom) {
            assert_eq!(focus.slots().len(), 4, "{focus}");
            for slot in focus.slots() {
                assert!(catalog().iter().any(|e| slot.fits(e)), "{focus}: {slot:?}");
            }
        }
    }
}
