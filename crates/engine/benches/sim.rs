//! Criterion benchmark of the retry-loop simulator on the benchmark scenario:
//! 1,000 sites below the central site, 50 failing packages, 30 days, default
//! parameters (retry every 3600 s, other work every 900 s, 300 s minimum gap,
//! Sender 2000 jobs/h). The same model in SimPy is `benches/simpy/retry_loop.py`.
use criterion::{criterion_group, criterion_main, Criterion};
use kbwiz_engine::sim::{compare, simulate, Arrivals, Hierarchy, Params};
use std::hint::black_box;

fn scenario() -> Params {
    Params {
        hierarchy: Hierarchy::flat(1000),
        failing_packages: 50,
        hours: 30 * 24,
        ..Params::default()
    }
}

fn bench(c: &mut Criterion) {
    let p = scenario();
    c.bench_function("sim 1000 sites 50 packages 30 days", |b| {
        b.iter(|| simulate(black_box(&p)))
    });
    let poisson = Params {
        arrivals: Arrivals::Poisson {
            mean_interval_s: 900,
            seed: 1,
        },
        ..scenario()
    };
    c.bench_function("sim same, Poisson arrivals", |b| {
        b.iter(|| simulate(black_box(&poisson)))
    });
    c.bench_function("compare 5 scenarios, same params", |b| {
        b.iter(|| compare(black_box(&p)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
