//! The browser build's articles as Rust code, written by `build.rs` (which
//! includes this file) and compiled into the wasm by [`super::baked`].
//!
//! The browser used to carry each article's JSON and read it at start-up
//! with a hand-written reader; code that builds the articles directly is
//! smaller than that reader plus the JSON it read, and does no parsing when
//! the page opens. This is the reader turned into a writer: each function
//! takes a file's JSON, exactly as serde's derived `Deserialize` would read
//! it (defaults, `null` as absent), and returns the Rust expression of the
//! model value, or `None` when the JSON does not have the model's shape.
//! Nothing is validated here: the native `kb_embedded` tests load, validate
//! and compare these same files, and `baked_articles_are_the_articles_serde_reads`
//! checks that the code written here builds exactly what serde reads.
//!
//! What it saves: reading the embedded JSON in the browser with the serde
//! model and the validator instead (`Article::from_files`) made the site's
//! first view 463.8 KB gzip against 319.9 KB with this file, far over the
//! 350 KB budget (measured once, see `docs/performance.md`).

use serde_json::{Map, Value};

/// `match` arms for `baked::article`, one per article folder:
/// `"Q319207" => Some(Article { .. }),` (or `None` when malformed).
pub fn article_arm(folder: &str, files: &[(String, String)]) -> String {
    let body = article(files).map_or_else(|| "None".to_string(), |a| format!("Some({a})"));
    format!("        {folder:?} => {body},\n")
}

/// An `Article` expression over the variable `dir` (its label).
fn article(files: &[(String, String)]) -> Option<String> {
    let text = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.strip_prefix('\u{feff}').unwrap_or(t))
    };
    let json = |name: &str| -> Option<Option<Value>> {
        match text(name) {
            None => Some(None),
            Some(t) => serde_json::from_str(t).ok().map(Some),
        }
    };
    // The browser shows the HTML rendered at build time, never the Markdown,
    // but the file must exist as for any article.
    text("article.md")?;
    Some(format!(
        "Article {{ dir: dir.to_string(), meta: {}, markdown: String::new(), messages: {}, \
         registry: {}, files: {}, remediation: {}, simulator: {}, tree: {} }}",
        metadata(&obj(&json("article.json")??)?)?,
        or_default(json("messages.json")?, messages)?,
        or_default(json("registry.json")?, registry)?,
        or_default(json("files.json")?, files_table)?,
        or_default(json("remediation.json")?, remediation)?,
        optional(json("simulator.json")?, simulator)?,
        tree(&obj(&json("tree.json")??)?)?,
    ))
}

/// An optional file with a default (`Default::default()` when absent).
fn or_default(v: Option<Value>, f: fn(&O) -> Option<String>) -> Option<String> {
    match v {
        None => Some("Default::default()".into()),
        Some(v) => f(&obj(&v)?),
    }
}

/// An optional file without one (`None` when absent).
fn optional(v: Option<Value>, f: fn(&O) -> Option<String>) -> Option<String> {
    match v {
        None => Some("None".into()),
        Some(v) => Some(format!("Some({})", f(&obj(&v)?)?)),
    }
}

/// A JSON object being written out. A `null` member counts as absent, as
/// serde's `Option` fields take it.
struct O<'a>(&'a Map<String, Value>);

fn obj(v: &Value) -> Option<O<'_>> {
    v.as_object().map(O)
}

/// A `String` expression.
fn string(v: &Value) -> Option<String> {
    Some(format!("s({:?})", v.as_str()?))
}

fn u32_of(v: &Value) -> Option<String> {
    Some(u32::try_from(v.as_u64()?).ok()?.to_string())
}

/// A unit variant by its (snake_case) name: the Rust path beside it.
fn pick(v: &Value, names: &[(&str, &str)]) -> Option<String> {
    let s = v.as_str()?;
    names
        .iter()
        .find(|(n, _)| *n == s)
        .map(|(_, t)| (*t).to_string())
}

