//! CM-components-and-threads on its scenarios (written by
//! `tests/data/scenarios/make_cmsim.py`): the verdict from distmgr.log, its
//! rank among all articles, and the content-distribution simulator
//! calibrated from the same log as the article's `simulator.json` says.

mod scenario;

use kbwiz_engine::api::{self, ModelCalibration, Runs, SimulateRequest};
use kbwiz_engine::kb::tree::Verdict;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::sim::content::{ContentParams, ContentScenario};
use kbwiz_engine::sim::{ModelParams, Source};
use scenario::{diagnose, finding, inputs, top, verdict};

const ID: &str = "CM-components-and-threads";

#[test]
fn exhausted_threads_confirm_the_article_first() {
    let d = diagnose(&["cm-threads-fault"]);
    assert_eq!(top(&d), ID);
    assert_eq!(verdict(&d, ID), (Verdict::Confirmed, Some("confirmed")));
    let f = finding(&d, ID);
    let path: Vec<(&str, &str)> = f
        .steps
        .iter()
        .map(|s| (s.question.as_str(), s.label.as_str()))
        .collect();
    assert_eq!(
        path,
        [
            ("thread_lines", "yes"),
            ("in_use", "at_least"),
            ("allowed", "below"),
            ("waiting", "at_least")
        ]
    );
    assert_eq!(
        f.remediation
            .iter()
            .map(|r| r.id.as_str())
            .collect::<Vec<_>>(),
        ["check_stuck_threads", "change_thread_settings"]
    );
}

#[test]
fn free_threads_rule_the_article_out() {
    let d = diagnose(&["cm-threads-healthy"]);
    assert_eq!(verdict(&d, ID), (Verdict::RuledOut, Some("threads_free")));
}

#[test]
fn sms_2_0_logs_do_not_assess_it() {
    let d = diagnose(&["full-fault"]);
    assert!(d.findings.iter().all(|f| f.article != ID));
    assert!(d.not_assessed.iter().any(|n| n.article == ID));
}

fn files(dir: &str) -> Vec<(String, Vec<u8>)> {
    inputs(&[dir])
}

#[test]
fn the_log_calibrates_the_content_distribution_model() {
    let files = files("cm-threads-fault");
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let kb = Kb::embedded();
    let evidence = api::scan(&refs, kb).evidence;
    let ModelCalibration::ContentDistribution(c) =
        api::calibrate_model(&evidence, kb, Some(ID)).expect("calibrates")
    else {
        panic!("not the content model");
    };
    assert_eq!(c.article.as_deref(), Some(ID));
    // 18 thread-use lines, all saying 3 allowed; 15 with all 3 in use.
    assert_eq!(
        (
            c.max_packages.value,
            c.max_packages.source,
            c.max_packages.evidence
        ),
        (3, Source::Evidence, 18)
    );
    assert_eq!(c.threads_exhausted, 15);
    assert_eq!(c.packages.value, 12);
    assert_eq!(c.package_ids.first().map(String::as_str), Some("PS100021"));
    // 11 DPs got a job (PS1DP07's DP threads never returned).
    assert_eq!(c.dps.value, 11);
    assert!(!c.dp_names.iter().any(|d| d.starts_with("PS1DP07")));
    // The article names no line of a failed send: the default stands.
    assert_eq!(
        (c.failing_dps.value, c.failing_dps.source),
        (1, Source::Default)
    );
    let defaults = ContentParams::default();
    assert_eq!(
        (
            c.params.retry_count,
            c.params.retry_delay_s,
            c.params.threads_per_package
        ),
        (
            defaults.retry_count,
            defaults.retry_delay_s,
            defaults.threads_per_package
        )
    );
}

#[test]
fn simulate_names_the_article_and_compares_settings() {
    let request = SimulateRequest {
        article: Some(ID),
        compare: true,
    };
    let report = api::simulate_model(&[], Kb::embedded(), request, |p| {
        Ok(p.set("failing_dps", 2).set("packages", 10).set("dps", 20))
    })
    .expect("runs");
    let Runs::ContentCompared(c) = &report.runs else {
        panic!("not a content comparison");
    };
    let p = report.content_params.as_ref().expect("content params");
    assert_eq!((p.packages, p.dps, p.failing_dps), (10, 20, 2));
    let removed = c
        .runs
        .iter()
        .find(|r| r.scenario == ContentScenario::FailingDpRemoved)
        .expect("run");
    assert_eq!((removed.params.dps, removed.result.totals.jobs), (18, 180));
    // Fixed at 72 h, within the 100 retries of 30 minutes (50 h)? No: the
    // failing DPs' jobs give up before the fix; with the delay doubled they
    // last 100 h and get their content after it.
    let baseline = &c.runs[0].result;
    assert_eq!(baseline.totals.gave_up, 20);
    let longer = &c.runs[2].result;
    assert_eq!(longer.totals.gave_up, 0);
    assert!(longer.dps[0].complete_at_s.expect("complete") >= 72 * 3600);
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(json["runs"][0]["label"], "as configured");
    // The retry loop's parameters are refused for this article.
    let err = api::simulate_model(&[], Kb::embedded(), request, |_| {
        Ok(ModelParams::RetryLoop(Default::default()))
    })
    .expect_err("refused");
    assert!(err.to_string().contains("retry loop"), "{err}");
}
