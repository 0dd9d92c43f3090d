//! Evidence summaries for display: the evidence grouped the way an admin reads
//! it for one article (status messages by ID, failures and fan-out per package,
//! matching registry keys, file versions against the fix), the hotfix version
//! check, and the merged timeline. Views render these; they compute nothing.
//!
//! Everything refers to evidence by index into the slice it was given, so the
//! caller can link each item to its source line.

use crate::evidence::{
    holds_placeholder, Entry, Evidence, Fact, FileVersion, Severity, Shared, Stamp,
};
use crate::kb::{compare_versions, Article, Files, MessageRole, Placeholder, Platform};
use crate::tree::order;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

/// Occurrences of one status message ID.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MessageGroup {
    pub id: u32,
    /// What the article says it proves (empty when the article does not know it).
    pub proves: String,
    pub role: Option<MessageRole>,
    /// Indices of the occurrences, in input order.
    pub items: Vec<usize>,
}

/// What the evidence shows for one package.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct PackageSummary {
    pub package: String,
    /// Failure messages (the article's `failure` role), by index.
    pub failures: Vec<usize>,
    /// Fan-out messages (the article's `fan_out` role), by index.
    pub fanouts: Vec<usize>,
    /// Distinct child sites the package was sent to.
    pub child_sites: BTreeSet<String>,
    /// Registry keys of the article naming this package (Retry History), by index.
    pub keys: Vec<usize>,
    pub first_failure: Option<DateTime<Utc>>,
    pub last_failure: Option<DateTime<Utc>>,
    /// Failed processings: one failed attempt raises several failure
    /// messages at once, so messages less than a minute apart count once.
    pub attempts: usize,
    /// The failure message IDs seen, ascending.
    pub failure_ids: Vec<u32>,
}

/// How a found file version compares with the fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FixState {
    /// At the fixed version or later.
    Fixed,
    /// Older than the fixed version.
    NotFixed,
    /// The version could not be compared.
    Unknown,
}

/// One file version found, checked against the article's file table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileCheck {
    pub index: usize,
    pub file: String,
    pub version: String,
    pub platform: Option<String>,
    /// The fixed version for this file (and platform, when known).
    pub required: Option<String>,
    pub state: FixState,
}

/// Evidence for one article, grouped.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Summary {
    /// Status messages the article knows, then any others, by ID.
    pub messages: Vec<MessageGroup>,
    /// Per package, sorted by package ID.
    pub packages: Vec<PackageSummary>,
    /// Registry keys matching one of the article's key patterns.
    pub registry: Vec<usize>,
    /// Other registry keys (read, but not named by the article).
    pub other_keys: usize,
    pub files: Vec<FileCheck>,
    /// Schedule.box (or other inbox) counts.
    pub backlog: Vec<usize>,
}

/// A package's summary while the evidence is read, with what each of its
/// failure messages says for [`attempts`]: read as each message is met,
/// so that finishing reads no fact again (reading the 77,000 failures of
/// a 100 MiB log a second time made the last step 33 to 68 ms on a CPU
/// slowed 2x).
#[derive(Debug, Default)]
struct Gathering {
    summary: PackageSummary,
    /// Each failure's time (seconds) and message ID, in the order of
    /// `summary.failures`.
    failures: Vec<(Option<i64>, u32)>,
}

/// The summary of package `id`, created on first use. Looked up before a
/// key is made: a log's thousands of status messages name a few packages.
fn package<'a>(packages: &'a mut order::Keyed<Gathering>, id: &str) -> &'a mut Gathering {
    if let Some(at) = packages.place_of(id) {
        return packages.at(at);
    }
    let entry = packages.slot(id.to_string());
    entry.summary.package = id.to_string();
    entry
}

