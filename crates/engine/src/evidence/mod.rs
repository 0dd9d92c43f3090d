//! Typed evidence: the facts the parsers extract from what an admin pasted, each
//! with its provenance (input name, 1-based line number, the line itself).
//!
//! Data flows one way through the engine: text -> [`crate::parse`] -> [`Scan`]
//! (inputs + evidence) -> diagnosis / simulator calibration.
//!
//! The types are SMS's, not any one article's, with one exception to know
//! about: [`StatusMessage`]'s named fields (`package_id`, `package_name`,
//! `package_source`, `dp_path`, `child_site`) are the five built-in
//! placeholders of the KB template language ([`crate::kb::Placeholder`]).
//! The parsers set only `package_id`, from attribute 400; [`enrich()`] fills
//! the rest (and `package_id` when no attribute gave it) from each article's
//! message templates, which say which insertion string or piece of a
//! description is which. Any other field is declared by an article
//! (`messages.json` `fields`) and read where it is used, with that article's
//! template: by its rules and remediation, not stored here.
//!
//! Two kinds of fact come from the KB rather than the parsers: [`LogLine`],
//! a log entry matching a line an article declares, with its captures, and
//! [`ComponentLog`], that an input holds a component's log at all
//! ([`LineMatcher`]).

mod enrich;
mod lines;
mod placeholder;
mod products;
mod stamp;
mod threads;
mod words;

pub use enrich::{enrich, Enricher};
pub use lines::{component_key, InputLines, LineMatcher};
pub(crate) use placeholder::is_placeholder_bytes;
pub use placeholder::{holds_placeholder, is_placeholder};
pub use products::{recognise, Generation, InputSigns, ProductMatch};
pub use stamp::Stamp;
pub use threads::{ThreadSpan, ThreadTracker};

use serde::{Deserialize, Serialize};
use std::rc::Rc;

/// Immutable text shared between facts. The values that repeat across a log's
/// thousands of lines (the input's name, components, site codes, servers,
/// zone names, package IDs, insertion strings) are stored once per scan and
/// shared, so that memory grows with the distinct values, not with the lines,
/// and copying a fact's field costs a reference count, not an allocation.
///
/// `Rc`, not `Arc`: the engine runs on one thread in both of its shells (the
/// browser's wasm, and the CLI, which reads its inputs in turn), and a scan
/// counts references some twenty times per fact. Atomic counts cost the CLI
/// about a tenth of its time on a large log (see `docs/performance.md`);
/// plain ones do not. A scan is therefore not `Send`: parse on the thread
/// that uses it.
pub type Shared = Rc<str>;

/// What kind of text an input (or a block of it) was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// SMS 1.x / 2.0 / ConfigMgr-era `$$<COMPONENT><date><thread=..>` component logs.
    SmsLog,
    /// `<![LOG[...]LOG]!>` logs and CMTrace clipboard copies.
    CmtraceLog,
    /// Status Message Viewer exports and `Message ID: n - text` lines.
    StatusExport,
    /// regedit exports (REGEDIT4, version 5.00).
    Reg,
    /// `dir`, `filever`, PowerShell VersionInfo output, bare versions beside file names.
    FileVersions,
    /// SQL query results: CSV or tab-separated, with a header row.
    SqlResults,
    /// Nothing recognisable.
    Unknown,
}

impl Format {
    /// The stable name used in JSON and the CLI (`sms-log`, `reg`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Format::SmsLog => "sms-log",
            Format::CmtraceLog => "cmtrace-log",
            Format::StatusExport => "status-export",
            Format::Reg => "reg",
            Format::FileVersions => "file-versions",
            Format::SqlResults => "sql-results",
            Format::Unknown => "unknown",
        }
    }
}

/// Severity as SMS status messages and log viewers know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// Something the parser could not read, and what it did about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// 1-based physical line number in the (decoded) input; 0 for the whole input.
    pub line: usize,
    /// What was wrong and what was kept, in words an admin understands.
    pub message: String,
}

/// One entry of a log-like input, for the timeline and the log view. The text
/// itself is not copied: `first_line..=last_line` locate it in the input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub first_line: usize,
    pub last_line: usize,
    pub component: Option<Shared>,
    pub severity: Option<Severity>,
    pub time: Stamp,
}

/// The report on one input: what it was, how much was read, what was not.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InputReport {
    /// File name, or the label given to a paste (`paste 1`, `-` for stdin).
    pub path: String,
    /// The dominant format; a paste mixing blocks reports the first recognised one
    /// and lists every block's format in `blocks`.
    pub format: Format,
    /// Every format seen in this input, in order of first appearance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Format>,
    /// Size in bytes as given.
    pub bytes: usize,
    /// Entries read (log entries, status rows, registry keys + values, version rows).
    pub entries: usize,
    /// Registry keys read (`reg` inputs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keys: Option<usize>,
    /// Registry values read (`reg` inputs only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<usize>,
    pub problems: Vec<Problem>,
}

/// One typed fact with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// The input it came from (serialised as `path`, as the CLI's JSON promises).
    #[serde(rename = "path")]
    pub input: Shared,
    /// 1-based line number of the first physical line of the fact.
    pub line: usize,
    /// The (re-joined) line itself, exactly as read.
    pub text: String,
    #[serde(flatten)]
    pub fact: Fact,
}

/// The kinds of fact kbwiz knows. Serialised with a `kind` tag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
// Most facts are status messages, so boxing the large variant would cost an
// allocation per fact for nothing.
#[allow(clippy::large_enum_variant)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fact {
    StatusMessage(StatusMessage),
    RegistryKey(RegistryKey),
    FileVersion(FileVersion),
    ScheduleBacklog(ScheduleBacklog),
    /// A component log line that matches a line an article declares.
    LogLine(LogLine),
    /// That an input holds a component's log at all: what lets a rule read
    /// the absence of that component's lines as "not happening".
    ComponentLog(ComponentLog),
    /// The header of a SQL query result: its columns, in order.
    SqlResult(SqlResult),
    /// One row of a SQL query result.
    SqlRow(SqlRow),
}

