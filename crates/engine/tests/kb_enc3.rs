//! Q215130, Q212937, Q261874 and Q278357 on their scenarios (written by
//! `tests/data/scenarios/make_enc3.py`): each article's verdict, its rank in
//! the triage on its own evidence, and a healthy log of the same component
//! ruling it out by absence.

use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Step;
use kbwiz_engine::tree::Source;

mod scenario;
use scenario::{diagnose, finding, path, rank, ranked_in, top, values, verdict};

/// The articles these tests are about. Other articles of the library read
/// the same logs too; the lists below are held exact for these, each test
/// that says an article ranks first checks it against all of them, and the
/// other articles the lists used to name are checked one by one.
const FAMILY: [&str; 5] = ["Q212937", "Q215130", "Q261874", "Q278357", "Q319207"];

/// `(question, label)` of every step on the finding's path.
#[test]
fn q215130_reads_the_missing_address_line_and_ranks_first() {
    let d = diagnose(&["q215130-noaddress"]);
    assert_eq!(top(&d), "Q215130");
    // Q212937 and Q264171 read the same 3400s, but not the log line.
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q215130", Verdict::Likely, Some("likely")),
            ("Q212937", Verdict::Likely, Some("likely")),
            ("Q261874", Verdict::RuledOut, Some("no_error")),
            ("Q278357", Verdict::RuledOut, Some("no_heartbeat")),
        ]
    );
    assert_eq!(verdict(&d, "Q264171"), (Verdict::Likely, Some("likely")));
    assert!(rank(&d, "Q212937") < rank(&d, "Q264171"));
    assert!(rank(&d, "Q264171") < rank(&d, "Q261874"));
    let first = finding(&d, "Q215130");
    assert_eq!(
        (
            first.article.as_str(),
            first.verdict,
            first.outcome.as_deref()
        ),
        ("Q215130", Verdict::Likely, Some("likely"))
    );
    assert_eq!(
        path(first),
        [
            ("line_logged", "yes"),
            ("codes_too", "yes"),
            ("site_gone", "unknown")
        ]
    );
    // 36 rounds over three days: the line and message 3400 in each.
    assert_eq!(first.evidence.len() + first.uncited, 72);
    assert_eq!(
        first.evidence[0].text,
        "There is no address defined for site PR7"
    );
    assert_eq!(values(first), [("site", vec!["PR7"])]);
    assert_eq!(
        first.remediation[0].steps[2],
        Step::Note {
            text: "Move only files whose names carry PR7: moving another site's requests can break a working site.".into()
        }
    );
    assert_eq!(
        first.remediation[1].steps[1],
        Step::Command {
            text: "Delete every job and command aimed at the lost site:".into(),
            command: "preinst /deljob:PR7".into(),
        }
    );
    assert_eq!(
        first.needs.as_ref().map(|n| n.question.as_str()),
        Some("site_gone")
    );
}

#[test]
fn a_healthy_scheduler_log_rules_q215130_out_by_absence() {
    let d = diagnose(&["q215130-healthy"]);
    let f = finding(&d, "Q215130");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::RuledOut, Some("no_symptom"))
    );
    assert_eq!(path(f), [("line_logged", "no"), ("codes_only", "no")]);
    assert!(f
        .steps
        .iter()
        .all(|s| s.source == Source::Evidence { by_absence: true }));
}

#[test]
fn q212937_reads_message_3400_and_ranks_first() {
    let d = diagnose(&["q212937-deleted"]);
    assert_eq!(top(&d), "Q212937");
    // Q264171 reads the very same messages (a tie broken by ID); Q215130
    // reads them only after its own line was not found.
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q212937", Verdict::Likely, Some("likely")),
            ("Q215130", Verdict::Likely, Some("likely")),
        ]
    );
    assert_eq!(verdict(&d, "Q264171"), (Verdict::Likely, Some("likely")));
    assert!(rank(&d, "Q212937") < rank(&d, "Q264171"));
    assert!(rank(&d, "Q264171") < rank(&d, "Q215130"));
    assert_eq!(
        verdict(&d, "Q319189"),
        (Verdict::RuledOut, Some("no_removed_site"))
    );
    assert_eq!(
        verdict(&d, "Q244405"),
        (Verdict::InsufficientEvidence, Some("no_deletion"))
    );
    assert!(rank(&d, "Q215130") < rank(&d, "Q319189"));
    assert!(rank(&d, "Q319189") < rank(&d, "Q244405"));
    let first = finding(&d, "Q212937");
    assert_eq!(
        (
            first.article.as_str(),
            first.verdict,
            first.outcome.as_deref()
        ),
        ("Q212937", Verdict::Likely, Some("likely"))
    );
    assert_eq!(
        path(first),
        [
            ("no_address", "yes"),
            ("service_pack", "unknown"),
            ("child_deleted_sp_unknown", "unknown")
        ]
    );
    // One 3400 every three hours over four days.
    assert_eq!(first.evidence.len() + first.uncited, 32);
    // ISTR0 is the deleted site, ISTR1 the parent.
    assert_eq!(
        values(first),
        [
            ("primary site", vec!["CEN"]),
            ("deleted sitecode", vec!["SC4"])
        ]
    );
    assert_eq!(
        first.remediation[0].steps[2],
        Step::Command {
            text: "Then delete the jobs aimed at the deleted site:".into(),
            command: "preinst /deljob:SC4".into(),
        }
    );
    assert_eq!(
        first.needs.as_ref().map(|n| n.question.as_str()),
        Some("service_pack")
    );
    // The service pack level tells Q212937 (fixed in SP2) from Q264171.
    let s = d
        .separations
        .iter()
        .find(|s| s.articles.contains(&"Q264171".to_string()))
        .expect("a separation for Q264171");
    assert_eq!(s.articles, ["Q212937".to_string(), "Q264171".to_string()]);
    assert_eq!(
        s.artefact.as_deref(),
        Some("Your answer: the SMS 2.0 service pack level of the parent site")
    );
    // Q215130 reads the same messages, but its own line is missing from
    // the Scheduler log given: weaker.
    let q215130 = finding(&d, "Q215130");
    assert_eq!(q215130.verdict, Verdict::Likely);
    assert_eq!(
        q215130.steps[0].source,
        Source::Evidence { by_absence: true }
    );
}

