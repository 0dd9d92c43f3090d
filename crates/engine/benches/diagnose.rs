//! Criterion benchmarks of diagnosis: the full fault from distmgr.log bytes
//! (scan + enrich + diagnose, as the CLI and web app call it), diagnose
//! alone over 10,000 status messages (50 packages retried hourly for 40 hours,
//! each retry fanned out to 4 child sites), and the native counterpart of the
//! browser benchmark (`cargo xtask bench`): diagnose_inputs on 100 MiB of the
//! generated distmgr.log of `benches/parse.rs`, and serialising its findings
//! as `kbwiz diagnose --json` and `kbwiz.diagnose` do.

use chrono::{Duration, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kbwiz_engine::evidence::{Evidence, Fact, Stamp, StatusMessage};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::tree::{diagnose, diagnose_inputs, FindingsJson};
use std::fmt::Write as _;
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

/// The generated distmgr.log of `benches/parse.rs` (same lines, same order;
/// `tests/bench/page/distmgr-log.mjs` writes the same text in the browser).
fn distmgr_log(size: usize) -> String {
    let mut log = String::with_capacity(size + 4096);
    let ids = [(2300, 'I'), (2328, 'E'), (2302, 'E'), (2339, 'I')];
    let mut n: u64 = 0;
    while log.len() < size {
        let (ms, sec, min, pkg) = (n % 1000, (n / 1000) % 60, (n / 60_000) % 60, n % 97);
        let trailer = format!(
            "$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:{min:02}:{sec:02}.{ms:03} 2004 Pacific Daylight Time><thread=1288 (0x508)>"
        );
        let _ = if n.is_multiple_of(2) {
            let (id, sev) = ids[(n / 2 % 4) as usize];
            write!(
                log,
                "STATMSG: ID={id} SEV={sev} LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:{min:02}:{sec:02}.{ms:03} 2004 ISTR0=\"CEN{pkg:05}\" ISTR1=\"PR{}\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=\"CEN{pkg:05}\"  {trailer}\r\n",
                n % 7
            )
        } else if n.is_multiple_of(3) {
            write!(
                log,
                "Used 0 out of 3 allowed processing threads.  {trailer}\r\n"
            )
        } else {
            write!(
                log,
                "Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN{pkg:05}.PKG.  {trailer}\r\n"
            )
        };
        n += 1;
    }
    log
}

fn bench_large(c: &mut Criterion) {
    let kb = Kb::embedded();
    let log = distmgr_log(100 * 1024 * 1024);
    let inputs = [("distmgr.log", log.as_bytes())];
    let mut group = c.benchmark_group("diagnose_100mib");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(log.len() as u64));
    group.bench_function("diagnose_inputs", |b| {
        b.iter_with_large_drop(|| diagnose_inputs(black_box(&inputs), kb))
    });
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
