//! Date and time fragments as SMS logs, CMTrace and the Status Message Viewer
//! write them, parsed by hand (no allocation, no panics) into a [`Stamp`].

use super::zones;
use crate::evidence::{Shared, Stamp};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// Month number (1-12) from an English month name or its 3-letter abbreviation.
pub fn month(name: &str) -> Option<u32> {
    const NAMES: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let prefix = name.get(..3)?;
    let index = NAMES.iter().position(|m| m.eq_ignore_ascii_case(prefix))?;
    u32::try_from(index + 1).ok()
}

/// A decimal number of 1 to `max_digits` ASCII digits.
pub fn number(s: &str, max_digits: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max_digits {
        return None;
    }
    // By hand: `str::parse` is general (signs, radix checks) and shows in
    // profiles, four calls per log line.
    let mut n: u64 = 0;
    // Nineteen digits or fewer cannot overflow a u64, so the arithmetic
    // needs no checks (every caller allows ten at most).
    let checked = s.len() > 19;
    for b in s.bytes() {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = if checked {
            n.checked_mul(10)?.checked_add(u64::from(digit))?
        } else {
            n * 10 + u64::from(digit)
        };
    }
    u32::try_from(n).ok()
}

/// What a fraction of a second with `n` digits is multiplied by to give
/// nanoseconds (index `n`, 0 to 9).
const FRACTION_SCALE: [u32; 10] = [
    1_000_000_000,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

/// `H:MM:SS` with an optional `.fraction` of 1 to 9 digits (CMTrace writes up to 7).
pub fn time_of_day(s: &str) -> Option<NaiveTime> {
    match padded_time(s.as_bytes()) {
        Some(time) => time,
        None => any_time_of_day(s),
    }
}

/// [`time_of_day`] for every form: unpadded fields, any fraction. Kept out
/// of line: inlined, it made every call of the padded reading save and
/// restore registers it does not use.
#[cold]
#[inline(never)]
pub(crate) fn any_time_of_day(s: &str) -> Option<NaiveTime> {
    // Plain byte loops: the text is a dozen bytes, too short for memchr's
    // set-up to pay. Every delimiter is ASCII, so the splits are char boundaries.
    let find = |s: &str, delimiter: u8| s.bytes().position(|b| b == delimiter);
    let (hms, fraction) = match find(s, b'.') {
        Some(at) => (&s[..at], Some(&s[at + 1..])),
        None => (s, None),
    };
    let colon = |s: &str| find(s, b':');
    let first = colon(hms)?;
    let hour = number(&hms[..first], 2)?;
    let rest = &hms[first + 1..];
    let second_colon = colon(rest)?;
    let minute = number(&rest[..second_colon], 2)?;
    // A third colon makes `second` fail to parse as a number.
    let second = number(&rest[second_colon + 1..], 2)?;
    let nanos = match fraction {
        None => 0,
        Some(f) => {
            // `number` has checked that the fraction has 1 to 9 digits.
            let digits = number(f, 9)?;
            digits.checked_mul(*FRACTION_SCALE.get(f.len())?)?
        }
    };
    NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)
}

/// The form nearly every log line writes, `HH:MM:SS` with two-digit fields and
/// an optional `.fraction` of 1 to 9 digits, read with no searching:
/// `Some(result)` for that form (the result [`time_of_day`]'s general reading
/// gives it), `None` for any other form, which the general reading takes.
fn padded_time(bytes: &[u8]) -> Option<Option<NaiveTime>> {
    // `HH:MM:SS` as one word, byte 0 lowest: colons at bytes 2 and 5, digits
    // at the other six, checked and read without a loop.
    const COLON_MASK: u64 = 0x0000_FF00_00FF_0000;
    const COLONS: u64 = 0x0000_3A00_003A_0000;
    const HIGH_NIBBLES: u64 = 0xF0F0_00F0_F000_F0F0;
    const ZEROS: u64 = 0x3030_0030_3000_3030;
    const SIXES: u64 = 0x0606_0006_0600_0606;
    let word = u64::from_le_bytes(*bytes.first_chunk::<8>()?);
    if word & COLON_MASK != COLONS {
        return None;
    }
    let digits = word & !COLON_MASK;
    // A digit byte is 0x30 to 0x39: its high nibble is 3, and adding 6 keeps
    // it so (0x3A to 0x3F become 0x40 to 0x45). No byte carries into the next.
    if digits & HIGH_NIBBLES != ZEROS || (digits + SIXES) & HIGH_NIBBLES != ZEROS {
        return None;
    }
    let two = |at: u32| {
        let pair = (digits >> (8 * at)) as u32;
        (pair & 0x0F) * 10 + (pair >> 8 & 0x0F)
    };
    let (hour, minute, second) = (two(0), two(3), two(6));
    let nanos = match bytes.len() {
        8 => 0,
        // `HH:MM:SS.` and 1 to 9 digits.
        10..=18 if bytes[8] == b'.' => {
            let mut n = 0u32;
            for &c in &bytes[9..] {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    return None;
                }
                n = n * 10 + u32::from(d);
            }
            n * FRACTION_SCALE[bytes.len() - 9]
        }
        _ => return None,
    };
    Some(NaiveTime::from_hms_nano_opt(hour, minute, second, nanos))
}

