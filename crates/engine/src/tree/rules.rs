//! Answering questions from evidence: each [`Rule`] of a question is evaluated
//! over the evidence, and the first definite answer wins (a `no` read from
//! absence yields to any other rule's answer). Answers carry the evidence
//! lines behind them and the package IDs they concern, so a later question can
//! ask about "the same package" and the remedy can name the packages.
//!
//! Everything article-specific comes from the [`Article`]: message IDs, registry
//! key patterns, file names and thresholds.

use crate::evidence::{holds_placeholder, Evidence, Fact, StatusMessage};
use crate::kb::tree::{Field, Question, Rule};
use crate::kb::{compare_versions, Article, Placeholder};
use std::cmp::Ordering;
use std::collections::BTreeSet;
use std::rc::Rc;

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

/// Evaluates an article's questions over one evidence set, memoising each
/// question's answer (rules may refer to other questions' packages).
pub struct Evaluator<'a> {
    article: &'a Article,
    evidence: &'a [Evidence],
    cache: order::Keyed<Option<Rc<Found>>>,
    active: Vec<String>,
}

/// A rule's raw result before it is mapped to a question's branch.
struct Raw {
    answer: Answer,
    evidence: BTreeSet<usize>,
    packages: BTreeSet<String>,
    by_absence: bool,
    why: String,
}

impl<'a> Evaluator<'a> {
    pub fn new(article: &'a Article, evidence: &'a [Evidence]) -> Self {
        Evaluator {
            article,
            evidence,
            cache: order::Keyed::default(),
            active: Vec::new(),
        }
    }

