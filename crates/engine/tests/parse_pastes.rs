//! Pastes found in the wild: trailers without a date (`$$<COMPONENT>` or the
//! typo `$<COMPONENT>` alone at a line's end), a last entry whose trailer is
//! cut off, STATMSG lines broken inside a quoted value, and a regedit 5.00
//! header with a `;` comment on its line.

use chrono::{NaiveDate, NaiveDateTime};
use kbwiz_engine::evidence::{Fact, Format, Problem, RegData, RegValue, Stamp, StatusMessage};
use kbwiz_engine::parse::{parse_input, ParsedInput};

mod common;
use common::sample;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|d| d.and_hms_milli_opt(h, mi, s, ms))
        .expect("valid date")
}

/// Each entry as (first line, last line, component, local time).
fn entries(p: &ParsedInput) -> Vec<(usize, usize, Option<&str>, Option<NaiveDateTime>)> {
    p.entries
        .iter()
        .map(|e| {
            (
                e.first_line,
                e.last_line,
                e.component.as_deref(),
                e.time.local,
            )
        })
        .collect()
}

fn statuses(p: &ParsedInput) -> Vec<(usize, &StatusMessage)> {
    p.evidence
        .iter()
        .map(|e| match &e.fact {
            Fact::StatusMessage(m) => (e.line, m),
            other => panic!("not a status message: {other:?}"),
        })
        .collect()
}

fn problem(line: usize, message: &str) -> Problem {
    Problem {
        line,
        message: message.to_owned(),
    }
}

const DM: Option<&str> = Some("SMS_DISTRIBUTION_MANAGER");

#[test]
fn dateless_trailers_are_entries_without_a_time() {
    let p = sample("dateless-trailers.txt");
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.problems, []);
    assert_eq!(
        entries(&p),
        [
            (3, 3, DM, None),
            (4, 4, DM, None),
            (5, 5, DM, None),
            // A trailer broken after `$$<COMPONENT>`: its date follows.
            (6, 7, DM, Some(at(2004, 6, 7, 16, 20, 2, 110))),
        ]
    );
    let found = statuses(&p);
    assert_eq!(found.len(), 1);
    let (line, m) = found[0];
    assert_eq!((line, m.id), (5, 2302));
    assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
    // The status message's own GMTDATE still gives its UTC time.
    assert_eq!(
        m.time,
        Stamp {
            utc: Some(at(2004, 6, 7, 23, 23, 16, 472).and_utc()),
            ..Stamp::default()
        }
    );
    assert_eq!(p.evidence[0].text.len(), {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/parse/dateless-trailers.txt"
        ))
        .expect("sample");
        text.lines().nth(4).expect("line 5").len()
    });
}

#[test]
fn dateless_trailers_inline() {
    // One line each, then the end of the input, a blank line, another block.
    let p = parse_input("a", b"msg  $$<SMS_SCHEDULER>");
    assert_eq!(entries(&p), [(1, 1, Some("SMS_SCHEDULER"), None)]);
    assert_eq!(p.report.problems, []);
    let p = parse_input(
        "a",
        b"one  $<SMS_SCHEDULER>\n\ntwo $<SMS_SENDER >\nREGEDIT4\n",
    );
    assert_eq!(
        entries(&p),
        [
            (1, 1, Some("SMS_SCHEDULER"), None),
            (3, 3, Some("SMS_SENDER"), None)
        ]
    );
    assert_eq!(p.report.blocks, [Format::SmsLog, Format::Reg]);
    // Not a component's name after a single `$`, nor an empty one: no entry.
    for text in ["costs $<5>\n", "a $$<>\n", "a $< >\n", "price $<x-y>\n"] {
        let p = parse_input("a", text.as_bytes());
        assert_eq!(p.entries, [], "{text:?}");
    }
}

#[test]
fn a_cut_off_last_trailer_keeps_its_entry_and_is_reported() {
    let p = sample("cut-trailer.log");
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(
        entries(&p),
        [
            (1, 1, DM, Some(at(2004, 6, 7, 16, 20, 1, 15))),
            (2, 2, DM, Some(at(2004, 6, 7, 16, 23, 16, 472))),
            (3, 3, DM, None),
        ]
    );
    assert_eq!(
        p.report.problems,
        [problem(
            3,
            "trailer cut off in its date block (the text ends there); entry kept without a time"
        )]
    );
    assert_eq!(statuses(&p).len(), 1);
}

