//! When a piece of evidence happened, for time-aware checks (a contradiction
//! only counts when the clashing messages are later than a file's date).
//! Status messages carry a [`crate::evidence::Stamp`]; file listings carry the
//! date as shown, read here in the few shapes listings use.

use crate::evidence::{Evidence, Fact};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};

/// The instant of a fact, when it has one (local time taken as UTC when the
/// zone is unknown: good enough to order events hours or days apart).
pub fn evidence_time(e: &Evidence) -> Option<DateTime<Utc>> {
    match &e.fact {
        Fact::StatusMessage(m) => m.time.sort_key(),
        Fact::FileVersion(f) => f
            .date
            .as_deref()
            .and_then(listing_date)
            .map(|d| d.and_utc()),
        Fact::RegistryKey(_) | Fact::ScheduleBacklog(_) => None,
    }
}

/// A date (and time) as a file listing shows it: `1-Mar-2001 17:45`,
/// `03/01/2001  05:45 PM`, `2001-03-01 17:45:00`, `2001-03-01T17:45:00`, or a
/// date alone (taken as midnight). Slash dates are month first unless the first
/// number cannot be a month.
pub fn listing_date(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim().replace('T', " ");
    let mut words = s.split_whitespace();
    let date = parse_date(words.next()?)?;
    let time = match words.next() {
        None => NaiveTime::MIN,
        Some(t) => parse_time(t, words.next())?,
    };
    Some(date.and_time(time))
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    for fmt in ["%d-%b-%Y", "%Y-%m-%d", "%d-%b-%y"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    let parts: Vec<&str> = s.split(['/', '.']).collect();
    let [a, b, y] = parts.as_slice() else {
        return None;
    };
    let (a, b): (u32, u32) = (a.parse().ok()?, b.parse().ok()?);
    let y: i32 = y.parse().ok()?;
    let y = match y {
        0..=69 => y + 2000,
        70..=99 => y + 1900,
        _ => y,
    };
    let (month, day) = if s.contains('.') || a > 12 {
        (b, a)
    } else {
        (a, b)
    };
    NaiveDate::from_ymd_opt(y, month, day)
}

fn parse_time(s: &str, meridiem: Option<&str>) -> Option<NaiveTime> {
    let t = NaiveTime::parse_from_str(s, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
        .ok()?;
    let pm = meridiem.is_some_and(|m| m.eq_ignore_ascii_case("PM"));
    let am = meridiem.is_some_and(|m| m.eq_ignore_ascii_case("AM"));
    use chrono::Timelike;
    let hour = match t.hour() {
        h if pm && h < 12 => h + 12,
        12 if am => 0,
        h => h,
    };
    t.with_hour(hour)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_opt(h, mi, 0))
            .expect("valid test date")
    }

    #[test]
    fn reads_listing_dates() {
        assert_eq!(
            listing_date("1-Mar-2001 17:45"),
            Some(at(2001, 3, 1, 17, 45))
        );
        assert_eq!(
            listing_date("03/01/2001  05:45 PM"),
            Some(at(2001, 3, 1, 17, 45))
        );
        assert_eq!(
            listing_date("03/01/2001 12:10 AM"),
            Some(at(2001, 3, 1, 0, 10))
        );
        assert_eq!(
            listing_date("25/12/2004 08:00"),
            Some(at(2004, 12, 25, 8, 0))
        );
        assert_eq!(
            listing_date("2001-03-01T17:45:00"),
            Some(at(2001, 3, 1, 17, 45))
        );
        assert_eq!(listing_date("2001-03-01"), Some(at(2001, 3, 1, 0, 0)));
        assert_eq!(listing_date("yesterday"), None);
        assert_eq!(listing_date("13/13/2001"), None);
        assert_eq!(listing_date(""), None);
        assert_eq!(listing_date("1/2/99999999999999"), None);
    }
}
