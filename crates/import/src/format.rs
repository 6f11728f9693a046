//! The formats understood and how a header tells them apart.

use std::fmt;

use serde::Serialize;

/// The app an export comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Strong,
    Hevy,
    FitNotes,
}

impl Source {
    pub const ALL: [Source; 3] = [Source::Strong, Source::Hevy, Source::FitNotes];

    /// The wire name (`?source=`): `strong`, `hevy`, `fitnotes`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Source::Strong => "strong",
            Source::Hevy => "hevy",
            Source::FitNotes => "fitnotes",
        }
    }

    /// The app's own spelling, for messages.
    pub const fn name(self) -> &'static str {
        match self {
            Source::Strong => "Strong",
            Source::Hevy => "Hevy",
            Source::FitNotes => "FitNotes",
        }
    }

    /// Reads a wire name; `auto` is not a source (the caller's `None`).
    pub fn parse(text: &str) -> Option<Self> {
        Source::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The layout of an export within its source's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dialect {
    /// `Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE`:
    /// values in the user's display units.
    StrongCommaDuration,
    /// The same without `Duration`.
    StrongComma,
    /// `"Workout #";"Date";…;"Weight (kg)";…;"Distance (meters)";…`: units in the header.
    StrongSemicolonHeaderUnits,
    /// `Date;Workout Name;…;Weight;Weight Unit;…;Distance;Distance Unit;…`: a unit on every row.
    StrongSemicolonRowUnits,
    /// `title,start_time,end_time,…,weight_kg|weight_lbs,reps,distance_km|distance_miles,…`.
    Hevy,
    /// `Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time[,Comment]`.
    FitNotes,
    /// Older FitNotes exports: `Weight (kgs)` or `Weight (lbs)` in the header.
    FitNotesHeaderUnits,
}

impl Dialect {
    pub const fn as_str(self) -> &'static str {
        match self {
            Dialect::StrongCommaDuration => "strong_comma_duration",
            Dialect::StrongComma => "strong_comma",
            Dialect::StrongSemicolonHeaderUnits => "strong_semicolon_header_units",
            Dialect::StrongSemicolonRowUnits => "strong_semicolon_row_units",
            Dialect::Hevy => "hevy",
            Dialect::FitNotes => "fitnotes",
            Dialect::FitNotesHeaderUnits => "fitnotes_header_units",
        }
    }

    pub const fn source(self) -> Source {
        match self {
            Dialect::StrongCommaDuration
            | Dialect::StrongComma
            | Dialect::StrongSemicolonHeaderUnits
            | Dialect::StrongSemicolonRowUnits => Source::Strong,
            Dialect::Hevy => Source::Hevy,
            Dialect::FitNotes | Dialect::FitNotesHeaderUnits => Source::FitNotes,
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The formats understood, as an unknown-format error lists them.
pub const FORMATS_UNDERSTOOD: &[&str] = &[
    "Strong CSV (comma-separated, with or without Duration)",
    "Strong CSV (semicolon-separated, units in the header)",
    "Strong CSV (semicolon-separated, a unit on every row)",
    "Hevy CSV",
    "FitNotes CSV (units in a column or in the header)",
];

/// A file's header: its column names, trimmed.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    names: Vec<String>,
}

impl Header {
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Header {
            names: names.into_iter().map(|n| n.trim().to_owned()).collect(),
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }

    pub(crate) fn name(&self, index: usize) -> &str {
        self.names.get(index).map_or("", String::as_str)
    }

    /// The index of a column, compared case-insensitively.
    pub(crate) fn find(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n.eq_ignore_ascii_case(name))
    }

    /// A column named `base (unit)`, e.g. `Weight (kg)`: its index and the unit text.
    pub(crate) fn find_with_unit(&self, base: &str) -> Option<(usize, &str)> {
        self.names.iter().enumerate().find_map(|(i, n)| {
            let (head, rest) = n.split_once('(')?;
            let unit = rest.strip_suffix(')')?;
            head.trim()
                .eq_ignore_ascii_case(base)
                .then_some((i, unit.trim()))
        })
    }

    /// Which app's export this header is, if any.
    pub(crate) fn detect(&self) -> Option<Source> {
        let has = |n: &str| self.find(n).is_some();
        if has("exercise_title") && has("start_time") {
            Some(Source::Hevy)
        } else if has("Exercise Name") && has("Set Order") {
            Some(Source::Strong)
        } else if has("Date") && has("Exercise") && has("Category") {
            Some(Source::FitNotes)
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(line: &str, delimiter: char) -> Header {
        Header::new(line.split(delimiter).map(|f| f.trim_matches('"')))
    }

    #[test]
    fn each_apps_header_is_recognised() {
        let strong = "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,Notes,Workout Notes,RPE";
        assert_eq!(header(strong, ',').detect(), Some(Source::Strong));
        let strong_semi = r#""Workout #";"Date";"Workout Name";"Duration (sec)";"Exercise Name";"Set Order";"Weight (kg)";"Reps";"RPE";"Distance (meters)";"Seconds";"Notes";"Workout Notes""#;
        assert_eq!(header(strong_semi, ';').detect(), Some(Source::Strong));
        let hevy = r#""title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index","set_type","weight_kg","reps","distance_km","duration_seconds","rpe""#;
        assert_eq!(header(hevy, ',').detect(), Some(Source::Hevy));
        let fitnotes =
            "Date,Exercise,Category,Weight,Weight Unit,Reps,Distance,Distance Unit,Time,Comment";
        assert_eq!(header(fitnotes, ',').detect(), Some(Source::FitNotes));
        assert_eq!(header("a,b,c", ',').detect(), None);
    }

    #[test]
    fn units_in_header_columns_are_found() {
        let h = header("Date;Weight (kg);Distance (meters);Reps", ';');
        assert_eq!(h.find_with_unit("weight"), Some((1, "kg")));
        assert_eq!(h.find_with_unit("Distance"), Some((2, "meters")));
        assert_eq!(h.find_with_unit("Reps"), None);
        assert_eq!(h.find("REPS"), Some(3));
    }

    #[test]
    fn sources_have_wire_names() {
        for s in Source::ALL {
            assert_eq!(Source::parse(s.as_str()), Some(s));
        }
        assert_eq!(Source::parse("auto"), None);
        assert_eq!(Dialect::FitNotesHeaderUnits.source(), Source::FitNotes);
    }
}
