//! The engine's three use cases, one call each, for every shell: the CLI
//! (`kbwiz scan|diagnose|simulate`), the JS API (`kbwiz.scan|diagnose|simulate`)
//! and the web app.
//!
//! - [`scan`]: read inputs and enrich their evidence from the KB
//!   ([`ScanStream`] does the same a batch at a time, for logs of any size);
//! - [`diagnose`]: [`scan`], then walk every article's tree;
//! - [`simulate`]: run the retry-loop simulator, on parameters proposed from
//!   the evidence as an article's `simulator.json` says when inputs are given.
//!
//! The case file's calls sit together below the simulator's: [`redact`],
//! [`undo`] (and [`undo_for`]), [`case_save`] and [`case_open`].
//!
//! Each returns one report type whose JSON (`serde_json`, pretty or compact)
//! is what the CLI prints with `--json` and what the JS API returns, so the
//! shells cannot drift apart. No article is a default: the one to simulate
//! is named, or is the KB's only article with a `simulator.json`, or the one
//! the diagnosis of the evidence ranks highest ([`simulator_article`]).

use serde::Serialize;
use thiserror::Error;

use crate::evidence::{
    recognise, Enricher, Entry, Evidence, InputReport, InputSigns, LineMatcher, ProductMatch, Scan,
    ThreadSpan, ThreadTracker,
};
use crate::kb::tree::Verdict;
use crate::kb::{Article, Kb, Resend, SimDefaults};
use crate::sim::content::{
    self, ContentCalibration, ContentComparison, ContentParamError, ContentParams, ContentResult,
};
use crate::sim::{
    calibrate_for, compare_with, params_of, simulate_with, Calibration, Comparison, ModelParams,
    ParamError, Params, SimResult,
};
use crate::steps::InputBatches;
use crate::tree::Finding;

/// An input as the shells hand it over: a name for provenance (a path, `-`,
/// a pasted input's label) and its raw bytes (decoding is the engine's job).
pub type Input<'a> = (&'a str, &'a [u8]);

/// Read every input and enrich its evidence from the KB's message
/// templates (package IDs, child sites) and log lines: the report of
/// `kbwiz scan --json`, `{"inputs": [...], "evidence": [...]}`. Evidence
/// comes in input order, then line order, with each input's
/// `component_log` facts (one per component whose lines an article
/// declares) after its other facts.
pub fn scan(inputs: &[Input<'_>], kb: &Kb) -> Scan {
    read_all(ScanStream::new(kb).following_threads(), inputs).0
}

/// Every input through `stream`: the scan, and each input's signs of its
/// product when the stream notes them.
fn read_all(mut stream: ScanStream<'_>, inputs: &[Input<'_>]) -> (Scan, Vec<InputSigns>) {
    let mut scan = Scan::default();
    for (name, bytes) in inputs {
        // Sized for the whole input by the batches so far, where doubling
        // copied a 100 MiB log's facts again at each step.
        let from = scan.evidence.len();
        let report = stream.input_so_far(name, bytes, |batch, at| {
            crate::steps::append_for_rest(&mut scan.evidence, batch, from, at.done, at.total);
        });
        scan.inputs.push(report);
    }
    scan.threads = stream.take_threads();
    (scan, stream.signs.take().unwrap_or_default())
}

/// [`scan`] an input at a time and a batch of evidence at a time, each batch
/// enriched before it is handed on: memory grows with one batch (and the
/// decoded text), not with the facts of the log, which is how `kbwiz scan`
/// reports on a log of any size. The batches of every input, in order, add
/// up to [`scan`]'s evidence.
pub struct ScanStream<'kb> {
    /// Keeps each message's parsed template across batches and inputs.
    enricher: Enricher<'kb>,
    /// Every article's log lines, compiled once.
    lines: LineMatcher,
    /// Thread stories of the inputs read, when followed
    /// ([`ScanStream::following_threads`]).
    threads: Option<Vec<ThreadSpan>>,
    /// Each input's signs of its product, when noted
    /// ([`ScanStream::noting_products`]).
    signs: Option<Vec<InputSigns>>,
}

/// Text fed to the scanner at a time.
const STREAM_CHUNK: usize = 1 << 18;

