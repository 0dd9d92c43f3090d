//! The app's state and the one reducer that changes it. Views dispatch
//! [`Action`]s; everything derived (evidence, findings, the session's position)
//! is recomputed here by the engine, never in a view.

use crate::shared::Shared;
use kbwiz_engine::api::{ModelCalibration, SimulateError};
use kbwiz_engine::evidence::{Entry, Evidence, InputReport, StatusMessage};
use kbwiz_engine::kb::catalog::{self, Index};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::kb::{Article, ParamSpec};
use kbwiz_engine::parse::push_line_ranges;
use kbwiz_engine::sim::Params;
use kbwiz_engine::summary::{session_finding, Summary, Timeline, TimelineRow};
use kbwiz_engine::tree::index::FactIndex;
use kbwiz_engine::tree::{diagnose, Answer, Diagnosing, Finding, Session};
use std::cell::{Cell, OnceCell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// One input as the app keeps it: the decoded text (for the log view and for
/// saving the session), and what the engine read from it.
#[derive(Debug)]
pub struct Input {
    /// Stable id for keys and routes (never reused within a page's life).
    pub id: u32,
    pub name: String,
    /// A `String` behind the `Rc`, not a `str`: the stepwise reader's text
    /// is shared as it is, where an `Rc<str>` copied all of it (a 100 MiB
    /// log: one more task of tens of milliseconds).
    pub text: Rc<String>,
    pub report: InputReport,
    /// Shared, so that the app's list of every input's evidence is this
    /// one when there is one input, not a copy.
    pub evidence: Rc<Vec<Evidence>>,
    /// Shared so that reading the evidence again against a changed KB does
    /// not copy a large log's entries.
    pub entries: Rc<Vec<Entry>>,
    /// Byte ranges of the text's lines, built on first use (views show lines
    /// by number; the engine's splitter decides what a line is).
    lines: OnceCell<Vec<(usize, usize)>>,
}

/// Identity, not content: an input never changes once parsed (a replaced
/// input is a new one), so the same id over the same text is the same input.
/// Comparing by value made every render that compares the app's state (the
/// save effect, memos keyed by an input) walk the whole text and every entry:
/// about 50 ms a click with a 40 MB log.
impl PartialEq for Input {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id && Rc::ptr_eq(&self.text, &other.text)
    }
}

impl Input {
    fn line_index(&self) -> &[(usize, usize)] {
        self.lines.get_or_init(|| {
            let mut ranges = Vec::new();
            push_line_ranges(&self.text, 0, &mut ranges);
            ranges
        })
    }

    /// Whether the index of the text's lines is made.
    pub fn lines_indexed(&self) -> bool {
        self.lines.get().is_some()
    }

    /// Keep `ranges`, the byte ranges of the text's lines
    /// ([`kbwiz_engine::steps::line_ranges`] made them a step at a time),
    /// unless the index was made meanwhile.
    pub fn keep_line_index(&self, ranges: Vec<(usize, usize)>) {
        let _ = self.lines.set(ranges);
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_index().len()
    }

    /// Line `n` (1-based), without its terminator.
    pub fn line(&self, n: usize) -> Option<&str> {
        let (a, b) = *self.line_index().get(n.checked_sub(1)?)?;
        self.text.get(a..b)
    }

    /// Parse a decoded text in one go (small inputs, restores, tests); large
    /// inputs go through [`crate::ingest`] in chunks instead.
    pub fn parse(id: u32, name: &str, raw_len: usize, text: Rc<String>, kb: &Kb) -> Input {
        let mut scanner = kbwiz_engine::parse::Scanner::new(name, text.len());
        scanner.set_input_bytes(raw_len);
        scanner.feed(&text);
        Input::from_parsed(id, name, text, scanner.finish(), kb)
    }

    /// An input read whole by the engine's stepwise reader, its evidence
    /// complete.
    pub fn from_read(id: u32, name: &str, read: kbwiz_engine::steps::ReadInput) -> Input {
        Input {
            id,
            name: name.to_string(),
            text: Rc::new(read.text),
            report: read.report,
            evidence: Rc::new(read.evidence),
            entries: Rc::new(read.entries),
            lines: OnceCell::new(),
        }
    }

