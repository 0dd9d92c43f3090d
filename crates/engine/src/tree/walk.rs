//! Walking a tree from its start: each question is decided by a caller-given
//! function (evidence, the admin, a what-if), until an outcome or a question
//! nobody can answer. Shared by diagnosis and sessions, so both follow the same
//! branches the same way.

use crate::kb::tree::{Node, Question, Tree, UNKNOWN};

use super::rules::{Evaluator, Found};
use super::step::{cite, Answer, Source, Step};

/// Where a walk ended.
#[derive(Debug, Clone, PartialEq)]
pub enum End {
    /// An outcome, by id.
    Outcome(String),
    /// A question that needs an answer, by id.
    Question(String),
    /// The tree points at a node that does not exist (or loops): the id.
    Broken(String),
}

/// The path walked and where it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Walked {
    pub steps: Vec<Step>,
    pub end: End,
}

/// Walk `tree`, asking `decide` for each question's step; `None` stops there.
pub fn walk(tree: &Tree, mut decide: impl FnMut(&Question) -> Option<Step>) -> Walked {
    let mut steps = Vec::new();
    let mut at = tree.start.clone();
    // A valid tree has no cycle; the bound keeps an invalid one from looping.
    for _ in 0..=tree.nodes.len() {
        match tree.node(&at) {
            None => break,
            Some(Node::Outcome(o)) => {
                return Walked {
                    steps,
                    end: End::Outcome(o.id.clone()),
                }
            }
            Some(Node::Question(q)) => {
                let Some(step) = decide(q) else {
                    return Walked {
                        steps,
                        end: End::Question(q.id.clone()),
                    };
                };
                let Some(next) = q.next.get(&step.label) else {
                    return Walked {
                        steps,
                        end: End::Question(q.id.clone()),
                    };
                };
                at = next.clone();
                steps.push(step);
            }
        }
    }
    Walked {
        steps,
        end: End::Broken(at),
    }
}

/// The step recording an evidence answer.
pub fn evidence_step(q: &Question, found: &Found, ev: &Evaluator<'_>) -> Step {
    let (evidence, uncited) = cite(ev.evidence(), &found.evidence);
    Step {
        question: q.id.clone(),
        text: q.text.clone(),
        answer: found.answer.clone(),
        label: found.label.clone(),
        source: Source::Evidence {
            by_absence: found.by_absence,
        },
        evidence,
        uncited,
        why: found.why.clone(),
        packages: found.packages.iter().cloned().collect(),
    }
}

/// The step recording that nobody knows, when the question allows it.
pub fn unknown_step(q: &Question) -> Option<Step> {
    q.next.contains_key(UNKNOWN).then(|| Step {
        question: q.id.clone(),
        text: q.text.clone(),
        answer: Answer::Unknown,
        label: UNKNOWN.to_string(),
        source: Source::NotKnown,
        evidence: Vec::new(),
        uncited: 0,
        why: "no evidence answers this question".to_string(),
        packages: Vec::new(),
    })
}

/// Walk as far as evidence alone goes, taking `unknown` branches where evidence
/// is silent and the question allows it.
pub fn evidence_walk(tree: &Tree, ev: &mut Evaluator<'_>) -> Walked {
    walk(tree, |q| match ev.question(&q.id) {
        Some(found) => Some(evidence_step(q, &found, ev)),
        None => unknown_step(q),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::tree::QuestionKind;
    use std::collections::BTreeMap;

    fn question(id: &str, yes: &str) -> Node {
        Node::Question(Question {
            id: id.into(),
            text: id.into(),
            help: String::new(),
            kind: QuestionKind::YesNo,
            evidence: Vec::new(),
            artefact: None,
            next: BTreeMap::from([
                ("yes".to_string(), yes.to_string()),
                ("no".to_string(), yes.to_string()),
            ]),
        })
    }

    fn yes(q: &Question) -> Option<Step> {
        let mut s = unknown_step(q).unwrap_or(Step {
            question: q.id.clone(),
            text: q.text.clone(),
            answer: Answer::Yes,
            label: String::new(),
            source: Source::Admin,
            evidence: Vec::new(),
            uncited: 0,
            why: String::new(),
            packages: Vec::new(),
        });
        s.label = "yes".into();
        Some(s)
    }

    #[test]
    fn a_cycle_or_a_dangling_branch_ends_the_walk() {
        let cyclic = Tree {
            start: "a".into(),
            nodes: vec![question("a", "b"), question("b", "a")],
            affected_from: None,
            contradictions: Vec::new(),
        };
        let w = walk(&cyclic, yes);
        assert_eq!(w.steps.len(), 3);
        assert!(matches!(w.end, End::Broken(_)));

        let dangling = Tree {
            start: "a".into(),
            nodes: vec![question("a", "nowhere")],
            affected_from: None,
            contradictions: Vec::new(),
        };
        let w = walk(&dangling, yes);
        assert_eq!(w.end, End::Broken("nowhere".into()));
        assert_eq!(walk(&dangling, |_| None).end, End::Question("a".into()));
    }
}
