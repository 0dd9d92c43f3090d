//! Contradictions the engine finds on its own, beside the ones an article's
//! tree declares: two listings that show different versions of the same file
//! for the same platform. A server runs one copy of a file, so both cannot
//! describe it, and the diagnosis (which goes by the lowest version) should
//! say so rather than pick one in silence.

use crate::evidence::{Evidence, Fact};
use crate::kb::tree::Rule;
use crate::kb::{compare_versions, Article, Platform};
use std::cmp::Ordering;

use super::index::Kind;
use super::order;
use super::rules::Evaluator;
use super::step::{cite, is_zero, EvidenceRef};
use serde::{Deserialize, Serialize};

/// A contradiction found in the evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ContradictionFound {
    /// The tree's contradiction id, or `versions_differ:<file>:<platform>`
    /// for two versions of one file on one platform.
    pub id: String,
    pub text: String,
    /// The lines that contradict each other (at most [`super::step::MAX_CITED`]).
    pub evidence: Vec<EvidenceRef>,
    /// Lines not cited in `evidence`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub uncited: usize,
}

/// The files whose versions matter to `article`: those of its file table,
/// then those its `file_version` rules read, each once (names compare
/// without case), in that order.
fn files_of(article: &Article) -> Vec<&str> {
    let table = article.files.rows.iter().map(|r| r.name.as_str());
    let ruled = article.tree.rules().filter_map(|r| match r {
        Rule::FileVersion { file } => Some(file.as_str()),
        _ => None,
    });
    let mut files: Vec<&str> = Vec::new();
    for name in table.chain(ruled) {
        if !files.iter().any(|f| f.eq_ignore_ascii_case(name)) {
            files.push(name);
        }
    }
    files
}

/// One contradiction per file of `article` and platform for which
/// `evidence` shows more than one version (compared as numbers, so
/// `2.0.1493.3257` and `2.00.1493.3257` are one version). Listings that show
/// no platform are left out: two of them may well be two servers. Files in
/// the article's order, platforms in [`Platform`]'s.
pub(super) fn version_conflicts(article: &Article, ev: &Evaluator<'_>) -> Vec<ContradictionFound> {
    let evidence = ev.evidence();
    let mut out = Vec::new();
    for file in files_of(article) {
        for platform in [Platform::Alpha, Platform::I386] {
            // (index, version) of every listing of the file on the platform.
            let mut seen: Vec<(usize, &str)> = Vec::new();
            for (i, e) in ev.facts(Kind::FileVersion) {
                let Fact::FileVersion(f) = &e.fact else {
                    continue;
                };
                let name = f.file.rsplit(['\\', '/']).next().unwrap_or(&f.file);
                if name.trim().eq_ignore_ascii_case(file)
                    && f.platform.as_deref().and_then(Platform::from_name) == Some(platform)
                    && compare_versions(&f.version, &f.version).is_some()
                {
                    seen.push((i, f.version.as_str()));
                }
            }
            if let Some(c) = conflict(file, platform, evidence, &seen) {
                out.push(c);
            }
        }
    }
    out
}

/// The contradiction among `seen` (index, version), if it holds two
/// versions: each version named once, lowest first, with the first line
/// that shows it; every line cited.
fn conflict(
    file: &str,
    platform: Platform,
    evidence: &[Evidence],
    seen: &[(usize, &str)],
) -> Option<ContradictionFound> {
    let mut by_version = seen.to_vec();
    // Stable: equal versions keep evidence order, so the first line comes first.
    order::sort_by(&mut by_version, |a, b| {
        compare_versions(a.1, b.1).unwrap_or(Ordering::Equal)
    });
    by_version.dedup_by(|b, a| compare_versions(a.1, b.1) == Some(Ordering::Equal));
    if by_version.len() < 2 {
        return None;
    }
    let named: Vec<String> = by_version
        .iter()
        .map(|&(i, v)| {
            let e = &evidence[i];
            format!("{v} ({} line {})", e.input, e.line)
        })
        .collect();
    let (last, rest) = named.split_last()?;
    let lowest = by_version[0].1;
    let platform = platform.name();
    let text = format!(
        "{file} for {platform} is listed at different versions: {} and {last}. One server holds one copy: the listings may come from different servers, from a copy outside the SMS folders, or from before and after an update. Until that is settled, kbwiz goes by the lowest, {lowest}: the fix counts only where every copy has it.",
        rest.join(", ")
    );
    let lines: Vec<usize> = seen.iter().map(|(i, _)| *i).collect();
    let (cited, uncited) = cite(evidence, &lines);
    Some(ContradictionFound {
        id: format!("versions_differ:{file}:{platform}"),
        text,
        evidence: cited,
        uncited,
    })
}
