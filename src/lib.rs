//! kbwiz-web: the yew wizard over kbwiz-engine. A library so that components
//! can be tested in a real browser with wasm-bindgen-test; `main.rs` mounts it.

pub mod app;
pub mod components;
pub mod context;
pub mod derive;
pub mod download;
pub mod embed;
pub mod ingest;
#[cfg(feature = "js-api")]
pub mod js_api;
pub mod library;
pub mod markup;
pub mod panic;
pub mod read;
pub mod route;
pub mod shared;
pub mod start;
pub mod state;
pub mod storage;
pub mod turn;
pub mod views;
#[cfg(feature = "js-api")]
pub mod widget;

/// The wasm's allocator: talc, made for WebAssembly, is smaller than the
/// standard library's dlmalloc (3.4 KB less of the first view after gzip)
/// and grows the memory the same way.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
