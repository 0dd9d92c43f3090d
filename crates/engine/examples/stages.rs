// scratch (not committed)
use std::rc::Rc;
use std::time::Instant;
fn main() {
    let kb = kbwiz_engine::kb::Kb::embedded();
    let mut log = std::fs::read_to_string("tests/data/scenarios/full-fault/distmgr.log").unwrap();
    log.push_str(&kbwiz_engine::sample::distmgr_log(100 << 20));
    let t = Instant::now();
    let read = kbwiz_engine::steps::run_ready(kbwiz_engine::steps::read_input(
        "distmgr.log",
        log.as_bytes(),
        kb,
        1 << 20,
        |_| std::future::ready(kbwiz_engine::steps::Turn::Go),
    ))
    .unwrap();
    println!("read {:?} ev {}", t.elapsed(), read.evidence.len());
    let ev = Rc::new(read.evidence);
    let t = Instant::now();
    let mut d = kbwiz_engine::tree::Diagnosing::new(&ev, kb);
    println!("index {:?}", t.elapsed());
    let mut i = 0;
    loop {
        let t = Instant::now();
        if !d.step() {
            break;
        };
        let e = t.elapsed();
        if e.as_micros() > 2000 {
            println!("  {} {:?}", kb.articles()[i].id(), e);
        }
        i += 1;
    }
    let mut f = d.findings();
    let t = Instant::now();
    kbwiz_engine::api::rank_by_product(
        &mut f,
        &[(&read.report, read.entries.as_slice(), ev.as_slice())],
        kb,
    );
    println!("rank_by_product {:?}", t.elapsed());
    let t = Instant::now();
    let text: Rc<str> = Rc::from(log.clone());
    println!("rc text {:?} {}", t.elapsed(), text.len());
    let t = Instant::now();
    let mut s = kbwiz_engine::tree::Session::new(&f[0].article, Rc::clone(&ev));
    let _ = s.position(kb);
    println!("session position {:?} ({})", t.elapsed(), f[0].article);
    let t = Instant::now();
    let _ = kbwiz_engine::summary::session_finding(&s, kb, &f[0]);
    println!("session_finding {:?}", t.elapsed());
    let t = Instant::now();
    let _ = s.advance(kb);
    println!("advance {:?}", t.elapsed());
}
