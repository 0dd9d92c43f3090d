//! The page's side of the parsing worker (compiled into `src/ingest.rs`):
//! start `kbwiz-worker`, hand it the input's bytes, follow its progress, and
//! rebuild the parsed input from its batches without ever holding the main
//! thread for long: every step (copying bytes out, deserialising a batch,
//! copying the text back in) runs in slices of at most [`SLICE_MS`] between
//! yields to the browser. Cancelling, like finishing or failing, terminates
//! the worker (dropping the [`Channel`] does it).

use super::protocol::{self, input_bytes_done};
use super::{IngestError, Progress};
use crate::read::evidence as read;
use crate::state::Input;
use js_sys::{Array, Object, Reflect, Uint8Array};
use kbwiz_engine::evidence::{Entry, Evidence, InputReport};
use kbwiz_engine::parse::{ParsedInput, Sharer};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ErrorEvent, Event, MessageEvent, Worker};

/// Longest stretch of main-thread work between two yields to the browser.
const SLICE_MS: f64 = 8.0;
/// How often a wait for the worker looks at the cancel flag.
const POLL_MS: i32 = 50;
/// Bytes copied per step (into the worker's buffer, and the text back).
const COPY_BYTES: usize = 2 * 1024 * 1024;
/// How long a started worker may take to say it is ready before the page
/// reads the input itself (a worker that loads but never runs would
/// otherwise leave the read waiting until the admin cancels it).
const READY_MS: u32 = 10_000;

/// What the worker path did.
// One per read, returned at once: boxing the input would gain nothing.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// The worker read the input, or the read was cancelled or failed.
    Done(Result<Input, IngestError>),
    /// No worker could start: the bytes come back for the main-thread path.
    Unavailable(Vec<u8>),
}

/// Something the worker said, or its error event.
enum Msg {
    Data(JsValue),
    Error(String),
}

/// Messages not handled yet, and the waiting reader's wake-up call.
#[derive(Default)]
struct Inbox {
    queue: VecDeque<Msg>,
    wake: Option<js_sys::Function>,
}

impl Inbox {
    fn push(&mut self, msg: Msg) {
        self.queue.push_back(msg);
        if let Some(wake) = self.wake.take() {
            // Resolving a promise cannot fail in a way worth reporting.
            let _ = wake.call0(&JsValue::NULL);
        }
    }
}

/// A running worker and its handlers; dropping it terminates the worker.
struct Channel {
    worker: Worker,
    inbox: Rc<RefCell<Inbox>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(Event)>,
    _on_message_error: Closure<dyn FnMut(MessageEvent)>,
}

impl Channel {
    fn start(url: &str) -> Option<Channel> {
        let worker = Worker::new(url).ok()?;
        let inbox = Rc::new(RefCell::new(Inbox::default()));
        let on_message = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                inbox.borrow_mut().push(Msg::Data(e.data()))
            })
        };
        let on_error = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(Event)>::new(move |e: Event| {
                // Handled here: the page falls back or says what went wrong.
                e.prevent_default();
                let message = e
                    .dyn_ref::<ErrorEvent>()
                    .map(|e| e.message())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "the worker could not be started".to_string());
                inbox.borrow_mut().push(Msg::Error(message))
            })
        };
        // A message that cannot be read on arrival is an error, not a wait.
        let on_message_error = {
            let inbox = inbox.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |_: MessageEvent| {
                inbox.borrow_mut().push(Msg::Error(
                    "a message from the worker could not be read".into(),
                ))
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        worker.set_onmessageerror(Some(on_message_error.as_ref().unchecked_ref()));
        Some(Channel {
            worker,
            inbox,
            _on_message: on_message,
            _on_error: on_error,
            _on_message_error: on_message_error,
        })
    }

    /// The next message; None as soon as `cancel` is set.
    async fn next(&self, cancel: &Cell<bool>) -> Option<Msg> {
        loop {
            if cancel.get() {
                return None;
            }
            if let Some(msg) = self.inbox.borrow_mut().queue.pop_front() {
                return Some(msg);
            }
            let inbox = self.inbox.clone();
            let wait = js_sys::Promise::new(&mut |resolve: js_sys::Function, _| {
                if let Some(window) = web_sys::window() {
                    // Without a timer the wait still ends on the next message.
                    let _ = window
                        .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, POLL_MS);
                }
                inbox.borrow_mut().wake = Some(resolve);
            });
            // The promise only ever resolves.
            let _ = wasm_bindgen_futures::JsFuture::from(wait).await;
        }
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.set_onmessageerror(None);
        self.worker.terminate();
    }
}

