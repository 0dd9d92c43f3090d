//! Whole-article validation: duplicate ids, references that point nowhere
//! (between tree nodes, outcomes, remediation, messages, registry keys and
//! files), unreachable nodes, cycles, outcomes without remediation, and
//! template placeholders that no extractor fills.
//!
//! Policy: an outcome whose verdict is `confirmed` or `likely` must name at
//! least one remediation entry (the wizard always ends a positive diagnosis
//! with something to do); `ruled_out` and `insufficient_evidence` outcomes may
//! name none.

use crate::kb::article::Article;
use crate::kb::error::{Issue, Problem};
use crate::kb::files::compare_versions;
use crate::kb::messages::FieldKind;
use crate::kb::meta::{Prose, Signal};
use crate::kb::remediation::Step;
use crate::kb::template::Template;
use crate::kb::tree::{Field, FieldRef, Node, QuestionKind, Rule, Verdict, UNKNOWN};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Every problem of `article`, in file order; empty when it is valid.
pub fn validate(article: &Article) -> Vec<Issue> {
    let mut v = Validator {
        article,
        issues: Vec::new(),
    };
    v.metadata();
    v.messages();
    v.registry();
    v.files();
    v.remediation();
    v.simulator();
    v.tree();
    v.issues
}

struct Validator<'a> {
    article: &'a Article,
    issues: Vec<Issue>,
}

fn unknown(what: &'static str, id: impl ToString) -> Problem {
    Problem::Unknown {
        what,
        id: id.to_string(),
    }
}

fn duplicate(what: &'static str, id: impl ToString) -> Problem {
    Problem::Duplicate {
        what,
        id: id.to_string(),
    }
}

/// Fields only a message template can fill (package ID also comes from
/// attribute 400, site and system from the message header).
fn template_only(field: Field) -> Option<&'static str> {
    match field {
        Field::PackageName => Some("package_name"),
        Field::PackageSource => Some("package_source"),
        Field::DpPath => Some("dp_path"),
        Field::ChildSite => Some("child_site"),
        Field::PackageId | Field::Site | Field::System => None,
    }
}

fn verdict_name(v: Verdict) -> &'static str {
    match v {
        Verdict::Confirmed => "confirmed",
        Verdict::Likely => "likely",
        Verdict::RuledOut => "ruled_out",
        Verdict::InsufficientEvidence => "insufficient_evidence",
    }
}

impl<'a> Validator<'a> {
    fn push(&mut self, file: &str, path: impl Into<String>, problem: Problem) {
        self.issues.push(Issue::new(
            format!("{}/{}", self.article.dir, file),
            path,
            problem,
        ));
    }

    fn metadata(&mut self) {
        const F: &str = "article.json";
        let meta = &self.article.meta;
        if meta.id.trim().is_empty() {
            self.push(F, "id", Problem::Empty("article id"));
        }
        if let Some(url) = &meta.source_url {
            if !url.starts_with("https://") || url.contains(char::is_whitespace) {
                self.push(F, "source_url", Problem::BadUrl(url.clone()));
            }
        }
        for (i, s) in meta.admin_sees.iter().enumerate() {
            if s.trim().is_empty() {
                self.push(F, format!("admin_sees[{i}]"), Problem::Empty("symptom"));
            }
        }
        let heads = &self.article.headings;
        let mut seen = HashSet::new();
        for (i, r) in meta.related.iter().enumerate() {
            if !seen.insert(r.id.as_str()) {
                self.push(
                    F,
                    format!("related[{i}].id"),
                    duplicate("related article", &r.id),
                );
            }
        }
        let mut prose: Vec<(&str, &Prose)> =
            vec![("symptoms", &meta.symptoms), ("cause", &meta.cause)];
        if let Some(r) = &meta.resolution {
            prose.push(("resolution", r));
        }
        for (name, p) in prose {
            if !heads.iter().any(|h| h == &p.section) {
                self.push(
                    F,
                    format!("{name}.section"),
                    Problem::UnknownSection(p.section.clone()),
                );
            }
            for (i, s) in p.signals.iter().enumerate() {
                let path = format!("{name}.signals[{i}]");
                match s {
                    Signal::StatusMessage { id } if self.article.message(*id).is_none() => {
                        self.push(F, format!("{path}.id"), unknown("status message", id))
                    }
                    Signal::RegistryKey { key } if self.article.registry_key(key).is_none() => {
                        self.push(F, format!("{path}.key"), unknown("registry key", key))
                    }
                    Signal::FileVersion { file } if !self.article.files.knows(file) => {
                        self.push(F, format!("{path}.file"), unknown("file", file))
                    }
                    Signal::LogLine { line } if self.article.log_line(line).is_none() => {
                        self.push(F, format!("{path}.line"), unknown("log line", line))
                    }
                    _ => {}
                }
            }
        }
        if let Some(st) = &meta.status {
            if !heads.iter().any(|h| h == &st.section) {
                self.push(
                    F,
                    "status.section",
                    Problem::UnknownSection(st.section.clone()),
                );
            }
        }
    }

