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
 *
 * `input` is a string, a Uint8Array/ArrayBuffer, { name, text } or
 * { name, bytes }, or an array of those. Every call returns a promise of a
 * plain JSON object; errors reject it.
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
  const text = (name) => fetch(url(name)).then((r) => {
    if (!r.ok) throw new Error(`kbwiz: cannot load ${name} (HTTP ${r.status})`);
    return r.text();
  });
  const loaded = Promise.all([import(url(FILES.glue)), text(FILES.css), text(FILES.kb)])
  .then(async ([mod, css, kb]) => {
    await mod.default({ module_or_path: url(FILES.wasm) });
    mod.load_kb(kb, url(FILES.kb));
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    glue = mod;
  });

  const asInput = (x) => {
    if (typeof x === 'string') return { text: x };
    if (x instanceof Uint8Array || x instanceof ArrayBuffer) return { bytes: x };
    if (x && typeof x === 'object') return x;
    throw new TypeError('kbwiz: an input is a string, bytes, { name, text } or { name, bytes }');
  };
  const asInputs = (x) => (Array.isArray(x) ? x.map(asInput) : [asInput(x)]);
  const call = (fn, args) => loaded.then(() => JSON.parse(glue[fn](...args())));

  const api = {
    scan: (input, options = {}) => loaded.then(() => {
      const evidence = [];
      const page = (json) => {
        const facts = JSON.parse(json);
        for (const fact of facts) evidence.push(fact);
        if (options.onPage) options.onPage(facts);
      };
      const rest = JSON.parse(glue.scan_json(asInputs(input), page));
      const out = { inputs: rest.inputs, evidence };
      if (rest.threads) out.threads = rest.threads;
      return out;
    }),
    diagnose: (input) => call('diagnose_json', () => [asInputs(input)]),
    loadKb: (files) => call('add_articles_json', () => [asInputs(files)]),
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