    /// An input from a finished scan: enriches the evidence from the KB.
    pub fn from_parsed(
        id: u32,
        name: &str,
        text: Rc<String>,
        parsed: kbwiz_engine::parse::ParsedInput,
        kb: &Kb,
    ) -> Input {
        let evidence =
            kbwiz_engine::api::complete_input(name, &text, parsed.evidence, &parsed.entries, kb);
        Input {
            id,
            name: name.to_string(),
            text,
            report: parsed.report,
            evidence: Rc::new(evidence),
            entries: Rc::new(parsed.entries),
            lines: OnceCell::new(),
        }
    }

    /// The same input with its evidence read against `kb` (articles added
    /// since it was parsed may define more of its messages).
    fn enriched_by(&self, kb: &Kb) -> Input {
        let evidence = kbwiz_engine::api::complete_input(
            &self.name,
            &self.text,
            (*self.evidence).clone(),
            &self.entries,
            kb,
        );
        Input {
            id: self.id,
            name: self.name.clone(),
            text: Rc::clone(&self.text),
            report: self.report.clone(),
            evidence: Rc::new(evidence),
            entries: Rc::clone(&self.entries),
            lines: OnceCell::new(),
        }
    }
}

/// Everything the app shows. Cloning shares the inputs (immutable once parsed).
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The articles this page knows (built-in and the admin's own).
    pub kb: Shared<Kb>,
    /// The start page's index of `kb` (libraries, symptoms, examples),
    /// built when the KB is set rather than on every render of the page.
    pub index: Shared<Index>,
    pub inputs: Vec<Rc<Input>>,
    /// All inputs' evidence, in input order.
    pub evidence: Shared<Vec<Evidence>>,
    /// Diagnosis of every article, strongest first.
    pub findings: Shared<Vec<Finding>>,
    /// What the Evidence, Simulator and Timeline views show of the inputs,
    /// made once per diagnosis and kept (see [`ViewsMade`]).
    pub made: Shared<ViewsMade>,
    /// The wizard session over the selected article.
    pub session: Session,
    /// Simulator parameters the admin set (None: calibrate from evidence).
    pub sim_params: Option<Params>,
    /// A message for the admin (a session that could not be saved, say).
    pub notice: Option<String>,
    /// Next input id.
    pub next_id: u32,
    /// The admin chose the article (or the page was opened on one): the
    /// diagnosis no longer moves the wizard to the strongest finding.
    pub article_pinned: bool,
    /// What "Start over" cleared, until the next change: its undo. Kept in
    /// memory only (never saved), so a reload ends the chance to undo.
    pub before_start_over: Option<Rc<AppState>>,
    /// The inputs are redacted ("Redact inputs", or a redacted case
    /// opened); an input added or replaced since is not. Kept in memory
    /// only, like the undo above.
    pub redacted: bool,
    /// Whether `findings` and `evidence` are those of `inputs`, or are
    /// being worked out a step at a time (large evidence).
    pub diagnosis: DiagnosisState,
}

/// What the views make of the inputs' evidence, kept from the diagnosis
/// to the next change of the inputs: a 100 MiB log's 370,000 rows take a
/// few hundred milliseconds to merge in the browser, and its facts tens of
/// milliseconds to group, so they are made once, not on every visit.
/// Large inputs' are made a step at a time after the diagnosis
/// ([`crate::derive::use_views_made`]); small inputs' when a view asks.
#[derive(Debug, Default)]
pub struct ViewsMade {
    /// Every input's entries and status messages merged in time order; its
    /// rows refer to the inputs' entries and facts.
    pub timeline: OnceCell<Timeline>,
    /// The evidence grouped for one article (by its ID): the Evidence
    /// view's, for the article the wizard is on.
    summary: RefCell<Option<(String, Rc<Summary>)>>,
    /// The simulator's calibration for one article (by the ID the view was
    /// given, empty for the one the evidence points to): 300,000 facts take
    /// it tens of milliseconds in the browser, on every visit when it lived
    /// only as long as the view.
    calibration: RefCell<Option<(String, Rc<Calibrated>)>>,
    /// A view said its timeline or summary was on its way: when made, the
    /// page is told ([`Action::ViewMade`]); else it need not render again.
    awaited: Cell<bool>,
}

/// The simulator's calibration from the evidence, with its parameters as
/// the article words them, or why no model applies.
pub type Calibrated = Result<(ModelCalibration, Rc<Vec<ParamSpec>>), String>;

impl ViewsMade {
    /// The evidence grouped for article `id`, if made.
    pub fn summary_of(&self, id: &str) -> Option<Rc<Summary>> {
        match &*self.summary.borrow() {
            Some((made_for, summary)) if made_for == id => Some(Rc::clone(summary)),
            _ => None,
        }
    }