    fn messages(&mut self) {
        const F: &str = "messages.json";
        let mut seen = HashSet::new();
        for (i, m) in self.article.messages.status_messages.iter().enumerate() {
            if !seen.insert(m.id) {
                self.push(
                    F,
                    format!("status_messages[{i}].id"),
                    duplicate("status message", m.id),
                );
            }
            if let Err(e) = self.article.template(m) {
                self.push(F, format!("status_messages[{i}].template"), e.into());
            }
        }
        let mut names = HashSet::new();
        for (i, f) in self.article.messages.fields.iter().enumerate() {
            let name = f.name.trim().to_ascii_lowercase();
            if name.is_empty() || name.contains(['<', '>']) {
                self.push(
                    F,
                    format!("fields[{i}].name"),
                    Problem::Reference(format!(
                        "field name \"{}\" must be non-empty text without < or >",
                        f.name
                    )),
                );
            } else if crate::kb::Placeholder::from_name(&name).is_some() {
                self.push(
                    F,
                    format!("fields[{i}].name"),
                    Problem::Reference(format!(
                        "<{}> is a built-in placeholder; it needs no declaration",
                        f.name.trim()
                    )),
                );
            }
            if !names.insert(name) {
                self.push(F, format!("fields[{i}].name"), duplicate("field", &f.name));
            }
            if f.insertion.is_some_and(|n| n > 9) {
                self.push(
                    F,
                    format!("fields[{i}].insertion"),
                    Problem::Reference(
                        "status messages carry insertion strings 0 to 9 (ISTR0..ISTR9)".into(),
                    ),
                );
            }
        }
        let mut ids = HashSet::new();
        for (i, l) in self.article.messages.log_lines.iter().enumerate() {
            if !ids.insert(l.id.as_str()) {
                self.push(
                    F,
                    format!("log_lines[{i}].id"),
                    duplicate("log line", &l.id),
                );
            }
            if crate::evidence::component_key(&l.component).is_empty() {
                self.push(
                    F,
                    format!("log_lines[{i}].component"),
                    Problem::Empty("component"),
                );
            }
            if let Err(e) = crate::kb::Pattern::compile(&l.pattern, &self.article.messages.fields) {
                self.push(F, format!("log_lines[{i}].pattern"), e.into());
            }
        }
    }

    fn registry(&mut self) {
        const F: &str = "registry.json";
        let reg = &self.article.registry;
        let mut seen = HashSet::new();
        for (i, w) in reg.warnings.iter().enumerate() {
            if !seen.insert(w.id.as_str()) {
                self.push(F, format!("warnings[{i}].id"), duplicate("warning", &w.id));
            }
        }
        let mut seen = HashSet::new();
        for (i, k) in reg.keys.iter().enumerate() {
            if !seen.insert(k.id.as_str()) {
                self.push(F, format!("keys[{i}].id"), duplicate("registry key", &k.id));
            }
            if let Err(e) = Template::parse_open(&k.path, |n| self.article.field(n).is_some()) {
                self.push(F, format!("keys[{i}].path"), e.into());
            }
            if let Some(w) = &k.risk {
                if self.article.warning(w).is_none() {
                    self.push(F, format!("keys[{i}].risk"), unknown("warning", w));
                }
            }
        }
    }

    fn files(&mut self) {
        const F: &str = "files.json";
        let mut seen = HashSet::new();
        for (i, r) in self.article.files.rows.iter().enumerate() {
            if !seen.insert((r.name.to_ascii_lowercase(), r.platform)) {
                self.push(
                    F,
                    format!("rows[{i}]"),
                    duplicate("file row", format!("{} {}", r.name, r.platform.name())),
                );
            }
            if compare_versions(&r.version, &r.version).is_none() {
                self.push(
                    F,
                    format!("rows[{i}].version"),
                    Problem::BadVersion(r.version.clone()),
                );
            }
        }
    }

