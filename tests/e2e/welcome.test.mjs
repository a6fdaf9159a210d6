// A first visit: one line on what the calculator is, the table shown marked as a sample, and the
// three ways to start; closed, it stays closed.

import assert from 'node:assert/strict';
import { useHarness, test } from './lib/app.mjs';

const harness = useHarness();

test('a first visit says what the calculator is, marks the sample, and offers three ways to start', () =>
  harness.run(async (app) => {
    const welcome = app.testid('welcome');
    await welcome.waitFor();
    assert.match(await welcome.innerText(), /示例/);
    assert.equal(await app.testid('sample-badge').innerText(), '示例');
    // Open a file: the toolbar's picker opens.
    const [chooser] = await Promise.all([app.page.waitForEvent('filechooser'), app.testid('welcome-open').click()]);
    assert.ok(chooser.isMultiple() === false);
    // Paste from Excel/WPS: a blank project table, and how to paste into it.
    await app.testid('welcome-paste').click();
    await app.testid('notice-paste-hint').waitFor();
    await app.indicator('output-01').waitFor();
    assert.equal(await app.testid('sample-badge').count(), 0, 'no longer the sample');
    assert.equal(await app.testid('welcome').count(), 0);
  }));

test('a blank table is one click away, and the welcome once closed stays closed', () =>
  harness.run(async (app) => {
    await app.testid('welcome-close').click();
    await app.testid('welcome').waitFor({ state: 'detached' });
    await app.reload();
    assert.equal(await app.testid('welcome').count(), 0);
    assert.equal(await app.testid('sample-badge').count(), 1, 'still the sample, still marked');
    // From a fresh browser the blank table is one click.
    await app.page.evaluate(() => localStorage.clear());
    await app.reload();
    await app.testid('welcome-blank').click();
    await app.indicator('satisfaction-01').waitFor();
    assert.match(await app.testid('doc-name').innerText(), /项目支出绩效自评/);
  }));
