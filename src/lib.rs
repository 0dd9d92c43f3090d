//! kbwiz-web: the yew wizard over kbwiz-engine. A library so that components
//! can be tested in a real browser with wasm-bindgen-test; `main.rs` mounts it.

pub mod app;
pub mod components;
pub mod download;
pub mod embed;
pub mod ingest;
pub mod js_api;
pub mod markup;
pub mod panic;
pub mod read;
pub mod route;
pub mod shared;
pub mod state;
pub mod storage;
pub mod views;
pub mod widget;
