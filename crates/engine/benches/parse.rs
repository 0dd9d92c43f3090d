//! Criterion benchmarks of the evidence parsers on two generated ~100 MiB
//! logs:
//!
//! - `distmgr_100mb_statmsg`: `kbwiz_engine::sample::distmgr_log`, an SMS 2.0
//!   distmgr.log in which half the lines are STATMSG lines (2300, 2328, 2302,
//!   2339 in turn), the rest two ordinary Distribution Manager messages: the
//!   log the memos were first measured on, and the one `kbwiz scan` is timed
//!   on (`docs/performance.md`).
//! - `mixed_100mb`: `kbwiz_engine::sample::mixed_log`, shaped like a real
//!   site server's log (three components on several threads, STATMSG heads,
//!   strings and attributes that vary, several days, a zone change), read
//!   with every memo and fast path, and in reference mode (none of them).
//!   A new fast path has to win on this log, not only on the first.
//!
//! `cargo bench -p kbwiz-engine --bench parse` reports throughput in bytes/s.
//! Set `KBWIZ_PARSE_BENCH_FILE=/path` to also write the distmgr log there,
//! and `KBWIZ_MIXED_BENCH_FILE=/path` the mixed one, to time `kbwiz scan` and
//! `rg -c` on the very same bytes.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// Target size of each generated log.
const SIZE: usize = 100 * 1024 * 1024;

/// Write `log` to the file `$var` names, if set.
fn write_if_asked(var: &str, log: &str) {
    if let Ok(path) = std::env::var(var) {
        if let Err(e) = std::fs::write(&path, log) {
            eprintln!("cannot write {path}: {e}");
        }
    }
}

fn bench(c: &mut Criterion) {
    let log = kbwiz_engine::sample::distmgr_log(SIZE);
    write_if_asked("KBWIZ_PARSE_BENCH_FILE", &log);
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
    drop(log);

    let mixed = kbwiz_engine::sample::mixed_log(SIZE);
    write_if_asked("KBWIZ_MIXED_BENCH_FILE", &mixed);
    group.throughput(Throughput::Bytes(mixed.len() as u64));
    group.bench_function("mixed_100mb", |b| {
        b.iter_with_large_drop(|| {
            kbwiz_engine::parse::parse_input("mixed.log", black_box(mixed.as_bytes()))
        })
    });
    group.bench_function("mixed_100mb_reference", |b| {
        b.iter_with_large_drop(|| {
            kbwiz_engine::parse::parse_input_reference("mixed.log", black_box(mixed.as_bytes()))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
