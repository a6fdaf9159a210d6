// The first screen (scripts/first_screen.mjs): the app's first frame on its sample, drawn by the page
// while the wasm loads. Each test holds the wasm back to see the page before the app runs.

import assert from 'node:assert/strict';
import { useHarness, test, presetJson, sel } from './lib/app.mjs';
import { RECORD } from '../../scripts/first_screen.mjs';

const harness = useHarness();

/** The app's own wasm (not the split's second module), held until `release()`, or refused. */
async function holdWasm(page, { refuse = false } = {}) {
  let release;
  const released = new Promise((resolve) => (release = resolve));
  await page.route(/_bg\.wasm$/, async (route) => {
    if (refuse) return route.abort('internetdisconnected');
    await released;
    await route.continue();
  });
  return release;
}

/** Opens the page without waiting for the app; resolves once <body> has been parsed. */
async function open(app) {
  await app.page.goto(app.harness.url, { waitUntil: 'commit' });
  await app.page.locator('noscript').waitFor({ state: 'attached' });
}

const FIRST = '[data-first-screen]';

// The build records the first screen in a 1440 × 900 window; the app's first frame must not depend on
// the window's size, or a smaller screen would see the page jump when the app takes over.
for (const viewport of [{ width: 1440, height: 900 }, { width: 800, height: 600 }]) {
  test(`before the wasm arrives the page shows the sample’s figures, inert, and the app takes over with the same frame (${viewport.width} × ${viewport.height})`, () =>
    harness.run(
      async (app) => {
        await app.page.addInitScript(RECORD);
        const release = await holdWasm(app.page);
        await open(app);

        const first = app.page.locator(FIRST);
        await first.waitFor({ state: 'visible' });
        assert.equal(await first.getAttribute('inert'), '');
        const total = first.locator(sel.testid('total-computed'));
        assert.deepEqual(await app.valueOf(total), { value: '97.7794', text: '97.779' });
        assert.equal((await first.locator(sel.testid('grade')).textContent()).trim(), '优');
        assert.equal(await first.locator(`${sel.node('lz.dept')} ${sel.testid('node-score')}`).getAttribute('data-value'), '19.78125');
        // The table's top, as the app's first frame draws it; the inputs show their values.
        assert.notEqual(await first.locator(`${sel.testid('score-table')}[data-partial]`).count(), 0);
        const actual = first.locator(`${sel.indicator('dept-07')} ${sel.testid('actual-input')}`);
        assert.equal(await actual.inputValue(), '13');

        // Inert: a click does not focus the cell, typing changes nothing.
        await actual.evaluate((el) => el.scrollIntoView({ block: 'center' }));
        const box = await actual.boundingBox();
        await app.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        await app.page.keyboard.type('9');
        assert.equal(await app.page.evaluate(() => document.activeElement === document.body), true);
        assert.equal(await actual.inputValue(), '13');
        // The pointer over it says the page is still loading.
        const cursor = () => app.page.evaluate(() => getComputedStyle(document.body).cursor);
        assert.equal(await cursor(), 'progress');
        const drawn = await first.evaluate((el) => el.outerHTML);

        release();
        await app.ready();
        assert.equal(await app.page.locator(FIRST).count(), 0, 'the app cleared the first screen');
        assert.equal(await cursor(), 'auto');
        assert.equal(await app.testid('total-computed').count(), 1);
        assert.deepEqual(await app.total(), { value: '97.7794', text: '97.779' });
        // The app's own first frame, recorded as the build recorded it: the same markup, so the first
        // screen can never show what this build does not draw.
        const recorded = await app.page.evaluate(() => window.__firstScreen);
        assert.equal(recorded.error, undefined);
        assert.equal(recorded.html, drawn);
        // The keystroke typed into the first screen went nowhere.
        assert.equal(await app.actualInput('dept-07').inputValue(), '13');
      },
      { goto: false, viewport },
    ));
}

for (const [what, key, value, then] of [
  [
    'saved work',
    'jixiao.autosave',
    () => presetJson('seed-2023'),
    async (app) => {
      await app.testid('notice-restored').waitFor();
    },
  ],
  [
    'English remembered',
    'jixiao.lang',
    () => 'en',
    async (app) => {
      assert.equal((await app.testid('save-file').textContent()).trim(), 'Save');
    },
  ],
]) {
  test(`with ${what} the page draws no first screen, and the app starts on it`, () =>
    harness.run(
      async (app) => {
        await app.page.addInitScript(([k, v]) => localStorage.setItem(k, v), [key, value()]);
        const release = await holdWasm(app.page);
        await open(app);
        // The first screen's script has run (it comes before <noscript>): it drew nothing.
        assert.equal(await app.page.locator(FIRST).count(), 0);
        assert.equal(await app.testid('total-computed').count(), 0);
        release();
        await app.ready();
        await then(app);
      },
      { goto: false },
    ));
}

test('when the app cannot start, the first screen goes and the notice says why', () =>
  harness.run(
    async (app) => {
      await holdWasm(app.page, { refuse: true });
      await open(app);
      await app.testid('boot-failed').waitFor({ state: 'visible' });
      assert.equal(await app.page.locator(FIRST).count(), 0);
      assert.equal(await app.testid('total-computed').count(), 0);
      // The refused wasm is the error the page reports, and the only one.
      assert.ok(app.consoleErrors.length >= 1 && app.consoleErrors.every((m) => /wasm|fetch|ERR_INTERNET_DISCONNECTED|Failed to load/i.test(m)), app.consoleErrors.join('\n'));
      app.consoleErrors = [];
    },
    { goto: false },
  ));
