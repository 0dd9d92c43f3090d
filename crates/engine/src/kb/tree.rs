//! The decision-tree schema, as stored in `kb/<ID>/tree.json`: questions that
//! evidence may answer, and outcomes with their verdicts and remediation.
//!
//! One schema serves the KB loader (which validates it), the session engine in
//! [`crate::tree`] (which walks it) and the UI (which renders it). Every answer
//! of a question maps to a *branch label* (`yes`/`no`, a choice's option id,
//! `at_least`/`below` for numbers and versions), and `next` maps labels to node
//! ids, so walking is the same for every question kind.
//!
//! A question may also map the label [`UNKNOWN`] (`unknown`): the branch taken
//! when neither the evidence nor the admin can answer ("I don't know"). A
//! question without it stops a diagnosis that evidence alone cannot carry on.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The branch label for "not known" answers (see the module docs).
pub const UNKNOWN: &str = "unknown";

/// A whole tree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tree {
    /// Id of the first node.
    pub start: String,
    pub nodes: Vec<Node>,
    /// The question whose evidence names the affected packages (the ones the
    /// registry clean-up deletes). Without it, every answered question's
    /// packages count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affected_from: Option<String>,
    /// Pairs of evidence answers that cannot both be true: reported as
    /// contradictions, never averaged into a verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contradictions: Vec<Contradiction>,
}

impl Tree {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id() == id)
    }

    /// Every rule of every question, in node order.
    pub fn rules(&self) -> impl Iterator<Item = &Rule> {
        self.nodes.iter().flat_map(|n| match n {
            Node::Question(q) => q.evidence.as_slice(),
            Node::Outcome(_) => &[],
        })
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        match self.node(id) {
            Some(Node::Question(q)) => Some(q),
            _ => None,
        }
    }

    /// The outcome with this id.
    pub fn outcome(&self, id: &str) -> Option<&Outcome> {
        match self.node(id) {
            Some(Node::Outcome(o)) => Some(o),
            _ => None,
        }
    }

    /// References of `affected_from` and `contradictions` that name no
    /// question of this tree, or a branch label the question cannot give:
    /// `(JSON path, what is wrong)`, for the validator.
    pub fn reference_problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        if let Some(q) = &self.affected_from {
            if self.question(q).is_none() {
                out.push(("affected_from".to_string(), format!("no question {q}")));
            }
        }
        for (i, c) in self.contradictions.iter().enumerate() {
            if let Some(q) = &c.later_than {
                if !c.when.iter().any(|w| &w.question == q) {
                    out.push((
                        format!("contradictions[{i}].later_than"),
                        format!("{q} is not one of the conditions"),
                    ));
                }
            }
            for (j, w) in c.when.iter().enumerate() {
                let path = format!("contradictions[{i}].when[{j}]");
                match self.question(&w.question) {
                    None => out.push((
                        format!("{path}.question"),
                        format!("no question {}", w.question),
                    )),
                    Some(q) if !q.kind.labels().contains(&w.answer.as_str()) => out.push((
                        format!("{path}.answer"),
                        format!("question {} cannot be answered {}", q.id, w.answer),
                    )),
                    Some(_) => {}
                }
            }
        }
        out
    }
}

/// Evidence answers that contradict each other when all hold at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contradiction {
    pub id: String,
    /// What the clash means, for the admin.
    pub text: String,
    /// Every condition must be answered so by evidence.
    pub when: Vec<Condition>,
    /// A question answered by a dated fact (a file listing's date): the other
    /// conditions' evidence only counts when it is later than that date (or
    /// undated). Evidence entirely older than the date is history, not a clash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub later_than: Option<String>,
}

/// A question id and the branch label evidence must give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Condition {
    pub question: String,
    pub answer: String,
}

/// A node: a question or an outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Node {
    Question(Question),
    Outcome(Outcome),
}