impl O<'_> {
    fn get(&self, key: &str) -> Option<&Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }
    fn s(&self, key: &str) -> Option<String> {
        string(self.get(key)?)
    }
    /// A `#[serde(default)]` string.
    fn s_or_empty(&self, key: &str) -> Option<String> {
        match self.get(key) {
            None => Some("String::new()".into()),
            Some(v) => string(v),
        }
    }
    fn os(&self, key: &str) -> Option<String> {
        self.opt(key, string)
    }
    fn u32(&self, key: &str) -> Option<String> {
        u32_of(self.get(key)?)
    }
    fn b(&self, key: &str) -> Option<String> {
        Some(self.get(key)?.as_bool()?.to_string())
    }
    fn b_or_false(&self, key: &str) -> Option<String> {
        match self.get(key) {
            None => Some("false".into()),
            Some(v) => Some(v.as_bool()?.to_string()),
        }
    }
    /// A `Vec` expression.
    fn list(&self, key: &str, f: impl Fn(&Value) -> Option<String>) -> Option<String> {
        let items = self
            .get(key)?
            .as_array()?
            .iter()
            .map(f)
            .collect::<Option<Vec<_>>>()?;
        Some(format!("vec![{}]", items.join(", ")))
    }
    /// A `#[serde(default)]` list.
    fn list_or_empty(&self, key: &str, f: impl Fn(&Value) -> Option<String>) -> Option<String> {
        match self.get(key) {
            None => Some("Vec::new()".into()),
            Some(_) => self.list(key, f),
        }
    }
    fn objs(&self, key: &str, f: fn(&O) -> Option<String>) -> Option<String> {
        self.list(key, |v| f(&obj(v)?))
    }
    fn objs_or_empty(&self, key: &str, f: fn(&O) -> Option<String>) -> Option<String> {
        self.list_or_empty(key, |v| f(&obj(v)?))
    }
    fn opt(&self, key: &str, f: impl Fn(&Value) -> Option<String>) -> Option<String> {
        match self.get(key) {
            None => Some("None".into()),
            Some(v) => Some(format!("Some({})", f(v)?)),
        }
    }
    fn opt_obj(&self, key: &str, f: fn(&O) -> Option<String>) -> Option<String> {
        self.opt(key, |v| f(&obj(v)?))
    }
    /// A `Vec<String>` expression: one call over a slice of literals.
    fn strings_of(v: &Value) -> Option<String> {
        let items = v
            .as_array()?
            .iter()
            .map(|s| Some(format!("{:?}", s.as_str()?)))
            .collect::<Option<Vec<_>>>()?;
        Some(format!("ss(&[{}])", items.join(", ")))
    }
    fn strings(&self, key: &str) -> Option<String> {
        Self::strings_of(self.get(key)?)
    }
    fn strings_or_empty(&self, key: &str) -> Option<String> {
        match self.get(key) {
            None => Some("Vec::new()".into()),
            Some(v) => Self::strings_of(v),
        }
    }
}

fn numbers(v: &Value, sep: char, at_least: usize) -> Option<Vec<u32>> {
    let parts = v
        .as_str()?
        .splitn(3, sep)
        .map(|p| p.parse::<u32>().ok())
        .collect::<Option<Vec<_>>>()?;
    (parts.len() >= at_least).then_some(parts)
}

/// `date(y, m, d)`; the date must exist.
fn date(v: &Value) -> Option<String> {
    let p = numbers(v, '-', 3)?;
    let y = i32::try_from(p[0]).ok()?;
    chrono::NaiveDate::from_ymd_opt(y, p[1], p[2])?;
    Some(format!("date({y}, {}, {})", p[1], p[2]))
}

/// `time(h, m, s)` (`HH:MM` or `HH:MM:SS`); the time must exist.
fn time(v: &Value) -> Option<String> {
    let p = numbers(v, ':', 2)?;
    let s = p.get(2).copied().unwrap_or(0);
    chrono::NaiveTime::from_hms_opt(p[0], p[1], s)?;
    Some(format!("time({}, {}, {s})", p[0], p[1]))
}

fn metadata(o: &O) -> Option<String> {
    Some(format!(
        "Metadata {{ id: {}, title: {}, product: {}, versions: {}, keywords: {}, technology: {}, \
         query_words: {}, issue_type: {}, solution_type: {}, last_modified: {}, related: {}, \
         symptoms: {}, cause: {}, resolution: {}, status: {} }}",
        o.s("id")?,
        o.s("title")?,
        o.s("product")?,
        o.strings("versions")?,
        o.strings("keywords")?,
        o.strings_or_empty("technology")?,
        o.strings_or_empty("query_words")?,
        o.os("issue_type")?,
        o.os("solution_type")?,
        date(o.get("last_modified")?)?,
        o.objs_or_empty("related", related)?,
        prose(&obj(o.get("symptoms")?)?)?,
        prose(&obj(o.get("cause")?)?)?,
        o.opt_obj("resolution", prose)?,
        o.opt_obj("status", fix_status)?,
    ))
}

