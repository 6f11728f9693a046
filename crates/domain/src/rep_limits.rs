//! Per-exercise rep limits: where the role's rep range ([`crate::set_plan`])
//! is impossible or wrong for the exercise, the catalog's limits narrow it.
//!
//! Like the role, the limits are a catalog attribute kept next to the
//! catalog, as rules of the exercise's kind plus a table of slugs for the
//! exceptions (issue 15, item 7):
//!
//! * **Hard bodyweight movements have a ceiling**: nobody does a Nordic
//!   hamstring curl for 10–15 reps; it is prescribed for 3–6 or 4–8
//!   (van der Horst et al. 2015, *Am J Sports Med* 43:1316: 2–3 × 5–12
//!   reps at the *end* of a 10-week progression; most programs stay at
//!   3–8), and so are pistol squats, handstand push-ups and their kin.
//! * **Power lifts stay at 1–5 reps** (NSCA *Essentials*, 4th ed., ch. 17:
//!   power exercises 1–5 reps; jumps and throws lose their speed after).
//! * **Unloaded bodyweight and band work has a floor of 6**: a push-up at
//!   3–6 reps "@ RPE 8" is not a strength stimulus anyone can dial in,
//!   as its load cannot be raised.
//! * **Shoulder isolation, face pulls and upright rows: 10 or more**
//!   (issue 15: "face pulls and upright rows as accessories with a rep floor
//!   of 10"; small joints and muscles, heavy low-rep raises are
//!   joint-unfriendly; Schoenfeld 2021, *Science and Development of Muscle
//!   Hypertrophy*, 2nd ed.: isolation work in moderate-to-high rep ranges).
//! * **Easy unloaded movements have a floor of their own**: a bodyweight
//!   squat, a two-legged calf raise, a glute bridge or a frog pump moves a
//!   small share of what the muscles can, so a set that reaches the target
//!   RPE takes 15 reps or more; at 6–8 reps "@ RPE 7" it is a warm-up.
//!   Light loads build muscle as well as heavy ones when the sets go near
//!   failure, which takes 20–35 reps (Schoenfeld et al. 2015, *J Strength
//!   Cond Res* 29:2954; ACSM 2009, *Med Sci Sports Exerc* 41:687: 15–25
//!   reps for muscular endurance); past that the harder variation
//!   ([`crate::variations`]) takes over.
//! * **Hip thrusts and bridges: 6 or more** (a 3-rep hip thrust loads the
//!   lumbar spine and bench set-up more than the glutes; Contreras's
//!   programs use 6–12 for heavy thrusts).
//!
//! [`RepLimits::apply`] narrows a range into the limits, keeping it at
//! least [`MIN_SPAN`] reps wide.

use crate::{Exercise, MovementPattern, Muscle, Tracking};

/// The fewest and most reps a set of an exercise may be prescribed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RepLimits {
    /// No set is prescribed under this many reps.
    pub floor: u32,
    /// No set is prescribed over this many reps.
    pub ceiling: u32,
}

/// Limits of an exercise that no rule narrows.
pub const UNLIMITED: RepLimits = RepLimits {
    floor: 1,
    ceiling: u32::MAX,
};

/// A narrowed range is at least this wide (high − low), inside the limits.
pub const MIN_SPAN: u32 = 2;

/// Floor of unloaded bodyweight and band work.
pub const BODYWEIGHT_FLOOR: u32 = 6;
/// Floor of shoulder isolation, face pulls and upright rows.
pub const SHOULDER_ISOLATION_FLOOR: u32 = 10;
/// Floor of hip thrusts and glute bridges.
pub const HIP_THRUST_FLOOR: u32 = 6;
/// Ceiling of power lifts (jumps, throws, cleans and snatches).
pub const POWER_CEILING: u32 = 5;

/// Hard movements with their own limits, by catalog slug: (floor, ceiling).
pub const HARD_MOVEMENTS: &[(&str, u32, u32)] = &[
    ("nordic-hamstring-curl", 3, 8),
    ("glute-ham-raise", 5, 10),
    ("reverse-nordic-curl", 5, 10),
    ("sissy-squat", 6, 12),
    ("pistol-squat", 3, 8),
    ("shrimp-squat", 3, 8),
    ("wall-handstand-push-up", 3, 8),
    ("pseudo-planche-push-up", 5, 10),
    ("archer-push-up", 5, 10),
    ("ring-dip", 4, 10),
    ("turkish-get-up", 1, 5),
    ("kettlebell-windmill", 3, 8),
    ("dragon-flag", 3, 8),
    ("toes-to-bar", 5, 12),
    ("hanging-windshield-wiper", 5, 12),
    ("barbell-rollout", 5, 12),
    // Rows with the feet raised: the body near horizontal, most of its
    // weight on the arms; the harder step after the inverted and ring rows,
    // done for 5–12 like the archer push-up (our choice).
    ("feet-elevated-inverted-row", 5, 12),
    ("feet-elevated-ring-row", 5, 12),
];

