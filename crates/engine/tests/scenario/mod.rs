//! Reading the scenario folders under `tests/data/scenarios/` and
//! diagnosing them with the built-in KB: shared by the article tests.
#![allow(dead_code)] // each test file uses its own subset

use kbwiz_engine::api::{self, DiagnoseReport};
use kbwiz_engine::kb::Kb;
use std::path::Path;

/// Every scenario folder's name, sorted.
pub fn dirs() -> Vec<String> {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/scenarios"
    ));
    let mut dirs: Vec<String> = std::fs::read_dir(root)
        .unwrap_or_else(|e| panic!("scenarios: {e}"))
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().into_string().ok())
        .collect();
    dirs.sort();
    dirs
}

/// Every file of the scenario folders `dirs`, named `dir/file`, in order.
pub fn inputs(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
    let root = Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/data/scenarios"
    ));
    let mut out = Vec::new();
    for dir in dirs {
        let mut files: Vec<_> = std::fs::read_dir(root.join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for p in files {
            let name = format!(
                "{dir}/{}",
                p.file_name().and_then(|n| n.to_str()).unwrap_or("?")
            );
            out.push((name, std::fs::read(&p).unwrap_or_else(|e| panic!("{e}"))));
        }
    }
    out
}

/// The triage of the scenario folders `dirs` by the built-in KB.
/// Every file of every scenario folder, named `folder/file`.
pub fn all_inputs() -> Vec<(String, Vec<u8>)> {
    let dirs = dirs();
    inputs(&dirs.iter().map(String::as_str).collect::<Vec<_>>())
}

pub fn diagnose(dirs: &[&str]) -> DiagnoseReport {
    let files = inputs(dirs);
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    api::diagnose(&refs, Kb::embedded())
}

/// Q319207's own scenarios, each with its triage by the whole library,
/// checked: Q319207's verdict and outcome exactly as before other articles
/// joined; first where it fits; and, where it is ruled out, nothing fitting
/// above it. Test files add what they check of their own articles.
pub fn q319207_scenarios() -> Vec<(&'static str, DiagnoseReport)> {
    use kbwiz_engine::kb::tree::Verdict;
    let cases: [(&str, Verdict, Option<&str>); 6] = [
        ("full-fault", Verdict::Confirmed, Some("confirmed")),
        ("export-and-reg", Verdict::Confirmed, Some("confirmed")),
        ("reg-only", Verdict::Likely, Some("likely")),
        ("no-child-sites", Verdict::RuledOut, Some("no_fan_out")),
        ("patched", Verdict::RuledOut, Some("fixed")),
        ("contradictory", Verdict::RuledOut, Some("fixed")),
    ];
    let fits = |v: Verdict| matches!(v, Verdict::Confirmed | Verdict::Likely);
    cases
        .into_iter()
        .map(|(dir, verdict, outcome)| {
            let d = diagnose(&[dir]);
            let own = d
                .findings
                .iter()
                .find(|f| f.article == "Q319207")
                .unwrap_or_else(|| panic!("{dir}: no finding for Q319207"));
            assert_eq!(
                (own.verdict, own.outcome.as_deref()),
                (verdict, outcome),
                "{dir}"
            );
            if fits(verdict) {
                assert_eq!(d.findings[0].article, "Q319207", "{dir}");
            } else {
                assert!(d.findings.iter().all(|f| !fits(f.verdict)), "{dir}");
            }
            (dir, d)
        })
        .collect()
}

/// The article the whole library's triage puts first.
pub fn top(d: &DiagnoseReport) -> &str {
    d.findings.first().map_or("", |f| f.article.as_str())
}

/// `article`'s finding (panics when it has none).
pub fn finding<'d>(d: &'d DiagnoseReport, article: &str) -> &'d kbwiz_engine::tree::Finding {
    d.findings
        .iter()
        .find(|f| f.article == article)
        .unwrap_or_else(|| panic!("no finding for {article}"))
}

/// `article`'s verdict and outcome.
pub fn verdict<'d>(
    d: &'d DiagnoseReport,
    article: &str,
) -> (kbwiz_engine::kb::tree::Verdict, Option<&'d str>) {
    let f = finding(d, article);
    (f.verdict, f.outcome.as_deref())
}

/// Where `article` stands in the triage (0 is first).
pub fn rank(d: &DiagnoseReport, article: &str) -> usize {
    d.findings
        .iter()
        .position(|f| f.article == article)
        .unwrap_or_else(|| panic!("{article} not assessed"))
}

/// `(article, verdict, outcome)` of the findings of the articles in
/// `family`, in the triage's order: exact lists for a test's own articles
/// in a library that keeps growing.
pub fn ranked_in<'d>(
    d: &'d DiagnoseReport,
    family: &[&str],
) -> Vec<(&'d str, kbwiz_engine::kb::tree::Verdict, Option<&'d str>)> {
    d.findings
        .iter()
        .filter(|f| family.contains(&f.article.as_str()))
        .map(|f| (f.article.as_str(), f.verdict, f.outcome.as_deref()))
        .collect()
}

/// The articles of `family` that were not assessed.
pub fn not_assessed_in<'d>(d: &'d DiagnoseReport, family: &[&str]) -> Vec<&'d str> {
    d.not_assessed
        .iter()
        .map(|n| n.article.as_str())
        .filter(|a| family.contains(a))
        .collect()
}

/// A finding's walk: (question, answer label) per step.
pub fn path(f: &kbwiz_engine::tree::Finding) -> Vec<(&str, &str)> {
    f.steps
        .iter()
        .map(|s| (s.question.as_str(), s.label.as_str()))
        .collect()
}

/// A finding's values: (name, values) per value read from the evidence.
pub fn values(f: &kbwiz_engine::tree::Finding) -> Vec<(&str, Vec<&str>)> {
    f.values
        .iter()
        .map(|v| {
            (
                v.name.as_str(),
                v.values.iter().map(String::as_str).collect(),
            )
        })
        .collect()
}
