// Every view at desktop (1366x850) and phone (390x844) width, after the full
// fault is pasted, saved under tests/e2e/artifacts/tour-<view>-<width>.png
// for a reviewer to look at. At each stop the page must not be wider than
// the screen and must log no error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, paste, screenshot } from './lib/harness.mjs';

const FAULT = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');
const VIEWS = ['inputs', 'evidence', 'timeline', 'log/1/5', 'wizard', 'outcome', 'simulator', 'article/Q319207'];
const WIDTHS = [{ name: 'desktop', width: 1366, height: 850 }, { name: 'phone', width: 390, height: 844 }];

let server; let browser;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

for (const size of WIDTHS) {
  test(`every view at ${size.name} width fits the screen`, async () => {
    const context = await browser.newContext({ viewport: { width: size.width, height: size.height } });
    const { page, errors } = await recordingPage(context);
    await page.goto(server.url);
    await paste(page, FAULT);
    const widths = {};
    for (const view of VIEWS) {
      await page.goto(`${server.url}#/${view}`);
      await page.waitForSelector('main section');
      await page.waitForTimeout(100);
      widths[view] = await page.evaluate(() => document.documentElement.scrollWidth);
      await screenshot(page, `tour-${view.replace(/\//g, '-')}-${size.name}`);
    }
    const wide = Object.entries(widths).filter(([, w]) => w > size.width);
    assert.deepEqual(wide, [], `views wider than ${size.width} px`);
    assert.deepEqual(errors, []);
    await context.close();
  });
}
