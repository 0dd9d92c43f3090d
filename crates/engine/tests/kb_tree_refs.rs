//! The validator checks the tree's own references (`affected_from`,
//! `contradictions`), so a typo there fails loudly instead of never firing.

use kbwiz_engine::kb::{Article, KbError};
use std::path::Path;

fn q319207_with_tree(edit: impl Fn(&str) -> String) -> Result<Article, KbError> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kb/Q319207");
    let names = [
        "article.md",
        "article.json",
        "messages.json",
        "registry.json",
        "files.json",
        "remediation.json",
        "simulator.json",
        "tree.json",
    ];
    let files: Vec<(&str, String)> = names
        .iter()
        .map(|n| {
            let text = std::fs::read_to_string(dir.join(n)).expect("kb file");
            (*n, if *n == "tree.json" { edit(&text) } else { text })
        })
        .collect();
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
    Article::from_files("kb/Q319207", &borrowed)
}

#[test]
fn unknown_affected_from_question_is_reported() {
    let edit = |t: &str| {
        t.replacen(
            "\"affected_from\": \"retried\"",
            "\"affected_from\": \"q_nope\"",
            1,
        )
    };
    let Err(err) = q319207_with_tree(edit) else {
        panic!("a tree naming an unknown question must not validate");
    };
    assert_eq!(
        err.to_string()
            .lines()
            .find(|l| l.contains("affected_from")),
        Some("kb/Q319207/tree.json: affected_from: no question q_nope")
    );
}

#[test]
fn the_real_tree_validates() {
    q319207_with_tree(str::to_string).expect("Q319207 validates");
}