/// How many failed processings `failures` (each message's time in seconds
/// and ID) stand for: timed messages are grouped into processings as the
/// simulator's calibration groups them; untimed ones count one attempt per
/// repeat of their most repeated message ID.
fn attempts(failures: &[(Option<i64>, u32)]) -> usize {
    let window = crate::sim::SAME_PROCESSING_WINDOW_S as i64;
    let mut times: Vec<i64> = failures.iter().filter_map(|(t, _)| *t).collect();
    let mut untimed: BTreeMap<u32, usize> = BTreeMap::new();
    for (_, id) in failures.iter().filter(|(t, _)| t.is_none()) {
        *untimed.entry(*id).or_default() += 1;
    }
    let timed = crate::sim::processing_starts(&mut times, window).len();
    timed + untimed.values().copied().max().unwrap_or(0)
}

/// Group `evidence` for `article`, in one go.
pub fn summarise(evidence: &[Evidence], article: &Article) -> Summary {
    let mut summariser = Summariser::new(article);
    summariser.add(evidence, 0..evidence.len());
    summariser.finish()
}

/// [`summarise`] a piece of the evidence at a time
/// ([`crate::steps::summarise`]): the pieces, added in order, give what
/// one call gives.
#[derive(Debug)]
pub struct Summariser<'a> {
    article: &'a Article,
    groups: BTreeMap<u32, Vec<usize>>,
    packages: order::Keyed<Gathering>,
    summary: Summary,
}

impl<'a> Summariser<'a> {
    pub fn new(article: &'a Article) -> Self {
        Summariser {
            article,
            groups: BTreeMap::new(),
            packages: order::Keyed::default(),
            summary: Summary::default(),
        }
    }

    /// Take in `evidence[range]`; the pieces must come in order, and
    /// `evidence` is the whole of it (items are known by their index).
    pub fn add(&mut self, evidence: &[Evidence], range: std::ops::Range<usize>) {
        let Summariser {
            article,
            groups,
            packages,
            summary,
        } = self;
        let article: &Article = article;
        for (i, e) in range.clone().zip(&evidence[range]) {
            match &e.fact {
                Fact::StatusMessage(m) => {
                    groups.entry(m.id).or_default().push(i);
                    let role = article.message(m.id).map(|d| d.role);
                    let id = m.package_id.as_deref().filter(|p| !holds_placeholder(p));
                    if let (Some(role), Some(p)) = (role, id) {
                        let gathering = package(packages, p);
                        let entry = &mut gathering.summary;
                        match role {
                            MessageRole::Failure => {
                                entry.failures.push(i);
                                let time = m.time.sort_key();
                                if let Some(t) = time {
                                    entry.first_failure =
                                        Some(entry.first_failure.map_or(t, |f| f.min(t)));
                                    entry.last_failure =
                                        Some(entry.last_failure.map_or(t, |l| l.max(t)));
                                }
                                gathering.failures.push((time.map(|t| t.timestamp()), m.id));
                            }
                            MessageRole::FanOut => {
                                entry.fanouts.push(i);
                                if let Some(site) =
                                    m.child_site.as_deref().filter(|s| !holds_placeholder(s))
                                {
                                    entry.child_sites.insert(site.to_ascii_uppercase());
                                }
                            }
                            MessageRole::Info => {}
                        }
                    }
                }
                Fact::RegistryKey(k) => {
                    let matched = article
                        .registry
                        .keys
                        .iter()
                        .find_map(|def| def.match_path(&k.path));
                    match matched {
                        // A key pattern pasted as it is (`...\<package ID>`) names no key.
                        Some(values)
                            if !k.deleted && !values.iter().any(|(_, v)| holds_placeholder(v)) =>
                        {
                            summary.registry.push(i);
                            if let Some((_, p)) =
                                values.iter().find(|(ph, _)| *ph == Placeholder::PackageId)
                            {
                                package(packages, p).summary.keys.push(i);
                            }
                        }
                        _ => summary.other_keys += 1,
                    }
                }
                Fact::FileVersion(f) => {
                    let platform = f.platform.as_deref().and_then(Platform::from_name);
                    let required = article
                        .files
                        .required_version(&f.file, platform)
                        .map(str::to_string);
                    let state = fix_state(&article.files, &f.file, &f.version, platform);
                    if article.files.knows(&f.file) && !f.version.trim().is_empty() {
                        summary.files.push(FileCheck {
                            index: i,
                            file: f.file.clone(),
                            version: f.version.clone(),
                            platform: f.platform.clone(),
                            required,
                            state,
                        });
                    }
                }
                Fact::ScheduleBacklog(_) => summary.backlog.push(i),
                Fact::LogLine(_) | Fact::ComponentLog(_) | Fact::SqlResult(_) | Fact::SqlRow(_) => {
                }
            }
        }
    }

