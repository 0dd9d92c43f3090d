// The browser benchmark page's steps, as `window.kbwizBench`, driven one step
// at a time by tests/bench/run.mjs (so that it can print progress and profile
// one step) and by the e2e check tests/e2e/bench.test.mjs. Everything runs in
// this one page: kbwiz's JS API (`window.kbwiz`, from dist/widget/), the
// JavaScript reference (reference.mjs) and the generated distmgr.log text
// (distmgr-log.mjs), which stays in the page between steps.
//
// Times are wall-clock milliseconds from performance.now(); each step returns
// every run and the runner takes medians. Wasm memory is read from the
// instance the widget created (memory-probe.js).
import { distmgrLog } from './distmgr-log.mjs';
import { extract, groupScan, countsOnly } from './reference.mjs';

const MIB = 1024 * 1024;
const texts = new Map();
let glue = null;

const now = () => performance.now();
/** The memory of the wasm that ran the JS API's calls (in its worker, or on the page). */
const memoryBytes = async () => (await window.kbwiz.engine()).memory_bytes;
/** The memory of the page's own wasm instance, which `glue` calls run in. */
const pageMemoryBytes = () => (window.kbwizWasmMemory ? window.kbwizWasmMemory.buffer.byteLength : null);

/** Run `fn` `repeats` times; returns { runs: [ms], last } (last result kept for checks). */
async function times(repeats, fn) {
  const runs = [];
  let last;
  for (let i = 0; i < repeats; i += 1) {
    last = undefined;
    const t = now();
    last = await fn();
    runs.push(now() - t);
  }
  return { runs, last };
}

/** The widget's wasm-bindgen glue module (the very instance the loader initialised). */
async function loadGlue() {
  const loader = new URL('../widget/kbwiz-widget.js', location.href);
  const source = await (await fetch(loader)).text();
  const name = /glue: '([^']+)'/.exec(source);
  if (!name) throw new Error('kbwiz-widget.js names no glue module');
  return import(new URL(name[1], loader).href);
}

function textOf(mib) {
  const entry = texts.get(mib);
  if (!entry) throw new Error(`no ${mib} MiB text generated yet`);
  return entry;
}

/** The Q319207 finding's size, to show what a run returned. */
function summary(diagnosis) {
  const f = diagnosis.findings.find((x) => x.article === 'Q319207');
  // Lines the path used: those cited (at most 50) and those only counted.
  return f
    ? { verdict: f.verdict, packages: f.packages.length, cited: f.evidence.length, evidence: f.evidence.length + (f.uncited ?? 0), steps: f.steps.length }
    : null;
}

