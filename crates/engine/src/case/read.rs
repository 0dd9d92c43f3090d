//! Reading a case file: untrusted input, read field by field from one
//! [`serde_json::Value`] with the JSON path (`$.inputs[2].name`) of every
//! problem, never panicking. A file over [`super::MAX_CASE_BYTES`], with
//! more than [`super::MAX_INPUTS`] inputs or [`super::MAX_ANSWERS`]
//! answers, of another format or of a format version this kbwiz does not
//! read is refused with the reason. Unknown fields are refused: a later
//! version that adds one raises the version number.

use super::{
    AnsweredBy, CaseAnswer, CaseFinding, CaseInput, CaseSession, InputsForm, FORMAT, MAX_ANSWERS,
    MAX_CASE_BYTES, MAX_INPUTS, VERSION,
};
use crate::kb::tree::Verdict;
use crate::tree::Answer;
use serde::Serialize;
use serde_json::{Map, Value};

/// One thing wrong with a case file, where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseProblem {
    /// JSON path: `$` is the whole file.
    pub path: String,
    pub message: String,
}

/// Why a case file was not opened: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{}", describe(.problems))]
pub struct CaseRefused {
    pub problems: Vec<CaseProblem>,
}

/// Longest value quoted in a problem.
const QUOTE_CHARS: usize = 60;

fn describe(problems: &[CaseProblem]) -> String {
    let parts: Vec<String> = problems
        .iter()
        .take(20)
        .map(|p| format!("{}: {}", p.path, p.message))
        .collect();
    let more = problems.len().saturating_sub(20);
    let mut s = format!("not a case file this kbwiz opens: {}", parts.join("; "));
    if more > 0 {
        s.push_str(&format!("; and {more} more"));
    }
    s
}

/// A value quoted in a message, cut short.
fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        None => format!("{text:?}"),
        Some((end, _)) => format!("{:?}…", &text[..end]),
    }
}

/// What [`read`] takes from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRead {
    pub inputs_form: InputsForm,
    pub inputs: Vec<CaseInput>,
    pub session: Option<CaseSession>,
    pub simulator: Option<Value>,
    pub findings: Vec<CaseFinding>,
}

/// Problems met so far.
#[derive(Default)]
struct Cx(Vec<CaseProblem>);

impl Cx {
    fn note(&mut self, path: &str, message: impl Into<String>) {
        self.0.push(CaseProblem {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn kind(v: &Value) -> &'static str {
        match v {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        fields: &[&str],
    ) -> Option<&'v Map<String, Value>> {
        let Value::Object(map) = v else {
            self.note(path, format!("expected an object, found {}", Cx::kind(v)));
            return None;
        };
        for key in map.keys().filter(|k| !fields.contains(&k.as_str())) {
            self.note(
                &format!("{path}.{}", key_path(key)),
                format!("unknown field; expected one of {}", fields.join(", ")),
            );
        }
        Some(map)
    }

    fn string(&mut self, v: Option<&Value>, path: &str) -> Option<String> {
        match v {
            Some(Value::String(s)) => Some(s.clone()),
            Some(other) => {
                self.note(
                    path,
                    format!("expected a string, found {}", Cx::kind(other)),
                );
                None
            }
            None => {
                self.note(path, "missing");
                None
            }
        }
    }

    fn array<'v>(
        &mut self,
        v: Option<&'v Value>,
        path: &str,
        max: usize,
    ) -> Option<&'v Vec<Value>> {
        match v {
            Some(Value::Array(items)) if items.len() > max => {
                self.note(
                    path,
                    format!("{} items; at most {max} are read", items.len()),
                );
                None
            }
            Some(Value::Array(items)) => Some(items),
            Some(other) => {
                self.note(
                    path,
                    format!("expected an array, found {}", Cx::kind(other)),
                );
                None
            }
            None => {
                self.note(path, "missing");
                None
            }
        }
    }

    fn count(&mut self, v: Option<&Value>, path: &str) -> Option<usize> {
        match v
            .and_then(Value::as_u64)
            .and_then(|n| usize::try_from(n).ok())
        {
            Some(n) => Some(n),
            None => {
                self.note(path, "expected a whole number");
                None
            }
        }
    }
}

/// A key as a JSON path step: plain when it is a word, quoted otherwise.
fn key_path(key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        key.to_string()
    } else {
        format!("[{}]", quote(key))
    }
}

