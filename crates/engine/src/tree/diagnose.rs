//! Diagnosis: every article's tree run as far as evidence alone goes, giving
//! one [`Finding`] per article with its verdict, the path and evidence behind
//! it, the remediation, the next artefacts worth pasting, contradictions in the
//! evidence, and the site hierarchy the evidence shows. Findings are ranked
//! strongest first.

use crate::evidence::{Evidence, Fact, Scan};
use crate::kb::remediation::Step as KbStep;
use crate::kb::tree::{Node, Question, Verdict, UNKNOWN};
use crate::kb::Template;
use crate::kb::{Article, Kb, Remedy};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

pub use super::conflicts::ContradictionFound;
use super::index::{FactIndex, IndexBuilder};
use super::order;
use super::rules::{Answers, Evaluator};
use super::sites::{roles_of, site_roles, SiteRole};
use super::step::{cite, is_zero, EvidenceRef, Source, Step};
use super::walk::{evidence_walk, End, Walked};
use super::when::evidence_time;

/// What diagnosis concluded about one article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Finding {
    /// Article ID.
    pub article: String,
    /// Article title.
    pub title: String,
    pub verdict: Verdict,
    /// The outcome reached (id), when evidence reached one.
    pub outcome: Option<String>,
    /// The outcome's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome_title: Option<String>,
    /// The outcome's summary.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The first question evidence could not answer (the walk stopped there,
    /// or went on along its `unknown` branch): what to ask the admin first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs: Option<NeedsAnswer>,
    /// The path, step by step.
    pub steps: Vec<Step>,
    /// The evidence lines the path used, in input order: all of them, or the
    /// first and the latest when there are more than [`super::step::MAX_CITED`].
    pub evidence: Vec<EvidenceRef>,
    /// Lines the path used that are not cited in `evidence`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub uncited: usize,
    /// Affected package IDs (the ones a registry clean-up deletes).
    pub packages: Vec<String>,
    /// The outcome's remediation entries, in the outcome's order.
    pub remediation: Vec<Remedy>,
    /// What to paste next, most verdict-changing first.
    pub next_artefacts: Vec<NextArtefact>,
    /// Evidence answers that cannot all be true: the tree's declared
    /// contradictions, then file versions that disagree for one platform.
    pub contradictions: Vec<ContradictionFound>,
    /// Parent sites the evidence shows for the affected packages.
    pub sites: Vec<SiteRole>,
    /// The article's declared fields as the evidence on the path captured
    /// them (the .pkg file a log line names, a site code): what fills the
    /// `<field>` slots of the remediation's steps and registry keys.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<FieldValues>,
}

/// One declared field's values, in evidence order, each once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldValues {
    pub name: String,
    pub values: Vec<String>,
}

/// A question for the admin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsAnswer {
    pub question: String,
    pub text: String,
    pub help: String,
}

/// An artefact that would let evidence answer an open question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NextArtefact {
    /// What to paste.
    pub artefact: String,
    /// The question it would answer.
    pub question: String,
    /// Verdicts the answer could lead to, other than the current one.
    pub could_become: Vec<Verdict>,
    /// How much it could change the verdict (higher first).
    pub weight: u32,
}

/// The result of diagnosing pasted inputs: the scan (inputs and evidence,
/// enriched) and the findings, strongest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Diagnosis {
    pub scan: Scan,
    pub findings: Vec<Finding>,
}

/// The JSON shape of `kbwiz diagnose --json` and of the widget's
/// `kbwiz.diagnose`: `{"findings": [...]}`, strongest first. One type, so the
/// CLI and the JS API cannot drift apart.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct FindingsJson<'a> {
    pub findings: &'a [Finding],
}

/// Scan `inputs` (name, bytes) and enrich the evidence from the KB's
/// templates (package IDs, child sites): what `kbwiz scan` and `kbwiz.scan`
/// report.
pub fn scan_inputs(inputs: &[(&str, &[u8])], kb: &Kb) -> Scan {
    crate::api::scan(inputs, kb)
}

/// [`scan_inputs`], then diagnose: the one call the CLI, the web app and the
/// JS API make.
pub fn diagnose_inputs(inputs: &[(&str, &[u8])], kb: &Kb) -> Diagnosis {
    let scan = scan_inputs(inputs, kb);
    let findings = diagnose(&scan.evidence, kb);
    Diagnosis { scan, findings }
}

