//! Behaviour across formats: one paste mixing blocks, chunked scanning giving
//! the same result as a whole scan, CR-only line ends, `scan` over several
//! inputs, and no panic on arbitrary bytes.

use kbwiz_engine::evidence::{Fact, Format};
use kbwiz_engine::parse::{chunks, decode, parse_input, scan, scan_input, Scanner};
use proptest::prelude::*;

fn read(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/data/parse/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

const SAMPLES: &[&str] = &[
    "distmgr.log",
    "sms1x-sched.log",
    "configmgr-distmgr.log",
    "wrapped-paste.txt",
    "cmtrace.log",
    "cmtrace-copy.txt",
    "status-export.txt",
    "status-noheader.txt",
    "kb-message-ids.txt",
    "retry-history-utf16.reg",
    "regedit4-edge.reg",
    "win31.reg",
    "versions.txt",
    "schedule-box-dir.txt",
    "mixed-paste.txt",
    "dateless-trailers.txt",
    "cut-trailer.log",
    "statmsg-wrapped-value.txt",
    "reg5-header-comment.reg",
];

#[test]
fn mixed_paste_reads_every_block() {
    let p = parse_input("paste 1", &read("mixed-paste.txt"));
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(
        p.report.blocks,
        [
            Format::SmsLog,
            Format::Reg,
            Format::StatusExport,
            Format::FileVersions
        ]
    );
    assert_eq!(p.report.problems, []);
    assert_eq!((p.report.keys, p.report.values), (Some(1), Some(1)));
    let kinds: Vec<(usize, &str)> = p
        .evidence
        .iter()
        .map(|e| {
            let kind = match &e.fact {
                Fact::StatusMessage(_) => "status",
                Fact::RegistryKey(_) => "key",
                Fact::FileVersion(_) => "file",
                Fact::ScheduleBacklog(_) => "backlog",
                Fact::SqlResult(_) | Fact::SqlRow(_) => "sql",
                // Made by enrichment, never by the parsers.
                Fact::LogLine(_) | Fact::ComponentLog(_) => "log line",
            };
            (e.line, kind)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (3, "status"),
            (7, "key"),
            (10, "status"),
            (14, "backlog"),
            (16, "file")
        ]
    );
    match &p.evidence[3].fact {
        Fact::ScheduleBacklog(b) => assert_eq!(b.count, 4817),
        other => panic!("{other:?}"),
    }
    assert!(p.evidence.iter().all(|e| &*e.input == "paste 1"));
}

#[test]
fn chunked_scan_equals_whole_scan() {
    for name in SAMPLES {
        let bytes = read(name);
        let whole = parse_input(name, &bytes);
        let text = decode(&bytes);
        for size in [1, 2, 7, 64] {
            let mut scanner = Scanner::new(name, text.len());
            scanner.set_input_bytes(bytes.len());
            for chunk in chunks(&text, size) {
                scanner.feed(chunk);
            }
            assert_eq!(scanner.progress().done, text.len());
            assert_eq!(scanner.finish(), whole, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn drained_chunks_add_up_to_the_whole_scan() {
    for name in SAMPLES {
        let bytes = read(name);
        let whole = parse_input(name, &bytes);
        let text = decode(&bytes);
        for size in [1, 3, 64, 4096] {
            let mut scanner = Scanner::new(name, text.len());
            scanner.set_input_bytes(bytes.len());
            let (mut evidence, mut entries) = (Vec::new(), Vec::new());
            let (mut all_evidence, mut all_entries) = (Vec::new(), Vec::new());
            for chunk in chunks(&text, size) {
                scanner.feed(chunk);
                scanner.drain_into(&mut evidence, &mut entries);
                all_evidence.append(&mut evidence);
                all_entries.append(&mut entries);
            }
            let report = scanner.finish_drained(&mut evidence, &mut entries);
            all_evidence.append(&mut evidence);
            all_entries.append(&mut entries);
            assert_eq!(report, whole.report, "{name} in chunks of {size}");
            assert_eq!(all_evidence, whole.evidence, "{name} in chunks of {size}");
            assert_eq!(all_entries, whole.entries, "{name} in chunks of {size}");
        }
    }
}

#[test]
fn runs_of_line_ends_split_anywhere_count_the_same_lines() {
    // Lone CRs, CR CR, CR LF and LF CR, cut at every chunk size from 1 to 9:
    // a chunk ending in CR must not hold back the lines before that CR.
    let entry = |n: u32| format!("e{n}  $$<C><Mon Jun 07 16:20:{n:02}.015 2004><thread=1>");
    let mut text = String::new();
    for (n, end) in [
        "\r", "\r\r", "\r\n", "\n\r", "\r\r\r", "\n", "\r\n\r\n", "\r",
    ]
    .iter()
    .enumerate()
    {
        text.push_str(&entry(n as u32));
        text.push_str(end);
    }
    let whole = parse_input("cr.log", text.as_bytes());
    assert_eq!(whole.report.entries, 8);
    for size in 1..=9 {
        let mut scanner = Scanner::new("cr.log", text.len());
        scanner.set_input_bytes(text.len());
        for chunk in text.as_bytes().chunks(size) {
            scanner.feed(std::str::from_utf8(chunk).expect("ASCII"));
        }
        assert_eq!(scanner.finish(), whole, "chunks of {size}");
    }
}

#[test]
fn an_empty_chunk_between_cr_and_lf_changes_nothing() {
    let text = "REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\X]\r\n\"a\"=\"b\"\r\n";
    let whole = parse_input("x.reg", text.as_bytes());
    let mut scanner = Scanner::new("x.reg", text.len());
    scanner.set_input_bytes(text.len());
    for chunk in ["REGEDIT4\r", "", &text[9..]] {
        scanner.feed(chunk);
    }
    let chunked = scanner.finish();
    assert_eq!(chunked, whole);
    assert_eq!(
        chunked.evidence.iter().map(|e| e.line).collect::<Vec<_>>(),
        [2]
    );
}

#[test]
fn cr_only_line_ends_count_lines() {
    let text = "a  $$<C><Mon Jun 07 16:20:01.015 2004><thread=1>\r\rb  $$<C><Mon Jun 07 16:20:02.015 2004><thread=1>\r";
    let p = parse_input("cr.log", text.as_bytes());
    let lines: Vec<usize> = p.entries.iter().map(|e| e.first_line).collect();
    assert_eq!(lines, [1, 3]);
}

#[test]
fn scan_keeps_input_order() {
    let a = read("status-export.txt");
    let b = read("retry-history-utf16.reg");
    let s = scan(&[("a.txt", &a), ("b.reg", &b)]);
    assert_eq!(s.inputs.len(), 2);
    assert_eq!(s.inputs[1].format, Format::Reg);
    assert_eq!(s.evidence.len(), 6);
    assert_eq!(&*s.evidence[2].input, "a.txt");
    assert_eq!(&*s.evidence[3].input, "b.reg");
    let (report, evidence, entries) = scan_input("b.reg", &b);
    assert_eq!(
        (report.bytes, evidence.len(), entries.len()),
        (b.len(), 3, 0)
    );
}

#[test]
fn json_shape_is_what_the_cli_promises() {
    let s = scan(&[("r.reg", &read("regedit4-edge.reg"))]);
    let v = serde_json::to_value(&s).expect("serialises");
    assert_eq!(v["inputs"][0]["path"], "r.reg");
    assert_eq!(v["inputs"][0]["format"], "reg");
    assert_eq!(v["inputs"][0]["entries"], 11);
    assert_eq!(v["inputs"][0]["keys"], 3);
    assert_eq!(v["inputs"][0]["values"], 8);
    assert_eq!(v["inputs"][0]["problems"][0]["line"], 8);
    assert_eq!(v["evidence"][0]["kind"], "registry_key");
    assert_eq!(v["evidence"][0]["path"], "r.reg");
    assert_eq!(v["evidence"][0]["line"], 4);
    assert_eq!(
        v["evidence"][0]["key"],
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_DISTRIBUTION_MANAGER\Retry History\CEN00012"
    );
}

#[test]
fn garbage_is_unknown_with_one_problem() {
    let p = parse_input("junk", b"hello\nworld\n");
    assert_eq!(p.report.format, Format::Unknown);
    assert_eq!(p.report.problems.len(), 1);
    assert_eq!(p.report.problems[0].line, 0);
    let p = parse_input("empty", b"");
    assert_eq!(p.report.problems, []);
}

#[test]
fn problems_are_capped() {
    let mut text = String::from("REGEDIT4\n[HKEY_USERS\\x]\n");
    for _ in 0..5000 {
        text.push_str("\"v\"=bad\n");
    }
    let p = parse_input("many.reg", text.as_bytes());
    assert_eq!(
        p.report.problems.len(),
        kbwiz_engine::parse::MAX_PROBLEMS + 1
    );
    assert_eq!(
        p.report.problems.last().map(|p| p.message.as_str()),
        Some("4000 more problems not listed")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_input("fuzz", &bytes);
    }

    #[test]
    fn never_panics_on_format_shaped_text(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("$$<SMS_X>".to_owned()), Just("<Mon Jun 07 16:20:01.015 2004 Pacific Daylight Time>".to_owned()),
                Just("<thread=1 (0x1)>".to_owned()), Just("STATMSG: ID=".to_owned()), Just("ISTR0=\"".to_owned()),
                Just("<![LOG[".to_owned()), Just("]LOG]!><time=\"1:2:3.4+1\" date=\"1-1-1\">".to_owned()),
                Just("REGEDIT4".to_owned()), Just("[HKEY_USERS\\a]".to_owned()), Just("\"n\"=hex(7):41,\\".to_owned()),
                Just("Message ID: ".to_owned()), Just(" Directory of C:\\Schedule.box".to_owned()),
                Just("9 File(s)".to_owned()), Just("\t".to_owned()), Just("\n".to_owned()), Just("\r".to_owned()),
                Just("2.00.1493.3257 Distmgr.dll".to_owned()), "[ -~]{0,8}".prop_map(|s| s), Just("\u{e9}\u{1a}".to_owned()),
            ],
            0..40,
        )
    ) {
        let text = parts.concat();
        let whole = parse_input("t", text.as_bytes());
        // And chunking never changes the result.
        let mut scanner = Scanner::new("t", text.len());
        scanner.set_input_bytes(text.len());
        let mid = (0..=text.len() / 2).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
        scanner.feed(&text[..mid]);
        scanner.feed(&text[mid..]);
        prop_assert_eq!(scanner.finish(), whole);
    }
}

#[test]
fn huge_lines_and_long_unclosed_entries_are_bounded() {
    let mut text = String::from("a  $$<C><Mon Jun 07 16:20:01.015 2004><thread=1>\n");
    text.push_str(&"x".repeat(100_000));
    text.push_str("\n<![LOG[open\n");
    for _ in 0..20_000 {
        text.push_str("more -> text\n");
    }
    let whole = parse_input("big", text.as_bytes());
    assert_eq!(whole.report.entries, 1);
    let lines: Vec<usize> = whole.report.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [2, 3]);
    // The same text fed in small chunks gives the same result.
    let mut scanner = Scanner::new("big", text.len());
    scanner.set_input_bytes(text.len());
    for chunk in text.as_bytes().chunks(1000) {
        scanner.feed(std::str::from_utf8(chunk).expect("ASCII"));
    }
    assert_eq!(scanner.finish(), whole);
}

#[test]
fn version_line_right_after_a_reg_export() {
    let p = parse_input(
        "p",
        b"REGEDIT4\n[HKEY_USERS\\x]\n\"a\"=dword:1\nDistmgr.dll 2.00.1493.3257\n\"b\"=dword:2\n",
    );
    assert_eq!(p.report.blocks, [Format::Reg, Format::FileVersions]);
    assert_eq!(p.report.problems, []);
    assert_eq!((p.report.keys, p.report.values), (Some(1), Some(1)));
    assert!(matches!(&p.evidence[1].fact, Fact::FileVersion(f) if f.version == "2.00.1493.3257"));
}