/// Read a case file's bytes.
pub fn read(bytes: &[u8]) -> Result<CaseRead, CaseRefused> {
    let refuse = |path: &str, message: String| CaseRefused {
        problems: vec![CaseProblem {
            path: path.to_string(),
            message,
        }],
    };
    if bytes.len() > MAX_CASE_BYTES {
        return Err(refuse(
            "$",
            format!(
                "the file is {} bytes; a case file may be at most {} MB",
                bytes.len(),
                MAX_CASE_BYTES / (1024 * 1024)
            ),
        ));
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
        .map_err(|e| refuse("$", format!("not UTF-8 text (byte {})", e.valid_up_to())))?;
    let value: Value =
        serde_json::from_str(text).map_err(|e| refuse("$", format!("not JSON: {e}")))?;
    let mut cx = Cx::default();
    let read = case(&mut cx, &value);
    match read {
        Some(case) if cx.0.is_empty() => Ok(case),
        _ => Err(CaseRefused { problems: cx.0 }),
    }
}

const FIELDS: &[&str] = &[
    "format",
    "version",
    "inputs_form",
    "inputs",
    "session",
    "simulator",
    "findings",
    "report",
];

fn case(cx: &mut Cx, v: &Value) -> Option<CaseRead> {
    let Value::Object(top) = v else {
        cx.note("$", format!("expected an object, found {}", Cx::kind(v)));
        return None;
    };
    // Format and version first: a file of another kind or version is
    // refused for that, not for its fields.
    match top.get("format").and_then(Value::as_str) {
        Some(FORMAT) => {}
        Some("kbwiz-session") => {
            cx.note("$.format", "this is a kbwiz session file, not a case: open it with the page's \"Import session\"");
            return None;
        }
        Some(other) => {
            cx.note("$.format", format!("{} is not {FORMAT:?}", quote(other)));
            return None;
        }
        None => {
            cx.note(
                "$.format",
                format!("missing; a case file says \"format\": {FORMAT:?}"),
            );
            return None;
        }
    }
    match top.get("version").and_then(Value::as_u64) {
        Some(n) if n == u64::from(VERSION) => {}
        Some(n) if n > u64::from(VERSION) => {
            cx.note("$.version", format!("format version {n} was written by a newer kbwiz; this one reads version {VERSION}: update kbwiz to open it"));
            return None;
        }
        Some(n) => {
            cx.note("$.version", format!("format version {n} is older than any this kbwiz reads (version {VERSION}); no case file was ever written in it"));
            return None;
        }
        None => {
            cx.note("$.version", "missing or not a whole number");
            return None;
        }
    }
    let top = cx.object(v, "$", FIELDS)?;
    let inputs_form = match cx
        .string(top.get("inputs_form"), "$.inputs_form")
        .as_deref()
    {
        Some("redacted") => Some(InputsForm::Redacted),
        Some("original") => Some(InputsForm::Original),
        Some(other) => {
            cx.note(
                "$.inputs_form",
                format!("{} is neither \"redacted\" nor \"original\"", quote(other)),
            );
            None
        }
        None => None,
    };
    let mut inputs = Vec::new();
    for (i, item) in cx
        .array(top.get("inputs"), "$.inputs", MAX_INPUTS)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let path = format!("$.inputs[{i}]");
        if let Some(o) = cx.object(item, &path, &["name", "text"]) {
            let name = cx.string(o.get("name"), &format!("{path}.name"));
            let text = cx.string(o.get("text"), &format!("{path}.text"));
            if let (Some(name), Some(text)) = (name, text) {
                inputs.push(CaseInput { name, text });
            }
        }
    }
    let session = match top.get("session") {
        None | Some(Value::Null) => None,
        Some(s) => session(cx, s),
    };
    let simulator = match top.get("simulator") {
        None | Some(Value::Null) => None,
        Some(v @ Value::Object(_)) => Some(v.clone()),
        Some(other) => {
            cx.note(
                "$.simulator",
                format!("expected an object, found {}", Cx::kind(other)),
            );
            None
        }
    };
    let mut findings = Vec::new();
    for (i, item) in cx
        .array(top.get("findings"), "$.findings", 10_000)
        .into_iter()
        .flatten()
        .enumerate()
    {
        findings.extend(finding(cx, item, &format!("$.findings[{i}]")));
    }
    cx.string(top.get("report"), "$.report");
    Some(CaseRead {
        inputs_form: inputs_form?,
        inputs,
        session,
        simulator,
        findings,
    })
}

fn session(cx: &mut Cx, v: &Value) -> Option<CaseSession> {
    let o = cx.object(v, "$.session", &["article", "answers"])?;
    let article = cx.string(o.get("article"), "$.session.article");
    let mut answers = Vec::new();
    for (i, item) in cx
        .array(o.get("answers"), "$.session.answers", MAX_ANSWERS)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let path = format!("$.session.answers[{i}]");
        let Some(a) = cx.object(item, &path, &["question", "answer", "by"]) else {
            continue;
        };
        let question = cx.string(a.get("question"), &format!("{path}.question"));
        let answer = match a.get("answer") {
            Some(v) => answer(cx, v, &format!("{path}.answer")),
            None => {
                cx.note(&format!("{path}.answer"), "missing");
                None
            }
        };
        let by = match cx.string(a.get("by"), &format!("{path}.by")).as_deref() {
            Some("evidence") => Some(AnsweredBy::Evidence),
            Some("admin") => Some(AnsweredBy::Admin),
            Some(other) => {
                cx.note(
                    &format!("{path}.by"),
                    format!("{} is neither \"evidence\" nor \"admin\"", quote(other)),
                );
                None
            }
            None => None,
        };
        if let (Some(question), Some(answer), Some(by)) = (question, answer, by) {
            answers.push(CaseAnswer {
                question,
                answer,
                by,
            });
        }
    }
    Some(CaseSession {
        article: article?,
        answers,
    })
}

