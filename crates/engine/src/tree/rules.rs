//! Answering questions from evidence: each [`Rule`] of a question is evaluated
//! over the evidence, and the first definite answer wins (a `no` read from
//! absence yields to any other rule's answer). Answers carry the evidence
//! lines behind them and the package IDs they concern, so a later question can
//! ask about "the same package" and the remedy can name the packages.
//!
//! Everything article-specific comes from the [`Article`]: message IDs, registry
//! key patterns, file names and thresholds.

use crate::evidence::{
    component_key, holds_placeholder, Evidence, Fact, LogLine, RegData, SqlRow, StatusMessage,
};
use crate::kb::tree::{
    CellCondition, CellTest, Field, FieldRef, Question, RegLiteral, Rule, ValueTest,
};
use crate::kb::{compare_versions, Article, FieldKind, Kb, Placeholder, Platform, Template};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::rc::Rc;

use super::index::{FactIndex, Kind, MessageKeys};
use super::order;
use super::step::Answer;

/// An answer read from evidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub answer: Answer,
    /// The branch label the answer selects.
    pub label: String,
    /// Indexes into the evidence slice, ascending.
    pub evidence: Vec<usize>,
    /// Package IDs concerned (upper-case).
    pub packages: BTreeSet<String>,
    /// Read from messages missing where they would show.
    pub by_absence: bool,
    pub why: String,
}

/// The answers an [`Evaluator`] found, by question ID (`None`: evidence
/// does not answer it).
pub type Answers = order::Keyed<Option<Rc<Found>>>;

/// Evaluates an article's questions over one evidence set, memoising each
/// question's answer (rules may refer to other questions' packages).
pub struct Evaluator<'a> {
    article: &'a Article,
    /// The whole KB, for rules that read another article (a file table
    /// shipped in another article's hotfix); `None`: such rules answer nothing.
    kb: Option<&'a Kb>,
    evidence: &'a [Evidence],
    /// The evidence's facts by what rules look them up by; `None`: every
    /// rule reads every fact (the reference reading).
    index: Option<&'a FactIndex>,
    cache: Answers,
    active: Vec<String>,
}

/// A rule's raw result before it is mapped to a question's branch.
struct Raw {
    answer: Answer,
    /// Positions in the evidence, ascending, each once ([`ascending`]).
    evidence: Vec<usize>,
    packages: BTreeSet<String>,
    by_absence: bool,
    why: String,
}

impl<'a> Evaluator<'a> {
    pub fn new(article: &'a Article, evidence: &'a [Evidence]) -> Self {
        Evaluator {
            article,
            kb: None,
            evidence,
            index: None,
            cache: order::Keyed::default(),
            active: Vec::new(),
        }
    }

    /// [`Evaluator::new`] with the KB at hand, for rules that read another
    /// article.
    pub fn with_kb(article: &'a Article, evidence: &'a [Evidence], kb: &'a Kb) -> Self {
        Evaluator {
            kb: Some(kb),
            ..Evaluator::new(article, evidence)
        }
    }

    /// [`Evaluator::with_kb`] (or [`Evaluator::new`] without a KB) reading `index` (built from `evidence`) for
    /// the facts each rule wants, rather than every fact.
    pub fn indexed(
        article: &'a Article,
        evidence: &'a [Evidence],
        kb: Option<&'a Kb>,
        index: &'a FactIndex,
    ) -> Self {
        Evaluator {
            kb,
            index: Some(index),
            ..Evaluator::new(article, evidence)
        }
    }

    /// This evaluator, knowing `answers`, which another evaluator of the
    /// same article over the same facts and KB found ([`Evaluator::answers`]):
    /// a wizard session keeps them from one answer of the admin's to the next.
    pub fn knowing(mut self, answers: Answers) -> Self {
        self.cache = answers;
        self
    }

    /// The answers found so far, for [`Evaluator::knowing`].
    pub fn answers(&self) -> Answers {
        self.cache.clone()
    }

    /// [`Evaluator::answers`], without a copy, when the evaluator is done.
    pub fn into_answers(self) -> Answers {
        self.cache
    }

