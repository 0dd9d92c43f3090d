//! Proposing simulator parameters from parsed evidence, saying for each value
//! whether the evidence gave it or it is the default.
//!
//! What the evidence is read for is the article's, never this file's
//! ([`calibrate_for`]): its `simulator.json` names the messages that mark a
//! failed processing and a fan-out to a child site, the defaults for what the
//! evidence does not show, what a retry re-sends and the folder where the
//! queued jobs accumulate; its registry keys with a `<package ID>` in their
//! path name the packages being retried.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::hierarchy::{Hierarchy, SiteLink};
use super::params::{Arrivals, Params, HOUR_S, MAX_HOURS, MAX_SITES};
use crate::evidence::{Evidence, Fact, StatusMessage};
#[cfg(not(target_arch = "wasm32"))]
use crate::kb::Kb;
use crate::kb::{Article, Placeholder, RegistryKeyDef, Resend, RetryLoopDefaults, SimDefaults};
use crate::tree::order;
use rustc_hash::{FxHashMap, FxHashSet};

/// The attribute that carries the package ID in `STATMSG:` lines (an SMS
/// convention for every package message, not one article's).
const PACKAGE_ID_ATTRIBUTE: u32 = 400;

/// Failures of one package closer together than this many seconds are one
/// processing (a failed processing may raise several failure messages).
pub(crate) const SAME_PROCESSING_WINDOW_S: u64 = 60;
/// The shortest run proposed from evidence: a day, so that a fault that
/// repeats hourly shows its effect however short the pasted log is.
pub const MIN_RUN_HOURS: u32 = 24;

/// Which status messages mean what, and how failures group into processings.
/// An article's are in its `simulator.json` ([`CalibrationIds::for_article`]);
/// the default names no message at all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalibrationIds {
    /// Messages raised when a package's processing fails (`simulator.json`'s
    /// `failure_messages`).
    pub failure_ids: Vec<u32>,
    /// Messages raised once per child site each time a package is sent down
    /// the hierarchy (`fan_out_messages`).
    pub fanout_ids: Vec<u32>,
    /// Failures of one package closer together than this are one processing.
    /// Default 60 s.
    pub same_processing_window_s: u64,
}

impl Default for CalibrationIds {
    fn default() -> Self {
        CalibrationIds {
            failure_ids: Vec::new(),
            fanout_ids: Vec::new(),
            same_processing_window_s: SAME_PROCESSING_WINDOW_S,
        }
    }
}

impl CalibrationIds {
    /// The IDs an article's simulator defaults name (`simulator.json`), or
    /// none when there is no article or it has no simulator defaults.
    pub fn for_article(article: Option<&Article>) -> Self {
        article
            .and_then(|a| a.simulator.as_ref())
            .and_then(SimDefaults::retry_loop)
            .map(CalibrationIds::of)
            .unwrap_or_default()
    }

    /// The IDs `simulator.json` names.
    fn of(defaults: &RetryLoopDefaults) -> Self {
        CalibrationIds {
            failure_ids: defaults.failure_messages.clone(),
            fanout_ids: defaults.fan_out_messages.clone(),
            same_processing_window_s: SAME_PROCESSING_WINDOW_S,
        }
    }
}

/// Where a proposed value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Evidence,
    Default,
}

/// A proposed value and its source; `evidence` counts the facts behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposed<T> {
    pub value: T,
    pub source: Source,
    pub evidence: usize,
}

impl<T> Proposed<T> {
    fn from_evidence(value: T, evidence: usize) -> Self {
        Proposed {
            value,
            source: Source::Evidence,
            evidence,
        }
    }

    fn default_value(value: T) -> Self {
        Proposed {
            value,
            source: Source::Default,
            evidence: 0,
        }
    }
}

/// How many fan-out messages named one child site. Each processing that
/// sends raises one per child site it sends to, so with `resend` =
/// `package_info_to_every_child_site` this is how many times the package
/// information reached the site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildSiteFanOut {
    pub site: String,
    pub messages: usize,
}

/// A scenario proposed from evidence. `params` is ready to simulate (with
/// `resend`: [`super::simulate_with`]); the other fields say where each of
/// its values came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calibration {
    pub params: Params,
    /// The site that raised most failure messages (else most fan-out messages).
    pub central_site: Option<String>,
    /// Sites below the central site (distinct child sites of fan-out messages).
    pub child_sites: Proposed<u64>,
    pub child_site_codes: Vec<String>,
    /// Distinct packages with failure messages or a retried-package registry key.
    pub failing_packages: Proposed<u32>,
    pub package_ids: Vec<String>,
    /// Median gap between successive failed processings of a package. When
    /// observed, it already includes retries caused by other package work, so
    /// the proposed `params` switch separate arrivals off.
    pub retry_interval_s: Proposed<u64>,
    /// From the first to the last timed status message.
    pub span_s: Proposed<u64>,
    /// The span rounded up to whole hours (up to [`MAX_HOURS`]), and never
    /// below [`MIN_RUN_HOURS`] (then from the defaults, not the evidence).
    pub hours: Proposed<u32>,
    /// The largest count a listing of the backlog folder showed.
    pub initial_backlog: Proposed<u64>,
    /// The fan-out messages per child site, by site code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fan_out_per_child_site: Vec<ChildSiteFanOut>,
    /// What each unpatched retry re-sends (the article's `resend`): the runs
    /// of `params` need it to count the jobs a retry queues.
    #[serde(default)]
    pub resend: Resend,
    /// Where the queued jobs accumulate (the article's `backlog_folder`): the
    /// folder whose listings gave `initial_backlog`, and what the backlog of
    /// a run counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backlog_folder: Option<String>,
    /// The article whose `simulator.json` the evidence was read with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// How evidence is read and what stands in for what it does not show.
