//! Registry keys an article names (`registry.json`): the path pattern with its
//! placeholders, what the key's presence means, the risk of editing it, and the
//! article's registry warnings.

use crate::kb::template::{Placeholder, Template, TemplateError};
use serde::{Deserialize, Serialize};

/// `registry.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Registry {
    pub keys: Vec<RegistryKeyDef>,
    #[serde(default)]
    pub warnings: Vec<Warning>,
}

/// One key pattern.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistryKeyDef {
    pub id: String,
    /// Full path, root spelled out, with placeholders
    /// (`HKEY_LOCAL_MACHINE\...\Retry History\<package ID>`).
    pub path: String,
    /// What it means when the key exists.
    pub meaning: String,
    /// What deleting or editing it does, and does not, achieve.
    #[serde(default)]
    pub effect_of_deleting: Option<String>,
    /// The stated risk of editing, as a warning id of this file.
    #[serde(default)]
    pub risk: Option<String>,
}

impl RegistryKeyDef {
    /// The parsed path pattern. Any `<name>` is a slot here: whether it is
    /// built in or declared by the article is the validator's concern.
    pub fn pattern(&self) -> Result<Template, TemplateError> {
        Template::parse_open(&self.path, |_| true)
    }

    /// When `path` is an instance of this key (case-insensitive, as the
    /// registry is), the placeholder values; `None` otherwise. A value may not
    /// contain `\` (it names one key, not a subtree).
    pub fn match_path(&self, path: &str) -> Option<Vec<(Placeholder, String)>> {
        let pattern = self.pattern().ok()?;
        // Every slot, built in or declared, names one key, not a subtree.
        let all = pattern.capture_named(path)?;
        if all.iter().any(|(_, v)| v.contains('\\')) {
            return None;
        }
        pattern.capture(path)
    }

    /// The concrete path for a package (or other single placeholder value).
    pub fn path_for(&self, value: impl Fn(Placeholder) -> Option<String>) -> Option<String> {
        Some(self.pattern().ok()?.render(value))
    }
}

/// A caution the article gives about editing the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Warning {
    pub id: String,
    pub text: String,
    /// Article to read first (`Q256986`), if any.
    #[serde(default)]
    pub see: Option<String>,
}
