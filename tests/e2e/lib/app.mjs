// Page object and fixtures for the end-to-end tests.
//
//   trunk build --release && cargo build --bin jixiao
//   node --test --test-concurrency=1 tests/e2e/
//
// A test file calls `useHarness()` once: its `before` starts the loopback static server on dist/ and a
// headless Debian Chromium (never a downloaded browser), its `after` stops both, whatever happened.
// Each test (`test` below adds a timeout) runs in a fresh browser context, so empty localStorage,
// through `harness.run(async (app) => …)`, which records every request the context makes and, when
// the body passes, asserts that none left 127.0.0.1 and that the page logged no error; the context
// is closed in any case. No sleeps: every wait is on a selector or a condition, bounded by WAIT_MS.
// The engine's CLI (`JIXIAO_BIN`, default target/debug/jixiao) is the oracle for exact values.

import { execFileSync } from 'node:child_process';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test as nodeTest, before, after } from 'node:test';
import { chromium } from 'playwright-core';

import { CHROMIUM, CHROMIUM_ARGS, startServer } from '../../../scripts/headless.mjs';

export { CHROMIUM, CHROMIUM_ARGS, startServer };

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DIST = path.join(ROOT, 'dist');
export const JIXIAO_BIN = process.env.JIXIAO_BIN ?? path.join(ROOT, 'target/debug/jixiao');
export const SCREENSHOTS = path.join(ROOT, 'docs/screenshots');

const LAUNCH_TIMEOUT_MS = 30_000;
/** The longest any single wait in a test may take: the app answers in milliseconds. */
export const WAIT_MS = 15_000;
/** A whole test, and the start or stop of a file's server and browser: a hang fails, never stalls. */
export const TEST_TIMEOUT_MS = 90_000;

/** `node:test`'s test with a timeout. */
export function test(name, fn) {
  return nodeTest(name, { timeout: TEST_TIMEOUT_MS }, fn);
}

/** A harness whose server and browser start before this file's tests and stop after them. */
export function useHarness() {
  const harness = new Harness();
  before(() => harness.start(), { timeout: TEST_TIMEOUT_MS });
  after(() => harness.stop(), { timeout: TEST_TIMEOUT_MS });
  return harness;
}

// ---------------------------------------------------------------------------------------------
// The engine's CLI: the oracle the page is compared with.

export function jixiao(...args) {
  if (!fs.existsSync(JIXIAO_BIN)) {
    throw new Error(`${JIXIAO_BIN} is missing: build it with \`cargo build --bin jixiao\``);
  }
  return execFileSync(JIXIAO_BIN, args, { encoding: 'utf8', timeout: 30_000 });
}

export function presetJson(name) {
  return jixiao('preset', name);
}

export function presetObject(name) {
  return JSON.parse(presetJson(name));
}

/** `jixiao score FILE` as an object, for a file on disk. */
export function engineScore(file) {
  return JSON.parse(jixiao('score', file));
}

export function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-e2e-'));
}

// ---------------------------------------------------------------------------------------------
// The static server.

// startServer, CHROMIUM and CHROMIUM_ARGS come from scripts/headless.mjs (re-exported above): the
// build's hooks and the benchmark start the same server and browser.

export class Harness {
  /** `dist`: the built app to serve (the release build unless a test needs another). */
  constructor(dist = DIST) {
    this.dist = dist;
    this.server = null;
    this.browser = null;
  }

  get url() {
    return this.server.url;
  }

  get origin() {
    return new URL(this.server.url).origin;
  }

  async start() {
    try {
      this.server = await startServer(this.dist);
      this.browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: CHROMIUM_ARGS,
        timeout: LAUNCH_TIMEOUT_MS,
      });
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop() {
    const browser = this.browser;
    const server = this.server;
    this.browser = null;
    this.server = null;
    try {
      if (browser) await withTimeout(browser.close(), 10_000, 'browser.close').catch(() => browserKill(browser));
    } finally {
      if (server) await server.stop();
    }
  }

  /**
   * Runs `body(app)` in a fresh context on a page showing the app. After a passing body: no request
   * left 127.0.0.1, and the page threw no error. The context is closed whatever happens.
   */
  async run(body, { viewport = { width: 1440, height: 900 }, goto = true } = {}) {
    const context = await this.browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
    const app = new App(this, context);
    try {
      await app.init(goto);
      await body(app);
      app.assertLocalOnly();
      app.assertNoPageErrors();
    } finally {
      await withTimeout(context.close(), 10_000, 'context.close').catch(() => {});
    }
  }
}

