//! A wizard session over one article: the evidence, the path answered so far,
//! and the moves an admin makes (accept the evidence answer, answer, go back,
//! jump to an earlier question, override an evidence answer, restart). The
//! session is plain data (serde) so the web app can persist and restore it; the
//! article is looked up in the [`Kb`] on each move.

use crate::evidence::Evidence;
use crate::kb::tree::{Node, Outcome, Question, Verdict};
use crate::kb::{Article, Kb};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::rc::Rc;

use super::index::FactIndex;
use super::rules::{Answers, Evaluator};
use super::step::{Answer, Source, Step};
use super::walk::evidence_step;

/// What went wrong with a session move.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SessionError {
    #[error("no article {0} in the knowledge base")]
    UnknownArticle(String),
    #[error("article {article}: the tree has no node {node}")]
    MissingNode { article: String, node: String },
    #[error("article {article}: step {step} answered {found} but the path now leads to {expected} (the article changed?)")]
    StalePath {
        article: String,
        step: usize,
        found: String,
        expected: String,
    },
    #[error("the session has reached outcome {0}: there is no question to answer")]
    Finished(String),
    #[error("answer {answer} does not fit question {question}")]
    AnswerDoesNotFit { question: String, answer: String },
    #[error("question {question} has no branch for answer {label}")]
    NoBranch { question: String, label: String },
    #[error("evidence does not answer question {0}: the admin must")]
    NoEvidenceAnswer(String),
    #[error("question {0} is not on the path answered so far")]
    NotOnPath(String),
}

/// Where the session stands.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Position<'k> {
    /// A question awaits an answer; `suggested` is the evidence answer, if any.
    Question {
        question: &'k Question,
        suggested: Option<Box<Step>>,
    },
    /// The walk is over.
    Outcome { outcome: &'k Outcome },
}

impl Position<'_> {
    /// The verdict, once at an outcome.
    pub fn verdict(&self) -> Option<Verdict> {
        match self {
            Position::Outcome { outcome } => Some(outcome.verdict),
            Position::Question { .. } => None,
        }
    }
}

/// A wizard session.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Session {
    /// Article ID.
    pub article: String,
    /// The evidence the session walks over, shared rather than owned: a
    /// shell keeps the same facts for its views, and a session is cloned on
    /// every answer, which must not copy every fact of a large log.
    pub evidence: Rc<Vec<Evidence>>,
    /// The path answered so far, from the tree's start.
    pub steps: Vec<Step>,
    /// The index of `evidence` and the answers found over it, made when
    /// first needed and kept with the facts they were made of: a shell
    /// asks where the session stands on every render, and reading every
    /// fact for each rule took a wizard answer over 100 ms in the browser
    /// on a 100 MiB log.
    #[serde(skip)]
    index: IndexCache,
}

#[derive(Clone, Default)]
struct IndexCache(RefCell<Option<KnownFacts>>);

/// Facts (held, so that they cannot be freed and other facts take their
/// place), their index, and each article's answers found over them.
#[derive(Clone)]
struct KnownFacts {
    evidence: Rc<Vec<Evidence>>,
    index: Rc<FactIndex>,
    answers: Vec<(String, Answers)>,
}

impl std::fmt::Debug for IndexCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("IndexCache")
    }
}

/// Equal when the article, the path and the facts are; the same shared
/// facts are equal without reading them. A shell compares its state, and
/// with it the session, on every render: the derived comparison read all
/// 300,000 facts of a 100 MiB log each time, as `Evidence` is not `Eq`
/// (so `Rc`'s own comparison does not look at the pointer first).
impl PartialEq for Session {
    fn eq(&self, other: &Self) -> bool {
        self.article == other.article
            && self.steps == other.steps
            && (Rc::ptr_eq(&self.evidence, &other.evidence) || self.evidence == other.evidence)
    }
}

impl Session {
    /// A fresh session at the start of `article`'s tree.
    pub fn new(article: &str, evidence: impl Into<Rc<Vec<Evidence>>>) -> Session {
        Session::resumed(article, evidence, Vec::new())
    }

    /// A session over `article` with the path `steps` already answered.
    pub fn resumed(
        article: &str,
        evidence: impl Into<Rc<Vec<Evidence>>>,
        steps: Vec<Step>,
    ) -> Session {
        Session {
            article: article.to_string(),
            evidence: evidence.into(),
            steps,
            index: IndexCache::default(),
        }
    }

