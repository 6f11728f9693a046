//! Profile enumerations: training experience, display units, e1RM formula, sex.

use crate::macros::wire_enum;

wire_enum! {
    /// How long and how seriously the user has trained; scales volume and exercise skill.
    pub enum Experience {
        Beginner => "beginner",
        Intermediate => "intermediate",
        Advanced => "advanced",
    }
}

impl Default for Experience {
    /// New users start as intermediate (api.md, `UserProfile`).
    fn default() -> Self {
        Experience::Intermediate
    }
}

impl Experience {
    /// The highest exercise skill rating (1–5) that suits this experience without a penalty.
    pub const fn comfortable_skill(self) -> u8 {
        match self {
            Experience::Beginner => 2,
            Experience::Intermediate => 4,
            Experience::Advanced => 5,
        }
    }
}

wire_enum! {
    /// Display units. Weights are always kilograms on the wire; units only change
    /// display hints such as the plate increment.
    pub enum Units {
        Kg => "kg",
        Lb => "lb",
    }
}

impl Default for Units {
    /// New users start with kilograms (api.md).
    fn default() -> Self {
        Units::Kg
    }
}

wire_enum! {
    /// The formula used to estimate a one-rep max (coaching.md, "e1RM formulas").
    pub enum E1rmFormula {
        Epley => "epley",
        Brzycki => "brzycki",
        Lombardi => "lombardi",
        Oconner => "oconner",
        Mayhew => "mayhew",
        Wathan => "wathan",
    }
}

impl Default for E1rmFormula {
    /// Brzycki is the default (coaching.md, api.md).
    fn default() -> Self {
        E1rmFormula::Brzycki
    }
}

wire_enum! {
    /// The sex a user may optionally state in the profile.
    pub enum Sex {
        Male => "male",
        Female => "female",
        Other => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_wire_names() {
        assert_eq!(Experience::default(), Experience::Intermediate);
        assert_eq!(Units::default(), Units::Kg);
        assert_eq!(E1rmFormula::default(), E1rmFormula::Brzycki);
        assert_eq!(E1rmFormula::Oconner.as_str(), "oconner");
        assert_eq!(serde_json::to_string(&Sex::Female).unwrap(), "\"female\"");
        assert_eq!("lb".parse::<Units>().unwrap(), Units::Lb);
        assert!("stone".parse::<Units>().is_err());
    }
}
