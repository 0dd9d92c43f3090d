//! Imports every article of a folder (default `../shared/kb-source` and its
//! `configmgr/`) and prints per-article fact counts and problems, and whether
//! the draft validates. A check outside CI: the sources are not in the
//! repository. Run: `cargo run -p kbwiz-import --example import_all [DIR...]`.
//! With `--json ID`, prints that article's extraction instead.

use kbwiz_engine::kb::{validate, Article};
use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dirs: Vec<PathBuf> = if args.is_empty() {
        vec![
            PathBuf::from("../shared/kb-source"),
            PathBuf::from("../shared/kb-source/configmgr"),
        ]
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    println!("article | msgs | reg keys | values | files | related | logs | fixes | sections | problems | draft");
    for dir in dirs {
        let Ok(read) = std::fs::read_dir(&dir) else {
            eprintln!("cannot read {}", dir.display());
            continue;
        };
        let mut paths: Vec<PathBuf> = read
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
            let Ok(bytes) = std::fs::read(&p) else {
                continue;
            };
            let ex = kbwiz_import::extract(&name, &bytes);
            let draft = kbwiz_import::draft::draft(&ex, &name);
            let files: Vec<(&str, &str)> = draft
                .files
                .iter()
                .map(|(n, c)| (n.as_str(), c.as_str()))
                .collect();
            let verdict = match Article::from_files(&ex.id, &files) {
                Ok(a) => {
                    let issues = validate(&a);
                    if issues.is_empty() {
                        "valid".to_string()
                    } else {
                        format!("{} issues", issues.len())
                    }
                }
                Err(e) => format!("load error: {e}"),
            };
            println!(
                "{} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}",
                ex.id,
                ex.messages.len(),
                ex.registry.len(),
                ex.registry.iter().map(|k| k.values.len()).sum::<usize>(),
                ex.files.len(),
                ex.related.len(),
                ex.log_lines.len(),
                ex.fixes.len(),
                ex.sections.len(),
                ex.problems.len(),
                verdict
            );
            for pr in ex.problems.iter().chain(&draft.left_out) {
                println!("    {name}:{}: {}", pr.line, pr.message);
            }
        }
    }
}
