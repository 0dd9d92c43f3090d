//! The importer over made-up articles in each layout of the archive
//! (`tests/data/import/`, see its README): every extracted fact is compared
//! exactly, the draft each yields passes the engine's validator, and no
//! sentence of the source lands in the draft.

use kbwiz_engine::kb::{validate, Article};
use kbwiz_import::{draft::draft, extract, FixKind, Generation, Role};
use std::path::{Path, PathBuf};

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/data/import")
        .join(name)
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(data(name)).expect("fixture")
}

/// The extraction as JSON equals the reviewed `<stem>.expected.json`.
fn check_golden(file: &str) {
    let ex = extract(file, &read(file));
    let got = serde_json::to_value(&ex).expect("json");
    let stem = file.split('.').next().expect("stem");
    let want: serde_json::Value =
        serde_json::from_slice(&read(&format!("{stem}.expected.json"))).expect("expected json");
    assert_eq!(
        got,
        want,
        "{file}: got\n{}",
        serde_json::to_string_pretty(&got).unwrap_or_default()
    );
}

#[test]
fn page_form_matches_expectations() {
    check_golden("Q900001.txt");
}

#[test]
fn text_form_matches_expectations() {
    check_golden("Q900002.txt");
}

#[test]
fn markdown_form_matches_expectations() {
    check_golden("kb9000003.md");
}

#[test]
fn page_form_facts() {
    let ex = extract("Q900001.txt", &read("Q900001.txt"));
    assert_eq!(ex.id, "Q900001");
    assert_eq!(ex.title, "Example: Widget Mover Retries a Package");
    assert_eq!(ex.versions, ["3.0", "3.0 SP1"]);
    assert_eq!(ex.last_modified.as_deref(), Some("2003-09-09"));
    let roles: Vec<(&str, Option<Role>)> =
        ex.related.iter().map(|r| (r.id.as_str(), r.role)).collect();
    assert_eq!(
        roles,
        [
            ("Q900100", Some(Role::SeeAlso)),
            ("Q900200", Some(Role::FixedBy)),
            ("Q900300", Some(Role::ServicePack)),
        ]
    );
    // A template wrapped over two lines is joined with one space.
    assert_eq!(
        ex.messages[0].template.as_deref(),
        Some("Widget Mover could not copy package <package ID> to <Distribution Point location>.")
    );
    // A registry path wrapped across lines is joined at the wrap.
    assert_eq!(
        ex.registry[0].key,
        "HKEY_LOCAL_MACHINE\\SOFTWARE\\Example\\Components\\EXAMPLE_WIDGET_MOVER\\Retry History\\<package ID>"
    );
    assert_eq!(ex.registry[1].values[0].name, "Move Flags");
    assert_eq!(ex.registry[1].values[0].kind, "REG_DWORD");
    assert_eq!(ex.files[0].size, Some(811_792));
    // The trailer's wrapped tail `(0x12C)>` is not a log line of its own.
    assert_eq!(ex.log_lines.len(), 2);
    assert!(ex
        .log_lines
        .iter()
        .all(|l| l.generation == Generation::SmsTrailer));
    assert!(ex
        .fixes
        .iter()
        .any(|f| f.kind == FixKind::ServicePack && f.name == "Service Pack 2"));
    assert!(ex.problems.is_empty(), "{:?}", ex.problems);
    // STATUS: no "has confirmed", the release named, the article quoted.
    assert!(!ex.status.confirmed);
    assert_eq!(
        ex.status.first_fixed_in.as_deref(),
        Some("Example Server 3.0 Service Pack 2")
    );
    assert_eq!(ex.status.see.as_deref(), Some("Q900300"));
    // The file table's lead-in: language and "or later", no base release.
    let release = ex.release.as_ref().expect("release");
    assert_eq!(release.language, "English");
    assert_eq!(release.based_on, None);
    assert!(release.or_later);
}

