//! Dates, times and durations as the apps write them, and local time → UTC.

use chrono::{
    DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc,
};
use chrono_tz::Tz;

/// How far past a skipped local time (a DST gap) the next valid instant is looked for.
const MAX_GAP_MINUTES: i64 = 180;

/// The UTC instant of a local time in `tz`.
///
/// A local time that happens twice (the hour repeated when DST ends) is read
/// as its first occurrence; one that never happens (the hour skipped when DST
/// starts) as the first valid minute after it, e.g. 02:30 on a spring-forward
/// night in Berlin is 03:00 CEST. Both rules are deterministic; the formats
/// carry no offset that could say otherwise.
pub fn local_to_utc(local: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    for minutes in 0..=MAX_GAP_MINUTES {
        let candidate = if minutes == 0 {
            local
        } else {
            // The start of each later minute: 02:30:15 in a gap becomes 03:00:00, not 03:00:15.
            let later = local + Duration::minutes(minutes);
            later.with_second(0).unwrap_or(later)
        };
        match tz.from_local_datetime(&candidate) {
            LocalResult::Single(t) => return t.with_timezone(&Utc),
            LocalResult::Ambiguous(first, _) => return first.with_timezone(&Utc),
            LocalResult::None => {}
        }
    }
    // No zone has a gap this long; reading the time as UTC is the least surprising fallback.
    local.and_utc()
}

/// Strong's `Date`: `2025-12-05 11:37:02` (seconds optional).
pub fn parse_strong_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M"))
        .ok()
}

