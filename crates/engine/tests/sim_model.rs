//! Behaviour of the retry-loop simulator on small cases worked out by hand.

use kbwiz_engine::sim::{
    compare, simulate, Arrivals, HourRow, ParamError, Params, Scenario, SimResult, Totals,
};

/// A flat hierarchy of `sites`, `packages` failing, `hours` long, timer only.
fn base(sites: u32, packages: u32, hours: u32) -> Params {
    Params {
        hierarchy: kbwiz_engine::sim::Hierarchy::flat(sites),
        failing_packages: packages,
        hours,
        arrivals: Arrivals::Off,
        ..Params::default()
    }
}

fn run(p: &Params) -> SimResult {
    simulate(p).expect("valid parameters")
}

fn row(hour: u32, retries: u64, created: u64, sent: u64, backlog: u64) -> HourRow {
    HourRow {
        hour,
        retries,
        created,
        sent,
        backlog,
    }
}

#[test]
fn three_sites_one_package_five_hours_timer_only() {
    // First send at 0 (3 jobs), retries at 1 h, 2 h, 3 h, 4 h (3 jobs each);
    // each batch takes the Sender 5.4 s.
    let r = run(&base(3, 1, 5));
    assert_eq!(
        r.totals,
        Totals {
            retries: 4,
            created: 15,
            sent: 15,
            peak_backlog: 3,
            backlog_end: 0
        }
    );
    assert_eq!(r.sites_below, 3);
    assert_eq!(r.peak_at_s, 0);
    assert_eq!(r.threshold_exceeded_at_s, None);
    let mut expected = vec![row(0, 0, 3, 3, 0)];
    expected.extend((1..5).map(|h| row(h, 1, 3, 3, 0)));
    assert_eq!(r.series, expected);
}

#[test]
fn other_package_work_makes_retries_every_fifteen_minutes() {
    // Arrivals at 900, 1800, ..., 17100 s: 19 retries, each 3 jobs.
    let p = Params {
        arrivals: Arrivals::Every { interval_s: 900 },
        ..base(3, 1, 5)
    };
    let r = run(&p);
    assert_eq!(
        (r.totals.retries, r.totals.created, r.totals.sent),
        (19, 60, 60)
    );
    assert_eq!(r.series[0], row(0, 3, 12, 12, 0));
    assert_eq!(r.series[1], row(1, 4, 12, 12, 0));
}

#[test]
fn the_minimum_gap_limits_retries_under_frequent_arrivals() {
    // Arrivals every 100 s; retries only every 300 s: 300, 600, ..., 3300.
    let p = Params {
        arrivals: Arrivals::Every { interval_s: 100 },
        ..base(2, 1, 1)
    };
    let r = run(&p);
    assert_eq!((r.totals.retries, r.totals.created), (11, 24));
}

#[test]
fn a_slow_sender_builds_a_backlog() {
    // 1000 sites, 500 jobs/h: +1000 at 0, 1 h, 2 h; 500 sent per hour.
    let p = Params {
        capacity_per_hour: 500,
        backlog_threshold: 1200,
        ..base(1000, 1, 3)
    };
    let r = run(&p);
    assert_eq!(
        r.totals,
        Totals {
            retries: 2,
            created: 3000,
            sent: 1500,
            peak_backlog: 2000,
            backlog_end: 1500
        }
    );
    assert_eq!(r.peak_at_s, 7200);
    assert_eq!(r.threshold_exceeded_at_s, Some(3600));
    assert_eq!(
        r.series,
        vec![
            row(0, 0, 1000, 500, 500),
            row(1, 1, 1000, 500, 1000),
            row(2, 1, 1000, 500, 1500)
        ]
    );
}

#[test]
fn an_initial_backlog_is_sent_first_and_counts_toward_the_peak() {
    let p = Params {
        initial_backlog: 4000,
        ..base(0, 1, 1)
    };
    let r = run(&p);
    assert_eq!(r.totals.created, 0);
    assert_eq!(r.totals.sent, 2000);
    assert_eq!(r.totals.backlog_end, 2000);
    assert_eq!((r.totals.peak_backlog, r.peak_at_s), (4000, 0));
    assert_eq!(r.threshold_exceeded_at_s, None);
}

