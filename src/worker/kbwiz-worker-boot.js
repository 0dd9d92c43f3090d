// kbwiz-worker-boot.js: the parsing worker's entry script. The page starts it
// (`new Worker`) only when a large input arrives; it loads the worker's
// wasm-bindgen glue (a no-modules bundle Trunk builds from
// src/bin/kbwiz-worker.rs) and its wasm from beside itself. The Rust side
// posts { kind: 'ready' } once it listens; a failure to load is posted as
// { kind: 'failed' } so the page reads the input itself instead.
importScripts('./kbwiz-worker.js');
wasm_bindgen({ module_or_path: './kbwiz-worker_bg.wasm' })
  .catch((e) => postMessage({ kind: 'failed', message: String(e) }));
