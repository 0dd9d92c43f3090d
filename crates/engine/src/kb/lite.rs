//! The embedded articles read without serde's derived deserializers, for the
//! browser build.
//!
//! Derived `Deserialize` impls (internally tagged enums, flattened fields,
//! `deny_unknown_fields`) cost the wasm about 170 KB of code for files that
//! never change after the build. Here each file is parsed once into a
//! [`serde_json::Value`] (one small, shared deserializer) and the typed model
//! is built from it by hand. There is no validation and no error detail: the
//! native `kb_embedded` tests have already loaded, validated and compared
//! exactly these bytes (`lite_reads_every_embedded_article_like_serde` checks
//! that this reader and serde agree on them), so a `None` here means a bug.

use crate::evidence::Severity;
use crate::kb::article::Article;
use crate::kb::files::{FileRow, Files, Platform, Release};
use crate::kb::messages::{MessageDef, MessageRole, Messages};
use crate::kb::meta::{FixStatus, Metadata, Prose, Related, Signal};
use crate::kb::registry::{Registry, RegistryKeyDef, Warning};
use crate::kb::remediation::{Remediation, Remedy, RemedyKind, ServiceAction, Step};
use crate::kb::simulator::{Resend, SimDefaults};
use crate::kb::tree::{
    ChoiceOption, Condition, Contradiction, Field, MessageFilter, Node, Outcome, Question,
    QuestionKind, Rule, Tree, Verdict,
};
use chrono::{NaiveDate, NaiveTime};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// An article from its files (`(file name, contents)`); `None` when a file
/// is missing, is not JSON or does not have the model's shape.
pub(crate) fn article(dir: &str, files: &[(&str, &str)]) -> Option<Article> {
    let text = |name: &str| {
        files
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.strip_prefix('\u{feff}').unwrap_or(t))
    };
    let json = |name: &str| -> Option<Option<Value>> {
        match text(name) {
            None => Some(None),
            Some(t) => serde_json::from_str(t).ok().map(Some),
        }
    };
    Some(Article {
        dir: dir.to_string(),
        meta: obj(&json("article.json")??).and_then(|o| metadata(&o))?,
        markdown: text("article.md")?.to_string(),
        messages: opt_file(json("messages.json")?, messages)?.unwrap_or_default(),
        registry: opt_file(json("registry.json")?, registry)?.unwrap_or_default(),
        files: opt_file(json("files.json")?, files_table)?.unwrap_or_default(),
        remediation: opt_file(json("remediation.json")?, remediation)?.unwrap_or_default(),
        simulator: opt_file(json("simulator.json")?, simulator)?,
        tree: obj(&json("tree.json")??).and_then(|o| tree(&o))?,
    })
}

/// An optional file: `Some(None)` when absent, `None` when malformed.
fn opt_file<T>(v: Option<Value>, f: fn(&O) -> Option<T>) -> Option<Option<T>> {
    match v {
        None => Some(None),
        Some(v) => f(&obj(&v)?).map(Some),
    }
}

/// A JSON object being read. A `null` member counts as absent, as serde's
/// `Option` fields take it.
struct O<'a>(&'a Map<String, Value>);

fn obj(v: &Value) -> Option<O<'_>> {
    v.as_object().map(O)
}

fn string(v: &Value) -> Option<String> {
    v.as_str().map(str::to_owned)
}

fn u32_of(v: &Value) -> Option<u32> {
    u32::try_from(v.as_u64()?).ok()
}

/// A unit variant by its (snake_case) name.
fn pick<T: Copy>(v: &Value, names: &[(&str, T)]) -> Option<T> {
    let s = v.as_str()?;
    names.iter().find(|(n, _)| *n == s).map(|(_, t)| *t)
}

