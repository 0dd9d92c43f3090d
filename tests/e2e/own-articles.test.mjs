// An admin's own articles load beside the built-in ones: in the site through
// "Your own articles" and in the widget's JS API through kbwiz.loadKb. The
// article used is a copy of the built-in one under another ID, made here from
// the repository's kb/ folder: no Rust or build change knows of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, paste } from './lib/harness.mjs';

const SOURCE = path.join(ROOT, 'kb/Q319207');
const COPY_ID = 'Q900001';
const LOG = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');
let server; let widgetServer; let browser; let copy; let host;

/** The built-in article's files with its ID replaced: `[{ name, text }]`. */
function copiedFiles(prefix) {
  return fs.readdirSync(SOURCE).sort().map((name) => ({
    name: `${prefix}${name}`,
    text: fs.readFileSync(path.join(SOURCE, name), 'utf8').replaceAll('"Q319207"', `"${COPY_ID}"`),
  }));
}

before(async () => {
  copy = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-own-'));
  for (const f of copiedFiles('')) fs.writeFileSync(path.join(copy, f.name), f.text);
  host = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-host-'));
  fs.copyFileSync(path.join(ROOT, 'tests/e2e/fixtures/widget-host.html'), path.join(host, 'index.html'));
  fs.mkdirSync(path.join(host, 'vendor'));
  fs.symlinkSync(path.join(ROOT, 'dist/widget'), path.join(host, 'vendor/kbwiz'));
  server = await serve(path.join(ROOT, 'dist/site'));
  widgetServer = await serve(host, '/shop');
  browser = await launch();
});
after(async () => {
  await browser?.close(); await server?.close(); await widgetServer?.close();
  for (const dir of [copy, host]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the site loads an article of your own, lists it, diagnoses with it and shows it', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('.articles li');
  const ids = () => page.locator('.articles .article-id').allInnerTexts();
  const builtIn = await ids();
  assert.ok(builtIn.includes('Q319207') && !builtIn.includes(COPY_ID), builtIn.join(' '));

  // A broken article first: refused, its problem named by file and path.
  const broken = path.join(copy, '..', `kbwiz-broken-${process.pid}`);
  fs.mkdirSync(broken, { recursive: true });
  fs.writeFileSync(path.join(broken, 'article.json'), '{"id": 7}');
  await page.setInputFiles('#load-files', [path.join(broken, 'article.json')]);
  await page.waitForSelector('.load-report');
  assert.equal(await page.locator('.load-report p').innerText(), 'No article added.');
  const problems = await page.locator('.load-report .problems li').allInnerTexts();
  assert.ok(problems.includes('your articles/article.json: id: invalid type: integer `7`, expected a string at line 1 column 8'), problems.join('\n'));
  fs.rmSync(broken, { recursive: true, force: true });
  assert.deepEqual(await ids(), builtIn);

  // The copy: added and listed beside the built-in article.
  await page.setInputFiles('#load-files', fs.readdirSync(copy).sort().map((n) => path.join(copy, n)));
  await page.waitForFunction(() => document.querySelector('.load-report p')?.textContent === 'Added: Q900001.');
  assert.deepEqual(await ids(), [...builtIn, COPY_ID].sort());

  // Both articles read the same evidence the same way.
  await paste(page, LOG);
  await page.click('nav a[href="#/inputs"]');
  const verdicts = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('.articles li')]
    .map((li) => [li.querySelector('.article-id').textContent, li.querySelector('.article-verdict').textContent])));
  assert.equal(verdicts.Q319207, 'confirmed');
  assert.equal(verdicts[COPY_ID], verdicts.Q319207);

  // Its page: its own words (as Markdown text) and its facts.
  await page.goto(`${server.url}#/article/${COPY_ID}`);
  await page.waitForSelector('.article .messages');
  assert.ok((await page.locator('.prose pre').innerText()).includes('# Q319207'), 'the Markdown is shown as text');
  assert.deepEqual(await page.locator('.messages tbody th').allInnerTexts(), ['2328', '2302', '2339']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('kbwiz.loadKb adds the copy to the JS API: listed, diagnosed, problems named', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(widgetServer.url);
  await page.evaluate(() => window.kbwiz.ready);
  const files = [...copiedFiles(`mine/${COPY_ID}/`), { name: 'mine/BAD/tree.json', text: '[' }];
  const loaded = await page.evaluate((f) => window.kbwiz.loadKb(f), files);
  assert.deepEqual(loaded.loaded, [COPY_ID]);
  assert.ok(loaded.articles.includes('Q319207') && loaded.articles.includes(COPY_ID), loaded.articles.join(' '));
  assert.ok(loaded.problems.some((p) => p === 'BAD/tree.json: [0]: EOF while parsing a list at line 1 column 1'), loaded.problems.join('\n'));
  assert.ok(loaded.problems.includes('BAD/article.json: missing (every article needs this file)'), loaded.problems.join('\n'));
  const report = await page.evaluate((text) => window.kbwiz.diagnose(text), LOG);
  const byArticle = Object.fromEntries(report.findings.map((f) => [f.article, f.verdict]));
  assert.equal(byArticle.Q319207, 'confirmed');
  assert.equal(byArticle[COPY_ID], 'confirmed');
  assert.deepEqual(errors, []);
  await context.close();
});
