//! Reading an input without freezing the page, with a progress bar and a
//! cancel button: the engine reads the file in steps
//! ([`kbwiz_engine::steps`]), decoding, scanning and matching the articles'
//! lines a chunk at a time, and the page gives the browser a turn between
//! chunks, on the site, in the offline file and in the widget alike.
//!
//! Why not a web worker: the page needs every fact the scan makes (the
//! wizard, the timeline and the log view read them), and handing a large
//! scan's facts back from a worker as JSON made a 100 MiB log 3.4 times
//! slower to diagnose than reading it here, with no shorter stalls
//! (`tests/bench/file-to-verdict.mjs`; figures in `docs/performance.md`).
//!
//! Limits (also in the README and shown in the inputs view): inputs above
//! [`MAX_BYTES`] are refused with a message. How much is kept across a
//! reload is the storage's limit ([`crate::storage::KEEP_TEXT_BYTES`]).

use crate::state::Input;
use kbwiz_engine::kb::Kb;
use kbwiz_engine::steps::{self, Turn};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Above this, the input is refused.
pub const MAX_BYTES: usize = 512 * 1024 * 1024;
/// Text scanned between two yields to the browser: about 10 ms of work.
const CHUNK: usize = 1024 * 1024;

/// Why an input was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    TooLarge {
        name: String,
        bytes: usize,
    },
    Cancelled {
        name: String,
    },
    /// The browser could not read the file.
    Failed {
        name: String,
        reason: String,
    },
}

impl std::fmt::Display for IngestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IngestError::TooLarge { name, bytes } => write!(
                f,
                "{name} is {} MB; kbwiz reads inputs up to {} MB. Paste the part around the failures instead.",
                bytes / (1024 * 1024),
                MAX_BYTES / (1024 * 1024)
            ),
            IngestError::Cancelled { name } => write!(f, "reading {name} was cancelled; nothing of it was kept"),
            IngestError::Failed { name, reason } => write!(f, "reading {name} failed ({reason}); nothing of it was kept"),
        }
    }
}

/// Progress of one read, for the progress bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub name: String,
    pub done: usize,
    pub total: usize,
}

/// Bytes of a file read into wasm memory at a time: each slice is one short
/// task (the browser reads it off the main thread; copying it in is a
/// memcpy), where reading a file whole copied all of it in one task.
const READ_SLICE: usize = 4 * 1024 * 1024;

/// A dropped or picked file's bytes, read a slice at a time with a yield to
/// the browser after each, stopping when `cancel` is set.
pub async fn read_file(file: &web_sys::File, cancel: &Cell<bool>) -> Result<Vec<u8>, IngestError> {
    let name = file.name();
    let total = file.size() as usize;
    let failed = |what: JsValue| IngestError::Failed {
        name: name.clone(),
        reason: what
            .as_string()
            .or_else(|| what.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
            .unwrap_or_else(|| "the browser could not read it".to_string()),
    };
    let mut bytes = Vec::with_capacity(total);
    while bytes.len() < total {
        if cancel.get() {
            return Err(IngestError::Cancelled { name });
        }
        let start = bytes.len();
        let end = total.min(start + READ_SLICE);
        let slice = file
            .slice_with_f64_and_f64(start as f64, end as f64)
            .map_err(failed)?;
        let buffer = wasm_bindgen_futures::JsFuture::from(slice.array_buffer())
            .await
            .map_err(failed)?;
        let array = js_sys::Uint8Array::new(&buffer);
        let len = array.length() as usize;
        if len == 0 {
            break; // the file shrank while it was read: keep what was there
        }
        bytes.resize(start + len, 0);
        array.copy_to(&mut bytes[start..start + len]);
    }
    Ok(bytes)
}

/// Read `bytes` as input `name`, reporting progress and checking `cancel`
/// between chunks.
pub async fn ingest(
    name: String,
    bytes: Vec<u8>,
    progress: impl Fn(Progress),
    cancel: Rc<Cell<bool>>,
    kb: Rc<Kb>,
) -> Result<Input, IngestError> {
    let raw_len = bytes.len();
    if raw_len > MAX_BYTES {
        return Err(IngestError::TooLarge {
            name,
            bytes: raw_len,
        });
    }
    // The bar and its Cancel button show at once.
    progress(Progress {
        name: name.clone(),
        done: 0,
        total: raw_len,
    });
    read_here(name, bytes, progress, cancel, kb).await
}

/// Decode and scan a chunk at a time with the engine's stepwise reader
/// ([`kbwiz_engine::steps::read_input`]), giving the browser a turn between
/// chunks: it paints the bar and handles Cancel there.
async fn read_here(
    name: String,
    bytes: Vec<u8>,
    progress: impl Fn(Progress),
    cancel: Rc<Cell<bool>>,
    kb: Rc<Kb>,
) -> Result<Input, IngestError> {
    let raw_len = bytes.len();
    let turn = |at: steps::Progress| {
        progress(Progress {
            name: name.clone(),
            done: input_bytes_done(at.done, at.total, raw_len),
            total: raw_len,
        });
        let cancel = Rc::clone(&cancel);
        async move {
            crate::turn::give_turn().await;
            if cancel.get() {
                Turn::Stop
            } else {
                Turn::Go
            }
        }
    };
    let read = steps::read_input(&name, &bytes, &kb, CHUNK, turn).await;
    drop(bytes);
    match read {
        Some(read) => Ok(Input::from_read(0, &name, read)),
        None => Err(IngestError::Cancelled { name }),
    }
}

/// Progress in the unit the page's bar starts in, the input's bytes: `done`
/// of `total` decoded bytes scaled to `raw_len` (decoded text can be half
/// the bytes of a UTF-16 file), so the bar never jumps back.
fn input_bytes_done(done: usize, total: usize, raw_len: usize) -> usize {
    if total == 0 {
        return 0;
    }
    let share = (done as f64 / total as f64).min(1.0);
    (share * raw_len as f64) as usize
}
