//! Differential tests of the scanner's two readings: every input read with
//! every memo and fast path ([`Scanner::new`]) must give what the reference
//! reading gives ([`Scanner::reference`]: no memo, no fast path), whole and
//! fed in chunks with the settled facts drained (as `kbwiz scan` streams).
//! The inputs are the samples of `tests/data/parse` and `tests/data/scenarios`,
//! the generated logs, and logs made to poison a memo: lines that repeat
//! what a memo keeps but differ just after or just before it.

use kbwiz_engine::parse::{
    chunks, decode, parse_input, parse_input_reference, ParsedInput, Scanner,
};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// `bytes` fed to `scanner` as decoded text in chunks of `size`, the facts
/// drained after each chunk and copied out (so that the scanner fills the
/// next facts' buffers from the drained ones, as `kbwiz scan` lets it).
fn streamed(mut scanner: Scanner, bytes: &[u8], size: usize) -> ParsedInput {
    scanner.set_input_bytes(bytes.len());
    let text = decode(bytes);
    let (mut evidence, mut entries) = (Vec::new(), Vec::new());
    let (mut all_evidence, mut all_entries) = (Vec::new(), Vec::new());
    for chunk in chunks(&text, size) {
        scanner.feed(chunk);
        scanner.drain_into(&mut evidence, &mut entries);
        all_evidence.extend(evidence.iter().cloned());
        all_entries.append(&mut entries);
    }
    let report = scanner.finish_drained(&mut evidence, &mut entries);
    all_evidence.append(&mut evidence);
    all_entries.append(&mut entries);
    ParsedInput {
        report,
        evidence: all_evidence,
        entries: all_entries,
    }
}

/// Both readings of `bytes`, whole and in chunks, are the same.
fn same_both_ways(name: &str, bytes: &[u8]) {
    let reference = parse_input_reference(name, bytes);
    let fast = parse_input(name, bytes);
    if fast != reference {
        panic!("{name}: {}", first_difference(&fast, &reference));
    }
    for size in [7, 4096] {
        let fast = streamed(Scanner::new(name, bytes.len()), bytes, size);
        if fast != reference {
            panic!(
                "{name} in chunks of {size}: {}",
                first_difference(&fast, &reference)
            );
        }
        let slow = streamed(Scanner::reference(name, bytes.len()), bytes, size);
        assert_eq!(slow, reference, "{name}: reference in chunks of {size}");
    }
}

/// Where two readings first differ, for a failure's message.
fn first_difference(fast: &ParsedInput, reference: &ParsedInput) -> String {
    if fast.report != reference.report {
        return format!(
            "report: {:?}\nreference: {:?}",
            fast.report, reference.report
        );
    }
    if let Some((a, b)) = fast
        .entries
        .iter()
        .zip(&reference.entries)
        .find(|(a, b)| a != b)
    {
        return format!("entry: {a:?}\nreference: {b:?}");
    }
    if let Some((a, b)) = fast
        .evidence
        .iter()
        .zip(&reference.evidence)
        .find(|(a, b)| a != b)
    {
        return format!("fact: {a:?}\nreference: {b:?}");
    }
    format!(
        "{} entries and {} facts against {} and {}",
        fast.entries.len(),
        fast.evidence.len(),
        reference.entries.len(),
        reference.evidence.len()
    )
}

/// Every file under `dir`, in name order.
fn files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir:?}: {e}"))
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, found);
        } else {
            found.push(path);
        }
    }
}

#[test]
fn every_sample_reads_the_same_both_ways() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/data");
    let mut found = Vec::new();
    files(&root.join("parse"), &mut found);
    files(&root.join("scenarios"), &mut found);
    assert!(found.len() >= 30, "{} samples", found.len());
    for path in found {
        let bytes = std::fs::read(&path).expect("readable");
        same_both_ways(&path.display().to_string(), &bytes);
    }
}

#[test]
fn generated_logs_read_the_same_both_ways() {
    same_both_ways(
        "distmgr.log",
        kbwiz_engine::sample::distmgr_log(512 * 1024).as_bytes(),
    );
    same_both_ways(
        "mixed.log",
        kbwiz_engine::sample::mixed_log(2 * 1024 * 1024).as_bytes(),
    );
}

/// A STATMSG line as SMS writes it, from its parts.
fn statmsg(head: &str, gmtdate: &str, strings: &str, attrs: &str) -> String {
    format!("STATMSG: ID=2302 SEV=E {head} GMTDATE={gmtdate} {strings} {attrs}")
}

const HEAD: &str = r#"LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288"#;
const EMPTY: &str =
    r#"ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="""#;

