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
use kbwiz_engine::steps::{self, Piece, Turn};
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

/// Read a dropped or picked file as input `name`, as the browser streams
/// its bytes (`Blob.stream()`): each piece is scanned as it comes (plain
/// ASCII at once; see [`steps::read_pieces`]), so reading the file and
/// scanning it overlap, and a log of plain ASCII is held once, as its
/// text. Reading 4 MiB slices one after another took twice a stream's time
/// for a 100 MB file, each slice a round trip to the browser's file store
/// (`docs/performance.md`).
pub async fn ingest_file(
    name: String,
    file: &web_sys::File,
    progress: impl Fn(Progress),
    cancel: Rc<Cell<bool>>,
    kb: Rc<Kb>,
) -> Result<Input, IngestError> {
    let size = file.size() as usize;
    if size > MAX_BYTES {
        return Err(IngestError::TooLarge { name, bytes: size });
    }
    progress(Progress {
        name: name.clone(),
        done: 0,
        total: size,
    });
    let reader: web_sys::ReadableStreamDefaultReader = file.stream().get_reader().unchecked_into();
    let failure: Rc<std::cell::RefCell<Option<String>>> = Rc::default();
    let next = || {
        let (reader, cancel, failure) = (reader.clone(), Rc::clone(&cancel), Rc::clone(&failure));
        async move {
            if cancel.get() {
                // Nothing waits on the cancelled stream.
                let _ = reader.cancel();
                return Piece::Stop;
            }
            match wasm_bindgen_futures::JsFuture::from(reader.read()).await {
                Ok(result) => {
                    let result: web_sys::ReadableStreamReadResult = result.unchecked_into();
                    if result.get_done().unwrap_or(true) {
                        return Piece::End;
                    }
                    let value = result.get_value();
                    match value.dyn_ref::<js_sys::Uint8Array>() {
                        Some(bytes) => Piece::Bytes(bytes.to_vec().into()),
                        None => {
                            *failure.borrow_mut() = Some("the browser gave no bytes".to_string());
                            Piece::Stop
                        }
                    }
                }
                Err(what) => {
                    *failure.borrow_mut() = Some(reason(&what));
                    Piece::Stop
                }
            }
        }
    };
    let read = steps::read_pieces(
        &name,
        size,
        &kb,
        CHUNK,
        next,
        turns(&name, size, progress, &cancel),
    )
    .await;
    match read {
        Some(read) => Ok(Input::from_read(0, &name, read)),
        None => match failure.take() {
            Some(reason) => Err(IngestError::Failed { name, reason }),
            None => Err(IngestError::Cancelled { name }),
        },
    }
}

/// In words, why the browser could not read a file.
fn reason(what: &JsValue) -> String {
    what.as_string()
        .or_else(|| what.dyn_ref::<js_sys::Error>().map(|e| e.message().into()))
        .unwrap_or_else(|| "the browser could not read it".to_string())
}

/// The turns of a stepwise read of input `name` of `raw_len` bytes: the
/// bar moved on (never back: a text decoded longer than its bytes would
/// move it back a little at the end), then a turn for the browser, which
/// paints the bar and handles Cancel there.
fn turns<'a>(
    name: &'a str,
    raw_len: usize,
    progress: impl Fn(Progress) + 'a,
    cancel: &'a Rc<Cell<bool>>,
) -> impl FnMut(steps::Progress) -> std::pin::Pin<Box<dyn std::future::Future<Output = Turn>>> + 'a
{
    let mut shown = 0;
    move |at: steps::Progress| {
        shown = shown.max(input_bytes_done(at.done, at.total, raw_len));
        progress(Progress {
            name: name.to_string(),
            done: shown,
            total: raw_len,
        });
        let cancel = Rc::clone(cancel);
        Box::pin(async move {
            crate::turn::give_turn().await;
            if cancel.get() {
                Turn::Stop
            } else {
                Turn::Go
            }
        })
    }
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
    let turn = turns(&name, raw_len, progress, &cancel);
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
