/* kbwiz-widget.js: embed the kbwiz wizard in any page.
 *
 *   <script src="https://example.org/kbwiz/kbwiz-widget.js"></script>
 *   <kbwiz-widget article="Q319207" theme="light" compact></kbwiz-widget>
 *
 * Defines the <kbwiz-widget> element (its own shadow root, so page CSS cannot
 * reach in and its CSS cannot leak out; attributes `article`, `compact`,
 * `theme` = light | dark | system) which dispatches a bubbling, composed
 * `kbwiz-verdict` CustomEvent with detail { article, verdict, outcome }, and
 * window.kbwiz, the engine without the UI:
 *
 *   await kbwiz.ready;                        // resolves once the wasm is loaded
 *   await kbwiz.scan(input, { onPage })       // = kbwiz scan --json; the wasm hands the
 *                                             // evidence over in pages while it reads, each
 *                                             // also given to onPage(array) if set
 *   await kbwiz.diagnose(input)               // = kbwiz diagnose --json
 *   await kbwiz.simulate(params, { compare, evidence, article })   // = kbwiz simulate --json
 *   await kbwiz.redact(input)                 // = kbwiz redact --json: { inputs, map }
 *   await kbwiz.undo(input, { version5 })     // the fix's .reg and its undo (or the export to take)
 *   await kbwiz.saveCase(input, { redact })   // { text, inputs_form, map }: a .kbwiz-case.json
 *   await kbwiz.openCase(text)                // = kbwiz case open --json
 *   await kbwiz.loadKb(files)                 // your own articles, for this page's life:
 *                                             // [{ name: 'KB1/article.json', text }, ...]
 *                                             // -> { loaded, articles, problems }
 *   await kbwiz.engine()                      // where the calls run: { runs_in: 'worker' | 'page',
 *                                             //   memory_bytes } (that wasm's memory: now, or
 *                                             //   when a worker was let go after a large call)
 *
 * `input` is a string, a Uint8Array/ArrayBuffer, a File or Blob, { name, text }
 * or { name, bytes } (bytes may be a Blob), or an array of those. Every call
 * returns a promise of a plain JSON object; errors reject it.
 *
 * The calls run in a worker of their own, so that reading a large input never
 * holds up the host page. A worker's script must come from the page's own
 * origin and these files may not, so the worker is made from a blob: URL; it
 * imports the same glue and gets the wasm module this page compiled, and the
 * KB it read. Where the page cannot have it (a CSP whose worker-src leaves out
 * blob:, a browser without module workers) the calls run on the page instead,
 * as kbwiz.engine() then says. A File given to a worker is read there. A
 * worker left holding a large wasm memory is let go after 10 s without a
 * call, and the next call starts another.
 *
 * The wasm-bindgen glue, the wasm, the stylesheet and the KB data
 * (kbwiz-kb.json, with the articles' texts in kbwiz-prose/) sit next to this file and
 * are found relative to its own URL. `cargo xtask dist` fills in their names.
 * Served from another origin, those files need CORS headers (module import
 * and fetch); a host page with a CSP must allow that origin in script-src and
 * connect-src, plus 'wasm-unsafe-eval'. */
