//! Q309381, Q318834, Q326045 and Q242490 on their scenarios under
//! `tests/data/scenarios/` (written by `make_enc4.py`).

use kbwiz_engine::api::DiagnoseReport;
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Step;

mod scenario;
use scenario::{diagnose, finding, not_assessed_in, rank, ranked_in, top, verdict};

/// The articles these tests are about. Other articles of the library read
/// the same logs too; the lists below are held exact for these, each test
/// that says an article ranks first checks it against all of them, and the
/// other articles the lists used to name are checked one by one.
const FAMILY: [&str; 5] = ["Q242490", "Q309381", "Q318834", "Q319207", "Q326045"];

/// `(question, label, why)` of a finding's path.
fn path(d: &DiagnoseReport, article: &str) -> Vec<(String, String, String)> {
    finding(d, article)
        .steps
        .iter()
        .map(|s| (s.question.clone(), s.label.clone(), s.why.clone()))
        .collect()
}

fn step(q: &str, label: &str, why: &str) -> (String, String, String) {
    (q.into(), label.into(), why.into())
}

fn values<'d>(d: &'d DiagnoseReport, article: &str) -> Vec<(&'d str, Vec<&'d str>)> {
    finding(d, article)
        .values
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.values.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn q309381_reads_an_old_distmgr_dll_and_asks_about_the_distribution_point() {
    let d = diagnose(&["q309381-old-distmgr"]);
    assert_eq!(top(&d), "Q309381");
    // Distmgr.dll below every table that lists it: Q309381 and Q318834 are
    // both likely (alike in strength, so by ID); Q319207 waits on its logs.
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q309381", Verdict::Likely, Some("likely")),
            ("Q318834", Verdict::Likely, Some("likely")),
            ("Q319207", Verdict::InsufficientEvidence, None),
        ]
    );
    assert_eq!(
        path(&d, "Q309381"),
        [
            step(
                "fixed",
                "no",
                "below the file table: Distmgr.dll 2.00.1493.3182 (needs 2.00.1493.3197)"
            ),
            step("readded", "unknown", "no evidence answers this question"),
            step("missing", "unknown", "no evidence answers this question"),
        ]
    );
    let f = finding(&d, "Q309381");
    let cited: Vec<(usize, &str)> = f
        .evidence
        .iter()
        .map(|e| (e.line, e.kind.as_str()))
        .collect();
    assert_eq!(cited.len(), 1);
    assert_eq!(cited[0].0, 4);
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("missing")
    );
    assert_eq!(
        f.remediation
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["obtain_fix", "install_wizard", "install_manual"]
    );
    // The admin's view of the parent console tells the two apart.
    assert_eq!(d.separations.len(), 1);
    let s = &d.separations[0];
    assert_eq!(s.articles, ["Q309381".to_string(), "Q318834".to_string()]);
    assert_eq!(
        s.artefact.as_deref(),
        Some("Your answer: whether the parent site's SMS Administrator console lists the child site's re-added distribution point")
    );
    assert_eq!(not_assessed_in(&d, &FAMILY), ["Q242490", "Q326045"]);
    for id in ["Q235184", "Q244405", "Q264171", "Q319189", "Q324204"] {
        assert!(d.not_assessed.iter().any(|n| n.article == id), "{id}");
    }
}

