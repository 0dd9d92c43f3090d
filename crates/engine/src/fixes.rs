//! Which known fixes a server has and lacks, across every article: the file
//! versions the admin pasted (a `dir` or `filever` listing, or a version
//! answered in the wizard and pasted back) against each article's table of
//! fixed files (`files.json`). An article whose files the inputs do not
//! list is left out: nothing is known of it.
//!
//! An article fixed by another article's hotfix (its tree asks
//! `file_fixed` of that article's table, as Q316316 does of Q319207's)
//! is reported with that table, naming it.
//!
//! A file counts for the platform the listing shows (`I386`, `Alpha`);
//! without one, against the lowest fixed version over all platforms, the
//! least a fixed file can be (`kb::Files::required_version`).

use crate::evidence::{Evidence, Fact};
use crate::kb::files::{compare_versions, Platform};
use crate::kb::Kb;
use serde::Serialize;
use std::cmp::Ordering;

/// Whether a server carries one article's fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FixState {
    /// Every listed file of the fix is at or above its fixed version.
    Has,
    /// At least one listed file is below its fixed version.
    Lacks,
}

/// One file of a fix, as the inputs show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileCheck {
    /// The file's name as the article's table spells it.
    pub file: String,
    /// The version the inputs show.
    pub seen: String,
    /// The fixed version it is compared with.
    pub needs: String,
    /// Where the version was read (`input:line`).
    pub at: String,
}

/// One article's fix on this server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fix {
    pub article: String,
    pub title: String,
    pub state: FixState,
    /// The article whose file table is compared, when it is another one's
    /// (the fix ships in that article's hotfix).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    /// Where the fix ships, when the article says (`SMS 2.0 SP4 Hotfix
    /// Rollup Package (HRP)`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ships_in: Option<String>,
    /// The files compared, below-the-fix ones first.
    pub files: Vec<FileCheck>,
}

/// Every article whose fixed files the evidence lists: those the server
/// lacks first, then those it has, each group in the KB's order.
pub fn fixes(evidence: &[Evidence], kb: &Kb) -> Vec<Fix> {
    let listed: Vec<(&Evidence, &crate::evidence::FileVersion)> = evidence
        .iter()
        .filter_map(|e| match &e.fact {
            Fact::FileVersion(f) => Some((e, f)),
            _ => None,
        })
        .collect();
    if listed.is_empty() {
        return Vec::new();
    }
    let mut lacks = Vec::new();
    let mut has = Vec::new();
    for article in kb.articles() {
        let via = if article.files.rows.is_empty() {
            other_table(article)
        } else {
            None
        };
        let table = match &via {
            Some(id) => match kb.article(id) {
                Some(other) => &other.files,
                None => continue,
            },
            None => &article.files,
        };
        if table.rows.is_empty() {
            continue;
        }
        let mut below = Vec::new();
        let mut fine = Vec::new();
        for (e, f) in &listed {
            let name = f.file.rsplit(['\\', '/']).next().unwrap_or(&f.file).trim();
            let platform = f.platform.as_deref().and_then(Platform::from_name);
            let Some(needs) = table.required_version(name, platform) else {
                continue;
            };
            let Some(order) = compare_versions(&f.version, needs) else {
                continue;
            };
            let spelled = table
                .rows
                .iter()
                .find(|r| r.name.eq_ignore_ascii_case(name))
                .map_or(name, |r| r.name.as_str());
            let check = FileCheck {
                file: spelled.to_string(),
                seen: f.version.clone(),
                needs: needs.to_string(),
                at: format!("{}:{}", e.input, e.line),
            };
            if order == Ordering::Less {
                below.push(check);
            } else {
                fine.push(check);
            }
        }
        if below.is_empty() && fine.is_empty() {
            continue;
        }
        let state = if below.is_empty() {
            FixState::Has
        } else {
            FixState::Lacks
        };
        below.extend(fine);
        let fix = Fix {
            article: article.id().to_string(),
            title: article.meta.title.clone(),
            state,
            via,
            ships_in: table.release.as_ref().map(|r| r.ships_in.clone()),
            files: below,
        };
        match state {
            FixState::Lacks => lacks.push(fix),
            FixState::Has => has.push(fix),
        }
    }
    lacks.extend(has);
    lacks
}

/// The other article whose file table `article`'s tree checks its fix
/// against (`file_fixed` with an `article`), if any.
fn other_table(article: &crate::kb::Article) -> Option<String> {
    article.tree.rules().find_map(|r| match r {
        crate::kb::tree::Rule::FileFixed { article: Some(id) } => Some(id.clone()),
        _ => None,
    })
}
