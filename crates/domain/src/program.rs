//! Program settings: goals, split, schedule, session length, progression, deloads,
//! equipment — validated, with calendar helpers.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::equipment::Equipment;
use crate::error::DomainError;
use crate::goal::GoalWeights;
use crate::limits;
use crate::macros::wire_enum;
use crate::microcycle;
use crate::split::SplitTemplate;

wire_enum! {
    /// How loads and reps advance between exposures (coaching.md, "Deloads and progression").
    pub enum ProgressionStyle {
        Single => "single",
        Double => "double",
        Rpe => "rpe",
    }
}

impl Default for ProgressionStyle {
    /// api.md: `progression_style` defaults to `double`.
    fn default() -> Self {
        ProgressionStyle::Double
    }
}

/// Default training days per 7 days (api.md).
pub const DEFAULT_DAYS_PER_WEEK: u32 = 4;
/// Default microcycle length (api.md).
pub const DEFAULT_MICROCYCLE_LENGTH_DAYS: u32 = 7;
/// Default program length (api.md).
pub const DEFAULT_DURATION_WEEKS: u32 = 8;
/// Default session length (api.md).
pub const DEFAULT_SESSION_MINUTES: u32 = 60;
/// Default deload frequency (coaching.md, api.md).
pub const DEFAULT_DELOAD_EVERY_N: u32 = 4;
/// Shortest and longest program, weeks (api.md).
pub const DURATION_WEEKS_RANGE: (u32, u32) = (1, 52);
/// Shortest and longest session, minutes (api.md).
pub const SESSION_MINUTES_RANGE: (u32, u32) = (15, 240);

/// Where a date falls in a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramDay {
    /// 0-based microcycle number.
    pub microcycle_index: u32,
    /// 1-based day within the microcycle.
    pub day_index: u32,
}

/// The input of [`ProgramSettings::new`] (what a create request carries, defaults resolved).
#[derive(Debug, Clone, PartialEq)]
pub struct ProgramSettingsInput {
    /// Goal weights.
    pub goals: GoalWeights,
    /// Split template.
    pub split: SplitTemplate,
    /// Training days per 7 days (1–7).
    pub days_per_week: u32,
    /// Microcycle length (7–14).
    pub microcycle_length_days: u32,
    /// Program length in weeks (1–52).
    pub duration_weeks: u32,
    /// First day of the program.
    pub start_date: NaiveDate,
    /// Hard cap on a session's length, minutes (15–240).
    pub session_minutes: u32,
    /// Progression style.
    pub progression: ProgressionStyle,
    /// Deload every N microcycles (0 = never, else 2–12).
    pub deload_every_n: u32,
    /// Equipment available for the program.
    pub equipment: Vec<Equipment>,
}

/// A program's planning settings, validated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProgramSettings {
    goals: GoalWeights,
    split: SplitTemplate,
    days_per_week: u32,
    microcycle_length_days: u32,
    duration_weeks: u32,
    start_date: NaiveDate,
    session_minutes: u32,
    progression: ProgressionStyle,
    deload_every_n: u32,
    equipment: Vec<Equipment>,
}

fn in_range(field: &str, v: u32, lo: u32, hi: u32) -> Result<u32, DomainError> {
    if (lo..=hi).contains(&v) {
        Ok(v)
    } else {
        Err(DomainError::invalid(
            field,
            format!("must be between {lo} and {hi}"),
        ))
    }
}

