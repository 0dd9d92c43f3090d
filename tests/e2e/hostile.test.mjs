// Pasted text and file names are only ever shown as text: hostile HTML and
// script in a paste, in a log line and in a file name run nothing and add no
// element anywhere (inputs list, evidence, log view, timeline, report).
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

const PAYLOAD = '<img src=x onerror="window.__pwned=1"></textarea><script>window.__pwned=2</script><a href="javascript:window.__pwned=3">x</a>';

test('hostile pastes and file names are rendered as text everywhere', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  let dialogs = 0;
  page.on('dialog', async (d) => { dialogs += 1; await d.dismiss(); });
  await page.goto(server.url);
  const log = [
    `${PAYLOAD}  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 09:05:12.201 2004 Pacific Daylight Time><thread=1288 (0x508)>`,
    `STATMSG: ID=2328 SEV=E LEV=M SOURCE="SMS Server" COMP="SMS_DISTRIBUTION_MANAGER" SYS=CENTRAL01 SITE=CEN PID=312 TID=1288 GMTDATE=Mon Jun 07 16:05:12.201 2004 ISTR0="${PAYLOAD.replaceAll('"', "'")}" ISTR1="src" ISTR2="dp" NUMATTRS=1 AID0=400 AVAL0="CEN<b>1</b>"  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 09:05:12.201 2004 Pacific Daylight Time><thread=1288 (0x508)>`,
  ].join('\n');
  await page.fill('#paste-area', log);
  await page.click('#read-paste');
  await page.waitForSelector('.input-row');
  await page.setInputFiles('#file-pick', { name: `${PAYLOAD}.log`, mimeType: 'text/plain', buffer: Buffer.from(log) });
  await page.waitForFunction(() => document.querySelectorAll('.input-row').length === 2);
  assert.equal(await page.locator('.input-row .input-name').nth(1).innerText(), `${PAYLOAD}.log`);

  for (const view of ['#/evidence', '#/timeline', '#/wizard', '#/outcome', '#/log/1/1', '#/log/2/2']) {
    await page.evaluate((h) => { window.location.hash = h; }, view);
    await page.waitForTimeout(150);
    const injected = await page.evaluate(() => ({
      imgs: document.querySelectorAll('img').length,
      scripts: [...document.querySelectorAll('script')].filter((s) => s.textContent.includes('__pwned')).length,
      jsLinks: [...document.querySelectorAll('a')].filter((a) => a.getAttribute('href')?.startsWith('javascript:')).length,
      bold: document.querySelectorAll('main b').length,
      pwned: window.__pwned ?? null,
    }));
    assert.deepEqual(injected, { imgs: 0, scripts: 0, jsLinks: 0, bold: 0, pwned: null }, `view ${view}`);
  }
  // The log view shows the payload as text.
  await page.evaluate(() => { window.location.hash = '#/log/1/1'; });
  await page.waitForSelector('#marked-line');
  assert.ok((await page.locator('#marked-line').innerText()).includes('<img src=x onerror='));
  assert.equal(dialogs, 0);
  assert.deepEqual(errors.filter((e) => !e.includes('Failed to load resource')), []);
  await context.close();
});
