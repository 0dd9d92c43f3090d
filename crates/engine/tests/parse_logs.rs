//! Behaviour of the log parsers on the samples in tests/data/parse: SMS 2.0,
//! SMS 1.x and ConfigMgr trailers, STATMSG lines, wrapped pastes, CMTrace.

use chrono::{NaiveDate, NaiveDateTime};
use kbwiz_engine::evidence::{Evidence, Fact, Format, Severity, StatusMessage, StatusOrigin};
use kbwiz_engine::parse::parse_input;

mod common;
use common::sample;

fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, ms: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, mo, d)
        .and_then(|d| d.and_hms_milli_opt(h, mi, s, ms))
        .expect("valid date")
}

fn status(e: &Evidence) -> &StatusMessage {
    match &e.fact {
        Fact::StatusMessage(m) => m,
        other => panic!("not a status message: {other:?}"),
    }
}

#[test]
fn sms20_distmgr_log() {
    let p = sample("distmgr.log");
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.entries, 10);
    assert_eq!(p.report.problems, []);
    let ids: Vec<(usize, u32)> = p.evidence.iter().map(|e| (e.line, status(e).id)).collect();
    assert_eq!(ids, [(4, 2300), (6, 2328), (7, 2302), (8, 2339), (9, 2339)]);

    let m = status(&p.evidence[1]);
    assert_eq!(m.origin, Some(StatusOrigin::Statmsg));
    assert_eq!(m.severity, Some(Severity::Error));
    assert_eq!(m.component.as_deref(), Some("SMS_DISTRIBUTION_MANAGER"));
    assert_eq!(m.site.as_deref(), Some("CEN"));
    assert_eq!(m.system.as_deref(), Some("CENTRAL1"));
    assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
    // ISTR3..ISTR9 are empty: the list ends at the last non-empty one.
    assert_eq!(m.strings.len(), 3);
    assert_eq!(&*m.strings[1], r"\\SRCSRV\packages\officexp");
    assert_eq!(&*m.strings[2], r"\\DP01\SMSPKGC$\CEN00012\");
    assert_eq!(m.time.local, Some(at(2004, 6, 7, 16, 23, 16, 472)));
    assert_eq!(m.time.utc, Some(at(2004, 6, 7, 23, 23, 16, 472).and_utc()));
    assert_eq!(m.time.bias_minutes, Some(420));
    assert_eq!(m.time.zone.as_deref(), Some("Pacific Daylight Time"));
    assert_eq!(&*status(&p.evidence[4]).strings[1], "PR2");

    // Entries carry the component and time, not the text.
    let first = &p.entries[0];
    assert_eq!((first.first_line, first.last_line), (1, 1));
    assert_eq!(first.component.as_deref(), Some("SMS_DISTRIBUTION_MANAGER"));
    assert_eq!(first.severity, None);
    assert_eq!(p.entries[5].severity, Some(Severity::Error));
    // Unpadded day and hour, no zone, a 32-bit thread ID.
    let last = &p.entries[9];
    assert_eq!(last.time.local, Some(at(2004, 6, 7, 4, 23, 17, 60)));
    assert_eq!(last.time.utc, None);
    assert_eq!(last.time.zone, None);
}

#[test]
fn sms1x_trailers() {
    let p = sample("sms1x-sched.log");
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.entries, 2);
    assert_eq!(p.report.problems, []);
    assert_eq!(p.entries[1].component.as_deref(), Some("SMS_SCHEDULER"));
    assert_eq!(p.entries[1].time.local, Some(at(1996, 11, 6, 8, 49, 38, 0)));
    assert_eq!(p.entries[1].time.utc, None);
}

#[test]
fn configmgr_numeric_trailers_and_quoted_istr() {
    let p = sample("configmgr-distmgr.log");
    assert_eq!(p.report.entries, 2);
    assert_eq!(p.report.problems, []);
    assert_eq!(
        p.entries[0].time.utc,
        Some(at(2016, 8, 22, 11, 15, 1, 917).and_utc())
    );
    let m = status(&p.evidence[0]);
    assert_eq!(m.id, 2328);
    assert_eq!(
        &*m.strings[2],
        r#"["Display=\\DP01\"]MSWNET:["SMS_SITE=CEN"]\\DP01\"#
    );
    assert_eq!(m.time.bias_minutes, Some(420));
    assert_eq!(m.time.utc, Some(at(2016, 8, 22, 11, 15, 2, 120).and_utc()));
}

