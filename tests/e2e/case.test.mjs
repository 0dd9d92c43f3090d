// The case file end to end: on the site, "Redact inputs" replaces the
// inputs by their redacted form and downloads the map apart; "Save case"
// downloads a case that holds the redacted inputs and no original value;
// the offline file, from file:// with networking cut, opens that case with
// the same verdict and the same wizard path, and says the inputs are
// redacted. A hostile case is refused with its JSON path, nothing rendered.
// The Fix page offers the export to take for an undo when none is pasted.
// The case tools are a feature of the web crate (`case-tools`); a site built
// without it (index.html leaves it out while the first view has no room)
// skips these tests, saying so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, serve, launch, recordingPage, paste, walkWizard } from './lib/harness.mjs';

const LOG = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'latin1');
const EXPORT = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/export-and-reg/status-messages.txt'), 'latin1');
const OFFLINE = path.join(ROOT, 'dist/offline/kbwiz.html');
const ORIGINALS = ['CEN00012', 'CENTRAL01', 'DP01', 'SRC01', 'Office2000', 'SMSPKGC', 'PR1'];
let server; let browser; let tmp;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-case-'));
});
after(async () => {
  await browser?.close(); await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Skip `t` when the site was built without the case tools. */
async function needsCaseTools(t, page) {
  await page.click('nav a[href="#/inputs"]');
  if (await page.locator('#save-case').count()) return false;
  t.skip('this dist/site was built without the case-tools feature (see docs/case-file.md, "Size")');
  return true;
}

/** The verdict banner and the wizard's steps, as the page shows them. */
async function findings(page) {
  const verdict = await page.locator('.verdict').innerText();
  await page.click('nav a[href="#/wizard"]');
  const steps = await page.locator('.step').allInnerTexts();
  await page.click('nav a[href="#/inputs"]');
  return { verdict, steps };
}

/** Open the case file at `file` with "Open case"; resolves to the message. */
async function openCase(page, file) {
  await page.click('nav a[href="#/inputs"]');
  const message = page.locator('.case-message');
  const before = (await message.count()) ? await message.innerText() : null;
  await page.setInputFiles('#open-case', file);
  await page.waitForFunction((old) => {
    const m = document.querySelector('.case-message');
    return m && m.textContent !== old;
  }, before);
  return message.innerText();
}

test('redact on the site, save a case, open it in the offline file: same findings', async (t) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  if (await needsCaseTools(t, page)) return;
  await paste(page, LOG);
  await paste(page, EXPORT);
  assert.match(await page.locator('#inputs-form').innerText(), /are the originals/);

  // The undo needs an export first: the Fix page gives the exact command.
  await page.click('nav a[href="#/outcome"]');
  assert.equal(
    await page.locator('.undo-reg pre.command').first().innerText(),
    'regedit /e "kbwiz-before-1.reg" "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SMS\\Components\\SMS_DISTRIBUTION_MANAGER\\Retry History"',
  );

  await page.click('nav a[href="#/inputs"]');
  const [mapDownload] = await Promise.all([page.waitForEvent('download'), page.click('#redact-inputs')]);
  assert.equal(mapDownload.suggestedFilename(), 'kbwiz-redaction-map.json');
  const map = JSON.parse(fs.readFileSync(await mapDownload.path(), 'utf8'));
  assert.equal(map.format, 'kbwiz-redaction-map');
  assert.deepEqual(
    map.entries.filter((e) => e.value === 'CEN00012' || e.value === 'CENTRAL01').map((e) => [e.kind, e.pseudonym]),
    [['package_id', 'J0100012'], ['server', 'SERVER001']],
  );
  await page.waitForSelector('#inputs-form.inputs-redacted');
  assert.match(await page.locator('.case-message').innerText(), /values replaced by pseudonyms/);
  assert.match(await page.locator('#save-case').innerText(), /redacted inputs/);
  // A reload keeps the inputs and that they are redacted.
  await page.reload();
  await page.click('nav a[href="#/inputs"]');
  await page.waitForSelector('#inputs-form.inputs-redacted');
  assert.match(await page.locator('#save-case').innerText(), /redacted inputs/);
  await walkWizard(page);
  await page.click('nav a[href="#/inputs"]');
  const site = await findings(page);
  assert.match(site.verdict, /confirmed/i);
  assert.ok(site.steps.length >= 3, `steps: ${site.steps.length}`);
  const shown = await page.locator('main').innerText();
  for (const value of ORIGINALS) assert.equal(shown.includes(value), false, `the page still shows ${value}`);

  const [caseDownload] = await Promise.all([page.waitForEvent('download'), page.click('#save-case')]);
  const caseFile = path.join(tmp, caseDownload.suggestedFilename());
  fs.copyFileSync(await caseDownload.path(), caseFile);
  const text = fs.readFileSync(caseFile, 'utf8');
  const saved = JSON.parse(text);
  assert.deepEqual([saved.format, saved.version, saved.inputs_form], ['kbwiz-case', 1, 'redacted']);
  assert.ok(saved.session.answers.length >= 3);
  for (const value of ORIGINALS) assert.equal(text.includes(value), false, `the case holds ${value}`);
  assert.equal(text.includes('J0100012'), true);
  assert.deepEqual(errors, []);

  // The offline file, networking cut.
  const offline = await browser.newContext({ offline: true });
  await offline.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  const { page: off, errors: offErrors } = await recordingPage(offline);
  await off.goto(pathToFileURL(OFFLINE).href);
  assert.equal(await openCase(off, caseFile), 'Case opened: its inputs are redacted.');
  await off.waitForSelector('#inputs-form.inputs-redacted');
  assert.deepEqual(await findings(off), site);
  assert.deepEqual(offErrors, []);
});

test('a hostile case file is refused with its JSON path, nothing rendered', async (t) => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  if (await needsCaseTools(t, page)) return;
  await paste(page, LOG);
  const hostile = path.join(tmp, 'hostile.kbwiz-case.json');
  fs.writeFileSync(hostile, JSON.stringify({
    format: 'kbwiz-case', version: 1, inputs_form: 'original',
    inputs: [{ name: 7, text: '<img src=x onerror="window.pwned=1">' }],
    findings: [], report: '<script>window.pwned=1</script>',
  }));
  const message = await openCase(page, hostile);
  assert.match(message, /^Not opened; the page is unchanged\. .*\$\.inputs\[0\]\.name: expected a string, found a number/);
  assert.equal(await page.locator('.input-row').count(), 1, 'the page is unchanged');
  assert.equal(await page.evaluate(() => window.pwned === undefined && document.querySelectorAll('main img').length === 0), true);
  const newer = path.join(tmp, 'newer.kbwiz-case.json');
  fs.writeFileSync(newer, JSON.stringify({ format: 'kbwiz-case', version: 9 }));
  assert.match(await openCase(page, newer), /\$\.version: format version 9 was written by a newer kbwiz/);
  assert.deepEqual(errors, []);
});