struct Reading<'a> {
    ids: CalibrationIds,
    /// The parameters before evidence: defaults for every value not observed.
    base: Params,
    /// Registry keys whose `<package ID>` names a package being retried.
    package_keys: Vec<&'a RegistryKeyDef>,
    /// Only listings of this folder count towards the initial backlog; any
    /// backlog listing counts when `None`.
    backlog_folder: Option<&'a str>,
    resend: Resend,
    article: Option<&'a str>,
}

impl<'a> Reading<'a> {
    /// As `article` says: the messages, defaults, backlog folder and
    /// `resend` of its `simulator.json`, and its registry keys with a
    /// `<package ID>`. `None` when it has no retry-loop `simulator.json`.
    fn of(article: &'a Article) -> Option<Self> {
        let defaults = article.simulator.as_ref()?.retry_loop()?;
        Some(Reading {
            ids: CalibrationIds::of(defaults),
            base: params_of(defaults),
            package_keys: package_keys(article).collect(),
            backlog_folder: Some(&defaults.backlog_folder),
            resend: defaults.resend,
            article: Some(article.id()),
        })
    }
}

/// Propose parameters from `evidence` read as the embedded KB's retry-loop
/// article says (the one the diagnosis of `evidence` ranks highest among
/// the articles with `simulator.json`, else the only retry-loop article),
/// over [`Params::default`].
///
/// No shell calls it any more (they use [`crate::api::calibrate`], which
/// also takes the article's defaults, backlog folder and `resend`, and says
/// which article); the model's tests still read evidence with it over
/// [`Params::default`].
#[cfg(not(target_arch = "wasm32"))]
pub fn calibrate(evidence: &[Evidence]) -> Calibration {
    let is_loop = |a: &&Article| {
        a.simulator
            .as_ref()
            .and_then(SimDefaults::retry_loop)
            .is_some()
    };
    let article = Kb::try_embedded().ok().and_then(|kb| {
        crate::api::simulator_article(kb, None, Some(evidence))
            .ok()
            .filter(is_loop)
            .or_else(|| {
                // Else the KB's only retry-loop article, if it has one.
                let mut loops = kb.articles().iter().filter(is_loop);
                let first = loops.next();
                first.filter(|_| loops.next().is_none())
            })
    });
    calibrate_with(evidence, &CalibrationIds::for_article(article))
}

/// Propose parameters from `evidence`, reading messages as `ids` says, over
/// [`Params::default`]; retried packages are read from the registry keys of
/// every embedded article that have a `<package ID>`.
///
/// For tests of the model with message IDs of their own; shells use
/// [`calibrate_for`], which reads everything from one article.
#[cfg(not(target_arch = "wasm32"))]
pub fn calibrate_with(evidence: &[Evidence], ids: &CalibrationIds) -> Calibration {
    let articles = Kb::try_embedded().map(Kb::articles).unwrap_or_default();
    read(
        evidence,
        Reading {
            ids: ids.clone(),
            base: Params::default(),
            package_keys: articles.iter().flat_map(package_keys).collect(),
            backlog_folder: None,
            resend: Resend::default(),
            article: None,
        },
    )
}

/// Propose parameters from `evidence` as `article` says: the messages,
/// defaults, backlog folder and `resend` of its `simulator.json`, and its
/// registry keys with a `<package ID>`. `None` when the article has no
/// retry-loop `simulator.json`.
pub fn calibrate_for(evidence: &[Evidence], article: &Article) -> Option<Calibration> {
    let mut calibrating = Calibrating::new(article)?;
    calibrating.add(evidence);
    Some(calibrating.finish())
}

/// [`calibrate_for`] read a slice of the facts at a time, for a shell that
/// gives its page a turn between slices ([`crate::steps::calibrate`]):
/// the slices, added in order, give what the facts read at once give.
pub struct Calibrating<'a, 'e> {
    how: Reading<'a>,
    gathered: Gathered<'e>,
}

impl<'a, 'e> Calibrating<'a, 'e> {
    /// `None` when `article` has no retry-loop `simulator.json`.
    pub fn new(article: &'a Article) -> Option<Self> {
        Some(Calibrating {
            how: Reading::of(article)?,
            gathered: Gathered::default(),
        })
    }

