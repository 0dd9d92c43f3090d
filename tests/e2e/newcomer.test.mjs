// What a new admin trips on, walked in headless Chromium at desktop and phone
// sizes: links and "Next error" that must land on their target, a double key
// press that must not override the evidence, input names that must stay
// unique, the true persistence limit, an honest word when nothing relates,
// the inputs list at phone width, a typed answer refused beside its field,
// and "Start over" that can be undone. Each test failed before its fix.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, paste, screenshot } from './lib/harness.mjs';

const DATA = path.join(ROOT, 'tests/data');
const FAULT = fs.readFileSync(path.join(DATA, 'scenarios/full-fault/distmgr.log'), 'utf8');
const SITE = process.env.KBWIZ_SITE || path.join(ROOT, 'dist/site');

let server; let browser;
before(async () => {
  server = await serve(SITE);
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); });

/** `count` ordinary distmgr.log lines (no status message), then the fault. */
function paddedFault(count) {
  const lines = [];
  for (let i = 0; i < count; i += 1) {
    const mm = String(Math.floor(i / 60) % 60).padStart(2, '0');
    const ss = String(i % 60).padStart(2, '0');
    lines.push(`Used 0 out of 3 allowed processing threads.  $$<SMS_DISTRIBUTION_MANAGER><Mon Jun 07 09:${mm}:${ss}.201 2004 Pacific Daylight Time><thread=1288 (0x508)>`);
  }
  return `${lines.join('\n')}\n${FAULT}`;
}

/** Where the element is against the viewport, and whether it has the focus. */
function placement(page, selector) {
  return page.evaluate((sel) => {
    const el = document.querySelector(sel);
    if (!el) return null;
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: innerHeight, focused: document.activeElement === el };
  }, selector);
}

function assertInView(p, what) {
  assert.ok(p, `${what} is rendered`);
  assert.ok(p.top >= 0 && p.bottom <= p.height, `${what} is in view: top ${p.top}, bottom ${p.bottom}, viewport ${p.height}`);
  assert.equal(p.focused, true, `${what} has the focus`);
}

async function fresh(size = { width: 1366, height: 850 }) {
  const context = await browser.newContext({ viewport: size, acceptDownloads: true });
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await page.waitForSelector('#paste-area');
  return { context, page, errors };
}

test('a line link lands on its line: scrolled into view and focused', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, paddedFault(1700));
  await page.click('nav a[href="#/evidence"]');
  await page.locator('.evidence-item a.source').first().click();
  await page.waitForSelector('#marked-line');
  assertInView(await placement(page, '#marked-line'), 'the marked line');
  assert.match(await page.locator('#marked-line').innerText(), /STATMSG: ID=23/);
  // A typed route lands the same way.
  await page.goto(`${server.url}#/log/1/1602`);
  await page.waitForFunction(() => document.querySelector('#marked-line th')?.innerText === '1602');
  assertInView(await placement(page, '#marked-line'), 'line 1602');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Next error" lands on the error row, on its page', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, paddedFault(1700));
  await page.click('nav a[href="#/timeline"]');
  await page.click('#next-error');
  await page.waitForSelector('.timeline-rows tr.marked');
  assertInView(await placement(page, '.timeline-rows tr.marked'), 'the first error row');
  assert.match(await page.locator('.timeline-rows tr.marked').innerText(), /2328|2302/);
  // Rows are compact: the raw line is closed until asked for, then opens
  // in a row of its own under its row, and closes again.
  const marked = page.locator('.timeline-rows tr.marked');
  const toggle = marked.locator('.raw button');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await toggle.getAttribute('aria-label'), `line ${await marked.locator('td').nth(1).innerText()}`);
  assert.equal(await page.locator('.timeline-rows tr.raw-line').count(), 0);
  assert.match(await marked.innerText(), /CEN00012/);
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const raw = page.locator('.timeline-rows tr.marked + tr.raw-line');
  assert.match(await raw.innerText(), /STATMSG: ID=23(28|02) /);
  assert.equal(await page.locator('.timeline-rows tr.raw-line').count(), 1);
  await toggle.click();
  assert.equal(await page.locator('.timeline-rows tr.raw-line').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a double Space on "I don\'t know" does not override the next evidence answer', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, FAULT);
  await page.click('nav a[href="#/wizard"]');
  const unknown = page.getByRole('button', { name: 'I don\'t know' });
  await unknown.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Space');
  // Focus went to the new question's heading; the second Space did nothing.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H3');
  assert.equal(await page.locator('.step.override').count(), 0);
  assert.equal(await page.locator('.step').count(), 1);
  assert.ok(await page.locator('#accept').isVisible(), 'the evidence answer still waits to be accepted');
  // "Accept" moves the focus to the next question too, not onto its Accept.
  await page.click('#accept');
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H3');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Change this answer" brings the question back into view with the focus', async () => {
  const { context, page, errors } = await fresh({ width: 390, height: 844 });
  await paste(page, FAULT);
  await page.click('nav a[href="#/wizard"]');
  await page.getByRole('button', { name: 'I don\'t know' }).click();
  await page.click('text=Accept all evidence answers');
  await page.waitForSelector('.outcome-reached');
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('.step').first().getByRole('button', { name: 'Change this answer' }).click();
  await page.waitForSelector('.current.question');
  assertInView(await placement(page, '.current.question h3'), 'the question');
  assert.equal(await page.locator('.current.question h3').innerText(), 'Which version of Distmgr.dll does the site server run?');
  assert.deepEqual(errors, []);
  await context.close();
});

