//! The parsing worker: a second, small wasm binary with the engine's parsers
//! and no UI, started by the page (`src/ingest.rs`) only when a large input
//! arrives, so it costs nothing on the first view. Its code lives in
//! `src/worker/` beside the message format it shares with the page.

// Shared with the page; each side uses its half.
#[cfg(target_arch = "wasm32")]
#[allow(dead_code)]
#[path = "../worker/protocol.rs"]
mod protocol;
#[cfg(target_arch = "wasm32")]
#[path = "../worker/serve.rs"]
mod serve;

fn main() {
    #[cfg(target_arch = "wasm32")]
    serve::start();
}
