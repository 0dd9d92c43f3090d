//! What the page and the parsing worker say to each other, shared by both
//! sides (the app includes this file from `src/ingest.rs`, the worker binary
//! from `src/bin/kbwiz-worker.rs`), so the message names and the batch format
//! cannot drift apart. No browser types here: it builds and is tested natively.
//!
//! The page sends one message, `{ name, bytes }` (the raw input, its buffer
//! transferred, not copied). The worker answers with messages `{ kind, ... }`:
//!
//! - `ready` once its wasm is running (a worker drops messages posted before);
//! - `progress` `{ done, total }` after each chunk fed to the scanner;
//! - `report` `{ json }`: the input's report;
//! - `evidence` / `entries` `{ json }`: a JSON array of up to [`BATCH_BYTES`]
//!   of evidence or log entries, so that the page deserialises the result in
//!   many short tasks instead of one long one (the page reads them with
//!   `src/read/evidence.rs`, without serde's derived deserializers);
//! - `text` `{ bytes }`: the decoded text as UTF-8, its buffer transferred;
//! - `done`, or `failed` `{ message }`.

use kbwiz_engine::parse::{chunk_end, ParsedInput, Scanner};
use serde::Serialize;

pub const READY: &str = "ready";
pub const PROGRESS: &str = "progress";
pub const REPORT: &str = "report";
pub const EVIDENCE: &str = "evidence";
pub const ENTRIES: &str = "entries";
pub const TEXT: &str = "text";
pub const DONE: &str = "done";
pub const FAILED: &str = "failed";

/// Decoded text fed to the scanner between two progress reports (and, on
/// the page's fallback path, between two yields to the browser).
pub const CHUNK: usize = 1024 * 1024;

/// JSON text per batch message: a few milliseconds to deserialise.
pub const BATCH_BYTES: usize = 256 * 1024;

/// An input's decoded text fed to the engine's scanner one [`CHUNK`] at a
/// time: the same steps in the worker and on the page's fallback path, which
/// differ only in what they do between two chunks.
pub struct ChunkedScan<'a> {
    text: &'a str,
    pos: usize,
    scanner: Scanner,
}

impl<'a> ChunkedScan<'a> {
    /// A scan of `text`, decoded from `raw_len` bytes of input `name`.
    pub fn new(name: &str, text: &'a str, raw_len: usize) -> Self {
        let mut scanner = Scanner::new(name, text.len());
        scanner.set_input_bytes(raw_len);
        ChunkedScan {
            text,
            pos: 0,
            scanner,
        }
    }

    /// Read the next chunk: the decoded bytes read so far, or `None` once
    /// the whole text is read.
    pub fn step(&mut self) -> Option<usize> {
        if self.pos >= self.text.len() {
            return None;
        }
        let end = chunk_end(self.text, self.pos, CHUNK);
        self.scanner.feed(&self.text[self.pos..end]);
        self.pos = end;
        Some(end)
    }

    /// The decoded text's length: where [`ChunkedScan::step`] ends.
    pub fn total(&self) -> usize {
        self.text.len()
    }

    pub fn finish(self) -> ParsedInput {
        self.scanner.finish()
    }
}

/// Progress in the unit the page's bar starts in, the input's bytes: `done`
/// of `total` decoded bytes scaled to `raw_len` (decoded text can be half
/// the bytes of a UTF-16 file), so the bar never jumps back.
pub fn input_bytes_done(done: usize, total: usize, raw_len: usize) -> usize {
    if total == 0 {
        return 0;
    }
    let share = (done as f64 / total as f64).min(1.0);
    (share * raw_len as f64) as usize
}

/// Serialise `items` as JSON arrays of about `max` bytes each (at least one
/// item per array), handing each array to `send`.
pub fn json_batches<T: Serialize>(
    items: &[T],
    max: usize,
    mut send: impl FnMut(String),
) -> Result<(), serde_json::Error> {
    let mut batch = String::from("[");
    for item in items {
        if batch.len() > 1 {
            batch.push(',');
        }
        batch.push_str(&serde_json::to_string(item)?);
        if batch.len() >= max {
            batch.push(']');
            send(std::mem::replace(&mut batch, String::from("[")));
        }
    }
    if batch.len() > 1 {
        batch.push(']');
        send(batch);
    }
    Ok(())
}

