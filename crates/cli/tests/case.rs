//! `kbwiz redact`, `kbwiz diagnose --case-out [--redacted] --undo` and
//! `kbwiz case open`: a case written by the CLI opens in the CLI with the
//! same findings and the same printed diagnosis; a redacted one prints no
//! original value and its map is written apart; `kbwiz redact --json`
//! prints the engine's redaction; bad case files fail with their JSON path.

mod common;

use kbwiz_engine::api;
use kbwiz_engine::kb::Kb;

fn data(rel: &str) -> String {
    format!("{}/../../tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("kbwiz-case-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn ok(args: &[&str]) -> (String, String) {
    let (code, out, err) = common::kbwiz(args, None);
    assert_eq!(code, 0, "{args:?}: {err}");
    (out, err)
}

fn files() -> Vec<String> {
    vec![
        data("scenarios/full-fault/distmgr.log"),
        data("scenarios/export-and-reg/retry-history.reg"),
        data("scenarios/export-and-reg/status-messages.txt"),
    ]
}

#[test]
fn a_case_opens_in_the_cli_with_the_same_diagnosis() {
    let dir = tmp("round");
    let case = dir.join("x.kbwiz-case.json");
    let case = case.to_str().expect("utf-8");
    let files = files();
    let mut args: Vec<&str> = vec!["diagnose", "--case-out", case];
    args.extend(files.iter().map(String::as_str));
    let (printed, _) = ok(&args);
    let (opened, err) = ok(&["case", "open", case]);
    assert_eq!(opened, printed);
    assert!(err.contains("the inputs are the originals"), "{err}");
    // The JSON: the triage's lists as `diagnose --json` prints them.
    let mut json_args: Vec<&str> = vec!["diagnose", "--json"];
    json_args.extend(files.iter().map(String::as_str));
    let diag: serde_json::Value = serde_json::from_str(&ok(&json_args).0).expect("json");
    let open: serde_json::Value =
        serde_json::from_str(&ok(&["case", "open", "--json", case]).0).expect("json");
    for list in ["findings", "not_assessed", "separations"] {
        assert_eq!(open[list], diag[list], "{list}");
    }
    assert_eq!(open["inputs_form"], "original");
    assert_eq!(open["differences"], serde_json::json!([]));
}

#[test]
fn a_redacted_case_prints_no_original_value_and_keeps_its_map_apart() {
    let dir = tmp("redacted");
    let case = dir.join("x.kbwiz-case.json");
    let undo = dir.join("undo.reg");
    let (case, undo) = (case.to_str().expect("utf-8"), undo.to_str().expect("utf-8"));
    let files = files();
    let mut args: Vec<&str> = vec!["diagnose", "--case-out", case, "--redacted", "--undo", undo];
    args.extend(files.iter().map(String::as_str));
    let (_, err) = ok(&args);
    let map_path = dir.join("x.map.json");
    assert!(
        err.contains("x.map.json (keep it, do not share it)"),
        "{err}"
    );
    let map: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&map_path).expect("map")).expect("json");
    let values: Vec<String> = map["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["value"].as_str().map(str::to_string))
        .collect();
    assert_eq!(values.len(), 11, "{values:?}");
    let (printed, err) = ok(&["case", "open", case]);
    assert!(err.contains("the inputs are redacted"), "{err}");
    let case_text = std::fs::read_to_string(case).expect("case");
    for value in [
        "CEN00012",
        "CENTRAL01",
        "DP01",
        "SRC01",
        "PR1",
        "Office2000",
        "SMSPKGC",
    ] {
        assert!(values.iter().any(|v| v == value), "{value} not in the map");
        assert!(!printed.contains(value), "case open prints {value}");
        assert!(!case_text.contains(value), "the case file holds {value}");
    }
    assert!(printed.contains("packages: J0100012"), "{printed}");
    // The undo was written from the original export (the admin's own).
    let undo_text = std::fs::read(undo).expect("undo");
    assert!(String::from_utf8_lossy(&undo_text).contains(r"Retry History\CEN00012]"));
}

#[test]
fn redact_writes_the_files_and_the_map_apart() {
    let dir = tmp("redact");
    let out = dir.join("share");
    let out_s = out.to_str().expect("utf-8");
    let files = files();
    let mut args: Vec<&str> = vec!["redact", "--out", out_s, "--json"];
    args.extend(files.iter().map(String::as_str));
    let (printed, _) = ok(&args);
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("read")))
        .collect();
    let refs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let red = api::redact(&refs, Kb::embedded());
    assert_eq!(
        printed,
        serde_json::to_string_pretty(&red).expect("json") + "\n"
    );
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .expect("out")
        .filter_map(|e| {
            e.ok()
                .and_then(|e| e.file_name().to_str().map(str::to_string))
        })
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["distmgr.log", "retry-history.reg", "status-messages.txt"]
    );
    assert_eq!(
        std::fs::read(out.join("retry-history.reg")).expect("reg"),
        red.inputs[1].bytes
    );
    assert!(dir.join("share.map.json").exists());
    // A map inside the shared folder is refused.
    let inside = out.join("map.json");
    let (code, _, err) = common::kbwiz(
        &[
            "redact",
            "--out",
            out_s,
            "--map",
            inside.to_str().expect("utf-8"),
            &files[0],
        ],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("meant for sharing"), "{err}");
}

#[test]
fn a_bad_case_file_fails_with_its_json_path() {
    let dir = tmp("bad");
    let path = dir.join("bad.kbwiz-case.json");
    std::fs::write(&path, r#"{"format":"kbwiz-case","version":1,"inputs_form":"both","inputs":[],"findings":[],"report":""}"#).expect("write");
    let (code, _, err) = common::kbwiz(&["case", "open", path.to_str().expect("utf-8")], None);
    assert_eq!(code, 2);
    assert!(
        err.contains("$.inputs_form: \"both\" is neither \"redacted\" nor \"original\""),
        "{err}"
    );
}
