// No lost work: autosave across a killed tab and a closed browser, two tabs on one autosave, a full
// storage, a blocked download, scenarios across a reload and a save, and a panic's message.
//
// The panic test needs the poisoned build (the `test-hooks` feature: window.__jixiaoPanic()):
//   trunk build --release --features test-hooks --dist dist-poisoned

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useHarness, test, Harness, ROOT, WAIT_MS, sel, tempDir, CHROMIUM, CHROMIUM_ARGS } from './lib/app.mjs';

const harness = useHarness();

const DIST_POISONED = path.join(ROOT, 'dist-poisoned');

/** The autosaved actual of an indicator, found anywhere in the tree. */
async function autosavedActual(page, id) {
  return page.evaluate((id) => {
    const text = localStorage.getItem('jixiao.autosave');
    if (text === null) return null;
    const find = (node) =>
      (node.rule?.indicators ?? []).find((i) => i.id === id) ?? (node.children ?? []).map(find).find(Boolean);
    return find(JSON.parse(text).root)?.actual ?? null;
  }, id);
}

async function waitForAutosavedActual(page, id, value) {
  await page.waitForFunction(
    ([id, value]) => {
      const text = localStorage.getItem('jixiao.autosave');
      const find = (node) =>
        (node.rule?.indicators ?? []).find((i) => i.id === id) ?? (node.children ?? []).map(find).find(Boolean);
      return text !== null && find(JSON.parse(text).root)?.actual === value;
    },
    [id, value],
    { timeout: WAIT_MS },
  );
}

/** An indicator of a saved file's tree, by id. */
function indicatorIn(node, id) {
  return (node.rule?.indicators ?? []).find((i) => i.id === id) ?? (node.children ?? []).map((c) => indicatorIn(c, id)).find(Boolean);
}

async function readyPage(page) {
  await page.locator(sel.testid('total-computed')).waitFor({ state: 'visible' });
  await page.locator(sel.testid('node')).first().waitFor({ state: 'attached' });
}

test('the autosave survives a tab killed mid-edit: a new tab restores the edit', () =>
  harness.run(async (app) => {
    // Typed, not yet left: the cell still has the focus when the tab dies.
    await app.typeActual('dept-07', '17');
    await app.waitForAttr(`${sel.indicator('dept-07')} ${sel.testid('ratio')}`, 'data-value', '0.85');
    await waitForAutosavedActual(app.page, 'dept-07', '17');
    const total = await app.total();

    // Kill the renderer, as a crash or the OOM killer would: no unload, no beforeunload.
    const crashed = new Promise((resolve) => app.page.once('crash', resolve));
    const cdp = await app.context.newCDPSession(app.page);
    cdp.send('Page.crash').catch(() => {});
    await crashed;

    const page = await app.newPage();
    await page.goto(app.harness.url);
    await readyPage(page);
    await page.locator(sel.testid('notice-restored')).waitFor();
    assert.equal(await page.locator(`${sel.indicator('dept-07')} ${sel.testid('actual-input')}`).inputValue(), '17');
    assert.equal(await page.locator(sel.testid('total-computed')).getAttribute('data-value'), total.value);
    app.page = page;
  }));

