//! One import, as every shell shows it: the facts counted, the draft
//! folder's files, what could not be read or was left out (by line), and
//! what the engine's validator says of the draft. `kbwiz kb import` prints
//! it; the web app's "Import an article" page shows it (through the
//! importer's own wasm module, so the site's first view does not carry it).

use crate::draft::{self, TODO};
use crate::{extract, Extraction, Problem};
use kbwiz_engine::kb::{validate, Article};
use serde::Serialize;

/// What one import found and drafted.
#[derive(Debug, Clone, Serialize)]
pub struct ImportReport {
    pub id: String,
    pub title: String,
    pub counts: Counts,
    /// What could not be read, then what was read but left out of the
    /// draft, each with its source line (0: the whole file).
    pub problems: Vec<Problem>,
    /// The draft folder: `(file name, contents)`.
    pub files: Vec<(String, String)>,
    /// The validator's findings on the draft, as text; empty when it
    /// validates.
    pub draft_issues: Vec<String>,
}

/// How many facts of each kind were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub messages: usize,
    pub registry_keys: usize,
    pub file_rows: usize,
    pub related: usize,
    pub log_lines: usize,
    /// TODO markers in the draft, where our own prose must go.
    pub todos: usize,
}

/// Read `bytes` (an article file called `name`) and draft its folder,
/// labelled `label` in the validator's messages.
pub fn import(name: &str, bytes: &[u8], label: &str) -> ImportReport {
    let ex = extract(name, bytes);
    report(&ex, name, label)
}

/// The report of an extraction already made.
pub fn report(ex: &Extraction, name: &str, label: &str) -> ImportReport {
    let draft = draft::draft(ex, name);
    let files: Vec<(&str, &str)> = draft
        .files
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    let draft_issues = match Article::from_files(label, &files) {
        Ok(article) => validate(&article).iter().map(ToString::to_string).collect(),
        Err(e) => vec![e.to_string()],
    };
    let todos = draft
        .files
        .iter()
        .map(|(_, c)| c.matches(TODO).count())
        .sum();
    let mut problems = ex.problems.clone();
    problems.extend(draft.left_out);
    ImportReport {
        id: ex.id.clone(),
        title: ex.title.clone(),
        counts: Counts {
            messages: ex.messages.len(),
            registry_keys: ex.registry.len(),
            file_rows: ex.files.len(),
            related: ex.related.len(),
            log_lines: ex.log_lines.len(),
            todos,
        },
        problems,
        files: draft.files,
        draft_issues,
    }
}