/// Work in slices: [`Clock::tick`] yields to the browser once a slice is used up.
struct Clock(f64);

impl Clock {
    fn new() -> Clock {
        Clock(js_sys::Date::now())
    }

    async fn tick(&mut self) {
        if js_sys::Date::now() - self.0 >= SLICE_MS {
            gloo::timers::future::TimeoutFuture::new(0).await;
            self.0 = js_sys::Date::now();
        }
    }
}

fn field(data: &JsValue, name: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

/// Read input `name` in the worker at `url`.
pub async fn ingest(
    url: &str,
    name: String,
    bytes: Vec<u8>,
    progress: &impl Fn(Progress),
    cancel: &Cell<bool>,
) -> Outcome {
    let Some(channel) = Channel::start(url) else {
        return Outcome::Unavailable(bytes);
    };
    // A worker drops what is posted before its wasm runs: wait for `ready`,
    // for at most READY_MS (the timer's message makes the wait fall back).
    let timeout = {
        let inbox = channel.inbox.clone();
        gloo::timers::callback::Timeout::new(READY_MS, move || {
            inbox
                .borrow_mut()
                .push(Msg::Error("the worker did not start in time".into()))
        })
    };
    let ready = channel.next(cancel).await;
    drop(timeout);
    match ready {
        None => return Outcome::Done(Err(IngestError::Cancelled { name })),
        Some(Msg::Data(d)) if field(&d, "kind").as_string().as_deref() == Some(protocol::READY) => {
        }
        Some(_) => return Outcome::Unavailable(bytes),
    }
    let mut reading = Reading {
        name,
        clock: Clock::new(),
        cancel,
        raw_len: bytes.len(),
        sharer: Sharer::default(),
    };
    Outcome::Done(reading.run(&channel, bytes, progress).await)
}

/// One read in the worker, after it said it is ready.
struct Reading<'a> {
    name: String,
    clock: Clock,
    cancel: &'a Cell<bool>,
    /// The input's size in bytes: the progress bar's unit from the start.
    raw_len: usize,
    /// Repeated strings arrive as one copy per line: shared again here.
    sharer: Sharer,
}

