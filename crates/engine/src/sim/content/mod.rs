//! The content-distribution model: packages distributed to distribution
//! points (DPs) through Configuration Manager's Distribution Manager and
//! Package Transfer Manager, with a failing DP or a bad package source, and
//! what the Software Distribution component's settings change.
//!
//! # The model
//! Every constant is a field of [`ContentParams`]; times are whole seconds.
//!
//! - At time 0 every package is queued for distribution to every DP: one
//!   job per package and DP. Packages wait, first come first served (then
//!   by number), for one of `max_packages` package processing threads.
//! - A processing thread hashes and compresses its package for `process_s`,
//!   then runs DP threads, `threads_per_package` at a time, each living
//!   `dp_thread_s` and creating one PkgXferMgr job: the package's DPs go in
//!   waves, and the thread is free when the last wave ends.
//! - PkgXferMgr has `max_packages x threads_per_package` sending threads;
//!   jobs wait, first come first served (then by package and DP), for one.
//!   A send lasts `send_s` and delivers the content to the DP.
//! - A send to one of the first `failing_dps` DPs that starts before
//!   `fixed_at_s` fails after `fail_s`; the job is queued again
//!   `retry_delay_s` later, and after `retry_count` retries it gives up.
//! - The processing of one of the first `bad_source_packages` packages that
//!   starts before `fixed_at_s` fails after `process_s`, creating no job: the
//!   package is queued again `retry_delay_s` later, and after `retry_count`
//!   retries every job of the package gives up.
//! - At one instant, everything that ends is settled first (sends, restart
//!   times, waves, failed processings), then free threads take waiting work.
//!
//! [`simulate`] is the fast run; [`reference::simulate`] the same rules
//! written plainly, which the tests hold it to. [`compare`] runs the
//! settings an admin would try side by side; [`ContentCalibrating`] reads
//! an article's log lines as its `simulator.json` says.

mod params;
pub mod reference;
mod result;
mod run;

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

pub use params::{ContentParamError, ContentParams, MAX_ATTEMPTS, MAX_DPS, MAX_JOBS, MAX_PACKAGES};
pub use result::{
    ContentHour, ContentResult, ContentTotals, DpOutcome, GaveUp, MAX_GAVE_UP_LISTED,
};

use super::calibrate::{Proposed, Source};
use crate::evidence::{Evidence, Fact};
use crate::kb::{Article, ContentDefaults, FieldLine};

/// Run one scenario. Fails only when `params` are out of bounds.
pub fn simulate(params: &ContentParams) -> Result<ContentResult, ContentParamError> {
    params.validate()?;
    Ok(run::run(params))
}

/// The settings compared side by side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContentScenario {
    /// The parameters as given.
    AsConfigured,
    /// Both thread limits doubled (within the console's ranges).
    MoreThreads,
    /// The delay before retrying doubled (at most 1440 minutes).
    LongerDelay,
    /// The failing DPs removed from the distribution.
    FailingDpRemoved,
}

impl ContentScenario {
    /// Every scenario, in table order.
    pub const ALL: [ContentScenario; 4] = [
        ContentScenario::AsConfigured,
        ContentScenario::MoreThreads,
        ContentScenario::LongerDelay,
        ContentScenario::FailingDpRemoved,
    ];

    /// A short label for tables and charts.
    pub fn label(self) -> &'static str {
        match self {
            ContentScenario::AsConfigured => "as configured",
            ContentScenario::MoreThreads => "more threads",
            ContentScenario::LongerDelay => "longer retry delay",
            ContentScenario::FailingDpRemoved => "failing DP removed",
        }
    }

    /// The stable key (`data-scenario` in the page).
    pub fn key(self) -> &'static str {
        match self {
            ContentScenario::AsConfigured => "as_configured",
            ContentScenario::MoreThreads => "more_threads",
            ContentScenario::LongerDelay => "longer_delay",
            ContentScenario::FailingDpRemoved => "failing_dp_removed",
        }
    }

    /// `p` changed as this scenario says.
    pub fn apply(self, p: &ContentParams) -> ContentParams {
        let mut p = p.clone();
        match self {
            ContentScenario::AsConfigured => {}
            ContentScenario::MoreThreads => {
                p.max_packages = (p.max_packages.saturating_mul(2)).min(50);
                p.threads_per_package = (p.threads_per_package.saturating_mul(2)).min(999);
            }
            ContentScenario::LongerDelay => {
                p.retry_delay_s = p.retry_delay_s.saturating_mul(2).min(86_400)
            }
            ContentScenario::FailingDpRemoved => {
                p.dps = p.dps.saturating_sub(p.failing_dps);
                p.failing_dps = 0;
            }
        }
        p
    }
}

/// One scenario's settings and run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentScenarioRun {
    pub scenario: ContentScenario,
    pub label: String,
    pub params: ContentParams,
    pub result: ContentResult,
}

/// Every scenario of [`ContentScenario::ALL`], in that order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentComparison {
    pub runs: Vec<ContentScenarioRun>,
}

/// Run `params` and each change of [`ContentScenario::ALL`] on it.
pub fn compare(params: &ContentParams) -> Result<ContentComparison, ContentParamError> {
    params.validate()?;
    let runs = ContentScenario::ALL
        .iter()
        .map(|&scenario| {
            let p = scenario.apply(params);
            let result = simulate(&p)?;
            Ok(ContentScenarioRun {
                scenario,
                label: scenario.label().to_string(),
                params: p,
                result,
            })
        })
        .collect::<Result<_, ContentParamError>>()?;
    Ok(ContentComparison { runs })
}