test('wizard wording: steps numbered once, a bad version refused beside its field', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, FAULT);
  await page.click('nav a[href="#/wizard"]');
  await page.fill('#current-value', 'abc');
  await page.click('.answer-form button[type=submit]');
  const error = page.locator('.answer-form .field-error');
  assert.equal(await error.innerText(), '“abc” is not a version: type its numbers with dots between them, such as 2.00.1493.3257.');
  assert.equal(await page.getAttribute('#current-value', 'aria-invalid'), 'true');
  assert.equal(await page.locator('.notice').count(), 0, 'no banner far from the field');
  await page.fill('#current-value', '2.00.1493.3000');
  await page.click('.answer-form button[type=submit]');
  const first = await page.locator('.step .q').first().innerText();
  assert.equal(first, 'Which version of Distmgr.dll does the site server run?');
  assert.doesNotMatch(await page.locator('.wizard').innerText(), /\(s\)/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a paste keeps its own name after the view is left and entered again', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, FAULT);
  await page.click('nav a[href="#/evidence"]');
  await paste(page, FAULT);
  assert.deepEqual(await page.locator('.input-row .input-name').allInnerTexts(), ['paste 1', 'paste 2']);
  // Evidence labels point at the input they came from.
  await page.click('nav a[href="#/evidence"]');
  const labels = await page.locator('.evidence-item a.source').evaluateAll((links) => links.map((a) => a.textContent));
  assert.ok(labels.some((l) => l.startsWith('paste 2:')), `labels: ${labels.slice(0, 4)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the persistence limit is the true one, said where a large file is added, with Export there', async () => {
  const { context, page, errors } = await fresh();
  assert.match(await page.locator('.dropzone .limits').innerText(), /keeps the first 2\.0 MB of input text across a reload/);
  await page.setInputFiles('#file-pick', { name: 'big-distmgr.log', mimeType: 'text/plain', buffer: Buffer.from(paddedFault(20000)) });
  await page.waitForSelector('.not-kept');
  assert.match(await page.locator('.not-kept').innerText(), /^Not kept across a reload: big-distmgr\.log \(2\.\d MB\)/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-here')]);
  const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(saved.inputs.map((i) => i.name), ['big-distmgr.log']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('inputs that hold nothing the articles know are told so, with what they look like', async () => {
  const { context, page, errors } = await fresh();
  assert.equal(await page.locator('.verdict').count(), 0, 'no verdict before any input');
  // A component no article reads (the Scheduler's own log is read now: its
  // articles rule themselves out on a clean one), so nothing relates.
  const unknown = fs.readFileSync(path.join(DATA, 'parse/sms1x-sched.log'), 'utf8').replaceAll('SMS_SCHEDULER', 'SMS_INVENTORY_DATA_LOADER');
  await paste(page, unknown);
  const note = page.locator('.inputs .unrelated');
  assert.match(await note.innerText(), /Nothing in these inputs relates to the articles kbwiz knows/);
  assert.match(await note.innerText(), /paste 1: an SMS component log from SMS_INVENTORY_DATA_LOADER/);
  assert.match(await note.innerText(), /Q319207/);
  await page.click('nav a[href="#/evidence"]');
  assert.equal(await page.locator('.evidence .empty').count(), 0, '"No evidence yet: add inputs first" is for no inputs');
  assert.match(await page.locator('.evidence .unrelated').innerText(), /SMS_INVENTORY_DATA_LOADER/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('at phone width the inputs list stays inside the screen', async () => {
  const { context, page, errors } = await fresh({ width: 390, height: 844 });
  await paste(page, FAULT);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page width ${width}`);
  const remove = await page.locator('.input-row button', { hasText: 'Remove' }).boundingBox();
  assert.ok(remove.x >= 0 && remove.x + remove.width <= 390, `Remove at ${remove.x}+${remove.width}`);
  await screenshot(page, 'newcomer-inputs-phone');
  assert.deepEqual(errors, []);
  await context.close();
});

