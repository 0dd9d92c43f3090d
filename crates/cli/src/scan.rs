//! `kbwiz scan [--json] FILE...`: read each input (`-` is standard input),
//! print its detected format, entry count and problems, then the evidence.

use crate::input;
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use kbwiz_engine::evidence::{enrich, Evidence, Fact, InputReport, RegData, Severity};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse;
use std::fmt::Write as _;
use std::io::Write;

/// Arguments of `kbwiz scan`.
#[derive(clap::Args)]
pub struct Args {
    /// Print `{"inputs":[...],"evidence":[...]}` instead of text.
    #[arg(long)]
    pub json: bool,
    /// Files to read; `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
}

pub fn run(args: Args) -> Result<(), Box<dyn std::error::Error>> {
    let inputs = input::read_all(&args.files)?;
    let inputs = input::as_refs(&inputs);
    crate::output::stream(|out| {
        if args.json {
            let (head, body) = render_json(&inputs);
            out.write_all(&head)?;
            out.write_all(&body)
        } else {
            write_human(out, &inputs)
        }
    })
}

/// The text report, written as the inputs are read: under `evidence:`, one
/// line per fact, each batch written as soon as it is rendered; then one line
/// per input with its format, entry count and problems.
///
/// The input summaries come last because each is complete only once its
/// input has been read through (decision). Writing the facts at once keeps
/// memory flat whatever the size of the log, lets `kbwiz scan big.log | head`
/// show its first lines before the log is read through, and leaves the
/// summary where a terminal shows it, at the bottom. Holding the facts back
/// to print the summary first cost a tenth of a scan's time in page faults
/// alone on a 100 MiB log (a 30 MB report held in memory).
///
/// A write that fails (a closed pipe) ends the report: the input being read
/// is read to its end, unwritten, and no further input is read.
fn write_human(out: &mut dyn Write, inputs: &[(&str, &[u8])]) -> std::io::Result<()> {
    let kb = Kb::embedded();
    let mut lines = Vec::new();
    let mut times = Times::default();
    let mut facts = 0usize;
    let mut reports = Vec::with_capacity(inputs.len());
    for (name, bytes) in inputs {
        let mut written = Ok(());
        reports.push(parse::stream_input(name, bytes, |batch| {
            if written.is_err() {
                return;
            }
            enrich(batch, kb);
            lines.clear();
            if facts == 0 {
                lines.extend_from_slice(b"evidence:\n");
            }
            for e in batch.iter() {
                fact_line(&mut lines, e, &mut times);
            }
            facts += batch.len();
            written = out.write_all(&lines);
        }));
        written?;
    }
    let mut s = String::new();
    if facts > 0 {
        s.push('\n');
    }
    for input in &reports {
        report(&mut s, input);
    }
    out.write_all(s.as_bytes())
}

/// The JSON report on `inputs`, as the head (what comes before the evidence)
/// and the body (the evidence and what closes the report).
///
/// The body is rendered into memory as each input is read: the scan's facts
/// are enriched, rendered and dropped a batch at a time, so memory grows with
/// the report, not with the facts behind it. The head comes first in the
/// output (the order the JSON shape gives: `inputs`, then `evidence`) but is
/// complete only at the end, so nothing is written before.
fn render_json(inputs: &[(&str, &[u8])]) -> (Vec<u8>, Vec<u8>) {
    let kb = Kb::embedded();
    let mut body = Vec::new();
    let mut facts = 0usize;
    let mut scratch = Vec::new();
    let mut reports = Vec::with_capacity(inputs.len());
    for (name, bytes) in inputs {
        reports.push(parse::stream_input(name, bytes, |batch| {
            enrich(batch, kb);
            for e in batch.iter() {
                let written = json_fact(&mut body, &mut scratch, e, facts == 0);
                facts += usize::from(written);
            }
        }));
    }
    let mut head = Vec::new();
    json_head(&mut head, &reports);
    body.extend_from_slice(if facts > 0 { b"\n  ]\n}\n" } else { b"]\n}\n" });
    (head, body)
}

