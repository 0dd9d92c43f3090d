// Delivery 1, the static website: dist/site/ served under a sub-path completes
// a diagnosis; every request stays on its own origin and sub-path, and its
// Content-Security-Policy is in force with no violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, screenshot } from './lib/harness.mjs';

const LOG = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'latin1');
let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'), '/help/kbwiz');
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('the site under a sub-path diagnoses a pasted log with only its own requests', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const { page, requests, errors } = await recordingPage(context);
  await page.goto(server.url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /^default-src 'none'; script-src 'self' 'sha256-[A-Za-z0-9+/]+=' 'wasm-unsafe-eval';/);
  assert.doesNotMatch(csp, /https?:|\*/, 'the policy names no other origin');

  await page.click('nav a[href="#/inputs"]');
  await page.fill('#paste-area', LOG);
  await page.click('#read-paste');
  await page.waitForSelector('.input-row');
  assert.equal(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');
  assert.match(page.url(), /\/help\/kbwiz\/#\/inputs$/, 'hash routes under the sub-path');

  await page.click('nav a[href="#/simulator"]');
  await page.waitForSelector('figure.chart svg');
  await screenshot(page, 'delivery-site-simulator');

  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(errors, []);
  assert.ok(requests.length >= 3, `requests: ${requests}`);
  for (const r of requests) assert.ok(r.startsWith(`${server.origin}/help/kbwiz/`), `request outside the site: ${r}`);
  for (const hit of server.hits) assert.ok(hit.startsWith('/help/kbwiz/'), `server hit outside the sub-path: ${hit}`);
  await context.close();
});