impl<'a> O<'a> {
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }
    fn s(&self, key: &str) -> Option<String> {
        string(self.get(key)?)
    }
    /// A `#[serde(default)]` string.
    fn s_or_empty(&self, key: &str) -> Option<String> {
        self.opt(key, string).map(Option::unwrap_or_default)
    }
    fn os(&self, key: &str) -> Option<Option<String>> {
        self.opt(key, string)
    }
    fn u32(&self, key: &str) -> Option<u32> {
        u32_of(self.get(key)?)
    }
    fn b(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }
    fn b_or_false(&self, key: &str) -> Option<bool> {
        self.opt(key, Value::as_bool).map(Option::unwrap_or_default)
    }
    fn list<T>(&self, key: &str, f: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
        self.get(key)?.as_array()?.iter().map(f).collect()
    }
    /// A `#[serde(default)]` list.
    fn list_or_empty<T>(&self, key: &str, f: impl Fn(&Value) -> Option<T>) -> Option<Vec<T>> {
        match self.get(key) {
            None => Some(Vec::new()),
            Some(_) => self.list(key, f),
        }
    }
    fn objs<T>(&self, key: &str, f: fn(&O) -> Option<T>) -> Option<Vec<T>> {
        self.list(key, |v| f(&obj(v)?))
    }
    fn objs_or_empty<T>(&self, key: &str, f: fn(&O) -> Option<T>) -> Option<Vec<T>> {
        self.list_or_empty(key, |v| f(&obj(v)?))
    }
    fn opt<T>(&self, key: &str, f: impl Fn(&Value) -> Option<T>) -> Option<Option<T>> {
        match self.get(key) {
            None => Some(None),
            Some(v) => f(v).map(Some),
        }
    }
    fn opt_obj<T>(&self, key: &str, f: fn(&O) -> Option<T>) -> Option<Option<T>> {
        self.opt(key, |v| f(&obj(v)?))
    }
    fn strings(&self, key: &str) -> Option<Vec<String>> {
        self.list(key, string)
    }
    fn strings_or_empty(&self, key: &str) -> Option<Vec<String>> {
        self.list_or_empty(key, string)
    }
}

