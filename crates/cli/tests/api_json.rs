//! `kbwiz scan|diagnose|simulate --json` print, byte for byte, the engine
//! API's report for the same inputs (`serde_json`'s pretty form and a line
//! end). The JS API serialises the same reports (compactly), so the three
//! shells cannot disagree on what a set of inputs shows.

mod common;

use kbwiz_engine::api::{self, SimulateRequest};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::sim::{Arrivals, Hierarchy};

fn data(rel: &str) -> String {
    format!("{}/../../tests/data/{rel}", env!("CARGO_MANIFEST_DIR"))
}

/// What `kbwiz ARGS` prints; it must succeed.
fn kbwiz(args: &[&str]) -> String {
    let (code, out, err) = common::kbwiz(args, None);
    assert_eq!(code, 0, "{args:?}: {err}");
    out
}

fn pretty<T: serde::Serialize>(report: &T) -> String {
    serde_json::to_string_pretty(report).expect("serialises") + "\n"
}

/// The inputs as the CLI names them: by the path given.
fn read(paths: &[String]) -> Vec<(String, Vec<u8>)> {
    paths
        .iter()
        .map(|p| (p.clone(), std::fs::read(p).expect("readable")))
        .collect()
}

fn refs(files: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

/// Input sets: each scenario's files, and samples of every format together.
fn input_sets() -> Vec<Vec<String>> {
    let mut sets = vec![
        vec![data("scenarios/full-fault/distmgr.log")],
        vec![
            data("scenarios/export-and-reg/status-messages.txt"),
            data("scenarios/export-and-reg/retry-history.reg"),
        ],
        vec![data("scenarios/reg-only/retry-history.reg")],
        vec![
            data("scenarios/patched/distmgr.log"),
            data("scenarios/patched/versions.txt"),
        ],
    ];
    sets.push(vec![
        data("parse/distmgr.log"),
        data("parse/retry-history-utf16.reg"),
        data("parse/schedule-box-dir.txt"),
        data("parse/status-export.txt"),
    ]);
    sets
}

#[test]
fn scan_json_is_the_engine_apis_scan() {
    for set in input_sets() {
        let files = read(&set);
        let expected = pretty(&api::scan(&refs(&files), Kb::embedded()));
        let args: Vec<&str> = ["scan", "--json"]
            .into_iter()
            .chain(set.iter().map(String::as_str))
            .collect();
        assert_eq!(kbwiz(&args), expected, "{set:?}");
    }
}

#[test]
fn diagnose_json_is_the_engine_apis_diagnosis() {
    for set in input_sets() {
        let files = read(&set);
        let expected = pretty(&api::diagnose(&refs(&files), Kb::embedded()).triage());
        let args: Vec<&str> = ["diagnose", "--json"]
            .into_iter()
            .chain(set.iter().map(String::as_str))
            .collect();
        assert_eq!(kbwiz(&args), expected, "{set:?}");
    }
}

#[test]
fn simulate_json_from_evidence_is_the_engine_apis_simulation() {
    for compare in [false, true] {
        for set in input_sets() {
            let files = read(&set);
            let request = SimulateRequest {
                article: None,
                compare,
            };
            let report = api::simulate(&refs(&files), Kb::embedded(), request, |p| {
                Ok(kbwiz_engine::sim::Params { hours: 5, ..p })
            })
            .unwrap_or_else(|e| panic!("{e}"));
            let mut args = vec!["simulate", "--json", "--hours", "5"];
            if compare {
                args.push("--compare");
            }
            args.push("--from-evidence");
            args.extend(set.iter().map(String::as_str));
            assert_eq!(kbwiz(&args), pretty(&report), "{set:?} compare {compare}");
        }
    }
}

#[test]
fn simulate_json_from_flags_is_the_engine_apis_simulation() {
    let report = api::simulate(&[], Kb::embedded(), SimulateRequest::default(), |p| {
        Ok(kbwiz_engine::sim::Params {
            hierarchy: Hierarchy::flat(3),
            failing_packages: 1,
            hours: 5,
            arrivals: Arrivals::Off,
            ..p
        })
    })
    .expect("runs");
    let args = [
        "simulate",
        "--json",
        "--sites",
        "3",
        "--failing",
        "1",
        "--hours",
        "5",
        "--other-s",
        "0",
    ];
    assert_eq!(kbwiz(&args), pretty(&report));
}

#[test]
fn simulate_names_the_articles_to_choose_from() {
    let log = data("scenarios/full-fault/distmgr.log");
    let (code, _, err) = common::kbwiz(
        &["simulate", "--article", "NOPE", "--from-evidence", &log],
        None,
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("article NOPE is not in the knowledge base"),
        "{err}"
    );
    assert!(err.contains("Q319207"), "{err}");
}
