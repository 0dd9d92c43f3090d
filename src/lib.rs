//! kbwiz-web: the yew wizard over kbwiz-engine. A library so that components
//! can be tested in a real browser with wasm-bindgen-test; `main.rs` mounts it.

pub mod app;
pub mod embed;
pub mod components;
pub mod shared;
pub mod views;
