//! The JavaScript API behind `window.kbwiz` (set up by the widget loader,
//! `assets/kbwiz-widget.js`): scan, diagnose and simulate without the UI.
//!
//! Each function returns a JSON string with exactly the shape the CLI prints
//! for the same request with `--json` (`kbwiz scan`, `kbwiz diagnose`,
//! `kbwiz simulate`); the loader `JSON.parse`s it into plain objects. Both
//! make the same engine call ([`kbwiz_engine::api`]) and serialise its report
//! with serde; this file only moves inputs in and the JSON text out.
//!
//! Inputs cross the boundary as a JS array of `{ name, text }` or
//! `{ name, bytes: Uint8Array }` objects: text for pasted logs, bytes for files
//! (so a UTF-16LE `.reg` file is decoded by the engine, as the CLI does).
//! For a diagnosis, the loader hands a `File` over as it streams it
//! ([`reading_begin`], [`reading_push`], [`reading_end`]), and names the
//! finished read as `{ name, reading }`.
//! Each crosses once: bytes are copied into wasm memory, text is encoded to
//! UTF-8 straight into wasm memory by the browser's `TextEncoder.encodeInto`
//! (no intermediate buffer, and no per-character JS loop as wasm-bindgen's
//! own string conversion does for ASCII).
//!
//! The case file's calls ([`redact_json`], [`undo_json`], [`save_case_json`],
//! [`open_case_json`]) follow the same rule.
//!
//! [`phases_json`] is benchmark support (`cargo xtask bench`): the same work
//! as `kbwiz.scan`/`kbwiz.diagnose`, timed phase by phase.

use kbwiz_engine::api::{self, SimulateError, SimulateRequest};
use kbwiz_engine::kb::Kb;
use kbwiz_engine::sim::{ModelParams, Params};
use kbwiz_engine::steps::{self, Piece, ReadInput, Turn};
use kbwiz_engine::tree::{number, FindingsJson};
use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};
use wasm_bindgen::prelude::*;