#[test]
fn trailers_cut_in_each_block() {
    let full = "Used 0 out of 3  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:18.000 2004 Pacific Daylight Time><thread=297 (0x129)>";
    let first = "a  $$<C><Mon Jun 07 16:20:01.015 2004><thread=1>\n";
    let cases: [(&str, Option<&str>, Option<NaiveDateTime>, &str); 4] = [
        (
            "$$<SMS_DIST",
            None,
            None,
            "trailer cut off in its component block (the text ends there); entry kept without a time",
        ),
        (
            "<Mon Jun 07 16:2",
            DM,
            None,
            "trailer cut off in its date block (the text ends there); entry kept without a time",
        ),
        // Cut in the zone's name: the date and time still read.
        (
            "Pacific Day",
            DM,
            Some(at(2004, 6, 7, 16, 23, 18, 0)),
            "trailer cut off in its date block (the text ends there); entry kept",
        ),
        (
            "<thread=29",
            DM,
            Some(at(2004, 6, 7, 16, 23, 18, 0)),
            "trailer cut off in its thread block (the text ends there); entry kept",
        ),
    ];
    for (up_to, component, time, message) in cases {
        let end = full.find(up_to).expect("in the line") + up_to.len();
        let text = format!("{first}{}", &full[..end]);
        let p = parse_input("a", text.as_bytes());
        assert_eq!(p.entries.len(), 2, "{up_to}");
        assert_eq!(entries(&p)[1], (2, 2, component, time), "{up_to}");
        assert_eq!(p.report.problems, [problem(2, message)], "{up_to}");
    }
    // A blank line after the cut ends the entry the same way.
    let text = format!("{first}{}\n\nThanks\n", &full[..full.len() - 10]);
    let p = parse_input("a", text.as_bytes());
    assert_eq!(entries(&p)[1].0..=entries(&p)[1].1, 2..=2);
    assert_eq!(p.report.problems.len(), 1);
    assert_eq!(p.report.problems[0].line, 2);
}

#[test]
fn statmsg_lines_broken_inside_a_value_are_rejoined() {
    let p = sample("statmsg-wrapped-value.txt");
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.problems, []);
    assert_eq!(
        entries(&p),
        [
            (3, 4, DM, Some(at(2004, 6, 7, 16, 23, 16, 472))),
            (5, 6, DM, Some(at(2004, 6, 7, 16, 23, 17, 0))),
        ]
    );
    let found = statuses(&p);
    let strings: Vec<(usize, u32, Vec<&str>)> = found
        .iter()
        .map(|(line, m)| (*line, m.id, m.strings.iter().map(|s| &**s).collect()))
        .collect();
    assert_eq!(
        strings,
        [
            // Broken inside a word: joined without a space.
            (
                3,
                2328,
                vec![
                    "CEN00012",
                    r"\\SRCSRV\packages\office xp",
                    r"\\DP01\SMSPKGC$\CEN00012\"
                ]
            ),
            // Broken at a space the paste kept at the line's end: one space.
            (5, 2302, vec!["CEN00012", r"\\SRCSRV\packages\office xp"]),
        ]
    );
    assert_eq!(found[0].1.package_id.as_deref(), Some("CEN00012"));
}

#[test]
fn breaks_outside_quoted_values_still_join_with_a_space() {
    // An unquoted GMTDATE broken between its words, and a break between keys.
    let text = "STATMSG: ID=2328 SEV=E GMTDATE=Mon Jun 07\n23:23:16.472 2004 ISTR0=\"CEN00012\"\nISTR1=\"x\"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004><thread=1>\n";
    let p = parse_input("a", text.as_bytes());
    assert_eq!(p.report.problems, []);
    let found = statuses(&p);
    assert_eq!(found.len(), 1);
    let m = found[0].1;
    assert_eq!(m.time.utc, Some(at(2004, 6, 7, 23, 23, 16, 472).and_utc()));
    assert_eq!(m.strings, ["CEN00012".into(), "x".into()]);
    // A continuation line that starts with white space was broken at it.
    let text = "STATMSG: ID=2328 SEV=E ISTR0=\"office\n  xp\"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004><thread=1>\n";
    let p = parse_input("a", text.as_bytes());
    assert_eq!(statuses(&p)[0].1.strings, ["office xp".into()]);
}

#[test]
fn regedit5_header_with_a_comment() {
    let p = sample("reg5-header-comment.reg");
    assert_eq!(p.report.format, Format::Reg);
    assert_eq!(p.report.problems, []);
    assert_eq!((p.report.keys, p.report.values), (Some(1), Some(1)));
    let key = match &p.evidence[0].fact {
        Fact::RegistryKey(k) => k,
        other => panic!("not a key: {other:?}"),
    };
    assert_eq!(p.evidence[0].line, 3);
    assert_eq!(
        key.path,
        r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_DISTRIBUTION_MANAGER\Retry History\CEN00012"
    );
    assert_eq!(
        key.values,
        [RegValue {
            name: "Retry Count".to_owned(),
            data: RegData::Dword(5),
        }]
    );
    // Other text after the header, or a comment after the older headers:
    // not a header.
    for text in [
        "Windows Registry Editor Version 5.00 x\n[HKEY_LOCAL_MACHINE\\A]\n",
        "Windows Registry Editor Version 5.001\n[HKEY_LOCAL_MACHINE\\A]\n",
        "REGEDIT4 ; c\n[HKEY_LOCAL_MACHINE\\A]\n",
    ] {
        let p = parse_input("a", text.as_bytes());
        assert_eq!(p.report.keys, None, "{text:?}");
    }
    let p = parse_input(
        "a",
        b"Windows Registry Editor Version 5.00;no space\t\n[HKEY_LOCAL_MACHINE\\A]\n",
    );
    assert_eq!(p.report.keys, Some(1));
}