    /// The summary of every piece added.
    pub fn finish(self) -> Summary {
        let Summariser {
            article,
            mut groups,
            packages,
            mut summary,
        } = self;
        // The article's own messages first, in its order; then the rest by ID.
        let known: Vec<u32> = article
            .messages
            .status_messages
            .iter()
            .map(|d| d.id)
            .collect();
        let mut ids: Vec<u32> = groups.keys().copied().collect();
        order::sort_by_key(&mut ids, |id| {
            (
                known.iter().position(|k| k == id).unwrap_or(usize::MAX),
                *id,
            )
        });
        summary.messages = ids
            .into_iter()
            .map(|id| {
                let def = article.message(id);
                MessageGroup {
                    id,
                    proves: def.map(|d| d.proves.clone()).unwrap_or_default(),
                    role: def.map(|d| d.role),
                    // Taken rather than removed: no B-tree rebalancing code.
                    items: groups.get_mut(&id).map(std::mem::take).unwrap_or_default(),
                }
            })
            .collect();
        summary.packages = packages
            .into_sorted()
            .into_iter()
            .map(
                |(
                    _,
                    Gathering {
                        mut summary,
                        failures,
                    },
                )| {
                    summary.attempts = attempts(&failures);
                    summary.failure_ids = order::set(failures.iter().map(|(_, id)| *id))
                        .into_iter()
                        .collect();
                    summary
                },
            )
            .collect();
        summary
    }
}

/// How `version` of `file` compares with the article's fix for `platform`.
/// Without a platform, against the fix of every platform the article lists
/// for the file: fixed only when at least all of them, not fixed only when
/// below all of them, else unknown (a listing that does not say where the
/// file runs cannot be held to one platform's fix).
fn fix_state(files: &Files, file: &str, version: &str, platform: Option<Platform>) -> FixState {
    let mut rows = files
        .rows_for(file)
        .filter(|r| platform.is_none_or(|p| r.platform == p))
        .peekable();
    if rows.peek().is_none() {
        return FixState::Unknown;
    }
    let (mut fixed, mut below) = (true, true);
    for r in rows {
        match compare_versions(version, &r.version) {
            Some(Ordering::Less) => fixed = false,
            Some(_) => below = false,
            None => return FixState::Unknown,
        }
    }
    match (fixed, below) {
        (true, _) => FixState::Fixed,
        (_, true) => FixState::NotFixed,
        _ => FixState::Unknown,
    }
}

/// [`HotfixRow::platform`] of the row for versions whose listing shows no
/// platform.
pub const NO_PLATFORM: &str = "not shown";

/// One row of the hotfix version check: a file of the article's table, on one
/// platform, against what the evidence shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HotfixRow {
    pub file: String,
    /// The table's platform, or [`NO_PLATFORM`].
    pub platform: String,
    /// The fixed version (for [`NO_PLATFORM`], the lowest over the platforms).
    pub required: String,
    /// The version found: the lowest when several listings show one for
    /// this platform (they contradict each other, and the diagnosis reports
    /// it; a file counts as fixed only where every copy is, as the
    /// diagnosis reads it).
    pub found: Option<String>,
    /// Index of the evidence that shows it.
    pub source: Option<usize>,
    pub state: FixState,
}

