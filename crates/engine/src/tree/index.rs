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

use crate::evidence::{Evidence, Fact, Shared};
use crate::kb::tree::Field;
use rustc_hash::FxHashMap;
use std::rc::Rc;

use super::order::Keyed;
use super::rules::{field, norm, REFUSED};
use crate::evidence::holds_placeholder;
use chrono::{DateTime, Utc};

/// A kind of fact the rules read besides status messages and log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    ComponentLog,
    RegistryKey,
    FileVersion,
    SqlResult,
    SqlRow,
}

/// What the message rules read of a status message, kept with its
/// position: its built-in fields and its time. A rule over the 77,000
/// failures of a 100 MiB distmgr.log spent nearly all its time waiting for
/// each message's fact to come from memory (300 bytes, a few hundred apart);
/// these keys lie side by side.
#[derive(Debug, Clone)]
pub(super) struct MessageKeys {
    pub(super) position: usize,
    id: u32,
    /// Each built-in field's value as [`field`] reads it, as a place in
    /// [`FactIndex::spellings`] ([`NO_VALUE`]: none), in [`FIELDS`] order.
    fields: [u32; FIELDS.len()],
    /// The message's time as [`crate::evidence::Stamp::sort_key`] has it.
    pub(super) time: Option<chrono::DateTime<chrono::Utc>>,
}

/// The built-in fields, in the order [`MessageKeys`] keeps them.
const FIELDS: [Field; 7] = [
    Field::PackageId,
    Field::PackageName,
    Field::PackageSource,
    Field::DpPath,
    Field::ChildSite,
    Field::Site,
    Field::System,
];

/// A field without a value.
const NO_VALUE: u32 = u32::MAX;

/// Where [`MessageKeys`] keeps field `f`.
fn field_place(f: Field) -> usize {
    match f {
        Field::PackageId => 0,
        Field::PackageName => 1,
        Field::PackageSource => 2,
        Field::DpPath => 3,
        Field::ChildSite => 4,
        Field::Site => 5,
        Field::System => 6,
    }
}

/// A status message's input, component and package ID (the package
/// field as [`field`] reads it, not yet upper-cased): what the absence of
/// a message is judged by.
pub(super) type MessageScope<'e> = (&'e str, Option<&'e str>, Option<&'e str>);

/// A status message naming a child site: the parent (its site code, else
/// its server), the child and the package ID, as [`field`] reads them.
pub(super) type SiteLink<'e> = (&'e str, &'e str, Option<&'e str>);

/// Message IDs the index keeps apart. Past these (an input made to hold
/// thousands of IDs), every status message is listed for every message
/// rule, which reads them as the reference does: no search grows with the
/// number of IDs.
const MAX_MESSAGE_IDS: usize = 256;

/// (input, component) pairs or links kept once per package spelling; past
/// these, the package's are kept as they come (the readers take them as
/// sets), so that no search grows with an input made to hold thousands.
const MAX_PER_PACKAGE: usize = 64;

/// The facts of one article's declared line, and beside their positions
/// what the repeated-line rule reads of each: its time and its captured
/// values. Read from the facts, the rule waited on memory for each of some
/// 100,000 lines of a 100 MiB log, in one step of about 30 ms in wasm.
#[derive(Debug)]
struct LineList {
    article: Shared,
    line: Shared,
    positions: Vec<usize>,
    /// Each fact's [`crate::evidence::Stamp::sort_key`], in the order of
    /// `positions`.
    times: Vec<Option<DateTime<Utc>>>,
    /// The slots' names, as the line's first fact has them.
    names: Vec<Shared>,
    /// Each fact's captured values as places in [`FactIndex::captured`],
    /// `names.len()` a fact, in the order of `positions`; `None` once a
    /// fact's slots differ from the first's (the rule then reads the facts).
    values: Option<Vec<u32>>,
}

/// A time and a position, as [`FactIndex::timed_line_groups`] groups them.
pub(super) type Timed = (Option<DateTime<Utc>>, usize);