/// Run every article's tree over `evidence`; findings strongest first. The
/// evidence's facts are indexed once ([`FactIndex`]) and every article's
/// rules read the index.
pub fn diagnose(evidence: &[Evidence], kb: &Kb) -> Vec<Finding> {
    let mut diagnosing = Diagnosing::new(evidence, kb);
    while diagnosing.step() {}
    diagnosing.findings()
}

/// [`diagnose`] a step at a time, for a shell that gives its page a turn
/// between steps ([`crate::steps::diagnose`]): first the facts are indexed
/// [`INDEX_STEP`] at a time; then, article by article, each question that
/// reads no other question's answer is answered in a step of its own, and
/// a last step walks the tree with those answers at hand. On the
/// benchmark's 100 MiB log one article's walk took 27 to 58 ms as one step
/// in wasm, its three questions 3 to 9 ms each (`docs/performance.md`).
pub struct Diagnosing<'e> {
    evidence: &'e [Evidence],
    kb: &'e Kb,
    /// The index while it is being made.
    building: Option<IndexBuilder<'e>>,
    index: FactIndex,
    findings: Vec<Finding>,
    /// What the article being walked has found so far.
    answers: Answers,
    /// The place among that article's nodes of the next to look at.
    next_node: usize,
}

/// Facts indexed in one step: about 5 ms natively (the 300,000 facts of a
/// 100 MiB distmgr.log take about 40 ms in one go).
pub const INDEX_STEP: usize = 32_768;

/// Can `node` be answered in a step of its own, before its article's walk?
/// Only a question that reads no other question's answer: its answer is
/// then the same whenever it is asked, which is what lets the walk take
/// it as found.
fn answered_alone(node: &Node) -> Option<&Question> {
    match node {
        Node::Question(q) if q.evidence.iter().all(|r| r.reads_question().is_none()) => Some(q),
        _ => None,
    }
}

impl<'e> Diagnosing<'e> {
    pub fn new(evidence: &'e [Evidence], kb: &'e Kb) -> Self {
        Diagnosing {
            evidence,
            kb,
            building: Some(IndexBuilder::new(evidence)),
            index: FactIndex::default(),
            findings: Vec::with_capacity(kb.articles().len()),
            answers: Answers::default(),
            next_node: 0,
        }
    }

    /// How many steps are left.
    pub fn steps_left(&self) -> usize {
        let indexing = self
            .building
            .as_ref()
            .map_or(0, |b| b.left().div_ceil(INDEX_STEP).max(1));
        let articles = self
            .kb
            .articles()
            .get(self.findings.len()..)
            .unwrap_or_default();
        let walks: usize = articles
            .iter()
            .enumerate()
            .map(|(k, article)| {
                let from = if k == 0 { self.next_node } else { 0 };
                let nodes = article.tree.nodes.get(from..).unwrap_or_default();
                nodes.iter().filter_map(answered_alone).count() + 1
            })
            .sum();
        indexing + walks
    }

    /// Take the next step; false when every article was walked.
    pub fn step(&mut self) -> bool {
        if let Some(building) = &mut self.building {
            if !building.add(INDEX_STEP) {
                if let Some(done) = self.building.take() {
                    self.index = done.finish();
                }
            }
            return true;
        }
        let Some(article) = self.kb.articles().get(self.findings.len()) else {
            return false;
        };
        let question = article.tree.nodes.get(self.next_node..).and_then(|rest| {
            rest.iter()
                .enumerate()
                .find_map(|(k, node)| answered_alone(node).map(|q| (k, q)))
        });
        let mut ev = Evaluator::indexed(article, self.evidence, Some(self.kb), &self.index)
            .knowing(std::mem::take(&mut self.answers));
        if let Some((k, question)) = question {
            self.next_node += k + 1;
            ev.question(&question.id);
            self.answers = ev.into_answers();
            return true;
        }
        self.findings.push(finding(article, ev));
        self.next_node = 0;
        true
    }

    /// Every article's finding, strongest first (what is left is done now).
    pub fn findings(self) -> Vec<Finding> {
        self.finish().0
    }

    /// [`Diagnosing::findings`] and the index of the facts, for a wizard
    /// session over the same facts ([`super::Session::set_evidence`]).
    pub fn finish(mut self) -> (Vec<Finding>, FactIndex) {
        while self.step() {}
        (ranked(self.findings), self.index)
    }
}