impl<'kb> ScanStream<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        ScanStream {
            enricher: Enricher::new(kb),
            lines: LineMatcher::new(kb),
            threads: None,
            signs: None,
        }
    }

    /// Also follow each log's threads ([`ThreadTracker`]): a second read of
    /// each entry's lines, for [`scan`] and `kbwiz scan --json` (not for
    /// the diagnosis, nor `kbwiz scan`'s text report).
    pub fn following_threads(mut self) -> Self {
        self.threads = Some(Vec::new());
        self
    }

    /// Also note what each input's log entries and status messages show of
    /// their product ([`InputSigns`]), for [`recognise`].
    pub fn noting_products(mut self) -> Self {
        self.signs = Some(Vec::new());
        self
    }

    /// The thread stories of the inputs read so far (empty unless
    /// [`ScanStream::following_threads`]).
    pub fn take_threads(&mut self) -> Vec<ThreadSpan> {
        self.threads
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Read one input, handing each enriched batch of its evidence to
    /// `batch`; return the input's report (format, entries, problems).
    pub fn input(
        &mut self,
        name: &str,
        bytes: &[u8],
        mut batch: impl FnMut(&mut Vec<Evidence>),
    ) -> InputReport {
        self.input_so_far(name, bytes, |evidence, _| batch(evidence))
    }

    /// [`ScanStream::input`], each batch handed on with how far into the
    /// input's text it reaches (0 of 0 where that is not followed).
    fn input_so_far(
        &mut self,
        name: &str,
        bytes: &[u8],
        mut batch: impl FnMut(&mut Vec<Evidence>, crate::steps::Progress),
    ) -> InputReport {
        let enricher = &mut self.enricher;
        if self.lines.is_empty() && self.threads.is_none() && self.signs.is_none() {
            return crate::parse::stream_input(name, bytes, |evidence| {
                enricher.enrich(evidence);
                batch(evidence, crate::steps::Progress { done: 0, total: 0 });
            });
        }
        let text = crate::parse::decode(bytes);
        let mut tracker = self
            .threads
            .is_some()
            .then(|| ThreadTracker::new(name, &text));
        let mut signs = self.signs.is_some().then(|| InputSigns::new(name));
        let fed = std::cell::Cell::new(0);
        let total = text.len();
        let mut hand_on = |evidence: &mut Vec<Evidence>, entries: &mut Vec<Entry>| {
            if let Some(t) = &mut tracker {
                t.entries(entries);
            }
            if let Some(s) = &mut signs {
                s.note(entries, evidence);
            }
            if !evidence.is_empty() {
                let done = fed.get();
                batch(evidence, crate::steps::Progress { done, total });
            }
        };
        let mut batches = InputBatches::new(name, text.len(), bytes.len(), &self.lines);
        while fed.get() < text.len() {
            fed.set(crate::parse::chunk_end(&text, fed.get(), STREAM_CHUNK));
            batches.feed(&text, fed.get(), enricher, &mut hand_on);
        }
        let report = batches.finish(&text, enricher, &mut hand_on);
        if let (Some(t), Some(all)) = (tracker, &mut self.threads) {
            all.extend(t.finish());
        }
        if let (Some(s), Some(all)) = (signs, &mut self.signs) {
            all.push(s);
        }
        report
    }
}

/// The evidence of one input scanned whole by a shell on its own schedule
/// (the web app reads a large file in slices): the parsers' `evidence`,
/// joined by the facts of the articles' declared log lines found in its
/// `entries` and enriched from the KB, as [`scan`] gives them. Facts that
/// came from an earlier KB (log lines, component logs) are dropped first,
/// so an input can be read again when the admin adds articles.
pub fn complete_input(
    name: &str,
    text: &str,
    mut evidence: Vec<Evidence>,
    entries: &[crate::evidence::Entry],
    kb: &Kb,
) -> Vec<Evidence> {
    use crate::evidence::Fact;
    evidence.retain(|e| !matches!(e.fact, Fact::LogLine(_) | Fact::ComponentLog(_)));
    let matcher = LineMatcher::new(kb);
    if !matcher.is_empty() {
        let (components, mut found): (Vec<Evidence>, Vec<Evidence>) = matcher
            .facts(name, text, entries)
            .into_iter()
            .partition(|e| matches!(e.fact, Fact::ComponentLog(_)));
        crate::tree::order::sort_by_key(&mut found, |e| e.line);
        evidence = merge_by_line(evidence, found);
        evidence.extend(components);
    }
    Enricher::new(kb).enrich(&mut evidence);
    evidence
}

/// The parsers' facts and the log-line facts of one batch, in line order
/// (a parser's fact first on a shared line).
pub(crate) fn merge_by_line(mut parsed: Vec<Evidence>, mut lines: Vec<Evidence>) -> Vec<Evidence> {
    let mut out = Vec::new();
    merge_by_line_into(&mut parsed, &mut lines, &mut out);
    out
}

