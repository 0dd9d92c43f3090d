// Large inputs picked with the file input: read with a progress bar and a
// cancel button (reading.test.mjs covers a dropped file), the page keeps running
// timers while it reads (the longest gap is printed as a figure, not
// asserted: speed lives in benchmarks), and nothing of a cancelled read is kept.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage } from './lib/harness.mjs';

let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

function bigLog(lines) {
  const out = [];
  for (let i = 0; i < lines; i += 1) {
    const s = String(i % 60).padStart(2, '0');
    out.push(`Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 09:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${s}.201 2004 Pacific Daylight Time><thread=1288 (0x508)>`);
  }
  return Buffer.from(out.join('\r\n') + '\r\n');
}

test('a 40 MB log shows progress, can be cancelled, and is read in full otherwise', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  const lines = 300000;
  const file = { name: 'distmgr.log', mimeType: 'text/plain', buffer: bigLog(lines) };

  await page.setInputFiles('#file-pick', file);
  await page.waitForSelector('#read-progress');
  await page.click('.progress button');
  await page.waitForSelector('.inputs .error');
  assert.match(await page.locator('.inputs .error').innerText(), /reading distmgr\.log was cancelled; nothing of it was kept/);
  assert.equal(await page.locator('.input-row').count(), 0);

  // Measure from the moment the page has the file (handing 40 MB to the page
  // through the test driver blocks it before that, which is not the app).
  await page.evaluate(() => {
    window.__gap = 0;
    document.querySelector('#file-pick').addEventListener('change', () => {
      let last = performance.now();
      window.__tick = setInterval(() => { const now = performance.now(); window.__gap = Math.max(window.__gap, now - last); last = now; }, 20);
    }, { capture: true, once: true });
  });
  await page.setInputFiles('#file-pick', file);
  await page.waitForSelector('.input-row', { timeout: 120000 });
  const gap = await page.evaluate(() => { clearInterval(window.__tick); return window.__gap; });
  console.log(`# figure: longest timer gap while reading ${file.buffer.length} bytes: ${gap.toFixed(0)} ms`);
  assert.equal(await page.locator('.input-row .input-entries').innerText(), String(lines));
  assert.equal(await page.locator('.input-row .input-problems').innerText(), 'none');
  assert.deepEqual(errors, []);
  await context.close();
});
