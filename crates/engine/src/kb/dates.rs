//! Dates and times in KB files (`2002-08-27`, `17:25:00`), read without
//! chrono's general format parser: the browser reads KB files too, and that
//! parser cost its wasm 4 KB gzip for two fixed layouts.

use chrono::{NaiveDate, NaiveTime};
use serde::{de::Error, Deserialize, Deserializer};

/// `YYYY-MM-DD`.
pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let text = String::deserialize(d)?;
    parse_date(&text).ok_or_else(|| D::Error::custom(format!("not a date (YYYY-MM-DD): {text:?}")))
}

/// `HH:MM:SS` or `HH:MM`.
pub fn time<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    let text = String::deserialize(d)?;
    parse_time(&text).ok_or_else(|| D::Error::custom(format!("not a time (HH:MM:SS): {text:?}")))
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    NaiveDate::from_ymd_opt(number(y)? as i32, number(m)?, number(d)?)
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let mut parts = text.split(':');
    let (h, m) = (parts.next()?, parts.next()?);
    let s = parts.next().unwrap_or("00");
    if parts.next().is_some() || [h, m, s].iter().any(|p| p.len() != 2) {
        return None;
    }
    NaiveTime::from_hms_opt(number(h)?, number(m)?, number(s)?)
}

fn number(digits: &str) -> Option<u32> {
    if digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_chrono_writes() {
        let d = NaiveDate::from_ymd_opt(2002, 8, 27).expect("date");
        assert_eq!(parse_date(&d.to_string()), Some(d));
        let t = NaiveTime::from_hms_opt(17, 25, 0).expect("time");
        assert_eq!(parse_time(&t.to_string()), Some(t));
        assert_eq!(parse_time("17:25"), Some(t));
        for bad in [
            "2002-02-30",
            "2002-8-27",
            "02-08-27",
            "2002-08-27-1",
            "",
            "2002-08-2x",
            "+002-08-27",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        for bad in ["24:00:00", "7:25", "17:25:00:00", "17:2a"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}
