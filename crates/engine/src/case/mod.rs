//! The case file (`.kbwiz-case.json`): one file that hands a diagnosis to a
//! colleague. It holds the inputs (redacted or original, and says which),
//! the admin's answers in the wizard, the simulator settings, and, for a
//! reader without kbwiz, the verdicts and the Markdown report as they were
//! when it was saved. The format is versioned ([`VERSION`]) and described
//! in `docs/case-file.md`.
//!
//! Opening a case ([`open`]) never trusts it: the JSON is size-capped and
//! read field by field ([`read`]) with the JSON path of every problem; the
//! diagnosis, the answers and the report are recomputed from the inputs by
//! this kbwiz, and where they differ from what the file says, the
//! difference is listed. Nothing in a case is ever rendered as HTML.

pub mod read;

use crate::api::{self, DiagnoseReport};
use crate::kb::tree::Verdict;
use crate::kb::Kb;
use crate::tree::{Answer, Session, Source, Step};
use serde::Serialize;

pub use read::{read, CaseProblem, CaseRead, CaseRefused};

/// The `format` of every case file.
pub const FORMAT: &str = "kbwiz-case";
/// The format version this kbwiz writes and reads.
pub const VERSION: u32 = 1;
/// The largest case file read (bytes).
pub const MAX_CASE_BYTES: usize = 64 * 1024 * 1024;
/// The most inputs a case may hold.
pub const MAX_INPUTS: usize = 256;
/// The most answers a case may hold.
pub const MAX_ANSWERS: usize = 1000;

/// Which inputs a case holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputsForm {
    /// Values replaced by pseudonyms; the map stayed with whoever redacted.
    Redacted,
    /// As pasted.
    Original,
}

impl InputsForm {
    pub fn name(self) -> &'static str {
        match self {
            InputsForm::Redacted => "redacted",
            InputsForm::Original => "original",
        }
    }
}

/// One input of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseInput {
    pub name: String,
    pub text: String,
}

/// Who gave an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AnsweredBy {
    /// Read from the evidence (accepted in the wizard).
    Evidence,
    /// The admin's answer (an override where evidence said otherwise).
    Admin,
}

/// One answered question of the wizard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseAnswer {
    pub question: String,
    pub answer: Answer,
    pub by: AnsweredBy,
}

/// The wizard's session: the article and its answers, in path order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseSession {
    pub article: String,
    pub answers: Vec<CaseAnswer>,
}

impl CaseSession {
    /// The answers of a session's steps.
    pub fn of(session: &Session) -> CaseSession {
        CaseSession {
            article: session.article.clone(),
            answers: session.steps.iter().map(answer_of).collect(),
        }
    }
}

fn answer_of(step: &Step) -> CaseAnswer {
    CaseAnswer {
        question: step.question.clone(),
        answer: step.answer.clone(),
        by: match step.source {
            Source::Evidence { .. } => AnsweredBy::Evidence,
            Source::Admin | Source::AdminOverride { .. } | Source::NotKnown => AnsweredBy::Admin,
        },
    }
}

/// A finding as the case records it, for a reader and for comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseFinding {
    pub article: String,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// Evidence lines the path used (cited and not).
    pub lines: usize,
    pub packages: Vec<String>,
}

impl CaseFinding {
    fn of(f: &crate::tree::Finding) -> CaseFinding {
        CaseFinding {
            article: f.article.clone(),
            verdict: f.verdict,
            outcome: f.outcome.clone(),
            lines: f.evidence.len() + f.uncited,
            packages: f.packages.clone(),
        }
    }
}

/// The case file itself: its JSON is the `.kbwiz-case.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseFile {
    /// Always [`FORMAT`].
    pub format: &'static str,
    pub version: u32,
    pub inputs_form: InputsForm,
    pub inputs: Vec<CaseInput>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<CaseSession>,
    /// The simulator's settings (its parameters' JSON), when changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulator: Option<serde_json::Value>,
    /// The assessed findings when saved, strongest first.
    pub findings: Vec<CaseFinding>,
    /// The Markdown report when saved (recomputed on opening, never shown
    /// from the file).
    pub report: String,
}

/// What to put in a case besides the inputs.
#[derive(Debug, Clone, Default)]
pub struct CaseRequest {
    /// Redact the inputs first (the map is returned apart).
    pub redact: bool,
    /// The inputs given are already redacted (the page's "Redact inputs"):
    /// the case says so, and they are not redacted again.
    pub inputs_redacted: bool,
    pub session: Option<CaseSession>,
    pub simulator: Option<serde_json::Value>,
}

