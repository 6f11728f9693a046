//! Microcycles: the repeating block of 7–14 days a program is made of.
//!
//! [`Microcycle::new`] enforces api.md's `MicrocycleUpdate` rules;
//! [`Microcycle::generate`] lays out a template's training days evenly over the
//! block (positions `⌊i · length / n⌋`, so gaps differ by at most one day) and
//! alternates the non-training days: the first day of each run of off days is
//! `rest`, the next `active_recovery`, and so on (a single off day between two
//! training days stays rest).

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::limits;
use crate::muscle::Muscle;
use crate::split::{DayFocus, DayKind, SplitTemplate};

/// Shortest microcycle (api.md).
pub const MIN_LENGTH_DAYS: u32 = 7;
/// Longest microcycle (api.md).
pub const MAX_LENGTH_DAYS: u32 = 14;
/// Training days per 7 days (api.md `days_per_week`).
pub const MIN_DAYS_PER_WEEK: u32 = 1;
/// Training days per 7 days (api.md `days_per_week`).
pub const MAX_DAYS_PER_WEEK: u32 = 7;

/// One day of a microcycle (api.md `MicrocycleDay`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MicrocycleDay {
    /// 1..=length.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 14))]
    pub day_index: u32,
    /// Training, rest or active recovery.
    pub kind: DayKind,
    /// Set exactly on training days.
    pub focus: Option<DayFocus>,
    /// The day's target muscles (defaults of the focus when empty; required for `custom`).
    #[serde(default)]
    pub target_muscles: Vec<Muscle>,
    #[serde(default)]
    /// A human label ("Push A", "Rest").
    pub label: String,
}

impl MicrocycleDay {
    /// Whether this is a training day.
    pub fn is_training(&self) -> bool {
        self.kind == DayKind::Training
    }

    /// The muscles the day targets: its own list, else the focus defaults, else none.
    pub fn effective_targets(&self) -> Vec<Muscle> {
        if !self.target_muscles.is_empty() {
            return self.target_muscles.clone();
        }
        match (self.kind, self.focus) {
            (DayKind::Training, Some(f)) => f.default_muscles(),
            _ => Vec::new(),
        }
    }
}

/// A validated microcycle: days sorted by index, covering 1..=length once each.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Microcycle {
    length_days: u32,
    days: Vec<MicrocycleDay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMicrocycle {
    length_days: u32,
    days: Vec<MicrocycleDay>,
}

impl<'de> Deserialize<'de> for Microcycle {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawMicrocycle::deserialize(d)?;
        Microcycle::new(raw.length_days, raw.days).map_err(serde::de::Error::custom)
    }
}

/// Training days in a microcycle: `round(days_per_week · length / 7)`, within 1..=length.
pub fn training_days_for(days_per_week: u32, length_days: u32) -> u32 {
    let n = (f64::from(days_per_week) * f64::from(length_days) / 7.0).round() as u32;
    n.clamp(1, length_days.max(1))
}

/// 0-based positions of `n` training days spread evenly over `length` days.
pub fn spread_positions(n: u32, length: u32) -> Vec<u32> {
    let n = n.clamp(1, length.max(1));
    (0..n).map(|i| i * length / n).collect()
}

/// Whether the 0-based microcycle `index` is a planned deload: every `every_n`-th
/// microcycle (the N-th, 2N-th, …); `every_n == 0` means never.
pub fn is_deload(microcycle_index: u32, every_n: u32) -> bool {
    every_n >= 2 && (microcycle_index + 1).is_multiple_of(every_n)
}

