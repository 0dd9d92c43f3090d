//! Several CMTrace logs from servers in different time zones, each line
//! carrying its server's bias (`time="HH:MM:SS.mmm+BIAS"`, UTC = local +
//! bias), merged on one UTC timeline: New York (+300), Berlin (-60) and
//! Tokyo (-540, whose local date is a day ahead of UTC for part of the day).

use chrono::{TimeZone, Utc};
use kbwiz_engine::parse::parse_input;
use kbwiz_engine::steps::{self, run_ready, Turn};
use kbwiz_engine::summary::timeline;

mod scenario;

fn line(msg: &str, time: &str, date: &str, thread: u32) -> String {
    format!(
        "<![LOG[{msg}]LOG]!><time=\"{time}\" date=\"{date}\" component=\"SMS_DISTRIBUTION_MANAGER\" context=\"\" type=\"1\" thread=\"{thread}\" file=\"\">\r\n"
    )
}

#[test]
fn three_servers_in_three_zones_merge_on_utc() {
    // UTC 23:58:00, 23:59:30 and 00:00:45 (next day), and one each between.
    let new_york = [
        line("ny first", "18:58:00.000+300", "11-18-2026", 10),
        line("ny third", "19:00:45.250+300", "11-18-2026", 10),
    ]
    .concat();
    let berlin = [
        line("berlin second", "00:59:30.000-060", "11-19-2026", 20),
        line("berlin fourth", "01:01:00.000-060", "11-19-2026", 20),
    ]
    .concat();
    let tokyo = [
        line("tokyo zeroth", "08:57:59.999-540", "11-19-2026", 30),
        line("tokyo fifth", "09:02:00.000-540", "11-19-2026", 30),
    ]
    .concat();
    let parsed: Vec<_> = [
        ("ny.log", new_york),
        ("berlin.log", berlin),
        ("tokyo.log", tokyo),
    ]
    .iter()
    .map(|(n, t)| parse_input(n, t.as_bytes()))
    .collect();
    for p in &parsed {
        assert!(p.report.problems.is_empty(), "{:?}", p.report.problems);
        assert_eq!(p.entries.len(), 2);
    }
    let inputs: Vec<_> = parsed
        .iter()
        .map(|p| (p.entries.as_slice(), p.evidence.as_slice()))
        .collect();
    let rows = timeline(&inputs);
    let order: Vec<(usize, usize)> = rows.iter().map(|r| (r.input, r.line)).collect();
    assert_eq!(order, [(2, 1), (0, 1), (1, 1), (0, 2), (1, 2), (2, 2)]);
    let utc: Vec<String> = rows
        .iter()
        .map(|r| r.time.utc.expect("a bias gives UTC").to_rfc3339())
        .collect();
    assert_eq!(
        utc,
        [
            "2026-11-18T23:57:59.999+00:00",
            "2026-11-18T23:58:00+00:00",
            "2026-11-18T23:59:30+00:00",
            "2026-11-19T00:00:45.250+00:00",
            "2026-11-19T00:01:00+00:00",
            "2026-11-19T00:02:00+00:00",
        ]
    );
    // Local times and biases are kept as written.
    let tokyo_first = &rows[0].time;
    assert_eq!(tokyo_first.bias_minutes, Some(-540));
    assert_eq!(
        tokyo_first.local.map(|l| l.to_string()).as_deref(),
        Some("2026-11-19 08:57:59.999")
    );
    assert_eq!(
        rows[1].time.utc,
        Some(Utc.with_ymd_and_hms(2026, 11, 18, 23, 58, 0).unwrap())
    );
}

#[test]
fn biases_as_servers_write_them() {
    // Seven-digit fractions, a bias without leading zeros, a zero bias
    // with a minus sign, an unpadded date, and no bias at all (local time,
    // no UTC).
    let text = [
        line("a", "19:00:45.2500000+300", "11-18-2026", 1),
        line("b", "01:01:00.000-60", "11-19-2026", 1),
        line("c", "00:00:10.000-000", "11-19-2026", 1),
        line("d", "9:05:00.000+480", "1-2-2027", 1),
        line("e", "09:05:00.000", "01-02-2027", 1),
    ]
    .concat();
    let p = parse_input("mixed.log", text.as_bytes());
    assert!(p.report.problems.is_empty(), "{:?}", p.report.problems);
    let utc: Vec<Option<String>> = p
        .entries
        .iter()
        .map(|e| e.time.utc.map(|u| u.to_rfc3339()))
        .collect();
    assert_eq!(
        utc,
        [
            Some("2026-11-19T00:00:45.250+00:00".to_string()),
            Some("2026-11-19T00:01:00+00:00".to_string()),
            Some("2026-11-19T00:00:10+00:00".to_string()),
            Some("2027-01-02T17:05:00+00:00".to_string()),
            None,
        ]
    );
    let biases: Vec<Option<i32>> = p.entries.iter().map(|e| e.time.bias_minutes).collect();
    assert_eq!(biases, [Some(300), Some(-60), Some(0), Some(480), None]);
}