/// Easy unloaded movements with a rep floor, by catalog slug: (floor,
/// ceiling) (see the module docs).
pub const EASY_MOVEMENTS: &[(&str, u32, u32)] = &[
    ("bodyweight-squat", 15, 30),
    ("calf-raise", 15, 30),
    ("glute-bridge", 15, 30),
    ("frog-pump", 15, 30),
    // Shin work is done for high reps (a tibialis raise at 6 is a twitch).
    ("tibialis-raise", 15, 30),
];

/// Most working sets of a supramaximal eccentric movement in one session,
/// by catalog slug: the Nordic hamstring curl is prescribed for 2–3 sets
/// (van der Horst et al. 2015, *Am J Sports Med* 43:1316; Mjølsnes et al.
/// 2004, *Scand J Med Sci Sports* 14:311: 2–3 sets through the whole
/// programme), its quadriceps mirror the same (issue 15: "Nordic curls not
/// 5 sets").
pub const SET_CEILINGS: &[(&str, u32)] =
    &[("nordic-hamstring-curl", 3), ("reverse-nordic-curl", 3)];

impl Exercise {
    /// Whether this is one of the [`EASY_MOVEMENTS`].
    pub fn is_easy_movement(&self) -> bool {
        EASY_MOVEMENTS.iter().any(|(slug, _, _)| *slug == self.slug)
    }

    /// The most working sets of this exercise in one session
    /// ([`SET_CEILINGS`]), `None` when the role's sets apply.
    pub fn set_ceiling(&self) -> Option<u32> {
        SET_CEILINGS
            .iter()
            .find(|(slug, _)| *slug == self.slug)
            .map(|(_, sets)| *sets)
    }
}

impl RepLimits {
    /// `(low, high)` narrowed into the limits: each end clamped, and the
    /// range kept [`MIN_SPAN`] wide (widened on the side the limits leave
    /// room for) when clamping squeezed it.
    pub fn apply(self, (low, high): (u32, u32)) -> (u32, u32) {
        let floor = self.floor.max(1);
        let ceiling = self.ceiling.max(floor);
        let lo = low.clamp(floor, ceiling);
        let hi = high.clamp(floor, ceiling).max(lo);
        if hi - lo >= MIN_SPAN.min(high.saturating_sub(low)) {
            return (lo, hi);
        }
        // Squeezed against the floor: widen upwards; against the ceiling: downwards.
        if lo == floor {
            (lo, floor.saturating_add(MIN_SPAN).min(ceiling))
        } else {
            (ceiling.saturating_sub(MIN_SPAN).max(floor), hi)
        }
    }

    /// Whether `reps` lies inside the limits.
    pub fn contains(self, reps: u32) -> bool {
        (self.floor..=self.ceiling).contains(&reps)
    }
}

