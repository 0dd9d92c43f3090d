//! The KB format is generic: a made-up second article under
//! `tests/data/kb/good/` loads with no Rust change and its tree can be walked;
//! broken copies of it under `tests/data/kb/broken/` fail with exact messages.

use kbwiz_engine::kb::tree::{Node, Verdict};
use kbwiz_engine::kb::{Article, Kb, KbError, Placeholder, Problem};
use std::path::PathBuf;

fn data(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data/kb")).join(rel)
}

/// Follow `next` from the start with the given branch labels; returns the
/// outcome reached and the question ids visited.
fn walk<'a>(article: &'a Article, answers: &[&str]) -> (&'a str, Verdict, Vec<&'a str>) {
    let mut at = article.tree.start.as_str();
    let mut asked = Vec::new();
    let mut answers = answers.iter();
    loop {
        match article.node(at).expect("validated tree") {
            Node::Question(q) => {
                asked.push(q.id.as_str());
                let label = answers.next().expect("an answer for every question");
                at = q.next.get(*label).expect("a branch for the answer");
            }
            Node::Outcome(o) => return (o.id.as_str(), o.verdict, asked),
        }
    }
}

#[test]
fn test_article_loads_and_its_tree_walks() {
    let kb = Kb::load_dir(data("good")).unwrap_or_else(|e| panic!("{e}"));
    let ids: Vec<&str> = kb.articles().iter().map(|a| a.id()).collect();
    assert_eq!(ids, vec!["TEST0001"]);
    let a = kb.article("test0001").expect("case-insensitive look-up");
    assert_eq!(
        walk(a, &["yes", "at_least"]),
        (
            "o_link_down",
            Verdict::Confirmed,
            vec!["q_failed", "q_attempts"]
        )
    );
    assert_eq!(
        walk(a, &["yes", "below"]),
        ("o_maybe", Verdict::Likely, vec!["q_failed", "q_attempts"])
    );
    assert_eq!(
        walk(a, &["no"]),
        ("o_not_this", Verdict::RuledOut, vec!["q_failed"])
    );
    let m = a.message(9001).expect("message 9001");
    assert_eq!(
        m.parsed()
            .unwrap()
            .capture("Test Sender could not reach child site S02 for package LAB00012."),
        Some(vec![
            (Placeholder::SiteCode, "S02".to_string()),
            (Placeholder::PackageId, "LAB00012".to_string())
        ])
    );
    assert!(a.simulator.is_none());
    assert!(a.files.rows.is_empty());
    assert!(a
        .html()
        .expect("Markdown natively")
        .contains("&lt;b&gt;Raw HTML here is shown as text.&lt;/b&gt;"));
}

#[test]
fn test_article_sits_beside_the_embedded_kb() {
    let mut articles = Kb::embedded().articles().to_vec();
    articles.push(Article::load_dir(data("good/TEST0001")).unwrap_or_else(|e| panic!("{e}")));
    let kb = Kb::from_articles(articles).unwrap_or_else(|e| panic!("{e}"));
    assert!(kb.article("Q319207").is_some());
    assert_eq!(kb.message(9001).map(|(a, _)| a.id()), Some("TEST0001"));
    assert_eq!(kb.message(2339).map(|(a, _)| a.id()), Some("Q319207"));
}

fn error_of(broken: &str) -> (String, String) {
    let dir = data(&format!("broken/{broken}"));
    match Article::load_dir(&dir) {
        Ok(_) => panic!("{broken} loaded"),
        Err(e) => (dir.display().to_string(), e.to_string()),
    }
}

#[test]
fn dangling_reference_is_named() {
    let (dir, msg) = error_of("dangling-ref");
    assert_eq!(
        msg,
        format!("{dir}/tree.json: nodes[0].next.yes: unknown node \"q_attempts2\"")
    );
}

#[test]
fn unknown_field_is_named() {
    let (dir, msg) = error_of("unknown-field");
    assert_eq!(
        msg,
        format!(
            "{dir}/messages.json: status_messages[0].templat: unknown field `templat`, expected one of \
             `id`, `component`, `severity`, `template`, `raised_at`, `proves`, `role` at line 7 column 15"
        )
    );
}

#[test]
fn unreachable_node_is_named() {
    let (dir, msg) = error_of("unreachable-node");
    assert_eq!(
        msg,
        format!("{dir}/tree.json: nodes[3]: node \"o_maybe\" is unreachable from the start node")
    );
}

