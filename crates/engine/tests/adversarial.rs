//! Adversarial inputs for the scanner and session restore: binary
//! files, broken encodings, odd line ends, huge lines and inputs, deeply
//! nested JSON. Every input is generated here, not committed. Each test
//! asserts no panic, the exact format and problem report, and how much was
//! kept.

use kbwiz_engine::evidence::{Fact, Format, Problem, RegData};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::parse::{parse_input, ParsedInput};
use kbwiz_engine::tree::{Session, SessionError};

/// Deterministic xorshift64* bytes, so the random input is the same each run.
fn random_bytes(seed: u64, len: usize) -> Vec<u8> {
    let mut x = seed.max(1);
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        out.extend_from_slice(&x.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes());
    }
    out.truncate(len);
    out
}

/// The distmgr.log sample: 10 lines, 10 entries, STATMSG facts on lines 4, 6-9.
fn distmgr_log() -> Vec<u8> {
    let path = format!(
        "{}/../../tests/data/parse/distmgr.log",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn evidence_lines(p: &ParsedInput) -> Vec<usize> {
    p.evidence.iter().map(|e| e.line).collect()
}

fn problem(line: usize, message: &str) -> Problem {
    Problem {
        line,
        message: message.to_string(),
    }
}

const NOTHING_RECOGNISED: &str =
    "no log, status message, registry export or file listing recognised";

/// A binary input is reported as unrecognised as a whole, and nothing is kept.
fn assert_unrecognised(name: &str, bytes: &[u8]) {
    let p = parse_input(name, bytes);
    assert_eq!(p.report.format, Format::Unknown, "{name}");
    assert_eq!(p.report.bytes, bytes.len(), "{name}");
    assert_eq!(p.report.entries, 0, "{name}");
    assert_eq!(
        p.report.problems,
        [problem(0, NOTHING_RECOGNISED)],
        "{name}"
    );
    assert!(p.evidence.is_empty() && p.entries.is_empty(), "{name}");
}

#[test]
fn png_image_is_unrecognised() {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend(random_bytes(1, 4096));
    assert_unrecognised("screenshot.png", &png);
}

#[test]
fn zip_archive_is_unrecognised() {
    let mut zip = b"PK\x03\x04\x14\0\0\0\x08\0".to_vec();
    zip.extend(random_bytes(2, 4096));
    assert_unrecognised("logs.zip", &zip);
}

#[test]
fn random_bytes_are_unrecognised() {
    for seed in 3..35 {
        assert_unrecognised("random", &random_bytes(seed, 65_536));
    }
}

#[test]
fn nul_bytes_inside_a_log_keep_every_entry() {
    let log = distmgr_log();
    let clean = parse_input("distmgr.log", &log);
    let mut nul = log.clone();
    // Line 2 starts "Used 0 out of 3": NULs after "Used".
    let at = log.iter().position(|&b| b == b'\n').map_or(0, |i| i + 5);
    nul.splice(at..at, [0u8; 4]);
    let p = parse_input("distmgr.log", &nul);
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.bytes, log.len() + 4);
    assert_eq!(p.report.entries, 10);
    assert_eq!(
        p.report.problems,
        [problem(2, "NUL bytes on 1 line(s), the first here: the rest of each line was read (a damaged file, or UTF-16 without its byte order mark?)")]
    );
    assert_eq!(p.entries, clean.entries);
    assert_eq!(p.evidence, clean.evidence);
    assert_eq!(evidence_lines(&p), [4, 6, 7, 8, 9]);
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = b"\xFF\xFE".to_vec();
    for unit in text.encode_utf16() {
        out.extend(unit.to_le_bytes());
    }
    out
}

#[test]
fn utf16_truncated_to_an_odd_length_keeps_the_complete_line() {
    let mut bytes = utf16le("Message ID: 2300 x\r\n");
    bytes.push(b'A'); // half a code unit
    let p = parse_input("status.txt", &bytes);
    assert_eq!(p.report.format, Format::StatusExport);
    assert_eq!(p.report.bytes, 43);
    assert_eq!(p.report.entries, 1);
    assert_eq!(
        p.report.problems,
        [problem(2, "bytes that are not valid text on 1 line(s), the first here: shown as U+FFFD, the rest of each line was read")]
    );
    assert_eq!(p.evidence.len(), 1);
    // The half unit decodes to U+FFFD on line 2, read as a wrapped description.
    assert_eq!(p.evidence[0].line, 1);
    assert_eq!(p.evidence[0].text, "Message ID: 2300 x \u{FFFD}");
    let Fact::StatusMessage(m) = &p.evidence[0].fact else {
        panic!("not a status message: {:?}", p.evidence[0].fact);
    };
    assert_eq!(m.id, 2300);
    assert_eq!(m.description.as_deref(), Some("x \u{FFFD}"));
}

#[test]
fn utf16_lone_surrogates_become_replacement_characters() {
    let mut bytes =
        utf16le("Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\A]\r\n\"V\"=\"");
    bytes.extend(0xD800u16.to_le_bytes()); // a high surrogate without its low half
    bytes.extend(b"x\0\"\0\r\0\n\0");
    bytes.extend(0xDC00u16.to_le_bytes()); // a low surrogate alone on line 5
    let p = parse_input("retry.reg", &bytes);
    assert_eq!(p.report.format, Format::Reg);
    assert_eq!((p.report.keys, p.report.values), (Some(1), Some(1)));
    assert_eq!(p.report.entries, 2);
    assert_eq!(
        p.report.problems,
        [
            problem(5, "not a key, value or comment; ignored (as regedit does)"),
            problem(4, "bytes that are not valid text on 2 line(s), the first here: shown as U+FFFD, the rest of each line was read"),
        ]
    );
    assert_eq!(p.evidence.len(), 1);
    let Fact::RegistryKey(key) = &p.evidence[0].fact else {
        panic!("not a registry key: {:?}", p.evidence[0].fact);
    };
    assert_eq!(key.path, "HKEY_LOCAL_MACHINE\\A");
    assert_eq!(key.values.len(), 1);
    assert_eq!(key.values[0].name, "V");
    assert_eq!(key.values[0].data, RegData::String("\u{FFFD}x".to_string()));
}

#[test]
fn bom_in_the_middle_is_reported_where_it_breaks_a_date() {
    let log = distmgr_log();
    let mut bytes = log[..400].to_vec();
    bytes.extend(b"\xEF\xBB\xBF");
    bytes.extend(&log[400..]);
    let p = parse_input("distmgr.log", &bytes);
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.entries, 10);
    assert_eq!(
        p.report.problems,
        [problem(
            3,
            "unreadable date <Mon Jun 07 \u{feff}16:20:02.110 2004 Pacific Daylight Time>; \
             entry kept without a time"
        )]
    );
    assert_eq!(evidence_lines(&p), [4, 6, 7, 8, 9]);
    assert_eq!(p.entries[2].time.local, None);
    assert!(p.entries[3].time.local.is_some());
}

