// Time to interactive of the site against the size of its library: the
// site as built, the same site with its KB data file grown to N articles
// (copies of its own articles under new IDs), and the empty yew page built
// the same way (`cargo xtask bench` builds it into target/bench/empty-yew).
// The KB data is fetched beside the wasm (a preload in the page), so a
// larger library should not move the first paint while its data is smaller
// than the wasm.
//
//   node tests/bench/tti-library.mjs [--site dist/site] [--empty target/bench/empty-yew] [--articles 50] [--runs 7]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { ROOT, serve, launch } from '../e2e/lib/harness.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SITE = path.resolve(arg('--site', path.join(ROOT, 'dist/site')));
const EMPTY = path.resolve(arg('--empty', path.join(ROOT, 'target/bench/empty-yew')));
const ARTICLES = Number(arg('--articles', '50'));
const RUNS = Number(arg('--runs', '7'));
const MARKER = '#paste-area';

/** The site with its data file grown to `n` articles. */
function grownSite(dir, n) {
  fs.cpSync(SITE, dir, { recursive: true });
  const file = path.join(dir, 'kbwiz-kb.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const own = data.articles;
  for (let i = 0; data.articles.length < n; i += 1) {
    const a = structuredClone(own[i % own.length]);
    const id = `${a.dir.split('/').pop()}-COPY${i}`;
    a.dir = `kb/${id}`;
    a.files['article.json'].id = id;
    data.articles.push(a);
  }
  const text = JSON.stringify(data);
  fs.writeFileSync(file, text);
  return zlib.gzipSync(text, { level: 9 }).length;
}

async function tti(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript((marker) => {
    const seen = () => {
      const el = document.querySelector(marker);
      if (!el || window.__tti !== undefined) return false;
      window.__tti = performance.now();
      return true;
    };
    new MutationObserver((_, o) => { if (seen()) o.disconnect(); }).observe(document, { childList: true, subtree: true });
  }, MARKER);
  await page.goto(url);
  await page.waitForFunction(() => window.__tti !== undefined, null, { timeout: 60000 });
  const ms = await page.evaluate(() => window.__tti);
  const articles = await page.locator('.articles li').count();
  await context.close();
  return { ms, articles };
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-tti-'));
fs.symlinkSync(SITE, path.join(root, 'site'));
fs.symlinkSync(EMPTY, path.join(root, 'empty'));
const grownGzip = grownSite(path.join(root, 'grown'), ARTICLES);
const ownGzip = zlib.gzipSync(fs.readFileSync(path.join(SITE, 'kbwiz-kb.json')), { level: 9 }).length;
const server = await serve(root);
const browser = await launch();
const targets = { empty: 'empty/', site: 'site/', [`site with ${ARTICLES} articles`]: 'grown/' };
const out = {};
for (const [name, sub] of Object.entries(targets)) {
  await tti(browser, new URL(sub, server.url).href); // warm-up, not counted
  const runs = [];
  let articles = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const r = await tti(browser, new URL(sub, server.url).href);
    runs.push(r.ms);
    articles = r.articles;
  }
  out[name] = { median: Math.round(median(runs)), runs: runs.map(Math.round), articles };
}
await browser.close();
await server.close();
console.log(`KB data: ${(ownGzip / 1000).toFixed(1)} KB gzip as built, ${(grownGzip / 1000).toFixed(1)} KB with ${ARTICLES} articles`);
for (const [name, r] of Object.entries(out)) {
  const ratio = name === 'empty' ? '' : `, ${(r.median / out.empty.median).toFixed(2)} x the empty page`;
  console.log(`${name}: median ${r.median} ms over ${RUNS} runs (${r.runs.join(', ')})${ratio}; ${r.articles} articles listed`);
}