#[test]
fn in_memory_errors_cover_cycles_missing_files_and_remediation() {
    let article_md = "# S\n";
    let article_json = r#"{"id": "X1", "title": "t", "product": "p", "versions": [], "keywords": [],
        "last_modified": "2020-01-01", "symptoms": {"section": "S", "summary": ""},
        "cause": {"section": "Nowhere", "summary": ""}}"#;
    let tree = r#"{"start": "a", "nodes": [
        {"type": "question", "id": "a", "text": "?", "kind": {"type": "yes_no"}, "next": {"yes": "b", "no": "c"}},
        {"type": "question", "id": "b", "text": "?", "kind": {"type": "yes_no"}, "next": {"yes": "a", "maybe": "c"}},
        {"type": "outcome", "id": "c", "title": "t", "verdict": "confirmed", "summary": ""},
        {"type": "outcome", "id": "c", "title": "t", "verdict": "ruled_out", "summary": ""}]}"#;
    let err = Article::from_files(
        "mem/X1",
        &[
            ("article.md", article_md),
            ("article.json", article_json),
            ("tree.json", tree),
            ("notes.txt", ""),
        ],
    )
    .expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "mem/X1/notes.txt: unexpected file (an article folder holds only article.md, article.json, tree.json, \
         messages.json, registry.json, files.json, remediation.json, simulator.json, README.md)"
    );
    let err = Article::from_files(
        "mem/X1",
        &[
            ("article.md", article_md),
            ("article.json", article_json),
            ("tree.json", tree),
        ],
    )
    .expect_err("invalid");
    let lines: Vec<String> = err.issues().iter().map(|i| i.to_string()).collect();
    assert_eq!(
        lines,
        vec![
            "mem/X1/article.json: cause.section: no section headed \"Nowhere\" in article.md",
            "mem/X1/tree.json: nodes[3].id: duplicate node \"c\"",
            "mem/X1/tree.json: nodes[1].next: missing branch \"no\" (a yes_no question needs \"yes\", \"no\")",
            "mem/X1/tree.json: nodes[1].next.maybe: branch \"maybe\" is not an answer of a yes_no question (expected \"yes\", \"no\")",
            "mem/X1/tree.json: nodes[2].remediation: outcome \"c\" has verdict confirmed but no remediation",
            "mem/X1/tree.json: nodes[1].next.yes: cycle: a -> b -> a",
        ]
    );
    let err = Article::from_files("mem/X1", &[("article.md", article_md)]).expect_err("invalid");
    assert!(
        matches!(&err, KbError::Invalid(issues) if issues.len() == 2 && issues[0].problem == Problem::MissingFile)
    );
    assert_eq!(err.to_string(), "mem/X1/article.json: missing (every article needs this file)\nmem/X1/tree.json: missing (every article needs this file)");
}

#[test]
fn references_to_messages_keys_files_and_placeholders_are_checked() {
    let md = "# S\n";
    let meta = r#"{"id": "X2", "title": "t", "product": "p", "versions": [], "keywords": [],
        "last_modified": "2020-01-01", "symptoms": {"section": "S", "summary": "",
        "signals": [{"kind": "registry_key", "key": "nope"}]}, "cause": {"section": "S", "summary": ""}}"#;
    let messages = r#"{"status_messages": [
        {"id": 1, "component": "C", "template": "copy <package ID> to <server name>", "proves": "", "role": "failure"},
        {"id": 2, "component": "C", "template": "failed <package ID>", "proves": "", "role": "failure"},
        {"id": 2, "component": "C", "template": "again", "proves": "", "role": "info"}]}"#;
    let remediation = r#"{"entries": [{"id": "r", "kind": "cleanup", "title": "t", "summary": "",
        "steps": [{"type": "replace_file", "file": "a.dll", "folder": "x"}, {"type": "warning", "warning": "w"}]}]}"#;
    let tree = r#"{"start": "q", "nodes": [
        {"type": "question", "id": "q", "text": "?", "kind": {"type": "number", "threshold": 2},
         "evidence": [{"rule": "count", "ids": [2, 7], "per": "child_site"},
                      {"rule": "registry_key_present", "key": "k"},
                      {"rule": "message_seen", "ids": [2], "same_package_as": "zz"}],
         "next": {"at_least": "o", "below": "o", "unknown": "o"}},
        {"type": "outcome", "id": "o", "title": "t", "verdict": "likely", "summary": "", "remediation": ["r", "s"]}]}"#;
    let err = Article::from_files(
        "mem/X2",
        &[
            ("article.md", md),
            ("article.json", meta),
            ("messages.json", messages),
            ("remediation.json", remediation),
            ("tree.json", tree),
        ],
    )
    .expect_err("invalid");
    let lines: Vec<String> = err.issues().iter().map(|i| i.to_string()).collect();
    assert_eq!(
        lines,
        vec![
            "mem/X2/article.json: symptoms.signals[0].key: unknown registry key \"nope\"",
            "mem/X2/messages.json: status_messages[0].template: placeholder <server name> is not one any extractor fills \
             (known: <package ID>, <package name>, <package source>, <Distribution Point location>, <site code>)",
            "mem/X2/messages.json: status_messages[2].id: duplicate status message \"2\"",
            "mem/X2/remediation.json: entries[0].steps[0].file: unknown file \"a.dll\"",
            "mem/X2/remediation.json: entries[0].steps[1].warning: unknown warning \"w\"",
            "mem/X2/tree.json: nodes[0].evidence[0].per: field child_site is filled by no placeholder of message 2",
            "mem/X2/tree.json: nodes[0].evidence[0].ids[1]: unknown status message \"7\"",
            "mem/X2/tree.json: nodes[0].evidence[1].key: unknown registry key \"k\"",
            "mem/X2/tree.json: nodes[0].evidence[2].same_package_as: unknown question \"zz\"",
            "mem/X2/tree.json: nodes[1].remediation[1]: unknown remediation \"s\"",
        ]
    );
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let dir = data("good/TEST0001");
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).expect("readable");
    let (md, meta, msgs, rem, tree) = (
        read("article.md"),
        format!("\u{feff}{}", read("article.json")),
        read("messages.json"),
        read("remediation.json"),
        format!("\u{feff}{}", read("tree.json")),
    );
    let a = Article::from_files(
        "mem/TEST0001",
        &[
            ("article.md", &md),
            ("article.json", &meta),
            ("messages.json", &msgs),
            ("remediation.json", &rem),
            ("tree.json", &tree),
        ],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.id(), "TEST0001");
}

#[test]
fn two_articles_with_one_id_are_refused() {
    let a = Article::load_dir(data("good/TEST0001")).unwrap_or_else(|e| panic!("{e}"));
    let mut b = a.clone();
    b.dir = "copy/TEST0001".into();
    let err = Kb::from_articles(vec![a, b]).expect_err("duplicate");
    assert_eq!(
        err.to_string(),
        "copy/TEST0001/article.json: id: duplicate article id \"TEST0001\""
    );
}