const steps = {
  /** Wait for the wasm; returns its memory size at rest. */
  async ready() {
    await window.kbwiz.ready;
    glue = await loadGlue();
    document.querySelector('#status').textContent = 'ready';
    return { memory: await memoryBytes() };
  },

  /** Generate `mib` MiB of distmgr.log text (kept in the page, with its UTF-8 bytes). */
  generate(mib) {
    const t = now();
    const { text, lines } = distmgrLog({ bytes: mib * MIB });
    const ms = now() - t;
    const bytes = new TextEncoder().encode(text);
    texts.set(mib, { text, bytes, lines });
    return { ms, bytes: bytes.length, chars: text.length, lines };
  },

  /**
   * Decoding cost alone, the text to UTF-8: TextEncoder.encode (a new
   * buffer), TextEncoder.encodeInto a reused buffer (what js_api.rs does, into
   * wasm memory), and wasm-bindgen's own string passing for comparison (its
   * glue copies ASCII text one character at a time in JS; the same loop here).
   */
  async encode(mib, repeats) {
    const { text, bytes } = textOf(mib);
    const encoder = new TextEncoder();
    const encode = await times(repeats, () => encoder.encode(text).length);
    const target = new Uint8Array(bytes.length);
    const into = await times(repeats, () => encoder.encodeInto(text, target).written);
    const loop = await times(repeats, () => {
      const len = text.length;
      let offset = 0;
      for (; offset < len; offset += 1) {
        const code = text.charCodeAt(offset);
        if (code > 0x7F) break;
        target[offset] = code;
      }
      return offset;
    });
    return { encode: encode.runs, encode_into: into.runs, ascii_loop: loop.runs };
  },

  /** The JS reference and kbwiz.diagnose on the same text, interleaved run by run. */
  async versus(mib, repeats) {
    const { text } = textOf(mib);
    const reference = [];
    const diagnose = [];
    let ref; let diag;
    for (let i = 0; i < repeats; i += 1) {
      ref = undefined; diag = undefined;
      let t = now();
      ref = extract(text);
      reference.push(now() - t);
      t = now();
      diag = await window.kbwiz.diagnose(text);
      diagnose.push(now() - t);
    }
    return {
      reference, diagnose, memory: await memoryBytes(),
      reference_result: { lines: ref.lines, entries: ref.entries, statmsgs: ref.statmsgs, packages: Object.keys(ref.messages[2328]).length },
      diagnose_result: summary(diag),
    };
  },

  /**
   * What an admin waits for: from a picked or dropped `File` to the verdict,
   * kbwiz against the JS reference, from the same `File`, interleaved run by
   * run. The reference reads it as text (`file.text()`) and runs its regexes;
   * kbwiz is handed the `File`: its worker reads the bytes (no JS string) and
   * copies them into wasm memory once. `read` is reading the file's bytes
   * alone on the page (`file.arrayBuffer()`), apart from both.
   */
  async fileToVerdict(mib, repeats) {
    const { bytes } = textOf(mib);
    const file = new File([bytes], 'distmgr.log', { type: 'text/plain' });
    const reference = [];
    const kbwiz = [];
    const read = [];
    let ref; let diag;
    for (let i = 0; i < repeats; i += 1) {
      ref = undefined; diag = undefined;
      let t = now();
      ref = extract(await file.text());
      reference.push(now() - t);
      t = now();
      diag = await window.kbwiz.diagnose(file);
      kbwiz.push(now() - t);
      t = now();
      await file.arrayBuffer();
      read.push(now() - t);
    }
    return {
      reference, kbwiz, read, memory: await memoryBytes(),
      reference_result: { entries: ref.entries, packages: Object.keys(ref.messages[2328]).length },
      diagnose_result: summary(diag),
    };
  },

  /** kbwiz.diagnose given the UTF-8 bytes (a Uint8Array) instead of the text. */
  async diagnoseBytes(mib, repeats) {
    const { bytes } = textOf(mib);
    const r = await times(repeats, () => window.kbwiz.diagnose(bytes));
    return { runs: r.runs, memory: await memoryBytes() };
  },

  /**
   * One kbwiz call split in two: the wasm call as the loader makes it (text
   * into wasm, engine, JSON out as a JS string), then the loader's JSON.parse.
   * `fn` is scan_json or diagnose_json; `input` 'text' or 'bytes'.
   */
  async split(mib, fn, input, repeats) {
    const { text, bytes } = textOf(mib);
    const arg = input === 'bytes' ? { name: 'distmgr.log', bytes } : { name: 'distmgr.log', text };
    const call = [];
    const parse = [];
    let chars = 0;
    for (let i = 0; i < repeats; i += 1) {
      let t = now();
      let json = glue[fn]([arg]);
      call.push(now() - t);
      chars = json.length;
      t = now();
      JSON.parse(json);
      parse.push(now() - t);
      json = null;
    }
    return { call, parse, json_chars: chars, memory: pageMemoryBytes() };
  },

  /**
   * kbwiz.scan of the bytes, its evidence taken a page at a time: the time
   * to the first page and to the end, and the wasm memory after it. Run in
   * a fresh page (run.mjs), as wasm memory never shrinks: there it is the
   * scan's own peak.
   */
  async scanPaged(mib) {
    const { bytes } = textOf(mib);
    let first;
    let pages = 0;
    const t = now();
    const r = await window.kbwiz.scan({ name: 'distmgr.log', bytes }, {
      onPage: () => { pages += 1; if (first === undefined) first = now() - t; },
    });
    return { ms: now() - t, first_page_ms: first, pages, evidence: r.evidence.length, memory: await memoryBytes() };
  },

  /** kbwiz.scan on the text. */
  async scan(mib, repeats) {
    const { text } = textOf(mib);
    const r = await times(repeats, async () => (await window.kbwiz.scan(text)).evidence.length);
    return { runs: r.runs, evidence: r.last, memory: await memoryBytes() };
  },

  /**
   * The fixed cost of one call: kbwiz.scan and kbwiz.diagnose of a one-line
   * input, `batch` calls per run (the clock is coarse), in ms per call.
   */
  async tiny(repeats, batch) {
    const line = 'Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:00:00.000 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n';
    const perCall = async (fn) => (await times(repeats, async () => {
      for (let i = 0; i < batch; i += 1) await fn(line);
    })).runs.map((ms) => ms / batch);
    return { scan: await perCall(window.kbwiz.scan), diagnose: await perCall(window.kbwiz.diagnose) };
  },

  /** kbwiz.simulate on `params`; also the raw call and the result's JSON size. */
  async simulate(params, repeats) {
    const r = await times(repeats, () => window.kbwiz.simulate(params));
    const raw = await times(repeats, () => glue.simulate_json(JSON.stringify(params), false, []).length);
    return { runs: r.runs, call: raw.runs, json_chars: raw.last, retries: r.last.retries, memory: await memoryBytes() };
  },

  /**
   * Where one call's time goes inside wasm (js_api.rs `phases_json`: input,
   * parse, enrich, diagnose, json, free) and the wasm memory after each phase.
   */
  phases(mib, diagnose) {
    const { text } = textOf(mib);
    const t = now();
    const r = JSON.parse(glue.phases_json([{ name: 'distmgr.log', text }], diagnose));
    return { ...r, total_ms: now() - t, memory_after: pageMemoryBytes() };
  },

  /** Drop the generated text of `mib` MiB. */
  drop(mib) { texts.delete(mib); },

  /**
   * The e2e check: the reference and kbwiz.scan on `lines` lines give the
   * same grouped counts; returns both, and the diagnosis summary.
   */
  async check(lines) {
    const { text } = distmgrLog({ lines });
    const reference = extract(text);
    const scan = await window.kbwiz.scan(text);
    const diagnosis = await window.kbwiz.diagnose(text);
    return {
      reference: { lines: reference.lines, entries: reference.entries, statmsgs: reference.statmsgs, counts: countsOnly(reference.messages) },
      // The status messages among the facts: the articles' declared log
      // lines and component logs are facts too, which the reference has not.
      scan: { entries: scan.inputs[0].entries, evidence: scan.evidence.filter((e) => e.kind === 'status_message').length, counts: groupScan(scan) },
      diagnosis: summary(diagnosis),
      memory: await memoryBytes(),
    };
  },
};

window.kbwizBench = steps;
