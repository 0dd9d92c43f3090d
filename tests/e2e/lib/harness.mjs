// Shared pieces of the browser end-to-end tests: a static file server on
// 127.0.0.1 (optionally under a sub-path), and Debian's Chromium driven by
// playwright-core. Nothing here reaches beyond this machine's loopback.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const ARTIFACTS = path.join(ROOT, 'tests/e2e/artifacts');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.txt': 'text/plain',
};

/** Serve `dir` at http://127.0.0.1:<port><prefix>/ ; resolves to { url, close, hits }. */
export function serve(dir, prefix = '') {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    const url = new URL(req.url, 'http://127.0.0.1');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix + '/')) { res.writeHead(404); res.end(); return; }
    rel = rel.slice(prefix.length);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir)) { res.writeHead(403); res.end(); return; }
    fs.readFile(file, (err, data) => {
      if (err) { res.writeHead(404); res.end(); return; }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] || 'application/octet-stream' });
      res.end(data);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}${prefix}/`,
        origin: `http://127.0.0.1:${port}`,
        hits,
        close: () => new Promise((r) => server.close(r)),
      });
    });
  });
}

/** Launch headless Debian Chromium with the flags this machine needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic',
      '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Wait until the app has the page: the site's first view paints the start
 * page and hands it to the app once the app has loaded
 * (src/start/handoff.rs), which marks `<html data-kbwiz>`. Pages without a
 * first view (the offline file, a widget's host) are left as they are.
 */
export async function appStarted(page) {
  if (await page.locator('meta[name=kbwiz-mount][content=start]').count()) {
    await page.waitForSelector('html[data-kbwiz]', { state: 'attached', timeout: 30000 });
  }
}

/**
 * A page that records every request it makes and every console error / page
 * error. Its `goto` and `reload` return once the app has the page
 * (`appStarted`): the tests act on the app; what an admin does before it
 * arrives has its own test (handoff.test.mjs), which uses a plain page.
 */
export async function recordingPage(context) {
  const page = await context.newPage();
  for (const step of ['goto', 'reload']) {
    const original = page[step].bind(page);
    page[step] = async (...args) => {
      const response = await original(...args);
      await appStarted(page);
      return response;
    };
  }
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { page, requests, errors };
}

/** Save a screenshot under tests/e2e/artifacts (not committed) for reviewers. */
export async function screenshot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Paste `text` on the inputs view and wait until it is listed as a new input. */
export async function paste(page, text) {
  await page.click('nav a[href="#/inputs"]');
  const rows = await page.locator('.input-row').count();
  await page.fill('#paste-area', text);
  await page.click('#read-paste');
  await page.locator('.input-row').nth(rows).waitFor();
}

/**
 * Walk the wizard as an admin who knows nothing beyond the evidence: accept
 * every evidence answer, answer "I don't know" to the rest, until an outcome.
 */
export async function walkWizard(page) {
  await page.click('nav a[href="#/wizard"]');
  for (let i = 0; i < 20; i += 1) {
    if (await page.locator('.outcome-reached').count()) return;
    if (await page.locator('#accept').count()) await page.click('text=Accept all evidence answers');
    else await page.click('text=I don\'t know');
  }
  throw new Error('the wizard did not reach an outcome in 20 answers');
}

/** The views' tabs, in the order the click-to-frame figures visit them. */
export const TABS = ['evidence', 'timeline', 'wizard', 'outcome', 'simulator', 'inputs'];

/**
 * Milliseconds from a click on each tab to the second animation frame after
 * it (the view drawn and painted), measured in the page. Printed as figures,
 * not asserted: speed lives in benchmarks.
 */
export async function clickToFrame(page) {
  const times = {};
  for (const tab of TABS) {
    times[tab] = await page.evaluate(async (href) => {
      const link = document.querySelector(`nav a[href="${href}"]`);
      const start = performance.now();
      link.click();
      await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
      return Math.round(performance.now() - start);
    }, `#/${tab}`);
  }
  return times;
}