/// Why a JS API call was refused.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("input {index}: expected an object {{ name, text }} or {{ name, bytes }}")]
    NotAnInput { index: u32 },
    #[error("input {index}: `{field}` must be a string")]
    NotAString { index: u32, field: &'static str },
    #[error("input {index}: `bytes` must be a Uint8Array or an ArrayBuffer")]
    NotBytes { index: u32 },
    #[error("input {index}: its file was not read to its end")]
    NotRead { index: u32 },
    #[error("invalid simulator parameters: {0}")]
    Params(String),
    #[error("simulator parameters out of bounds: {0}")]
    Bounds(#[from] kbwiz_engine::sim::ParamError),
    #[error("{0}")]
    Simulate(SimulateError),
    #[error("{0}")]
    Kb(String),
    #[error("cannot serialise the result: {0}")]
    Json(serde_json::Error),
}

impl From<SimulateError> for ApiError {
    /// The engine's refusals, with the two this API has always named apart
    /// (bad parameters, parameters out of bounds) kept apart.
    fn from(e: SimulateError) -> ApiError {
        match e {
            SimulateError::Overrides(message) => ApiError::Params(message),
            SimulateError::Params(bounds) => ApiError::Bounds(bounds),
            other => ApiError::Simulate(other),
        }
    }
}

impl From<ApiError> for JsValue {
    fn from(e: ApiError) -> JsValue {
        js_sys::Error::new(&e.to_string()).into()
    }
}

#[wasm_bindgen]
extern "C" {
    /// The browser's `TextEncoder` (bound here rather than through web-sys,
    /// whose `TextEncoder` feature the app does not enable).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// `encodeInto(source, destination)`: UTF-8 of `source` written into
    /// `destination` (a view of wasm memory, not a copy).
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        source: &js_sys::JsString,
        destination: &mut [u8],
    ) -> EncodeIntoResult;
    /// `{ read, written }`: UTF-16 code units read, bytes written.
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
    /// `performance.now()`, for [`phases_json`].
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// The UTF-8 bytes of a JS string, encoded by the browser directly into the
/// returned vector's memory. UTF-8 never has fewer bytes than the string has
/// UTF-16 code units, so ASCII text takes exactly one `encodeInto` into a
/// buffer of the right size; other text at most two (the rest needs at most 3
/// bytes per code unit). Lone surrogates become U+FFFD, as with `TextEncoder`.
fn utf8_of(text: &js_sys::JsString) -> Vec<u8> {
    let encoder = TextEncoder::new();
    let mut out = vec![0u8; text.length() as usize];
    let mut written = 0usize;
    let mut rest = text.clone();
    loop {
        let done = encoder.encode_into(&rest, &mut out[written..]);
        written += done.written() as usize;
        let (read, units) = (done.read(), rest.length());
        if read >= units {
            break;
        }
        rest = rest.slice(read, units);
        out.resize(written + 3 * (units - read) as usize, 0);
    }
    out.truncate(written);
    out
}

/// One input read from JS: a name for provenance and its raw bytes.
struct Input {
    name: String,
    bytes: Vec<u8>,
}

/// Read `[{ name, text } | { name, bytes }]`. A missing name becomes
/// `input-N.txt` (N from 1) so evidence still points somewhere.
fn inputs_from_js(inputs: &js_sys::Array) -> Result<Vec<Input>, ApiError> {
    let mut out = Vec::new();
    for (index, item) in (0u32..).zip(inputs.iter()) {
        out.push(input_from_js(index, &item)?);
    }
    Ok(out)
}

/// Field `key` of a JS object (undefined when it has none).
fn field(item: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(item, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The name of input `index`: as given, or `input-N.txt`.
fn name_from_js(index: u32, item: &JsValue) -> Result<String, ApiError> {
    let name_value = field(item, "name");
    if name_value.is_undefined() || name_value.is_null() {
        Ok(format!("input-{}.txt", u64::from(index) + 1))
    } else {
        name_value.as_string().ok_or(ApiError::NotAString {
            index,
            field: "name",
        })
    }
}

/// Input `index`, `{ name, text }` or `{ name, bytes }`.
fn input_from_js(index: u32, item: &JsValue) -> Result<Input, ApiError> {
    if !item.is_object() {
        return Err(ApiError::NotAnInput { index });
    }
    let get = |key: &str| field(item, key);
    let name = name_from_js(index, item)?;
    let text = get("text");
    let bytes = if !text.is_undefined() && !text.is_null() {
        let text = text
            .dyn_ref::<js_sys::JsString>()
            .ok_or(ApiError::NotAString {
                index,
                field: "text",
            })?;
        utf8_of(text)
    } else {
        let raw = get("bytes");
        if raw.is_instance_of::<js_sys::Uint8Array>() {
            js_sys::Uint8Array::from(raw).to_vec()
        } else if raw.is_instance_of::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(&raw).to_vec()
        } else {
            return Err(ApiError::NotBytes { index });
        }
    };
    Ok(Input { name, bytes })
}

fn refs(inputs: &[Input]) -> Vec<(&str, &[u8])> {
    inputs
        .iter()
        .map(|i| (i.name.as_str(), i.bytes.as_slice()))
        .collect()
}

/// The page's knowledge base ([`crate::library`]).
fn kb() -> std::rc::Rc<Kb> {
    crate::library::kb()
}

fn owned(inputs: &[(&str, &[u8])]) -> Vec<Input> {
    inputs
        .iter()
        .map(|(name, bytes)| Input {
            name: (*name).to_string(),
            bytes: bytes.to_vec(),
        })
        .collect()
}

/// `kbwiz scan --json`: `{ inputs: [...], evidence: [...] }`.
pub fn scan_value(inputs: &[(&str, &[u8])]) -> Result<String, ApiError> {
    scan_owned(owned(inputs))
}

/// [`scan_value`] taking the inputs: they are freed before the JSON is
/// written (the scan keeps what it needs), so the input and the JSON text are
/// not both held at the peak.
fn scan_owned(inputs: Vec<Input>) -> Result<String, ApiError> {
    let scan = api::scan(&refs(&inputs), &kb());
    drop(inputs);
    serde_json::to_string(&scan).map_err(ApiError::Json)
}

/// `kbwiz diagnose --json`: `{ findings: [...], not_assessed: [...],
/// separations: [...] }`, the findings strongest first.
pub fn diagnose_value(inputs: &[(&str, &[u8])]) -> Result<String, ApiError> {
    free_left_over();
    let json = diagnose_leaving(owned(inputs));
    free_left_over();
    json
}

/// `kbwiz simulate --json [--compare] [--article ID] [--from-evidence FILE...]`:
/// `params` is a (possibly partial) JSON object of the article's model's
/// parameters (`Params` for the retry loop, `ContentParams` for content
/// distribution) over the defaults,
/// or over the scenario proposed from `evidence` when inputs are given; the
/// result is the run (or the comparison) with `calibration` beside it when
/// calibrated. `article` names the article whose simulator defaults to use
/// (needed only when several have them and the evidence ranks none first).
pub fn simulate_value(
    params_json: &str,
    compare_runs: bool,
    evidence: &[(&str, &[u8])],
    article: Option<&str>,
) -> Result<String, ApiError> {
    let request = SimulateRequest {
        article,
        compare: compare_runs,
    };
    let report = api::simulate_model(evidence, &kb(), request, |base| {
        overlay_model(base, params_json).map_err(|e| match e {
            ApiError::Params(message) => message,
            other => other.to_string(),
        })
    })?;
    serde_json::to_string(&report).map_err(ApiError::Json)
}

/// [`overlay`] for either model's parameters.
fn overlay_model(base: ModelParams, params_json: &str) -> Result<ModelParams, ApiError> {
    match base {
        ModelParams::RetryLoop(p) => overlay(p, params_json).map(ModelParams::RetryLoop),
        ModelParams::ContentDistribution(p) => {
            let given = given(params_json)?;
            if given.is_null() {
                return Ok(ModelParams::ContentDistribution(p));
            }
            let cx = crate::read::Cx::default();
            let params = crate::read::params::content_over(&cx, &given, p);
            cx.finish(params)
                .map(ModelParams::ContentDistribution)
                .map_err(ApiError::Params)
        }
    }
}

/// `params_json` read: `null` when empty, an object, or refused.
fn given(params_json: &str) -> Result<serde_json::Value, ApiError> {
    let given = if params_json.trim().is_empty() {
        serde_json::Value::Null
    } else {
        crate::read::parse(params_json).map_err(ApiError::Params)?
    };
    match given {
        serde_json::Value::Null | serde_json::Value::Object(_) => Ok(given),
        _ => Err(ApiError::Params(
            "expected an object of simulator parameters".into(),
        )),
    }
}

/// The fields of `params_json` (an object; empty or `null` = none) laid over
/// `base`, as the CLI lays its flags over the proposal.
fn overlay(base: Params, params_json: &str) -> Result<Params, ApiError> {
    let given = if params_json.trim().is_empty() {
        serde_json::Value::Null
    } else {
        crate::read::parse(params_json).map_err(ApiError::Params)?
    };
    match given {
        serde_json::Value::Null => Ok(base),
        serde_json::Value::Object(_) => {
            let cx = crate::read::Cx::default();
            let params = crate::read::params::over(&cx, &given, base);
            cx.finish(params).map_err(ApiError::Params)
        }
        _ => Err(ApiError::Params(
            "expected an object of simulator parameters".into(),
        )),
    }
}

/// Facts in one page of a paged scan's evidence: about 2 MB of JSON.
const SCAN_PAGE_FACTS: usize = 8192;

/// Why a paged scan stopped.
#[derive(Debug)]
enum PagedError<E> {
    /// The receiver of the pages refused one (a JavaScript exception).
    Page(E),
    Json(serde_json::Error),
}

/// `kbwiz scan --json` a page at a time: the evidence is handed to `page` as
/// JSON arrays of at most `per_page` facts, in order, while the inputs are
/// read (the first page before the scan ends), and the result is
/// `{"inputs": [...]}`. Memory holds the inputs and one batch and page of
/// facts, never the whole scan nor its JSON: where [`scan_owned`] held the
/// scan of a 100 MiB log (6.6 times the input) and then its JSON.
fn scan_paged<E>(
    inputs: Vec<Input>,
    per_page: usize,
    mut page: impl FnMut(&str) -> Result<(), E>,
) -> Result<String, PagedError<E>> {
    let kb = kb();
    // Thread stories too, as `api::scan` and `kbwiz scan --json` give them.
    let mut stream = api::ScanStream::new(&kb).following_threads();
    let mut reports = Vec::with_capacity(inputs.len());
    let mut json: Vec<u8> = Vec::new();
    let mut in_page = 0usize;
    let mut failed: Option<PagedError<E>> = None;
    let mut flush = |json: &mut Vec<u8>, in_page: &mut usize| -> Result<(), PagedError<E>> {
        json.push(b']');
        // serde_json writes UTF-8 only.
        let text = std::str::from_utf8(json).unwrap_or("[]");
        let sent = page(text).map_err(PagedError::Page);
        json.clear();
        *in_page = 0;
        sent
    };
    for input in &inputs {
        let report = stream.input(&input.name, &input.bytes, |batch| {
            for fact in batch.drain(..) {
                if failed.is_some() {
                    return;
                }
                json.push(if in_page == 0 { b'[' } else { b',' });
                if let Err(e) = serde_json::to_writer(&mut json, &fact) {
                    failed = Some(PagedError::Json(e));
                    return;
                }
                in_page += 1;
                if in_page >= per_page {
                    if let Err(e) = flush(&mut json, &mut in_page) {
                        failed = Some(e);
                    }
                }
            }
        });
        if let Some(e) = failed {
            return Err(e);
        }
        reports.push(report);
    }
    drop(inputs);
    if in_page > 0 {
        flush(&mut json, &mut in_page)?;
    }
    let mut out = String::from("{\"inputs\":");
    out.push_str(&serde_json::to_string(&reports).map_err(PagedError::Json)?);
    let threads = stream.take_threads();
    if !threads.is_empty() {
        out.push_str(",\"threads\":");
        out.push_str(&serde_json::to_string(&threads).map_err(PagedError::Json)?);
    }
    out.push('}');
    Ok(out)
}

/// `kbwiz.scan(inputs)`: see [`scan_value`]. With `on_page`, a paged scan
/// ([`scan_paged`]): `on_page` is called with each page of the evidence as
/// a JSON array, and the result holds only `inputs`; the loader
/// (`assets/kbwiz-widget.js`) joins the pages into the same document as
/// `kbwiz scan --json`.
#[wasm_bindgen]
pub fn scan_json(
    inputs: js_sys::Array,
    on_page: Option<js_sys::Function>,
) -> Result<String, JsValue> {
    free_left_over();
    let inputs = inputs_from_js(&inputs)?;
    let Some(on_page) = on_page else {
        return Ok(scan_owned(inputs)?);
    };
    scan_paged(inputs, SCAN_PAGE_FACTS, |page| {
        on_page
            .call1(&JsValue::NULL, &JsValue::from_str(page))
            .map(drop)
    })
    .map_err(|e| match e {
        PagedError::Page(thrown) => thrown,
        PagedError::Json(e) => ApiError::Json(e).into(),
    })
}

thread_local! {
    /// What the last [`diagnose_json`] no longer needed and has not freed
    /// yet: its inputs and the scan behind its findings.
    static LEFT_OVER: std::cell::RefCell<Option<(kbwiz_engine::evidence::Scan, Vec<Input>)>> =
        const { std::cell::RefCell::new(None) };
}

/// Free what the last [`diagnose_json`] left. The worker calls this right
/// after it has posted the answer, so the freeing is not part of the wait:
/// a 100 MiB log's 300,000 facts took 15 to 20 ms to free (the bench's
/// `release` phase). The next call frees it first in any case.
#[wasm_bindgen]
pub fn free_left_over() {
    let left = LEFT_OVER.with(|l| l.borrow_mut().take());
    drop(left);
}

/// `kbwiz.diagnose(inputs)`: see [`diagnose_value`] and [`diagnose_leaving`].
/// An input may also be `{ name, reading }`, a file the loader has read
/// with [`reading_begin`], [`reading_push`] and [`reading_end`].
#[wasm_bindgen]
pub fn diagnose_json(inputs: js_sys::Array) -> Result<String, JsValue> {
    free_left_over();
    let taken = readings_taken(&inputs);
    // Readings begun and not named here are no one's.
    READINGS.with(|r| r.borrow_mut().clear());
    match taken? {
        Some(read) => Ok(diagnose_read_leaving(read)?),
        None => Ok(diagnose_leaving(inputs_from_js(&inputs)?)?),
    }
}

/// A file the JS API reads as the browser streams it: a stepwise read
/// ([`steps::read_pieces`]) driven by the pieces the loader pushes, so that
/// a large file is scanned while the browser reads the rest of it. Its
/// pieces wait in `pieces` until the read asks for them.
struct Reading {
    pieces: Rc<RefCell<VecDeque<Piece<'static>>>>,
    read: Pin<Box<dyn Future<Output = Option<ReadInput>>>>,
    /// The read, once its last piece came.
    done: Option<ReadInput>,
}

/// Text scanned at a time by a [`Reading`]: a piece of the stream is
/// about 1 MiB in Chromium; there is no page to give turns to here.
const READING_STEP: usize = 1 << 20;

thread_local! {
    /// The readings begun and not yet taken by [`diagnose_json`], by id.
    static READINGS: RefCell<BTreeMap<u32, Reading>> = const { RefCell::new(BTreeMap::new()) };
    static NEXT_READING: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// Begin reading a file of `size` bytes named `name` a piece at a time;
/// returns the reading's id for [`reading_push`] and [`reading_end`].
#[wasm_bindgen]
pub fn reading_begin(name: String, size: f64) -> u32 {
    let pieces: Rc<RefCell<VecDeque<Piece<'static>>>> = Rc::default();
    let waiting = Rc::clone(&pieces);
    let kb = kb();
    let read = Box::pin(async move {
        let next = || {
            let waiting = Rc::clone(&waiting);
            // Pending until pushed: the pushes poll the read again.
            std::future::poll_fn(move |_| match waiting.borrow_mut().pop_front() {
                Some(piece) => Poll::Ready(piece),
                None => Poll::Pending,
            })
        };
        let go = |_| std::future::ready(Turn::Go);
        steps::read_pieces(&name, size as usize, &kb, READING_STEP, next, go).await
    });
    let id = NEXT_READING.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1).max(1));
        id
    });
    let reading = Reading {
        pieces,
        read,
        done: None,
    };
    READINGS.with(|r| r.borrow_mut().insert(id, reading));
    id
}

