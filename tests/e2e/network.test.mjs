// No network: a full session on the site served from 127.0.0.1 (paste a log,
// drop a .reg, walk the wizard to an outcome, download the .reg clean-up, run
// the simulator, export the session) makes no request outside the page's
// origin, opens no WebSocket and starts no worker from elsewhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, paste, walkWizard } from './lib/harness.mjs';

const DATA = path.join(ROOT, 'tests/data');
let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('a full session on the site requests nothing outside its origin', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, requests, errors } = await recordingPage(context);
  const sockets = [];
  const workers = [];
  page.on('websocket', (ws) => sockets.push(ws.url()));
  page.on('worker', (w) => workers.push(w.url()));
  // Anything leaving the origin is recorded, then refused, so nothing leaks
  // even if this test is about to fail.
  const outside = [];
  await context.route((url) => url.origin !== server.origin, (route) => {
    outside.push(route.request().url());
    return route.abort();
  });

  await page.goto(server.url);
  await paste(page, fs.readFileSync(path.join(DATA, 'scenarios/full-fault/distmgr.log'), 'utf8'));
  await page.setInputFiles('#file-pick', path.join(DATA, 'parse/retry-history-utf16.reg'));
  await page.locator('.input-row').nth(1).waitFor();

  await walkWizard(page);
  assert.equal(await page.locator('.outcome-reached .verdict-line strong').innerText(), 'confirmed');

  await page.click('nav a[href="#/outcome"]');
  await page.check('#backed-up');
  const [reg] = await Promise.all([page.waitForEvent('download'), page.locator('button.reg-download').first().click()]);
  assert.match(reg.suggestedFilename(), /\.reg$/);

  await page.click('nav a[href="#/evidence"]');
  await page.waitForSelector('table.packages');
  await page.click('nav a[href="#/simulator"]');
  await page.waitForSelector('figure.chart path.series', { state: 'attached' });
  await page.fill('#sim-sites', '200');
  await page.locator('#sim-sites').press('Tab');

  await page.click('nav a[href="#/inputs"]');
  const [session] = await Promise.all([page.waitForEvent('download'), page.click('#export-session')]);
  assert.equal(session.suggestedFilename(), 'kbwiz-session.json');

  assert.deepEqual(outside, [], 'requests outside the origin');
  assert.deepEqual(sockets, [], 'WebSockets');
  for (const w of workers) assert.ok(w.startsWith(`${server.origin}/`) || w.startsWith('blob:'), `worker from elsewhere: ${w}`);
  assert.ok(requests.some((r) => r.endsWith('.wasm')), `the wasm came from the site: ${requests}`);
  for (const r of requests) {
    assert.ok(r.startsWith(`${server.origin}/`) || r.startsWith('blob:') || r.startsWith('data:'), `request outside the origin: ${r}`);
  }
  for (const hit of server.hits) assert.ok(hit.startsWith('/'), `odd server hit: ${hit}`);
  assert.deepEqual(errors, []);
  await context.close();
});