/// A case written: the file's text, and the redaction map when the inputs
/// were redacted (never in the file). What `kbwiz.saveCase` returns.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSaved {
    /// The `.kbwiz-case.json` text.
    pub text: String,
    pub inputs_form: InputsForm,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub map: Option<crate::redact::RedactionMap>,
}

/// Write the case of `inputs` (name, bytes).
pub fn save(inputs: &[api::Input<'_>], kb: &Kb, request: CaseRequest) -> CaseSaved {
    let (inputs, form, map): (Vec<CaseInput>, InputsForm, _) = if request.redact {
        let red = crate::redact::redact(inputs, kb);
        let inputs = red
            .inputs
            .into_iter()
            .map(|i| CaseInput {
                name: i.name,
                text: i.text,
            })
            .collect();
        (inputs, InputsForm::Redacted, Some(red.map))
    } else {
        let inputs = inputs
            .iter()
            .map(|(name, bytes)| CaseInput {
                name: name.to_string(),
                text: crate::parse::decode(bytes).into_owned(),
            })
            .collect();
        let form = if request.inputs_redacted {
            InputsForm::Redacted
        } else {
            InputsForm::Original
        };
        (inputs, form, None)
    };
    let refs: Vec<api::Input<'_>> = inputs
        .iter()
        .map(|i| (i.name.as_str(), i.text.as_bytes()))
        .collect();
    let diagnosis = api::diagnose(&refs, kb);
    let text = write(
        &Written {
            form,
            inputs,
            session: request.session,
            simulator: request.simulator,
        },
        &diagnosis.scan.inputs,
        &diagnosis.findings,
        kb,
    );
    CaseSaved {
        text,
        inputs_form: form,
        map,
    }
}

/// What a case holds besides its diagnosis.
#[derive(Debug, Clone)]
pub struct Written {
    pub form: InputsForm,
    pub inputs: Vec<CaseInput>,
    pub session: Option<CaseSession>,
    pub simulator: Option<serde_json::Value>,
}

/// The case file's text for a diagnosis already at hand (the web app's:
/// its inputs' reports and its findings, of which the assessed ones are
/// recorded): what [`save`] writes after diagnosing.
pub fn write(
    case: &Written,
    reports: &[crate::evidence::InputReport],
    findings: &[crate::tree::Finding],
    kb: &Kb,
) -> String {
    let assessed: Vec<&crate::tree::Finding> =
        findings.iter().filter(|f| api::assessed(f)).collect();
    let report = crate::remedy::report::report_of(reports, assessed.iter().copied(), kb);
    let file = CaseFile {
        format: FORMAT,
        version: VERSION,
        inputs_form: case.form,
        inputs: case.inputs.clone(),
        session: case.session.clone(),
        simulator: case.simulator.clone(),
        findings: assessed.iter().map(|f| CaseFinding::of(f)).collect(),
        report,
    };
    serde_json::to_string(&file)
        .map(|compact| indent(&compact))
        .unwrap_or_default()
}

/// Compact JSON as serde_json writes it, indented as its pretty printer
/// would (two spaces, `": "`, `[]` and `{}` when empty). Case files and the
/// web app's session export go through the compact serializer the page
/// already uses: the pretty one would compile every `Serialize` impl a
/// second time (about 2.5 KB gzip of wasm for the session alone).
pub fn indent(json: &str) -> String {
    let mut out = String::with_capacity(json.len() * 2);
    let mut depth = 0usize;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n("  ", depth));
    };
    let (mut in_string, mut escaped) = (false, false);
    let mut chars = json.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// The wizard's session replayed on the case's evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SessionReplayed {
    pub article: String,
    /// The steps the answers gave.
    pub steps: Vec<Step>,
    /// The verdict reached, when the answers reach an outcome.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<Verdict>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
}

/// A case opened: its inputs diagnosed again by this kbwiz, the session
/// replayed, and what differs from what the file says. Its JSON is what
/// `kbwiz case open --json` prints and `kbwiz.openCase` returns: the
/// triage's three lists, with the case's own fields.
#[derive(Debug, Clone, Serialize)]
pub struct CaseOpened {
    pub inputs_form: InputsForm,
    pub inputs: Vec<CaseInput>,
    #[serde(flatten)]
    pub triage: TriageOwned,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<SessionReplayed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub simulator: Option<serde_json::Value>,
    /// Where this kbwiz's diagnosis differs from the file's (another KB
    /// version, or an edited file); empty when they agree.
    pub differences: Vec<String>,
    /// The diagnosis, for the shells' other outputs (text, report, .reg).
    #[serde(skip)]
    pub diagnosis: DiagnoseReport,
}

