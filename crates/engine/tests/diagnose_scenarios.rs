//! The diagnosis scenario table: input files under `tests/data/scenarios/`
//! through `parse::scan` + `enrich` + `diagnose` (one call:
//! `diagnose_inputs`) to the exact verdict, outcome, path, evidence lines,
//! packages, question for the admin and contradictions.

use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{diagnose_inputs, Finding};
use std::path::Path;

fn scenario(dir: &str) -> Finding {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/scenarios"
    ))
    .join(dir);
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    let inputs: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|p| {
            let name = format!(
                "{dir}/{}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("?")
            );
            (
                name,
                std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
            )
        })
        .collect();
    let refs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let diagnosis = diagnose_inputs(&refs, Kb::embedded());
    diagnosis
        .findings
        .into_iter()
        .find(|f| f.article == "Q319207")
        .expect("a finding for Q319207")
}

struct Expect {
    dir: &'static str,
    verdict: Verdict,
    outcome: Option<&'static str>,
    path: &'static [&'static str],
    evidence: &'static [(&'static str, usize)],
    packages: &'static [&'static str],
    needs: Option<&'static str>,
    contradictions: &'static [(&'static str, &'static [(&'static str, usize)])],
    first_artefact_for: Option<&'static str>,
}

const LOG_FAULT_LINES: &[(&str, usize)] = &[
    ("distmgr.log", 5),
    ("distmgr.log", 7),
    ("distmgr.log", 9),
    ("distmgr.log", 11),
    ("distmgr.log", 15),
    ("distmgr.log", 17),
    ("distmgr.log", 19),
    ("distmgr.log", 21),
    ("distmgr.log", 25),
    ("distmgr.log", 27),
    ("distmgr.log", 29),
    ("distmgr.log", 31),
];

const TABLE: &[Expect] = &[
    Expect {
        dir: "full-fault",
        verdict: Verdict::Confirmed,
        outcome: Some("confirmed"),
        path: &[
            "distmgr_version=unknown",
            "dp_failure=yes",
            "retried=yes",
            "fan_out=yes",
        ],
        evidence: LOG_FAULT_LINES,
        packages: &["CEN00012"],
        needs: Some("distmgr_version"),
        contradictions: &[],
        first_artefact_for: Some("distmgr_version"),
    },
    Expect {
        dir: "export-and-reg",
        verdict: Verdict::Confirmed,
        outcome: Some("confirmed"),
        path: &[
            "distmgr_version=unknown",
            "dp_failure=yes",
            "retried=yes",
            "fan_out=yes",
        ],
        evidence: &[
            ("status-messages.txt", 2),
            ("status-messages.txt", 3),
            ("status-messages.txt", 4),
            ("status-messages.txt", 5),
            ("status-messages.txt", 6),
            ("status-messages.txt", 7),
            ("status-messages.txt", 8),
            ("status-messages.txt", 9),
            ("status-messages.txt", 10),
        ],
        packages: &["CEN00012"],
        needs: Some("distmgr_version"),
        contradictions: &[],
        first_artefact_for: Some("distmgr_version"),
    },
    Expect {
        dir: "reg-only",
        verdict: Verdict::Likely,
        outcome: Some("likely"),
        path: &[
            "distmgr_version=unknown",
            "dp_failure=yes",
            "retried=yes",
            "fan_out=unknown",
            "child_sites=unknown",
        ],
        evidence: &[("retry-history.reg", 5), ("retry-history.reg", 8)],
        packages: &["CEN00012", "CEN00015"],
        needs: Some("fan_out"),
        contradictions: &[],
        first_artefact_for: Some("fan_out"),
    },
    Expect {
        dir: "no-child-sites",
        verdict: Verdict::RuledOut,
        outcome: Some("no_fan_out"),
        path: &[
            "distmgr_version=unknown",
            "dp_failure=yes",
            "retried=yes",
            "fan_out=no",
        ],
        evidence: &[("distmgr.log", 3), ("distmgr.log", 7), ("distmgr.log", 11)],
        packages: &["CEN00012"],
        needs: None,
        contradictions: &[],
        first_artefact_for: Some("fan_out"),
    },
    Expect {
        dir: "patched",
        verdict: Verdict::RuledOut,
        outcome: Some("fixed"),
        path: &["distmgr_version=at_least"],
        evidence: &[("versions.txt", 3)],
        packages: &["CEN00012"],
        needs: None,
        contradictions: &[],
        first_artefact_for: None,
    },
    Expect {
        dir: "no-retries",
        verdict: Verdict::InsufficientEvidence,
        outcome: None,
        path: &["distmgr_version=unknown", "dp_failure=yes"],
        evidence: &[("distmgr.log", 3)],
        packages: &["CEN00012"],
        needs: Some("retried"),
        contradictions: &[],
        first_artefact_for: Some("distmgr_version"),
    },
    Expect {
        dir: "unrelated",
        verdict: Verdict::InsufficientEvidence,
        outcome: Some("no_dp_failure"),
        path: &["distmgr_version=unknown", "dp_failure=no"],
        evidence: &[],
        packages: &[],
        needs: Some("distmgr_version"),
        contradictions: &[],
        first_artefact_for: Some("distmgr_version"),
    },
    Expect {
        dir: "contradictory",
        verdict: Verdict::RuledOut,
        outcome: Some("fixed"),
        path: &["distmgr_version=at_least"],
        evidence: &[("versions.txt", 1)],
        packages: &["CEN00012"],
        needs: None,
        contradictions: &[(
            "fixed_but_fanning_out",
            &[
                ("distmgr.log", 7),
                ("distmgr.log", 9),
                ("distmgr.log", 11),
                ("distmgr.log", 17),
                ("distmgr.log", 19),
                ("distmgr.log", 21),
                ("distmgr.log", 27),
                ("distmgr.log", 29),
                ("distmgr.log", 31),
                ("versions.txt", 1),
            ],
        )],
        first_artefact_for: None,
    },
];

