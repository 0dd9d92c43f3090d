// The site with a library of articles: finding one without evidence (by
// what the admin sees, or by a fact in hand), the
// triage of a paste (those that fit first, the rest folded away), and the
// simulator's tab only for an article that has a model.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, paste } from './lib/harness.mjs';

const LOG = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');
let server; let browser;

before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('"What do you see?" leads from a symptom to the articles that cause it', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  const sms = page.locator('section.library', { hasText: 'Microsoft Systems Management Server' });
  await sms.waitFor();
  assert.match(await sms.locator('h3').innerText(), /^Microsoft Systems Management Server 1\.2, 2\.0, .*\(22 articles\)$/);
  const symptom = sms.locator('.symptoms details', { hasText: 'Schedule.box fills up with job files' });
  assert.equal(await symptom.getAttribute('open'), null, 'folded until asked');
  await symptom.locator('summary').click();
  assert.deepEqual(await symptom.locator('.article-id').allInnerTexts(), ['Q266195', 'Q276259', 'Q319207', 'Q320638']);
  await symptom.locator('a', { hasText: 'Q320638' }).click();
  await page.waitForSelector('.article .kb-id');
  assert.match(await page.locator('.article .kb-id').innerText(), /^Q320638/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an article is found by an error code and opened from the hit', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.fill('#kb-search', 'error = 3');
  await page.waitForSelector('.search-hits li');
  const hits = await page.locator('.search-hits .article-id').allInnerTexts();
  // The SMS articles first among the hits (a Configuration Manager
  // article may quote the same code).
  assert.deepEqual(hits.filter((h) => h.startsWith('Q')).slice(0, 2), ['Q245579', 'Q319189']);
  await page.locator('.search-hits a', { hasText: 'Q319189' }).click();
  await page.waitForSelector('.article .messages, .article .kb-id');
  assert.match(await page.locator('.article .kb-id').innerText(), /^Q319189/);
  assert.match(page.url(), /#\/article\/Q319189$/);
  await page.goto(server.url);
  await page.fill('#kb-search', 'no-such-word-anywhere');
  assert.equal(await page.locator('.article-search [role=status]').innerText(), 'No article matches.');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a paste is triaged: what fits first, the rest folded away; the simulator only with a model', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('.articles li');
  // Before any input the wizard follows the first article, which has no
  // model of its fault: no simulator tab.
  assert.equal(await page.locator('nav a[href="#/simulator"]').count(), 0);
  await paste(page, LOG);
  await page.click('nav a[href="#/inputs"]');
  const first = await page.locator('.article-list > ul.articles li').first().innerText();
  assert.match(first, /^Q319207 .*\nconfirmed/s);
  const folded = page.locator('details.not-assessed');
  assert.equal(await folded.getAttribute('open'), null, 'folded away');
  const total = await page.locator('.articles li').count();
  const silent = await folded.locator('li').count();
  assert.match(await folded.locator('summary').innerText(), new RegExp(`^Not assessed \\(${silent}\\)`));
  assert.ok(silent > 0 && silent < total, `${silent} of ${total}`);
  assert.equal(await page.locator('nav a[href="#/simulator"]').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('file versions tell which known fixes the server has and lacks', async () => {
  const context = await browser.newContext();
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('.articles li');
  // A dir-style listing of a site server's bin folder (scenario q316316-hotfixed).
  await paste(page, fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/q316316-hotfixed/bin-i386.txt'), 'utf8'));
  await page.click('nav a[href="#/inputs"]');
  const rows = page.locator('.fixes li');
  await rows.first().waitFor();
  const texts = await rows.allInnerTexts();
  assert.equal(texts.length, 6, texts.join('\n'));
  assert.match(texts[0], /^lacks Q319189 \(through Q324204's hotfix\): /);
  assert.match(texts[1], /^lacks Q324204: .*Baseutil\.dll 2\.00\.1493\.3253 \(needs 2\.0\.1493\.3260\)/);
  assert.match(texts[5], /^has Q319207: .*Distmgr\.dll 2\.00\.1493\.3257 \(needs 2\.00\.1493\.3257\)/);
  assert.deepEqual(errors, []);
  await context.close();
});