impl Microcycle {
    /// Validates days per api.md `MicrocycleUpdate`: length 7–14; every index
    /// 1..=length exactly once; at least one training day; `focus` exactly on
    /// training days; `custom` focus needs target muscles. Errors name the field
    /// (`days[2].focus`).
    pub fn new(length_days: u32, mut days: Vec<MicrocycleDay>) -> Result<Self, DomainError> {
        if !(MIN_LENGTH_DAYS..=MAX_LENGTH_DAYS).contains(&length_days) {
            return Err(DomainError::invalid(
                "length_days",
                "must be between 7 and 14",
            ));
        }
        let mut seen = BTreeSet::new();
        for (i, day) in days.iter().enumerate() {
            if !(1..=length_days).contains(&day.day_index) {
                return Err(DomainError::invalid(
                    format!("days[{i}].day_index"),
                    format!("must be between 1 and {length_days}"),
                ));
            }
            if !seen.insert(day.day_index) {
                return Err(DomainError::invalid(
                    format!("days[{i}].day_index"),
                    "each day index must appear exactly once",
                ));
            }
            limits::check_items(
                &format!("days[{i}].target_muscles"),
                day.target_muscles.len(),
                limits::MAX_MUSCLE_ITEMS,
            )?;
            if day.label.chars().count() > limits::MAX_LABEL_CHARS {
                return Err(DomainError::invalid(
                    format!("days[{i}].label"),
                    format!("must be at most {} characters", limits::MAX_LABEL_CHARS),
                ));
            }
            match (day.kind, day.focus) {
                (DayKind::Training, None) => {
                    return Err(DomainError::invalid(
                        format!("days[{i}].focus"),
                        "is required on training days",
                    ));
                }
                (DayKind::Rest | DayKind::ActiveRecovery, Some(_)) => {
                    return Err(DomainError::invalid(
                        format!("days[{i}].focus"),
                        "must be null on rest and active-recovery days",
                    ));
                }
                (DayKind::Training, Some(DayFocus::Custom)) if day.target_muscles.is_empty() => {
                    return Err(DomainError::invalid(
                        format!("days[{i}].target_muscles"),
                        "must not be empty for a custom focus",
                    ));
                }
                _ => {}
            }
        }
        if days.len() != length_days as usize {
            return Err(DomainError::invalid(
                "days",
                format!("must cover every day index 1..{length_days} exactly once"),
            ));
        }
        if !days.iter().any(MicrocycleDay::is_training) {
            return Err(DomainError::invalid(
                "days",
                "must have at least one training day",
            ));
        }
        days.sort_by_key(|d| d.day_index);
        for day in days.iter_mut().filter(|d| d.label.trim().is_empty()) {
            day.label = default_label(day.kind, day.focus).to_owned();
        }
        Ok(Microcycle { length_days, days })
    }

    /// Lays out a template's microcycle: `days_per_week` (1–7) training days per
    /// 7 days scaled to `length_days` (7–14), spread evenly. `custom` cannot be
    /// generated (the user supplies its days).
    pub fn generate(
        template: SplitTemplate,
        days_per_week: u32,
        length_days: u32,
    ) -> Result<Self, DomainError> {
        if !(MIN_DAYS_PER_WEEK..=MAX_DAYS_PER_WEEK).contains(&days_per_week) {
            return Err(DomainError::invalid(
                "days_per_week",
                "must be between 1 and 7",
            ));
        }
        if !(MIN_LENGTH_DAYS..=MAX_LENGTH_DAYS).contains(&length_days) {
            return Err(DomainError::invalid(
                "microcycle_length_days",
                "must be between 7 and 14",
            ));
        }
        let rotation = template.rotation();
        if rotation.is_empty() {
            return Err(DomainError::invalid(
                "custom_days",
                "is required when split_template is custom",
            ));
        }
        let n = training_days_for(days_per_week, length_days);
        let positions: BTreeSet<u32> = spread_positions(n, length_days).into_iter().collect();
        let foci: Vec<DayFocus> = (0..n as usize)
            .map(|i| rotation[i % rotation.len()])
            .collect();

        let mut days = Vec::with_capacity(length_days as usize);
        let mut training_seen = 0usize;
        let mut off_run = 0u32;
        for pos in 0..length_days {
            let day_index = pos + 1;
            if positions.contains(&pos) {
                let focus = foci.get(training_seen).copied().unwrap_or(rotation[0]);
                let label = training_label(&foci, training_seen, focus);
                training_seen += 1;
                off_run = 0;
                days.push(MicrocycleDay {
                    day_index,
                    kind: DayKind::Training,
                    focus: Some(focus),
                    target_muscles: focus.default_muscles(),
                    label,
                });
            } else {
                let kind = if off_run.is_multiple_of(2) {
                    DayKind::Rest
                } else {
                    DayKind::ActiveRecovery
                };
                off_run += 1;
                let label = match kind {
                    DayKind::ActiveRecovery => "Active Recovery",
                    _ => "Rest",
                };
                days.push(MicrocycleDay {
                    day_index,
                    kind,
                    focus: None,
                    target_muscles: Vec::new(),
                    label: label.to_owned(),
                });
            }
        }
        Microcycle::new(length_days, days)
    }