/// The next piece of reading `id`'s file, scanned before this returns as
/// far as it can be decoded.
#[wasm_bindgen]
pub fn reading_push(id: u32, bytes: Vec<u8>) {
    advance(id, Piece::Bytes(bytes.into()));
}

/// Reading `id`'s file has no more pieces: finish its read.
#[wasm_bindgen]
pub fn reading_end(id: u32) {
    advance(id, Piece::End);
}

/// Hand `piece` to reading `id` and let it read all it has.
fn advance(id: u32, piece: Piece<'static>) {
    READINGS.with(|r| {
        let mut readings = r.borrow_mut();
        let Some(reading) = readings.get_mut(&id) else {
            return;
        };
        if reading.done.is_some() {
            return;
        }
        reading.pieces.borrow_mut().push_back(piece);
        let mut cx = Context::from_waker(Waker::noop());
        if let Poll::Ready(read) = reading.read.as_mut().poll(&mut cx) {
            // A read whose source never says stop ends with its input.
            reading.done = read;
        }
    });
}

/// The finished readings `inputs` name, with their names, in order; with
/// every other input read here from its bytes. `None` when no input is a
/// reading.
fn readings_taken(inputs: &js_sys::Array) -> Result<Option<Vec<(String, ReadInput)>>, ApiError> {
    let is_reading = |item: &JsValue| item.is_object() && field(item, "reading").as_f64().is_some();
    if !inputs.iter().any(|item| is_reading(&item)) {
        return Ok(None);
    }
    let kb = kb();
    let mut out = Vec::new();
    for (index, item) in (0u32..).zip(inputs.iter()) {
        let name = name_from_js(index, &item)?;
        let read = match field(&item, "reading").as_f64() {
            Some(id) => READINGS
                .with(|r| r.borrow_mut().remove(&(id as u32)))
                .and_then(|reading| reading.done)
                .ok_or(ApiError::NotRead { index })?,
            None => {
                let input = input_from_js(index, &item)?;
                let go = |_| std::future::ready(Turn::Go);
                steps::run_ready(steps::read_input(
                    &name,
                    &input.bytes,
                    &kb,
                    READING_STEP,
                    go,
                ))
                .ok_or(ApiError::NotRead { index })?
            }
        };
        out.push((name, read));
    }
    Ok(Some(out))
}