fn date(v: &Value) -> Option<NaiveDate> {
    let mut p = v.as_str()?.splitn(3, '-').map(str::parse::<u32>);
    let (y, m, d) = (p.next()?.ok()?, p.next()?.ok()?, p.next()?.ok()?);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

fn time(v: &Value) -> Option<NaiveTime> {
    let mut p = v.as_str()?.splitn(3, ':').map(str::parse::<u32>);
    let (h, m) = (p.next()?.ok()?, p.next()?.ok()?);
    let s = p.next().transpose().ok()?.unwrap_or(0);
    NaiveTime::from_hms_opt(h, m, s)
}

fn metadata(o: &O) -> Option<Metadata> {
    Some(Metadata {
        id: o.s("id")?,
        title: o.s("title")?,
        product: o.s("product")?,
        versions: o.strings("versions")?,
        keywords: o.strings("keywords")?,
        technology: o.strings_or_empty("technology")?,
        query_words: o.strings_or_empty("query_words")?,
        issue_type: o.os("issue_type")?,
        solution_type: o.os("solution_type")?,
        last_modified: date(o.get("last_modified")?)?,
        related: o.objs_or_empty("related", related)?,
        symptoms: prose(&obj(o.get("symptoms")?)?)?,
        cause: prose(&obj(o.get("cause")?)?)?,
        resolution: o.opt_obj("resolution", prose)?,
        status: o.opt_obj("status", fix_status)?,
    })
}

fn related(o: &O) -> Option<Related> {
    Some(Related {
        id: o.s("id")?,
        title: o.s("title")?,
        why: o.s("why")?,
    })
}

fn prose(o: &O) -> Option<Prose> {
    Some(Prose {
        section: o.s("section")?,
        summary: o.s("summary")?,
        signals: o.objs_or_empty("signals", signal)?,
    })
}

fn signal(o: &O) -> Option<Signal> {
    Some(match o.s("kind")?.as_str() {
        "status_message" => Signal::StatusMessage { id: o.u32("id")? },
        "registry_key" => Signal::RegistryKey { key: o.s("key")? },
        "file_version" => Signal::FileVersion { file: o.s("file")? },
        "backlog" => Signal::Backlog {
            folder: o.s("folder")?,
            what: o.s("what")?,
        },
        _ => return None,
    })
}

fn fix_status(o: &O) -> Option<FixStatus> {
    Some(FixStatus {
        confirmed: o.b("confirmed")?,
        first_fixed_in: o.os("first_fixed_in")?,
        see: o.os("see")?,
        section: o.s("section")?,
    })
}

fn messages(o: &O) -> Option<Messages> {
    Some(Messages {
        status_messages: o.objs("status_messages", message)?,
    })
}

fn message(o: &O) -> Option<MessageDef> {
    use MessageRole as R;
    use Severity as S;
    let severity = [
        ("info", S::Info),
        ("warning", S::Warning),
        ("error", S::Error),
    ];
    let role = [
        ("failure", R::Failure),
        ("fan_out", R::FanOut),
        ("info", R::Info),
    ];
    Some(MessageDef {
        id: o.u32("id")?,
        component: o.s("component")?,
        severity: o.opt("severity", |v| pick(v, &severity))?,
        template: o.s("template")?,
        raised_at: o.os("raised_at")?,
        proves: o.s("proves")?,
        role: pick(o.get("role")?, &role)?,
    })
}

fn registry(o: &O) -> Option<Registry> {
    Some(Registry {
        keys: o.objs("keys", registry_key)?,
        warnings: o.objs_or_empty("warnings", |o| {
            Some(Warning {
                id: o.s("id")?,
                text: o.s("text")?,
                see: o.os("see")?,
            })
        })?,
    })
}

fn registry_key(o: &O) -> Option<RegistryKeyDef> {
    Some(RegistryKeyDef {
        id: o.s("id")?,
        path: o.s("path")?,
        meaning: o.s("meaning")?,
        effect_of_deleting: o.os("effect_of_deleting")?,
        risk: o.os("risk")?,
    })
}

fn platform(v: &Value) -> Option<Platform> {
    pick(v, &[("Alpha", Platform::Alpha), ("I386", Platform::I386)])
}

fn files_table(o: &O) -> Option<Files> {
    Some(Files {
        release: o.opt_obj("release", release)?,
        rows: o.objs("rows", file_row)?,
        notes: o.strings_or_empty("notes")?,
    })
}

fn release(o: &O) -> Option<Release> {
    Some(Release {
        name: o.s("name")?,
        language: o.s("language")?,
        based_on: o.s("based_on")?,
        ships_in: o.s("ships_in")?,
        ships_in_article: o.os("ships_in_article")?,
        or_later: o.b("or_later")?,
    })
}

fn file_row(o: &O) -> Option<FileRow> {
    Some(FileRow {
        date: date(o.get("date")?)?,
        time: time(o.get("time")?)?,
        version: o.s("version")?,
        size: o.get("size")?.as_u64()?,
        name: o.s("name")?,
        platform: platform(o.get("platform")?)?,
    })
}

fn remediation(o: &O) -> Option<Remediation> {
    Some(Remediation {
        entries: o.objs("entries", remedy)?,
    })
}

fn remedy(o: &O) -> Option<Remedy> {
    use RemedyKind as K;
    let kinds = [
        ("workaround", K::Workaround),
        ("obtain_fix", K::ObtainFix),
        ("fix", K::Fix),
        ("cleanup", K::Cleanup),
    ];
    Some(Remedy {
        id: o.s("id")?,
        kind: pick(o.get("kind")?, &kinds)?,
        title: o.s("title")?,
        summary: o.s("summary")?,
        platforms: o.list_or_empty("platforms", platform)?,
        scope: o.os("scope")?,
        steps: o.objs("steps", step)?,
    })
}

fn step(o: &O) -> Option<Step> {
    let actions = [
        ("stop", ServiceAction::Stop),
        ("start", ServiceAction::Start),
    ];
    Some(match o.s("type")?.as_str() {
        "text" => Step::Text { text: o.s("text")? },
        "command" => Step::Command {
            text: o.s("text")?,
            command: o.s("command")?,
        },
        "services" => Step::Services {
            action: pick(o.get("action")?, &actions)?,
            services: o.strings("services")?,
            on: o.os("on")?,
        },
        "replace_file" => Step::ReplaceFile {
            file: o.s("file")?,
            folder: o.s("folder")?,
        },
        "registry_delete" => Step::RegistryDelete {
            key: o.s("key")?,
            note: o.os("note")?,
        },
        "warning" => Step::Warning {
            warning: o.s("warning")?,
        },
        "note" => Step::Note { text: o.s("text")? },
        "link" => Step::Link {
            text: o.s("text")?,
            target: o.s("target")?,
        },
        _ => return None,
    })
}

fn simulator(o: &O) -> Option<SimDefaults> {
    let resend = [
        (
            "package_info_to_every_child_site",
            Resend::PackageInfoToEveryChildSite,
        ),
        ("nothing", Resend::Nothing),
    ];
    Some(SimDefaults {
        retry_interval_s: o.u32("retry_interval_s")?,
        min_gap_s: o.u32("min_gap_s")?,
        failure_messages: o.list("failure_messages", u32_of)?,
        fan_out_messages: o.list("fan_out_messages", u32_of)?,
        resend: pick(o.get("resend")?, &resend)?,
        backlog_folder: o.s("backlog_folder")?,
        child_sites: o.u32("child_sites")?,
        assumptions: o.strings_or_empty("assumptions")?,
    })
}

fn tree(o: &O) -> Option<Tree> {
    Some(Tree {
        start: o.s("start")?,
        nodes: o.objs("nodes", node)?,
        affected_from: o.os("affected_from")?,
        contradictions: o.objs_or_empty("contradictions", contradiction)?,
    })
}

fn contradiction(o: &O) -> Option<Contradiction> {
    Some(Contradiction {
        id: o.s("id")?,
        text: o.s("text")?,
        when: o.objs("when", |o| {
            Some(Condition {
                question: o.s("question")?,
                answer: o.s("answer")?,
            })
        })?,
        later_than: o.os("later_than")?,
    })
}

fn node(o: &O) -> Option<Node> {
    Some(match o.s("type")?.as_str() {
        "question" => Node::Question(question(o)?),
        "outcome" => Node::Outcome(outcome(o)?),
        _ => return None,
    })
}

fn question(o: &O) -> Option<Question> {
    Some(Question {
        id: o.s("id")?,
        text: o.s("text")?,
        help: o.s_or_empty("help")?,
        kind: question_kind(&obj(o.get("kind")?)?)?,
        evidence: o.objs_or_empty("evidence", rule)?,
        artefact: o.os("artefact")?,
        next: labels(o.get("next")?)?,
    })
}

/// A question's `next` map. Inserted one by one: `collect` into a map would
/// bring a sort routine of its own into the wasm.
fn labels(v: &Value) -> Option<BTreeMap<String, String>> {
    let mut next = BTreeMap::new();
    for (k, v) in v.as_object()? {
        next.insert(k.clone(), string(v)?);
    }
    Some(next)
}

fn question_kind(o: &O) -> Option<QuestionKind> {
    Some(match o.s("type")?.as_str() {
        "yes_no" => QuestionKind::YesNo,
        "choice" => QuestionKind::Choice {
            options: o.objs("options", |o| {
                Some(ChoiceOption {
                    id: o.s("id")?,
                    label: o.s("label")?,
                })
            })?,
        },
        "number" => QuestionKind::Number {
            threshold: o.get("threshold")?.as_f64()?,
            unit: o.os("unit")?,
        },
        "version" => QuestionKind::Version {
            threshold: o.s("threshold")?,
        },
        _ => return None,
    })
}

fn rule(o: &O) -> Option<Rule> {
    use Field as F;
    let fields = [
        ("package_id", F::PackageId),
        ("package_name", F::PackageName),
        ("package_source", F::PackageSource),
        ("dp_path", F::DpPath),
        ("child_site", F::ChildSite),
        ("site", F::Site),
        ("system", F::System),
    ];
    let field = |key: &str| o.opt(key, |v| pick(v, &fields));
    let messages = || {
        Some(MessageFilter {
            ids: o.list("ids", u32_of)?,
        })
    };
    Some(match o.s("rule")?.as_str() {
        "message_seen" => Rule::MessageSeen {
            messages: messages()?,
            same_package_as: o.os("same_package_as")?,
            absent_means_no: o.b_or_false("absent_means_no")?,
        },
        "count" => Rule::Count {
            messages: messages()?,
            per: field("per")?,
            distinct: field("distinct")?,
        },
        "repeated" => Rule::Repeated {
            messages: messages()?,
            per: field("per")?,
            at_least: o.u32("at_least")?,
            min_gap_minutes: o.u32("min_gap_minutes")?,
        },
        "registry_key_present" => Rule::RegistryKeyPresent { key: o.s("key")? },
        "file_version" => Rule::FileVersion { file: o.s("file")? },
        _ => return None,
    })
}

fn outcome(o: &O) -> Option<Outcome> {
    use Verdict as V;
    let verdicts = [
        ("confirmed", V::Confirmed),
        ("likely", V::Likely),
        ("ruled_out", V::RuledOut),
        ("insufficient_evidence", V::InsufficientEvidence),
    ];
    Some(Outcome {
        id: o.s("id")?,
        title: o.s("title")?,
        verdict: pick(o.get("verdict")?, &verdicts)?,
        summary: o.s("summary")?,
        remediation: o.strings_or_empty("remediation")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kb::Kb;

    #[test]
    fn lite_reads_every_embedded_article_like_serde() {
        for (dir, files) in crate::kb::load::embedded_files() {
            let label = format!("kb/{dir}");
            let serde = Article::from_files(&label, files).expect("valid");
            assert_eq!(article(&label, files), Some(serde), "{label}");
        }
        assert_eq!(Kb::embedded().articles().len(), 1);
    }

    #[test]
    fn lite_refuses_what_does_not_fit() {
        let ok = crate::kb::load::embedded_files()[0].1;
        let without_tree: Vec<_> = ok
            .iter()
            .filter(|(n, _)| *n != "tree.json")
            .copied()
            .collect();
        assert_eq!(article("kb/x", &without_tree), None);
        let bad_json: Vec<_> = ok
            .iter()
            .map(|&(n, t)| (n, if n == "messages.json" { "{" } else { t }))
            .collect();
        assert_eq!(article("kb/x", &bad_json), None);
        assert_eq!(
            time(&Value::from("17:25")),
            NaiveTime::from_hms_opt(17, 25, 0)
        );
        assert_eq!(date(&Value::from("2001-13-01")), None);
    }
}