#[test]
fn text_form_reports_what_it_cannot_read_by_line() {
    let ex = extract("Q900002.txt", &read("Q900002.txt"));
    let lines: Vec<usize> = ex.problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, [34, 56]);
    // The unreadable row is skipped; the rows around it are read.
    let names: Vec<&str> = ex.files.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Basesvr.dll",
            "Replmgr.dll",
            "Update.sql",
            "Sender.dll",
            "Sender.dll"
        ]
    );
    let sizes: Vec<Option<u64>> = ex.files.iter().map(|f| f.size).collect();
    assert_eq!(
        sizes,
        [
            Some(2_436_880),
            Some(76_048),
            Some(1_193),
            Some(45_600),
            Some(45_600)
        ]
    );
    assert_eq!(ex.files[2].version, None);
    assert_eq!(ex.files[2].platform, None);
    assert_eq!(ex.files[3].date.as_deref(), Some("1999-08-26"));
    assert_eq!(ex.files[3].time.as_deref(), Some("17:03"));
    let ids: Vec<u32> = ex.messages.iter().map(|m| m.id).collect();
    assert_eq!(ids, [9201, 9202, 9203, 9204, 9205, 9206, 9207]);
}

fn draft_of(file: &str) -> (kbwiz_import::Extraction, kbwiz_import::draft::Draft) {
    let ex = extract(file, &read(file));
    let d = draft(&ex, file);
    (ex, d)
}

#[test]
fn drafts_validate() {
    for file in ["Q900001.txt", "Q900002.txt", "kb9000003.md"] {
        let (ex, d) = draft_of(file);
        let files: Vec<(&str, &str)> = d
            .files
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str()))
            .collect();
        let article = Article::from_files(&ex.id, &files).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            validate(&article).is_empty(),
            "{file}: {:?}",
            validate(&article)
        );
    }
}

#[test]
fn draft_tree_asks_one_question_per_symptom_signal() {
    let (_, d) = draft_of("Q900001.txt");
    let tree = &d
        .files
        .iter()
        .find(|(n, _)| n == "tree.json")
        .expect("tree")
        .1;
    let tree: kbwiz_engine::kb::tree::Tree = serde_json::from_str(tree).expect("tree json");
    let questions = tree
        .nodes
        .iter()
        .filter(|n| matches!(n, kbwiz_engine::kb::tree::Node::Question(_)))
        .count();
    // Two status messages, two registry keys, two log lines in SYMPTOMS.
    assert_eq!(questions, 6);
}

#[test]
fn draft_copies_no_prose() {
    let (_, d) = draft_of("Q900001.txt");
    let all: String = d.files.iter().map(|(_, c)| c.as_str()).collect();
    for sentence in [
        "A made-up cause",
        "Back up the registry first",
        "tells whether packages are retried",
    ] {
        assert!(!all.contains(sentence), "copied: {sentence}");
    }
    assert!(all.contains("TODO"));
}

#[test]
fn placeholders_no_extractor_fills_stay_out_of_messages_json() {
    let (_, d) = draft_of("Q900002.txt");
    let msgs = &d
        .files
        .iter()
        .find(|(n, _)| n == "messages.json")
        .expect("messages")
        .1;
    assert!(msgs.contains("9201") && !msgs.contains("9204"));
    assert!(d.left_out.iter().any(|p| p.message.contains("9204")));
    let files = &d
        .files
        .iter()
        .find(|(n, _)| n == "files.json")
        .expect("files")
        .1;
    assert!(
        files.contains("Update.sql"),
        "incomplete row kept as a note"
    );
}

/// Every article of `../shared/kb-source` (and `configmgr/`), when present:
/// no panic, and each draft validates. Outside CI (the sources are not in
/// the repository): `cargo test -p kbwiz-import -- --ignored --nocapture`.
#[test]
#[ignore]
fn imports_the_shared_sources() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/kb-source");
    let mut seen = 0;
    for dir in [root.clone(), root.join("configmgr")] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        paths.sort();
        for p in paths {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if name == "README.md" {
                continue;
            }
            let bytes = std::fs::read(&p).expect("read");
            let ex = extract(&name, &bytes);
            let d = draft(&ex, &name);
            let files: Vec<(&str, &str)> = d
                .files
                .iter()
                .map(|(n, c)| (n.as_str(), c.as_str()))
                .collect();
            let article =
                Article::from_files(&ex.id, &files).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(validate(&article).is_empty(), "{name}");
            println!(
                "{name}: {} messages, {} keys, {} files, {} related, {} log lines, {} problems",
                ex.messages.len(),
                ex.registry.len(),
                ex.files.len(),
                ex.related.len(),
                ex.log_lines.len(),
                ex.problems.len()
            );
            for pr in &ex.problems {
                println!("    {name}:{}: {}", pr.line, pr.message);
            }
            seen += 1;
        }
    }
    println!("{seen} articles imported");
}
