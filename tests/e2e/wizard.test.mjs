// The wizard end to end in headless Chromium: paste a positive distmgr.log and
// reach the confirmed verdict; drop a UTF-16LE .reg; download the .reg
// clean-up; reload and find the session intact. Screenshots of the main views
// at desktop and phone widths land in tests/e2e/artifacts/ (not committed).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, screenshot, paste, walkWizard as walk } from './lib/harness.mjs';

const DATA = path.join(ROOT, 'tests/data');
let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('pasting the full fault reaches the confirmed verdict with its evidence', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await paste(page, fs.readFileSync(path.join(DATA, 'scenarios/full-fault/distmgr.log'), 'utf8'));
  assert.equal(await page.locator('.input-row .input-format').innerText(), 'sms-log');
  assert.equal(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');
  await screenshot(page, 'inputs-desktop');

  await page.click('nav a[href="#/wizard"]');
  await walk(page);
  const stepsByEvidence = await page.locator('.step.by-evidence').count();
  assert.ok(stepsByEvidence >= 3, `steps answered by evidence: ${stepsByEvidence}`);
  assert.equal(await page.locator('.outcome-reached .verdict-line strong').innerText(), 'confirmed');
  await screenshot(page, 'wizard-desktop');

  await page.click('nav a[href="#/evidence"]');
  await page.waitForSelector('table.packages');
  assert.match(await page.locator('table.packages tbody tr').first().innerText(), /CEN00012/);
  await screenshot(page, 'evidence-desktop');

  // The evidence links to its source line in the log view.
  await page.locator('.evidence-item a.source').first().click();
  await page.waitForSelector('#marked-line');
  assert.match(await page.locator('#marked-line').innerText(), /STATMSG: ID=2328/);

  await page.setViewportSize({ width: 390, height: 844 });
  await page.click('nav a[href="#/outcome"]');
  await page.waitForSelector('table.hotfix');
  await screenshot(page, 'outcome-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped UTF-16LE .reg is read, and the .reg clean-up downloads after the backup warning', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.setInputFiles('#file-pick', path.join(DATA, 'parse/retry-history-utf16.reg'));
  await page.waitForSelector('.input-row');
  assert.equal(await page.locator('.input-row .input-format').innerText(), 'reg');
  await page.click('nav a[href="#/outcome"]');
  const button = page.locator('button.reg-download').first();
  assert.equal(await button.isDisabled(), true, 'download waits for the backup acknowledgement');
  await page.check('#backed-up');
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = await download.path();
  const bytes = fs.readFileSync(file);
  assert.equal(bytes[0], 0xff); assert.equal(bytes[1], 0xfe);
  const text = bytes.subarray(2).toString('utf16le');
  assert.match(text, /^Windows Registry Editor Version 5\.00\r\n/);
  assert.match(text, /\[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History\\/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a reload keeps inputs and answers', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await paste(page, fs.readFileSync(path.join(DATA, 'scenarios/full-fault/distmgr.log'), 'utf8'));
  await page.click('nav a[href="#/wizard"]');
  await walk(page);
  const steps = await page.locator('.step').allInnerTexts();
  assert.ok(steps.length >= 3);
  await page.reload();
  await page.waitForSelector('.outcome-reached');
  assert.deepEqual(await page.locator('.step').allInnerTexts(), steps);
  await page.click('nav a[href="#/inputs"]');
  assert.equal(await page.locator('.input-row .input-name').innerText(), 'paste 1');
  assert.deepEqual(errors, []);
  await context.close();
});