/// [`diagnose_leaving`] for inputs read already.
fn diagnose_read_leaving(read: Vec<(String, ReadInput)>) -> Result<String, ApiError> {
    leaving(api::diagnose_read(read, &kb()), Vec::new())
}

/// [`diagnose_value`] taking the inputs and leaving them, with the scan, for
/// [`free_left_over`]: the findings' JSON is small, so holding them while
/// it is written costs no more memory than the diagnosis took.
fn diagnose_leaving(inputs: Vec<Input>) -> Result<String, ApiError> {
    let report = api::diagnose(&refs(&inputs), &kb());
    leaving(report, inputs)
}

/// The triage's JSON of `report`, leaving its scan and `inputs` for
/// [`free_left_over`].
fn leaving(mut report: api::DiagnoseReport, inputs: Vec<Input>) -> Result<String, ApiError> {
    let json = serde_json::to_string(&report.triage()).map_err(ApiError::Json)?;
    let scan = std::mem::take(&mut report.scan);
    drop(report);
    LEFT_OVER.with(|l| *l.borrow_mut() = Some((scan, inputs)));
    Ok(json)
}

/// `kbwiz.simulate(params, { compare, evidence, article })`: see
/// [`simulate_value`]. `article` may be left out (`undefined`).
#[wasm_bindgen]
pub fn simulate_json(
    params_json: &str,
    compare_runs: bool,
    evidence: js_sys::Array,
    article: Option<String>,
) -> Result<String, JsValue> {
    free_left_over();
    let evidence = inputs_from_js(&evidence)?;
    Ok(simulate_value(
        params_json,
        compare_runs,
        &refs(&evidence),
        article.as_deref(),
    )?)
}

