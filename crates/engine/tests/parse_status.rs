//! Behaviour of the status-message readers: viewer exports with and without a
//! header, `Message ID:` lines as KB articles print them.

use chrono::NaiveDate;
use kbwiz_engine::evidence::{Fact, Format, Severity, StatusMessage, StatusOrigin};
use kbwiz_engine::parse::ParsedInput;

mod common;
use common::sample;

fn messages(p: &ParsedInput) -> Vec<(usize, &StatusMessage)> {
    p.evidence
        .iter()
        .map(|e| match &e.fact {
            Fact::StatusMessage(m) => (e.line, m),
            other => panic!("not a status message: {other:?}"),
        })
        .collect()
}

#[test]
fn export_with_header_in_another_order() {
    let p = sample("status-export.txt");
    assert_eq!(p.report.format, Format::StatusExport);
    assert_eq!(p.report.entries, 3);
    assert_eq!(p.report.problems.len(), 1);
    assert_eq!(p.report.problems[0].line, 5);
    assert_eq!(
        p.report.problems[0].message,
        "status row without a numeric message ID; skipped"
    );
    let m = messages(&p);
    let ids: Vec<(usize, u32, Option<Severity>)> =
        m.iter().map(|(l, m)| (*l, m.id, m.severity)).collect();
    assert_eq!(
        ids,
        [
            (2, 2328, Some(Severity::Error)),
            (3, 2302, Some(Severity::Error)),
            (4, 2339, Some(Severity::Info))
        ]
    );
    let first = m[0].1;
    assert_eq!(first.origin, Some(StatusOrigin::ViewerExport));
    assert_eq!(first.site.as_deref(), Some("CEN"));
    assert_eq!(first.system.as_deref(), Some("CENTRAL1"));
    assert_eq!(first.component.as_deref(), Some("SMS_DISTRIBUTION_MANAGER"));
    assert_eq!(
        first.time.local,
        NaiveDate::from_ymd_opt(2004, 6, 7).and_then(|d| d.and_hms_opt(16, 23, 16))
    );
    assert_eq!(first.time.utc, None);
    assert_eq!(
        m[2].1.description.as_deref(),
        Some("SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package \"CEN00012\" to child site \"PR1\".")
    );
    // Named fields are left to evidence::enrich.
    assert_eq!(first.package_id, None);
}

#[test]
fn export_without_header_day_first_dates() {
    let p = sample("status-noheader.txt");
    assert_eq!(p.report.format, Format::StatusExport);
    assert_eq!(p.report.problems, []);
    let m = messages(&p);
    assert_eq!(
        m.iter().map(|(_, m)| m.id).collect::<Vec<_>>(),
        [2328, 2339]
    );
    assert_eq!(
        m[1].1.time.local,
        NaiveDate::from_ymd_opt(2004, 6, 7).and_then(|d| d.and_hms_opt(16, 23, 17))
    );
    assert!(m[1]
        .1
        .description
        .as_deref()
        .is_some_and(|d| d.ends_with("child site \"PR2\".")));
}

#[test]
fn kb_message_id_lines_rejoin_wrapped_text() {
    let p = sample("kb-message-ids.txt");
    assert_eq!(p.report.format, Format::StatusExport);
    assert_eq!(p.report.entries, 3);
    assert_eq!(p.report.problems, []);
    let m = messages(&p);
    assert_eq!(
        m.iter().map(|(l, m)| (*l, m.id)).collect::<Vec<_>>(),
        [(3, 2328), (6, 2302), (9, 2339)]
    );
    assert_eq!(m[0].1.origin, Some(StatusOrigin::MessageIdLine));
    assert_eq!(
        m[2].1.description.as_deref(),
        Some("SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package CEN00012 to child site PR1.")
    );
    assert_eq!(
        p.evidence[1].text,
        "Message ID: 2302 - SMS Distribution Manager failed to process package Office XP (package ID = CEN00012)."
    );
}
