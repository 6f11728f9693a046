//! Movement patterns, mechanics and how an exercise is tracked.

use crate::macros::wire_enum;

wire_enum! {
    /// The movement pattern of an exercise.
    pub enum MovementPattern {
        Squat => "squat",
        Hinge => "hinge",
        Lunge => "lunge",
        HorizontalPush => "horizontal_push",
        VerticalPush => "vertical_push",
        HorizontalPull => "horizontal_pull",
        VerticalPull => "vertical_pull",
        Carry => "carry",
        Core => "core",
        ElbowFlexion => "elbow_flexion",
        ElbowExtension => "elbow_extension",
        ShoulderIsolation => "shoulder_isolation",
        KneeExtension => "knee_extension",
        KneeFlexion => "knee_flexion",
        HipIsolation => "hip_isolation",
        CalfRaise => "calf_raise",
        Conditioning => "conditioning",
        Mobility => "mobility",
    }
}

impl MovementPattern {
    /// The main (compound) patterns: at most one exercise each per day unless
    /// the day's focus needs two.
    pub const fn is_main(self) -> bool {
        matches!(
            self,
            MovementPattern::Squat
                | MovementPattern::Hinge
                | MovementPattern::Lunge
                | MovementPattern::HorizontalPush
                | MovementPattern::VerticalPush
                | MovementPattern::HorizontalPull
                | MovementPattern::VerticalPull
        )
    }
}

wire_enum! {
    /// Compound (multi-joint) or isolation (single-joint).
    pub enum Mechanics {
        Compound => "compound",
        Isolation => "isolation",
    }
}

wire_enum! {
    /// What a logged set of this exercise records.
    pub enum Tracking {
        WeightReps => "weight_reps",
        Reps => "reps",
        Time => "time",
        Distance => "distance",
    }
}