impl Reading<'_> {
    fn failed(&self, reason: impl Into<String>) -> IngestError {
        IngestError::Failed {
            name: self.name.clone(),
            reason: reason.into(),
        }
    }

    /// Yield if the slice is used up; stop if the read was cancelled.
    async fn step(&mut self) -> Result<(), IngestError> {
        self.clock.tick().await;
        if self.cancel.get() {
            return Err(IngestError::Cancelled {
                name: self.name.clone(),
            });
        }
        Ok(())
    }

    async fn run(
        &mut self,
        channel: &Channel,
        bytes: Vec<u8>,
        progress: &impl Fn(Progress),
    ) -> Result<Input, IngestError> {
        self.send(channel, bytes).await?;
        let mut report: Option<InputReport> = None;
        let mut evidence: Vec<Evidence> = Vec::new();
        let mut entries: Vec<Entry> = Vec::new();
        let mut text: Option<String> = None;
        loop {
            let data = match channel.next(self.cancel).await {
                None => {
                    return Err(IngestError::Cancelled {
                        name: self.name.clone(),
                    })
                }
                Some(Msg::Error(e)) => return Err(self.failed(e)),
                Some(Msg::Data(data)) => data,
            };
            let json = || field(&data, "json").as_string().unwrap_or_default();
            let bad = |e: String| self.failed(format!("unreadable result: {e}"));
            match field(&data, "kind")
                .as_string()
                .unwrap_or_default()
                .as_str()
            {
                protocol::PROGRESS => {
                    let number = |k| field(&data, k).as_f64().unwrap_or(0.0) as usize;
                    progress(Progress {
                        name: self.name.clone(),
                        done: input_bytes_done(number("done"), number("total"), self.raw_len),
                        total: self.raw_len,
                    });
                }
                protocol::REPORT => report = Some(read::report(&json()).map_err(bad)?),
                protocol::EVIDENCE => {
                    let mut batch = read::batch(&json(), read::evidence).map_err(bad)?;
                    batch.iter_mut().for_each(|e| self.sharer.evidence(e));
                    evidence.extend(batch);
                }
                protocol::ENTRIES => {
                    let mut batch = read::batch(&json(), read::entry).map_err(bad)?;
                    batch.iter_mut().for_each(|e| self.sharer.entry(e));
                    entries.extend(batch);
                }
                protocol::TEXT => text = Some(self.text(&field(&data, "bytes")).await?),
                protocol::DONE => break,
                protocol::FAILED => {
                    return Err(self.failed(
                        field(&data, "message")
                            .as_string()
                            .unwrap_or_else(|| "no reason given".into()),
                    ))
                }
                other => return Err(self.failed(format!("unexpected message `{other}`"))),
            }
            self.step().await?;
        }
        let (Some(report), Some(text)) = (report, text) else {
            return Err(self.failed("the worker finished without its report or text"));
        };
        let parsed = ParsedInput {
            report,
            evidence,
            entries,
        };
        Ok(Input::from_parsed(0, &self.name, Rc::from(text), parsed))
    }

    /// Copy `bytes` into a buffer and transfer it to the worker.
    async fn send(&mut self, channel: &Channel, bytes: Vec<u8>) -> Result<(), IngestError> {
        let len = u32::try_from(bytes.len()).map_err(|_| self.failed("the input is too large"))?;
        let array = Uint8Array::new_with_length(len);
        let mut at = 0u32;
        for chunk in bytes.chunks(COPY_BYTES) {
            let end = at + chunk.len() as u32;
            array.subarray(at, end).copy_from(chunk);
            at = end;
            self.step().await?;
        }
        drop(bytes);
        let message = Object::new();
        let buffer = array.buffer();
        for (k, v) in [
            ("name", JsValue::from_str(&self.name)),
            ("bytes", buffer.clone().into()),
        ] {
            Reflect::set(&message, &JsValue::from_str(k), &v)
                .map_err(|e| self.failed(format!("cannot build the message: {e:?}")))?;
        }
        channel
            .worker
            .post_message_with_transfer(&message, &Array::of1(&buffer))
            .map_err(|e| self.failed(format!("cannot send the input: {e:?}")))
    }

    /// The decoded text from the worker's UTF-8 buffer, checked slice by slice.
    async fn text(&mut self, buffer: &JsValue) -> Result<String, IngestError> {
        if !buffer.is_instance_of::<js_sys::ArrayBuffer>() {
            return Err(self.failed("the text did not arrive"));
        }
        let array = Uint8Array::new(buffer);
        let len = array.length();
        let mut text = String::with_capacity(len as usize);
        // A slice may end inside a character: its first bytes wait here.
        let mut pending: Vec<u8> = Vec::with_capacity(COPY_BYTES + 4);
        let mut at = 0u32;
        while at < len {
            let end = at.saturating_add(COPY_BYTES as u32).min(len);
            let kept = pending.len();
            pending.resize(kept + (end - at) as usize, 0);
            array.subarray(at, end).copy_to(&mut pending[kept..]);
            at = end;
            let valid = match std::str::from_utf8(&pending) {
                Ok(s) => {
                    text.push_str(s);
                    pending.len()
                }
                Err(e) if e.error_len().is_none() => {
                    let valid = e.valid_up_to();
                    text.push_str(std::str::from_utf8(&pending[..valid]).unwrap_or_default());
                    valid
                }
                Err(e) => return Err(self.failed(format!("the text is not UTF-8: {e}"))),
            };
            pending.drain(..valid);
            self.step().await?;
        }
        if !pending.is_empty() {
            return Err(self.failed("the text ends inside a character"));
        }
        Ok(text)
    }
}
