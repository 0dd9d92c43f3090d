//! kbwiz-import: reads a Microsoft Knowledge Base article as the public
//! archives hold it and drafts a kbwiz article folder from its facts.
//!
//! Three source forms are read ([`source`]): the archive's page form (YAML
//! front matter, a `## Qnnnnnn: title` heading, the original text inside
//! `{% raw %}` with a TAB indent), the plain `.TXT` form, and the Markdown of
//! current Microsoft support articles. [`extract`] pulls out the facts
//! (metadata, related articles, sections, status messages, registry keys and
//! values, file-version rows, quoted log lines, hotfix and service pack
//! mentions) and never copies the article's prose; [`draft::draft`] turns
//! them into the files of a kbwiz article folder that `kbwiz-engine`'s
//! validator reads, with TODO markers where prose must be written.
//!
//! Any bytes are accepted: what cannot be read is reported as a
//! [`Problem`] with its line number, and the rest is still extracted.

pub mod draft;
mod facts;
pub mod report;
mod source;

pub use kbwiz_engine::evidence::Severity;
use serde::Serialize;
pub use source::Form;

/// Everything read from one article (`kbwiz kb import --json` prints it).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Extraction {
    /// `Q319207`; for a support article without one, `KB<number>` or the
    /// file's stem.
    pub id: String,
    pub title: String,
    pub product: String,
    pub versions: Vec<String>,
    pub keywords: Vec<String>,
    /// ISO date (`2002-08-06`), when the article gives one that parses.
    pub last_modified: Option<String>,
    /// Footer fields of the archive form (`Technology`, `Issue type`, ...),
    /// carried into `article.json`.
    #[serde(skip)]
    pub footer: Footer,
    pub related: Vec<RelatedRef>,
    /// What the sentence before the first file table says of the fix.
    #[serde(skip)]
    pub release: Option<ReleaseFacts>,
    /// What the STATUS section states, for `article.json`.
    #[serde(skip)]
    pub status: StatusFacts,
    pub sections: Vec<Section>,
    pub messages: Vec<Message>,
    pub registry: Vec<RegKey>,
    pub files: Vec<FileRow>,
    pub log_lines: Vec<LogLine>,
    pub fixes: Vec<Fix>,
    pub problems: Vec<Problem>,
}

/// The archive's footer block, for `article.json`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Footer {
    pub technology: Vec<String>,
    pub query_words: Vec<String>,
    pub issue_type: Option<String>,
    pub solution_type: Option<String>,
}

/// The fix the file table describes, as its lead-in sentence states it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReleaseFacts {
    /// `English`.
    pub language: String,
    /// `Service Pack 3`, `SP3`, `SMS 2.0 Service Pack 3 (SP3) sites`.
    pub based_on: Option<String>,
    /// "or later" follows.
    pub or_later: bool,
}

/// The facts of a STATUS section.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StatusFacts {
    /// "Microsoft has confirmed ..." is there.
    pub confirmed: bool,
    /// What "first corrected in ..." names (`Systems Management Server 2.0
    /// Service Pack 2`).
    pub first_fixed_in: Option<String>,
    /// The first article the section names.
    pub see: Option<String>,
}

/// Another article this one names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RelatedRef {
    pub id: String,
    /// What the naming sentence says the other article is, when clear.
    pub role: Option<Role>,
    /// Its title, when the article quotes one (`Q323206 SMS: List of ...`).
    #[serde(skip)]
    pub title: Option<String>,
}

/// Why an article names another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The other article's fix (or the package it ships in) fixes this problem.
    FixedBy,
    /// This article's fix also fixes the other article's problem.
    Fixes,
    /// How to obtain the service pack that fixes this problem.
    ServicePack,
    /// Background or further reading.
    SeeAlso,
}

/// A heading of the article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// As printed (`SYMPTOMS`, `Method 1`).
    pub heading: String,
    /// 1 for a main section (`=====` underline, `##`), 2 for a sub-head.
    pub level: u8,
    pub line: usize,
}

/// A status message the article names.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Message {
    pub id: u32,
    /// The message text as printed, joined across lines, with its
    /// `<placeholders>` or `%1` inserts; absent when only the ID is named.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    /// The reporting component, when a STATMSG line names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(skip)]
    pub line: usize,
}

/// A registry key and the values the article gives for it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegKey {
    /// Full path, root spelled out (`HKEY_LOCAL_MACHINE\...`), joined when
    /// the article wrapped it.
    pub key: String,
    pub values: Vec<RegValue>,
    #[serde(skip)]
    pub line: usize,
}

/// One registry value.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RegValue {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub data: String,
}

/// One row of a file-version table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileRow {
    /// ISO date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// 24-hour `HH:MM`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    pub name: String,
    /// As printed (`Alpha`, `INTEL`, `I386`, `x86`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(skip)]
    pub line: usize,
}

/// A log line the article quotes: a candidate line pattern.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LogLine {
    /// From the line's trailer (`SMS_DISTRIBUTION_MANAGER`), else the log
    /// file the lead-in sentence names (`Sched.log`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    /// The entry's text, the leading `~` and the trailer removed, wrapped
    /// lines joined.
    pub text: String,
    pub generation: Generation,
    #[serde(skip)]
    pub line: usize,
}

/// Which log format the quoted line was copied from, told by its trailer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Generation {
    /// SMS 2.0: `text  $$<COMPONENT><date><thread=n (0x..)>`.
    SmsTrailer,
    /// `text $<COMPONENT>`: one dollar sign.
    SmsShortTrailer,
    /// Configuration Manager, copied from a viewer's columns:
    /// `text  COMPONENT dd.mm.yyyy hh:mm:ss tid (0x..)`.
    #[serde(rename = "configmgr_trailer")]
    ConfigMgrTrailer,
    /// Configuration Manager, component and thread first:
    /// `COMPONENT tid (0x..) text`.
    #[serde(rename = "configmgr_prefix")]
    ConfigMgrPrefix,
    /// CMTrace's raw form: `<![LOG[text]LOG]!><time=...>`.
    #[serde(rename = "cmtrace")]
    CmTrace,
    /// Text only: no trailer was quoted.
    Plain,
}

/// A hotfix or service pack the article mentions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub kind: FixKind,
    /// `Service Pack 4`, `Hotfix Rollup Package`, `Q319207` (the article
    /// whose hotfix it is), `Q319207.exe` (an installer).
    pub name: String,
}

/// The kind of a [`Fix`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FixKind {
    Hotfix,
    ServicePack,
}

/// Something that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// 1-based line of the source file; 0 for the whole file.
    pub line: usize,
    pub message: String,
}

/// The most bytes read from one file: the largest article in the archive is
/// well under a megabyte.
pub const MAX_BYTES: usize = 4 * 1024 * 1024;

/// Read one article. `name` is its file name (the form is told from the
/// content; `.md` tips it to the Markdown form). Never panics.
pub fn extract(name: &str, bytes: &[u8]) -> Extraction {
    let mut problems = Vec::new();
    let bytes = if bytes.len() > MAX_BYTES {
        problems.push(Problem {
            line: 0,
            message: format!(
                "{} bytes: only the first {MAX_BYTES} are read (an article is far smaller)",
                bytes.len()
            ),
        });
        bytes.get(..MAX_BYTES).unwrap_or(bytes)
    } else {
        bytes
    };
    let doc = source::read(name, bytes, &mut problems);
    let mut ex = facts::extract(&doc, name);
    problems.append(&mut ex.problems);
    problems.sort_by_key(|p| p.line);
    ex.problems = problems;
    ex
}
