// File to verdict in headless Chromium: a generated distmgr.log (the full
// fault, then filler lines) is dropped on the site (or on an older build's
// site, which may name a parsing worker: then both its worker path and its
// page path, without the worker meta, are timed); the time runs from the drop to the
// "confirmed" verdict in the header (the log holds the fault), and the longest main-thread task (the Long Tasks
// API) is recorded. Prints one JSON line per size and path. Not part of
// `cargo xtask test`; run on a built site:
//
//     node tests/bench/file-to-verdict.mjs [SITE_DIR] [MIB...]
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch } from '../e2e/lib/harness.mjs';

const site = path.resolve(process.argv[2] || path.join(ROOT, 'dist/site'));
const sizes = process.argv.slice(3).map(Number).filter((n) => n > 0);
const FAULT = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');

const server = await serve(site);
const browser = await launch();
try {
  for (const mib of sizes.length ? sizes : [40, 100]) {
    for (const worker of [true, false]) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(server.url);
      await page.waitForSelector('.dropzone');
      const named = await page.evaluate(() => document.querySelector('meta[name=kbwiz-worker]') !== null);
      if (worker && !named) { await context.close(); continue; }
      if (!worker) await page.evaluate(() => document.querySelector('meta[name=kbwiz-worker]')?.remove());
      await page.evaluate(({ fault, bytes }) => {
        const parts = [fault.endsWith('\n') ? fault : `${fault}\n`];
        let total = fault.length;
        for (let i = 0; total < bytes; i += 1) {
          const mm = String(Math.floor(i / 60) % 60).padStart(2, '0');
          const ss = String(i % 60).padStart(2, '0');
          const line = `Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 10:${mm}:${ss}.201 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n`;
          parts.push(line);
          total += line.length;
        }
        window.__file = new File(parts, 'distmgr.log', { type: 'text/plain' });
        parts.length = 0;
        // Only tasks from the drop on count: building the file is the test's.
        window.__longest = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) {
            if (e.startTime >= window.__drop) window.__longest = Math.max(window.__longest, e.duration);
          }
        }).observe({ type: 'longtask' });
      }, { fault: FAULT, bytes: mib * 1024 * 1024 });
      await page.waitForTimeout(500);
      const ms = await page.evaluate(() => new Promise((done) => {
        const start = performance.now();
        window.__drop = start;
        new MutationObserver((_, observer) => {
          if (document.querySelector('.verdict .verdict-word')?.textContent === 'confirmed') {
            observer.disconnect();
            done(performance.now() - start);
          }
        }).observe(document.body, { subtree: true, childList: true });
        const dt = new DataTransfer();
        dt.items.add(window.__file);
        document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
      }));
      await page.waitForTimeout(200);
      const longest = await page.evaluate(() => window.__longest);
      const bytes = await page.evaluate(() => window.__file.size);
      console.log(JSON.stringify({ path: worker ? 'worker' : 'page', bytes, file_to_verdict_ms: Math.round(ms), longest_task_ms: Math.round(longest) }));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}
