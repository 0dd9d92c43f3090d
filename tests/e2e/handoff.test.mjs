// The site's first view and the hand-over to the app (src/start/). The
// first view paints the start page from the KB's index before the app has
// loaded; what an admin does on it then (type a search, unfold a symptom,
// paste and press Read paste, pick a file, choose an article) is carried
// out by the app when it takes the page over. The app's wasm is held back
// by the test until the admin is done, so the order is certain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch } from './lib/harness.mjs';

const DATA = path.join(ROOT, 'tests/data');
const LOG = fs.readFileSync(path.join(DATA, 'scenarios/full-fault/distmgr.log'), 'utf8');
let server; let browser;

// What the start page says of its inputs and search, built from the
// examples in the KB's index (kb::catalog::Examples): the same from both
// programs.
const WORDING = {
  hint: 'Paste or drop what you have: logs of components such as SMS_DISTRIBUTION_MANAGER, SMS_PACKAGE_TRANSFER_MANAGER '
    + 'or SMSDPProv (rolled-over .lo_ files too); status message exports with messages such as 2375, 2399 or 3400; '
    + 'regedit exports of keys such as Retry History; file version listings of files such as Distmgr.dll, Baseutil.dll '
    + 'or Basesvr.dll; SQL query results. Everything is read in this page; nothing is uploaded.',
  paste: 'e.g. log lines of SMS_DISTRIBUTION_MANAGER, status message 2375, a regedit export of Retry History, '
    + 'a version listing of Distmgr.dll',
  search: '2375, Retry History, Distmgr.dll',
};

/** The start page's wording as shown. */
async function wording(page) {
  return {
    hint: await page.locator('.inputs > p.hint').innerText(),
    paste: await page.getAttribute('#paste-area', 'placeholder'),
    search: await page.getAttribute('#kb-search', 'placeholder'),
  };
}

before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** A plain page (the harness's waits for the app) whose app is held back until `release()`. */
async function heldPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  let release;
  const held = new Promise((r) => { release = r; });
  const asked = [];
  await page.route('**/kbwiz-web_bg.wasm', async (route) => {
    asked.push(route.request().url());
    await held;
    await route.continue();
  });
  await page.goto(server.url);
  await page.waitForSelector('#paste-area');
  return { context, page, errors, release, asked };
}

test('what the admin does before the app arrives is carried out when it does', async () => {
  const { context, page, errors, release, asked } = await heldPage();
  // The first view: the start page without the app.
  assert.equal(await page.locator('#load-folder').count(), 0, 'the app has not taken over');
  assert.equal(await page.getAttribute('html', 'data-kbwiz'), null);
  const sms = page.locator('section.library', { hasText: 'Microsoft Systems Management Server' });
  assert.match(await sms.locator('h3').innerText(), /\(22 articles\)$/);
  await page.waitForFunction(() => performance.getEntriesByType('resource').some((r) => r.name.endsWith('/kbwiz-web.js')));
  assert.equal(asked.length, 1, 'the app is fetched once the start page is painted');
  assert.deepEqual(await wording(page), WORDING);

  await page.fill('#kb-search', 'Retry History');
  await page.fill('#paste-area', LOG);
  await page.click('#read-paste');
  assert.equal(await page.locator('.inputs .progress').innerText(), 'Reading your paste as soon as kbwiz has loaded…');
  await page.setInputFiles('#file-pick', path.join(DATA, 'parse/retry-history-utf16.reg'));
  assert.equal(await page.locator('.input-row').count(), 0);

  release();
  await page.waitForSelector('html[data-kbwiz=app]', { state: 'attached' });
  await page.locator('.input-row').nth(1).waitFor();
  assert.deepEqual(await page.locator('.input-row .input-name').allInnerTexts(), ['paste 1', 'retry-history-utf16.reg']);
  assert.deepEqual(await page.locator('.input-row .input-format').allInnerTexts(), ['sms-log', 'reg']);
  assert.equal(await page.inputValue('#paste-area'), '', 'the paste was read, not left in the box');
  assert.equal(await page.inputValue('#kb-search'), 'Retry History');
  assert.ok(await page.locator('.search-hits li').count() > 0, 'the app searched for the text typed before it came');
  // The diagnosis runs in steps after the inputs are listed.
  await page.waitForFunction(() => document.querySelector('.verdict .verdict-word') && !document.querySelector('.verdict-pending'));
  assert.match(await page.locator('.verdict .verdict-word').innerText(), /confirmed/i);
  assert.deepEqual(await wording(page), WORDING, 'the app says what the first view said');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a symptom unfolded before the app arrives stays unfolded, the focus where it was', async () => {
  const { context, page, errors, release } = await heldPage();
  const symptom = page.locator('.symptoms details').nth(2);
  await symptom.locator('summary').click();
  const text = await symptom.locator('summary').innerText();
  await page.focus('#kb-search');
  release();
  await page.waitForSelector('html[data-kbwiz=app]', { state: 'attached' });
  await page.waitForSelector('#load-folder');
  assert.equal(await page.locator('.symptoms details').nth(2).getAttribute('open'), '');
  assert.equal(await page.locator('.symptoms details[open] summary').innerText(), text);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'kb-search');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an article chosen before the app arrives opens in the wizard', async () => {
  const { context, page, errors, release } = await heldPage();
  const cm = page.locator('section.library', { hasText: 'Microsoft Configuration Manager' });
  const chosen = await cm.locator('.article-pick .article-id').first().innerText();
  await cm.locator('.article-pick').first().click();
  assert.equal(await page.locator('.inputs .progress').innerText(), 'Opening the wizard as soon as kbwiz has loaded…');
  release();
  await page.waitForSelector('#wizard-h');
  assert.equal(await page.locator('#wizard-h').innerText(), `Wizard: ${chosen}`);
  assert.match(page.url(), /#\/wizard$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the first view with its app missing says so', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.route('**/kbwiz-web_bg.wasm', (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(server.url);
  await page.waitForSelector('html[data-kbwiz=failed]', { state: 'attached' });
  assert.match(await page.locator('p[role=alert]').innerText(), /^kbwiz cannot start: its program could not be loaded/);
  // The start page stays readable.
  assert.ok(await page.locator('.articles li').count() >= 32);
  await context.close();
});
