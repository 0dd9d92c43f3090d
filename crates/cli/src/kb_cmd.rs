//! `kbwiz kb list`, `kbwiz kb search TEXT` and `kbwiz kb symptoms`: the
//! articles this kbwiz knows (with `--kb DIR`, the admin's own too), and
//! finding one without evidence (`kbwiz_engine::kb::search`, by what the
//! admin has in hand; `kbwiz_engine::kb::catalog`, by what the admin sees).
//!
//! `kbwiz kb import ARTICLE [--out DIR] [--json]`: read a Microsoft KB
//! article as the public archive holds it (page form, plain `.TXT`, or a
//! support article's Markdown) and write a draft kbwiz article folder from its
//! facts, with TODO markers where our own prose must go. What could not be
//! read is printed on stderr with its line number; the import goes on. The
//! reading and drafting are `kbwiz-import`'s; this file maps flags, writes the
//! folder and checks it with the engine's validator.

use crate::output;

use std::path::{Path, PathBuf};

/// Subcommands of `kbwiz kb`.
#[derive(clap::Subcommand)]
pub enum KbCommand {
    /// List the articles: ID, title, and whether it has a simulator model.
    List(ListArgs),
    /// Find articles by title words, message ID, registry path, file name or error code.
    Search(SearchArgs),
    /// What admins see, per product, with the articles that cause each symptom.
    Symptoms(SymptomsArgs),
    /// Draft an article folder from a Microsoft KB article.
    Import(ImportArgs),
}

/// Arguments of `kbwiz kb list`.
#[derive(clap::Args)]
pub struct ListArgs {
    /// Print `[{"id", "title", "product", "versions", "simulator"}]`.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `kbwiz kb search`.
#[derive(clap::Args)]
pub struct SearchArgs {
    /// Print the hits as JSON: `[{"article", "title", "matched", "whole"}]`.
    #[arg(long)]
    pub json: bool,
    /// What to look for (`2302`, `Retry History`, `error = 3`, `Distmgr.dll`).
    #[arg(value_name = "TEXT", required = true, num_args = 1..)]
    pub text: Vec<String>,
}

/// Arguments of `kbwiz kb symptoms`.
#[derive(clap::Args)]
pub struct SymptomsArgs {
    /// Print `[{"product", "text", "articles"}]`.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `kbwiz kb import`.
#[derive(clap::Args)]
pub struct ImportArgs {
    /// Print the extraction as one JSON object; write no folder.
    #[arg(long)]
    pub json: bool,
    /// Where to write the draft (default `kb/<ID>`); must not hold an article yet.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// The article file to read.
    #[arg(value_name = "ARTICLE")]
    pub article: PathBuf,
}

/// Run a `kbwiz kb` subcommand.
pub fn run(cmd: KbCommand) -> Result<(), Box<dyn std::error::Error>> {
    match cmd {
        KbCommand::List(args) => list(args),
        KbCommand::Search(args) => search(args),
        KbCommand::Symptoms(args) => symptoms(args),
        KbCommand::Import(args) => import(args),
    }
}

fn list(args: ListArgs) -> Result<(), Box<dyn std::error::Error>> {
    let kb = crate::kb()?;
    if args.json {
        let rows: Vec<serde_json::Value> = kb
            .articles()
            .iter()
            .map(|a| {
                serde_json::json!({
                    "id": a.id(),
                    "title": a.meta.title,
                    "product": a.meta.product,
                    "versions": a.meta.versions,
                    "simulator": a.simulator.is_some(),
                })
            })
            .collect();
        let json = serde_json::to_string_pretty(&rows)?;
        return output::print(&(json + "\n"));
    }
    let mut text = String::new();
    for a in kb.articles() {
        let model = if a.simulator.is_some() {
            "  [simulator]"
        } else {
            ""
        };
        text.push_str(&format!("{}  {}{model}\n", a.id(), a.meta.title));
    }
    output::print(&text)
}

fn search(args: SearchArgs) -> Result<(), Box<dyn std::error::Error>> {
    let kb = crate::kb()?;
    let hits = kbwiz_engine::kb::search::search(kb, &args.text.join(" "));
    if args.json {
        let json = serde_json::to_string_pretty(&hits)?;
        return output::print(&(json + "\n"));
    }
    if hits.is_empty() {
        return output::print("no article matches\n");
    }
    let mut text = String::new();
    for h in &hits {
        text.push_str(&format!(
            "{}  {}\n    matched: {}\n",
            h.article,
            h.title,
            h.matched.join("; ")
        ));
    }
    output::print(&text)
}

fn symptoms(args: SymptomsArgs) -> Result<(), Box<dyn std::error::Error>> {
    let kb = crate::kb()?;
    let found = kbwiz_engine::kb::catalog::symptoms(kb);
    if args.json {
        let json = serde_json::to_string_pretty(&found)?;
        return output::print(&(json + "\n"));
    }
    let mut text = String::new();
    for lib in kbwiz_engine::kb::catalog::libraries(kb) {
        text.push_str(&format!(
            "{} {} ({} articles)\n",
            lib.product,
            lib.versions.join(", "),
            lib.articles.len()
        ));
        for s in found.iter().filter(|s| s.product == lib.product) {
            text.push_str(&format!("  {}: {}\n", s.text, s.articles.join(", ")));
        }
    }
    output::print(&text)
}

fn import(args: ImportArgs) -> Result<(), Box<dyn std::error::Error>> {
    let bytes = std::fs::read(&args.article)
        .map_err(|e| format!("cannot read {}: {e}", args.article.display()))?;
    let name = args
        .article
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ex = kbwiz_import::extract(&name, &bytes);
    let shown = args.article.display().to_string();
    for p in &ex.problems {
        eprintln!("kbwiz: {shown}:{}: {}", p.line, p.message);
    }
    if args.json {
        let json = serde_json::to_string_pretty(&ex)
            .map_err(|e| format!("cannot serialise the extraction: {e}"))?;
        return output::print(&(json + "\n"));
    }
    let out = match args.out {
        Some(out) => out,
        // The ID comes from the file: only a plain name may pick the folder.
        None if !ex.id.is_empty()
            && ex
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') =>
        {
            Path::new("kb").join(&ex.id)
        }
        None => {
            return Err(format!(
                "the article ID {:?} is not a plain folder name; give --out DIR",
                ex.id
            )
            .into())
        }
    };
    if out.join("article.json").exists() {
        return Err(format!(
            "{} already holds an article; choose another --out",
            out.display()
        )
        .into());
    }
    let label = out.display().to_string();
    let report = kbwiz_import::report::report(&ex, &name, &label);
    for p in &report.problems[ex.problems.len()..] {
        eprintln!("kbwiz: {shown}:{}: {}", p.line, p.message);
    }
    std::fs::create_dir_all(&out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    for (file, text) in &report.files {
        let path = out.join(file);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let verdict = if report.draft_issues.is_empty() {
        "the draft validates; fill in its TODOs and tree".to_string()
    } else {
        report
            .draft_issues
            .iter()
            .map(|i| format!("draft issue: {i}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let c = report.counts;
    output::print(&format!(
        "{}: wrote {} files to {} ({} messages, {} registry keys, {} file rows, {} related, {} log lines, {} TODOs)\n{verdict}\n",
        report.id,
        report.files.len(),
        label,
        c.messages,
        c.registry_keys,
        c.file_rows,
        c.related,
        c.log_lines,
        c.todos
    ))
}
