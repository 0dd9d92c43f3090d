//! Reading an input without freezing the page: the text is decoded once, then
//! fed to the engine's [`Scanner`] in chunks, yielding to the browser between
//! chunks so the progress bar moves and the cancel button works.
//!
//! Limits (also in the README and shown in the inputs view): inputs above
//! [`WARN_BYTES`] are read with a warning that the page may be slow to save
//! them; inputs above [`MAX_BYTES`] are refused with a message.

use crate::state::Input;
use kbwiz_engine::parse::{decode, Scanner};
use std::cell::Cell;
use std::rc::Rc;

/// Above this, the admin is warned (and the input is not kept across reloads).
pub const WARN_BYTES: usize = 64 * 1024 * 1024;
/// Above this, the input is refused.
pub const MAX_BYTES: usize = 512 * 1024 * 1024;
/// Text fed to the scanner between two yields (a few milliseconds of work).
const CHUNK: usize = 1024 * 1024;

/// Why an input was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestError {
    TooLarge { name: String, bytes: usize },
    Cancelled { name: String },
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

/// Read `bytes` as input `name`, reporting progress and checking `cancel`
/// between chunks.
pub async fn ingest(
    name: String,
    bytes: Vec<u8>,
    progress: impl Fn(Progress),
    cancel: Rc<Cell<bool>>,
) -> Result<Input, IngestError> {
    let raw_len = bytes.len();
    if raw_len > MAX_BYTES {
        return Err(IngestError::TooLarge {
            name,
            bytes: raw_len,
        });
    }
    let text: Rc<str> = Rc::from(decode(&bytes).as_ref());
    drop(bytes);
    let total = text.len();
    let mut scanner = Scanner::new(&name, total);
    scanner.set_input_bytes(raw_len);
    let mut pos = 0;
    while pos < total {
        if cancel.get() {
            return Err(IngestError::Cancelled { name });
        }
        let mut end = (pos + CHUNK).min(total);
        while !text.is_char_boundary(end) {
            end += 1;
        }
        scanner.feed(&text[pos..end]);
        pos = end;
        progress(Progress {
            name: name.clone(),
            done: pos,
            total,
        });
        if pos < total {
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
    }
    Ok(Input::from_parsed(0, &name, text, scanner.finish()))
}