/// [`diagnose`] with every rule of every article reading every fact: the
/// simple reading the indexed one must agree with, for tests and benchmarks.
pub fn diagnose_reference(evidence: &[Evidence], kb: &Kb) -> Vec<Finding> {
    let findings = kb
        .articles()
        .iter()
        .map(|a| finding(a, Evaluator::with_kb(a, evidence, kb)))
        .collect();
    ranked(findings)
}

/// `findings` strongest first.
fn ranked(mut findings: Vec<Finding>) -> Vec<Finding> {
    order::sort_by(&mut findings, |a, b| {
        rank(a.verdict)
            .cmp(&rank(b.verdict))
            .then(b.contradictions.len().cmp(&a.contradictions.len()))
            .then((b.evidence.len() + b.uncited).cmp(&(a.evidence.len() + a.uncited)))
            // An answer read from a line's absence is weaker than one seen.
            .then(absences(a).cmp(&absences(b)))
            .then(a.article.cmp(&b.article))
    });
    findings
}

/// How many of the finding's answers were read from absence.
fn absences(f: &Finding) -> usize {
    f.steps
        .iter()
        .filter(|s| s.source == Source::Evidence { by_absence: true })
        .count()
}

/// Strongest first: a confirmed fault, then a likely one, then a settled "not
/// this", then "cannot tell".
fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Confirmed => 0,
        Verdict::Likely => 1,
        Verdict::RuledOut => 2,
        Verdict::InsufficientEvidence => 3,
    }
}

/// How far a verdict is from "cannot tell": the weight of learning it.
fn decisiveness(v: Verdict) -> u32 {
    match v {
        Verdict::Confirmed | Verdict::RuledOut => 3,
        Verdict::Likely => 2,
        Verdict::InsufficientEvidence => 1,
    }
}

fn verdict_of(article: &Article, walked: &Walked) -> Verdict {
    match &walked.end {
        End::Outcome(id) => article
            .tree
            .outcome(id)
            .map_or(Verdict::InsufficientEvidence, |o| o.verdict),
        End::Question(_) | End::Broken(_) => Verdict::InsufficientEvidence,
    }
}

/// Diagnose one article on its own (rules reading another article answer
/// nothing; [`diagnose`] gives them the KB).
pub fn diagnose_article(evidence: &[Evidence], article: &Article) -> Finding {
    let index = FactIndex::new(evidence);
    finding(article, Evaluator::indexed(article, evidence, None, &index))
}

fn finding(article: &Article, mut ev: Evaluator<'_>) -> Finding {
    let evidence = ev.evidence();
    let tree = &article.tree;
    let walked = evidence_walk(tree, &mut ev);
    let verdict = verdict_of(article, &walked);
    let outcome = match &walked.end {
        End::Outcome(id) => tree.outcome(id),
        _ => None,
    };

    // What to ask the admin: the question the walk stopped at; else, of the
    // questions passed as unknown, the one whose answer could move the verdict
    // most (none when no answer could move it).
    let open = open_questions(article, &mut ev, &walked, verdict);
    let needs_id = match &walked.end {
        End::Question(q) => Some(q.clone()),
        _ => open
            .iter()
            .filter(|o| o.not_known && o.weight > 0)
            .max_by(|a, b| a.weight.cmp(&b.weight).then(b.order.cmp(&a.order)))
            .map(|o| o.question.clone()),
    };
    let needs = needs_id
        .as_deref()
        .and_then(|id| tree.question(id))
        .map(|q| NeedsAnswer {
            question: q.id.clone(),
            text: q.text.clone(),
            help: q.help.clone(),
        });

    // The steps' ascending lists merged, not put in a tree: a step's
    // evidence can list 100,000 facts (a `BTreeSet` took 7 ms of one
    // article's 30 in wasm on the benchmark's 100 MiB log).
    let found: Vec<_> = walked
        .steps
        .iter()
        .filter(|step| step.source != Source::NotKnown)
        .filter_map(|step| ev.question(&step.question))
        .collect();
    let used = super::index::union(found.iter().map(|f| &f.evidence));
    let (cited, uncited) = cite(evidence, &used);
    let values = field_values(article, evidence, &used);

    let packages: BTreeSet<String> =
        match tree.affected_from.as_deref().and_then(|q| ev.question(q)) {
            Some(found) => found.packages.clone(),
            None => order::set(
                walked
                    .steps
                    .iter()
                    .filter(|s| matches!(s.source, Source::Evidence { by_absence: false }))
                    .flat_map(|s| s.packages.iter().cloned()),
            ),
        };
    let remediation = outcome
        .map(|o| {
            o.remediation
                .iter()
                .filter_map(|r| article.remedy(r))
                .map(|r| fill_remedy(article, r, &values))
                .collect()
        })
        .unwrap_or_default();

    Finding {
        article: article.id().to_string(),
        title: article.meta.title.clone(),
        verdict,
        outcome: outcome.map(|o| o.id.clone()),
        outcome_title: outcome.map(|o| o.title.clone()),
        summary: outcome.map(|o| o.summary.clone()),
        needs,
        next_artefacts: next_artefacts(article, &open),
        contradictions: contradictions(article, &mut ev),
        sites: match ev.index() {
            Some(index) => roles_of(&index.site_links(), &packages),
            None => site_roles(evidence, &packages),
        },
        evidence: cited,
        uncited,
        packages: packages.into_iter().collect(),
        remediation,
        steps: walked.steps,
        values,
    }
}