#[test]
fn each_remedy_on_three_sites_with_arrivals() {
    let p = Params {
        arrivals: Arrivals::Every { interval_s: 900 },
        key_deleted_at_s: Some(5400),
        repaired_at_s: Some(5400),
        ..base(3, 1, 5)
    };
    let c = compare(&p).expect("valid parameters");
    let totals = |s| {
        let t = c.get(s).expect("every scenario runs").result.totals;
        (t.retries, t.created, t.sent)
    };
    assert_eq!(totals(Scenario::Baseline), (19, 60, 60));
    // Retries go on, but only the first processing sends.
    assert_eq!(totals(Scenario::Hotfix), (19, 3, 3));
    assert_eq!(totals(Scenario::Workaround), (0, 3, 3));
    // Retries at 900 .. 4500 s; none from 5400 s.
    assert_eq!(totals(Scenario::KeyDeleted), (5, 18, 18));
    // Retries at 900 .. 5400 s; the one at 5400 s succeeds (and still sends).
    assert_eq!(totals(Scenario::Repaired), (6, 21, 21));
    let labels: Vec<&str> = c.runs.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "unpatched",
            "hotfix",
            "workaround",
            "key deleted",
            "point repaired"
        ]
    );
    assert_eq!(c.get(Scenario::KeyDeleted).and_then(|r| r.at_s), Some(5400));
}

#[test]
fn comparison_times_default_to_the_middle_of_the_run() {
    let c = compare(&base(3, 1, 4)).expect("valid parameters");
    assert_eq!(c.get(Scenario::Repaired).and_then(|r| r.at_s), Some(7200));
    // Timer retries at 1 h and 2 h (the one at 2 h succeeds); none at 3 h.
    assert_eq!(
        c.get(Scenario::Repaired).map(|r| r.result.totals.retries),
        Some(2)
    );
    assert_eq!(
        c.get(Scenario::KeyDeleted).map(|r| r.result.totals.retries),
        Some(1)
    );
}

#[test]
fn repair_and_key_deletion_at_zero() {
    let repaired = run(&Params {
        repaired_at_s: Some(0),
        ..base(3, 2, 3)
    });
    assert_eq!((repaired.totals.retries, repaired.totals.created), (0, 6));
    let deleted = run(&Params {
        key_deleted_at_s: Some(0),
        ..base(3, 2, 3)
    });
    assert_eq!((deleted.totals.retries, deleted.totals.created), (0, 6));
}

#[test]
fn bad_parameters_are_refused() {
    assert_eq!(
        simulate(&Params {
            capacity_per_hour: 0,
            ..Params::default()
        }),
        Err(ParamError::ZeroCapacity)
    );
    assert!(compare(&Params {
        hours: 100_000,
        ..Params::default()
    })
    .is_err());
}

#[test]
fn json_has_the_totals_at_top_level() {
    let r = run(&base(3, 1, 5));
    let v = serde_json::to_value(&r).expect("serialisable");
    for key in [
        "retries",
        "created",
        "sent",
        "peak_backlog",
        "backlog_end",
        "series",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["created"], 15);
    let back: SimResult = serde_json::from_value(v).expect("round trip");
    assert_eq!(back, r);
}

#[test]
fn the_benchmark_scenario() {
    // 1,000 sites, 50 failing packages, 30 days, defaults: retries every 900 s.
    let p = Params {
        hierarchy: kbwiz_engine::sim::Hierarchy::flat(1000),
        failing_packages: 50,
        hours: 720,
        ..Params::default()
    };
    let r = run(&p);
    // 2879 arrivals (900 .. 2,591,100 s), each retrying all 50 packages.
    assert_eq!(r.totals.retries, 2879 * 50);
    assert_eq!(r.totals.created, 50_000 + 2879 * 50_000);
    assert_eq!(r.totals.sent, 720 * 2000);
    assert_eq!(r.totals.backlog_end, r.totals.created - r.totals.sent);
}

/// A spike the Sender drains within the hour shows in `hourly_peak`, not in
/// the end-of-hour backlog: 2000 sites, one package, 3 h, no arrivals.
#[test]
fn hourly_peak_keeps_spikes_drained_within_the_hour() {
    let p = Params {
        hierarchy: kbwiz_engine::sim::Hierarchy::flat(2000),
        failing_packages: 1,
        hours: 3,
        arrivals: kbwiz_engine::sim::Arrivals::Off,
        ..Params::default()
    };
    let r = run(&p);
    assert_eq!(
        r.series.iter().map(|h| h.backlog).collect::<Vec<_>>(),
        [0, 0, 0]
    );
    assert_eq!(r.hourly_peak, [2000, 2000, 2000]);
    assert_eq!(r.totals.peak_backlog, 2000);
    // The peak over all hours is the run's peak.
    assert_eq!(
        r.hourly_peak.iter().max().copied(),
        Some(r.totals.peak_backlog)
    );
}
