//! Wizard sessions: accepting evidence answers, answering, back, jump,
//! override (recorded as such), restart, the errors of impossible moves, and a
//! serde round trip that restores a session mid-way.

use chrono::{TimeZone, Utc};
use kbwiz_engine::evidence::{Evidence, Fact, Stamp, StatusMessage};
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{Answer, Position, Session, SessionError, Source};

fn failure(line: usize, hour: u32) -> Evidence {
    Evidence {
        input: "distmgr.log".into(),
        line,
        text: format!("STATMSG: ID=2328 line {line}"),
        fact: Fact::StatusMessage(StatusMessage {
            id: 2328,
            site: Some("CEN".into()),
            package_id: Some("CEN00012".into()),
            time: Stamp {
                utc: Utc.with_ymd_and_hms(2004, 6, 7, hour, 5, 0).single(),
                ..Stamp::default()
            },
            ..StatusMessage::default()
        }),
    }
}

fn session() -> Session {
    Session::new("Q319207", vec![failure(5, 16), failure(15, 17)])
}

fn at_question(p: &Position<'_>) -> String {
    match p {
        Position::Question { question, .. } => question.id.clone(),
        Position::Outcome { outcome } => format!("outcome {}", outcome.id),
    }
}

fn trail(s: &Session) -> Vec<String> {
    s.steps
        .iter()
        .map(|s| format!("{}={}", s.question, s.label))
        .collect()
}

#[test]
fn evidence_answers_are_suggested_and_accepted() {
    let kb = Kb::embedded();
    let mut s = session();
    let p = s.position(kb).expect("position");
    assert_eq!(at_question(&p), "distmgr_version");
    assert!(matches!(
        p,
        Position::Question {
            suggested: None,
            ..
        }
    ));
    assert_eq!(
        s.accept(kb),
        Err(SessionError::NoEvidenceAnswer("distmgr_version".into()))
    );

    s.answer(kb, Answer::Unknown)
        .expect("unknown is allowed here");
    let p = s.advance(kb).expect("advance");
    // dp_failure and retried come from the 2328s; no 2339 for the package in
    // the log that shows its failures answers fan_out "no" from absence.
    assert_eq!(
        trail(&s),
        [
            "distmgr_version=unknown",
            "dp_failure=yes",
            "retried=yes",
            "fan_out=no"
        ]
    );
    assert_eq!(at_question(&p), "outcome no_fan_out");
    assert_eq!(p.verdict(), Some(Verdict::RuledOut));
    assert_eq!(s.steps[1].source, Source::Evidence { by_absence: false });
    assert_eq!(
        s.steps[1]
            .evidence
            .iter()
            .map(|e| e.line)
            .collect::<Vec<_>>(),
        [5, 15]
    );
    assert_eq!(s.steps[3].source, Source::Evidence { by_absence: true });
    assert!(
        matches!(s.answer(kb, Answer::Yes), Err(SessionError::Finished(o)) if o == "no_fan_out")
    );
}

#[test]
fn back_jump_and_restart() {
    let kb = Kb::embedded();
    let mut s = session();
    s.answer(kb, Answer::Version("2.00.1493.1000".into()))
        .expect("version answer");
    s.advance(kb).expect("advance");
    assert_eq!(s.steps.len(), 4);

    assert!(s.back());
    assert_eq!(at_question(&s.position(kb).expect("position")), "fan_out");

    s.jump("dp_failure").expect("dp_failure is on the path");
    assert_eq!(trail(&s), ["distmgr_version=below"]);
    assert_eq!(
        at_question(&s.position(kb).expect("position")),
        "dp_failure"
    );
    assert_eq!(
        s.jump("child_sites"),
        Err(SessionError::NotOnPath("child_sites".into()))
    );

    s.restart();
    assert!(s.steps.is_empty());
    assert!(!s.back());
    assert_eq!(s.evidence.len(), 2, "restart keeps the evidence");
}

#[test]
fn overriding_an_evidence_answer_is_recorded_as_such() {
    let kb = Kb::embedded();
    let mut s = session();
    s.answer(kb, Answer::Unknown).expect("unknown");
    s.advance(kb).expect("advance");
    // The admin knows the packages do go to child sites.
    let p = s
        .override_answer(kb, "fan_out", Answer::Yes)
        .expect("override");
    assert_eq!(at_question(&p), "outcome confirmed");
    assert_eq!(p.verdict(), Some(Verdict::Confirmed));
    let step = s.steps.last().expect("a step");
    assert_eq!(step.question, "fan_out");
    assert_eq!(
        step.source,
        Source::AdminOverride {
            evidence_answer: Answer::No
        }
    );
    assert!(
        step.why
            .starts_with("the admin answered yes; evidence said no"),
        "{}",
        step.why
    );

    // Agreeing with the evidence is an admin answer, with the evidence kept.
    s.jump("dp_failure").expect("jump");
    s.answer(kb, Answer::Yes).expect("answer");
    let step = s.steps.last().expect("a step");
    assert_eq!(step.source, Source::Admin);
    assert_eq!(step.evidence.len(), 2);

    // A failed override leaves the session as it was.
    let before = s.clone();
    assert_eq!(
        s.override_answer(kb, "dp_failure", Answer::Choice("maybe".into()))
            .map(|_| ()),
        Err(SessionError::AnswerDoesNotFit {
            question: "dp_failure".into(),
            answer: "maybe".into()
        })
    );
    assert_eq!(s, before);
}

#[test]
fn answers_must_fit_the_question() {
    let kb = Kb::embedded();
    let mut s = session();
    assert!(matches!(
        s.answer(kb, Answer::Version("not a version".into())),
        Err(SessionError::AnswerDoesNotFit { .. })
    ));
    s.answer(kb, Answer::Unknown).expect("unknown");
    // dp_failure has no unknown branch.
    assert_eq!(
        s.answer(kb, Answer::Unknown).map(|_| ()),
        Err(SessionError::NoBranch {
            question: "dp_failure".into(),
            label: "unknown".into()
        })
    );
    let mut s = Session::new("Q000000", Vec::new());
    assert_eq!(
        s.position(kb).map(|_| ()),
        Err(SessionError::UnknownArticle("Q000000".into()))
    );
    assert_eq!(
        s.accept(kb).map(|_| ()),
        Err(SessionError::UnknownArticle("Q000000".into()))
    );
}

#[test]
fn a_session_survives_a_serde_round_trip() {
    let kb = Kb::embedded();
    let mut s = session();
    s.answer(kb, Answer::Unknown).expect("unknown");
    s.accept(kb).expect("dp_failure from evidence");
    let json = serde_json::to_string(&s).expect("serialise");
    let mut back: Session = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, s);
    assert_eq!(
        at_question(&back.position(kb).expect("position")),
        "retried"
    );
    back.accept(kb).expect("retried from evidence");
    assert_eq!(
        trail(&back),
        ["distmgr_version=unknown", "dp_failure=yes", "retried=yes"]
    );
}

#[test]
fn a_stale_path_is_reported_not_followed() {
    let kb = Kb::embedded();
    let mut s = session();
    s.answer(kb, Answer::Unknown).expect("unknown");
    s.steps[0].question = "fan_out".into();
    assert_eq!(
        s.position(kb).map(|_| ()),
        Err(SessionError::StalePath {
            article: "Q319207".into(),
            step: 0,
            found: "fan_out".into(),
            expected: "distmgr_version".into()
        })
    );
}
