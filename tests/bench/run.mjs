// The browser half of `cargo xtask bench`: serves the benchmark page, the
// deliveries and the empty yew page on 127.0.0.1, drives headless Debian
// Chromium with playwright-core (the e2e tests' harness), and writes every
// figure as JSON. Nothing is fetched from anywhere but that local server (and
// file:// for the offline file).
//
//   node tests/bench/run.mjs --dist DIR --empty DIR --out FILE [--tti-runs N] [--sizes 10,100]
//
// DIR defaults: dist/ of the repository, and target/bench/empty-yew. The page
// (tests/bench/page/) runs every engine step in one page, one after another;
// time to interactive is measured in a fresh browser context per run (no
// cache), from navigation start until the paste area (#paste-area) exists and
// is enabled, and until the next animation frame after that (painted).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, serve, launch } from '../e2e/lib/harness.mjs';

const MARKER = '#paste-area';

function options(argv) {
  const o = {
    dist: path.join(ROOT, 'dist'),
    empty: path.join(ROOT, 'target/bench/empty-yew'),
    out: path.join(ROOT, 'target/bench/browser.json'),
    ttiRuns: 7,
    sizes: [10, 100],
  };
  for (let i = 0; i < argv.length; i += 2) {
    const [k, v] = [argv[i], argv[i + 1]];
    if (v === undefined) throw new Error(`${k}: missing value`);
    if (k === '--dist') o.dist = path.resolve(v);
    else if (k === '--empty') o.empty = path.resolve(v);
    else if (k === '--out') o.out = path.resolve(v);
    else if (k === '--tti-runs') o.ttiRuns = Number(v);
    else if (k === '--sizes') o.sizes = v.split(',').map(Number);
    else throw new Error(`unknown option ${k}`);
  }
  return o;
}

const log = (line) => console.log(`bench: ${line}`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** { runs, median } of a list of milliseconds. */
const stat = (runs) => ({ runs: runs.map((x) => Math.round(x * 1000) / 1000), median: Math.round(median(runs) * 1000) / 1000 });

/** A folder to serve: the page, the widget, the site and the empty page side by side. */
function layout(o) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-bench-'));
  const links = {
    bench: path.join(ROOT, 'tests/bench/page'),
    widget: path.join(o.dist, 'widget'),
    site: path.join(o.dist, 'site'),
    empty: o.empty,
  };
  for (const [name, target] of Object.entries(links)) {
    if (!fs.existsSync(target)) throw new Error(`missing ${target} (run cargo xtask bench, which builds it)`);
    fs.symlinkSync(target, path.join(dir, name));
  }
  return dir;
}

