//! The case file: saved and opened again it gives the same findings and
//! replays the same answers; a redacted case's outputs (the file, the
//! report, the .reg clean-up and the undo .reg) hold no original value;
//! other versions, other formats, wrong types, oversize and arbitrary
//! bytes are refused with JSON paths, never a panic.

mod scenario;

use kbwiz_engine::api;
use kbwiz_engine::case::{CaseRequest, CaseSession, InputsForm, MAX_CASE_BYTES};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::remedy::{strongest_cleanup, RegForm};
use kbwiz_engine::tree::{Answer, Session, Source};
use proptest::prelude::*;

fn refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

fn findings_json(f: &[kbwiz_engine::tree::Finding]) -> String {
    serde_json::to_string_pretty(f).expect("json")
}

#[test]
fn a_case_opens_with_the_same_findings_and_answers() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault", "export-and-reg"]);
    let d = api::diagnose(&refs(&files), kb);
    // The admin answers the first question evidence leaves open, lets
    // evidence answer on, then overrides an evidence answer.
    let mut session = Session::new("Q319207", d.scan.evidence.clone());
    session.advance(kb).expect("advance");
    session
        .answer(kb, Answer::Unknown)
        .expect("an open question");
    session.advance(kb).expect("advance");
    let evidence_step = session
        .steps
        .iter()
        .find(|s| {
            matches!(s.source, Source::Evidence { .. })
                && matches!(s.answer, Answer::Yes | Answer::No)
        })
        .cloned()
        .expect("an evidence answer");
    let other = if evidence_step.answer == Answer::Yes {
        Answer::No
    } else {
        Answer::Yes
    };
    session
        .override_answer(kb, &evidence_step.question, other)
        .expect("override");
    let _ = session.advance(kb);
    assert!(
        session
            .steps
            .iter()
            .any(|s| matches!(s.source, Source::AdminOverride { .. })),
        "{:?}",
        session.steps
    );
    assert!(
        session.steps.iter().any(|s| s.source == Source::Admin),
        "{:?}",
        session.steps
    );
    let saved = api::case_save(
        &refs(&files),
        kb,
        CaseRequest {
            redact: false,
            session: Some(CaseSession::of(&session)),
            simulator: Some(serde_json::json!({"hours": 12})),
            ..CaseRequest::default()
        },
    );
    assert_eq!(saved.inputs_form, InputsForm::Original);
    assert!(saved.map.is_none());
    let opened = api::case_open(saved.text.as_bytes(), kb).expect("opens");
    assert_eq!(
        findings_json(&opened.triage.findings),
        findings_json(&d.findings)
    );
    assert_eq!(opened.diagnosis.not_assessed, d.not_assessed);
    assert!(opened.differences.is_empty(), "{:?}", opened.differences);
    let replayed = opened.session.expect("session");
    assert_eq!(replayed.steps, session.steps);
    assert_eq!(opened.simulator, Some(serde_json::json!({"hours": 12})));
    // The inputs came back as text, byte for byte for UTF-8 ones.
    assert_eq!(opened.inputs[0].text.as_bytes(), files[0].1.as_slice());
}

#[test]
fn inputs_already_redacted_are_marked_and_not_redacted_again() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault"]);
    let red = api::redact(&refs(&files), kb);
    let red_files: Vec<(String, Vec<u8>)> = red
        .inputs
        .iter()
        .map(|i| (i.name.clone(), i.bytes.clone()))
        .collect();
    let saved = api::case_save(
        &refs(&red_files),
        kb,
        CaseRequest {
            inputs_redacted: true,
            ..CaseRequest::default()
        },
    );
    assert_eq!(
        (saved.inputs_form, saved.map.is_none()),
        (InputsForm::Redacted, true)
    );
    let opened = api::case_open(saved.text.as_bytes(), kb).expect("opens");
    assert_eq!(opened.inputs[0].text, red.inputs[0].text);
    assert_eq!(opened.inputs_form, InputsForm::Redacted);
}