fn related(o: &O) -> Option<String> {
    Some(format!(
        "Related {{ id: {}, title: {}, why: {} }}",
        o.s("id")?,
        o.s("title")?,
        o.s("why")?
    ))
}

fn prose(o: &O) -> Option<String> {
    Some(format!(
        "Prose {{ section: {}, summary: {}, signals: {} }}",
        o.s("section")?,
        o.s("summary")?,
        o.objs_or_empty("signals", signal)?
    ))
}

fn signal(o: &O) -> Option<String> {
    Some(match o.get("kind")?.as_str()? {
        "status_message" => format!("Signal::StatusMessage {{ id: {} }}", o.u32("id")?),
        "registry_key" => format!("Signal::RegistryKey {{ key: {} }}", o.s("key")?),
        "file_version" => format!("Signal::FileVersion {{ file: {} }}", o.s("file")?),
        "backlog" => format!(
            "Signal::Backlog {{ folder: {}, what: {} }}",
            o.s("folder")?,
            o.s("what")?
        ),
        _ => return None,
    })
}

fn fix_status(o: &O) -> Option<String> {
    Some(format!(
        "FixStatus {{ confirmed: {}, first_fixed_in: {}, see: {}, section: {} }}",
        o.b("confirmed")?,
        o.os("first_fixed_in")?,
        o.os("see")?,
        o.s("section")?
    ))
}

fn messages(o: &O) -> Option<String> {
    Some(format!(
        "Messages {{ status_messages: {} }}",
        o.objs("status_messages", message)?
    ))
}

fn message(o: &O) -> Option<String> {
    let severity = [
        ("info", "Severity::Info"),
        ("warning", "Severity::Warning"),
        ("error", "Severity::Error"),
    ];
    let role = [
        ("failure", "MessageRole::Failure"),
        ("fan_out", "MessageRole::FanOut"),
        ("info", "MessageRole::Info"),
    ];
    Some(format!(
        "MessageDef {{ id: {}, component: {}, severity: {}, template: {}, raised_at: {}, \
         proves: {}, role: {} }}",
        o.u32("id")?,
        o.s("component")?,
        o.opt("severity", |v| pick(v, &severity))?,
        o.s("template")?,
        o.os("raised_at")?,
        o.s("proves")?,
        pick(o.get("role")?, &role)?
    ))
}

fn registry(o: &O) -> Option<String> {
    Some(format!(
        "Registry {{ keys: {}, warnings: {} }}",
        o.objs("keys", registry_key)?,
        o.objs_or_empty("warnings", |o| Some(format!(
            "Warning {{ id: {}, text: {}, see: {} }}",
            o.s("id")?,
            o.s("text")?,
            o.os("see")?
        )))?
    ))
}

fn registry_key(o: &O) -> Option<String> {
    Some(format!(
        "RegistryKeyDef {{ id: {}, path: {}, meaning: {}, effect_of_deleting: {}, risk: {} }}",
        o.s("id")?,
        o.s("path")?,
        o.s("meaning")?,
        o.os("effect_of_deleting")?,
        o.os("risk")?
    ))
}

fn platform(v: &Value) -> Option<String> {
    pick(
        v,
        &[("Alpha", "Platform::Alpha"), ("I386", "Platform::I386")],
    )
}

fn files_table(o: &O) -> Option<String> {
    Some(format!(
        "Files {{ release: {}, rows: {}, notes: {} }}",
        o.opt_obj("release", release)?,
        o.objs("rows", file_row)?,
        o.strings_or_empty("notes")?
    ))
}

fn release(o: &O) -> Option<String> {
    Some(format!(
        "Release {{ name: {}, language: {}, based_on: {}, ships_in: {}, ships_in_article: {}, \
         or_later: {} }}",
        o.s("name")?,
        o.s("language")?,
        o.s("based_on")?,
        o.s("ships_in")?,
        o.os("ships_in_article")?,
        o.b("or_later")?
    ))
}