/// The lowest comparable version of `file` among the `listed` file
/// versions (each with its index in the evidence) whose platform `fits`
/// (the first listing, on ties), with its index.
fn lowest<'e>(
    listed: &[(usize, &'e FileVersion)],
    file: &str,
    fits: impl Fn(Option<Platform>) -> bool,
) -> Option<(usize, &'e str)> {
    let mut low: Option<(usize, &str)> = None;
    for &(i, f) in listed {
        // `dir` rows carry no version: nothing to compare.
        if !f.file.eq_ignore_ascii_case(file)
            || compare_versions(&f.version, &f.version).is_none()
            || !fits(f.platform.as_deref().and_then(Platform::from_name))
        {
            continue;
        }
        if low.is_none_or(|(_, v)| compare_versions(&f.version, v) == Some(Ordering::Less)) {
            low = Some((i, f.version.as_str()));
        }
    }
    low
}

/// The article's file table against the file versions in `evidence`, one
/// row per row of the table, filled from listings that show that platform
/// (`\I386\` in a path, a platform column, `filever`'s `W32i`). A version
/// whose listing shows no platform (or none the table lists) fills none of
/// them, as it may come from a server of either: each file with such
/// versions gets one more row, platform [`NO_PLATFORM`], after the table's,
/// checked against every platform's fix at once.
pub fn hotfix_check(evidence: &[Evidence], article: &Article) -> Vec<HotfixRow> {
    // The file versions, picked out once: the table's rows each look
    // through them, and a log's facts hold none (a pass over 300,000
    // facts per row took most of this call).
    let listed: Vec<(usize, &FileVersion)> = evidence
        .iter()
        .enumerate()
        .filter_map(|(i, e)| match &e.fact {
            Fact::FileVersion(f) => Some((i, f)),
            _ => None,
        })
        .collect();
    let row_of = |file: &str, platform: String, required: &str, found: Option<(usize, &str)>| {
        let state = match found {
            None => FixState::Unknown,
            Some((_, v)) => match platform.as_str() {
                NO_PLATFORM => fix_state(&article.files, file, v, None),
                _ => match compare_versions(v, required) {
                    Some(Ordering::Less) => FixState::NotFixed,
                    Some(_) => FixState::Fixed,
                    None => FixState::Unknown,
                },
            },
        };
        HotfixRow {
            file: file.to_string(),
            platform,
            required: required.to_string(),
            found: found.map(|(_, v)| v.to_string()),
            source: found.map(|(i, _)| i),
            state,
        }
    };
    let mut rows: Vec<HotfixRow> = article
        .files
        .rows
        .iter()
        .map(|row| {
            let found = lowest(&listed, &row.name, |p| p == Some(row.platform));
            row_of(
                &row.name,
                row.platform.name().to_string(),
                &row.version,
                found,
            )
        })
        .collect();
    let mut names: Vec<&str> = Vec::new();
    for row in &article.files.rows {
        if names.iter().any(|n| n.eq_ignore_ascii_case(&row.name)) {
            continue;
        }
        names.push(&row.name);
        let found = lowest(&listed, &row.name, |p| p.is_none());
        if let (Some(found), Some(required)) =
            (found, article.files.required_version(&row.name, None))
        {
            rows.push(row_of(
                &row.name,
                NO_PLATFORM.to_string(),
                required,
                Some(found),
            ));
        }
    }
    rows
}

/// One row of the merged timeline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimelineRow {
    /// Which input (index into the inputs given to [`timeline`]).
    pub input: usize,
    pub line: usize,
    pub time: Stamp,
    pub component: Option<Shared>,
    pub severity: Option<Severity>,
    /// The status message ID, when the row is one.
    pub message: Option<u32>,
}

/// Merge every input's log entries and status messages into one timeline in
/// UTC order (rows without a usable time go last, in input order). A status
/// message read from a log line that is also an entry replaces that entry, so
/// no line appears twice. Every row at once: [`Timeline`] keeps the same
/// rows as references and makes a row when it is shown.
pub fn timeline(inputs: &[(&[Entry], &[Evidence])]) -> Vec<TimelineRow> {
    let merged = Timeline::of(inputs);
    (0..merged.len())
        .filter_map(|at| merged.row(at, inputs))
        .collect()
}