    /// The evidence this evaluator reads.
    pub fn evidence(&self) -> &'a [Evidence] {
        self.evidence
    }

    /// The index this evaluator reads, if any.
    pub(super) fn index(&self) -> Option<&'a FactIndex> {
        self.index
    }

    /// The facts of `kind` with their positions, ascending: the ones the
    /// index lists, else every fact (the rule's own test picks).
    pub(super) fn facts(
        &self,
        kind: Kind,
    ) -> impl DoubleEndedIterator<Item = (usize, &'a Evidence)> + 'a {
        let evidence: &'a [Evidence] = self.evidence;
        let positions = match self.index {
            Some(index) => index.of_kind(kind).to_vec(),
            None => (0..evidence.len()).collect(),
        };
        positions
            .into_iter()
            .filter_map(move |i| evidence.get(i).map(|e| (i, e)))
    }

    /// The evidence answer to question `id`, if evidence answers it (shared:
    /// answers are computed once per evaluator).
    pub fn question(&mut self, id: &str) -> Option<Rc<Found>> {
        if let Some(hit) = self.cache.get(id) {
            return hit.clone();
        }
        // A rule chain that comes back to a question being evaluated answers nothing.
        if self.active.iter().any(|a| a == id) {
            return None;
        }
        let question = self.article.tree.question(id)?;
        self.active.push(id.to_string());
        let found = self.answer(question).map(Rc::new);
        self.active.pop();
        *self.cache.slot(id.to_string()) = found.clone();
        found
    }

    fn answer(&mut self, q: &Question) -> Option<Found> {
        let mut fallback = None;
        for rule in &q.evidence {
            let Some(raw) = self.rule(rule) else { continue };
            let Some(label) = raw.answer.label(&q.kind) else {
                continue;
            };
            let found = Found {
                answer: raw.answer,
                label,
                evidence: raw.evidence,
                packages: raw.packages,
                by_absence: raw.by_absence,
                why: raw.why,
            };
            if !found.by_absence {
                return Some(found);
            }
            fallback.get_or_insert(found);
        }
        fallback
    }

    fn rule(&mut self, rule: &Rule) -> Option<Raw> {
        match rule {
            Rule::MessageSeen {
                messages,
                same_package_as,
                absent_means_no,
            } => self.message_seen(&messages.ids, same_package_as.as_deref(), *absent_means_no),
            Rule::Count {
                messages,
                per,
                distinct,
            } => self.count(&messages.ids, per.as_ref(), distinct.as_ref()),
            Rule::Repeated {
                messages,
                per,
                at_least,
                min_gap_minutes,
            } => self.repeated(&messages.ids, per.as_ref(), *at_least, *min_gap_minutes),
            Rule::RegistryKeyPresent { key } => self.registry_key(key),
            Rule::FileVersion { file } => self.file_version(file),
            Rule::LinesSeen {
                lines,
                absent_means_no,
            } => self.lines_seen(lines, *absent_means_no),
            Rule::LinesRepeated {
                lines,
                per,
                at_least,
                min_gap_minutes,
                absent_means_no,
            } => self.lines_repeated(
                lines,
                per.as_deref(),
                *at_least,
                *min_gap_minutes,
                *absent_means_no,
            ),
            Rule::LinesCount {
                lines,
                per,
                distinct,
            } => self.lines_count(lines, per.as_deref(), distinct.as_deref()),
            Rule::LineValue { line, field } => self.line_value(line, field),
            Rule::RegistryValue {
                key,
                value,
                test,
                missing_means,
            } => self.registry_value(key, value, test, missing_means.as_ref()),
            Rule::FileFixed { article } => self.file_fixed(article.as_deref()),
            Rule::SqlRows {
                columns,
                conditions,
                duplicates,
                per,
                distinct,
                packages,
            } => self.sql_rows(&SqlQuery {
                columns,
                conditions,
                duplicates,
                per: per.as_deref(),
                distinct: distinct.as_deref(),
                packages: packages.as_deref(),
            }),
        }
    }

    /// The `sql_rows` rule (see [`Rule::SqlRows`]).
    fn sql_rows(&mut self, q: &SqlQuery<'_>) -> Option<Raw> {
        // The results holding every column: (input, header line) -> fact index.
        let results: Vec<(&str, usize, usize)> = self
            .facts(Kind::SqlResult)
            .filter_map(|(i, e)| match &e.fact {
                Fact::SqlResult(r)
                    if q.columns.iter().all(|c| {
                        r.columns
                            .iter()
                            .any(|have| have.eq_ignore_ascii_case(c.trim()))
                    }) =>
                {
                    Some((&*e.input, e.line, i))
                }
                _ => None,
            })
            .collect();
        if results.is_empty() {
            return None;
        }
        let passing: Vec<(usize, &SqlRow)> =
            self.facts(Kind::SqlRow)
                .filter_map(|(i, e)| match &e.fact {
                    Fact::SqlRow(r)
                        if results.iter().any(|(input, line, _)| {
                            *input == &*e.input && *line == r.header_line
                        }) && q.conditions.iter().all(|c| cell_passes(r, c)) =>
                    {
                        Some((i, r))
                    }
                    _ => None,
                })
                .collect();
        // Rows whose key another passing row repeats.
        let kept: Vec<(usize, &SqlRow)> = if q.duplicates.is_empty() {
            passing
        } else {
            let key = |r: &SqlRow| -> Option<Vec<String>> {
                q.duplicates.iter().map(|c| r.value(c).map(norm)).collect()
            };
            let mut keys: order::Keyed<usize> = order::Keyed::default();
            for (_, r) in &passing {
                if let Some(k) = key(r) {
                    *keys.slot(k.join("\u{1f}")) += 1;
                }
            }
            passing
                .into_iter()
                .filter(|(_, r)| {
                    key(r).is_some_and(|k| keys.get(&k.join("\u{1f}")).is_some_and(|n| *n >= 2))
                })
                .collect()
        };
        let mut groups: order::Keyed<Vec<(usize, &SqlRow)>> = order::Keyed::default();
        for (i, r) in kept {
            match q.per {
                None => groups.slot(String::new()).push((i, r)),
                Some(c) => {
                    if let Some(v) = r.value(c) {
                        groups.slot(norm(v)).push((i, r));
                    }
                }
            }
        }
        let size = |members: &[(usize, &SqlRow)]| match q.distinct {
            None => members.len(),
            Some(c) => order::set(members.iter().filter_map(|(_, r)| r.value(c).map(norm))).len(),
        };
        let best = groups
            .iter()
            .max_by(|a, b| size(a.1).cmp(&size(b.1)).then_with(|| b.0.cmp(a.0)));
        let what = |n: usize| {
            let rows = if q.duplicates.is_empty() {
                counted(n, "row", "rows")
            } else {
                format!(
                    "{} repeating {}",
                    counted(n, "row", "rows"),
                    q.duplicates.join(", ")
                )
            };
            match q.distinct {
                Some(c) => format!(
                    "{n} distinct {c} {}",
                    if n == 1 { "value" } else { "values" }
                ),
                None => rows,
            }
        };
        let filter = if q.conditions.is_empty() {
            String::new()
        } else {
            format!(
                " where {}",
                q.conditions
                    .iter()
                    .map(condition_text)
                    .collect::<Vec<_>>()
                    .join(" and ")
            )
        };
        let Some((key, members)) = best else {
            let at: Vec<String> = results
                .iter()
                .map(|(input, line, _)| format!("{input}:{line}"))
                .collect();
            return Some(Raw {
                answer: Answer::Number(0.0),
                evidence: ascending(results.iter().map(|(_, _, i)| *i)),
                packages: BTreeSet::new(),
                by_absence: false,
                why: format!("{} in the SQL result at {}{filter}", what(0), at.join(", ")),
            });
        };
        let n = size(members);
        // The group's value as its first row writes it (the key is upper-cased).
        let group = q
            .per
            .map(|c| {
                let shown = members.first().and_then(|(_, r)| r.value(c)).unwrap_or(key);
                format!(" for {c} {shown}")
            })
            .unwrap_or_default();
        let packages = match q.packages {
            Some(c) => order::set(members.iter().filter_map(|(_, r)| r.value(c).map(norm))),
            None => BTreeSet::new(),
        };
        Some(Raw {
            answer: Answer::Number(n as f64),
            evidence: ascending(members.iter().map(|(i, _)| *i)),
            packages,
            by_absence: false,
            why: format!("{} in SQL results{filter}{group}", what(n)),
        })
    }

    /// This article's log-line facts of the lines `ids`.
    fn lines<'e>(&'e self, ids: &'e [String]) -> impl Iterator<Item = (usize, &'a LogLine)> + 'e {
        let evidence: &'a [Evidence] = self.evidence;
        let article = self.article.id();
        let positions = match self.index {
            Some(index) => index.lines(article, ids),
            None => (0..evidence.len()).collect(),
        };
        // The index lists only facts of this article's lines `ids`; every
        // other fact is tested here.
        let listed = self.index.is_some();
        positions
            .into_iter()
            .filter_map(move |i| match &evidence.get(i)?.fact {
                Fact::LogLine(l)
                    if listed
                        || (&*l.article == article && ids.iter().any(|id| *id == *l.log_line)) =>
                {
                    Some((i, l))
                }
                _ => None,
            })
    }

    /// The inputs holding a log of the components of lines `ids`: where
    /// those lines would show had they been logged.
    fn line_scope(&self, ids: &[String]) -> BTreeSet<String> {
        let components = order::set(
            ids.iter()
                .filter_map(|id| self.article.log_line(id))
                .map(|d| component_key(&d.component)),
        );
        order::set(
            self.facts(Kind::ComponentLog)
                .filter_map(|(_, e)| match &e.fact {
                    Fact::ComponentLog(c) if components.contains(&component_key(&c.component)) => {
                        Some(format!(
                            "{} ({} entries of {})",
                            e.input, c.entries, c.component
                        ))
                    }
                    _ => None,
                }),
        )
    }

    /// Absence of lines `ids` as a `no`, when a log that would show them
    /// was given.
    fn lines_absent(&self, ids: &[String], what: &str) -> Option<Raw> {
        let scope = self.line_scope(ids);
        if scope.is_empty() {
            return None;
        }
        Some(Raw {
            answer: Answer::No,
            evidence: Vec::new(),
            packages: BTreeSet::new(),
            by_absence: true,
            why: format!(
                "{what} in {}",
                scope.into_iter().collect::<Vec<_>>().join(", ")
            ),
        })
    }

    fn lines_seen(&mut self, ids: &[String], absent_means_no: bool) -> Option<Raw> {
        let hits: Vec<(usize, &LogLine)> = self.lines(ids).collect();
        if hits.is_empty() {
            if !absent_means_no {
                return None;
            }
            return self.lines_absent(ids, &format!("no line {} logged", ids.join(" or ")));
        }
        Some(Raw {
            answer: Answer::Yes,
            evidence: ascending(hits.iter().map(|(i, _)| *i)),
            packages: line_packages(self.article, hits.iter().map(|(_, l)| *l)),
            by_absence: false,
            why: format!(
                "line {} seen {}",
                ids.join(" or "),
                counted(hits.len(), "time", "times")
            ),
        })
    }

    /// Lines `ids` grouped by the value of field `per` (upper-cased), in
    /// key order; without `per`, one group keyed `""`. Each line is read
    /// once and `keep` says what its group holds of it; a value that
    /// stands for a placeholder is refused once per spelling.
    fn line_groups<T>(
        &self,
        ids: &[String],
        per: Option<&str>,
        keep: impl Fn(usize, &'a LogLine) -> T,
    ) -> order::Keyed<Vec<T>> {
        let mut groups = Spellings::default();
        for (i, l) in self.lines(ids) {
            let group = match per {
                None => Some(groups.keyed.slot(String::new())),
                Some(f) => l
                    .capture(f)
                    .and_then(|v| groups.slot_unless(v, holds_placeholder)),
            };
            if let Some(group) = group {
                group.push(keep(i, l));
            }
        }
        groups.keyed
    }

    fn lines_repeated(
        &mut self,
        ids: &[String],
        per: Option<&str>,
        at_least: u32,
        gap_minutes: u32,
        absent_means_no: bool,
    ) -> Option<Raw> {
        let gap = chrono::Duration::minutes(i64::from(gap_minutes));
        let mut evidence = Vec::new();
        let mut keys = Vec::new();
        let mut any = false;
        // The index keeps each line's time and captured values beside its
        // position: read from there, this rule over the benchmark's 100 MiB
        // log took 5.6 ms in wasm against 28.0 ms reading the facts
        // (medians of 15, alternating). Without an index (the reference),
        // or when a line's facts have differing slots, the facts are read.
        let indexed = self
            .index
            .and_then(|index| index.timed_line_groups(self.article.id(), ids, per));
        let groups = match indexed {
            Some(groups) => groups,
            None => self.line_groups(ids, per, |i, l| (l.time.sort_key(), i)),
        };
        for (key, timed) in groups.into_sorted() {
            any = true;
            let mut timed: Vec<_> = timed
                .into_iter()
                .filter_map(|(t, i)| t.map(|t| (t, i)))
                .collect();
            order::sort_by_key(&mut timed, |(t, i)| (*t, *i));
            let mut picked = Vec::new();
            let mut last = None;
            for (t, i) in timed {
                if last.is_none_or(|l| t - l >= gap) {
                    picked.push(i);
                    last = Some(t);
                }
            }
            if picked.len() >= at_least as usize && !picked.is_empty() {
                evidence.extend(picked);
                keys.push(key);
            }
        }
        let evidence = ascending(evidence);
        let names = ids.join(" or ");
        let group = |keys: &[String]| match per {
            Some(f) if !keys.is_empty() => format!(" for {f} {}", keys.join(", ")),
            _ => String::new(),
        };
        if evidence.is_empty() {
            if !absent_means_no {
                return None;
            }
            let what = if any {
                format!("line {names} not repeated {at_least} times {gap_minutes} or more minutes apart")
            } else {
                format!("no line {names} logged")
            };
            return self.lines_absent(ids, &what);
        }
        let packages = line_packages(
            self.article,
            evidence
                .iter()
                .filter_map(|&i| match &self.evidence[i].fact {
                    Fact::LogLine(l) => Some(l),
                    _ => None,
                }),
        );
        Some(Raw {
            answer: Answer::Yes,
            why: format!(
                "line {names} repeated at least {at_least} times {gap_minutes} or more minutes apart{}",
                group(&keys)
            ),
            evidence,
            packages,
            by_absence: false,
        })
    }

    fn lines_count(
        &mut self,
        ids: &[String],
        per: Option<&str>,
        distinct: Option<&str>,
    ) -> Option<Raw> {
        let groups = self.line_groups(ids, per, |i, l| (i, l));
        let size = |members: &[(usize, &LogLine)]| match distinct {
            None => members.len(),
            Some(f) => order::set(members.iter().filter_map(|(_, l)| l.capture(f).map(norm))).len(),
        };
        let (key, members, n) = groups
            .iter()
            .map(|(key, members)| (key, members, size(members)))
            .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(a.0)))?;
        let what = match distinct {
            Some(f) => format!(
                "{n} distinct {f} {}",
                if n == 1 { "value" } else { "values" }
            ),
            None => counted(n, "occurrence", "occurrences"),
        };
        let group = per.map(|f| format!(" for {f} {key}")).unwrap_or_default();
        Some(Raw {
            answer: Answer::Number(n as f64),
            evidence: ascending(members.iter().map(|(i, _)| *i)),
            packages: line_packages(self.article, members.iter().map(|(_, l)| *l)),
            by_absence: false,
            why: format!("{what} of line {}{group}", ids.join(" or ")),
        })
    }

    fn line_value(&mut self, line: &str, field: &str) -> Option<Raw> {
        let kind = self.article.field(field)?.kind;
        let ids = [line.to_string()];
        let (i, l) = self
            .lines(&ids)
            .filter(|(_, l)| l.capture(field).is_some())
            .max_by_key(|(i, l)| (l.time.sort_key(), *i))?;
        let value = l.capture(field)?;
        let answer = match kind {
            FieldKind::Number => Answer::Number(value.parse::<i64>().ok()? as f64),
            FieldKind::Version => Answer::Version(value.to_string()),
            _ => return None,
        };
        Some(Raw {
            answer,
            evidence: vec![i],
            packages: BTreeSet::new(),
            by_absence: false,
            why: format!("{field} is {value} in the latest line {line}"),
        })
    }

    fn registry_value(
        &mut self,
        key: &str,
        value: &str,
        test: &ValueTest,
        missing_means: Option<&RegLiteral>,
    ) -> Option<Raw> {
        let def = self.article.registry_key(key)?;
        // The last export of the key wins: a later paste is the newer state.
        let (i, k) = self
            .facts(Kind::RegistryKey)
            .filter_map(|(i, e)| match &e.fact {
                Fact::RegistryKey(k) if !k.deleted && def.match_path(&k.path).is_some() => {
                    Some((i, k))
                }
                _ => None,
            })
            .next_back()?;
        let shown = |d: &RegData| match d {
            RegData::Dword(n) => format!("dword {n}"),
            RegData::String(t) | RegData::ExpandString(t) => format!("\"{t}\""),
            other => format!("{other:?}"),
        };
        let (holds, seen) = match k
            .values
            .iter()
            .rfind(|v| v.name.eq_ignore_ascii_case(value))
        {
            Some(v) => (value_test(&v.data, test)?, shown(&v.data)),
            None => {
                let default = missing_means?;
                let data = match default {
                    RegLiteral::Dword(n) => RegData::Dword(*n),
                    RegLiteral::Text(t) => RegData::String(t.clone()),
                };
                (
                    value_test(&data, test)?,
                    format!("missing, which means {}", shown(&data)),
                )
            }
        };
        let name = if value.is_empty() { "(default)" } else { value };
        Some(Raw {
            answer: if holds { Answer::Yes } else { Answer::No },
            evidence: vec![i],
            packages: BTreeSet::new(),
            by_absence: false,
            why: format!(
                "value {name} of {} is {seen}: {} {}",
                k.path,
                if holds { "passes" } else { "fails" },
                test_text(test)
            ),
        })
    }

    fn file_fixed(&mut self, other: Option<&str>) -> Option<Raw> {
        let table = match other {
            None => self.article,
            Some(id) => self.kb?.article(id)?,
        };
        let mut evidence = Vec::new();
        let mut below = Vec::new();
        for (i, e) in self.facts(Kind::FileVersion) {
            let Fact::FileVersion(f) = &e.fact else {
                continue;
            };
            let name = f.file.rsplit(['\\', '/']).next().unwrap_or(&f.file).trim();
            let platform = f.platform.as_deref().and_then(Platform::from_name);
            let Some(required) = table.files.required_version(name, platform) else {
                continue;
            };
            let Some(order) = compare_versions(&f.version, required) else {
                continue;
            };
            evidence.push(i);
            if order == Ordering::Less {
                below.push(format!("{name} {} (needs {required})", f.version));
            }
        }
        if evidence.is_empty() {
            return None;
        }
        let source = match other {
            Some(id) => format!("{id}'s file table"),
            None => "the file table".to_string(),
        };
        let (answer, why) = if below.is_empty() {
            (
                Answer::Yes,
                format!("every listed file is at or above {source}"),
            )
        } else {
            (Answer::No, format!("below {source}: {}", below.join(", ")))
        };
        Some(Raw {
            answer,
            evidence,
            packages: BTreeSet::new(),
            by_absence: false,
            why,
        })
    }

    /// The status messages of any of `ids`, with their positions,
    /// ascending: read from the index's keys when there is one, else from
    /// every fact.
    fn messages(&self, ids: &[u32]) -> Vec<(usize, Msg<'a>)> {
        let evidence: &'a [Evidence] = self.evidence;
        match self.index {
            Some(index) => index
                .messages(ids)
                .into_iter()
                .map(|keys| {
                    let msg = Msg::Keys {
                        keys,
                        index,
                        evidence,
                    };
                    (keys.position, msg)
                })
                .collect(),
            None => evidence
                .iter()
                .enumerate()
                .filter_map(|(i, e)| match &e.fact {
                    Fact::StatusMessage(m) if ids.contains(&m.id) => Some((i, Msg::Fact(m))),
                    _ => None,
                })
                .collect(),
        }
    }

    fn message_seen(
        &mut self,
        ids: &[u32],
        same_as: Option<&str>,
        absent_means_no: bool,
    ) -> Option<Raw> {
        let wanted: Option<BTreeSet<String>> = match same_as {
            None => None,
            Some(other) => Some(self.question(other)?.packages.clone()),
        };
        if wanted.as_ref().is_some_and(BTreeSet::is_empty) {
            return None;
        }
        // One pass over the messages (each read once: on a large log,
        // reading a message costs more than what is done with it): the
        // hits, and each package spelling they name, with whether it is
        // wanted decided once per spelling.
        let mut decided: FxHashMap<&str, bool> = FxHashMap::default();
        let mut spellings: FxHashSet<&str> = FxHashSet::default();
        let mut hits: Vec<usize> = Vec::new();
        for (i, m) in self.messages(ids) {
            let package = m.field(Field::PackageId);
            if let Some(w) = &wanted {
                let Some(p) = package else { continue };
                if !*decided.entry(p).or_insert_with(|| w.contains(&norm(p))) {
                    continue;
                }
            }
            hits.push(i);
            if let Some(p) = package {
                spellings.insert(p);
            }
        }
        let names = id_list(ids);
        if !hits.is_empty() {
            let packages = normed(spellings);
            let why = format!(
                "message {names} seen {}{}",
                counted(hits.len(), "time", "times"),
                for_packages(&packages)
            );
            return Some(Raw {
                answer: Answer::Yes,
                evidence: ascending(hits),
                packages,
                by_absence: false,
                why,
            });
        }
        if !absent_means_no {
            return None;
        }
        // Inputs that would have shown the messages had they been raised: ones
        // holding status messages of the same component (for the package).
        let components = order::set(
            ids.iter()
                .filter_map(|id| self.article.message(*id))
                .map(|d| component_key(&d.component)),
        );
        // A message's component and package field decide whether its
        // input shows where the messages would be.
        let shows = |component: Option<&str>, package: Option<&str>| {
            let same_component = match component {
                Some(c) if !components.is_empty() => components.contains(&component_key(c)),
                _ => true,
            };
            same_component
                && match &wanted {
                    None => true,
                    Some(w) => package.map(norm).is_some_and(|p| w.contains(&p)),
                }
        };
        let scope: BTreeSet<&str> = match self.index {
            // Each (input, component, package) once.
            Some(index) => order::set(
                index
                    .message_scopes()
                    .into_iter()
                    .filter(|(_, component, package)| shows(*component, *package))
                    .map(|(input, _, _)| input),
            ),
            None => order::set(self.evidence.iter().filter_map(|e| match &e.fact {
                Fact::StatusMessage(m)
                    if shows(m.component.as_deref(), field(m, Field::PackageId)) =>
                {
                    Some(&*e.input)
                }
                _ => None,
            })),
        };
        if scope.is_empty() {
            return None;
        }
        let inputs = scope.into_iter().collect::<Vec<_>>().join(", ");
        let why = match &wanted {
            Some(w) => format!(
                "no message {names}{} in {inputs}, which shows that package's other status messages",
                for_packages(w)
            ),
            None => format!("no message {names} in {inputs}, which shows other status messages of the same component"),
        };
        Some(Raw {
            answer: Answer::No,
            evidence: Vec::new(),
            packages: wanted.unwrap_or_default(),
            by_absence: true,
            why,
        })
    }

    /// The messages `ids` grouped by field `per`, in key order; without
    /// `per`, one group keyed `""`.
    fn groups(&self, ids: &[u32], per: Option<&FieldRef>) -> order::Keyed<Vec<(usize, Msg<'a>)>> {
        self.groups_of(ids, per, |i, m| Some((i, m)))
    }

    /// [`Evaluator::groups`] of what `member` makes of each message
    /// (`None`: left out), so that a rule reads what it needs of a message
    /// in the same pass.
    fn groups_of<T>(
        &self,
        ids: &[u32],
        per: Option<&FieldRef>,
        member: impl Fn(usize, Msg<'a>) -> Option<T>,
    ) -> order::Keyed<Vec<T>> {
        let reader = FieldReader::new(self.article, ids);
        let mut groups = Spellings::default();
        for (i, m) in self.messages(ids) {
            // Grouping by a field the message lacks: it belongs to no group.
            let slot = match per {
                Some(FieldRef::Builtin(b)) => match m.field(*b) {
                    Some(v) => groups.slot(v),
                    None => continue,
                },
                Some(f) => match reader.value(m, f) {
                    Some(k) => groups.keyed.slot(k),
                    None => continue,
                },
                None => groups.keyed.slot(String::new()),
            };
            if let Some(t) = member(i, m) {
                slot.push(t);
            }
        }
        groups.keyed
    }

    fn count(
        &mut self,
        ids: &[u32],
        per: Option<&FieldRef>,
        distinct: Option<&FieldRef>,
    ) -> Option<Raw> {
        let groups = self.groups(ids, per);
        let reader = FieldReader::new(self.article, ids);
        let size = |members: &[(usize, Msg<'a>)]| match distinct {
            None => members.len(),
            // A built-in field's distinct spellings first: a few dozen
            // child sites among thousands of messages.
            Some(FieldRef::Builtin(b)) => {
                let spellings: FxHashSet<&str> =
                    members.iter().filter_map(|(_, m)| m.field(*b)).collect();
                normed(spellings).len()
            }
            Some(f) => order::set(members.iter().filter_map(|(_, m)| reader.value(*m, f))).len(),
        };
        // The largest group; ties go to the first key. Each group's size
        // is counted once.
        let (key, members, n) = groups
            .iter()
            .map(|(key, members)| (key, members, size(members)))
            .max_by(|a, b| a.2.cmp(&b.2).then_with(|| b.0.cmp(a.0)))?;
        let what = match distinct {
            Some(f) => format!(
                "{n} distinct {} {}",
                ref_name(f),
                if n == 1 { "value" } else { "values" }
            ),
            None => counted(n, "occurrence", "occurrences"),
        };
        let group = match per {
            Some(f) => format!(" for {} {key}", ref_name(f)),
            None => String::new(),
        };
        Some(Raw {
            answer: Answer::Number(n as f64),
            evidence: ascending(members.iter().map(|(i, _)| *i)),
            packages: packages_of(members.iter().map(|(_, m)| *m)),
            by_absence: false,
            why: format!("{what} of message {}{group}", id_list(ids)),
        })
    }

    fn repeated(
        &mut self,
        ids: &[u32],
        per: Option<&FieldRef>,
        at_least: u32,
        gap_minutes: u32,
    ) -> Option<Raw> {
        let gap = chrono::Duration::minutes(i64::from(gap_minutes));
        let mut evidence = Vec::new();
        let mut spellings: FxHashSet<&str> = FxHashSet::default();
        // Each message's time and package read as it is grouped.
        let groups = self.groups_of(ids, per, |i, m| {
            let t = m.time()?;
            Some((t, i, m.field(Field::PackageId)))
        });
        for (_, mut timed) in groups.into_sorted() {
            order::sort_by_key(&mut timed, |(t, i, _)| (*t, *i));
            let mut picked: Vec<(usize, Option<&str>)> = Vec::new();
            let mut last = None;
            for (t, i, package) in timed {
                if last.is_none_or(|l| t - l >= gap) {
                    picked.push((i, package));
                    last = Some(t);
                }
            }
            if picked.len() >= at_least as usize && !picked.is_empty() {
                evidence.extend(picked.iter().map(|(i, _)| *i));
                spellings.extend(picked.iter().filter_map(|(_, p)| *p));
            }
        }
        let packages = normed(spellings);
        let evidence = ascending(evidence);
        if evidence.is_empty() {
            return None;
        }
        let why = format!(
            "message {} repeated at least {at_least} times {gap_minutes} or more minutes apart{}",
            id_list(ids),
            for_packages(&packages)
        );
        Some(Raw {
            answer: Answer::Yes,
            evidence,
            packages,
            by_absence: false,
            why,
        })
    }

    fn registry_key(&mut self, key: &str) -> Option<Raw> {
        let def = self.article.registry_key(key)?;
        let mut evidence = Vec::new();
        let mut packages = BTreeSet::new();
        for (i, e) in self.facts(Kind::RegistryKey) {
            let Fact::RegistryKey(k) = &e.fact else {
                continue;
            };
            if k.deleted {
                continue;
            }
            let Some(values) = def.match_path(&k.path) else {
                continue;
            };
            // The key pattern itself, as the article prints it: no key.
            if values.iter().any(|(_, v)| holds_placeholder(v)) {
                continue;
            }
            evidence.push(i);
            packages.extend(
                values
                    .iter()
                    .filter(|(p, _)| *p == Placeholder::PackageId)
                    .map(|(_, v)| norm(v)),
            );
        }
        if evidence.is_empty() {
            return None;
        }
        let why = format!(
            "{} key(s) matching {} present{}",
            evidence.len(),
            def.path,
            for_packages(&packages)
        );
        Some(Raw {
            answer: Answer::Yes,
            evidence,
            packages,
            by_absence: false,
            why,
        })
    }

    fn file_version(&mut self, file: &str) -> Option<Raw> {
        // The lowest version listed: a file counts as fixed only if every copy is.
        let mut lowest: Option<(usize, &str)> = None;
        for (i, e) in self.facts(Kind::FileVersion) {
            let Fact::FileVersion(f) = &e.fact else {
                continue;
            };
            let name = f.file.rsplit(['\\', '/']).next().unwrap_or(&f.file);
            if !name.trim().eq_ignore_ascii_case(file) {
                continue;
            }
            let Some(_) = compare_versions(&f.version, &f.version) else {
                continue;
            };
            let lower = match lowest {
                None => true,
                Some((_, v)) => compare_versions(&f.version, v) == Some(Ordering::Less),
            };
            if lower {
                lowest = Some((i, f.version.as_str()));
            }
        }
        let (i, version) = lowest?;
        Some(Raw {
            answer: Answer::Version(version.to_string()),
            evidence: vec![i],
            packages: BTreeSet::new(),
            by_absence: false,
            why: format!("{file} is version {version}"),
        })
    }
}

/// A `sql_rows` rule's parts.
struct SqlQuery<'r> {
    columns: &'r [String],
    conditions: &'r [CellCondition],
    duplicates: &'r [String],
    per: Option<&'r str>,
    distinct: Option<&'r str>,
    packages: Option<&'r str>,
}