/** Milliseconds from navigation start to the marker, in a fresh context. */
async function timeToInteractive(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript((marker) => {
    const seen = () => {
      const el = document.querySelector(marker);
      if (!el || el.disabled || window.__benchTti !== undefined) return false;
      window.__benchTti = performance.now();
      requestAnimationFrame(() => { window.__benchPainted = performance.now(); });
      return true;
    };
    new MutationObserver((_, observer) => { if (seen()) observer.disconnect(); })
      .observe(document, { childList: true, subtree: true });
    // When the app has the page (`<html data-kbwiz>`): on the site, after
    // its first view has painted the start page and loaded the app.
    // Observed from the document: this script may run before the page
    // has its root element.
    new MutationObserver((_, observer) => {
      if (document.documentElement?.hasAttribute('data-kbwiz')) {
        window.__benchApp = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true, attributeFilter: ['data-kbwiz'] });
  }, MARKER);
  await page.goto(url);
  await page.waitForFunction(() => window.__benchPainted !== undefined, null, { timeout: 60000 });
  // The empty page has no app.
  await page.waitForFunction(() => window.__benchApp !== undefined, null, { timeout: 10000 }).catch(() => {});
  const r = await page.evaluate(() => ({
    interactive: window.__benchTti, painted: window.__benchPainted, app: window.__benchApp ?? null,
  }));
  await context.close();
  if (errors.length) throw new Error(`${url}: ${errors.join('; ')}`);
  return r;
}

async function ttiAll(browser, targets, runs) {
  const out = {};
  for (const [name, url] of Object.entries(targets)) {
    const interactive = [];
    const painted = [];
    const app = [];
    await timeToInteractive(browser, url); // warm the server's file cache and the browser binary, not timed
    for (let i = 0; i < runs; i += 1) {
      const r = await timeToInteractive(browser, url);
      interactive.push(r.interactive);
      painted.push(r.painted);
      if (r.app !== null) app.push(r.app);
    }
    out[name] = { url, interactive: stat(interactive), painted: stat(painted), app: app.length ? stat(app) : null };
    const took = out[name].app ? `; the app had the page at ${out[name].app.median} ms` : '';
    log(`time to interactive ${name}: median ${out[name].interactive.median} ms (painted ${out[name].painted.median} ms)${took} over ${runs} runs`);
  }
  return out;
}

/** Every engine step in the one benchmark page. */
async function engine(browser, url, sizes) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.kbwizBench !== undefined);
  const step = (name, ...args) => page.evaluate(([n, a]) => window.kbwizBench[n](...a), [name, args]);
  const out = { ready: await step('ready'), sizes: {} };
  log(`wasm memory at rest: ${out.ready.memory} bytes`);

  for (const mib of sizes) {
    const repeats = mib >= 100 ? 3 : 5;
    const gen = await step('generate', mib);
    log(`${mib} MiB: generated ${gen.bytes} bytes, ${gen.lines} lines in ${gen.ms.toFixed(0)} ms`);
    // First call at this size: the memory each phase adds is its own. The
    // second runs code V8 has optimised by then (a wasm function already
    // running keeps its baseline code): the speed target reads that one.
    const diagnosePhases = await step('phases', mib, true);
    const diagnosePhasesWarm = await step('phases', mib, true);
    const encode = await step('encode', mib, repeats);
    const versus = await step('versus', mib, repeats);
    const r = {
      bytes: gen.bytes,
      lines: gen.lines,
      diagnose_phases: diagnosePhases,
      diagnose_phases_warm: diagnosePhasesWarm,
      encode: stat(encode.encode),
      encode_into: stat(encode.encode_into),
      ascii_loop: stat(encode.ascii_loop),
      reference: stat(versus.reference),
      diagnose: stat(versus.diagnose),
      reference_result: versus.reference_result,
      diagnose_result: versus.diagnose_result,
      memory_after_diagnose: versus.memory,
    };
    log(`${mib} MiB: reference ${r.reference.median} ms, kbwiz.diagnose ${r.diagnose.median} ms; TextEncoder ${r.encode.median} ms, encodeInto ${r.encode_into.median} ms, wasm-bindgen's ASCII loop ${r.ascii_loop.median} ms`);
    const file = await step('fileToVerdict', mib, repeats);
    r.file_reference = stat(file.reference);
    r.file_kbwiz = stat(file.kbwiz);
    r.file_read = stat(file.read);
    r.file_results = { reference: file.reference_result, kbwiz: file.diagnose_result };
    log(`${mib} MiB: File to verdict: reference ${r.file_reference.median} ms, kbwiz ${r.file_kbwiz.median} ms (reading the bytes alone on the page: ${r.file_read.median} ms)`);
    const bytes = await step('diagnoseBytes', mib, repeats);
    r.diagnose_bytes = stat(bytes.runs);
    const split = await step('split', mib, 'diagnose_json', 'text', repeats);
    r.diagnose_split = { call: stat(split.call), parse: stat(split.parse), json_chars: split.json_chars };
    log(`${mib} MiB: diagnose with bytes ${r.diagnose_bytes.median} ms; wasm call ${r.diagnose_split.call.median} ms + JSON.parse ${r.diagnose_split.parse.median} ms of ${split.json_chars} chars; phases (first call) ${JSON.stringify(r.diagnose_phases.phases.map((p) => [p.phase, Math.round(p.ms), p.memory]))}, (second call) ${JSON.stringify(r.diagnose_phases_warm.phases.map((p) => [p.phase, Math.round(p.ms)]))}; memory ${r.memory_after_diagnose}`);
    const scanRepeats = mib >= 100 ? 1 : 3;
    try {
      const scan = await step('scan', mib, scanRepeats);
      r.scan = stat(scan.runs);
      r.scan_evidence = scan.evidence;
      const scanSplit = await step('split', mib, 'scan_json', 'text', 1);
      r.scan_split = { call: stat(scanSplit.call), parse: stat(scanSplit.parse), json_chars: scanSplit.json_chars };
      r.scan_phases = await step('phases', mib, false);
      r.memory_after_scan = r.scan_phases.memory_after;
      log(`${mib} MiB: scan phases ${JSON.stringify(r.scan_phases.phases.map((p) => [p.phase, Math.round(p.ms), p.memory]))}`);
      log(`${mib} MiB: kbwiz.scan ${r.scan.median} ms (${scan.evidence} evidence); wasm call ${r.scan_split.call.median} ms + JSON.parse ${r.scan_split.parse.median} ms of ${scanSplit.json_chars} chars; memory ${r.memory_after_scan}`);
    } catch (e) {
      r.scan_error = String(e.message || e).split('\n')[0];
      log(`${mib} MiB: kbwiz.scan failed: ${r.scan_error}`);
    }
    await step('drop', mib);
    out.sizes[mib] = r;
  }

  const tiny = await step('tiny', 11, 100);
  out.tiny = { scan: stat(tiny.scan), diagnose: stat(tiny.diagnose) };
  log(`one-line input: kbwiz.scan ${out.tiny.scan.median} ms, kbwiz.diagnose ${out.tiny.diagnose.median} ms`);

  const scenario = { hierarchy: { kind: 'tiers', fanout: [1000] }, failing_packages: 50, hours: 30 * 24 };
  const sim = await step('simulate', scenario, 15);
  out.simulate = { params: scenario, runs: stat(sim.runs), call: stat(sim.call), json_chars: sim.json_chars, retries: sim.retries };
  log(`kbwiz.simulate 1000 sites 50 packages 30 days: ${out.simulate.runs.median} ms (wasm call ${out.simulate.call.median} ms, ${sim.json_chars} chars)`);
  const simDefault = await step('simulate', {}, 15);
  out.simulate_default = { runs: stat(simDefault.runs), call: stat(simDefault.call), json_chars: simDefault.json_chars };
  log(`kbwiz.simulate default scenario: ${out.simulate_default.runs.median} ms`);

  out.errors = errors;
  await context.close();
  return out;
}

