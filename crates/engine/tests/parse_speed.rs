//! A one-shot timing of the parser in a fresh process (no heap left
//! fragmented by earlier iterations, as in a real `kbwiz scan`). Ignored by
//! default; it reads the log the parse bench writes:
//!
//! ```sh
//! KBWIZ_PARSE_BENCH_FILE=/tmp/distmgr-100m.log cargo bench -p kbwiz-engine --bench parse
//! KBWIZ_PARSE_BENCH_FILE=/tmp/distmgr-100m.log cargo test -p kbwiz-engine --profile bench \
//!     --test parse_speed -- --ignored --nocapture
//! ```

use std::time::Instant;

#[test]
#[ignore = "timing; needs KBWIZ_PARSE_BENCH_FILE and an optimised build"]
fn one_shot_parse_speed() {
    let Ok(path) = std::env::var("KBWIZ_PARSE_BENCH_FILE") else {
        eprintln!("KBWIZ_PARSE_BENCH_FILE not set; nothing timed");
        return;
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let start = Instant::now();
    let parsed = kbwiz_engine::parse::parse_input("distmgr.log", &bytes);
    let secs = start.elapsed().as_secs_f64();
    let mb = bytes.len() as f64 / 1e6;
    eprintln!(
        "{mb:.1} MB, {} entries, {} facts: {secs:.3} s, {:.0} MB/s",
        parsed.report.entries,
        parsed.evidence.len(),
        mb / secs
    );
}
