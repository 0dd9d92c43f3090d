//! Criterion benchmarks of diagnosis: the full fault from distmgr.log bytes
//! (scan + enrich + diagnose, as the CLI and web app call it), diagnose
//! alone over 10,000 status messages (50 packages retried hourly for 40 hours,
//! each retry fanned out to 4 child sites), and the native counterpart of the
//! browser benchmark (`cargo xtask bench`): diagnose_inputs on 100 MiB of the
//! generated distmgr.log of `kbwiz_engine::sample`, every article's tree alone
//! on its scanned evidence (indexed, and the reference reading every fact for
//! every rule), and serialising its findings as `kbwiz diagnose --json` and
//! `kbwiz.diagnose` do.

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kbwiz_engine::evidence::{Evidence, Fact, Stamp, StatusMessage};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{
    diagnose, diagnose_inputs, diagnose_reference, scan_inputs, FindingsJson,
};
use std::hint::black_box;

const FAULT: &[u8] = include_bytes!("../../../tests/data/scenarios/full-fault/distmgr.log");

fn many_messages() -> Vec<Evidence> {
    let start = Utc
        .with_ymd_and_hms(2004, 6, 7, 9, 0, 0)
        .single()
        .expect("valid start");
    let mut out = Vec::new();
    for hour in 0..40 {
        for p in 0..50 {
            let t = start + Duration::hours(hour) + Duration::seconds(p);
            let pkg = format!("CEN{p:05}");
            let mut push = |id: u32, child: Option<String>| {
                out.push(Evidence {
                    input: "distmgr.log".into(),
                    line: out.len() + 1,
                    text: format!("STATMSG: ID={id}"),
                    fact: Fact::StatusMessage(StatusMessage {
                        id,
                        site: Some("CEN".into()),
                        package_id: Some(pkg.as_str().into()),
                        child_site: child.map(Into::into),
                        time: Stamp {
                            utc: Some(t),
                            ..Stamp::default()
                        },
                        ..StatusMessage::default()
                    }),
                })
            };
            push(2328, None);
            for c in 0..4 {
                push(2339, Some(format!("PR{c}")));
            }
        }
    }
    out
}

fn bench_large(c: &mut Criterion) {
    let kb = Kb::embedded();
    let log = kbwiz_engine::sample::distmgr_log(100 * 1024 * 1024);
    let inputs = [("distmgr.log", log.as_bytes())];
    let mut group = c.benchmark_group("diagnose_100mib");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("diagnose_inputs", |b| {
        b.iter_with_large_drop(|| diagnose_inputs(black_box(&inputs), kb))
    });
    // The trees alone, on the scanned evidence: the facts indexed once
    // (what every shell runs), and every rule reading every fact.
    let scan = scan_inputs(&inputs, kb);
    group.bench_function("trees_indexed", |b| {
        b.iter(|| diagnose(black_box(&scan.evidence), kb))
    });
    group.bench_function("trees_reference", |b| {
        b.iter(|| diagnose_reference(black_box(&scan.evidence), kb))
    });
    drop(scan);
    let diagnosis = diagnose_inputs(&inputs, kb);
    group.bench_function("findings_json", |b| {
        b.iter(|| {
            serde_json::to_string(&FindingsJson {
                findings: black_box(&diagnosis.findings),
            })
            .map(|s| s.len())
        })
    });
    group.finish();
}

fn bench(c: &mut Criterion) {
    let kb = Kb::embedded();
    c.bench_function("diagnose_inputs full-fault distmgr.log", |b| {
        b.iter(|| diagnose_inputs(black_box(&[("distmgr.log", FAULT)]), kb))
    });
    let evidence = many_messages();
    assert_eq!(evidence.len(), 10_000);
    c.bench_function("diagnose 10k status messages", |b| {
        b.iter(|| diagnose(black_box(&evidence), kb))
    });
}

criterion_group!(benches, bench, bench_large);
criterion_main!(benches);
