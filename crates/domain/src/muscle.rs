//! The muscles Gainsly tracks volume, fatigue and soreness for.

use crate::macros::wire_enum;

wire_enum! {
    /// A muscle (group) as used in the catalog, volume landmarks and recovery.
    pub enum Muscle {
        Chest => "chest",
        Lats => "lats",
        UpperBack => "upper_back",
        Traps => "traps",
        FrontDelts => "front_delts",
        SideDelts => "side_delts",
        RearDelts => "rear_delts",
        Biceps => "biceps",
        Triceps => "triceps",
        Forearms => "forearms",
        Abs => "abs",
        Obliques => "obliques",
        LowerBack => "lower_back",
        Glutes => "glutes",
        Quads => "quads",
        Hamstrings => "hamstrings",
        Adductors => "adductors",
        Calves => "calves",
    }
}

impl Muscle {
    /// Lower-body muscles (used by the lower/legs foci and activity leg load).
    pub const fn is_lower_body(self) -> bool {
        matches!(
            self,
            Muscle::Glutes
                | Muscle::Quads
                | Muscle::Hamstrings
                | Muscle::Adductors
                | Muscle::Calves
        )
    }
}