/// The triage's three lists, owned (see [`api::Triage`]).
#[derive(Debug, Clone, Serialize)]
pub struct TriageOwned {
    pub findings: Vec<crate::tree::Finding>,
    pub not_assessed: Vec<api::NotAssessed>,
    pub separations: Vec<api::Separation>,
}

/// Open a case file's bytes: read and check it, diagnose its inputs, replay
/// its answers. Refused, with every problem's JSON path, when it is not a
/// case this kbwiz reads.
pub fn open(bytes: &[u8], kb: &Kb) -> Result<CaseOpened, CaseRefused> {
    let case = read::read(bytes)?;
    let refs: Vec<api::Input<'_>> = case
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.text.as_bytes()))
        .collect();
    let diagnosis = api::diagnose(&refs, kb);
    let differences = differences(&case.findings, &diagnosis.findings);
    let session = match &case.session {
        None => None,
        Some(s) => Some(
            replay(s, std::rc::Rc::new(diagnosis.scan.evidence.clone()), kb).map_err(
                |problem| CaseRefused {
                    problems: vec![problem],
                },
            )?,
        ),
    };
    Ok(CaseOpened {
        inputs_form: case.inputs_form,
        inputs: case.inputs,
        triage: TriageOwned {
            findings: diagnosis.findings.clone(),
            not_assessed: diagnosis.not_assessed.clone(),
            separations: diagnosis.separations.clone(),
        },
        session,
        simulator: case.simulator,
        differences,
        diagnosis,
    })
}

/// Where `findings` (this kbwiz's diagnosis of a case's inputs; the
/// assessed ones count) differ from what the case file `was` says: a
/// verdict, outcome or line count changed, or a finding only one side has.
pub fn differences(was: &[CaseFinding], findings: &[crate::tree::Finding]) -> Vec<String> {
    let now: Vec<CaseFinding> = findings
        .iter()
        .filter(|f| api::assessed(f))
        .map(CaseFinding::of)
        .collect();
    let mut out = Vec::new();
    for was in was {
        match now.iter().find(|f| f.article == was.article) {
            None => out.push(format!(
                "{}: the case has a finding ({}) this kbwiz does not make",
                was.article,
                was.verdict.name()
            )),
            Some(f) if f != was => out.push(format!(
                "{}: the case says {} ({}, {} lines), this kbwiz finds {} ({}, {} lines)",
                was.article,
                was.verdict.name(),
                was.outcome.as_deref().unwrap_or("no outcome"),
                was.lines,
                f.verdict.name(),
                f.outcome.as_deref().unwrap_or("no outcome"),
                f.lines
            )),
            Some(_) => {}
        }
    }
    for f in now
        .iter()
        .filter(|f| !was.iter().any(|w| w.article == f.article))
    {
        out.push(format!(
            "{}: this kbwiz finds {} where the case has no finding",
            f.article,
            f.verdict.name()
        ));
    }
    out
}

/// Replay a case's answers on `evidence`, checking each against the tree
/// (also what the web app does when it redacts the inputs under a session).
pub fn replay(
    s: &CaseSession,
    evidence: std::rc::Rc<Vec<crate::evidence::Evidence>>,
    kb: &Kb,
) -> Result<SessionReplayed, CaseProblem> {
    use crate::tree::Position;
    let mut session = Session::new(&s.article, evidence);
    let problem = |i: usize, message: String| CaseProblem {
        path: format!("$.session.answers[{i}]"),
        message,
    };
    session.position(kb).map_err(|e| CaseProblem {
        path: "$.session.article".into(),
        message: e.to_string(),
    })?;
    for (i, a) in s.answers.iter().enumerate() {
        match session
            .position(kb)
            .map_err(|e| problem(i, e.to_string()))?
        {
            Position::Question { question, .. } if question.id == a.question => {}
            Position::Question { question, .. } => {
                return Err(problem(
                    i,
                    format!(
                        "answers question {}, but the path is at {}",
                        a.question, question.id
                    ),
                ))
            }
            Position::Outcome { outcome } => {
                return Err(problem(
                    i,
                    format!(
                        "answers question {}, but the path has reached outcome {}",
                        a.question, outcome.id
                    ),
                ))
            }
        }
        let moved = match a.by {
            AnsweredBy::Evidence => session.accept(kb),
            AnsweredBy::Admin => session.answer(kb, a.answer.clone()),
        };
        moved.map_err(|e| problem(i, e.to_string()))?;
    }
    let (verdict, outcome) = match session.position(kb) {
        Ok(Position::Outcome { outcome }) => (Some(outcome.verdict), Some(outcome.id.clone())),
        _ => (None, None),
    };
    Ok(SessionReplayed {
        article: s.article.clone(),
        steps: session.steps,
        verdict,
        outcome,
    })
}
