//! Evidence rules and diagnosis over hand-built evidence: repeated failures
//! and their minimum gap, "same package" and absence, counts of distinct child
//! sites, registry deletions, the lowest file version, contradictions gated by
//! the file's date, and empty evidence.

use chrono::{DateTime, TimeZone, Utc};
use kbwiz_engine::evidence::{Evidence, Fact, FileVersion, RegistryKey, Stamp, StatusMessage};
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{diagnose, diagnose_article, Finding};

const KEY: &str = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\";

fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2004, 6, day, h, m, 0)
        .single()
        .expect("valid time")
}

fn msg(line: usize, id: u32, pkg: &str, child: Option<&str>, t: DateTime<Utc>) -> Evidence {
    Evidence {
        input: "distmgr.log".into(),
        line,
        text: format!("STATMSG: ID={id}"),
        fact: Fact::StatusMessage(StatusMessage {
            id,
            site: Some("CEN".into()),
            package_id: Some(pkg.into()),
            child_site: child.map(Into::into),
            time: Stamp {
                utc: Some(t),
                ..Stamp::default()
            },
            ..StatusMessage::default()
        }),
    }
}

fn key(line: usize, pkg: &str, deleted: bool) -> Evidence {
    Evidence {
        input: "retry.reg".into(),
        line,
        text: format!("[{KEY}{pkg}]"),
        fact: Fact::RegistryKey(RegistryKey {
            path: format!("{KEY}{pkg}"),
            deleted,
            values: Vec::new(),
        }),
    }
}

fn version(line: usize, v: &str, date: Option<&str>) -> Evidence {
    Evidence {
        input: "versions.txt".into(),
        line,
        text: format!("Distmgr.dll {v}"),
        fact: Fact::FileVersion(FileVersion {
            file: "D:\\SMS\\bin\\i386\\DISTMGR.DLL".into(),
            version: v.into(),
            platform: None,
            size: None,
            date: date.map(str::to_string),
        }),
    }
}

fn q319207(evidence: &[Evidence]) -> Finding {
    let article = Kb::embedded()
        .article("Q319207")
        .expect("Q319207 is embedded");
    diagnose_article(evidence, article)
}

fn path(f: &Finding) -> Vec<String> {
    f.steps
        .iter()
        .map(|s| format!("{}={}", s.question, s.label))
        .collect()
}

#[test]
fn failures_closer_than_the_gap_are_not_retries() {
    let close = [
        msg(1, 2328, "CEN00012", None, at(7, 9, 0)),
        msg(2, 2328, "CEN00012", None, at(7, 9, 5)),
    ];
    let f = q319207(&close);
    assert_eq!(f.verdict, Verdict::InsufficientEvidence);
    assert_eq!(path(&f), ["distmgr_version=unknown", "dp_failure=yes"]);
    assert_eq!(f.needs.map(|n| n.question), Some("retried".to_string()));

    let apart = [
        msg(1, 2328, "CEN00012", None, at(7, 9, 0)),
        msg(2, 2302, "cen00012", None, at(7, 9, 10)),
    ];
    let f = q319207(&apart);
    assert_eq!(path(&f)[2], "retried=yes");
    assert_eq!(f.packages, ["CEN00012"]);
}

#[test]
fn fan_out_must_be_for_the_retried_package() {
    let evidence = [
        msg(1, 2328, "CEN00012", None, at(7, 9, 0)),
        msg(2, 2328, "CEN00012", None, at(7, 10, 0)),
        msg(3, 2339, "CEN00099", Some("PR1"), at(7, 10, 1)),
    ];
    let f = q319207(&evidence);
    assert_eq!(f.verdict, Verdict::RuledOut);
    assert_eq!(f.outcome.as_deref(), Some("no_fan_out"));
    assert_eq!(path(&f)[3], "fan_out=no");
    assert_eq!(
        f.steps[3].why,
        "no message 2339 for package CEN00012 in distmgr.log, which shows that package's other status messages"
    );
    // Line 3 (another package's fan-out) is not evidence for this finding.
    let lines: Vec<usize> = f.evidence.iter().map(|e| e.line).collect();
    assert_eq!(lines, [1, 2]);
}