/// The facts of one evidence set by what the rules look them up by.
///
/// Lists rather than hash maps: a log holds a few dozen message IDs and
/// declared lines (the KB declares a few hundred at most), and each fact
/// is first compared with the previous fact's list; hash maps of their own
/// would cost the site's first view several KB of wasm.
///
/// It owns what it keeps (the few distinct names, shared or copied once
/// each), so a wizard session can keep it beside its facts and read it on
/// every answer instead of reading every fact.
#[derive(Debug, Default)]
pub struct FactIndex {
    /// Status messages by ID, IDs in the order first seen (up to
    /// [`MAX_MESSAGE_IDS`]), each message's keys in evidence order.
    messages: Vec<(u32, Vec<MessageKeys>)>,
    /// Every status message, once there were too many IDs to keep apart.
    all_messages: Option<Vec<MessageKeys>>,
    /// The distinct values of the messages' built-in fields (a value
    /// shared by many messages is kept once; the same text read from two
    /// places may be kept twice).
    spellings: Vec<Box<str>>,
    /// Log-line facts by article and line ID, in the order first seen.
    lines: Vec<LineList>,
    /// The distinct values the log-line facts captured ([`LineList::values`]).
    captured: Vec<Box<str>>,
    component_logs: Vec<usize>,
    registry_keys: Vec<usize>,
    file_versions: Vec<usize>,
    sql_results: Vec<usize>,
    sql_rows: Vec<usize>,
    /// Every status message's (input, component) by package ID as the
    /// message spells it, each once.
    scopes: Keyed<Vec<(Shared, Option<Shared>)>>,
    /// The same of the messages without a package ID.
    unpackaged_scopes: Vec<(Shared, Option<Shared>)>,
    /// Every site link's (parent, child) by package ID as spelt, each once.
    links: Keyed<Vec<(String, String)>>,
    /// The same of the links without a package ID.
    unpackaged_links: Vec<(String, String)>,
}

/// The list of `key` in `lists`, added when new; `last` is the one found
/// last, tried first.
fn list_of<K>(
    lists: &mut Vec<K>,
    last: &mut usize,
    found: impl Fn(&K) -> bool,
    new: impl FnOnce() -> K,
) -> usize {
    if lists.get(*last).is_some_and(&found) {
        return *last;
    }
    *last = match lists.iter().position(found) {
        Some(at) => at,
        None => {
            lists.push(new());
            lists.len() - 1
        }
    };
    *last
}

/// Add the item `is` finds to the list of `package` (or `unpackaged`),
/// made by `make` (the only copy), unless there. `places` remembers where
/// each package's list is: a hash of a few bytes per fact instead of a
/// walk down the sorted keys.
fn add_once<'e, T>(
    by_package: &mut Keyed<Vec<T>>,
    places: &mut FxHashMap<&'e str, usize>,
    unpackaged: &mut Vec<T>,
    package: Option<&'e str>,
    is: impl Fn(&T) -> bool,
    make: impl FnOnce() -> T,
) {
    let list = match package {
        None => unpackaged,
        Some(p) => {
            let at = match places.get(p) {
                Some(&at) => at,
                None => {
                    let at = by_package.place(p.to_string());
                    places.insert(p, at);
                    at
                }
            };
            by_package.at(at)
        }
    };
    if list.len() >= MAX_PER_PACKAGE || !list.iter().any(is) {
        list.push(make());
    }
}

/// A [`FactIndex`] made a slice of the evidence at a time, for a shell
/// that gives its page a turn between slices ([`super::Diagnosing`]).
pub struct IndexBuilder<'e> {
    evidence: &'e [Evidence],
    index: FactIndex,
    /// The position of the next fact to index.
    next: usize,
    /// [`list_of`]'s lists and last finds, of message IDs and of lines.
    message_ids: Vec<u32>,
    last_message: usize,
    line_ids: Vec<(&'e str, &'e str)>,
    last_line: usize,
    /// [`add_once`]'s places of the scopes' and the links' packages.
    scope_places: FxHashMap<&'e str, usize>,
    link_places: FxHashMap<&'e str, usize>,
    /// The place of each field value in [`FactIndex::spellings`], by the
    /// value's address and length: the facts share their strings, so a
    /// value is found without reading its text.
    spelling_places: FxHashMap<(usize, usize), u32>,
    /// The place of each captured value in [`FactIndex::captured`].
    value_places: FxHashMap<&'e str, u32>,
}