/// `{"inputs": [...], "evidence": [`: the start of what `serde_json`'s pretty
/// printer writes for a [`kbwiz_engine::evidence::Scan`] (a test compares).
fn json_head(head: &mut Vec<u8>, reports: &[InputReport]) {
    head.extend_from_slice(b"{\n  \"inputs\": ");
    match serde_json::to_vec_pretty(reports) {
        Ok(inputs) => push_indented(head, &inputs, b"  "),
        // Plain data into memory cannot fail to serialise.
        Err(_) => head.extend_from_slice(b"[]"),
    }
    head.extend_from_slice(b",\n  \"evidence\": [");
}

/// One fact as an element of the `evidence` array, pretty-printed at its depth.
/// Whether it was written: serialising plain data into memory cannot fail,
/// but were it ever to, the element is left out rather than the output broken.
fn json_fact(body: &mut Vec<u8>, scratch: &mut Vec<u8>, e: &Evidence, first: bool) -> bool {
    scratch.clear();
    if serde_json::to_writer_pretty(&mut *scratch, e).is_err() {
        return false;
    }
    body.extend_from_slice(if first { b"\n    " } else { b",\n    " });
    push_indented(body, scratch, b"    ");
    true
}

/// `json` with `indent` after each of its line ends. JSON strings hold no raw
/// line end (serde_json writes `\n`), so every one is between tokens.
fn push_indented(out: &mut Vec<u8>, json: &[u8], indent: &[u8]) {
    let mut rest = json;
    while let Some(at) = memchr::memchr(b'\n', rest) {
        out.extend_from_slice(&rest[..=at]);
        out.extend_from_slice(indent);
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
}

/// `  input:line: what the fact says` and a line end. Bytes pushed one field at
/// a time: `write!` goes through `core::fmt`'s padding and dispatch for every
/// field, which on a log of a million facts cost more than reading them did.
fn fact_line(s: &mut Vec<u8>, e: &Evidence, times: &mut Times) {
    s.extend_from_slice(b"  ");
    s.extend_from_slice(e.input.as_bytes());
    s.push(b':');
    push_number(s, e.line as u64);
    s.extend_from_slice(b": ");
    describe(s, e, times);
    s.push(b'\n');
}

/// `n` in decimal.
fn push_number(s: &mut Vec<u8>, n: u64) {
    s.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
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
        s.extend_from_slice(&time_text(t.num_seconds_from_midnight(), t.nanosecond()));
    }
}

/// `HH:MM:SS.mmm` for a time of day given as seconds from midnight and
/// nanoseconds. chrono keeps a leap second as second 59 with nanoseconds past
/// 999,999,999 and writes it as second 60; so does this.
fn time_text(seconds: u32, nanos: u32) -> [u8; 12] {
    let two = |n: u32| [b'0' + (n / 10 % 10) as u8, b'0' + (n % 10) as u8];
    let leap = u32::from(nanos >= 1_000_000_000);
    let [h0, h1] = two(seconds / 3600);
    let [m0, m1] = two(seconds / 60 % 60);
    let [s0, s1] = two(seconds % 60 + leap);
    let ms = nanos / 1_000_000 % 1000;
    let [ms1, ms2] = two(ms % 100);
    [
        h0,
        h1,
        b':',
        m0,
        m1,
        b':',
        s0,
        s1,
        b'.',
        b'0' + (ms / 100) as u8,
        ms1,
        ms2,
    ]
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

fn report(s: &mut String, input: &InputReport) {
    let mut format = input.format.name().to_owned();
    if input.blocks.len() > 1 {
        let all: Vec<&str> = input.blocks.iter().map(|f| f.name()).collect();
        let _ = write!(format, " (blocks: {})", all.join(", "));
    }
    let _ = write!(s, "{}: {}, {} entries", input.path, format, input.entries);
    if let (Some(keys), Some(values)) = (input.keys, input.values) {
        let _ = write!(s, " ({keys} keys, {values} values)");
    }
    let _ = writeln!(s, ", {} problems", input.problems.len());
    for p in &input.problems {
        let _ = writeln!(s, "  line {}: {}", p.line, p.message);
    }
}

fn severity(sev: Option<Severity>) -> &'static str {
    match sev {
        Some(Severity::Error) => "error",
        Some(Severity::Warning) => "warning",
        Some(Severity::Info) => "info",
        None => "-",
    }
}