#[test]
fn q318834_reads_an_old_baseutil_dll_and_rules_q309381_out() {
    let d = diagnose(&["q318834-old-baseutil"]);
    // Distmgr.dll 2.00.1493.3197 is the Q309381 fix, Baseutil.dll predates
    // Q318834's: Q318834 first, Q309381 ruled out by the same listing.
    assert_eq!(top(&d), "Q318834");
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q318834", Verdict::Likely, Some("likely")),
            ("Q309381", Verdict::RuledOut, Some("fix_installed")),
            ("Q319207", Verdict::InsufficientEvidence, None),
        ]
    );
    assert_eq!(
        verdict(&d, "Q319189"),
        (Verdict::InsufficientEvidence, None)
    );
    assert_eq!(
        verdict(&d, "Q324204"),
        (Verdict::InsufficientEvidence, None)
    );
    assert!(rank(&d, "Q309381") < rank(&d, "Q319189"));
    assert!(rank(&d, "Q319189") < rank(&d, "Q319207"));
    assert!(rank(&d, "Q319207") < rank(&d, "Q324204"));
    assert_eq!(
        path(&d, "Q318834"),
        [
            step(
                "fixed",
                "no",
                "below the file table: Distmgr.dll 2.00.1493.3197 (needs 2.0.1493.3241), Baseutil.dll 2.00.1493.3150 (needs 2.0.1493.3240)"
            ),
            step("differs", "unknown", "no evidence answers this question"),
        ]
    );
    assert_eq!(finding(&d, "Q318834").evidence.len(), 2);
    assert_eq!(
        finding(&d, "Q318834")
            .needs
            .as_ref()
            .map(|n| n.question.as_str()),
        Some("differs")
    );
    assert_eq!(
        path(&d, "Q309381"),
        [step(
            "fixed",
            "yes",
            "every listed file is at or above the file table"
        )]
    );
}

#[test]
fn the_q318834_files_rule_both_distmgr_hotfix_articles_out() {
    let d = diagnose(&["q318834-patched"]);
    assert_eq!(
        ranked_in(&d, &FAMILY)[..2],
        [
            ("Q318834", Verdict::RuledOut, Some("fix_installed")),
            ("Q309381", Verdict::RuledOut, Some("fix_installed")),
        ]
    );
}

#[test]
fn q326045_reads_a_one_kb_package_size() {
    let d = diagnose(&["q326045-onekb"]);
    assert_eq!(top(&d), "Q326045");
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q326045", Verdict::Likely, Some("likely")),
            ("Q242490", Verdict::InsufficientEvidence, Some("no_removal")),
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
    assert!(rank(&d, "Q319189") < rank(&d, "Q244405"));
    assert!(rank(&d, "Q244405") < rank(&d, "Q242490"));
    assert_eq!(
        path(&d, "Q326045"),
        [
            step("sized", "yes", "line size_reported seen 3 times"),
            step("one_kb", "yes", "line size_one_kb seen 1 time"),
            step("location", "unknown", "no evidence answers this question"),
        ]
    );
    let f = finding(&d, "Q326045");
    let lines: Vec<(usize, &str)> = f
        .evidence
        .iter()
        .map(|e| (e.line, e.text.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            (17, "The size of package CEN00050 is 48213 KBytes"),
            (39, "The size of package SR30002F is 1 KBytes"),
            (39, "The size of package SR30002F is 1 KBytes"),
            (67, "The size of package CEN00051 is 3120 KBytes"),
        ]
    );
    assert_eq!(
        values(&d, "Q326045"),
        [
            ("package", vec!["CEN00050", "SR30002F", "CEN00051"]),
            ("size_kb", vec!["48213", "1", "3120"]),
            ("small_package", vec!["SR30002F"]),
        ]
    );
    assert_eq!(
        f.remediation[0].steps[1],
        Step::Text {
            text: "In the results, look at the row of package SR30002F: a SourceSize of 1 next to a much larger SourceCompSize is this problem.".into()
        }
    );
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("location")
    );
}

#[test]
fn real_package_sizes_rule_q326045_out() {
    let d = diagnose(&["q326045-healthy"]);
    assert_eq!(
        ranked_in(&d, &FAMILY)[0],
        ("Q326045", Verdict::RuledOut, Some("size_ok"))
    );
    assert_eq!(
        path(&d, "Q326045")[1],
        step(
            "one_kb",
            "no",
            "no line size_one_kb logged in q326045-healthy/distmgr.log (105 entries of SMS_DISTRIBUTION_MANAGER)"
        )
    );
}