/// Where a row of a [`Timeline`] comes from: one of its input's log
/// entries, or one of its facts (a status message), by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowSource {
    Entry(usize),
    Message(usize),
}

/// A row of a [`Timeline`]: its input, its source there, and its severity
/// (what "next error" looks for).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct RowRef {
    input: usize,
    source: RowSource,
    severity: Option<Severity>,
}

/// The merged timeline of [`timeline`], each row a reference to the entry
/// or status message it shows rather than a copy of its time and component:
/// a 100 MiB log has some 370,000 rows, and making and moving copies of
/// them was most of the timeline's cost (`docs/performance.md`, "The
/// timeline by reference"). A row is made when it is shown
/// ([`Timeline::row`]), from the same inputs the timeline was made of.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Timeline {
    rows: Vec<RowRef>,
}

impl Timeline {
    /// The timeline of `inputs` (each input's entries and evidence), made
    /// in one go: [`crate::steps::timeline`] with no turns. Its runs of
    /// 16,384 rows are sorted, then merged: on the 100 MiB bench log that
    /// took 25.6 ms natively, one sort of all 370,000 rows 43.0 ms (medians
    /// of 30): a run's keys stay in cache, and a log's runs mostly follow
    /// on in order, so most merges are a copy.
    pub fn of(inputs: &[(&[Entry], &[Evidence])]) -> Timeline {
        let ready = |_| std::future::ready(crate::steps::Turn::Go);
        crate::steps::run_ready(crate::steps::timeline(inputs, 16_384, ready)).unwrap_or_default()
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The first row from `from` on, going round to the start, of
    /// `severity`.
    pub fn next_of(&self, severity: Severity, from: usize) -> Option<usize> {
        let from = from.min(self.rows.len());
        let hit = |r: &RowRef| r.severity == Some(severity);
        self.rows[from..]
            .iter()
            .position(hit)
            .map(|at| from + at)
            .or_else(|| self.rows[..from].iter().position(hit))
    }

    /// The status message row `at` shows, with its line: the fact itself,
    /// for what the row does not copy (package, sites). `None` for a log
    /// entry's row, past the end, or when `inputs` do not hold it.
    pub fn message<'e>(
        &self,
        at: usize,
        inputs: &[(&'e [Entry], &'e [Evidence])],
    ) -> Option<(usize, &'e crate::evidence::StatusMessage)> {
        let r = self.rows.get(at)?;
        let RowSource::Message(i) = r.source else {
            return None;
        };
        let e = inputs.get(r.input)?.1.get(i)?;
        match &e.fact {
            Fact::StatusMessage(m) => Some((e.line, m)),
            _ => None,
        }
    }

    /// Row `at`, made from `inputs` (those the timeline was made of);
    /// `None` past the end or when `inputs` do not hold its source.
    pub fn row(&self, at: usize, inputs: &[(&[Entry], &[Evidence])]) -> Option<TimelineRow> {
        let r = self.rows.get(at)?;
        match r.source {
            RowSource::Message(_) => {
                let (line, m) = self.message(at, inputs)?;
                Some(TimelineRow {
                    input: r.input,
                    line,
                    time: m.time.clone(),
                    component: m.component.clone(),
                    severity: m.severity,
                    message: Some(m.id),
                })
            }
            RowSource::Entry(i) => {
                let entry = inputs.get(r.input)?.0.get(i)?;
                Some(TimelineRow {
                    input: r.input,
                    line: entry.first_line,
                    time: entry.time.clone(),
                    component: entry.component.clone(),
                    severity: entry.severity,
                    message: None,
                })
            }
        }
    }
}

/// A row's place in time order: untimed rows last, then by time, input and
/// line. Rows with equal keys keep the order they were gathered in (an
/// input's status messages before its entries).
pub(crate) type RowKey = (bool, Option<DateTime<Utc>>, usize, usize);

