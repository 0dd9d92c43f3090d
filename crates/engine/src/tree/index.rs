//! The evidence's facts indexed once for every article's tree.
//!
//! Diagnosis runs every article's tree over one evidence set, and each
//! rule used to read the whole set for the few facts it wants: on a large
//! log that is every status message read by each of the KB's articles, for
//! each of their rules, for the site hierarchy and for each absence. A
//! [`FactIndex`] is built in one pass and holds, in evidence order, the
//! positions of the status messages of each ID, of the log-line facts of
//! each article's line, and of each other kind of fact; and, each once, the
//! (input, component, package) of the status messages, which is all the
//! absence of a message reads, and the (parent, child, package) links the
//! site hierarchy is read from.
//!
//! An evaluator without an index reads every fact for every rule (the
//! reference, [`super::diagnose_reference`]); one with an index reads only
//! the positions the index lists for the rule, with the same tests, so both
//! give the same answers as long as the index lists every fact a rule's
//! test would take (`tests/diagnose_reference.rs` compares the two).

use crate::evidence::{Evidence, Fact};
use crate::kb::tree::Field;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;

use super::rules::field;

/// A kind of fact the rules read besides status messages and log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    ComponentLog,
    RegistryKey,
    FileVersion,
    SqlResult,
    SqlRow,
}

/// A status message's input, component and package ID (the package
/// field as [`field`] reads it, not yet upper-cased): what the absence of
/// a message is judged by.
pub(super) type MessageScope<'e> = (&'e str, Option<&'e str>, Option<&'e str>);

/// A status message naming a child site: the parent (its site code, else
/// its server), the child and the package ID, as [`field`] reads them.
pub(super) type SiteLink<'e> = (&'e str, &'e str, Option<&'e str>);

/// The facts of one evidence set by what the rules look them up by.
#[derive(Debug, Default)]
pub struct FactIndex<'e> {
    /// Status messages by ID.
    messages: FxHashMap<u32, Vec<usize>>,
    /// Log-line facts by article, then by line ID.
    lines: FxHashMap<&'e str, FxHashMap<&'e str, Vec<usize>>>,
    component_logs: Vec<usize>,
    registry_keys: Vec<usize>,
    file_versions: Vec<usize>,
    sql_results: Vec<usize>,
    sql_rows: Vec<usize>,
    /// Every status message's scope, each once, in the order first seen.
    message_scopes: Vec<MessageScope<'e>>,
    /// Every site link, each once, in the order first seen.
    site_links: Vec<SiteLink<'e>>,
}

impl<'e> FactIndex<'e> {
    /// Index `evidence` in one pass.
    pub fn new(evidence: &'e [Evidence]) -> Self {
        let mut index = FactIndex::default();
        let mut scopes: FxHashSet<MessageScope<'e>> = FxHashSet::default();
        let mut links: FxHashSet<SiteLink<'e>> = FxHashSet::default();
        for (i, e) in evidence.iter().enumerate() {
            match &e.fact {
                Fact::StatusMessage(m) => {
                    index.messages.entry(m.id).or_default().push(i);
                    let package = field(m, Field::PackageId);
                    let scope = (&*e.input, m.component.as_deref(), package);
                    if scopes.insert(scope) {
                        index.message_scopes.push(scope);
                    }
                    if let Some(link) = site_link(m) {
                        if links.insert(link) {
                            index.site_links.push(link);
                        }
                    }
                }
                Fact::LogLine(l) => index
                    .lines
                    .entry(&*l.article)
                    .or_default()
                    .entry(l.log_line.as_str())
                    .or_default()
                    .push(i),
                Fact::ComponentLog(_) => index.component_logs.push(i),
                Fact::RegistryKey(_) => index.registry_keys.push(i),
                Fact::FileVersion(_) => index.file_versions.push(i),
                Fact::SqlResult(_) => index.sql_results.push(i),
                Fact::SqlRow(_) => index.sql_rows.push(i),
                Fact::ScheduleBacklog(_) => {}
            }
        }
        index
    }