#[test]
fn wrapped_paste_is_rejoined() {
    let p = sample("wrapped-paste.txt");
    assert_eq!(p.report.format, Format::SmsLog);
    assert_eq!(p.report.problems, []);
    let spans: Vec<(usize, usize)> = p
        .entries
        .iter()
        .map(|e| (e.first_line, e.last_line))
        .collect();
    // Message on line 3, trailer split after $$<COMPONENT> on line 4; the
    // STATMSG over lines 6-11 with its trailer broken inside the date and thread.
    assert_eq!(spans, [(3, 5), (6, 11), (12, 12)]);
    assert_eq!(p.evidence.len(), 1);
    let e = &p.evidence[0];
    assert_eq!(e.line, 6);
    assert!(e.text.ends_with("<thread=1288 (0x508)>"), "{}", e.text);
    let m = status(e);
    assert_eq!(m.id, 2328);
    assert_eq!(
        m.strings.iter().map(|s| &**s).collect::<Vec<_>>(),
        [
            "CEN00012",
            r"\\SRCSRV\packages\office xp",
            r"\\DP01\SMSPKGC$\CEN00012\"
        ]
    );
    assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
    assert_eq!(m.time.local, Some(at(2004, 6, 7, 16, 23, 16, 472)));
}

#[test]
fn trailerless_lines_inside_a_log_are_reported() {
    let text = "a  $$<C><Mon Jun 07 16:20:01.015 2004><thread=1>\nno trailer here\n\nb  $$<C><Mon Jun 07 16:20:02.015 2004><thread=1>\n";
    let p = parse_input("x.log", text.as_bytes());
    assert_eq!(p.report.entries, 2);
    assert_eq!(p.report.problems.len(), 1);
    assert_eq!(p.report.problems[0].line, 2);
    assert_eq!(
        p.report.problems[0].message,
        "log text without a $$<component><date><thread> trailer; skipped"
    );
}

#[test]
fn cmtrace_log_with_multiline_message() {
    let p = sample("cmtrace.log");
    assert_eq!(p.report.format, Format::CmtraceLog);
    assert_eq!(p.report.entries, 3);
    assert_eq!(p.report.problems, []);
    let spans: Vec<(usize, usize, Option<Severity>)> = p
        .entries
        .iter()
        .map(|e| (e.first_line, e.last_line, e.severity))
        .collect();
    assert_eq!(
        spans,
        [
            (1, 1, Some(Severity::Info)),
            (2, 3, Some(Severity::Error)),
            (4, 4, Some(Severity::Error))
        ]
    );
    assert_eq!(p.entries[0].time.bias_minutes, Some(480));
    assert_eq!(
        p.entries[0].time.utc.map(|u| u.to_string()).as_deref(),
        Some("2015-01-02 18:22:50.842296400 UTC")
    );
    let m = status(&p.evidence[0]);
    assert_eq!((m.id, p.evidence[0].line), (2302, 4));
    assert_eq!(m.package_id.as_deref(), Some("CEN00012"));
    // No bias on that line: UTC comes from GMTDATE, local from the entry.
    assert_eq!(m.time.utc, Some(at(2015, 1, 2, 18, 22, 51, 100).and_utc()));
    assert_eq!(m.time.local, Some(at(2015, 1, 2, 10, 22, 51, 100)));
}

#[test]
fn cmtrace_clipboard_copy() {
    let p = sample("cmtrace-copy.txt");
    assert_eq!(p.report.format, Format::CmtraceLog);
    assert_eq!(p.report.entries, 2);
    assert_eq!(p.report.problems, []);
    assert_eq!(
        p.entries[0].component.as_deref(),
        Some("SMS_DISTRIBUTION_MANAGER")
    );
    assert_eq!(
        p.entries[0].time.local,
        Some(at(2018, 10, 9, 15, 36, 30, 0))
    );
    let m = status(&p.evidence[0]);
    assert_eq!(m.id, 2339);
    assert_eq!(
        m.strings.iter().map(|s| &**s).collect::<Vec<_>>(),
        ["CEN00012", "PR1"]
    );
}

#[test]
fn unterminated_cmtrace_entry_is_reported() {
    let p = parse_input("c.log", b"<![LOG[never closed\nmore\n");
    assert_eq!(p.report.entries, 0);
    assert_eq!(p.report.problems.len(), 1);
    assert_eq!(p.report.problems[0].line, 1);
    assert_eq!(
        p.report.problems[0].message,
        "CMTrace entry not closed by ]LOG]!><...> within 2 lines; skipped"
    );
}
