//! Redaction keeps the diagnosis: on every scenario under
//! `tests/data/scenarios/` and every sample under `tests/data/parse/`, the
//! diagnosis of the redacted inputs is the diagnosis of the originals with
//! pseudonyms in place of values: the whole triage JSON (verdicts,
//! outcomes, every step's answer, evidence lines, counts, packages, sites)
//! of the redacted inputs equals the original triage's JSON with the map
//! applied to it. And no original value is left in any redacted input.

mod scenario;

use kbwiz_engine::api;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::redact::Redaction;
use std::path::Path;

fn data(dir: &str) -> std::path::PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/data")).join(dir)
}

/// Every scenario folder (those holding input files).
fn scenario_dirs() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(data("scenarios"))
        .expect("scenarios")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    dirs.sort();
    dirs
}

/// The triage of these inputs, as JSON.
fn triage(inputs: &[(&str, &[u8])]) -> serde_json::Value {
    let d = api::diagnose(inputs, Kb::embedded());
    serde_json::to_value(d.triage()).expect("json")
}

/// The KB's own words in a triage (titles, question texts, help, summaries,
/// what to paste): they stay as the KB has them, even where a value is
/// spelled like one of their words (a share named `Packages`).
const KB_PROSE: &[&str] = &[
    "title",
    "text",
    "help",
    "summary",
    "outcome_title",
    "question",
    "wants",
    "artefact",
    "proves",
    "meaning",
];

/// Compare `got` (the redacted inputs' triage) with `orig` (the originals')
/// leaf by leaf: every string is the original with pseudonyms in place of
/// values, except the KB's prose outside cited evidence, which may also be
/// the original as it is. Returns the first difference.
fn same_with_pseudonyms(
    orig: &serde_json::Value,
    got: &serde_json::Value,
    red: &Redaction,
    path: &str,
) -> Option<String> {
    use serde_json::Value;
    match (orig, got) {
        (Value::String(o), Value::String(g)) => {
            let key = path.rsplit('.').next().unwrap_or("");
            let prose = KB_PROSE.contains(&key) && !path.contains("evidence");
            let expected = red.redactor.apply(o);
            (g != &expected && !(prose && g == o))
                .then(|| format!("{path}: expected {expected:?}, got {g:?}"))
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!("{path}: {} items, got {}", a.len(), b.len()));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| same_with_pseudonyms(x, y, red, &format!("{path}[{i}]")))
        }
        (Value::Object(a), Value::Object(b)) => {
            if a.len() != b.len() || a.keys().any(|k| !b.contains_key(k)) {
                return Some(format!(
                    "{path}: keys {:?}, got {:?}",
                    a.keys().collect::<Vec<_>>(),
                    b.keys().collect::<Vec<_>>()
                ));
            }
            a.iter()
                .find_map(|(k, x)| same_with_pseudonyms(x, &b[k], red, &format!("{path}.{k}")))
        }
        (a, b) => (a != b).then(|| format!("{path}: expected {a}, got {b}")),
    }
}

/// Check the invariant on one input set; return the redaction.
fn check(label: &str, inputs: &[(String, Vec<u8>)]) -> Redaction {
    let refs: Vec<(&str, &[u8])> = inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let red = api::redact(&refs, Kb::embedded());
    let red_refs: Vec<(&str, &[u8])> = red
        .inputs
        .iter()
        .map(|i| (i.name.as_str(), i.bytes.as_slice()))
        .collect();
    if let Some(diff) = same_with_pseudonyms(&triage(&refs), &triage(&red_refs), &red, "") {
        panic!(
            "{label}: the redacted diagnosis differs: {diff}\nmap: {:?}",
            red.map
        );
    }
    for input in &red.inputs {
        for e in &red.map.entries {
            assert!(
                !has_token(&input.text, &e.value) && !has_token(&input.name, &e.value),
                "{label}: {} still holds {:?}",
                input.name,
                e.value
            );
        }
    }
    red
}

/// Whether `value` stands in `text` as a whole token (any case).
fn has_token(text: &str, value: &str) -> bool {
    let (text, value) = (text.to_lowercase(), value.to_lowercase());
    text.match_indices(&value).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        let joins = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !joins(before) && !joins(after)
    })
}

#[test]
fn every_scenario_diagnoses_the_same_redacted() {
    let dirs = scenario_dirs();
    assert!(dirs.len() >= 40, "{} scenario folders", dirs.len());
    let mut replaced_somewhere = 0;
    for dir in &dirs {
        let inputs = scenario::inputs(&[dir.as_str()]);
        let red = check(dir, &inputs);
        replaced_somewhere += usize::from(red.inputs.iter().any(|i| i.replaced > 0));
    }
    // Not a vacuous pass: most scenarios name sites, servers or packages.
    assert!(
        replaced_somewhere * 2 > dirs.len(),
        "{replaced_somewhere} of {}",
        dirs.len()
    );
}

#[test]
fn every_parse_sample_diagnoses_the_same_redacted() {
    let mut files: Vec<_> = std::fs::read_dir(data("parse"))
        .expect("parse samples")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    for p in files {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("?")
            .to_string();
        let bytes = std::fs::read(&p).expect("sample");
        check(&name, &[(name.clone(), bytes)]);
    }
}

#[test]
fn the_full_fault_map_names_every_kind_the_log_holds() {
    let inputs = scenario::inputs(&["full-fault", "export-and-reg"]);
    let red = check("full-fault + export-and-reg", &inputs);
    let pairs: Vec<(String, &str, &str)> = red
        .map
        .entries
        .iter()
        .map(|e| {
            (
                format!("{:?}", e.kind),
                e.value.as_str(),
                e.pseudonym.as_str(),
            )
        })
        .collect();
    let has = |kind: &str, value: &str, pseudonym: &str| {
        pairs
            .iter()
            .any(|(k, v, p)| k == kind && *v == value && *p == pseudonym)
    };
    assert!(has("SiteCode", "CEN", "X01"), "{pairs:?}");
    assert!(has("PackageId", "CEN00012", "X0100012"), "{pairs:?}");
    assert!(has("Server", "CENTRAL01", "SERVER01"), "{pairs:?}");
    assert!(has("SiteCode", "PR1", "X02"), "{pairs:?}");
    assert!(has("Server", "SRC01", "SERVER02"), "{pairs:?}");
    assert!(has("Share", "SMSPKGC", "SHARE02"), "{pairs:?}");
    let log = &red.inputs[0].text;
    assert!(
        log.contains(r#"ISTR2="\\SERVER03\SHARE02$\X0100012\""#),
        "{}",
        &log[..800]
    );
    assert!(log.contains("SYS=SERVER01 SITE=X01"));
}
