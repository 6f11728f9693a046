//! What a day of each focus leaves out, whatever its muscles' volume asks
//! for: work a coach would not write into that day (issue 15's review of the
//! advanced push/pull/legs week).
//!
//! * **No front raise on a pressing day.** A push, upper or full-body day
//!   holds a horizontal and a vertical press; the front delts are prime
//!   movers of both, which is why RP gives them an MEV of 0 and most lifters
//!   need no direct work for them (Israetel, Hoffmann & Smith 2019,
//!   *Scientific Principles of Hypertrophy Training*: front delts grow from
//!   pressing). A front raise after two presses is junk volume.
//! * **No loaded carry on an upper-body day.** A farmer's carry is a grip,
//!   trap and trunk exercise for the whole body (McGill, *Ultimate Back
//!   Fitness and Performance*: carries as core training); on a pull, push or
//!   upper day it takes the place of a row, a curl or a raise, and on a pull
//!   day the grip is already worked by every pull. Lower, legs and full-body
//!   days may hold one, last.
//!
//! The constraint builder excludes these exercises from the day
//! ([`crate::build_constraints`]).

use crate::{DayFocus, Exercise, MovementPattern, Muscle};

/// Whether `ex` is a front-delt isolation exercise (front raises).
pub fn is_front_raise(ex: &Exercise) -> bool {
    ex.movement_pattern == MovementPattern::ShoulderIsolation
        && ex.primary_muscles == [Muscle::FrontDelts]
}

impl DayFocus {
    /// Whether a day of this focus leaves `ex` out (see the module docs).
    pub fn leaves_out(self, ex: &Exercise) -> bool {
        let pressing = matches!(self, DayFocus::Push | DayFocus::Upper | DayFocus::FullBody);
        let upper_body = matches!(self, DayFocus::Push | DayFocus::Pull | DayFocus::Upper);
        (pressing && is_front_raise(ex))
            || (upper_body && ex.movement_pattern == MovementPattern::Carry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn by_slug(slug: &str) -> &'static Exercise {
        catalog::by_slug(slug).unwrap_or_else(|| panic!("{slug}"))
    }

    #[test]
    fn pressing_days_leave_front_raises_out() {
        for focus in [DayFocus::Push, DayFocus::Upper, DayFocus::FullBody] {
            assert!(focus.leaves_out(by_slug("dumbbell-front-raise")), "{focus}");
            assert!(focus.leaves_out(by_slug("cable-front-raise")), "{focus}");
            assert!(
                !focus.leaves_out(by_slug("dumbbell-lateral-raise")),
                "{focus}"
            );
            assert!(
                !focus.leaves_out(by_slug("barbell-overhead-press")),
                "{focus}"
            );
        }
    }

    #[test]
    fn upper_body_days_leave_carries_out() {
        for focus in [DayFocus::Pull, DayFocus::Push, DayFocus::Upper] {
            assert!(
                focus.leaves_out(by_slug("kettlebell-farmers-carry")),
                "{focus}"
            );
            assert!(
                focus.leaves_out(by_slug("dumbbell-farmers-carry")),
                "{focus}"
            );
            assert!(
                !focus.leaves_out(by_slug("barbell-bent-over-row")),
                "{focus}"
            );
        }
        assert!(!DayFocus::Legs.leaves_out(by_slug("kettlebell-farmers-carry")));
        assert!(!DayFocus::FullBody.leaves_out(by_slug("kettlebell-farmers-carry")));
    }

    #[test]
    fn every_front_raise_in_the_catalog_is_a_raise() {
        for ex in catalog::catalog().iter().filter(|e| is_front_raise(e)) {
            assert!(ex.slug.contains("raise"), "{}", ex.slug);
        }
    }
}
