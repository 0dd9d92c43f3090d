//! The fast run against the plain reference, and small runs worked by hand.

use super::*;
use proptest::prelude::*;

fn small() -> ContentParams {
    ContentParams {
        packages: 1,
        dps: 2,
        hours: 1,
        max_packages: 1,
        threads_per_package: 1,
        retry_count: 2,
        retry_delay_s: 60,
        process_s: 10,
        dp_thread_s: 5,
        send_s: 100,
        fail_s: 20,
        failing_dps: 1,
        bad_source_packages: 0,
        fixed_at_s: None,
    }
}

#[test]
fn a_failing_dp_gives_up_after_its_retries() {
    // Processing 0-10; DP threads create job 0 at 15 and job 1 at 20. One
    // sending thread: job 0 fails 15-35, job 1 is sent 35-135, job 0 fails
    // again 135-155 and 215-235, its third failure: it gives up.
    let r = simulate(&small()).expect("valid");
    let t = r.totals;
    assert_eq!(
        (
            t.jobs,
            t.delivered,
            t.gave_up,
            t.waiting_end,
            t.sends,
            t.send_failures
        ),
        (2, 1, 1, 0, 4, 3)
    );
    assert_eq!((t.peak_jobs_queued, t.peak_jobs_queued_at_s), (1, 20));
    assert_eq!(t.last_delivery_s, Some(135));
    assert_eq!(
        r.gave_up,
        vec![GaveUp {
            at_s: 235,
            package: 0,
            dp: 0
        }]
    );
    assert_eq!(r.dps[0].complete_at_s, None);
    assert_eq!(r.dps[1].complete_at_s, Some(135));
    let hour = r.series[0];
    assert_eq!(
        (hour.waiting, hour.delivered, hour.failures, hour.gave_up),
        (0, 1, 3, 1)
    );
    assert_eq!(r.all_complete_at_s(), None);
}

#[test]
fn a_fix_before_the_retries_run_out_delivers() {
    // Fixed at 100: the retry queued at 95 starts at 135 and works.
    let p = ContentParams {
        fixed_at_s: Some(100),
        ..small()
    };
    let r = simulate(&p).expect("valid");
    assert_eq!(
        (r.totals.delivered, r.totals.gave_up, r.totals.sends),
        (2, 0, 3)
    );
    assert_eq!(r.dps[0].complete_at_s, Some(235));
    assert_eq!(r.all_complete_at_s(), Some(235));
}

#[test]
fn a_bad_source_fails_every_dp_of_its_package() {
    let p = ContentParams {
        packages: 2,
        failing_dps: 0,
        bad_source_packages: 1,
        retry_count: 1,
        ..small()
    };
    // Package 0 fails 0-10 and 70-80, then gives up (both DPs); package 1
    // is processed 10-20 (waves at 25 and 30), between package 0's tries.
    let r = simulate(&p).expect("valid");
    assert_eq!(r.totals.processing_failures, 2);
    assert_eq!((r.totals.gave_up, r.totals.delivered), (2, 2));
    assert_eq!(
        r.gave_up.iter().map(|g| (g.at_s, g.dp)).collect::<Vec<_>>(),
        [(80, 0), (80, 1)]
    );
    assert_eq!(r.dps[1].gave_up, 1);
    assert_eq!(r.totals.last_delivery_s, Some(225));
}

#[test]
fn threads_limit_the_packages_in_processing() {
    // Ten packages, one DP, three threads: packages wait their turn.
    let p = ContentParams {
        packages: 10,
        dps: 1,
        max_packages: 3,
        failing_dps: 0,
        ..small()
    };
    let r = simulate(&p).expect("valid");
    assert_eq!(r.totals.peak_packages_waiting, 7);
    assert_eq!(r.totals.delivered, 10);
    let c = compare(&p).expect("valid");
    let more = c
        .runs
        .iter()
        .find(|x| x.scenario == ContentScenario::MoreThreads)
        .expect("run");
    assert_eq!(more.params.max_packages, 6);
    assert_eq!(more.result.totals.peak_packages_waiting, 4);
}

#[test]
fn the_comparison_changes_one_setting_each() {
    let p = ContentParams::default();
    let c = compare(&p).expect("valid");
    let labels: Vec<&str> = c.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "as configured",
            "more threads",
            "longer retry delay",
            "failing DP removed"
        ]
    );
    assert_eq!(c.runs[2].params.retry_delay_s, 3600);
    assert_eq!(
        (c.runs[3].params.dps, c.runs[3].params.failing_dps),
        (199, 0)
    );
    assert_eq!(c.runs[3].result.totals.gave_up, 0);
}

/// Small cases across every setting: the table the equality test runs.
fn table() -> Vec<ContentParams> {
    let mut cases = Vec::new();
    for (packages, dps) in [(1, 1), (2, 3), (5, 4), (7, 9), (3, 0), (0, 4)] {
        for (max_packages, threads) in [(1, 1), (3, 5), (2, 2)] {
            for (failing_dps, bad) in [(0, 0), (1, 0), (0, 1), (2, 1)] {
                for fixed in [None, Some(900), Some(7200)] {
                    cases.push(ContentParams {
                        packages,
                        dps,
                        hours: 3,
                        max_packages,
                        threads_per_package: threads,
                        retry_count: 3,
                        retry_delay_s: 300,
                        process_s: 45,
                        dp_thread_s: 15,
                        send_s: 240,
                        fail_s: 60,
                        failing_dps: failing_dps.min(dps),
                        bad_source_packages: bad.min(packages),
                        fixed_at_s: fixed,
                    });
                }
            }
        }
    }
    cases
}

#[test]
fn the_fast_run_equals_the_reference_on_a_table_of_cases() {
    let cases = table();
    assert_eq!(cases.len(), 216);
    let mut gave_up = 0;
    for p in &cases {
        let fast = simulate(p).expect("valid");
        let plain = reference::simulate(p).expect("valid");
        assert_eq!(fast, plain, "{p:?}");
        gave_up += fast.totals.gave_up;
    }
    // The table reaches give-ups, not only deliveries.
    assert!(gave_up > 0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_fast_run_equals_the_reference(
        packages in 0u32..6, dps in 0u32..7, hours in 1u32..4,
        max_packages in 1u32..4, threads in 1u32..4, retry_count in 0u32..4,
        delay_min in 1u64..8, process_s in 1u64..200, dp_thread_s in 1u64..60,
        send_s in 1u64..900, fail_s in 1u64..300, failing in 0u32..3, bad in 0u32..3,
        fixed in proptest::option::of(0u64..12_000),
    ) {
        let p = ContentParams {
            packages, dps, hours, max_packages, threads_per_package: threads, retry_count,
            retry_delay_s: delay_min * 60, process_s, dp_thread_s, send_s, fail_s,
            failing_dps: failing.min(dps), bad_source_packages: bad.min(packages),
            fixed_at_s: fixed,
        };
        prop_assert_eq!(simulate(&p).expect("valid"), reference::simulate(&p).expect("valid"));
    }
}