impl Node {
    /// The node's id.
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

impl QuestionKind {
    /// The branch labels an answer of this kind can give (without [`UNKNOWN`],
    /// which any question may add).
    pub fn labels(&self) -> Vec<&str> {
        match self {
            QuestionKind::YesNo => vec!["yes", "no"],
            QuestionKind::Choice { options } => options.iter().map(|o| o.id.as_str()).collect(),
            QuestionKind::Number { .. } | QuestionKind::Version { .. } => vec!["at_least", "below"],
        }
    }
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

/// A field a status-message rule groups or counts by: a built-in one
/// (`package_id`, `child_site`, ...) or, by its name, a field the article
/// declares in `messages.json` and its templates fill.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldRef {
    Builtin(Field),
    Declared(String),
}

/// How evidence answers a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "rule", rename_all = "snake_case", deny_unknown_fields)]
pub enum Rule {
    /// Yes when any of the messages was seen; with `same_package_as` (a
    /// question id), only for a package that question's evidence names.
    MessageSeen {
        #[serde(flatten)]
        messages: MessageFilter,
        #[serde(default)]
        same_package_as: Option<String>,
        /// Answer `no` when the messages were not seen although an input that
        /// would show them was given: with `same_package_as`, an input holding
        /// that question's status messages for the package; otherwise any input
        /// holding status messages. Absence is otherwise "unknown", and a `no`
        /// from absence yields to any other rule's answer.
        #[serde(default)]
        absent_means_no: bool,
    },
    /// A number: occurrences of the messages (or distinct values of `distinct`),
    /// taking the largest group when `per` is set. No answer when none of the
    /// messages was seen.
    Count {
        #[serde(flatten)]
        messages: MessageFilter,
        #[serde(default)]
        per: Option<FieldRef>,
        #[serde(default)]
        distinct: Option<FieldRef>,
    },
    /// Yes when at least `at_least` occurrences (per `per` group) lie at least
    /// `min_gap_minutes` apart.
    Repeated {
        #[serde(flatten)]
        messages: MessageFilter,
        #[serde(default)]
        per: Option<FieldRef>,
        at_least: u32,
        min_gap_minutes: u32,
    },
    /// Yes when a key matching the article's registry key `key` (by id) exists
    /// in a .reg export (and is not a `[-key]` deletion).
    RegistryKeyPresent { key: String },
    /// A version: the lowest version listed for the file named `file` (as the
    /// article's file table names it; compared case-insensitively, paths
    /// stripped), so a file counts as fixed only when every copy listed is.
    FileVersion { file: String },
    /// Yes when any of the article's log lines `lines` (ids of
    /// `messages.json` `log_lines`) was seen. With `absent_means_no`, no
    /// when none was seen although a log of their component was given.
    LinesSeen {
        lines: Vec<String>,
        #[serde(default)]
        absent_means_no: bool,
    },
    /// Yes when at least `at_least` of the lines (per value of the declared
    /// field `per`, when set) lie at least `min_gap_minutes` apart; with
    /// `absent_means_no`, no when a log of their component shows none so
    /// repeated.
    LinesRepeated {
        lines: Vec<String>,
        #[serde(default)]
        per: Option<String>,
        at_least: u32,
        min_gap_minutes: u32,
        #[serde(default)]
        absent_means_no: bool,
    },
    /// A number: occurrences of the lines (or distinct values of the field
    /// `distinct`), in the largest group of field `per` when set.
    LinesCount {
        lines: Vec<String>,
        #[serde(default)]
        per: Option<String>,
        #[serde(default)]
        distinct: Option<String>,
    },
    /// A number or a version (by the field's kind) captured from the
    /// latest of the lines seen: field `field` of line `line`.
    LineValue { line: String, field: String },
    /// Yes or no from a registry value of key `key` (a `registry.json` id)
    /// in a .reg export: `value` (its name; empty for the default value)
    /// tested by `test`. When the export holds the key without the value,
    /// `missing_means` is the value Windows or SMS then uses; without it,
    /// no answer.
    RegistryValue {
        key: String,
        value: String,
        test: ValueTest,
        #[serde(default)]
        missing_means: Option<RegLiteral>,
    },
    /// Yes when the file listing shows every file of a file table at or
    /// above its version (for its platform), no when it shows one below;
    /// no answer when it shows none of them. The table is this article's
    /// `files.json`, or that of article `article` when the fix ships in
    /// another article's hotfix.
    FileFixed {
        #[serde(default)]
        article: Option<String>,
    },
    /// A number from pasted SQL query results: the rows of every result
    /// holding all of `columns` that pass every test of `where`; with
    /// `duplicates`, only rows whose values of those columns another
    /// passing row repeats; counted (or the distinct values of column
    /// `distinct`) in the largest group of column `per`. Zero, cited by
    /// the results' headers, when such a result was given and no row
    /// counts; no answer when no result holds the columns. The values of
    /// column `packages` count as the finding's packages.
    SqlRows {
        columns: Vec<String>,
        #[serde(default, rename = "where", skip_serializing_if = "Vec::is_empty")]
        conditions: Vec<CellCondition>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        duplicates: Vec<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        per: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        distinct: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        packages: Option<String>,
    },
}

/// A test of one cell of a SQL result row (`sql_rows`' `where`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellCondition {
    pub column: String,
    pub test: CellTest,
}