/// A SQL query result's header (the evidence's line is the header line).
/// Rows follow as [`SqlRow`] facts naming this line; a result with no rows
/// is this fact alone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlResult {
    pub columns: Vec<Shared>,
}

/// One row of a SQL query result, each cell with its column's name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlRow {
    /// The line of the result's header ([`SqlResult`]).
    pub header_line: usize,
    pub cells: Vec<SqlCell>,
}

impl SqlRow {
    /// The cell of column `name` (compared without case; the first of two
    /// columns of one name), and whether the row has that column at all.
    pub fn cell(&self, name: &str) -> Option<&SqlCell> {
        self.cells
            .iter()
            .find(|c| c.column.eq_ignore_ascii_case(name))
    }

    /// The value of column `name`; `None` for a null, an empty cell or no
    /// such column.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.cell(name).and_then(|c| c.value.as_deref())
    }
}

/// One cell: its column and its value (`None` for `NULL` or empty).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SqlCell {
    pub column: Shared,
    pub value: Option<String>,
}

/// A log line one article declares (`messages.json` `log_lines`), as seen.
/// The evidence's `line` is its first physical line, `text` the message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LogLine {
    /// The article that declares the line.
    pub article: Shared,
    /// The line's id in that article (shared with every fact of that line).
    pub log_line: Shared,
    /// The component that logged it; `None` for a pasted `~` line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<Shared>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    pub time: Stamp,
    /// The last physical line of the entry (a wrapped entry spans several).
    pub last_line: usize,
    /// Each slot of the pattern with what stood there, in pattern order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub captures: Vec<Capture>,
}

impl LogLine {
    /// The value captured for field `name` (names compare case-insensitively).
    pub fn capture(&self, name: &str) -> Option<&str> {
        self.captures
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
            .map(|c| c.value.as_str())
    }
}

/// One slot's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capture {
    /// The slot's field name, shared with every capture of that slot.
    pub name: Shared,
    pub value: String,
}

/// An input's entries of one component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComponentLog {
    pub component: Shared,
    pub entries: usize,
    /// The first and the last entry's time, when stated.
    pub first: Stamp,
    pub last: Stamp,
}

/// Where a status message occurrence was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusOrigin {
    /// A `STATMSG:` line inside a component log.
    Statmsg,
    /// A Status Message Viewer export or copied row.
    ViewerExport,
    /// `Message ID: n - text` as KB articles print it.
    MessageIdLine,
}

/// One occurrence of an SMS status message.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StatusMessage {
    pub id: u32,
    pub origin: Option<StatusOrigin>,
    pub severity: Option<Severity>,
    /// `SMS_DISTRIBUTION_MANAGER`, or the viewer's display name.
    pub component: Option<Shared>,
    /// Site code that raised it.
    pub site: Option<Shared>,
    /// Server that raised it.
    pub system: Option<Shared>,
    pub time: Stamp,
    /// Insertion strings ISTR0..ISTR9, in order (empty for viewer rows).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub strings: Vec<Shared>,
    /// Attribute pairs (AIDn, AVALn); attribute 400 is the package ID.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<(u32, Shared)>,
    /// The rendered description, when the input carried one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Named fields, from attribute 400 or filled by [`enrich`] from a KB template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_id: Option<Shared>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_name: Option<Shared>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package_source: Option<Shared>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dp_path: Option<Shared>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_site: Option<Shared>,
}

/// Registry data as regedit writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", content = "data", rename_all = "snake_case")]
pub enum RegData {
    /// `"text"` (REG_SZ).
    String(String),
    /// `dword:` (REG_DWORD).
    Dword(u32),
    /// `hex(2):` (REG_EXPAND_SZ), decoded.
    ExpandString(String),
    /// `hex(7):` (REG_MULTI_SZ), decoded.
    MultiString(Vec<String>),
    /// `hex:` or any other `hex(n):` kept as raw bytes with its type number.
    Binary { kind: u32, bytes: Vec<u8> },
    /// `"name"=-`: the value is deleted.
    Delete,
}

/// One registry value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegValue {
    /// Value name; empty for the default value (`@=` or `""=`).
    pub name: String,
    #[serde(flatten)]
    pub data: RegData,
}

/// One registry key from a .reg export (every key is kept; rules match patterns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryKey {
    /// Full path with the root spelled out (`HKEY_LOCAL_MACHINE\...`).
    /// Serialised as `key`: `path` is the evidence's input name.
    #[serde(rename = "key")]
    pub path: String,
    /// `[-KEY]`: the export deletes this key.
    pub deleted: bool,
    pub values: Vec<RegValue>,
}

/// One file's version, as a listing showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileVersion {
    /// File name as shown (`Distmgr.dll`); compare case-insensitively.
    pub file: String,
    /// Dotted version (`2.00.1493.3257`).
    pub version: String,
    /// `Alpha`, `I386`, ... when the listing's path or columns show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
    /// Date (and time) as shown, when shown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// A count of job files waiting in an inbox (`Schedule.box`), from a listing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleBacklog {
    pub folder: String,
    pub count: u64,
}

/// The result of scanning a set of inputs: per-input reports and all evidence.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Scan {
    pub inputs: Vec<InputReport>,
    pub evidence: Vec<Evidence>,
    /// Each thread's story in each log (`api::scan` follows them; the
    /// diagnosis's scan and other scans leave this empty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub threads: Vec<ThreadSpan>,
}