/**
 * kbwiz.scan of `mib` MiB, paged, in a page of its own: wasm memory never
 * shrinks, so only there is the memory after it the scan's own.
 */
async function scanMemory(browser, url, mib) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.kbwizBench !== undefined);
  const step = (name, ...args) => page.evaluate(([n, a]) => window.kbwizBench[n](...a), [name, args]);
  const ready = await step('ready');
  const gen = await step('generate', mib);
  const r = await step('scanPaged', mib);
  await context.close();
  log(`${mib} MiB in a fresh page: kbwiz.scan paged ${r.ms.toFixed(0)} ms, first page after ${r.first_page_ms?.toFixed(0)} ms, ${r.pages} pages, ${r.evidence} evidence; wasm memory ${r.memory} (${(r.memory / gen.bytes).toFixed(2)}x the input; ${ready.memory} at rest)`);
  return { ...r, bytes: gen.bytes, memory_at_rest: ready.memory };
}

async function main() {
  const o = options(process.argv.slice(2));
  const dir = layout(o);
  const server = await serve(dir);
  const browser = await launch();
  try {
    const version = browser.version();
    log(`Chromium ${version}, serving ${dir} at ${server.url}`);
    const result = { chromium: version };
    result.engine = await engine(browser, `${server.url}bench/index.html`, o.sizes);
    result.engine.scan_memory = await scanMemory(browser, `${server.url}bench/index.html`, Math.max(...o.sizes));
    result.tti = await ttiAll(browser, {
      site: `${server.url}site/index.html`,
      offline: pathToFileURL(path.join(o.dist, 'offline/kbwiz.html')).href,
      empty_yew: `${server.url}empty/index.html`,
    }, o.ttiRuns);
    const outside = server.hits.filter((h) => !/^\/(bench|widget|site|empty)\//.test(h));
    result.unexpected_requests = outside;
    fs.mkdirSync(path.dirname(o.out), { recursive: true });
    fs.writeFileSync(o.out, `${JSON.stringify(result, null, 1)}\n`);
    log(`wrote ${o.out}`);
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => { console.error(`bench: ${e.stack || e}`); process.exit(1); });
