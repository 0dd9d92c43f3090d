// "Import an article": a KB article file read in the browser by the
// importer's own wasm module (loaded by this page only, never by the first
// view), shown as its draft, and the draft used in the session. The offline
// file has no importer beside it and says so.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, serve, launch, recordingPage } from './lib/harness.mjs';

// Written for the importer's tests (tests/data/import/README.md).
const ARTICLE = path.join(ROOT, 'tests/data/import/Q900001.txt');
let server; let browser;

before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('the site drafts an article from a KB file and uses the draft in the session', async () => {
  const context = await browser.newContext();
  const { page, requests, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('.articles li');
  assert.equal(requests.some((r) => r.includes('kbwiz-import')), false, 'the first view loads no importer');
  await page.click('a[href="#/import"]');
  await page.setInputFiles('#import-file', ARTICLE);
  await page.waitForSelector('.import-report');
  assert.equal(await page.locator('.import-report h3').innerText(), 'Q900001 Example: Widget Mover Retries a Package');
  assert.equal(await page.locator('.import-counts').innerText(),
    '2 messages, 2 registry keys, 2 file rows, 3 related articles, 2 log lines; 31 TODOs where our own words must go');
  assert.equal(await page.locator('.import-valid').count(), 1, 'the draft validates');
  const names = await page.locator('.draft-files summary').allInnerTexts();
  assert.equal(names.length, 6);
  assert.ok(names.includes('article.json') && names.includes('tree.json'), names.join(' '));
  // The draft's text is shown as text: markup in it stays characters.
  const shown = await page.locator('.draft-files pre').first().evaluate((e) => e.children.length);
  assert.equal(shown, 0);
  await page.click('.import-add');
  assert.equal(await page.locator('.import-added').innerText(), "Added Q900001 to this session's articles.");
  assert.ok(requests.some((r) => r.endsWith('/kbwiz-import_bg.wasm')), 'the importer was fetched when used');
  await page.click('nav a[href="#/inputs"]');
  const ids = await page.locator('.articles .article-id').allInnerTexts();
  assert.ok(ids.includes('Q900001'), ids.join(' '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the offline file has no importer and points to the command line', async () => {
  const context = await browser.newContext({ offline: true });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path.join(ROOT, 'dist/offline/kbwiz.html')).href + '#/import');
  await page.setInputFiles('#import-file', ARTICLE);
  const alert = page.locator('.import [role=alert]');
  await alert.waitFor();
  assert.equal(await alert.innerText(),
    'Cannot import here: the importer (kbwiz-import-loader.js) is not beside this page. The command line does the same: kbwiz kb import FILE');
  await context.close();
});