impl ProgramSettings {
    /// Validates settings per api.md `ProgramCreate`; errors name the field
    /// (`days_per_week`, `deload_every_n_microcycles`, …). Equipment is deduplicated.
    pub fn new(input: ProgramSettingsInput) -> Result<Self, DomainError> {
        let days_per_week = in_range("days_per_week", input.days_per_week, 1, 7)?;
        let len = in_range(
            "microcycle_length_days",
            input.microcycle_length_days,
            7,
            14,
        )?;
        let (wlo, whi) = DURATION_WEEKS_RANGE;
        let duration_weeks = in_range("duration_weeks", input.duration_weeks, wlo, whi)?;
        let (slo, shi) = SESSION_MINUTES_RANGE;
        let session_minutes = in_range("session_minutes", input.session_minutes, slo, shi)?;
        if input.deload_every_n == 1 || input.deload_every_n > 12 {
            return Err(DomainError::invalid(
                "deload_every_n_microcycles",
                "must be 0 (never) or between 2 and 12",
            ));
        }
        limits::check_items(
            "equipment",
            input.equipment.len(),
            limits::MAX_EQUIPMENT_ITEMS,
        )?;
        let mut equipment = input.equipment;
        equipment.sort();
        equipment.dedup();
        let settings = ProgramSettings {
            goals: input.goals,
            split: input.split,
            days_per_week,
            microcycle_length_days: len,
            duration_weeks,
            start_date: input.start_date,
            session_minutes,
            progression: input.progression,
            deload_every_n: input.deload_every_n,
            equipment,
        };
        // The end date must be representable.
        settings
            .start_date
            .checked_add_days(Days::new(u64::from(duration_weeks) * 7))
            .ok_or_else(|| DomainError::invalid("start_date", "is out of range"))?;
        Ok(settings)
    }

    /// The settings as an input, to change some fields and validate again.
    pub fn to_input(&self) -> ProgramSettingsInput {
        ProgramSettingsInput {
            goals: self.goals.clone(),
            split: self.split,
            days_per_week: self.days_per_week,
            microcycle_length_days: self.microcycle_length_days,
            duration_weeks: self.duration_weeks,
            start_date: self.start_date,
            session_minutes: self.session_minutes,
            progression: self.progression,
            deload_every_n: self.deload_every_n,
            equipment: self.equipment.clone(),
        }
    }

    /// Goal weights.
    pub fn goals(&self) -> &GoalWeights {
        &self.goals
    }
    /// Split template.
    pub fn split(&self) -> SplitTemplate {
        self.split
    }
    /// Training days per 7 days (1–7).
    pub fn days_per_week(&self) -> u32 {
        self.days_per_week
    }
    /// Microcycle length (7–14).
    pub fn microcycle_length_days(&self) -> u32 {
        self.microcycle_length_days
    }
    /// Program length in weeks (1–52).
    pub fn duration_weeks(&self) -> u32 {
        self.duration_weeks
    }
    /// First day.
    pub fn start_date(&self) -> NaiveDate {
        self.start_date
    }
    /// Hard cap on a session's length (15–240 min).
    pub fn session_minutes(&self) -> u32 {
        self.session_minutes
    }
    /// Progression style.
    pub fn progression(&self) -> ProgressionStyle {
        self.progression
    }
    /// Deload every N microcycles (0 = never).
    pub fn deload_every_n(&self) -> u32 {
        self.deload_every_n
    }
    /// Equipment available for this program (sorted, distinct).
    pub fn equipment(&self) -> &[Equipment] {
        &self.equipment
    }

    /// Last day of the program: `start + 7 · weeks − 1`.
    pub fn end_date(&self) -> NaiveDate {
        end_date(self.start_date, self.duration_weeks)
    }

    /// The microcycle and day a date falls on; `None` outside the program.
    pub fn locate(&self, date: NaiveDate) -> Option<ProgramDay> {
        if date < self.start_date || date > self.end_date() {
            return None;
        }
        let offset = u32::try_from((date - self.start_date).num_days()).ok()?;
        let len = self.microcycle_length_days.max(1);
        Some(ProgramDay {
            microcycle_index: offset / len,
            day_index: offset % len + 1,
        })
    }

    /// Whether the 0-based microcycle is a planned deload.
    pub fn is_deload(&self, microcycle_index: u32) -> bool {
        microcycle::is_deload(microcycle_index, self.deload_every_n)
    }