impl<'e> IndexBuilder<'e> {
    pub fn new(evidence: &'e [Evidence]) -> Self {
        IndexBuilder {
            evidence,
            index: FactIndex::default(),
            next: 0,
            message_ids: Vec::new(),
            last_message: 0,
            line_ids: Vec::new(),
            last_line: 0,
            scope_places: FxHashMap::default(),
            link_places: FxHashMap::default(),
            spelling_places: FxHashMap::default(),
            value_places: FxHashMap::default(),
        }
    }

    /// Facts not indexed yet.
    pub fn left(&self) -> usize {
        self.evidence.len() - self.next
    }

    /// Index up to `count` more facts; false once every fact is indexed.
    pub fn add(&mut self, count: usize) -> bool {
        let end = self.evidence.len().min(self.next.saturating_add(count));
        let index = &mut self.index;
        for (i, e) in self.evidence.iter().enumerate().take(end).skip(self.next) {
            match &e.fact {
                Fact::StatusMessage(m) => {
                    let mut fields = [NO_VALUE; FIELDS.len()];
                    for (place, f) in fields.iter_mut().zip(FIELDS) {
                        if let Some(v) = field(m, f) {
                            let key = (v.as_ptr() as usize, v.len());
                            let spellings = &mut index.spellings;
                            *place = *self.spelling_places.entry(key).or_insert_with(|| {
                                spellings.push(v.into());
                                // More distinct values than a u32 counts
                                // cannot come from an input wasm can hold.
                                u32::try_from(spellings.len() - 1).unwrap_or(NO_VALUE)
                            });
                        }
                    }
                    let keys = MessageKeys {
                        position: i,
                        id: m.id,
                        fields,
                        time: m.time.sort_key(),
                    };
                    index.add_message(&mut self.message_ids, &mut self.last_message, m.id, keys);
                    let package = field(m, Field::PackageId);
                    let component = m.component.as_deref();
                    add_once(
                        &mut index.scopes,
                        &mut self.scope_places,
                        &mut index.unpackaged_scopes,
                        package,
                        // The facts of one input share its name.
                        |(i, c)| {
                            (Rc::ptr_eq(i, &e.input) || **i == *e.input)
                                && c.as_deref() == component
                        },
                        || (e.input.clone(), m.component.clone()),
                    );
                    if let Some((parent, child, package)) = site_link(m) {
                        add_once(
                            &mut index.links,
                            &mut self.link_places,
                            &mut index.unpackaged_links,
                            package,
                            |(p, c)| p == parent && c == child,
                            || (parent.to_string(), child.to_string()),
                        );
                    }
                }
                Fact::LogLine(l) => {
                    let key = (&*l.article, &*l.log_line);
                    // The article's name is shared by its facts: its
                    // address is compared before its text.
                    let at = list_of(
                        &mut self.line_ids,
                        &mut self.last_line,
                        |k| (std::ptr::eq(k.0, key.0) || k.0 == key.0) && k.1 == key.1,
                        || key,
                    );
                    if at == index.lines.len() {
                        index.lines.push(LineList {
                            article: l.article.clone(),
                            line: l.log_line.clone(),
                            positions: Vec::new(),
                            times: Vec::new(),
                            names: l.captures.iter().map(|c| c.name.clone()).collect(),
                            values: Some(Vec::new()),
                        });
                    }
                    let list = &mut index.lines[at];
                    list.positions.push(i);
                    list.times.push(l.time.sort_key());
                    let same_slots = l.captures.len() == list.names.len()
                        && l.captures
                            .iter()
                            .zip(&list.names)
                            .all(|(c, name)| Rc::ptr_eq(&c.name, name) || *c.name == **name);
                    match &mut list.values {
                        Some(values) if same_slots => {
                            for c in &l.captures {
                                let captured = &mut index.captured;
                                let place = self
                                    .value_places
                                    .entry(c.value.as_str())
                                    .or_insert_with(|| {
                                        captured.push(c.value.as_str().into());
                                        u32::try_from(captured.len() - 1).unwrap_or(NO_VALUE)
                                    });
                                values.push(*place);
                            }
                        }
                        _ => list.values = None,
                    }
                }
                Fact::ComponentLog(_) => index.component_logs.push(i),
                Fact::RegistryKey(_) => index.registry_keys.push(i),
                Fact::FileVersion(_) => index.file_versions.push(i),
                Fact::SqlResult(_) => index.sql_results.push(i),
                Fact::SqlRow(_) => index.sql_rows.push(i),
                Fact::ScheduleBacklog(_) => {}
            }
        }
        self.next = end;
        self.next < self.evidence.len()
    }

