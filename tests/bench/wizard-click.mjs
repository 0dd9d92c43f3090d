// A wizard click after a large diagnosis, timed in headless Chromium: a
// generated distmgr.log of about 100 MiB (the full fault, then lines of which
// every other one is a STATMSG for other packages, so the evidence is large)
// is dropped on the site, then the wizard's "I don't know" and "Back" are
// clicked in turn, each timed from the click to the second animation frame
// after it. Prints one JSON line. Not part of `cargo xtask test`: run it on a
// built site (`cargo xtask dist`), or on an older build's dist/site to compare:
//
//     node tests/bench/wizard-click.mjs [SITE_DIR] [MIB]
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage } from '../e2e/lib/harness.mjs';

const site = path.resolve(process.argv[2] || path.join(ROOT, 'dist/site'));
const mib = Number(process.argv[3] || 100);
const FAULT = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');

const server = await serve(site);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 850 } });
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('.dropzone');
  const started = Date.now();
  const size = await page.evaluate(({ fault, bytes }) => {
    const parts = [fault.endsWith('\n') ? fault : `${fault}\n`];
    let total = fault.length;
    for (let i = 0; total < bytes; i += 1) {
      const mm = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const ss = String(i % 60).padStart(2, '0');
      const pkg = `CEN${String(100 + (i % 500)).padStart(5, '0')}`;
      const line = i % 2
        ? `Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 10:${mm}:${ss}.201 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n`
        : `STATMSG: ID=2300 SEV=I LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL01 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 17:${mm}:${ss}.201 2004 ISTR0="${pkg}" ISTR1="" ISTR2="" ISTR3="" ISTR4="" ISTR5="" ISTR6="" ISTR7="" ISTR8="" ISTR9="" NUMATTRS=1 AID0=400 AVAL0="${pkg}"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 10:${mm}:${ss}.201 2004 Pacific Daylight Time><thread=1288 (0x508)>\r\n`;
      parts.push(line);
      total += line.length;
    }
    const file = new File(parts, 'distmgr.log', { type: 'text/plain' });
    const dt = new DataTransfer();
    dt.items.add(file);
    document.querySelector('.dropzone').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    return file.size;
  }, { fault: FAULT, bytes: mib * 1024 * 1024 });
  await page.waitForSelector('.input-row', { timeout: 600000 });
  const loadedMs = Date.now() - started;
  await page.click('nav a[href="#/wizard"]');
  await page.waitForSelector('.wizard');
  const clicks = [];
  for (let i = 0; i < 6; i += 1) {
    const label = i % 2 === 0 ? 'I don\'t know' : 'Back';
    clicks.push(await page.evaluate(async (text) => {
      const button = [...document.querySelectorAll('.wizard button')].find((b) => b.textContent === text && !b.disabled);
      if (!button) return null;
      const start = performance.now();
      button.click();
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return Math.round(performance.now() - start);
    }, label));
  }
  console.log(JSON.stringify({ site, bytes: size, load_ms: loadedMs, wizard_clicks_ms: clicks, errors: errors.length }));
} finally {
  await browser.close();
  await server.close();
}
