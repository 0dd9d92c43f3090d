//! SQL query results: SSMS's "Copy with Headers" (tab-separated) and CSV
//! files, read into a result fact and one row fact per row, on the samples
//! `tests/data/parse/sql-*` and on pastes made here.

use kbwiz_engine::evidence::{Fact, Format, SqlRow};
use kbwiz_engine::parse::parse_input;
use proptest::prelude::*;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/../../tests/data/parse/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("sample")
}

/// A row's cells as `(column, value)`.
type Cells = Vec<(String, Option<String>)>;

/// Each row fact as `(line, header line, cells)`.
fn rows(bytes: &[u8]) -> Vec<(usize, usize, Cells)> {
    parse_input("paste", bytes)
        .evidence
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::SqlRow(SqlRow { header_line, cells }) => Some((
                e.line,
                *header_line,
                cells
                    .iter()
                    .map(|c| (c.column.to_string(), c.value.clone()))
                    .collect(),
            )),
            _ => None,
        })
        .collect()
}

fn cells(pairs: &[(&str, Option<&str>)]) -> Cells {
    pairs
        .iter()
        .map(|(c, v)| (c.to_string(), v.map(str::to_string)))
        .collect()
}

#[test]
fn an_ssms_copy_with_headers_gives_one_fact_per_row() {
    let bytes = sample("sql-ssms-copy.tsv");
    let parsed = parse_input("sql-ssms-copy.tsv", &bytes);
    assert_eq!(parsed.report.format, Format::SqlResults);
    assert_eq!(parsed.report.entries, 4);
    assert!(parsed.report.problems.is_empty());
    let Fact::SqlResult(result) = &parsed.evidence[0].fact else {
        panic!("{:?}", parsed.evidence[0]);
    };
    let names: Vec<&str> = result.columns.iter().map(|c| &**c).collect();
    assert_eq!(names, ["PkgID", "DPNALPath", "SiteCode", "SMSSiteCode"]);
    let nal = r#"["Display=\\DP01.contoso.com\"]MSWNET:["SMS_SITE=PS2"]\\DP01.contoso.com\"#;
    let rows = rows(&bytes);
    assert_eq!(rows.len(), 4);
    assert_eq!(
        rows[0],
        (
            2,
            1,
            cells(&[
                ("PkgID", Some("PS100012")),
                ("DPNALPath", Some(nal)),
                ("SiteCode", Some("PS2")),
                ("SMSSiteCode", Some("PS1"))
            ])
        )
    );
    // SSMS writes NULL for a null.
    assert_eq!(rows[3].2[2], ("SiteCode".to_string(), None));
}

#[test]
fn a_csv_file_with_quotes_line_breaks_and_an_empty_result() {
    let bytes = sample("sql-results.csv");
    let parsed = parse_input("sql-results.csv", &bytes);
    assert_eq!(parsed.report.format, Format::SqlResults);
    assert_eq!(parsed.report.entries, 4);
    let problems: Vec<(usize, &str)> = parsed
        .report
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [(
            7,
            "a result row of 5 cells under a header of 4 columns (line 1); row skipped"
        )]
    );
    let rows = rows(&bytes);
    let lines: Vec<usize> = rows.iter().map(|r| r.0).collect();
    assert_eq!(lines, [2, 3, 4, 6]);
    assert_eq!(
        rows[0].2[1].1.as_deref(),
        Some("Endpoint Protection, definitions")
    );
    assert_eq!(rows[1].2[1].1.as_deref(), Some("Defender \"monthly\""));
    assert_eq!(
        rows[2].2[1].1.as_deref(),
        Some("Office, two lines\nof name")
    );
    assert_eq!(
        rows[3].2,
        cells(&[
            ("PackageID", Some("PS100034")),
            ("Name", None),
            ("PkgSourcePath", None),
            ("PackageType", Some("5"))
        ])
    );
    // The header at line 10 has no rows: an empty result, still a fact.
    let results: Vec<(usize, usize)> = parsed
        .evidence
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::SqlResult(r) => Some((e.line, r.columns.len())),
            _ => None,
        })
        .collect();
    assert_eq!(results, [(1, 4), (10, 2)]);
}

#[test]
fn columns_in_any_order_are_read_by_name() {
    let text = "SiteCode,PkgID,DPNALPath\r\nPS2,PS100012,\\\\DP01\\\r\n";
    let parsed = parse_input("paste", text.as_bytes());
    let row = parsed
        .evidence
        .iter()
        .find_map(|e| match &e.fact {
            Fact::SqlRow(r) => Some(r.clone()),
            _ => None,
        })
        .expect("a row");
    assert_eq!(row.value("pkgid"), Some("PS100012"));
    assert_eq!(row.value("SITECODE"), Some("PS2"));
    assert_eq!(row.value("DPNALPath"), Some("\\\\DP01\\"));
    assert_eq!(row.value("Missing"), None);
}

#[test]
fn a_line_that_only_looks_like_a_header_is_read_as_before() {
    // A wrapped SMS log entry whose first line has a comma between two
    // words: not a result (the next line is no row), so the entry stays whole.
    let text = "Alpha,Beta\r\nStart deleting the package CEN00012...  $$<SMS_DISTRIBUTION_MANAGER><Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time><thread=297 (0x129)>\r\n";
    let parsed = parse_input("paste", text.as_bytes());
    assert_eq!(parsed.report.format, Format::SmsLog);
    assert_eq!(parsed.report.blocks, [Format::SmsLog]);
    assert_eq!(parsed.entries.len(), 1);
    assert_eq!(
        (parsed.entries[0].first_line, parsed.entries[0].last_line),
        (1, 2)
    );
}

#[test]
fn a_result_after_a_log_and_before_a_status_export() {
    let text = "Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Fri Oct 15 17:09:46.677 1999 Pacific Daylight Time><thread=297 (0x129)>\r\n\
                \r\n\
                PkgID\tSiteCode\r\n\
                PS100012\tPS2\r\n\
                \r\n\
                Message ID\tSeverity\tDate / Time\tDescription\r\n\
                2302\tError\t6/7/2004 9:05:12 AM\tfailed\r\n";
    let parsed = parse_input("paste", text.as_bytes());
    assert_eq!(
        parsed.report.blocks,
        [Format::SmsLog, Format::SqlResults, Format::StatusExport]
    );
    let kinds: Vec<(usize, &str)> = parsed
        .evidence
        .iter()
        .map(|e| {
            let kind = match &e.fact {
                Fact::SqlResult(_) => "result",
                Fact::SqlRow(_) => "row",
                Fact::StatusMessage(_) => "status",
                _ => "other",
            };
            (e.line, kind)
        })
        .collect();
    assert_eq!(kinds, [(3, "result"), (4, "row"), (7, "status")]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    /// Any bytes under a result header: no panic, every row fact has as
    /// many cells as the header has columns.
    #[test]
    fn any_bytes_under_a_header(data in proptest::collection::vec(any::<u8>(), 0..512), tab in any::<bool>()) {
        let mut input = if tab { b"A\tB\tC\n".to_vec() } else { b"A,B,C\n".to_vec() };
        input.extend_from_slice(&data);
        let parsed = parse_input("fuzz", &input);
        for e in &parsed.evidence {
            if let Fact::SqlRow(r) = &e.fact {
                prop_assert_eq!(r.cells.len(), 3);
            }
        }
        // Arbitrary bytes alone, too.
        let _ = parse_input("fuzz", &data);
    }
}