/// The captures of this article's log lines among the `used` evidence, by
/// declared field.
fn field_values(article: &Article, evidence: &[Evidence], used: &[usize]) -> Vec<FieldValues> {
    let mut out: Vec<FieldValues> = Vec::new();
    let mut add = |name: &str, value: &str| {
        if crate::evidence::holds_placeholder(value) {
            return;
        }
        match out.iter_mut().find(|v| v.name == name) {
            Some(v) if !v.values.iter().any(|x| x == value) => v.values.push(value.to_string()),
            Some(_) => {}
            None => out.push(FieldValues {
                name: name.to_string(),
                values: vec![value.to_string()],
            }),
        }
    };
    let mut templates: Vec<(u32, Option<Template>)> = Vec::new();
    for &i in used {
        match evidence.get(i).map(|e| &e.fact) {
            Some(Fact::LogLine(l)) if &*l.article == article.id() => {
                for c in &l.captures {
                    add(&c.name, &c.value);
                }
            }
            // A status message's declared fields, read with this article's template.
            Some(Fact::StatusMessage(m)) if !article.messages.fields.is_empty() => {
                let at = match templates.iter().position(|(id, _)| *id == m.id) {
                    Some(at) => at,
                    None => {
                        let t = article.message(m.id).and_then(|d| article.template(d).ok());
                        templates.push((m.id, t));
                        templates.len() - 1
                    }
                };
                let Some(template) = &templates[at].1 else {
                    continue;
                };
                for name in template.slot_names() {
                    if article.field(&name).is_none() {
                        continue;
                    }
                    if let Some(v) = super::rules::declared_value(article, template, m, &name) {
                        add(&name, &v);
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// `remedy` with the `<field>` slots of its step texts filled from
/// `values`: texts list every value, a command is repeated once per value
/// (one per line). Slots without a value, and texts whose `<...>` are not
/// the article's fields, stay as written.
pub fn fill_remedy(article: &Article, remedy: &Remedy, values: &[FieldValues]) -> Remedy {
    let mut out = remedy.clone();
    if values.is_empty() || article.messages.fields.is_empty() {
        return out;
    }
    let get = |name: &str| {
        values
            .iter()
            .find(|v| v.name.eq_ignore_ascii_case(name))
            .map(|v| v.values.as_slice())
    };
    let text = |t: &mut String| {
        if let Ok(tpl) = Template::parse_open(t, |n| article.field(n).is_some()) {
            if !tpl.slot_names().is_empty() {
                *t = tpl.render_named(|n| get(n).map(|v| v.join(", ")));
            }
        }
    };
    let command = |c: &mut String| {
        let Ok(tpl) = Template::parse_open(c, |n| article.field(n).is_some()) else {
            return;
        };
        let names = tpl.slot_names();
        let many = names
            .iter()
            .find_map(|n| get(n).filter(|v| v.len() > 1).map(|v| (n, v)));
        *c = match many {
            Some((name, vals)) => vals
                .iter()
                .map(|one| {
                    tpl.render_named(|n| {
                        if n.eq_ignore_ascii_case(name) {
                            Some(one.clone())
                        } else {
                            get(n).map(|v| v.join(", "))
                        }
                    })
                })
                .collect::<Vec<_>>()
                .join("\n"),
            None if names.is_empty() => return,
            None => tpl.render_named(|n| get(n).map(|v| v.join(", "))),
        };
    };
    for step in &mut out.steps {
        match step {
            KbStep::Text { text: t } | KbStep::Note { text: t } => text(t),
            KbStep::Command {
                text: t,
                command: c,
            } => {
                text(t);
                command(c);
            }
            KbStep::RegistryDelete { note: Some(t), .. } => text(t),
            _ => {}
        }
    }
    out
}

/// A question evidence left open (or answered only from absence), with the
/// verdicts its other answers would lead to.
struct Open {
    question: String,
    /// Passed along its `unknown` branch (not answered from absence).
    not_known: bool,
    could: Verdicts,
    weight: u32,
    /// Position on the path.
    order: usize,
}

/// For every question evidence left open, walk again with each of its answers
/// and see which verdicts they lead to.
fn open_questions(
    article: &Article,
    ev: &mut Evaluator<'_>,
    walked: &Walked,
    verdict: Verdict,
) -> Vec<Open> {
    let tree = &article.tree;
    let mut ids: Vec<(&str, bool)> = walked
        .steps
        .iter()
        .filter_map(|s| match s.source {
            Source::NotKnown => Some((s.question.as_str(), true)),
            Source::Evidence { by_absence: true } => Some((s.question.as_str(), false)),
            _ => None,
        })
        .collect();
    if let End::Question(q) = &walked.end {
        ids.push((q, true));
    }
    let mut out = Vec::new();
    for (order, (id, not_known)) in ids.into_iter().enumerate() {
        let Some(q) = tree.question(id) else { continue };
        let mut could = Verdicts::default();
        for label in q.next.keys().filter(|l| l.as_str() != UNKNOWN) {
            let mut memo = order::Keyed::default();
            let reached = reachable(article, ev, (id, label), &tree.start, &mut memo, 0);
            could.extend(reached.without(verdict));
        }
        let weight = could.iter().map(decisiveness).sum();
        out.push(Open {
            question: id.to_string(),
            not_known,
            could,
            weight,
            order,
        });
    }
    out
}

/// The verdicts reachable from `node` when question `forced.0` is answered
/// `forced.1`, other questions as evidence answers them (or `unknown` where
/// allowed), and a question nobody can answer yet explored along every branch:
/// its answer is exactly what the admin or a later artefact would add.
fn reachable(
    article: &Article,
    ev: &mut Evaluator<'_>,
    forced: (&str, &str),
    node: &str,
    memo: &mut order::Keyed<Verdicts>,
    depth: usize,
) -> Verdicts {
    if let Some(hit) = memo.get(node) {
        return *hit;
    }
    let tree = &article.tree;
    let mut out = Verdicts::default();
    // A valid tree is acyclic; the bound guards an invalid one.
    if depth > tree.nodes.len() {
        out.insert(Verdict::InsufficientEvidence);
        return out;
    }
    match tree.node(node) {
        None => {
            out.insert(Verdict::InsufficientEvidence);
        }
        Some(Node::Outcome(o)) => {
            out.insert(o.verdict);
        }
        Some(Node::Question(q)) => {
            let label = if q.id == forced.0 {
                Some(forced.1.to_string())
            } else {
                match ev.question(&q.id) {
                    Some(found) => Some(found.label.clone()),
                    None if q.next.contains_key(UNKNOWN) => Some(UNKNOWN.to_string()),
                    None => None,
                }
            };
            let targets: Vec<String> = match label {
                Some(l) => q.next.get(&l).cloned().into_iter().collect(),
                None => q.next.values().cloned().collect(),
            };
            if targets.is_empty() {
                out.insert(Verdict::InsufficientEvidence);
            }
            for t in targets {
                out.extend(reachable(article, ev, forced, &t, memo, depth + 1));
            }
        }
    }
    *memo.slot(node.to_string()) = out;
    out
}

/// A set of verdicts, one bit each, iterated in [`Verdict`]'s order (as a
/// `BTreeSet<Verdict>` would be, without its code in the wasm).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Verdicts(u8);

impl Verdicts {
    const ALL: [Verdict; 4] = [
        Verdict::Confirmed,
        Verdict::Likely,
        Verdict::RuledOut,
        Verdict::InsufficientEvidence,
    ];

    fn bit(v: Verdict) -> u8 {
        1 << v as u8
    }

    fn insert(&mut self, v: Verdict) {
        self.0 |= Self::bit(v);
    }

    fn extend(&mut self, other: Verdicts) {
        self.0 |= other.0;
    }

    /// This set less `v`.
    fn without(self, v: Verdict) -> Verdicts {
        Verdicts(self.0 & !Self::bit(v))
    }

    fn iter(self) -> impl Iterator<Item = Verdict> {
        Self::ALL
            .into_iter()
            .filter(move |v| self.0 & Self::bit(*v) != 0)
    }
}

/// The artefacts that would answer the open questions, most verdict-changing
/// first (equal weights keep path order); one entry per artefact.
fn next_artefacts(article: &Article, open: &[Open]) -> Vec<NextArtefact> {
    let mut out: Vec<NextArtefact> = Vec::new();
    for o in open.iter().filter(|o| o.weight > 0) {
        // The question's own artefact, else what its first rule reads.
        let Some(artefact) = article.tree.question(&o.question).and_then(|q| {
            q.artefact
                .clone()
                .or_else(|| q.evidence.first().map(|r| r.wants(article)))
        }) else {
            continue;
        };
        match out.iter_mut().find(|n| n.artefact == artefact) {
            Some(n) if n.weight >= o.weight => {}
            Some(n) => {
                n.weight = o.weight;
                n.question = o.question.clone();
                n.could_become = o.could.iter().collect();
            }
            None => out.push(NextArtefact {
                artefact,
                question: o.question.clone(),
                could_become: o.could.iter().collect(),
                weight: o.weight,
            }),
        }
    }
    order::sort_by_key(&mut out, |n| std::cmp::Reverse(n.weight));
    out
}

/// The tree's declared contradictions that the evidence shows, then the
/// ones the engine finds itself ([`super::conflicts`]: one file listed at
/// two versions for one platform).
fn contradictions(article: &Article, ev: &mut Evaluator<'_>) -> Vec<ContradictionFound> {
    let mut out = Vec::new();
    'each: for c in &article.tree.contradictions {
        let mut parts = Vec::new();
        for cond in &c.when {
            match ev.question(&cond.question) {
                Some(found) if found.label == cond.answer && !found.by_absence => {
                    parts.push((cond.question.as_str(), found))
                }
                _ => continue 'each,
            }
        }
        let evidence = ev.evidence();
        // The reference date: the latest dated evidence of `later_than`.
        let since = c.later_than.as_deref().and_then(|q| {
            parts.iter().find(|(id, _)| *id == q).and_then(|(_, f)| {
                f.evidence
                    .iter()
                    .filter_map(|&i| evidence.get(i).and_then(evidence_time))
                    .max()
            })
        });
        let mut lines: BTreeSet<usize> = BTreeSet::new();
        for (id, found) in &parts {
            let reference = c.later_than.as_deref() == Some(*id);
            let kept: Vec<usize> = found
                .evidence
                .iter()
                .copied()
                .filter(|&i| {
                    reference
                        || match (since, evidence.get(i).and_then(evidence_time)) {
                            (Some(s), Some(t)) => t > s,
                            _ => true,
                        }
                })
                .collect();
            if kept.is_empty() {
                continue 'each;
            }
            lines.extend(kept);
        }
        let lines: Vec<usize> = lines.into_iter().collect();
        let (cited, uncited) = cite(evidence, &lines);
        out.push(ContradictionFound {
            id: c.id.clone(),
            text: c.text.clone(),
            evidence: cited,
            uncited,
        });
    }
    out.extend(super::conflicts::version_conflicts(article, ev));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_hold_each_verdict_once_in_order() {
        let mut set = Verdicts::default();
        assert_eq!(set.iter().count(), 0);
        set.insert(Verdict::InsufficientEvidence);
        set.insert(Verdict::Confirmed);
        set.insert(Verdict::InsufficientEvidence);
        let mut other = Verdicts::default();
        other.insert(Verdict::RuledOut);
        set.extend(other);
        assert_eq!(
            set.iter().collect::<Vec<_>>(),
            [
                Verdict::Confirmed,
                Verdict::RuledOut,
                Verdict::InsufficientEvidence
            ]
        );
        let fewer = set.without(Verdict::RuledOut).without(Verdict::Likely);
        assert_eq!(
            fewer.iter().collect::<Vec<_>>(),
            [Verdict::Confirmed, Verdict::InsufficientEvidence]
        );
        // The same order as a BTreeSet of the same verdicts.
        let tree: BTreeSet<Verdict> = set.iter().collect();
        assert!(tree.into_iter().eq(set.iter()));
    }
}
