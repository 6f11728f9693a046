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
            Slot::Calves => p == P::CalfRaise && !crate::role::is_power(ex) && !ex.is_shin_work(),
            Slot::HorizontalPush => press(P::HorizontalPush),
            Slot::VerticalPush => press(P::VerticalPush),
            Slot::Press => press(P::HorizontalPush) || press(P::VerticalPush),
            Slot::HorizontalPull => p == P::HorizontalPull && !primary(Muscle::RearDelts),
            Slot::VerticalPull => p == P::VerticalPull,
            Slot::Pull => {
                (p == P::HorizontalPull && !primary(Muscle::RearDelts)) || p == P::VerticalPull
            }
            // Isolation work: a dip or a JM press is a pressing compound
            // in its own place, and as the slot's member it shut out every
            // extension as its near-duplicate.
            Slot::Triceps => p == P::ElbowExtension && !ex.is_compound(),
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
    /// The focus's core slots for a session of `minutes`: a short full-body
    /// day (under [`SHORT_FULL_BODY_MINUTES`]) takes any pull (a pull-up
    /// when there is no row at hand) and puts its hinge last, so a day that
    /// cannot hold four movements gives up the hinge first.
    ///
    /// A longer full-body day leads with its lower-body lifts in turn
    /// (`ordinal`, the day's place among the microcycle's full-body days,
    /// 0-based): the knee-dominant lift on even days, the hip-dominant one
    /// on odd days, as in a coach's A/B full-body week (a squat day and a
    /// hinge day; NSCA *Essentials*, 4th ed., ch. 17). The lead lift takes
    /// the main lift's sets and the other lower-body lift a secondary's
    /// ([`crate::DayConstraints::takes_main_lift_sets`]), so on three days
    /// a week the quads lead twice and the hamstrings once, and neither
    /// sits at two sets every day.
    pub fn slots_for(self, minutes: f64, ordinal: usize) -> &'static [Slot] {
        match self {
            DayFocus::FullBody if minutes < SHORT_FULL_BODY_MINUTES => &[
                Slot::KneeDominant,
                Slot::Press,
                Slot::Pull,
                Slot::HipDominant,
            ],
            DayFocus::FullBody if ordinal % 2 == 1 => &[
                Slot::HipDominant,
                Slot::Press,
                Slot::HorizontalPull,
                Slot::KneeDominant,
            ],
            _ => self.slots(),
        }
    }
}

/// The accessories a full-body day rotates through, in order: calves,
/// side delts, biceps, triceps (issue 15: "calves, rear delts ... get slots
/// where their template leaves them out"). The four core slots train the
/// large muscles three times a week; the small ones get direct work on
/// some of the days, as in a coach's A/B/C full-body week (NSCA
/// *Essentials*, 4th ed., ch. 17: assistance exercises after the core
/// lifts, chosen for the muscles the core lifts leave short). The rear
/// delts are left to the rows (half a set each, 4.5 a week from three
/// rows of three sets, over a beginner's MEV of 3.2), and stay a target
/// the optimizer may add a fly or face pull for; with a delt slot open to
/// both, the rear delts' upper-back credit won it every time and the side
/// delts got nothing.
pub const FULL_BODY_ACCESSORIES: [Slot; 4] =
    [Slot::Calves, Slot::SideDelts, Slot::Biceps, Slot::Triceps];

/// Accessory slots of a full-body day of [`SHORT_FULL_BODY_MINUTES`] or more.
pub const FULL_BODY_ACCESSORIES_PER_DAY: usize = 2;

/// The delt accessory of an upper day of [`LONG_UPPER_MINUTES`] or more,
/// in turn over the microcycle's upper days.
pub const UPPER_ACCESSORIES: [Slot; 2] = [Slot::SideDelts, Slot::RearDelts];

impl DayFocus {
    /// The accessory slots of a day with this focus after its core slots
    /// ([`DayFocus::slots_for`]): a full-body day of
    /// [`SHORT_FULL_BODY_MINUTES`] or more takes the next
    /// [`FULL_BODY_ACCESSORIES_PER_DAY`] of [`FULL_BODY_ACCESSORIES`], the
    /// `ordinal`-th full-body day of its microcycle (0-based) starting where
    /// the one before it stopped, so three days a week train calves and
    /// delts on two days, biceps and triceps on one. Other foci have their
    /// accessories among their core slots.
    ///
    /// An upper day of [`LONG_UPPER_MINUTES`] or more adds a delt
    /// accessory, side and rear delts in turn ([`UPPER_ACCESSORIES`]): a
    /// lateral raise on one upper day, a face pull or rear-delt fly on the
    /// next (side and rear delts get no compound credit worth the name, and
    /// a face pull trains the upper back the vertical pulls credit half).
    pub fn accessory_slots(self, minutes: f64, ordinal: usize) -> Vec<Slot> {
        let (rotation, per_day): (&[Slot], usize) = match self {
            DayFocus::FullBody if minutes >= SHORT_FULL_BODY_MINUTES => {
                (&FULL_BODY_ACCESSORIES, FULL_BODY_ACCESSORIES_PER_DAY)
            }
            DayFocus::Upper if minutes >= LONG_UPPER_MINUTES => (&UPPER_ACCESSORIES, 1),
            _ => return Vec::new(),
        };
        (0..per_day)
            .map(|k| rotation[(ordinal * per_day + k) % rotation.len()])
            .collect()
    }

