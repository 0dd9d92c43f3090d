//! The engine API's simulate call on the scenario fixtures: the exact
//! calibration Q319207's `simulator.json` gives, a KB copy whose
//! `simulator.json` differs calibrating from its own messages and defaults
//! (no Rust change), and the choice of article when several have one.

use kbwiz_engine::api::{self, Runs, SimulateError, SimulateReport, SimulateRequest};
use kbwiz_engine::kb::{Kb, Resend};
use kbwiz_engine::sim::{Arrivals, ChildSiteFanOut, Hierarchy, Params, Proposed, Source};
use std::path::{Path, PathBuf};

fn repo(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(rel)
}

/// The files of a scenario (`tests/data/scenarios/<name>/`) or sample, read.
fn read(paths: &[&str]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(repo(&format!("tests/data/{p}")))
                .unwrap_or_else(|e| panic!("{p}: {e}"));
            (p.to_string(), bytes)
        })
        .collect()
}

fn refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

fn simulate(files: &[(String, Vec<u8>)], kb: &Kb) -> SimulateReport {
    api::simulate(&refs(files), kb, SimulateRequest::default(), Ok)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn sites(codes: &[(&str, usize)]) -> Vec<ChildSiteFanOut> {
    codes
        .iter()
        .map(|(site, messages)| ChildSiteFanOut {
            site: site.to_string(),
            messages: *messages,
        })
        .collect()
}

fn evidence<T>(value: T, evidence: usize) -> Proposed<T> {
    Proposed {
        value,
        source: Source::Evidence,
        evidence,
    }
}

fn default<T>(value: T) -> Proposed<T> {
    Proposed {
        value,
        source: Source::Default,
        evidence: 0,
    }
}

fn one(report: &SimulateReport) -> &kbwiz_engine::sim::SimResult {
    match &report.runs {
        Runs::One(r) => r,
        _ => panic!("one run of the retry loop expected"),
    }
}

/// The article folder `kb/Q319207/` as `(file name, contents)`, with
/// `simulator.json` replaced by `simulator` when given.
fn q319207_files(simulator: Option<&str>) -> Vec<(String, String)> {
    let dir = repo("kb/Q319207");
    let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
        .expect("kb/Q319207")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json" || x == "md"))
        .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
        .map(|p| {
            let name = p.file_name().expect("name").to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).expect("readable");
            (name, text)
        })
        .collect();
    files.sort();
    if let Some(sim) = simulator {
        let slot = files
            .iter_mut()
            .find(|(n, _)| n == "simulator.json")
            .expect("Q319207 has simulator.json");
        slot.1 = sim.to_string();
    }
    files
}

