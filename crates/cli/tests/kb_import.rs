//! `kbwiz kb import`: the JSON extraction, the draft folder (which the
//! validator accepts and `--kb` loads), problems on stderr with line numbers,
//! and refusing to overwrite an article.

mod common;

use common::kbwiz;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/import")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kbwiz-kb-import-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

#[test]
fn json_prints_the_extraction() {
    let (code, out, err) = kbwiz(&["kb", "import", "--json", &fixture("Q900001.txt")], None);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["id"], "Q900001");
    assert_eq!(v["messages"][0]["id"], 9101);
    assert_eq!(v["files"][0]["size"], 811_792);
    assert_eq!(v["related"][1]["role"], "fixed_by");
    assert_eq!(v["log_lines"][0]["generation"], "sms_trailer");
    assert_eq!(v["fixes"][0]["kind"], "hotfix");
    assert!(v["problems"].as_array().is_some_and(|p| p.is_empty()));
}

#[test]
fn problems_go_to_stderr_with_line_numbers() {
    let (code, out, err) = kbwiz(&["kb", "import", "--json", &fixture("Q900002.txt")], None);
    assert_eq!(code, 0);
    assert!(err.contains("Q900002.txt:34:"), "{err}");
    assert!(err.contains("Q900002.txt:56:"), "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["problems"][1]["line"], 56);
}

#[test]
fn writes_a_draft_that_validates_and_loads() {
    let root = scratch("draft");
    let out = root.join("Q900001");
    let out_s = out.to_string_lossy().into_owned();
    let (code, stdout, err) = kbwiz(
        &["kb", "import", "--out", &out_s, &fixture("Q900001.txt")],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert!(stdout.contains("the draft validates"), "{stdout}");
    for f in [
        "article.json",
        "article.md",
        "tree.json",
        "messages.json",
        "registry.json",
        "files.json",
    ] {
        assert!(out.join(f).is_file(), "{f}");
    }
    // The folder loads beside the built-in articles with no complaint.
    let root_s = root.to_string_lossy().into_owned();
    let (code, _, err) = kbwiz(&["--kb", &root_s, "scan", "-"], Some(b""));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("left out"), "{err}");
    // A second import does not overwrite it.
    let (code, _, err) = kbwiz(
        &["kb", "import", "--out", &out_s, &fixture("Q900001.txt")],
        None,
    );
    assert_eq!(code, 2);
    assert!(err.contains("already holds an article"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn unreadable_file_is_an_error() {
    let (code, _, err) = kbwiz(&["kb", "import", "/no/such/article.txt"], None);
    assert_eq!(code, 2);
    assert!(err.contains("cannot read"), "{err}");
}

#[test]
fn an_id_that_is_no_folder_name_needs_out() {
    let root = scratch("badid");
    let article = root.join("odd.txt");
    std::fs::write(&article, "Article: ../escape\nLast Modified: 01-JAN-2000\n").expect("write");
    let (code, _, err) = kbwiz(&["kb", "import", &article.to_string_lossy()], None);
    assert_eq!(code, 2);
    assert!(err.contains("not a plain folder name"), "{err}");
    let _ = std::fs::remove_dir_all(&root);
}