/// Hevy's `start_time`/`end_time`: `5 Dec 2025, 11:37`; also the ISO forms
/// `2025-12-05 11:37:00` and `2025-12-05T11:37:00` (local), as some exports have them.
pub fn parse_hevy_datetime(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    ["%d %b %Y, %H:%M", "%d %B %Y, %H:%M", "%d %b %Y, %H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| parse_strong_datetime(text))
        .or_else(|| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S").ok())
}

/// FitNotes' `Date`: `2025-12-05`.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// When a FitNotes workout (which has a date but no time) starts: noon local
/// time, so the UTC date is the local date for every offset from −12 to +12 h.
pub const DATE_ONLY_START: NaiveTime = match NaiveTime::from_hms_opt(12, 0, 0) {
    Some(t) => t,
    None => NaiveTime::MIN,
};

/// Strong's `Duration`: `56m`, `1h 2m`, `1h`, `45s`, `1h 2m 3s` (empty is `None`).
/// Returns whole minutes, seconds rounded half up; `Err` for anything else.
#[allow(clippy::result_unit_err)] // the caller names the column and value
pub fn parse_duration_text(text: &str) -> Result<Option<u32>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let mut seconds: u64 = 0;
    let mut seen = [false; 3];
    for token in text.split_whitespace() {
        // The unit is the last character (a multi-byte one is no unit).
        let unit_at = token.char_indices().last().map_or(0, |(i, _)| i);
        let (digits, unit) = token.split_at(unit_at);
        let (index, factor) = match unit {
            "h" => (0, 3_600),
            "m" => (1, 60),
            "s" => (2, 1),
            _ => return Err(()),
        };
        if seen[index] || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        seen[index] = true;
        let n: u64 = digits.parse().map_err(|_| ())?;
        seconds = seconds
            .checked_add(n.checked_mul(factor).ok_or(())?)
            .ok_or(())?;
    }
    Ok(Some(minutes_from_seconds(seconds)?))
}

/// Whole minutes from seconds, half a minute rounding up.
#[allow(clippy::result_unit_err)]
pub fn minutes_from_seconds(seconds: u64) -> Result<u32, ()> {
    u32::try_from(seconds.saturating_add(30) / 60).map_err(|_| ())
}

/// FitNotes' `Time`: `1:02:03`, `02:03` or `3` (seconds); empty is `None`.
#[allow(clippy::result_unit_err)]
pub fn parse_clock_duration(text: &str) -> Result<Option<f64>, ()> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split(':').collect();
    if parts.len() > 3 {
        return Err(());
    }
    let mut seconds = 0.0;
    for (i, part) in parts.iter().enumerate() {
        let last = i + 1 == parts.len();
        let ok = !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_digit() || (last && b == b'.'));
        if !ok {
            return Err(());
        }
        let value: f64 = part.parse().map_err(|_| ())?;
        seconds = seconds * 60.0 + value;
    }
    Ok(Some(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn naive(text: &str) -> NaiveDateTime {
        parse_strong_datetime(text).unwrap()
    }

    #[test]
    fn local_times_become_utc_in_the_given_zone() {
        let t = local_to_utc(naive("2025-07-01 18:30:00"), chrono_tz::Europe::Berlin);
        assert_eq!(t.to_rfc3339(), "2025-07-01T16:30:00+00:00");
        let t = local_to_utc(naive("2025-01-01 18:30:00"), chrono_tz::America::New_York);
        assert_eq!(t.to_rfc3339(), "2025-01-01T23:30:00+00:00");
        let t = local_to_utc(naive("2025-01-01 18:30:00"), chrono_tz::UTC);
        assert_eq!(t.to_rfc3339(), "2025-01-01T18:30:00+00:00");
    }

    #[test]
    fn a_repeated_local_hour_reads_as_its_first_occurrence() {
        // Berlin, 2025-10-26: 02:00–03:00 happens twice (CEST, then CET).
        let t = local_to_utc(naive("2025-10-26 02:30:00"), chrono_tz::Europe::Berlin);
        assert_eq!(t.to_rfc3339(), "2025-10-26T00:30:00+00:00");
    }

    #[test]
    fn a_skipped_local_hour_reads_as_the_first_minute_after_it() {
        // Berlin, 2025-03-30: 02:00–03:00 does not exist.
        let t = local_to_utc(naive("2025-03-30 02:30:15"), chrono_tz::Europe::Berlin);
        assert_eq!(t.to_rfc3339(), "2025-03-30T01:00:00+00:00");
    }

    #[test]
    fn the_apps_date_formats_are_read() {
        assert_eq!(
            parse_strong_datetime("2025-12-05 11:37:02"),
            Some(naive("2025-12-05 11:37:02"))
        );
        assert_eq!(
            parse_strong_datetime("2025-12-05 11:37"),
            Some(naive("2025-12-05 11:37:00"))
        );
        assert_eq!(parse_strong_datetime("05/12/2025 11:37"), None);
        assert_eq!(
            parse_hevy_datetime("5 Dec 2025, 11:37"),
            Some(naive("2025-12-05 11:37:00"))
        );
        assert_eq!(
            parse_hevy_datetime("05 Dec 2025, 09:05"),
            Some(naive("2025-12-05 09:05:00"))
        );
        assert_eq!(
            parse_hevy_datetime("2025-12-05T11:37:00"),
            Some(naive("2025-12-05 11:37:00"))
        );
        assert_eq!(parse_hevy_datetime("Dec 5 2025"), None);
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(parse_date("2023-02-29"), None);
    }

    #[test]
    fn strong_durations_are_read_in_minutes() {
        assert_eq!(parse_duration_text("56m"), Ok(Some(56)));
        assert_eq!(parse_duration_text("1h 2m"), Ok(Some(62)));
        assert_eq!(parse_duration_text("1h"), Ok(Some(60)));
        assert_eq!(parse_duration_text("45s"), Ok(Some(1)));
        assert_eq!(parse_duration_text("29s"), Ok(Some(0)));
        assert_eq!(parse_duration_text("1h 2m 31s"), Ok(Some(63)));
        assert_eq!(parse_duration_text(""), Ok(None));
        for bad in [
            "56", "m", "1h 1h", "1d", "1.5h", "-3m", "1h2m", "💪", "5💪", "é",
        ] {
            assert_eq!(parse_duration_text(bad), Err(()), "{bad}");
        }
    }

    #[test]
    fn fitnotes_times_are_read_in_seconds() {
        assert_eq!(parse_clock_duration("0:01:30"), Ok(Some(90.0)));
        assert_eq!(parse_clock_duration("01:30"), Ok(Some(90.0)));
        assert_eq!(parse_clock_duration("45"), Ok(Some(45.0)));
        assert_eq!(parse_clock_duration("1:00:00"), Ok(Some(3_600.0)));
        assert_eq!(parse_clock_duration(""), Ok(None));
        for bad in ["1:2:3:4", "a:00", "1::2", "-5", "1.5:00"] {
            assert_eq!(parse_clock_duration(bad), Err(()), "{bad}");
        }
    }
}
