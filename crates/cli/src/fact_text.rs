//! The text lines `kbwiz scan` writes for facts: `  input:line: what the
//! fact says`, written byte by byte and reusing what the facts of a log
//! repeat, since a large log makes a million of them.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use kbwiz_engine::evidence::{Evidence, Fact, RegData, Severity, Shared};
use std::io::Write as _;

/// Writes facts as text lines, keeping what the facts of a log repeat from
/// one to the next (see [`Repeated`] and [`Times`]).
#[derive(Default)]
pub struct FactText {
    times: Times,
    prefix: Repeated<1>,
    origin: Repeated<3>,
}

impl FactText {
    /// `  input:line: what the fact says` and a line end. Bytes pushed one
    /// field at a time: `write!` goes through `core::fmt`'s padding and
    /// dispatch for every field, which on a log of a million facts cost more
    /// than reading them did.
    /// A `component_log` fact writes nothing: it says which logs were
    /// given (the input summary below the facts says that already), not
    /// what happened.
    pub fn line(&mut self, s: &mut Vec<u8>, e: &Evidence) {
        if matches!(e.fact, Fact::ComponentLog(_)) {
            return;
        }
        s.extend_from_slice(self.prefix.text([Some(&e.input)], |text| {
            text.extend_from_slice(b"  ");
            text.extend_from_slice(e.input.as_bytes());
            text.push(b':');
        }));
        push_number(s, e.line as u64);
        s.extend_from_slice(b": ");
        self.describe(s, e);
        s.push(b'\n');
    }
}

/// The text written for a few shared strings, kept with them: the facts of
/// a log name the same input, component, site and server on every line, and
/// writing them field by field was a tenth of the work of writing a fact's
/// line (see `docs/performance.md`). The strings
/// are compared by address, which is sound because the kept clones keep
/// that memory from being reused; equal text at another address (another
/// input's copy) is written anew, with the same result.
struct Repeated<const N: usize> {
    strings: [Option<Shared>; N],
    text: Vec<u8>,
    /// Nothing written yet: `strings` says nothing.
    empty: bool,
}

impl<const N: usize> Default for Repeated<N> {
    fn default() -> Self {
        Repeated {
            strings: std::array::from_fn(|_| None),
            text: Vec::new(),
            empty: true,
        }
    }
}

impl<const N: usize> Repeated<N> {
    /// The text `write` makes from `strings`: kept from the last call when
    /// the strings are the same ones.
    fn text(&mut self, strings: [Option<&Shared>; N], write: impl FnOnce(&mut Vec<u8>)) -> &[u8] {
        let same = |kept: &Option<Shared>, new: &Option<&Shared>| match (kept, new) {
            (Some(kept), Some(new)) => Shared::ptr_eq(kept, new),
            (None, None) => true,
            _ => false,
        };
        if self.empty || !self.strings.iter().zip(&strings).all(|(k, n)| same(k, n)) {
            self.strings = strings.map(|s| s.map(Shared::clone));
            self.text.clear();
            write(&mut self.text);
            self.empty = false;
        }
        &self.text
    }
}

/// `n` in decimal. Up to eight digits are gathered in one word, first digit
/// lowest, and written from it. Why not `itoa` alone: it writes digits two
/// at a time into a buffer that is then copied with wider loads, and a load
/// that spans several smaller stores still in flight waits for them to reach
/// the cache (a store-forwarding stall), which was about a quarter of the
/// time spent writing a fact's line. A load that lies within one store does
/// not wait.
fn push_number(s: &mut Vec<u8>, mut n: u64) {
    if n >= 100_000_000 {
        s.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
        return;
    }
    let (mut word, mut len) = (0u64, 0);
    loop {
        word = word << 8 | (u64::from(b'0') + n % 10);
        n /= 10;
        len += 1;
        if n == 0 {
            break;
        }
    }
    // All eight bytes, then cut to the digits: one store of a whole word,
    // where copying `len` bytes called `memcpy`.
    let end = s.len() + len;
    s.extend_from_slice(&word.to_le_bytes());
    s.truncate(end);
}

