//! An article's metadata and prose references (`article.json`): identity,
//! product and versions, keywords, dates, related articles, and where the
//! symptoms, cause, resolution and status are told in the article's Markdown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// `article.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Article ID (`Q319207`); also the folder name under `kb/`.
    pub id: String,
    pub title: String,
    pub product: String,
    /// Product versions it applies to (`2.0`).
    pub versions: Vec<String>,
    /// Where the article is published (`https://...`), for articles taken
    /// from a public page rather than the KB archive.
    #[serde(default)]
    pub source_url: Option<String>,
    /// What an admin sees before knowing which article applies, in a few
    /// words each ("Packages never reach the child sites"). Articles that
    /// share a symptom use the same words, so the start page's "What do you
    /// see?" list can group them (`kbwiz kb symptoms` prints the ones in use).
    #[serde(default)]
    pub admin_sees: Vec<String>,
    pub keywords: Vec<String>,
    /// Further classification words the article lists (technology, query words).
    #[serde(default)]
    pub technology: Vec<String>,
    #[serde(default)]
    pub query_words: Vec<String>,
    /// `kbbug`, ...
    #[serde(default)]
    pub issue_type: Option<String>,
    /// `kbfix`, ...
    #[serde(default)]
    pub solution_type: Option<String>,
    #[serde(deserialize_with = "crate::kb::dates::date")]
    pub last_modified: NaiveDate,
    #[serde(default)]
    pub related: Vec<Related>,
    /// What the admin sees.
    pub symptoms: Prose,
    /// Why it happens.
    pub cause: Prose,
    /// How it is resolved (pointer into the Markdown; the steps are in
    /// `remediation.json`).
    #[serde(default)]
    pub resolution: Option<Prose>,
    /// Whether and where the vendor fixed it.
    #[serde(default)]
    pub status: Option<FixStatus>,
}

/// Another KB article this one refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Related {
    pub id: String,
    pub title: String,
    /// Why it is referenced.
    pub why: String,
}

/// A reference into the article's Markdown, with a one-line summary and the
/// observable signals it implies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Prose {
    /// Heading text of the section in `article.md` (validated to exist).
    pub section: String,
    pub summary: String,
    #[serde(default)]
    pub signals: Vec<Signal>,
}

/// Something observable that the prose implies, pointing at the typed facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Signal {
    /// A status message of `messages.json`, by ID.
    StatusMessage { id: u32 },
    /// A registry key of `registry.json`, by id.
    RegistryKey { key: String },
    /// A file of `files.json`, by name.
    FileVersion { file: String },
    /// Files piling up in a folder (`\SMS\Inboxes\Schedule.box`).
    Backlog { folder: String, what: String },
    /// A log line of `messages.json` `log_lines`, by id.
    LogLine { line: String },
}

/// The vendor's statement on the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FixStatus {
    /// The vendor confirmed the problem in the products listed.
    pub confirmed: bool,
    /// The release the problem was first corrected in.
    #[serde(default)]
    pub first_fixed_in: Option<String>,
    /// Article describing that release.
    #[serde(default)]
    pub see: Option<String>,
    /// Heading of the section in `article.md`.
    pub section: String,
}