/// [`merge_by_line`] into `out` (emptied first), leaving `parsed` and
/// `lines` empty: the stepwise reader keeps the three vectors from batch to
/// batch, so that a batch's facts are not moved into a new vector each
/// time.
pub(crate) fn merge_by_line_into(
    parsed: &mut Vec<Evidence>,
    lines: &mut Vec<Evidence>,
    out: &mut Vec<Evidence>,
) {
    out.clear();
    if lines.is_empty() {
        std::mem::swap(parsed, out);
        return;
    }
    out.reserve(parsed.len() + lines.len());
    let mut lines_in_order = lines.drain(..).peekable();
    for e in parsed.drain(..) {
        while let Some(l) = lines_in_order.next_if(|l| l.line < e.line) {
            out.push(l);
        }
        out.push(e);
    }
    out.extend(lines_in_order);
}

/// What [`diagnose`] found: every article assessed on every input. The
/// findings come ordered by verdict, then by strength of evidence; the
/// articles the inputs say nothing about are apart, never among the
/// findings; and where two articles fit alike, `separations` says what
/// would tell them apart. The scan behind it is kept for the shells' other
/// outputs (the Markdown report lists the inputs).
///
/// Its own JSON is `{"findings": [...]}` (what `kbwiz.diagnose` returns);
/// [`DiagnoseReport::triage`] is the whole of it, `{"findings": [...],
/// "not_assessed": [...], "separations": [...]}`, which `kbwiz diagnose
/// --json` prints. The JS API moves to the triage when its callers are
/// ready for the two new lists.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagnoseReport {
    #[serde(skip)]
    pub scan: Scan,
    pub findings: Vec<Finding>,
    /// Articles no evidence spoke to: no question answered, no line cited.
    #[serde(skip)]
    pub not_assessed: Vec<NotAssessed>,
    /// Pairs of findings with the same verdict (confirmed or likely), each
    /// with the one question or artefact that would separate them.
    #[serde(skip)]
    pub separations: Vec<Separation>,
    /// The known fixes the pasted file versions show this server has and
    /// lacks, across every article.
    #[serde(skip)]
    pub fixes: Vec<crate::fixes::Fix>,
    /// The products the inputs look like, most signs first; the findings
    /// of the first one's articles come first within each verdict.
    #[serde(skip)]
    pub products: Vec<ProductMatch>,
}

/// The whole triage of a [`DiagnoseReport`], for JSON.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Triage<'a> {
    pub findings: &'a [Finding],
    pub not_assessed: &'a [NotAssessed],
    pub separations: &'a [Separation],
    pub fixes: &'a [crate::fixes::Fix],
    #[serde(skip_serializing_if = "<[ProductMatch]>::is_empty")]
    pub products: &'a [ProductMatch],
}

impl DiagnoseReport {
    /// Findings, the articles not assessed and the separations together.
    pub fn triage(&self) -> Triage<'_> {
        Triage {
            findings: &self.findings,
            not_assessed: &self.not_assessed,
            separations: &self.separations,
            fixes: &self.fixes,
            products: &self.products,
        }
    }
}

/// An article the inputs say nothing about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotAssessed {
    pub article: String,
    pub title: String,
    /// The inputs that would let its first question be answered.
    pub wants: Vec<String>,
}

/// Two findings that fit alike, and what would tell them apart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Separation {
    /// The two article IDs, stronger first.
    pub articles: [String; 2],
    pub verdict: Verdict,
    /// What to paste, when an artefact would answer a question of one
    /// and not the other.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub artefact: Option<String>,
    /// The question (`article: text`) that artefact, or the admin, answers.
    pub question: String,
}

