//! `kbwiz --kb DIR`: an admin's own articles beside the built-in ones. A copy
//! of the built-in article under another ID needs no Rust change to be
//! diagnosed; an article with problems is named with its file and JSON path
//! and left out, and the good ones still load.

mod common;

use common::kbwiz;
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// A fresh folder under the system's temp folder, unique to this test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kbwiz-kb-dir-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    dir
}

/// `kb/Q319207` copied to `root/id`, with its ID changed to `id`, and
/// `edit` applied to each file's text.
fn copy_article(root: &Path, id: &str, edit: impl Fn(&str, String) -> String) {
    let from = repo("kb/Q319207");
    let to = root.join(id);
    std::fs::create_dir_all(&to).expect("article folder");
    for entry in std::fs::read_dir(&from).expect("kb/Q319207") {
        let path = entry.expect("entry").path();
        let name = path
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let mut text = std::fs::read_to_string(&path).expect("article file");
        if name == "article.json" {
            text = text.replacen("\"id\": \"Q319207\"", &format!("\"id\": \"{id}\""), 1);
        }
        std::fs::write(to.join(&name), edit(&name, text)).expect("write");
    }
}

/// The findings for Q319207 and the copies of it these tests load (other
/// built-in articles, which rule themselves out on the same log, aside).
fn verdicts(json: &str) -> Vec<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(json).expect("JSON");
    value["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            let id = f["article"].as_str().unwrap_or("");
            id == "Q319207" || id.starts_with("Q9")
        })
        .map(|f| {
            (
                f["article"].as_str().unwrap_or("").to_string(),
                f["verdict"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn a_copy_under_another_id_is_diagnosed_beside_the_built_in_article() {
    let root = scratch("copy");
    copy_article(&root, "Q900001", |_, text| text);
    let log = repo("tests/data/scenarios/full-fault/distmgr.log");
    let (code, out, err) = kbwiz(
        &[
            "--kb",
            root.to_str().expect("UTF-8 path"),
            "diagnose",
            "--json",
            log.to_str().expect("UTF-8 path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "");
    let mut found = verdicts(&out);
    found.sort();
    assert_eq!(
        found,
        [
            ("Q319207".to_string(), "confirmed".to_string()),
            ("Q900001".to_string(), "confirmed".to_string())
        ]
    );
}

#[test]
fn a_bad_article_is_named_and_left_out_and_the_good_one_loads() {
    let root = scratch("bad");
    copy_article(&root, "Q900001", |_, text| text);
    copy_article(&root, "Q900002", |name, text| {
        if name == "tree.json" {
            text.replacen(
                "\"start\": \"distmgr_version\"",
                "\"start\": \"no_such_node\"",
                1,
            )
        } else {
            text
        }
    });
    copy_article(&root, "Q319207", |_, text| text);
    let log = repo("tests/data/scenarios/full-fault/distmgr.log");
    let (code, out, err) = kbwiz(
        &[
            "diagnose",
            "--kb",
            root.to_str().expect("UTF-8 path"),
            "--json",
            log.to_str().expect("UTF-8 path"),
        ],
        None,
    );
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert!(
        lines[0].starts_with("kbwiz: article left out: ")
            && lines[0].contains("Q319207/article.json: id: duplicate article id \"Q319207\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains("Q900002/tree.json: start: unknown node \"no_such_node\""),
        "{}",
        lines[1]
    );
    let mut found = verdicts(&out);
    found.sort();
    assert_eq!(
        found.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        ["Q319207", "Q900001"]
    );
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    let (code, _, err) = kbwiz(&["--kb", "/nonexistent/kbwiz-articles", "scan", "-"], None);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("kbwiz: --kb /nonexistent/kbwiz-articles: "),
        "{err}"
    );
}
