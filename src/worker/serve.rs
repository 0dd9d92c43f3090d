//! The parsing worker's side (compiled into `src/bin/kbwiz-worker.rs`): wait
//! for `{ name, bytes }`, decode and scan the input with the engine, and send
//! the result back in the batches [`super::protocol`] describes. The worker
//! runs one parse and is then terminated by the page (which frees its memory);
//! cancelling is terminating it, so nothing here needs to yield.

use super::protocol::{self, json_batches, ChunkedScan, BATCH_BYTES};
use js_sys::{Array, Object, Reflect, Uint8Array};
use kbwiz_engine::parse::decode;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

/// Install the message handler and tell the page the worker is ready.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        if let Err(message) = parse(&replies, &e.data()) {
            // If even this post fails, the page sees the worker go quiet and
            // its error handler reports it.
            let _ = post(
                &replies,
                protocol::FAILED,
                &[("message", message.into())],
                None,
            );
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    let _ = post(&scope, protocol::READY, &[], None);
}

/// `{ kind, ...fields }`, posted with `transfer` moved rather than copied.
fn post(
    scope: &DedicatedWorkerGlobalScope,
    kind: &str,
    fields: &[(&str, JsValue)],
    transfer: Option<&JsValue>,
) -> Result<(), String> {
    let message = Object::new();
    let set = |k: &str, v: &JsValue| {
        Reflect::set(&message, &JsValue::from_str(k), v)
            .map(|_| ())
            .map_err(|e| format!("cannot build a message: {e:?}"))
    };
    set("kind", &JsValue::from_str(kind))?;
    for (k, v) in fields {
        set(k, v)?;
    }
    match transfer {
        Some(t) => scope.post_message_with_transfer(&message, &Array::of1(t)),
        None => scope.post_message(&message),
    }
    .map_err(|e| format!("cannot post a message: {e:?}"))
}

/// Parse the input in `data` and post everything back.
fn parse(scope: &DedicatedWorkerGlobalScope, data: &JsValue) -> Result<(), String> {
    let field = |k: &str| Reflect::get(data, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
    let name = field("name")
        .as_string()
        .ok_or("the message has no input name")?;
    let buffer = field("bytes");
    if !buffer.is_instance_of::<js_sys::ArrayBuffer>() {
        return Err("the message has no input bytes".into());
    }
    let bytes = Uint8Array::new(&buffer).to_vec();
    let raw_len = bytes.len();
    let text = decode(&bytes).into_owned();
    drop(bytes);

    let mut scan = ChunkedScan::new(&name, &text, raw_len);
    let total = scan.total();
    while let Some(done) = scan.step() {
        post(
            scope,
            protocol::PROGRESS,
            &[("done", done.into()), ("total", total.into())],
            None,
        )?;
    }
    let parsed = scan.finish();

    let report = serde_json::to_string(&parsed.report).map_err(unserialisable)?;
    post(scope, protocol::REPORT, &[("json", report.into())], None)?;
    send_batches(scope, protocol::EVIDENCE, &parsed.evidence)?;
    send_batches(scope, protocol::ENTRIES, &parsed.entries)?;
    drop(parsed);

    let out = Uint8Array::from(text.as_bytes());
    drop(text);
    let buffer = out.buffer();
    post(
        scope,
        protocol::TEXT,
        &[("bytes", buffer.clone().into())],
        Some(&buffer),
    )?;
    post(scope, protocol::DONE, &[], None)
}

fn unserialisable(e: serde_json::Error) -> String {
    format!("cannot serialise the result: {e}")
}

/// Post `items` as `kind` messages of JSON batches.
fn send_batches<T: serde::Serialize>(
    scope: &DedicatedWorkerGlobalScope,
    kind: &str,
    items: &[T],
) -> Result<(), String> {
    let mut sent = Ok(());
    json_batches(items, BATCH_BYTES, |batch| {
        if sent.is_ok() {
            sent = post(scope, kind, &[("json", batch.into())], None);
        }
    })
    .map_err(unserialisable)?;
    sent
}
