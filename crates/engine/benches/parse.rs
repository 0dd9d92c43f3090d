//! Criterion benchmark of the evidence parsers on a generated ~100 MB SMS 2.0
//! distmgr.log (`kbwiz_engine::sample::distmgr_log`) in which half the lines
//! are STATMSG lines (2300, 2328, 2302, 2339 in turn), the rest ordinary
//! Distribution Manager messages.
//!
//! `cargo bench -p kbwiz-engine --bench parse` reports throughput in bytes/s.
//! Set `KBWIZ_PARSE_BENCH_FILE=/path` to also write the generated log there,
//! to time `kbwiz scan` and `rg -c` on the very same bytes.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// Target size of the generated log.
const SIZE: usize = 100 * 1024 * 1024;

fn bench(c: &mut Criterion) {
    let log = kbwiz_engine::sample::distmgr_log(SIZE);
    if let Ok(path) = std::env::var("KBWIZ_PARSE_BENCH_FILE") {
        if let Err(e) = std::fs::write(&path, &log) {
            eprintln!("cannot write {path}: {e}");
        }
    }
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("distmgr_100mb_statmsg", |b| {
        // Freeing ~185k facts is the caller's cost, not the parser's: the
        // results are dropped outside the timed section.
        b.iter_with_large_drop(|| {
            kbwiz_engine::parse::parse_input("distmgr.log", black_box(log.as_bytes()))
        })
    });
    group.bench_function("decode_only", |b| {
        b.iter(|| kbwiz_engine::parse::decode(black_box(log.as_bytes())).len())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
