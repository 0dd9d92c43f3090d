//! Timings of the KB code, printed, not asserted (run with
//! `cargo test --release -p kbwiz-engine --test kb_timing -- --ignored --nocapture`).

use kbwiz_engine::evidence::{enrich, Evidence, Fact, StatusMessage};
use kbwiz_engine::kb::{Article, Kb};
use std::time::Instant;

#[test]
#[ignore = "timing; run by hand"]
fn timings() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../kb/Q319207");
    let runs = 200;
    let start = Instant::now();
    for _ in 0..runs {
        let a = Article::load_dir(dir).expect("loads");
        std::hint::black_box(a);
    }
    println!(
        "load+validate Q319207 from disk: {:.1} us/article",
        start.elapsed().as_secs_f64() * 1e6 / runs as f64
    );

    let kb = Kb::embedded();
    let n = 100_000;
    let mut evidence: Vec<Evidence> = (0..n)
        .map(|i| Evidence {
            input: "x".into(),
            line: i + 1,
            text: String::new(),
            fact: Fact::StatusMessage(StatusMessage {
                id: [2328, 2302, 2339][i % 3],
                description: Some(match i % 3 {
                    0 => format!("SMS Distribution Manager failed to copy package LAB{i:05} from \\\\SRC\\Apps\\P{i} to \\\\DP01\\SMSPKGC$\\LAB{i:05}\\."),
                    1 => format!("SMS Distribution Manager failed to process package Package {i} (package ID = LAB{i:05})."),
                    _ => format!("SMS Distribution Manager instructed SMS Scheduler and Sender to send the package information for package LAB{i:05} to child site S{:02}.", i % 50),
                }),
                ..StatusMessage::default()
            }),
        })
        .collect();
    let start = Instant::now();
    enrich(&mut evidence, kb);
    let secs = start.elapsed().as_secs_f64();
    let filled = evidence
        .iter()
        .filter(|e| matches!(&e.fact, Fact::StatusMessage(m) if m.package_id.is_some()))
        .count();
    println!(
        "enrich from descriptions: {n} messages in {:.1} ms ({:.0} messages/s), {filled} filled",
        secs * 1e3,
        n as f64 / secs
    );
    assert_eq!(filled, n);
}
