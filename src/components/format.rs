//! Number, duration and time formatting for charts and tables: digit
//! grouping, compact axis labels, run times in hours and minutes, and dates
//! and times (cut from chrono's `Display` text, whose shape is fixed: its
//! `strftime` machinery costs the wasm far more than these few shapes).
//! Fractions go through `kbwiz_engine::tree::number`, which writes them as
//! `format!` does without linking core's float formatting.

use kbwiz_engine::tree::number::fixed;

/// `12345` -> `12,345`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A short axis label: `950`, `1.5k`, `12k`, `2.5M`, `3G`. Non-finite values
/// print as `-`.
pub fn compact(v: f64) -> String {
    if !v.is_finite() {
        return "-".to_string();
    }
    let (scaled, suffix) = match v.abs() {
        a if a >= 1e9 => (v / 1e9, "G"),
        a if a >= 1e6 => (v / 1e6, "M"),
        a if a >= 1e3 => (v / 1e3, "k"),
        _ => (v, ""),
    };
    let whole = (scaled - scaled.round()).abs() < 1e-9;
    let text = if whole || scaled.abs() >= 10.0 {
        fixed(scaled, 0)
    } else {
        let s = fixed(scaled, 1);
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    format!("{text}{suffix}")
}

/// Seconds as `40 h` or `40 h 15 min` (seconds below a minute dropped).
pub fn hours_minutes(secs: u64) -> String {
    let hours = secs / 3600;
    let minutes = secs % 3600 / 60;
    if minutes == 0 {
        format!("{hours} h")
    } else {
        format!("{hours} h {minutes} min")
    }
}

/// The first `len` characters of `t`'s text (all of it when shorter).
fn cut(t: impl std::fmt::Display, len: usize) -> String {
    let mut s = t.to_string();
    if s.is_char_boundary(len) {
        s.truncate(len);
    }
    s
}

/// A date: `2001-03-01`.
pub fn ymd(d: impl std::fmt::Display) -> String {
    cut(d, 10)
}

/// A time of day (chrono `NaiveTime`): `17:45`.
pub fn hm(t: impl std::fmt::Display) -> String {
    cut(t, 5)
}

/// A time of day (chrono `NaiveTime`): `17:45:00`, fractions of a second
/// dropped.
pub fn hms(t: impl std::fmt::Display) -> String {
    cut(t, 8)
}

/// A date and time (chrono `NaiveDateTime` or `DateTime<Utc>`):
/// `2001-03-01 17:45`.
pub fn ymd_hm(t: impl std::fmt::Display) -> String {
    cut(t, 16)
}

/// A date and time (chrono `NaiveDateTime` or `DateTime<Utc>`):
/// `2001-03-01 17:45:00`, fractions of a second dropped.
pub fn ymd_hms(t: impl std::fmt::Display) -> String {
    cut(t, 19)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_dates_and_times_to_shape() {
        assert_eq!(ymd("2001-03-01"), "2001-03-01");
        assert_eq!(hm("17:45:09.250"), "17:45");
        assert_eq!(hms("17:45:09.250"), "17:45:09");
        assert_eq!(ymd_hm("2001-03-01 17:45:09 UTC"), "2001-03-01 17:45");
        assert_eq!(
            ymd_hms("2001-03-01 17:45:09.250 UTC"),
            "2001-03-01 17:45:09"
        );
        assert_eq!(hms("9:05"), "9:05");
        assert_eq!(cut("ééé", 3), "ééé");
    }

    #[test]
    fn groups_digits() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(group(1_234_567), "1,234,567");
        assert_eq!(group(u64::MAX), "18,446,744,073,709,551,615");
    }

    #[test]
    fn compacts() {
        assert_eq!(compact(0.0), "0");
        assert_eq!(compact(950.0), "950");
        assert_eq!(compact(1500.0), "1.5k");
        assert_eq!(compact(12_000.0), "12k");
        assert_eq!(compact(2_500_000.0), "2.5M");
        assert_eq!(compact(f64::NAN), "-");
        assert_eq!(compact(0.5), "0.5");
    }

    #[test]
    fn formats_durations() {
        assert_eq!(hours_minutes(0), "0 h");
        assert_eq!(hours_minutes(3600 * 40), "40 h");
        assert_eq!(hours_minutes(3600 * 40 + 15 * 60 + 59), "40 h 15 min");
    }
}