    fn remediation(&mut self) {
        const F: &str = "remediation.json";
        let mut seen = HashSet::new();
        for (i, r) in self.article.remediation.entries.iter().enumerate() {
            if !seen.insert(r.id.as_str()) {
                self.push(
                    F,
                    format!("entries[{i}].id"),
                    duplicate("remediation", &r.id),
                );
            }
            if r.steps.is_empty() {
                self.push(
                    F,
                    format!("entries[{i}].steps"),
                    Problem::Empty("a remedy needs steps"),
                );
            }
            for (j, s) in r.steps.iter().enumerate() {
                let path = format!("entries[{i}].steps[{j}]");
                match s {
                    Step::ReplaceFile { file, .. } if !self.article.files.knows(file) => {
                        self.push(F, format!("{path}.file"), unknown("file", file))
                    }
                    Step::RegistryDelete { key, .. }
                        if self.article.registry_key(key).is_none() =>
                    {
                        self.push(F, format!("{path}.key"), unknown("registry key", key))
                    }
                    Step::Warning { warning } if self.article.warning(warning).is_none() => {
                        self.push(F, format!("{path}.warning"), unknown("warning", warning))
                    }
                    _ => {}
                }
            }
        }
    }

    fn simulator(&mut self) {
        const F: &str = "simulator.json";
        let Some(defaults) = &self.article.simulator else {
            return;
        };
        // Parameter labels must name the model's own parameters.
        let known = crate::sim::param_specs(defaults);
        for (i, spec) in defaults.parameters().iter().enumerate() {
            if !known.iter().any(|k| k.name == spec.name) {
                self.push(
                    F,
                    format!("parameters[{i}].name"),
                    unknown("simulator parameter", &spec.name),
                );
            } else if spec.min > spec.max {
                self.push(
                    F,
                    format!("parameters[{i}].max"),
                    Problem::OutOfRange("the range's maximum is below its minimum"),
                );
            }
        }
        let sim = match defaults {
            crate::kb::SimDefaults::RetryLoop(sim) => sim,
            crate::kb::SimDefaults::ContentDistribution(c) => return self.content_simulator(c),
        };
        // The simulator refuses a zero retry interval; an empty backlog
        // folder would match no listing and name nothing in reports.
        if sim.retry_interval_s == 0 {
            self.push(
                F,
                "retry_interval_s",
                Problem::OutOfRange("the retry interval must be at least 1 s"),
            );
        }
        if sim.backlog_folder.trim().trim_matches('\\').is_empty() {
            self.push(F, "backlog_folder", Problem::Empty("backlog folder"));
        }
        for (name, ids) in [
            ("failure_messages", &sim.failure_messages),
            ("fan_out_messages", &sim.fan_out_messages),
        ] {
            for (i, id) in ids.iter().enumerate() {
                if self.article.message(*id).is_none() {
                    self.push(F, format!("{name}[{i}]"), unknown("status message", id));
                }
            }
        }
    }

    /// The content-distribution model's defaults: what its parameters
    /// refuse, and log lines (with their slots) the article declares.
    fn content_simulator(&mut self, c: &crate::kb::ContentDefaults) {
        const F: &str = "simulator.json";
        let defaults = crate::sim::content::ContentParams::of(c);
        if let Err(e) = defaults.validate() {
            self.push(F, e.field(), Problem::OutOfRange(e.bound()));
        }
        let mut reads: Vec<(String, &str, &str)> = Vec::new();
        if let Some(t) = &c.evidence.thread_use {
            reads.push(("evidence.thread_use.used".into(), &t.line, &t.used));
            reads.push(("evidence.thread_use.allowed".into(), &t.line, &t.allowed));
        }
        for (name, lines) in [
            ("packages", &c.evidence.packages),
            ("dps", &c.evidence.dps),
            ("failing_dps", &c.evidence.failing_dps),
        ] {
            for (i, l) in lines.iter().enumerate() {
                reads.push((format!("evidence.{name}[{i}].field"), &l.line, &l.field));
            }
        }
        for (path, line, field) in reads {
            let Some(def) = self.article.log_line(line) else {
                let path = path
                    .rsplit_once('.')
                    .map_or(path.clone(), |(p, _)| p.to_string());
                self.push(F, format!("{path}.line"), unknown("log line", line));
                continue;
            };
            let slots =
                crate::kb::Template::parse_open(&def.pattern, |n| self.article.field(n).is_some())
                    .map(|t| t.slot_names())
                    .unwrap_or_default();
            if !slots.iter().any(|s| s.eq_ignore_ascii_case(field.trim())) {
                self.push(
                    F,
                    path,
                    Problem::Reference(format!(
                        "field {field} is filled by no slot of line {line}"
                    )),
                );
            }
        }
    }

