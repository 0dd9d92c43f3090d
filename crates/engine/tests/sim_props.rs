//! Property tests of the retry-loop simulator's invariants.

use kbwiz_engine::sim::{compare, simulate, Arrivals, Hierarchy, Params, Scenario, SimResult};
use proptest::prelude::*;

fn arrivals() -> impl Strategy<Value = Arrivals> {
    prop_oneof![
        Just(Arrivals::Off),
        (1u64..4000).prop_map(|interval_s| Arrivals::Every { interval_s }),
        (1u64..4000, any::<u64>()).prop_map(|(mean_interval_s, seed)| Arrivals::Poisson {
            mean_interval_s,
            seed
        }),
    ]
}

fn hierarchy() -> impl Strategy<Value = Hierarchy> {
    prop_oneof![
        (0u32..300).prop_map(Hierarchy::flat),
        (0u32..12, 0u32..4).prop_map(|(fanout, depth)| Hierarchy::Tree { fanout, depth }),
        prop::collection::vec(0u32..8, 0..4).prop_map(|fanout| Hierarchy::Tiers { fanout }),
    ]
}

prop_compose! {
    fn params()(
        hierarchy in hierarchy(),
        failing_packages in 0u32..6,
        hours in 1u32..60,
        retry_interval_s in 1u64..8000,
        arrivals in arrivals(),
        min_gap_s in 0u64..1200,
        capacity_per_hour in 1u64..6000,
        initial_backlog in 0u64..3000,
        backlog_threshold in 0u64..5000,
        hotfix in any::<bool>(),
        workaround in any::<bool>(),
        key in proptest::option::of(0u64..250_000),
        repair in proptest::option::of(0u64..250_000),
    ) -> Params {
        Params {
            hierarchy, failing_packages, hours, retry_interval_s, arrivals, min_gap_s,
            capacity_per_hour, initial_backlog, backlog_threshold, hotfix, workaround,
            key_deleted_at_s: key, repaired_at_s: repair,
        }
    }
}

fn conserved(p: &Params, r: &SimResult) -> Result<(), TestCaseError> {
    let (mut created, mut sent) = (p.initial_backlog, 0u64);
    for row in &r.series {
        created += row.created;
        sent += row.sent;
        prop_assert_eq!(created, sent + row.backlog, "hour {}", row.hour);
        prop_assert!(row.backlog <= r.totals.peak_backlog);
    }
    prop_assert_eq!(r.series.len(), p.hours as usize);
    prop_assert_eq!(
        p.initial_backlog + r.totals.created,
        r.totals.sent + r.totals.backlog_end
    );
    prop_assert_eq!(
        r.totals.retries,
        r.series.iter().map(|h| h.retries).sum::<u64>()
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn jobs_are_conserved_every_hour(p in params()) {
        let r = simulate(&p).expect("bounded parameters");
        conserved(&p, &r)?;
    }

    #[test]
    fn every_remedy_creates_no_more_jobs_than_the_baseline(p in params()) {
        let c = compare(&p).expect("bounded parameters");
        let base = &c.get(Scenario::Baseline).expect("baseline").result;
        for run in &c.runs {
            prop_assert!(run.result.totals.created <= base.totals.created, "{:?}", run.scenario);
            prop_assert!(run.result.totals.retries <= base.totals.retries, "{:?}", run.scenario);
            conserved(&p, &run.result)?;
        }
        // The hotfix keeps every retry and drops every fan-out after the first.
        let hotfix = &c.get(Scenario::Hotfix).expect("hotfix").result;
        prop_assert_eq!(hotfix.totals.retries, base.totals.retries);
        prop_assert_eq!(hotfix.totals.created, u64::from(p.failing_packages) * base.sites_below);
    }

    #[test]
    fn patched_never_creates_more_per_hour(p in params()) {
        let unpatched = simulate(&Params { hotfix: false, ..p.clone() }).expect("bounded");
        let patched = simulate(&Params { hotfix: true, ..p }).expect("bounded");
        let (mut a, mut b) = (0u64, 0u64);
        for (u, h) in unpatched.series.iter().zip(&patched.series) {
            a += u.created;
            b += h.created;
            prop_assert!(b <= a);
        }
    }

    #[test]
    fn no_sites_below_means_no_jobs(p in params()) {
        let p = Params { hierarchy: Hierarchy::flat(0), initial_backlog: 0, ..p };
        let r = simulate(&p).expect("bounded parameters");
        prop_assert_eq!(r.totals.created, 0);
        prop_assert_eq!(r.totals.sent, 0);
        prop_assert_eq!(r.totals.peak_backlog, 0);
        prop_assert!(r.series.iter().all(|h| h.created == 0 && h.backlog == 0));
    }

    #[test]
    fn the_same_seed_gives_the_same_series(p in params(), seed in any::<u64>(), mean in 1u64..4000) {
        let p = Params { arrivals: Arrivals::Poisson { mean_interval_s: mean, seed }, ..p };
        let a = simulate(&p).expect("bounded parameters");
        let b = simulate(&p).expect("bounded parameters");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn any_parameters_are_refused_or_run(
        fanout in any::<u32>(), depth in 0u32..6, failing_packages in any::<u32>(),
        hours in any::<u32>(), retry_interval_s in any::<u64>(), min_gap_s in any::<u64>(),
        capacity_per_hour in any::<u64>(), interval_s in any::<u64>(),
        initial_backlog in any::<u64>(), key in any::<Option<u64>>(),
    ) {
        let p = Params {
            hierarchy: Hierarchy::Tree { fanout, depth },
            failing_packages, hours: hours % 2000, retry_interval_s, min_gap_s,
            capacity_per_hour, arrivals: Arrivals::Every { interval_s }, initial_backlog,
            key_deleted_at_s: key, ..Params::default()
        };
        if let Ok(r) = simulate(&p) {
            prop_assert_eq!(r.series.len(), p.hours as usize);
        }
    }
}
