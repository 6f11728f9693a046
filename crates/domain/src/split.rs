//! Split templates, day kinds and day foci, with each focus's default muscles.

use crate::macros::wire_enum;
use crate::muscle::Muscle;
use crate::pattern::MovementPattern;

wire_enum! {
    /// How a program spreads muscles over its training days.
    pub enum SplitTemplate {
        FullBody => "full_body",
        UpperLower => "upper_lower",
        Ppl => "ppl",
        Custom => "custom",
    }
}

wire_enum! {
    /// What a microcycle day is.
    pub enum DayKind {
        Training => "training",
        Rest => "rest",
        ActiveRecovery => "active_recovery",
    }
}

wire_enum! {
    /// The focus of a training day.
    pub enum DayFocus {
        FullBody => "full_body",
        Upper => "upper",
        Lower => "lower",
        Push => "push",
        Pull => "pull",
        Legs => "legs",
        Custom => "custom",
    }
}

impl SplitTemplate {
    /// The foci training days cycle through (empty for `custom`: the user gives the days).
    pub const fn rotation(self) -> &'static [DayFocus] {
        match self {
            SplitTemplate::FullBody => &[DayFocus::FullBody],
            SplitTemplate::UpperLower => &[DayFocus::Upper, DayFocus::Lower],
            SplitTemplate::Ppl => &[DayFocus::Push, DayFocus::Pull, DayFocus::Legs],
            SplitTemplate::Custom => &[],
        }
    }
}

impl DayFocus {
    /// Default target muscles of a focus (`custom` has none: the day lists them).
    pub fn default_muscles(self) -> Vec<Muscle> {
        use Muscle::*;
        match self {
            // Calves and rear delts too: a full-body day's accessory slots
            // train them on some days ([`crate::slots::FULL_BODY_ACCESSORIES`]).
            DayFocus::FullBody => vec![
                Chest, Lats, UpperBack, SideDelts, RearDelts, Quads, Hamstrings, Glutes, Biceps,
                Triceps, Calves, Abs,
            ],
            DayFocus::Upper => vec![
                Chest, Lats, UpperBack, FrontDelts, SideDelts, RearDelts, Biceps, Triceps,
            ],
            DayFocus::Lower => vec![Quads, Hamstrings, Glutes, Adductors, Calves, Abs],
            DayFocus::Push => vec![Chest, FrontDelts, SideDelts, Triceps],
            DayFocus::Pull => vec![Lats, UpperBack, RearDelts, Traps, Biceps, Forearms],
            DayFocus::Legs => vec![Quads, Hamstrings, Glutes, Adductors, Calves, LowerBack],
            DayFocus::Custom => Vec::new(),
        }
    }

    /// Main patterns that may appear twice on a day with this focus.
    pub fn patterns_allowing_two(self) -> Vec<MovementPattern> {
        match self {
            DayFocus::Push => vec![MovementPattern::HorizontalPush],
            // A row and a face pull; never two vertical pulls (near-duplicates).
            DayFocus::Pull => vec![MovementPattern::HorizontalPull],
            // Two squat-pattern lifts (a back squat and a leg press), one
            // hinge: a deadlift next to a good morning loads the same hips
            // and lower back twice; the hamstrings' second exercise is a
            // knee flexion (issue 15: sumo deadlift and band good morning
            // on one day).
            DayFocus::Lower | DayFocus::Legs => vec![MovementPattern::Squat],
            DayFocus::Upper | DayFocus::FullBody | DayFocus::Custom => Vec::new(),
        }
    }

    /// A human label ("Push", "Full Body", …).
    pub const fn label(self) -> &'static str {
        match self {
            DayFocus::FullBody => "Full Body",
            DayFocus::Upper => "Upper",
            DayFocus::Lower => "Lower",
            DayFocus::Push => "Push",
            DayFocus::Pull => "Pull",
            DayFocus::Legs => "Legs",
            DayFocus::Custom => "Custom",
        }
    }
}
