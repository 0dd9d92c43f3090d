//! A saved or exported session ([`Saved`]) read as its serde derives write
//! it: unknown fields refused at the top and in inputs, and the wizard's
//! [`Step`]s with their [`Answer`] (tagged by `type`, content in `value`)
//! and [`Source`] (tagged by `type`).

use super::{boolean, f64, list, string, strings, u32, usize, Cx, Obj, Res};
use crate::storage::{Saved, SavedInput};
use kbwiz_engine::tree::{Answer, EvidenceRef, Source, Step};
use serde_json::Value;

const SAVED_FIELDS: [&str; 8] = [
    "format", "version", "article", "inputs", "steps", "params", "dropped", "redacted",
];

/// A session file's text.
pub fn session(text: &str) -> Res<Saved> {
    super::read_text(text, saved)
}

fn saved(cx: &Cx, v: &Value) -> Saved {
    let o = Obj::of(cx, v, "struct Saved").only(&SAVED_FIELDS);
    Saved {
        format: o.req("format", string),
        version: o.req("version", u32),
        article: o.req("article", string),
        inputs: o.req("inputs", |cx, v| list(cx, v, saved_input)),
        steps: o.req("steps", |cx, v| list(cx, v, step)),
        params: o.opt("params", super::params::params),
        dropped: o.or_default("dropped", strings),
        redacted: o.or_default("redacted", boolean),
    }
}

fn saved_input(cx: &Cx, v: &Value) -> SavedInput {
    let o = Obj::of(cx, v, "struct SavedInput").only(&["name", "text"]);
    SavedInput {
        name: o.req("name", string),
        text: o.req("text", string),
    }
}

fn step(cx: &Cx, v: &Value) -> Step {
    let o = Obj::of(cx, v, "struct Step");
    Step {
        question: o.req("question", string),
        text: o.req("text", string),
        answer: o.req("answer", answer),
        label: o.req("label", string),
        source: o.req("source", source),
        evidence: o.or_default("evidence", |cx, v| list(cx, v, evidence_ref)),
        uncited: o.or_default("uncited", usize),
        why: o.req("why", string),
        packages: o.or_default("packages", strings),
    }
}

fn evidence_ref(cx: &Cx, v: &Value) -> EvidenceRef {
    let o = Obj::of(cx, v, "struct EvidenceRef");
    EvidenceRef {
        kind: o.req("kind", string),
        path: o.req("path", string),
        line: o.req("line", usize),
        text: o.req("text", string),
    }
}

#[derive(Clone, Copy)]
enum AnswerType {
    Yes,
    No,
    Choice,
    Number,
    Version,
    Unknown,
}

fn answer(cx: &Cx, v: &Value) -> Answer {
    let o = Obj::of(cx, v, "adjacently tagged enum Answer");
    let types = [
        ("yes", AnswerType::Yes),
        ("no", AnswerType::No),
        ("choice", AnswerType::Choice),
        ("number", AnswerType::Number),
        ("version", AnswerType::Version),
        ("unknown", AnswerType::Unknown),
    ];
    match o.tag("type", &types) {
        Some(AnswerType::Yes) => Answer::Yes,
        Some(AnswerType::No) => Answer::No,
        Some(AnswerType::Choice) => Answer::Choice(o.req("value", string)),
        Some(AnswerType::Number) => Answer::Number(o.req("value", f64)),
        Some(AnswerType::Version) => Answer::Version(o.req("value", string)),
        Some(AnswerType::Unknown) | None => Answer::Unknown,
    }
}

#[derive(Clone, Copy)]
enum SourceType {
    Evidence,
    Admin,
    AdminOverride,
    NotKnown,
}