#[test]
fn distinct_child_sites_answer_the_site_role_question() {
    // Retries known from the registry only; 2339s for another package show the
    // site's children, so the site role is answered though fan-out is not.
    let evidence = [
        key(3, "CEN00012", false),
        msg(1, 2339, "CEN00099", Some("PR1"), at(7, 9, 0)),
        msg(2, 2339, "CEN00099", Some("pr2"), at(7, 9, 0)),
        msg(4, 2339, "CEN00099", Some("PR1"), at(7, 10, 0)),
    ];
    let f = q319207(&evidence);
    assert_eq!(
        path(&f),
        [
            "distmgr_version=unknown",
            "dp_failure=yes",
            "retried=yes",
            "fan_out=unknown",
            "child_sites=at_least"
        ]
    );
    assert_eq!(f.steps[4].answer.to_string(), "2");
    assert_eq!(
        f.steps[4].why,
        "2 distinct child site values of message 2339 for site CEN"
    );
    assert_eq!(f.verdict, Verdict::Likely);
    assert_eq!(f.packages, ["CEN00012"]);
}

#[test]
fn a_deleted_key_is_no_evidence_of_retries() {
    let f = q319207(&[key(1, "CEN00012", true)]);
    assert_eq!(f.verdict, Verdict::InsufficientEvidence);
    assert_eq!(f.needs.map(|n| n.question), Some("dp_failure".to_string()));
    assert!(f.evidence.is_empty());
}

#[test]
fn the_lowest_listed_version_decides() {
    let f = q319207(&[
        version(1, "2.00.1493.3257", None),
        version(2, "2.00.1493.1000", None),
    ]);
    assert_eq!(path(&f)[0], "distmgr_version=below");
    assert_eq!(f.steps[0].evidence[0].line, 2);
    let f = q319207(&[version(1, "2.0.1493.3300", None)]);
    assert_eq!(f.outcome.as_deref(), Some("fixed"));
}

fn fault_with(fix: Evidence) -> Finding {
    q319207(&[
        msg(1, 2328, "CEN00012", None, at(7, 9, 0)),
        msg(2, 2339, "CEN00012", Some("PR1"), at(7, 9, 0)),
        msg(3, 2328, "CEN00012", None, at(7, 10, 0)),
        msg(4, 2339, "CEN00012", Some("PR1"), at(7, 10, 0)),
        fix,
    ])
}

#[test]
fn a_fix_dated_after_the_fan_out_is_no_contradiction() {
    let f = fault_with(version(9, "2.00.1493.3257", Some("1-Mar-2005 17:45")));
    assert_eq!(f.outcome.as_deref(), Some("fixed"));
    assert!(f.contradictions.is_empty());

    let f = fault_with(version(9, "2.00.1493.3257", Some("07/06/2004 09:30 AM")));
    // Slash dates read month first: 6 July 2004, after the June fan-out.
    assert!(f.contradictions.is_empty());

    let f = fault_with(version(9, "2.00.1493.3257", Some("6/7/2004 9:30 AM")));
    let lines: Vec<usize> = f.contradictions[0]
        .evidence
        .iter()
        .map(|e| e.line)
        .collect();
    assert_eq!(
        lines,
        [4, 9],
        "only the fan-out after the file's date clashes"
    );

    let f = fault_with(version(9, "2.00.1493.3257", None));
    let lines: Vec<usize> = f.contradictions[0]
        .evidence
        .iter()
        .map(|e| e.line)
        .collect();
    assert_eq!(lines, [2, 4, 9], "undated: every fan-out counts");
    assert_eq!(f.contradictions[0].id, "fixed_but_fanning_out");
    assert_eq!(f.verdict, Verdict::RuledOut);
}