/// Whether row `r` passes `c` (SQL's way with nulls: see [`CellTest`]).
fn cell_passes(r: &SqlRow, c: &CellCondition) -> bool {
    let value = r.value(&c.column).map(str::trim);
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    match (&c.test, value) {
        (CellTest::IsNull(null), v) => v.is_none() == *null,
        (_, None) => false,
        (CellTest::Equals(t), Some(v)) => same(v, t),
        (CellTest::NotEquals(t), Some(v)) => !same(v, t),
        (CellTest::Contains(t), Some(v)) => v
            .to_ascii_lowercase()
            .contains(&t.trim().to_ascii_lowercase()),
        (CellTest::AtLeast(n), Some(v)) => v.parse::<f64>().is_ok_and(|x| x >= *n),
        (CellTest::SameAs(other), Some(v)) => r.value(other).is_some_and(|o| same(v, o)),
        (CellTest::DiffersFrom(other), Some(v)) => r.value(other).is_some_and(|o| !same(v, o)),
    }
}

/// A cell test in words, for the answer's reason.
fn condition_text(c: &CellCondition) -> String {
    let test = match &c.test {
        CellTest::Equals(t) => format!("is {t}"),
        CellTest::NotEquals(t) => format!("is not {t}"),
        CellTest::Contains(t) => format!("holds {t}"),
        CellTest::AtLeast(n) => format!("is at least {}", super::number::display(*n)),
        CellTest::IsNull(true) => "is null".to_string(),
        CellTest::IsNull(false) => "is not null".to_string(),
        CellTest::SameAs(o) => format!("equals {o}"),
        CellTest::DiffersFrom(o) => format!("differs from {o}"),
    };
    format!("{} {test}", c.column)
}