    /// A fresh session at the start of `article`'s tree over the same facts
    /// and their index.
    pub fn switched(&self, article: &str) -> Session {
        Session {
            index: self.index.clone(),
            ..Session::new(article, Rc::clone(&self.evidence))
        }
    }

    /// Walk over `evidence` from now on, with `index`, its index, when the
    /// caller has it (else it is made when first needed).
    pub fn set_evidence(&mut self, evidence: Rc<Vec<Evidence>>, index: Option<Rc<FactIndex>>) {
        *self.index.0.borrow_mut() = index.map(|index| KnownFacts {
            evidence: Rc::clone(&evidence),
            index,
            answers: Vec::new(),
        });
        self.evidence = evidence;
    }

    /// What is known of the session's facts: kept when it was learnt of
    /// these facts, else started afresh (and kept).
    fn known(&self) -> std::cell::RefMut<'_, KnownFacts> {
        let mut cache = self.index.0.borrow_mut();
        if !cache
            .as_ref()
            .is_some_and(|k| Rc::ptr_eq(&k.evidence, &self.evidence))
        {
            *cache = None;
        }
        std::cell::RefMut::map(cache, |c| {
            c.get_or_insert_with(|| KnownFacts {
                evidence: Rc::clone(&self.evidence),
                index: Rc::new(FactIndex::new(&self.evidence)),
                answers: Vec::new(),
            })
        })
    }

    /// The index of the session's facts (see [`Session::set_evidence`]).
    pub fn fact_index(&self) -> Rc<FactIndex> {
        Rc::clone(&self.known().index)
    }

    /// `read` with an evaluator of `article` over the session's facts that
    /// knows the answers evaluators before it found over the same facts;
    /// what it finds is kept for the next.
    fn evaluate<T>(
        &self,
        article: &Article,
        kb: &Kb,
        read: impl FnOnce(&mut Evaluator<'_>) -> T,
    ) -> T {
        let (index, answers) = {
            let known = self.known();
            let answers = known
                .answers
                .iter()
                .find(|(a, _)| a == article.id())
                .map(|(_, answers)| answers.clone())
                .unwrap_or_default();
            (Rc::clone(&known.index), answers)
        };
        let mut ev = Evaluator::indexed(article, &self.evidence, Some(kb), &index).knowing(answers);
        let out = read(&mut ev);
        let mut known = self.known();
        let found = ev.answers();
        match known.answers.iter_mut().find(|(a, _)| a == article.id()) {
            Some((_, answers)) => *answers = found,
            None => known.answers.push((article.id().to_string(), found)),
        }
        out
    }

    fn article<'k>(&self, kb: &'k Kb) -> Result<&'k Article, SessionError> {
        kb.article(&self.article)
            .ok_or_else(|| SessionError::UnknownArticle(self.article.clone()))
    }

    /// The node the path leads to, checking every step against the tree.
    fn current<'k>(&self, article: &'k Article) -> Result<&'k Node, SessionError> {
        let tree = &article.tree;
        let missing = |node: &str| SessionError::MissingNode {
            article: article.id().to_string(),
            node: node.to_string(),
        };
        let mut at = tree.start.as_str();
        for (i, step) in self.steps.iter().enumerate() {
            let node = tree.node(at).ok_or_else(|| missing(at))?;
            match node {
                Node::Question(q) if q.id == step.question => {
                    at = q
                        .next
                        .get(&step.label)
                        .ok_or_else(|| SessionError::NoBranch {
                            question: q.id.clone(),
                            label: step.label.clone(),
                        })?;
                }
                _ => {
                    return Err(SessionError::StalePath {
                        article: article.id().to_string(),
                        step: i,
                        found: step.question.clone(),
                        expected: node.id().to_string(),
                    })
                }
            }
        }
        tree.node(at).ok_or_else(|| missing(at))
    }

    /// Where the session stands, with the evidence answer to the current
    /// question when evidence has one.
    pub fn position<'k>(&self, kb: &'k Kb) -> Result<Position<'k>, SessionError> {
        let article = self.article(kb)?;
        Ok(match self.current(article)? {
            Node::Outcome(outcome) => Position::Outcome { outcome },
            Node::Question(question) => {
                let suggested = self.evaluate(article, kb, |ev| {
                    ev.question(&question.id)
                        .map(|f| Box::new(evidence_step(question, &f, ev)))
                });
                Position::Question {
                    question,
                    suggested,
                }
            }
        })
    }

    fn open_question<'k>(&self, article: &'k Article) -> Result<&'k Question, SessionError> {
        match self.current(article)? {
            Node::Question(q) => Ok(q),
            Node::Outcome(o) => Err(SessionError::Finished(o.id.clone())),
        }
    }

    /// Forward: accept the evidence answer to the current question.
    pub fn accept<'k>(&mut self, kb: &'k Kb) -> Result<Position<'k>, SessionError> {
        let article = self.article(kb)?;
        let q = self.open_question(article)?;
        let step = self
            .evaluate(article, kb, |ev| {
                ev.question(&q.id).map(|found| evidence_step(q, &found, ev))
            })
            .ok_or_else(|| SessionError::NoEvidenceAnswer(q.id.clone()))?;
        self.steps.push(step);
        self.position(kb)
    }

    /// Accept evidence answers for as long as evidence has them.
    pub fn advance<'k>(&mut self, kb: &'k Kb) -> Result<Position<'k>, SessionError> {
        loop {
            match self.position(kb)? {
                Position::Question {
                    suggested: Some(_), ..
                } => {
                    self.accept(kb)?;
                }
                other => return Ok(other),
            }
        }
    }

    /// The admin answers the current question. When evidence answers it
    /// differently, the step is recorded as an override of that answer.
    pub fn answer<'k>(&mut self, kb: &'k Kb, answer: Answer) -> Result<Position<'k>, SessionError> {
        let article = self.article(kb)?;
        let q = self.open_question(article)?;
        let label = answer
            .label(&q.kind)
            .ok_or_else(|| SessionError::AnswerDoesNotFit {
                question: q.id.clone(),
                answer: answer.to_string(),
            })?;
        if !q.next.contains_key(&label) {
            return Err(SessionError::NoBranch {
                question: q.id.clone(),
                label,
            });
        }
        let step = self.evaluate(article, kb, |ev| match ev.question(&q.id) {
            Some(found) if found.label != label => Step {
                source: Source::AdminOverride {
                    evidence_answer: found.answer.clone(),
                },
                why: format!(
                    "the admin answered {answer}; evidence said {} ({})",
                    found.answer, found.why
                ),
                answer,
                label,
                ..evidence_step(q, &found, ev)
            },
            Some(found) => Step {
                source: Source::Admin,
                why: format!(
                    "the admin answered {answer}, as evidence does ({})",
                    found.why
                ),
                answer,
                label,
                ..evidence_step(q, &found, ev)
            },
            None => Step {
                question: q.id.clone(),
                text: q.text.clone(),
                why: format!("the admin answered {answer}"),
                answer,
                label,
                source: Source::Admin,
                evidence: Vec::new(),
                uncited: 0,
                packages: Vec::new(),
            },
        });
        self.steps.push(step);
        self.position(kb)
    }

    /// Back one question; `false` when already at the start.
    pub fn back(&mut self) -> bool {
        self.steps.pop().is_some()
    }

    /// Return to an earlier question on the path (its answer and every later
    /// one are dropped).
    pub fn jump(&mut self, question: &str) -> Result<(), SessionError> {
        let at = self
            .steps
            .iter()
            .position(|s| s.question == question)
            .ok_or_else(|| SessionError::NotOnPath(question.to_string()))?;
        self.steps.truncate(at);
        Ok(())
    }

    /// Replace the answer to an earlier question with the admin's (recorded as
    /// an override when evidence answered otherwise); later steps are dropped.
    pub fn override_answer<'k>(
        &mut self,
        kb: &'k Kb,
        question: &str,
        answer: Answer,
    ) -> Result<Position<'k>, SessionError> {
        let saved = self.steps.clone();
        self.jump(question)?;
        self.answer(kb, answer).inspect_err(|_| self.steps = saved)
    }

    /// Back to the start, keeping the evidence.
    pub fn restart(&mut self) {
        self.steps.clear();
    }
}