/// Writes times as `2004-06-07 23:23:16.472`, digit by digit (chrono's format
/// strings are parsed anew on every call), keeping the text of the last date:
/// the facts of a log follow each other within the same day.
#[derive(Default)]
struct Times {
    date: Option<(NaiveDate, Vec<u8>)>,
}

impl Times {
    fn write(&mut self, s: &mut Vec<u8>, t: NaiveDateTime) {
        let date = t.date();
        match &self.date {
            Some((last, text)) if *last == date => s.extend_from_slice(text),
            _ => {
                let mut text = Vec::with_capacity(11);
                match u32::try_from(date.year()) {
                    Ok(year) => {
                        push_digits(&mut text, year, 4);
                        for n in [date.month(), date.day()] {
                            text.push(b'-');
                            push_digits(&mut text, n, 2);
                        }
                    }
                    // chrono's form for the years before 1 BC.
                    Err(_) => {
                        let _ = write!(text, "{}", date.format("%Y-%m-%d"));
                    }
                }
                text.push(b' ');
                s.extend_from_slice(&text);
                self.date = Some((date, text));
            }
        }
        let (hms, fraction) = time_text(t.num_seconds_from_midnight(), t.nanosecond());
        s.extend_from_slice(&hms);
        s.extend_from_slice(&fraction);
    }
}

/// `HH:MM:SS.mmm` for a time of day given as seconds from midnight and
/// nanoseconds, as two words of text, first byte lowest (built in
/// registers, not byte by byte in memory: see [`push_number`] for the
/// stall that avoids). chrono keeps a leap second as second 59 with
/// nanoseconds past 999,999,999 and writes it as second 60; so does this.
fn time_text(seconds: u32, nanos: u32) -> ([u8; 8], [u8; 4]) {
    // Two digits of `n` (below 100), as a 16-bit word, tens lowest.
    let two =
        |n: u32| u64::from((u32::from(b'0') + n / 10 % 10) | ((u32::from(b'0') + n % 10) << 8));
    let leap = u32::from(nanos >= 1_000_000_000);
    let colon = u64::from(b':');
    let hms = two(seconds / 3600)
        | colon << 16
        | two(seconds / 60 % 60) << 24
        | colon << 40
        | two(seconds % 60 + leap) << 48;
    let ms = nanos / 1_000_000 % 1000;
    let fraction =
        u32::from(b'.') | ((u32::from(b'0') + ms / 100) << 8) | ((two(ms % 100) as u32) << 16);
    (hms.to_le_bytes(), fraction.to_le_bytes())
}

