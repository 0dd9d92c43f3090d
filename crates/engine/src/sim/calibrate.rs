//! Proposing simulator parameters from parsed evidence, saying for each value
//! whether the evidence gave it or it is the default.
//!
//! The status-message IDs used are parameters ([`CalibrationIds`]) with the
//! Q319207 values as defaults: 2328/2302 (a local distribution point was not
//! updated) and 2339 (package information sent to a child site).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::hierarchy::{Hierarchy, SiteLink};
use super::params::{Arrivals, Params, HOUR_S, MAX_HOURS, MAX_SITES};
use crate::evidence::{Evidence, Fact, StatusMessage};
use crate::tree::order;

/// The registry key path part after which a package ID names a retried package.
const RETRY_HISTORY: &str = "\\sms_distribution_manager\\retry history\\";
/// The attribute that carries the package ID in `STATMSG:` lines.
const PACKAGE_ID_ATTRIBUTE: u32 = 400;

/// Which status messages mean what, and how failures group into processings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalibrationIds {
    /// Messages raised when a package's local distribution point is not
    /// updated (Q319207: 2328, 2302).
    pub failure_ids: Vec<u32>,
    /// Messages raised once per child site each time a package is sent down
    /// the hierarchy (Q319207: 2339).
    pub fanout_ids: Vec<u32>,
    /// Failures of one package closer together than this are one processing
    /// (a failed processing raises both 2328 and 2302). Default 60 s.
    pub same_processing_window_s: u64,
}

impl Default for CalibrationIds {
    fn default() -> Self {
        CalibrationIds {
            failure_ids: vec![2328, 2302],
            fanout_ids: vec![2339],
            same_processing_window_s: 60,
        }
    }
}

impl CalibrationIds {
    /// The IDs an article's simulator defaults name (`simulator.json`), or the
    /// defaults above when the article has none.
    pub fn for_article(article: Option<&crate::kb::Article>) -> Self {
        let mut ids = CalibrationIds::default();
        if let Some(d) = article.and_then(|a| a.simulator.as_ref()) {
            ids.failure_ids = d.failure_messages.clone();
            ids.fanout_ids = d.fan_out_messages.clone();
        }
        ids
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

/// A scenario proposed from evidence. `params` is ready to simulate; the other
/// fields say where each of its values came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calibration {
    pub params: Params,
    /// The site that raised most failure messages (else most fan-out messages).
    pub central_site: Option<String>,
    /// Sites below the central site (distinct child sites of fan-out messages).
    pub child_sites: Proposed<u64>,
    pub child_site_codes: Vec<String>,
    /// Distinct packages with failure messages or a Retry History key.
    pub failing_packages: Proposed<u32>,
    pub package_ids: Vec<String>,
    /// Median gap between successive failed processings of a package. When
    /// observed, it already includes retries caused by other package work, so
    /// the proposed `params` switch separate arrivals off.
    pub retry_interval_s: Proposed<u64>,
    /// From the first to the last timed status message.
    pub span_s: Proposed<u64>,
    /// The span rounded up to whole hours (1 to [`MAX_HOURS`]).
    pub hours: Proposed<u32>,
    /// The largest Schedule.box count a listing showed.
    pub initial_backlog: Proposed<u64>,
}

/// [`calibrate_with`] with the Q319207 message IDs.
pub fn calibrate(evidence: &[Evidence]) -> Calibration {
    calibrate_with(evidence, &CalibrationIds::default())
}

/// Propose parameters from `evidence`, reading messages as `ids` says.
pub fn calibrate_with(evidence: &[Evidence], ids: &CalibrationIds) -> Calibration {
    let defaults = Params::default();
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
    let central_site = most_common(failures.iter().filter_map(|m| m.site.as_deref()))
        .or_else(|| most_common(fanouts.iter().filter_map(|m| m.site.as_deref())));
    let central = central_site.clone().unwrap_or_default();
    let links = parent_links(&fanouts, &central);
    let child_site_codes: Vec<String> = order::set(
        fanouts
            .iter()
            .filter_map(|m| m.child_site.as_deref())
            .map(code)
            .filter(|c| !c.is_empty() && *c != central),
    )
    .into_iter()
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
        match package_id(m) {
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
            if let Some(id) = retry_history_package(&key.path).filter(|_| !key.deleted) {
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
        (
            Proposed::from_evidence(span, stamps.len()),
            Proposed::from_evidence(hours, stamps.len()),
        )
    } else {
        (
            Proposed::default_value(defaults.horizon_s()),
            Proposed::default_value(defaults.hours),
        )
    };

    // Schedule.box listings.
    let listings: Vec<u64> = evidence
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::ScheduleBacklog(b) if b.folder.to_ascii_lowercase().contains("schedule.box") => {
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
        ..defaults
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
    }
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

/// The most frequent value (as [`code`]); ties go to the smallest.
fn most_common<'a>(values: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for v in values.map(code).filter(|v| !v.is_empty()) {
        *counts.entry(v).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts.into_iter().find(|(_, n)| *n == best).map(|(v, _)| v)
}

/// Child -> parent links from fan-out messages: the parent is the site that
/// raised the message, else the central site. Parents that are neither the
/// central site nor anyone's child hang directly below the central site.
fn parent_links(fanouts: &[&StatusMessage], central: &str) -> Vec<SiteLink> {
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

/// The package ID of a status message: its named field, else attribute 400.
fn package_id(m: &StatusMessage) -> Option<String> {
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

/// The package ID of a `...\SMS_DISTRIBUTION_MANAGER\Retry History\<ID>` key.
fn retry_history_package(path: &str) -> Option<String> {
    // ASCII lower-casing keeps byte offsets, so `path` can be sliced at them.
    let at = path.to_ascii_lowercase().find(RETRY_HISTORY)?;
    let id = path.get(at + RETRY_HISTORY.len()..)?;
    (!id.contains('\\'))
        .then(|| code(id))
        .filter(|id| !id.is_empty())
}

/// Gaps between successive processings: failures within `window` seconds of
/// a processing's first failure belong to it.
fn processing_gaps(times: &mut [i64], window: i64) -> Vec<u64> {
    order::sort(times);
    let mut starts: Vec<i64> = Vec::new();
    for &t in times.iter() {
        match starts.last() {
            Some(&start) if t.saturating_sub(start) < window => {}
            _ => starts.push(t),
        }
    }
    starts
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

    #[test]
    fn reads_retry_history_keys() {
        let key = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\ab100012";
        assert_eq!(retry_history_package(key), Some("AB100012".into()));
        assert_eq!(retry_history_package(&format!("{key}\\sub")), None);
        let parent = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\";
        assert_eq!(retry_history_package(parent), None);
        assert_eq!(
            retry_history_package("ÄÖ\\sms_distribution_manager\\retry history\\X1"),
            Some("X1".into())
        );
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
}