/// Parameters proposed from evidence, each saying where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContentCalibration {
    pub params: ContentParams,
    /// The article whose `simulator.json` the evidence was read with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
    /// The allowed package processing threads the log reports.
    pub max_packages: Proposed<u64>,
    /// Thread-use lines with every allowed thread in use.
    pub threads_exhausted: usize,
    pub packages: Proposed<u64>,
    pub package_ids: Vec<String>,
    pub dps: Proposed<u64>,
    pub dp_names: Vec<String>,
    pub failing_dps: Proposed<u64>,
    pub failing_dp_names: Vec<String>,
}

impl ContentCalibration {
    /// What was proposed for a parameter (by its name), if anything was.
    pub fn proposed(&self, name: &str) -> Option<&Proposed<u64>> {
        match name {
            "max_packages" => Some(&self.max_packages),
            "packages" => Some(&self.packages),
            "dps" => Some(&self.dps),
            "failing_dps" => Some(&self.failing_dps),
            _ => None,
        }
    }
}

/// Parameters proposed from the facts as an article's `simulator.json`
/// says, read a slice of the facts at a time: the slices, added in order,
/// give what the facts added at once give ([`crate::api::calibrate_model`]
/// adds them at once, [`crate::steps::calibrate`] in slices).
pub struct ContentCalibrating<'a, 'e> {
    article: &'a str,
    defaults: &'a ContentDefaults,
    /// The article's log-line facts, in order.
    lines: Vec<&'e crate::evidence::LogLine>,
}

impl<'a, 'e> ContentCalibrating<'a, 'e> {
    /// `None` when `article` has no content-distribution model.
    pub fn new(article: &'a Article) -> Option<Self> {
        let defaults = article.simulator.as_ref()?.content()?;
        Some(ContentCalibrating {
            article: article.id(),
            defaults,
            lines: Vec::new(),
        })
    }

    /// Read the next slice of the facts.
    pub fn add(&mut self, evidence: &'e [Evidence]) {
        let article = self.article;
        self.lines
            .extend(evidence.iter().filter_map(|e| match &e.fact {
                Fact::LogLine(l) if &*l.article == article => Some(l),
                _ => None,
            }));
    }

    /// The parameters the facts read propose.
    pub fn finish(self) -> ContentCalibration {
        conclude(&self.lines, self.article, self.defaults)
    }
}

fn conclude(
    lines: &[&crate::evidence::LogLine],
    article: &str,
    d: &ContentDefaults,
) -> ContentCalibration {
    let values = |reads: &[FieldLine]| {
        let mut seen = BTreeSet::new();
        let mut facts = 0;
        for l in lines {
            for r in reads.iter().filter(|r| *r.line == *l.log_line) {
                if let Some(v) = l.capture(&r.field).map(str::trim).filter(|v| !v.is_empty()) {
                    seen.insert(v.to_ascii_uppercase());
                    facts += 1;
                }
            }
        }
        (seen.into_iter().collect::<Vec<String>>(), facts)
    };
    let mut params = ContentParams::of(d);
    let proposed = |value: u64, facts: usize| Proposed {
        value,
        source: if facts > 0 {
            Source::Evidence
        } else {
            Source::Default
        },
        evidence: facts,
    };

    // Threads: the allowed count, and lines with all of them in use.
    let (mut allowed, mut thread_facts, mut exhausted) = (None, 0, 0);
    if let Some(t) = &d.evidence.thread_use {
        for l in lines.iter().filter(|l| *l.log_line == *t.line) {
            let number = |f: &str| l.capture(f).and_then(|v| v.trim().parse::<u32>().ok());
            if let (Some(used), Some(max)) = (number(&t.used), number(&t.allowed)) {
                allowed = Some(max);
                thread_facts += 1;
                exhausted += usize::from(used >= max);
            }
        }
    }
    if let Some(max) = allowed.filter(|m| (1..=50).contains(m)) {
        params.max_packages = max;
    }
    let (package_ids, package_facts) = values(&d.evidence.packages);
    let (seen_dps, mut dp_facts) = values(&d.evidence.dps);
    let (failing_dp_names, failing_facts) = values(&d.evidence.failing_dps);
    // Every DP seen, failing or not, in name order.
    let mut all_dps = BTreeSet::new();
    for name in seen_dps {
        all_dps.insert(name);
    }
    for name in &failing_dp_names {
        dp_facts += usize::from(all_dps.insert(name.clone()));
    }
    let dp_names: Vec<String> = all_dps.into_iter().collect();
    if !package_ids.is_empty() {
        params.packages = package_ids.len() as u32;
        params.bad_source_packages = params.bad_source_packages.min(params.packages);
    }
    if !dp_names.is_empty() {
        params.dps = dp_names.len() as u32;
    }
    // Failing DPs only where the article says which lines show them: then
    // DPs seen with none failing is a reading of zero.
    let reads_failures = !d.evidence.failing_dps.is_empty() && !dp_names.is_empty();
    if reads_failures {
        params.failing_dps = failing_dp_names.len() as u32;
    }
    params.failing_dps = params.failing_dps.min(params.dps);
    ContentCalibration {
        max_packages: proposed(u64::from(params.max_packages), thread_facts),
        threads_exhausted: exhausted,
        packages: proposed(u64::from(params.packages), package_facts),
        dps: proposed(u64::from(params.dps), dp_facts),
        failing_dps: proposed(
            u64::from(params.failing_dps),
            if reads_failures {
                failing_facts.max(dp_facts)
            } else {
                0
            },
        ),
        package_ids,
        dp_names,
        failing_dp_names,
        article: Some(article.to_string()),
        params,
    }
}

#[cfg(test)]
mod tests;