/// [`scan`] the inputs, then run every article's tree over their evidence.
pub fn diagnose(inputs: &[Input<'_>], kb: &Kb) -> DiagnoseReport {
    // Thread stories are api::scan's: the diagnosis has no use for them.
    let (scan, signs) = read_all(ScanStream::new(kb).noting_products(), inputs);
    diagnose_scan(scan, &signs, kb)
}

/// [`diagnose`] over inputs the shell has read itself, each with its name
/// ([`crate::steps::read_pieces`]: a file scanned as its bytes came). The
/// same report as [`diagnose`] over the same bytes.
pub fn diagnose_read(inputs: Vec<(String, crate::steps::ReadInput)>, kb: &Kb) -> DiagnoseReport {
    let mut scan = Scan::default();
    let mut signs = Vec::with_capacity(inputs.len());
    for (name, mut read) in inputs {
        let mut noted = InputSigns::new(&name);
        noted.note(&read.entries, &read.evidence);
        signs.push(noted);
        scan.inputs.push(read.report);
        if scan.evidence.is_empty() {
            scan.evidence = read.evidence;
        } else {
            scan.evidence.append(&mut read.evidence);
        }
    }
    diagnose_scan(scan, &signs, kb)
}

/// The trees over a scan, with each input's signs of its product.
fn diagnose_scan(scan: Scan, signs: &[InputSigns], kb: &Kb) -> DiagnoseReport {
    let products = recognise(&scan.inputs, signs, kb);
    let mut all = crate::tree::diagnose(&scan.evidence, kb);
    product_first(&mut all, &products, kb);
    let (findings, silent): (Vec<Finding>, Vec<Finding>) = all.into_iter().partition(assessed);
    let not_assessed = silent
        .iter()
        .map(|f| NotAssessed {
            article: f.article.clone(),
            title: f.title.clone(),
            wants: kb.article(&f.article).map(first_wants).unwrap_or_default(),
        })
        .collect();
    let separations = separations(&findings, kb);
    let fixes = crate::fixes::fixes(&scan.evidence, kb);
    DiagnoseReport {
        scan,
        findings,
        not_assessed,
        separations,
        fixes,
        products,
    }
}

/// For a shell that reads its inputs itself (the web app, a piece at a
/// time): the products its inputs look like, from each input's report, log
/// entries and evidence, with `findings` re-ranked as [`diagnose`] ranks
/// them (the matching product's articles first within each verdict).
pub fn rank_by_product(
    findings: &mut [Finding],
    inputs: &[(&InputReport, &[crate::evidence::Entry], &[Evidence])],
    kb: &Kb,
) -> Vec<ProductMatch> {
    // Each input's signs, its status messages' components among them,
    // read in place: copying the status messages of a 100 MiB log into a
    // scan took longer than the diagnosis.
    let signs: Vec<InputSigns> = inputs
        .iter()
        .map(|(report, entries, evidence)| {
            let mut s = InputSigns::new(&report.path);
            s.note(entries, evidence);
            s
        })
        .collect();
    let products = recognise(inputs.iter().map(|(r, _, _)| *r), &signs, kb);
    product_first(findings, &products, kb);
    products
}

/// Within each verdict, the findings of the articles of the product the
/// inputs look like most (every product with the top score) first; the
/// order is otherwise kept.
fn product_first(findings: &mut [Finding], products: &[ProductMatch], kb: &Kb) {
    let Some(top) = products.first().map(|p| p.score) else {
        return;
    };
    let matching = |f: &Finding| {
        kb.article(&f.article).is_some_and(|a| {
            products
                .iter()
                .any(|p| p.score == top && p.product == a.meta.product)
        })
    };
    crate::tree::order::sort_by_key(findings, |f| (f.verdict, !matching(f)));
}

/// Whether the evidence said anything about the finding's article: a
/// question answered from evidence (a line seen, or one missing where a
/// given log would show it), a line cited or a contradiction.
pub fn assessed(f: &Finding) -> bool {
    !f.evidence.is_empty()
        || !f.contradictions.is_empty()
        || f.steps
            .iter()
            .any(|s| matches!(s.source, crate::tree::Source::Evidence { .. }))
}

/// What would answer an article's first question: its artefact, else what
/// its rules read (what to paste for an article not assessed).
pub fn first_wants(article: &Article) -> Vec<String> {
    let Some(q) = article.tree.question(&article.tree.start) else {
        return Vec::new();
    };
    let mut out: Vec<String> = q.artefact.iter().cloned().collect();
    for rule in &q.evidence {
        let w = rule.wants(article);
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// For each pair of findings that share a verdict of confirmed or likely:
/// the first artefact (strongest first) one of them asks for and the other
/// does not, with its question; else the first one's open question.
/// `findings` are the assessed ones, strongest first.
pub fn separations<'f>(
    findings: impl IntoIterator<Item = &'f Finding>,
    kb: &Kb,
) -> Vec<Separation> {
    let fits: Vec<&Finding> = findings
        .into_iter()
        .filter(|f| matches!(f.verdict, Verdict::Confirmed | Verdict::Likely))
        .collect();
    let mut out = Vec::new();
    for (i, a) in fits.iter().enumerate() {
        for b in fits.iter().skip(i + 1).filter(|b| b.verdict == a.verdict) {
            let question_text = |f: &Finding, id: &str| {
                let text = kb
                    .article(&f.article)
                    .and_then(|art| art.tree.question(id))
                    .map_or(id.to_string(), |q| q.text.clone());
                format!("{}: {text}", f.article)
            };
            let only = |x: &Finding, y: &Finding| {
                x.next_artefacts
                    .iter()
                    .find(|n| !y.next_artefacts.iter().any(|m| m.artefact == n.artefact))
                    .map(|n| (n.artefact.clone(), question_text(x, &n.question)))
            };
            let (artefact, question) = match only(a, b).or_else(|| only(b, a)) {
                Some((artefact, q)) => (Some(artefact), q),
                None => match a.needs.as_ref().or(b.needs.as_ref()) {
                    Some(n) => (None, format!("{}: {}", a.article, n.text)),
                    None => continue,
                },
            };
            out.push(Separation {
                articles: [a.article.clone(), b.article.clone()],
                verdict: a.verdict,
                artefact,
                question,
            });
        }
    }
    out
}

/// What to simulate besides the parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SimulateRequest<'a> {
    /// The article whose `simulator.json` reads the evidence and gives the
    /// defaults. `None`: the KB's only article with one, or the one the
    /// diagnosis ranks highest; without evidence, the model's own defaults.
    pub article: Option<&'a str>,
    /// Run the unpatched baseline and every remedy side by side.
    pub compare: bool,
}

/// One run, or the baseline and every remedy side by side; of the retry
/// loop or of content distribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Runs {
    One(SimResult),
    Compared(Comparison),
    Content(ContentResult),
    ContentCompared(ContentComparison),
}