    /// The positions of the facts of `kind`, ascending.
    pub(super) fn of_kind(&self, kind: Kind) -> &[usize] {
        match kind {
            Kind::ComponentLog => &self.component_logs,
            Kind::RegistryKey => &self.registry_keys,
            Kind::FileVersion => &self.file_versions,
            Kind::SqlResult => &self.sql_results,
            Kind::SqlRow => &self.sql_rows,
        }
    }

    /// The positions of the status messages of any of `ids`, ascending.
    pub(super) fn messages(&self, ids: &[u32]) -> Positions<'_> {
        union(ids.iter().filter_map(|id| self.messages.get(id)))
    }

    /// The positions of `article`'s log-line facts of any of the lines
    /// `ids`, ascending.
    pub(super) fn lines(&self, article: &str, ids: &[String]) -> Positions<'_> {
        match self.lines.get(article) {
            Some(by_line) => union(ids.iter().filter_map(|id| by_line.get(id.as_str()))),
            None => Positions::Listed([].iter()),
        }
    }

    /// Every status message's (input, component, package), each once.
    pub(super) fn message_scopes(&self) -> &[MessageScope<'e>] {
        &self.message_scopes
    }

    /// Every site link of the status messages, each once.
    pub(super) fn site_links(&self) -> &[SiteLink<'e>] {
        &self.site_links
    }
}

/// The link a status message shows between a parent site and a child site.
pub(super) fn site_link(m: &crate::evidence::StatusMessage) -> Option<SiteLink<'_>> {
    let child = field(m, Field::ChildSite)?;
    let parent = field(m, Field::Site).or_else(|| field(m, Field::System))?;
    Some((parent, child, field(m, Field::PackageId)))
}

/// The positions in any of `lists` (each ascending), ascending, each once.
fn union<'x>(mut lists: impl Iterator<Item = &'x Vec<usize>>) -> Positions<'x> {
    let Some(first) = lists.next() else {
        return Positions::Listed([].iter());
    };
    let Some(second) = lists.next() else {
        return Positions::Listed(first.iter());
    };
    let mut all: Vec<usize> = first.iter().chain(second).copied().collect();
    for more in lists {
        all.extend_from_slice(more);
    }
    all.sort_unstable();
    all.dedup();
    Positions::Owned(all.into_iter())
}

/// Evidence positions to read, ascending: all of them (no index), or the
/// ones an index lists.
pub(super) enum Positions<'x> {
    All(Range<usize>),
    Listed(std::slice::Iter<'x, usize>),
    Owned(std::vec::IntoIter<usize>),
}

impl Iterator for Positions<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match self {
            Positions::All(r) => r.next(),
            Positions::Listed(l) => l.next().copied(),
            Positions::Owned(o) => o.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Positions::All(r) => r.size_hint(),
            Positions::Listed(l) => l.size_hint(),
            Positions::Owned(o) => o.size_hint(),
        }
    }
}

impl DoubleEndedIterator for Positions<'_> {
    fn next_back(&mut self) -> Option<usize> {
        match self {
            Positions::All(r) => r.next_back(),
            Positions::Listed(l) => l.next_back().copied(),
            Positions::Owned(o) => o.next_back(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_union_is_ascending_and_holds_each_position_once() {
        let a = vec![1, 4, 9];
        let b = vec![2, 4, 10];
        let c = vec![0];
        assert_eq!(
            union([&a, &b, &c].into_iter()).collect::<Vec<_>>(),
            [0, 1, 2, 4, 9, 10]
        );
        assert_eq!(union([&a].into_iter()).collect::<Vec<_>>(), [1, 4, 9]);
        assert_eq!(union(std::iter::empty()).count(), 0);
        assert_eq!(union([&a, &b].into_iter()).next_back(), Some(10));
        assert_eq!(Positions::All(0..3).rev().collect::<Vec<_>>(), [2, 1, 0]);
    }
}
