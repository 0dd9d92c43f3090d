//! Criterion benchmark of the evidence parsers on a generated ~100 MB SMS 2.0
//! distmgr.log in which half the lines are STATMSG lines (2300, 2328, 2302,
//! 2339 in turn), the rest ordinary Distribution Manager messages.
//!
//! `cargo bench -p kbwiz-engine --bench parse` reports throughput in bytes/s.
//! Set `KBWIZ_PARSE_BENCH_FILE=/path` to also write the generated log there,
//! to time `kbwiz scan` and `rg -c` on the very same bytes.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::fmt::Write as _;
use std::hint::black_box;

/// Target size of the generated log.
const SIZE: usize = 100 * 1024 * 1024;

/// A deterministic distmgr.log of about `size` bytes, CRLF line ends.
fn distmgr_log(size: usize) -> String {
    let mut log = String::with_capacity(size + 4096);
    let ids = [(2300, 'I'), (2328, 'E'), (2302, 'E'), (2339, 'I')];
    let mut n: u64 = 0;
    while log.len() < size {
        let ms = n % 1000;
        let sec = (n / 1000) % 60;
        let min = (n / 60_000) % 60;
        let pkg = n % 97;
        let trailer = format!(
            "$$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:{min:02}:{sec:02}.{ms:03} 2004 Pacific Daylight Time><thread=1288 (0x508)>"
        );
        if n.is_multiple_of(2) {
            let (id, sev) = ids[(n / 2 % 4) as usize];
            let _ = write!(
                log,
                "STATMSG: ID={id} SEV={sev} LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DISTRIBUTION_MANAGER\" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:{min:02}:{sec:02}.{ms:03} 2004 ISTR0=\"CEN{pkg:05}\" ISTR1=\"PR{}\" ISTR2=\"\" ISTR3=\"\" ISTR4=\"\" ISTR5=\"\" ISTR6=\"\" ISTR7=\"\" ISTR8=\"\" ISTR9=\"\" NUMATTRS=1 AID0=400 AVAL0=\"CEN{pkg:05}\"  {trailer}\r\n",
                n % 7
            );
        } else if n.is_multiple_of(3) {
            let _ = write!(
                log,
                "Used 0 out of 3 allowed processing threads.  {trailer}\r\n"
            );
        } else {
            let _ = write!(
                log,
                "Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN{pkg:05}.PKG.  {trailer}\r\n"
            );
        }
        n += 1;
    }
    log
}

fn bench(c: &mut Criterion) {
    let log = distmgr_log(SIZE);
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