/// What [`simulate`] ran. Its JSON is the run's (or the comparison's)
/// fields, with `calibration` last when the parameters were proposed from
/// evidence (`kbwiz simulate --json`, `kbwiz.simulate`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SimulateReport {
    /// The parameters run, after the caller's overrides (for the shells'
    /// text output; the JSON does not repeat them).
    #[serde(skip)]
    pub params: Params,
    #[serde(flatten)]
    pub runs: Runs,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub calibration: Option<Calibration>,
    /// The content-distribution parameters run, when that is the model
    /// (then `params` are the retry loop's defaults, not run).
    #[serde(skip)]
    pub content_params: Option<ContentParams>,
    /// The content-distribution calibration, when proposed from evidence
    /// (its JSON is `calibration`, as the retry loop's).
    #[serde(rename = "calibration", skip_serializing_if = "Option::is_none")]
    pub content_calibration: Option<ContentCalibration>,
}

/// Why a simulation was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SimulateError {
    #[error("no article in the knowledge base has simulator defaults (simulator.json)")]
    NoSimulatorArticle,
    #[error("article {article} is not in the knowledge base; articles with simulator defaults: {}", .available.join(", "))]
    UnknownArticle {
        article: String,
        available: Vec<String>,
    },
    #[error("article {article} has no simulator defaults (simulator.json); articles with them: {}", .available.join(", "))]
    NoSimulatorDefaults {
        article: String,
        available: Vec<String>,
    },
    #[error("several articles have simulator defaults and the evidence does not rank one first; name one of: {}", .candidates.join(", "))]
    AmbiguousArticle { candidates: Vec<String> },
    #[error("invalid simulator parameters: {0}")]
    Overrides(String),
    #[error("simulator parameters out of bounds: {0}")]
    Params(#[from] ParamError),
    #[error("simulator parameters out of bounds: {0}")]
    ContentParams(#[from] ContentParamError),
    #[error("article {article} simulates with the {model} model, not this one")]
    WrongModel {
        article: String,
        model: &'static str,
    },
}

/// The article whose `simulator.json` to simulate with: `article` when
/// named, else the KB's only article with a `simulator.json`, else the one
/// of those the diagnosis of `evidence` ranks highest. Refused when none has
/// one, when the named one is missing or has none, or when the diagnosis
/// ranks two first alike (or there is no evidence to rank by); the error
/// names the articles to choose from.
pub fn simulator_article<'kb>(
    kb: &'kb Kb,
    article: Option<&str>,
    evidence: Option<&[Evidence]>,
) -> Result<&'kb Article, SimulateError> {
    let candidates: Vec<&Article> = kb
        .articles()
        .iter()
        .filter(|a| a.simulator.is_some())
        .collect();
    let ids = || candidates.iter().map(|a| a.id().to_string()).collect();
    if let Some(wanted) = article {
        return match kb.article(wanted) {
            None => Err(SimulateError::UnknownArticle {
                article: wanted.to_string(),
                available: ids(),
            }),
            Some(a) if a.simulator.is_none() => Err(SimulateError::NoSimulatorDefaults {
                article: wanted.to_string(),
                available: ids(),
            }),
            Some(a) => Ok(a),
        };
    }
    match candidates.as_slice() {
        [] => Err(SimulateError::NoSimulatorArticle),
        [only] => Ok(only),
        _ => {
            let ambiguous = || SimulateError::AmbiguousArticle { candidates: ids() };
            let evidence = evidence.ok_or_else(ambiguous)?;
            // Findings come strongest first; only candidates compete.
            let findings = crate::tree::diagnose(evidence, kb);
            let mut ranked = findings
                .iter()
                .filter(|f| candidates.iter().any(|a| a.id() == f.article));
            let first = ranked.next().ok_or_else(ambiguous)?;
            if ranked.next().is_some_and(|second| same_rank(first, second)) {
                return Err(ambiguous());
            }
            kb.article(&first.article).ok_or_else(ambiguous)
        }
    }
}

