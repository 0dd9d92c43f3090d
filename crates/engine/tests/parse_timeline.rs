//! Several CMTrace logs from servers in different time zones, each line
//! carrying its server's bias (`time="HH:MM:SS.mmm+BIAS"`, UTC = local +
//! bias), merged on one UTC timeline: New York (+300), Berlin (-60) and
//! Tokyo (-540, whose local date is a day ahead of UTC for part of the day).

use chrono::{TimeZone, Utc};
use kbwiz_engine::parse::parse_input;
use kbwiz_engine::summary::timeline;

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
