// Nothing lost: "Export session" then "Import session" round-trips exactly;
// an invalid or hostile session file is refused with a clear message and the
// current session stays as it was; a storage write refused for quota is caught
// and the admin is told what will not survive a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, serve, launch, recordingPage, paste, walkWizard as walk } from './lib/harness.mjs';

const LOG = fs.readFileSync(path.join(ROOT, 'tests/data/scenarios/full-fault/distmgr.log'), 'utf8');
let server; let browser; let tmp;
before(async () => {
  server = await serve(path.join(ROOT, 'dist/site'));
  browser = await launch();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kbwiz-session-'));
});
after(async () => {
  await browser?.close(); await server?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The session as "Export session" writes it, as text. */
async function exported(page) {
  await page.click('nav a[href="#/inputs"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-session')]);
  assert.equal(download.suggestedFilename(), 'kbwiz-session.json');
  return fs.readFileSync(await download.path(), 'utf8');
}

/** Import `text` as a session file; resolves to the message shown. */
async function importText(page, name, text) {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  await page.click('nav a[href="#/inputs"]');
  const message = page.locator('.session-message');
  const before = (await message.count()) ? await message.innerText() : null;
  await page.setInputFiles('#import-session', file);
  await page.waitForFunction((old) => {
    const m = document.querySelector('.session-message');
    return m && m.textContent !== old;
  }, before);
  return message.innerText();
}

/** A session with two inputs, a finished wizard and a changed simulator. */
async function filledSession(page) {
  await page.goto(server.url);
  await paste(page, LOG);
  await paste(page, 'Message ID: 2302 second paste');
  await walk(page);
  await page.click('nav a[href="#/simulator"]');
  await page.waitForSelector('#sim-sites');
  await page.fill('#sim-sites', '40');
  await page.locator('#sim-sites').press('Tab');
  await page.waitForFunction(() => localStorage.getItem('kbwiz.session.v1')?.includes('40'));
}

test('export, start over, import: the session comes back exactly', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, errors } = await recordingPage(context);
  await filledSession(page);
  const before = await exported(page);
  const saved = JSON.parse(before);
  assert.equal(saved.format, 'kbwiz-session');
  assert.deepEqual(saved.inputs.map((i) => i.name), ['paste 1', 'paste 2']);
  assert.equal(saved.inputs[0].text, LOG.replace(/\r\n/g, '\n'), 'a textarea keeps LF line ends');
  assert.ok(saved.steps.length >= 3, `steps: ${saved.steps.length}`);
  assert.notEqual(saved.params, null, 'the simulator parameters are exported');
  const steps = await (async () => { await page.click('nav a[href="#/wizard"]'); return page.locator('.step').allInnerTexts(); })();

  await page.click('nav a[href="#/inputs"]');
  await page.click('#start-over');
  assert.equal(await page.locator('.input-row').count(), 0);
  const empty = JSON.parse(await exported(page));
  assert.deepEqual([empty.inputs, empty.steps, empty.params], [[], [], null]);

  assert.equal(await importText(page, 'kbwiz-session.json', before), 'Session imported.');
  assert.equal(await page.locator('.input-row').count(), 2);
  assert.equal(await exported(page), before, 'the exported JSON is identical after the round trip');
  await page.click('nav a[href="#/wizard"]');
  assert.deepEqual(await page.locator('.step').allInnerTexts(), steps);
  await page.click('nav a[href="#/simulator"]');
  assert.equal(await page.inputValue('#sim-sites'), '40');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an invalid or hostile session file is refused and the session is unchanged', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const { page, errors } = await recordingPage(context);
  await filledSession(page);
  const before = await exported(page);
  const saved = JSON.parse(before);
  const unchanged = 'Not imported; your current session is unchanged.';
  const cases = [
    ['not-json.json', '\x89PNG\r\n\x1a\n not a session',
      `${unchanged} not a valid kbwiz session file: expected value at line 1 column 1`],
    ['unknown-field.json', JSON.stringify({ ...saved, script: '<img src=x onerror=alert(1)>' }),
      `${unchanged} not a valid kbwiz session file: unknown field \`script\`, expected one of \`format\`, \`version\`, \`article\`, \`inputs\`, \`steps\`, \`params\`, \`dropped\`, \`redacted\``],
    ['wrong-steps.json', JSON.stringify({ ...saved, steps: [{ ...saved.steps[0], question: 'no_such_question' }] }),
      /^Not imported; your current session is unchanged\. the session's answers do not fit the article: article Q319207: step 0 answered no_such_question but the path now leads to \w+ \(the article changed\?\)$/],
    ['unknown-article.json', JSON.stringify({ ...saved, article: 'Q999999' }),
      `${unchanged} the session is for article Q999999, which this kbwiz does not have`],
    ['not-a-session.json', JSON.stringify({ hello: 'world' }),
      `${unchanged} not a valid kbwiz session file: unknown field \`hello\`, expected one of \`format\`, \`version\`, \`article\`, \`inputs\`, \`steps\`, \`params\`, \`dropped\`, \`redacted\``],
    // A wrong-typed value is quoted in full, as serde does: the message is cut to 300 characters.
    ['huge-string.json', `"${'a'.repeat(1000000)}"`,
      `${unchanged} not a valid kbwiz session file: invalid type: string "${'a'.repeat(246)}… (999778 more characters)`],
    ['deep.json', `{"format":"kbwiz-session","version":1,"article":"Q319207","inputs":[],"steps":[{"question":${'['.repeat(100000)}`,
      /^Not imported; your current session is unchanged\. not a valid kbwiz session file: (recursion limit exceeded|invalid type: sequence, expected a string) at line 1 column \d+$/],
  ];
  for (const [name, text, expected] of cases) {
    const message = await importText(page, name, text);
    if (expected instanceof RegExp) assert.match(message, expected, name);
    else assert.equal(message, expected, name);
    assert.equal(await page.locator('.input-row').count(), 2, name);
    assert.equal(await exported(page), before, `${name}: the session is unchanged`);
  }
  assert.equal(await page.evaluate(() => document.querySelectorAll('img[src="x"]').length), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a storage write refused for quota is caught and the admin is told what is not kept', async () => {
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function quota(key, value) {
      if (String(value).length > 2000) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  const { page, errors } = await recordingPage(context);
  await page.goto(server.url);
  await paste(page, LOG);
  const notice = page.locator('.notice[role=alert] span');
  await notice.waitFor();
  assert.equal(await notice.innerText(),
    'The browser\'s storage is full: the inputs (paste 1) will not survive a reload; answers and parameters will.');
  // What was kept: the session without the input text.
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem('kbwiz.session.v1')));
  assert.deepEqual([stored.inputs, stored.dropped], [[], ['paste 1']]);
  assert.equal(await page.locator('.input-row').count(), 1, 'the input stays in the page');
  await page.reload();
  await page.click('nav a[href="#/inputs"]');
  await page.waitForSelector('#paste-area');
  assert.equal(await page.locator('.input-row').count(), 0);
  assert.equal(await notice.innerText(), 'Not restored (too large to keep across reloads): paste 1. Add them again.');
  assert.deepEqual(errors, []);
  await context.close();
});