/// Whether two findings rank alike by what orders them (verdict,
/// contradictions, evidence lines), so that only their IDs would separate
/// them: not a reason to simulate one article's fault rather than the other's.
fn same_rank(a: &Finding, b: &Finding) -> bool {
    let strength = |f: &Finding| {
        let verdict = match f.verdict {
            Verdict::Confirmed => 0u8,
            Verdict::Likely => 1,
            Verdict::RuledOut => 2,
            Verdict::InsufficientEvidence => 3,
        };
        (
            verdict,
            f.contradictions.len(),
            f.evidence.len() + f.uncited,
        )
    };
    strength(a) == strength(b)
}

/// Propose simulator parameters from enriched `evidence`, read as the
/// chosen article's `simulator.json` says ([`simulator_article`]): what the
/// web app's simulator view shows before the admin edits anything.
pub fn calibrate(
    evidence: &[Evidence],
    kb: &Kb,
    article: Option<&str>,
) -> Result<Calibration, SimulateError> {
    let chosen = simulator_article(kb, article, Some(evidence))?;
    calibrate_for(evidence, chosen).ok_or_else(|| wrong_model(chosen))
}

/// The article's model, when it has one other than the retry loop.
fn wrong_model(article: &Article) -> SimulateError {
    match &article.simulator {
        Some(model) => SimulateError::WrongModel {
            article: article.id().to_string(),
            model: model.model_name(),
        },
        None => no_defaults(article),
    }
}

/// The error for an article without `simulator.json`, which
/// [`simulator_article`] never returns; for the type system's sake.
fn no_defaults(article: &Article) -> SimulateError {
    SimulateError::NoSimulatorDefaults {
        article: article.id().to_string(),
        available: Vec::new(),
    }
}

/// Run the simulator. With `inputs`, they are scanned and the parameters
/// proposed from their evidence ([`calibrate`]), and the report carries the
/// calibration; without, the parameters start from the named article's
/// `simulator.json`, or from the model's defaults when none is named.
/// `overrides` lays the caller's settings (flags, a JSON object) over that
/// start; its error is reported as invalid parameters.
pub fn simulate(
    inputs: &[Input<'_>],
    kb: &Kb,
    request: SimulateRequest<'_>,
    overrides: impl FnOnce(Params) -> Result<Params, String>,
) -> Result<SimulateReport, SimulateError> {
    let evidence = if inputs.is_empty() {
        None
    } else {
        Some(scan(inputs, kb).evidence)
    };
    simulate_evidence(evidence.as_deref(), kb, request, overrides)
}

/// [`simulate`] from evidence already scanned and enriched (`Some`, even
/// empty: the parameters are proposed from it), or from none.
pub fn simulate_evidence(
    evidence: Option<&[Evidence]>,
    kb: &Kb,
    request: SimulateRequest<'_>,
    overrides: impl FnOnce(Params) -> Result<Params, String>,
) -> Result<SimulateReport, SimulateError> {
    let (base, resend, calibration) = match (evidence, request.article) {
        (Some(evidence), article) => {
            let c = calibrate(evidence, kb, article)?;
            (c.params.clone(), c.resend, Some(c))
        }
        (None, Some(article)) => {
            let chosen = simulator_article(kb, Some(article), None)?;
            let defaults = chosen
                .simulator
                .as_ref()
                .and_then(SimDefaults::retry_loop)
                .ok_or_else(|| wrong_model(chosen))?;
            (params_of(defaults), defaults.resend, None)
        }
        (None, None) => (Params::default(), Resend::default(), None),
    };
    let params = overrides(base).map_err(SimulateError::Overrides)?;
    let runs = if request.compare {
        Runs::Compared(compare_with(&params, resend)?)
    } else {
        Runs::One(simulate_with(&params, resend)?)
    };
    Ok(SimulateReport {
        params,
        runs,
        calibration,
        content_params: None,
        content_calibration: None,
    })
}

/// What [`calibrate_model`] proposes: the chosen article's model's
/// calibration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ModelCalibration {
    RetryLoop(Calibration),
    ContentDistribution(ContentCalibration),
}

impl ModelCalibration {
    /// The proposed parameters.
    pub fn params(&self) -> ModelParams {
        match self {
            ModelCalibration::RetryLoop(c) => ModelParams::RetryLoop(c.params.clone()),
            ModelCalibration::ContentDistribution(c) => {
                ModelParams::ContentDistribution(c.params.clone())
            }
        }
    }