    /// Read the next slice of the facts.
    pub fn add(&mut self, evidence: &'e [Evidence]) {
        self.gathered.add(evidence, &self.how);
    }

    /// The parameters the facts read propose.
    pub fn finish(self) -> Calibration {
        conclude(self.gathered, self.how)
    }
}

/// The parameters an article's `simulator.json` gives before any evidence:
/// its retry interval, shortest gap and a flat hierarchy of its child sites,
/// over [`Params::default`] for the rest.
pub fn params_of(defaults: &RetryLoopDefaults) -> Params {
    Params {
        hierarchy: Hierarchy::flat(defaults.child_sites),
        retry_interval_s: u64::from(defaults.retry_interval_s),
        min_gap_s: u64::from(defaults.min_gap_s),
        ..Params::default()
    }
}

/// An article's registry keys whose path names a package.
fn package_keys(article: &Article) -> impl Iterator<Item = &RegistryKeyDef> {
    article.registry.keys.iter().filter(|key| {
        key.pattern()
            .is_ok_and(|p| p.placeholders().contains(&Placeholder::PackageId))
    })
}

/// What `read` keeps of a failure message: its raw site and package ID
/// (before [`code`]) and its time in seconds.
struct Failure<'e> {
    site: Option<&'e str>,
    package: Option<&'e str>,
    time: Option<i64>,
}

/// What `read` keeps of a fan-out message: its raw site and child site.
struct FanOut<'e> {
    site: Option<&'e str>,
    child: Option<&'e str>,
}

/// Propose parameters from `evidence` read as `how` says.
///
/// The facts are walked once, keeping a few words of each failure and
/// fan-out message; what follows reads those. Values are counted as they
/// are written and made codes ([`code`]) once per distinct value: a log
/// repeats a few site codes and package IDs thousands of times. On the
/// 100 MiB bench log (300,000 facts) the first version, a pass over the
/// facts per question and a code made per message, took 74 ms natively,
/// most of it waiting on memory (`docs/performance.md`); the tests keep
/// it as the reference this one is checked against.
#[cfg(any(test, not(target_arch = "wasm32")))]
fn read(evidence: &[Evidence], how: Reading<'_>) -> Calibration {
    let mut gathered = Gathered::default();
    gathered.add(evidence, &how);
    conclude(gathered, how)
}

/// What [`read`] keeps of the facts as it walks them.
struct Gathered<'e> {
    failures: Vec<Failure<'e>>,
    fanouts: Vec<FanOut<'e>>,
    /// The time span of every status message: first, last, how many timed.
    first: i64,
    last: i64,
    timed: usize,
    key_packages: Vec<String>,
    listings: Vec<u64>,
}

impl Default for Gathered<'_> {
    fn default() -> Self {
        Gathered {
            failures: Vec::new(),
            fanouts: Vec::new(),
            first: i64::MAX,
            last: i64::MIN,
            timed: 0,
            key_packages: Vec::new(),
            listings: Vec::new(),
        }
    }
}

impl<'e> Gathered<'e> {
    /// Keep what `how` reads of `evidence`.
    fn add(&mut self, evidence: &'e [Evidence], how: &Reading<'_>) {
        let ids = &how.ids;
        for e in evidence {
            match &e.fact {
                Fact::StatusMessage(m) => {
                    let time = m.time.sort_key().map(|t| t.timestamp());
                    if let Some(t) = time {
                        self.first = self.first.min(t);
                        self.last = self.last.max(t);
                        self.timed += 1;
                    }
                    if ids.failure_ids.contains(&m.id) {
                        self.failures.push(Failure {
                            site: m.site.as_deref(),
                            package: raw_package_id(m),
                            time,
                        });
                    }
                    if ids.fanout_ids.contains(&m.id) {
                        self.fanouts.push(FanOut {
                            site: m.site.as_deref(),
                            child: m.child_site.as_deref(),
                        });
                    }
                }
                Fact::RegistryKey(key) if !key.deleted => {
                    self.key_packages
                        .extend(retried_package(&how.package_keys, &key.path));
                }
                Fact::ScheduleBacklog(b)
                    if how
                        .backlog_folder
                        .is_none_or(|folder| same_folder(&b.folder, folder)) =>
                {
                    self.listings.push(b.count);
                }
                _ => {}
            }
        }
    }
}

