// Large inputs are read on the page a piece at a time: a generated
// distmgr.log of about 40 MB holding the full fault is dropped on the page;
// the test sees the progress bar move forward to the end, no worker start,
// and the confirmed verdict reached. Cancelling stops the read and keeps
// nothing. The longest gap between the page's timer ticks while it reads,
// and the time from a click on each tab to the next frames, are printed as
// figures, not asserted: speed lives in benchmarks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, walkWizard, paste, clickToFrame } from './lib/harness.mjs';

const FAULT = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');
const FILLER_LINES = 280000;

let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/**
 * In the page (so that no 40 MB crosses the test driver): build the log (the
 * fault, then filler lines), start recording the progress bar's values and
 * the longest gap between 20 ms timer ticks, and drop the file on the drop
 * zone as a browser does, once the app has drawn it and the lines the file
 * was built from are collected. Resolves to the file's size.
 */
async function dropBigLog(page, lines = FILLER_LINES, { statusMessages = false } = {}) {
  // The drop zone exists once the wasm has started, some time after `goto`.
  await page.waitForSelector('.dropzone');
  const size = await page.evaluate(({ fault, lines, statusMessages }) => {
    const parts = [fault.endsWith('\n') ? fault : `${fault}\n`];
    for (let i = 0; i < lines; i += 1) {
      if (statusMessages) {
        // The benchmark's log (`distmgrLine`, added by `withBenchLog`).
        parts.push(distmgrLine(i));
        continue;
      }
      const mm = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const ss = String(i % 60).padStart(2, '0');
      parts.push(`Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 10:${mm}:${ss}.201 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n`);
    }
    const file = new File(parts, 'distmgr.log', { type: 'text/plain' });
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('#read-progress');
      const value = bar && Number(bar.getAttribute('value'));
      if (bar && window.__progress.at(-1) !== value) window.__progress.push(value);
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    window.__gap = 0;
    let last = performance.now();
    window.__tick = setInterval(() => {
      const now = performance.now();
      window.__gap = Math.max(window.__gap, now - last);
      last = now;
    }, 20);
    // Tasks from the drop on (the Long Tasks API: 50 ms or more; a task's
    // start is read a moment before the drop's clock), and when the header
    // first shows the confirmed verdict.
    window.__drop = Infinity;
    window.__longest = 0;
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.startTime >= window.__drop - 1) {
          window.__longest = Math.max(window.__longest, e.duration);
          window.__longTasks.push([Math.round(e.startTime - window.__drop), Math.round(e.duration)]);
        }
      }
    }).observe({ type: 'longtask' });
    new MutationObserver((_, observer) => {
      if (document.querySelector('.verdict-pending')) window.__weighing = document.querySelector('.verdict-pending').textContent;
      if (document.querySelector('.unrelated')) window.__unrelated = true;
      if (window.__listedAt === undefined && document.querySelector('.input-row')) window.__listedAt = performance.now() - window.__drop;
      if (document.querySelector('.verdict .verdict-word')?.textContent === 'confirmed') {
        window.__verdictAt = performance.now() - window.__drop;
        observer.disconnect();
      }
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
    window.__file = file;
    return file.size;
  }, { fault: FAULT, lines, statusMessages });
  await collectTestGarbage(page);
  // The drop in a task of its own, so that the task that built the file is
  // not counted and the one that takes the drop is.
  await page.evaluate(() => setTimeout(() => {
    window.__drop = performance.now();
    const dt = new DataTransfer();
    dt.items.add(window.__file);
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  }, 0));
  return size;
}

/**
 * Collect the garbage the test left in the page (the lines it built its
 * file from, some 100 MB of strings), as an admin's dropped file leaves
 * none: else the browser collects it while the app reads, and the pause
 * is the test's.
 */
async function collectTestGarbage(page) {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.detach();
}

/**
 * The benchmark's log generator (`tests/bench/page/distmgr-log.mjs`), made
 * a script every page of `context` runs first, so that a page builds the
 * log itself (the site's policy allows no script of the test's own).
 */
async function withBenchLog(context) {
  const source = fs.readFileSync(path.join(ROOT, 'tests/bench/page/distmgr-log.mjs'), 'utf8');
  // Playwright runs an init script in a scope of its own: the one function
  // the page calls is put on `window`.
  await context.addInitScript(`${source.replace(/^export /gm, '')}\nwindow.distmgrLine = distmgrLine;`);
}