/// How a cell is tested. As in SQL, a null (or empty) cell passes only
/// `is_null: true`: it equals nothing and differs from nothing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CellTest {
    /// The value, case aside.
    Equals(String),
    /// Not the value, case aside.
    NotEquals(String),
    /// Holds the text, case aside.
    Contains(String),
    /// A number at least this.
    AtLeast(f64),
    /// Null or empty (`true`), or not (`false`).
    IsNull(bool),
    /// The same value as the row's cell of that column, case aside.
    SameAs(String),
    /// Another value than the row's cell of that column, case aside.
    DiffersFrom(String),
}

impl CellTest {
    /// The other column the test compares with, if any.
    pub fn other_column(&self) -> Option<&str> {
        match self {
            CellTest::SameAs(c) | CellTest::DiffersFrom(c) => Some(c),
            _ => None,
        }
    }
}

/// A test of a registry value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ValueTest {
    /// The value is exactly this (a DWORD number or a string, case aside).
    Equals(RegLiteral),
    /// A DWORD with every bit of this mask set.
    HasBit(u32),
    /// A DWORD at least this.
    AtLeast(u32),
}

/// Registry data as an article states it: a DWORD number or a string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RegLiteral {
    Dword(u32),
    Text(String),
}

impl Rule {
    /// The question whose answer this rule reads, if any: its answer then
    /// depends on what that question found.
    pub fn reads_question(&self) -> Option<&str> {
        match self {
            Rule::MessageSeen {
                same_package_as, ..
            } => same_package_as.as_deref(),
            _ => None,
        }
    }

    /// The input that would let this rule answer, in words for the admin:
    /// what the wizard asks for when the evidence is short.
    pub fn wants(&self, article: &crate::kb::Article) -> String {
        let line_components = |lines: &[String]| {
            let mut names: Vec<&str> = lines
                .iter()
                .filter_map(|id| article.log_line(id))
                .map(|l| l.component.as_str())
                .collect();
            names.dedup();
            if names.is_empty() {
                "the component's log".to_string()
            } else {
                format!("the {} log", names.join(" and "))
            }
        };
        let messages = |ids: &[u32]| {
            let ids: Vec<String> = ids.iter().map(u32::to_string).collect();
            format!(
                "a component log or status message export showing messages {}",
                ids.join(", ")
            )
        };
        match self {
            Rule::MessageSeen { messages: m, .. }
            | Rule::Count { messages: m, .. }
            | Rule::Repeated { messages: m, .. } => messages(&m.ids),
            Rule::RegistryKeyPresent { key } | Rule::RegistryValue { key, .. } => {
                match article.registry_key(key) {
                    Some(k) => format!("a .reg export of {}", k.path),
                    None => "a .reg export".to_string(),
                }
            }
            Rule::FileVersion { file } => format!("a file version listing showing {file}"),
            Rule::FileFixed { article: other } => match other {
                Some(a) => format!("a file version listing of the files in {a}'s hotfix"),
                None => "a file version listing of the fixed files".to_string(),
            },
            Rule::LinesSeen { lines, .. }
            | Rule::LinesRepeated { lines, .. }
            | Rule::LinesCount { lines, .. } => {
                format!(
                    "{} covering the time of the problem",
                    line_components(lines)
                )
            }
            Rule::LineValue { line, .. } => format!(
                "{} covering the time of the problem",
                line_components(std::slice::from_ref(line))
            ),
            Rule::SqlRows { columns, .. } => format!(
                "the results of a SQL query with columns {} (CSV, or copied with headers)",
                columns.join(", ")
            ),
        }
    }
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

impl Verdict {
    /// The verdict as serialised (`ruled_out`).
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Confirmed => "confirmed",
            Verdict::Likely => "likely",
            Verdict::RuledOut => "ruled_out",
            Verdict::InsufficientEvidence => "insufficient_evidence",
        }
    }
}
