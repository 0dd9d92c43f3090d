//! When a piece of evidence happened, for time-aware checks (a contradiction
//! only counts when the clashing messages are later than a file's date).
//! Status messages carry a [`crate::evidence::Stamp`]; file listings carry the
//! date as shown, read here in the few shapes listings use. They are read by
//! hand rather than with chrono's `parse_from_str`, whose format-string
//! machinery costs the browser build tens of KB.

use crate::evidence::{Evidence, Fact};
use crate::parse::datetime::{month, number};
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
        Fact::LogLine(l) => l.time.sort_key(),
        Fact::ComponentLog(c) => c.last.sort_key(),
        Fact::RegistryKey(_) | Fact::ScheduleBacklog(_) | Fact::SqlResult(_) | Fact::SqlRow(_) => {
            None
        }
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
    if let Some(d) = named_month_date(s).or_else(|| iso_date(s)) {
        return Some(d);
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

/// `1-Mar-2001` or `1-Mar-01` (chrono's `%d-%b-%Y`, then `%d-%b-%y`: a year
/// of up to 4 digits is taken as written, so `01` is the year 1).
fn named_month_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let day = number(d, 2)?;
    let month = month_number(m)?;
    let year = i32::try_from(number(y, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// A month's three-letter English abbreviation (`Mar`), any case: the
/// parsers' month reader, held to exactly three letters as `%b` is.
fn month_number(name: &str) -> Option<u32> {
    if name.len() != 3 {
        return None;
    }
    month(name)
}

/// `2001-03-01` (chrono's `%Y-%m-%d`).
fn iso_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() {
        return None;
    }
    let year = i32::try_from(number(y, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(m, 2)?, number(d, 2)?)
}

/// `17:45:00` or `17:45` (chrono's `%H:%M:%S`, then `%H:%M`).
fn clock(s: &str) -> Option<NaiveTime> {
    let mut parts = s.split(':');
    let (h, m) = (number(parts.next()?, 2)?, number(parts.next()?, 2)?);
    let sec = match parts.next() {
        None => 0,
        Some(sec) => number(sec, 2)?,
    };
    if parts.next().is_some() {
        return None;
    }
    NaiveTime::from_hms_opt(h, m, sec)
}

fn parse_time(s: &str, meridiem: Option<&str>) -> Option<NaiveTime> {
    let t = clock(s)?;
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
        assert_eq!(
            listing_date("01-MAR-2001 5:07:09"),
            NaiveDate::from_ymd_opt(2001, 3, 1).and_then(|d| d.and_hms_opt(5, 7, 9))
        );
        assert_eq!(listing_date("1-March-2001"), None);
        assert_eq!(listing_date("1-Mar-01"), Some(at(1, 3, 1, 0, 0)));
        assert_eq!(listing_date("1-Mars-2001"), None);
        assert_eq!(listing_date("2001-03-01 17:45:00.5"), None);
    }

    /// The hand-written readers accept exactly what chrono's `parse_from_str`
    /// did with the formats they replace, on these shapes.
    #[test]
    fn reads_like_chrono_formats() {
        let dates = [
            "1-Mar-2001",
            "01-mar-2001",
            "1-MAR-01",
            "31-Dec-1999",
            "1-March-2001",
            "1-Mar-12345",
            "1-Mars-2001",
            "1-Ma-2001",
            "001-Mar-2001",
            "1-Mar-",
            "-Mar-2001",
            "2001-03-01",
            "2001-3-1",
            "2001-03-01-",
            "20011-03-01",
            "2001-003-01",
            "2001-13-01",
            "2001-02-30",
            "1-Jun-2001",
            "29-Feb-2000",
            "29-Feb-2001",
            "x-Mar-2001",
            "1-Sept-2001",
            "1-Sep-2001",
        ];
        for s in dates {
            let chrono = ["%d-%b-%Y", "%Y-%m-%d", "%d-%b-%y"]
                .iter()
                .find_map(|f| NaiveDate::parse_from_str(s, f).ok());
            assert_eq!(named_month_date(s).or_else(|| iso_date(s)), chrono, "{s}");
        }
        let times = [
            "17:45",
            "17:45:00",
            "7:5",
            "7:05:9",
            "24:00",
            "17:60",
            "17:45:00.5",
            "17:",
            ":45",
            "17:45:",
            "117:45",
        ];
        for s in times {
            let chrono = NaiveTime::parse_from_str(s, "%H:%M:%S")
                .or_else(|_| NaiveTime::parse_from_str(s, "%H:%M"))
                .ok();
            assert_eq!(clock(s), chrono, "{s}");
        }
    }
}