/// `n` zero-padded to at least `width` (at most 10) digits.
fn push_digits(s: &mut Vec<u8>, mut n: u32, width: usize) {
    let mut buf = [b'0'; 10];
    let mut at = buf.len();
    loop {
        at -= 1;
        buf[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let start = at.min(buf.len().saturating_sub(width));
    s.extend_from_slice(&buf[start..]);
}

fn severity(sev: Option<Severity>) -> &'static str {
    match sev {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "info",
        None => "-",
    }
}

impl FactText {
    /// What the fact says, appended to `s`.
    fn describe(&mut self, s: &mut Vec<u8>, e: &Evidence) {
        match &e.fact {
            Fact::StatusMessage(m) => {
                s.extend_from_slice(b"status message ");
                push_number(s, u64::from(m.id));
                s.extend_from_slice(b" (");
                s.extend_from_slice(severity(m.severity).as_bytes());
                s.push(b')');
                let origin = [&m.component, &m.site, &m.system];
                s.extend_from_slice(self.origin.text(origin.map(Option::as_ref), |text| {
                    labelled(text, [" component ", " site ", " system "], origin);
                }));
                labelled(
                    s,
                    [" package ", " child site "],
                    [&m.package_id, &m.child_site],
                );
                if let Some(utc) = m.time.utc {
                    s.extend_from_slice(b" at ");
                    self.times.write(s, utc.naive_utc());
                    s.extend_from_slice(b" UTC");
                } else if let Some(local) = m.time.local {
                    s.extend_from_slice(b" at ");
                    self.times.write(s, local);
                    s.extend_from_slice(b" local");
                }
                if let Some(d) = &m.description {
                    let _ = write!(s, ": {d}");
                }
            }
            Fact::RegistryKey(k) => {
                let _ = write!(
                    s,
                    "registry key {}{} ({} values)",
                    if k.deleted { "-" } else { "" },
                    k.path,
                    k.values.len()
                );
                for v in &k.values {
                    let name = if v.name.is_empty() {
                        "@"
                    } else {
                        v.name.as_str()
                    };
                    let data = match &v.data {
                        RegData::String(t) | RegData::ExpandString(t) => format!("{t:?}"),
                        RegData::Dword(d) => format!("dword {d}"),
                        RegData::MultiString(list) => format!("{list:?}"),
                        RegData::Binary { kind, bytes } => {
                            format!("hex({kind:x}) {} bytes", bytes.len())
                        }
                        RegData::Delete => "deleted".to_owned(),
                    };
                    let _ = write!(s, "; {name}={data}");
                }
            }
            Fact::FileVersion(f) => {
                let version = if f.version.is_empty() {
                    "(no version shown)"
                } else {
                    &f.version
                };
                let _ = write!(s, "file {} {}", f.file, version);
                if let Some(p) = &f.platform {
                    let _ = write!(s, " {p}");
                }
                if let Some(size) = f.size {
                    let _ = write!(s, " {size} bytes");
                }
                if let Some(d) = &f.date {
                    let _ = write!(s, " {d}");
                }
            }
            Fact::ScheduleBacklog(b) => {
                let _ = write!(s, "{} job files in {}", b.count, b.folder);
            }
            Fact::LogLine(l) => {
                let _ = write!(s, "log line {} of {}", l.log_line, l.article);
                for c in &l.captures {
                    let _ = write!(s, " {}={}", c.name, c.value);
                }
            }
            Fact::ComponentLog(c) => {
                let _ = write!(s, "{} entries of {}", c.entries, c.component);
            }
            Fact::SqlResult(r) => {
                let names: Vec<&str> = r.columns.iter().map(|c| &**c).collect();
                let _ = write!(s, "SQL result, columns {}", names.join(", "));
            }
            Fact::SqlRow(r) => {
                let _ = write!(s, "SQL row of the result at line {}:", r.header_line);
                for c in &r.cells {
                    let _ = write!(s, " {}={}", c.column, c.value.as_deref().unwrap_or("NULL"));
                }
            }
        }
    }
}

/// ` label value` for each value that is there.
fn labelled<const N: usize>(s: &mut Vec<u8>, labels: [&str; N], values: [&Option<Shared>; N]) {
    for (label, value) in labels.into_iter().zip(values) {
        if let Some(v) = value {
            s.extend_from_slice(label.as_bytes());
            s.extend_from_slice(v.as_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kbwiz_engine::evidence::StatusMessage;

    /// The times of day written digit by digit read as chrono writes them,
    /// leap second included.
    #[test]
    fn times_are_written_as_chrono_writes_them() {
        let day = NaiveDate::from_ymd_opt(2004, 6, 7).expect("date");
        let mut times = Times::default();
        for (h, m, sec, nanos) in [
            (0, 0, 0, 0),
            (23, 59, 59, 999_999_999),
            (9, 5, 7, 1_000_000),
            (12, 30, 45, 472_000_000),
            (16, 0, 1, 99_999_999),
            (23, 59, 59, 1_500_000_000),
        ] {
            let t = day.and_hms_nano_opt(h, m, sec, nanos).expect("time of day");
            let mut ours = Vec::new();
            times.write(&mut ours, t);
            let chrono = t.format("%Y-%m-%d %H:%M:%S%.3f").to_string();
            assert_eq!(String::from_utf8(ours).expect("ASCII"), chrono);
        }
    }

    /// Numbers are written as `format!` writes them, at every digit count
    /// and on both sides of the eight-digit word.
    #[test]
    fn numbers_are_written_in_decimal() {
        let mut values = vec![
            0,
            1,
            9,
            10,
            99,
            100,
            2328,
            65_535,
            99_999_999,
            100_000_000,
            u64::MAX,
        ];
        values.extend((0..64).map(|shift| (1u64 << shift) - 1));
        values.extend((1..20).map(|digits| 10u64.pow(digits) - 1));
        values.extend((1..20).map(|digits| 10u64.pow(digits)));
        for n in values {
            let mut s = b"x".to_vec();
            push_number(&mut s, n);
            assert_eq!(String::from_utf8(s).expect("ASCII"), format!("x{n}"));
        }
    }

    /// The kept text is written on first use, and again whenever a string
    /// is another one (another copy of equal text included) or goes missing.
    #[test]
    fn repeated_text_is_written_when_its_strings_change() {
        let mut kept = Repeated::<1>::default();
        assert_eq!(kept.text([None], |t| t.push(b'x')), b"x");
        assert_eq!(kept.text([None], |_| panic!("kept")), b"x");
        let (a, copy): (Shared, Shared) = ("a".into(), "a".into());
        assert_eq!(kept.text([Some(&a)], |t| t.push(b'a')), b"a");
        assert_eq!(kept.text([Some(&a)], |_| panic!("kept")), b"a");
        assert_eq!(kept.text([Some(&copy)], |t| t.push(b'c')), b"c");
        assert_eq!(kept.text([None], |t| t.push(b'n')), b"n");
    }

    /// A status message from the one component all of these tests share.
    fn status(input: &Shared, site: Option<&Shared>, child: Option<&str>) -> Evidence {
        thread_local! {
            static COMPONENT: Shared = "SMS_DISTRIBUTION_MANAGER".into();
        }
        Evidence {
            input: Shared::clone(input),
            line: 7,
            text: String::new(),
            fact: Fact::StatusMessage(StatusMessage {
                id: 2339,
                component: Some(COMPONENT.with(Shared::clone)),
                site: site.map(Shared::clone),
                child_site: child.map(Shared::from),
                ..StatusMessage::default()
            }),
        }
    }

    /// Facts written one after another read as each written alone, whether
    /// their input, component, site and server are the same strings as the
    /// last fact's, equal strings elsewhere, or missing.
    #[test]
    fn repeated_fields_read_as_fresh_ones() {
        let (a, b): (Shared, Shared) = ("a.log".into(), "b.log".into());
        let (cen, other_cen, pr1): (Shared, Shared, Shared) =
            ("CEN".into(), "CEN".into(), "PR1".into());
        let facts = [
            status(&a, Some(&cen), None),
            status(&a, Some(&cen), Some("S02")),
            status(&a, Some(&other_cen), None),
            status(&a, Some(&pr1), None),
            status(&a, None, None),
            status(&b, None, None),
            status(&b, Some(&pr1), Some("S03")),
            status(&a, Some(&pr1), None),
        ];
        let mut carried = FactText::default();
        let mut written = Vec::new();
        for e in &facts {
            let (mut ours, mut fresh) = (Vec::new(), Vec::new());
            carried.line(&mut ours, e);
            FactText::default().line(&mut fresh, e);
            assert_eq!(ours, fresh);
            written.push(String::from_utf8(ours).expect("UTF-8"));
        }
        assert_eq!(
            written[3],
            "  a.log:7: status message 2339 (-) component SMS_DISTRIBUTION_MANAGER site PR1\n"
        );
        assert_eq!(
            written[5],
            "  b.log:7: status message 2339 (-) component SMS_DISTRIBUTION_MANAGER\n"
        );
        assert_eq!(written[6], "  b.log:7: status message 2339 (-) component SMS_DISTRIBUTION_MANAGER site PR1 child site S03\n");
    }
}
