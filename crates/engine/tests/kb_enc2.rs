//! Q235774, Q207416, Q320638 and Q266195 on their own scenarios (written by
//! `tests/data/scenarios/make_enc2.py`): each article's verdict on its own
//! evidence, its rank in the triage, and, where a log of the same component
//! without the article's lines rules it out, that healthy log.

use kbwiz_engine::api::DiagnoseReport;
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Step;

mod scenario;
use scenario::{diagnose, finding, path, top, values, verdict};

#[test]
fn q235774_reads_the_orphaned_package_and_asks_about_the_deletion() {
    let d = diagnose(&["q235774-orphan"]);
    assert_eq!(top(&d), "Q235774");
    let f = finding(&d, "Q235774");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::Likely, Some("likely"))
    );
    assert_eq!(
        path(f),
        [("orphan_line", "yes"), ("deleted_at_parent", "unknown")]
    );
    // One 99901 line every three hours over three days.
    assert_eq!(f.evidence.len() + f.uncited, 24);
    assert_eq!(
        (f.evidence[0].line, f.evidence[0].text.as_str()),
        (
            8,
            "SQL Msg #99901> This PkgID (CEN00057) does not exist in the parent table, SMSPackages."
        )
    );
    assert_eq!(f.packages, ["CEN00057"]);
    assert_eq!(values(f), [("package", vec!["CEN00057"])]);
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("deleted_at_parent")
    );
    assert_eq!(
        f.remediation[0].steps[1],
        Step::Note {
            text: "Package(s) CEN00057 are already orphaned at the child site: its console lists them and cannot delete them, and they cost the child site server work. The article gives no way to remove them.".into()
        }
    );
    // The other Distribution Manager article reading the same log is out.
    assert_eq!(
        verdict(&d, "Q319189"),
        (Verdict::RuledOut, Some("no_removed_site"))
    );
}

#[test]
fn a_healthy_child_distmgr_log_rules_q235774_out() {
    let d = diagnose(&["q235774-healthy"]);
    assert_eq!(
        verdict(&d, "Q235774"),
        (Verdict::RuledOut, Some("no_orphan_line"))
    );
    assert!(d
        .findings
        .iter()
        .all(|f| !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)));
}

#[test]
fn q207416_reads_error_32_and_asks_about_the_source_folder() {
    let d = diagnose(&["q207416-locked"]);
    assert_eq!(top(&d), "Q207416");
    let f = finding(&d, "Q207416");
    assert_eq!(
        (f.verdict, f.outcome.as_deref()),
        (Verdict::Likely, Some("likely"))
    );
    assert_eq!(path(f), [("error_32", "yes"), ("busy_source", "unknown")]);
    // An hourly retry from 11:20 on the first day to the end of the second.
    assert_eq!(f.evidence.len() + f.uncited, 45);
    assert_eq!(
        (f.evidence[0].line, f.evidence[0].text.as_str()),
        (
            14,
            "Error 32: The process cannot access the file because it is being used by another process."
        )
    );
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("busy_source")
    );
    assert_eq!(f.remediation.len(), 1);
    assert_eq!(f.remediation[0].id, "own_source");
    // Nothing else claims this log.
    assert!(d
        .findings
        .iter()
        .filter(|f| f.article != "Q207416")
        .all(|f| !matches!(f.verdict, Verdict::Confirmed | Verdict::Likely)));
}

#[test]
fn a_distmgr_log_without_error_32_rules_q207416_out() {
    let d = diagnose(&["q207416-healthy"]);
    assert_eq!(
        verdict(&d, "Q207416"),
        (Verdict::RuledOut, Some("no_error_32"))
    );
}

/// `(article, verdict, outcome)` of the findings that claim the evidence.
fn claimed(d: &DiagnoseReport) -> Vec<(&str, Verdict, Option<&str>)> {
    d.findings
        .iter()
        .filter(|f| matches!(f.verdict, Verdict::Confirmed | Verdict::Likely))
        .map(|f| (f.article.as_str(), f.verdict, f.outcome.as_deref()))
        .collect()
}

#[test]
fn q320638_reads_the_skipped_replication_minijob_and_ranks_first() {
    let d = diagnose(&["q320638-tokens"]);
    // Both Scheduler articles read the skipped minijob; Q320638's own entry
    // (status update, send request needed) puts it first.
    assert_eq!(
        claimed(&d),
        [
            ("Q320638", Verdict::Likely, Some("likely")),
            ("Q266195", Verdict::Likely, Some("likely")),
        ]
    );
    assert_eq!(top(&d), "Q320638");
    let f = finding(&d, "Q320638");
    assert_eq!(
        path(f),
        [
            ("request_id", "yes"),
            ("needed_request", "yes"),
            ("tokens_missing", "unknown")
        ]
    );
    // Two jobs an hour over two days: 96 skipped minijobs, each entry also
    // citing its status update and its send request.
    assert_eq!(f.evidence.len() + f.uncited, 96 * 3);
    assert_eq!(values(f), [("minijob", vec!["Inter Site Replication"])]);
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("tokens_missing")
    );
    assert_eq!(f.remediation[0].id, "recreate_tokens");
    // What would tell the two apart is a listing of the UID folder.
    assert_eq!(d.separations.len(), 1);
}

#[test]
fn q266195_reads_its_two_scheduler_errors_and_ranks_first() {
    let d = diagnose(&["q266195-uid"]);
    assert_eq!(
        claimed(&d),
        [
            ("Q266195", Verdict::Likely, Some("likely")),
            ("Q320638", Verdict::Likely, Some("likely")),
        ]
    );
    assert_eq!(top(&d), "Q266195");
    let f = finding(&d, "Q266195");
    assert_eq!(path(f), [("request_id", "yes"), ("uid_folder", "unknown")]);
    // Every two hours over three days, both lines.
    assert_eq!(f.evidence.len() + f.uncited, 72);
    assert_eq!(
        (f.evidence[0].line, f.evidence[0].text.as_str()),
        (2, "Skipping minijob. Could not retrieve the request ID")
    );
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("uid_folder")
    );
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Text {
            text: r"Open Sms\Inboxes\Schedule.box\Uid on the site server (create the folder if it does not exist).".into()
        }
    );
}

#[test]
fn a_scheduler_log_without_skipped_minijobs_rules_both_out() {
    for dir in ["q320638-healthy", "q266195-healthy"] {
        let d = diagnose(&[dir]);
        assert_eq!(
            verdict(&d, "Q320638"),
            (Verdict::RuledOut, Some("no_request_id_line")),
            "{dir}"
        );
        assert_eq!(
            verdict(&d, "Q266195"),
            (Verdict::RuledOut, Some("no_skipped_minijob")),
            "{dir}"
        );
        assert!(claimed(&d).is_empty(), "{dir}");
    }
}