fn kb_of(articles: &[(&str, Vec<(String, String)>)]) -> Kb {
    let borrowed: Vec<(&str, Vec<(&str, &str)>)> = articles
        .iter()
        .map(|(dir, files)| {
            let files = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            (*dir, files)
        })
        .collect();
    let labelled: Vec<(&str, &[(&str, &str)])> = borrowed
        .iter()
        .map(|(dir, files)| (*dir, files.as_slice()))
        .collect();
    Kb::from_files(&labelled).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn full_fault_calibrates_from_q319207s_simulator_json() {
    let files = read(&["scenarios/full-fault/distmgr.log"]);
    let report = simulate(&files, Kb::embedded());
    let c = report.calibration.as_ref().expect("calibrated");
    assert_eq!(c.article.as_deref(), Some("Q319207"));
    assert_eq!(c.central_site.as_deref(), Some("CEN"));
    // Three hourly failed processings (09:05, 10:05, 11:05): two gaps of 3600 s.
    assert_eq!(c.retry_interval_s, evidence(3600, 2));
    // One package, named by three 2328 messages.
    assert_eq!(c.failing_packages, evidence(1, 3));
    assert_eq!(c.package_ids, ["CEN00012"]);
    // Each processing sent to each of the three child sites: nine 2339s.
    assert_eq!(c.child_sites, evidence(3, 9));
    assert_eq!(c.child_site_codes, ["PR1", "PR2", "PR3"]);
    assert_eq!(
        c.fan_out_per_child_site,
        sites(&[("PR1", 3), ("PR2", 3), ("PR3", 3)])
    );
    assert_eq!(c.span_s, evidence(7201, 12));
    // Three hours of evidence: the run lasts a day so the hourly loop shows.
    assert_eq!(c.hours, default(24));
    assert_eq!(c.initial_backlog, default(0));
    assert_eq!(c.resend, Resend::PackageInfoToEveryChildSite);
    assert_eq!(
        c.backlog_folder.as_deref(),
        Some("\\SMS\\Inboxes\\Schedule.box")
    );
    assert_eq!(c.params.retry_interval_s, 3600);
    assert_eq!(c.params.min_gap_s, 300);
    assert_eq!(c.params.arrivals, Arrivals::Off);
    assert_eq!(report.params, c.params);
    // First send at 0 (3 jobs), retries every hour from 3600 to 82800
    // (23 retries, 3 jobs each): 72 jobs, all sent.
    let r = one(&report);
    assert_eq!(r.sites_below, 3);
    assert_eq!(
        (r.totals.retries, r.totals.created, r.totals.sent),
        (23, 72, 72)
    );
    assert_eq!(r.totals.peak_backlog, 3);
}

#[test]
fn export_and_registry_count_the_retry_history_key_and_two_child_sites() {
    let files = read(&[
        "scenarios/export-and-reg/status-messages.txt",
        "scenarios/export-and-reg/retry-history.reg",
    ]);
    let c = simulate(&files, Kb::embedded())
        .calibration
        .expect("calibrated");
    // Three 2328 rows and the package's Retry History key.
    assert_eq!(c.failing_packages, evidence(1, 4));
    assert_eq!(c.retry_interval_s, evidence(3600, 2));
    assert_eq!(c.child_sites, evidence(2, 6));
    assert_eq!(c.fan_out_per_child_site, sites(&[("PR1", 3), ("PR2", 3)]));
}

#[test]
fn only_listings_of_the_backlog_folder_give_the_initial_backlog() {
    let files = read(&[
        "scenarios/full-fault/distmgr.log",
        "parse/schedule-box-dir.txt",
    ]);
    let c = simulate(&files, Kb::embedded())
        .calibration
        .expect("calibrated");
    // `C:\SMS\Inboxes\schedule.box` lists 1,204 files; `C:\SMS\bin\i386` is
    // not the backlog folder.
    assert_eq!(c.initial_backlog, evidence(1204, 1));
    let moved = r#"{
      "retry_interval_s": 3600, "min_gap_s": 300,
      "failure_messages": [2328, 2302], "fan_out_messages": [2339],
      "resend": "package_info_to_every_child_site",
      "backlog_folder": "\\SMS\\Inboxes\\Elsewhere.box",
      "child_sites": 10
    }"#;
    let kb = kb_of(&[("Q319207", q319207_files(Some(moved)))]);
    let c = simulate(&files, &kb).calibration.expect("calibrated");
    assert_eq!(c.initial_backlog, default(0));
}

#[test]
fn a_kb_copy_with_another_simulator_json_calibrates_from_it() {
    // Failures are 2302 only (the log has none), fan-outs 2339; other
    // defaults, and retries that re-send nothing.
    let simulator = r#"{
      "retry_interval_s": 1800,
      "min_gap_s": 120,
      "failure_messages": [2302],
      "fan_out_messages": [2339],
      "resend": "nothing",
      "backlog_folder": "\\SMS\\Inboxes\\Other.box",
      "child_sites": 4
    }"#;
    let kb = kb_of(&[("Q319207", q319207_files(Some(simulator)))]);
    let files = read(&["scenarios/full-fault/distmgr.log"]);
    let report = simulate(&files, &kb);
    let c = report.calibration.as_ref().expect("calibrated");
    assert_eq!(c.retry_interval_s, default(1800));
    assert_eq!(c.failing_packages, default(1));
    assert!(c.package_ids.is_empty());
    assert_eq!(c.child_sites, evidence(3, 9));
    assert_eq!(c.resend, Resend::Nothing);
    assert_eq!(
        c.backlog_folder.as_deref(),
        Some("\\SMS\\Inboxes\\Other.box")
    );
    assert_eq!(c.params.retry_interval_s, 1800);
    assert_eq!(c.params.min_gap_s, 120);
    // No interval observed: other package work still triggers retries.
    assert_eq!(c.params.arrivals, Arrivals::Every { interval_s: 900 });
    // Arrivals every 900 s over the day's run (900 to 85500): 95 retries,
    // each re-sending nothing; only the first send's 3 jobs are queued.
    let r = one(&report);
    assert_eq!((r.totals.retries, r.totals.created), (95, 3));

    // Without fan-out messages, the hierarchy is simulator.json's child sites.
    let no_fan_out = simulator.replace("[2339]", "[]");
    let kb = kb_of(&[("Q319207", q319207_files(Some(&no_fan_out)))]);
    let c = simulate(&files, &kb).calibration.expect("calibrated");
    assert_eq!(c.child_sites, default(4));
    assert_eq!(c.params.hierarchy, Hierarchy::flat(4));
    assert!(c.fan_out_per_child_site.is_empty());
}