    /// Keep `summary`, the evidence grouped for article `id`, in place of
    /// any other article's.
    pub fn keep_summary(&self, id: &str, summary: Rc<Summary>) {
        *self.summary.borrow_mut() = Some((id.to_string(), summary));
    }

    /// The simulator's calibration for `article`, if made.
    pub fn calibration_of(&self, article: &str) -> Option<Rc<Calibrated>> {
        match &*self.calibration.borrow() {
            Some((made_for, c)) if made_for == article => Some(Rc::clone(c)),
            _ => None,
        }
    }

    /// Keep `calibration`, made for `article`, in place of any other's.
    pub fn keep_calibration(&self, article: &str, calibration: Rc<Calibrated>) {
        *self.calibration.borrow_mut() = Some((article.to_string(), calibration));
    }

    /// A view shows that what it needs is on its way.
    pub fn await_made(&self) {
        self.awaited.set(true);
    }

    /// Whether a view waits for what is being made (and no longer, once
    /// asked: the page renders it).
    pub fn take_awaited(&self) -> bool {
        self.awaited.replace(false)
    }
}

/// The calibration of the model of `article` (empty: the one the evidence
/// points to) from `evidence`, with its parameters as the article words
/// them.
pub fn calibrated(kb: &Kb, evidence: &[Evidence], article: &str) -> Calibrated {
    let c = kbwiz_engine::api::calibrate_model(evidence, kb, named(article));
    with_specs(kb, c)
}

/// `article` as the engine's calibration takes it: empty is none named.
pub fn named(article: &str) -> Option<&str> {
    (!article.is_empty()).then_some(article)
}

/// A calibration (or why there is none) with its parameters as its
/// article words them.
pub fn with_specs(kb: &Kb, c: Result<ModelCalibration, SimulateError>) -> Calibrated {
    let c = c.map_err(|e| e.to_string())?;
    let specs = c
        .article()
        .and_then(|id| kb.article(id))
        .and_then(|a| a.simulator.as_ref())
        .map(kbwiz_engine::sim::param_specs)
        .unwrap_or_default();
    Ok((c, Rc::new(specs)))
}

/// Each input's entries and evidence, what the timeline is made of.
pub fn timeline_parts(inputs: &[Rc<Input>]) -> Vec<(&[Entry], &[Evidence])> {
    inputs
        .iter()
        .map(|i| (i.entries.as_slice(), i.evidence.as_slice()))
        .collect()
}

/// Above this many entries and facts in all, the views' timeline and
/// summary are made a step at a time once the diagnosis is in: natively
/// 100,000 take the timeline about 7 ms, two to three times that in the
/// browser, about what one task may take.
pub const STEPWISE_VIEW_ITEMS: usize = 100_000;

/// Where the diagnosis of the inputs is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DiagnosisState {
    /// `findings` and `evidence` are those of the inputs.
    #[default]
    Ready,
    /// The inputs changed and hold more than [`STEPWISE_FACTS`] facts: the
    /// app works their diagnosis out a step at a time (`crate::derive`)
    /// and hands it back with [`Action::Diagnosed`] for this change.
    Pending { change: u64 },
}

/// What the page says while a diagnosis is worked out a step at a time.
pub const WEIGHING: &str = "Weighing the evidence against every article…";

/// Above this many facts, the diagnosis is worked out a step at a time
/// with turns for the page, not in the reducer: 20,000 status messages
/// take the trees about 10 ms natively and two to three times that in the
/// browser, about what one turn may take.
pub const STEPWISE_FACTS: usize = 20_000;