test('closing the browser without saving keeps the edit: the same profile reopens with it', async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-profile-'));
  const requests = [];
  /** The app in the persistent context's page, its requests recorded. */
  const openApp = async (context) => {
    context.on('request', (r) => requests.push(r.url()));
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(WAIT_MS);
    await page.goto(harness.url);
    await readyPage(page);
    return page;
  };
  const launch = () =>
    chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
  try {
    let context = await launch();
    try {
      const page = await openApp(context);
      const input = page.locator(`${sel.indicator('dept-07')} ${sel.testid('actual-input')}`);
      await input.click();
      await input.press('ControlOrMeta+A');
      await input.pressSequentially('18');
      await waitForAutosavedActual(page, 'dept-07', '18');
    } finally {
      // Closed as a user quitting would, without answering "leave with unsaved changes?".
      await context.close();
    }

    context = await launch();
    try {
      const page = await openApp(context);
      await page.locator(sel.testid('notice-restored')).waitFor();
      assert.equal(await page.locator(`${sel.indicator('dept-07')} ${sel.testid('actual-input')}`).inputValue(), '18');
      assert.equal(await page.locator(`${sel.indicator('dept-07')} ${sel.testid('ratio')}`).getAttribute('data-value'), '0.9');
    } finally {
      await context.close();
    }
    const foreign = requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== harness.origin);
    assert.deepEqual(foreign, []);
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('two tabs on one autosave: the second is told and stops writing until it keeps its own work', () =>
  harness.run(async (app) => {
    const a = app.page;
    const b = await app.newPage();
    await b.goto(app.harness.url);
    await readyPage(b);
    const bInput = b.locator(`${sel.indicator('dept-07')} ${sel.testid('actual-input')}`);

    // Tab A edits and autosaves: tab B is told, and its own work stays on its screen.
    await app.typeActual('dept-07', '17');
    await waitForAutosavedActual(a, 'dept-07', '17');
    const notice = b.locator(sel.testid('notice-other-tab'));
    await notice.waitFor();
    assert.match(await notice.textContent(), /另一个标签页保存了它的工作/);
    assert.equal(await bInput.inputValue(), '13');

    // B edits: it does not overwrite A's autosave, and says so again.
    // Dismissed (the last button), the notice comes back with the next unsaved edit.
    await notice.getByRole('button').last().click();
    await notice.waitFor({ state: 'detached' });
    await bInput.click();
    await bInput.press('ControlOrMeta+A');
    await bInput.pressSequentially('19');
    await b.waitForFunction(() => document.querySelector('[data-testid="indicator"][data-indicator-id="dept-07"] [data-testid="ratio"]')?.dataset.value === '0.95');
    await notice.waitFor();
    assert.equal(await autosavedActual(b, 'dept-07'), '17', 'tab B overwrote tab A’s autosave');
    assert.equal(await a.locator(sel.testid('notice-other-tab')).count(), 0, 'A was told though nothing was written');

    // B keeps its own work: the autosave is B's, and now A is told.
    await b.locator(sel.testid('keep-this-tab')).click();
    await waitForAutosavedActual(b, 'dept-07', '19');
    await a.locator(sel.testid('notice-other-tab')).waitFor();
    assert.equal(await app.actualInput('dept-07').inputValue(), '17', 'A’s work stays on its screen');
    assert.equal(await b.locator(sel.testid('notice-other-tab')).count(), 0);
  }));

test('a full storage is reported, and the work stays in the page and can still be saved', () =>
  harness.run(
    async (app) => {
      await app.context.addInitScript(() => {
        // Every write refused as a full quota would be; reads still work.
        Storage.prototype.setItem = function () {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        };
      });
      await app.goto();
      await app.typeActual('dept-07', '20');
      await app.waitForTotal('97.99815');
      const notice = app.testid('notice-storage');
      await notice.waitFor();
      assert.match(await notice.textContent(), /自动保存|保存/);
      assert.equal(await app.page.evaluate(() => localStorage.getItem('jixiao.autosave')), null);
      // The work is all there: the edit, its score, unsaved.
      assert.equal(await app.actualInput('dept-07').inputValue(), '20');
      assert.equal(await app.testid('dirty').count(), 1);
      assert.equal((await app.total()).value, '97.99815');
      // And saving to a file still works.
      const dir = tempDir();
      try {
        const saved = await app.save(dir);
        assert.equal(saved.failure, null);
        const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
        assert.equal(indicatorIn(file.root, 'dept-07').actual, '20', 'the saved file has the edit');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    { goto: false },
  ));

test('a download the browser blocks is reported, and the work stays (and stays autosaved)', () =>
  harness.run(
    async (app) => {
      await app.context.addInitScript(() => {
        URL.createObjectURL = () => {
          throw new DOMException('Downloads are blocked by policy.', 'SecurityError');
        };
      });
      await app.goto();
      await app.typeActual('dept-07', '20');
      await app.waitForTotal('97.99815');
      await waitForAutosavedActual(app.page, 'dept-07', '20');
      await app.testid('save-file').click();
      const notice = app.testid('notice-save-failed');
      await notice.waitFor();
      assert.ok((await notice.textContent()).trim().length > 0);
      assert.equal(await app.testid('dirty').count(), 1, 'a failed save must not mark the work saved');
      assert.equal((await app.total()).value, '97.99815');
      assert.equal(await app.actualInput('dept-07').inputValue(), '20');
      assert.equal(await autosavedActual(app.page, 'dept-07'), '20');
    },
    { goto: false },
  ));

test('scenarios are work too: an edit inside a scenario survives a reload, and a save keeps every scenario', () =>
  harness.run(async (app) => {
    await app.page.evaluate(() => (window.prompt = () => '乐观'));
    await app.testid('new-scenario').click();
    await app.waitForAttr(`${sel.testid('scenario-select')} option:checked`, 'value', '0');
    await app.typeActual('dept-07', '20');
    await app.waitForTotal('97.99815');
    await app.page.waitForFunction(() => {
      const saved = JSON.parse(localStorage.getItem('jixiao.autosave') ?? 'null');
      return saved?.scenarios?.[0]?.changes?.some((c) => c.indicator === 'dept-07' && c.value === '20');
    });

    // Saved while the scenario is shown: the base inputs and the scenario, named by the base total.
    const dir = tempDir();
    try {
      const saved = await app.save(dir);
      assert.equal(saved.name, '2023-广州市人力资源和社会保障局-部门整体支出绩效自评.json');
      const file = JSON.parse(fs.readFileSync(saved.file, 'utf8'));
      assert.equal(file.scenarios.length, 1);
      assert.ok(file.scenarios[0].changes.some((c) => c.indicator === 'dept-07' && c.value === '20'));
      assert.equal(indicatorIn(file.root, 'dept-07').actual, '13', 'the base keeps its own input');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // The reload opens in the scenario it was in, and the base is still there beneath it. It was
    // saved: nothing unsaved to announce.
    await app.reload();
    assert.equal(await app.testid('notice-restored').count(), 0);
    assert.equal(await app.testid('scenario-select').locator('option').count(), 2);
    assert.equal(await app.testid('scenario-select').inputValue(), '0');
    await app.waitForTotal('97.99815');
    assert.equal(await app.actualInput('dept-07').inputValue(), '20');
    await app.testid('scenario-select').selectOption('base');
    await app.waitForTotal('97.7794');
    assert.equal(await app.actualInput('dept-07').inputValue(), '13');
  }));

test('goal seek on a 28-place target answers without a panic (a crash cargo-fuzz found)', () =>
  harness.run(async (app) => {
    await app.openFile(path.join(ROOT, 'tests/corpus/files/regressions/goal-seek-28-place-target.json'));
    await app.waitForTotal('99');
    await app.testid('tab-goal').click();
    await app.testid('goal-indicator').selectOption('i1');
    for (const goal of ['99', '95']) {
      await app.testid('goal-total').fill(goal);
      await app.testid('goal-solve').click();
      await app.testid('goal-result').waitFor();
    }
    // Beyond what a decimal holds: the box says so, and no answer to another goal stays beside it.
    await app.testid('goal-total').fill('100000000000000000000000000000');
    await app.testid('goal-solve').click();
    await app.testid('goal-error').waitFor();
    assert.equal(await app.testid('goal-result').count(), 0);
    // Still alive: the page answers, and the harness finds no error in the page or the console.
    await app.typeActual('i2', '6');
    await app.waitForAttr(`${sel.indicator('i2')} ${sel.testid('badge')}`, 'data-status', 'short');
    assert.equal(await app.testid('panic').count(), 0);
  }));

test('the shipped build has no test hook', () =>
  harness.run(async (app) => {
    assert.equal(await app.page.evaluate(() => typeof window.__jixiaoPanic), 'undefined');
    assert.equal(await app.testid('panic').count(), 0);
  }));

// ---------------------------------------------------------------------------------------------
// The poisoned build: a panic in the wasm shows the reload message, and the reload restores the work.

test('a panic shows "reload; your work is autosaved" over the page, and the reload brings the work back', async () => {
  // The poisoned build (scripts/test.sh makes it): the shipped one has no way to panic on purpose.
  const poisoned = new Harness(DIST_POISONED);
  await poisoned.start();
  try {
    await poisoned.run(async (app) => {
      await app.typeActual('dept-07', '17');
      await waitForAutosavedActual(app.page, 'dept-07', '17');

      // A panic inside the wasm, as a bug would cause.
      const thrown = await app.page.evaluate(() => {
        try {
          window.__jixiaoPanic();
          return null;
        } catch (error) {
          return String(error);
        }
      });
      assert.match(thrown, /unreachable|RuntimeError/i, 'the release build aborts on a panic');
      const panic = app.testid('panic');
      await panic.waitFor({ state: 'visible' });
      const text = await panic.textContent();
      assert.match(text, /请刷新页面；您的工作已自动保存/);
      assert.match(text, /Reload; your work is autosaved/);
      // It covers the page: what is under the middle of the window is the message.
      assert.equal(
        await app.page.evaluate(() => document.elementFromPoint(innerWidth / 2, innerHeight / 2)?.closest('[data-testid="panic"]') !== null),
        true,
      );
      // The details went to the console for diagnosis (console_error_panic_hook).
      assert.ok(app.consoleErrors.some((m) => m.includes('deliberate panic')), app.consoleErrors.join('\n'));
      // A second panic does not stack a second message.
      await app.page.evaluate(() => {
        try {
          window.__jixiaoPanic();
        } catch {
          // expected
        }
      });
      assert.equal(await panic.count(), 1);

      await Promise.all([app.page.waitForEvent('load'), app.testid('panic-reload').click()]);
      await app.ready();
      await app.testid('notice-restored').waitFor();
      assert.equal(await app.actualInput('dept-07').inputValue(), '17');
      assert.equal(await app.testid('panic').count(), 0);
      // The panic's own errors were expected; nothing else may have gone wrong.
      app.consoleErrors = app.consoleErrors.filter((m) => !m.includes('deliberate panic') && !/unreachable/i.test(m));
      app.pageErrors = app.pageErrors.filter((m) => !/unreachable|deliberate panic/i.test(m));
    });
  } finally {
    await poisoned.stop();
  }
});