/// The timeline as first written: every row a copy of its time and
/// component, a status message's line looked up in a set for every line
/// of every entry, each row's time worked out at every comparison. The
/// reference that [`timeline`] (rows made from [`Timeline`]'s references)
/// must agree with.
fn timeline_reference(
    inputs: &[(
        &[kbwiz_engine::evidence::Entry],
        &[kbwiz_engine::evidence::Evidence],
    )],
) -> Vec<kbwiz_engine::summary::TimelineRow> {
    use kbwiz_engine::evidence::Fact;
    use kbwiz_engine::summary::TimelineRow;
    use std::cmp::Ordering;
    let mut rows = Vec::new();
    for (n, (entries, evidence)) in inputs.iter().enumerate() {
        let mut statmsg_lines = std::collections::BTreeSet::new();
        for e in evidence.iter() {
            if let Fact::StatusMessage(m) = &e.fact {
                statmsg_lines.insert(e.line);
                rows.push(TimelineRow {
                    input: n,
                    line: e.line,
                    time: m.time.clone(),
                    component: m.component.clone(),
                    severity: m.severity,
                    message: Some(m.id),
                });
            }
        }
        for entry in entries.iter() {
            if (entry.first_line..=entry.last_line).any(|l| statmsg_lines.contains(&l)) {
                continue;
            }
            rows.push(TimelineRow {
                input: n,
                line: entry.first_line,
                time: entry.time.clone(),
                component: entry.component.clone(),
                severity: entry.severity,
                message: None,
            });
        }
    }
    rows.sort_by(|a, b| {
        let (ta, tb) = (a.time.sort_key(), b.time.sort_key());
        match (ta, tb) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
        .then(a.input.cmp(&b.input))
        .then(a.line.cmp(&b.line))
    });
    rows
}

/// The generated logs (several components, threads and days, a zone
/// change; and the benchmark's log), entries with no readable time, every
/// scenario's files, in both orders: the timeline is the reference's, row
/// for row, made in one go or a piece at a time, and "next error" finds
/// the reference's next error row.
#[test]
fn the_timeline_agrees_with_its_reference() {
    use kbwiz_engine::evidence::Severity;
    use kbwiz_engine::summary::Timeline;
    let mut texts: Vec<(String, Vec<u8>)> = vec![
        (
            "mixed.log".into(),
            kbwiz_engine::sample::mixed_log(3 << 20).into_bytes(),
        ),
        (
            "distmgr.log".into(),
            kbwiz_engine::sample::distmgr_log(1 << 20).into_bytes(),
        ),
        (
            "untimed.log".into(),
            b"First  $$<SMS_DISTRIBUTION_MANAGER><not a date><thread=1 (0x1)>\r\n\
              Second  $$<SMS_DISTRIBUTION_MANAGER><not a date><thread=1 (0x1)>\r\n"
                .to_vec(),
        ),
    ];
    texts.extend(scenario::all_inputs());
    let parsed: Vec<_> = texts.iter().map(|(n, t)| parse_input(n, t)).collect();
    let mut inputs: Vec<_> = parsed
        .iter()
        .map(|p| (p.entries.as_slice(), p.evidence.as_slice()))
        .collect();
    for _ in 0..2 {
        let reference = timeline_reference(&inputs);
        assert!(reference.len() > 30_000, "{} rows", reference.len());
        assert!(reference.iter().any(|r| r.message.is_some()));
        assert!(reference.iter().any(|r| r.time.sort_key().is_none()));
        assert_eq!(timeline(&inputs), reference);
        let merged = Timeline::of(&inputs);
        assert_eq!(merged.len(), reference.len());
        // Gathered, sorted in runs and merged a piece at a time: the same.
        for step in [1, 5, 4_096] {
            let go = |_| std::future::ready(Turn::Go);
            let stepped = run_ready(steps::timeline(&inputs, step, go));
            assert_eq!(stepped.as_ref(), Some(&merged), "step {step}");
        }
        let errors: Vec<usize> = (0..reference.len())
            .filter(|&i| reference[i].severity == Some(Severity::Error))
            .collect();
        assert!(errors.len() > 10, "{} error rows", errors.len());
        for from in [
            0,
            1,
            errors[3],
            errors[3] + 1,
            reference.len() - 1,
            reference.len() + 5,
        ] {
            let expected = errors
                .iter()
                .find(|&&e| e >= from)
                .or(errors.first())
                .copied();
            assert_eq!(
                merged.next_of(Severity::Error, from),
                expected,
                "from {from}"
            );
        }
        assert_eq!(merged.row(reference.len(), &inputs), None);
        // Each status message's row gives that message; an entry's, none.
        for (at, row) in reference.iter().enumerate() {
            let message = merged.message(at, &inputs).map(|(line, m)| (line, m.id));
            assert_eq!(message, row.message.map(|id| (row.line, id)), "row {at}");
        }
        inputs.reverse();
    }
}
