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
//! Each returns one report type whose JSON (`serde_json`, pretty or compact)
//! is what the CLI prints with `--json` and what the JS API returns, so the
//! shells cannot drift apart. No article is a default: the one to simulate
//! is named, or is the KB's only article with a `simulator.json`, or the one
//! the diagnosis of the evidence ranks highest ([`simulator_article`]).

use serde::Serialize;
use thiserror::Error;

use crate::evidence::{enrich, Enricher, Evidence, InputReport, Scan};
use crate::kb::tree::Verdict;
use crate::kb::{Article, Kb, Resend};
use crate::sim::{
    calibrate_for, compare_with, params_of, simulate_with, Calibration, Comparison, ParamError,
    Params, SimResult,
};
use crate::tree::Finding;

/// An input as the shells hand it over: a name for provenance (a path, `-`,
/// a pasted input's label) and its raw bytes (decoding is the engine's job).
pub type Input<'a> = (&'a str, &'a [u8]);

/// Read every input and enrich its evidence from the KB's message
/// templates (package IDs, child sites): the report of `kbwiz scan --json`,
/// `{"inputs": [...], "evidence": [...]}`. Evidence comes in input order,
/// then line order.
pub fn scan(inputs: &[Input<'_>], kb: &Kb) -> Scan {
    let mut scan = crate::parse::scan(inputs);
    enrich(&mut scan.evidence, kb);
    scan
}

/// [`scan`] an input at a time and a batch of evidence at a time, each batch
/// enriched before it is handed on: memory grows with one batch, not with
/// the log, which is how `kbwiz scan` reports on a log of any size. The
/// batches of every input, in order, add up to [`scan`]'s evidence.
pub struct ScanStream<'kb> {
    /// Keeps each message's parsed template across batches and inputs.
    enricher: Enricher<'kb>,
}

impl<'kb> ScanStream<'kb> {
    pub fn new(kb: &'kb Kb) -> Self {
        ScanStream {
            enricher: Enricher::new(kb),
        }
    }

    /// Read one input, handing each enriched batch of its evidence to
    /// `batch`; return the input's report (format, entries, problems).
    pub fn input(
        &mut self,
        name: &str,
        bytes: &[u8],
        mut batch: impl FnMut(&mut Vec<Evidence>),
    ) -> InputReport {
        let enricher = &mut self.enricher;
        crate::parse::stream_input(name, bytes, |evidence| {
            enricher.enrich(evidence);
            batch(evidence);
        })
    }
}

/// What [`diagnose`] found. Its JSON is `{"findings": [...]}`, strongest
/// first (`kbwiz diagnose --json`, `kbwiz.diagnose`); the scan behind it is
/// kept for the shells' other outputs (the Markdown report lists the inputs)
/// and left out of the JSON, which would otherwise repeat every fact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DiagnoseReport {
    #[serde(skip)]
    pub scan: Scan,
    pub findings: Vec<Finding>,
}

/// [`scan`] the inputs, then run every article's tree over their evidence.
pub fn diagnose(inputs: &[Input<'_>], kb: &Kb) -> DiagnoseReport {
    let scan = scan(inputs, kb);
    let findings = crate::tree::diagnose(&scan.evidence, kb);
    DiagnoseReport { scan, findings }
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

/// One run, or the baseline and every remedy side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Runs {
    One(SimResult),
    Compared(Comparison),
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
    calibrate_for(evidence, chosen).ok_or_else(|| no_defaults(chosen))
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
                .ok_or_else(|| no_defaults(chosen))?;
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
    })
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