#[test]
fn a_healthy_scheduler_log_rules_q212937_out_by_absence() {
    let d = diagnose(&["q215130-healthy"]);
    let f = finding(&d, "Q212937");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::RuledOut, Some("no_message"))
    );
}

#[test]
fn q261874_reads_error_487_and_ranks_first() {
    let d = diagnose(&["q261874-err487"]);
    assert_eq!(top(&d), "Q261874");
    // The Scheduler log beside it rules the 3400 articles out by absence.
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q261874", Verdict::Likely, Some("likely")),
            ("Q212937", Verdict::RuledOut, Some("no_message")),
            ("Q278357", Verdict::RuledOut, Some("no_heartbeat")),
            ("Q215130", Verdict::RuledOut, Some("no_symptom")),
        ]
    );
    assert_eq!(
        verdict(&d, "Q264171"),
        (Verdict::RuledOut, Some("no_message"))
    );
    assert!(rank(&d, "Q212937") < rank(&d, "Q264171"));
    assert!(rank(&d, "Q264171") < rank(&d, "Q278357"));
    let first = finding(&d, "Q261874");
    assert_eq!(
        (
            first.article.as_str(),
            first.verdict,
            first.outcome.as_deref()
        ),
        ("Q261874", Verdict::Likely, Some("likely"))
    );
    assert_eq!(
        path(first),
        [("error_487", "yes"), ("netware_47", "unknown")]
    );
    assert_eq!(
        first.evidence[0].text,
        r"Error during WNetAddConnection2 to \\PR2SRV01\SMS_SITE (487)."
    );
    assert_eq!(values(first), [("server", vec!["PR2SRV01"])]);
    // Q278357 reads the same sender log and finds no expired heartbeat.
    let other = finding(&d, "Q278357");
    assert_eq!(
        (other.verdict, other.outcome.as_deref()),
        (Verdict::RuledOut, Some("no_heartbeat"))
    );
    let d = diagnose(&["q261874-healthy"]);
    let f = finding(&d, "Q261874");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::RuledOut, Some("no_error"))
    );
    assert_eq!(f.steps[0].source, Source::Evidence { by_absence: true });
}

#[test]
fn q278357_reads_the_expired_heartbeat_and_ranks_first() {
    let d = diagnose(&["q278357-heartbeat"]);
    assert_eq!(top(&d), "Q278357");
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q278357", Verdict::Likely, Some("likely")),
            ("Q261874", Verdict::RuledOut, Some("no_error")),
        ]
    );
    assert_eq!(
        verdict(&d, "Q319189"),
        (Verdict::RuledOut, Some("no_removed_site"))
    );
    assert_eq!(
        verdict(&d, "Q244405"),
        (Verdict::InsufficientEvidence, Some("no_deletion"))
    );
    assert!(rank(&d, "Q261874") < rank(&d, "Q319189"));
    assert!(rank(&d, "Q319189") < rank(&d, "Q244405"));
    let first = finding(&d, "Q278357");
    assert_eq!(
        (
            first.article.as_str(),
            first.verdict,
            first.outcome.as_deref()
        ),
        ("Q278357", Verdict::Likely, Some("likely"))
    );
    assert_eq!(
        path(first),
        [("heartbeat", "yes"), ("delay_long", "unknown")]
    );
    // Two lost connections, each logged with both lines.
    let lines: Vec<&str> = first.evidence.iter().map(|e| e.text.as_str()).collect();
    assert_eq!(
        lines,
        [
            "Heartbeat is expired.",
            "Can't re-establish the connection.",
            "Heartbeat is expired.",
            "Can't re-establish the connection."
        ]
    );
    let other = finding(&d, "Q261874");
    assert_eq!(
        (other.verdict, other.outcome.as_deref()),
        (Verdict::RuledOut, Some("no_error"))
    );
    let d = diagnose(&["q278357-healthy"]);
    let f = finding(&d, "Q278357");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::RuledOut, Some("no_heartbeat"))
    );
    assert_eq!(f.steps[0].source, Source::Evidence { by_absence: true });
}

/// Q319207's scenarios keep their verdicts with these articles in the KB,
/// Q319207 ranks first where it is confirmed or likely (and nothing fits
/// where it is ruled out), and none of these four reads a Distribution
/// Manager log.
#[test]
fn q319207_scenarios_are_unchanged() {
    for (dir, d) in scenario::q319207_scenarios() {
        for id in ["Q212937", "Q215130", "Q261874", "Q278357"] {
            assert!(d.findings.iter().all(|f| f.article != id), "{dir}: {id}");
        }
    }
}
