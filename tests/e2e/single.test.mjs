// The single-file build (scripts/single.sh → dist-single/jixiao.html): opened straight from disk, in a
// fresh browser context that is offline, it shows the seed sample's figures and fetches nothing but
// itself (data: and blob: URLs aside). No static server: that is the point of the file.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { App, ROOT, TEST_TIMEOUT_MS, test, CHROMIUM, CHROMIUM_ARGS } from './lib/app.mjs';

const SINGLE = process.env.JIXIAO_SINGLE ?? path.join(ROOT, 'dist-single', 'jixiao.html');

let browser = null;

before(
  async () => {
    assert.ok(fs.existsSync(SINGLE), `${SINGLE} is missing: build it with \`scripts/single.sh\``);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000 });
  },
  { timeout: TEST_TIMEOUT_MS },
);

after(
  async () => {
    await browser?.close().catch(() => browser.process?.()?.kill('SIGKILL'));
  },
  { timeout: TEST_TIMEOUT_MS },
);

/** Runs `body(app)` on the single file, opened from disk in a fresh offline context. */
async function withSingleFile(body, { prepare = async () => {}, ready = (app) => app.ready() } = {}) {
  const url = pathToFileURL(SINGLE).href;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  try {
    await context.setOffline(true);
    // The page object, pointed at the file instead of a server.
    const app = new App({ url }, context);
    app.page = await app.newPage();
    await prepare(app.page);
    await app.page.goto(url);
    await ready(app);
    await body(app, url);
    app.assertNoPageErrors();
  } finally {
    await context.close().catch(() => {});
  }
}

test('the single file opens from disk, offline, with the seed figures', () =>
  withSingleFile(async (app, url) => {
    assert.deepEqual(await app.total(), { value: '97.7794', text: '97.779' });
    assert.equal((await app.testid('grade').textContent()).trim(), '优');
    assert.equal(await app.nodeScore('lz.dept'), '19.78125');
    assert.equal(await app.testid('indicator').count(), 32 + 15 + 7);

    // It still computes: typing rescores, with the same engine.
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');

    // Nothing was fetched but the file itself.
    const fetched = app.requests.filter((u) => u !== url && !u.startsWith('data:') && !u.startsWith('blob:'));
    assert.deepEqual(fetched, [], 'the single file fetched something');
  }));

test('the single file is one file: no script, stylesheet or wasm is referenced by URL', () => {
  const html = fs.readFileSync(SINGLE, 'utf8');
  assert.doesNotMatch(html, /<script[^>]*\bsrc=/i);
  assert.doesNotMatch(html, /<link[^>]*\brel=["']?(stylesheet|modulepreload|preload)/i);
  assert.doesNotMatch(html, /\b(?:src|href)=["'](?!data:|#)[^"']+["']/i);
  assert.match(html, /<style[\s>]/);
  // A page with a Content-Security-Policy keeps one, fitted to the file: it refuses every fetch.
  const csp = /<meta\s+http-equiv=["']Content-Security-Policy["']\s+content="([^"]*)"/i.exec(html)?.[1];
  if (csp) assert.match(csp, /connect-src 'none'/);
});

test('the single file in a browser without WebAssembly says so instead of a blank page', () =>
  withSingleFile(
    async (app) => {
      const notice = app.testid('boot-failed');
      assert.match(await notice.textContent(), /无法启动.*WebAssembly/);
      assert.equal(await notice.getAttribute('role'), 'alert');
      assert.equal(await app.testid('total-computed').count(), 0);
      // The loading skeleton is not left standing as if the app were about to answer.
      assert.equal(await app.page.locator('[data-loading]').count(), 0);
      // The error the page reports is the missing WebAssembly, and only that.
      assert.ok(app.consoleErrors.length === 1 && /WebAssembly/.test(app.consoleErrors[0]), app.consoleErrors.join('\n'));
      app.consoleErrors = [];
    },
    {
      prepare: (page) => page.addInitScript(() => delete globalThis.WebAssembly),
      // Not the app's total: the notice is what the page ends on.
      ready: (app) => app.testid('boot-failed').waitFor({ state: 'visible' }),
    },
  ));

test('a workbook opened in the single file says the workbook reader needs the served app, and the work stays', () =>
  withSingleFile(async (app) => {
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    // A zip's first bytes, as any .xlsx starts: the single file has no import worker to read it with.
    const workbook = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(60)]);
    await app.openFile({ name: '项目自评表.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: workbook });
    const notice = app.testid('notice-workbook');
    await notice.waitFor();
    assert.match(await notice.innerText(), /项目自评表\.xlsx.*单文件版.*网址/s);
    assert.equal(await app.testid('import-preview').count(), 0);
    assert.equal(await app.testid('import-reading').count(), 0, 'not left reading');
    assert.equal((await app.total()).value, '97.99815');
  }));