// The case file's calls: redact, the undo of the fix, save and open a case.

/// `kbwiz.redact(inputs)`: `{ inputs: [{ name, text, replaced }], map }`,
/// the JSON `kbwiz redact --json` prints (the map is the caller's to keep
/// apart from the inputs).
#[wasm_bindgen]
pub fn redact_json(inputs: js_sys::Array) -> Result<String, JsValue> {
    free_left_over();
    let inputs = inputs_from_js(&inputs)?;
    let red = api::redact(&refs(&inputs), &kb());
    Ok(serde_json::to_string(&red).map_err(ApiError::Json)?)
}

/// `kbwiz.undo(inputs, { version5 })`: the fix's `.reg` and its undo, or
/// the `regedit /e` command to run first ([`api::undo`]).
#[wasm_bindgen]
pub fn undo_json(inputs: js_sys::Array, version5: bool) -> Result<String, JsValue> {
    free_left_over();
    let inputs = inputs_from_js(&inputs)?;
    let form = if version5 {
        kbwiz_engine::remedy::RegForm::Version5
    } else {
        kbwiz_engine::remedy::RegForm::Regedit4
    };
    let report = api::undo(&refs(&inputs), &kb(), form);
    Ok(serde_json::to_string(&report).map_err(ApiError::Json)?)
}

/// `kbwiz.saveCase(inputs, { redact })`: `{ text, inputs_form, map }`, the
/// case file's text and, when redacted, the map apart.
#[wasm_bindgen]
pub fn save_case_json(inputs: js_sys::Array, redact: bool) -> Result<String, JsValue> {
    free_left_over();
    let inputs = inputs_from_js(&inputs)?;
    let request = kbwiz_engine::case::CaseRequest {
        redact,
        ..Default::default()
    };
    let saved = api::case_save(&refs(&inputs), &kb(), request);
    Ok(serde_json::to_string(&saved).map_err(ApiError::Json)?)
}