/// Positions, ascending and each once. The positions a rule collects
/// mostly come ascending already (the index lists them in evidence order),
/// and a vector of them costs a fraction of a `BTreeSet` built one insert
/// at a time: rules citing the 77,000 failures of a 100 MiB distmgr.log
/// spent about a tenth of their time on those inserts.
fn ascending(positions: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut out: Vec<usize> = positions.into_iter().collect();
    if !out.is_sorted() {
        out.sort_unstable();
    }
    out.dedup();
    out
}

/// The package IDs of `messages`: thousands of messages name a few
/// hundred packages, so each spelling is copied and upper-cased once.
fn packages_of<'m>(messages: impl Iterator<Item = Msg<'m>>) -> BTreeSet<String> {
    normed(messages.filter_map(|m| m.field(Field::PackageId)).collect())
}

/// Each of `spellings` as [`norm`] has it.
fn normed(spellings: FxHashSet<&str>) -> BTreeSet<String> {
    order::set(spellings.into_iter().map(norm))
}

/// The place of a spelling refused a group ([`Spellings::slot_unless`],
/// [`super::index::FactIndex::timed_line_groups`]).
pub(super) const REFUSED: usize = usize::MAX;

/// Groups keyed by a field's [`norm`], found by the field's spelling in
/// the facts: a hash of a few bytes instead of a walk down the sorted
/// keys, and one copy of each spelling instead of one per fact (grouping
/// 77,000 failures by package took most of a rule's time).
struct Spellings<'f, T> {
    keyed: order::Keyed<Vec<T>>,
    /// Each spelling seen, and the place of its group in `keyed`.
    places: FxHashMap<&'f str, usize>,
}