#[test]
fn cr_only_line_ends_are_lines() {
    let log = distmgr_log();
    let clean = parse_input("distmgr.log", &log);
    let cr: Vec<u8> = log.iter().copied().filter(|&b| b != b'\n').collect();
    let p = parse_input("distmgr.log", &cr);
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.bytes, log.len() - 10);
    assert_eq!(p.report.entries, 10);
    assert_eq!(p.report.problems, []);
    assert_eq!(p.entries, clean.entries);
    assert_eq!(evidence_lines(&p), [4, 6, 7, 8, 9]);
}

/// 1.3 s in a debug build here: in the normal run.
#[test]
fn one_50_mb_line_is_skipped_and_named() {
    let log = distmgr_log();
    let mut bytes = log.clone();
    bytes.extend(std::iter::repeat_n(b'a', 50 << 20));
    bytes.extend(b"\r\n");
    bytes.extend(&log);
    let p = parse_input("distmgr.log", &bytes);
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.bytes, 2 * log.len() + (50 << 20) + 2);
    assert_eq!(p.report.entries, 20);
    assert_eq!(
        p.report.problems,
        [problem(
            11,
            "log text without a $$<component><date><thread> trailer; skipped"
        )]
    );
    assert_eq!(evidence_lines(&p), [4, 6, 7, 8, 9, 15, 17, 18, 19, 20]);
    let lines: Vec<usize> = p.entries.iter().map(|e| e.first_line).collect();
    let expected: Vec<usize> = (1..=10).chain(12..=21).collect();
    assert_eq!(lines, expected);
}