#[test]
fn a_changed_finding_is_listed_as_a_difference() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault"]);
    let saved = api::case_save(&refs(&files), kb, CaseRequest::default());
    let edited = saved
        .text
        .replacen("\"verdict\": \"confirmed\"", "\"verdict\": \"likely\"", 1);
    let opened = api::case_open(edited.as_bytes(), kb).expect("opens");
    assert_eq!(opened.differences.len(), 1, "{:?}", opened.differences);
    assert!(
        opened.differences[0].starts_with("Q319207: the case says likely"),
        "{:?}",
        opened.differences
    );
}

/// Whether `value` stands in `text` as a whole token, any case.
fn has_token(text: &str, value: &str) -> bool {
    let (text, value) = (text.to_lowercase(), value.to_lowercase());
    text.match_indices(&value).any(|(at, _)| {
        let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !joins(text[..at].chars().next_back()) && !joins(text[at + value.len()..].chars().next())
    })
}

#[test]
fn no_output_of_a_redacted_case_holds_an_original_value() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault", "export-and-reg"]);
    let saved = api::case_save(
        &refs(&files),
        kb,
        CaseRequest {
            redact: true,
            ..CaseRequest::default()
        },
    );
    assert_eq!(saved.inputs_form, InputsForm::Redacted);
    let map = saved.map.clone().expect("a map");
    let opened = api::case_open(saved.text.as_bytes(), kb).expect("opens");
    assert_eq!(opened.inputs_form, InputsForm::Redacted);
    let d = &opened.diagnosis;
    let report = kbwiz_engine::remedy::report::report_of(&d.scan.inputs, &d.findings, kb);
    let mut outputs: Vec<(String, String)> = vec![
        ("case file".into(), saved.text.clone()),
        ("report".into(), report),
        (
            "opened JSON".into(),
            serde_json::to_string(&opened).expect("json"),
        ),
    ];
    for form in [RegForm::Regedit4, RegForm::Version5] {
        let (_, fix) = strongest_cleanup(&d.findings, kb, form).expect("a clean-up");
        outputs.push((
            format!("fix {form:?}"),
            kbwiz_engine::parse::decode(&fix.bytes).into_owned(),
        ));
        let undo = api::undo_for(&d.findings, &d.scan.evidence, kb, form)
            .undo
            .expect("undo");
        let text = undo.reg.expect("an undo .reg from the redacted export");
        outputs.push((format!("undo {form:?}"), text));
    }
    // Every value of the map, and the values known to be in these samples
    // (so the test does not rest on the map alone).
    let mut originals: Vec<String> = map.entries.iter().map(|e| e.value.clone()).collect();
    originals.extend(
        [
            "CEN",
            "CEN00012",
            "CENTRAL01",
            "DP01",
            "SRC01",
            "PR1",
            "PR2",
            "PR3",
            "Office2000",
            "SMSPKGC",
        ]
        .map(String::from),
    );
    for (what, text) in &outputs {
        for value in &originals {
            // The share `Packages` is also a word of the KB's own titles,
            // which stay: as a share it would follow a `\`.
            let in_kb_prose = value == "Packages" && !text.contains(r"\Packages");
            assert!(
                in_kb_prose || !has_token(text, value),
                "{what} holds {value:?}"
            );
        }
        assert!(
            text.contains("J0100012"),
            "{what} names the package by its pseudonym"
        );
    }
}

#[test]
fn other_versions_and_formats_are_refused_with_a_reason() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault"]);
    let saved = api::case_save(&refs(&files), kb, CaseRequest::default());
    let newer = saved.text.replacen("\"version\": 1", "\"version\": 2", 1);
    let err = api::case_open(newer.as_bytes(), kb).expect_err("refused");
    assert_eq!(err.problems[0].path, "$.version");
    assert_eq!(
        err.to_string(),
        "not a case file this kbwiz opens: $.version: format version 2 was written by a newer kbwiz; this one reads version 1: update kbwiz to open it"
    );
    let session =
        r#"{"format":"kbwiz-session","version":1,"article":"Q319207","inputs":[],"steps":[]}"#;
    assert!(api::case_open(session.as_bytes(), kb)
        .expect_err("refused")
        .to_string()
        .contains("Import session"));
}