impl<T> Default for Spellings<'_, T> {
    fn default() -> Self {
        Spellings {
            keyed: order::Keyed::default(),
            places: FxHashMap::default(),
        }
    }
}

impl<'f, T> Spellings<'f, T> {
    /// The group of `norm(spelling)`, unless `refused(spelling)`: asked
    /// once per spelling.
    fn slot_unless(
        &mut self,
        spelling: &'f str,
        refused: impl FnOnce(&str) -> bool,
    ) -> Option<&mut Vec<T>> {
        let at = match self.places.get(spelling) {
            Some(&at) => at,
            None => {
                let at = if refused(spelling) {
                    REFUSED
                } else {
                    self.keyed.place(norm(spelling))
                };
                self.places.insert(spelling, at);
                at
            }
        };
        (at != REFUSED).then(|| self.keyed.at(at))
    }

    /// The group of `norm(spelling)`.
    fn slot(&mut self, spelling: &'f str) -> &mut Vec<T> {
        let at = match self.places.get(spelling) {
            Some(&at) => at,
            None => {
                let at = self.keyed.place(norm(spelling));
                self.places.insert(spelling, at);
                at
            }
        };
        self.keyed.at(at)
    }
}

/// A named field of a status message; never a placeholder (`<package ID>`),
/// which an article's text pasted as evidence can leave in a field the
/// parsers did not fill (a session saved before they dropped them, say).
pub fn field(m: &StatusMessage, f: Field) -> Option<&str> {
    let v = match f {
        Field::PackageId => m.package_id.as_deref().or_else(|| {
            m.attributes
                .iter()
                .find(|(id, _)| *id == 400)
                .map(|(_, v)| &**v)
        }),
        Field::PackageName => m.package_name.as_deref(),
        Field::PackageSource => m.package_source.as_deref(),
        Field::DpPath => m.dp_path.as_deref(),
        Field::ChildSite => m.child_site.as_deref(),
        Field::Site => m.site.as_deref(),
        Field::System => m.system.as_deref(),
    };
    v.map(str::trim)
        .filter(|v| !v.is_empty() && !holds_placeholder(v))
}

