//! The `kbwiz` binary end to end: JSON shapes, exact figures, stdin and exit
//! codes (0 when the inputs were read, 2 on usage or I/O errors).

mod common;

use common::kbwiz;
use serde_json::Value;

fn data(rel: &str) -> String {
    format!("{}/../../tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("valid JSON")
}

#[test]
fn scan_json_reports_a_utf16_reg_export() {
    let path = data("parse/retry-history-utf16.reg");
    let (code, out, _) = kbwiz(&["scan", "--json", &path], None);
    assert_eq!(code, 0);
    let v = json(&out);
    let input = &v["inputs"][0];
    assert_eq!(input["path"], path.as_str());
    assert_eq!(input["format"], "reg");
    assert_eq!(input["keys"], 3);
    assert_eq!(input["values"], 6);
    assert_eq!(input["problems"], Value::Array(vec![]));
    let kinds: Vec<&str> = v["evidence"]
        .as_array()
        .expect("evidence")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["registry_key"; 3]);
}

#[test]
fn diagnose_reads_stdin_and_confirms_the_full_fault() {
    let log = std::fs::read(data("scenarios/full-fault/distmgr.log")).expect("scenario");
    let (code, out, _) = kbwiz(&["diagnose", "--json", "-"], Some(&log));
    assert_eq!(code, 0);
    let v = json(&out);
    let f = &v["findings"][0];
    assert_eq!(f["article"], "Q319207");
    assert_eq!(f["verdict"], "confirmed");
    assert_eq!(f["outcome"], "confirmed");
    let first = &f["evidence"][0];
    assert_eq!(first["kind"], "status_message");
    assert_eq!(first["path"], "-");
    assert_eq!(first["line"], 5);
}

#[test]
fn simulate_json_gives_the_hand_worked_totals() {
    let args = [
        "simulate",
        "--json",
        "--sites",
        "3",
        "--failing",
        "1",
        "--hours",
        "5",
        "--other-s",
        "0",
    ];
    let (code, out, _) = kbwiz(&args, None);
    assert_eq!(code, 0);
    let v = json(&out);
    let totals: Vec<u64> = ["retries", "created", "sent", "peak_backlog", "backlog_end"]
        .iter()
        .map(|k| v[k].as_u64().expect("number"))
        .collect();
    assert_eq!(totals, [4, 15, 15, 3, 0]);
    assert_eq!(v["series"].as_array().map(Vec::len), Some(5));
}

#[test]
fn missing_files_and_bad_usage_exit_2() {
    let (code, _, err) = kbwiz(&["scan", "no-such-file.log"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read no-such-file.log"), "{err}");
    let (code, _, _) = kbwiz(&["frobnicate"], None);
    assert_eq!(code, 2);
    let (code, _, _) = kbwiz(&["simulate", "--sites", "many"], None);
    assert_eq!(code, 2);
}