/// A stamp from a local time and an optional Windows bias (UTC = local + bias).
pub fn stamp(local: NaiveDateTime, bias: Option<i32>, zone: Option<Shared>) -> Stamp {
    let utc = bias.and_then(|b| add_minutes(local, b));
    Stamp {
        local: Some(local),
        utc: utc.map(|u| u.and_utc()),
        bias_minutes: bias,
        zone,
    }
}

/// `local` moved by `minutes`, as chrono's `checked_add_signed` moves it.
/// Nearly always the time stays within its day (a bias is a few hours) and
/// is not a leap second: then only the time of day changes, with no call
/// into chrono's general addition, which is slow on every line
/// (`docs/performance.md`). Anything else takes that addition (a test
/// compares the two over days of times; the reference reading,
/// [`reference_stamp`], always takes it).
fn add_minutes(local: NaiveDateTime, minutes: i32) -> Option<NaiveDateTime> {
    let nanos = local.nanosecond();
    if nanos < 1_000_000_000 {
        let seconds = i64::from(local.num_seconds_from_midnight()) + i64::from(minutes) * 60;
        if let Ok(seconds @ 0..86_400) = u32::try_from(seconds) {
            let time = NaiveTime::from_num_seconds_from_midnight_opt(seconds, nanos)?;
            return Some(local.date().and_time(time));
        }
    }
    local.checked_add_signed(Duration::minutes(i64::from(minutes)))
}

/// The SMS 1.x / 2.0 date block: `Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time`,
/// `Wed Nov 06 08:49:37 1996~`, day and hour possibly unpadded, the day name and
/// the zone possibly missing. Returns the local time and the zone text (if any).
/// The scanner reads dates through a date memo (`parse::cache`); this is
/// what it must agree with.
pub fn sms_date(s: &str) -> Option<(NaiveDateTime, Option<&str>)> {
    let parts = sms_date_parts(s, any_time_of_day)?;
    let zone = parts.zone.map(|(from, to)| &s[from..to]);
    Some((parts.date.and_time(parts.time), zone))
}

/// What [`sms_date`] read, with the byte ranges of the time word and the zone.
pub(crate) struct SmsDateParts {
    pub date: NaiveDate,
    pub time: NaiveTime,
    pub time_word: (usize, usize),
    pub zone: Option<(usize, usize)>,
}

