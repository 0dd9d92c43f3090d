//! `kbwiz scan [--json] FILE...`: read each input (`-` is standard input),
//! print its detected format, entry count and problems, then the evidence.

use crate::fact_text::FactText;
use crate::input;
use kbwiz_engine::api::ScanStream;
use kbwiz_engine::evidence::{Evidence, InputReport};
use kbwiz_engine::kb::Kb;
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
    let kb = crate::kb()?;
    let inputs = input::read_all(&args.files)?;
    let inputs = input::as_refs(&inputs);
    crate::output::stream(|out| {
        if args.json {
            let (head, body) = render_json(&inputs, kb);
            out.write_all(&head)?;
            out.write_all(&body)
        } else {
            write_human(out, &inputs, kb)
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
fn write_human(out: &mut dyn Write, inputs: &[(&str, &[u8])], kb: &Kb) -> std::io::Result<()> {
    let mut stream = ScanStream::new(kb);
    let mut lines = Vec::new();
    let mut text = FactText::default();
    let mut facts = 0usize;
    let mut reports = Vec::with_capacity(inputs.len());
    for (name, bytes) in inputs {
        let mut written = Ok(());
        reports.push(stream.input(name, bytes, |batch| {
            if written.is_err() {
                return;
            }
            lines.clear();
            if facts == 0 {
                lines.extend_from_slice(b"evidence:\n");
            }
            for e in batch.iter() {
                text.line(&mut lines, e);
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
/// and the body (the evidence and what closes the report): byte for byte
/// `serde_json`'s pretty form of [`kbwiz_engine::api::scan`]'s report.
///
/// The body is rendered into memory as each input is read: the scan's facts
/// are enriched, rendered and dropped a batch at a time, so memory grows with
/// the report, not with the facts behind it. The head comes first in the
/// output (the order the JSON shape gives: `inputs`, then `evidence`) but is
/// complete only at the end, so nothing is written before.
fn render_json(inputs: &[(&str, &[u8])], kb: &Kb) -> (Vec<u8>, Vec<u8>) {
    let mut stream = ScanStream::new(kb).following_threads();
    let mut body = Vec::new();
    let mut facts = 0usize;
    let mut scratch = Vec::new();
    let mut reports = Vec::with_capacity(inputs.len());
    for (name, bytes) in inputs {
        reports.push(stream.input(name, bytes, |batch| {
            for e in batch.iter() {
                let written = json_fact(&mut body, &mut scratch, e, facts == 0);
                facts += usize::from(written);
            }
        }));
    }
    let mut head = Vec::new();
    json_head(&mut head, &reports);
    body.extend_from_slice(if facts > 0 { b"\n  ]" } else { b"]" });
    // The thread stories close the report, as they close api::scan's.
    let threads = stream.take_threads();
    if !threads.is_empty() {
        body.extend_from_slice(b",\n  \"threads\": ");
        match serde_json::to_vec_pretty(&threads) {
            Ok(t) => push_indented(&mut body, &t, b"  "),
            Err(_) => body.extend_from_slice(b"[]"),
        }
    }
    body.extend_from_slice(b"\n}\n");
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

#[cfg(test)]
mod tests {
    use super::*;

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
            let whole = kbwiz_engine::api::scan(&set, Kb::embedded());
            let expected = serde_json::to_string_pretty(&whole).expect("serialises") + "\n";
            let (head, body) = render_json(&set, Kb::embedded());
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
        write_human(
            &mut out,
            &[("distmgr.log", log), ("empty.txt", b"")],
            Kb::embedded(),
        )
        .expect("written");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "evidence:\n  distmgr.log:1: status message 2328 (error) component SMS_DISTRIBUTION_MANAGER site CEN system CENTRAL1 package CEN00012 at 2004-06-07 23:23:16.472 UTC\n\ndistmgr.log: sms-log, 2 entries, 0 problems\nempty.txt: unknown, 0 entries, 0 problems\n"
        );
        // No facts: the summary alone.
        let mut out = Vec::new();
        write_human(&mut out, &[("plain.txt", b"hello\n")], Kb::embedded()).expect("written");
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
        write_human(&mut whole, &inputs, Kb::embedded()).expect("written");
        for room in [0, 10, whole.len() / 2, whole.len() - 1] {
            let mut out = Closing { room, taken: 0 };
            let error =
                write_human(&mut out, &inputs, Kb::embedded()).expect_err("the write fails");
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{room}");
            assert!(out.taken <= room);
        }
        let mut out = Closing {
            room: whole.len(),
            taken: 0,
        };
        write_human(&mut out, &inputs, Kb::embedded()).expect("room for all of it");
        assert_eq!(out.taken, whole.len());
    }
}