test('"Start over" can be undone', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, FAULT);
  await page.click('nav a[href="#/wizard"]');
  await page.getByRole('button', { name: 'I don\'t know' }).click();
  await page.click('nav a[href="#/inputs"]');
  await page.click('#start-over');
  assert.equal(await page.locator('.input-row').count(), 0);
  await page.click('#undo-start-over');
  assert.deepEqual(await page.locator('.input-row .input-name').allInnerTexts(), ['paste 1']);
  assert.equal(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');
  await page.click('nav a[href="#/wizard"]');
  assert.equal(await page.locator('.step').count(), 1, 'the answer came back too');
  // The undo is kept across a reload: the restored session was saved again.
  await page.reload();
  await page.click('nav a[href="#/inputs"]');
  await page.waitForSelector('.input-row');
  assert.equal(await page.locator('.input-row').count(), 1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the Fix page puts the packages, the step that stops the retries and its download first', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, FAULT);
  await page.click('nav a[href="#/outcome"]');
  await page.waitForSelector('button.reg-download');
  const order = await page.evaluate(() => {
    const y = (sel) => document.querySelector(sel)?.getBoundingClientRect().top ?? -1;
    return {
      verdict: y('.outcome .verdict-line'), packages: y('.outcome .affected'), cleanup: y('.remedy-cleanup'),
      download: y('button.reg-download'), next: y('.next-artefacts'), fix: y('.remedy-fix'), hotfix: y('table.hotfix'),
    };
  });
  assert.ok(order.verdict < order.packages && order.packages < order.cleanup && order.cleanup < order.download, JSON.stringify(order));
  assert.ok(order.download < order.fix && order.fix < order.hotfix, JSON.stringify(order));
  if (order.next >= 0) assert.ok(order.download < order.next && order.next < order.fix, JSON.stringify(order));
  // Each registry warning is printed once.
  const warnings = await page.locator('.outcome .warning').allInnerTexts();
  assert.equal(new Set(warnings).size, warnings.length, `warnings: ${warnings.length}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the evidence counts failed attempts, not messages', async () => {
  const { context, page, errors } = await fresh();
  const twoIds = FAULT.replace(/^STATMSG: ID=2328 .*$/gm, (line) => `${line}\n${line.replace('ID=2328', 'ID=2302')}`);
  await paste(page, twoIds);
  await page.click('nav a[href="#/evidence"]');
  assert.equal(await page.locator('table.packages td.attempts').innerText(), '3 (2302 + 2328 each)');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an article pasted to try the tool yields no package, no site and no .reg', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, fs.readFileSync(path.join(DATA, 'parse/article-placeholders.txt'), 'utf8'));
  assert.notEqual(await page.locator('.verdict .verdict-word').innerText(), 'confirmed');
  await page.locator('.input-row .input-problems summary').click();
  assert.match(await page.locator('.input-row .input-problems').innerText(), /`<PACKAGE ID>` is a placeholder from an article's text, not a package ID/);
  await page.click('nav a[href="#/outcome"]');
  await page.waitForSelector('table.hotfix');
  assert.equal(await page.locator('button.reg-download').count(), 0, 'no .reg is offered');
  assert.doesNotMatch(await page.locator('section.outcome').innerText(), /<package ID>|<PACKAGE ID>|<SITE CODE>/i);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two listings of one file at different versions are a contradiction; W32i is not Alpha', async () => {
  const { context, page, errors } = await fresh();
  await paste(page, [
    '  1-Mar-2001  17:45  2.00.1493.3257  231,312  Distmgr.dll   I386',
    '--a-- W32i   DLL ENU      2.0.1493.3000 shp    231,200 03-01-2001 distmgr.dll',
    '',
  ].join('\n'));
  await page.click('nav a[href="#/outcome"]');
  await page.waitForSelector('table.hotfix');
  assert.match(await page.locator('.outcome .contradiction').first().innerText(),
    /Distmgr\.dll for I386 is listed at different versions: 2\.0\.1493\.3000 \(paste 1 line 2\) and 2\.00\.1493\.3257 \(paste 1 line 1\)/);
  const alpha = await page.locator('table.hotfix tbody tr', { hasText: 'Alpha' }).filter({ hasText: 'Distmgr.dll' }).innerText();
  assert.match(alpha, /not in the inputs/);
  assert.deepEqual(errors, []);
  await context.close();
});
