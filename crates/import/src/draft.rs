//! The draft article folder made from an [`Extraction`]: the facts in the
//! engine's own model (so the validator reads them), the prose left as TODO
//! markers. No sentence of the source article is copied: only headings,
//! IDs, titles, templates, paths, values, file rows and log lines.

use crate::facts::section_at;
use crate::{Extraction, Problem, Role};
use kbwiz_engine::kb::files::{FileRow as KbFileRow, Files, Platform, Release};
use kbwiz_engine::kb::messages::{MessageDef, MessageRole, Messages};
use kbwiz_engine::kb::meta::{FixStatus, Metadata, Prose, Related, Signal};
use kbwiz_engine::kb::registry::{Registry, RegistryKeyDef};
use kbwiz_engine::kb::template::Template;
use kbwiz_engine::kb::tree::{
    MessageFilter, Node, Outcome, Question, QuestionKind, Rule, Tree, Verdict,
};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The marker for prose still to write.
pub const TODO: &str = "TODO";

/// A draft folder: file names and contents, plus what was left out of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// `(file name, contents)`, in the order they are written.
    pub files: Vec<(String, String)>,
    /// Facts read but not written to the JSON files, and why.
    pub left_out: Vec<Problem>,
}

/// `MORE INFORMATION` -> `More information`.
fn heading_case(h: &str) -> String {
    if h.chars().any(|c| c.is_ascii_lowercase()) {
        return h.to_string();
    }
    let lower = h.to_lowercase();
    let mut c = lower.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Inline code that survives backticks in the text.
fn code(s: &str) -> String {
    if s.contains('`') {
        format!("`` {s} ``")
    } else {
        format!("`{s}`")
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> String {
    match serde_json::to_string_pretty(v) {
        Ok(s) => s + "\n",
        Err(e) => format!("{{\"error\": {:?}}}\n", e.to_string()),
    }
}

/// A registry key id from its last path segment (`retry_history`).
fn slug(path: &str, taken: &BTreeSet<String>) -> String {
    let last = path
        .rsplit('\\')
        .find(|s| !s.is_empty() && !s.starts_with('<'))
        .unwrap_or("key");
    let mut s: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    s = s.trim_matches('_').to_string();
    if s.is_empty() {
        s = "key".into();
    }
    let base = s.clone();
    let mut n = 2;
    while taken.contains(&s) {
        s = format!("{base}_{n}");
        n += 1;
    }
    s
}

/// Build the draft folder's files.
pub fn draft(ex: &Extraction, source_name: &str) -> Draft {
    let mut left_out = Vec::new();
    let top = |no: usize| section_at(&ex.sections, no);

    // messages.json: only templates the engine accepts.
    let mut msgs = Vec::new();
    for m in &ex.messages {
        let Some(t) = &m.template else {
            left_out.push(Problem {
                line: m.line,
                message: format!(
                    "status message {} is named without its text; left out of messages.json",
                    m.id
                ),
            });
            continue;
        };
        if let Err(e) = Template::parse(t) {
            left_out.push(Problem {
                line: m.line,
                message: format!("status message {}: {e}; left out of messages.json", m.id),
            });
            continue;
        }
        let in_symptoms = matches!(top(m.line).as_deref(), Some("SYMPTOMS"));
        msgs.push(MessageDef {
            id: m.id,
            component: m
                .component
                .clone()
                .unwrap_or_else(|| format!("{TODO}: component")),
            severity: m.severity,
            template: t.clone(),
            raised_at: None,
            proves: format!("{TODO}: what one of these messages proves, in our words."),
            role: if in_symptoms {
                MessageRole::Failure
            } else {
                MessageRole::Info
            },
        });
    }
    let kept: BTreeSet<u32> = msgs.iter().map(|m| m.id).collect();

    // registry.json.
    let mut keys = Vec::new();
    let mut taken = BTreeSet::new();
    for k in &ex.registry {
        if let Err(e) = Template::parse(&k.key) {
            left_out.push(Problem {
                line: k.line,
                message: format!("registry key {}: {e}; left out of registry.json", k.key),
            });
            continue;
        }
        let id = slug(&k.key, &taken);
        taken.insert(id.clone());
        let mut meaning = format!("{TODO}: what this key means, in our words.");
        for v in &k.values {
            let _ = write!(meaning, " Value {:?} ({}) = {}.", v.name, v.kind, v.data);
        }
        keys.push(RegistryKeyDef {
            id,
            path: k.key.clone(),
            meaning,
            effect_of_deleting: None,
            risk: None,
        });
    }

    // files.json: complete rows only; one per file and platform.
    let mut rows: Vec<KbFileRow> = Vec::new();
    let mut notes = Vec::new();
    for r in &ex.files {
        let full = (|| {
            Some(KbFileRow {
                date: r.date.as_deref()?.parse().ok()?,
                time: chrono::NaiveTime::parse_from_str(r.time.as_deref()?, "%H:%M").ok()?,
                version: r.version.clone()?,
                size: r.size?,
                name: r.name.clone(),
                platform: Platform::from_name(r.platform.as_deref()?)?,
            })
        })();
        match full {
            Some(row)
                if !rows.iter().any(|o| {
                    o.name.eq_ignore_ascii_case(&row.name) && o.platform == row.platform
                }) =>
            {
                rows.push(row)
            }
            Some(row) => left_out.push(Problem {
                line: r.line,
                message: format!(
                    "file row {} {} repeats an earlier one; left out of files.json",
                    row.name,
                    row.platform.name()
                ),
            }),
            None => {
                let mut parts = vec![r.name.clone()];
                parts.extend(r.date.clone());
                parts.extend(r.time.clone());
                parts.extend(r.version.clone());
                parts.extend(r.size.map(|s| format!("{s} bytes")));
                parts.extend(r.platform.clone());
                let missing: Vec<&str> = [
                    ("date", r.date.is_none()),
                    ("time", r.time.is_none()),
                    ("version", r.version.is_none()),
                    ("size", r.size.is_none()),
                    (
                        "platform",
                        r.platform
                            .as_deref()
                            .and_then(Platform::from_name)
                            .is_none(),
                    ),
                ]
                .into_iter()
                .filter_map(|(what, gone)| gone.then_some(what))
                .collect();
                notes.push(format!(
                    "Row without {}: {}",
                    missing.join(", "),
                    parts.join(" ")
                ));
                left_out.push(Problem {
                    line: r.line,
                    message: format!(
                        "file row {} lacks a column files.json requires (date, time, version, size, platform Alpha or I386); kept as a note",
                        r.name
                    ),
                });
            }
        }
    }

    // Headings for article.json's prose references.
    let has = |name: &str| {
        ex.sections
            .iter()
            .any(|s| s.level == 1 && s.heading.eq_ignore_ascii_case(name))
    };
    let symptoms_heading = if has("SYMPTOMS") || !has("SUMMARY") {
        "Symptoms"
    } else {
        "Summary"
    };

    // Symptom signals: every status message and registry key the article
    // names (wherever it explains them), then the log lines quoted under
    // its symptoms heading.
    let symptom_upper = symptoms_heading.to_uppercase();
    let msg_signals: Vec<u32> = ex.messages.iter().map(|m| m.id).collect();
    let key_signals: Vec<(String, String)> = keys
        .iter()
        .map(|k| (k.id.clone(), k.path.clone()))
        .collect();
    let log_signals: Vec<&crate::LogLine> = ex
        .log_lines
        .iter()
        .filter(|l| top(l.line).as_deref() == Some(symptom_upper.as_str()))
        .collect();

    // article.md
    let mut md = String::new();
    let _ = writeln!(md, "# {}: {}\n", ex.id, ex.title);
    let _ = writeln!(
        md,
        "{TODO}: one paragraph on what this article is about, in our own words. \
         Drafted by `kbwiz kb import` from `{source_name}`: only headings and facts \
         were carried over; every {TODO} needs our prose.\n"
    );
    let mut wrote_symptoms = false;
    let mut wrote_cause = false;
    // The facts listed under each heading: bucket 0 holds those before the
    // first heading, bucket k + 1 those of section k (one pass, so a file
    // with many headings and facts stays linear).
    let starts: Vec<usize> = ex.sections.iter().map(|s| s.line).collect();
    let mut buckets = vec![String::new(); starts.len() + 1];
    let bucket = |no: usize| starts.partition_point(|&s| s <= no);
    for m in &ex.messages {
        let s = &mut buckets[bucket(m.line)];
        match &m.template {
            Some(t) => {
                let _ = writeln!(s, "- Status message {}: {}", m.id, code(t));
            }
            None => {
                let _ = writeln!(s, "- Status message {}", m.id);
            }
        }
    }
    for k in &ex.registry {
        let s = &mut buckets[bucket(k.line)];
        let _ = writeln!(s, "- Registry key {}", code(&k.key));
        for v in &k.values {
            let _ = writeln!(
                s,
                "  - value {} ({}): {}",
                code(&v.name),
                v.kind,
                code(&v.data)
            );
        }
    }
    for r in &ex.files {
        let cols: Vec<String> = [
            r.date.clone(),
            r.time.clone(),
            r.version.clone(),
            r.size.map(|s| format!("{s} bytes")),
            Some(r.name.clone()),
            r.platform.clone(),
        ]
        .into_iter()
        .flatten()
        .collect();
        let _ = writeln!(buckets[bucket(r.line)], "- File {}", cols.join(", "));
    }
    for l in &ex.log_lines {
        let _ = writeln!(
            buckets[bucket(l.line)],
            "- Log line{}: {}",
            l.component
                .as_deref()
                .map(|c| format!(" ({c})"))
                .unwrap_or_default(),
            code(&l.text)
        );
    }
    for (k, s) in ex.sections.iter().enumerate() {
        let name = heading_case(&s.heading);
        let hashes = if s.level == 1 { "##" } else { "###" };
        let upper = s.heading.to_uppercase();
        if s.level == 1
            && (upper == "SYMPTOMS" || upper == "SUMMARY")
            && name.eq_ignore_ascii_case(symptoms_heading)
        {
            wrote_symptoms = true;
        }
        if s.level == 1 && upper == "CAUSE" {
            wrote_cause = true;
        }
        let _ = writeln!(md, "{hashes} {name}\n");
        let _ = writeln!(md, "{TODO}: this section in our own words.\n");
        let facts = buckets.get(k + 1).map(String::as_str).unwrap_or_default();
        if !facts.is_empty() {
            let _ = writeln!(md, "Facts read here:\n\n{facts}");
        }
    }
    if !wrote_symptoms {
        let _ = writeln!(md, "## {symptoms_heading}\n\n{TODO}: the symptoms in our own words (the source has no such section).\n");
    }
    if !wrote_cause {
        let _ = writeln!(
            md,
            "## Cause\n\n{TODO}: the cause in our own words (the source has no CAUSE section).\n"
        );
    }
    let early = buckets.first().map(String::as_str).unwrap_or_default();
    if !early.is_empty() {
        let _ = writeln!(md, "## Facts before the first heading\n\n{early}");
    }
    if !ex.related.is_empty() || !ex.fixes.is_empty() {
        let _ = writeln!(md, "## Related articles and fixes\n");
        for r in &ex.related {
            let role = match r.role {
                Some(Role::FixedBy) => " (fixed by)",
                Some(Role::Fixes) => " (also fixed by this article's fix)",
                Some(Role::ServicePack) => " (obtaining the service pack)",
                Some(Role::SeeAlso) => " (see also)",
                None => "",
            };
            let _ = writeln!(md, "- {}{role}", r.id);
        }
        for f in &ex.fixes {
            let _ = writeln!(md, "- Fix mentioned: {}", f.name);
        }
        md.push('\n');
    }

    // article.json
    let has_resolution = has("RESOLUTION");
    let status = has("STATUS").then(|| FixStatus {
        confirmed: ex.status.confirmed,
        first_fixed_in: ex.status.first_fixed_in.clone(),
        see: ex.status.see.clone(),
        section: "Status".into(),
    });
    let meta = Metadata {
        id: ex.id.clone(),
        title: ex.title.clone(),
        product: ex.product.clone(),
        versions: ex.versions.clone(),
        source_url: None,
        admin_sees: Vec::new(),
        keywords: ex.keywords.clone(),
        technology: ex.footer.technology.clone(),
        query_words: ex.footer.query_words.clone(),
        issue_type: ex.footer.issue_type.clone(),
        solution_type: ex.footer.solution_type.clone(),
        last_modified: ex
            .last_modified
            .as_deref()
            .and_then(|d| d.parse().ok())
            .unwrap_or_default(),
        related: ex
            .related
            .iter()
            .map(|r| Related {
                id: r.id.clone(),
                title: r.title.clone().unwrap_or_else(|| format!("{TODO}: title")),
                why: format!("{TODO}: why a reader would open it, in our words."),
            })
            .collect(),
        symptoms: Prose {
            section: symptoms_heading.into(),
            summary: format!("{TODO}: the symptoms in one sentence, in our words."),
            signals: msg_signals
                .iter()
                .filter(|id| kept.contains(id))
                .map(|&id| Signal::StatusMessage { id })
                .chain(
                    key_signals
                        .iter()
                        .map(|(id, _)| Signal::RegistryKey { key: id.clone() }),
                )
                .collect(),
        },
        cause: Prose {
            section: "Cause".into(),
            summary: format!("{TODO}: the cause in one sentence, in our words."),
            signals: Vec::new(),
        },
        resolution: has_resolution.then(|| Prose {
            section: "Resolution".into(),
            summary: format!("{TODO}: the resolution in one sentence, in our words."),
            signals: Vec::new(),
        }),
        status,
    };
    if ex.last_modified.is_none() {
        left_out.push(Problem {
            line: 0,
            message: "no last-modified date: article.json has 1970-01-01 until one is written"
                .into(),
        });
    }

    // tree.json: one yes/no question per symptom signal, in a chain.
    let mut nodes = Vec::new();
    // (question, help, evidence, artefact)
    let mut asks: Vec<(String, String, Vec<Rule>, Option<String>)> = Vec::new();
    for id in &msg_signals {
        // A rule may only name messages that messages.json holds.
        let evidence = if kept.contains(id) {
            vec![Rule::MessageSeen {
                messages: MessageFilter { ids: vec![*id] },
                same_package_as: None,
                absent_means_no: false,
            }]
        } else {
            Vec::new()
        };
        asks.push((
            format!("{TODO}: ask whether status message {id} was reported."),
            String::new(),
            evidence,
            None,
        ));
    }
    for (id, path) in &key_signals {
        asks.push((
            format!("{TODO}: ask whether this registry key exists."),
            format!("Registry key: {path}"),
            vec![Rule::RegistryKeyPresent { key: id.clone() }],
            None,
        ));
    }
    for l in &log_signals {
        asks.push((
            format!("{TODO}: ask whether the log shows this line."),
            format!("Log line: {}", l.text),
            Vec::new(),
            l.component.clone(),
        ));
    }
    let total = asks.len();
    for (k, (text, help, evidence, artefact)) in asks.into_iter().enumerate() {
        let next = if k + 1 < total {
            format!("q_{}", k + 2)
        } else {
            "o_match".into()
        };
        nodes.push(Node::Question(Question {
            id: format!("q_{}", k + 1),
            text,
            help,
            kind: QuestionKind::YesNo,
            evidence,
            artefact,
            next: BTreeMap::from([("yes".into(), next), ("no".into(), "o_not_this".into())]),
        }));
    }
    if nodes.is_empty() {
        nodes.push(Node::Question(Question {
            id: "q_1".into(),
            text: format!(
                "{TODO}: ask about the symptom (the importer found no status message, registry key or log line to ask about)."
            ),
            help: String::new(),
            kind: QuestionKind::YesNo,
            evidence: Vec::new(),
            artefact: None,
            next: BTreeMap::from([
                ("yes".into(), "o_match".into()),
                ("no".into(), "o_not_this".into()),
            ]),
        }));
    }
    nodes.push(Node::Outcome(Outcome {
        id: "o_match".into(),
        title: format!("{TODO}: the outcome when every symptom is present"),
        verdict: Verdict::InsufficientEvidence,
        summary: format!("{TODO}: set the verdict, write the summary and name remediation."),
        remediation: Vec::new(),
    }));
    nodes.push(Node::Outcome(Outcome {
        id: "o_not_this".into(),
        title: format!("{TODO}: the outcome when a symptom is absent"),
        verdict: Verdict::RuledOut,
        summary: format!("{TODO}: the summary."),
        remediation: Vec::new(),
    }));
    let tree = Tree {
        start: "q_1".into(),
        nodes,
        affected_from: None,
        contradictions: Vec::new(),
    };

    let mut files = vec![
        ("article.json".to_string(), to_json(&meta)),
        ("article.md".to_string(), md),
        ("tree.json".to_string(), to_json(&tree)),
    ];
    if !msgs.is_empty() {
        files.push((
            "messages.json".into(),
            to_json(&Messages {
                status_messages: msgs,
                ..Messages::default()
            }),
        ));
    }
    if !keys.is_empty() {
        files.push((
            "registry.json".into(),
            to_json(&Registry {
                keys,
                warnings: Vec::new(),
            }),
        ));
    }
    if !rows.is_empty() || !notes.is_empty() {
        files.push((
            "files.json".into(),
            to_json(&Files {
                release: ex.release.as_ref().map(|r| Release {
                    name: format!("{} version of the {} fix", r.language, ex.id),
                    language: r.language.clone(),
                    based_on: r
                        .based_on
                        .clone()
                        .unwrap_or_else(|| format!("{TODO}: the release the fix applies to")),
                    ships_in: ex
                        .status
                        .first_fixed_in
                        .clone()
                        .unwrap_or_else(|| format!("{TODO}: where the fix ships")),
                    ships_in_article: ex.status.see.clone(),
                    or_later: r.or_later,
                }),
                rows,
                notes,
            }),
        ));
    }
    Draft { files, left_out }
}
