// Delivery 3, the widget: a host page with hostile CSS holds two
// <kbwiz-widget>s loaded from dist/widget/. One completes a diagnosis, the
// other stays as it was; the host receives kbwiz-verdict; window.kbwiz gives
// the CLI's --json shapes exactly (the CLI is run on the same file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, screenshot } from './lib/harness.mjs';

const LOG_REL = 'tests/data/scenarios/full-fault/distmgr.log';
const LOG_BYTES = fs.readFileSync(path.join(ROOT, LOG_REL));
let server; let browser; let site;

/** `kbwiz ARGS` from the workspace, parsed JSON of its standard output. */
function cli(...args) {
  const out = execFileSync('cargo', ['run', '-q', '-p', 'kbwiz', '--', ...args], { cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(out.toString('utf8'));
}

before(async () => {
  // The host page and, under it, the widget as a host would deploy it.
  site = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-host-'));
  fs.copyFileSync(path.join(ROOT, 'tests/e2e/fixtures/widget-host.html'), path.join(site, 'index.html'));
  fs.mkdirSync(path.join(site, 'vendor'));
  fs.symlinkSync(path.join(ROOT, 'dist/widget'), path.join(site, 'vendor/kbwiz'));
  server = await serve(site, '/shop');
  browser = await launch();
});
after(async () => {
  await browser?.close(); await server?.close();
  if (site) fs.rmSync(site, { recursive: true, force: true });
});

/** Where two strings first differ, with some context. */
function firstDifference(a, b) {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  return `at ${i}: before …${a.slice(Math.max(0, i - 80), i + 80)}… after …${b.slice(Math.max(0, i - 80), i + 80)}…`;
}

/** A widget's shadow DOM once it stops changing (yew renders in a few passes). */
async function settled(page, selector) {
  let last = null;
  for (let i = 0; i < 50; i += 1) {
    const now = await page.evaluate((sel) => document.querySelector(sel).shadowRoot.innerHTML, selector);
    if (now === last) return now;
    last = now;
    await page.waitForTimeout(100);
  }
  throw new Error(`${selector} never settled`);
}

/**
 * Every request was recorded (the widget's own files at least) and stayed
 * under the host's /shop/; the engine's worker script is a blob: URL of the
 * host's origin, made in the page.
 */
function onlyTheHost(requests) {
  assert.ok(requests.some((r) => r.endsWith('.wasm')), `the widget's wasm was requested from the host: ${requests}`);
  for (const r of requests) {
    assert.ok(r.startsWith(`${server.origin}/shop/`) || r.startsWith(`blob:${server.origin}/`), `request outside the host: ${r}`);
  }
}

async function openHost(page = '') {
  const context = await browser.newContext();
  const rec = await recordingPage(context);
  await rec.page.goto(`${server.url}${page}`);
  await rec.page.evaluate(() => window.kbwiz.ready);
  await rec.page.locator('#one .kbwiz h1').waitFor();
  await rec.page.locator('#two .kbwiz h1').waitFor();
  return { context, ...rec };
}

test('two widgets survive hostile CSS, one diagnoses, the other is untouched, the host hears the verdict', async () => {
  const { context, page, requests, errors } = await openHost();
  const one = page.locator('#one');
  const two = page.locator('#two');

  // Host CSS does not reach in: the widget is shown with its own font and colours.
  const look = await page.evaluate(() => {
    const frame = document.querySelector('#one').shadowRoot.querySelector('.kbwiz-frame');
    const s = getComputedStyle(frame);
    const host = document.querySelector('#one').getBoundingClientRect();
    return { font: s.fontFamily, color: s.color, line: s.lineHeight, display: getComputedStyle(document.querySelector('#one')).display, width: host.width, height: host.height };
  });
  assert.doesNotMatch(look.font, /Comic/);
  assert.notEqual(look.color, 'rgb(255, 0, 0)');
  assert.equal(look.display, 'block');
  assert.ok(look.width > 200 && look.height > 100, `widget box ${look.width}x${look.height}`);
  assert.ok(await one.locator('nav').isVisible(), 'the widget nav is visible despite `nav { display: none }`');
  // Widget CSS does not leak out: the host's own header keeps the host's style.
  const hostHeader = await page.evaluate(() => getComputedStyle(document.querySelector('#host-header')).borderTopStyle);
  assert.equal(hostHeader, 'dashed');
  assert.equal(await page.evaluate(() => document.adoptedStyleSheets.length), 0);

  // Widget two: dark and compact from its attributes; compact is smaller
  // type, not just a class. Both open on Inputs, with the paste box in view.
  assert.match(await two.locator('.kbwiz').getAttribute('class'), /theme-dark/);
  assert.match(await two.locator('.kbwiz').getAttribute('class'), /compact/);
  const fontPx = (id) => page.evaluate((sel) => parseFloat(getComputedStyle(document.querySelector(sel).shadowRoot.querySelector('.kbwiz')).fontSize), id);
  const [oneFont, twoFont] = [await fontPx('#one'), await fontPx('#two')];
  assert.ok(twoFont < oneFont, `compact type is smaller: ${twoFont} against ${oneFont} px`);
  assert.ok(await one.locator('#paste-area').isVisible(), 'a widget opens on Inputs');
  const twoBefore = await settled(page, '#two');

  // Complete a diagnosis in widget one.
  await one.locator('nav a[href="#/inputs"]').click();
  await one.locator('#paste-area').fill(LOG_BYTES.toString('latin1'));
  await one.locator('#read-paste').click();
  await one.locator('.input-row').waitFor();
  assert.equal(await one.locator('.verdict .verdict-word').innerText(), 'confirmed');

  // The host heard it: bubbling, composed, from widget one only.
  await page.waitForFunction(() => window.verdicts.some((v) => v.detail.verdict === 'confirmed'));
  const verdicts = await page.evaluate(() => window.verdicts);
  const confirmed = verdicts.filter((v) => v.detail.verdict === 'confirmed');
  assert.deepEqual(confirmed, [{ target: 'one', bubbles: true, composed: true, detail: { article: 'Q319207', verdict: 'confirmed', outcome: 'confirmed' } }]);
  assert.ok(verdicts.every((v) => v.target === 'one' || v.detail.verdict !== 'confirmed'));

  // Widget two is exactly as it was; the page's URL (hash) was not touched.
  const twoAfter = await settled(page, '#two');
  assert.equal(twoAfter === twoBefore, true, `widget two changed: ${firstDifference(twoBefore, twoAfter)}`);
  assert.equal(new URL(page.url()).hash, '');
  // Last: Playwright's screenshot touches inputs' style attributes (caret hiding).
  await screenshot(page, 'delivery-widget-hostile-host');

  assert.deepEqual(errors, []);
  onlyTheHost(requests);
  await context.close();
});

test('window.kbwiz returns exactly what the CLI prints with --json', async () => {
  const { context, page, requests, errors } = await openHost();
  const bytes = [...LOG_BYTES];
  const fromPage = await page.evaluate(async ({ name, bytes }) => {
    const input = { name, bytes: new Uint8Array(bytes) };
    return {
      diagnose: await window.kbwiz.diagnose(input),
      scan: await window.kbwiz.scan([input]),
      simulate: await window.kbwiz.simulate({ hierarchy: { kind: 'tiers', fanout: [12] }, failing_packages: 2, hours: 6 }),
      compare: await window.kbwiz.simulate({ hierarchy: { kind: 'tiers', fanout: [100] }, failing_packages: 1, hours: 4 }, { compare: true }),
      calibrated: await window.kbwiz.simulate({ hours: 5 }, { evidence: input }),
      refused: await window.kbwiz.simulate({ hours: 0 }).then(() => 'resolved', (e) => String(e.message)),
    };
  }, { name: LOG_REL, bytes });

  const diagnose = cli('diagnose', '--json', LOG_REL);
  assert.equal(fromPage.diagnose.findings[0].verdict, 'confirmed');
  assert.deepEqual(fromPage.diagnose, diagnose);
  assert.deepEqual(fromPage.scan, cli('scan', '--json', LOG_REL));
  assert.deepEqual(fromPage.simulate, cli('simulate', '--json', '--sites', '12', '--failing', '2', '--hours', '6'));
  assert.deepEqual(fromPage.compare, cli('simulate', '--json', '--compare', '--sites', '100', '--failing', '1', '--hours', '4'));
  assert.deepEqual(fromPage.calibrated, cli('simulate', '--json', '--hours', '5', '--from-evidence', LOG_REL));
  assert.match(fromPage.refused, /at least one hour/);
  assert.deepEqual(errors, []);
  onlyTheHost(requests);
  await context.close();
});

/**
 * In the page: once the engine is chosen, diagnose `bytes` repeated
 * `times` over, given as they are and as a File, counting the host's 0 ms
 * timer callbacks that ran while the first call was under way (none can
 * while the page itself runs the wasm), and say where the engine ran.
 */
function diagnoseTwice({ name, bytes, times = 1 }) {
  return (async () => {
    await window.kbwiz.engine();
    const one = new Uint8Array(bytes);
    const all = new Uint8Array(one.length * times);
    for (let i = 0; i < times; i += 1) all.set(one, i * one.length);
    let ticks = 0;
    let running = true;
    const tick = () => { if (running) { ticks += 1; setTimeout(tick, 0); } };
    setTimeout(tick, 0);
    const asBytes = await window.kbwiz.diagnose({ name, bytes: all });
    running = false;
    const asFile = await window.kbwiz.diagnose(new File([all], name));
    return { asBytes, asFile, ticks, engine: await window.kbwiz.engine() };
  })();
}

test('window.kbwiz runs in a worker: the host page goes on, a File is read there', async () => {
  const { context, page, requests, errors } = await openHost();
  // The full fault's log, repeated to about 4 MB so the call takes a while.
  const times = Math.ceil((4 << 20) / LOG_BYTES.length);
  const r = await page.evaluate(diagnoseTwice, { name: 'distmgr.log', bytes: [...LOG_BYTES], times });
  assert.equal(r.engine.runs_in, 'worker');
  assert.ok(r.engine.memory_bytes > times * LOG_BYTES.length, `the worker's wasm memory holds the input: ${r.engine.memory_bytes}`);
  assert.equal(page.workers().length, 1);
  assert.ok(r.ticks > 0, 'the host page\'s timer ran while the worker read');
  assert.equal(r.asBytes.findings[0].verdict, 'confirmed');
  assert.deepEqual(r.asFile, r.asBytes);
  // An input object holding more than an input (a function) still goes to
  // the worker; a view of part of a buffer is read as that part.
  const extra = await page.evaluate(async (text) => {
    const padded = new TextEncoder().encode(`padding${text}`);
    const d1 = await window.kbwiz.diagnose({ name: 'distmgr.log', text, seen: () => {} });
    const d2 = await window.kbwiz.diagnose({ name: 'distmgr.log', bytes: padded.subarray(7) });
    return [d1.findings[0].verdict, JSON.stringify(d1) === JSON.stringify(d2)];
  }, LOG_BYTES.toString('utf8'));
  assert.deepEqual(extra, ['confirmed', true]);

  // A call that leaves the worker's memory past 64 MiB lets that worker go
  // once idle (10 s); the next call starts another.
  const [first] = page.workers();
  const closed = new Promise((done) => first.once('close', done));
  const big = await page.evaluate(async ({ bytes, times }) => {
    const one = new Uint8Array(bytes);
    const all = new Uint8Array(one.length * times);
    for (let i = 0; i < times; i += 1) all.set(one, i * one.length);
    const d = await window.kbwiz.diagnose(new File([all], 'distmgr.log'));
    return { verdict: d.findings[0].verdict, engine: await window.kbwiz.engine() };
  }, { bytes: [...LOG_BYTES], times: Math.ceil((32 << 20) / LOG_BYTES.length) });
  assert.equal(big.verdict, 'confirmed');
  assert.ok(big.engine.memory_bytes > 64 << 20, `the memory it reached: ${big.engine.memory_bytes}`);
  await closed;
  assert.equal(page.workers().length, 0);
  const again = await page.evaluate(async (text) => {
    const d = await window.kbwiz.diagnose(text);
    return { verdict: d.findings[0].verdict, engine: await window.kbwiz.engine() };
  }, LOG_BYTES.toString('utf8'));
  assert.equal(again.verdict, 'confirmed');
  assert.equal(again.engine.runs_in, 'worker');
  assert.ok(again.engine.memory_bytes < 64 << 20, `a fresh worker's memory: ${again.engine.memory_bytes}`);
  assert.equal(page.workers().length, 1);
  assert.deepEqual(errors, []);
  onlyTheHost(requests);
  await context.close();
});

test('where the page forbids a blob: worker, window.kbwiz runs on the page and answers the same', async () => {
  const html = fs.readFileSync(path.join(ROOT, 'tests/e2e/fixtures/widget-host.html'), 'utf8');
  fs.writeFileSync(path.join(site, 'no-worker.html'), html.replace(
    '<meta charset="utf-8">',
    '<meta charset="utf-8">\n  <meta http-equiv="Content-Security-Policy" content="worker-src \'self\'">',
  ));
  const { context, page, requests } = await openHost('no-worker.html');
  const r = await page.evaluate(diagnoseTwice, { name: LOG_REL, bytes: [...LOG_BYTES] });
  assert.equal(r.engine.runs_in, 'page');
  assert.equal(page.workers().length, 0);
  assert.equal(r.ticks, 0);
  assert.deepEqual(r.asBytes, cli('diagnose', '--json', LOG_REL));
  assert.deepEqual(r.asFile, r.asBytes);
  onlyTheHost(requests);
  await context.close();
});

test('a widget follows attribute changes and goes away cleanly', async () => {
  const { context, page, requests, errors } = await openHost();
  await page.evaluate(() => document.querySelector('#two').setAttribute('theme', 'light'));
  await page.locator('#two .kbwiz.theme-light').waitFor();
  assert.equal(await page.locator('#two .kbwiz').count(), 1, 'one app, re-mounted');
  await page.evaluate(() => document.querySelector('#two').removeAttribute('compact'));
  await page.waitForFunction(() => !document.querySelector('#two').shadowRoot.querySelector('.kbwiz.compact'));
  await page.evaluate(() => document.querySelector('#two').remove());
  // Widget one keeps working after its sibling is gone.
  await page.locator('#one nav a[href="#/inputs"]').click();
  await page.locator('#one #paste-area').waitFor();
  assert.deepEqual(errors, []);
  onlyTheHost(requests);
  await context.close();
});