    fn tree(&mut self) {
        const F: &str = "tree.json";
        let tree = &self.article.tree;
        let mut index: HashMap<&str, usize> = HashMap::new();
        for (i, n) in tree.nodes.iter().enumerate() {
            if index.insert(n.id(), i).is_some() {
                self.push(F, format!("nodes[{i}].id"), duplicate("node", n.id()));
                // Keep the first node under that id.
                index.insert(tree.nodes[i].id(), first_index(&tree.nodes, n.id()));
            }
        }
        if !index.contains_key(tree.start.as_str()) {
            self.push(F, "start", unknown("node", &tree.start));
        }
        for (path, what) in tree.reference_problems() {
            self.push(F, path, Problem::Reference(what));
        }
        let question_ids: HashMap<&str, &Vec<Rule>> = tree
            .nodes
            .iter()
            .filter_map(|n| match n {
                Node::Question(q) => Some((q.id.as_str(), &q.evidence)),
                Node::Outcome(_) => None,
            })
            .collect();
        for (i, node) in tree.nodes.iter().enumerate() {
            match node {
                Node::Question(q) => {
                    self.branches(i, &q.kind, &q.next);
                    for (label, target) in &q.next {
                        if !index.contains_key(target.as_str()) {
                            self.push(
                                F,
                                format!("nodes[{i}].next.{label}"),
                                unknown("node", target),
                            );
                        }
                    }
                    for (j, rule) in q.evidence.iter().enumerate() {
                        self.rule(&format!("nodes[{i}].evidence[{j}]"), rule, &question_ids);
                    }
                }
                Node::Outcome(o) => {
                    for (k, r) in o.remediation.iter().enumerate() {
                        if self.article.remedy(r).is_none() {
                            self.push(
                                F,
                                format!("nodes[{i}].remediation[{k}]"),
                                unknown("remediation", r),
                            );
                        }
                    }
                    if o.remediation.is_empty()
                        && matches!(o.verdict, Verdict::Confirmed | Verdict::Likely)
                    {
                        self.push(
                            F,
                            format!("nodes[{i}].remediation"),
                            Problem::NoRemediation(o.id.clone(), verdict_name(o.verdict)),
                        );
                    }
                }
            }
        }
        self.cross_references(&question_ids);
        self.reachability(&index);
    }