function browserKill(browser) {
  try {
    browser.process?.()?.kill('SIGKILL');
  } catch {
    // already gone
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// The page object.

/** a − b for exact decimal strings (the hooks' `data-value`), written as `format_exact` writes a
 * decimal (no trailing zeros): the E2E tests' own arithmetic, exact, without the app's. */
export function decimalMinus(a, b) {
  const places = Math.max(...[a, b].map((x) => (x.split('.')[1] ?? '').length));
  const scaled = (x) => {
    const [whole, fraction = ''] = x.replace('-', '').split('.');
    const value = BigInt(whole + fraction.padEnd(places, '0'));
    return x.startsWith('-') ? -value : value;
  };
  const difference = scaled(a) - scaled(b);
  const sign = difference < 0n ? '-' : '';
  const digits = (difference < 0n ? -difference : difference).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const fraction = digits.slice(digits.length - places).replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
}

/** CSS selectors for the test hooks. */
export const sel = {
  testid: (id) => `[data-testid="${id}"]`,
  node: (id) => `[data-testid="node"][data-node-id="${id}"]`,
  indicator: (id) => `[data-testid="indicator"][data-indicator-id="${id}"]`,
};
const byTestId = sel.testid;

export class App {
  constructor(harness, context) {
    this.harness = harness;
    this.context = context;
    this.page = null;
    /** Every request any page of this context made, as URLs. */
    this.requests = [];
    this.pageErrors = [];
    this.consoleErrors = [];
    /** Dialogs the app opened (beforeunload, confirm), by type. */
    this.dialogs = [];
    /** Their messages, in the same order. */
    this.dialogMessages = [];
    /** How to answer a confirm(): true accepts (the default), false declines. Others are accepted. */
    this.confirmAnswer = true;
    context.on('request', (request) => this.requests.push(request.url()));
  }

  async init(goto) {
    this.page = await this.newPage();
    if (goto) await this.goto();
  }

  async newPage() {
    const page = await this.context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on('pageerror', (error) => this.pageErrors.push(String(error)));
    page.on('console', (message) => {
      if (message.type() === 'error') this.consoleErrors.push(message.text());
    });
    page.on('dialog', (dialog) => {
      this.dialogs.push(dialog.type());
      this.dialogMessages.push(dialog.message());
      const accept = dialog.type() !== 'confirm' || this.confirmAnswer;
      (accept ? dialog.accept() : dialog.dismiss()).catch(() => {});
    });
    return page;
  }

  /** Opens the app and waits until it has drawn its total. */
  async goto() {
    await this.page.goto(this.harness.url, { timeout: WAIT_MS });
    await this.ready();
  }

  async reload() {
    await this.page.reload({ timeout: WAIT_MS });
    await this.ready();
  }

  async ready() {
    await this.page.locator(byTestId('total-computed')).waitFor({ state: 'visible' });
    await this.page.locator(byTestId('node')).first().waitFor({ state: 'attached' });
    // The first frame draws the table's top; the rest follows a frame later (data-partial goes).
    await this.page.locator(`${byTestId('score-table')}:not([data-partial])`).waitFor({ state: 'attached' });
  }

  assertLocalOnly() {
    assert.ok(this.requests.length > 0, 'the page made no requests at all (was it loaded?)');
    const origin = this.harness.origin;
    const foreign = this.requests.filter((url) => {
      if (url.startsWith('data:') || url.startsWith('blob:' + origin + '/')) return false;
      return new URL(url).origin !== origin;
    });
    assert.deepEqual(foreign, [], `requests left ${origin}`);
  }

  assertNoPageErrors() {
    assert.deepEqual(this.pageErrors, [], 'uncaught errors in the page');
    assert.deepEqual(this.consoleErrors, [], 'errors in the console');
  }

  // --- locators ---

  testid(id) {
    return this.page.locator(byTestId(id));
  }

  node(id) {
    return this.page.locator(sel.node(id));
  }

  indicator(id) {
    return this.page.locator(sel.indicator(id));
  }

  actualInput(id) {
    return this.indicator(id).locator(byTestId('actual-input'));
  }

  // --- reading ---

  /** The computed total: its exact value and the text shown. */
  async total() {
    return this.valueOf(this.testid('total-computed'));
  }

  async valueOf(locator) {
    const [value, text] = await Promise.all([locator.getAttribute('data-value'), locator.textContent()]);
    return { value, text: text.trim() };
  }

  async nodeScore(id) {
    return this.node(id).locator(byTestId('node-score')).getAttribute('data-value');
  }

  /** What one indicator row shows. */
  async indicatorState(id) {
    return this.indicator(id).evaluate((row) => {
      const q = (t) => row.querySelector(`[data-testid="${t}"]`);
      return {
        badge: q('badge')?.dataset.status ?? null,
        ratio: q('ratio')?.dataset.value ?? null,
        score: q('indicator-score')?.dataset.value ?? null,
        lost: q('indicator-lost')?.dataset.value ?? null,
        actual: q('actual-input')?.value ?? null,
        cellError: q('cell-error')?.textContent ?? null,
      };
    });
  }

  /** Every node row's exact score, by node id, in table order. */
  async nodeScores() {
    return this.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-testid="node"]')].map((row) => [
          row.dataset.nodeId,
          row.querySelector('[data-testid="node-score"]').dataset.value,
        ]),
      ),
    );
  }

  async nodeIds() {
    return this.page.$$eval(byTestId('node'), (rows) => rows.map((r) => r.dataset.nodeId));
  }

  async indicatorIds() {
    return this.page.$$eval(byTestId('indicator'), (rows) => rows.map((r) => r.dataset.indicatorId));
  }

  async badgeCount(status) {
    const text = await this.page.locator(`${byTestId('badge-count')}[data-status="${status}"] .summary__count`).textContent();
    return Number(text.trim());
  }

  // --- acting ---

  /**
   * Types `text` into an indicator's actual cell as a user replacing its content would: select all,
   * then key presses (the first replaces the selection, so the cell never passes through empty).
   */
  async typeActual(id, text) {
    await this.typeInto(this.actualInput(id), text);
  }

  async typeInto(input, text) {
    await input.click();
    await input.press('ControlOrMeta+A');
    if (text === '') await input.press('Backspace');
    else await input.pressSequentially(text);
  }

  /**
   * Pastes `text` as a spreadsheet copies it (tabs between cells, CRLF between rows) into an indicator's
   * cell (`testid`: actual-input, target-input, level-input…), focused first as a user's paste would be.
   */
  async paste(indicatorId, text, testid = 'actual-input') {
    const cell = this.indicator(indicatorId).locator(byTestId(testid));
    await cell.focus();
    await cell.evaluate((target, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  }

  /** Opens a file through the file input: a path, or { name, mimeType, buffer }. */
  async openFile(file) {
    await this.testid('open-file').setInputFiles(file);
  }

  async save(dir) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.testid('save-file').click()]);
    const name = download.suggestedFilename();
    const file = path.join(dir, name);
    await download.saveAs(file);
    return { name, file, failure: await download.failure() };
  }

  // --- waiting ---

  /**
   * Waits until the element matching the CSS `selector` has `attribute` equal to `expected`; on
   * timeout, fails with the value it had.
   */
  async waitForAttr(selector, attribute, expected, { timeout = WAIT_MS } = {}) {
    try {
      await this.page.waitForFunction(
        ([sel, attr, want]) => document.querySelector(sel)?.getAttribute(attr) === want,
        [selector, attribute, expected],
        { timeout, polling: 'raf' },
      );
    } catch (error) {
      const actual = await this.page.evaluate(
        ([sel, attr]) => {
          const el = document.querySelector(sel);
          return el ? el.getAttribute(attr) : '(no element)';
        },
        [selector, attribute],
      );
      assert.equal(actual, expected, `${selector} [${attribute}] after waiting (${error.message.split('\n')[0]})`);
    }
  }

  async waitForTotal(value) {
    await this.waitForAttr(sel.testid('total-computed'), 'data-value', value);
  }

  async waitForNodeScore(id, value) {
    await this.waitForAttr(`${sel.node(id)} ${sel.testid('node-score')}`, 'data-value', value);
  }

  async waitForBadge(indicatorId, status) {
    await this.waitForAttr(`${sel.indicator(indicatorId)} ${sel.testid('badge')}`, 'data-status', status);
  }

  /** Two animation frames: layout and paint have settled, for screenshots. */
  async settle() {
    await this.page.evaluate(
      () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    );
  }

  async screenshot(name) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    // No hover or focus ring left by the last click, and every font loaded.
    await this.page.mouse.move(0, 0);
    await this.page.evaluate(() => {
      document.activeElement?.blur();
      return document.fonts.ready.then(() => undefined);
    });
    await this.settle();
    const file = path.join(SCREENSHOTS, name);
    await this.page.screenshot({ path: file });
    return file;
  }
}

/**
 * Runs `body(app)` on a copy of the release build without the import worker's wasm (so the worker
 * cannot start, as when its files are missing), on its own static server, removed afterwards.
 */
export async function withoutImportWorker(body) {
  const dist = tempDir();
  fs.cpSync(DIST, dist, { recursive: true });
  fs.rmSync(path.join(dist, 'jixiao-import_bg.wasm'));
  const broken = new Harness(dist);
  await broken.start();
  try {
    await broken.run(body);
  } finally {
    await broken.stop();
    fs.rmSync(dist, { recursive: true, force: true });
  }
}