    /// The index of every fact (those not indexed yet are indexed now).
    pub fn finish(mut self) -> FactIndex {
        while self.add(usize::MAX) {}
        self.index
    }
}

impl FactIndex {
    /// Index `evidence` in one pass.
    pub fn new(evidence: &[Evidence]) -> Self {
        IndexBuilder::new(evidence).finish()
    }

    /// Add status message `id` with its keys; `ids` and `last` are
    /// [`list_of`]'s.
    fn add_message(&mut self, ids: &mut Vec<u32>, last: &mut usize, id: u32, keys: MessageKeys) {
        if let Some(all) = &mut self.all_messages {
            all.push(keys);
            return;
        }
        if ids.len() >= MAX_MESSAGE_IDS && !ids.contains(&id) {
            let lists = std::mem::take(&mut self.messages);
            let mut all: Vec<MessageKeys> = lists.into_iter().flat_map(|(_, at)| at).collect();
            all.sort_unstable_by_key(|k| k.position);
            all.push(keys);
            self.all_messages = Some(all);
            return;
        }
        let at = list_of(ids, last, |known| *known == id, || id);
        if at == self.messages.len() {
            self.messages.push((id, Vec::new()));
        }
        if let Some((_, at)) = self.messages.get_mut(at) {
            at.push(keys);
        }
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

    /// The keys of the status messages of any of `ids`, by ascending
    /// position.
    pub(super) fn messages(&self, ids: &[u32]) -> Vec<&MessageKeys> {
        if let Some(all) = &self.all_messages {
            return all.iter().filter(|k| ids.contains(&k.id)).collect();
        }
        let mut lists = self.messages.iter().filter(|(id, _)| ids.contains(id));
        let mut out: Vec<&MessageKeys> = match lists.next() {
            Some((_, first)) => first.iter().collect(),
            None => return Vec::new(),
        };
        // A position holds one message, of one ID: no two keys tie.
        for (_, list) in lists {
            let list: Vec<&MessageKeys> = list.iter().collect();
            out = merge_by(&out, &list, |k| k.position);
        }
        out
    }

    /// Field `f` of the message `keys` are of, as [`field`] reads it.
    pub(super) fn field_of(&self, keys: &MessageKeys, f: Field) -> Option<&str> {
        let place = keys.fields.get(field_place(f)).copied()?;
        self.spellings
            .get(usize::try_from(place).ok()?)
            .map(|v| &**v)
    }

    /// The positions of `article`'s log-line facts of any of the lines
    /// `ids`, ascending.
    pub(super) fn lines(&self, article: &str, ids: &[String]) -> Vec<usize> {
        union(self.line_lists(article, ids).map(|l| &l.positions))
    }

    /// The lists of `article`'s lines `ids`.
    fn line_lists<'s>(
        &'s self,
        article: &'s str,
        ids: &'s [String],
    ) -> impl Iterator<Item = &'s LineList> + 's {
        self.lines
            .iter()
            .filter(move |l| &*l.article == article && ids.iter().any(|id| **id == *l.line))
    }

