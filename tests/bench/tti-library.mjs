// Time to interactive of the site against the size of its library (the
// start page's paste box on screen, from the site's first view; and when
// the app has taken the page over, printed beside it): the site as built, the same site with its KB data file grown to N articles
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
// The app marks `<html data-kbwiz>` when it has taken the page over from
// the site's first view.
const APP_MARKER = 'html[data-kbwiz]';

/** The site with its data file grown to `n` articles. */
function grownSite(dir, n) {
  fs.cpSync(SITE, dir, { recursive: true });
  const file = path.join(dir, 'kbwiz-kb.json');
  const data = JSON.parse(fs.readFileSync(file, 'utf8'));
  const own = data.articles;
  const built = own.length;
  for (let i = 0; data.articles.length < n; i += 1) {
    const a = structuredClone(own[i % own.length]);
    const id = `${a.dir.split('/').pop()}-COPY${i}`;
    a.dir = `kb/${id}`;
    a.files['article.json'].id = id;
    data.articles.push(a);
  }
  const text = JSON.stringify(data);
  fs.writeFileSync(file, text);
  // The start page's index lists the copies too, as `cargo xtask kb-data`
  // would have written it for such a KB.
  const indexFile = path.join(dir, 'kbwiz-index.json');
  if (fs.existsSync(indexFile)) {
    const index = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
    for (const a of data.articles.slice(built)) {
      const id = a.files['article.json'].id;
      const of = id.replace(/-COPY\d+$/, '');
      const title = index.articles.find(([x]) => x === of)?.[1] ?? id;
      index.articles.push([id, title]);
      index.libraries.find((l) => l.articles.includes(of))?.articles.push(id);
      if (index.simulated.includes(of)) index.simulated.push(id);
    }
    fs.writeFileSync(indexFile, JSON.stringify(index));
  }
  return zlib.gzipSync(text, { level: 9 }).length;
}

async function tti(browser, url) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(([marker, appMarker]) => {
    const seen = () => {
      if (window.__tti === undefined && document.querySelector(marker)) {
        window.__tti = performance.now();
        window.__articles = document.querySelectorAll('.articles li').length;
      }
      if (window.__app === undefined && document.querySelector(appMarker)) window.__app = performance.now();
      return window.__tti !== undefined && window.__app !== undefined;
    };
    new MutationObserver((_, o) => { if (seen()) o.disconnect(); })
      .observe(document, { childList: true, subtree: true, attributes: true });
  }, [MARKER, APP_MARKER]);
  await page.goto(url);
  await page.waitForFunction(() => window.__tti !== undefined, null, { timeout: 60000 });
  // The empty page has no app to wait for.
  const app = await page.waitForFunction(() => window.__app, null, { timeout: 10000 })
    .then((h) => h.jsonValue(), () => null);
  const { ms, articles } = await page.evaluate(() => ({ ms: window.__tti, articles: window.__articles }));
  await context.close();
  return { ms, app, articles };
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
  const apps = [];
  let articles = 0;
  for (let i = 0; i < RUNS; i += 1) {
    const r = await tti(browser, new URL(sub, server.url).href);
    runs.push(r.ms);
    if (r.app !== null) apps.push(r.app);
    articles = r.articles;
  }
  out[name] = {
    median: Math.round(median(runs)),
    runs: runs.map(Math.round),
    app: apps.length ? Math.round(median(apps)) : null,
    articles,
  };
}
await browser.close();
await server.close();
console.log(`KB data: ${(ownGzip / 1000).toFixed(1)} KB gzip as built, ${(grownGzip / 1000).toFixed(1)} KB with ${ARTICLES} articles`);
for (const [name, r] of Object.entries(out)) {
  const ratio = name === 'empty' ? '' : `, ${(r.median / out.empty.median).toFixed(2)} x the empty page`;
  const app = r.app === null ? '' : `; the app took the page over at ${r.app} ms (median)`;
  console.log(`${name}: median ${r.median} ms over ${RUNS} runs (${r.runs.join(', ')})${ratio}; ${r.articles} articles listed${app}`);
}
