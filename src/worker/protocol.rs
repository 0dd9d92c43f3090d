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
//!   many short tasks instead of one long one;
//! - `text` `{ bytes }`: the decoded text as UTF-8, its buffer transferred;
//! - `done`, or `failed` `{ message }`.

use serde::de::DeserializeOwned;
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

/// The end of the chunk of `text` starting at `pos`: `pos + CHUNK` moved
/// forward to a char boundary, at most `text.len()`.
pub fn chunk_end(text: &str, pos: usize) -> usize {
    let mut end = pos.saturating_add(CHUNK).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    end
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

/// One batch back into items.
pub fn read_batch<T: DeserializeOwned>(json: &str) -> Result<Vec<T>, serde_json::Error> {
    serde_json::from_str(json)
}

// Native only: the samples are read from disk.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use kbwiz_engine::evidence::{Entry, Evidence, InputReport};
    use kbwiz_engine::parse::parse_input;

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
        assert_eq!(files.len(), 15, "test data: {files:?}");
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
    fn chunks_end_on_char_boundaries() {
        let text = format!("{}é{}", "a".repeat(CHUNK - 1), "b".repeat(10));
        assert_eq!(chunk_end(&text, 0), CHUNK + 1);
        assert_eq!(chunk_end(&text, CHUNK + 1), text.len());
        assert_eq!(chunk_end("", 0), 0);
    }
}