#[test]
fn answers_that_do_not_fit_the_tree_are_refused_where_they_stand() {
    let kb = Kb::embedded();
    let files = scenario::inputs(&["full-fault"]);
    let session = CaseSession {
        article: "Q319207".into(),
        answers: vec![kbwiz_engine::case::CaseAnswer {
            question: "no_such_question".into(),
            answer: Answer::Yes,
            by: kbwiz_engine::case::AnsweredBy::Admin,
        }],
    };
    let saved = api::case_save(
        &refs(&files),
        kb,
        CaseRequest {
            session: Some(session),
            ..CaseRequest::default()
        },
    );
    let err = api::case_open(saved.text.as_bytes(), kb).expect_err("refused");
    assert_eq!(err.problems[0].path, "$.session.answers[0]");
    assert!(
        err.problems[0]
            .message
            .starts_with("answers question no_such_question, but the path is at "),
        "{err}"
    );
    let unknown = saved.text.replace("\"Q319207\"", "\"Q000000\"");
    let err = api::case_open(unknown.as_bytes(), kb).expect_err("refused");
    assert_eq!(err.problems[0].path, "$.session.article");
}

#[test]
fn hostile_case_files_are_refused_or_kept_as_text() {
    let kb = Kb::embedded();
    // HTML in every string: read as text (the shells never render it).
    let html = r#"{"format":"kbwiz-case","version":1,"inputs_form":"original","inputs":[{"name":"<img src=x onerror=alert(1)>","text":"<script>alert(1)</script>\n"}],"findings":[],"report":"<b>x</b>"}"#;
    let opened = api::case_open(html.as_bytes(), kb).expect("opens");
    assert_eq!(opened.inputs[0].name, "<img src=x onerror=alert(1)>");
    // Oversize: refused before reading.
    let mut big = vec![b' '; MAX_CASE_BYTES + 1];
    big[0] = b'{';
    let err = api::case_open(&big, kb).expect_err("refused");
    assert_eq!(err.problems[0].path, "$");
    assert!(err.problems[0].message.contains("at most 64 MB"), "{err}");
    // Deep nesting: serde_json's limit, reported, not a stack overflow.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(api::case_open(deep.as_bytes(), kb)
        .expect_err("refused")
        .problems[0]
        .message
        .starts_with("not JSON"));
    // Too many inputs.
    let many = format!(
        r#"{{"format":"kbwiz-case","version":1,"inputs_form":"original","inputs":[{}],"findings":[],"report":""}}"#,
        vec![r#"{"name":"a","text":""}"#; 300].join(",")
    );
    let err = api::case_open(many.as_bytes(), kb).expect_err("refused");
    assert_eq!(
        (
            err.problems[0].path.as_str(),
            err.problems[0].message.as_str()
        ),
        ("$.inputs", "300 items; at most 256 are read")
    );
    // Not UTF-8.
    assert_eq!(
        api::case_open(&[0xff, 0xfe, 0], kb)
            .expect_err("refused")
            .problems[0]
            .path,
        "$"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Arbitrary bytes, and a real case with a byte changed, never panic.
    #[test]
    fn arbitrary_case_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512), at in any::<usize>(), byte in any::<u8>()) {
        let kb = Kb::embedded();
        let _ = api::case_open(&bytes, kb);
        let text = r#"{"format":"kbwiz-case","version":1,"inputs_form":"original","inputs":[{"name":"a","text":"Message ID: 2328"}],"session":{"article":"Q319207","answers":[{"question":"q","answer":{"type":"number","value":1},"by":"admin"}]},"findings":[{"article":"Q319207","verdict":"likely","lines":1,"packages":["X"]}],"report":""}"#;
        let mut b = text.as_bytes().to_vec();
        let i = at % b.len();
        b[i] = byte;
        let _ = api::case_open(&b, kb);
    }
}
