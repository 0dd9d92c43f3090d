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

#[test]
fn the_web_apps_redaction_of_scanned_evidence_is_the_same() {
    use kbwiz_engine::kb::Kb;
    for dir in scenario_dirs() {
        let inputs = scenario::inputs(&[dir.as_str()]);
        let refs: Vec<(&str, &[u8])> = inputs
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let whole = kbwiz_engine::api::redact(&refs, Kb::embedded());
        let texts: Vec<String> = inputs
            .iter()
            .map(|(_, b)| kbwiz_engine::parse::decode(b).into_owned())
            .collect();
        let text_refs: Vec<(&str, &str)> = inputs
            .iter()
            .zip(&texts)
            .map(|((n, _), t)| (n.as_str(), t.as_str()))
            .collect();
        let scan = kbwiz_engine::api::scan(&refs, Kb::embedded());
        let scanned =
            kbwiz_engine::redact::redact_scanned(&text_refs, &scan.evidence, Kb::embedded());
        assert_eq!(scanned.map, whole.map, "{dir}");
        let texts_of = |r: &kbwiz_engine::redact::Redaction| -> Vec<(String, String)> {
            r.inputs
                .iter()
                .map(|i| (i.name.clone(), i.text.clone()))
                .collect()
        };
        assert_eq!(texts_of(&scanned), texts_of(&whole), "{dir}");
    }
}

/// The full-fault log with some of its names replaced.
fn renamed(pairs: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    let mut log = String::from_utf8(scenario::inputs(&["full-fault"])[0].1.clone()).expect("utf-8");
    for (old, new) in pairs {
        log = log.replace(old, new);
    }
    vec![("distmgr.log".to_string(), log.into_bytes())]
}

#[test]
fn a_pseudonym_never_equals_a_real_value() {
    // Real values spelled like the first pseudonyms of their kinds.
    let inputs = renamed(&[
        ("PR1", "J01"),
        ("SRC01", "SERVER001"),
        ("Office2000", "Folder001"),
    ]);
    let red = check("pseudonym-shaped names", &inputs);
    let values: Vec<&str> = red.map.entries.iter().map(|e| e.value.as_str()).collect();
    for e in &red.map.entries {
        assert!(
            !values.iter().any(|v| v.eq_ignore_ascii_case(&e.pseudonym)),
            "{} is also a value: {:?}",
            e.pseudonym,
            red.map
        );
    }
    let site = |v: &str| {
        red.map
            .entries
            .iter()
            .find(|e| e.value == v)
            .map(|e| e.pseudonym.clone())
    };
    assert_eq!(site("CEN").as_deref(), Some("J02"), "{:?}", red.map);
    assert_eq!(site("J01").as_deref(), Some("J03"), "{:?}", red.map);
}

#[test]
fn a_value_spelled_like_a_word_kbwiz_reads_is_kept_and_named() {
    // A distribution point named like the STATMSG key SITE.
    let inputs = renamed(&[("DP01", "SITE")]);
    let red = check("a server named SITE", &inputs);
    assert_eq!(
        red.map
            .kept
            .iter()
            .map(|k| (format!("{:?}", k.kind), k.value.as_str()))
            .collect::<Vec<_>>(),
        [("Server".to_string(), "SITE")]
    );
    assert!(
        red.inputs[0].text.contains(r"\\SITE\SHARE"),
        "{}",
        &red.inputs[0].text[..900]
    );
}

/// Only the lines of a scenario's input that hold `needle`.
fn lines_with(dir: &str, file: &str, needle: &str) -> Vec<(String, Vec<u8>)> {
    let text = std::fs::read_to_string(data("scenarios").join(dir).join(file)).expect("sample");
    let kept: String = text
        .lines()
        .filter(|l| l.contains(needle))
        .map(|l| format!("{l}\n"))
        .collect();
    vec![(file.to_string(), kept.into_bytes())]
}

/// Values only a declared field names, in no UNC path or account shape,
/// are replaced like every other value: a share Distribution Manager could
/// not remove (kind `share`), and a DP named by its DNS name (kind
/// `server`).
#[test]
fn fields_declared_as_servers_and_shares_are_redacted() {
    let share = check(
        "q242490 share lines",
        &lines_with("q242490-share", "distmgr.log", "cannot remove the share"),
    );
    let kinds = |red: &kbwiz_engine::redact::Redaction| -> Vec<(String, String, String)> {
        red.map
            .entries
            .iter()
            .map(|e| {
                (
                    format!("{:?}", e.kind),
                    e.value.clone(),
                    e.pseudonym.clone(),
                )
            })
            .collect()
    };
    assert_eq!(
        kinds(&share),
        vec![("Share".into(), "PKGSHARE".into(), "SHARE001".into())]
    );
    let log = &share.inputs[0].text;
    assert!(log.contains("cannot remove the share SHARE001."), "{log}");
    assert!(!redaction::has_token(log, "PKGSHARE"));

    let vdir = check(
        "idispatch vdir lines",
        &lines_with(
            "cm-dpinst-iis",
            "ps1site-distmgr.log",
            "Failed to CreateVirtualDirectory",
        ),
    );
    assert_eq!(
        kinds(&vdir),
        vec![
            ("Server".into(), "PS1DP3".into(), "SERVER001".into()),
            ("Domain".into(), "CONTOSO.COM".into(), "DOMAIN001".into()),
        ]
    );
    let log = &vdir.inputs[0].text;
    assert!(
        log.contains("for DP SERVER001.DOMAIN001. Will retry"),
        "{log}"
    );
}
