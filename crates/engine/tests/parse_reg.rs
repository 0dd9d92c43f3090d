//! Behaviour of the regedit export parser: UTF-16LE with BOM, REGEDIT4 edge
//! cases with CR-only line ends and Ctrl-Z, bad lines that do not stop the
//! parse, and the unsupported Windows 3.1 format.

use kbwiz_engine::evidence::{Fact, Format, Problem, RegData, RegValue, RegistryKey};
use kbwiz_engine::parse::{parse_input, ParsedInput};

mod common;
use common::sample;

fn keys(p: &ParsedInput) -> Vec<(usize, &RegistryKey)> {
    p.evidence
        .iter()
        .map(|e| match &e.fact {
            Fact::RegistryKey(k) => (e.line, k),
            other => panic!("not a key: {other:?}"),
        })
        .collect()
}

fn value(name: &str, data: RegData) -> RegValue {
    RegValue {
        name: name.to_owned(),
        data,
    }
}

const RETRY: &str =
    r"HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SMS\Components\SMS_DISTRIBUTION_MANAGER\Retry History";

#[test]
fn utf16le_export_with_bom() {
    let p = sample("retry-history-utf16.reg");
    assert_eq!(p.report.format, Format::Reg);
    assert_eq!((p.report.keys, p.report.values), (Some(3), Some(6)));
    assert_eq!(p.report.entries, 9);
    assert_eq!(p.report.problems, []);
    let k = keys(&p);
    assert_eq!(
        k[0],
        (
            3,
            &RegistryKey {
                path: RETRY.to_owned(),
                deleted: false,
                values: vec![]
            }
        )
    );
    assert_eq!(k[1].0, 5);
    assert_eq!(k[1].1.path, format!(r"{RETRY}\CEN00012"));
    assert_eq!(
        k[1].1.values,
        [
            value("Retry Count", RegData::Dword(26)),
            value(
                "Last Attempt",
                RegData::String("Mon Jun 07 16:23:17 2004".to_owned())
            ),
            value("Source", RegData::ExpandString("%SMS_SRC%".to_owned())),
            value(
                "Sites",
                RegData::MultiString(vec!["PR1".to_owned(), "PR2".to_owned()])
            ),
        ]
    );
    assert_eq!(
        k[2].1.values,
        [
            value("", RegData::String("default".to_owned())),
            value("Retry Count", RegData::Dword(3))
        ]
    );
}

#[test]
fn regedit4_edge_cases_cr_only_and_ctrl_z() {
    let p = sample("regedit4-edge.reg");
    assert_eq!(p.report.format, Format::Reg);
    assert_eq!((p.report.keys, p.report.values), (Some(3), Some(8)));
    let problems: Vec<(usize, &str)> = p
        .report
        .problems
        .iter()
        .map(|Problem { line, message }| (*line, message.as_str()))
        .collect();
    assert_eq!(
        problems,
        [
            (8, "dword:0ffffffff is not 1 to 8 hex digits; value \"TooLong\" skipped"),
            (13, "not a key, value or comment; ignored (as regedit does)"),
            (16, "root key HKLM is abbreviated (regedit needs HKEY_LOCAL_MACHINE); read as HKEY_LOCAL_MACHINE"),
        ]
    );
    let k = keys(&p);
    assert_eq!(
        k[0].1.values,
        [
            value(
                "Path",
                RegData::String(r#"C:\SMS\inboxes\say "hi""#.to_owned())
            ),
            value("", RegData::String("empty name is the default".to_owned())),
            value("Small", RegData::Dword(0)),
            // REGEDIT4: hex(2) is a single-byte string.
            value("Expand", RegData::ExpandString("%SMS%".to_owned())),
            value(
                "Split",
                RegData::Binary {
                    kind: 3,
                    bytes: vec![1, 2, 3, 4]
                }
            ),
            value("Gone", RegData::Delete),
            value("After", RegData::String("still read".to_owned())),
        ]
    );
    assert_eq!(
        k[1],
        (
            15,
            &RegistryKey {
                path: format!(r"{RETRY}\CEN00099"),
                deleted: true,
                values: vec![]
            }
        )
    );
    assert_eq!(k[2].1.path, r"HKEY_LOCAL_MACHINE\SOFTWARE\Test");
}

#[test]
fn windows31_regedit_is_reported_unsupported() {
    let p = sample("win31.reg");
    assert_eq!(p.report.format, Format::Reg);
    assert_eq!(p.evidence, []);
    assert_eq!(p.report.problems.len(), 1);
    assert_eq!(p.report.problems[0].line, 1);
    assert!(p.report.problems[0]
        .message
        .starts_with("Windows 3.1 REGEDIT format"));
}

#[test]
fn utf16_value_split_mid_code_unit_and_bad_lines_keep_going() {
    let text = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_CURRENT_USER\\T]\r\n\"A\"=hex(2):41,\\\r\n  00,42,00,00,00\r\n\"B\"=\"unterminated\r\n\"C\" = dword:00000002\r\n\"D\"=hex:zz\r\n\"E\"=hex(7):41,00,00,00,\r\n\"F\"=str\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let p = parse_input("t.reg", &bytes);
    let k = keys(&p);
    assert_eq!(
        k[0].1.values,
        [
            value("A", RegData::ExpandString("AB".to_owned())),
            value("C", RegData::Dword(2)),
            value("E", RegData::MultiString(vec!["A".to_owned()])),
        ]
    );
    let lines: Vec<usize> = p.report.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [6, 8, 10]);
}

#[test]
fn value_before_any_key_and_unknown_root() {
    let p = parse_input(
        "t.reg",
        b"REGEDIT4\n\"x\"=\"y\"\n[HKEY_NOWHERE\\a]\n\"z\"=\"w\"\n[HKEY_USERS\\.DEFAULT]\n@=\"d\"\n",
    );
    let messages: Vec<(usize, &str)> = p
        .report
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [
            (2, "value before any key; skipped"),
            (
                3,
                "unknown root key \"HKEY_NOWHERE\"; key and its values skipped"
            )
        ]
    );
    assert_eq!((p.report.keys, p.report.values), (Some(1), Some(1)));
}