/// `kbwiz.openCase(text)`: the case's diagnosis, `kbwiz case open --json`;
/// a refused case throws an Error naming each problem's JSON path.
#[wasm_bindgen]
pub fn open_case_json(text: &str) -> Result<String, JsValue> {
    free_left_over();
    let opened = api::case_open(text.as_bytes(), &kb())
        .map_err(|e| JsValue::from(ApiError::Kb(e.to_string())))?;
    Ok(serde_json::to_string(&opened).map_err(ApiError::Json)?)
}

/// Make the KB data file's text `data` (fetched from `url`, beside which
/// the articles' texts are) this page's knowledge base: the widget loader
/// calls it once, before anything else.
#[wasm_bindgen]
pub fn load_kb(data: &str, url: &str) -> Result<(), JsValue> {
    crate::library::install(data, Some(url.to_string()))
        .map(drop)
        .map_err(|e| JsValue::from(ApiError::Kb(format!("the KB data cannot be read: {e}"))))
}

/// `kbwiz.loadKb(files)`: add the admin's own articles, given as files
/// (`{ name: "KB1/article.json", text }`; the folder in the name groups them
/// into articles). Returns `{ loaded: [ID], articles: [ID], problems:
/// ["file: path: problem"] }`; an article with problems is left out.
#[wasm_bindgen]
pub fn add_articles_json(files: js_sys::Array) -> Result<String, JsValue> {
    let files: Vec<(String, String)> = inputs_from_js(&files)?
        .into_iter()
        .map(|i| (i.name, String::from_utf8_lossy(&i.bytes).into_owned()))
        .collect();
    Ok(added_json(&crate::library::folders_of(files)))
}

/// [`add_articles_json`] for folders already grouped.
fn added_json(folders: &[kbwiz_engine::kb::load::Folder]) -> String {
    let before: Vec<String> = kb().articles().iter().map(|a| a.id().to_string()).collect();
    let (kb, problems) = crate::library::add(folders);
    let ids: Vec<&str> = kb.articles().iter().map(|a| a.id()).collect();
    let loaded: Vec<&str> = ids
        .iter()
        .copied()
        .filter(|id| !before.iter().any(|b| b == id))
        .collect();
    let problems: Vec<String> = problems.iter().map(ToString::to_string).collect();
    serde_json::json!({ "loaded": loaded, "articles": ids, "problems": problems }).to_string()
}