impl Exercise {
    /// This exercise's rep limits (see the module docs): the tables of hard
    /// and easy movements first, then power lifts, shoulder isolation (face pulls
    /// and upright rows included), hip thrusts and bridges, and unloaded
    /// bodyweight or band work; timed and distance work has none.
    pub fn rep_limits(&self) -> RepLimits {
        let slug = self.slug.as_str();
        let mut listed = HARD_MOVEMENTS.iter().chain(EASY_MOVEMENTS);
        if let Some((_, floor, ceiling)) = listed.find(|(s, _, _)| *s == slug) {
            return RepLimits {
                floor: *floor,
                ceiling: *ceiling,
            };
        }
        if matches!(self.tracking, Tracking::Time | Tracking::Distance) {
            return UNLIMITED;
        }
        if crate::role::is_power(self) {
            return RepLimits {
                floor: 1,
                ceiling: POWER_CEILING,
            };
        }
        let shoulder_accessory = self.movement_pattern == MovementPattern::ShoulderIsolation
            || (self.movement_pattern == MovementPattern::HorizontalPull
                && self.primary_muscles.contains(&Muscle::RearDelts));
        if shoulder_accessory {
            return RepLimits {
                floor: SHOULDER_ISOLATION_FLOOR,
                ceiling: u32::MAX,
            };
        }
        if self.movement_pattern == MovementPattern::HipIsolation
            && (slug.contains("thrust") || slug.contains("bridge"))
        {
            return RepLimits {
                floor: HIP_THRUST_FLOOR,
                ceiling: u32::MAX,
            };
        }
        if self.tracking == Tracking::Reps {
            return RepLimits {
                floor: BODYWEIGHT_FLOOR,
                ceiling: u32::MAX,
            };
        }
        UNLIMITED
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;

    fn limits(slug: &str) -> RepLimits {
        catalog::by_slug(slug)
            .unwrap_or_else(|| panic!("{slug}"))
            .rep_limits()
    }

    #[test]
    fn every_hard_movement_is_in_the_catalog() {
        for (slug, floor, ceiling) in HARD_MOVEMENTS.iter().chain(EASY_MOVEMENTS) {
            assert!(catalog::by_slug(slug).is_some(), "{slug}");
            assert!(floor + MIN_SPAN <= *ceiling, "{slug}");
        }
    }

    #[test]
    fn limits_follow_the_kind_of_exercise() {
        assert_eq!(limits("nordic-hamstring-curl").ceiling, 8);
        assert_eq!(limits("turkish-get-up").ceiling, 5);
        assert_eq!(limits("push-up").floor, BODYWEIGHT_FLOOR);
        assert_eq!(limits("cable-face-pull").floor, 10);
        assert_eq!(limits("band-face-pull").floor, 10);
        assert_eq!(limits("barbell-upright-row").floor, 10);
        assert_eq!(limits("prone-t-raise").floor, 10);
        assert_eq!(limits("prone-y-raise").floor, 10);
        assert_eq!(limits("barbell-hip-thrust").floor, HIP_THRUST_FLOOR);
        assert_eq!(limits("bodyweight-squat").floor, 15);
        assert_eq!(limits("glute-bridge").floor, 15);
        assert_eq!(limits("split-squat").floor, BODYWEIGHT_FLOOR);
        assert_eq!(limits("box-jump").ceiling, POWER_CEILING);
        assert_eq!(limits("barbell-back-squat"), UNLIMITED);
        assert_eq!(limits("plank"), UNLIMITED);
    }

    #[test]
    fn eccentric_hamstring_and_quad_work_has_a_set_ceiling() {
        for (slug, sets) in SET_CEILINGS {
            let ex = catalog::by_slug(slug).unwrap_or_else(|| panic!("{slug}"));
            assert_eq!(ex.set_ceiling(), Some(*sets));
            assert!((2..=3).contains(sets), "{slug}");
        }
        let squat = catalog::by_slug("barbell-back-squat").unwrap();
        assert_eq!(squat.set_ceiling(), None);
    }

    #[test]
    fn apply_clamps_and_keeps_a_span() {
        let nordic = limits("nordic-hamstring-curl");
        assert_eq!(nordic.apply((10, 15)), (6, 8));
        assert_eq!(nordic.apply((3, 6)), (3, 6));
        assert_eq!(nordic.apply((6, 10)), (6, 8));
        let push = limits("push-up");
        assert_eq!(push.apply((3, 6)), (6, 8));
        assert_eq!(push.apply((8, 10)), (8, 10));
        // An easy movement's 6–8 is 15–17: no bodyweight squat "@ RPE 7" for 8.
        assert_eq!(limits("bodyweight-squat").apply((6, 8)), (15, 17));
        assert_eq!(limits("bodyweight-squat").apply((12, 20)), (15, 20));
        let thrust = limits("barbell-hip-thrust");
        assert_eq!(thrust.apply((3, 6)), (6, 8));
        let raise = limits("prone-t-raise");
        assert_eq!(raise.apply((3, 6)), (10, 12));
        assert_eq!(raise.apply((10, 15)), (10, 15));
        assert_eq!(UNLIMITED.apply((3, 6)), (3, 6));
        // A one-rep range stays a one-rep range where the limits allow it.
        assert_eq!(UNLIMITED.apply((5, 5)), (5, 5));
    }

    #[test]
    fn apply_always_lands_inside_the_limits() {
        for e in catalog::catalog() {
            let l = e.rep_limits();
            for (lo, hi) in [
                (1, 5),
                (3, 6),
                (6, 10),
                (6, 12),
                (10, 15),
                (12, 20),
                (10, 20),
            ] {
                let (a, b) = l.apply((lo, hi));
                assert!(a <= b, "{}: {a}–{b}", e.slug);
                assert!(l.contains(a) && l.contains(b), "{}: {a}–{b}", e.slug);
            }
        }
    }
}