    /// First date of a 0-based microcycle.
    pub fn microcycle_start(&self, microcycle_index: u32) -> Option<NaiveDate> {
        let days = u64::from(microcycle_index) * u64::from(self.microcycle_length_days);
        self.start_date.checked_add_days(Days::new(days))
    }
}

/// Last day of a program that starts on `start_date` and lasts
/// `duration_weeks` (at least 1): `start + 7 · weeks − 1`. The one rule a
/// stored day's read checks without parsing the whole program.
pub fn end_date(start_date: NaiveDate, duration_weeks: u32) -> NaiveDate {
    let days = (u64::from(duration_weeks) * 7).saturating_sub(1);
    start_date
        .checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::goal::{Goal, GoalWeight};

    pub(crate) fn input() -> ProgramSettingsInput {
        ProgramSettingsInput {
            goals: GoalWeights::new(vec![GoalWeight {
                goal: Goal::Hypertrophy,
                weight: 10.0,
            }])
            .unwrap(),
            split: SplitTemplate::Ppl,
            days_per_week: 4,
            microcycle_length_days: 10,
            duration_weeks: 2,
            start_date: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            session_minutes: 60,
            progression: ProgressionStyle::default(),
            deload_every_n: 4,
            equipment: vec![Equipment::Barbell, Equipment::Barbell, Equipment::Bench],
        }
    }

    fn field_of(r: Result<ProgramSettings, DomainError>) -> String {
        match r {
            Err(DomainError::Invalid { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn validates_fields() {
        let ok = ProgramSettings::new(input()).unwrap();
        assert_eq!(ok.equipment(), &[Equipment::Barbell, Equipment::Bench]);
        assert_eq!(
            field_of(ProgramSettings::new(ProgramSettingsInput {
                days_per_week: 0,
                ..input()
            })),
            "days_per_week"
        );
        assert_eq!(
            field_of(ProgramSettings::new(ProgramSettingsInput {
                microcycle_length_days: 15,
                ..input()
            })),
            "microcycle_length_days"
        );
        assert_eq!(
            field_of(ProgramSettings::new(ProgramSettingsInput {
                duration_weeks: 53,
                ..input()
            })),
            "duration_weeks"
        );
        assert_eq!(
            field_of(ProgramSettings::new(ProgramSettingsInput {
                session_minutes: 14,
                ..input()
            })),
            "session_minutes"
        );
        assert_eq!(
            field_of(ProgramSettings::new(ProgramSettingsInput {
                deload_every_n: 1,
                ..input()
            })),
            "deload_every_n_microcycles"
        );
        assert!(
            ProgramSettings::new(ProgramSettingsInput {
                deload_every_n: 0,
                ..input()
            })
            .is_ok()
        );
        assert!(
            ProgramSettings::new(ProgramSettingsInput {
                deload_every_n: 13,
                ..input()
            })
            .is_err()
        );
    }

    #[test]
    fn calendar() {
        let p = ProgramSettings::new(input()).unwrap();
        let start = p.start_date();
        assert_eq!(p.end_date(), NaiveDate::from_ymd_opt(2026, 11, 15).unwrap());
        assert_eq!(
            p.locate(start),
            Some(ProgramDay {
                microcycle_index: 0,
                day_index: 1
            })
        );
        assert_eq!(
            p.locate(start + Days::new(9)),
            Some(ProgramDay {
                microcycle_index: 0,
                day_index: 10
            })
        );
        assert_eq!(
            p.locate(start + Days::new(10)),
            Some(ProgramDay {
                microcycle_index: 1,
                day_index: 1
            })
        );
        assert_eq!(
            p.locate(p.end_date()),
            Some(ProgramDay {
                microcycle_index: 1,
                day_index: 4
            })
        );
        assert_eq!(p.locate(p.end_date() + Days::new(1)), None);
        assert_eq!(p.locate(start - Days::new(1)), None);
        assert!(p.is_deload(3));
        assert_eq!(p.microcycle_start(1), Some(start + Days::new(10)));
    }
}