/// Benchmark support for `cargo xtask bench` (not part of `window.kbwiz`):
/// the work of `kbwiz.diagnose` (or of `kbwiz.scan` when `diagnose` is false)
/// on `inputs`, phase by phase and in the same order, as JSON
/// `{ phases: [{ phase, ms, memory }], json_bytes }`, where `memory` is the
/// wasm memory's size in bytes after the phase (it only grows, so it is the
/// peak so far) and `json_bytes` the size of the JSON the real call returns.
/// Phases: `input` (JS to wasm), `parse` (the parsers alone), `lines`
/// (the articles' declared log lines found in the parsed entries, merged
/// with the parsers' facts, and everything enriched from the KB:
/// [`kbwiz_engine::api::complete_input`]), `diagnose` (the articles'
/// trees), `release` (freeing what the JSON does not need), `json`
/// (serialising the result), `free` (the rest). The real calls do the
/// parse and lines phases together a chunk at a time; here they run apart
/// over whole inputs, to time each.
#[wasm_bindgen]
pub fn phases_json(inputs: js_sys::Array, diagnose: bool) -> Result<String, JsValue> {
    free_left_over();
    let memory = || {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length()
    };
    // The JSON is written by hand: a `serde_json::json!` object and its
    // writer would be in the wasm for this benchmark alone.
    let mut phases = String::new();
    let mut last = performance_now();
    let mut lap = |phase: &str| {
        let t = performance_now();
        if !phases.is_empty() {
            phases.push(',');
        }
        phases.push_str(&format!(
            "{{\"phase\":\"{phase}\",\"ms\":{},\"memory\":{}}}",
            number::display(t - last),
            memory()
        ));
        last = t;
    };
    let kb = kb();
    let kb = &*kb;
    let inputs = inputs_from_js(&inputs)?;
    lap("input");
    let parsed: Vec<_> = inputs
        .iter()
        .map(|i| kbwiz_engine::parse::parse_input(&i.name, &i.bytes))
        .collect();
    lap("parse");
    let mut scan = kbwiz_engine::evidence::Scan::default();
    for (input, parsed) in inputs.iter().zip(parsed) {
        let text = kbwiz_engine::parse::decode(&input.bytes);
        let evidence = kbwiz_engine::api::complete_input(
            &input.name,
            &text,
            parsed.evidence,
            &parsed.entries,
            kb,
        );
        scan.inputs.push(parsed.report);
        scan.evidence.extend(evidence);
    }
    lap("lines");
    let json = if diagnose {
        let findings = kbwiz_engine::tree::diagnose(&scan.evidence, kb);
        lap("diagnose");
        drop((scan, inputs));
        lap("release");
        let json = serde_json::to_string(&FindingsJson {
            findings: &findings,
        });
        lap("json");
        drop(findings);
        json
    } else {
        drop(inputs);
        lap("release");
        let json = serde_json::to_string(&scan);
        lap("json");
        drop(scan);
        json
    }
    .map_err(ApiError::Json)?;
    let json_bytes = json.len();
    drop(json);
    lap("free");
    Ok(format!(
        "{{\"phases\":[{phases}],\"json_bytes\":{json_bytes}}}"
    ))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    /// The built-in articles as the page reads them: through the KB data.
    fn install_kb() {
        let folders: Vec<kbwiz_engine::kb::load::Folder> = kbwiz_engine::kb::load::embedded_files()
            .iter()
            .map(|(dir, files)| {
                let files = files
                    .iter()
                    .map(|(n, t)| (n.to_string(), t.to_string()))
                    .collect();
                (format!("kb/{dir}"), files)
            })
            .collect();
        let (data, _) = kbwiz_engine::kb::bundle::write(
            &folders,
            kbwiz_engine::kb::bundle::TextPlacement::Inline,
        )
        .expect("the KB writes");
        crate::library::install(&data, None).expect("the KB reads");
    }

    /// The built-in article the copies below are made of.
    fn q319207() -> &'static [(&'static str, &'static str)] {
        kbwiz_engine::kb::load::embedded_files()
            .iter()
            .find(|(dir, _)| *dir == "Q319207")
            .map(|(_, files)| *files)
            .expect("kb/Q319207 is built in")
    }

    #[test]
    fn a_diagnosis_leaves_its_scan_until_freed() {
        install_kb();
        let text = kbwiz_engine::sample::distmgr_log(64 << 10);
        let input = || {
            vec![Input {
                name: "distmgr.log".into(),
                bytes: text.as_bytes().to_vec(),
            }]
        };
        let held = || {
            LEFT_OVER.with(|l| {
                l.borrow()
                    .as_ref()
                    .map(|(scan, inputs)| (scan.evidence.len(), inputs.len()))
            })
        };
        let json = diagnose_leaving(input()).expect("diagnoses");
        let report = api::diagnose(&[("distmgr.log", text.as_bytes())], &kb());
        assert_eq!(
            json,
            serde_json::to_string(&report.triage()).expect("serialises")
        );
        let facts = api::scan(&[("distmgr.log", text.as_bytes())], &kb())
            .evidence
            .len();
        assert!(facts > 0);
        assert_eq!(held(), Some((facts, 1)));
        free_left_over();
        assert_eq!(held(), None);
    }

    #[test]
    fn own_articles_load_beside_the_built_in_ones() {
        install_kb();
        let copy: Vec<(String, String)> = q319207()
            .iter()
            .map(|(n, t)| {
                (
                    format!("mine/Q900001/{n}"),
                    t.replace("\"Q319207\"", "\"Q900001\""),
                )
            })
            .collect();
        let broken = vec![("mine/BAD/article.json".to_string(), "{".to_string())];
        let json = added_json(&crate::library::folders_of([copy, broken].concat()));
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(v["loaded"], serde_json::json!(["Q900001"]));
        let all = v["articles"].as_array().expect("articles");
        assert!(
            all.contains(&serde_json::json!("Q319207"))
                && all.contains(&serde_json::json!("Q900001"))
        );
        let problems = v["problems"].as_array().expect("problems");
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems.contains(&serde_json::json!(
                "BAD/article.json: EOF while parsing an object at line 1 column 1"
            )),
            "{problems:?}"
        );
        // The same again: refused as a duplicate, the KB unchanged.
        let again = q319207()
            .iter()
            .map(|(n, t)| {
                (
                    format!("Q900001/{n}"),
                    t.replace("\"Q319207\"", "\"Q900001\""),
                )
            })
            .collect();
        let v: serde_json::Value =
            serde_json::from_str(&added_json(&crate::library::folders_of(again))).expect("json");
        assert_eq!(v["loaded"], serde_json::json!([]));
        assert_eq!(
            v["problems"],
            serde_json::json!(["Q900001/article.json: id: duplicate article id \"Q900001\""])
        );
    }

    #[test]
    fn overlay_keeps_defaults_and_takes_given_fields() {
        let p =
            overlay(Params::default(), r#"{"hours": 5, "hotfix": true}"#).expect("valid params");
        assert_eq!(p.hours, 5);
        assert!(p.hotfix);
        assert_eq!(p.capacity_per_hour, Params::default().capacity_per_hour);
        assert_eq!(
            overlay(Params::default(), "").expect("empty"),
            Params::default()
        );
        assert_eq!(
            overlay(Params::default(), "null").expect("null"),
            Params::default()
        );
    }

    #[test]
    fn overlay_refuses_non_objects_and_bad_fields() {
        assert!(matches!(
            overlay(Params::default(), "[1]"),
            Err(ApiError::Params(_))
        ));
        assert!(matches!(
            overlay(Params::default(), r#"{"hours": "x"}"#),
            Err(ApiError::Params(_))
        ));
        assert!(matches!(
            overlay(Params::default(), "{"),
            Err(ApiError::Params(_))
        ));
    }

    #[test]
    fn simulate_value_refuses_out_of_bounds() {
        install_kb();
        assert!(matches!(
            simulate_value(r#"{"hours": 0}"#, false, &[], None),
            Err(ApiError::Bounds(_))
        ));
    }

    #[test]
    fn simulate_value_matches_the_engine_run() {
        install_kb();
        let json = simulate_value(r#"{"hours": 3}"#, false, &[], None).expect("runs");
        let params = Params {
            hours: 3,
            ..Params::default()
        };
        let got: serde_json::Value = serde_json::from_str(&json).expect("json");
        let expected =
            serde_json::to_value(kbwiz_engine::sim::simulate(&params).expect("engine runs"))
                .expect("serialises");
        assert_eq!(got, expected);
        assert_eq!(got["retries"], 11);
    }

    /// The pages of a paged scan, joined, are `kbwiz scan --json`'s
    /// evidence, and its result that document's inputs.
    #[test]
    fn paged_scan_joins_to_the_whole_scan() {
        install_kb();
        let log = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/scenarios/q319189-loop/distmgr.log"
        ))
        .expect("scenario log");
        let reg = b"Windows Registry Editor Version 5.00\r\n".to_vec();
        let inputs = [("distmgr.log", log.as_slice()), ("x.reg", reg.as_slice())];
        let whole: serde_json::Value =
            serde_json::from_str(&scan_value(&inputs).expect("scan")).expect("JSON");
        let mut pages: Vec<serde_json::Value> = Vec::new();
        let result = scan_paged(owned(&inputs), 100, |page| {
            pages.push(serde_json::from_str(page).expect("a page is JSON"));
            Ok::<(), ()>(())
        })
        .expect("paged scan");
        let result: serde_json::Value = serde_json::from_str(&result).expect("JSON");
        assert_eq!(result["inputs"], whole["inputs"]);
        assert_eq!(result["threads"], whole["threads"]);
        let evidence = whole["evidence"].as_array().expect("evidence");
        assert_eq!(pages.len(), evidence.len().div_ceil(100));
        assert!(pages
            .iter()
            .all(|p| p.as_array().is_some_and(|p| p.len() <= 100)));
        let joined: Vec<serde_json::Value> = pages
            .into_iter()
            .flat_map(|p| p.as_array().cloned().unwrap_or_default())
            .collect();
        assert_eq!(&joined, evidence);
    }

    /// A page the receiver refuses stops the scan with the receiver's error.
    #[test]
    fn a_refused_page_stops_the_scan() {
        install_kb();
        let log = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/scenarios/q319189-loop/distmgr.log"
        ))
        .expect("scenario log");
        let mut calls = 0;
        let result = scan_paged(owned(&[("distmgr.log", log.as_slice())]), 10, |_| {
            calls += 1;
            if calls == 2 {
                Err("enough")
            } else {
                Ok(())
            }
        });
        assert!(matches!(result, Err(PagedError::Page("enough"))));
        assert_eq!(calls, 2);
    }

    #[test]
    fn simulate_value_runs_the_articles_content_model() {
        install_kb();
        let article = Some("CM-components-and-threads");
        let json = simulate_value(
            r#"{"packages": 2, "dps": 4, "hours": 2}"#,
            true,
            &[],
            article,
        )
        .expect("runs");
        let got: serde_json::Value = serde_json::from_str(&json).expect("json");
        let params = kbwiz_engine::sim::content::ContentParams {
            packages: 2,
            dps: 4,
            hours: 2,
            ..kbwiz_engine::sim::content::ContentParams::of(
                kbwiz_engine::kb::Kb::embedded()
                    .article("CM-components-and-threads")
                    .and_then(|a| a.simulator.as_ref())
                    .and_then(kbwiz_engine::kb::SimDefaults::content)
                    .expect("content model"),
            )
        };
        let expected = serde_json::to_value(
            kbwiz_engine::sim::content::compare(&params).expect("engine runs"),
        )
        .expect("serialises");
        assert_eq!(got, expected);
        assert_eq!(got["runs"][3]["params"]["dps"], 3);
        assert!(matches!(
            simulate_value(r#"{"dps": "x"}"#, false, &[], article),
            Err(ApiError::Params(_))
        ));
    }

    #[test]
    fn diagnose_value_is_the_triage() {
        install_kb();
        let json = diagnose_value(&[("a.log", b"nothing to see")]).expect("diagnoses");
        let v: serde_json::Value = serde_json::from_str(&json).expect("json");
        let keys: Vec<&String> = v.as_object().expect("object").keys().collect();
        // serde_json orders an object's keys.
        assert_eq!(keys, ["findings", "fixes", "not_assessed", "separations"]);
    }
}
