//! Criterion benchmark of the content-distribution model on 200 DPs x 50
//! packages x 7 days (the model's defaults: 3x5 threads, 100 retries 30
//! minutes apart, one DP failing until hour 72): the fast run against its
//! plain event-by-event reference (`sim::content::reference`), and the
//! comparison of four settings the simulator view runs on every change.
use criterion::{criterion_group, criterion_main, Criterion};
use kbwiz_engine::sim::content::{compare, reference, simulate, ContentParams};
use std::hint::black_box;
use std::time::Duration;

fn scenario() -> ContentParams {
    ContentParams {
        packages: 50,
        dps: 200,
        hours: 7 * 24,
        ..ContentParams::default()
    }
}

fn bench(c: &mut Criterion) {
    let p = scenario();
    // Same result first: the benchmark compares like with like.
    assert_eq!(simulate(&p).ok(), reference::simulate(&p).ok());
    c.bench_function("content 200 DPs x 50 packages x 7 days, fast", |b| {
        b.iter(|| simulate(black_box(&p)))
    });
    c.bench_function("content 200 DPs x 50 packages x 7 days, compare 4", |b| {
        b.iter(|| compare(black_box(&p)))
    });
    let mut slow = c.benchmark_group("reference");
    slow.sample_size(10)
        .measurement_time(Duration::from_secs(20));
    slow.bench_function("content 200 DPs x 50 packages x 7 days, reference", |b| {
        b.iter(|| reference::simulate(black_box(&p)))
    });
    slow.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