/**
 * Milliseconds from a click to the second frame after it: the button whose
 * text is `text` (among `selector`'s matches), or the element `selector`.
 */
const toFrame = (page, selector, text) => page.evaluate(async ([sel, label]) => {
  const target = label === undefined
    ? document.querySelector(sel)
    : [...document.querySelectorAll(sel)].find((b) => b.textContent === label && !b.disabled);
  const start = performance.now();
  target.click();
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return Math.round(performance.now() - start);
}, [selector, text]);

/**
 * Wait for the dropped log (the fault, then `lines` lines) to be listed and
 * confirmed; print drop to verdict and the longest main-thread task.
 */
async function untilConfirmed(page, lines, label) {
  await page.waitForSelector('.input-row', { timeout: 600000 });
  await stopTicks(page);
  await page.waitForFunction(() => window.__verdictAt !== undefined, null, { timeout: 600000 });
  const { verdictAt, longest, tasks, listedAt } = await page.evaluate(() => ({
    verdictAt: window.__verdictAt, longest: window.__longest, tasks: window.__longTasks, listedAt: window.__listedAt,
  }));
  console.log(`# figure: ${label}, drop to verdict ${verdictAt.toFixed(0)} ms, longest main-thread task ${longest.toFixed(0)} ms (0: none of 50 ms)`);
  console.log(`# figure: ${label}, input listed at ${listedAt?.toFixed(0)} ms; tasks of 50 ms or more [ms after the drop, ms]: ${JSON.stringify(tasks)}`);
  const faultEntries = FAULT.trimEnd().split('\n').length;
  assert.equal(await page.locator('.input-row .input-entries').innerText(), String(faultEntries + lines));
  assert.equal(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');
}

/**
 * Milliseconds from a click on `selector` to the second frame after it, and
 * to the first frame that shows `shown` (a view whose content is made a
 * step at a time says so first, then shows it).
 */
const toShown = (page, selector, shown) => page.evaluate(async ([sel, want]) => {
  const frame = () => new Promise((done) => requestAnimationFrame(done));
  const start = performance.now();
  document.querySelector(sel).click();
  await frame();
  await frame();
  const second = performance.now() - start;
  while (!document.querySelector(want)) await frame();
  return [Math.round(second), Math.round(performance.now() - start)];
}, [selector, shown]);

/**
 * After a diagnosis: a wizard answer, two tab switches, "next error",
 * printed; then every task of 50 ms or more since the verdict (the views'
 * timeline and summary are made a step at a time after it).
 */
async function afterDiagnosis(page, label) {
  await page.click('nav a[href="#/wizard"]');
  await page.waitForSelector('.wizard');
  const answer = await toFrame(page, '.wizard button', 'I don\'t know');
  const sinceVerdict = await page.evaluate(() => Math.round(performance.now() - window.__drop - window.__verdictAt));
  const [tab, groups] = await toShown(page, 'nav a[href="#/evidence"]', '.evidence h3');
  // The timeline merges every entry and message by time once per diagnosis.
  const [timelineTab, rows] = await toShown(page, 'nav a[href="#/timeline"]', '#next-error');
  const nextError = await toFrame(page, '#next-error');
  console.log(`# figure: after a ${label}, to the second frame (ms): wizard answer ${answer}, tab switch ${tab} (evidence), ${timelineTab} (timeline), next error ${nextError}`);
  console.log(`# figure: after a ${label}, tabs clicked ${sinceVerdict} ms after the verdict; shown (ms after the click): evidence groups ${groups}, timeline rows ${rows}`);
  const after = await page.evaluate(() => window.__longTasks.filter(([at]) => at >= window.__verdictAt));
  console.log(`# figure: after a ${label}, tasks of 50 ms or more since the verdict [ms after the drop, ms]: ${JSON.stringify(after)}`);
}

const stopTicks = (page) => page.evaluate(() => { clearInterval(window.__tick); return window.__gap; });

/** The page's workers as they start (none are expected). */
function watchWorkers(page) {
  const seen = [];
  page.on('worker', (w) => seen.push(w.url()));
  return seen;
}

test('a 40 MB log is read on the page, with progress, and the verdict is reached', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  const workers = watchWorkers(page);
  await page.goto(server.url);

  const size = await dropBigLog(page);
  await page.waitForSelector('.input-row', { timeout: 180000 });
  const gap = await stopTicks(page);
  console.log(`# figure: longest timer gap while reading ${size} bytes on the page: ${gap.toFixed(0)} ms`);
  await page.waitForFunction(() => window.__verdictAt !== undefined);
  const { verdictAt, longest } = await page.evaluate(() => ({ verdictAt: window.__verdictAt, longest: window.__longest }));
  console.log(`# figure: ${size} bytes, drop to verdict ${verdictAt.toFixed(0)} ms, longest task ${longest.toFixed(0)} ms (0: none of 50 ms)`);
  assert.deepEqual(workers, [], 'no worker is started');

  const progress = await page.evaluate(() => window.__progress);
  assert.ok(progress.length >= 10, `progress values seen: ${progress.join(', ')}`);
  for (let i = 1; i < progress.length; i += 1) assert.ok(progress[i] > progress[i - 1], `progress moves forward: ${progress.join(', ')}`);
  assert.equal(progress.at(-1), size, 'the bar ends at the whole input (ASCII: text = bytes)');

  const faultEntries = FAULT.trimEnd().split('\n').length;
  assert.equal(await page.locator('.input-row .input-entries').innerText(), String(faultEntries + FILLER_LINES));
  assert.equal(await page.locator('.input-row .input-format').innerText(), 'sms-log');
  assert.equal(await page.locator('.input-row .input-problems').innerText(), 'none');
  assert.equal(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');
  const times = await clickToFrame(page);
  console.log(`# figure: click to frame after a ${size}-byte load (ms): ${JSON.stringify(times)}`);
  await walkWizard(page);
  assert.equal(await page.locator('.outcome-reached .verdict-line strong').innerText(), 'confirmed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 100 MiB log: the longest main-thread task while it is read, and the page after it', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  // About 100 MiB: the fault, then 733,000 filler lines of 143 bytes.
  const lines = 733000;
  const size = await dropBigLog(page, lines);
  await untilConfirmed(page, lines, `${size} bytes`);
  await afterDiagnosis(page, `${size}-byte diagnosis`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a 100 MiB log of status messages: the longest main-thread task while it is read and diagnosed', async () => {
  // The benchmark's log: half its lines status messages (2300, 2328, 2302,
  // 2339 for 97 packages and 7 child sites), about 175,000 facts per 100
  // MiB; the fault's own lines first.
  const context = await browser.newContext();
  await withBenchLog(context);
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  const lines = 370000;
  const size = await dropBigLog(page, lines, { statusMessages: true });
  await untilConfirmed(page, lines, `status messages, ${size} bytes`);
  // About 190,000 facts: diagnosed a step at a time, and the page said so.
  assert.equal(await page.evaluate(() => window.__weighing), 'Weighing the evidence against every article…');
  assert.equal(await page.locator('.verdict-pending').count(), 0);
  // Meanwhile the inputs were never said to relate to no article.
  assert.equal(await page.evaluate(() => window.__unrelated), undefined);
  await afterDiagnosis(page, `${size}-byte diagnosis of status messages`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('click-to-frame figures with a small input, beside the 40 MB ones', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await paste(page, FAULT);
  const times = await clickToFrame(page);
  console.log(`# figure: click to frame after a ${FAULT.length}-byte paste (ms): ${JSON.stringify(times)}`);
  assert.equal(Object.keys(times).length, 6);
  assert.deepEqual(errors, []);
  await context.close();
});

test('cancelling a read stops it and keeps nothing', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await dropBigLog(page);
  await page.waitForSelector('#read-progress');
  await page.waitForFunction(() => window.__progress.some((v) => v > 0));
  await page.click('.progress button');
  await page.waitForSelector('.inputs .error');
  await stopTicks(page);
  assert.match(await page.locator('.inputs .error').innerText(), /reading distmgr\.log was cancelled; nothing of it was kept/);
  assert.equal(await page.locator('.input-row').count(), 0);
  assert.equal(await page.locator('#read-progress').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