#[test]
fn without_evidence_a_named_article_gives_its_defaults_and_none_the_models() {
    let simulator = r#"{
      "retry_interval_s": 1800, "min_gap_s": 120,
      "failure_messages": [2328], "fan_out_messages": [2339],
      "resend": "package_info_to_every_child_site",
      "backlog_folder": "\\SMS\\Inboxes\\Schedule.box",
      "child_sites": 4
    }"#;
    let kb = kb_of(&[("Q319207", q319207_files(Some(simulator)))]);
    let named = SimulateRequest {
        article: Some("Q319207"),
        compare: false,
    };
    let report = api::simulate(&[], &kb, named, Ok).expect("runs");
    assert!(report.calibration.is_none());
    assert_eq!(report.params.hierarchy, Hierarchy::flat(4));
    assert_eq!(
        (report.params.retry_interval_s, report.params.min_gap_s),
        (1800, 120)
    );
    let report = api::simulate(&[], &kb, SimulateRequest::default(), Ok).expect("runs");
    assert_eq!(report.params, Params::default());
}

#[test]
fn with_several_articles_the_diagnosis_chooses_or_the_caller_must() {
    // TEST0001 (tests/data/kb/good) given a simulator.json of its own.
    let dir = repo("tests/data/kb/good/TEST0001");
    let mut test = vec![(
        "simulator.json".to_string(),
        r#"{
          "retry_interval_s": 600, "min_gap_s": 60,
          "failure_messages": [9001], "fan_out_messages": [],
          "resend": "nothing", "backlog_folder": "\\TEST\\queue",
          "child_sites": 2
        }"#
        .to_string(),
    )];
    for name in [
        "article.json",
        "article.md",
        "messages.json",
        "remediation.json",
        "tree.json",
    ] {
        let text = std::fs::read_to_string(dir.join(name)).expect("readable");
        test.push((name.to_string(), text));
    }
    let kb = kb_of(&[("Q319207", q319207_files(None)), ("TEST0001", test)]);

    // The full fault confirms Q319207: its simulator.json reads the evidence.
    let files = read(&["scenarios/full-fault/distmgr.log"]);
    let c = simulate(&files, &kb).calibration.expect("calibrated");
    assert_eq!(c.article.as_deref(), Some("Q319207"));
    assert_eq!(c.retry_interval_s, evidence(3600, 2));

    // Evidence that ranks neither first: the error names both.
    let nothing = [("empty.txt".to_string(), b"hello\n".to_vec())];
    let err =
        api::simulate(&refs(&nothing), &kb, SimulateRequest::default(), Ok).expect_err("ambiguous");
    assert_eq!(
        err,
        SimulateError::AmbiguousArticle {
            candidates: vec!["Q319207".into(), "TEST0001".into()]
        }
    );
    assert!(err.to_string().contains("Q319207, TEST0001"), "{err}");

    // Named, it is used whatever the evidence.
    let named = SimulateRequest {
        article: Some("TEST0001"),
        compare: false,
    };
    let c = api::simulate(&refs(&files), &kb, named, Ok)
        .expect("runs")
        .calibration
        .expect("calibrated");
    assert_eq!(c.article.as_deref(), Some("TEST0001"));
    assert_eq!(c.retry_interval_s, default(600));
    assert_eq!(c.resend, Resend::Nothing);
}

#[test]
fn simulate_reports_serialise_as_the_run_with_the_calibration_last() {
    let files = read(&["scenarios/full-fault/distmgr.log"]);
    let compare = SimulateRequest {
        article: None,
        compare: true,
    };
    let report = api::simulate(&refs(&files), Kb::embedded(), compare, Ok).expect("runs");
    let json = serde_json::to_string(&report).expect("serialises");
    assert!(
        json.starts_with("{\"runs\":[{\"scenario\":\"baseline\""),
        "{json}"
    );
    let keys: Vec<String> =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&json)
            .expect("object")
            .keys()
            .cloned()
            .collect();
    assert_eq!(keys.len(), 2);
    assert!(json.contains(",\"calibration\":{\"params\":"), "{json}");
    let plain = api::simulate(&[], Kb::embedded(), SimulateRequest::default(), Ok).expect("runs");
    let json = serde_json::to_string(&plain).expect("serialises");
    assert!(json.starts_with("{\"retries\":"), "{json}");
    assert!(!json.contains("calibration"), "{json}");
}

#[test]
fn the_validator_refuses_a_zero_retry_interval_and_an_empty_backlog_folder() {
    let bad = r#"{
      "retry_interval_s": 0, "min_gap_s": 300,
      "failure_messages": [2328], "fan_out_messages": [2339],
      "resend": "nothing", "backlog_folder": " \\ ", "child_sites": 1
    }"#;
    let files = q319207_files(Some(bad));
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let err = Kb::from_files(&[("kb/Q319207", files.as_slice())]).expect_err("refused");
    let text = err.to_string();
    assert!(
        text.contains("kb/Q319207/simulator.json: retry_interval_s: out of range: the retry interval must be at least 1 s"),
        "{text}"
    );
    assert!(
        text.contains("kb/Q319207/simulator.json: backlog_folder: empty: backlog folder"),
        "{text}"
    );
}