fn lines(dir: &str, refs: &[(&str, usize)]) -> Vec<(String, usize)> {
    refs.iter()
        .map(|(f, l)| (format!("{dir}/{f}"), *l))
        .collect()
}

#[test]
fn scenario_table() {
    for e in TABLE {
        let f = scenario(e.dir);
        let d = e.dir;
        assert_eq!(f.verdict, e.verdict, "{d}: verdict");
        assert_eq!(f.outcome.as_deref(), e.outcome, "{d}: outcome");
        let path: Vec<String> = f
            .steps
            .iter()
            .map(|s| format!("{}={}", s.question, s.label))
            .collect();
        assert_eq!(path, e.path, "{d}: path");
        let used: Vec<(String, usize)> = f
            .evidence
            .iter()
            .map(|r| (r.path.clone(), r.line))
            .collect();
        assert_eq!(used, lines(d, e.evidence), "{d}: evidence lines");
        assert_eq!(f.packages, e.packages, "{d}: packages");
        assert_eq!(
            f.needs.as_ref().map(|n| n.question.as_str()),
            e.needs,
            "{d}: needs"
        );
        let found: Vec<(String, Vec<(String, usize)>)> = f
            .contradictions
            .iter()
            .map(|c| {
                (
                    c.id.clone(),
                    c.evidence
                        .iter()
                        .map(|r| (r.path.clone(), r.line))
                        .collect(),
                )
            })
            .collect();
        let want: Vec<(String, Vec<(String, usize)>)> = e
            .contradictions
            .iter()
            .map(|(id, refs)| (id.to_string(), lines(d, refs)))
            .collect();
        assert_eq!(found, want, "{d}: contradictions");
        assert_eq!(
            f.next_artefacts.first().map(|a| a.question.as_str()),
            e.first_artefact_for,
            "{d}: first next artefact"
        );
    }
}

#[test]
fn full_fault_names_the_central_site_and_its_children() {
    let f = scenario("full-fault");
    assert_eq!(f.sites.len(), 1);
    assert_eq!(f.sites[0].site, "CEN");
    assert_eq!(f.sites[0].children, ["PR1", "PR2", "PR3"]);
    assert!(f.sites[0].top);
}

#[test]
fn confirmed_remediation_is_the_kb_encoding_in_outcome_order() {
    let f = scenario("full-fault");
    let ids: Vec<&str> = f.remediation.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "workaround",
            "registry_cleanup",
            "obtain_fix",
            "fix_installer",
            "fix_manual"
        ]
    );
    let f = scenario("patched");
    let ids: Vec<&str> = f.remediation.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["workaround"]);
}

#[test]
fn every_step_says_where_its_answer_came_from() {
    let f = scenario("full-fault");
    let why: Vec<&str> = f.steps.iter().map(|s| s.why.as_str()).collect();
    assert_eq!(
        why,
        [
            "no evidence answers this question",
            "message 2328 or 2302 seen 3 times for package CEN00012",
            "message 2328 or 2302 repeated at least 2 times 10 or more minutes apart for package CEN00012",
            "message 2339 seen 9 times for package CEN00012",
        ]
    );
    let first = &f.steps[1].evidence[0];
    assert_eq!(first.kind, "status_message");
    assert!(
        first.text.starts_with("STATMSG: ID=2328 SEV=E"),
        "{}",
        first.text
    );
}

#[test]
fn ranking_puts_the_strongest_finding_first() {
    // Q319207 confirmed must come before any other article's weaker finding.
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/scenarios/full-fault/distmgr.log"
    ))
    .expect("scenario file");
    let d = diagnose_inputs(&[("distmgr.log", bytes.as_slice())], Kb::embedded());
    assert_eq!(d.findings[0].article, "Q319207");
    assert_eq!(d.findings[0].verdict, Verdict::Confirmed);
    assert_eq!(d.scan.inputs.len(), 1);
    assert_eq!(d.scan.inputs[0].path, "distmgr.log");
}