/// Package IDs the lines name: captures of fields of kind package ID.
fn line_packages<'l>(
    article: &Article,
    lines: impl Iterator<Item = &'l LogLine>,
) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for l in lines {
        for c in &l.captures {
            let is_package = c.name.eq_ignore_ascii_case(Placeholder::PackageId.name())
                || article
                    .field(&c.name)
                    .is_some_and(|f| f.kind == FieldKind::PackageId);
            if is_package && !holds_placeholder(&c.value) {
                out.insert(norm(&c.value));
            }
        }
    }
    out
}

/// Whether `data` passes `test` (`None`: a test the data's type cannot
/// take, such as a bit of a string).
fn value_test(data: &RegData, test: &ValueTest) -> Option<bool> {
    match (data, test) {
        (RegData::Dword(n), ValueTest::Equals(RegLiteral::Dword(m))) => Some(n == m),
        (RegData::String(t) | RegData::ExpandString(t), ValueTest::Equals(RegLiteral::Text(u))) => {
            Some(t.trim().eq_ignore_ascii_case(u.trim()))
        }
        (RegData::Dword(n), ValueTest::HasBit(mask)) => Some(n & mask == *mask),
        (RegData::Dword(n), ValueTest::AtLeast(m)) => Some(n >= m),
        _ => None,
    }
}