    /// The microcycle as it runs in microcycle `index` (0-based): when the
    /// template's rotation does not divide the training days (push/pull/legs
    /// on 4 days, upper/lower on 3), the foci carry on where the previous
    /// microcycle stopped (push/pull/legs/push, then pull/legs/push/pull, …),
    /// so every focus, and every major muscle, comes round equally often.
    /// Days the user changed (another focus or other targets) keep theirs.
    pub fn rotated(&self, rotation: &[DayFocus], index: u32) -> Microcycle {
        let n = self.training_days();
        let r = rotation.len();
        if r < 2 || n.is_multiple_of(r) {
            return self.clone();
        }
        let shift = (index as usize * n) % r;
        let mut j = 0;
        let days = self
            .days
            .iter()
            .map(|d| {
                if !d.is_training() {
                    return d.clone();
                }
                let expected = rotation[j % r];
                let focus = rotation[(j + shift) % r];
                j += 1;
                if d.focus == Some(expected) && d.target_muscles == expected.default_muscles() {
                    MicrocycleDay {
                        focus: Some(focus),
                        target_muscles: focus.default_muscles(),
                        label: focus.label().to_owned(),
                        ..d.clone()
                    }
                } else {
                    d.clone()
                }
            })
            .collect();
        Microcycle {
            length_days: self.length_days,
            days,
        }
    }

    /// Length in days (7–14).
    pub fn length_days(&self) -> u32 {
        self.length_days
    }

    /// The days, sorted by `day_index`.
    pub fn days(&self) -> &[MicrocycleDay] {
        &self.days
    }

    /// The day with 1-based `day_index`.
    pub fn day(&self, day_index: u32) -> Option<&MicrocycleDay> {
        self.days.iter().find(|d| d.day_index == day_index)
    }

    /// Number of training days.
    pub fn training_days(&self) -> usize {
        self.days.iter().filter(|d| d.is_training()).count()
    }

    /// Training days from `day_index` (inclusive) to the end whose targets include `muscle`.
    pub fn remaining_days_targeting(&self, day_index: u32, muscle: Muscle) -> usize {
        self.days
            .iter()
            .filter(|d| d.day_index >= day_index && d.is_training())
            .filter(|d| d.effective_targets().contains(&muscle))
            .count()
    }

    /// How many training days with the focus of day `day_index` come before
    /// it in the microcycle (0 for the first): where a full-body day stands
    /// in its accessory rotation ([`DayFocus::accessory_slots`]).
    pub fn focus_ordinal(&self, day_index: u32) -> usize {
        let Some(focus) = self.day(day_index).and_then(|d| d.focus) else {
            return 0;
        };
        self.days
            .iter()
            .filter(|d| d.day_index < day_index && d.is_training() && d.focus == Some(focus))
            .count()
    }

    /// Training days from `day_index` (inclusive) to the end.
    pub fn remaining_training_days(&self, day_index: u32) -> usize {
        self.days
            .iter()
            .filter(|d| d.day_index >= day_index && d.is_training())
            .count()
    }
}

/// The label of a day that has none: the focus's ("Push"), "Rest" or "Active Recovery".
pub fn default_label(kind: DayKind, focus: Option<DayFocus>) -> &'static str {
    match (kind, focus) {
        (DayKind::Training, Some(f)) => f.label(),
        (DayKind::Training, None) => "Training",
        (DayKind::Rest, _) => "Rest",
        (DayKind::ActiveRecovery, _) => "Active Recovery",
    }
}