fn file_row(o: &O) -> Option<String> {
    Some(format!(
        "FileRow {{ date: {}, time: {}, version: {}, size: {}, name: {}, platform: {} }}",
        date(o.get("date")?)?,
        time(o.get("time")?)?,
        o.s("version")?,
        o.get("size")?.as_u64()?,
        o.s("name")?,
        platform(o.get("platform")?)?
    ))
}

fn remediation(o: &O) -> Option<String> {
    Some(format!(
        "Remediation {{ entries: {} }}",
        o.objs("entries", remedy)?
    ))
}

fn remedy(o: &O) -> Option<String> {
    let kinds = [
        ("workaround", "RemedyKind::Workaround"),
        ("obtain_fix", "RemedyKind::ObtainFix"),
        ("fix", "RemedyKind::Fix"),
        ("cleanup", "RemedyKind::Cleanup"),
    ];
    Some(format!(
        "Remedy {{ id: {}, kind: {}, title: {}, summary: {}, platforms: {}, scope: {}, steps: {} }}",
        o.s("id")?,
        pick(o.get("kind")?, &kinds)?,
        o.s("title")?,
        o.s("summary")?,
        o.list_or_empty("platforms", platform)?,
        o.os("scope")?,
        o.objs("steps", step)?
    ))
}

fn step(o: &O) -> Option<String> {
    let actions = [
        ("stop", "ServiceAction::Stop"),
        ("start", "ServiceAction::Start"),
    ];
    Some(match o.get("type")?.as_str()? {
        "text" => format!("Step::Text {{ text: {} }}", o.s("text")?),
        "command" => format!(
            "Step::Command {{ text: {}, command: {} }}",
            o.s("text")?,
            o.s("command")?
        ),
        "services" => format!(
            "Step::Services {{ action: {}, services: {}, on: {} }}",
            pick(o.get("action")?, &actions)?,
            o.strings("services")?,
            o.os("on")?
        ),
        "replace_file" => format!(
            "Step::ReplaceFile {{ file: {}, folder: {} }}",
            o.s("file")?,
            o.s("folder")?
        ),
        "registry_delete" => format!(
            "Step::RegistryDelete {{ key: {}, note: {} }}",
            o.s("key")?,
            o.os("note")?
        ),
        "warning" => format!("Step::Warning {{ warning: {} }}", o.s("warning")?),
        "note" => format!("Step::Note {{ text: {} }}", o.s("text")?),
        "link" => format!(
            "Step::Link {{ text: {}, target: {} }}",
            o.s("text")?,
            o.s("target")?
        ),
        _ => return None,
    })
}

fn simulator(o: &O) -> Option<String> {
    let resend = [
        (
            "package_info_to_every_child_site",
            "Resend::PackageInfoToEveryChildSite",
        ),
        ("nothing", "Resend::Nothing"),
    ];
    Some(format!(
        "SimDefaults {{ retry_interval_s: {}, min_gap_s: {}, failure_messages: {}, \
         fan_out_messages: {}, resend: {}, backlog_folder: {}, child_sites: {}, assumptions: {} }}",
        o.u32("retry_interval_s")?,
        o.u32("min_gap_s")?,
        o.list("failure_messages", u32_of)?,
        o.list("fan_out_messages", u32_of)?,
        pick(o.get("resend")?, &resend)?,
        o.s("backlog_folder")?,
        o.u32("child_sites")?,
        o.strings_or_empty("assumptions")?
    ))
}

fn tree(o: &O) -> Option<String> {
    Some(format!(
        "Tree {{ start: {}, nodes: {}, affected_from: {}, contradictions: {} }}",
        o.s("start")?,
        o.objs("nodes", node)?,
        o.os("affected_from")?,
        o.objs_or_empty("contradictions", contradiction)?
    ))
}

fn contradiction(o: &O) -> Option<String> {
    Some(format!(
        "Contradiction {{ id: {}, text: {}, when: {}, later_than: {} }}",
        o.s("id")?,
        o.s("text")?,
        o.objs("when", |o| Some(format!(
            "Condition {{ question: {}, answer: {} }}",
            o.s("question")?,
            o.s("answer")?
        )))?,
        o.os("later_than")?
    ))
}