/// The rows of a [`Timeline`] as they are gathered, input by input and a
/// piece at a time, each with its key worked out once; then put in order.
#[derive(Debug, Default)]
pub(crate) struct TimelineRows {
    rows: Vec<RowRef>,
    keys: Vec<RowKey>,
    /// The lines of the current input's status messages, in line order
    /// once [`TimelineRows::messages_done`]: an entry on one of them is
    /// left out, as the message stands for it.
    message_lines: Vec<usize>,
}

impl TimelineRows {
    fn add(&mut self, row: RowRef, time: &Stamp, line: usize) {
        let at = time.sort_key();
        self.keys.push((at.is_none(), at, row.input, line));
        self.rows.push(row);
    }

    /// Start on the next input: its messages, then its entries.
    pub(crate) fn begin_input(&mut self) {
        self.message_lines.clear();
    }

    /// Gather the status messages of `evidence[range]`, facts of input
    /// `input`. All of an input's messages come before its entries.
    pub(crate) fn add_messages(
        &mut self,
        input: usize,
        evidence: &[Evidence],
        range: std::ops::Range<usize>,
    ) {
        for (at, e) in evidence[range.clone()].iter().enumerate() {
            if let Fact::StatusMessage(m) = &e.fact {
                self.message_lines.push(e.line);
                let row = RowRef {
                    input,
                    source: RowSource::Message(range.start + at),
                    severity: m.severity,
                };
                self.add(row, &m.time, e.line);
            }
        }
    }

    /// The current input's messages are all gathered: ready their lines
    /// for its entries.
    pub(crate) fn messages_done(&mut self) {
        // In line order already, as a scan gives its facts; sorted if not.
        if !self.message_lines.is_sorted() {
            order::sort(&mut self.message_lines);
        }
    }

    /// Gather `entries[range]`, log entries of input `input`, after all of
    /// that input's messages.
    pub(crate) fn add_entries(
        &mut self,
        input: usize,
        entries: &[Entry],
        range: std::ops::Range<usize>,
    ) {
        for (at, entry) in entries[range.clone()].iter().enumerate() {
            // The first status message line at or after the entry's.
            let next = self
                .message_lines
                .partition_point(|&l| l < entry.first_line);
            if self
                .message_lines
                .get(next)
                .is_some_and(|&l| l <= entry.last_line)
            {
                continue;
            }
            let row = RowRef {
                input,
                source: RowSource::Entry(range.start + at),
                severity: entry.severity,
            };
            self.add(row, &entry.time, entry.first_line);
        }
    }

    /// Every row's key, in the order the rows were gathered.
    pub(crate) fn keys(&self) -> &[RowKey] {
        &self.keys
    }

    /// The timeline of the gathered rows, `order` holding their positions
    /// in time order (a permutation of `0..keys().len()`).
    pub(crate) fn into_timeline(self, order: Vec<usize>) -> Timeline {
        Timeline {
            rows: order.into_iter().map(|at| self.rows[at]).collect(),
        }
    }
}

/// The finding as the admin's session has it: evidence-only diagnosis
/// (`base`) updated with the outcome the session reached, its path and its
/// remediation. While the session is still at a question, `base` as it is.
pub fn session_finding(
    session: &crate::tree::Session,
    kb: &crate::kb::Kb,
    base: &crate::tree::Finding,
) -> crate::tree::Finding {
    use crate::tree::Position;
    let mut f = base.clone();
    let (Ok(Position::Outcome { outcome }), Some(article)) =
        (session.position(kb), kb.article(&session.article))
    else {
        return f;
    };
    f.verdict = outcome.verdict;
    f.outcome = Some(outcome.id.clone());
    f.outcome_title = Some(outcome.title.clone());
    f.summary = Some(outcome.summary.clone());
    f.remediation = outcome
        .remediation
        .iter()
        .filter_map(|id| article.remedy(id).cloned())
        .collect();
    f.steps = session.steps.clone();
    f.needs = None;
    f
}
