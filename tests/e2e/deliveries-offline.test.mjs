// Delivery 2, the offline file: dist/offline/kbwiz.html opened from file://
// with every non-file request aborted still completes a diagnosis and runs the
// simulator, and asks for nothing but itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, launch, recordingPage, screenshot } from './lib/harness.mjs';

const FILE = path.join(ROOT, 'dist/offline/kbwiz.html');
const LOG = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'latin1');
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the offline file is one file: every reference in it is inline', () => {
  const html = fs.readFileSync(FILE, 'utf8');
  // (Asserting on booleans: a failure message must not print the 2 MB file.)
  // One script runs; the KB data sits beside it in a JSON block, which is
  // data the browser never executes.
  assert.equal((html.match(/<script(?! type="application\/json")/g) || []).length, 1, 'one inline script');
  assert.equal((html.match(/<script type="application\/json" id="kbwiz-kb">/g) || []).length, 1, 'the KB data inline');
  const refs = [...html.matchAll(/\s(?:src|href)="([^"]*)"/g)].map((m) => m[1].slice(0, 40));
  assert.deepEqual(refs.filter((r) => !r.startsWith('data:') && !r.startsWith('#')), [], 'only data: and # references');
  assert.equal(/<link[^>]*rel="(stylesheet|modulepreload|preload)"/.test(html), false, 'no linked assets');
  assert.equal(html.includes('module_or_path: bytes'), true, 'the wasm comes from embedded bytes');
});

test('the offline file from file:// with networking cut diagnoses, downloads the clean-up and simulates', async () => {
  const context = await browser.newContext({ offline: true, acceptDownloads: true });
  const aborted = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith('file:')) return route.continue();
    aborted.push(url);
    return route.abort();
  });
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const { page, requests, errors } = await recordingPage(context);
  const url = pathToFileURL(FILE).href;
  await page.goto(url);
  await page.click('nav a[href="#/inputs"]');
  await page.fill('#paste-area', LOG);
  await page.click('#read-paste');
  await page.waitForSelector('.input-row');
  assert.equal(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');

  // The clean-up download works from file:// under the page's CSP too.
  await page.click('nav a[href="#/outcome"]');
  await page.check('#backed-up');
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.reg-download').first().click()]);
  const reg = fs.readFileSync(await download.path());
  assert.deepEqual([reg[0], reg[1]], [0xff, 0xfe], 'UTF-16LE with BOM');
  assert.equal(reg.subarray(2).toString('utf16le').includes('\\Retry History\\'), true);

  await page.click('nav a[href="#/simulator"]');
  await page.waitForSelector('figure.chart svg');
  await screenshot(page, 'delivery-offline-simulator');

  assert.deepEqual(aborted, []);
  assert.deepEqual(requests.filter((r) => !r.startsWith('data:')), [url]);
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  await context.close();
});