    /// `affected_from` and `contradictions` name questions and their answers.
    fn cross_references(&mut self, questions: &HashMap<&str, &Vec<Rule>>) {
        const F: &str = "tree.json";
        let tree = &self.article.tree;
        if let Some(q) = &tree.affected_from {
            if !questions.contains_key(q.as_str()) {
                self.push(F, "affected_from", unknown("question", q));
            }
        }
        let mut seen = HashSet::new();
        for (i, c) in tree.contradictions.iter().enumerate() {
            if !seen.insert(c.id.as_str()) {
                self.push(
                    F,
                    format!("contradictions[{i}].id"),
                    duplicate("contradiction", &c.id),
                );
            }
            if let Some(q) = &c.later_than {
                if !questions.contains_key(q.as_str()) {
                    self.push(
                        F,
                        format!("contradictions[{i}].later_than"),
                        unknown("question", q),
                    );
                }
            }
            for (j, cond) in c.when.iter().enumerate() {
                let path = format!("contradictions[{i}].when[{j}]");
                match tree.question(&cond.question) {
                    None => self.push(
                        F,
                        format!("{path}.question"),
                        unknown("question", &cond.question),
                    ),
                    Some(q) => {
                        let labels = q.kind.labels();
                        if cond.answer != UNKNOWN && !labels.contains(&cond.answer.as_str()) {
                            self.push(
                                F,
                                format!("{path}.answer"),
                                unknown(
                                    "answer",
                                    format!("{}\" of question \"{}", cond.answer, q.id),
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    /// A question's `next` labels must be exactly the answers of its kind.
    fn branches(&mut self, i: usize, kind: &QuestionKind, next: &BTreeMap<String, String>) {
        let (name, expected): (&'static str, Vec<String>) = match kind {
            QuestionKind::YesNo => ("yes_no", vec!["yes".into(), "no".into()]),
            QuestionKind::Choice { options } => {
                let mut seen = HashSet::new();
                for (j, o) in options.iter().enumerate() {
                    if !seen.insert(o.id.as_str()) {
                        self.push(
                            "tree.json",
                            format!("nodes[{i}].kind.options[{j}].id"),
                            duplicate("option", &o.id),
                        );
                    }
                }
                ("choice", options.iter().map(|o| o.id.clone()).collect())
            }
            QuestionKind::Number { .. } => ("number", vec!["at_least".into(), "below".into()]),
            QuestionKind::Version { threshold } => {
                if compare_versions(threshold, threshold).is_none() {
                    self.push(
                        "tree.json",
                        format!("nodes[{i}].kind.threshold"),
                        Problem::BadVersion(threshold.clone()),
                    );
                }
                ("version", vec!["at_least".into(), "below".into()])
            }
        };
        let list = expected
            .iter()
            .map(|e| format!("\"{e}\""))
            .collect::<Vec<_>>()
            .join(", ");
        for label in &expected {
            if !next.contains_key(label) {
                self.push(
                    "tree.json",
                    format!("nodes[{i}].next"),
                    Problem::MissingBranch {
                        label: label.clone(),
                        kind: name,
                        expected: list.clone(),
                    },
                );
            }
        }
        for label in next.keys() {
            if !expected.contains(label) && label != crate::kb::tree::UNKNOWN {
                self.push(
                    "tree.json",
                    format!("nodes[{i}].next.{label}"),
                    Problem::ExtraBranch {
                        label: label.clone(),
                        kind: name,
                        expected: list.clone(),
                    },
                );
            }
        }
    }

    /// A `sql_rows` rule names columns, and every column it tests, groups
    /// or counts by is one of them (so the results it reads are the ones
    /// holding them all).
    fn sql_columns(
        &mut self,
        path: &str,
        columns: &[String],
        conditions: &[crate::kb::tree::CellCondition],
        duplicates: &[String],
        named: [&Option<String>; 3],
    ) {
        const F: &str = "tree.json";
        if columns.is_empty() {
            self.push(
                F,
                format!("{path}.columns"),
                Problem::Reference("no columns: a rule must say which results it reads".into()),
            );
        }
        for (k, c) in columns.iter().enumerate() {
            if c.trim().is_empty() {
                self.push(
                    F,
                    format!("{path}.columns[{k}]"),
                    Problem::Reference("empty column name".into()),
                );
            }
        }
        let listed = |name: &str| {
            columns
                .iter()
                .any(|c| c.trim().eq_ignore_ascii_case(name.trim()))
        };
        let mut refs: Vec<(String, &str)> = Vec::new();
        for (k, cond) in conditions.iter().enumerate() {
            refs.push((format!("{path}.where[{k}].column"), &cond.column));
            if let Some(other) = cond.test.other_column() {
                refs.push((format!("{path}.where[{k}].test"), other));
            }
        }
        for (k, d) in duplicates.iter().enumerate() {
            refs.push((format!("{path}.duplicates[{k}]"), d));
        }
        for (label, name) in ["per", "distinct", "packages"].into_iter().zip(named) {
            if let Some(n) = name {
                refs.push((format!("{path}.{label}"), n));
            }
        }
        for (at, name) in refs {
            if !listed(name) {
                self.push(
                    F,
                    at,
                    Problem::Reference(format!("column {name} is not one of the rule's columns")),
                );
            }
        }
    }

    fn rule(&mut self, path: &str, rule: &Rule, questions: &HashMap<&str, &Vec<Rule>>) {
        const F: &str = "tree.json";
        let (ids, fields): (&[u32], Vec<(&str, FieldRef)>) = match rule {
            Rule::MessageSeen {
                messages,
                same_package_as,
                ..
            } => {
                if let Some(other) = same_package_as {
                    match questions.get(other.as_str()) {
                        None => self.push(
                            F,
                            format!("{path}.same_package_as"),
                            unknown("question", other),
                        ),
                        Some(rules) if rules.is_empty() => self.push(
                            F,
                            format!("{path}.same_package_as"),
                            Problem::NoPackageRule(other.clone()),
                        ),
                        Some(_) => {}
                    }
                }
                (&messages.ids, Vec::new())
            }
            Rule::Count {
                messages,
                per,
                distinct,
            } => {
                let mut f = Vec::new();
                if let Some(p) = per {
                    f.push(("per", p.clone()));
                }
                if let Some(d) = distinct {
                    f.push(("distinct", d.clone()));
                }
                (&messages.ids, f)
            }
            Rule::Repeated { messages, per, .. } => (
                &messages.ids,
                per.iter().map(|p| ("per", p.clone())).collect(),
            ),
            Rule::RegistryKeyPresent { key } => {
                if self.article.registry_key(key).is_none() {
                    self.push(F, format!("{path}.key"), unknown("registry key", key));
                }
                (&[], Vec::new())
            }
            Rule::FileVersion { file } => {
                if !self.article.files.knows(file) {
                    self.push(F, format!("{path}.file"), unknown("file", file));
                }
                (&[], Vec::new())
            }
            Rule::LinesSeen { lines, .. } => {
                self.lines(path, lines, &[]);
                (&[], Vec::new())
            }
            Rule::LinesRepeated { lines, per, .. } => {
                self.lines(path, lines, &[("per", per.as_deref())]);
                (&[], Vec::new())
            }
            Rule::LinesCount {
                lines,
                per,
                distinct,
            } => {
                self.lines(
                    path,
                    lines,
                    &[("per", per.as_deref()), ("distinct", distinct.as_deref())],
                );
                (&[], Vec::new())
            }
            Rule::LineValue { line, field } => {
                self.lines(path, std::slice::from_ref(line), &[("field", Some(field))]);
                if let Some(f) = self.article.field(field) {
                    if !matches!(f.kind, FieldKind::Number | FieldKind::Version) {
                        self.push(
                            F,
                            format!("{path}.field"),
                            Problem::Reference(format!("field {field} holds no number or version")),
                        );
                    }
                }
                (&[], Vec::new())
            }
            Rule::RegistryValue { key, .. } => {
                if self.article.registry_key(key).is_none() {
                    self.push(F, format!("{path}.key"), unknown("registry key", key));
                }
                (&[], Vec::new())
            }
            // Another article's table is checked when the KB is whole
            // (`kb_embedded`); an article alone cannot see it.
            Rule::FileFixed { article } => {
                if article.is_none() && self.article.files.rows.is_empty() {
                    self.push(
                        F,
                        format!("{path}.article"),
                        Problem::Reference(
                            "no file table: this article has no files.json rows and names no other article".into(),
                        ),
                    );
                }
                (&[], Vec::new())
            }
            Rule::SqlRows {
                columns,
                conditions,
                duplicates,
                per,
                distinct,
                packages,
            } => {
                self.sql_columns(
                    path,
                    columns,
                    conditions,
                    duplicates,
                    [per, distinct, packages],
                );
                (&[], Vec::new())
            }
        };
        for (k, id) in ids.iter().enumerate() {
            let Some(def) = self.article.message(*id) else {
                self.push(F, format!("{path}.ids[{k}]"), unknown("status message", id));
                continue;
            };
            let Ok(template) = self.article.template(def) else {
                continue; // reported under messages.json
            };
            let filled: BTreeSet<Field> =
                template.placeholders().iter().map(|p| p.field()).collect();
            let slots: Vec<String> = template
                .slot_names()
                .iter()
                .map(|n| n.to_ascii_lowercase())
                .collect();
            for (name, field) in &fields {
                let field = match field {
                    FieldRef::Builtin(f) => *f,
                    FieldRef::Declared(d) => {
                        if !slots.contains(&d.trim().to_ascii_lowercase()) {
                            self.push(
                                F,
                                format!("{path}.{name}"),
                                Problem::Reference(format!(
                                    "field {d} is filled by no placeholder of message {id}"
                                )),
                            );
                        }
                        continue;
                    }
                };
                let field = &field;
                if let Some(field_name) = template_only(*field) {
                    if !filled.contains(field) {
                        self.push(
                            F,
                            format!("{path}.{name}"),
                            Problem::FieldNotFilled {
                                field: field_name,
                                message: *id,
                            },
                        );
                    }
                }
            }
        }
    }

    /// Line ids that name no declared line, and fields (`per`, ...) that no
    /// slot of those lines' patterns fills.
    fn lines(&mut self, path: &str, lines: &[String], fields: &[(&str, Option<&str>)]) {
        const F: &str = "tree.json";
        if lines.is_empty() {
            self.push(F, format!("{path}.lines"), Problem::Empty("lines"));
        }
        let mut slots: Vec<String> = Vec::new();
        for (k, id) in lines.iter().enumerate() {
            match self.article.log_line(id) {
                None => self.push(F, format!("{path}.lines[{k}]"), unknown("log line", id)),
                Some(def) => {
                    if let Ok(t) = crate::kb::Template::parse_open(&def.pattern, |n| {
                        self.article.field(n).is_some()
                    }) {
                        slots.extend(t.slot_names().into_iter().map(|n| n.to_ascii_lowercase()));
                    }
                }
            }
        }
        for (name, field) in fields {
            let Some(field) = field else { continue };
            if !slots.contains(&field.trim().to_ascii_lowercase()) {
                self.push(
                    F,
                    format!("{path}.{name}"),
                    Problem::Reference(format!(
                        "field {field} is filled by no slot of the lines {}",
                        lines.join(", ")
                    )),
                );
            }
        }
    }

    /// Unreachable nodes, then the first cycle found (depth-first from start).
    fn reachability(&mut self, index: &HashMap<&str, usize>) {
        let tree = &self.article.tree;
        let Some(&start) = index.get(tree.start.as_str()) else {
            return;
        };
        let edges = |i: usize| -> Vec<(String, usize)> {
            match &tree.nodes[i] {
                Node::Question(q) => q
                    .next
                    .iter()
                    .filter_map(|(l, t)| index.get(t.as_str()).map(|&j| (l.clone(), j)))
                    .collect(),
                Node::Outcome(_) => Vec::new(),
            }
        };
        // Iterative DFS: 0 = unseen, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; tree.nodes.len()];
        let mut stack: Vec<Frame> = vec![(start, edges(start), 0)];
        state[start] = 1;
        let mut cycle: Option<(usize, String, Vec<String>)> = None;
        while let Some(top) = stack.last_mut() {
            let (node, out, pos) = (top.0, &top.1, top.2);
            if pos >= out.len() {
                state[node] = 2;
                stack.pop();
                continue;
            }
            let (label, target) = out[pos].clone();
            top.2 += 1;
            match state[target] {
                0 => {
                    state[target] = 1;
                    let e = edges(target);
                    stack.push((target, e, 0));
                }
                1 if cycle.is_none() => {
                    let from = stack.iter().position(|(n, _, _)| *n == target).unwrap_or(0);
                    let mut ids: Vec<String> = stack[from..]
                        .iter()
                        .map(|(n, _, _)| tree.nodes[*n].id().to_string())
                        .collect();
                    ids.push(tree.nodes[target].id().to_string());
                    cycle = Some((node, label, ids));
                }
                _ => {}
            }
        }
        // A `next` that points nowhere already has its error; the nodes it cut
        // off would only repeat it, so reachability is reported once it is fixed.
        let dangling = tree.nodes.iter().any(|n| match n {
            Node::Question(q) => q.next.values().any(|t| !index.contains_key(t.as_str())),
            Node::Outcome(_) => false,
        });
        let mut reported = HashSet::new();
        for (i, n) in tree.nodes.iter().enumerate().filter(|_| !dangling) {
            if state[i] == 0 && index.get(n.id()) == Some(&i) && reported.insert(n.id()) {
                self.push(
                    "tree.json",
                    format!("nodes[{i}]"),
                    Problem::Unreachable(n.id().to_string()),
                );
            }
        }
        if let Some((node, label, ids)) = cycle {
            self.push(
                "tree.json",
                format!("nodes[{node}].next.{label}"),
                Problem::Cycle(ids),
            );
        }
    }
}

/// A depth-first frame: node index, its out-edges (label, target), next edge.
type Frame = (usize, Vec<(String, usize)>, usize);

fn first_index(nodes: &[Node], id: &str) -> usize {
    nodes.iter().position(|n| n.id() == id).unwrap_or(0)
}