/// The parameters what was gathered proposes, over `how`'s defaults.
fn conclude(gathered: Gathered<'_>, how: Reading<'_>) -> Calibration {
    let Gathered {
        failures,
        fanouts,
        first,
        last,
        timed,
        key_packages,
        listings,
    } = gathered;
    let defaults = &how.base;
    let ids = &how.ids;

    // Central site and hierarchy.
    let central_site = most_common(failures.iter().filter_map(|m| m.site))
        .or_else(|| most_common(fanouts.iter().filter_map(|m| m.site)));
    let central = central_site.clone().unwrap_or_default();
    let links = parent_links(&fanouts, &central);
    let mut per_child: order::Keyed<usize> = order::Keyed::default();
    for (child, n) in by_code(fanouts.iter().filter_map(|m| m.child)) {
        if *child != central {
            *per_child.slot(child) += n;
        }
    }
    let fan_out_per_child_site: Vec<ChildSiteFanOut> = per_child
        .into_sorted()
        .into_iter()
        .map(|(site, messages)| ChildSiteFanOut { site, messages })
        .collect();
    let child_site_codes: Vec<String> = fan_out_per_child_site
        .iter()
        .map(|c| c.site.clone())
        .collect();
    let (hierarchy, child_sites) = if links.is_empty() {
        let sites = defaults.hierarchy.sites_below(MAX_SITES).unwrap_or(0);
        (defaults.hierarchy.clone(), Proposed::default_value(sites))
    } else {
        let hierarchy = Hierarchy::Parents {
            central: central.clone(),
            links,
        };
        let sites = hierarchy.sites_below(u64::MAX).unwrap_or(0);
        let count = fanouts.iter().filter(|m| m.child.is_some()).count();
        (hierarchy, Proposed::from_evidence(sites, count))
    };

    // Failing packages and their failure times, gathered per package as
    // written, then per code.
    let mut per_package: FxHashMap<&str, (usize, Vec<i64>)> = FxHashMap::default();
    let mut unnamed_failures = false;
    for m in &failures {
        match m.package {
            Some(raw) => {
                let (n, times) = per_package.entry(raw).or_default();
                *n += 1;
                times.extend(m.time);
            }
            None => unnamed_failures = true,
        }
    }
    let mut failure_times: order::Keyed<Vec<i64>> = order::Keyed::default();
    let mut package_facts = 0usize;
    for (raw, (n, times)) in per_package {
        let id = code(raw);
        if id.is_empty() {
            unnamed_failures = true;
            continue;
        }
        package_facts += n;
        failure_times.slot(id).extend(times);
    }
    for id in key_packages {
        package_facts += 1;
        failure_times.slot(id);
    }
    let package_ids: Vec<String> = failure_times.keys().map(str::to_string).collect();
    let failing_packages = match u32::try_from(package_ids.len()) {
        Ok(0) if unnamed_failures => Proposed::from_evidence(1, failures.len()),
        Ok(0) | Err(_) => Proposed::default_value(defaults.failing_packages),
        Ok(n) => Proposed::from_evidence(n, package_facts),
    };

    // Observed retry interval.
    let window = i64::try_from(ids.same_processing_window_s).unwrap_or(i64::MAX);
    let gaps: Vec<u64> = failure_times
        .into_sorted()
        .into_iter()
        .flat_map(|(_, mut times)| processing_gaps(&mut times, window))
        .collect();
    let retry_interval_s = match median(&gaps) {
        Some(gap) if gap > 0 => Proposed::from_evidence(gap, gaps.len()),
        _ => Proposed::default_value(defaults.retry_interval_s),
    };

    // Time span.
    let span = if timed > 0 {
        u64::try_from(last.saturating_sub(first)).unwrap_or(0)
    } else {
        0
    };
    let (span_s, hours) = if span > 0 {
        let hours = span.div_ceil(HOUR_S).clamp(1, u64::from(MAX_HOURS));
        let hours = u32::try_from(hours).unwrap_or(MAX_HOURS);
        // Evidence of a few hours would propose a run too short to show what
        // an hourly loop does: the run lasts a day at least.
        let hours = if hours < MIN_RUN_HOURS {
            Proposed::default_value(MIN_RUN_HOURS)
        } else {
            Proposed::from_evidence(hours, timed)
        };
        (Proposed::from_evidence(span, timed), hours)
    } else {
        (
            Proposed::default_value(defaults.horizon_s()),
            Proposed::default_value(defaults.hours),
        )
    };

    let initial_backlog = match listings.iter().max() {
        Some(&count) => Proposed::from_evidence(count, listings.len()),
        None => Proposed::default_value(defaults.initial_backlog),
    };

    let mut params = Params {
        hierarchy,
        failing_packages: failing_packages.value,
        hours: hours.value,
        initial_backlog: initial_backlog.value,
        ..how.base.clone()
    };
    if retry_interval_s.source == Source::Evidence {
        params.retry_interval_s = retry_interval_s.value;
        params.min_gap_s = params.min_gap_s.min(retry_interval_s.value);
        params.arrivals = Arrivals::Off;
    }
    Calibration {
        params,
        central_site,
        child_sites,
        child_site_codes,
        failing_packages,
        package_ids,
        retry_interval_s,
        span_s,
        hours,
        initial_backlog,
        fan_out_per_child_site,
        resend: how.resend,
        backlog_folder: how.backlog_folder.map(str::to_string),
        article: how.article.map(str::to_string),
    }
}