    /// `article`'s lines `ids` as (time, position), grouped by the value
    /// of slot `per` as [`norm`] spells it (without `per`, one group keyed
    /// `""`); a value that stands for a placeholder has no group. What the
    /// rules' `line_groups` gives from the facts, in another order within a
    /// group. `None` when a fact of these lines has slots other than its
    /// line's first fact: the caller reads the facts.
    pub(super) fn timed_line_groups(
        &self,
        article: &str,
        ids: &[String],
        per: Option<&str>,
    ) -> Option<Keyed<Vec<Timed>>> {
        let mut groups: Keyed<Vec<Timed>> = Keyed::default();
        // Each captured value's group, found once ([`REFUSED`]: none).
        let mut places: FxHashMap<u32, usize> = FxHashMap::default();
        for list in self.line_lists(article, ids) {
            let values = list.values.as_ref()?;
            let slot = match per {
                None => None,
                // No fact of this line has the slot: none is grouped.
                Some(f) => match list.names.iter().position(|n| n.eq_ignore_ascii_case(f)) {
                    Some(slot) => Some(slot),
                    None => continue,
                },
            };
            let width = list.names.len();
            let whole = per.is_none().then(|| groups.place(String::new()));
            for (k, (&position, &time)) in list.positions.iter().zip(&list.times).enumerate() {
                let group = match (whole, slot) {
                    (Some(group), _) => group,
                    (None, Some(slot)) => {
                        let value = *values.get(k * width + slot)?;
                        *places.entry(value).or_insert_with(|| {
                            match self.captured.get(value as usize) {
                                Some(v) if !holds_placeholder(v) => groups.place(norm(v)),
                                _ => REFUSED,
                            }
                        })
                    }
                    (None, None) => REFUSED,
                };
                if group != REFUSED {
                    groups.at(group).push((time, position));
                }
            }
        }
        Some(groups)
    }

    /// Every status message's (input, component, package), each once.
    pub(super) fn message_scopes(&self) -> Vec<MessageScope<'_>> {
        let mut out: Vec<MessageScope<'_>> = Vec::new();
        for (package, scopes) in self.scopes.iter() {
            for (input, component) in scopes {
                out.push((input, component.as_deref(), Some(package)));
            }
        }
        for (input, component) in &self.unpackaged_scopes {
            out.push((input, component.as_deref(), None));
        }
        out
    }

    /// Every site link of the status messages, each once.
    pub(super) fn site_links(&self) -> Vec<SiteLink<'_>> {
        let mut out: Vec<SiteLink<'_>> = Vec::new();
        for (package, links) in self.links.iter() {
            for (parent, child) in links {
                out.push((parent, child, Some(package)));
            }
        }
        for (parent, child) in &self.unpackaged_links {
            out.push((parent, child, None));
        }
        out
    }
}

/// The link a status message shows between a parent site and a child site.
pub(super) fn site_link(m: &crate::evidence::StatusMessage) -> Option<SiteLink<'_>> {
    let child = field(m, Field::ChildSite)?;
    let parent = field(m, Field::Site).or_else(|| field(m, Field::System))?;
    Some((parent, child, field(m, Field::PackageId)))
}

/// The positions in any of `lists` (each ascending), ascending, each once.
/// A list of its own even when one list would do: one simple iterator
/// type for every rule keeps the browser's build small, and copying the
/// positions costs far less than reading the facts they point to.
pub(super) fn union<'x>(lists: impl Iterator<Item = &'x Vec<usize>>) -> Vec<usize> {
    let mut all: Vec<usize> = Vec::new();
    for list in lists {
        all = if all.is_empty() {
            list.clone()
        } else {
            merge(&all, list)
        };
    }
    all
}

/// Two ascending lists as one, each position once. By hand: a library
/// sort would bring its own code into the browser's build.
fn merge(a: &[usize], b: &[usize]) -> Vec<usize> {
    merge_by(a, b, |&x| x)
}