fn test_text(test: &ValueTest) -> String {
    match test {
        ValueTest::Equals(RegLiteral::Dword(n)) => format!("equals {n}"),
        ValueTest::Equals(RegLiteral::Text(t)) => format!("equals \"{t}\""),
        ValueTest::HasBit(m) => format!("has bit 0x{m:x}"),
        ValueTest::AtLeast(n) => format!("at least {n}"),
    }
}

/// A field reference's name for the admin.
fn ref_name(f: &FieldRef) -> &str {
    match f {
        FieldRef::Builtin(b) => field_name(*b),
        FieldRef::Declared(d) => d,
    }
}

/// A status message as the message rules read it: the fact itself, or
/// the index's keys of it ([`MessageKeys`]), which give the same built-in
/// fields and time without reading the fact.
#[derive(Clone, Copy)]
enum Msg<'a> {
    Fact(&'a StatusMessage),
    Keys {
        keys: &'a MessageKeys,
        index: &'a FactIndex,
        evidence: &'a [Evidence],
    },
}

impl<'a> Msg<'a> {
    /// Built-in field `f`, as [`field`] reads it.
    fn field(self, f: Field) -> Option<&'a str> {
        match self {
            Msg::Fact(m) => field(m, f),
            Msg::Keys { keys, index, .. } => index.field_of(keys, f),
        }
    }

    /// The time to order by ([`crate::evidence::Stamp::sort_key`]).
    fn time(self) -> Option<chrono::DateTime<chrono::Utc>> {
        match self {
            Msg::Fact(m) => m.time.sort_key(),
            Msg::Keys { keys, .. } => keys.time,
        }
    }

    /// The message itself, for what the keys do not hold.
    fn message(self) -> Option<&'a StatusMessage> {
        match self {
            Msg::Fact(m) => Some(m),
            Msg::Keys { keys, evidence, .. } => match &evidence.get(keys.position)?.fact {
                Fact::StatusMessage(m) => Some(m),
                _ => None,
            },
        }
    }
}