/// Whether a listed folder (`D:\SMS\Inboxes\Schedule.box\`) is the
/// article's backlog folder, given without its drive (`\SMS\Inboxes\...`):
/// the listed path ends with it, compared without ASCII case (Windows paths)
/// and with `/` read as `\`.
fn same_folder(listed: &str, folder: &str) -> bool {
    let normal = |path: &str| {
        path.trim()
            .replace('/', "\\")
            .trim_end_matches('\\')
            .to_ascii_lowercase()
    };
    let (listed, folder) = (normal(listed), normal(folder));
    let bare = folder.trim_start_matches('\\');
    !bare.is_empty()
        && (listed == bare
            || listed
                .strip_suffix(bare)
                .is_some_and(|before| before.ends_with('\\')))
}

/// The package a registry key path names, when it is an instance of one of
/// `keys` (as the diagnosis matches them: the whole path, without case).
fn retried_package(keys: &[&RegistryKeyDef], path: &str) -> Option<String> {
    keys.iter().find_map(|key| {
        key.match_path(path)?
            .into_iter()
            .find(|(placeholder, _)| *placeholder == Placeholder::PackageId)
            .map(|(_, id)| code(&id))
            .filter(|id| !id.is_empty())
    })
}

/// A site code or package ID as compared: trimmed of blanks and of the quotes
/// some message texts put around insertion strings, upper-cased (ASCII:
/// site codes and package IDs are ASCII).
fn code(raw: &str) -> String {
    raw.trim()
        .trim_matches(['"', '\''])
        .trim()
        .to_ascii_uppercase()
}