/// Two lists, each ascending by `key`, as one; an item of `b` whose key
/// `a` holds is left out. Merged rather than sorted: sorting the lists of
/// two message IDs put end to end took 5.6 ms of one article's 30 in wasm
/// on the benchmark's 100 MiB log.
fn merge_by<T: Copy>(a: &[T], b: &[T], key: impl Fn(&T) -> usize) -> Vec<T> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut i, mut j) = (0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        let (x_key, y_key) = (key(x), key(y));
        if x_key <= y_key {
            out.push(*x);
            i += 1;
            if x_key == y_key {
                j += 1;
            }
        } else {
            out.push(*y);
            j += 1;
        }
    }
    out.extend_from_slice(a.get(i..).unwrap_or_default());
    out.extend_from_slice(b.get(j..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_union_is_ascending_and_holds_each_position_once() {
        let a = vec![1, 4, 9];
        let b = vec![2, 4, 10];
        let c = vec![0];
        assert_eq!(union([&a, &b, &c].into_iter()), [0, 1, 2, 4, 9, 10]);
        assert_eq!(union([&a].into_iter()), [1, 4, 9]);
        assert_eq!(union([&a, &a].into_iter()), [1, 4, 9]);
        assert!(union(std::iter::empty()).is_empty());
        assert_eq!(merge(&[], &[3]), [3]);
        assert_eq!(merge(&[5, 7], &[1, 5, 8, 9]), [1, 5, 7, 8, 9]);
        // By a key: ascending by it, the first list's item kept on a tie.
        let by_key = merge_by(
            &[(1, 'a'), (4, 'b')],
            &[(2, 'c'), (4, 'd'), (6, 'e')],
            |p| p.0,
        );
        assert_eq!(by_key, [(1, 'a'), (2, 'c'), (4, 'b'), (6, 'e')]);
    }

    /// A log-line fact of `article`'s line `line` at minute `minute`, with
    /// `captures` (slot name, value).
    fn line(
        article: &Shared,
        line: &Shared,
        minute: u32,
        captures: &[(&Shared, &str)],
    ) -> Evidence {
        use crate::evidence::{Capture, LogLine, Stamp};
        let local =
            chrono::NaiveDate::from_ymd_opt(2004, 6, 7).and_then(|d| d.and_hms_opt(10, minute, 0));
        Evidence {
            input: Shared::from("distmgr.log"),
            line: minute as usize + 1,
            text: String::new(),
            fact: Fact::LogLine(LogLine {
                article: article.clone(),
                log_line: line.clone(),
                component: None,
                severity: None,
                time: Stamp {
                    local,
                    ..Stamp::default()
                },
                last_line: minute as usize + 1,
                captures: captures
                    .iter()
                    .map(|(name, value)| Capture {
                        name: Rc::clone(name),
                        value: value.to_string(),
                    })
                    .collect(),
            }),
        }
    }

    #[test]
    fn lines_are_grouped_by_a_slot_from_the_index_or_left_to_the_facts() {
        let (article, incoming, other) =
            (Shared::from("A1"), Shared::from("in"), Shared::from("x"));
        let (file, site) = (Shared::from("pkg_file"), Shared::from("site"));
        let evidence = [
            line(&article, &incoming, 0, &[(&file, "a.PKG")]),
            line(&article, &other, 1, &[(&site, "S01")]),
            line(&article, &incoming, 2, &[(&file, " A.pkg ")]),
            line(&article, &incoming, 3, &[(&file, "<package file>")]),
            line(&article, &incoming, 4, &[(&file, "b.pkg")]),
        ];
        let index = FactIndex::new(&evidence);
        let ids = ["in".to_string()];
        let at = |minute: u32| {
            chrono::NaiveDate::from_ymd_opt(2004, 6, 7)
                .and_then(|d| d.and_hms_opt(10, minute, 0))
                .map(|t| t.and_utc())
        };
        let groups = index.timed_line_groups("A1", &ids, Some("PKG_FILE"));
        assert_eq!(
            groups.map(Keyed::into_sorted),
            Some(vec![
                ("A.PKG".to_string(), vec![(at(0), 0), (at(2), 2)]),
                ("B.PKG".to_string(), vec![(at(4), 4)]),
            ])
        );
        // Without a slot, one group of every line; a slot no line has, none.
        let all = index
            .timed_line_groups("A1", &ids, None)
            .map(Keyed::into_sorted);
        assert_eq!(all.map(|g| g[0].1.len()), Some(4));
        let none = index
            .timed_line_groups("A1", &ids, Some("site"))
            .map(Keyed::into_sorted);
        assert_eq!(none, Some(Vec::new()));
        // A fact whose slots differ from its line's first: the facts decide.
        let mut odd = evidence.to_vec();
        odd.push(line(&article, &incoming, 5, &[(&site, "S01")]));
        let index = FactIndex::new(&odd);
        assert!(index
            .timed_line_groups("A1", &ids, Some("pkg_file"))
            .is_none());
    }
}