/// "Push" when the focus occurs once, else "Push A", "Push B", …
fn training_label(foci: &[DayFocus], index: usize, focus: DayFocus) -> String {
    let total = foci.iter().filter(|f| **f == focus).count();
    if total <= 1 {
        return focus.label().to_owned();
    }
    let nth = foci.iter().take(index).filter(|f| **f == focus).count();
    let letter = char::from(b'A' + (nth % 26) as u8);
    format!("{} {letter}", focus.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn kinds(m: &Microcycle) -> String {
        m.days()
            .iter()
            .map(|d| match d.kind {
                DayKind::Training => 'T',
                DayKind::Rest => 'R',
                DayKind::ActiveRecovery => 'A',
            })
            .collect()
    }

    #[test]
    fn generates_templates() {
        let m = Microcycle::generate(SplitTemplate::FullBody, 3, 7).unwrap();
        assert_eq!(kinds(&m), "TRTRTRA");
        assert_eq!(m.days()[0].label, "Full Body A");
        let m = Microcycle::generate(SplitTemplate::UpperLower, 4, 7).unwrap();
        assert_eq!(kinds(&m), "TTRTRTR");
        let foci: Vec<_> = m.days().iter().filter_map(|d| d.focus).collect();
        assert_eq!(
            foci,
            vec![
                DayFocus::Upper,
                DayFocus::Lower,
                DayFocus::Upper,
                DayFocus::Lower
            ]
        );
        let m = Microcycle::generate(SplitTemplate::Ppl, 6, 14).unwrap();
        assert_eq!(m.training_days(), 12);
        let m = Microcycle::generate(SplitTemplate::Ppl, 3, 7).unwrap();
        assert_eq!(m.days()[0].label, "Push");
        assert_eq!(m.days()[0].target_muscles, DayFocus::Push.default_muscles());
        let m = Microcycle::generate(SplitTemplate::FullBody, 1, 7).unwrap();
        assert_eq!(kinds(&m), "TRARARA");
        assert!(Microcycle::generate(SplitTemplate::Custom, 3, 7).is_err());
        assert!(Microcycle::generate(SplitTemplate::Ppl, 8, 7).is_err());
        assert!(Microcycle::generate(SplitTemplate::Ppl, 3, 15).is_err());
    }

    #[test]
    fn scaling() {
        assert_eq!(training_days_for(3, 10), 4);
        assert_eq!(training_days_for(1, 7), 1);
        assert_eq!(training_days_for(7, 14), 14);
        assert_eq!(training_days_for(4, 14), 8);
    }

    #[test]
    fn deloads() {
        assert!(!is_deload(0, 4));
        assert!(is_deload(3, 4));
        assert!(is_deload(7, 4));
        assert!(!is_deload(3, 0));
        assert!(is_deload(1, 2));
    }

    fn day(i: u32, kind: DayKind, focus: Option<DayFocus>) -> MicrocycleDay {
        MicrocycleDay {
            day_index: i,
            kind,
            focus,
            target_muscles: vec![],
            label: String::new(),
        }
    }

    #[test]
    fn validation() {
        let mut days: Vec<_> = (1..=7).map(|i| day(i, DayKind::Rest, None)).collect();
        assert_eq!(
            Microcycle::new(7, days.clone()).unwrap_err(),
            DomainError::invalid("days", "must have at least one training day")
        );
        days[2] = day(3, DayKind::Training, None);
        assert!(
            matches!(Microcycle::new(7, days.clone()), Err(DomainError::Invalid { field, .. }) if field == "days[2].focus")
        );
        days[2].focus = Some(DayFocus::Custom);
        assert!(
            matches!(Microcycle::new(7, days.clone()), Err(DomainError::Invalid { field, .. }) if field == "days[2].target_muscles")
        );
        days[2].target_muscles = vec![Muscle::Chest];
        let ok = Microcycle::new(7, days.clone()).unwrap();
        assert_eq!(ok.training_days(), 1);
        assert_eq!(ok.days()[2].label, "Custom");
        assert_eq!(ok.days()[0].label, "Rest");
        days[4].focus = Some(DayFocus::Push);
        assert!(
            matches!(Microcycle::new(7, days.clone()), Err(DomainError::Invalid { field, .. }) if field == "days[4].focus")
        );
        days[4].focus = None;
        days[5].day_index = 5;
        assert!(
            matches!(Microcycle::new(7, days.clone()), Err(DomainError::Invalid { field, .. }) if field == "days[5].day_index")
        );
        days.pop();
        days.pop();
        assert!(Microcycle::new(7, days.clone()).is_err());
        assert!(Microcycle::new(6, vec![]).is_err());
        // Unordered input is sorted; serde round trip validates.
        let mut rev = ok.days().to_vec();
        rev.reverse();
        let m = Microcycle::new(7, rev).unwrap();
        assert_eq!(m, ok);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(serde_json::from_str::<Microcycle>(&json).unwrap(), m);
        assert!(serde_json::from_str::<Microcycle>(r#"{"length_days":7,"days":[]}"#).is_err());
    }

    proptest! {
        #[test]
        fn generated_microcycles_are_valid(t in 0usize..3, dpw in 1u32..=7, len in 7u32..=14) {
            let template = SplitTemplate::ALL[t];
            let m = Microcycle::generate(template, dpw, len).unwrap();
            let n = training_days_for(dpw, len);
            prop_assert_eq!(m.training_days(), n as usize);
            prop_assert_eq!(Microcycle::new(len, m.days().to_vec()).unwrap(), m.clone());
            // Spread: gaps between consecutive training days differ by at most one.
            let pos: Vec<u32> = m.days().iter().filter(|d| d.is_training()).map(|d| d.day_index).collect();
            let gaps: Vec<u32> = pos.windows(2).map(|w| w[1] - w[0]).collect();
            if let (Some(lo), Some(hi)) = (gaps.iter().min(), gaps.iter().max()) {
                prop_assert!(hi - lo <= 1);
            }
            // An off day between two training days is rest.
            for w in m.days().windows(3) {
                if w[0].is_training() && w[2].is_training() && !w[1].is_training() {
                    prop_assert_eq!(w[1].kind, DayKind::Rest);
                }
            }
        }
    }

    #[test]
    fn the_rotation_carries_on_across_microcycles() {
        let rotation = SplitTemplate::Ppl.rotation();
        let m = Microcycle::generate(SplitTemplate::Ppl, 4, 7).unwrap();
        let foci =
            |m: &Microcycle| -> Vec<DayFocus> { m.days().iter().filter_map(|d| d.focus).collect() };
        use DayFocus::*;
        assert_eq!(foci(&m.rotated(rotation, 0)), vec![Push, Pull, Legs, Push]);
        assert_eq!(foci(&m.rotated(rotation, 1)), vec![Pull, Legs, Push, Pull]);
        assert_eq!(foci(&m.rotated(rotation, 2)), vec![Legs, Push, Pull, Legs]);
        // Over three microcycles every focus comes round four times.
        let all: Vec<DayFocus> = (0..3).flat_map(|i| foci(&m.rotated(rotation, i))).collect();
        for f in [Push, Pull, Legs] {
            assert_eq!(all.iter().filter(|x| **x == f).count(), 4);
        }
        // A divisible rotation is left alone.
        let ul = Microcycle::generate(SplitTemplate::UpperLower, 4, 7).unwrap();
        assert_eq!(ul.rotated(SplitTemplate::UpperLower.rotation(), 1), ul);
    }

    #[test]
    fn focus_ordinal_counts_the_earlier_days_of_the_same_focus() {
        let fb = Microcycle::generate(SplitTemplate::FullBody, 3, 7).unwrap();
        let training: Vec<u32> = fb
            .days()
            .iter()
            .filter(|d| d.is_training())
            .map(|d| d.day_index)
            .collect();
        let ordinals: Vec<usize> = training.iter().map(|i| fb.focus_ordinal(*i)).collect();
        assert_eq!(ordinals, vec![0, 1, 2]);
        let ppl = Microcycle::generate(SplitTemplate::Ppl, 6, 7).unwrap();
        let ordinals: Vec<usize> = ppl
            .days()
            .iter()
            .filter(|d| d.is_training())
            .map(|d| ppl.focus_ordinal(d.day_index))
            .collect();
        assert_eq!(ordinals, vec![0, 0, 0, 1, 1, 1]);
        // A rest day has no ordinal of its own.
        let rest = fb.days().iter().find(|d| !d.is_training()).unwrap();
        assert_eq!(fb.focus_ordinal(rest.day_index), 0);
    }
}