/// A number no other change of any state of this page has had: a
/// diagnosis worked out for one change is never taken for another, even
/// across "Start over" or a restored session.
fn next_change() -> u64 {
    thread_local! {
        static CHANGES: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    CHANGES.with(|c| {
        c.set(c.get() + 1);
        c.get()
    })
}

/// Every input's evidence, in input order: the one input's own list when
/// there is one (no copy), else a copy of all of them.
pub fn all_evidence(inputs: &[Rc<Input>]) -> Rc<Vec<Evidence>> {
    match inputs {
        [one] => Rc::clone(&one.evidence),
        _ => Rc::new(
            inputs
                .iter()
                .flat_map(|i| i.evidence.iter().cloned())
                .collect(),
        ),
    }
}

impl AppState {
    /// A fresh state over `article` of `kb`.
    pub fn new(kb: Shared<Kb>, article: &str) -> AppState {
        AppState {
            findings: Shared::new(diagnose(&[], &kb)),
            index: Shared::new(catalog::index(&kb)),
            kb,
            inputs: Vec::new(),
            evidence: Shared::default(),
            made: Shared::default(),
            session: Session::new(article, Vec::new()),
            sim_params: None,
            notice: None,
            next_id: 1,
            article_pinned: false,
            before_start_over: None,
            redacted: false,
            diagnosis: DiagnosisState::Ready,
        }
    }

    /// A state over `article` holding `inputs` (ids assigned in order).
    pub fn with_inputs(kb: Shared<Kb>, article: &str, inputs: Vec<Input>) -> AppState {
        let mut state = AppState::new(kb, article);
        for mut input in inputs {
            input.id = state.next_id;
            state.next_id += 1;
            state.inputs.push(Rc::new(input));
        }
        state.inputs_changed();
        state
    }

    /// The evidence-only finding for the session's article.
    pub fn evidence_finding(&self) -> Option<&Finding> {
        self.findings
            .iter()
            .find(|f| f.article == self.session.article)
    }

    /// The finding as the session stands: the outcome the admin reached, else
    /// what evidence alone says.
    pub fn finding(&self) -> Option<Finding> {
        self.evidence_finding()
            .map(|base| session_finding(&self.session, &self.kb, base))
    }

    /// A name for a new input that no current input has, so that evidence
    /// labels (`name:line`) point at one input: a paste is `paste N`, one
    /// above the highest `paste` number in use; a file whose name is taken
    /// gets ` (2)`, ` (3)`, ... `taken` are names already given in the same
    /// batch.
    pub fn unique_name(&self, wanted: Option<&str>, taken: &[String]) -> String {
        let in_use =
            |n: &str| self.inputs.iter().any(|i| i.name == n) || taken.iter().any(|t| t == n);
        match wanted {
            None => {
                let highest = self
                    .inputs
                    .iter()
                    .map(|i| i.name.as_str())
                    .chain(taken.iter().map(String::as_str))
                    .filter_map(|n| n.strip_prefix("paste ")?.parse::<u32>().ok())
                    .max()
                    .unwrap_or(0);
                format!("paste {}", highest.saturating_add(1))
            }
            Some(name) if !in_use(name) => name.to_string(),
            Some(name) => (2u32..)
                .map(|k| format!("{name} ({k})"))
                .find(|n| !in_use(n))
                .unwrap_or_else(|| name.to_string()),
        }
    }

    /// Whether the inputs are large enough that the views' timeline and
    /// summary are made a step at a time ([`crate::derive`]) rather than
    /// when a view first asks.
    pub fn views_take_steps(&self) -> bool {
        let items: usize = self
            .inputs
            .iter()
            .map(|i| i.entries.len() + i.evidence.len())
            .sum();
        items > STEPWISE_VIEW_ITEMS
    }

    /// The merged timeline of all inputs: as made, or made here for inputs
    /// small enough; `None` while large inputs' timeline is on its way.
    pub fn timeline(&self) -> Option<&Timeline> {
        if let Some(made) = self.made.timeline.get() {
            return Some(made);
        }
        (!self.views_take_steps()).then(|| {
            self.made
                .timeline
                .get_or_init(|| Timeline::of(&self.timeline_parts()))
        })
    }

    /// The evidence grouped for `article`, as [`AppState::timeline`]: as
    /// made, or made here for inputs small enough.
    pub fn summary(&self, article: &Article) -> Option<Rc<Summary>> {
        if let Some(made) = self.made.summary_of(article.id()) {
            return Some(made);
        }
        if self.views_take_steps() {
            return None;
        }
        let summary = Rc::new(kbwiz_engine::summary::summarise(&self.evidence, article));
        self.made.keep_summary(article.id(), Rc::clone(&summary));
        Some(summary)
    }

    /// Rows `range` of the merged timeline to show, each with its number
    /// and, for a status message's row, the message (its package and sites
    /// are shown beside it); none while the timeline is on its way.
    pub fn timeline_rows(
        &self,
        range: std::ops::Range<usize>,
    ) -> Vec<(usize, TimelineRow, Option<&StatusMessage>)> {
        let Some(merged) = self.timeline() else {
            return Vec::new();
        };
        let parts = self.timeline_parts();
        range
            .filter_map(|at| {
                let message = merged.message(at, &parts).map(|(_, m)| m);
                merged.row(at, &parts).map(|row| (at, row, message))
            })
            .collect()
    }

    fn timeline_parts(&self) -> Vec<(&[Entry], &[Evidence])> {
        timeline_parts(&self.inputs)
    }

    /// The input that evidence number `index` (into `evidence`) came from.
    pub fn input_of(&self, index: usize) -> Option<&Rc<Input>> {
        let mut start = 0;
        self.inputs.iter().find(|i| {
            start += i.evidence.len();
            index < start
        })
    }

    /// Recompute what depends on the inputs, keeping the admin's answers
    /// where the path still fits the tree. Large evidence is diagnosed a
    /// step at a time outside the reducer: until it comes back, the
    /// findings and the facts are empty and `diagnosis` says it is pending.
    fn inputs_changed(&mut self) {
        self.made = Shared::default();
        let facts: usize = self.inputs.iter().map(|i| i.evidence.len()).sum();
        if facts > STEPWISE_FACTS {
            self.diagnosis = DiagnosisState::Pending {
                change: next_change(),
            };
            // Nothing of the inputs before the change stays on show: the
            // views would read its facts against the new inputs.
            self.findings = Shared::default();
            self.evidence = Shared::default();
            self.session.set_evidence(Rc::default(), None);
            return;
        }
        self.diagnose_now();
    }

    /// Diagnose the inputs here and now, if their diagnosis is pending or
    /// was never made: for a caller that needs the findings at once (a case
    /// replayed on its inputs, a restored session's answers checked) and
    /// can afford one long task.
    pub fn settle(&mut self) {
        if self.diagnosis != DiagnosisState::Ready {
            self.diagnose_now();
        }
    }

    fn diagnose_now(&mut self) {
        let evidence = all_evidence(&self.inputs);
        let (findings, index) = Diagnosing::new(&evidence, &self.kb).finish();
        self.diagnosed(evidence, findings, Some(Rc::new(index)));
    }

    /// Take `findings` of `evidence` (every input's, in input order) as the
    /// diagnosis of the inputs; `index` is the facts' index, when made.
    fn diagnosed(
        &mut self,
        evidence: Rc<Vec<Evidence>>,
        mut findings: Vec<Finding>,
        index: Option<Rc<FactIndex>>,
    ) {
        self.diagnosis = DiagnosisState::Ready;
        // The product the inputs look like (SMS 2.0 or Configuration
        // Manager) first within each verdict, as the CLI ranks them.
        let parts: Vec<_> = self
            .inputs
            .iter()
            .map(|i| (&i.report, i.entries.as_slice(), i.evidence.as_slice()))
            .collect();
        kbwiz_engine::api::rank_by_product(&mut findings, &parts, &self.kb);
        self.findings = Shared::new(findings);
        // One copy of the facts, shared by the views and the session.
        self.session.set_evidence(Rc::clone(&evidence), index);
        // With several articles and no choice made, the wizard follows the
        // strongest finding until the admin answers or picks one.
        if !self.article_pinned && self.session.steps.is_empty() {
            if let Some(top) = self.findings.first() {
                if top.article != self.session.article {
                    self.session = self.session.switched(&top.article);
                }
            }
        }
        // Evidence answers may have changed: keep only the admin's own steps'
        // prefix that still leads somewhere valid.
        if self.session.position(&self.kb).is_err() {
            self.session.restart();
        }
        self.evidence = Shared(evidence);
        self.made = Shared::default();
    }
}

/// What a view can ask for.
pub enum Action {
    AddInput(Input),
    RemoveInput(u32),
    ReplaceInput(u32, Input),
    /// Accept the evidence answer to the current question.
    Accept,
    /// Accept evidence answers as far as they go.
    Advance,
    Answer(Answer),
    Override {
        question: String,
        answer: Answer,
    },
    Back,
    Jump(String),
    Restart,
    SelectArticle(String),
    SetParams(Params),
    ResetParams,
    Notice(Option<String>),
    /// The page's articles changed (the admin loaded their own): read the
    /// inputs' evidence again against them.
    SetKb(Rc<Kb>),
    /// Replace everything (restore from storage or an imported session file).
    Restore(Box<AppState>),
    /// Forget everything (undoable until the next change).
    StartOver,
    /// Bring back what the last "Start over" cleared.
    UndoStartOver,
    /// A view's timeline or summary was made a step at a time and kept in
    /// [`AppState::made`]: nothing changes but the views show it.
    ViewMade,
    /// The diagnosis worked out a step at a time for change `change` of
    /// the inputs: taken only if the inputs have not changed since.
    Diagnosed {
        change: u64,
        evidence: Rc<Vec<Evidence>>,
        findings: Vec<Finding>,
        index: Rc<FactIndex>,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        let kb = state.kb.clone();
        let kb = &*kb;
        // The undo of "Start over" lasts until the next change; notices
        // (which the page raises itself, after saving) are not changes.
        let undo = state.before_start_over.take();
        if matches!(
            action,
            Action::Notice(_) | Action::Diagnosed { .. } | Action::ViewMade
        ) {
            state.before_start_over = undo.clone();
        }
        match action {
            Action::AddInput(mut input) => {
                state.redacted = false;
                input.id = state.next_id;
                state.next_id += 1;
                state.inputs.push(Rc::new(input));
                state.inputs_changed();
            }
            Action::RemoveInput(id) => {
                state.inputs.retain(|i| i.id != id);
                state.inputs_changed();
            }
            Action::ReplaceInput(id, mut input) => {
                state.redacted = false;
                input.id = id;
                if let Some(slot) = state.inputs.iter_mut().find(|i| i.id == id) {
                    *slot = Rc::new(input);
                }
                state.inputs_changed();
            }
            Action::Accept => state.notice = state.session.accept(kb).err().map(|e| e.to_string()),
            Action::Advance => {
                state.notice = state.session.advance(kb).err().map(|e| e.to_string())
            }
            Action::Answer(a) => {
                state.notice = state.session.answer(kb, a).err().map(|e| e.to_string())
            }
            Action::Override { question, answer } => {
                state.notice = state
                    .session
                    .override_answer(kb, &question, answer)
                    .err()
                    .map(|e| e.to_string())
            }
            Action::Back => {
                state.session.back();
            }
            Action::Jump(q) => state.notice = state.session.jump(&q).err().map(|e| e.to_string()),
            Action::Restart => state.session.restart(),
            Action::SelectArticle(id) => {
                if kb.article(&id).is_some() && id != state.session.article {
                    state.session = state.session.switched(&id);
                }
                state.article_pinned = kb.article(&id).is_some();
            }
            Action::SetParams(p) => state.sim_params = Some(p),
            Action::ResetParams => state.sim_params = None,
            Action::Notice(n) => state.notice = n,
            Action::ViewMade => {}
            Action::SetKb(kb) => {
                state.inputs = state
                    .inputs
                    .iter()
                    .map(|i| Rc::new(i.enriched_by(&kb)))
                    .collect();
                state.index = Shared::new(catalog::index(&kb));
                state.kb = Shared(kb);
                state.inputs_changed();
            }
            Action::Restore(restored) => state = *restored,
            Action::StartOver => {
                let article = state.session.article.clone();
                let mut cleared = state;
                cleared.notice = None;
                state = AppState::new(cleared.kb.clone(), &article);
                state.before_start_over = Some(Rc::new(cleared));
            }
            Action::UndoStartOver => {
                if let Some(before) = undo {
                    state = Rc::unwrap_or_clone(before);
                }
            }
            Action::Diagnosed {
                change,
                evidence,
                findings,
                index,
            } => {
                if state.diagnosis == (DiagnosisState::Pending { change }) {
                    state.diagnosed(evidence, findings, Some(index));
                }
            }
        }
        Rc::new(state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state_with(names: &[&str]) -> AppState {
        let inputs = names
            .iter()
            .map(|n| Input::parse(0, n, 1, Rc::new("x".to_string()), &Kb::default()))
            .collect();
        AppState::with_inputs(Shared::default(), "A", inputs)
    }

    #[test]
    fn pastes_are_numbered_past_the_highest_in_use() {
        assert_eq!(state_with(&[]).unique_name(None, &[]), "paste 1");
        let s = state_with(&["paste 1", "distmgr.log", "paste 3"]);
        assert_eq!(s.unique_name(None, &[]), "paste 4");
        assert_eq!(s.unique_name(None, &["paste 4".into()]), "paste 5");
    }

    #[test]
    fn a_taken_file_name_gets_a_counter() {
        let s = state_with(&["distmgr.log", "distmgr.log (2)"]);
        assert_eq!(s.unique_name(Some("sched.log"), &[]), "sched.log");
        assert_eq!(s.unique_name(Some("distmgr.log"), &[]), "distmgr.log (3)");
        assert_eq!(
            s.unique_name(Some("distmgr.log"), &["distmgr.log (3)".into()]),
            "distmgr.log (4)"
        );
    }
}