/// A STATMSG value holding a 4 MiB run of spaces before a word that is not a
/// key. Each run of white space is crossed once: read byte by byte from
/// every space in it, this took minutes.
#[test]
fn statmsg_value_with_a_long_run_of_spaces() {
    let mut line = String::from("STATMSG: ID=2302 SEV=");
    line.push_str(&" ".repeat(4 << 20));
    line.push_str("x ISTR0=\"a\"  $$<C><Mon Jun 07 16:20:01.015 2004><thread=1>\n");
    let p = parse_input("distmgr.log", line.as_bytes());
    assert_eq!(p.report.entries, 1);
    assert_eq!(p.report.problems, []);
    match &p.evidence[..] {
        [e] => match &e.fact {
            Fact::StatusMessage(m) => {
                assert_eq!(m.id, 2302);
                // SEV's value is the spaces and the word: not a severity.
                assert_eq!(m.severity, None);
                assert_eq!(m.strings, ["a".into()]);
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

/// 5.5 s in a debug build here: in the normal run.
#[test]
fn two_million_short_lines_then_a_log() {
    let log = distmgr_log();
    let mut bytes = b"x\n".repeat(2_000_000);
    bytes.extend(&log);
    let p = parse_input("paste 1", &bytes);
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.bytes, 4_000_000 + log.len());
    assert_eq!(p.report.entries, 10);
    assert_eq!(p.report.problems, []);
    assert_eq!(
        evidence_lines(&p),
        [2_000_004, 2_000_006, 2_000_007, 2_000_008, 2_000_009]
    );
}

/// 1 s in a debug build here: in the normal run.
#[test]
fn reg_export_with_100_000_keys() {
    let mut reg = String::from("Windows Registry Editor Version 5.00\r\n\r\n");
    for i in 0..100_000 {
        reg.push_str(&format!(
            "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\CEN{i:05X}]\r\n\"Retry Count\"=dword:00000003\r\n\r\n"
        ));
    }
    let p = parse_input("retry.reg", reg.as_bytes());
    assert_eq!(p.report.format, Format::Reg);
    assert_eq!(p.report.bytes, 13_600_040);
    assert_eq!(
        (p.report.keys, p.report.values),
        (Some(100_000), Some(100_000))
    );
    assert_eq!(p.report.entries, 200_000);
    assert_eq!(p.report.problems, []);
    assert_eq!(p.evidence.len(), 100_000);
    assert_eq!(p.evidence[99_999].line, 3 + 3 * 99_999);
}

/// Deeply nested JSON inside a session's evidence (where `#[serde(flatten)]`
/// buffers any value) stops at serde_json's recursion limit of 128 levels:
/// parsed on a thread with only 256 KiB of stack, it returns an error.
#[test]
fn deeply_nested_session_json_hits_the_recursion_limit() {
    let deep = format!(
        "{{\"article\":\"Q319207\",\"evidence\":[{{\"path\":\"p\",\"line\":1,\"text\":\"t\",\"kind\":\"x\",\"extra\":{}}}],\"steps\":[]}}",
        "[".repeat(100_000)
    );
    // Only the outcome crosses back: a session holds `Rc` text, not `Send`.
    let parse = move || {
        serde_json::from_str::<Session>(&deep)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    let result = std::thread::Builder::new()
        .stack_size(256 << 10)
        .spawn(parse)
        .map(|h| h.join());
    match result {
        Ok(Ok(Err(message))) => {
            assert_eq!(message, "recursion limit exceeded at line 1 column 209");
        }
        Ok(Ok(Ok(_))) => panic!("a 100,000-deep session was accepted"),
        Ok(Err(_)) => panic!("parsing panicked (stack overflow would abort instead)"),
        Err(e) => panic!("cannot spawn the parsing thread: {e}"),
    }
}

#[test]
fn nested_arrays_as_a_whole_session_are_rejected_at_once() {
    let err = serde_json::from_str::<Session>(&"[".repeat(100_000)).map(|_| ());
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("invalid type: sequence, expected a string at line 1 column 1".to_string())
    );
    // An unknown field nested 100,000 deep is skipped without recursion.
    let deep = format!(
        "{{\"article\":\"Q319207\",\"evidence\":[],\"steps\":[],\"zzz\":{}",
        "[".repeat(100_000)
    );
    let err = serde_json::from_str::<Session>(&deep).map(|_| ());
    assert_eq!(
        err.map_err(|e| e.to_string()),
        Err("EOF while parsing a list at line 1 column 100052".to_string())
    );
}

/// A 50 MB JSON string is not a session (an error), and a session whose
/// article ID is 50 MB is parsed but does not fit the knowledge base.
#[test]
fn fifty_mb_json_string_is_an_error() {
    let text = "a".repeat(50 << 20);
    let json = format!("\"{text}\"");
    let err = serde_json::from_str::<Session>(&json).map(|_| ());
    let Err(err) = err else {
        panic!("a JSON string was read as a session");
    };
    assert!(err.is_data());
    // serde quotes the whole string in its message: callers that show it
    // must shorten it.
    assert_eq!(err.to_string().len(), 52_428_874);
    let json = format!("{{\"article\":\"{text}\",\"evidence\":[],\"steps\":[]}}");
    let session = serde_json::from_str::<Session>(&json).map_err(|e| e.to_string());
    let Ok(session) = session else {
        panic!("{session:?}");
    };
    assert_eq!(
        session.position(Kb::embedded()).map(|_| ()),
        Err(SessionError::UnknownArticle(text))
    );
}

/// Where [`write_200_mb_log`] leaves its file.
fn big_log_path() -> std::path::PathBuf {
    std::env::temp_dir().join("kbwiz-200mb.log")
}

/// The 200 MB paste: the distmgr.log sample repeated to 200 MiB, written to
/// the temp folder for measuring the CLI's peak memory (README, "Limits"):
///
/// ```text
/// cargo test -p kbwiz-engine --test adversarial -- --ignored write_200_mb_log
/// cargo build --release -p kbwiz
/// /usr/bin/time -v target/release/kbwiz scan /tmp/kbwiz-200mb.log > /dev/null
/// ```
///
/// Ignored: writing and scanning 200 MB takes about 10 s in a debug build.
#[test]
#[ignore]
fn write_200_mb_log() {
    let log = distmgr_log();
    let copies = (200 << 20) / log.len() + 1;
    let bytes = log.repeat(copies);
    std::fs::write(big_log_path(), &bytes).unwrap_or_else(|e| panic!("{e}"));
    let p = parse_input("kbwiz-200mb.log", &bytes);
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.bytes, copies * log.len());
    assert_eq!(p.report.entries, 10 * copies);
    assert_eq!(p.report.problems, []);
    assert_eq!(p.evidence.len(), 5 * copies);
}