/// Reads a rule's fields from status messages: built-in ones from the
/// message, declared ones through this article's template of the message
/// ([`declared_value`]).
struct FieldReader<'a> {
    article: &'a Article,
    /// Each message ID's template (this article's), parsed once per rule.
    templates: Vec<(u32, Template)>,
}

impl<'a> FieldReader<'a> {
    fn new(article: &'a Article, ids: &[u32]) -> FieldReader<'a> {
        FieldReader {
            article,
            templates: ids
                .iter()
                .filter_map(|id| {
                    let def = article.message(*id)?;
                    Some((*id, article.template(def).ok()?))
                })
                .collect(),
        }
    }

    /// The field's value in `m`, upper-cased; `None` when it has none.
    fn value(&self, m: Msg<'_>, f: &FieldRef) -> Option<String> {
        let name = match f {
            FieldRef::Builtin(b) => return m.field(*b).map(norm),
            FieldRef::Declared(d) => d,
        };
        let m = m.message()?;
        let (_, template) = self.templates.iter().find(|(id, _)| *id == m.id)?;
        declared_value(self.article, template, m, name).map(|v| norm(&v))
    }
}

/// Declared field `name` of status message `m`, read with `template` (the
/// article's for `m`): the insertion string the field names, else the one
/// at the slot's place, else the slot's text in the description.
pub(crate) fn declared_value(
    article: &Article,
    template: &Template,
    m: &StatusMessage,
    name: &str,
) -> Option<String> {
    let value = if m.strings.is_empty() {
        let desc = m.description.as_deref()?;
        template
            .capture_named(desc)?
            .into_iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)?
    } else {
        let at = match article.field(name).and_then(|f| f.insertion) {
            Some(at) => at,
            None => template
                .slot_names()
                .iter()
                .position(|n| n.eq_ignore_ascii_case(name))?,
        };
        m.strings.get(at)?.trim().trim_matches('"').to_string()
    };
    Some(value.trim().to_string()).filter(|v| !v.is_empty() && !holds_placeholder(v))
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::PackageId => "package ID",
        Field::PackageName => "package name",
        Field::PackageSource => "package source",
        Field::DpPath => "distribution point",
        Field::ChildSite => "child site",
        Field::Site => "site",
        Field::System => "system",
    }
}

/// IDs, codes and names compare upper-case, as SMS shows them. Package IDs
/// and site codes are ASCII, so only ASCII letters are upper-cased (Unicode
/// case tables and code would add about 7 KB gzip to the browser build).
pub fn norm(v: &str) -> String {
    v.trim().to_ascii_uppercase()
}

fn id_list(ids: &[u32]) -> String {
    ids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(" or ")
}

fn for_packages(packages: &BTreeSet<String>) -> String {
    match packages.len() {
        0 => String::new(),
        1 => format!(
            " for package {}",
            packages.iter().next().map_or("", String::as_str)
        ),
        _ => format!(
            " for packages {}",
            packages.iter().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `n` and the word that fits it: `1 time`, `3 times`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn a_spelling_is_refused_or_grouped_once() {
        let asked = Cell::new(0);
        let refused = |v: &str| {
            asked.set(asked.get() + 1);
            holds_placeholder(v)
        };
        let mut groups: Spellings<'_, u32> = Spellings::default();
        for (k, v) in [
            "pkg1.pkg",
            "<package file>",
            "PKG1.PKG",
            "pkg1.pkg",
            "<package file>",
        ]
        .into_iter()
        .enumerate()
        {
            if let Some(group) = groups.slot_unless(v, refused) {
                group.push(k as u32);
            }
        }
        // Three spellings, each asked about once; the two of one value
        // share a group, the placeholder has none.
        assert_eq!(asked.get(), 3);
        assert_eq!(
            groups.keyed.into_sorted(),
            [("PKG1.PKG".to_string(), vec![0, 2, 3])]
        );
    }
}