(() => {
  'use strict';
  if (window.customElements.get('kbwiz-widget')) return;
  const FILES = { glue: '__KBWIZ_GLUE__', wasm: '__KBWIZ_WASM__', css: '__KBWIZ_CSS__', kb: 'kbwiz-kb.json' };
  const base = (document.currentScript && document.currentScript.src) || document.baseURI;
  const url = (name) => new URL(name, base).href;

  let glue = null;
  let sheet = null;
  let kbText = null;
  let wasmModule = null;
  let pageMemory = null;
  const text = (name) => fetch(url(name)).then((r) => {
    if (!r.ok) throw new Error(`kbwiz: cannot load ${name} (HTTP ${r.status})`);
    return r.text();
  });
  // Compiled here, so that the worker is handed the module, not its bytes.
  const compiled = fetch(url(FILES.wasm)).then(async (r) => {
    if (!r.ok) throw new Error(`kbwiz: cannot load ${FILES.wasm} (HTTP ${r.status})`);
    try {
      return await WebAssembly.compileStreaming(r.clone());
    } catch (_) {
      // Served without the application/wasm type: compiled from its bytes.
      return WebAssembly.compile(await r.arrayBuffer());
    }
  });
  const loaded = Promise.all([import(url(FILES.glue)), text(FILES.css), text(FILES.kb), compiled])
  .then(async ([mod, css, kb, module]) => {
    pageMemory = (await mod.default({ module_or_path: module })).memory;
    mod.load_kb(kb, url(FILES.kb));
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    kbText = kb;
    wasmModule = module;
    glue = mod;
  });

  // Bytes as the call takes them: a view of part of a larger buffer is
  // copied out, as a worker would otherwise be sent the whole buffer.
  const ownBytes = (b) => (b instanceof Uint8Array && b.byteLength !== b.buffer.byteLength ? b.slice() : b);
  // A new object of the fields an input has, so that one holding anything
  // else (a function, say) can still be sent to the worker.
  const asInput = (x) => {
    if (typeof x === 'string') return { text: x };
    if (x instanceof Uint8Array || x instanceof ArrayBuffer) return { bytes: ownBytes(x) };
    if (x instanceof Blob) return x.name ? { name: x.name, bytes: x } : { bytes: x };
    if (x && typeof x === 'object') return { name: x.name, text: x.text, bytes: ownBytes(x.bytes) };
    throw new TypeError('kbwiz: an input is a string, bytes, a File, { name, text } or { name, bytes }');
  };
  const asInputs = (x) => (Array.isArray(x) ? x.map(asInput) : [asInput(x)]);

  // Inputs whose bytes are a Blob (a File) read, wherever the call runs, in
  // new objects in the loader's own arrays. For a diagnosis, each is read as
  // the browser streams it and handed to the engine a piece at a time, which
  // scans it while the rest comes (`{ name, reading }`); for other calls, it
  // is read into bytes. Its source is also the worker's (below), so it names
  // nothing outside itself.
  async function readBlobs(args, glue, fn) {
    const streamed = fn === 'diagnose_json' && typeof glue.reading_begin === 'function';
    for (const arg of args) {
      if (!Array.isArray(arg)) continue;
      for (let i = 0; i < arg.length; i += 1) {
        const input = arg[i];
        if (!(input && typeof Blob === 'function' && input.bytes instanceof Blob)) continue;
        if (!streamed || typeof input.bytes.stream !== 'function') {
          arg[i] = { ...input, bytes: new Uint8Array(await input.bytes.arrayBuffer()) };
          continue;
        }
        const reading = glue.reading_begin(input.name ?? `input-${i + 1}.txt`, input.bytes.size);
        const reader = input.bytes.stream().getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          glue.reading_push(reading, value);
        }
        glue.reading_end(reading);
        arg[i] = { name: input.name, reading };
      }
    }
    return args;
  }

  // The worker: calls are taken in the order sent, each answered with its
  // JSON (or its error's message) and the wasm memory's size after it; a
  // paged scan's pages go first, one message each.
  const WORKER = `${readBlobs.toString()}
let glue = null;
let memory = null;
let queue = Promise.resolve();
const take = async ({ init, id, fn, args, paged }) => {
  if (init) {
    try {
      glue = await import(init.glue);
      memory = (await glue.default({ module_or_path: init.module })).memory;
      glue.load_kb(init.kb, init.kbUrl);
      for (const files of init.own) glue.add_articles_json(files);
      postMessage({ ready: true });
    } catch (e) {
      postMessage({ ready: false, error: String(e && e.message !== undefined ? e.message : e) });
    }
    return;
  }
  try {
    let ok = null;
    if (fn) {
      const given = await readBlobs(args, glue, fn);
      ok = paged
        ? glue.scan_json(given[0], (page) => postMessage({ id, page }))
        : glue[fn](...given);
    }
    postMessage({ id, ok, memory: memory.buffer.byteLength });
    // What the call no longer needs is freed once its answer is on its way.
    glue.free_left_over();
  } catch (e) {
    postMessage({ id, error: String(e && e.message !== undefined ? e.message : e), memory: memory.buffer.byteLength });
  }
};
onmessage = (event) => { queue = queue.then(() => take(event.data)); };
`;

  // Own articles loaded so far, for a worker started after them.
  const own = [];

  const onPage = {
    runs_in: 'page',
    call: async (fn, args, page) => {
      const given = await readBlobs(args, glue, fn);
      const result = page ? glue.scan_json(given[0], page) : glue[fn](...given);
      // Freed in a task of its own, after the caller has its answer.
      setTimeout(() => glue.free_left_over(), 0);
      return result;
    },
    memory: async () => pageMemory.buffer.byteLength,
    // The page's wasm is the one loadKb loads into.
    syncArticles: () => {},
  };

  // A worker whose wasm memory grew past RETIRE_BYTES is let go once it has
  // had nothing to do for RETIRE_IDLE_MS: wasm memory never shrinks, and a
  // 100 MiB diagnosis leaves about 540 MB. The next call starts a fresh
  // worker from the compiled module (the page's own wasm could never give
  // the memory back). Not at once: a fresh worker's first large call is
  // slower (its memory grows again from nothing), and calls often come in
  // runs.
  const RETIRE_BYTES = 64 * 1024 * 1024;
  const RETIRE_IDLE_MS = 10000;

  /**
   * A worker running the engine, once it has said it is ready. `gone` is
   * called when it stops (let go, or failed after its start): calls from
   * then on go to the engine chosen next.
   */
  const startWorker = (gone) => new Promise((resolve, reject) => {
    const source = URL.createObjectURL(new Blob([WORKER], { type: 'text/javascript' }));
    let worker;
    try {
      worker = new Worker(source, { type: 'module', name: 'kbwiz engine' });
    } catch (e) {
      URL.revokeObjectURL(source);
      reject(e);
      return;
    }
    const pending = new Map();
    let next = 0;
    let ready = false;
    let stopped = false;
    let lastMemory = null;
    let idle = null;
    const send = (fn, args, page) => {
      if (stopped) return engine().then((e) => e.call(fn, args, page));
      clearTimeout(idle);
      return new Promise((res, rej) => {
        const id = next;
        next += 1;
        pending.set(id, { res, rej, page });
        worker.postMessage({ id, fn, args, paged: Boolean(page) });
      });
    };
    const stop = () => {
      stopped = true;
      worker.terminate();
      gone();
    };
    // How many of `own` the worker has: those sent with its start, then
    // each sent once as loadKb adds it.
    let synced = own.length;
    const started = {
      runs_in: 'worker',
      call: send,
      // After it was let go: the size it had reached.
      memory: () => (stopped ? Promise.resolve(lastMemory) : send(null, []).then(() => lastMemory)),
      syncArticles: () => {
        if (stopped) return;
        for (const files of own.slice(synced)) send('add_articles_json', [files]).catch(() => {});
        synced = own.length;
      },
    };
    worker.onmessage = ({ data }) => {
      if ('ready' in data) {
        URL.revokeObjectURL(source);
        if (data.ready) { ready = true; resolve(started); }
        else { worker.terminate(); reject(new Error(data.error)); }
        return;
      }
      const call = pending.get(data.id);
      if (!call) return;
      if ('page' in data) { call.page(data.page); return; }
      pending.delete(data.id);
      lastMemory = data.memory;
      if (lastMemory > RETIRE_BYTES && pending.size === 0) idle = setTimeout(stop, RETIRE_IDLE_MS);
      if ('error' in data) call.rej(new Error(data.error));
      else call.res(data.ok);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      URL.revokeObjectURL(source);
      const error = new Error(`kbwiz: the engine's worker stopped: ${event.message || 'not allowed here'}`);
      reject(error);
      for (const call of pending.values()) call.rej(error);
      pending.clear();
      // One that never started leaves the choice to the page (above).
      if (ready && !stopped) stop();
    };
    worker.postMessage({ init: { glue: url(FILES.glue), module: wasmModule, kb: kbText, kbUrl: url(FILES.kb), own } });
  });

  // Chosen at the first call: a worker, else the page. `last` is the
  // latest chosen, which kbwiz.engine() reports on.
  let chosen = null;
  let last = null;
  const engine = () => {
    if (!chosen) {
      const mine = loaded
        .then(() => startWorker(() => { if (chosen === mine) chosen = null; }).catch(() => onPage))
        .then((e) => { last = e; return e; });
      chosen = mine;
    }
    return chosen;
  };
  const call = (fn, args, page) => engine().then((e) => e.call(fn, args(), page)).then(JSON.parse);

  const api = {
    scan: (input, options = {}) => {
      const evidence = [];
      const page = (json) => {
        const facts = JSON.parse(json);
        for (const fact of facts) evidence.push(fact);
        if (options.onPage) options.onPage(facts);
      };
      return call('scan_json', () => [asInputs(input)], page).then((rest) => {
        const out = { inputs: rest.inputs, evidence };
        if (rest.threads) out.threads = rest.threads;
        return out;
      });
    },
    diagnose: (input) => call('diagnose_json', () => [asInputs(input)]),
    // The page's wasm reads them too: the widgets on the page know them.
    loadKb: (files) => loaded.then(async () => {
      const given = await readBlobs([asInputs(files)], glue, 'add_articles_json');
      const result = JSON.parse(glue.add_articles_json(given[0]));
      own.push(given[0]);
      if (chosen) (await chosen).syncArticles();
      return result;
    }),
    redact: (input) => call('redact_json', () => [asInputs(input)]),
    undo: (input, options = {}) => call('undo_json', () => [asInputs(input), Boolean(options.version5)]),
    saveCase: (input, options = {}) => call('save_case_json', () => [asInputs(input), Boolean(options.redact)]),
    openCase: (text) => call('open_case_json', () => [String(text)]),
    simulate: (params = {}, options = {}) => call('simulate_json', () => [
      JSON.stringify(params == null ? {} : params),
      Boolean(options.compare),
      options.evidence == null ? [] : asInputs(options.evidence),
      options.article == null ? undefined : String(options.article),
    ]),
    engine: () => (last && !chosen ? Promise.resolve(last) : engine())
      .then(async (e) => ({ runs_in: e.runs_in, memory_bytes: await e.memory() })),
  };
  api.ready = loaded.then(() => api);
  window.kbwiz = Object.freeze(api);

  class KbwizWidget extends HTMLElement {
    static get observedAttributes() { return ['article', 'compact', 'theme']; }

    constructor() {
      super();
      this.handle = null;
      this.generation = 0;
      this.started = false;
    }

    connectedCallback() { this.started = true; this.mount(); }

    disconnectedCallback() { this.started = false; this.unmount(); }

    attributeChangedCallback(_name, before, after) {
      if (before !== after && this.started && this.isConnected) this.mount();
    }

    unmount() {
      this.generation += 1;
      if (this.handle) {
        this.handle();
        this.handle = null;
      }
    }

    mount() {
      this.unmount();
      const generation = this.generation;
      const shadow = this.shadowRoot || this.attachShadow({ mode: 'open' });
      if (!glue) {
        const note = document.createElement('p');
        note.className = 'kbwiz-loading';
        note.textContent = 'Loading kbwiz\u2026';
        shadow.replaceChildren(note);
      }
      loaded.then(() => {
        if (generation !== this.generation || !this.isConnected) return;
        shadow.adoptedStyleSheets = [sheet];
        const frame = document.createElement('div');
        frame.className = 'kbwiz-frame';
        shadow.replaceChildren(frame);
        this.handle = glue.mount_widget(
          frame,
          this.getAttribute('article') || '',
          this.hasAttribute('compact'),
          this.getAttribute('theme') || 'system',
          this,
        );
      }, (err) => {
        shadow.textContent = `kbwiz could not load: ${err && err.message}`;
        console.error(err);
      });
    }
  }

  window.customElements.define('kbwiz-widget', KbwizWidget);
})();
