//! Reading an input without freezing the page, with a progress bar and a
//! cancel button.
//!
//! An input of [`WORKER_MIN_BYTES`] or more is parsed off the main thread, in
//! the `kbwiz-worker` web worker (`src/worker/`), when the page names one
//! (`<meta name="kbwiz-worker" content="URL">`: the site does; the offline
//! file and the widget do not, and use the path below). Smaller inputs, and
//! any input when no worker can start, are decoded here and fed to the
//! engine's [`Scanner`] in chunks, yielding to the browser between chunks.
//!
//! Limits (also in the README and shown in the inputs view): inputs above
//! [`MAX_BYTES`] are refused with a message. How much is kept across a
//! reload is the storage's limit ([`crate::storage::KEEP_TEXT_BYTES`]).

#[path = "worker/client.rs"]
mod client;
// Shared with the worker binary; each side uses its half.
#[allow(dead_code)]
#[path = "worker/protocol.rs"]
mod protocol;

use crate::state::Input;
use kbwiz_engine::parse::decode;
use protocol::{input_bytes_done, ChunkedScan};
use std::cell::Cell;
use std::rc::Rc;

/// Above this, the input is refused.
pub const MAX_BYTES: usize = 512 * 1024 * 1024;
/// From this size on, an input is parsed in the worker when there is one.
/// Below it the input is at most one scanner chunk: one short task on the
/// main thread (about 10 ms), cheaper than starting a worker (fetching and
/// compiling its wasm) and moving the result across.
pub const WORKER_MIN_BYTES: usize = protocol::CHUNK;
/// The page's meta naming the worker script.
const WORKER_META: &str = "meta[name=kbwiz-worker]";

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
    /// The worker stopped or sent something unreadable.
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

/// The worker script the page names, if any.
fn worker_url() -> Option<String> {
    web_sys::window()?
        .document()?
        .query_selector(WORKER_META)
        .ok()??
        .get_attribute("content")
        .filter(|url| !url.is_empty())
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
    // The bar and its Cancel button show at once, while a worker starts.
    progress(Progress {
        name: name.clone(),
        done: 0,
        total: raw_len,
    });
    let worker = if raw_len >= WORKER_MIN_BYTES {
        worker_url()
    } else {
        None
    };
    let bytes = match worker {
        Some(url) => match client::ingest(&url, name.clone(), bytes, &progress, &cancel).await {
            client::Outcome::Done(result) => return result,
            client::Outcome::Unavailable(bytes) => bytes,
        },
        _ => bytes,
    };
    read_here(name, bytes, progress, cancel).await
}

/// The main-thread path: decode, then scan in chunks with a yield after each.
async fn read_here(
    name: String,
    bytes: Vec<u8>,
    progress: impl Fn(Progress),
    cancel: Rc<Cell<bool>>,
) -> Result<Input, IngestError> {
    let raw_len = bytes.len();
    let text: Rc<str> = Rc::from(decode(&bytes).as_ref());
    drop(bytes);
    let mut scan = ChunkedScan::new(&name, &text, raw_len);
    let total = scan.total();
    loop {
        if cancel.get() {
            return Err(IngestError::Cancelled { name });
        }
        let Some(done) = scan.step() else { break };
        progress(Progress {
            name: name.clone(),
            done: input_bytes_done(done, total, raw_len),
            total: raw_len,
        });
        if done < total {
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
    }
    let parsed = scan.finish();
    Ok(Input::from_parsed(0, &name, text, parsed))
}