    /// The evidence this evaluator reads.
    pub fn evidence(&self) -> &'a [Evidence] {
        self.evidence
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
                evidence: raw.evidence.into_iter().collect(),
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
            } => self.count(&messages.ids, *per, *distinct),
            Rule::Repeated {
                messages,
                per,
                at_least,
                min_gap_minutes,
            } => self.repeated(&messages.ids, *per, *at_least, *min_gap_minutes),
            Rule::RegistryKeyPresent { key } => self.registry_key(key),
            Rule::FileVersion { file } => self.file_version(file),
        }
    }

    fn messages<'e>(
        &'e self,
        ids: &'e [u32],
    ) -> impl Iterator<Item = (usize, &'a StatusMessage)> + 'e {
        let evidence: &'a [Evidence] = self.evidence;
        evidence
            .iter()
            .enumerate()
            .filter_map(move |(i, e)| match &e.fact {
                Fact::StatusMessage(m) if ids.contains(&m.id) => Some((i, m)),
                _ => None,
            })
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
        let hits: Vec<(usize, &StatusMessage)> = self
            .messages(ids)
            .filter(|(_, m)| match &wanted {
                None => true,
                Some(w) => package(m).is_some_and(|p| w.contains(&p)),
            })
            .collect();
        let names = id_list(ids);
        if !hits.is_empty() {
            let packages = order::set(hits.iter().filter_map(|(_, m)| package(m)));
            let why = format!(
                "message {names} seen {}{}",
                counted(hits.len(), "time", "times"),
                for_packages(&packages)
            );
            return Some(Raw {
                answer: Answer::Yes,
                evidence: order::set(hits.iter().map(|(i, _)| *i)),
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
        let same_component = |m: &StatusMessage| match &m.component {
            Some(c) if !components.is_empty() => components.contains(&component_key(c)),
            _ => true,
        };
        let scope: BTreeSet<&str> = order::set(
            self.evidence
                .iter()
                .filter(|e| match (&e.fact, &wanted) {
                    (Fact::StatusMessage(m), None) => same_component(m),
                    (Fact::StatusMessage(m), Some(w)) => {
                        same_component(m) && package(m).is_some_and(|p| w.contains(&p))
                    }
                    _ => false,
                })
                .map(|e| &*e.input),
        );
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
            evidence: BTreeSet::new(),
            packages: wanted.unwrap_or_default(),
            by_absence: true,
            why,
        })
    }

    /// The messages `ids` grouped by field `per`, in key order; without
    /// `per`, one group keyed `""`.
    fn groups(
        &self,
        ids: &[u32],
        per: Option<Field>,
    ) -> order::Keyed<Vec<(usize, &'a StatusMessage)>> {
        let mut groups: order::Keyed<Vec<(usize, &'a StatusMessage)>> = order::Keyed::default();
        for (i, m) in self.messages(ids) {
            let key = per.map(|f| field(m, f).map(norm));
            match key {
                // Grouping by a field the message lacks: it belongs to no group.
                Some(None) => {}
                Some(Some(k)) => groups.slot(k).push((i, m)),
                None => groups.slot(String::new()).push((i, m)),
            }
        }
        groups
    }

    fn count(&mut self, ids: &[u32], per: Option<Field>, distinct: Option<Field>) -> Option<Raw> {
        let groups = self.groups(ids, per);
        let size = |members: &[(usize, &StatusMessage)]| match distinct {
            None => members.len(),
            Some(f) => order::set(members.iter().filter_map(|(_, m)| field(m, f).map(norm))).len(),
        };
        // The largest group; ties go to the first key.
        let (key, members) = groups
            .iter()
            .max_by(|a, b| size(a.1).cmp(&size(b.1)).then_with(|| b.0.cmp(a.0)))?;
        let n = size(members);
        let what = match distinct {
            Some(f) => format!(
                "{n} distinct {} {}",
                field_name(f),
                if n == 1 { "value" } else { "values" }
            ),
            None => counted(n, "occurrence", "occurrences"),
        };
        let group = match per {
            Some(f) => format!(" for {} {key}", field_name(f)),
            None => String::new(),
        };
        Some(Raw {
            answer: Answer::Number(n as f64),
            evidence: order::set(members.iter().map(|(i, _)| *i)),
            packages: order::set(members.iter().filter_map(|(_, m)| package(m))),
            by_absence: false,
            why: format!("{what} of message {}{group}", id_list(ids)),
        })
    }

    fn repeated(
        &mut self,
        ids: &[u32],
        per: Option<Field>,
        at_least: u32,
        gap_minutes: u32,
    ) -> Option<Raw> {
        let gap = chrono::Duration::minutes(i64::from(gap_minutes));
        let mut evidence = BTreeSet::new();
        let mut packages = BTreeSet::new();
        for members in self.groups(ids, per).values() {
            let mut timed: Vec<_> = members
                .iter()
                .filter_map(|(i, m)| m.time.sort_key().map(|t| (t, *i, *m)))
                .collect();
            order::sort_by_key(&mut timed, |(t, i, _)| (*t, *i));
            let mut picked: Vec<(usize, &StatusMessage)> = Vec::new();
            let mut last = None;
            for (t, i, m) in timed {
                if last.is_none_or(|l| t - l >= gap) {
                    picked.push((i, m));
                    last = Some(t);
                }
            }
            if picked.len() >= at_least as usize && !picked.is_empty() {
                evidence.extend(picked.iter().map(|(i, _)| *i));
                packages.extend(picked.iter().filter_map(|(_, m)| package(m)));
            }
        }
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
        let mut evidence = BTreeSet::new();
        let mut packages = BTreeSet::new();
        for (i, e) in self.evidence.iter().enumerate() {
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
            evidence.insert(i);
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
        for (i, e) in self.evidence.iter().enumerate() {
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
            evidence: order::set([i]),
            packages: BTreeSet::new(),
            by_absence: false,
            why: format!("{file} is version {version}"),
        })
    }
}

/// The package ID of a message: the named field, else attribute 400.
fn package(m: &StatusMessage) -> Option<String> {
    field(m, Field::PackageId).map(norm)
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

/// A component name as logs (`SMS_DISTRIBUTION_MANAGER`) and the viewer
/// (`SMS Distribution Manager`) spell it: letters and digits, upper-case.
fn component_key(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
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