    /// The article whose `simulator.json` read the evidence.
    pub fn article(&self) -> Option<&str> {
        match self {
            ModelCalibration::RetryLoop(c) => c.article.as_deref(),
            ModelCalibration::ContentDistribution(c) => c.article.as_deref(),
        }
    }
}

/// [`calibrate`] for an article of either model: its parameters proposed
/// from `evidence` as its `simulator.json` says.
pub fn calibrate_model(
    evidence: &[Evidence],
    kb: &Kb,
    article: Option<&str>,
) -> Result<ModelCalibration, SimulateError> {
    let mut calibrating = ModelCalibrating::new(evidence, kb, article)?;
    calibrating.add(evidence);
    Ok(calibrating.finish())
}

/// [`calibrate_model`] read a slice of the facts at a time
/// ([`crate::steps::calibrate`]).
pub enum ModelCalibrating<'a, 'e> {
    /// Boxed: its reading carries the default parameters (400 bytes).
    RetryLoop(Box<crate::sim::Calibrating<'a, 'e>>),
    ContentDistribution(content::ContentCalibrating<'a, 'e>),
}

impl<'a, 'e> ModelCalibrating<'a, 'e> {
    /// The calibration of the article [`simulator_article`] chooses (from
    /// `evidence` when `article` is `None`: that diagnoses it whole).
    pub fn new(
        evidence: &[Evidence],
        kb: &'a Kb,
        article: Option<&str>,
    ) -> Result<Self, SimulateError> {
        let chosen = simulator_article(kb, article, Some(evidence))?;
        if let Some(c) = content::ContentCalibrating::new(chosen) {
            return Ok(ModelCalibrating::ContentDistribution(c));
        }
        crate::sim::Calibrating::new(chosen)
            .map(|c| ModelCalibrating::RetryLoop(Box::new(c)))
            .ok_or_else(|| no_defaults(chosen))
    }

    /// Read the next slice of the facts.
    pub fn add(&mut self, evidence: &'e [Evidence]) {
        match self {
            ModelCalibrating::RetryLoop(c) => c.add(evidence),
            ModelCalibrating::ContentDistribution(c) => c.add(evidence),
        }
    }

    /// What the facts read propose.
    pub fn finish(self) -> ModelCalibration {
        match self {
            ModelCalibrating::RetryLoop(c) => ModelCalibration::RetryLoop((*c).finish()),
            ModelCalibrating::ContentDistribution(c) => {
                ModelCalibration::ContentDistribution(c.finish())
            }
        }
    }
}