fn trailer(message: &str, component: &str, date: &str, thread: &str) -> String {
    format!("{message}  $$<{component}><{date}><thread={thread}>")
}

/// Lines made to poison the STATMSG memos: the same head (LEV to TID) with
/// other tails, heads that differ by one byte at either end, attribute
/// lists that repeat up to the last value or differ just before it,
/// `GMTDATE`s whose date words repeat around another time or in quotes.
#[test]
fn statmsg_memos_are_not_poisoned() {
    let date = "Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time";
    let gmt = "Mon Jun 07 23:23:16.472 2004";
    let tails = [
        (
            format!(r#"ISTR0="CEN00012" {EMPTY}"#),
            "NUMATTRS=1 AID0=400 AVAL0=\"CEN00012\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=1 AID0=400 AVAL0=\"CEN00013\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=1 AID0=401 AVAL0=\"CEN00013\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=2 AID0=400 AVAL0=\"CEN00013\" AID1=404 AVAL1=\"PR1\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=2 AID0=400 AVAL0=\"CEN00014\" AID1=404 AVAL1=\"PR1\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=2 AID0=400 AVAL0=\"CEN00014\" AID1=404 AVAL1=\"PR2\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=1 AID0=400 AVAL0=\"CEN00014\" AID1=404 AVAL1=\"PR2\"".to_owned(),
        ),
        (
            format!(r#"ISTR0="CEN00013" {EMPTY}"#),
            "NUMATTRS=0".to_owned(),
        ),
        (format!(r#"ISTR0="" {EMPTY}"#), "NUMATTRS=0".to_owned()),
        (
            format!(
                r#"ISTR0="CEN00013" {}"#,
                EMPTY.replace(r#"ISTR9="""#, r#"ISTR9="x""#)
            ),
            "NUMATTRS=0".to_owned(),
        ),
        (
            format!(
                r#"ISTR0="CEN00013" {}"#,
                EMPTY.replace(r#"ISTR4="""#, r#"ISTR4="" "#)
            ),
            "NUMATTRS=0".to_owned(),
        ),
    ];
    let heads = [
        HEAD.to_owned(),
        HEAD.replace("TID=1288", "TID=1289"),
        HEAD.replace("TID=1288", "TID=12880"),
        HEAD.replace("LEV=M", "LEV=D"),
        HEAD.replace("SITE=CEN", "SITE=CE"),
        HEAD.replace("SITE=CEN", "SITE=CEN X=1"),
        HEAD.replace(r#"SOURCE="SMS Server""#, r#"SOURCE="SMS Server" "#),
    ];
    let gmtdates = [
        gmt.to_owned(),
        "Mon Jun 07 23:23:17.000 2004".to_owned(),
        "Tue Jun 08 00:00:00.000 2004".to_owned(),
        format!("\"{gmt}\""),
        "Mon Jun 07 23:23:17.000 2004 A=1".to_owned(),
        "Mon Jun 07 9:23:17 2004".to_owned(),
    ];
    let mut lines = Vec::new();
    for head in &heads {
        for (strings, attrs) in &tails {
            for gmtdate in &gmtdates {
                lines.push(trailer(
                    &statmsg(head, gmtdate, strings, attrs),
                    "SMS_DISTRIBUTION_MANAGER",
                    date,
                    "1288 (0x508)",
                ));
            }
        }
    }
    let log = lines.join("\r\n");
    same_both_ways("statmsg-poison.log", log.as_bytes());
    // And in reverse, so that each line also follows the ones after it.
    lines.reverse();
    same_both_ways("statmsg-poison-reversed.log", lines.join("\n").as_bytes());
}

/// Trailers made to poison the trailer, date and zone memos: times that
/// cross midnight (and a bias that moves UTC across it), a zone that
/// changes its name, a year that changes alone, components of the same length, time words of other
/// lengths or not times at all, numeric ConfigMgr dates in between.
#[test]
fn trailer_memos_are_not_poisoned() {
    let dates = [
        "Mon Jun 07 16:59:59.999 2004 Pacific Daylight Time",
        "Mon Jun 07 17:00:00.000 2004 Pacific Daylight Time",
        "Mon Jun 07 23:59:59.999 2004 Pacific Daylight Time",
        "Tue Jun 08 00:00:00.000 2004 Pacific Daylight Time",
        "Tue Jun 08 00:00:00.000 2004 Pacific Standard Time",
        "Tue Jun 08 00:00:00.001 2004 Pacific Standard Time",
        "Tue Jun 08 00:00:00.001 2004 Eastern Standard Time",
        "Tue Jun 08 00:00:00.001 2004 GMT Standard Time",
        // The year alone changes: the words after the time word count too.
        "Tue Jun 08 00:00:00.001 2005 GMT Standard Time",
        "Tue Jun 08 0:00:00.002 2004 GMT Standard Time",
        "Tue Jun 08 00:00:00.00 2004 GMT Standard Time",
        "Tue Jun 08 00:0x:00.000 2004 GMT Standard Time",
        "Tue Jun 08 24:00:00.000 2004 GMT Standard Time",
        "Tue Jun 08 00:00:01.000 2004",
        "Tue Jun 08 00:00:02.000 2004~",
        "Jun 08 00:00:03.000 2004",
        "Thu Dec 31 23:59:59.999 2004 Pacific Standard Time",
        "Fri Jan 01 00:00:00.000 2005 Pacific Standard Time",
        "12-31-2004 23:59:59.999+480",
        "01-01-2005 00:00:00.000+480",
        "Fri Jan 01 00:00:00.001 2005 Pacific Standard Time",
    ];
    let components = ["SMS_SCHEDULER", "SMS_EXECUTIVE", "SMS_DISTRIBUTION_MANAGER"];
    let mut lines = Vec::new();
    // Neighbours differ in one thing at a time: the date (the inner loop),
    // then the thread, then the component.
    for (n, component) in components.iter().enumerate() {
        for thread in ["1288 (0x508)", "1289 (0x509)"] {
            for date in dates {
                lines.push(trailer(&format!("message {n}"), component, date, thread));
            }
        }
    }
    same_both_ways("trailer-poison.log", lines.join("\r\n").as_bytes());
    lines.reverse();
    same_both_ways("trailer-poison-reversed.log", lines.join("\r\n").as_bytes());
}

/// More distinct strings than the interner keeps (65,536), with the same
/// strings coming back after it is full, and strings just past its short
/// and long limits.
#[test]
fn a_full_interner_reads_the_same() {
    let mut log = String::new();
    for n in 0..70_000u32 {
        let name = match n % 3 {
            0 => format!("P{n:07}"),
            1 => format!("PKG{n:013}"),
            _ => format!("{}{n}", "x".repeat(120)),
        };
        log.push_str(&trailer(
            &format!(
                r#"STATMSG: ID=2300 SEV=I COMP="C" SITE={} ISTR0="{name}" ISTR1="P{:07}""#,
                n % 50,
                n / 2
            ),
            "SMS_DISTRIBUTION_MANAGER",
            "Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time",
            "1",
        ));
        log.push('\n');
    }
    same_both_ways("interner.log", log.as_bytes());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random runs of lines drawn from a few forms, so that neighbours often
    /// share what a memo keeps and differ in a byte: the two readings agree.
    #[test]
    fn random_runs_read_the_same(
        picks in proptest::collection::vec(
            (0usize..3, 0usize..4, 0usize..4, 0usize..3, "[0-2][0-9]:[0-5][0-9]:[0-5][0-9]\\.[0-9]{1,3}", 0usize..3),
            1..40,
        ),
    ) {
        let days = ["Mon Jun 07", "Tue Jun 08", "Jun 07"];
        let zones = [" 2004 Pacific Daylight Time", " 2004 Pacific Standard Time", " 2004", " 2004~"];
        let heads = [HEAD.to_owned(), HEAD.replace("PID=312", "PID=31"), HEAD.replace("SYS=CENTRAL1", "SYS=\"CENTRAL1\"")];
        let attrs = ["NUMATTRS=0", "NUMATTRS=1 AID0=400 AVAL0=\"CEN00012\"", "NUMATTRS=1 AID0=400 AVAL0=\"CEN00013\"", "NUMATTRS=2 AID0=400 AVAL0=\"A\" AID1=1 AVAL1=\"B\""];
        let lines: Vec<String> = picks
            .iter()
            .map(|(day, zone, attr, head, time, kind)| {
                let date = format!("{} {time}{}", days[*day], zones[*zone]);
                let message = match kind {
                    0 => "Used 0 out of 3 allowed processing threads.".to_owned(),
                    _ => statmsg(&heads[*head], &format!("{} {time} 2004", days[*day]), &format!(r#"ISTR0="CEN00012" {EMPTY}"#), attrs[*attr]),
                };
                trailer(&message, "SMS_DISTRIBUTION_MANAGER", &date, "1288 (0x508)")
            })
            .collect();
        let log = lines.join("\r\n");
        let fast = parse_input("random.log", log.as_bytes());
        let reference = parse_input_reference("random.log", log.as_bytes());
        prop_assert!(fast == reference, "{}", first_difference(&fast, &reference));
    }
}
