// A long table (over `WINDOW_FROM` = 400 lines) draws only the rows near the viewport: every row still
// shows the engine's figures once scrolled to, editing and Enter work across the drawn chunks, a jump
// from the review panel reaches a row far from view, and printing draws every row. A short table's first
// frame draws its top (`FIRST_FRAME_LINES` = 16 lines), the next frame the rest.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useHarness, test, engineScore, presetObject, tempDir, sel, WAIT_MS } from './lib/app.mjs';

const harness = useHarness();

/** The seed with its department indicator list copied out to `copies` × 32 indicators. */
function longEvaluation(copies) {
  const evaluation = presetObject('seed-2023');
  const find = (node) => (node.id === 'lz.dept' ? node : (node.children ?? []).map(find).find(Boolean));
  const list = find(evaluation.root);
  const originals = list.rule.indicators;
  list.rule.indicators = Array.from({ length: copies }, (_, copy) =>
    originals.map((indicator) => ({ ...indicator, id: `${indicator.id}-c${copy}`, name: `${indicator.name} ${copy}` })),
  ).flat();
  evaluation.meta.department = '长表测试';
  return evaluation;
}

/** Writes the evaluation and scores it with the engine's CLI: the oracle. */
function withEngine(evaluation, name) {
  const dir = tempDir();
  const file = path.join(dir, name);
  fs.writeFileSync(file, JSON.stringify(evaluation, null, 2));
  return { dir, file, engine: engineScore(file) };
}

async function openLong(app, copies = 25) {
  const evaluation = longEvaluation(copies);
  const { dir, file, engine } = withEngine(evaluation, 'long.json');
  await app.openFile(file);
  await app.waitForTotal(engine.total.score);
  fs.rmSync(dir, { recursive: true, force: true });
  return { evaluation, engine };
}

const drawnIndicatorIds = (app) => app.indicatorIds();

test('a long table draws only the rows near the viewport, and each row scrolled to shows the engine’s figures', () =>
  harness.run(async (app) => {
    const { engine } = await openLong(app);
    const table = app.testid('score-table');
    assert.equal(await table.getAttribute('data-indicators'), String(engine.indicators.length));
    assert.equal(await table.getAttribute('data-windowed'), 'true');
    const atTop = await drawnIndicatorIds(app);
    assert.ok(atTop.length > 0 && atTop.length < 200, `${atTop.length} of ${engine.indicators.length} rows drawn at the top`);

    // Down the table a screen at a time: every indicator is drawn at some point, with the engine's score.
    const expected = Object.fromEntries(engine.indicators.map((i) => [i.id, i.score]));
    const seen = new Map();
    for (let screen = 0; screen < 400 && seen.size < engine.indicators.length; screen += 1) {
      const rows = await app.page.$$eval(sel.testid('indicator'), (rows) =>
        rows.map((r) => [r.dataset.indicatorId, r.querySelector('[data-testid="indicator-score"]').dataset.value]),
      );
      for (const [id, score] of rows) seen.set(id, score);
      await app.page.evaluate(() => window.scrollBy(0, window.innerHeight * 0.8));
      await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
    }
    assert.equal(seen.size, engine.indicators.length, 'every indicator drawn once scrolled to');
    for (const [id, score] of seen) assert.equal(score, expected[id], id);

    // At the bottom the top rows are gone from the page, and the table is as tall as before.
    const atBottom = await drawnIndicatorIds(app);
    assert.ok(!atBottom.includes(atTop[0]), 'the first rows are not drawn at the bottom');
    assert.ok(atBottom.includes(engine.indicators.at(-1).id));
  }));