#[test]
fn q242490_reads_a_share_left_behind() {
    let d = diagnose(&["q242490-share"]);
    // The same removal also reads as Q244405's reported deletion; the share
    // error, logged five times, is the stronger evidence.
    assert_eq!(top(&d), "Q242490");
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q242490", Verdict::Likely, Some("likely")),
            ("Q326045", Verdict::InsufficientEvidence, Some("not_sized")),
        ]
    );
    assert_eq!(verdict(&d, "Q244405"), (Verdict::Likely, Some("likely")));
    assert_eq!(
        verdict(&d, "Q319189"),
        (Verdict::RuledOut, Some("no_removed_site"))
    );
    assert!(rank(&d, "Q242490") < rank(&d, "Q244405"));
    assert!(rank(&d, "Q244405") < rank(&d, "Q319189"));
    assert!(rank(&d, "Q319189") < rank(&d, "Q326045"));
    let f = finding(&d, "Q242490");
    assert_eq!(f.evidence.len() + f.uncited, 5);
    assert_eq!(
        (f.evidence[0].line, f.evidence[0].text.as_str()),
        (
            30,
            r"The package share directory E:\PKGSHARE is not empty, cannot remove the share PKGSHARE."
        )
    );
    assert_eq!(
        values(&d, "Q242490"),
        [
            ("share_dir", vec![r"E:\PKGSHARE"]),
            ("share", vec!["PKGSHARE"]),
        ]
    );
    assert_eq!(
        f.remediation[0].steps[0],
        Step::Text {
            text: "For packages that now share PKGSHARE, either distribute them through the common SMS package share or give each package a unique share name.".into()
        }
    );
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("before_sp2")
    );
    assert_eq!(d.separations.len(), 1);
    assert_eq!(
        d.separations[0].artefact.as_deref(),
        Some("Your answer: the SMS 2.0 service pack installed on the site server")
    );
}

#[test]
fn a_removal_without_the_share_error_rules_q242490_out() {
    let d = diagnose(&["q242490-healthy"]);
    // Q244405 still reads the removal, and ranks first.
    assert_eq!(top(&d), "Q244405");
    assert_eq!(verdict(&d, "Q244405"), (Verdict::Likely, Some("likely")));
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q242490", Verdict::RuledOut, Some("no_share_error")),
            ("Q326045", Verdict::InsufficientEvidence, Some("not_sized")),
        ]
    );
    assert_eq!(
        verdict(&d, "Q319189"),
        (Verdict::RuledOut, Some("no_removed_site"))
    );
    assert!(rank(&d, "Q242490") < rank(&d, "Q319189"));
    assert!(rank(&d, "Q319189") < rank(&d, "Q326045"));
    assert_eq!(
        path(&d, "Q242490"),
        [
            step(
                "not_empty",
                "no",
                "no line share_not_empty logged in q242490-healthy/distmgr.log (60 entries of SMS_DISTRIBUTION_MANAGER)"
            ),
            step("removal_logged", "yes", "line package_deleted seen 1 time"),
        ]
    );
}

/// Q319207's scenarios keep its verdicts with these four articles in the
/// KB, and Q319207 ranks first where it is confirmed or likely (nothing
/// fits where it is ruled out); on a Distribution Manager log without
/// removals or package sizes, Q242490 and Q326045 cannot tell.
#[test]
fn q319207_keeps_its_verdicts() {
    scenario::q319207_scenarios();
    let d = diagnose(&["full-fault"]);
    assert_eq!(top(&d), "Q319207");
    assert_eq!(
        ranked_in(&d, &FAMILY),
        [
            ("Q319207", Verdict::Confirmed, Some("confirmed")),
            ("Q326045", Verdict::InsufficientEvidence, Some("not_sized")),
            ("Q242490", Verdict::InsufficientEvidence, Some("no_removal")),
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
    assert!(rank(&d, "Q319189") < rank(&d, "Q244405"));
    assert!(rank(&d, "Q244405") < rank(&d, "Q326045"));
}