/// One line per fact, appended to `out`.
fn describe(s: &mut Vec<u8>, e: &Evidence, times: &mut Times) {
    match &e.fact {
        Fact::StatusMessage(m) => {
            s.extend_from_slice(b"status message ");
            push_number(s, u64::from(m.id));
            s.extend_from_slice(b" (");
            s.extend_from_slice(severity(m.severity).as_bytes());
            s.push(b')');
            for (label, value) in [
                (&b" component "[..], &m.component),
                (b" site ", &m.site),
                (b" system ", &m.system),
                (b" package ", &m.package_id),
                (b" child site ", &m.child_site),
            ] {
                if let Some(v) = value {
                    s.extend_from_slice(label);
                    s.extend_from_slice(v.as_bytes());
                }
            }
            if let Some(utc) = m.time.utc {
                s.extend_from_slice(b" at ");
                times.write(s, utc.naive_utc());
                s.extend_from_slice(b" UTC");
            } else if let Some(local) = m.time.local {
                s.extend_from_slice(b" at ");
                times.write(s, local);
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
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// Every sample under `tests/data/parse`, and all of them at once.
    fn samples() -> Vec<(String, Vec<u8>)> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/parse");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .expect("tests/data/parse")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        files
            .into_iter()
            .map(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
                (
                    name.unwrap_or_default(),
                    std::fs::read(&p).expect("readable"),
                )
            })
            .collect()
    }

    #[test]
    fn streamed_json_is_serde_jsons_pretty_scan() {
        let all = samples();
        assert!(all.len() >= 10, "{} samples", all.len());
        let refs: Vec<(&str, &[u8])> = all
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let mut sets: Vec<Vec<(&str, &[u8])>> = refs.iter().map(|r| vec![*r]).collect();
        sets.push(refs.clone());
        sets.push(vec![("garbage", b"hello\n")]);
        for set in sets {
            let whole = kbwiz_engine::tree::scan_inputs(&set, Kb::embedded());
            let expected = serde_json::to_string_pretty(&whole).expect("serialises") + "\n";
            let (head, body) = render_json(&set);
            let streamed = String::from_utf8([head, body].concat()).expect("UTF-8");
            assert_eq!(
                streamed,
                expected,
                "{:?}",
                set.iter().map(|s| s.0).collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn human_report_lists_facts_then_inputs() {
        let log = b"STATMSG: ID=2328 SEV=E LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:23:16.472 2004 ISTR0=\"CEN00012\" ISTR1=\"\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=\"CEN00012\"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=1288 (0x508)>\nUsed 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:17.001 2004 Pacific Daylight Time><thread=1288 (0x508)>\n";
        let mut out = Vec::new();
        write_human(&mut out, &[("distmgr.log", log), ("empty.txt", b"")]).expect("written");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "evidence:\n  distmgr.log:1: status message 2328 (error) component SMS_DISTRIBUTION_MANAGER site CEN system CENTRAL1 package CEN00012 at 2004-06-07 23:23:16.472 UTC\n\ndistmgr.log: sms-log, 2 entries, 0 problems\nempty.txt: unknown, 0 entries, 0 problems\n"
        );
        // No facts: the summary alone.
        let mut out = Vec::new();
        write_human(&mut out, &[("plain.txt", b"hello\n")]).expect("written");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "plain.txt: unknown, 0 entries, 1 problems\n  line 0: no log, status message, registry export or file listing recognised\n"
        );
    }

    /// A writer that takes `room` bytes and then fails, as a closed pipe does.
    struct Closing {
        room: usize,
        taken: usize,
    }

    impl Write for Closing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.taken + buf.len() > self.room {
                return Err(std::io::ErrorKind::BrokenPipe.into());
            }
            self.taken += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_failed_write_ends_the_report() {
        let log = std::fs::read(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../tests/data/parse/distmgr.log"),
        )
        .expect("sample");
        let inputs = [("a.log", log.as_slice()), ("b.log", log.as_slice())];
        let mut whole = Vec::new();
        write_human(&mut whole, &inputs).expect("written");
        for room in [0, 10, whole.len() / 2, whole.len() - 1] {
            let mut out = Closing { room, taken: 0 };
            let error = write_human(&mut out, &inputs).expect_err("the write fails");
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{room}");
            assert!(out.taken <= room);
        }
        let mut out = Closing {
            room: whole.len(),
            taken: 0,
        };
        write_human(&mut out, &inputs).expect("room for all of it");
        assert_eq!(out.taken, whole.len());
    }
}
