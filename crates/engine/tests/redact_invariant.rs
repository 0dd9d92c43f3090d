//! Redaction keeps the diagnosis: on every scenario under
//! `tests/data/scenarios/` and every sample under `tests/data/parse/`, the
//! diagnosis of the redacted inputs is the diagnosis of the originals with
//! pseudonyms in place of values: the whole triage JSON (verdicts,
//! outcomes, every step's answer, evidence lines, counts, packages, sites)
//! of the redacted inputs equals the original triage's JSON with the map
//! applied to it. And no original value is left in any redacted input.

mod redaction;
mod scenario;

use redaction::check;
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
    // Each kind's pseudonyms follow the values' sort order.
    assert!(has("SiteCode", "CEN", "J01"), "{pairs:?}");
    assert!(has("SiteCode", "PR1", "J02"), "{pairs:?}");
    assert!(has("SiteCode", "PR3", "J04"), "{pairs:?}");
    assert!(has("PackageId", "CEN00012", "J0100012"), "{pairs:?}");
    assert!(has("Server", "CENTRAL01", "SERVER001"), "{pairs:?}");
    assert!(has("Server", "DP01", "SERVER002"), "{pairs:?}");
    assert!(has("Server", "SRC01", "SERVER003"), "{pairs:?}");
    assert!(has("Share", "Packages", "SHARE001"), "{pairs:?}");
    assert!(has("Share", "SMSPKGC", "SHARE002"), "{pairs:?}");
    assert!(has("Folder", "Office2000", "Folder001"), "{pairs:?}");
    assert_eq!(red.map.entries.len(), 11, "{pairs:?}");
    assert!(red.map.kept.is_empty(), "{:?}", red.map.kept);
    let log = &red.inputs[0].text;
    assert!(
        log.contains(
            r#"ISTR1="\\SERVER003\SHARE001\Folder001" ISTR2="\\SERVER002\SHARE002$\J0100012\""#
        ),
        "{}",
        &log[..1200]
    );
    assert!(log.contains("SYS=SERVER001 SITE=J01"));
    assert!(log
        .contains("to child site J02.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 09:05:13.450 2004"));
    // The registry export stays UTF-16 with its BOM, the package redacted.
    let reg = &red.inputs[1];
    assert_eq!(&reg.bytes[..2], &[0xFF, 0xFE]);
    assert!(
        reg.text.contains(r"Retry History\J0100012]"),
        "{}",
        reg.text
    );
}