/// Where `part`, a subslice of `whole`, starts in it.
pub(crate) fn offset_in(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

/// The parts of an SMS date block, its time word read by `read_time`
/// ([`time_of_day`], or [`any_time_of_day`] for the reference reading).
pub(crate) fn sms_date_parts(
    s: &str,
    read_time: fn(&str) -> Option<NaiveTime>,
) -> Option<SmsDateParts> {
    let (mut first, mut rest) = next_word(s)?;
    if month(first).is_none() {
        (first, rest) = next_word(rest)?; // a day name came first
    }
    let month = month(first)?;
    let (day, rest) = next_word(rest)?;
    let (time_word, rest) = next_word(rest)?;
    let (year, rest) = next_word(rest)?;
    let day = number(day, 2)?;
    let time = read_time(time_word)?;
    let year = number(year.trim_end_matches('~'), 4)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    // Whatever follows the year is the zone's display name.
    let zone = rest.trim().trim_end_matches('~').trim();
    let start = offset_in(s, time_word);
    Some(SmsDateParts {
        date,
        time,
        time_word: (start, start + time_word.len()),
        zone: (!zone.is_empty()).then(|| {
            let from = offset_in(s, zone);
            (from, from + zone.len())
        }),
    })
}

/// The first whitespace-separated word of `s` and what follows it.
fn next_word(s: &str) -> Option<(&str, &str)> {
    let s = s.trim_start();
    if s.is_empty() {
        return None;
    }
    // A byte search: ASCII white space is never part of a multi-byte char.
    let end = s
        .bytes()
        .position(|b| b.is_ascii_whitespace())
        .unwrap_or(s.len());
    Some(s.split_at(end))
}

/// A bias suffix `+420` / `-060` split from a time: (time, bias).
fn split_bias(s: &str) -> (&str, Option<i32>) {
    match s.rfind(['+', '-']) {
        Some(at) => {
            let (time, bias) = s.split_at(at);
            let sign = if bias.starts_with('-') { -1 } else { 1 };
            let minutes = bias.get(1..).and_then(|b| number(b, 4));
            match minutes.and_then(|m| i32::try_from(m).ok()) {
                Some(m) => (time, Some(sign * m)),
                None => (s, None),
            }
        }
        None => (s, None),
    }
}

/// `M-D-YYYY` or `M/D/YYYY` (month first, as CMTrace and ConfigMgr write it).
pub fn mdy(s: &str) -> Option<NaiveDate> {
    let mut parts = s.split(['-', '/']);
    let month = number(parts.next()?, 2)?;
    let day = number(parts.next()?, 2)?;
    let year = number(parts.next()?, 4)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
}

/// The ConfigMgr-era trailer date `08-22-2016 04:15:01.917+420`.
pub fn numeric_stamp(s: &str) -> Option<Stamp> {
    let (local, bias) = numeric_parts(s, time_of_day)?;
    Some(stamp(local, bias, None))
}

/// [`numeric_stamp`]'s local time and bias, the time read by `read_time`.
fn numeric_parts(
    s: &str,
    read_time: fn(&str) -> Option<NaiveTime>,
) -> Option<(NaiveDateTime, Option<i32>)> {
    let (date, time) = s.trim().split_once(' ')?;
    let date = mdy(date)?;
    let (time, bias) = split_bias(time.trim());
    Some((date.and_time(read_time(time)?), bias))
}

/// A trailer's date block (any of the three generations) as a [`Stamp`],
/// UTC worked out from the zone name when known; read with no shortcut: the
/// general time-of-day reading, chrono's addition for the bias. The
/// scanner's reference mode reads trailers so, and its fast mode (the date
/// and zone memos of `parse::cache`) must read them alike.
#[cold]
pub(crate) fn reference_sms_stamp(s: &str) -> Option<Stamp> {
    let numeric = super::trim::start(s).starts_with(|c: char| c.is_ascii_digit());
    if let Some((local, bias)) = numeric.then(|| numeric_parts(s, any_time_of_day)).flatten() {
        return Some(reference_stamp(local, bias, None));
    }
    let (local, zone) = sms_date(s)?;
    Some(match zone {
        Some(name) => reference_stamp(local, zones::bias_of(name), Some(Shared::from(name))),
        None => reference_stamp(local, None, None),
    })
}

/// [`stamp`] with chrono's general addition for the bias.
pub(crate) fn reference_stamp(
    local: NaiveDateTime,
    bias: Option<i32>,
    zone: Option<Shared>,
) -> Stamp {
    let utc = bias.and_then(|b| local.checked_add_signed(Duration::minutes(i64::from(b))));
    Stamp {
        local: Some(local),
        utc: utc.map(|u| u.and_utc()),
        bias_minutes: bias,
        zone,
    }
}

/// CMTrace's `time="10:22:50.8422964+480" date="1-2-2015"` pair.
pub fn cmtrace_stamp(time: &str, date: &str) -> Option<Stamp> {
    let date = mdy(date.trim())?;
    let (time, bias) = split_bias(time.trim());
    let time = time_of_day(time)?;
    Some(stamp(date.and_time(time), bias, None))
}

/// A date and time as the Status Message Viewer or CMTrace's copy shows it, in
/// the admin's regional format: `10/9/2018 3:36:30 PM`, `2004-06-07 23:23:16`,
/// `07.06.2004 23:23:16`, `25/12/2004 08:00:00`. Slash dates are read month
/// first unless the first number cannot be a month. Local time only.
pub fn locale_datetime(s: &str) -> Option<NaiveDateTime> {
    let mut words = s.split_ascii_whitespace();
    let date = words.next()?;
    let time = words.next()?;
    let meridiem = words.next();
    let mut time = time_of_day(time).or_else(|| {
        // `23:23` without seconds.
        let (h, m) = time.split_once(':')?;
        NaiveTime::from_hms_opt(number(h, 2)?, number(m, 2)?, 0)
    })?;
    let hour = time.hour();
    match meridiem {
        Some(m) if m.eq_ignore_ascii_case("PM") && hour < 12 => {
            time = time.overflowing_add_signed(Duration::hours(12)).0;
        }
        Some(m) if m.eq_ignore_ascii_case("AM") && hour == 12 => {
            time = time.overflowing_sub_signed(Duration::hours(12)).0;
        }
        _ => {}
    }
    let nums: Vec<&str> = date.split(['/', '-', '.']).collect();
    if nums.len() != 3 {
        return None;
    }
    let date = if nums[0].len() == 4 {
        let y = number(nums[0], 4)?;
        NaiveDate::from_ymd_opt(
            i32::try_from(y).ok()?,
            number(nums[1], 2)?,
            number(nums[2], 2)?,
        )?
    } else {
        let first = number(nums[0], 2)?;
        let second = number(nums[1], 2)?;
        let year = number(nums[2], 4)?;
        let year = if nums[2].len() == 2 {
            year + 2000 - if year >= 70 { 100 } else { 0 }
        } else {
            year
        };
        let year = i32::try_from(year).ok()?;
        let day_first = date.contains('.') || first > 12;
        if day_first {
            NaiveDate::from_ymd_opt(year, second, first)?
        } else {
            NaiveDate::from_ymd_opt(year, first, second)?
        }
    };
    Some(date.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padded_time_reads_as_the_general_reading_does() {
        let forms = [
            "16:00:00.000",
            "23:59:59.999",
            "00:00:00",
            "09:05:07.1",
            "10:22:50.8422964",
            "10:22:50.123456789",
            "10:22:50.1234567890",
            "24:00:00.000",
            "12:60:00",
            "12:00:61",
            "1:02:03",
            "01:02:03.",
            "01:02:03.x",
            "01:02:0x",
            "0a:00:00",
            "01:02:03.12a",
            "01-02-03",
            "01:02:03 ",
            "",
            "1",
            "12:34",
            "12:34:56:78",
        ];
        for s in forms {
            assert_eq!(time_of_day(s), any_time_of_day(s), "{s:?}");
        }
        // Every ASCII byte and a few others in every place of a padded time.
        let base: Vec<char> = "12:34:56.789".chars().collect();
        let others = ['\u{e9}', '\u{a0}', '\u{fffd}', '\u{663}'];
        for place in 0..base.len() {
            for c in (0u8..128).map(char::from).chain(others) {
                let mut chars = base.clone();
                chars[place] = c;
                let s: String = chars.into_iter().collect();
                assert_eq!(time_of_day(&s), any_time_of_day(&s), "{s:?}");
            }
        }
        assert!(padded_time(b"16:00:00.000").is_some());
        assert!(padded_time(b"1:02:03").is_none());
        assert_eq!(
            time_of_day("10:22:50.8422964"),
            NaiveTime::from_hms_nano_opt(10, 22, 50, 842_296_400)
        );
    }

    /// Moving a time by a bias within its day is chrono's addition: every
    /// minute of a day and leap seconds, biases of up to two days either way
    /// and a few that leave the range of dates.
    #[test]
    fn biases_move_times_as_chrono_does() {
        let days = [
            NaiveDate::from_ymd_opt(2004, 6, 7),
            NaiveDate::from_ymd_opt(1999, 12, 31),
            NaiveDate::MIN.succ_opt(),
            NaiveDate::MAX.pred_opt(),
        ];
        let biases = (-2880..=2880)
            .step_by(7)
            .chain([-1440, 1440, -1, 0, 1, i32::MIN, i32::MAX]);
        let biases: Vec<i32> = biases.collect();
        for day in days.into_iter().flatten() {
            for minute in (0..1440).step_by(11).chain([1439]) {
                for (second, nanos) in [(0, 0), (59, 999_999_999), (59, 1_500_000_000), (30, 123)] {
                    let Some(time) =
                        NaiveTime::from_hms_nano_opt(minute / 60, minute % 60, second, nanos)
                    else {
                        continue;
                    };
                    let t = day.and_time(time);
                    for &b in &biases {
                        let chrono = t.checked_add_signed(Duration::minutes(i64::from(b)));
                        assert_eq!(add_minutes(t, b), chrono, "{t} {b}");
                    }
                }
            }
        }
    }

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, mo, d)
            .and_then(|d| d.and_hms_milli_opt(h, mi, s, ms))
            .expect("valid test date")
    }

    #[test]
    fn sms_two_date_with_zone() {
        let s = reference_sms_stamp("Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time")
            .expect("parses");
        assert_eq!(s.local, Some(at(1999, 10, 15, 17, 9, 46, 677)));
        assert_eq!(s.bias_minutes, Some(420));
        assert_eq!(s.utc, Some(at(1999, 10, 16, 0, 9, 46, 677).and_utc()));
        assert_eq!(s.zone.as_deref(), Some("Pacific Daylight Time"));
    }

    #[test]
    fn sms_unpadded_and_zoneless() {
        let s = reference_sms_stamp("Sun Jul 4 9:46:43.146 2004").expect("parses");
        assert_eq!(s.local, Some(at(2004, 7, 4, 9, 46, 43, 146)));
        assert_eq!(s.utc, None);
        assert_eq!(s.zone, None);
    }

    #[test]
    fn sms_one_date_with_tilde() {
        let s = reference_sms_stamp("Wed Nov 06 08:49:37 1996~").expect("parses");
        assert_eq!(s.local, Some(at(1996, 11, 6, 8, 49, 37, 0)));
        assert_eq!(s.zone, None);
    }

    #[test]
    fn numeric_trailer_uses_windows_sign() {
        let s = reference_sms_stamp("08-22-2016 04:15:01.917+420").expect("parses");
        assert_eq!(s.utc, Some(at(2016, 8, 22, 11, 15, 1, 917).and_utc()));
        let s = numeric_stamp("08-22-2016 04:15:01.917-060").expect("parses");
        assert_eq!(s.utc, Some(at(2016, 8, 22, 3, 15, 1, 917).and_utc()));
    }

    #[test]
    fn cmtrace_seven_digit_fraction() {
        let s = cmtrace_stamp("10:22:50.8422964+480", "1-2-2015").expect("parses");
        let local = s.local.expect("local");
        assert_eq!(local.to_string(), "2015-01-02 10:22:50.842296400");
        assert_eq!(s.bias_minutes, Some(480));
        assert!(cmtrace_stamp("10:22:50.842", "13-2-2015").is_none());
    }

    #[test]
    fn locale_forms() {
        assert_eq!(
            locale_datetime("10/9/2018 3:36:30 PM"),
            Some(at(2018, 10, 9, 15, 36, 30, 0))
        );
        assert_eq!(
            locale_datetime("10/9/2018 12:06:30 AM"),
            Some(at(2018, 10, 9, 0, 6, 30, 0))
        );
        assert_eq!(
            locale_datetime("25/12/2004 08:00:00"),
            Some(at(2004, 12, 25, 8, 0, 0, 0))
        );
        assert_eq!(
            locale_datetime("07.06.2004 23:23:16"),
            Some(at(2004, 6, 7, 23, 23, 16, 0))
        );
        assert_eq!(
            locale_datetime("2004-06-07 23:23"),
            Some(at(2004, 6, 7, 23, 23, 0, 0))
        );
        assert_eq!(locale_datetime("junk"), None);
    }

    #[test]
    fn rejects_out_of_range() {
        assert!(reference_sms_stamp("Fri Oct 35 17:09:46.677 1999").is_none());
        assert!(time_of_day("25:00:00").is_none());
        assert!(time_of_day("1:00:00.1234567890").is_none());
        assert!(reference_sms_stamp("Fri Oct 15 17:09:46.677 99999").is_none());
    }
}
