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
    pub status_messages: Vec<MessageDef>,
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