fn node(o: &O) -> Option<String> {
    Some(match o.get("type")?.as_str()? {
        "question" => format!("Node::Question({})", question(o)?),
        "outcome" => format!("Node::Outcome({})", outcome(o)?),
        _ => return None,
    })
}

fn question(o: &O) -> Option<String> {
    Some(format!(
        "Question {{ id: {}, text: {}, help: {}, kind: {}, evidence: {}, artefact: {}, next: {} }}",
        o.s("id")?,
        o.s("text")?,
        o.s_or_empty("help")?,
        question_kind(&obj(o.get("kind")?)?)?,
        o.objs_or_empty("evidence", rule)?,
        o.os("artefact")?,
        labels(o.get("next")?)?
    ))
}

/// A question's `next` map: `labels(&[(label, node), ...])`.
fn labels(v: &Value) -> Option<String> {
    let pairs = v
        .as_object()?
        .iter()
        .map(|(k, v)| Some(format!("({k:?}, {:?})", v.as_str()?)))
        .collect::<Option<Vec<_>>>()?;
    Some(format!("labels(&[{}])", pairs.join(", ")))
}

fn question_kind(o: &O) -> Option<String> {
    Some(match o.get("type")?.as_str()? {
        "yes_no" => "QuestionKind::YesNo".to_string(),
        "choice" => format!(
            "QuestionKind::Choice {{ options: {} }}",
            o.objs("options", |o| Some(format!(
                "ChoiceOption {{ id: {}, label: {} }}",
                o.s("id")?,
                o.s("label")?
            )))?
        ),
        "number" => format!(
            "QuestionKind::Number {{ threshold: {:?}, unit: {} }}",
            o.get("threshold")?.as_f64()?,
            o.os("unit")?
        ),
        "version" => format!(
            "QuestionKind::Version {{ threshold: {} }}",
            o.s("threshold")?
        ),
        _ => return None,
    })
}

fn rule(o: &O) -> Option<String> {
    let fields = [
        ("package_id", "Field::PackageId"),
        ("package_name", "Field::PackageName"),
        ("package_source", "Field::PackageSource"),
        ("dp_path", "Field::DpPath"),
        ("child_site", "Field::ChildSite"),
        ("site", "Field::Site"),
        ("system", "Field::System"),
    ];
    let field = |key: &str| o.opt(key, |v| pick(v, &fields));
    let messages = || {
        Some(format!(
            "MessageFilter {{ ids: {} }}",
            o.list("ids", u32_of)?
        ))
    };
    Some(match o.get("rule")?.as_str()? {
        "message_seen" => format!(
            "Rule::MessageSeen {{ messages: {}, same_package_as: {}, absent_means_no: {} }}",
            messages()?,
            o.os("same_package_as")?,
            o.b_or_false("absent_means_no")?
        ),
        "count" => format!(
            "Rule::Count {{ messages: {}, per: {}, distinct: {} }}",
            messages()?,
            field("per")?,
            field("distinct")?
        ),
        "repeated" => format!(
            "Rule::Repeated {{ messages: {}, per: {}, at_least: {}, min_gap_minutes: {} }}",
            messages()?,
            field("per")?,
            o.u32("at_least")?,
            o.u32("min_gap_minutes")?
        ),
        "registry_key_present" => format!("Rule::RegistryKeyPresent {{ key: {} }}", o.s("key")?),
        "file_version" => format!("Rule::FileVersion {{ file: {} }}", o.s("file")?),
        _ => return None,
    })
}

fn outcome(o: &O) -> Option<String> {
    let verdicts = [
        ("confirmed", "Verdict::Confirmed"),
        ("likely", "Verdict::Likely"),
        ("ruled_out", "Verdict::RuledOut"),
        ("insufficient_evidence", "Verdict::InsufficientEvidence"),
    ];
    Some(format!(
        "Outcome {{ id: {}, title: {}, verdict: {}, summary: {}, remediation: {} }}",
        o.s("id")?,
        o.s("title")?,
        pick(o.get("verdict")?, &verdicts)?,
        o.s("summary")?,
        o.strings_or_empty("remediation")?
    ))
}