    /// Every slot of the day, core first, then accessories
    /// ([`DayFocus::slots_for`], [`DayFocus::accessory_slots`]).
    pub fn day_slots(self, minutes: f64, ordinal: usize) -> Vec<Slot> {
        let mut slots = self.slots_for(minutes, ordinal).to_vec();
        slots.extend(self.accessory_slots(minutes, ordinal));
        slots
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
    /// Whether `members` is the day's main lift: a single staple, or on a
    /// full-body day that supersets its accessories the lead slot's
    /// members when no staple fills it.
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
        assert!(!Slot::SideDelts.fits(by_slug("dumbbell-front-raise")));
        assert!(Slot::Triceps.fits(by_slug("rope-triceps-pushdown")));
        assert!(!Slot::Triceps.fits(by_slug("bench-dip")));
        assert!(!Slot::Triceps.fits(by_slug("jm-press")));
    }

    #[test]
    fn full_body_days_rotate_calves_delts_biceps_and_triceps() {
        let fb = DayFocus::FullBody;
        assert_eq!(fb.accessory_slots(45.0, 0), [Slot::Calves, Slot::SideDelts]);
        assert_eq!(fb.accessory_slots(45.0, 1), [Slot::Biceps, Slot::Triceps]);
        assert_eq!(fb.accessory_slots(45.0, 2), [Slot::Calves, Slot::SideDelts]);
        // A three-day week: each accessory at least once, calves and delts twice.
        let week: Vec<Slot> = (0..3).flat_map(|i| fb.accessory_slots(45.0, i)).collect();
        for slot in FULL_BODY_ACCESSORIES {
            assert!(week.contains(&slot), "{slot:?}");
        }
        assert_eq!(week.iter().filter(|s| **s == Slot::Calves).count(), 2);
        // Short full-body days and other foci have none beyond their core slots.
        assert!(fb.accessory_slots(30.0, 0).is_empty());
        assert!(DayFocus::Lower.accessory_slots(60.0, 0).is_empty());
        assert!(DayFocus::Push.accessory_slots(75.0, 0).is_empty());
        assert_eq!(fb.day_slots(45.0, 1).len(), 6);
        assert_eq!(&fb.day_slots(45.0, 1)[..4], fb.slots_for(45.0, 1));
    }

    #[test]
    fn longer_full_body_days_lead_with_the_squat_and_the_hinge_in_turn() {
        let fb = DayFocus::FullBody;
        let leads: Vec<Slot> = (0..4).map(|i| fb.slots_for(45.0, i)[0]).collect();
        assert_eq!(
            leads,
            [
                Slot::KneeDominant,
                Slot::HipDominant,
                Slot::KneeDominant,
                Slot::HipDominant
            ]
        );
        // The same four movements on every day, only the lead changes.
        let mut a = fb.slots_for(45.0, 0).to_vec();
        let mut b = fb.slots_for(45.0, 1).to_vec();
        a.sort_by_key(|s| s.name());
        b.sort_by_key(|s| s.name());
        assert_eq!(a, b);
        // A half-hour day keeps its squat first and its hinge last.
        assert_eq!(fb.slots_for(30.0, 1)[0], Slot::KneeDominant);
        // Other foci do not rotate.
        assert_eq!(DayFocus::Lower.slots_for(60.0, 1), DayFocus::Lower.slots());
    }

    #[test]
    fn long_upper_days_alternate_side_and_rear_delts() {
        let up = DayFocus::Upper;
        assert_eq!(up.accessory_slots(60.0, 0), [Slot::SideDelts]);
        assert_eq!(up.accessory_slots(60.0, 1), [Slot::RearDelts]);
        assert_eq!(up.accessory_slots(60.0, 2), [Slot::SideDelts]);
        assert!(up.accessory_slots(45.0, 0).is_empty());
        assert_eq!(up.day_slots(60.0, 1).len(), 5);
    }

    #[test]
    fn a_short_full_body_day_puts_its_hinge_last() {
        let slots = DayFocus::FullBody.slots_for(30.0, 0);
        assert_eq!(slots.first(), Some(&Slot::KneeDominant));
        assert_eq!(slots.last(), Some(&Slot::HipDominant));
        assert!(slots.contains(&Slot::Pull));
    }

    #[test]
    fn every_accessory_slot_has_a_home_exercise() {
        let home = [
            crate::Equipment::Dumbbell,
            crate::Equipment::Bench,
            crate::Equipment::PullupBar,
            crate::Equipment::Bands,
            crate::Equipment::Bodyweight,
        ];
        for slot in FULL_BODY_ACCESSORIES {
            assert!(
                catalog()
                    .iter()
                    .any(|e| slot.fits(e) && e.possible_with(&home)),
                "{slot:?}"
            );
        }
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