/// How many of `values` there are of each [`code`] (empty codes left
/// out), in code order: each distinct value is made a code once.
fn by_code<'a>(values: impl Iterator<Item = &'a str>) -> BTreeMap<String, usize> {
    let mut as_written: FxHashMap<&str, usize> = FxHashMap::default();
    for v in values {
        *as_written.entry(v).or_default() += 1;
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for (v, n) in as_written {
        let c = code(v);
        if !c.is_empty() {
            *counts.entry(c).or_default() += n;
        }
    }
    counts
}

/// The most frequent value (as [`code`]); ties go to the smallest.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let counts = by_code(values);
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// Child -> parent links from fan-out messages: the parent is the site that
/// raised the message, else the central site. Parents that are neither the
/// central site nor anyone's child hang directly below the central site.
fn parent_links(fanouts: &[FanOut<'_>], central: &str) -> Vec<SiteLink> {
    // Each pair of child and site as written, once: a log repeats a few.
    let pairs: FxHashSet<(&str, Option<&str>)> = fanouts
        .iter()
        .filter_map(|m| Some((m.child?, m.site)))
        .collect();
    // Child -> its parents, both in order: `(child, parent)` pairs in order.
    let mut links: order::Keyed<BTreeSet<String>> = order::Keyed::default();
    for (child, site) in pairs {
        let child = code(child);
        if child.is_empty() || child == central {
            continue;
        }
        let parent = site
            .map(code)
            .filter(|s| !s.is_empty() && *s != child)
            .unwrap_or_else(|| central.to_string());
        links.slot(child).insert(parent);
    }
    let orphans: Vec<String> = links
        .values()
        .flatten()
        .filter(|p| *p != central && links.get(p).is_none())
        .cloned()
        .collect();
    for orphan in orphans {
        links.slot(orphan).insert(central.to_string());
    }
    links
        .into_sorted()
        .into_iter()
        .flat_map(|(site, parents)| {
            parents.into_iter().map(move |parent| SiteLink {
                site: site.clone(),
                parent,
            })
        })
        .collect()
}

/// The package ID of a status message as written (see [`code`]): its
/// named field, else attribute 400.
fn raw_package_id(m: &StatusMessage) -> Option<&str> {
    m.package_id.as_deref().or_else(|| {
        m.attributes
            .iter()
            .find(|(id, _)| *id == PACKAGE_ID_ATTRIBUTE)
            .map(|(_, v)| &**v)
    })
}

/// When each processing started, among the failure `times` of one package
/// (sorted here): failures within `window` seconds of a processing's first
/// failure belong to it. The evidence summary counts failed attempts with
/// the same rule.
pub(crate) fn processing_starts(times: &mut [i64], window: i64) -> Vec<i64> {
    order::sort(times);
    let mut starts: Vec<i64> = Vec::new();
    for &t in times.iter() {
        match starts.last() {
            Some(&start) if t.saturating_sub(start) < window => {}
            _ => starts.push(t),
        }
    }
    starts
}

/// Gaps between successive processings ([`processing_starts`]).
fn processing_gaps(times: &mut [i64], window: i64) -> Vec<u64> {
    processing_starts(times, window)
        .windows(2)
        .filter_map(|w| u64::try_from(w[1].saturating_sub(w[0])).ok())
        .collect()
}

/// The median (the mean of the middle two, rounded down, for an even count).
fn median(values: &[u64]) -> Option<u64> {
    let mut v = values.to_vec();
    order::sort(&mut v);
    let mid = v.len() / 2;
    match v.len() {
        0 => None,
        n if n % 2 == 1 => Some(v[mid]),
        _ => Some(v[mid - 1] / 2 + v[mid] / 2 + (v[mid - 1] % 2 + v[mid] % 2) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A registry key definition as an article's `registry.json` gives one.
    fn key_def(path: &str) -> RegistryKeyDef {
        RegistryKeyDef {
            id: "retried".into(),
            path: path.into(),
            meaning: String::new(),
            effect_of_deleting: None,
            risk: None,
        }
    }

    #[test]
    fn reads_retried_packages_from_the_articles_key_patterns() {
        let def = key_def("HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Retries\\<package ID>");
        let keys = [&def];
        let key = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Retries\\ab100012";
        assert_eq!(retried_package(&keys, key), Some("AB100012".into()));
        let upper = key.to_ascii_uppercase();
        assert_eq!(retried_package(&keys, &upper), Some("AB100012".into()));
        assert_eq!(retried_package(&keys, &format!("{key}\\sub")), None);
        let parent = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor\\Retries\\";
        assert_eq!(retried_package(&keys, parent), None);
        assert_eq!(retried_package(&[], key), None);
    }

    #[test]
    fn backlog_folders_match_by_their_end() {
        let folder = "\\SMS\\Inboxes\\Schedule.box";
        assert!(same_folder("D:\\SMS\\Inboxes\\Schedule.box", folder));
        assert!(same_folder("c:\\sms\\inboxes\\SCHEDULE.BOX\\", folder));
        assert!(same_folder("C:/SMS/Inboxes/Schedule.box", folder));
        assert!(same_folder("SMS\\Inboxes\\Schedule.box", folder));
        assert!(!same_folder("D:\\SMS\\Inboxes\\XSchedule.box", folder));
        assert!(!same_folder("D:\\SMS\\Inboxes\\Schedule.box\\sub", folder));
        assert!(!same_folder("D:\\SMS\\Inboxes\\Schedule.box", "\\"));
    }

    #[test]
    fn groups_failures_into_processings() {
        let mut t = [7200, 0, 5, 3600, 3610, 7259, 10_800];
        assert_eq!(processing_gaps(&mut t, 60), vec![3600, 3600, 3600]);
        let mut one = [42];
        assert!(processing_gaps(&mut one, 60).is_empty());
    }

    #[test]
    fn codes_lose_quotes_and_case() {
        assert_eq!(code(" \"pr1\" "), "PR1");
        assert_eq!(code("'CEN00012'"), "CEN00012");
        assert_eq!(code("\"\""), "");
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[900, 3600, 300]), Some(900));
        assert_eq!(median(&[900, 3600]), Some(2250));
        assert_eq!(median(&[u64::MAX, u64::MAX]), Some(u64::MAX));
        assert_eq!(median(&[1, 2]), Some(1));
    }

    /// Every scenario's evidence, and generated logs, as the app reads them.
    fn evidence_sets() -> Vec<(String, Vec<Evidence>)> {
        let kb = Kb::embedded();
        let root = std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/data/scenarios"
        ));
        let mut sets = Vec::new();
        let mut dirs: Vec<_> = std::fs::read_dir(root)
            .expect("scenarios")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_dir())
            .collect();
        dirs.sort();
        for dir in dirs {
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .expect("scenario")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            let read: Vec<(String, Vec<u8>)> = files
                .iter()
                .map(|p| (p.display().to_string(), std::fs::read(p).expect("file")))
                .collect();
            let inputs: Vec<(&str, &[u8])> = read
                .iter()
                .map(|(n, b)| (n.as_str(), b.as_slice()))
                .collect();
            let evidence = crate::api::scan(&inputs, kb).evidence;
            sets.push((dir.display().to_string(), evidence));
        }
        for (name, log) in [
            ("distmgr", crate::sample::distmgr_log(1 << 20)),
            ("mixed", crate::sample::mixed_log(1 << 20)),
        ] {
            let evidence = crate::api::scan(&[(name, log.as_bytes())], kb).evidence;
            sets.push((name.to_string(), evidence));
        }
        sets
    }

    /// `evidence` with its sites, child sites and package IDs written
    /// several ways that make the same code: lower case, quoted, padded.
    fn written_several_ways(evidence: &[Evidence]) -> Vec<Evidence> {
        let ways = |raw: &str, n: usize| -> crate::evidence::Shared {
            match n % 4 {
                0 => raw.into(),
                1 => raw.to_ascii_lowercase().into(),
                2 => format!("\"{raw}\"").into(),
                _ => format!("  {raw} ").into(),
            }
        };
        let mut out = evidence.to_vec();
        for (n, e) in out.iter_mut().enumerate() {
            if let Fact::StatusMessage(m) = &mut e.fact {
                m.site = m.site.as_deref().map(|s| ways(s, n));
                m.child_site = m.child_site.as_deref().map(|s| ways(s, n + 1));
                m.package_id = m.package_id.as_deref().map(|s| ways(s, n + 2));
                for (_, v) in &mut m.attributes {
                    *v = ways(v, n + 3);
                }
            }
        }
        out
    }

    /// The one-pass `read` gives what its first version gives, for every
    /// retry-loop article, on every scenario, on generated logs and on the
    /// same evidence with its codes written several ways.
    #[test]
    fn one_pass_reads_as_the_first_version() {
        let kb = Kb::embedded();
        let loops: Vec<&Article> = kb
            .articles()
            .iter()
            .filter(|a| Reading::of(a).is_some())
            .collect();
        assert!(!loops.is_empty());
        let mut with_packages = 0;
        for (name, evidence) in evidence_sets() {
            let varied = written_several_ways(&evidence);
            for set in [&evidence, &varied] {
                for article in &loops {
                    let ours = read(set, Reading::of(article).expect("a retry loop"));
                    let first = read_reference(set, Reading::of(article).expect("a retry loop"));
                    assert_eq!(ours, first, "{name}, {}", article.id());
                    with_packages += usize::from(!ours.package_ids.is_empty());
                }
            }
        }
        assert!(
            with_packages > 10,
            "{with_packages} calibrations named packages"
        );
    }

    /// `read` as it was first written, a pass over the facts per question:
    /// the reference the one-pass `read` is checked against.
    fn read_reference(evidence: &[Evidence], how: Reading<'_>) -> Calibration {
        let defaults = &how.base;
        let ids = &how.ids;
        let messages: Vec<&StatusMessage> = evidence
            .iter()
            .filter_map(|e| match &e.fact {
                Fact::StatusMessage(m) => Some(m),
                _ => None,
            })
            .collect();
        let failures: Vec<&StatusMessage> = messages
            .iter()
            .copied()
            .filter(|m| ids.failure_ids.contains(&m.id))
            .collect();
        let fanouts: Vec<&StatusMessage> = messages
            .iter()
            .copied()
            .filter(|m| ids.fanout_ids.contains(&m.id))
            .collect();

        // Central site and hierarchy.
        let central_site = most_common_reference(failures.iter().filter_map(|m| m.site.as_deref()))
            .or_else(|| most_common_reference(fanouts.iter().filter_map(|m| m.site.as_deref())));
        let central = central_site.clone().unwrap_or_default();
        let links = parent_links_reference(&fanouts, &central);
        let mut per_child: order::Keyed<usize> = order::Keyed::default();
        for child in fanouts
            .iter()
            .filter_map(|m| m.child_site.as_deref())
            .map(code)
            .filter(|c| !c.is_empty() && *c != central)
        {
            *per_child.slot(child) += 1;
        }
        let fan_out_per_child_site: Vec<ChildSiteFanOut> = per_child
            .into_sorted()
            .into_iter()
            .map(|(site, messages)| ChildSiteFanOut { site, messages })
            .collect();
        let child_site_codes: Vec<String> = fan_out_per_child_site
            .iter()
            .map(|c| c.site.clone())
            .collect();
        let (hierarchy, child_sites) = if links.is_empty() {
            let sites = defaults.hierarchy.sites_below(MAX_SITES).unwrap_or(0);
            (defaults.hierarchy.clone(), Proposed::default_value(sites))
        } else {
            let hierarchy = Hierarchy::Parents {
                central: central.clone(),
                links,
            };
            let sites = hierarchy.sites_below(u64::MAX).unwrap_or(0);
            let count = fanouts.iter().filter(|m| m.child_site.is_some()).count();
            (hierarchy, Proposed::from_evidence(sites, count))
        };

        // Failing packages and their failure times.
        let mut failure_times: order::Keyed<Vec<i64>> = order::Keyed::default();
        let mut package_facts = 0usize;
        let mut unnamed_failures = false;
        for m in &failures {
            match package_id_reference(m) {
                Some(id) => {
                    package_facts += 1;
                    let times = failure_times.slot(id);
                    if let Some(t) = m.time.sort_key() {
                        times.push(t.timestamp());
                    }
                }
                None => unnamed_failures = true,
            }
        }
        for e in evidence {
            if let Fact::RegistryKey(key) = &e.fact {
                if key.deleted {
                    continue;
                }
                if let Some(id) = retried_package(&how.package_keys, &key.path) {
                    package_facts += 1;
                    failure_times.slot(id);
                }
            }
        }
        let package_ids: Vec<String> = failure_times.keys().map(str::to_string).collect();
        let failing_packages = match u32::try_from(package_ids.len()) {
            Ok(0) if unnamed_failures => Proposed::from_evidence(1, failures.len()),
            Ok(0) | Err(_) => Proposed::default_value(defaults.failing_packages),
            Ok(n) => Proposed::from_evidence(n, package_facts),
        };

        // Observed retry interval.
        let window = i64::try_from(ids.same_processing_window_s).unwrap_or(i64::MAX);
        let gaps: Vec<u64> = failure_times
            .into_sorted()
            .into_iter()
            .flat_map(|(_, mut times)| processing_gaps(&mut times, window))
            .collect();
        let retry_interval_s = match median(&gaps) {
            Some(gap) if gap > 0 => Proposed::from_evidence(gap, gaps.len()),
            _ => Proposed::default_value(defaults.retry_interval_s),
        };

        // Time span.
        let stamps: Vec<i64> = messages
            .iter()
            .filter_map(|m| m.time.sort_key())
            .map(|t| t.timestamp())
            .collect();
        let span = match (stamps.iter().min(), stamps.iter().max()) {
            (Some(first), Some(last)) => u64::try_from(last.saturating_sub(*first)).unwrap_or(0),
            _ => 0,
        };
        let (span_s, hours) = if span > 0 {
            let hours = span.div_ceil(HOUR_S).clamp(1, u64::from(MAX_HOURS));
            let hours = u32::try_from(hours).unwrap_or(MAX_HOURS);
            // Evidence of a few hours would propose a run too short to show what
            // an hourly loop does: the run lasts a day at least.
            let hours = if hours < MIN_RUN_HOURS {
                Proposed::default_value(MIN_RUN_HOURS)
            } else {
                Proposed::from_evidence(hours, stamps.len())
            };
            (Proposed::from_evidence(span, stamps.len()), hours)
        } else {
            (
                Proposed::default_value(defaults.horizon_s()),
                Proposed::default_value(defaults.hours),
            )
        };

        // Listings of the backlog folder.
        let listings: Vec<u64> = evidence
            .iter()
            .filter_map(|e| match &e.fact {
                Fact::ScheduleBacklog(b)
                    if how
                        .backlog_folder
                        .is_none_or(|folder| same_folder(&b.folder, folder)) =>
                {
                    Some(b.count)
                }
                _ => None,
            })
            .collect();
        let initial_backlog = match listings.iter().max() {
            Some(&count) => Proposed::from_evidence(count, listings.len()),
            None => Proposed::default_value(defaults.initial_backlog),
        };

        let mut params = Params {
            hierarchy,
            failing_packages: failing_packages.value,
            hours: hours.value,
            initial_backlog: initial_backlog.value,
            ..how.base.clone()
        };
        if retry_interval_s.source == Source::Evidence {
            params.retry_interval_s = retry_interval_s.value;
            params.min_gap_s = params.min_gap_s.min(retry_interval_s.value);
            params.arrivals = Arrivals::Off;
        }
        Calibration {
            params,
            central_site,
            child_sites,
            child_site_codes,
            failing_packages,
            package_ids,
            retry_interval_s,
            span_s,
            hours,
            initial_backlog,
            fan_out_per_child_site,
            resend: how.resend,
            backlog_folder: how.backlog_folder.map(str::to_string),
            article: how.article.map(str::to_string),
        }
    }

    /// `most_common`, first version: a code made per value.
    fn most_common_reference<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for v in values.map(code).filter(|v| !v.is_empty()) {
            *counts.entry(v).or_default() += 1;
        }
        let best = counts.values().copied().max()?;
        counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
    }

    /// `parent_links`, first version. Child -> parent links from fan-out messages: the parent is the site that
    /// raised the message, else the central site. Parents that are neither the
    /// central site nor anyone's child hang directly below the central site.
    fn parent_links_reference(fanouts: &[&StatusMessage], central: &str) -> Vec<SiteLink> {
        // Child -> its parents, both in order: `(child, parent)` pairs in order.
        let mut links: order::Keyed<BTreeSet<String>> = order::Keyed::default();
        for m in fanouts {
            let Some(child) = m.child_site.as_deref().map(code) else {
                continue;
            };
            if child.is_empty() || child == central {
                continue;
            }
            let parent = m
                .site
                .as_deref()
                .map(code)
                .filter(|s| !s.is_empty() && *s != child)
                .unwrap_or_else(|| central.to_string());
            links.slot(child).insert(parent);
        }
        let orphans: Vec<String> = links
            .values()
            .flatten()
            .filter(|p| *p != central && links.get(p).is_none())
            .cloned()
            .collect();
        for orphan in orphans {
            links.slot(orphan).insert(central.to_string());
        }
        links
            .into_sorted()
            .into_iter()
            .flat_map(|(site, parents)| {
                parents.into_iter().map(move |parent| SiteLink {
                    site: site.clone(),
                    parent,
                })
            })
            .collect()
    }

    /// `package_id`, first version: the package ID of a status message, as a
    /// code: its named field, else attribute 400.
    fn package_id_reference(m: &StatusMessage) -> Option<String> {
        m.package_id
            .as_deref()
            .or_else(|| {
                m.attributes
                    .iter()
                    .find(|(id, _)| *id == PACKAGE_ID_ATTRIBUTE)
                    .map(|(_, v)| &**v)
            })
            .map(code)
            .filter(|id| !id.is_empty())
    }
}
