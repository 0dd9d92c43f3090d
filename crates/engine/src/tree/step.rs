//! What one step of a tree walk records: the question, the answer, the branch
//! taken, where the answer came from (evidence with its lines, or the admin)
//! and why, so the wizard and the reports can explain every turn of the path.

use crate::evidence::{Evidence, Fact};
use crate::kb::compare_versions;
use crate::kb::tree::{QuestionKind, UNKNOWN};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// An answer to a question, typed by the kind of question it fits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    /// A choice question's option id.
    Choice(String),
    Number(f64),
    /// A dotted version (`2.00.1493.3257`).
    Version(String),
    /// "I don't know": follows the question's `unknown` branch.
    Unknown,
}

impl Answer {
    /// The branch label this answer selects for a question of `kind`, or `None`
    /// when the answer does not fit the kind (a version that is not dotted
    /// numbers, a choice that is not an option, a non-finite number).
    /// A count answers a yes/no question: yes when at least one.
    pub fn label(&self, kind: &QuestionKind) -> Option<String> {
        let label = match (self, kind) {
            (Answer::Unknown, _) => UNKNOWN,
            (Answer::Yes, QuestionKind::YesNo) => "yes",
            (Answer::No, QuestionKind::YesNo) => "no",
            (Answer::Number(n), QuestionKind::YesNo) if n.is_finite() => {
                if *n >= 1.0 {
                    "yes"
                } else {
                    "no"
                }
            }
            (Answer::Number(n), QuestionKind::Number { threshold, .. }) if n.is_finite() => {
                if *n >= *threshold {
                    "at_least"
                } else {
                    "below"
                }
            }
            (Answer::Version(v), QuestionKind::Version { threshold }) => {
                match compare_versions(v, threshold)? {
                    Ordering::Less => "below",
                    Ordering::Equal | Ordering::Greater => "at_least",
                }
            }
            (Answer::Choice(id), QuestionKind::Choice { options }) => {
                return options.iter().any(|o| &o.id == id).then(|| id.clone());
            }
            _ => return None,
        };
        Some(label.to_string())
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Yes => f.write_str("yes"),
            Answer::No => f.write_str("no"),
            Answer::Choice(id) => f.write_str(id),
            Answer::Number(n) => f.write_str(&super::number::display(*n)),
            Answer::Version(v) => f.write_str(v),
            Answer::Unknown => f.write_str("unknown"),
        }
    }
}

/// Where an answer came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Source {
    /// Read from evidence. `by_absence`: from messages missing where they
    /// would show, which weaker than a message seen.
    Evidence { by_absence: bool },
    /// Given by the admin where evidence gave no answer (or the same one).
    Admin,
    /// Given by the admin in place of a different evidence answer.
    AdminOverride { evidence_answer: Answer },
    /// Neither evidence nor the admin answered: the `unknown` branch was taken.
    NotKnown,
}

/// Evidence lines cited per step, finding or contradiction. A 100 MB log can
/// back one answer with 100,000 lines; citing them all would make the JSON,
/// the report and the page as large as the log and tell the admin nothing
/// more than the first and the latest ones do. The rest are counted.
pub const MAX_CITED: usize = 50;

/// The lines at `indices` (ascending) to cite: all of them up to
/// [`MAX_CITED`], else the first and the last `MAX_CITED / 2` (when the
/// fault began, and that it still goes on). Returns them and how many were
/// left out.
pub fn cite(evidence: &[Evidence], indices: &[usize]) -> (Vec<EvidenceRef>, usize) {
    let refs = |ix: &[usize]| -> Vec<EvidenceRef> {
        ix.iter()
            .filter_map(|&i| evidence.get(i).map(EvidenceRef::from))
            .collect()
    };
    if indices.len() <= MAX_CITED {
        return (refs(indices), 0);
    }
    let half = MAX_CITED / 2;
    let mut cited = refs(&indices[..half]);
    cited.extend(refs(&indices[indices.len() - half..]));
    (cited, indices.len() - 2 * half)
}

/// `serde`'s `skip_serializing_if` for counts.
pub(crate) fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// One evidence line, as the CLI's JSON and the reports cite it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EvidenceRef {
    /// `status_message`, `registry_key`, `file_version`, `schedule_backlog`.
    pub kind: String,
    /// The input's name.
    pub path: String,
    /// 1-based line number in that input.
    pub line: usize,
    /// The line as read.
    pub text: String,
}

impl From<&Evidence> for EvidenceRef {
    fn from(e: &Evidence) -> Self {
        EvidenceRef {
            kind: fact_kind(&e.fact).to_string(),
            path: e.input.to_string(),
            line: e.line,
            text: e.text.clone(),
        }
    }
}

/// The serialised tag of a fact.
pub fn fact_kind(fact: &Fact) -> &'static str {
    match fact {
        Fact::StatusMessage(_) => "status_message",
        Fact::RegistryKey(_) => "registry_key",
        Fact::FileVersion(_) => "file_version",
        Fact::ScheduleBacklog(_) => "schedule_backlog",
        Fact::LogLine(_) => "log_line",
        Fact::ComponentLog(_) => "component_log",
        Fact::SqlResult(_) => "sql_result",
        Fact::SqlRow(_) => "sql_row",
    }
}

/// One answered question on the path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Question id.
    pub question: String,
    /// The question as asked.
    pub text: String,
    pub answer: Answer,
    /// The branch label taken.
    pub label: String,
    pub source: Source,
    /// The evidence lines behind the answer (empty for admin answers unless
    /// evidence agreed, and for answers from absence), at most [`MAX_CITED`].
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<EvidenceRef>,
    /// Lines behind the answer that are not cited in `evidence`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub uncited: usize,
    /// Why, in one sentence.
    pub why: String,
    /// Package IDs the evidence answer concerns (upper-case).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::tree::ChoiceOption;

    #[test]
    fn answers_map_to_labels_by_kind() {
        let version = QuestionKind::Version {
            threshold: "2.00.1493.3257".into(),
        };
        assert_eq!(
            Answer::Version("2.0.1493.3257".into())
                .label(&version)
                .as_deref(),
            Some("at_least")
        );
        assert_eq!(
            Answer::Version("2.00.1493.3256".into())
                .label(&version)
                .as_deref(),
            Some("below")
        );
        assert_eq!(
            Answer::Version("2.00.1493.10000".into())
                .label(&version)
                .as_deref(),
            Some("at_least")
        );
        assert_eq!(Answer::Version("two".into()).label(&version), None);
        let number = QuestionKind::Number {
            threshold: 1.0,
            unit: None,
        };
        assert_eq!(Answer::Number(0.0).label(&number).as_deref(), Some("below"));
        assert_eq!(
            Answer::Number(3.0).label(&number).as_deref(),
            Some("at_least")
        );
        assert_eq!(Answer::Number(f64::NAN).label(&number), None);
        assert_eq!(Answer::Yes.label(&number), None);
        assert_eq!(
            Answer::Number(2.0).label(&QuestionKind::YesNo).as_deref(),
            Some("yes")
        );
        assert_eq!(
            Answer::Unknown.label(&QuestionKind::YesNo).as_deref(),
            Some("unknown")
        );
        let choice = QuestionKind::Choice {
            options: vec![ChoiceOption {
                id: "central".into(),
                label: "Central site".into(),
            }],
        };
        assert_eq!(
            Answer::Choice("central".into()).label(&choice).as_deref(),
            Some("central")
        );
        assert_eq!(Answer::Choice("child".into()).label(&choice), None);
    }
}