/// An answer as serde writes [`Answer`]: `{"type": "yes"}`,
/// `{"type": "number", "value": 3.0}`.
fn answer(cx: &mut Cx, v: &Value, path: &str) -> Option<Answer> {
    let o = cx.object(v, path, &["type", "value"])?;
    let kind = cx.string(o.get("type"), &format!("{path}.type"))?;
    let value = o.get("value");
    let vpath = format!("{path}.value");
    let text = |cx: &mut Cx| cx.string(value, &vpath);
    Some(match kind.as_str() {
        "yes" => Answer::Yes,
        "no" => Answer::No,
        "unknown" => Answer::Unknown,
        "choice" => Answer::Choice(text(cx)?),
        "version" => Answer::Version(text(cx)?),
        "number" => match value.and_then(Value::as_f64) {
            Some(n) if n.is_finite() => Answer::Number(n),
            _ => {
                cx.note(&vpath, "expected a number");
                return None;
            }
        },
        other => {
            cx.note(
                &format!("{path}.type"),
                format!(
                    "{} is not an answer type (yes, no, unknown, choice, number, version)",
                    quote(other)
                ),
            );
            return None;
        }
    })
}

fn finding(cx: &mut Cx, v: &Value, path: &str) -> Option<CaseFinding> {
    let o = cx.object(
        v,
        path,
        &["article", "verdict", "outcome", "lines", "packages"],
    )?;
    let article = cx.string(o.get("article"), &format!("{path}.article"));
    let verdict = match cx
        .string(o.get("verdict"), &format!("{path}.verdict"))
        .as_deref()
    {
        Some("confirmed") => Some(Verdict::Confirmed),
        Some("likely") => Some(Verdict::Likely),
        Some("ruled_out") => Some(Verdict::RuledOut),
        Some("insufficient_evidence") => Some(Verdict::InsufficientEvidence),
        Some(other) => {
            cx.note(
                &format!("{path}.verdict"),
                format!("{} is not a verdict", quote(other)),
            );
            None
        }
        None => None,
    };
    let outcome = match o.get("outcome") {
        None | Some(Value::Null) => None,
        some => cx.string(some, &format!("{path}.outcome")),
    };
    let lines = cx.count(o.get("lines"), &format!("{path}.lines"));
    let mut packages = Vec::new();
    for (i, p) in cx
        .array(o.get("packages"), &format!("{path}.packages"), 10_000)
        .into_iter()
        .flatten()
        .enumerate()
    {
        packages.extend(cx.string(Some(p), &format!("{path}.packages[{i}]")));
    }
    Some(CaseFinding {
        article: article?,
        verdict: verdict?,
        outcome,
        lines: lines?,
        packages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, String)> {
        read(text.as_bytes())
            .expect_err("refused")
            .problems
            .into_iter()
            .map(|p| (p.path, p.message))
            .collect()
    }

    #[test]
    fn wrong_types_are_reported_with_their_paths() {
        let got = problems(
            r#"{"format":"kbwiz-case","version":1,"inputs_form":"redacted","inputs":[{"name":1,"text":"x"},{"name":"a","text":"b","html":"<b>"}],"findings":[{"article":"A","verdict":"maybe","lines":-1,"packages":[2]}],"report":"r","extra":true}"#,
        );
        let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "$.extra",
                "$.inputs[0].name",
                "$.inputs[1].html",
                "$.findings[0].verdict",
                "$.findings[0].lines",
                "$.findings[0].packages[0]"
            ]
        );
        assert_eq!(got[1].1, "expected a string, found a number");
        assert_eq!(got[3].1, "\"maybe\" is not a verdict");
    }

    #[test]
    fn versions_and_formats_are_refused_with_a_reason() {
        assert!(problems(r#"{"format":"kbwiz-case","version":2}"#)[0]
            .1
            .contains("newer kbwiz"));
        assert!(problems(r#"{"format":"kbwiz-case","version":0}"#)[0]
            .1
            .contains("older than any"));
        assert!(problems(r#"{"format":"kbwiz-session","version":1}"#)[0]
            .1
            .contains("session file"));
        assert_eq!(
            problems("[1]")[0],
            (
                "$".to_string(),
                "expected an object, found an array".to_string()
            )
        );
        assert!(problems("{")
            .first()
            .is_some_and(|(p, m)| p == "$" && m.starts_with("not JSON")));
    }

    #[test]
    fn long_values_are_quoted_short() {
        let long = "x".repeat(10_000);
        let got = problems(&format!(r#"{{"format":"{long}","version":1}}"#));
        assert!(got[0].1.len() < 200, "{}", got[0].1);
    }
}
