//! What can be wrong with a KB: every problem names the file, the JSON path
//! inside it and what is wrong, rendered like
//! `kb/Q319207/tree.json: nodes[3].next.yes: unknown node "q_retry2"`.

use std::fmt;

/// Loading or validating a KB failed.
#[derive(Debug, thiserror::Error)]
pub enum KbError {
    /// A file or folder could not be read.
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// One or more problems in the articles' files, one per line.
    #[error("{}", render_issues(.0))]
    Invalid(Vec<Issue>),
}

impl KbError {
    /// The problems found (empty for I/O errors).
    pub fn issues(&self) -> &[Issue] {
        match self {
            KbError::Invalid(issues) => issues,
            KbError::Io { .. } => &[],
        }
    }
}

fn render_issues(issues: &[Issue]) -> String {
    issues
        .iter()
        .map(Issue::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// One problem at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// `kb/Q319207/tree.json`.
    pub file: String,
    /// JSON path inside the file (`nodes[3].next.yes`); empty for the whole file.
    pub path: String,
    pub problem: Problem,
}

impl Issue {
    pub fn new(file: impl Into<String>, path: impl Into<String>, problem: Problem) -> Issue {
        Issue {
            file: file.into(),
            path: path.into(),
            problem,
        }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}: {}", self.file, self.problem)
        } else {
            write!(f, "{}: {}: {}", self.file, self.path, self.problem)
        }
    }
}

impl std::error::Error for Issue {}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// Not valid JSON, or not the expected shape (includes unknown fields).
    #[error("{0}")]
    Json(String),
    #[error("missing (every article needs this file)")]
    MissingFile,
    /// A file or folder that exists but could not be read.
    #[error("cannot be read: {0}")]
    Unreadable(String),
    /// A tree-level reference (`affected_from`, `contradictions`) that names
    /// no question, or an answer its question cannot give.
    #[error("{0}")]
    Reference(String),
    #[error("unexpected file (an article folder holds only {0})")]
    UnexpectedFile(String),
    #[error("duplicate {what} \"{id}\"")]
    Duplicate { what: &'static str, id: String },
    #[error("unknown {what} \"{id}\"")]
    Unknown { what: &'static str, id: String },
    #[error("no section headed \"{0}\" in article.md")]
    UnknownSection(String),
    #[error("{0}")]
    Template(#[from] crate::kb::template::TemplateError),
    #[error("not an https:// address: \"{0}\"")]
    BadUrl(String),
    #[error("not a dotted numeric version: \"{0}\"")]
    BadVersion(String),
    #[error("missing branch \"{label}\" (a {kind} question needs {expected})")]
    MissingBranch {
        label: String,
        kind: &'static str,
        expected: String,
    },
    #[error("branch \"{label}\" is not an answer of a {kind} question (expected {expected})")]
    ExtraBranch {
        label: String,
        kind: &'static str,
        expected: String,
    },
    #[error("node \"{0}\" is unreachable from the start node")]
    Unreachable(String),
    #[error("cycle: {}", .0.join(" -> "))]
    Cycle(Vec<String>),
    #[error("outcome \"{0}\" has verdict {1} but no remediation")]
    NoRemediation(String, &'static str),
    #[error("field {field} is filled by no placeholder of message {message}")]
    FieldNotFilled { field: &'static str, message: u32 },
    #[error("question \"{0}\" has no message rule to compare packages with")]
    NoPackageRule(String),
    #[error("empty: {0}")]
    Empty(&'static str),
    /// A number outside what the engine can use.
    #[error("out of range: {0}")]
    OutOfRange(&'static str),
}