fn source(cx: &Cx, v: &Value) -> Source {
    let o = Obj::of(cx, v, "internally tagged enum Source");
    let types = [
        ("evidence", SourceType::Evidence),
        ("admin", SourceType::Admin),
        ("admin_override", SourceType::AdminOverride),
        ("not_known", SourceType::NotKnown),
    ];
    match o.tag("type", &types) {
        Some(SourceType::Evidence) => Source::Evidence {
            by_absence: o.req("by_absence", boolean),
        },
        Some(SourceType::Admin) => Source::Admin,
        Some(SourceType::AdminOverride) => Source::AdminOverride {
            evidence_answer: o.req("evidence_answer", answer),
        },
        Some(SourceType::NotKnown) | None => Source::NotKnown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kbwiz_engine::sim::{Arrivals, Hierarchy, Params};
    use serde_json::json;

    fn step_with(answer: Answer, source: Source) -> Step {
        Step {
            question: "q".into(),
            text: "Q?".into(),
            answer,
            label: "yes".into(),
            source,
            evidence: vec![EvidenceRef {
                kind: "status_message".into(),
                path: "distmgr.log".into(),
                line: 4,
                text: "line".into(),
            }],
            uncited: 3,
            why: "because".into(),
            packages: vec!["P0100001".into()],
        }
    }

    #[test]
    fn every_answer_and_source_reads_back_as_serde_does() {
        let answers = [
            Answer::Yes,
            Answer::No,
            Answer::Choice("central".into()),
            Answer::Number(2.5),
            Answer::Version("2.00.1493.3257".into()),
            Answer::Unknown,
        ];
        let sources = [
            Source::Evidence { by_absence: true },
            Source::Admin,
            Source::AdminOverride {
                evidence_answer: Answer::Number(3.0),
            },
            Source::NotKnown,
        ];
        let mut steps: Vec<Step> = answers
            .iter()
            .zip(sources.iter().cycle())
            .map(|(a, s)| step_with(a.clone(), s.clone()))
            .collect();
        steps.push(Step {
            evidence: Vec::new(),
            uncited: 0,
            packages: Vec::new(),
            ..step_with(Answer::Yes, Source::Admin)
        });
        let session = Saved {
            format: "kbwiz-session".into(),
            version: 1,
            article: "Q319207".into(),
            inputs: vec![SavedInput {
                name: "distmgr.log".into(),
                text: "a \"log\"\n".into(),
            }],
            steps,
            params: Some(Params {
                hierarchy: Hierarchy::Tiers { fanout: vec![5, 4] },
                arrivals: Arrivals::Off,
                key_deleted_at_s: Some(9),
                ..Params::default()
            }),
            dropped: vec!["big.log".into()],
            redacted: true,
        };
        let json = serde_json::to_value(&session).expect("json");
        assert_eq!(
            serde_json::from_value::<Saved>(json.clone()).ok(),
            Some(session.clone())
        );
        assert_eq!(super::super::read(&json, saved), Ok(session.clone()));
        let bare = Saved {
            params: None,
            dropped: Vec::new(),
            redacted: false,
            ..session
        };
        let mut json = serde_json::to_value(&bare).expect("json");
        let fields = json.as_object_mut().expect("object");
        fields.remove("dropped");
        fields.remove("params");
        assert_eq!(super::super::read(&json, saved), Ok(bare));
    }

    #[test]
    fn a_wrong_session_is_refused_as_serde_refuses_it() {
        let serde = |v: &Value| {
            let m = serde_json::from_value::<Saved>(v.clone())
                .expect_err("refused")
                .to_string();
            Err(m)
        };
        for v in [
            json!({"hello": "world"}),
            json!("aaa"),
            json!({"format": "kbwiz-session"}),
            json!({"format": "kbwiz-session", "version": 1, "article": "Q319207", "steps": [], "inputs": [{"name": "a", "text": "b", "x": 1}]}),
            json!({"format": "kbwiz-session", "version": 1, "article": "Q319207", "inputs": [], "steps": [{"question": []}]}),
        ] {
            assert_eq!(
                super::super::read(&v, saved).map(|_| ()),
                serde(&v).map(|_: ()| ()),
                "{v}"
            );
        }
    }
}
