// The loading skeleton (index.html): plain HTML and CSS the page shows while the wasm arrives, replaced
// by the app when it mounts, and by the boot-failed notice when it cannot start. Each test holds the
// wasm back to see the page before the app runs.

import assert from 'node:assert/strict';
import { useHarness, test } from './lib/app.mjs';

const harness = useHarness();

const SKELETON = '[data-loading]';

/** The app's wasm, held until `release()`, or refused. */
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

test('before the wasm arrives the page shows the loading skeleton, and the app replaces it when it mounts', () =>
  harness.run(
    async (app) => {
      const release = await holdWasm(app.page);
      await open(app);

      const skeleton = app.page.locator(SKELETON);
      await skeleton.waitFor({ state: 'visible' });
      assert.equal(await skeleton.getAttribute('aria-busy'), 'true');
      assert.match(await app.page.getByRole('status').textContent(), /正在加载/);
      // A skeleton, not a stand-in: no figure, no input, nothing to type into.
      assert.equal(await app.testid('total-computed').count(), 0);
      assert.equal(await app.page.locator('input, button, select, textarea').count(), 0);
      // Laid out by the page's own stylesheets (inlined): the bar across the top, the pointer says it is loading.
      const bar = await app.page.locator('.loading__bar').boundingBox();
      assert.ok(bar && bar.y === 0 && bar.width >= 1400 && bar.height > 20, JSON.stringify(bar));
      assert.equal(await skeleton.evaluate((el) => getComputedStyle(el).cursor), 'progress');

      release();
      await app.ready();
      assert.equal(await app.page.locator(SKELETON).count(), 0, 'the app replaced the skeleton');
      assert.deepEqual(await app.total(), { value: '97.7794', text: '97.779' });
    },
    { goto: false },
  ));

test('when the app cannot start, the skeleton goes and the notice says why', () =>
  harness.run(
    async (app) => {
      await holdWasm(app.page, { refuse: true });
      await open(app);
      await app.testid('boot-failed').waitFor({ state: 'visible' });
      assert.equal(await app.page.locator(SKELETON).count(), 0);
      assert.equal(await app.testid('total-computed').count(), 0);
      // The refused wasm is the error the page reports, and the only one.
      assert.ok(app.consoleErrors.length >= 1 && app.consoleErrors.every((m) => /wasm|fetch|ERR_INTERNET_DISCONNECTED|Failed to load/i.test(m)), app.consoleErrors.join('\n'));
      app.consoleErrors = [];
    },
    { goto: false },
  ));
