//! The decision-tree schema, as stored in `kb/<ID>/tree.json`: questions that
//! evidence may answer, and outcomes with their verdicts and remediation.
//!
//! One schema serves the KB loader (which validates it), the session engine in
//! [`crate::tree`] (which walks it) and the UI (which renders it). Every answer
//! of a question maps to a *branch label* (`yes`/`no`, a choice's option id,
//! `at_least`/`below` for numbers and versions), and `next` maps labels to node
//! ids, so walking is the same for every question kind.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A whole tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// Id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
}

/// A node: a question or an outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Node {
    Question(Question),
    Outcome(Outcome),
}

impl Node {
    pub fn id(&self) -> &str {
        match self {
            Node::Question(q) => &q.id,
            Node::Outcome(o) => &o.id,
        }
    }
}

/// A question the admin or the evidence answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    /// The question as the wizard asks it.
    pub text: String,
    /// How the admin can find the answer by hand.
    #[serde(default)]
    pub help: String,
    pub kind: QuestionKind,
    /// Rules that can answer it from evidence, tried in order; the first one
    /// that gives an answer wins.
    #[serde(default)]
    pub evidence: Vec<Rule>,
    /// What to paste to let evidence answer this question (for "next artefact").
    #[serde(default)]
    pub artefact: Option<String>,
    /// Branch label -> next node id.
    pub next: BTreeMap<String, String>,
}

/// The kinds of question, and how an answer maps to a branch label.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum QuestionKind {
    /// Labels `yes` and `no`.
    YesNo,
    /// Labels are the option ids.
    Choice { options: Vec<ChoiceOption> },
    /// Labels `at_least` (answer >= threshold) and `below`.
    Number {
        threshold: f64,
        #[serde(default)]
        unit: Option<String>,
    },
    /// Dotted versions compared numerically; labels `at_least` and `below`.
    Version { threshold: String },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

/// Which status messages a rule looks at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageFilter {
    /// Message IDs (refer to the article's `status_messages`).
    pub ids: Vec<u32>,
}

/// Named fields of a status message a rule can group or count by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    PackageId,
    PackageName,
    PackageSource,
    DpPath,
    ChildSite,
    Site,
    System,
}

/// How evidence answers a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Yes when any of the messages was seen; with `same_package_as`, only for a
    /// package that also appears in the messages of that other question's rule.
    MessageSeen {
        #[serde(flatten)]
        messages: MessageFilter,
        #[serde(default)]
        same_package_as: Option<String>,
        /// Answer `no` when inputs of these formats were given and the message
        /// was not seen in them (absence is otherwise "unknown").
        #[serde(default)]
        absent_means_no: bool,
    },
    /// A number: occurrences of the messages (or distinct values of `distinct`),
    /// taking the largest group when `per` is set.
    Count {
        #[serde(flatten)]
        messages: MessageFilter,
        #[serde(default)]
        per: Option<Field>,
        #[serde(default)]
        distinct: Option<Field>,
    },
    /// Yes when at least `at_least` occurrences (per `per` group) lie at least
    /// `min_gap_minutes` apart.
    Repeated {
        #[serde(flatten)]
        messages: MessageFilter,
        #[serde(default)]
        per: Option<Field>,
        at_least: u32,
        min_gap_minutes: u32,
    },
    /// Yes when a key matching the article's registry key `key` (by id) exists
    /// in a .reg export (and is not a `[-key]` deletion).
    RegistryKeyPresent { key: String },
    /// A version: the version of the article's file `file` found in listings.
    FileVersion { file: String },
}

/// Where a tree ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outcome {
    pub id: String,
    pub title: String,
    pub verdict: Verdict,
    /// What this outcome means, in the article's words (ours).
    pub summary: String,
    /// Remediation ids (refer to the article's `remediation` entries).
    #[serde(default)]
    pub remediation: Vec<String>,
}

/// How strongly the evidence points to the article's fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Confirmed,
    Likely,
    RuledOut,
    InsufficientEvidence,
}