test('editing a row far down scores it, and Enter moves on into the next chunk', () =>
  harness.run(async (app) => {
    const { evaluation } = await openLong(app);
    // The last indicator row of chunk 1 (lines 50–99), drawn once scrolled to, and the next chunk with it.
    await app.page.evaluate(() => document.querySelector('tbody[data-chunk="1"]').scrollIntoView());
    const lastOfChunk = app.page.locator('tbody[data-chunk="1"] tr[data-testid="indicator"]').last();
    await lastOfChunk.scrollIntoViewIfNeeded();
    await app.page.locator('tbody[data-chunk="2"] tr[data-testid="indicator"]').first().waitFor({ state: 'attached' });
    const id = await lastOfChunk.getAttribute('data-indicator-id');
    await app.typeActual(id, '7');

    const changed = structuredClone(evaluation);
    const find = (node) => (node.rule?.indicators ?? []).find((i) => i.id === id) ?? (node.children ?? []).map(find).find(Boolean);
    find(changed.root).actual = 7;
    const { dir, engine } = withEngine(changed, 'changed.json');
    fs.rmSync(dir, { recursive: true, force: true });
    await app.waitForTotal(engine.total.score);
    assert.equal(await app.indicator(id).locator(sel.testid('indicator-score')).getAttribute('data-value'),
      engine.indicators.find((i) => i.id === id).score);

    await app.actualInput(id).press('Enter');
    const focus = await app.page.evaluate(() => {
      const el = document.activeElement;
      // The first cell of the actuals' column in the next chunk (Enter goes down its column).
      const column = `[data-enter-next="${el?.dataset.enterNext}"]`;
      return { chunk: el?.closest('tbody')?.dataset.chunk, first: el === el?.closest('tbody')?.querySelector(column) };
    });
    assert.deepEqual(focus, { chunk: '2', first: true });
  }));

test('a jump from the review panel reaches a row far from view', () =>
  harness.run(async (app) => {
    await openLong(app);
    await app.page.evaluate(() => window.scrollTo(0, 0));
    const last = app.page.locator(`${sel.testid('lost-item')}[data-indicator-id]`).last();
    const id = await last.getAttribute('data-indicator-id');
    assert.ok(id, 'the last lost item is an indicator');
    assert.equal(await app.indicator(id).count(), 0, `${id} is not drawn before the jump`);
    await last.getByRole('button').click();
    await app.page.waitForFunction((id) => document.activeElement?.closest('[data-testid="indicator"]')?.dataset.indicatorId === id, id, {
      timeout: WAIT_MS,
    });
    assert.ok(await app.indicator(id).isVisible());
  }));

test('printing draws every row, and afterwards the window again', () =>
  harness.run(async (app) => {
    const { engine } = await openLong(app, 15);
    await app.page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    await app.page.waitForFunction((n) => document.querySelectorAll('[data-testid="indicator"]').length === n, engine.indicators.length, {
      timeout: WAIT_MS,
    });
    assert.equal(await app.testid('score-table').getAttribute('data-windowed'), 'false');
    await app.page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await app.waitForAttr(sel.testid('score-table'), 'data-windowed', 'true');
    assert.ok((await drawnIndicatorIds(app)).length < engine.indicators.length);
  }));

test('the seed sample is drawn whole (short tables are never windowed)', () =>
  harness.run(async (app) => {
    assert.equal(await app.testid('score-table').getAttribute('data-windowed'), 'false');
    assert.equal(await app.page.locator('.score-table__gap').count(), 0);
    assert.equal((await drawnIndicatorIds(app)).length, 54);
  }));

test('the first frame draws the top of the seed\'s table with its total, and the rest follows', () =>
  harness.run(async (app) => {
    // What the page holds when the app's first render reaches the DOM (before any frame is drawn).
    await app.page.addInitScript(() => {
      const seen = (window.__firstRender = []);
      const observer = new MutationObserver(() => {
        const table = document.querySelector('[data-testid="score-table"]');
        const total = document.querySelector('[data-testid="total-computed"]');
        if (!table || !total) return;
        observer.disconnect();
        seen.push({
          partial: table.getAttribute('data-partial'),
          lines: table.querySelectorAll('tbody:not(.score-table__gap) > tr').length,
          gaps: table.querySelectorAll('.score-table__gap').length,
          total: total.getAttribute('data-value'),
        });
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await app.reload();
    const [first] = await app.page.evaluate(() => window.__firstRender);
    assert.deepEqual(first, { partial: 'true', lines: 16, gaps: 1, total: '97.7794' });
    // ready() waited for the whole table: every line, no stand-in.
    assert.equal(await app.testid('score-table').getAttribute('data-partial'), null);
    assert.equal(await app.page.locator('.score-table__gap').count(), 0);
    assert.equal((await drawnIndicatorIds(app)).length, 54);
  }));
