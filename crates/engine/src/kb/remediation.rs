//! Remediation (`remediation.json`): the workaround, the ways to obtain and
//! install the fix, and clean-up, each as typed steps that the wizard, the CLI
//! and the reports render without knowing the article.

use crate::kb::files::Platform;
use crate::kb::tree::RegLiteral;
use serde::{Deserialize, Serialize};

/// `remediation.json`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    pub entries: Vec<Remedy>,
}

/// One way to deal with the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Remedy {
    pub id: String,
    pub kind: RemedyKind,
    pub title: String,
    /// When to use it and what it achieves.
    pub summary: String,
    /// Platforms it works on; empty means all.
    #[serde(default)]
    pub platforms: Vec<Platform>,
    /// Where it must be applied (`every site in the hierarchy`).
    #[serde(default)]
    pub scope: Option<String>,
    /// Step texts, commands and notes may hold `<field>` slots of the
    /// article's declared fields (`<pkg_file>`): a finding fills them with
    /// the values its evidence captured.
    pub steps: Vec<Step>,
    /// Registry values to set, after the steps: the generated .reg writes
    /// them (the key created when missing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub set_values: Vec<SetValue>,
}

/// A registry value a remedy sets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetValue {
    /// A `registry.json` key id; `<field>` slots in its path are filled
    /// from the evidence (one key per value).
    pub key: String,
    /// The value name; empty for the key's default value.
    pub value: String,
    /// DWORD (a number) or REG_SZ (a string).
    pub data: RegLiteral,
    /// What setting it does.
    #[serde(default)]
    pub note: Option<String>,
}

/// The kinds of remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemedyKind {
    /// Avoids or limits the problem without the fix.
    Workaround,
    /// Getting the fix.
    ObtainFix,
    /// Installing the fix.
    Fix,
    /// Removing what the problem left behind, or stopping it for now.
    Cleanup,
}

/// Whether services are stopped or started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceAction {
    Stop,
    Start,
}

/// One step, typed so that each renderer can do the right thing with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Step {
    /// Plain instruction.
    Text { text: String },
    /// Something to run; `command` is shown verbatim (monospace, copyable).
    Command { text: String, command: String },
    /// Stop or start services, named as the article names them.
    Services {
        action: ServiceAction,
        services: Vec<String>,
        /// Where (`the site server`).
        #[serde(default)]
        on: Option<String>,
    },
    /// Replace a file with the fix's version (`file` is a name in `files.json`).
    ReplaceFile { file: String, folder: String },
    /// Delete a registry key of `registry.json` (by id), one per affected
    /// instance (one per package, say); the generated .reg does it.
    RegistryDelete {
        key: String,
        #[serde(default)]
        note: Option<String>,
    },
    /// Show a warning of `registry.json` (by id) before going on.
    Warning { warning: String },
    /// A note the admin should read at this point.
    Note { text: String },
    /// Where to go (a web page, or another article by ID).
    Link { text: String, target: String },
}
