// The browser benchmark still works (`cargo xtask bench` is not run in CI):
// its page (tests/bench/page/) loads with the widget from dist/widget/, the
// generated log has the shapes of crates/engine/src/sample.rs, and the
// JavaScript reference groups exactly what kbwiz.scan finds, on a tiny input.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage } from './lib/harness.mjs';
import { distmgrLine } from '../bench/page/distmgr-log.mjs';

let server; let browser; let dir;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-bench-check-'));
  fs.symlinkSync(path.join(ROOT, 'tests/bench/page'), path.join(dir, 'bench'));
  fs.symlinkSync(path.join(ROOT, 'dist/widget'), path.join(dir, 'widget'));
  server = await serve(dir);
  browser = await launch();
});
after(async () => {
  await browser?.close(); await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the generated log has the native benchmark\'s line shapes', () => {
  assert.equal(distmgrLine(2), 'STATMSG: ID=2328 SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL1 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 23:00:00.002 2004 ISTR0="CEN00002" ISTR1="PR2" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=1 AID0=400 AVAL0="CEN00002"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:00:00.002 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n');
  assert.equal(distmgrLine(3), 'Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:00:00.003 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n');
  assert.equal(distmgrLine(61001), 'Processing incoming file C:\\SMS\\inboxes\\distmgr.box\\INCOMING\\CEN00085.PKG.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 16:01:01.001 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n');
});

test('the JS reference and kbwiz.scan group the same messages on the bench page', async () => {
  const context = await browser.newContext();
  const { page, errors, requests } = await recordingPage(context);
  await page.goto(`${server.url}bench/index.html`);
  await page.waitForFunction(() => window.kbwizBench !== undefined);
  const ready = await page.evaluate(() => window.kbwizBench.ready());
  assert.ok(ready.memory > 0, `the page sees the wasm memory: ${JSON.stringify(ready)}`);

  // 16 lines: 8 STATMSG lines, IDs 2300, 2328, 2302, 2339 twice each.
  const small = await page.evaluate(() => window.kbwizBench.check(16));
  const expected = {
    2328: { CEN00002: { count: 1, children: {} }, CEN00010: { count: 1, children: {} } },
    2302: { CEN00004: { count: 1, children: {} }, CEN00012: { count: 1, children: {} } },
    2339: { CEN00006: { count: 1, children: { PR6: 1 } }, CEN00014: { count: 1, children: { PR0: 1 } } },
  };
  assert.deepEqual(small.reference, { lines: 16, entries: 16, statmsgs: 8, counts: expected });
  assert.deepEqual(small.scan, { entries: 16, evidence: 8, counts: expected });

  // 2,000 lines: every package and child site more than once.
  const big = await page.evaluate(() => window.kbwizBench.check(2000));
  assert.deepEqual(big.scan.counts, big.reference.counts);
  const total = (counts, id) => Object.values(counts[id]).reduce((n, g) => n + g.count, 0);
  assert.deepEqual([2328, 2302, 2339].map((id) => total(big.reference.counts, id)), [250, 250, 250]);
  assert.equal(big.reference.statmsgs, 1000);
  assert.equal(big.scan.evidence, 1000);
  assert.deepEqual(big.diagnosis, { verdict: 'insufficient_evidence', packages: 97, cited: 50, evidence: 500, steps: 2 });

  // The phase-by-phase call the benchmark uses answers on the same input.
  const phases = await page.evaluate(async () => {
    await window.kbwizBench.generate(0.01);
    return window.kbwizBench.phases(0.01, true);
  });
  assert.deepEqual(phases.phases.map((p) => p.phase), ['input', 'parse', 'lines', 'diagnose', 'release', 'json', 'free']);
  assert.deepEqual(errors, []);
  // The engine's worker script is a blob: URL the page makes.
  assert.ok(requests.every((r) => r.startsWith(server.origin) || r.startsWith(`blob:${server.origin}/`)), `only the local server: ${requests}`);
  await context.close();
});