// Native only: the samples are read from disk.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use kbwiz_engine::evidence::{Entry, Evidence, InputReport};
    use kbwiz_engine::parse::parse_input;
    use serde::de::DeserializeOwned;

    /// One batch back into items, by serde (the page reads them with
    /// `crate::read::evidence`, tested against this).
    fn read_batch<T: DeserializeOwned>(json: &str) -> Result<Vec<T>, serde_json::Error> {
        serde_json::from_str(json)
    }

    fn data(name: &str) -> Vec<u8> {
        let path = format!("{}/tests/data/parse/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    fn round_trip<T: Serialize + DeserializeOwned>(items: &[T], max: usize) -> (Vec<T>, usize) {
        let mut batches = Vec::new();
        json_batches(items, max, |b| batches.push(b)).expect("serialised");
        let count = batches.len();
        let back = batches
            .iter()
            .flat_map(|b| read_batch::<T>(b).expect("deserialised"))
            .collect();
        (back, count)
    }

    #[test]
    fn a_parsed_input_survives_the_batches_unchanged() {
        let mut files: Vec<_> =
            std::fs::read_dir(format!("{}/tests/data/parse", env!("CARGO_MANIFEST_DIR")))
                .expect("tests/data/parse")
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file() && e.file_name() != "README.md")
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
        files.sort();
        assert_eq!(files.len(), 16, "test data: {files:?}");
        for name in files {
            let parsed = parse_input(&name, &data(&name));
            let (evidence, _) = round_trip::<Evidence>(&parsed.evidence, 300);
            assert_eq!(evidence, parsed.evidence, "{name}: evidence");
            let (entries, _) = round_trip::<Entry>(&parsed.entries, 300);
            assert_eq!(entries, parsed.entries, "{name}: entries");
            let report: InputReport =
                serde_json::from_str(&serde_json::to_string(&parsed.report).expect("report"))
                    .expect("report back");
            assert_eq!(report, parsed.report, "{name}: report");
        }
    }

    #[test]
    fn batches_close_at_the_size_limit_and_keep_every_item() {
        let items: Vec<u32> = (0..10).collect();
        let mut batches = Vec::new();
        json_batches(&items, 6, |b| batches.push(b)).expect("serialised");
        assert_eq!(batches, ["[0,1,2]", "[3,4,5]", "[6,7,8]", "[9]"]);
        let mut none = Vec::new();
        json_batches::<u32>(&[], 6, |b| none.push(b)).expect("serialised");
        assert!(none.is_empty());
        let (back, count) = round_trip(&items, 1);
        assert_eq!((back, count), (items, 10));
    }

    #[test]
    fn a_chunked_scan_reads_like_a_whole_one() {
        // A log of about 2.5 chunks, so that chunk ends fall inside lines.
        let line = "Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:23:16.472 2004 Pacific Daylight Time><thread=1 (0x1)>\r\n";
        let text = line.repeat(CHUNK * 5 / 2 / line.len());
        let mut scan = ChunkedScan::new("distmgr.log", &text, text.len() + 3);
        let mut steps = Vec::new();
        while let Some(done) = scan.step() {
            steps.push(done);
        }
        assert_eq!(steps, [CHUNK, 2 * CHUNK, text.len()]);
        let chunked = scan.finish();
        let mut whole = Scanner::new("distmgr.log", text.len());
        whole.set_input_bytes(text.len() + 3);
        whole.feed(&text);
        assert_eq!(chunked, whole.finish());
    }

    #[test]
    fn progress_is_scaled_to_the_input_bytes() {
        assert_eq!(input_bytes_done(0, 50, 100), 0);
        assert_eq!(input_bytes_done(25, 50, 100), 50);
        assert_eq!(input_bytes_done(50, 50, 102), 102);
        assert_eq!(input_bytes_done(60, 50, 100), 100);
        assert_eq!(input_bytes_done(1, 0, 100), 0);
    }

    #[test]
    fn chunks_end_on_char_boundaries() {
        let text = format!("{}é{}", "a".repeat(CHUNK - 1), "b".repeat(10));
        assert_eq!(chunk_end(&text, 0, CHUNK), CHUNK + 1);
        assert_eq!(chunk_end(&text, CHUNK + 1, CHUNK), text.len());
        assert_eq!(chunk_end("", 0, CHUNK), 0);
    }
}