/// [`simulate`] for an article of either model: the chosen article's
/// `simulator.json` picks the model; `overrides` lays the caller's settings
/// over that model's parameters (it may not change the model: that is
/// refused). Without inputs and without an article named, the retry loop's
/// defaults run, as in [`simulate`].
pub fn simulate_model(
    inputs: &[Input<'_>],
    kb: &Kb,
    request: SimulateRequest<'_>,
    overrides: impl FnOnce(ModelParams) -> Result<ModelParams, String>,
) -> Result<SimulateReport, SimulateError> {
    let evidence = if inputs.is_empty() {
        None
    } else {
        Some(scan(inputs, kb).evidence)
    };
    let content_start = match (evidence.as_deref(), request.article) {
        (Some(evidence), article) => match calibrate_model(evidence, kb, article)? {
            ModelCalibration::ContentDistribution(c) => Some((c.params.clone(), Some(c))),
            ModelCalibration::RetryLoop(_) => None,
        },
        (None, Some(article)) => simulator_article(kb, Some(article), None)?
            .simulator
            .as_ref()
            .and_then(SimDefaults::content)
            .map(|d| (ContentParams::of(d), None)),
        (None, None) => None,
    };
    let Some((base, calibration)) = content_start else {
        // The retry loop: its parameters through the same overrides.
        let mut refused = None;
        let report = simulate_evidence(evidence.as_deref(), kb, request, |p| {
            match overrides(ModelParams::RetryLoop(p)) {
                Ok(ModelParams::RetryLoop(p)) => Ok(p),
                Ok(ModelParams::ContentDistribution(_)) => {
                    refused = Some("these parameters are the content-distribution model's, not the retry loop's".to_string());
                    Err(String::new())
                }
                Err(e) => Err(e),
            }
        });
        return match (report, refused) {
            (Err(_), Some(why)) => Err(SimulateError::Overrides(why)),
            (report, _) => report,
        };
    };
    let params = match overrides(ModelParams::ContentDistribution(base))
        .map_err(SimulateError::Overrides)?
    {
        ModelParams::ContentDistribution(p) => p,
        ModelParams::RetryLoop(_) => {
            return Err(SimulateError::Overrides(
                "these parameters are the retry loop's, not the content-distribution model's"
                    .into(),
            ))
        }
    };
    let runs = if request.compare {
        Runs::ContentCompared(content::compare(&params)?)
    } else {
        Runs::Content(content::simulate(&params)?)
    };
    Ok(SimulateReport {
        params: Params::default(),
        runs,
        calibration: None,
        content_params: Some(params),
        content_calibration: calibration,
    })
}

// The case file's use cases: redact before sharing, undo what a fix
// changes, write and open a case.

/// Redact the inputs with one consistent map ([`crate::redact`]): the
/// redacted inputs and, apart, the map from pseudonym to value. What
/// `kbwiz.redact` returns; `kbwiz redact` writes the two to separate files.
pub fn redact(inputs: &[Input<'_>], kb: &Kb) -> crate::redact::Redaction {
    crate::redact::redact(inputs, kb)
}

/// The undo of the fix: for the strongest finding whose remediation writes
/// a registry clean-up, that clean-up and the `.reg` that puts back what it
/// deletes or changes, from the registry export among the inputs; or the
/// `regedit /e` command to run first. What `kbwiz diagnose --undo` writes
/// and the page offers beside the fix's `.reg`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UndoReport {
    /// The finding's article, when a finding calls for a clean-up.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The fix's `.reg` as text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undo: Option<crate::remedy::UndoReg>,
}

/// [`UndoReport`] of the inputs: diagnose, then [`undo_for`].
pub fn undo(inputs: &[Input<'_>], kb: &Kb, form: crate::remedy::RegForm) -> UndoReport {
    let d = diagnose(inputs, kb);
    undo_for(&d.findings, &d.scan.evidence, kb, form)
}

/// [`UndoReport`] from findings and evidence already at hand (the web app's).
pub fn undo_for(
    findings: &[Finding],
    evidence: &[Evidence],
    kb: &Kb,
    form: crate::remedy::RegForm,
) -> UndoReport {
    let Some((i, fix)) = crate::remedy::strongest_cleanup(findings, kb, form) else {
        return UndoReport {
            article: None,
            fix: None,
            undo: None,
        };
    };
    let export: Vec<crate::evidence::RegistryKey> = evidence
        .iter()
        .filter_map(|e| match &e.fact {
            crate::evidence::Fact::RegistryKey(k) => Some(k.clone()),
            _ => None,
        })
        .collect();
    let fix_keys = crate::remedy::reg_keys(&fix.bytes);
    UndoReport {
        article: findings.get(i).map(|f| f.article.clone()),
        fix: Some(crate::parse::decode(&fix.bytes).into_owned()),
        undo: Some(crate::remedy::undo_reg(&fix_keys, &export, form)),
    }
}

/// Write a case file of the inputs ([`crate::case`]): redacted or not, with
/// the wizard's answers and the simulator's settings; the file's text and,
/// apart, the redaction map. What `kbwiz diagnose --case-out` writes and
/// `kbwiz.saveCase` returns.
pub fn case_save(
    inputs: &[Input<'_>],
    kb: &Kb,
    request: crate::case::CaseRequest,
) -> crate::case::CaseSaved {
    crate::case::save(inputs, kb, request)
}

/// Open a case file's bytes: checked, its inputs diagnosed again, its
/// answers replayed. What `kbwiz case open` prints and `kbwiz.openCase`
/// returns; refused with the JSON path of every problem.
pub fn case_open(
    bytes: &[u8],
    kb: &Kb,
) -> Result<crate::case::CaseOpened, crate::case::CaseRefused> {
    crate::case::open(bytes, kb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_article_must_exist_and_have_simulator_defaults() {
        let kb = Kb::embedded();
        let err = simulator_article(kb, Some("NOPE"), None).expect_err("no such article");
        assert!(matches!(err, SimulateError::UnknownArticle { .. }), "{err}");
        assert!(err.to_string().contains("NOPE"), "{err}");
    }

    #[test]
    fn overrides_errors_are_invalid_parameters() {
        let err = simulate(&[], Kb::embedded(), SimulateRequest::default(), |_| {
            Err("bad".into())
        })
        .expect_err("refused");
        assert_eq!(err, SimulateError::Overrides("bad".into()));
        let err = simulate(&[], Kb::embedded(), SimulateRequest::default(), |p| {
            Ok(Params { hours: 0, ..p })
        })
        .expect_err("refused");
        assert_eq!(err, SimulateError::Params(ParamError::ZeroHours));
    }
}