#[test]
fn no_evidence_stops_at_the_first_question_evidence_cannot_pass() {
    let findings = diagnose(&[], Kb::embedded());
    let f = findings
        .iter()
        .find(|f| f.article == "Q319207")
        .expect("Q319207 finding");
    assert_eq!(f.verdict, Verdict::InsufficientEvidence);
    assert_eq!(f.outcome, None);
    assert_eq!(path(f), ["distmgr_version=unknown"]);
    assert_eq!(
        f.needs.as_ref().map(|n| n.question.as_str()),
        Some("dp_failure")
    );
    let next: Vec<&str> = f
        .next_artefacts
        .iter()
        .map(|a| a.question.as_str())
        .collect();
    // The version could rule the fault out (or, below the fix, let the rest
    // of the path decide); a distmgr.log showing the failure could at best make
    // it likely, with the retries still to be shown.
    assert_eq!(next, ["distmgr_version", "dp_failure"]);
    assert_eq!(
        f.next_artefacts[0].could_become,
        [Verdict::Likely, Verdict::RuledOut]
    );
    assert_eq!(f.next_artefacts[1].could_become, [Verdict::Likely]);
    assert!(f.remediation.is_empty());
}

#[test]
fn a_second_article_is_diagnosed_and_ranked_with_no_rust_change() {
    use kbwiz_engine::kb::Article;
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let q = Article::load_dir(format!("{root}/kb/Q319207")).expect("Q319207 loads");
    let t =
        Article::load_dir(format!("{root}/tests/data/kb/good/TEST0001")).expect("TEST0001 loads");
    let kb = Kb::from_articles(vec![q, t]).expect("a valid KB");
    let sender = |line: usize| Evidence {
        input: "sender.log".into(),
        line,
        text: format!("STATMSG: ID=9001 line {line}"),
        fact: Fact::StatusMessage(StatusMessage {
            id: 9001,
            child_site: Some("PR1".into()),
            ..StatusMessage::default()
        }),
    };
    let evidence = [
        sender(1),
        sender(2),
        sender(3),
        msg(4, 2328, "CEN00012", None, at(7, 9, 0)),
    ];
    let findings = diagnose(&evidence, &kb);
    let summary: Vec<(String, Verdict, Option<String>)> = findings
        .iter()
        .map(|f| (f.article.clone(), f.verdict, f.outcome.clone()))
        .collect();
    assert_eq!(
        summary,
        [
            (
                "TEST0001".to_string(),
                Verdict::Confirmed,
                Some("o_link_down".to_string())
            ),
            ("Q319207".to_string(), Verdict::InsufficientEvidence, None),
        ]
    );
    assert_eq!(path(&findings[0]), ["q_failed=yes", "q_attempts=at_least"]);
    assert_eq!(
        findings[0]
            .evidence
            .iter()
            .map(|e| e.line)
            .collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(findings[0].remediation[0].id, "repair_link");
}

#[test]
fn absence_counts_only_in_inputs_of_the_same_component() {
    let other = |component: &str| Evidence {
        input: "status.txt".into(),
        line: 1,
        text: "a status row".into(),
        fact: Fact::StatusMessage(StatusMessage {
            id: 4405,
            component: Some(component.into()),
            ..StatusMessage::default()
        }),
    };
    // Scheduler messages say nothing about Distribution Manager's failures.
    let f = q319207(&[other("SMS_SCHEDULER")]);
    assert_eq!(path(&f), ["distmgr_version=unknown"]);
    assert_eq!(f.needs.map(|n| n.question), Some("dp_failure".to_string()));
    // Distribution Manager's own messages (as the viewer names it) do.
    let f = q319207(&[other("SMS Distribution Manager")]);
    assert_eq!(path(&f), ["distmgr_version=unknown", "dp_failure=no"]);
    assert_eq!(
        f.steps[1].why,
        "no message 2328 or 2302 in status.txt, which shows other status messages of the same component"
    );
}

#[test]
fn tree_references_are_checked() {
    let tree = &Kb::embedded().article("Q319207").expect("article").tree;
    assert_eq!(tree.reference_problems(), Vec::<(String, String)>::new());
    let mut broken = tree.clone();
    broken.affected_from = Some("retry".into());
    broken.contradictions[0].when[1].answer = "maybe".into();
    broken.contradictions[0].later_than = Some("dp_failure".into());
    assert_eq!(
        broken.reference_problems(),
        [
            ("affected_from".to_string(), "no question retry".to_string()),
            (
                "contradictions[0].later_than".to_string(),
                "dp_failure is not one of the conditions".to_string()
            ),
            (
                "contradictions[0].when[1].answer".to_string(),
                "question fan_out cannot be answered maybe".to_string()
            ),
        ]
    );
}
