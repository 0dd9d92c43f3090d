// The built site renders in headless Chromium: title and the KB article list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, screenshot } from './lib/harness.mjs';

let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'), '/kbwiz');
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

test('site renders the kbwiz title and the article list under a sub-path', async () => {
  const context = await browser.newContext();
  const { page, requests, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('h1');
  assert.equal(await page.locator('h1').first().innerText(), 'kbwiz');
  const articles = await page.locator('.articles li').allInnerTexts();
  assert.ok(articles.some((t) => t.includes('Q319207')), `articles: ${articles}`);
  assert.deepEqual(errors, []);
  for (const r of requests) assert.ok(r.startsWith(server.origin + '/kbwiz/'), `request outside the site: ${r}`);
  await screenshot(page, 'site-home-desktop');
  await context.close();
});
