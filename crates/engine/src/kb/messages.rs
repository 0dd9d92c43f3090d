//! Status messages an article relies on (`messages.json`): ID, component,
//! severity, the exact template with its placeholders, what an occurrence
//! proves, and the role it plays in the fault.

use crate::evidence::Severity;
use crate::kb::template::{Template, TemplateError};
use serde::{Deserialize, Serialize};

/// `messages.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Messages {
    #[serde(default)]
    pub status_messages: Vec<MessageDef>,
    /// The named fields this article's templates and line patterns use
    /// beyond the built-in placeholders (`<package ID>`, ...), each with
    /// the kind of value it holds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDef>,
    /// Component log lines that prove something, matched in SMS trailer
    /// logs, CMTrace logs and `~` pastes alike.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log_lines: Vec<LineDef>,
}

/// A named field: a `<name>` slot in the article's templates and patterns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The name between `<` and `>` (`site`, `pkg_file`).
    pub name: String,
    pub kind: FieldKind,
    /// What the value is, for the admin.
    #[serde(default)]
    pub about: String,
    /// Which insertion string of a status message fills it (0 for ISTR0,
    /// an article's `%1`), when that is not the slot's place among the
    /// template's slots: a template that names `%2` before `%1`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub insertion: Option<usize>,
}

/// What kind of value a field holds: decides what a slot accepts and how
/// rules compare values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    /// Any text.
    Text,
    /// A whole number (`99901`, `-5`).
    Number,
    /// A three-character SMS site code (`SEC`).
    SiteCode,
    /// An SMS package ID: three-character site code and five hex digits.
    PackageId,
    /// A dotted numeric version (`2.0.1493.3269`).
    Version,
    /// A file or folder path.
    Path,
    /// A computer: its name, its DNS name, or a UNC path naming it. Matched
    /// as text; redaction replaces the server (and domain) it names.
    Server,
    /// A share's name. Matched as text; redaction replaces it.
    Share,
    /// An account: `DOMAIN\user` or a user name. Matched as text;
    /// redaction replaces the user and the domain.
    Account,
    /// A Windows or DNS domain. Matched as text; redaction replaces it.
    Domain,
}

impl FieldKind {
    /// Whether `value` is a value of this kind.
    pub fn accepts(self, value: &str) -> bool {
        let alnum = |v: &str| v.chars().all(|c| c.is_ascii_alphanumeric());
        !value.is_empty()
            && match self {
                FieldKind::Text
                | FieldKind::Path
                | FieldKind::Server
                | FieldKind::Share
                | FieldKind::Account
                | FieldKind::Domain => true,
                FieldKind::Number => value.parse::<i64>().is_ok(),
                FieldKind::SiteCode => value.len() == 3 && alnum(value),
                FieldKind::PackageId => value.len() == 8 && alnum(value),
                FieldKind::Version => crate::kb::compare_versions(value, value).is_some(),
            }
    }

    /// A value that ends where its characters do (a number, a code), not at
    /// the end of the line.
    pub fn is_token(self) -> bool {
        matches!(
            self,
            FieldKind::Number | FieldKind::SiteCode | FieldKind::PackageId | FieldKind::Version
        )
    }
}

/// A log line the article relies on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LineDef {
    /// Unique within the article; rules name lines by it.
    pub id: String,
    /// The component whose log holds it (`SMS_DISTRIBUTION_MANAGER`); a
    /// line of another component never matches. Compared by letters and
    /// digits only, so `SMS Distribution Manager` is the same.
    pub component: String,
    /// The text with `<field>` slots ([`crate::kb::pattern::Pattern`]).
    pub pattern: String,
    /// What one occurrence proves.
    pub proves: String,
    pub role: MessageRole,
}

/// One status message as the article describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageDef {
    pub id: u32,
    /// Component that raises it (`SMS_DISTRIBUTION_MANAGER`).
    pub component: String,
    /// Severity, when known (see the article's README for its source).
    #[serde(default)]
    pub severity: Option<Severity>,
    /// The text with `<placeholder>` slots, exactly as the article prints it
    /// (line wrapping removed).
    pub template: String,
    /// Where it is raised (`the site where the package was created`).
    #[serde(default)]
    pub raised_at: Option<String>,
    /// What one occurrence proves.
    pub proves: String,
    pub role: MessageRole,
}

impl MessageDef {
    /// The parsed template (validation guarantees it parses for loaded articles).
    pub fn parsed(&self) -> Result<Template, TemplateError> {
        Template::parse(&self.template)
    }
}

/// What a message means for the fault the article describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageRole {
    /// The step that goes wrong (a distribution point not updated).
    Failure,
    /// The consequence that multiplies (package data re-sent to a child site).
    FanOut,
    /// Context only.
    Info,
}
